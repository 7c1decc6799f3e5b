//! Fixed-window rate limits kept in the database, so every server process shares them.

use crate::{Db, Result};
use domain::AppError;

/// A limit: at most `max_hits` in any window of `window_ms`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_hits: i64,
    pub window_ms: i64,
}

/// Counts one hit on `bucket` at `now_ms` and refuses it with [`AppError::RateLimited`] when the
/// window already holds `limit.max_hits`. The count and the window move in one statement, so
/// concurrent hits are all counted.
pub async fn hit(db: &Db, bucket: &str, limit: Limit, now_ms: i64) -> Result<()> {
    hit_all(db, &[(bucket, limit)], now_ms).await
}

/// Counts one hit on each of `buckets` (distinct names) in one statement, and refuses with
/// [`AppError::RateLimited`], waiting for the longest, when any of them is over its limit.
/// Every bucket counts the hit, refused or not.
pub async fn hit_all(db: &Db, buckets: &[(&str, Limit)], now_ms: i64) -> Result<()> {
    match over(db, buckets, now_ms).await? {
        Some((_, retry_after_secs)) => Err(AppError::RateLimited { retry_after_secs }.into()),
        None => Ok(()),
    }
}

/// [`hit_all`]'s count, answering instead which bucket is over its limit (its index in
/// `buckets`; the one to wait longest for when several are) and the seconds to wait, or `None`.
pub async fn over(db: &Db, buckets: &[(&str, Limit)], now_ms: i64) -> Result<Option<(usize, u64)>> {
    if buckets.is_empty() {
        return Ok(None);
    }
    // $1 is now; bucket i is ${2 + 2i}, the start of its window if it began now.
    let values = (0..buckets.len())
        .map(|i| format!("(${}, $1, 1)", 2 + 2 * i))
        .collect::<Vec<_>>()
        .join(", ");
    let stale_before = crate::db::case_params(2, buckets.len());
    let stale =
        format!("rate_limits.window_start_ms <= (case rate_limits.bucket {stale_before} end)");
    let sql = format!(
        "insert into rate_limits (bucket, window_start_ms, hits) values {values}
         on conflict (bucket) do update set
           hits = case when {stale} then 1 else rate_limits.hits + 1 end,
           window_start_ms = case when {stale} then excluded.window_start_ms
                                  else rate_limits.window_start_ms end
         returning bucket, hits, window_start_ms"
    );
    let mut q = sqlx::query_as::<_, (String, i64, i64)>(sqlx::AssertSqlSafe(sql)).bind(now_ms);
    for (bucket, limit) in buckets {
        q = q.bind(*bucket).bind(now_ms - limit.window_ms);
    }
    let rows = q.fetch_all(db.pool()).await?;
    let mut worst: Option<(usize, i64)> = None;
    for (bucket, hits, window_start_ms) in rows {
        let Some(at) = buckets.iter().position(|(b, _)| *b == bucket) else {
            continue;
        };
        let limit = buckets[at].1;
        if hits > limit.max_hits {
            let wait = (window_start_ms + limit.window_ms - now_ms).max(1000);
            if worst.is_none_or(|(_, w)| wait > w) {
                worst = Some((at, wait));
            }
        }
    }
    match worst {
        Some((at, wait_ms)) => Ok(Some((at, u64::try_from(wait_ms / 1000).unwrap_or(1)))),
        None => Ok(None),
    }
}

/// Forgets the hits on `bucket` (after a successful login, say).
pub async fn reset(db: &Db, bucket: &str) -> Result<()> {
    sqlx::query("delete from rate_limits where bucket = $1")
        .bind(bucket)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Drops counters whose window ended before `before_ms`.
pub async fn purge(db: &Db, before_ms: i64) -> Result<u64> {
    let r = sqlx::query("delete from rate_limits where window_start_ms < $1")
        .bind(before_ms)
        .execute(db.pool())
        .await?;
    Ok(r.rows_affected())
}
