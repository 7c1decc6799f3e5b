//! A coupon batch from the generate call to the finished PDF on disk: 1,000 and 100,000
//! coupons, wall time and peak memory, on SQLite (and PostgreSQL when `TEST_POSTGRES_URL` is
//! set). Each size runs in its own child process so one run's peak memory does not hide
//! another's; the peak is the child's `VmHWM` from `/proc/self/status`, reset
//! just before the generate call.
//!
//! Run: `cargo bench -p backend --bench coupons` (release). `BENCH_SIZES=1000,5000` picks sizes.
//! Targets on the 2-core machine: 1,000 in under 1 s; 100,000 in under 60 s and 300 MB.

#![expect(
    clippy::unwrap_used,
    reason = "a bench stops loudly on the first failure"
)]

use std::io::Cursor;
use std::process::Command;
use std::time::Instant;

use backend::credits::{self, Posting, WalletRef};
use backend::testing::{DEMO_PASSWORD, Engine, T0_MS, env};
use backend::{coupons, templates};
use domain::auth::Password;
use domain::coupons::BatchForm;
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};

/// Resets the kernel's peak-RSS mark to the current RSS (Linux `clear_refs` value 5), so the
/// peak measured afterwards belongs to the batch, not to the set-up (password hashing).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// CPU seconds (user + system) this process has used, from `/proc/self/stat` (clock ticks of
/// 1/100 s, Linux's fixed `USER_HZ`): unlike wall time, barely moved by other processes on a
/// shared machine.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn rss_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// A 1,200 × 600 photo-like template (gradient with noise), as JPEG.
fn template() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1200, 600, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23;
        image::Rgb([
            u8::try_from((x / 5 + n) % 256).unwrap(),
            u8::try_from((y / 3 + n) % 256).unwrap(),
            150,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn child(engine: Engine, n: i64) {
    let Some(e) = env(engine).await else { return };
    let ctx = &e.ctx;
    backend::seed::demo(ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let platform = backend::seed::ensure_platform(ctx).await.unwrap();
    let login = |email: &'static str| {
        let platform = platform.clone();
        async move {
            backend::auth::login(ctx, &platform, email, DEMO_PASSWORD, "127.0.0.1")
                .await
                .unwrap()
                .0
        }
    };
    let admin = login("admin@coupons.test").await;
    let kopi = login("kopi@coupons.test").await;
    let t = templates::add_library_template(ctx, &admin, "Bench", "Food", &template())
        .await
        .unwrap();
    let posting = Posting {
        wallet: WalletRef {
            tenant_id: kopi.tenant_id.clone(),
            owner_type: OwnerType::Merchant,
            owner_id: kopi.merchant_id().unwrap().to_owned(),
            credit_type: CreditType::Coupon,
        },
        action: Action::Purchase,
        amount: n,
        related_kind: RelatedKind::None,
        related_id: None,
        description: "bench".into(),
        message: None,
        idempotency_key: "bench-buy".into(),
        actor_user_id: None,
    };
    credits::post(&ctx.db, T0_MS, &posting).await.unwrap();
    let form = BatchForm {
        title: "Free kopi with any kaya toast".into(),
        offer_details: "One regular kopi, hot or iced, with any kaya toast set.".into(),
        terms: "One per visit. Not valid with other offers.".into(),
        category: "cafe".into(),
        country: "MY".into(),
        city: "Kuala Lumpur".into(),
        business_type: "Kopitiam".into(),
        quantity: n.to_string(),
        valid_from: "2026-11-25".into(),
        valid_until: "2026-12-31".into(),
        template_id: t.id,
        send_whatsapp: false,
        show_in_center: true,
        claim_limit: String::new(),
    };
    reset_peak();
    let before = rss_mb("VmRSS:");
    let cpu_start = cpu_secs();
    let start = Instant::now();
    let b = coupons::generate_batch(ctx, &kopi, &form, "bench")
        .await
        .unwrap();
    let generated = start.elapsed().as_secs_f64();
    let key = coupons::render_pdf(ctx, &kopi, &b.id, "https://coupons.example", &mut |_, _| {})
        .await
        .unwrap();
    let path = ctx.files.local_path(&key).unwrap();
    let total = start.elapsed().as_secs_f64();
    let size_mb = std::fs::metadata(&path).unwrap().len() as f64 / 1_048_576.0;
    let name = format!("{engine:?}").to_lowercase();
    println!(
        "{name:<9} {n:>7}   {generated:>8.2} s   {:>8.2} s   {total:>8.2} s   {:>8.2} s   {:>7.1} MB   {:>7.1} MB   ({before:.1} MB RSS at start)",
        total - generated,
        cpu_secs() - cpu_start,
        rss_mb("VmHWM:"),
        size_mb
    );
}

fn main() {
    if let (Ok(engine), Ok(n)) = (
        std::env::var("BENCH_CHILD_ENGINE"),
        std::env::var("BENCH_CHILD_SIZE"),
    ) {
        let engine = if engine == "postgres" {
            Engine::Postgres
        } else {
            Engine::Sqlite
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(child(engine, n.parse().unwrap()));
        return;
    }
    let sizes: Vec<String> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "1000,100000".into())
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    println!(
        "engine    coupons   generate      pdf          total        CPU (all threads)   peak RSS   PDF size"
    );
    let me = std::env::current_exe().unwrap();
    for engine in ["sqlite", "postgres"] {
        if engine == "postgres" && std::env::var("TEST_POSTGRES_URL").is_err() {
            println!("postgres  skipped (TEST_POSTGRES_URL not set)");
            continue;
        }
        for n in &sizes {
            let status = Command::new(&me)
                .env("BENCH_CHILD_ENGINE", engine)
                .env("BENCH_CHILD_SIZE", n)
                .status()
                .unwrap();
            assert!(status.success(), "{engine} {n} failed");
        }
    }
}
