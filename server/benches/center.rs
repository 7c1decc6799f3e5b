//! The public coupon center and Get Coupon under load, on SQLite and PostgreSQL (issue #5).
//!
//! Seeds 2,000 merchants with one batch of 50 coupons each (100,000 active coupons, through
//! the real `coupons::generate_batch`), then measures:
//! - the coupon center page (`GET /` through the whole router: host resolution, session
//!   middleware, the Leptos server render and its data) with no filter, a city + category
//!   filter, and a search sorted by expiry: p50/p99 of one request at a time and requests per
//!   second from 16 tasks, beside an axum hello-world router driven the same way (the ceiling);
//! - claims per second from 50 concurrent clients (`claims::claim`: rate limits, customer
//!   upsert, per-customer limit, the coupon taken), each a distinct phone and address.
//!
//! Requests first go through `tower::ServiceExt::oneshot`, in process: no sockets, so the
//! figures are the server's own time. Then the page's data alone is timed, computed afresh and
//! from the center cache, and the pages are loaded over real sockets by `wrk` (Debian's
//! package; 50 connections) beside an axum hello-world served the same way.
//! Run: `cargo bench -p server --bench center` (release).
//! PostgreSQL runs when `TEST_POSTGRES_URL` is set. Knobs: `BENCH_MERCHANTS` (2000),
//! `BENCH_PER_BATCH` (50), `BENCH_REQUESTS` (300), `BENCH_CLAIMS` (3000), `BENCH_SECS` (5),
//! `BENCH_ENGINE` (`sqlite` or `postgres` for one only).

#![expect(
    clippy::unwrap_used,
    reason = "a bench stops loudly on the first failure"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::routing::get;
use http::{Request, StatusCode, header};
use tower::ServiceExt;

use backend::claims::{self, ClaimRequest};
use backend::credits::{Posting, WalletRef};
use backend::testing::{DEMO_PASSWORD, Engine, env};
use domain::auth::{MerchantKind, Password, Principal, Role};
use domain::claims::{CenterQuery, ClaimForm, ClaimSource};
use domain::coupons::{BatchForm, CATEGORIES};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::tenants::TenantKind;
use server::{AppState, leptos_options, router};

const CITIES: [&str; 20] = [
    "Kuala Lumpur",
    "Penang",
    "Johor Bahru",
    "Ipoh",
    "Malacca",
    "Kota Kinabalu",
    "Kuching",
    "Shah Alam",
    "Petaling Jaya",
    "Seremban",
    "Alor Setar",
    "Kuantan",
    "Kota Bharu",
    "Kuala Terengganu",
    "Miri",
    "Sandakan",
    "Klang",
    "Subang Jaya",
    "Putrajaya",
    "Cyberjaya",
];

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// 2,000 merchants on the main platform, each with one batch shown in the coupon center.
/// Returns the batch ids.
async fn seed(ctx: &backend::Ctx, merchants: usize, per_batch: usize) -> Vec<String> {
    backend::seed::demo(ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let platform = backend::seed::ensure_platform(ctx).await.unwrap();
    let (template,): (String,) = sqlx::query_as(
        "select id from coupon_templates where merchant_id is null order by name limit 1",
    )
    .fetch_one(ctx.db.pool())
    .await
    .unwrap();
    let now = ctx.clock.now_ms();
    for chunk in (0..merchants).collect::<Vec<_>>().chunks(500) {
        let mut tx = ctx.db.begin_write().await.unwrap();
        for &i in chunk {
            sqlx::query(
                "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
                 values ($1, $2, $3, 'annual', 'active', 'MY', $4, $5)",
            )
            .bind(format!("bench-m{i:05}"))
            .bind(&platform)
            .bind(format!("Bench Kedai {i} Sdn Bhd"))
            .bind(CITIES[i % CITIES.len()])
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let from = domain::time::date_ymd(now);
    let mut batches = Vec::with_capacity(merchants);
    for i in 0..merchants {
        let merchant_id = format!("bench-m{i:05}");
        let who = Principal {
            user_id: format!("bench-u{i:05}"),
            tenant_id: platform.clone(),
            tenant_kind: TenantKind::Platform,
            display_name: format!("Bench {i}"),
            email: format!("bench{i}@coupons.test"),
            role: Role::Merchant {
                merchant_id: merchant_id.clone(),
                kind: MerchantKind::Annual,
            },
            locale: None,
        };
        let credits = Posting {
            wallet: WalletRef {
                tenant_id: platform.clone(),
                owner_type: OwnerType::Merchant,
                owner_id: merchant_id,
                credit_type: CreditType::Coupon,
            },
            action: Action::Purchase,
            amount: i64::try_from(per_batch).unwrap(),
            related_kind: RelatedKind::None,
            related_id: None,
            description: "Bench coupon credits".into(),
            message: None,
            idempotency_key: format!("bench-credits-{i}"),
            actor_user_id: None,
        };
        backend::credits::post(&ctx.db, now, &credits)
            .await
            .unwrap();
        let days = 7 + i64::try_from(i % 90).unwrap();
        let form = BatchForm {
            title: format!("Deal {i}: {}% off", 5 + i % 50),
            offer_details: format!("{}% off any item at kedai {i}", 5 + i % 50),
            terms: "One per customer.".into(),
            category: CATEGORIES[i % CATEGORIES.len()].0.into(),
            country: "MY".into(),
            city: CITIES[i % CITIES.len()].into(),
            business_type: "Shop".into(),
            quantity: per_batch.to_string(),
            valid_from: from.clone(),
            valid_until: domain::time::date_ymd(now + days * 86_400_000),
            template_id: template.clone(),
            send_whatsapp: false,
            show_in_center: true,
            claim_limit: "1".into(),
        };
        let b = backend::coupons::generate_batch(ctx, &who, &form, &format!("bench-{i}"))
            .await
            .unwrap();
        batches.push(b.id);
    }
    batches
}

fn page(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, "localhost")
        .body(Body::empty())
        .unwrap()
}

async fn fetch(app: &Router, path: &str) -> usize {
    let res = app.clone().oneshot(page(path)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    to_bytes(res.into_body(), 8 * 1024 * 1024)
        .await
        .unwrap()
        .len()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short sample"
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// p50 and p99 (ms) of `n` sequential requests, then requests/s from 16 tasks over `secs`.
async fn measure(app: &Router, path: &str, n: usize, secs: u64) -> (f64, f64, f64, usize) {
    let bytes = fetch(app, path).await;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        fetch(app, path).await;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let done = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (app, done, path) = (app.clone(), done.clone(), path.to_owned());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                fetch(&app, &path).await;
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    #[expect(clippy::cast_precision_loss, reason = "a request count")]
    let rps = done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64();
    (
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        rps,
        bytes,
    )
}

/// Where a page's time goes: its data alone, computed afresh (a context with empty caches each
/// time) and reused from the caches, p50 of `n` calls.
async fn profile(ctx: &backend::Ctx, n: usize) {
    let queries = [
        ("no filter", CenterQuery::default()),
        (
            "city + category",
            CenterQuery {
                city: "Penang".into(),
                category: "restaurant".into(),
                ..CenterQuery::default()
            },
        ),
        (
            "search + expiring",
            CenterQuery {
                q: "kedai 1".into(),
                sort: "expiring".into(),
                ..CenterQuery::default()
            },
        ),
        (
            "page 10",
            CenterQuery {
                page: "10".into(),
                ..CenterQuery::default()
            },
        ),
    ];
    let platform = backend::seed::ensure_platform(ctx).await.unwrap();
    let mut trips = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let _: (i64,) = sqlx::query_as("select 1")
            .fetch_one(ctx.db.pool())
            .await
            .unwrap();
        trips.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    trips.sort_by(f64::total_cmp);
    println!(
        "one round trip (`select 1` through the pool): p50 {:.3} ms, p99 {:.3} ms",
        percentile(&trips, 0.5),
        percentile(&trips, 0.99)
    );
    println!("| data of | computed p50 ms | cached p50 ms |");
    for (name, q) in queries {
        let mut fresh = Vec::with_capacity(n);
        let mut cached = Vec::with_capacity(n);
        for _ in 0..n.min(100) {
            let mut cold = ctx.clone();
            cold.caches = Arc::default();
            let t = Instant::now();
            claims::center(&cold, &platform, &q).await.unwrap();
            fresh.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        claims::center(ctx, &platform, &q).await.unwrap();
        for _ in 0..n {
            let t = Instant::now();
            claims::center(ctx, &platform, &q).await.unwrap();
            cached.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        fresh.sort_by(f64::total_cmp);
        cached.sort_by(f64::total_cmp);
        println!(
            "| {name} | {:.2} | {:.3} |",
            percentile(&fresh, 0.5),
            percentile(&cached, 0.5)
        );
    }
}

/// The pages over real sockets: each router served on loopback, loaded by `wrk` (50
/// connections, 2 threads, `secs` seconds) in its own process, beside the hello-world ceiling
/// driven the same way. Skipped when `wrk` is not installed.
async fn sockets(engine: Engine, app: Router, hello: Router, cases: &[(&str, &str)], secs: u64) {
    if std::process::Command::new("wrk")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("(wrk is not installed: apt-get install wrk; socket figures skipped)");
        return;
    }
    let serve = |r: Router| async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            axum::serve(
                listener,
                r.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap();
        });
        port
    };
    let (app_port, hello_port) = (serve(app).await, serve(hello).await);
    let secs = secs.max(5);
    let wrk = |port: u16, path: String, br: bool| async move {
        let mut cmd = std::process::Command::new("wrk");
        cmd.args(["-t2", "-c50", &format!("-d{secs}s"), "--latency"])
            .args(["-H", "Host: localhost"]);
        if br {
            cmd.args(["-H", "Accept-Encoding: br"]);
        }
        cmd.arg(format!("http://127.0.0.1:{port}{path}"));
        let out = tokio::task::spawn_blocking(move || cmd.output())
            .await
            .unwrap()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let field = |label: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(label))
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or("?")
                .to_owned()
        };
        assert!(
            !text.contains("Non-2xx"),
            "wrk saw errors on {path}:\n{text}"
        );
        (field("Requests/sec:"), field("50%"), field("99%"))
    };
    // Warm up: first connections, statement caches, the page caches.
    for (_, path) in cases {
        let _ = wrk(app_port, (*path).to_owned(), false).await;
    }
    let (ceiling, _, _) = wrk(hello_port, "/".into(), false).await;
    let ceiling_rps: f64 = ceiling.parse().unwrap_or(f64::NAN);
    println!(
        "| engine | page (wrk -t2 -c50 -d{secs}s) | req/s | p50 | p99 | ratio to hello-world |"
    );
    println!("| {engine:?} | hello-world ceiling | {ceiling} | | | 1 |");
    for (name, path) in cases {
        for br in [false, true] {
            let (rps, p50, p99) = wrk(app_port, (*path).to_owned(), br).await;
            let ratio = rps.parse::<f64>().unwrap_or(f64::NAN) / ceiling_rps;
            let label = if br {
                format!("{name}, brotli")
            } else {
                (*name).to_owned()
            };
            println!("| {engine:?} | {label} | {rps} | {p50} | {p99} | {ratio:.3} |");
        }
    }
}

async fn bench(engine: Engine) {
    let Some(env) = env(engine).await else {
        return;
    };
    let ctx = &env.ctx;
    let (merchants, per_batch) = (knob("BENCH_MERCHANTS", 2000), knob("BENCH_PER_BATCH", 50));
    let (n, secs) = (
        knob("BENCH_REQUESTS", 300),
        u64::try_from(knob("BENCH_SECS", 5)).unwrap(),
    );
    let t = Instant::now();
    let batches = seed(ctx, merchants, per_batch).await;
    // Up-to-date planner statistics, as a running database has (autovacuum's analyze).
    sqlx::query("analyze").execute(ctx.db.pool()).await.unwrap();
    println!(
        "{engine:?}: seeded {merchants} merchants x {per_batch} coupons in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let app = router(AppState {
        leptos_options: leptos_options().unwrap(),
        ctx: ctx.clone(),
    });
    let hello = Router::new().route("/", get(|| async { "Hello, world!" }));
    let cases = [
        ("hello-world ceiling", "/"),
        ("coupon center, no filter", "/"),
        (
            "coupon center, city + category",
            "/?city=Penang&category=restaurant",
        ),
        (
            "coupon center, search + expiring",
            "/?q=kedai+1&sort=expiring",
        ),
        ("coupon center, page 10", "/?page=10"),
    ];
    println!("| engine | page | p50 ms | p99 ms | req/s (16 tasks) | bytes |");
    for (i, (name, path)) in cases.into_iter().enumerate() {
        let which = if i == 0 { &hello } else { &app };
        let (p50, p99, rps, bytes) = measure(which, path, n, secs).await;
        println!("| {engine:?} | {name} | {p50:.2} | {p99:.2} | {rps:.0} | {bytes} |");
    }

    profile(ctx, n).await;
    sockets(engine, app.clone(), hello.clone(), &cases[1..5], secs).await;

    // Claims: 50 clients, each claim a new customer on a batch picked round-robin.
    let claims_n = knob("BENCH_CLAIMS", 3000);
    let platform = backend::seed::ensure_platform(ctx).await.unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let batches = Arc::new(batches);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (ctx, next, batches, platform) =
            (ctx.clone(), next.clone(), batches.clone(), platform.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= claims_n {
                    break;
                }
                let form = ClaimForm {
                    name: format!("Customer {i}"),
                    phone: format!("+6012{i:07}"),
                    birthday: "1990-05-31".into(),
                    reuse_birthday: false,
                    marketing: false,
                };
                let addr = format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255);
                let req = ClaimRequest {
                    tenant_id: &platform,
                    batch_id: &batches[i % batches.len()],
                    form: &form,
                    source: ClaimSource::Homepage,
                    addr: &addr,
                    site_base: "http://localhost",
                    device: None,
                    locale: Default::default(),
                };
                claims::claim(&ctx, &req).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    let (taken,): (i64,) = sqlx::query_as("select count(*) from coupons where status = 'taken'")
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
    assert_eq!(
        taken,
        i64::try_from(claims_n).unwrap(),
        "every claim took one coupon"
    );
    #[expect(clippy::cast_precision_loss, reason = "a claim count")]
    let rate = claims_n as f64 / secs;
    println!("{engine:?}: {claims_n} claims from 50 clients in {secs:.2} s: {rate:.0} claims/s");
}

#[tokio::main]
async fn main() {
    let only = std::env::var("BENCH_ENGINE").unwrap_or_default();
    if only != "postgres" {
        bench(Engine::Sqlite).await;
    }
    if only != "sqlite" {
        bench(Engine::Postgres).await;
    }
}
