//! The WhatsApp engine: enqueue (with a credit hold), dispatch (rate limits, retries, crash
//! safety), senders, status webhooks and logs.
//!
//! A message's life, and where each step's money goes:
//!
//! 1. [`enqueue`]: the class comes from the trigger ([`domain::whatsapp::classify`]); one
//!    transaction writes the message, holds its cost in the class's wallet (keyed by message
//!    id) and, on the database queue, its queue entry. No credits: the message is stored as
//!    failed with reason "insufficient credits" and never queued.
//! 2. [`dispatch_once`]: a worker claims entries, passes the shared rate limits (per sending
//!    number and per recipient), marks the message `sending` under a lease and records the
//!    attempt (committed before the API call), then sends.
//! 3. Accepted (a `wamid`): one transaction records the wamid and captures the hold into one
//!    `deduct` row related to the message ([`accept`]). Never sent again, never refunded.
//! 4. A transient failure: back to `queued` with a backoff; a permanent one, or the last
//!    allowed attempt: `failed` and the hold released, in one transaction.
//!
//! Crash safety. The queue entry is acknowledged only after the message's row reached its
//! next state, so a worker killed at any moment leaves an entry that is handed out again
//! (leases on the database, `XAUTOCLAIM` on Redis). The row decides what happens then: accepted
//! or failed rows are only acknowledged; a row still `sending` after its lease is "in doubt" —
//! the request may have reached Meta. The sandbox resends (its outbox is keyed by message id,
//! so the phone still gets one message); the Cloud API, which has no idempotency key for
//! messages, waits [`crate::config::WhatsAppConfig::in_doubt_grace_ms`] for a status webhook
//! carrying our id in `biz_opaque_callback_data` — which proves acceptance and records it via
//! [`accept`] — and only then resends.

pub mod logs;
pub mod queue;
pub mod sandbox;
pub mod sender;
pub mod webhook;

#[cfg(any(test, feature = "testing"))]
pub mod fake;

use std::sync::Arc;

use rand::Rng;
use sqlx::FromRow;

use domain::AppError;
use domain::credits::{OwnerType, RelatedKind};
use domain::i18n::Message;
use domain::whatsapp::{
    CREDITS_PER_MESSAGE, MessageClass, PhoneNumber, Retry, SendFailure, Trigger, backoff_ms,
    classify, classify_failure,
};

use crate::credits::{self, WalletRef};
use crate::jobs::Queue;
use crate::metrics::SendOutcome;
use crate::{Ctx, Db, Error, Result, ids};

pub use queue::{Delivery, Limit, WaQueue};
pub use sender::{Content, Sender};

/// Everything dispatch needs: the context, the queue and the sender. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    pub ctx: Ctx,
    pub queue: WaQueue,
    pub sender: Arc<Sender>,
}

impl Engine {
    /// The engine as configured: the queue on Redis when `REDIS_URL` is set (else the
    /// database), the Cloud API when `WHATSAPP_TOKEN` is set (else the sandbox).
    pub async fn new(ctx: &Ctx) -> Result<Self> {
        let queue = match &ctx.queue {
            Queue::Database => WaQueue::database(ctx.db.clone()),
            Queue::Redis(client) => {
                WaQueue::redis(client.clone(), &ctx.config.whatsapp.redis_prefix).await?
            }
        };
        Ok(Self {
            ctx: ctx.clone(),
            queue,
            sender: Arc::new(Sender::from_config(&ctx.config.whatsapp)),
        })
    }
}

/// A message to send, as a claim or a campaign asks for it. There is no class field: the
/// trigger decides it.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub tenant_id: String,
    pub merchant_id: String,
    pub trigger: Trigger,
    /// The customer's number as typed; parsed with [`PhoneNumber::parse`].
    pub recipient: String,
    pub content: Content,
    pub coupon_id: Option<String>,
    /// Set it to make enqueueing idempotent per merchant (e.g. `claim:<coupon id>`): the same
    /// key again returns the first message.
    pub dedupe_key: Option<String>,
}

/// What [`enqueue`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enqueued {
    /// Queued, its cost held.
    Queued { message_id: String },
    /// Not queued: the wallet could not cover it. Stored as failed with reason
    /// "insufficient credits".
    InsufficientCredits { message_id: String, available: i64 },
}

impl Enqueued {
    /// The message's id either way.
    pub fn message_id(&self) -> &str {
        match self {
            Self::Queued { message_id } | Self::InsufficientCredits { message_id, .. } => {
                message_id
            }
        }
    }
}

const DEDUPE_KEY_MAX_LEN: usize = 200;

/// The language a template message to `customer_id` goes out in: the language the customer
/// claimed in, when the platform's templates are approved in it
/// (`WHATSAPP_TEMPLATE_LANGUAGES`), else the site's default
/// ([`domain::whatsapp::template_language`]); a fallback is logged.
pub async fn template_language_for(
    conn: &mut sqlx::AnyConnection,
    approved: &[domain::i18n::Locale],
    tenant_id: &str,
    customer_id: &str,
) -> Result<domain::i18n::Locale> {
    use domain::i18n::Locale;
    let row: Option<(String, String)> = sqlx::query_as(
        "select c.locale, t.default_locale from customers c join tenants t on t.id = c.tenant_id
         where c.id = $1 and c.tenant_id = $2",
    )
    .bind(customer_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (customer, site) = row.map_or((Locale::En, Locale::En), |(c, t)| {
        (
            Locale::parse(&c).unwrap_or_default(),
            Locale::parse(&t).unwrap_or_default(),
        )
    });
    let (language, fell_back) = domain::whatsapp::template_language(customer, site, approved);
    if fell_back {
        tracing::info!(
            customer_language = %customer,
            sent_in = %language,
            "no approved message template in the customer's language: sent in the site's default"
        );
    }
    Ok(language)
}

/// Queues a message for its merchant, holding its cost in the wallet of its class. Bad input
/// (phone, content, a merchant not of `tenant_id`) is refused before anything is written.
pub async fn enqueue(e: &Engine, m: &NewMessage) -> Result<Enqueued> {
    let phone = PhoneNumber::parse(&m.recipient)?;
    m.content.check()?;
    if m.dedupe_key
        .as_ref()
        .is_some_and(|k| k.is_empty() || k.len() > DEDUPE_KEY_MAX_LEN)
    {
        return Err(AppError::invalid("Dedupe key", "must be 1 to 200 characters").into());
    }
    let db = &e.ctx.db;
    // The merchant must be of `tenant_id`: the message insert checks it (NotFound, and the
    // transaction is rolled back with its hold).
    let class = classify(m.trigger);
    let content = serde_json::to_string(&m.content)
        .map_err(|err| Error::Internal(format!("content json: {err}")))?;
    let now = e.ctx.clock.now_ms();
    let id = ids::new_id();
    let wallet = WalletRef {
        tenant_id: m.tenant_id.clone(),
        owner_type: OwnerType::Merchant,
        owner_id: m.merchant_id.clone(),
        credit_type: class.credit_type(),
    };
    let row = MessageInsert {
        id: &id,
        m,
        class,
        recipient: phone.as_str(),
        sender_phone_id: &e.ctx.config.whatsapp.phone_number_id,
        content: &content,
        now,
    };
    let mut tx = db.begin_write().await?;
    if let Some(existing) = by_dedupe_key(&mut tx, m).await? {
        return Ok(existing);
    }
    let held = credits::hold_in(
        &mut tx,
        now,
        &wallet,
        CREDITS_PER_MESSAGE,
        RelatedKind::Message,
        Some(&id),
        &format!("wa:{id}"),
    )
    .await;
    let hold = match held {
        Ok(h) => h,
        Err(Error::User(AppError::InsufficientCredits { balance, .. })) => {
            tx.rollback().await?;
            let mut tx = db.begin_write().await?;
            if let Some(existing) = by_dedupe_key(&mut tx, m).await? {
                return Ok(existing);
            }
            insert_message(&mut tx, &row, None).await?;
            tx.commit().await?;
            return Ok(Enqueued::InsufficientCredits {
                message_id: id,
                available: balance,
            });
        }
        Err(err) => return Err(err),
    };
    if let Err(err) = insert_message(&mut tx, &row, Some(&hold.id)).await {
        // A concurrent enqueue with the same dedupe key won: answer with its message.
        if let Error::Storage(sqlx::Error::Database(d)) = &err
            && d.is_unique_violation()
        {
            tx.rollback().await?;
            let mut conn = db.pool().acquire().await?;
            if let Some(existing) = by_dedupe_key(&mut conn, m).await? {
                return Ok(existing);
            }
        }
        return Err(err);
    }
    if let WaQueue::Database(_) = e.queue {
        queue::push_in(&mut tx, &id, now).await?;
    }
    tx.commit().await?;
    if let WaQueue::Redis(_) = e.queue {
        // If the process stops right here, `requeue_stranded` finds the queued row later.
        e.queue.push(&id, now, now).await?;
    }
    Ok(Enqueued::Queued { message_id: id })
}

/// Queues a message inside the caller's write transaction, holding its cost there: for a
/// caller whose own rows (a campaign's coupon and guard row) must commit with the message or
/// not at all. `Ok(Err(available))` means the wallet could not cover it; nothing was written
/// by this call and the caller should roll back. After the commit, call [`after_commit`].
pub(crate) async fn enqueue_in(
    conn: &mut sqlx::AnyConnection,
    e: &Engine,
    now: i64,
    m: &NewMessage,
) -> Result<std::result::Result<String, i64>> {
    let phone = PhoneNumber::parse(&m.recipient)?;
    m.content.check()?;
    let class = classify(m.trigger);
    let content = serde_json::to_string(&m.content)
        .map_err(|err| Error::Internal(format!("content json: {err}")))?;
    let id = ids::new_id();
    let wallet = WalletRef {
        tenant_id: m.tenant_id.clone(),
        owner_type: OwnerType::Merchant,
        owner_id: m.merchant_id.clone(),
        credit_type: class.credit_type(),
    };
    let hold = match credits::hold_in(
        conn,
        now,
        &wallet,
        CREDITS_PER_MESSAGE,
        RelatedKind::Message,
        Some(&id),
        &format!("wa:{id}"),
    )
    .await
    {
        Ok(h) => h,
        Err(Error::User(AppError::InsufficientCredits { balance, .. })) => return Ok(Err(balance)),
        Err(err) => return Err(err),
    };
    let row = MessageInsert {
        id: &id,
        m,
        class,
        recipient: phone.as_str(),
        sender_phone_id: &e.ctx.config.whatsapp.phone_number_id,
        content: &content,
        now,
    };
    insert_message(conn, &row, Some(&hold.id)).await?;
    if let WaQueue::Database(_) = e.queue {
        queue::push_in(conn, &id, now).await?;
    }
    Ok(Ok(id))
}

/// After the transaction of [`enqueue_in`] committed: puts the message on the Redis queue
/// (the database queue's entry committed with it). A crash before this is repaired by
/// [`requeue_stranded`].
pub(crate) async fn after_commit(e: &Engine, message_id: &str, now: i64) -> Result<()> {
    if let WaQueue::Redis(_) = e.queue {
        e.queue.push(message_id, now, now).await?;
    }
    Ok(())
}

struct MessageInsert<'a> {
    id: &'a str,
    m: &'a NewMessage,
    class: MessageClass,
    recipient: &'a str,
    sender_phone_id: &'a str,
    content: &'a str,
    now: i64,
}

async fn insert_message(
    conn: &mut sqlx::AnyConnection,
    r: &MessageInsert<'_>,
    hold_id: Option<&str>,
) -> Result<()> {
    let (status, state, error) = match hold_id {
        Some(_) => ("queued", "queued", None),
        None => ("failed", "failed", Some(logs::INSUFFICIENT_CREDITS)),
    };
    let inserted = sqlx::query(
        "insert into wa_messages (id, tenant_id, merchant_id, trigger, class, credit_type, recipient, sender_phone_id,
                                  content, coupon_id, dedupe_key, cost_credits, hold_id, status, state, last_error,
                                  created_at_ms, updated_at_ms)
         select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17
         where exists (select 1 from merchants where id = $3 and tenant_id = $2)",
    )
    .bind(r.id)
    .bind(&r.m.tenant_id)
    .bind(&r.m.merchant_id)
    .bind(r.m.trigger.as_str())
    .bind(r.class.as_str())
    .bind(r.class.credit_type().as_str())
    .bind(r.recipient)
    .bind(r.sender_phone_id)
    .bind(r.content)
    .bind(r.m.coupon_id.as_deref())
    .bind(r.m.dedupe_key.as_deref())
    .bind(CREDITS_PER_MESSAGE)
    .bind(hold_id)
    .bind(status)
    .bind(state)
    .bind(error)
    .bind(r.now)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        // Not a merchant of this tenant.
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

async fn by_dedupe_key(conn: &mut sqlx::AnyConnection, m: &NewMessage) -> Result<Option<Enqueued>> {
    let Some(key) = &m.dedupe_key else {
        return Ok(None);
    };
    let found: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "select id, hold_id, last_error from wa_messages
         where merchant_id = $1 and dedupe_key = $2 and tenant_id = $3",
    )
    .bind(&m.merchant_id)
    .bind(key)
    .bind(&m.tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.map(|(message_id, hold_id, last_error)| {
        if hold_id.is_none() && last_error.as_deref() == Some(logs::INSUFFICIENT_CREDITS) {
            Enqueued::InsufficientCredits {
                message_id,
                available: 0,
            }
        } else {
            Enqueued::Queued { message_id }
        }
    }))
}

/// Sets the WhatsApp status of the coupons that messages `ids` carry to their message's status,
/// in the caller's transaction: a coupon's `wa_status` follows its message (queued → sent →
/// delivered → read, or failed) in the same transaction as the message's change, whichever
/// queue backend dispatched it. Delivered never touches the coupon's own status (Redeemed).
pub(crate) async fn sync_coupons_in(conn: &mut sqlx::AnyConnection, ids: &[&str]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let n = ids.len();
    let sql = format!(
        "update coupons set wa_status = (
             select m.status from wa_messages m
             where m.coupon_id = coupons.serial and m.id in ({})
             order by m.created_at_ms desc, m.id limit 1)
         where serial in (select coupon_id from wa_messages where coupon_id is not null and id in ({}))",
        crate::db::params(1, n),
        crate::db::params(1 + n, n)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
    for id in ids.iter().chain(ids.iter()) {
        q = q.bind(*id);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Records that WhatsApp accepted `message_id` as `wamid` and captures its hold (one `deduct`
/// row), in one transaction. Used by the worker on the API's answer and by the webhook when a
/// notification proves an interrupted send was accepted. Whether this call did it: `false` when
/// the message was already accepted (or is unknown, or failed).
pub async fn accept(db: &Db, now_ms: i64, message_id: &str, wamid: &str) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let taken: Option<(Option<String>, String, i64)> = sqlx::query_as(
        "update wa_messages set state = 'accepted', wamid = $2, accepted_at_ms = $3, updated_at_ms = $3,
             status = case when status = 'queued' then 'sent' else status end,
             credits_deducted = cost_credits, lease_until_ms = 0
         where id = $1 and state in ('queued', 'sending')
         returning hold_id, class, cost_credits",
    )
    .bind(message_id)
    .bind(wamid)
    .bind(now_ms)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((hold_id, class, _cost)) = taken else {
        tx.rollback().await?;
        return Ok(false);
    };
    let sent_class = class.clone();
    if let Some(hold_id) = hold_id {
        credits::capture_in(&mut tx, now_ms, &hold_id, &accepted_words(&class)?).await?;
    }
    sqlx::query(
        "update wa_attempts set finished_at_ms = $2, outcome = 'accepted'
         where message_id = $1 and outcome is null",
    )
    .bind(message_id)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    sync_coupons_in(&mut tx, &[message_id]).await?;
    tx.commit().await?;
    crate::metrics::whatsapp(&sent_class, SendOutcome::Sent);
    Ok(true)
}

/// The ledger line of an accepted message's charge.
fn accepted_words(class: &str) -> Result<Message> {
    let class = MessageClass::parse(class)?;
    Ok(Message::new("ledger-wa-accepted").with("class", class.as_str()))
}

/// [`accept`] for many messages in one transaction and a fixed number of statements: the
/// messages that were still queued or sending record their wamid, their holds are captured
/// (one `deduct` row each, through [`credits::capture_many_in`]) and their attempts close.
/// Messages already accepted (by a webhook that proved an interrupted send) or failed are
/// left as they are, as [`accept`] leaves them.
async fn accept_many(db: &Db, now_ms: i64, sent: &[(&str, &str)]) -> Result<()> {
    let n = sent.len();
    let cases = crate::db::case_params(2, n);
    let sql = format!(
        "update wa_messages set state = 'accepted', wamid = (case id {cases} end), accepted_at_ms = $1,
             updated_at_ms = $1, status = case when status = 'queued' then 'sent' else status end,
             credits_deducted = cost_credits, lease_until_ms = 0
         where state in ('queued', 'sending') and id in ({})
         returning id, hold_id, class",
        crate::db::params(2 + 2 * n, n)
    );
    let mut q = sqlx::query_as::<_, (String, Option<String>, String)>(sqlx::AssertSqlSafe(sql))
        .persistent(false)
        .bind(now_ms);
    for (id, wamid) in sent {
        q = q.bind(*id).bind(*wamid);
    }
    for (id, _) in sent {
        q = q.bind(*id);
    }
    let mut tx = db.begin_write().await?;
    let taken = q.fetch_all(&mut *tx).await?;
    if taken.is_empty() {
        tx.rollback().await?;
        return Ok(());
    }
    let mut holds = Vec::with_capacity(taken.len());
    for (_, hold_id, class) in &taken {
        if let Some(hold_id) = hold_id {
            holds.push((hold_id.as_str(), accepted_words(class)?));
        }
    }
    let holds: Vec<(&str, &Message)> = holds.iter().map(|(h, w)| (*h, w)).collect();
    credits::capture_many_in(&mut tx, db.kind(), now_ms, &holds).await?;
    let sql = format!(
        "update wa_attempts set finished_at_ms = $1, outcome = 'accepted'
         where outcome is null and message_id in ({})",
        crate::db::params(2, taken.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .persistent(false)
        .bind(now_ms);
    for (id, _, _) in &taken {
        q = q.bind(id);
    }
    q.execute(&mut *tx).await?;
    let ids: Vec<&str> = taken.iter().map(|(id, _, _)| id.as_str()).collect();
    sync_coupons_in(&mut tx, &ids).await?;
    tx.commit().await?;
    for (_, _, class) in &taken {
        crate::metrics::whatsapp(class, SendOutcome::Sent);
    }
    Ok(())
}

/// Fails a message that was never accepted and releases its hold, in one transaction.
async fn fail(db: &Db, now_ms: i64, message_id: &str, error: &str) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let taken: Option<(Option<String>, String)> = sqlx::query_as(
        "update wa_messages set state = 'failed', status = 'failed', last_error = $2, updated_at_ms = $3,
             lease_until_ms = 0
         where id = $1 and state in ('queued', 'sending') returning hold_id, class",
    )
    .bind(message_id)
    .bind(error)
    .bind(now_ms)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((hold_id, class)) = taken else {
        tx.rollback().await?;
        return Ok(false);
    };
    if let Some(hold_id) = hold_id {
        credits::release_in(&mut tx, now_ms, &hold_id).await?;
    }
    finish_attempt(&mut tx, message_id, now_ms, "failed", Some(error)).await?;
    sync_coupons_in(&mut tx, &[message_id]).await?;
    tx.commit().await?;
    crate::metrics::whatsapp(&class, SendOutcome::Failed);
    Ok(true)
}

async fn finish_attempt(
    conn: &mut sqlx::AnyConnection,
    message_id: &str,
    now_ms: i64,
    outcome: &str,
    error: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "update wa_attempts set finished_at_ms = $2, outcome = $3, error = $4
         where message_id = $1 and outcome is null",
    )
    .bind(message_id)
    .bind(now_ms)
    .bind(outcome)
    .bind(error)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What one [`dispatch_once`] pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DispatchReport {
    pub claimed: usize,
    pub accepted: usize,
    pub retried: usize,
    pub failed: usize,
    /// Put back to wait for a rate limit (not an attempt).
    pub rate_limited: usize,
    /// Already handled, or being handled by another worker, or waiting for an in-doubt
    /// send's webhook.
    pub skipped: usize,
}

impl DispatchReport {
    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Accepted => self.accepted += 1,
            Outcome::Retried => self.retried += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::RateLimited => self.rate_limited += 1,
            Outcome::Skipped => self.skipped += 1,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Accepted,
    Retried,
    Failed,
    RateLimited,
    Skipped,
}

/// How long past the send timeout a `sending` lease lasts.
const LEASE_MARGIN_MS: i64 = 1_000;
/// How long past the lease a claimed queue entry stays invisible to other workers.
const VISIBILITY_MARGIN_MS: i64 = 1_000;
/// How many entries one pass claims (and sends concurrently).
pub const DISPATCH_BATCH_MAX: usize = 64;

impl Engine {
    fn lease_ms(&self) -> i64 {
        i64::from(self.ctx.config.whatsapp.send_timeout_ms) + LEASE_MARGIN_MS
    }

    /// How long a claimed entry stays invisible: a send's lease plus a margin.
    pub fn visibility_ms(&self) -> i64 {
        self.lease_ms() + VISIBILITY_MARGIN_MS
    }
}

#[derive(FromRow)]
struct Pending {
    id: String,
    tenant_id: String,
    merchant_id: String,
    recipient: String,
    sender_phone_id: String,
    content: String,
    state: String,
    lease_until_ms: i64,
    attempts: i64,
}

/// Claims up to `max` due entries as `consumer` and handles them: rate limits, one attempt
/// each, and the resulting state. Safe to run in any number of workers at once.
///
/// The database work is done for the whole pass at once rather than per message: one read of
/// the claimed rows, one transaction marking every attempt before any request leaves, the
/// requests concurrently, and one transaction recording every acceptance with its charge.
/// Each message still moves through exactly the states described in the module docs.
pub async fn dispatch_once(e: &Engine, consumer: &str, max: usize) -> Result<DispatchReport> {
    let now = e.ctx.clock.now_ms();
    let deliveries = e.queue.claim(consumer, max, now, e.visibility_ms()).await?;
    let mut report = DispatchReport {
        claimed: deliveries.len(),
        ..DispatchReport::default()
    };
    if deliveries.is_empty() {
        return Ok(report);
    }
    let mut rows = load_pending(&e.ctx.db, &deliveries).await?;
    let mut done = Vec::new();
    let mut ready = Vec::new();
    for d in deliveries {
        let Some(m) = rows.remove(&d.message_id) else {
            done.push(d);
            report.add(Outcome::Skipped);
            continue;
        };
        match triage(e, &m, now) {
            Triage::Done => {
                done.push(d);
                report.add(Outcome::Skipped);
            }
            Triage::Later(due_ms) => {
                e.queue.retry(&d, due_ms).await?;
                report.add(Outcome::Skipped);
            }
            Triage::Send => ready.push((d, m)),
        }
    }
    let ready = pass_rate_limits(e, ready, now, &mut report).await?;
    let started = start_attempts(e, &ready, now).await?;
    let mut sends = tokio::task::JoinSet::new();
    for (d, m) in ready {
        let Some(&attempt) = started.get(&m.id) else {
            // Someone else moved it on since we read it; their delivery carries it.
            done.push(d);
            report.add(Outcome::Skipped);
            continue;
        };
        let e = e.clone();
        sends.spawn(async move {
            let outgoing = sender::Outgoing {
                content: serde_json::from_str(&m.content)
                    .map_err(|err| Error::Internal(format!("stored content: {err}")))?,
                message_id: m.id,
                tenant_id: m.tenant_id,
                merchant_id: m.merchant_id,
                recipient: m.recipient,
            };
            let answer = e.sender.send(&e.ctx.db, now, &outgoing).await?;
            Ok::<_, Error>((d, outgoing.message_id, attempt, answer))
        });
    }
    let mut accepted = Vec::new();
    let mut first_error = None;
    while let Some(joined) = sends.join_next().await {
        let sent = joined.map_err(|join| Error::Internal(format!("dispatch task: {join}")));
        match sent.and_then(|r| r) {
            Ok((d, id, _, Ok(wamid))) => accepted.push((d, id, wamid)),
            Ok((d, id, attempt, Err(failure))) => {
                let done_ms = e.ctx.clock.now_ms();
                match on_failure(e, &d, &id, attempt, &failure, done_ms).await {
                    Ok(o) => report.add(o),
                    Err(err) => {
                        first_error.get_or_insert(err);
                    }
                }
            }
            // The entry stays leased and is handed out again.
            Err(err) => {
                tracing::error!(error = %err, "whatsapp dispatch");
                first_error.get_or_insert(err);
            }
        }
    }
    if !accepted.is_empty() {
        let done_ms = e.ctx.clock.now_ms();
        let pairs: Vec<(&str, &str)> = accepted
            .iter()
            .map(|(_, id, wamid)| (id.as_str(), wamid.as_str()))
            .collect();
        if let Err(err) = accept_many(&e.ctx.db, done_ms, &pairs).await {
            // One at a time instead, each in its own transaction, so one bad row cannot hold
            // back the others.
            tracing::warn!(error = %err, "whatsapp: recording acceptances one by one");
            for (id, wamid) in &pairs {
                accept(&e.ctx.db, done_ms, id, wamid).await?;
            }
        }
        for (d, _, _) in accepted {
            done.push(d);
            report.add(Outcome::Accepted);
        }
    }
    e.queue.ack_many(&done).await?;
    match first_error {
        Some(err) if report.claimed == 1 => Err(err),
        _ => Ok(report),
    }
}

/// What to do with a claimed entry, from its message's row.
enum Triage {
    /// Already accepted or failed: acknowledge the entry.
    Done,
    /// Not yet: hand the entry out again at this time.
    Later(i64),
    /// Send it now.
    Send,
}

fn triage(e: &Engine, m: &Pending, now: i64) -> Triage {
    match m.state.as_str() {
        "accepted" | "failed" => Triage::Done,
        // Another worker is mid-send; look again when its lease ends.
        "sending" if m.lease_until_ms > now => Triage::Later(m.lease_until_ms),
        "sending" if !e.sender.resends_idempotently() => {
            let resend_at = m.lease_until_ms + i64::from(e.ctx.config.whatsapp.in_doubt_grace_ms);
            if now < resend_at {
                Triage::Later(resend_at)
            } else {
                Triage::Send
            }
        }
        _ => Triage::Send,
    }
}

/// The claimed messages' rows, by id, in one read.
async fn load_pending(
    db: &Db,
    deliveries: &[Delivery],
) -> Result<std::collections::HashMap<String, Pending>> {
    let sql = format!(
        "select id, tenant_id, merchant_id, recipient, sender_phone_id, content, state, lease_until_ms, attempts
         from wa_messages where id in ({})",
        crate::db::params(1, deliveries.len())
    );
    let mut q = sqlx::query_as::<_, Pending>(sqlx::AssertSqlSafe(sql)).persistent(false);
    for d in deliveries {
        q = q.bind(&d.message_id);
    }
    let rows = q.fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(|m| (m.id.clone(), m)).collect())
}

/// Asks the shared limiter (per sending number, per recipient) for every message at once;
/// the ones it turns away go back on the queue until their wait is over.
async fn pass_rate_limits(
    e: &Engine,
    ready: Vec<(Delivery, Pending)>,
    now: i64,
    report: &mut DispatchReport,
) -> Result<Vec<(Delivery, Pending)>> {
    let cfg = &e.ctx.config.whatsapp;
    let mut asks = tokio::task::JoinSet::new();
    for (i, (_, m)) in ready.iter().enumerate() {
        let mut limits = vec![Limit::per_second(
            format!("num:{}", m.sender_phone_id),
            cfg.rate_per_sec,
        )];
        if cfg.recipient_gap_ms > 0 {
            limits.push(Limit::one_per(
                format!("pair:{}:{}", m.sender_phone_id, m.recipient),
                cfg.recipient_gap_ms,
            ));
        }
        let queue = e.queue.clone();
        asks.spawn(async move { (i, queue.acquire(&limits, now).await) });
    }
    let mut waits = vec![None; ready.len()];
    while let Some(joined) = asks.join_next().await {
        let (i, wait) = joined.map_err(|join| Error::Internal(format!("limiter task: {join}")))?;
        waits[i] = wait?;
    }
    let mut passed = Vec::with_capacity(ready.len());
    for ((d, m), wait) in ready.into_iter().zip(waits) {
        match wait {
            Some(wait_ms) => {
                e.queue.retry(&d, now + wait_ms).await?;
                report.add(Outcome::RateLimited);
            }
            None => passed.push((d, m)),
        }
    }
    Ok(passed)
}

/// Marks each message `sending` under a lease and records its attempt, in one transaction
/// committed before any request leaves (so a crash during a request is known afterwards).
/// A row that moved on since it was read (its attempt count changed) is left alone. The
/// attempt numbers of the messages started, by id.
async fn start_attempts(
    e: &Engine,
    ready: &[(Delivery, Pending)],
    now: i64,
) -> Result<std::collections::HashMap<String, i64>> {
    if ready.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let n = ready.len();
    let cases = crate::db::case_params(3, n);
    let sql = format!(
        "update wa_messages set state = 'sending', attempts = attempts + 1, lease_until_ms = $1, updated_at_ms = $2
         where (state = 'queued' or (state = 'sending' and lease_until_ms <= $2))
           and attempts = (case id {cases} end) and id in ({})
         returning id, attempts",
        crate::db::params(3 + 2 * n, n)
    );
    let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql))
        .persistent(false)
        .bind(now + e.lease_ms())
        .bind(now);
    for (_, m) in ready {
        q = q.bind(&m.id).bind(m.attempts);
    }
    for (_, m) in ready {
        q = q.bind(&m.id);
    }
    let mut tx = e.ctx.db.begin_write().await?;
    let started = q.fetch_all(&mut *tx).await?;
    if !started.is_empty() {
        let ids = crate::db::params(2, started.len());
        let sql = format!(
            "update wa_attempts set finished_at_ms = $1, outcome = 'retry', error = 'interrupted'
             where outcome is null and message_id in ({ids})"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .bind(now);
        for (id, _) in &started {
            q = q.bind(id);
        }
        q.execute(&mut *tx).await?;
        let values = (0..started.len())
            .map(|i| format!("({})", crate::db::params(1 + 3 * i, 3)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql =
            format!("insert into wa_attempts (message_id, attempt, started_at_ms) values {values}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
        for (id, attempt) in &started {
            q = q.bind(id).bind(*attempt).bind(now);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(started.into_iter().collect())
}

async fn on_failure(
    e: &Engine,
    d: &Delivery,
    message_id: &str,
    attempt: i64,
    failure: &SendFailure,
    now: i64,
) -> Result<Outcome> {
    let cfg = &e.ctx.config.whatsapp;
    let error = failure.describe();
    let attempts_left = attempt < i64::from(cfg.attempts_max);
    if classify_failure(failure) == Retry::Later && attempts_left {
        let attempt_u32 = u32::try_from(attempt).unwrap_or(u32::MAX);
        let delay = backoff_ms(
            attempt_u32,
            i64::from(cfg.retry_base_ms),
            i64::from(cfg.retry_cap_ms),
            rand::thread_rng().r#gen(),
        );
        let mut tx = e.ctx.db.begin_write().await?;
        let class: Option<(String,)> = sqlx::query_as(
            "update wa_messages set state = 'queued', last_error = $2, updated_at_ms = $3, lease_until_ms = 0
             where id = $1 and state = 'sending' returning class",
        )
        .bind(message_id)
        .bind(&error)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        finish_attempt(&mut tx, message_id, now, "retry", Some(&error)).await?;
        tx.commit().await?;
        if let Some((class,)) = class {
            crate::metrics::whatsapp(&class, SendOutcome::Retried);
        }
        e.queue.retry(d, now + delay).await?;
        return Ok(Outcome::Retried);
    }
    let error = if attempts_left {
        error
    } else {
        format!("gave up after {attempt} attempts: {error}")
    };
    fail(&e.ctx.db, now, message_id, &error).await?;
    e.queue.ack(d).await?;
    Ok(Outcome::Failed)
}

/// How long a `queued` message may sit untouched before [`requeue_stranded`] pushes it again
/// (beyond the longest backoff).
pub const STRANDED_AFTER_MS: i64 = 10 * 60 * 1000;

/// Pushes queued messages that lost their queue entry (the process stopped between the
/// database commit and the Redis push) back onto the queue; how many. Pushing one that still
/// has its entry is harmless: the dispatcher checks the row first.
pub async fn requeue_stranded(e: &Engine) -> Result<usize> {
    let now = e.ctx.clock.now_ms();
    let stale = now - STRANDED_AFTER_MS - i64::from(e.ctx.config.whatsapp.retry_cap_ms);
    let found: Vec<(String,)> = sqlx::query_as(
        "select id from wa_messages where state in ('queued', 'sending') and updated_at_ms < $1 limit 1000",
    )
    .bind(stale)
    .fetch_all(e.ctx.db.pool())
    .await?;
    for (id,) in &found {
        e.queue.push(id, now, now).await?;
        sqlx::query("update wa_messages set updated_at_ms = $2 where id = $1")
            .bind(id)
            .bind(now)
            .execute(e.ctx.db.pool())
            .await?;
    }
    Ok(found.len())
}

/// How long the dispatcher sleeps when the queue had nothing due.
pub const IDLE_SLEEP: std::time::Duration = std::time::Duration::from_millis(50);

/// Runs dispatch (and, with the sandbox sender, its simulated webhooks) until `shutdown`
/// resolves. `consumer` names this worker (unique per process). Start one per worker process;
/// any number may run at once.
pub async fn run_dispatcher(
    e: Engine,
    consumer: String,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    let mut last_sweep = 0_i64;
    loop {
        let pass = async {
            let report = dispatch_once(&e, &consumer, DISPATCH_BATCH_MAX).await?;
            let now = e.ctx.clock.now_ms();
            if e.sender.resends_idempotently() {
                sandbox::tick(&e.ctx, now).await?;
            }
            if now - last_sweep > 60_000 {
                last_sweep = now;
                if let WaQueue::Redis(_) = e.queue {
                    requeue_stranded(&e).await?;
                }
            }
            Ok::<_, Error>(report)
        };
        let idle = match pass.await {
            Ok(r) => r.claimed == 0,
            Err(err) => {
                tracing::error!(error = %err, "whatsapp dispatcher");
                true
            }
        };
        if idle {
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(IDLE_SLEEP) => {}
            }
        } else if futures_ready(&mut shutdown) {
            break;
        }
    }
}

fn futures_ready(shutdown: &mut std::pin::Pin<&mut impl std::future::Future<Output = ()>>) -> bool {
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    shutdown.as_mut().poll(&mut cx).is_ready()
}
