//! Background jobs: housekeeping (expired sessions and throttling counters), the WhatsApp
//! dispatcher (with the sandbox's simulated status webhooks) and the coupon expiry refunds.
//! Campaigns and monthly statements join as their issues land. Every job is idempotent, so
//! several workers may run it at once.

use std::time::Duration;

use backend::clock::DAY_MS;
use backend::{Ctx, Result};

/// How often the housekeeping job runs.
pub const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(60);

/// How often ended coupon batches are looked for and refunded. A batch ends at midnight UTC,
/// so a minute's delay is invisible; each run is cheap when nothing ended (one indexed query).
pub const EXPIRY_REFUNDS_EVERY: Duration = Duration::from_secs(60);

/// What one housekeeping pass removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Housekeeping {
    pub sessions_purged: u64,
    pub rate_limits_purged: u64,
}

/// Deletes expired sessions and throttling counters older than a day.
pub async fn housekeeping(ctx: &Ctx) -> Result<Housekeeping> {
    let now = ctx.clock.now_ms();
    Ok(Housekeeping {
        sessions_purged: backend::auth::purge_expired_sessions(&ctx.db, now).await?,
        rate_limits_purged: backend::rate_limit::purge(&ctx.db, now - DAY_MS).await?,
    })
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
