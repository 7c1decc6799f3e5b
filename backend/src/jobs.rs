//! Background work. [`Queue`]: the WhatsApp queue's backend, a table in the application
//! database (the embedded default) or Redis (scale-out). [`Job`]: every other piece of
//! background work (a batch's PDF, the scheduled passes), a row of the `jobs` table on either
//! engine, claimed under a lease and run by `worker/src/jobs` (see [`claim`] and [`schedule`]).

use fred::prelude::{ClientLike, Config as RedisConfig};

use crate::config::QueueConfig;
use crate::{Db, Result};

/// The connected queue backend.
#[derive(Clone)]
pub enum Queue {
    /// Jobs live in the application database.
    Database,
    /// Jobs live in Redis.
    Redis(fred::clients::Client),
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Queue {
    /// Connects the configured backend; Redis must answer before the server starts.
    pub async fn connect(config: &QueueConfig) -> Result<Self> {
        match config {
            QueueConfig::Database => Ok(Self::Database),
            QueueConfig::Redis { url } => {
                let cfg = RedisConfig::from_url(url.expose())?;
                let client = fred::types::Builder::from_config(cfg).build()?;
                client.init().await?;
                Ok(Self::Redis(client))
            }
        }
    }

    /// The name `/healthz` reports.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Database => "database",
            Self::Redis(_) => "redis",
        }
    }

    /// Checks the backend answers.
    pub async fn ping(&self, db: &Db) -> Result<()> {
        match self {
            Self::Database => {
                sqlx::query("select 1").execute(db.pool()).await?;
            }
            Self::Redis(c) => {
                let _: String = c.ping(None).await?;
            }
        }
        Ok(())
    }
}

/// The kinds of background work, each a row of the `jobs` table (see [`Job`]). A batch's PDF is
/// enqueued with its batch; the others are scheduled: every worker's ticker enqueues the current
/// period of each ([`schedule`]), and the period's dedupe key makes it run once however many
/// workers tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Renders one batch's PDF into the file store (payload: the batch id).
    BatchPdf,
    /// Refunds the unclaimed coupons of batches that ended.
    ExpiryRefunds,
    /// Makes each tenant's statements for the month that finished.
    Statements,
    /// Runs the WhatsApp campaigns that are due.
    Campaigns,
    /// Purges expired sessions, old throttling counters and finished jobs; expires memberships
    /// and ads past their end.
    Housekeeping,
    /// Looks up the TXT records of custom domains waiting for verification.
    DomainChecks,
}

impl JobKind {
    /// Every kind, in the order the metrics list them.
    pub const ALL: [Self; 6] = [
        Self::BatchPdf,
        Self::ExpiryRefunds,
        Self::Statements,
        Self::Campaigns,
        Self::Housekeeping,
        Self::DomainChecks,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BatchPdf => "batch_pdf",
            Self::ExpiryRefunds => "expiry_refunds",
            Self::Statements => "statements",
            Self::Campaigns => "campaigns",
            Self::Housekeeping => "housekeeping",
            Self::DomainChecks => "domain_checks",
        }
    }

    /// The kind a stored name names.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How often a scheduled kind's period starts, in milliseconds; `None` for work enqueued
    /// by what it is for (a batch's PDF).
    pub const fn every_ms(self) -> Option<i64> {
        match self {
            Self::BatchPdf => None,
            Self::ExpiryRefunds | Self::Campaigns | Self::Housekeeping => Some(60_000),
            Self::Statements | Self::DomainChecks => Some(300_000),
        }
    }

    /// How many times a job of this kind is claimed before it is given up. A scheduled pass
    /// is not retried: the next period's pass does the same work.
    pub const fn max_attempts(self) -> i64 {
        match self {
            Self::BatchPdf => 3,
            _ => 1,
        }
    }
}

/// One claimed job, leased to the worker that claimed it until [`renew`] stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub dedupe_key: String,
    pub payload: String,
    /// Claims so far, this one included.
    pub attempts: i64,
    pub max_attempts: i64,
    /// The request that enqueued it, for the logs.
    pub request_id: Option<String>,
}

/// How long a claim holds a job before another worker may take it; a running job renews it
/// every quarter of this ([`renew`]), so only a worker that stopped lets it run out.
pub const LEASE_MS: i64 = 60_000;

/// The wait before attempt `attempts + 1` of a failed job: 5 s, 20 s, 80 s, … at most 10 min.
pub fn backoff_ms(attempts: i64) -> i64 {
    let steps = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    (5_000_i64 * 4_i64.pow(steps)).min(600_000)
}

/// Enqueues a job of `kind` under `dedupe_key`, due at `run_at_ms`, on `conn` (pass a
/// transaction to enqueue with the work that needs it). A key already enqueued, running or
/// finished adds nothing; whether a row was added.
pub async fn enqueue(
    conn: &mut sqlx::AnyConnection,
    kind: JobKind,
    dedupe_key: &str,
    payload: &str,
    run_at_ms: i64,
) -> Result<bool> {
    let added = insert(conn, kind, dedupe_key, payload, run_at_ms, "do nothing").await?;
    Ok(added == 1)
}

/// [`enqueue`], or, when the key's job finished (done or given up), queues it again with fresh
/// attempts: "try again" on a failed batch PDF. A job still queued or running is left as it is.
pub async fn enqueue_again(
    db: &Db,
    kind: JobKind,
    dedupe_key: &str,
    payload: &str,
    now_ms: i64,
) -> Result<()> {
    let mut conn = db.pool().acquire().await?;
    insert(
        &mut conn,
        kind,
        dedupe_key,
        payload,
        now_ms,
        "do update set state = 'queued', attempts = 0, run_at_ms = $6, lease_until_ms = null,
             worker = null, last_error = null, finished_at_ms = null, request_id = $7
         where jobs.state in ('done', 'failed')",
    )
    .await?;
    Ok(())
}

/// Inserts a queued job, doing `on_conflict` when its key exists; rows changed.
async fn insert(
    conn: &mut sqlx::AnyConnection,
    kind: JobKind,
    dedupe_key: &str,
    payload: &str,
    run_at_ms: i64,
    on_conflict: &'static str,
) -> Result<u64> {
    let sql = format!(
        "insert into jobs (id, kind, dedupe_key, payload, state, attempts, max_attempts, run_at_ms,
             request_id, created_at_ms)
         values ($1, $2, $3, $4, 'queued', 0, $5, $6, $7, $6)
         on conflict (dedupe_key) {on_conflict}"
    );
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(crate::ids::new_id())
        .bind(kind.as_str())
        .bind(dedupe_key)
        .bind(payload)
        .bind(kind.max_attempts())
        .bind(run_at_ms)
        .bind(current_request_id())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

/// The request id of the HTTP request being served, if any (see [`with_request_id`]).
fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Runs `f` with `id` as the request id that jobs it enqueues carry into the worker's logs.
pub async fn with_request_id<F: std::future::Future>(id: String, f: F) -> F::Output {
    REQUEST_ID.scope(id, f).await
}

/// Enqueues the current period of every scheduled kind (see [`JobKind::every_ms`]); how many
/// periods were new. Every worker calls this on its ticker: the first adds the period, the
/// rest add nothing.
pub async fn schedule(db: &Db, now_ms: i64) -> Result<u64> {
    let mut conn = db.pool().acquire().await?;
    let mut added = 0;
    for kind in JobKind::ALL {
        if let Some(every) = kind.every_ms() {
            let period = now_ms.div_euclid(every);
            let key = format!("{}:{period}", kind.as_str());
            if enqueue(&mut conn, kind, &key, "", period * every).await? {
                added += 1;
            }
        }
    }
    Ok(added)
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: String,
    kind: String,
    dedupe_key: String,
    payload: String,
    attempts: i64,
    max_attempts: i64,
    request_id: Option<String>,
}

/// Claims the job due longest (a queued one whose time came, or a running one whose lease ran
/// out) for `worker` until `now_ms + LEASE_MS`, counting the attempt; `None` when nothing is
/// due. On PostgreSQL concurrent claims skip each other's rows; SQLite has one writer.
pub async fn claim(db: &Db, worker: &str, now_ms: i64) -> Result<Option<Job>> {
    let lock = match db.kind() {
        crate::db::DbKind::Postgres => "for update skip locked",
        crate::db::DbKind::Sqlite => "",
    };
    let sql = format!(
        "update jobs set state = 'running', attempts = attempts + 1, lease_until_ms = $2, worker = $3
         where id = (select id from jobs
                     where (state = 'queued' and run_at_ms <= $1)
                        or (state = 'running' and lease_until_ms < $1)
                     order by run_at_ms limit 1 {lock})
         returning id, kind, dedupe_key, payload, attempts, max_attempts, request_id"
    );
    let mut tx = db.begin_write().await?;
    let row: Option<JobRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now_ms)
        .bind(now_ms + LEASE_MS)
        .bind(worker)
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    let Some(r) = row else { return Ok(None) };
    let kind = JobKind::parse(&r.kind).ok_or_else(|| {
        crate::Error::Internal(format!("job {} has unknown kind {}", r.id, r.kind))
    })?;
    Ok(Some(Job {
        id: r.id,
        kind,
        dedupe_key: r.dedupe_key,
        payload: r.payload,
        attempts: r.attempts,
        max_attempts: r.max_attempts,
        request_id: r.request_id,
    }))
}

/// Extends `worker`'s lease on job `id` to `now_ms + LEASE_MS`; false when the lease is no
/// longer this worker's (it ran out and another took the job).
pub async fn renew(db: &Db, id: &str, worker: &str, now_ms: i64) -> Result<bool> {
    let r = sqlx::query(
        "update jobs set lease_until_ms = $3 where id = $1 and worker = $2 and state = 'running'",
    )
    .bind(id)
    .bind(worker)
    .bind(now_ms + LEASE_MS)
    .execute(db.pool())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Marks `worker`'s job `id` done.
pub async fn finish(db: &Db, id: &str, worker: &str, now_ms: i64) -> Result<()> {
    sqlx::query(
        "update jobs set state = 'done', finished_at_ms = $3, lease_until_ms = null
         where id = $1 and worker = $2 and state = 'running'",
    )
    .bind(id)
    .bind(worker)
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Records that `worker`'s attempt at `job` failed with `error`: queued again after
/// [`backoff_ms`] while attempts remain, else given up (`failed`). Whether it was given up.
pub async fn fail(db: &Db, job: &Job, worker: &str, now_ms: i64, error: &str) -> Result<bool> {
    let give_up = job.attempts >= job.max_attempts;
    let (state, run_at, finished) = if give_up {
        ("failed", now_ms, Some(now_ms))
    } else {
        ("queued", now_ms + backoff_ms(job.attempts), None)
    };
    sqlx::query(
        "update jobs set state = $3, run_at_ms = $4, finished_at_ms = $5, last_error = $6,
             lease_until_ms = null
         where id = $1 and worker = $2 and state = 'running'",
    )
    .bind(&job.id)
    .bind(worker)
    .bind(state)
    .bind(run_at)
    .bind(finished)
    .bind(error.chars().take(2_000).collect::<String>())
    .execute(db.pool())
    .await?;
    Ok(give_up)
}

/// Hands `worker`'s running job `id` back at once (the worker is stopping), without counting
/// the attempt.
pub async fn release(db: &Db, id: &str, worker: &str) -> Result<()> {
    sqlx::query(
        "update jobs set state = 'queued', attempts = attempts - 1, lease_until_ms = null, worker = null
         where id = $1 and worker = $2 and state = 'running'",
    )
    .bind(id)
    .bind(worker)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Removes jobs that finished before `before_ms`; how many.
pub async fn purge_finished(db: &Db, before_ms: i64) -> Result<u64> {
    let r =
        sqlx::query("delete from jobs where state in ('done', 'failed') and finished_at_ms < $1")
            .bind(before_ms)
            .execute(db.pool())
            .await?;
    Ok(r.rows_affected())
}

/// Jobs waiting (queued or running) of each kind: how many, and when the oldest was due.
pub async fn waiting(db: &Db) -> Result<Vec<(JobKind, i64, Option<i64>)>> {
    let rows: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "select kind, count(*), min(run_at_ms) from jobs where state in ('queued', 'running')
         group by kind",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(JobKind::ALL
        .into_iter()
        .map(|k| {
            rows.iter()
                .find(|r| r.0 == k.as_str())
                .map_or((k, 0, None), |r| (k, r.1, r.2))
        })
        .collect())
}
