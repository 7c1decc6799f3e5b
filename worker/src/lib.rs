//! Background work, as jobs of one system (see [`backend::jobs`]): a batch's PDF, and the
//! scheduled passes (coupon expiry refunds, monthly statements, WhatsApp campaigns,
//! housekeeping, custom domain checks), each enqueued once per period however many workers
//! tick. The WhatsApp dispatcher keeps its own fast path with the same lease-and-retry rules.
//! Every job is idempotent, so several workers may run together and one may die mid-job.

use backend::Ctx;

pub mod jobs;
pub mod observe;

pub use jobs::{Housekeeping, housekeeping};

/// Runs the WhatsApp dispatcher, the schedule ticker and [`jobs::RUNNERS`] job runners until
/// `shutdown` resolves; a job running then is handed back for another worker.
pub async fn run(ctx: Ctx, shutdown: impl std::future::Future<Output = ()>) {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let name = format!(
        "worker-{}-{}",
        std::process::id(),
        backend::ids::random_hex(4)
    );
    let mut tasks = tokio::task::JoinSet::new();
    match backend::whatsapp::Engine::new(&ctx).await {
        Ok(engine) => {
            let mut halt = stopped.clone();
            tasks.spawn(backend::whatsapp::run_dispatcher(
                engine,
                name.clone(),
                async move {
                    let _ = halt.wait_for(|s| *s).await;
                },
            ));
        }
        Err(e) => tracing::error!(error = %e, "whatsapp dispatcher could not start"),
    }
    let resolver = backend::agents::SystemResolver::from_system()
        .inspect_err(|e| tracing::error!(error = %e, "no DNS resolver: custom domains are verified only by the verify button"))
        .ok();
    let runner = std::sync::Arc::new(jobs::Runner {
        ctx: ctx.clone(),
        name,
        resolver,
    });
    for _ in 0..jobs::RUNNERS {
        let (runner, halt) = (runner.clone(), stopped.clone());
        tasks.spawn(async move { runner.run(halt).await });
    }
    let mut halt = stopped.clone();
    tasks.spawn(async move {
        let mut tick = tokio::time::interval(jobs::SCHEDULE_EVERY);
        loop {
            tokio::select! {
                () = jobs::stopped(&mut halt) => break,
                _ = tick.tick() => {
                    if let Err(e) = backend::jobs::schedule(&ctx.db, ctx.clock.now_ms()).await {
                        tracing::error!(error = %e, "scheduling jobs");
                    }
                }
            }
        }
    });
    shutdown.await;
    let _ = stop.send(true);
    while tasks.join_next().await.is_some() {}
}
