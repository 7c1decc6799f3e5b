//! What every process (server or worker) gives operators: log lines as text or JSON
//! (`LOG_FORMAT`), and `GET /metrics` on its own listener (`METRICS_ADDR`).

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use backend::Ctx;
use backend::config::LogFormat;

/// Starts logging in `format`, filtered by `RUST_LOG` (else `default_filter`). JSON lines carry
/// the fields of the spans they happen in (a request's `request_id`).
pub fn init_logging(format: LogFormat, default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| default_filter.into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// The metrics listener's router: `GET /metrics` and nothing else.
pub fn metrics_router(ctx: Ctx) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(ctx)
}

async fn scrape(State(ctx): State<Ctx>) -> Response {
    match backend::metrics::scrape(&ctx.db, ctx.clock.now_ms()).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics scrape");
            (StatusCode::INTERNAL_SERVER_ERROR, "metrics unavailable\n").into_response()
        }
    }
}

/// Starts [`serve_metrics`] on `METRICS_ADDR` when it is set, until `stop` changes. The
/// listener runs beside the process's work; if it cannot start, that is logged and the process
/// goes on (metrics are for operators, not for users).
pub fn spawn_metrics(ctx: &Ctx, mut stop: tokio::sync::watch::Receiver<()>) {
    let Some(addr) = ctx.config.metrics_addr else {
        return;
    };
    let metrics = serve_metrics(addr, ctx.clone(), async move {
        let _ = stop.changed().await;
    });
    tokio::spawn(async move {
        if let Err(e) = metrics.await {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    });
}

/// Serves [`metrics_router`] on `addr` until `stop` completes.
pub async fn serve_metrics(
    addr: SocketAddr,
    ctx: Ctx,
    stop: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("metrics on http://{addr}/metrics");
    axum::serve(listener, metrics_router(ctx))
        .with_graceful_shutdown(stop)
        .await?;
    Ok(())
}
