//! Credit packages and their purchase: a payment row per checkout, and the webhook that turns
//! a completed checkout into a `purchase` ledger row, verified by signature and applied once
//! per event id. The sandbox checkout signs its own events and goes through the very same
//! handler, so everything downstream of a payment runs as in production.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sqlx::FromRow;

use domain::AppError;
use domain::credits::{Action, CreditType, OwnerType, Quantity, RelatedKind};

use crate::credits::{self, Posting, WalletRef};
use crate::{Db, Error, Result, ids};

/// How far a signed webhook's timestamp may be from now (Stripe's default tolerance).
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

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
}

/// A new package, as submitted.
#[derive(Debug, Clone)]
pub struct NewPackage {
    pub name: String,
    pub credit_type: String,
    pub credits: String,
    pub price_minor: String,
    pub currency: String,
}

/// Creates a package after checking every field. Only the Super Admin may call it (the caller
/// checks the section first).
pub async fn create_package(db: &Db, now_ms: i64, new: &NewPackage) -> Result<Package> {
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
    let price_minor = Quantity::parse(&new.price_minor)
        .map_err(|_| AppError::invalid("Price", "must be a whole number of cents, at least 1"))?
        .get();
    let currency = new.currency.trim().to_ascii_uppercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(AppError::invalid("Currency", "must be a three-letter code like MYR").into());
    }
    let p = Package {
        id: ids::new_id(),
        name: name.to_owned(),
        credit_type: credit_type.as_str().to_owned(),
        credits,
        price_minor,
        currency,
        active: 1,
    };
    sqlx::query(
        "insert into credit_packages (id, name, credit_type, credits, price_minor, currency, active, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, 1, $7)",
    )
    .bind(&p.id)
    .bind(&p.name)
    .bind(&p.credit_type)
    .bind(p.credits)
    .bind(p.price_minor)
    .bind(&p.currency)
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    Ok(p)
}

/// Turns a package on or off; merchants are offered active packages only.
pub async fn set_package_active(db: &Db, id: &str, active: bool) -> Result<()> {
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
        "select id, name, credit_type, credits, price_minor, currency, active from credit_packages {filter}
         order by credit_type, price_minor, id"
    )))
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
}

const PAYMENT_COLUMNS: &str = "id, tenant_id, merchant_id, package_id, credit_type, credits, amount_minor, currency, provider, status, created_at_ms";

/// Starts the purchase of an active package by a merchant: a `pending` payment whose price and
/// credits are copied from the package now, so a later price change does not touch it.
pub async fn start_purchase(
    db: &Db,
    now_ms: i64,
    tenant_id: &str,
    merchant_id: &str,
    package_id: &str,
    provider: &str,
) -> Result<Payment> {
    let pkg: Package = sqlx::query_as(
        "select id, name, credit_type, credits, price_minor, currency, active from credit_packages
         where id = $1 and active = 1",
    )
    .bind(package_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
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
    };
    sqlx::query(
        "insert into payments (id, tenant_id, merchant_id, package_id, credit_type, credits, amount_minor, currency,
                               provider, status, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10)",
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

/// Checks a `Stripe-Signature` header (`t=<unix>,v1=<hex>[,v1=…]`) over the raw body:
/// HMAC-SHA256 of `"{t}.{body}"` with `secret`, any `v1` may match, and `t` must be within
/// [`SIGNATURE_TOLERANCE_SECS`] of `now_ms`.
pub fn verify_signature(secret: &str, header: &str, body: &[u8], now_ms: i64) -> Result<()> {
    let mut t: Option<i64> = None;
    let mut sigs: Vec<Vec<u8>> = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse().ok(),
            Some(("v1", v)) => sigs.extend(unhex(v)),
            _ => {}
        }
    }
    let t = t.ok_or(AppError::BadSignature)?;
    if (now_ms / 1000 - t).abs() > SIGNATURE_TOLERANCE_SECS {
        return Err(AppError::BadSignature.into());
    }
    for sig in sigs {
        if signed_payload_mac(secret, t, body)?
            .verify_slice(&sig)
            .is_ok()
        {
            return Ok(());
        }
    }
    Err(AppError::BadSignature.into())
}

/// HMAC-SHA256 with `secret` over Stripe's signed payload, `"{t}.{body}"`.
fn signed_payload_mac(secret: &str, t: i64, body: &[u8]) -> Result<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|e| Error::Internal(format!("hmac key: {e}")))?;
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(mac)
}

/// A `Stripe-Signature` header for `body` at `now_ms` (the sandbox checkout and tests).
pub fn sign(secret: &str, body: &[u8], now_ms: i64) -> Result<String> {
    let t = now_ms / 1000;
    let mac = signed_payload_mac(secret, t, body)?;
    Ok(format!(
        "t={t},v1={}",
        ids::hex(&mac.finalize().into_bytes())
    ))
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The parts of a Stripe event this platform reads.
#[derive(Debug, Deserialize, Serialize)]
pub struct StripeEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: StripeEventData,
}

/// `data` of a Stripe event.
#[derive(Debug, Deserialize, Serialize)]
pub struct StripeEventData {
    pub object: CheckoutSession,
}

/// The fields of a `checkout.session` object this platform reads.
#[derive(Debug, Deserialize, Serialize)]
pub struct CheckoutSession {
    pub id: String,
    /// Our payment id, set when the session was created.
    pub client_reference_id: Option<String>,
    pub amount_total: Option<i64>,
    pub currency: Option<String>,
    pub payment_status: Option<String>,
}

/// What a webhook did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Credits landed for this payment.
    Credited {
        payment_id: String,
        ledger_id: String,
    },
    /// This event id was seen before: nothing changed.
    Duplicate,
    /// An event type this platform does not act on.
    Ignored,
}

/// Verifies and applies a payment webhook from `provider` (`stripe` or `sandbox`). A bad
/// signature, an unknown payment or an amount that does not match the payment changes nothing.
pub async fn handle_webhook(
    db: &Db,
    now_ms: i64,
    provider: &str,
    secret: &str,
    signature: &str,
    body: &[u8],
) -> Result<Applied> {
    verify_signature(secret, signature, body, now_ms)?;
    let event: StripeEvent = serde_json::from_slice(body)
        .map_err(|e| AppError::invalid("Event", format!("not a checkout event: {e}")))?;
    if event.kind != "checkout.session.completed"
        || event.data.object.payment_status.as_deref() != Some("paid")
    {
        return Ok(Applied::Ignored);
    }
    let session = &event.data.object;
    let payment_id = session
        .client_reference_id
        .clone()
        .ok_or_else(|| AppError::invalid("Event", "no client_reference_id"))?;
    let mut tx = db.begin_write().await?;
    let fresh = sqlx::query(
        "insert into webhook_events (provider, event_id, received_at_ms) values ($1, $2, $3) on conflict do nothing",
    )
    .bind(provider)
    .bind(&event.id)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    if fresh.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(Applied::Duplicate);
    }
    let p: Payment = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {PAYMENT_COLUMNS} from payments where id = $1 and provider = $2"
    )))
    .bind(&payment_id)
    .bind(provider)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let currency_matches = session
        .currency
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case(&p.currency));
    if session.amount_total != Some(p.amount_minor) || !currency_matches {
        return Err(
            AppError::invalid("Event", "amount or currency does not match the payment").into(),
        );
    }
    sqlx::query("update payments set status = 'paid', paid_at_ms = $2, provider_session_id = $3 where id = $1 and status = 'pending'")
        .bind(&p.id)
        .bind(now_ms)
        .bind(&session.id)
        .execute(&mut *tx)
        .await?;
    let posting = Posting {
        wallet: WalletRef {
            tenant_id: p.tenant_id.clone(),
            owner_type: OwnerType::Merchant,
            owner_id: p.merchant_id.clone(),
            credit_type: CreditType::parse(&p.credit_type)?,
        },
        action: Action::Purchase,
        amount: p.credits,
        related_kind: RelatedKind::Payment,
        related_id: Some(p.id.clone()),
        description: format!(
            "Bought {} {} credits",
            p.credits,
            CreditType::parse(&p.credit_type)?.label()
        ),
        idempotency_key: format!("payment:{}", p.id),
        actor_user_id: None,
    };
    let row = credits::post_in(&mut tx, now_ms, &posting).await?;
    tx.commit().await?;
    Ok(Applied::Credited {
        payment_id: p.id,
        ledger_id: row.id,
    })
}

/// The body of a `checkout.session.completed` event for `payment`, as Stripe would send it.
pub fn completed_event(event_id: &str, payment: &Payment) -> Result<Vec<u8>> {
    let event = StripeEvent {
        id: event_id.to_owned(),
        kind: "checkout.session.completed".to_owned(),
        data: StripeEventData {
            object: CheckoutSession {
                id: format!("cs_sandbox_{}", payment.id),
                client_reference_id: Some(payment.id.clone()),
                amount_total: Some(payment.amount_minor),
                currency: Some(payment.currency.to_ascii_lowercase()),
                payment_status: Some("paid".to_owned()),
            },
        },
    };
    serde_json::to_vec(&event).map_err(|e| Error::Internal(format!("event json: {e}")))
}

/// The sandbox's signing secret: random per process, never leaves it.
pub fn sandbox_secret() -> &'static str {
    static SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SECRET.get_or_init(|| format!("whsec_sandbox_{}", ids::random_hex(24)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_with_the_right_secret_body_and_time() {
        let now = 1_795_564_800_000;
        let h = sign("whsec_a", b"{}", now).unwrap();
        assert!(verify_signature("whsec_a", &h, b"{}", now).is_ok());
        assert!(verify_signature("whsec_b", &h, b"{}", now).is_err());
        assert!(verify_signature("whsec_a", &h, b"{ }", now).is_err());
        assert!(verify_signature("whsec_a", &h, b"{}", now + 301_000).is_err());
        assert!(verify_signature("whsec_a", "t=1,v1=zz", b"{}", now).is_err());
        assert!(verify_signature("whsec_a", "", b"{}", now).is_err());
        // Rotation: any of several v1 signatures may match.
        let (t, v1) = h.split_once(",v1=").unwrap();
        let rotated = format!("{t},v1={},v1={v1}", "00".repeat(32));
        assert!(verify_signature("whsec_a", &rotated, b"{}", now).is_ok());
    }
}

/// Where Stripe's API is and the key to call it with.
#[derive(Debug, Clone)]
pub struct StripeAccount {
    pub api_base: String,
    pub secret_key: crate::config::Secret,
}

/// A shared HTTPS client for outbound calls (rustls with the ring provider).
pub fn http_client() -> Result<reqwest::Client> {
    static CLIENT: std::sync::OnceLock<std::result::Result<reqwest::Client, String>> =
        std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            // Installing twice is harmless; the first provider stays.
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| Error::Internal(format!("http client: {e}")))
}

#[derive(Deserialize)]
struct CreatedSession {
    id: String,
    url: Option<String>,
}

/// Creates a Stripe Checkout session for `payment` with `account`'s key and returns the URL to
/// send the buyer to. The payment id travels as `client_reference_id`, which the webhook uses
/// to find the payment again.
pub async fn create_stripe_checkout(
    db: &Db,
    account: &StripeAccount,
    payment: &Payment,
    product_name: &str,
    success_url: &str,
    cancel_url: &str,
) -> Result<String> {
    let form: Vec<(&str, String)> = vec![
        ("mode", "payment".into()),
        ("client_reference_id", payment.id.clone()),
        ("success_url", success_url.into()),
        ("cancel_url", cancel_url.into()),
        ("line_items[0][quantity]", "1".into()),
        (
            "line_items[0][price_data][currency]",
            payment.currency.to_ascii_lowercase(),
        ),
        (
            "line_items[0][price_data][unit_amount]",
            payment.amount_minor.to_string(),
        ),
        (
            "line_items[0][price_data][product_data][name]",
            product_name.into(),
        ),
        ("metadata[payment_id]", payment.id.clone()),
    ];
    let res = http_client()?
        .post(format!("{}/v1/checkout/sessions", account.api_base))
        .bearer_auth(account.secret_key.expose())
        .header("Idempotency-Key", format!("checkout-{}", payment.id))
        .form(&form)
        .send()
        .await
        .map_err(|e| Error::Internal(format!("stripe checkout: {e}")))?;
    let status = res.status();
    if !status.is_success() {
        let body = res.text().await.unwrap_or_default();
        return Err(Error::Internal(format!(
            "stripe checkout answered {status}: {}",
            body.chars().take(300).collect::<String>()
        )));
    }
    let session: CreatedSession = res
        .json()
        .await
        .map_err(|e| Error::Internal(format!("stripe checkout reply: {e}")))?;
    let url = session
        .url
        .ok_or_else(|| Error::Internal("stripe checkout reply has no url".into()))?;
    sqlx::query("update payments set provider_session_id = $2 where id = $1")
        .bind(&payment.id)
        .bind(&session.id)
        .execute(db.pool())
        .await?;
    Ok(url)
}
