//! The worker as its own process, for running jobs on machines other than the web server's
//! (set `RUN_WORKER=false` on the servers then).

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let config = backend::Config::from_env()?;
    let ctx = backend::Ctx::connect(config, 4)
        .await
        .context("connecting to the database (DATABASE_URL) and queue (REDIS_URL)")?;
    tracing::info!("worker started");
    worker::run(ctx, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}
