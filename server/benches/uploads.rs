//! `/healthz` latency while large images are uploaded (issue #17, "Uploads").
//!
//! Eight merchants' batch forms each carry a 6000×4000 PNG of about 70 KB (a flat colour: a
//! small file that decodes to 72 MB of pixels), posted at once through the whole router, while
//! a probe asks `/healthz` every 5 ms. Three phases in one run, on a runtime with two worker
//! threads (this machine's cores, as `#[tokio::main]` gives the server):
//! - idle: `/healthz` alone (the ceiling);
//! - uploads: the eight forms through the product's path (`images::sanitize_off_thread`: the
//!   blocking pool, one decode per core at a time);
//! - blocking (for comparison): the same eight images checked with `images::sanitize` directly
//!   on async tasks, as the product did before.
//!
//! Requests go through `tower::ServiceExt::oneshot`, in process. Run:
//! `cargo bench -p server --bench uploads` (release). Knob: `BENCH_UPLOADS` (8).

#![expect(
    clippy::unwrap_used,
    reason = "a bench stops loudly on the first failure"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use http::{Request, StatusCode, header};
use tower::ServiceExt;

use backend::images::{ImageLimits, sanitize};
use backend::testing::{DEMO_PASSWORD, Engine, env};
use domain::auth::Password;
use server::{AppState, leptos_options, router};

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn big_png() -> Vec<u8> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let img = image::RgbImage::from_pixel(6000, 4000, image::Rgb([20, 120, 110]));
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Sub)
        .write_image(img.as_raw(), 6000, 4000, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, http::HeaderMap) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let _ = to_bytes(body, 16 * 1024 * 1024).await.unwrap();
    (parts.status, parts.headers)
}

async fn log_in(app: &Router) -> String {
    let form = format!("email=kopi@coupons.test&password={DEMO_PASSWORD}&next=/dashboard");
    let req = Request::post("/login")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let (status, headers) = send(app, req).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let set = headers[header::SET_COOKIE].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

/// A new-batch form with `design` attached and no title: the design is checked, then the form
/// is refused, so the database does not grow between phases.
fn upload(design: &[u8], cookie: &str) -> Request<Body> {
    const B: &str = "benchboundary4f2";
    let mut body = format!(
        "--{B}\r\nContent-Disposition: form-data; name=\"request_key\"\r\n\r\nbench\r\n--{B}\r\nContent-Disposition: form-data; name=\"template_file\"; filename=\"big.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(design);
    body.extend_from_slice(format!("\r\n--{B}--\r\n").as_bytes());
    Request::post("/dashboard/coupons/create")
        .header(header::HOST, "localhost")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={B}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

/// Probes `/healthz` on a 5 ms schedule until `stop`; each latency is counted from when the
/// probe was due, not from when it got to run, so time the async workers were too busy to
/// start it counts too (as it would for a client whose request waits).
async fn probe(app: Router, stop: Arc<AtomicBool>) -> Vec<f64> {
    let mut out = Vec::new();
    let start = Instant::now();
    let mut due = start;
    while !stop.load(Ordering::Relaxed) {
        let req = Request::get("/healthz")
            .header(header::HOST, "localhost")
            .body(Body::empty())
            .unwrap();
        let (status, _) = send(&app, req).await;
        assert_eq!(status, StatusCode::OK);
        out.push(due.elapsed().as_secs_f64() * 1000.0);
        // The next probe is due 5 ms after this one was; one that is already late goes now.
        due += Duration::from_millis(5);
        let now = Instant::now();
        if due > now {
            tokio::time::sleep(due - now).await;
        } else {
            due = now;
        }
    }
    out
}

fn report(name: &str, mut ms: Vec<f64>, took: Duration) -> f64 {
    ms.sort_by(f64::total_cmp);
    let at = |percent: usize| ms[(ms.len() - 1) * percent / 100];
    let max = *ms.last().unwrap();
    println!(
        "{name:<9} {:>5} probes over {:>6.2} s: p50 {:>7.2} ms  p99 {:>8.2} ms  max {:>8.2} ms",
        ms.len(),
        took.as_secs_f64(),
        at(50),
        at(99),
        max
    );
    max
}

async fn phase<F, Fut>(app: &Router, name: &str, work: F) -> f64
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let stop = Arc::new(AtomicBool::new(false));
    let prober = tokio::spawn(probe(app.clone(), stop.clone()));
    let started = Instant::now();
    work().await;
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    report(name, prober.await.unwrap(), took)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let n = knob("BENCH_UPLOADS", 8);
        let env = env(Engine::Sqlite).await.unwrap();
        backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
            .await
            .unwrap();
        let app = router(AppState {
            leptos_options: leptos_options().unwrap(),
            ctx: env.ctx.clone(),
        });
        let cookie = log_in(&app).await;
        let design = Arc::new(big_png());
        println!(
            "design: {} bytes PNG, 6000x4000; {n} uploads at once; 2 async workers",
            design.len()
        );
        let idle = phase(&app, "idle", || async {
            tokio::time::sleep(Duration::from_secs(2)).await;
        })
        .await;
        let uploads = phase(&app, "uploads", || async {
            let tasks: Vec<_> = (0..n)
                .map(|_| {
                    let (app, cookie, design) = (app.clone(), cookie.clone(), design.clone());
                    tokio::spawn(async move {
                        let (status, headers) = send(&app, upload(&design, &cookie)).await;
                        assert_eq!(status, StatusCode::SEE_OTHER);
                        let to = headers[header::LOCATION].to_str().unwrap();
                        assert!(to.starts_with("/dashboard/coupons/new?error="), "{to}");
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        })
        .await;
        let blocking = phase(&app, "blocking", || async {
            let tasks: Vec<_> = (0..n)
                .map(|_| {
                    let design = design.clone();
                    tokio::spawn(async move {
                        sanitize(&design, &ImageLimits::TEMPLATE).unwrap();
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        })
        .await;
        println!(
            "max /healthz: idle {idle:.2} ms, during uploads {uploads:.2} ms ({:.1}x idle), decoding on the async workers {blocking:.2} ms",
            uploads / idle
        );
    });
}
