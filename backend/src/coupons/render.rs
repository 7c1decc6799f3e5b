//! Running a batch's PDF in the background of the process that asked for it.

use crate::Ctx;

/// Renders batch `batch_id`'s PDF on a background task; its progress and outcome are kept in
/// the batch row (see [`super::render_pdf_job`]), which the batch page reads. `verify_base` is
/// the origin of the merchant's site, for the QR links.
pub fn spawn_render(ctx: Ctx, batch_id: String, verify_base: String) {
    tokio::spawn(async move {
        let mut progress = |_: i64, _: i64| {};
        if let Err(e) = super::render_pdf_job(&ctx, &batch_id, &verify_base, &mut progress).await {
            tracing::error!(error = %e, batch = %batch_id, "batch PDF failed");
        }
    });
}
