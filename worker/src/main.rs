//! The worker as its own process, for running jobs on machines other than the web server's
//! (set `RUN_WORKER=false` on the servers then).

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    worker::observe::init_logging(backend::config::LogFormat::from_env()?, "info");
    let config = backend::Config::from_env()?;
    let ctx = backend::Ctx::connect(config, 4)
        .await
        .context("connecting to the database (DATABASE_URL) and queue (REDIS_URL)")?;
    tracing::info!("worker started");
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    worker::observe::spawn_metrics(&ctx, stop_rx);
    worker::run(ctx, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    let _ = stop_tx.send(());
    Ok(())
}
