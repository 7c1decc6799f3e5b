//! The dispatch queue and the shared rate limiter, behind one interface with two backends that
//! pass the same conformance tests (`backend/tests/whatsapp_queue.rs`):
//!
//! - **Database** (the embedded default): a `wa_queue` table leased row by row
//!   (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer lock on SQLite), and GCRA
//!   rate limits kept in `wa_rate_limits`.
//! - **Redis** (`REDIS_URL` set): a stream with a consumer group; entries a crashed consumer
//!   left pending are reclaimed with `XAUTOCLAIM` once idle longer than the visibility timeout;
//!   delayed retries wait in a sorted set and a Lua script moves them to the stream when due;
//!   the GCRA limiter is one Lua script over all the keys a send needs.
//!
//! The queue carries message ids only. The message's row in the database stays the truth about
//! its state, so a duplicate delivery (a reclaimed entry whose first consumer was only slow) is
//! harmless: the dispatcher checks the row before doing anything.

use fred::prelude::*;
use fred::types::scripts::Script;

use crate::{Db, Result, db::DbKind, ids};

/// A stream entry: its id and fields.
type StreamEntry = (String, std::collections::HashMap<String, String>);

/// One queue entry handed to a consumer, to be acknowledged or retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The message id.
    pub message_id: String,
    /// The backend's handle on this delivery: the lease token (database) or stream entry id
    /// (Redis).
    pub receipt: String,
}

/// One rate limit a send must pass: at most `burst` at once, then one per `interval_us`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub key: String,
    pub interval_us: i64,
    pub burst: i64,
}

impl Limit {
    /// `per_sec` messages per second with a burst of a twentieth of a second's worth, so the
    /// rate over any minute stays within a fraction of a percent of `per_sec`.
    pub fn per_second(key: String, per_sec: u32) -> Self {
        let per_sec = i64::from(per_sec.max(1));
        Self {
            key,
            interval_us: (1_000_000 / per_sec).max(1),
            burst: (per_sec / 20).max(1),
        }
    }

    /// At most one per `gap_ms`.
    pub fn one_per(key: String, gap_ms: u32) -> Self {
        Self {
            key,
            interval_us: i64::from(gap_ms.max(1)) * 1000,
            burst: 1,
        }
    }
}

/// The queue, on the configured backend.
#[derive(Clone)]
pub enum WaQueue {
    Database(Db),
    Redis(RedisQueue),
}

/// The Redis backend's client and key names.
#[derive(Clone)]
pub struct RedisQueue {
    client: Client,
    stream: String,
    delayed: String,
    limit_prefix: String,
}

const GROUP: &str = "dispatchers";
/// How many due retries one claim moves from the delayed set to the stream.
const MOVE_BATCH_MAX: i64 = 1000;

const MOVE_DUE_LUA: &str = r"
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(due) do
  redis.call('XADD', KEYS[2], '*', 'id', id)
  redis.call('ZREM', KEYS[1], id)
end
return #due";

const RETRY_LUA: &str = r"
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('XACK', KEYS[2], ARGV[3], ARGV[4])
redis.call('XDEL', KEYS[2], ARGV[4])
return 1";

/// GCRA over every key at once: either all keys admit the send and all advance, or none moves
/// and the answer is how many microseconds to wait. Times are microseconds passed in (the
/// callers' clock), formatted with `%.0f` because Lua would print them in exponent form.
const GCRA_LUA: &str = r"
local now = tonumber(ARGV[1])
local wait = 0
local tats = {}
for i = 1, #KEYS do
  local iv = tonumber(ARGV[2 * i])
  local burst = tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  local new = tat + iv
  local w = new - burst * iv - now
  if w > wait then wait = w end
  tats[i] = new
end
if wait > 0 then return string.format('%.0f', wait) end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%.0f', tats[i]), 'PX', math.ceil((tats[i] - now) / 1000) + 1)
end
return '0'";

impl WaQueue {
    /// The queue on the database.
    pub fn database(db: Db) -> Self {
        Self::Database(db)
    }

    /// The queue on Redis under `prefix`, creating the stream and its consumer group if
    /// missing.
    pub async fn redis(client: Client, prefix: &str) -> Result<Self> {
        let q = RedisQueue {
            client,
            stream: format!("{prefix}:stream"),
            delayed: format!("{prefix}:delayed"),
            limit_prefix: format!("{prefix}:rl:"),
        };
        let created: std::result::Result<(), fred::error::Error> =
            q.client.xgroup_create(&q.stream, GROUP, "0", true).await;
        if let Err(e) = created
            && !e.details().contains("BUSYGROUP")
        {
            return Err(e.into());
        }
        Ok(Self::Redis(q))
    }

    /// The backend's name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Database(_) => "database",
            Self::Redis(_) => "redis",
        }
    }

    /// Queues `message_id` to be handed out at `due_ms` (at once when `due_ms <= now_ms`).
    pub async fn push(&self, message_id: &str, due_ms: i64, now_ms: i64) -> Result<()> {
        match self {
            Self::Database(db) => {
                let mut conn = db.pool().acquire().await?;
                push_in(&mut conn, message_id, due_ms).await
            }
            Self::Redis(q) => {
                if due_ms <= now_ms {
                    let _: String = q
                        .client
                        .xadd(&q.stream, false, None, "*", vec![("id", message_id)])
                        .await?;
                } else {
                    let _: i64 = q
                        .client
                        .zadd(
                            &q.delayed,
                            None,
                            None,
                            false,
                            false,
                            (due_f64(due_ms), message_id),
                        )
                        .await?;
                }
                Ok(())
            }
        }
    }

    /// Hands `consumer` up to `max` due entries: entries a crashed consumer left unacknowledged
    /// for longer than `visibility_ms` first, then new ones. Each stays invisible to other
    /// consumers for `visibility_ms`; one not acknowledged or retried by then is handed out
    /// again.
    pub async fn claim(
        &self,
        consumer: &str,
        max: usize,
        now_ms: i64,
        visibility_ms: i64,
    ) -> Result<Vec<Delivery>> {
        let max = max.clamp(1, 10_000);
        match self {
            Self::Database(db) => {
                let token = format!("{consumer}:{}", ids::random_hex(8));
                let lock = match db.kind() {
                    DbKind::Postgres => "for update skip locked",
                    DbKind::Sqlite => "",
                };
                let sql = format!(
                    "update wa_queue set lease_owner = $1, lease_until_ms = $2, deliveries = deliveries + 1
                     where lease_until_ms <= $3 and message_id in (
                         select message_id from wa_queue where due_ms <= $3 and lease_until_ms <= $3
                         order by due_ms limit $4 {lock})
                     returning message_id"
                );
                let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(&token)
                    .bind(now_ms + visibility_ms)
                    .bind(now_ms)
                    .bind(i64::try_from(max).unwrap_or(1))
                    .fetch_all(db.pool())
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(message_id,)| Delivery {
                        message_id,
                        receipt: token.clone(),
                    })
                    .collect())
            }
            Self::Redis(q) => {
                let mover = Script::from_lua(MOVE_DUE_LUA);
                let _: i64 = mover
                    .evalsha_with_reload(
                        &q.client,
                        vec![q.delayed.clone(), q.stream.clone()],
                        vec![now_ms.to_string(), MOVE_BATCH_MAX.to_string()],
                    )
                    .await?;
                let count = u64::try_from(max).unwrap_or(1);
                let (_next, stale): (String, Vec<StreamEntry>) = q
                    .client
                    .xautoclaim_values(
                        &q.stream,
                        GROUP,
                        consumer,
                        u64::try_from(visibility_ms).unwrap_or(0),
                        "0-0",
                        Some(count),
                        false,
                    )
                    .await?;
                let mut out: Vec<Delivery> = stale
                    .into_iter()
                    .filter_map(|(entry, fields)| {
                        fields.get("id").map(|id| Delivery {
                            message_id: id.clone(),
                            receipt: entry,
                        })
                    })
                    .collect();
                if out.len() < max {
                    let rest = u64::try_from(max - out.len()).unwrap_or(1);
                    // Nothing new is a nil reply, which the typed `xreadgroup_map` cannot read.
                    let raw: fred::types::Value = q
                        .client
                        .xreadgroup(GROUP, consumer, Some(rest), None, false, &q.stream, ">")
                        .await?;
                    let fresh: fred::types::streams::XReadResponse<String, String, String, String> =
                        if raw.is_null() {
                            std::collections::HashMap::new()
                        } else {
                            raw.into_xread_response()?
                        };
                    for (_stream, entries) in fresh {
                        for (entry, fields) in entries {
                            if let Some(id) = fields.get("id") {
                                out.push(Delivery {
                                    message_id: id.clone(),
                                    receipt: entry,
                                });
                            }
                        }
                    }
                }
                Ok(out)
            }
        }
    }

    /// Removes a handled entry.
    pub async fn ack(&self, d: &Delivery) -> Result<()> {
        self.ack_many(std::slice::from_ref(d)).await
    }

    /// Removes many handled entries: one statement on the database, one `XACK` and one
    /// `XDEL` on Redis.
    pub async fn ack_many(&self, ds: &[Delivery]) -> Result<()> {
        if ds.is_empty() {
            return Ok(());
        }
        match self {
            Self::Database(db) => {
                // One claim leases its entries under one token: one statement per token.
                let mut by_token: std::collections::BTreeMap<&str, Vec<&str>> =
                    std::collections::BTreeMap::new();
                for d in ds {
                    by_token.entry(&d.receipt).or_default().push(&d.message_id);
                }
                for (token, ids) in by_token {
                    let sql = format!(
                        "delete from wa_queue where lease_owner = $1 and message_id in ({})",
                        crate::db::params(2, ids.len())
                    );
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .persistent(false)
                        .bind(token);
                    for id in ids {
                        q = q.bind(id);
                    }
                    q.execute(db.pool()).await?;
                }
            }
            Self::Redis(q) => {
                let entries: Vec<&str> = ds.iter().map(|d| d.receipt.as_str()).collect();
                let _: i64 = q.client.xack(&q.stream, GROUP, entries.clone()).await?;
                let _: i64 = q.client.xdel(&q.stream, entries).await?;
            }
        }
        Ok(())
    }

    /// Hands the entry out again at `due_ms` (a retry after backoff, or a wait for a rate
    /// limit), atomically with giving up this delivery.
    pub async fn retry(&self, d: &Delivery, due_ms: i64) -> Result<()> {
        match self {
            Self::Database(db) => {
                sqlx::query(
                    "update wa_queue set due_ms = $3, lease_owner = null, lease_until_ms = 0
                     where message_id = $1 and lease_owner = $2",
                )
                .bind(&d.message_id)
                .bind(&d.receipt)
                .bind(due_ms)
                .execute(db.pool())
                .await?;
            }
            Self::Redis(q) => {
                let script = Script::from_lua(RETRY_LUA);
                let _: i64 = script
                    .evalsha_with_reload(
                        &q.client,
                        vec![q.delayed.clone(), q.stream.clone()],
                        vec![
                            due_ms.to_string(),
                            d.message_id.clone(),
                            GROUP.to_owned(),
                            d.receipt.clone(),
                        ],
                    )
                    .await?;
            }
        }
        Ok(())
    }

    /// Entries waiting or leased (for tests and the health page).
    pub async fn len(&self) -> Result<i64> {
        match self {
            Self::Database(db) => {
                let (n,): (i64,) = sqlx::query_as("select count(*) from wa_queue")
                    .fetch_one(db.pool())
                    .await?;
                Ok(n)
            }
            Self::Redis(q) => {
                let stream: i64 = q.client.xlen(&q.stream).await?;
                let delayed: i64 = q.client.zcard(&q.delayed).await?;
                Ok(stream + delayed)
            }
        }
    }

    /// Whether the queue is empty.
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.len().await? == 0)
    }

    /// Takes one slot of every limit in `limits` at `now_ms`, all or none: `None` when the send
    /// may go now, else how many milliseconds to wait before asking again. Shared by every
    /// worker on the same database or Redis.
    pub async fn acquire(&self, limits: &[Limit], now_ms: i64) -> Result<Option<i64>> {
        let now_us = now_ms.saturating_mul(1000);
        let wait_us = match self {
            Self::Database(db) => acquire_db(db, limits, now_us).await?,
            Self::Redis(q) => {
                let script = Script::from_lua(GCRA_LUA);
                let keys: Vec<String> = limits
                    .iter()
                    .map(|l| format!("{}{}", q.limit_prefix, l.key))
                    .collect();
                let mut args = vec![now_us.to_string()];
                for l in limits {
                    args.push(l.interval_us.to_string());
                    args.push(l.burst.to_string());
                }
                let wait: String = script.evalsha_with_reload(&q.client, keys, args).await?;
                wait.parse::<i64>().unwrap_or(1000)
            }
        };
        Ok((wait_us > 0).then(|| (wait_us + 999) / 1000))
    }
}

fn due_f64(due_ms: i64) -> f64 {
    // Epoch milliseconds are far below 2^53, so the conversion is exact.
    #[expect(
        clippy::cast_precision_loss,
        reason = "epoch ms < 2^53 convert exactly"
    )]
    let f = due_ms as f64;
    f
}

/// Queues `message_id` inside the caller's transaction (the database backend), so a message
/// and its queue entry commit together.
pub async fn push_in(conn: &mut sqlx::AnyConnection, message_id: &str, due_ms: i64) -> Result<()> {
    sqlx::query(
        "insert into wa_queue (message_id, due_ms) values ($1, $2)
         on conflict (message_id) do update set due_ms = $2, lease_owner = null, lease_until_ms = 0",
    )
    .bind(message_id)
    .bind(due_ms)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The database GCRA: each key's theoretical arrival time moves forward in one conditional
/// upsert, all keys in one transaction; a refusal rolls the others back.
async fn acquire_db(db: &Db, limits: &[Limit], now_us: i64) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    for l in limits {
        let slack = l.burst.saturating_mul(l.interval_us);
        let moved: Option<(i64,)> = sqlx::query_as(
            "insert into wa_rate_limits (key, tat_us) values ($1, $2 + $3)
             on conflict (key) do update
               set tat_us = (case when wa_rate_limits.tat_us > $2 then wa_rate_limits.tat_us else $2 end) + $3
             where (case when wa_rate_limits.tat_us > $2 then wa_rate_limits.tat_us else $2 end) + $3 - $4 <= $2
             returning tat_us",
        )
        .bind(&l.key)
        .bind(now_us)
        .bind(l.interval_us)
        .bind(slack)
        .fetch_optional(&mut *tx)
        .await?;
        if moved.is_none() {
            let (tat,): (i64,) = sqlx::query_as("select tat_us from wa_rate_limits where key = $1")
                .bind(&l.key)
                .fetch_one(&mut *tx)
                .await?;
            tx.rollback().await?;
            return Ok((tat + l.interval_us - slack - now_us).max(1));
        }
    }
    tx.commit().await?;
    Ok(0)
}
