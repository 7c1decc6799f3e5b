//! The sandbox sender's second half: after a message lands in the outbox it "happens" on the
//! customer's phone. [`tick`] posts the status notifications Meta would send (sent, then
//! delivered or — about one in twenty-five — failed, then read for most), in Meta's format,
//! signed with the webhook secret and handed to [`super::webhook::handle_webhook`], the very
//! function behind `/webhooks/whatsapp`. Which path a message takes is decided by a hash of
//! its id, so runs are reproducible.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use domain::auth::Principal;
use domain::whatsapp::{mask_phone, show_phone};

use super::sender::Content;
use super::webhook::{self, StatusError, StatusUpdate, WebhookReport};
use crate::{Ctx, Db, Error, Result};

/// When the sandbox reports a message sent, after it was accepted.
pub const SENT_AFTER_MS: i64 = 1_000;
/// When it reports delivered (or failed), after sent.
pub const DELIVERED_AFTER_MS: i64 = 2_000;
/// When it reports read, after delivered.
pub const READ_AFTER_MS: i64 = 5_000;
/// Out of 100 messages, how many fail after sent.
pub const FAILED_PER_100: u8 = 4;
/// Out of 100 delivered messages, how many are read.
pub const READ_PER_100: u8 = 70;
/// Most notifications one tick posts.
pub const TICK_BATCH_MAX: i64 = 500;

fn roll(wamid: &str, salt: &str) -> u8 {
    let d = Sha256::digest(format!("{salt}:{wamid}").as_bytes());
    d[0] % 100
}

/// Whether the sandbox will fail this message (after reporting it sent).
pub fn will_fail(wamid: &str) -> bool {
    roll(wamid, "fail") < FAILED_PER_100
}

/// Posts every sandbox notification due at `now_ms`; how many.
pub async fn tick(ctx: &Ctx, now_ms: i64) -> Result<WebhookReport> {
    let due: Vec<(String, String, i64)> = sqlx::query_as(
        "select wamid, recipient, stage from wa_sandbox_outbox where stage < 3 and next_due_ms <= $1
         order by next_due_ms limit $2",
    )
    .bind(now_ms)
    .bind(TICK_BATCH_MAX)
    .fetch_all(ctx.db.pool())
    .await?;
    let mut total = WebhookReport::default();
    if due.is_empty() {
        return Ok(total);
    }
    let mut statuses = Vec::with_capacity(due.len());
    for (wamid, recipient, stage) in &due {
        let (status, next_stage, next_due) = match stage {
            0 => ("sent", 1, now_ms + DELIVERED_AFTER_MS),
            1 if will_fail(wamid) => ("failed", 3, now_ms),
            1 if roll(wamid, "read") < READ_PER_100 => ("delivered", 2, now_ms + READ_AFTER_MS),
            1 => ("delivered", 3, now_ms),
            _ => ("read", 3, now_ms),
        };
        let errors = if status == "failed" {
            vec![StatusError {
                code: 131_026,
                title: "Message undeliverable".into(),
                message: Some("Message undeliverable".into()),
            }]
        } else {
            Vec::new()
        };
        statuses.push(StatusUpdate {
            id: wamid.clone(),
            status: status.into(),
            timestamp: (now_ms / 1000).to_string(),
            recipient_id: Some(recipient.clone()),
            biz_opaque_callback_data: None,
            pricing: (status == "sent").then(|| {
                serde_json::json!({ "billable": true, "pricing_model": "PMP", "category": "utility", "type": "regular" })
            }),
            errors,
        });
        sqlx::query("update wa_sandbox_outbox set stage = $2, next_due_ms = $3 where wamid = $1 and stage = $4")
            .bind(wamid)
            .bind(next_stage)
            .bind(next_due)
            .bind(stage)
            .execute(ctx.db.pool())
            .await?;
    }
    // One notification per batch, as Meta batches statuses.
    let body = serde_json::to_vec(&webhook::notification(
        &ctx.config.whatsapp.phone_number_id,
        statuses,
    ))
    .map_err(|e| Error::Internal(format!("notification json: {e}")))?;
    let secret = webhook::webhook_secret(&ctx.config.whatsapp);
    let signature = webhook::sign(&secret, &body)?;
    let r = webhook::handle_webhook(&ctx.db, now_ms, &secret, &signature, &body).await?;
    total.applied += r.applied;
    total.unchanged += r.unchanged;
    total.unknown += r.unknown;
    Ok(total)
}

/// One message on the sandbox phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneMessage {
    pub message_id: String,
    pub wamid: String,
    /// Masked unless the viewer is the message's merchant.
    pub recipient: String,
    pub content: Content,
    pub status: String,
    pub created_at_ms: i64,
}

/// The sandbox outbox as a phone shows it, newest first: a merchant sees its own messages with
/// full numbers; an agent sees its merchants', the Super Admin everyone's, masked.
pub async fn outbox(db: &Db, who: &Principal, rows: i64) -> Result<Vec<PhoneMessage>> {
    let scope = super::logs::scope(who)?;
    let (filter, arg) = scope.sql("o");
    let sql = format!(
        "select o.message_id, o.wamid, o.recipient, o.content, m.status, o.created_at_ms, o.merchant_id
         from wa_sandbox_outbox o join wa_messages m on m.id = o.message_id
         {filter} order by o.created_at_ms desc, o.message_id limit {}",
        rows.clamp(1, 500)
    );
    let mut q = sqlx::query_as::<_, (String, String, String, String, String, i64, String)>(
        sqlx::AssertSqlSafe(sql),
    );
    if let Some(a) = arg {
        q = q.bind(a);
    }
    let found = q.fetch_all(db.pool()).await?;
    found
        .into_iter()
        .map(
            |(message_id, wamid, recipient, content, status, created_at_ms, merchant)| {
                let owner = who.merchant_id() == Some(merchant.as_str());
                Ok(PhoneMessage {
                    message_id,
                    wamid,
                    recipient: if owner {
                        show_phone(&recipient)
                    } else {
                        mask_phone(&recipient)
                    },
                    content: serde_json::from_str(&content)
                        .map_err(|e| Error::Internal(format!("outbox content: {e}")))?,
                    status,
                    created_at_ms,
                })
            },
        )
        .collect()
}
