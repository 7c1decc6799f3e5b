//! Credit packages and their purchase: a payment row per checkout, and the webhook that turns
//! a completed checkout into a `purchase` ledger row, verified by signature and applied once
//! per event id. The sandbox checkout signs its own events and goes through the very same
//! handler, so everything downstream of a payment runs as in production.

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use domain::AppError;
use domain::credits::{CreditType, Quantity};

use crate::paid::Applied;
use crate::{Db, Result, ids};

/// A credit package as the Super Admin defines it and merchants buy it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromRow)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub credit_type: String,
    pub credits: i64,
    pub price_minor: i64,
    pub currency: String,
    pub active: i64,
    /// What an agent pays the platform when one of its merchants buys this package.
    pub platform_cost_minor: i64,
    /// Who may buy it: `annual` merchants, or `temporary` ones (temporary UI packages).
    pub merchant_kind: String,
}

const PACKAGE_COLUMNS: &str = "id, name, credit_type, credits, price_minor, currency, active, platform_cost_minor, merchant_kind";

/// A new package, as submitted.
#[derive(Debug, Clone, Default)]
pub struct NewPackage {
    pub name: String,
    pub credit_type: String,
    pub credits: String,
    pub price_minor: String,
    pub currency: String,
    /// Whole minor units an agent pays per sale to one of its merchants; empty means 0.
    pub platform_cost_minor: String,
    /// A temporary merchant UI package (`wa_ui` only) instead of an annual merchants' one.
    pub for_temporary_merchants: bool,
}

/// Creates a package after checking every field. Only the Super Admin may (anyone else is
/// [`AppError::Forbidden`] and nothing is written).
pub async fn create_package(
    db: &Db,
    now_ms: i64,
    who: &domain::auth::Principal,
    new: &NewPackage,
) -> Result<Package> {
    crate::tenants::require(who, domain::sections::Section::Packages)?;
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(AppError::invalid("Name", "must be 1 to 120 characters").into());
    }
    let credit_type = CreditType::parse(new.credit_type.trim())?;
    if !CreditType::MERCHANT.contains(&credit_type) {
        return Err(AppError::invalid(
            "Credit type",
            "packages sell coupon, wa_ui or wa_bi credits",
        )
        .into());
    }
    let credits = Quantity::parse(&new.credits)?.get();
    let priced = domain::agents::PriceAndCost::parse(&new.price_minor, &new.platform_cost_minor)?;
    let currency = domain::agents::parse_currency(&new.currency)?;
    if new.for_temporary_merchants && credit_type != CreditType::WaUi {
        return Err(AppError::invalid(
            "Credit type",
            "temporary merchant packages sell WhatsApp UI credits only",
        )
        .into());
    }
    let merchant_kind = if new.for_temporary_merchants {
        "temporary"
    } else {
        "annual"
    };
    let p = Package {
        id: ids::new_id(),
        name: name.to_owned(),
        credit_type: credit_type.as_str().to_owned(),
        credits,
        price_minor: priced.price_minor(),
        currency,
        active: 1,
        platform_cost_minor: priced.platform_cost_minor(),
        merchant_kind: merchant_kind.to_owned(),
    };
    sqlx::query(
        "insert into credit_packages (id, name, credit_type, credits, price_minor, currency, active, created_at_ms,
                                      platform_cost_minor, merchant_kind)
         values ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9)",
    )
    .bind(&p.id)
    .bind(&p.name)
    .bind(&p.credit_type)
    .bind(p.credits)
    .bind(p.price_minor)
    .bind(&p.currency)
    .bind(now_ms)
    .bind(p.platform_cost_minor)
    .bind(&p.merchant_kind)
    .execute(db.pool())
    .await?;
    Ok(p)
}

/// Turns a package on or off; merchants are offered active packages only. Super Admin only.
pub async fn set_package_active(
    db: &Db,
    who: &domain::auth::Principal,
    id: &str,
    active: bool,
) -> Result<()> {
    crate::tenants::require(who, domain::sections::Section::Packages)?;
    let r = sqlx::query("update credit_packages set active = $2 where id = $1")
        .bind(id)
        .bind(i64::from(active))
        .execute(db.pool())
        .await?;
    if r.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// Every package (`active_only` for what merchants may buy), cheapest first per type.
pub async fn packages(db: &Db, active_only: bool) -> Result<Vec<Package>> {
    let filter = if active_only { "where active = 1" } else { "" };
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {PACKAGE_COLUMNS} from credit_packages {filter}
         order by credit_type, price_minor, id"
    )))
    .fetch_all(db.pool())
    .await?)
}

/// The active packages a merchant of `kind` on `tenant_id` may buy (those in the tenant's
/// currency), cheapest first per type.
pub async fn packages_for(
    db: &Db,
    tenant_id: &str,
    kind: domain::auth::MerchantKind,
) -> Result<Vec<Package>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {PACKAGE_COLUMNS} from credit_packages
         where active = 1 and merchant_kind = $1
           and currency = (select currency from tenants where id = $2)
         order by credit_type, price_minor, id"
    )))
    .bind(kind.as_str())
    .bind(tenant_id)
    .fetch_all(db.pool())
    .await?)
}

/// A payment for a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromRow)]
pub struct Payment {
    pub id: String,
    pub tenant_id: String,
    pub merchant_id: String,
    pub package_id: String,
    pub credit_type: String,
    pub credits: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub provider: String,
    pub status: String,
    pub created_at_ms: i64,
    /// The platform cost an agent pays for this sale, copied from the package at start.
    pub platform_cost_minor: i64,
    /// The agent whose Stripe account collects this payment (`None`: the main platform's).
    pub payee_tenant_id: Option<String>,
}

const PAYMENT_COLUMNS: &str = "id, tenant_id, merchant_id, package_id, credit_type, credits, amount_minor, currency, provider, status, created_at_ms, platform_cost_minor, payee_tenant_id";

/// Starts the purchase of an active package by a merchant of `tenant_id`: a `pending` payment
/// whose price, credits and platform cost are copied from the package now, so a later price
/// change does not touch it. A merchant buys only packages of its kind (annual or temporary)
/// in its site's currency ([`AppError::WrongCurrency`]); an agent's merchant pays the agent
/// (`payee_tenant_id`). Refusals write nothing.
pub async fn start_purchase(
    db: &Db,
    now_ms: i64,
    tenant_id: &str,
    merchant_id: &str,
    package_id: &str,
    provider: &str,
) -> Result<Payment> {
    let pkg: Package = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {PACKAGE_COLUMNS} from credit_packages where id = $1 and active = 1"
    )))
    .bind(package_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let (merchant_kind, tenant_kind, tenant_currency): (String, String, String) = sqlx::query_as(
        "select m.kind, t.kind, t.currency from merchants m join tenants t on t.id = m.tenant_id
         where m.id = $1 and m.tenant_id = $2",
    )
    .bind(merchant_id)
    .bind(tenant_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    // The site's currency only: an agent's platform cost is taken from its wallet in the same
    // units, and a package listed nowhere on this site cannot be bought by its id.
    if pkg.currency != tenant_currency {
        return Err(AppError::WrongCurrency {
            currency: pkg.currency,
            expected: tenant_currency,
        }
        .into());
    }
    if merchant_kind != pkg.merchant_kind {
        return Err(AppError::invalid(
            "Package",
            format!("is sold to {} merchants only", pkg.merchant_kind),
        )
        .into());
    }
    let payee_tenant_id = (tenant_kind == "agent").then(|| tenant_id.to_owned());
    let p = Payment {
        id: ids::new_id(),
        tenant_id: tenant_id.to_owned(),
        merchant_id: merchant_id.to_owned(),
        package_id: pkg.id,
        credit_type: pkg.credit_type,
        credits: pkg.credits,
        amount_minor: pkg.price_minor,
        currency: pkg.currency,
        provider: provider.to_owned(),
        status: "pending".to_owned(),
        created_at_ms: now_ms,
        platform_cost_minor: pkg.platform_cost_minor,
        payee_tenant_id,
    };
    sqlx::query(
        "insert into payments (id, tenant_id, merchant_id, package_id, credit_type, credits, amount_minor, currency,
                               provider, status, created_at_ms, platform_cost_minor, payee_tenant_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12)",
    )
    .bind(&p.id)
    .bind(&p.tenant_id)
    .bind(&p.merchant_id)
    .bind(&p.package_id)
    .bind(&p.credit_type)
    .bind(p.credits)
    .bind(p.amount_minor)
    .bind(&p.currency)
    .bind(&p.provider)
    .bind(now_ms)
    .bind(p.platform_cost_minor)
    .bind(p.payee_tenant_id.as_deref())
    .execute(db.pool())
    .await?;
    Ok(p)
}

/// One payment of a merchant (a payment of anyone else is not found).
pub async fn payment(db: &Db, merchant_id: &str, payment_id: &str) -> Result<Payment> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {PAYMENT_COLUMNS} from payments where id = $1 and merchant_id = $2"
    )))
    .bind(payment_id)
    .bind(merchant_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| AppError::NotFound.into())
}

/// A merchant's latest payments, newest first.
pub async fn recent_payments(db: &Db, merchant_id: &str) -> Result<Vec<Payment>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {PAYMENT_COLUMNS} from payments where merchant_id = $1 order by created_at_ms desc, id limit 20"
    )))
    .bind(merchant_id)
    .fetch_all(db.pool())
    .await?)
}

/// A package payment by id, whoever collects it, inside the caller's transaction.
pub(crate) async fn payment_in(
    conn: &mut sqlx::AnyConnection,
    id: &str,
) -> Result<Option<Payment>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {PAYMENT_COLUMNS} from payments where id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Marks a package payment paid and lands its credits, in the caller's transaction. For an
/// agent's merchant the platform cost comes off the agent's wallet first; when it cannot, the
/// credits wait for the agent's next top-up.
pub(crate) async fn apply_package_payment(
    conn: &mut sqlx::AnyConnection,
    now_ms: i64,
    p: &Payment,
    session_id: &str,
) -> Result<Applied> {
    let marked = sqlx::query(
        "update payments set status = 'paid', paid_at_ms = $2, provider_session_id = $3 where id = $1 and status = 'pending'",
    )
    .bind(&p.id)
    .bind(now_ms)
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() == 0 {
        // Paid before through another event: the credits landed (or wait) already.
        return Ok(Applied::Duplicate);
    }
    if let Some(agent) = &p.payee_tenant_id {
        let charge = crate::charges::NewCharge {
            tenant_id: agent.clone(),
            merchant_id: p.merchant_id.clone(),
            kind: crate::charges::ChargeKind::Package,
            payment_id: p.id.clone(),
            price_minor: p.amount_minor,
            platform_cost_minor: p.platform_cost_minor,
            currency: p.currency.clone(),
        };
        return match crate::charges::charge_in(conn, now_ms, &charge).await? {
            crate::charges::Charged::Settled => {
                let ledger_id = crate::charges::credit_package_in(conn, now_ms, &p.id).await?;
                Ok(Applied::Credited {
                    payment_id: p.id.clone(),
                    ledger_id,
                })
            }
            crate::charges::Charged::Pending => Ok(Applied::PendingAgentTopUp {
                payment_id: p.id.clone(),
            }),
        };
    }
    let ledger_id = crate::charges::credit_package_in(conn, now_ms, &p.id).await?;
    Ok(Applied::Credited {
        payment_id: p.id.clone(),
        ledger_id,
    })
}
