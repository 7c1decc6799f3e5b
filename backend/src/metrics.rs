//! What operators scrape (`GET /metrics` on `METRICS_ADDR`, served by every server and worker
//! process that sets it): counters and histograms recorded in this process as the work
//! happens, and gauges read from the database and the pool at scrape time. Prometheus sums the
//! counters of all the processes; the gauges describe the shared database, so every process
//! reports the same values for them.
//!
//! Labels are bounded: routes are the router's patterns (`/store/{id}`, never a raw path),
//! classes, outcomes, credit types and actions are the domain's fixed names.

use std::sync::LazyLock;
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::{Db, Error, Result};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WhatsAppLabels {
    class: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CreditLabels {
    credit_type: String,
    action: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: &'static str,
}

type Seconds = Gauge<f64, AtomicU64>;

struct Metrics {
    registry: Registry,
    http_requests: Family<HttpLabels, Counter>,
    http_seconds: Family<RouteLabels, Histogram, fn() -> Histogram>,
    whatsapp: Family<WhatsAppLabels, Counter>,
    credit_lines: Family<CreditLabels, Counter>,
    credit_units: Family<CreditLabels, Counter>,
    queue_depth: Family<KindLabels, Gauge>,
    queue_oldest: Family<KindLabels, Seconds>,
    pool_connections: Gauge,
    pool_idle: Gauge,
}

fn latency_buckets() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let mut registry = Registry::with_prefix("coupons");
    let m = Metrics {
        http_requests: Family::default(),
        http_seconds: Family::new_with_constructor(latency_buckets),
        whatsapp: Family::default(),
        credit_lines: Family::default(),
        credit_units: Family::default(),
        queue_depth: Family::default(),
        queue_oldest: Family::default(),
        pool_connections: Gauge::default(),
        pool_idle: Gauge::default(),
        registry: Registry::default(),
    };
    registry.register(
        "http_requests",
        "HTTP requests answered, by route pattern, method and status",
        m.http_requests.clone(),
    );
    registry.register(
        "http_request_duration_seconds",
        "Time to answer an HTTP request, by route pattern and method",
        m.http_seconds.clone(),
    );
    registry.register(
        "whatsapp_messages",
        "WhatsApp send outcomes in this process, by message class: sent (accepted by the API), retried, failed",
        m.whatsapp.clone(),
    );
    registry.register(
        "ledger_lines",
        "Ledger lines posted by this process, by credit type and action",
        m.credit_lines.clone(),
    );
    registry.register(
        "ledger_units",
        "Credits (or minor units of money) moved by this process's ledger lines, by credit type and action",
        m.credit_units.clone(),
    );
    registry.register(
        "queue_depth",
        "Work waiting, by kind: whatsapp (messages queued or sending) and each job kind (queued or running: batch_pdf, statements, campaigns, …)",
        m.queue_depth.clone(),
    );
    registry.register(
        "queue_oldest_age_seconds",
        "Age of the oldest waiting item, by kind (0 when none waits)",
        m.queue_oldest.clone(),
    );
    registry.register(
        "db_pool_connections",
        "Database connections open in this process's pool",
        m.pool_connections.clone(),
    );
    registry.register(
        "db_pool_idle_connections",
        "Open database connections not in use",
        m.pool_idle.clone(),
    );
    Metrics { registry, ..m }
});

/// One answered HTTP request: `route` is the router's pattern (or a fixed name for what no
/// route matched), never the raw path.
pub fn http_request(route: &str, method: &str, status: u16, seconds: f64) {
    let m = &*METRICS;
    m.http_requests
        .get_or_create(&HttpLabels {
            route: route.to_owned(),
            method: method.to_owned(),
            status,
        })
        .inc();
    m.http_seconds
        .get_or_create(&RouteLabels {
            route: route.to_owned(),
            method: method.to_owned(),
        })
        .observe(seconds);
}

/// What became of one WhatsApp send attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    Retried,
    Failed,
}

impl SendOutcome {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Retried => "retried",
            Self::Failed => "failed",
        }
    }
}

/// One WhatsApp send attempt's outcome for a message of `class` (`MessageClass::as_str`).
pub fn whatsapp(class: &str, outcome: SendOutcome) {
    METRICS
        .whatsapp
        .get_or_create(&WhatsAppLabels {
            class: class.to_owned(),
            outcome: outcome.as_str(),
        })
        .inc();
}

/// One ledger line written (counted when its insert succeeds; a transaction rolled back later
/// still counted it, which the ledger itself never shows).
pub fn ledger_line(credit_type: &str, action: &str, amount: i64) {
    let labels = CreditLabels {
        credit_type: credit_type.to_owned(),
        action: action.to_owned(),
    };
    METRICS.credit_lines.get_or_create(&labels).inc();
    METRICS
        .credit_units
        .get_or_create(&labels)
        .inc_by(amount.unsigned_abs());
}

/// Everything, in the Prometheus (OpenMetrics) text format, with the gauges read now.
pub async fn scrape(db: &Db, now_ms: i64) -> Result<String> {
    let m = &*METRICS;
    let (n, oldest): (i64, Option<i64>) = sqlx::query_as(
        "select count(*), min(created_at_ms) from wa_messages where state in ('queued', 'sending')",
    )
    .fetch_one(db.pool())
    .await?;
    let mut waiting = vec![("whatsapp", n, oldest)];
    waiting.extend(
        crate::jobs::waiting(db)
            .await?
            .into_iter()
            .map(|(k, n, oldest)| (k.as_str(), n, oldest)),
    );
    for (kind, n, oldest) in waiting {
        m.queue_depth.get_or_create(&KindLabels { kind }).set(n);
        #[allow(clippy::cast_precision_loss)] // ages in ms are far below 2^52
        let age = oldest.map_or(0.0, |t| (now_ms - t).max(0) as f64 / 1000.0);
        m.queue_oldest.get_or_create(&KindLabels { kind }).set(age);
    }
    let pool = db.pool();
    m.pool_connections.set(i64::from(pool.size()));
    m.pool_idle
        .set(i64::try_from(pool.num_idle()).unwrap_or(i64::MAX));
    let mut out = String::new();
    prometheus_client::encoding::text::encode(&mut out, &m.registry)
        .map_err(|e| Error::Internal(format!("encoding metrics: {e}")))?;
    Ok(out)
}
