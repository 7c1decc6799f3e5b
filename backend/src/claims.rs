//! Claims: customers per tenant, the Get Coupon flow (homepage and in-store), phone
//! recognition for the claim form, and the signed device cookie that lets a device see the
//! details it entered.
//!
//! What stays true:
//! - a batch of N hands out at most N coupons, each exactly once: claim n takes the coupon
//!   with `seq = n - 1` after a conditional `claimed_count + 1 <= quantity` on the batch row,
//!   which every concurrent claim passes one at a time (a row lock on PostgreSQL, the single
//!   writer on SQLite);
//! - a customer (one E.164 number within one tenant) holds at most the batch's `claim_limit`
//!   coupons of it: the per-(batch, customer) counter is upserted first in the same
//!   transaction, so one customer's racing claims queue on its row;
//! - a refused claim changes nothing (the transaction is rolled back whole) and says why:
//!   gone, not started, ended, limit reached;
//! - customers are per tenant: a lookup or claim on one tenant's site never reads another's.

use hmac::Mac;
use sha2::Sha256;
use sqlx::FromRow;
use subtle::ConstantTimeEq;

use domain::AppError;
use domain::claims::{
    CENTER_PAGE_CARDS, CenterCard, CenterFilters, CenterPage, CenterQuery, CenterSort, ClaimDraft,
    ClaimForm, ClaimSource, ClaimWhatsApp, ClaimedCoupon, POPULAR_WINDOW_MS, Recognised, mask_name,
    parse_birthday, parse_name,
};
use domain::coupons::{Serial, b64url_decode, b64url_encode};
use domain::error::ClaimThrottle;
use domain::whatsapp::Trigger;

use crate::config::{ClaimLimits, Config};
use crate::rate_limit::{self, Limit};
use crate::whatsapp::{self, Content, Enqueued, NewMessage};
use crate::{Ctx, Db, Error, Result, coupons, ids};

/// Phone lookups per client address.
pub const LOOKUP_PER_ADDRESS: Limit = Limit {
    max_hits: 30,
    window_ms: 10 * 60_000,
};
/// Phone lookups per phone number (per tenant), whoever asks.
pub const LOOKUP_PER_PHONE: Limit = Limit {
    max_hits: 20,
    window_ms: 60 * 60_000,
};

/// The approved WhatsApp template a claimed coupon is sent with; its body takes the customer's
/// name, the offer's title, the serial and the verify link, in that order.
pub const CLAIM_TEMPLATE: &str = "coupon_claimed";
/// Why a claimed coupon's message was not sent when the merchant's WhatsApp credits ran out.
pub const NOT_SENT_NO_CREDITS: &str = "the merchant's WhatsApp credits ran out";

// ---------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------

/// Parses a phone number as typed on `region`'s site (ISO country code, e.g. `MY`, used for
/// numbers written without a country code) into E.164, e.g. "012-345 6789" on a Malaysian site
/// and "+60 12-345 6789" anywhere both become `+60123456789`. A number that does not exist in
/// the numbering plan is [`AppError::InvalidInput`].
pub fn normalise_phone(raw: &str, region: &str) -> Result<String> {
    let bad = || {
        AppError::invalid(
            "Phone number",
            "is not a valid phone number; include the country code if it is from abroad, e.g. +60 12 345 6789",
        )
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid("Phone number", "is required").into());
    }
    if raw.len() > 40 {
        return Err(bad().into());
    }
    let country = region
        .trim()
        .to_ascii_uppercase()
        .parse::<phonenumber::country::Id>()
        .ok();
    let number = phonenumber::parse(country, raw).map_err(|_| bad())?;
    if !phonenumber::is_valid(&number) {
        return Err(bad().into());
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

async fn tenant_country(db: &Db, tenant_id: &str) -> Result<String> {
    let row: Option<(String,)> = sqlx::query_as("select country from tenants where id = $1")
        .bind(tenant_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.ok_or(AppError::NotFound)?.0)
}

// ---------------------------------------------------------------------------------------------
// Device cookie
// ---------------------------------------------------------------------------------------------

/// The cookie that remembers which customer entered their details on this device.
pub const DEVICE_COOKIE: &str = "coupon_device";
/// How long the device cookie lives: about two years.
pub const DEVICE_COOKIE_MAX_AGE_SECS: i64 = 2 * 366 * 24 * 3600;
const DEVICE_TAG_BYTES: usize = 16;

const DEVICE_PREFIX: &[u8] = b"customer-device-v1:";

/// `<id>.<tag>`: `id` with its HMAC under `prefix` ([`coupons::keyed_mac`]), truncated.
fn signed_id(config: &Config, prefix: &[u8], id: &str) -> Result<String> {
    let tag = coupons::keyed_mac(config, prefix, id.as_bytes())?
        .finalize()
        .into_bytes();
    Ok(format!("{id}.{}", b64url_encode(&tag[..DEVICE_TAG_BYTES])))
}

/// The id a [`signed_id`] token under `prefix` carries, or `None` when it is malformed or
/// forged.
fn signed_id_of(config: &Config, prefix: &[u8], token: &str) -> Result<Option<String>> {
    let Some((id, tag)) = token.trim().rsplit_once('.') else {
        return Ok(None);
    };
    if id.is_empty() || id.len() > 64 {
        return Ok(None);
    }
    let Some(tag) = b64url_decode(tag).filter(|t| t.len() == DEVICE_TAG_BYTES) else {
        return Ok(None);
    };
    Ok(coupons::keyed_mac(config, prefix, id.as_bytes())?
        .verify_truncated_left(&tag)
        .is_ok()
        .then(|| id.to_owned()))
}

/// A long-lived `Set-Cookie` for a device: HttpOnly, SameSite=Lax, Secure on HTTPS sites.
fn device_long_cookie(name: &str, token: &str, https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={DEVICE_COOKIE_MAX_AGE_SECS}{secure}"
    )
}

/// The cookie that says this device proved the phone of its customer through the link in a
/// WhatsApp message (not merely made the phone's first claim): what `/my-data` requires to
/// show, correct or withdraw anything.
pub const PROVEN_COOKIE: &str = "coupon_proven";
const PROVEN_PREFIX: &[u8] = b"customer-proven-v1:";

/// The proven cookie's value for `customer_id`: `<customer id>.<HMAC tag>`.
pub fn proven_token(config: &Config, customer_id: &str) -> Result<String> {
    signed_id(config, PROVEN_PREFIX, customer_id)
}

/// The `Set-Cookie` value of the proven cookie (`token` from [`proven_token`]).
pub fn proven_cookie(token: &str, https: bool) -> String {
    device_long_cookie(PROVEN_COOKIE, token, https)
}

/// The customer whose phone this device proved, or `None` when the cookie is missing,
/// malformed or forged.
pub fn proven_customer(config: &Config, token: &str) -> Result<Option<String>> {
    signed_id_of(config, PROVEN_PREFIX, token)
}

/// The device cookie's value for `customer_id`: `<customer id>.<HMAC tag>`, signed with the
/// coupon signing key (see [`coupons::signing_secret`]) under its own prefix.
pub fn device_token(config: &Config, customer_id: &str) -> Result<String> {
    signed_id(config, DEVICE_PREFIX, customer_id)
}

/// The `Set-Cookie` value that remembers this device's customer (`token` from
/// [`device_token`]): HttpOnly, SameSite=Lax, Secure on HTTPS sites.
pub fn device_cookie(token: &str, https: bool) -> String {
    device_long_cookie(DEVICE_COOKIE, token, https)
}

/// The `Set-Cookie` values that make this device forget its customer ("Forget this device"):
/// the device cookie and the proven cookie.
pub fn forget_device_cookies(https: bool) -> [String; 2] {
    let secure = if https { "; Secure" } else { "" };
    [DEVICE_COOKIE, PROVEN_COOKIE]
        .map(|name| format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"))
}

/// The cookie that lets the device which made a claim see that coupon again (the page the
/// claim form lands on), whether or not the device has proven the phone: it shows only what
/// this device itself just claimed. Signed like the device cookie, under its own prefix.
pub const RECEIPT_COOKIE: &str = "claim_receipt";
/// How long a claim receipt lets its device see the coupon.
pub const RECEIPT_COOKIE_MAX_AGE_SECS: i64 = 24 * 3600;

const RECEIPT_PREFIX: &[u8] = b"claim-receipt-v1:";

/// The `Set-Cookie` value of a receipt for claim `claim_id` (see [`RECEIPT_COOKIE`]).
pub fn receipt_cookie(config: &Config, claim_id: &str) -> Result<String> {
    let token = signed_id(config, RECEIPT_PREFIX, claim_id)?;
    let secure = if config.https { "; Secure" } else { "" };
    Ok(format!(
        "{RECEIPT_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={RECEIPT_COOKIE_MAX_AGE_SECS}{secure}"
    ))
}

/// Whether receipt cookie value `receipt` is this device's receipt for claim `claim_id`.
pub fn receipt_names(config: &Config, receipt: &str, claim_id: &str) -> bool {
    signed_id_of(config, RECEIPT_PREFIX, receipt).is_ok_and(|id| id.as_deref() == Some(claim_id))
}

/// The cookie that carries the claim form's last phone, name and refusal back to the form after
/// "Look up" or a refused claim, so none of them travels in a URL (where it would sit in
/// history, server logs and `Referer` headers). Sealed with the server's key ring, bound to the
/// tenant and batch, scoped to `/claim` and short-lived.
pub const DRAFT_COOKIE: &str = "claim_draft";
/// How long a claim draft lives.
pub const DRAFT_COOKIE_MAX_AGE_SECS: i64 = 10 * 60;

fn draft_field(batch_id: &str) -> String {
    format!("claim-draft:{batch_id}")
}

/// The `Set-Cookie` value carrying `draft` back to batch `batch_id`'s claim form.
pub fn draft_cookie(
    config: &Config,
    tenant_id: &str,
    batch_id: &str,
    draft: &ClaimDraft,
) -> Result<String> {
    let plain =
        serde_json::to_string(draft).map_err(|e| Error::Internal(format!("claim draft: {e}")))?;
    let sealed =
        crate::agents::KeyRing::load(config)?.seal(tenant_id, &draft_field(batch_id), &plain)?;
    let secure = if config.https { "; Secure" } else { "" };
    Ok(format!(
        "{DRAFT_COOKIE}={sealed}; Path=/claim; HttpOnly; SameSite=Lax; Max-Age={DRAFT_COOKIE_MAX_AGE_SECS}{secure}"
    ))
}

/// The `Set-Cookie` value that forgets the claim draft (after a successful claim).
pub fn clear_draft_cookie(https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{DRAFT_COOKIE}=; Path=/claim; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// The draft a claim-draft cookie carries for this tenant's batch, or `None` when it is missing,
/// for another batch or tenant, or does not open.
pub fn read_draft(
    config: &Config,
    tenant_id: &str,
    batch_id: &str,
    sealed: &str,
) -> Option<ClaimDraft> {
    let ring = crate::agents::KeyRing::load(config).ok()?;
    let plain = ring
        .open(tenant_id, &draft_field(batch_id), sealed.trim())
        .ok()?;
    serde_json::from_str(plain.expose()).ok()
}

/// The customer a device cookie names, or `None` when it is missing, malformed or forged.
pub fn device_customer(config: &Config, token: &str) -> Result<Option<String>> {
    signed_id_of(config, DEVICE_PREFIX, token)
}

// ---------------------------------------------------------------------------------------------
// Phone proofs
// ---------------------------------------------------------------------------------------------

/// How long a phone proof link may bind a device after its message was queued.
pub const PROOF_TTL_MS: i64 = 7 * 24 * 3600 * 1000;
const PROOF_SECRET_BYTES: usize = 16;

fn proof_hash(secret: &str) -> String {
    use sha2::Digest;
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Creates a one-time proof for the customer of claim `claim_id` and returns its link,
/// `<site_base>/p/<id>.<secret>`. The link goes only into the WhatsApp message to the
/// customer's phone, so whoever opens it holds (or was shown) that phone's messages. Only the
/// secret's SHA-256 is stored.
pub async fn new_proof(
    db: &Db,
    tenant_id: &str,
    customer_id: &str,
    claim_id: &str,
    site_base: &str,
    now: i64,
) -> Result<String> {
    let id = ids::new_id();
    let secret = ids::random_hex(PROOF_SECRET_BYTES);
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "insert into phone_proofs (id, tenant_id, customer_id, claim_id, secret_hash, created_at_ms, expires_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(customer_id)
    .bind(claim_id)
    .bind(proof_hash(&secret))
    .bind(now)
    .bind(now + PROOF_TTL_MS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(format!("{site_base}/p/{id}.{secret}"))
}

/// What a proof link (the `<id>.<secret>` part) names on a tenant's site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    pub id: String,
    pub customer_id: String,
    pub claim_id: String,
    /// When the link was used to remember a device, if it was.
    pub used_at_ms: Option<i64>,
    pub expires_at_ms: i64,
}

/// The proof `token` names on `tenant_id`'s site; `None` when it is malformed, forged, or of
/// another tenant (all alike, so a guess learns nothing).
pub async fn proof(db: &Db, tenant_id: &str, token: &str) -> Result<Option<Proof>> {
    let Some((id, secret)) = token.trim().split_once('.') else {
        return Ok(None);
    };
    if id.is_empty() || id.len() > 64 || secret.len() != PROOF_SECRET_BYTES * 2 {
        return Ok(None);
    }
    let row: Option<(String, String, String, Option<i64>, i64)> = sqlx::query_as(
        "select customer_id, claim_id, secret_hash, used_at_ms, expires_at_ms
         from phone_proofs where id = $1 and tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(
        row.and_then(|(customer_id, claim_id, hash, used_at_ms, expires_at_ms)| {
            let matches: bool = hash.as_bytes().ct_eq(proof_hash(secret).as_bytes()).into();
            matches.then(|| Proof {
                id: id.to_owned(),
                customer_id,
                claim_id,
                used_at_ms,
                expires_at_ms,
            })
        }),
    )
}

/// Uses proof link `token` to remember this device: marks the proof used (at most once, even
/// when two devices race) and returns the device cookie value for its customer.
///
/// Refusals, each changing nothing: [`AppError::NotFound`] (malformed, forged or another
/// tenant's link), [`AppError::ProofUsed`], [`AppError::ProofExpired`].
pub async fn use_proof(ctx: &Ctx, tenant_id: &str, token: &str) -> Result<String> {
    let now = ctx.clock.now_ms();
    let p = proof(&ctx.db, tenant_id, token)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.used_at_ms.is_some() {
        return Err(AppError::ProofUsed.into());
    }
    if now >= p.expires_at_ms {
        return Err(AppError::ProofExpired.into());
    }
    let mut tx = ctx.db.begin_write().await?;
    let marked =
        sqlx::query("update phone_proofs set used_at_ms = $2 where id = $1 and used_at_ms is null")
            .bind(&p.id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if marked != 1 {
        tx.rollback().await?;
        return Err(AppError::ProofUsed.into());
    }
    tx.commit().await?;
    device_token(&ctx.config, &p.customer_id)
}

/// The coupon a proof link shows: its claim, for whoever holds the link (it went to the
/// customer's phone). [`AppError::NotFound`] for a link that does not open.
pub async fn proof_coupon(
    ctx: &Ctx,
    tenant_id: &str,
    token: &str,
    site_base: &str,
) -> Result<(Proof, ClaimedCoupon)> {
    let p = proof(&ctx.db, tenant_id, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let coupon = claim_of(ctx, tenant_id, &p.claim_id, &p.customer_id, site_base).await?;
    Ok((p, coupon))
}

// ---------------------------------------------------------------------------------------------
// Recognition
// ---------------------------------------------------------------------------------------------

/// What the claim form may show for a phone number typed on `tenant_id`'s site: the full
/// name and birthday when `device` (the device cookie, if any) names this very customer, the
/// masked name otherwise, [`Recognised::Unknown`] when this tenant does not know the number.
/// Rate-limited per address and per number ([`AppError::RateLimited`]); a number that does not
/// parse is [`AppError::InvalidInput`].
pub async fn recognise(
    ctx: &Ctx,
    tenant_id: &str,
    phone: &str,
    device: Option<&str>,
    addr: &str,
) -> Result<Recognised> {
    let now = ctx.clock.now_ms();
    rate_limit::hit(
        &ctx.db,
        &format!("lookup:addr:{addr}"),
        LOOKUP_PER_ADDRESS,
        now,
    )
    .await?;
    let region = tenant_country(&ctx.db, tenant_id).await?;
    let phone = normalise_phone(phone, &region)?;
    rate_limit::hit(
        &ctx.db,
        &format!("lookup:phone:{tenant_id}:{phone}"),
        LOOKUP_PER_PHONE,
        now,
    )
    .await?;
    let found: Option<(String, String, String)> = sqlx::query_as(
        "select id, name, birthday from customers where tenant_id = $1 and phone = $2",
    )
    .bind(tenant_id)
    .bind(&phone)
    .fetch_optional(ctx.db.pool())
    .await?;
    let Some((id, name, birthday)) = found else {
        return Ok(Recognised::Unknown);
    };
    let same_device = match device {
        Some(token) => device_customer(&ctx.config, token)?.is_some_and(|d| d == id),
        None => false,
    };
    Ok(if same_device {
        Recognised::Full { name, birthday }
    } else {
        Recognised::Masked {
            masked_name: mask_name(&name),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Claiming
// ---------------------------------------------------------------------------------------------

/// One Get Coupon request.
#[derive(Debug, Clone)]
pub struct ClaimRequest<'a> {
    /// The tenant whose site the request came to (from the Host).
    pub tenant_id: &'a str,
    pub batch_id: &'a str,
    pub form: &'a ClaimForm,
    pub source: ClaimSource,
    /// The client's address, for the rate limit.
    pub addr: &'a str,
    /// The origin of the tenant's site (e.g. `https://demo-agent.coupons.example`), for the
    /// coupon's verify link.
    pub site_base: &'a str,
    /// The request's device cookie, if it sent one: it decides whether this device has proven
    /// the phone (see [`claim`]).
    pub device: Option<&'a str>,
    /// The language the form was shown in: the consent's words are recorded in it, and it
    /// becomes the customer's language (their WhatsApp messages) when the claim may change the
    /// customer (a new phone, or a device that proved it).
    pub locale: domain::i18n::Locale,
}

/// A successful claim: the coupon to show, and the device cookie value to set so this device
/// is recognised next time; `None` when the phone belongs to a customer this device has not
/// proven it holds (a phone number is not an identity).
#[derive(Debug, Clone)]
pub struct Claimed {
    pub coupon: ClaimedCoupon,
    pub device_token: Option<String>,
}

#[derive(FromRow)]
pub(crate) struct ClaimBatch {
    merchant_id: String,
    merchant_name: String,
    title: String,
    offer_details: String,
    terms: String,
    valid_from_ms: i64,
    valid_until_ms: i64,
    claim_limit: i64,
    send_whatsapp: i64,
    show_in_center: i64,
    quantity: i64,
    claimed_count: i64,
    refunded_at_ms: Option<i64>,
    /// The tenant's country: the default region for the phone numbers typed on its site.
    tenant_country: String,
}

pub(crate) async fn claim_batch(
    conn: &mut sqlx::AnyConnection,
    tenant_id: &str,
    batch_id: &str,
) -> Result<Option<ClaimBatch>> {
    Ok(sqlx::query_as(
        "select b.merchant_id, m.company_name as merchant_name, b.title, b.offer_details, b.terms,
                b.valid_from_ms, b.valid_until_ms, b.claim_limit, b.send_whatsapp, b.show_in_center,
                b.quantity, b.claimed_count, b.refunded_at_ms, t.country as tenant_country
         from coupon_batches b join merchants m on m.id = b.merchant_id join tenants t on t.id = b.tenant_id
         where b.id = $1 and b.tenant_id = $2",
    )
    .bind(batch_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Why a batch cannot be claimed at `now_ms`, if it cannot.
fn batch_refusal(b: &ClaimBatch, now_ms: i64) -> Option<AppError> {
    if now_ms < b.valid_from_ms {
        Some(AppError::BatchNotStarted {
            valid_from_ms: b.valid_from_ms,
        })
    } else if now_ms >= b.valid_until_ms || b.refunded_at_ms.is_some() {
        Some(AppError::BatchEnded {
            valid_until_ms: b.valid_until_ms,
        })
    } else if b.claimed_count >= b.quantity {
        Some(AppError::BatchExhausted)
    } else {
        None
    }
}

/// Claims one coupon of a batch for the customer of the form, at once (no review): checks the
/// form (name, phone parsed to E.164 with the tenant's country as default region, birthday),
/// the rate limits per address and per phone, and that the batch is this tenant's, claimable
/// now and (from the homepage) shown in the coupon center. Then ONE transaction records the
/// customer (name and birthday updated to what was typed), counts the claim against the
/// batch's per-customer limit, takes the next Available coupon (Taken, with time and phone)
/// and logs the claim with its source.
///
/// After the commit, when the batch sends WhatsApp, the coupon's message is queued (a
/// user-initiated message paid from the merchant's UI wallet). If it cannot be queued — no
/// credits, or any other failure — the claim still stands and records why nothing was sent.
///
/// Refusals, each changing nothing: [`AppError::NotFound`] (no such batch on this site),
/// [`AppError::BatchNotStarted`], [`AppError::BatchEnded`], [`AppError::BatchExhausted`],
/// [`AppError::ClaimLimitReached`], [`AppError::ClaimThrottled`], [`AppError::InvalidInput`].
pub async fn claim(ctx: &Ctx, req: &ClaimRequest<'_>) -> Result<Claimed> {
    let now = ctx.clock.now_ms();
    if !matches!(req.source, ClaimSource::Homepage | ClaimSource::InStore) {
        // Prizes and campaign coupons are issued by the draw or the campaign itself, never
        // claimed through the form.
        return Err(AppError::Forbidden.into());
    }
    let name = parse_name(&req.form.name)?;
    // The batch (with the tenant's country, the phone's default region) is read first, without
    // the write lock; whether it can be claimed is decided after the rate limits counted.
    let b = {
        let mut conn = ctx.db.pool().acquire().await?;
        claim_batch(&mut conn, req.tenant_id, req.batch_id)
            .await?
            .ok_or(AppError::NotFound)?
    };
    let phone = normalise_phone(&req.form.phone, &b.tenant_country)?;
    let typed_birthday = if req.form.reuse_birthday && req.form.birthday.trim().is_empty() {
        None
    } else {
        Some(parse_birthday(&req.form.birthday, now)?)
    };
    let proven = match req.device {
        Some(token) => device_customer(&ctx.config, token)?,
        None => None,
    };
    let limits = claim_limits(&ctx.config.claim_limits, req, &phone, proven.as_deref());
    let buckets: Vec<(&str, Limit)> = limits.iter().map(|(k, l, _)| (k.as_str(), *l)).collect();
    if let Some((at, retry_after_secs)) = rate_limit::over(&ctx.db, &buckets, now).await? {
        // The refusal names the limit, so the customer knows what to do about it.
        return Err(AppError::ClaimThrottled {
            by: limits[at].2,
            retry_after_secs,
        }
        .into());
    }

    // Refuse the obvious cases without taking the write lock.
    if req.source == ClaimSource::Homepage && b.show_in_center != 1 {
        return Err(AppError::NotFound.into());
    }
    if let Some(e) = batch_refusal(&b, now) {
        return Err(e.into());
    }
    let known: Option<(String, String, String)> = sqlx::query_as(
        "select id, name, birthday from customers where tenant_id = $1 and phone = $2",
    )
    .bind(req.tenant_id)
    .bind(&phone)
    .fetch_optional(ctx.db.pool())
    .await?;
    let holder = known
        .as_ref()
        .is_some_and(|(id, _, _)| proven.as_deref() == Some(id.as_str()));
    let birthday = match typed_birthday {
        Some(d) => d,
        // "That's me" reuses the stored birthday only on a device that proved the phone.
        None => match &known {
            Some((_, _, stored)) if holder => stored.clone(),
            _ => return Err(AppError::invalid("Birthday", "is required").into()),
        },
    };

    let mut tx = ctx.db.begin_write().await?;
    // Lock order, the same in every claim: customer, (batch, customer) counter, batch row.
    let customer = upsert_customer(
        &mut tx,
        &NewCustomer {
            tenant_id: req.tenant_id,
            phone: &phone,
            name: &name,
            birthday: &birthday,
            proven: proven.as_deref(),
            locale: req.locale,
            now,
        },
    )
    .await?;
    let customer_id = customer.id.clone();
    let (held,): (i64,) = sqlx::query_as(
        "insert into claim_counts (batch_id, customer_id, claims) values ($1, $2, 1)
         on conflict (batch_id, customer_id) do update set claims = claim_counts.claims + 1
         returning claims",
    )
    .bind(req.batch_id)
    .bind(&customer_id)
    .fetch_one(&mut *tx)
    .await?;
    if held > b.claim_limit {
        tx.rollback().await?;
        return Err(AppError::ClaimLimitReached {
            limit: b.claim_limit,
        }
        .into());
    }
    let serial = match take_coupon(&mut tx, req.batch_id, &phone, now).await? {
        Ok(serial) => serial,
        Err(refusal) => {
            tx.rollback().await?;
            return Err(refusal.into());
        }
    };
    let claim_id = ids::new_id();
    log_claim(
        &mut tx,
        &LogClaim {
            claim_id: &claim_id,
            tenant_id: req.tenant_id,
            merchant_id: &b.merchant_id,
            batch_id: req.batch_id,
            serial: &serial,
            customer_id: &customer_id,
            source: req.source,
            typed: Some((&name, &birthday)),
            now,
        },
    )
    .await?;
    let bound = customer.created || customer.updated;
    // Consent to offers counts only from the phone's own side: a new phone's first claim or a
    // device that proved the phone. A tick from anyone else enrols nobody.
    if req.form.marketing && bound {
        record_consent(
            &mut tx,
            req.tenant_id,
            &b.merchant_id,
            &customer_id,
            &domain::claims::consent_text(req.locale, &b.merchant_name),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    // Its "coupons left" shows the claim at once on this server.
    ctx.caches.left.forget(|b| b == req.batch_id);
    let coupon = finish_claim(
        ctx,
        Issued {
            claim_id,
            serial,
            batch_id: req.batch_id.to_owned(),
            customer_id: customer_id.clone(),
            // The message goes to the phone: it greets its holder by the name the store knows.
            customer_name: customer.name,
            phone,
            source: req.source,
            site_base: req.site_base.to_owned(),
            now,
        },
        b,
        req.tenant_id,
    )
    .await?;
    Ok(Claimed {
        device_token: if bound {
            Some(device_token(&ctx.config, &customer_id)?)
        } else {
            None
        },
        coupon,
    })
}

/// Records (or renews) `customer_id`'s consent to `merchant_id`'s offers by WhatsApp, with
/// the time, the source and the words shown ([`domain::claims::consent_text`], in the
/// language the form was shown in).
async fn record_consent(
    tx: &mut sqlx::AnyConnection,
    tenant_id: &str,
    merchant_id: &str,
    customer_id: &str,
    words_shown: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "insert into marketing_consents (merchant_id, customer_id, tenant_id, granted_at_ms, source, text_shown)
         values ($1, $2, $3, $4, 'claim_form', $5)
         on conflict (merchant_id, customer_id) do update set
           granted_at_ms = excluded.granted_at_ms, source = excluded.source,
           text_shown = excluded.text_shown, withdrawn_at_ms = null",
    )
    .bind(merchant_id)
    .bind(customer_id)
    .bind(tenant_id)
    .bind(now)
    .bind(words_shown)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The rate-limit buckets one claim counts against (see [`ClaimLimits`]): always its phone on
/// this site; the remembered device, if any; and for coupon-center claims the client address
/// and the batch. Store-link claims come from the shop's own network, so their address is not
/// counted.
fn claim_limits(
    l: &ClaimLimits,
    req: &ClaimRequest<'_>,
    phone: &str,
    device: Option<&str>,
) -> Vec<(String, Limit, ClaimThrottle)> {
    const HOUR_MS: i64 = 3_600_000;
    let limit = |max: u32, window_ms: i64| Limit {
        max_hits: i64::from(max),
        window_ms,
    };
    let mut out = vec![(
        format!("claim:phone:{}:{phone}", req.tenant_id),
        limit(l.per_phone_hour, HOUR_MS),
        ClaimThrottle::Phone,
    )];
    if let Some(d) = device {
        out.push((
            format!("claim:device:{d}"),
            limit(l.per_device_hour, HOUR_MS),
            ClaimThrottle::Device,
        ));
    }
    if req.source == ClaimSource::Homepage {
        out.push((
            format!("claim:addr:{}", req.addr),
            limit(l.per_address_10min, 10 * 60_000),
            ClaimThrottle::Address,
        ));
        out.push((
            format!("claim:batch:{}", req.batch_id),
            limit(l.per_batch_minute, 60_000),
            ClaimThrottle::Batch,
        ));
    }
    out
}

/// A claim's customer as [`upsert_customer`] is asked to record it.
struct NewCustomer<'a> {
    tenant_id: &'a str,
    phone: &'a str,
    name: &'a str,
    birthday: &'a str,
    /// The customer this device has proven to be, if any.
    proven: Option<&'a str>,
    /// The language of the form, kept as the customer's when the claim may change them.
    locale: domain::i18n::Locale,
    now: i64,
}

/// The customer a claim is for, as recorded.
struct ClaimCustomer {
    id: String,
    /// The stored name (the one typed when `created` or `updated`).
    name: String,
    /// The phone was new to this tenant: this claim created the customer.
    created: bool,
    /// The device had proven the phone, so the typed name and birthday replaced the stored.
    updated: bool,
}

/// Inside the claim's write transaction: creates the customer of a phone new to the tenant;
/// for a known phone, replaces its name and birthday only when the device has proven it holds
/// the phone. A stranger's claim with someone's number changes nothing about them (what they
/// typed stays with the claim row).
async fn upsert_customer(
    tx: &mut sqlx::AnyConnection,
    c: &NewCustomer<'_>,
) -> Result<ClaimCustomer> {
    let created: Option<(String,)> = sqlx::query_as(
        "insert into customers (id, tenant_id, phone, name, birthday, created_at_ms, updated_at_ms,
                                locale)
         values ($1, $2, $3, $4, $5, $6, $6, $7)
         on conflict (tenant_id, phone) do nothing
         returning id",
    )
    .bind(ids::new_id())
    .bind(c.tenant_id)
    .bind(c.phone)
    .bind(c.name)
    .bind(c.birthday)
    .bind(c.now)
    .bind(c.locale.tag())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id,)) = created {
        return Ok(ClaimCustomer {
            id,
            name: c.name.to_owned(),
            created: true,
            updated: false,
        });
    }
    // Known phone: the update names the proven customer, so it touches a row only when the
    // device holds this very phone's customer.
    let updated: Option<(String,)> = sqlx::query_as(
        "update customers set name = $4, birthday = $5, updated_at_ms = $6, locale = $7
         where tenant_id = $1 and phone = $2 and id = $3
         returning id",
    )
    .bind(c.tenant_id)
    .bind(c.phone)
    .bind(c.proven.unwrap_or(""))
    .bind(c.name)
    .bind(c.birthday)
    .bind(c.now)
    .bind(c.locale.tag())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id,)) = updated {
        return Ok(ClaimCustomer {
            id,
            name: c.name.to_owned(),
            created: false,
            updated: true,
        });
    }
    let (id, name): (String, String) =
        sqlx::query_as("select id, name from customers where tenant_id = $1 and phone = $2")
            .bind(c.tenant_id)
            .bind(c.phone)
            .fetch_one(&mut *tx)
            .await?;
    Ok(ClaimCustomer {
        id,
        name,
        created: false,
        updated: false,
    })
}

/// Takes the batch's next coupon for `phone` inside the caller's write transaction: the
/// conditional increment of `claimed_count`, then that coupon made Taken. The inner `Err` is
/// why the batch refuses (gone, not started, ended); the caller rolls back.
pub(crate) async fn take_coupon(
    conn: &mut sqlx::AnyConnection,
    batch_id: &str,
    phone: &str,
    now: i64,
) -> Result<std::result::Result<String, AppError>> {
    let counted: Option<(i64,)> = sqlx::query_as(
        "update coupon_batches set claimed_count = claimed_count + 1
         where id = $1 and claimed_count < quantity and valid_from_ms <= $2 and valid_until_ms > $2
           and refunded_at_ms is null
         returning claimed_count",
    )
    .bind(batch_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((n,)) = counted else {
        let again: Option<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(
            "select valid_from_ms, valid_until_ms, quantity, claimed_count, refunded_at_ms
             from coupon_batches where id = $1",
        )
        .bind(batch_id)
        .fetch_optional(&mut *conn)
        .await?;
        let why = again
            .and_then(
                |(valid_from_ms, valid_until_ms, quantity, claimed_count, refunded_at_ms)| {
                    if now < valid_from_ms {
                        Some(AppError::BatchNotStarted { valid_from_ms })
                    } else if now >= valid_until_ms || refunded_at_ms.is_some() {
                        Some(AppError::BatchEnded { valid_until_ms })
                    } else if claimed_count >= quantity {
                        Some(AppError::BatchExhausted)
                    } else {
                        None
                    }
                },
            )
            .unwrap_or(AppError::BatchExhausted);
        return Ok(Err(why));
    };
    let taken: Option<(String,)> = sqlx::query_as(
        "update coupons set status = 'taken', taken_at_ms = $3, customer_phone = $4
         where batch_id = $1 and seq = $2 and status = 'available'
         returning serial",
    )
    .bind(batch_id)
    .bind(n - 1)
    .bind(now)
    .bind(phone)
    .fetch_optional(&mut *conn)
    .await?;
    match taken {
        Some((serial,)) => Ok(Ok(serial)),
        None => Err(Error::Internal(format!(
            "batch {batch_id}: coupon seq {} is not available for claim {n}",
            n - 1
        ))),
    }
}

pub(crate) struct LogClaim<'a> {
    pub claim_id: &'a str,
    pub tenant_id: &'a str,
    pub merchant_id: &'a str,
    pub batch_id: &'a str,
    pub serial: &'a str,
    pub customer_id: &'a str,
    pub source: ClaimSource,
    /// The name and birthday typed with a Get Coupon claim (`None` for prizes and campaigns).
    pub typed: Option<(&'a str, &'a str)>,
    pub now: i64,
}

pub(crate) async fn log_claim(conn: &mut sqlx::AnyConnection, c: &LogClaim<'_>) -> Result<()> {
    sqlx::query(
        "insert into claims (id, tenant_id, merchant_id, batch_id, serial, customer_id, source, claimed_at_ms,
           typed_name, typed_birthday)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(c.claim_id)
    .bind(c.tenant_id)
    .bind(c.merchant_id)
    .bind(c.batch_id)
    .bind(c.serial)
    .bind(c.customer_id)
    .bind(c.source.as_str())
    .bind(c.now)
    .bind(c.typed.map(|t| t.0))
    .bind(c.typed.map(|t| t.1))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A coupon just taken and logged (committed), before its message.
pub(crate) struct Issued {
    pub claim_id: String,
    pub serial: String,
    pub batch_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub phone: String,
    pub source: ClaimSource,
    pub site_base: String,
    pub now: i64,
}

/// After the commit: the verify link, and the WhatsApp message when the batch sends one.
pub(crate) async fn finish_claim(
    ctx: &Ctx,
    i: Issued,
    b: ClaimBatch,
    tenant_id: &str,
) -> Result<ClaimedCoupon> {
    let serial = Serial::parse(&i.serial)
        .map_err(|e| Error::Internal(format!("stored serial {}: {e}", i.serial)))?;
    let verify_url = coupons::verify_url(
        &i.site_base,
        &coupons::signing_secret(&ctx.config)?,
        &serial,
    )?;
    let name = i.customer_name;
    let phone = i.phone;
    let claim_id = i.claim_id;
    let whatsapp = if b.send_whatsapp == 1 {
        // The message's link opens the coupon and lets the phone's holder have this (or any)
        // device remembered: the proof that a number alone never gives.
        let proof_url = new_proof(
            &ctx.db,
            tenant_id,
            &i.customer_id,
            &claim_id,
            &i.site_base,
            i.now,
        )
        .await?;
        let trigger = match i.source {
            ClaimSource::Homepage => Trigger::HomepageClaim,
            ClaimSource::InStore => Trigger::InStoreClaim,
            ClaimSource::LuckyDraw => Trigger::LuckyDrawWin,
            // Campaign coupons are issued (and messaged) by `crate::campaigns`, never here.
            ClaimSource::Birthday => Trigger::Birthday,
            ClaimSource::Recall => Trigger::InactiveRecall,
            ClaimSource::Festival => Trigger::Festival,
        };
        let language = {
            let mut conn = ctx.db.pool().acquire().await?;
            crate::whatsapp::template_language_for(
                &mut conn,
                &ctx.config.whatsapp.template_languages,
                tenant_id,
                &i.customer_id,
            )
            .await?
        };
        let message = NewMessage {
            tenant_id: tenant_id.to_owned(),
            merchant_id: b.merchant_id.clone(),
            trigger,
            recipient: phone.clone(),
            content: Content::Template {
                name: CLAIM_TEMPLATE.into(),
                language: language.whatsapp_code().into(),
                header_image_link: None,
                body_params: vec![name.clone(), b.title.clone(), serial.display(), proof_url],
            },
            coupon_id: Some(serial.as_str().to_owned()),
            dedupe_key: Some(format!("claim:{}", serial.as_str())),
        };
        let wa = send_coupon(ctx, &message).await;
        record_whatsapp(&ctx.db, &claim_id, serial.as_str(), &wa).await?;
        wa
    } else {
        ClaimWhatsApp::Off
    };
    Ok(ClaimedCoupon {
        claim_id,
        serial,
        verify_url,
        batch_id: i.batch_id,
        merchant_id: b.merchant_id,
        merchant_name: b.merchant_name,
        title: b.title,
        offer_details: b.offer_details,
        terms: b.terms,
        valid_until_ms: b.valid_until_ms,
        claimed_at_ms: i.now,
        source: i.source,
        customer_id: i.customer_id,
        phone,
        whatsapp,
    })
}

/// Queues the coupon's message; never fails the claim: a failure becomes the reason shown.
async fn send_coupon(ctx: &Ctx, message: &NewMessage) -> ClaimWhatsApp {
    let queued = match whatsapp::Engine::new(ctx).await {
        Ok(engine) => whatsapp::enqueue(&engine, message).await,
        Err(e) => Err(e),
    };
    match queued {
        Ok(Enqueued::Queued { message_id }) => ClaimWhatsApp::Queued { message_id },
        Ok(Enqueued::InsufficientCredits { .. }) => ClaimWhatsApp::NotSent {
            reason: NOT_SENT_NO_CREDITS.into(),
        },
        Err(Error::User(e)) => ClaimWhatsApp::NotSent {
            reason: e.to_string(),
        },
        Err(e) => {
            tracing::error!(error = %e, coupon = ?message.coupon_id, "claim: WhatsApp enqueue failed");
            ClaimWhatsApp::NotSent {
                reason: "the message could not be queued".into(),
            }
        }
    }
}

async fn record_whatsapp(db: &Db, claim_id: &str, serial: &str, wa: &ClaimWhatsApp) -> Result<()> {
    let (message_id, note, status) = match wa {
        ClaimWhatsApp::Off => return Ok(()),
        ClaimWhatsApp::Queued { message_id } => (Some(message_id.as_str()), None, "queued"),
        ClaimWhatsApp::NotSent { reason } => (None, Some(reason.as_str()), "failed"),
    };
    let mut tx = db.begin_write().await?;
    sqlx::query("update claims set wa_message_id = $2, wa_note = $3 where id = $1")
        .bind(claim_id)
        .bind(message_id)
        .bind(note)
        .execute(&mut *tx)
        .await?;
    // The message may already have moved on (the dispatcher is fast): the coupon takes its
    // message's status, or `status` when there is no message.
    sqlx::query(
        "update coupons set wa_status = coalesce((select status from wa_messages where id = $3), $2)
         where serial = $1",
    )
    .bind(serial)
    .bind(status)
    .bind(message_id.unwrap_or(""))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Coupon center and store pages
// ---------------------------------------------------------------------------------------------

#[derive(FromRow)]
struct CardRow {
    batch_id: String,
    merchant_id: String,
    merchant_name: String,
    title: String,
    offer_details: String,
    terms: String,
    category: String,
    country: String,
    city: String,
    valid_until_ms: i64,
    created_at_ms: i64,
    left_count: i64,
    recent_claims: i64,
}

impl CardRow {
    fn into_card(self) -> CenterCard {
        CenterCard {
            batch_id: self.batch_id,
            merchant_id: self.merchant_id,
            merchant_name: self.merchant_name,
            title: self.title,
            offer_details: self.offer_details,
            terms: self.terms,
            category: self.category,
            country: self.country,
            city: self.city,
            valid_until_ms: self.valid_until_ms,
            created_at_ms: self.created_at_ms,
            left: self.left_count,
            recent_claims: self.recent_claims,
        }
    }
}

const CARD_COLUMNS: &str = "b.id as batch_id, b.merchant_id, m.company_name as merchant_name, b.title,
    b.offer_details, b.terms, b.category, b.country, b.city, b.valid_until_ms, b.created_at_ms,
    b.quantity - b.claimed_count as left_count,
    (select count(*) from claims c where c.batch_id = b.id and c.claimed_at_ms >= $3) as recent_claims";

/// A claimable batch at `$2`: started, not ended, not closed, coupons left.
const CLAIMABLE: &str =
    "b.valid_from_ms <= $2 and b.valid_until_ms > $2 and b.refunded_at_ms is null
    and b.claimed_count < b.quantity";

/// `text` as a LIKE pattern matching it anywhere, its wildcards escaped (with `\`).
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// One page of `tenant_id`'s coupon center: the claimable batches its merchants chose to show,
/// filtered (country, city, category exact; `q` anywhere in merchant name, title or offer,
/// ignoring case), in the chosen order, [`CENTER_PAGE_CARDS`] per page; plus the countries,
/// cities and categories the tenant's shown batches have, for the filter menus.
///
/// The cards and menus of a page computed in the last two seconds are reused (a new batch
/// makes its tenant's pages forgotten on this server); each card's coupons left is at most two
/// seconds old (at once after a claim on this server), and a card that stopped being claimable
/// is left out (see [`crate::recent::Caches`]).
pub async fn center(ctx: &Ctx, tenant_id: &str, query: &CenterQuery) -> Result<CenterPage> {
    let now = ctx.clock.now_ms();
    let normal = query.normalised();
    let key = (tenant_id.to_owned(), normal.0.clone(), normal.1, normal.2);
    let found = match ctx.caches.center.get(&key, now) {
        Some(page) => page,
        None => {
            let page = std::sync::Arc::new(compute_center(ctx, tenant_id, &normal, now).await?);
            ctx.caches.center.put(key, now, page.clone());
            return Ok((*page).clone());
        }
    };
    let mut page = (*found).clone();
    let left = left_now(ctx, &page.cards, now).await?;
    page.cards.retain_mut(|c| match left.get(&c.batch_id) {
        Some(n) => {
            c.left = *n;
            true
        }
        None => false,
    });
    Ok(page)
}

/// A coupon center page's key in [`Ctx::center`]: tenant, filters, order and page number.
pub type CenterKey = (String, CenterFilters, CenterSort, i64);

/// The coupons left of those of `cards` that are claimable at `now`, by batch id: from
/// [`crate::recent::Caches::left`], reading only the batches it does not know.
async fn left_now(
    ctx: &Ctx,
    cards: &[CenterCard],
    now: i64,
) -> Result<std::collections::HashMap<String, i64>> {
    let mut out = std::collections::HashMap::new();
    let mut unknown = Vec::new();
    for c in cards {
        match ctx.caches.left.get(&c.batch_id, now) {
            Some(Some(n)) => {
                out.insert(c.batch_id.clone(), n);
            }
            Some(None) => {}
            None => unknown.push(c.batch_id.as_str()),
        }
    }
    if unknown.is_empty() {
        return Ok(out);
    }
    let ids = (0..unknown.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "select b.id, b.quantity - b.claimed_count from coupon_batches b
         where b.id in ({ids}) and {}",
        CLAIMABLE.replace("$2", "$1")
    );
    let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(now);
    for id in &unknown {
        q = q.bind(*id);
    }
    let found: std::collections::HashMap<String, i64> =
        q.fetch_all(ctx.db.pool()).await?.into_iter().collect();
    for id in unknown {
        let left = found.get(id).copied();
        ctx.caches.left.put(id.to_owned(), now, left);
        if let Some(n) = left {
            out.insert(id.to_owned(), n);
        }
    }
    Ok(out)
}

/// [`center`]'s page computed from the database.
async fn compute_center(
    ctx: &Ctx,
    tenant_id: &str,
    (f, sort, page): &(CenterFilters, CenterSort, i64),
    now: i64,
) -> Result<CenterPage> {
    let (sort, page) = (*sort, *page);
    let mut sql = format!(
        "select {CARD_COLUMNS} from coupon_batches b join merchants m on m.id = b.merchant_id
         where b.tenant_id = $1 and b.show_in_center = 1 and {CLAIMABLE}"
    );
    let mut binds: Vec<String> = Vec::new();
    let mut add = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", 5 + binds.len())));
    };
    if !f.country.is_empty() {
        add(&mut sql, " and b.country = ?", f.country.clone());
    }
    if !f.city.is_empty() {
        add(&mut sql, " and b.city = ?", f.city.clone());
    }
    if !f.category.is_empty() {
        add(&mut sql, " and b.category = ?", f.category.clone());
    }
    if !f.q.is_empty() {
        add(
            &mut sql,
            " and (lower(m.company_name) like ? escape '\\' or lower(b.title) like ? escape '\\'
                   or lower(b.offer_details) like ? escape '\\')",
            contains_pattern(&f.q),
        );
    }
    sql.push_str(match sort {
        CenterSort::Popular => " order by recent_claims desc, b.created_at_ms desc, b.id",
        CenterSort::Expiring => " order by b.valid_until_ms, b.id",
        CenterSort::Newest => " order by b.created_at_ms desc, b.id",
    });
    sql.push_str(" limit $4 offset $5");
    let mut q = sqlx::query_as::<_, CardRow>(sqlx::AssertSqlSafe(sql))
        .bind(tenant_id)
        .bind(now)
        .bind(now - POPULAR_WINDOW_MS)
        .bind(CENTER_PAGE_CARDS + 1)
        .bind((page - 1) * CENTER_PAGE_CARDS);
    for b in binds {
        q = q.bind(b);
    }
    let mut rows = q.fetch_all(ctx.db.pool()).await?;
    let has_next = i64::try_from(rows.len()).unwrap_or(i64::MAX) > CENTER_PAGE_CARDS;
    rows.truncate(usize::try_from(CENTER_PAGE_CARDS).unwrap_or(0));
    let menu = |col: &'static str| {
        let db = ctx.db.clone();
        let tenant_id = tenant_id.to_owned();
        async move {
            let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select distinct b.{col} from coupon_batches b
                 where b.tenant_id = $1 and b.show_in_center = 1 and {CLAIMABLE} order by 1"
            )))
            .bind(&tenant_id)
            .bind(now)
            .fetch_all(db.pool())
            .await?;
            Ok::<_, Error>(rows.into_iter().map(|r| r.0).collect::<Vec<_>>())
        }
    };
    Ok(CenterPage {
        cards: rows.into_iter().map(CardRow::into_card).collect(),
        page,
        has_next,
        countries: menu("country").await?,
        cities: menu("city").await?,
        categories: menu("category").await?,
    })
}

/// A merchant's store page: its name and its claimable batches (shown in the center or not),
/// soonest end first. A merchant of another tenant is [`AppError::NotFound`].
pub async fn store(
    ctx: &Ctx,
    tenant_id: &str,
    merchant_id: &str,
) -> Result<(String, Vec<CenterCard>)> {
    let now = ctx.clock.now_ms();
    let merchant: Option<(String,)> =
        sqlx::query_as("select company_name from merchants where id = $1 and tenant_id = $2")
            .bind(merchant_id)
            .bind(tenant_id)
            .fetch_optional(ctx.db.pool())
            .await?;
    let (name,) = merchant.ok_or(AppError::NotFound)?;
    let rows: Vec<CardRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {CARD_COLUMNS} from coupon_batches b join merchants m on m.id = b.merchant_id
         where b.tenant_id = $1 and b.merchant_id = $4 and {CLAIMABLE}
         order by b.valid_until_ms, b.id"
    )))
    .bind(tenant_id)
    .bind(now)
    .bind(now - POPULAR_WINDOW_MS)
    .bind(merchant_id)
    .fetch_all(ctx.db.pool())
    .await?;
    Ok((name, rows.into_iter().map(CardRow::into_card).collect()))
}

/// One claimable batch of `tenant_id` as a card (for the claim form), or `None` when there is
/// no such batch on this site or it cannot be claimed now.
pub async fn card(ctx: &Ctx, tenant_id: &str, batch_id: &str) -> Result<Option<CenterCard>> {
    let now = ctx.clock.now_ms();
    let row: Option<CardRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {CARD_COLUMNS} from coupon_batches b join merchants m on m.id = b.merchant_id
         where b.tenant_id = $1 and b.id = $4 and {CLAIMABLE}"
    )))
    .bind(tenant_id)
    .bind(now)
    .bind(now - POPULAR_WINDOW_MS)
    .bind(batch_id)
    .fetch_optional(ctx.db.pool())
    .await?;
    Ok(row.map(CardRow::into_card))
}

#[derive(FromRow)]
struct ClaimedRow {
    serial: String,
    batch_id: String,
    merchant_id: String,
    merchant_name: String,
    title: String,
    offer_details: String,
    terms: String,
    valid_until_ms: i64,
    claimed_at_ms: i64,
    source: String,
    customer_id: String,
    phone: String,
    wa_message_id: Option<String>,
    wa_note: Option<String>,
}

/// A claim shown again to the device that made it (the page a claim form lands on): only when
/// `receipt` (the receipt cookie) is this claim's, or `device` (the device cookie) names the
/// claim's customer; anything else is [`AppError::NotFound`], so a claim id alone reveals
/// nothing.
pub async fn claimed(
    ctx: &Ctx,
    tenant_id: &str,
    claim_id: &str,
    device: Option<&str>,
    receipt: Option<&str>,
    site_base: &str,
) -> Result<ClaimedCoupon> {
    let customer = if receipt.is_some_and(|r| receipt_names(&ctx.config, r, claim_id)) {
        let owner: Option<(String,)> =
            sqlx::query_as("select customer_id from claims where id = $1 and tenant_id = $2")
                .bind(claim_id)
                .bind(tenant_id)
                .fetch_optional(ctx.db.pool())
                .await?;
        owner.map(|o| o.0)
    } else {
        match device {
            Some(token) => device_customer(&ctx.config, token)?,
            None => None,
        }
    }
    .ok_or(AppError::NotFound)?;
    claim_of(ctx, tenant_id, claim_id, &customer, site_base).await
}

/// Claim `claim_id` of customer `customer` on `tenant_id`'s site; [`AppError::NotFound`] when
/// it is not theirs.
async fn claim_of(
    ctx: &Ctx,
    tenant_id: &str,
    claim_id: &str,
    customer: &str,
    site_base: &str,
) -> Result<ClaimedCoupon> {
    let row: Option<ClaimedRow> = sqlx::query_as(
        "select c.serial, c.batch_id, c.merchant_id, m.company_name as merchant_name, b.title,
                b.offer_details, b.terms, b.valid_until_ms, c.claimed_at_ms, c.source, c.customer_id,
                cu.phone, c.wa_message_id, c.wa_note
         from claims c join coupon_batches b on b.id = c.batch_id
           join merchants m on m.id = c.merchant_id join customers cu on cu.id = c.customer_id
         where c.id = $1 and c.tenant_id = $2 and c.customer_id = $3",
    )
    .bind(claim_id)
    .bind(tenant_id)
    .bind(customer)
    .fetch_optional(ctx.db.pool())
    .await?;
    let r = row.ok_or(AppError::NotFound)?;
    let serial = Serial::parse(&r.serial)
        .map_err(|e| Error::Internal(format!("stored serial {}: {e}", r.serial)))?;
    let verify_url =
        coupons::verify_url(site_base, &coupons::signing_secret(&ctx.config)?, &serial)?;
    let whatsapp = match (r.wa_message_id, r.wa_note) {
        (Some(message_id), _) => ClaimWhatsApp::Queued { message_id },
        (None, Some(reason)) => ClaimWhatsApp::NotSent { reason },
        (None, None) => ClaimWhatsApp::Off,
    };
    Ok(ClaimedCoupon {
        claim_id: claim_id.to_owned(),
        serial,
        verify_url,
        batch_id: r.batch_id,
        merchant_id: r.merchant_id,
        merchant_name: r.merchant_name,
        title: r.title,
        offer_details: r.offer_details,
        terms: r.terms,
        valid_until_ms: r.valid_until_ms,
        claimed_at_ms: r.claimed_at_ms,
        source: ClaimSource::parse(&r.source).unwrap_or(ClaimSource::Homepage),
        customer_id: r.customer_id,
        phone: r.phone,
        whatsapp,
    })
}

/// `text` (a link) as a QR code in SVG: black runs of modules on white with a 4-module quiet
/// zone, scaling to its container; `label` becomes its accessible name.
pub fn qr_svg(text: &str, label: &str) -> Result<String> {
    use std::fmt::Write as _;
    let qr = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| Error::Internal(format!("qr code: {e}")))?;
    let n = qr.width();
    let colors = qr.to_colors();
    let size = n + 8;
    let label: String = label
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '&' | '"' | '\''))
        .collect();
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" \
         aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" \
         height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                let _ = write!(
                    svg,
                    "M{} {}h{}v1h-{}z",
                    start + 4,
                    row + 4,
                    col - start,
                    col - start
                );
            } else {
                col += 1;
            }
        }
    }
    svg.push_str("\"/></svg>");
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_e164_with_the_sites_country_as_default() {
        assert_eq!(
            normalise_phone("012-345 6789", "MY").unwrap(),
            "+60123456789"
        );
        assert_eq!(
            normalise_phone("+60 12-345 6789", "SG").unwrap(),
            "+60123456789"
        );
        for bad in ["", "12", "abc", "+60 1", "0000000000"] {
            assert!(normalise_phone(bad, "MY").is_err(), "{bad}");
        }
    }
}
