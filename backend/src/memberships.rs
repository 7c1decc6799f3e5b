//! Merchants' memberships: sign-up on a tenant's site (annual or temporary), the annual fee
//! and its payment, the membership's state and renewal, and the one rule that says whether a
//! merchant may start something new.
//!
//! An agent's merchant's fee charges the agent's wallet through [`crate::charges`]: the
//! membership activates in the same transaction that takes the platform cost, or waits
//! (`pending_agent_topup`) for the agent's next top-up.

use sqlx::{AnyConnection, FromRow};

use domain::AppError;
use domain::agents::{MerchantState, PriceItem};
use domain::auth::{MerchantKind, Principal, Role};

use crate::agents::{item_price, tenant_currency};
use crate::charges::{ChargeKind, Charged, NewCharge, activate_in, charge_in};
use crate::paid::Applied;
use crate::{Ctx, Db, Result, ids};

/// Sign-ups with one email on one site per hour.
pub const SIGNUP_MAX_PER_EMAIL: i64 = 3;

/// A business signing up on a tenant's site, as its form submits it.
#[derive(Debug, Clone, Default)]
pub struct MerchantSignUp {
    pub company_name: String,
    /// `annual` or `temporary`.
    pub kind: String,
    pub country: String,
    pub city: String,
    pub display_name: String,
    pub email: String,
    pub password: String,
}

/// A new merchant and its first login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUp {
    pub merchant_id: String,
    pub user_id: String,
    pub state: MerchantState,
}

/// Signs a business up on `tenant_id` (the tenant the request's host picked; the merchant
/// belongs to it for good). Annual merchants start `pending_payment` until the annual fee is
/// paid; temporary merchants are active at once (they only buy temporary UI packages).
pub async fn sign_up_merchant(
    ctx: &Ctx,
    now_ms: i64,
    tenant_id: &str,
    form: &MerchantSignUp,
    client_addr: &str,
) -> Result<SignedUp> {
    let company = domain::i18n::nfc(form.company_name.trim());
    let company = company.as_str();
    if company.is_empty() || company.chars().count() > 200 {
        return Err(AppError::invalid("Company name", "must be 1 to 200 characters").into());
    }
    let kind = MerchantKind::parse(form.kind.trim())
        .map_err(|_| AppError::invalid("Membership", "choose annual or temporary"))?;
    let country = form.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(AppError::invalid("Country", "must be a two-letter code like MY").into());
    }
    let city = form.city.trim();
    if city.is_empty() || city.chars().count() > 120 {
        return Err(AppError::invalid("City", "must be 1 to 120 characters").into());
    }
    let email = domain::auth::Email::parse(&form.email)?;
    let password = domain::auth::Password::parse_new(&form.password)?;
    // Throttled per address and per email before anything is looked up or written: no
    // probing which emails exist, no mass-created merchants.
    let hour = |max_hits: i64| crate::rate_limit::Limit {
        max_hits,
        window_ms: crate::clock::HOUR_MS,
    };
    let addr_bucket = format!("signup:addr:{client_addr}");
    let email_bucket = format!("signup:email:{tenant_id}:{}", email.as_str());
    crate::rate_limit::hit_all(
        &ctx.db,
        &[
            (
                addr_bucket.as_str(),
                hour(i64::from(ctx.config.signup_max_per_address)),
            ),
            (email_bucket.as_str(), hour(SIGNUP_MAX_PER_EMAIL)),
        ],
        now_ms,
    )
    .await?;
    let state = match kind {
        MerchantKind::Annual => MerchantState::PendingPayment,
        MerchantKind::Temporary => MerchantState::Active,
    };
    let taken: Option<(String,)> =
        sqlx::query_as("select id from users where tenant_id = $1 and email = $2")
            .bind(tenant_id)
            .bind(email.as_str())
            .fetch_optional(ctx.db.pool())
            .await?;
    if taken.is_some() {
        return Err(AppError::SignUpNotCompleted.into());
    }
    let merchant_id = ids::new_id();
    sqlx::query(
        "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&merchant_id)
    .bind(tenant_id)
    .bind(company)
    .bind(kind.as_str())
    .bind(state.as_str())
    .bind(&country)
    .bind(city)
    .bind(now_ms)
    .execute(ctx.db.pool())
    .await?;
    let new = crate::auth::NewUser {
        tenant_id: tenant_id.to_owned(),
        email,
        display_name: form.display_name.clone(),
        password,
        kind: crate::auth::NewUserKind::Merchant {
            merchant_id: merchant_id.clone(),
        },
    };
    match crate::auth::create_user(ctx, new).await {
        Ok(user_id) => Ok(SignedUp {
            merchant_id,
            user_id,
            state,
        }),
        Err(e) => {
            // The login was refused (e.g. a name too long): take the merchant row back so a
            // retry starts clean. Nothing else refers to it yet.
            sqlx::query("delete from merchants where id = $1")
                .bind(&merchant_id)
                .execute(ctx.db.pool())
                .await?;
            Err(e)
        }
    }
}

/// An annual fee payment.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct MembershipPayment {
    pub id: String,
    pub tenant_id: String,
    pub merchant_id: String,
    pub amount_minor: i64,
    pub platform_cost_minor: i64,
    pub currency: String,
    pub provider: String,
    pub payee_tenant_id: Option<String>,
    pub status: String,
    pub created_at_ms: i64,
}

const MEMBERSHIP_COLUMNS: &str = "id, tenant_id, merchant_id, amount_minor, platform_cost_minor, currency, provider, payee_tenant_id, status, created_at_ms";

/// Starts paying the annual fee for `who`'s merchant (an annual merchant, any state: a new
/// member pays, an active one renews early, an expired one renews). The price and platform
/// cost are copied from the price sheet now; an agent's merchant pays the agent.
pub async fn start_membership_payment(
    db: &Db,
    now_ms: i64,
    who: &Principal,
    provider: &str,
) -> Result<MembershipPayment> {
    let Role::Merchant {
        merchant_id,
        kind: MerchantKind::Annual,
    } = &who.role
    else {
        return Err(AppError::Forbidden.into());
    };
    if provider != "sandbox" && provider != "stripe" {
        return Err(AppError::invalid("Provider", "must be sandbox or stripe").into());
    }
    let mut conn = db.pool().acquire().await?;
    let (tenant_kind, currency) = tenant_currency(&mut conn, &who.tenant_id).await?;
    let priced = item_price(&mut conn, &currency, PriceItem::AnnualFee).await?;
    let m = MembershipPayment {
        id: ids::new_id(),
        tenant_id: who.tenant_id.clone(),
        merchant_id: merchant_id.clone(),
        amount_minor: priced.price_minor(),
        platform_cost_minor: priced.platform_cost_minor(),
        currency,
        provider: provider.to_owned(),
        payee_tenant_id: (tenant_kind == "agent").then(|| who.tenant_id.clone()),
        status: "pending".to_owned(),
        created_at_ms: now_ms,
    };
    sqlx::query(
        "insert into membership_payments (id, tenant_id, merchant_id, amount_minor, platform_cost_minor, currency,
                                          provider, payee_tenant_id, status, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)",
    )
    .bind(&m.id)
    .bind(&m.tenant_id)
    .bind(&m.merchant_id)
    .bind(m.amount_minor)
    .bind(m.platform_cost_minor)
    .bind(&m.currency)
    .bind(&m.provider)
    .bind(m.payee_tenant_id.as_deref())
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    Ok(m)
}

/// One annual fee payment of `who`'s merchant (anyone else's is [`AppError::NotFound`]).
pub async fn membership_payment(db: &Db, who: &Principal, id: &str) -> Result<MembershipPayment> {
    let merchant_id = who.merchant_id().ok_or(AppError::Forbidden)?;
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {MEMBERSHIP_COLUMNS} from membership_payments where id = $1 and merchant_id = $2"
    )))
    .bind(id)
    .bind(merchant_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| AppError::NotFound.into())
}

pub(crate) async fn membership_payment_in(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<MembershipPayment>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {MEMBERSHIP_COLUMNS} from membership_payments where id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Marks an annual fee paid and activates the membership, in the caller's transaction; for an
/// agent's merchant only once the platform cost left the agent's wallet (else the merchant
/// waits as `pending_agent_topup`).
pub(crate) async fn apply_membership_payment_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    m: &MembershipPayment,
    session_id: &str,
) -> Result<Applied> {
    let marked = sqlx::query(
        "update membership_payments set status = 'paid', paid_at_ms = $2, provider_session_id = $3
         where id = $1 and status = 'pending'",
    )
    .bind(&m.id)
    .bind(now_ms)
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(Applied::Duplicate);
    }
    if let Some(agent) = &m.payee_tenant_id {
        let charge = NewCharge {
            tenant_id: agent.clone(),
            merchant_id: m.merchant_id.clone(),
            kind: ChargeKind::AnnualFee,
            payment_id: m.id.clone(),
            price_minor: m.amount_minor,
            platform_cost_minor: m.platform_cost_minor,
            currency: m.currency.clone(),
        };
        if charge_in(conn, now_ms, &charge).await? == Charged::Pending {
            sqlx::query("update merchants set status = 'pending_agent_topup' where id = $1")
                .bind(&m.merchant_id)
                .execute(&mut *conn)
                .await?;
            return Ok(Applied::PendingAgentTopUp {
                payment_id: m.id.clone(),
            });
        }
    }
    let renews_at_ms = activate_in(conn, now_ms, &m.merchant_id).await?;
    Ok(Applied::Activated {
        payment_id: m.id.clone(),
        renews_at_ms,
    })
}

/// What a site's sign-up and membership pages quote: its country, currency and annual fee
/// (`None` until the Super Admin prices it in that currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteTerms {
    pub country: String,
    pub currency: String,
    pub annual_fee_minor: Option<i64>,
}

/// The terms of `tenant_id`'s site.
pub async fn site_terms(db: &Db, tenant_id: &str) -> Result<SiteTerms> {
    let (country, currency): (String, String) =
        sqlx::query_as("select country, currency from tenants where id = $1")
            .bind(tenant_id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(AppError::NotFound)?;
    let fee: Option<(i64,)> =
        sqlx::query_as("select price_minor from price_items where currency = $1 and item = $2")
            .bind(&currency)
            .bind(PriceItem::AnnualFee.as_str())
            .fetch_optional(db.pool())
            .await?;
    Ok(SiteTerms {
        country,
        currency,
        annual_fee_minor: fee.map(|(f,)| f),
    })
}

/// A merchant's membership as its dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Membership {
    pub kind: MerchantKind,
    pub state: MerchantState,
    pub renews_at_ms: Option<i64>,
}

async fn membership_of(db: &Db, now_ms: i64, merchant_id: &str) -> Result<Membership> {
    let (kind, status, renews): (String, String, Option<i64>) =
        sqlx::query_as("select kind, status, renews_at_ms from merchants where id = $1")
            .bind(merchant_id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(AppError::NotFound)?;
    let kind = MerchantKind::parse(&kind)?;
    let mut state = MerchantState::parse(&status)?;
    // Past its renewal date an annual membership is expired, whether or not the job ran yet.
    if kind == MerchantKind::Annual
        && state == MerchantState::Active
        && renews.is_some_and(|r| r <= now_ms)
    {
        state = MerchantState::Expired;
    }
    Ok(Membership {
        kind,
        state,
        renews_at_ms: renews,
    })
}

/// `who`'s own membership (merchants only).
pub async fn membership(db: &Db, now_ms: i64, who: &Principal) -> Result<Membership> {
    let merchant_id = who.merchant_id().ok_or(AppError::Forbidden)?;
    membership_of(db, now_ms, merchant_id).await
}

/// Refuses with [`AppError::MembershipInactive`] unless the merchant may start something new
/// that costs credits (a coupon batch, a campaign): active, and for annual merchants not past
/// the renewal date. Data of an expired merchant stays as it is.
pub async fn merchant_can_spend(db: &Db, now_ms: i64, merchant_id: &str) -> Result<()> {
    let m = membership_of(db, now_ms, merchant_id).await?;
    if m.state == MerchantState::Active {
        Ok(())
    } else {
        Err(AppError::MembershipInactive {
            state: m.state.label().to_lowercase(),
        }
        .into())
    }
}

/// Marks annual memberships past their renewal date `expired` (the periodic job; running it
/// twice changes nothing the second time). How many changed.
pub async fn expire_memberships(db: &Db, now_ms: i64) -> Result<u64> {
    let r = sqlx::query(
        "update merchants set status = 'expired'
         where kind = 'annual' and status = 'active' and renews_at_ms is not null and renews_at_ms <= $1",
    )
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    Ok(r.rows_affected())
}
