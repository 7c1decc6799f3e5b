//! The scheduled passes whose areas need nothing but the context: coupon expiry refunds,
//! monthly statements and WhatsApp campaigns. Each is idempotent (a refund, a statement, a
//! campaign run is recorded once), so a period that runs twice changes nothing more.

use backend::{Ctx, Result};

/// Refunds the unclaimed coupons of batches that ended.
pub async fn expiry_refunds(ctx: &Ctx) -> Result<()> {
    let r = backend::coupons::refund_expired(ctx).await?;
    if r.batches > 0 {
        tracing::info!(?r, "coupon expiry refunds");
    }
    Ok(())
}

/// Makes the statements of every tenant whose month finished.
pub async fn statements(ctx: &Ctx) -> Result<()> {
    let r = backend::statements::run_due(ctx).await?;
    if r.generated > 0 {
        tracing::info!(?r, "monthly statements");
    }
    Ok(())
}

/// Runs the WhatsApp campaigns that are due.
pub async fn campaigns(ctx: &Ctx) -> Result<()> {
    let r = backend::campaigns::run_due(ctx, ctx.clock.now_ms()).await?;
    if r.runs > 0 {
        tracing::info!(?r, "campaigns");
    }
    Ok(())
}
