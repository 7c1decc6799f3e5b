//! Stripe's parts this platform speaks, with nothing of the product in them: the webhook
//! signature (`Stripe-Signature`, HMAC-SHA256 over `"{t}.{body}"` within a tolerance), the
//! checkout event's shape, creating a Checkout session with an account's key, and the
//! sandbox's own secret and events in the same format. A leaf: it imports no product area.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use domain::AppError;

use crate::{Error, Result, ids};

/// How far a signed webhook's timestamp may be from now (Stripe's default tolerance).
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

/// Checks a `Stripe-Signature` header (`t=<unix>,v1=<hex>[,v1=…]`) over the raw body:
/// HMAC-SHA256 of `"{t}.{body}"` with `secret`, any `v1` may match, and `t` must be within
/// [`SIGNATURE_TOLERANCE_SECS`] of `now_ms`.
pub fn verify_signature(secret: &str, header: &str, body: &[u8], now_ms: i64) -> Result<()> {
    let mut t: Option<i64> = None;
    let mut sigs: Vec<Vec<u8>> = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse().ok(),
            Some(("v1", v)) => sigs.extend(ids::unhex(v)),
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
    /// The session's metadata, as set when it was created (`item`: what is paid for).
    #[serde(default)]
    pub metadata: std::collections::BTreeMap<String, String>,
}

impl CheckoutSession {
    /// The `item` the session was created for (see [`CheckoutRequest::item`]).
    pub fn item(&self) -> Option<&str> {
        self.metadata.get("item").map(String::as_str)
    }
}

/// The body of a paid `checkout.session.completed` event for the session of `item`
/// `reference_id` (see [`CheckoutRequest`]), as Stripe would send it.
pub fn session_completed_event(
    event_id: &str,
    item: &str,
    reference_id: &str,
    amount_minor: i64,
    currency: &str,
) -> Result<Vec<u8>> {
    let event = StripeEvent {
        id: event_id.to_owned(),
        kind: "checkout.session.completed".to_owned(),
        data: StripeEventData {
            object: CheckoutSession {
                id: format!("cs_sandbox_{reference_id}"),
                client_reference_id: Some(reference_id.to_owned()),
                amount_total: Some(amount_minor),
                currency: Some(currency.to_ascii_lowercase()),
                payment_status: Some("paid".to_owned()),
                metadata: [("item".to_owned(), item.to_owned())].into(),
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

/// One thing to pay for in a Stripe Checkout session.
#[derive(Debug, Clone)]
pub struct CheckoutRequest<'a> {
    /// What is paid for; travels as `metadata[item]`, which the webhook completes by.
    pub item: &'a str,
    /// Our payment id; travels as `client_reference_id`, which the webhook uses to find it.
    pub reference_id: &'a str,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub product_name: &'a str,
    /// The language of Stripe's page (`locale`: see [`checkout_locale`]).
    pub locale: &'static str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
}

/// Stripe Checkout's name for a language (its `locale` parameter: `en`, `ms`, and `zh` for
/// Simplified Chinese).
pub const fn checkout_locale(locale: domain::i18n::Locale) -> &'static str {
    match locale {
        domain::i18n::Locale::En => "en",
        domain::i18n::Locale::Ms => "ms",
        domain::i18n::Locale::ZhHans => "zh",
    }
}

/// Creates a Stripe Checkout session with `account`'s key; the session id and the URL to send
/// the buyer to. Stripe's answer on failure goes to the error (for the log), never the key.
pub async fn create_checkout_session(
    account: &StripeAccount,
    r: &CheckoutRequest<'_>,
) -> Result<(String, String)> {
    let form: Vec<(&str, String)> = vec![
        ("mode", "payment".into()),
        ("client_reference_id", r.reference_id.to_owned()),
        ("success_url", r.success_url.into()),
        ("cancel_url", r.cancel_url.into()),
        ("line_items[0][quantity]", "1".into()),
        (
            "line_items[0][price_data][currency]",
            r.currency.to_ascii_lowercase(),
        ),
        (
            "line_items[0][price_data][unit_amount]",
            r.amount_minor.to_string(),
        ),
        (
            "line_items[0][price_data][product_data][name]",
            r.product_name.into(),
        ),
        ("locale", r.locale.to_owned()),
        ("metadata[payment_id]", r.reference_id.to_owned()),
        ("metadata[item]", r.item.to_owned()),
    ];
    let res = http_client()?
        .post(format!("{}/v1/checkout/sessions", account.api_base))
        .bearer_auth(account.secret_key.expose())
        .header("Idempotency-Key", format!("checkout-{}", r.reference_id))
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
    Ok((session.id, url))
}
