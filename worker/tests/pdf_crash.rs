//! A batch PDF outlives the worker rendering it, with real processes: a `worker` process is
//! killed with SIGKILL while it renders an 8,000-coupon batch; a second worker takes the job
//! once the lease is over and finishes it. The PDF ends complete, the job done after two
//! attempts, and the merchant's coupon credits were taken once (when the batch was made).

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use backend::credits::{self, Posting, WalletRef};
use backend::on_both_engines;
use backend::testing::{DEMO_PASSWORD, T0_MS, TestEnv};
use domain::auth::Password;
use domain::coupons::BatchForm;
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};

const COUPONS: i64 = 8_000;

/// A worker process, killed when dropped (a failed assertion leaves none behind).
struct Worker(Child);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_worker(env: &TestEnv) -> Worker {
    Worker(
        Command::new(env!("CARGO_BIN_EXE_worker"))
            .env_clear()
            .env("RUST_LOG", "warn")
            .env("DEMO_DATA", "false")
            .env("DATABASE_URL", env.ctx.config.database_url.expose())
            .env("DATA_DIR", env.dir.display().to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    )
}

/// The batch's PDF state and pages done, and its job's state, attempts and worker.
async fn progress(env: &TestEnv, batch: &str) -> (String, i64, String, i64, Option<String>) {
    sqlx::query_as(
        "select b.pdf_status, b.pdf_done, j.state, j.attempts, j.worker
         from coupon_batches b join jobs j on j.dedupe_key = 'batch_pdf:' || b.id
         where b.id = $1",
    )
    .bind(batch)
    .fetch_one(env.ctx.db.pool())
    .await
    .unwrap()
}

async fn wait_for(
    env: &TestEnv,
    batch: &str,
    what: &str,
    done: impl Fn(&(String, i64, String, i64, Option<String>)) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let p = progress(env, batch).await;
        if done(&p) {
            return;
        }
        assert!(Instant::now() < deadline, "waiting for {what}: {p:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

on_both_engines!(
    a_worker_killed_mid_pdf_loses_nothing_and_the_next_finishes_it,
    |env: TestEnv| async move {
        let ctx = &env.ctx;
        backend::seed::demo(ctx, &Password::parse(DEMO_PASSWORD).unwrap())
            .await
            .unwrap();
        backend::seed::demo_coupons(ctx).await.unwrap();
        let platform = backend::seed::ensure_platform(ctx).await.unwrap();
        let (kopi, _) = backend::auth::login(
            ctx,
            &platform,
            "kopi@coupons.test",
            DEMO_PASSWORD,
            "127.0.0.1",
        )
        .await
        .unwrap();
        let merchant = kopi.merchant_id().unwrap().to_owned();
        let (template_id,): (String,) =
            sqlx::query_as("select template_id from coupon_batches where merchant_id = $1 limit 1")
                .bind(&merchant)
                .fetch_one(ctx.db.pool())
                .await
                .unwrap();
        let wallet = WalletRef {
            tenant_id: platform.clone(),
            owner_type: OwnerType::Merchant,
            owner_id: merchant.clone(),
            credit_type: CreditType::Coupon,
        };
        let buy = Posting {
            wallet: wallet.clone(),
            action: Action::Purchase,
            amount: COUPONS,
            related_kind: RelatedKind::None,
            related_id: None,
            description: "test purchase".into(),
            message: None,
            idempotency_key: "pdf-crash-buy".into(),
            actor_user_id: None,
        };
        credits::post(&ctx.db, T0_MS, &buy).await.unwrap();
        let form = BatchForm {
            title: "Kill me halfway".into(),
            offer_details: "RM5 off any set".into(),
            terms: "One per visit.".into(),
            category: "cafe".into(),
            country: "MY".into(),
            city: "Kuala Lumpur".into(),
            business_type: "Kopitiam".into(),
            quantity: COUPONS.to_string(),
            valid_from: "2026-12-20".into(),
            valid_until: "2027-01-31".into(),
            template_id,
            send_whatsapp: false,
            show_in_center: false,
            claim_limit: "1".into(),
        };
        let b = backend::coupons::generate_batch(ctx, &kopi, &form, "pdf-crash")
            .await
            .unwrap();
        let balance = || async {
            credits::balances(
                &ctx.db,
                OwnerType::Merchant,
                &merchant,
                &[CreditType::Coupon],
            )
            .await
            .unwrap()[0]
                .balance
        };
        let after_batch = balance().await;

        let first = spawn_worker(&env);
        wait_for(&env, &b.id, "the first worker to be rendering", |p| {
            p.0 == "rendering" && p.1 > 0
        })
        .await;
        drop(first);
        let (status, _, job, attempts, by) = progress(&env, &b.id).await;
        assert_eq!(
            (status.as_str(), job.as_str(), attempts),
            ("rendering", "running", 1)
        );
        // A minute passes: the dead worker's lease runs out (it is the database's word, so
        // this moves its clock rather than the test waiting the minute).
        sqlx::query("update jobs set lease_until_ms = 0 where dedupe_key = $1")
            .bind(format!("batch_pdf:{}", b.id))
            .execute(ctx.db.pool())
            .await
            .unwrap();

        let second = spawn_worker(&env);
        wait_for(&env, &b.id, "the second worker to finish", |p| {
            p.0 == "ready" && p.2 == "done"
        })
        .await;
        drop(second);
        let (_, done, _, attempts, by_second) = progress(&env, &b.id).await;
        assert_eq!((done, attempts), (COUPONS, 2));
        assert_ne!(by, by_second, "another worker finished it");
        let pdf = std::fs::read(
            ctx.files
                .local_path(&backend::coupons::pdf_key(&b.id))
                .unwrap(),
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF") && pdf.trim_ascii_end().ends_with(b"%%EOF"));
        assert_eq!(
            balance().await,
            after_batch,
            "rendering costs nothing, twice or once"
        );
        let (coupons,): (i64,) = sqlx::query_as("select count(*) from coupons where batch_id = $1")
            .bind(&b.id)
            .fetch_one(ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(coupons, COUPONS);
    }
);
