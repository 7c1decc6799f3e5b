//! Background jobs: housekeeping (expired sessions and throttling counters), the WhatsApp
//! dispatcher (with the sandbox's simulated status webhooks), the coupon expiry refunds, the
//! monthly statements and the WhatsApp campaigns (birthday, recall, festivals). Every job is
//! idempotent, so several workers may run it at once.

use std::time::Duration;

use backend::clock::DAY_MS;
use backend::{Ctx, Result};

pub mod observe;

/// How often the housekeeping job runs.
pub const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(60);

/// How often ended coupon batches are looked for and refunded. A batch ends at midnight UTC,
/// so a minute's delay is invisible; each run is cheap when nothing ended (one indexed query).
pub const EXPIRY_REFUNDS_EVERY: Duration = Duration::from_secs(60);

/// How often the statement schedule looks for a finished month without statements. Each
/// tenant's last month is generated on the first pass after its day 1 begins (in its time
/// zone), and on the first pass after a start, so a worker that was down catches up; a pass
/// with nothing to do costs one indexed query per tenant.
pub const STATEMENTS_EVERY: Duration = Duration::from_secs(300);

/// How often the campaign scheduler looks for due runs. Each merchant's campaigns run once per
/// local day (a unique run record), on the first pass outside its quiet hours, so a campaign
/// switched on starts within a minute; a pass with nothing due costs a few indexed queries per
/// merchant with campaigns.
pub const CAMPAIGNS_EVERY: Duration = Duration::from_secs(60);

/// What one housekeeping pass removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Housekeeping {
    pub sessions_purged: u64,
    pub rate_limits_purged: u64,
    /// Annual memberships that reached their renewal date unpaid.
    pub memberships_expired: u64,
    /// Approved ads that ran their full duration.
    pub ads_expired: u64,
}

/// Deletes expired sessions and throttling counters older than a day, and marks annual
/// memberships past their renewal date and ads past their end expired.
pub async fn housekeeping(ctx: &Ctx) -> Result<Housekeeping> {
    let now = ctx.clock.now_ms();
    Ok(Housekeeping {
        sessions_purged: backend::auth::purge_expired_sessions(&ctx.db, now).await?,
        rate_limits_purged: backend::rate_limit::purge(&ctx.db, now - DAY_MS).await?,
        memberships_expired: backend::memberships::expire_memberships(&ctx.db, now).await?,
        ads_expired: backend::ads::expire_ads(&ctx.db, now).await?,
    })
}

/// How often unverified custom domains are checked for their DNS TXT record.
pub const DOMAIN_CHECK_EVERY: Duration = Duration::from_secs(300);
/// The most domains one check pass looks up.
pub const DOMAIN_CHECKS_PER_PASS_MAX: i64 = 200;

/// Checks unverified custom domains (least recently checked first) and activates those whose
/// TXT record is in place; how many were activated.
pub async fn verify_domains(
    ctx: &Ctx,
    resolver: &impl backend::agents::TxtResolver,
) -> Result<u32> {
    backend::agents::verify_pending_domains(
        &ctx.db,
        ctx.clock.now_ms(),
        resolver,
        DOMAIN_CHECKS_PER_PASS_MAX,
    )
    .await
}

/// Runs every job on its schedule until `shutdown` resolves.
pub async fn run(ctx: Ctx, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let dispatcher = match backend::whatsapp::Engine::new(&ctx).await {
        Ok(engine) => {
            let consumer = format!(
                "worker-{}-{}",
                std::process::id(),
                backend::ids::random_hex(4)
            );
            let mut stopped = stopped.clone();
            Some(tokio::spawn(backend::whatsapp::run_dispatcher(
                engine,
                consumer,
                async move {
                    let _ = stopped.wait_for(|s| *s).await;
                },
            )))
        }
        Err(e) => {
            tracing::error!(error = %e, "whatsapp dispatcher could not start");
            None
        }
    };
    let mut tick = tokio::time::interval(HOUSEKEEPING_EVERY);
    let mut refunds = tokio::time::interval(EXPIRY_REFUNDS_EVERY);
    let mut domain_tick = tokio::time::interval(DOMAIN_CHECK_EVERY);
    let mut statements_tick = tokio::time::interval(STATEMENTS_EVERY);
    let mut campaigns_tick = tokio::time::interval(CAMPAIGNS_EVERY);
    let resolver = backend::agents::SystemResolver::from_system()
        .inspect_err(|e| tracing::error!(error = %e, "no DNS resolver: custom domains are verified only by the verify button"))
        .ok();
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            _ = refunds.tick() => {
                match backend::coupons::refund_expired(&ctx).await {
                    Ok(r) if r.batches > 0 => tracing::info!(?r, "coupon expiry refunds"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "coupon expiry refunds failed"),
                }
            }
            _ = statements_tick.tick() => {
                match backend::statements::run_due(&ctx).await {
                    Ok(r) if r.generated > 0 => tracing::info!(?r, "monthly statements"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "monthly statements failed"),
                }
            }
            _ = campaigns_tick.tick() => {
                match backend::campaigns::run_due(&ctx, ctx.clock.now_ms()).await {
                    Ok(r) if r.runs > 0 => tracing::info!(?r, "campaigns"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "campaigns failed"),
                }
            }
            _ = domain_tick.tick(), if resolver.is_some() => {
                if let Some(r) = &resolver {
                    match verify_domains(&ctx, r).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(activated = n, "custom domains verified"),
                        Err(e) => tracing::error!(error = %e, "domain verification failed"),
                    }
                }
            }
            _ = tick.tick() => {
                match housekeeping(&ctx).await {
                    Ok(h) if h != Housekeeping::default() => tracing::info!(?h, "housekeeping"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "housekeeping failed"),
                }
            }
        }
    }
    let _ = stop.send(true);
    if let Some(d) = dispatcher {
        let _ = d.await;
    }
}
