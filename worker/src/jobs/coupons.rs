//! [`backend::jobs::JobKind::BatchPdf`]: a batch's PDF.

use backend::{Ctx, Result};

/// Renders batch `batch_id`'s PDF into the file store (its page shows the progress).
pub async fn render(ctx: &Ctx, batch_id: &str) -> Result<()> {
    let key = backend::coupons::render_batch(ctx, batch_id).await?;
    tracing::info!(batch = %batch_id, key = %key, "batch PDF ready");
    Ok(())
}

/// After the last attempt failed: the batch page offers "Try again" (the render marked the
/// batch failed already unless its worker died mid-run).
pub async fn given_up(ctx: &Ctx, batch_id: &str) {
    if let Err(e) = backend::coupons::mark_pdf_failed(&ctx.db, batch_id).await {
        tracing::error!(error = %e, batch = %batch_id, "marking the batch PDF failed");
    }
}
