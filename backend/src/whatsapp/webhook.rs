//! `/webhooks/whatsapp`: Meta's subscription challenge (GET) and status notifications (POST).
//!
//! A POST is checked against `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw
//! body)>` in constant time before anything is parsed; then every
//! `entry[].changes[].value.statuses[]` is applied. Statuses merge by
//! [`domain::whatsapp::Status::merge`] in one conditional `update`, so a notification applied
//! twice, late, or out of order leaves the same result.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use domain::AppError;
use domain::whatsapp::Status;

use crate::config::WhatsAppConfig;
use crate::{Db, Error, Result, ids};

/// Answers Meta's GET verification: the challenge when `mode` is `subscribe` and `token`
/// equals `WHATSAPP_VERIFY_TOKEN`; [`AppError::Forbidden`] otherwise (also when no verify token
/// is configured).
pub fn verify_challenge(
    config: &WhatsAppConfig,
    mode: Option<&str>,
    token: Option<&str>,
    challenge: Option<&str>,
) -> Result<String> {
    let expected = config.verify_token.as_ref().ok_or(AppError::Forbidden)?;
    let given = token.ok_or(AppError::Forbidden)?;
    let same = constant_time_eq(expected.expose().as_bytes(), given.as_bytes());
    match (mode, challenge) {
        (Some("subscribe"), Some(c)) if same && c.len() <= 200 => Ok(c.to_owned()),
        _ => Err(AppError::Forbidden.into()),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn mac(secret: &str) -> Result<Hmac<Sha256>> {
    Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|e| Error::Internal(format!("hmac key: {e}")))
}

/// The `X-Hub-Signature-256` value Meta would send for `body`.
pub fn sign(secret: &str, body: &[u8]) -> Result<String> {
    let mut m = mac(secret)?;
    m.update(body);
    Ok(format!("sha256={}", ids::hex(&m.finalize().into_bytes())))
}

/// Checks `header` (`sha256=<hex>`) against the raw `body` in constant time.
pub fn verify_signature(secret: &str, header: &str, body: &[u8]) -> Result<()> {
    let hex = header
        .trim()
        .strip_prefix("sha256=")
        .ok_or(AppError::BadWhatsAppSignature)?;
    let sig = unhex(hex).ok_or(AppError::BadWhatsAppSignature)?;
    let mut m = mac(secret)?;
    m.update(body);
    m.verify_slice(&sig)
        .map_err(|_| Error::from(AppError::BadWhatsAppSignature))
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The secret webhooks are signed with: `WHATSAPP_APP_SECRET`, or in sandbox mode without one
/// a random per-process secret that never leaves the process (so the public route refuses
/// every outside POST, while the sandbox signs its own simulated webhooks).
pub fn webhook_secret(config: &WhatsAppConfig) -> String {
    match &config.app_secret {
        Some(s) => s.expose().to_owned(),
        None => sandbox_secret().to_owned(),
    }
}

fn sandbox_secret() -> &'static str {
    static SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SECRET.get_or_init(|| format!("wa_sandbox_{}", ids::random_hex(24)))
}

/// The notification Meta posts (the parts this platform reads).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Notification {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub entry: Vec<Entry>,
}

/// One WhatsApp Business Account's changes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Entry {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// One change (`field` is `messages` for statuses).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Change {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub value: ChangeValue,
}

/// The change's value.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ChangeValue {
    #[serde(default)]
    pub messaging_product: String,
    #[serde(default)]
    pub statuses: Vec<StatusUpdate>,
    /// Messages customers sent to the business (read for STOP / START).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<InboundMessage>,
}

/// A message a customer sent (the parts this platform reads).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct InboundMessage {
    /// The sender's number, digits without the plus.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<InboundText>,
}

/// A text message's body.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct InboundText {
    #[serde(default)]
    pub body: String,
}

/// One status of one sent message.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StatusUpdate {
    /// The `wamid`.
    pub id: String,
    pub status: String,
    /// Unix seconds, as a string.
    #[serde(default)]
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_id: Option<String>,
    /// Our message id, echoed from the send request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_opaque_callback_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<StatusError>,
}

/// An error attached to a `failed` status.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StatusError {
    pub code: i64,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A status notification body in Meta's format, for the sandbox, the fake API and tests.
pub fn notification(phone_number_id: &str, statuses: Vec<StatusUpdate>) -> Notification {
    let value = serde_json::json!({
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": "15550000000", "phone_number_id": phone_number_id },
        "statuses": statuses,
    });
    Notification {
        object: "whatsapp_business_account".into(),
        entry: vec![Entry {
            id: "0".into(),
            changes: vec![Change {
                field: "messages".into(),
                value: serde_json::from_value(value).unwrap_or_default(),
            }],
        }],
    }
}

/// What one POST did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookReport {
    /// Statuses that changed a message.
    pub applied: usize,
    /// Statuses that changed nothing (repeats, or older than what the message has).
    pub unchanged: usize,
    /// Statuses of messages this platform does not know.
    pub unknown: usize,
    /// Sends interrupted by a crash that this notification proved accepted.
    pub resolved_in_doubt: usize,
    /// STOP / START replies that changed (or confirmed) a customer's consent.
    pub consent_replies: usize,
}

/// The ranks of [`Status::merge`] as SQL, generated from the domain's order so the two cannot
/// drift apart.
fn rank_sql(column: &str) -> String {
    let arms: String = Status::ALL
        .iter()
        .map(|s| format!(" when '{}' then {}", s.as_str(), s.rank()))
        .collect();
    format!("(case {column}{arms} end)")
}

/// Verifies and applies one POST. A bad signature or a body that is not a notification
/// changes nothing.
pub async fn handle_webhook(
    db: &Db,
    now_ms: i64,
    secret: &str,
    signature: &str,
    body: &[u8],
) -> Result<WebhookReport> {
    verify_signature(secret, signature, body)?;
    let n: Notification = serde_json::from_slice(body).map_err(|e| {
        AppError::invalid("Notification", format!("not a WhatsApp notification: {e}"))
    })?;
    let mut report = WebhookReport::default();
    for entry in &n.entry {
        for change in &entry.changes {
            for s in &change.value.statuses {
                apply_status(db, now_ms, s, &mut report).await?;
            }
            for m in &change.value.messages {
                let text = m.text.as_ref().map_or("", |t| t.body.as_str());
                if m.kind == "text"
                    && crate::campaigns::consent_reply(db, now_ms, &m.from, text)
                        .await?
                        .is_some()
                {
                    report.consent_replies += 1;
                }
            }
        }
    }
    Ok(report)
}

async fn apply_status(
    db: &Db,
    now_ms: i64,
    s: &StatusUpdate,
    report: &mut WebhookReport,
) -> Result<()> {
    let Some(status) = Status::from_webhook(&s.status) else {
        report.unchanged += 1;
        return Ok(());
    };
    let mut known: Option<(String,)> =
        sqlx::query_as("select id from wa_messages where wamid = $1")
            .bind(&s.id)
            .fetch_optional(db.pool())
            .await?;
    if known.is_none()
        && let Some(message_id) = s.biz_opaque_callback_data.as_deref()
    {
        // The send was accepted but the worker stopped (or has not yet recorded the answer):
        // this notification is the proof; record it and charge, exactly as the worker would.
        if super::accept(db, now_ms, message_id, &s.id).await? {
            report.resolved_in_doubt += 1;
        }
        // Whether this call or the worker (racing with its own API answer) recorded it.
        known = sqlx::query_as("select id from wa_messages where id = $1 and wamid = $2")
            .bind(message_id)
            .bind(&s.id)
            .fetch_optional(db.pool())
            .await?;
    }
    let Some((message_id,)) = known else {
        report.unknown += 1;
        return Ok(());
    };
    let error = s.errors.first().map(|e| {
        format!("{}: {}", e.code, e.title)
            .chars()
            .take(300)
            .collect::<String>()
    });
    let sql = format!(
        "update wa_messages set status = $2, updated_at_ms = $4,
             delivered_at_ms = case when $2 in ('delivered', 'read') then coalesce(delivered_at_ms, $4) else delivered_at_ms end,
             read_at_ms = case when $2 = 'read' then coalesce(read_at_ms, $4) else read_at_ms end
         where id = $1 and {} < $3",
        rank_sql("status")
    );
    // The message's status and its coupon's change together.
    let mut tx = db.begin_write().await?;
    let changed = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&message_id)
        .bind(status.as_str())
        .bind(i64::from(status.rank()))
        .bind(now_ms)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if let Some(error) = error {
        // A failure is recorded even when it does not change the status (failed after
        // delivered): the merchant sees what Meta reported.
        sqlx::query("update wa_messages set last_error = $2 where id = $1")
            .bind(&message_id)
            .bind(error)
            .execute(&mut *tx)
            .await?;
    }
    if changed > 0 {
        super::sync_coupons_in(&mut tx, &[message_id.as_str()]).await?;
    }
    tx.commit().await?;
    if changed > 0 {
        report.applied += 1;
    } else {
        report.unchanged += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_with_the_right_secret_and_body() {
        let h = sign("app-secret", b"{\"a\":1}").unwrap();
        assert!(h.starts_with("sha256=") && h.len() == 71);
        assert!(verify_signature("app-secret", &h, b"{\"a\":1}").is_ok());
        assert!(verify_signature("other", &h, b"{\"a\":1}").is_err());
        assert!(verify_signature("app-secret", &h, b"{\"a\":2}").is_err());
        assert!(
            verify_signature("app-secret", &h.replace("sha256=", "sha1="), b"{\"a\":1}").is_err()
        );
        assert!(verify_signature("app-secret", "sha256=zz", b"{\"a\":1}").is_err());
        assert!(verify_signature("app-secret", "", b"{\"a\":1}").is_err());
    }

    #[test]
    fn the_challenge_is_echoed_only_for_the_right_token() {
        let mut c = crate::Config::from_map(&std::collections::BTreeMap::new())
            .unwrap()
            .whatsapp;
        assert!(verify_challenge(&c, Some("subscribe"), Some("t"), Some("42")).is_err());
        c.verify_token = Some(crate::config::Secret::new("t"));
        assert_eq!(
            verify_challenge(&c, Some("subscribe"), Some("t"), Some("42")).unwrap(),
            "42"
        );
        assert!(verify_challenge(&c, Some("subscribe"), Some("u"), Some("42")).is_err());
        assert!(verify_challenge(&c, Some("unsubscribe"), Some("t"), Some("42")).is_err());
        assert!(verify_challenge(&c, Some("subscribe"), Some("t"), None).is_err());
    }

    #[test]
    fn the_sql_ranks_follow_the_domain_order() {
        let sql = rank_sql("status");
        assert!(sql.contains("when 'sent' then 1") && sql.contains("when 'read' then 4"));
    }
}
