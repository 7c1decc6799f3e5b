//! The customer's rights over what a site holds about them, and the merchant's side of them.
//!
//! Contract:
//! - A customer sees and changes their data only from a device that proved the phone: the
//!   proven cookie ([`crate::claims::PROVEN_COOKIE`]) set by the link in a WhatsApp message.
//!   A first claim of a new phone binds the device for autofill only: whoever typed a number
//!   first must not read what its holder claims later. They see every merchant's coupons, consent and message count, correct their name
//!   and birthday, and withdraw a consent; a withdrawal is kept (with its time), never deleted,
//!   and replaying it changes nothing.
//! - A merchant sees the customers who claimed its coupons and erases one's personal data on
//!   request: its claims, coupons, spins and message log stay (the ledger never changes) but
//!   point to a fresh marker customer named [`ERASED_NAME`] with a marker phone; what typed
//!   and sent text held the name or phone is cleared; consent, STOP and proof links of that
//!   merchant go. A customer left without any claim on the site is erased in place too.
//!   Another merchant's rows are never touched. Refusals ([`AppError::NotFound`] for a
//!   customer who never claimed here, [`AppError::MessageInFlight`]) come before any write.

use domain::AppError;
use domain::auth::Principal;
use domain::claims::{ClaimSource, parse_birthday, parse_name};
use domain::customers::{
    CustomerData, CustomerRow, ERASED_BIRTHDAY, ERASED_NAME, ERASED_PHONE_PREFIX, Erased,
    HeldClaim, HeldConsent, MerchantHolds,
};
use domain::sections::Section;

use crate::claims::{contains_pattern, proven_customer};
use crate::{Ctx, Result, ids, tenants};

/// How many customers the merchant's list shows at once.
pub const CUSTOMERS_PAGE: i64 = 50;
/// How many coupons per merchant a customer's page lists.
const CLAIMS_SHOWN: i64 = 200;
/// What a scrubbed WhatsApp message's content becomes: still a message the log and the
/// sandbox phone can show.
fn erased_content() -> Result<String> {
    serde_json::to_string(&crate::whatsapp::Content::Text {
        body: "Erased at the customer's request.".to_owned(),
    })
    .map_err(|e| crate::Error::Internal(format!("erased content: {e}")))
}

/// The customer whose phone this device proved (`device`: the proven cookie, set only by the
/// link in a WhatsApp message, never by a first claim) on `tenant_id`'s site, when their data
/// was not erased.
async fn device_owner(ctx: &Ctx, tenant_id: &str, device: Option<&str>) -> Result<Option<Owner>> {
    let Some(id) = device
        .map(|d| proven_customer(&ctx.config, d))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    Ok(sqlx::query_as(
        "select id, name, phone, birthday, created_at_ms from customers
         where id = $1 and tenant_id = $2 and erased_at_ms is null",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(ctx.db.pool())
    .await?)
}

#[derive(sqlx::FromRow)]
struct Owner {
    id: String,
    name: String,
    phone: String,
    birthday: String,
    created_at_ms: i64,
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    merchant_id: String,
    merchant_name: String,
    title: String,
    serial: String,
    claimed_at_ms: i64,
    source: String,
    status: String,
}

/// Everything `tenant_id`'s site holds about the customer `device` names; `None` when the
/// device has not proven a phone (or that customer was erased).
pub async fn own_data(
    ctx: &Ctx,
    tenant_id: &str,
    device: Option<&str>,
) -> Result<Option<CustomerData>> {
    let Some(o) = device_owner(ctx, tenant_id, device).await? else {
        return Ok(None);
    };
    let claims: Vec<ClaimRow> = sqlx::query_as(
        "select c.merchant_id, m.company_name as merchant_name, b.title, c.serial, c.claimed_at_ms,
                c.source, k.status
         from claims c join coupon_batches b on b.id = c.batch_id
           join merchants m on m.id = c.merchant_id join coupons k on k.serial = c.serial
         where c.customer_id = $1 and c.tenant_id = $2
         order by c.claimed_at_ms desc, c.id limit $3",
    )
    .bind(&o.id)
    .bind(tenant_id)
    .bind(CLAIMS_SHOWN)
    .fetch_all(ctx.db.pool())
    .await?;
    let consents: Vec<(String, i64, String, Option<i64>)> = sqlx::query_as(
        "select merchant_id, granted_at_ms, text_shown, withdrawn_at_ms from marketing_consents
         where customer_id = $1 and tenant_id = $2",
    )
    .bind(&o.id)
    .bind(tenant_id)
    .fetch_all(ctx.db.pool())
    .await?;
    let stopped: Vec<(String,)> = sqlx::query_as(
        "select merchant_id from campaign_opt_outs where phone = $1 and tenant_id = $2",
    )
    .bind(&o.phone)
    .bind(tenant_id)
    .fetch_all(ctx.db.pool())
    .await?;
    let messages: Vec<(String, i64)> = sqlx::query_as(
        "select merchant_id, count(*) from wa_messages where recipient in ($1, $2) and tenant_id = $3
         group by merchant_id",
    )
    .bind(wa_number(&o.phone))
    .bind(&o.phone)
    .bind(tenant_id)
    .fetch_all(ctx.db.pool())
    .await?;
    let mut merchants: Vec<MerchantHolds> = Vec::new();
    for r in claims {
        let at = match merchants
            .iter()
            .position(|m| m.merchant_id == r.merchant_id)
        {
            Some(at) => at,
            None => {
                merchants.push(MerchantHolds {
                    merchant_id: r.merchant_id.clone(),
                    merchant_name: r.merchant_name.clone(),
                    claims: Vec::new(),
                    consent: None,
                    stopped: stopped.iter().any(|(m,)| *m == r.merchant_id),
                    messages: messages
                        .iter()
                        .find(|(m, _)| *m == r.merchant_id)
                        .map_or(0, |(_, n)| *n),
                });
                merchants.len() - 1
            }
        };
        merchants[at].claims.push(HeldClaim {
            title: r.title,
            serial: r.serial,
            claimed_at_ms: r.claimed_at_ms,
            source: ClaimSource::parse(&r.source).unwrap_or(ClaimSource::Homepage),
            status: r.status,
        });
    }
    for (merchant_id, granted_at_ms, text_shown, withdrawn_at_ms) in consents {
        if let Some(m) = merchants.iter_mut().find(|m| m.merchant_id == merchant_id) {
            m.consent = Some(HeldConsent {
                granted_at_ms,
                text_shown,
                withdrawn_at_ms,
            });
        }
    }
    Ok(Some(CustomerData {
        name: o.name,
        phone: o.phone,
        birthday: o.birthday,
        created_at_ms: o.created_at_ms,
        merchants,
    }))
}

/// Withdraws the consent to `merchant_id`'s offers of the customer `device` names. Campaigns
/// skip them from the next run. A consent already withdrawn (or never given) stays as it is.
/// [`AppError::NotFound`] when the device has not proven a phone.
pub async fn withdraw_consent(
    ctx: &Ctx,
    tenant_id: &str,
    device: Option<&str>,
    merchant_id: &str,
) -> Result<()> {
    let o = device_owner(ctx, tenant_id, device)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = ctx.db.begin_write().await?;
    sqlx::query(
        "update marketing_consents set withdrawn_at_ms = $4
         where merchant_id = $1 and customer_id = $2 and tenant_id = $3 and withdrawn_at_ms is null",
    )
    .bind(merchant_id)
    .bind(&o.id)
    .bind(tenant_id)
    .bind(ctx.clock.now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Corrects the name and birthday of the customer `device` names (PDPA's right of
/// correction). Refusals, changing nothing: [`AppError::NotFound`] (device not proven),
/// [`AppError::InvalidInput`] (name or birthday).
pub async fn correct(
    ctx: &Ctx,
    tenant_id: &str,
    device: Option<&str>,
    name: &str,
    birthday: &str,
) -> Result<()> {
    let now = ctx.clock.now_ms();
    let o = device_owner(ctx, tenant_id, device)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = parse_name(name)?;
    let birthday = parse_birthday(birthday, now)?;
    let mut tx = ctx.db.begin_write().await?;
    sqlx::query(
        "update customers set name = $3, birthday = $4, updated_at_ms = $5
         where id = $1 and tenant_id = $2 and erased_at_ms is null",
    )
    .bind(&o.id)
    .bind(tenant_id)
    .bind(&name)
    .bind(&birthday)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

fn merchant_of(who: &Principal) -> Result<&str> {
    tenants::require(who, Section::Customers)?;
    who.merchant_id().ok_or_else(|| AppError::Forbidden.into())
}

/// The customers who claimed `who`'s coupons, last claim first, at most [`CUSTOMERS_PAGE`];
/// `q` (when not blank) keeps those whose name or phone contains it.
pub async fn list(ctx: &Ctx, who: &Principal, q: &str) -> Result<Vec<CustomerRow>> {
    let merchant_id = merchant_of(who)?;
    let q = q.trim();
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let phone_like = if digits.is_empty() {
        "%".to_owned()
    } else {
        contains_pattern(&digits)
    };
    // A query of digits (and phone punctuation) searches phones; anything else, names.
    let by_phone =
        !digits.is_empty() && q.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    let name_like = if q.is_empty() || by_phone {
        "%".to_owned()
    } else {
        contains_pattern(q)
    };
    let rows: Vec<(String, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "select cu.id, cu.name, cu.phone, cu.birthday, count(*), max(c.claimed_at_ms),
                coalesce(max(case when mc.withdrawn_at_ms is null and mc.granted_at_ms is not null
                                  then 1 else 0 end), 0)
         from claims c join customers cu on cu.id = c.customer_id
           left join marketing_consents mc on mc.merchant_id = c.merchant_id and mc.customer_id = cu.id
         where c.merchant_id = $1 and cu.erased_at_ms is null
           and lower(cu.name) like $2 escape '\\' and cu.phone like $3 escape '\\'
         group by cu.id, cu.name, cu.phone, cu.birthday
         order by max(c.claimed_at_ms) desc, cu.id limit $4",
    )
    .bind(merchant_id)
    .bind(&name_like)
    .bind(if by_phone { phone_like } else { "%".to_owned() })
    .bind(CUSTOMERS_PAGE)
    .fetch_all(ctx.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(customer_id, name, phone, birthday, claims, last_claim_ms, consented)| CustomerRow {
                customer_id,
                name,
                phone,
                birthday,
                claims,
                last_claim_ms,
                consented: consented == 1,
            },
        )
        .collect())
}

/// A customer's number as WhatsApp messages store it: digits, without the `+`.
fn wa_number(phone: &str) -> &str {
    phone.trim_start_matches('+')
}

/// A fresh erasure marker for the phone column: unique, never a number.
fn new_marker_phone() -> String {
    format!("{ERASED_PHONE_PREFIX}{}", ids::random_hex(5))
}

/// Erases, on the customer's request, the personal data `who` (a merchant) holds about
/// customer `customer_id` (see the module's contract). Returns what it changed.
pub async fn erase(ctx: &Ctx, who: &Principal, customer_id: &str) -> Result<Erased> {
    let merchant_id = merchant_of(who)?;
    let tenant_id = who.tenant_id.as_str();
    let now = ctx.clock.now_ms();
    let mut tx = ctx.db.begin_write().await?;
    // The customer's row first: the same lock a claim takes first, so no claim of theirs
    // lands half-way through.
    let phone: Option<(String,)> = sqlx::query_as(
        "update customers set updated_at_ms = updated_at_ms
         where id = $1 and tenant_id = $2 and erased_at_ms is null
           and exists (select 1 from claims where customer_id = $1 and merchant_id = $3)
         returning phone",
    )
    .bind(customer_id)
    .bind(tenant_id)
    .bind(merchant_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((phone,)) = phone else {
        tx.rollback().await?;
        return Err(AppError::NotFound.into());
    };
    let (in_flight,): (i64,) = sqlx::query_as(
        "select count(*) from wa_messages
         where merchant_id = $1 and recipient in ($2, $3) and state in ('queued', 'sending')",
    )
    .bind(merchant_id)
    .bind(wa_number(&phone))
    .bind(&phone)
    .fetch_one(&mut *tx)
    .await?;
    if in_flight > 0 {
        tx.rollback().await?;
        return Err(AppError::MessageInFlight.into());
    }

    let marker = ids::new_id();
    let marker_phone = new_marker_phone();
    sqlx::query(
        "insert into customers (id, tenant_id, phone, name, birthday, created_at_ms, updated_at_ms, erased_at_ms)
         values ($1, $2, $3, $4, $5, $6, $6, $6)",
    )
    .bind(&marker)
    .bind(tenant_id)
    .bind(&marker_phone)
    .bind(ERASED_NAME)
    .bind(ERASED_BIRTHDAY)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let claims_moved = move_to_marker(&mut tx, merchant_id, customer_id, &marker).await?;
    let messages_scrubbed =
        scrub_contact(&mut tx, merchant_id, customer_id, &phone, &marker_phone).await?;
    // Nothing left on the site: the customer's own row goes too (its id stays for the keys).
    let (left,): (i64,) = sqlx::query_as("select count(*) from claims where customer_id = $1")
        .bind(customer_id)
        .fetch_one(&mut *tx)
        .await?;
    let customer_erased = left == 0;
    if customer_erased {
        sqlx::query("delete from phone_proofs where customer_id = $1")
            .bind(customer_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "update customers set name = $2, phone = $3, birthday = $4, updated_at_ms = $5,
                 erased_at_ms = $5
             where id = $1",
        )
        .bind(customer_id)
        .bind(ERASED_NAME)
        .bind(new_marker_phone())
        .bind(ERASED_BIRTHDAY)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let erased = Erased {
        claims_moved,
        messages_scrubbed,
        customer_erased,
    };
    sqlx::query(
        "insert into customer_erasures (id, tenant_id, merchant_id, marker_customer_id,
             erased_by_user_id, claims_moved, messages_scrubbed, erased_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ids::new_id())
    .bind(tenant_id)
    .bind(merchant_id)
    .bind(&marker)
    .bind(&who.user_id)
    .bind(erased.claims_moved)
    .bind(erased.messages_scrubbed)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(erased)
}

/// Inside [`erase`]'s transaction: points `merchant_id`'s claims, counters, spins and campaign
/// sends of `customer_id` at the marker, clearing what the claims kept of the typed name and
/// birthday; the proof links of those claims go. Returns how many claims moved.
async fn move_to_marker(
    tx: &mut sqlx::AnyConnection,
    merchant_id: &str,
    customer_id: &str,
    marker: &str,
) -> Result<i64> {
    // Proof links of this merchant's claims go before the claims move.
    sqlx::query(
        "delete from phone_proofs where customer_id = $1
           and claim_id in (select id from claims where merchant_id = $2)",
    )
    .bind(customer_id)
    .bind(merchant_id)
    .execute(&mut *tx)
    .await?;
    let claims_moved = sqlx::query(
        "update claims set customer_id = $3, typed_name = null, typed_birthday = null
         where merchant_id = $1 and customer_id = $2",
    )
    .bind(merchant_id)
    .bind(customer_id)
    .bind(marker)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    for sql in [
        "update claim_counts set customer_id = $3 where customer_id = $2
           and batch_id in (select id from coupon_batches where merchant_id = $1)",
        "update spins set customer_id = $3 where merchant_id = $1 and customer_id = $2",
        "update spin_counts set customer_id = $3 where customer_id = $2
           and wheel_id in (select id from wheels where merchant_id = $1)",
        "update campaign_sends set customer_id = $3 where merchant_id = $1 and customer_id = $2",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(merchant_id)
            .bind(customer_id)
            .bind(marker)
            .execute(&mut *tx)
            .await?;
    }
    Ok(i64::try_from(claims_moved).unwrap_or(i64::MAX))
}

/// Inside [`erase`]'s transaction: replaces `phone` by `marker_phone` on `merchant_id`'s
/// coupons and WhatsApp messages (their text too), and drops the merchant's consent and STOP
/// rows of the customer. Returns how many messages were scrubbed.
async fn scrub_contact(
    tx: &mut sqlx::AnyConnection,
    merchant_id: &str,
    customer_id: &str,
    phone: &str,
    marker_phone: &str,
) -> Result<i64> {
    let erased_content = erased_content()?;
    sqlx::query(
        "update wa_sandbox_outbox set recipient = $3, content = $4
         where merchant_id = $1 and recipient in ($2, $5)",
    )
    .bind(merchant_id)
    .bind(wa_number(phone))
    .bind(marker_phone)
    .bind(&erased_content)
    .bind(phone)
    .execute(&mut *tx)
    .await?;
    sqlx::query("delete from marketing_consents where merchant_id = $1 and customer_id = $2")
        .bind(merchant_id)
        .bind(customer_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from campaign_opt_outs where merchant_id = $1 and phone = $2")
        .bind(merchant_id)
        .bind(phone)
        .execute(&mut *tx)
        .await?;
    let messages_scrubbed = sqlx::query(
        "update wa_messages set recipient = $3, content = $4
         where merchant_id = $1 and recipient in ($2, $5)",
    )
    .bind(merchant_id)
    .bind(wa_number(phone))
    .bind(marker_phone)
    .bind(&erased_content)
    .bind(phone)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // Coupons after messages: the same order as accepting a message and its status webhook.
    sqlx::query(
        "update coupons set customer_phone = $3 where customer_phone = $2
           and batch_id in (select id from coupon_batches where merchant_id = $1)",
    )
    .bind(merchant_id)
    .bind(phone)
    .bind(marker_phone)
    .execute(&mut *tx)
    .await?;
    Ok(i64::try_from(messages_scrubbed).unwrap_or(i64::MAX))
}
