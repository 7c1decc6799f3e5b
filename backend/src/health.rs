//! What `/healthz` reports: the backends in use and whether they answer.

use serde::Serialize;

use crate::Ctx;

/// The health report.
#[derive(Debug, Serialize)]
pub struct Health {
    /// `ok` when every backend answered, `degraded` otherwise.
    pub status: &'static str,
    /// `sqlite` or `postgresql`.
    pub database: &'static str,
    /// `database` (a queue table) or `redis`.
    pub queue: &'static str,
    /// `disk` or `s3`.
    pub files: &'static str,
    pub database_ok: bool,
    pub queue_ok: bool,
    pub files_ok: bool,
}

/// Asks each backend a trivial question.
pub async fn check(ctx: &Ctx) -> Health {
    let database_ok = sqlx::query("select 1").execute(ctx.db.pool()).await.is_ok();
    let queue_ok = match ctx.queue.ping(&ctx.db).await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "queue health check failed");
            false
        }
    };
    let files_ok = match ctx.files.ping().await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "file store health check failed");
            false
        }
    };
    Health {
        status: if database_ok && queue_ok && files_ok {
            "ok"
        } else {
            "degraded"
        },
        database: ctx.db.kind().name(),
        queue: ctx.queue.name(),
        files: ctx.files.name(),
        database_ok,
        queue_ok,
        files_ok,
    }
}
