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
    let (hits, window_start_ms): (i64, i64) = sqlx::query_as(
        "insert into rate_limits (bucket, window_start_ms, hits) values ($1, $2, 1)
         on conflict (bucket) do update set
           hits = case when rate_limits.window_start_ms <= $3 then 1 else rate_limits.hits + 1 end,
           window_start_ms = case when rate_limits.window_start_ms <= $3 then $2
                                  else rate_limits.window_start_ms end
         returning hits, window_start_ms",
    )
    .bind(bucket)
    .bind(now_ms)
    .bind(now_ms - limit.window_ms)
    .fetch_one(db.pool())
    .await?;
    if hits > limit.max_hits {
        let wait_ms = (window_start_ms + limit.window_ms - now_ms).max(1000);
        let retry_after_secs = u64::try_from(wait_ms / 1000).unwrap_or(1);
        return Err(AppError::RateLimited { retry_after_secs }.into());
    }
    Ok(())
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
