//! [`backend::jobs::JobKind::DomainChecks`]: agents' custom domains waiting for verification.

use backend::{Ctx, Error, Result};

/// The most domains one check pass looks up.
const DOMAIN_CHECKS_PER_PASS_MAX: i64 = 200;

/// Checks unverified custom domains (least recently checked first) and activates those whose
/// TXT record is in place.
pub async fn run(ctx: &Ctx, resolver: Option<&backend::agents::SystemResolver>) -> Result<()> {
    let Some(resolver) = resolver else {
        return Err(Error::Internal(
            "this worker has no DNS resolver; custom domains are verified only by the verify button".into(),
        ));
    };
    let n = verify_domains(ctx, resolver).await?;
    if n > 0 {
        tracing::info!(activated = n, "custom domains verified");
    }
    Ok(())
}

/// Checks unverified custom domains with `resolver`; how many were activated.
async fn verify_domains(ctx: &Ctx, resolver: &impl backend::agents::TxtResolver) -> Result<u32> {
    backend::agents::verify_pending_domains(
        &ctx.db,
        ctx.clock.now_ms(),
        resolver,
        DOMAIN_CHECKS_PER_PASS_MAX,
    )
    .await
}
