//! [`backend::jobs::JobKind::Housekeeping`]: what expires.

use backend::clock::DAY_MS;
use backend::{Ctx, Result};

/// What one housekeeping pass removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Housekeeping {
    pub sessions_purged: u64,
    pub rate_limits_purged: u64,
    /// Annual memberships that reached their renewal date unpaid.
    pub memberships_expired: u64,
    /// Approved ads that ran their full duration.
    pub ads_expired: u64,
    /// Jobs finished more than a day ago.
    pub jobs_purged: u64,
}

/// Deletes expired sessions, throttling counters and finished jobs older than a day, and marks
/// annual memberships past their renewal date and ads past their end expired.
pub async fn housekeeping(ctx: &Ctx) -> Result<Housekeeping> {
    let now = ctx.clock.now_ms();
    Ok(Housekeeping {
        sessions_purged: backend::auth::purge_expired_sessions(&ctx.db, now).await?,
        rate_limits_purged: backend::rate_limit::purge(&ctx.db, now - DAY_MS).await?,
        memberships_expired: backend::memberships::expire_memberships(&ctx.db, now).await?,
        ads_expired: backend::ads::expire_ads(&ctx.db, now).await?,
        jobs_purged: backend::jobs::purge_finished(&ctx.db, now - DAY_MS).await?,
    })
}

/// One housekeeping pass, logged when it did something.
pub async fn run(ctx: &Ctx) -> Result<()> {
    let h = housekeeping(ctx).await?;
    if h != Housekeeping::default() {
        tracing::info!(?h, "housekeeping");
    }
    Ok(())
}
