//! Coupon templates, batches, PDFs, redemption and expiry refunds, on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::io::Cursor;
use std::process::Command;

use backend::clock::DAY_MS;
use backend::credits::{self, Posting, WalletRef};
use backend::testing::{DEMO_PASSWORD, T0_MS, TestEnv};
use backend::{Error, auth, on_both_engines, seed, templates};
use backend::{claims, coupons};
use domain::AppError;
use domain::auth::{Password, Principal};
use domain::claims::{ClaimForm, ClaimSource};
use domain::coupons::{BatchForm, CouponStatus, PdfState, Serial};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};

struct World {
    admin: Principal,
    kopi: Principal,
    bazaar: Principal,
    /// A merchant of the demo agent (another tenant).
    nasi: Principal,
    template_id: String,
}

async fn login(env: &TestEnv, host: &str, email: &str) -> Principal {
    let tenant = backend::tenants::resolve_host(
        &env.ctx.db,
        &domain::tenants::HostName::parse(host).unwrap(),
        &env.ctx.config.main_domains,
    )
    .await
    .unwrap()
    .unwrap()
    .tenant_id;
    auth::login(&env.ctx, &tenant, email, DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap()
        .0
}

/// A 600×300 gradient, as PNG (with some transparency) or JPEG.
fn template_bytes(jpeg: bool) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(600, 300, |x, y| {
        let a = if jpeg || x > 20 { 255 } else { 128 };
        image::Rgba([
            u8::try_from(x / 3).unwrap(),
            u8::try_from(y / 2).unwrap(),
            160,
            a,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    if jpeg {
        image::DynamicImage::ImageRgba8(img)
            .to_rgb8()
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
    } else {
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    }
    out.into_inner()
}

async fn world(env: &TestEnv) -> World {
    seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let admin = login(env, "localhost", "admin@coupons.test").await;
    let kopi = login(env, "localhost", "kopi@coupons.test").await;
    let bazaar = login(env, "localhost", "bazaar@coupons.test").await;
    let nasi = login(env, "demo-agent.localhost", "nasi@superdeals.test").await;
    let t = templates::add_library_template(
        &env.ctx,
        &admin,
        "Teal gradient",
        "Food",
        &template_bytes(false),
    )
    .await
    .unwrap();
    World {
        admin,
        kopi,
        bazaar,
        nasi,
        template_id: t.id,
    }
}

fn coupon_wallet(who: &Principal) -> WalletRef {
    WalletRef {
        tenant_id: who.tenant_id.clone(),
        owner_type: OwnerType::Merchant,
        owner_id: who.merchant_id().unwrap().to_owned(),
        credit_type: CreditType::Coupon,
    }
}

async fn buy(env: &TestEnv, who: &Principal, n: i64) {
    let p = Posting {
        wallet: coupon_wallet(who),
        action: Action::Purchase,
        amount: n,
        related_kind: RelatedKind::None,
        related_id: None,
        description: "test purchase".into(),
        message: None,
        idempotency_key: format!("buy-{}", backend::ids::new_id()),
        actor_user_id: None,
    };
    credits::post(&env.ctx.db, T0_MS, &p).await.unwrap();
}

async fn balance(env: &TestEnv, who: &Principal) -> i64 {
    credits::balances(
        &env.ctx.db,
        OwnerType::Merchant,
        who.merchant_id().unwrap(),
        &[CreditType::Coupon],
    )
    .await
    .unwrap()[0]
        .balance
}

fn form(template_id: &str, quantity: i64) -> BatchForm {
    BatchForm {
        title: "Free kopi with any kaya toast".into(),
        offer_details: "One regular kopi, hot or iced, with any kaya toast set.".into(),
        terms: "One per visit. Not valid with other offers.".into(),
        category: "cafe".into(),
        country: "MY".into(),
        city: "Kuala Lumpur".into(),
        business_type: "Kopitiam".into(),
        quantity: quantity.to_string(),
        valid_from: "2026-11-25".into(),
        valid_until: "2026-12-31".into(),
        template_id: template_id.into(),
        send_whatsapp: false,
        show_in_center: true,
        claim_limit: String::new(),
    }
}

fn user_error(e: Error) -> AppError {
    match e {
        Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

async fn count(env: &TestEnv, sql: &'static str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap()
        .0
}

async fn serials(env: &TestEnv, batch_id: &str) -> Vec<String> {
    sqlx::query_as::<_, (String,)>("select serial from coupons where batch_id = $1 order by seq")
        .bind(batch_id)
        .fetch_all(env.ctx.db.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.0)
        .collect()
}

async fn assert_books_balance(env: &TestEnv) {
    let v = credits::audit(&env.ctx.db).await.unwrap();
    assert!(v.is_empty(), "auditor found: {v:#?}");
}

on_both_engines!(
    a_batch_deducts_its_size_once_and_holds_that_many_unique_serials,
    |env: TestEnv| async move {
        let w = world(&env).await;
        buy(&env, &w.kopi, 1000).await;
        let b = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 300), "k1")
            .await
            .unwrap();
        assert_eq!(b.quantity, 300);
        assert_eq!(b.counts.available, 300);
        assert_eq!(b.pdf, PdfState::Pending);
        assert_eq!(balance(&env, &w.kopi).await, 700);
        let rows: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
            "select action, amount, related_kind, related_id from ledger_entries where credit_type = 'coupon' and amount < 0",
        )
        .fetch_all(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(
            rows,
            vec![(
                "deduct".to_owned(),
                -300,
                "coupon_batch".to_owned(),
                Some(b.id.clone())
            )]
        );
        let all = serials(&env, &b.id).await;
        assert_eq!(all.len(), 300);
        let unique: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), 300);
        for s in &all {
            assert_eq!(Serial::parse(s).unwrap().as_str(), s);
        }

        // The same request again is the same batch, paid once.
        let again = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 300), "k1")
            .await
            .unwrap();
        assert_eq!(again.id, b.id);
        assert_eq!(balance(&env, &w.kopi).await, 700);
        let changed = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 5), "k1")
            .await
            .unwrap_err();
        assert_eq!(user_error(changed), AppError::IdempotencyConflict);
        assert_eq!(count(&env, "select count(*) from coupons").await, 300);
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    a_batch_pdf_is_one_job_that_outlives_a_dead_worker_and_can_be_tried_again,
    |env: TestEnv| async move {
        use backend::jobs::{self, JobKind};
        let w = world(&env).await;
        buy(&env, &w.kopi, 10).await;
        let b = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 4), "s1")
            .await
            .unwrap();
        // The job was committed with the batch; replaying the form adds none.
        coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 4), "s1")
            .await
            .unwrap();
        assert_eq!(count(&env, "select count(*) from jobs").await, 1);
        let db = &env.ctx.db;
        let t0 = env.ctx.clock.now_ms();
        let job = jobs::claim(db, "a", t0).await.unwrap().unwrap();
        assert_eq!(
            (job.kind, job.payload.as_str(), job.attempts),
            (JobKind::BatchPdf, b.id.as_str(), 1)
        );
        // Worker a dies without a word. Until its lease runs out nobody else takes the job.
        assert!(
            jobs::claim(db, "b", t0 + jobs::LEASE_MS - 1)
                .await
                .unwrap()
                .is_none()
        );
        let again = jobs::claim(db, "b", t0 + jobs::LEASE_MS + 1)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((again.id.as_str(), again.attempts), (job.id.as_str(), 2));
        // a's late words change nothing: the lease is b's.
        assert!(
            !jobs::renew(db, &job.id, "a", t0 + jobs::LEASE_MS + 2)
                .await
                .unwrap()
        );
        coupons::render_batch(&env.ctx, &b.id).await.unwrap();
        jobs::finish(db, &again.id, "b", t0 + jobs::LEASE_MS + 3)
            .await
            .unwrap();
        let pdf = |id: String| {
            let (ctx, who) = (env.ctx.clone(), w.kopi.clone());
            async move { coupons::batch(&ctx, &who, &id).await.unwrap().pdf }
        };
        assert_eq!(pdf(b.id.clone()).await, PdfState::Ready);
        assert!(
            jobs::claim(db, "b", t0 + 10 * jobs::LEASE_MS)
                .await
                .unwrap()
                .is_none()
        );

        // A failure is retried after a backoff, then given up: the page offers Try again,
        // which queues the job once more with fresh attempts.
        let c = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 3), "s2")
            .await
            .unwrap();
        let mut now = t0 + 20 * jobs::LEASE_MS;
        for attempt in 1..=JobKind::BatchPdf.max_attempts() {
            let j = jobs::claim(db, "a", now).await.unwrap().unwrap();
            assert_eq!((j.payload.as_str(), j.attempts), (c.id.as_str(), attempt));
            let gave_up = jobs::fail(db, &j, "a", now, "disk full").await.unwrap();
            assert_eq!(gave_up, attempt == JobKind::BatchPdf.max_attempts());
            assert!(
                jobs::claim(db, "a", now + jobs::backoff_ms(attempt) - 1)
                    .await
                    .unwrap()
                    .is_none()
            );
            now += jobs::backoff_ms(attempt);
        }
        coupons::mark_pdf_failed(db, &c.id).await.unwrap();
        assert!(
            jobs::claim(db, "a", now + 3_600_000)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(pdf(c.id.clone()).await, PdfState::Failed);
        // Another merchant cannot ask for it.
        let e = coupons::render_again(&env.ctx, &w.bazaar, &c.id)
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
        coupons::render_again(&env.ctx, &w.kopi, &c.id)
            .await
            .unwrap();
        assert_eq!(pdf(c.id.clone()).await, PdfState::Pending);
        let j = jobs::claim(db, "a", now).await.unwrap().unwrap();
        assert_eq!((j.payload.as_str(), j.attempts), (c.id.as_str(), 1));
        coupons::render_batch(&env.ctx, &c.id).await.unwrap();
        jobs::finish(db, &j.id, "a", now).await.unwrap();
        assert_eq!(pdf(c.id).await, PdfState::Ready);
    }
);

on_both_engines!(
    not_enough_credits_or_a_bad_form_creates_nothing,
    |env: TestEnv| async move {
        let w = world(&env).await;
        buy(&env, &w.kopi, 50).await;
        let e = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 100), "k")
            .await
            .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::InsufficientCredits {
                balance: 50,
                requested: 100
            }
        );
        let bad = BatchForm {
            quantity: "0".into(),
            ..form(&w.template_id, 1)
        };
        let e = coupons::generate_batch(&env.ctx, &w.kopi, &bad, "k2")
            .await
            .unwrap_err();
        assert!(
            matches!(user_error(e), AppError::InvalidInput { field, .. } if field == "Quantity")
        );
        // Another merchant's own template and a disabled library template are not offered.
        let own =
            templates::add_own_template(&env.ctx, &w.bazaar, "Bazaar art", &template_bytes(true))
                .await
                .unwrap();
        let e = coupons::generate_batch(&env.ctx, &w.kopi, &form(&own.id, 10), "k3")
            .await
            .unwrap_err();
        assert!(
            matches!(user_error(e), AppError::InvalidInput { field, .. } if field == "Template")
        );
        templates::update_library_template(
            &env.ctx,
            &w.admin,
            &w.template_id,
            "Teal",
            "Food",
            false,
        )
        .await
        .unwrap();
        let e = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 10), "k4")
            .await
            .unwrap_err();
        assert!(
            matches!(user_error(e), AppError::InvalidInput { field, .. } if field == "Template")
        );
        // Staff cannot generate batches at all.
        let e = coupons::generate_batch(&env.ctx, &w.admin, &form(&w.template_id, 10), "k5")
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::Forbidden);
        assert_eq!(count(&env, "select count(*) from coupon_batches").await, 0);
        assert_eq!(count(&env, "select count(*) from coupons").await, 0);
        assert_eq!(balance(&env, &w.kopi).await, 50);
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    concurrent_batches_never_overspend_and_one_key_makes_one_batch,
    |env: TestEnv| async move {
        let w = world(&env).await;
        buy(&env, &w.kopi, 100).await;
        let mut tasks = Vec::new();
        for i in 0..8 {
            let ctx = env.ctx.clone();
            let who = w.kopi.clone();
            let f = form(&w.template_id, 30);
            // Two requests per key: four distinct batches asked for, at most three affordable.
            let key = format!("key-{}", i / 2);
            tasks.push(tokio::spawn(async move {
                coupons::generate_batch(&ctx, &who, &f, &key).await
            }));
        }
        let mut ids = std::collections::HashSet::new();
        let mut refused = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(b) => {
                    ids.insert(b.id);
                }
                Err(e) => {
                    assert!(matches!(
                        user_error(e),
                        AppError::InsufficientCredits { .. }
                    ));
                    refused += 1;
                }
            }
        }
        assert_eq!(ids.len(), 3, "three batches of 30 fit in 100 credits");
        assert!(refused >= 1);
        assert_eq!(balance(&env, &w.kopi).await, 10);
        assert_eq!(count(&env, "select count(*) from coupons").await, 90);
        assert_books_balance(&env).await;
    }
);

/// Generates a batch of `n` for Kopi and marks the first `taken` coupons taken.
async fn batch_with_taken(env: &TestEnv, w: &World, n: i64, taken: usize) -> (String, Vec<String>) {
    buy(env, &w.kopi, n).await;
    let b = coupons::generate_batch(
        &env.ctx,
        &w.kopi,
        &form(&w.template_id, n),
        &format!("b{n}"),
    )
    .await
    .unwrap();
    let all = serials(env, &b.id).await;
    for (i, expected) in all.iter().take(taken).enumerate() {
        // Distinct customers (the default limit is one per phone), the first +60123456789.
        let form = ClaimForm {
            name: format!("Customer {i}"),
            phone: format!("+6012{:07}", 3_456_789 + i),
            birthday: "1990-05-31".into(),
            reuse_birthday: false,
            marketing: false,
        };
        let c = claims::claim(
            &env.ctx,
            &claims::ClaimRequest {
                tenant_id: &w.kopi.tenant_id,
                batch_id: &b.id,
                form: &form,
                source: ClaimSource::Homepage,
                addr: &format!("10.0.{}.{}", i / 256, i % 256),
                site_base: "http://localhost",
                device: None,
                locale: Default::default(),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            c.coupon.serial.as_str(),
            expected,
            "claims take coupons in order"
        );
    }
    (b.id, all)
}

on_both_engines!(
    redemption_accepts_only_a_taken_own_unexpired_coupon_once,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let (batch_id, all) = batch_with_taken(&env, &w, 5, 3).await;
        let ctx = &env.ctx;
        let secret = coupons::signing_secret(&ctx.config).unwrap();
        let s0 = Serial::parse(&all[0]).unwrap();

        // Typed, in any case and grouping.
        let r = coupons::redeem_serial(ctx, &w.kopi, &s0.display().to_lowercase())
            .await
            .unwrap();
        assert_eq!(
            (r.batch_id.as_str(), r.redeemed_at_ms),
            (batch_id.as_str(), T0_MS)
        );
        env.clock.advance(60_000);
        let e = coupons::redeem_serial(ctx, &w.kopi, s0.as_str())
            .await
            .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::CouponAlreadyRedeemed {
                serial: s0.display(),
                redeemed_at_ms: T0_MS
            }
        );

        // By link: checked first without change, then redeemed.
        let s1 = Serial::parse(&all[1]).unwrap();
        let sig = coupons::sign(&secret, &s1).unwrap();
        let check = coupons::check_link(ctx, &w.kopi, s1.as_str(), &sig)
            .await
            .unwrap();
        assert_eq!(check.serial, s1);
        coupons::redeem_link(ctx, &w.kopi, s1.as_str(), &sig)
            .await
            .unwrap();

        // Each refusal has its own error.
        let s2 = Serial::parse(&all[2]).unwrap();
        let other_sig = coupons::sign(&backend::config::Secret::new("x".repeat(40)), &s2).unwrap();
        let e = coupons::redeem_link(ctx, &w.kopi, s2.as_str(), &other_sig)
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::ForgedCoupon);
        let e = coupons::redeem_serial(ctx, &w.bazaar, s2.as_str())
            .await
            .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::CouponOfAnotherMerchant {
                serial: s2.display()
            }
        );
        let e = coupons::redeem_serial(ctx, &w.nasi, s2.as_str())
            .await
            .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::CouponOfAnotherMerchant {
                serial: s2.display()
            }
        );
        let s3 = Serial::parse(&all[3]).unwrap();
        let e = coupons::redeem_serial(ctx, &w.kopi, s3.as_str())
            .await
            .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::CouponNotTaken {
                serial: s3.display()
            }
        );
        let stranger = Serial::generate(&mut || 77);
        let e = coupons::redeem_serial(ctx, &w.kopi, stranger.as_str())
            .await
            .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::UnknownCoupon {
                serial: stranger.display()
            }
        );
        let sig = coupons::sign(&secret, &stranger).unwrap();
        let e = coupons::redeem_link(ctx, &w.kopi, stranger.as_str(), &sig)
            .await
            .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::UnknownCoupon {
                serial: stranger.display()
            }
        );
        let mut typo = s2.as_str().as_bytes().to_vec();
        typo.swap(0, 1);
        if typo[0] != typo[1] {
            let e = coupons::redeem_serial(ctx, &w.kopi, std::str::from_utf8(&typo).unwrap())
                .await
                .unwrap_err();
            assert!(
                matches!(user_error(e), AppError::InvalidInput { field, .. } if field == "Serial")
            );
        }
        let e = coupons::redeem_serial(ctx, &w.admin, s2.as_str())
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::Forbidden);

        // After the last valid day, a taken coupon can no longer be redeemed.
        env.clock.set(T0_MS + 40 * DAY_MS);
        let e = coupons::redeem_serial(ctx, &w.kopi, s2.as_str())
            .await
            .unwrap_err();
        assert!(matches!(user_error(e), AppError::CouponExpired { .. }));
        let b = coupons::batch(ctx, &w.kopi, &batch_id).await.unwrap();
        assert_eq!(
            (b.counts.taken, b.counts.redeemed, b.counts.expired),
            (1, 2, 2),
            "never-taken coupons show as expired after the end"
        );
    }
);

on_both_engines!(
    two_staff_redeeming_at_once_one_wins,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let (_, all) = batch_with_taken(&env, &w, 3, 3).await;
        for serial in all {
            let mut tasks = Vec::new();
            for _ in 0..6 {
                let ctx = env.ctx.clone();
                let who = w.kopi.clone();
                let s = serial.clone();
                tasks.push(tokio::spawn(async move {
                    coupons::redeem_serial(&ctx, &who, &s).await
                }));
            }
            let mut wins = 0;
            for t in tasks {
                match t.await.unwrap() {
                    Ok(_) => wins += 1,
                    Err(e) => assert!(matches!(
                        user_error(e),
                        AppError::CouponAlreadyRedeemed { .. }
                    )),
                }
            }
            assert_eq!(wins, 1);
        }
    }
);

on_both_engines!(
    expired_batch_refunds_only_untaken_coupons_once,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let (batch_id, all) = batch_with_taken(&env, &w, 1000, 100).await;
        for s in &all[..10] {
            coupons::redeem_serial(&env.ctx, &w.kopi, s).await.unwrap();
        }
        assert_eq!(balance(&env, &w.kopi).await, 0);
        // Before the end (the last valid day is 2026-12-31): nothing happens.
        env.clock
            .set(domain::time::parse_date_ms("2026-12-31").unwrap() + DAY_MS - 1);
        assert_eq!(
            coupons::refund_expired(&env.ctx).await.unwrap(),
            coupons::RefundReport::default()
        );
        env.clock.advance(1);
        // Two workers at once, then a third run: one refund of 900.
        let (a, b) = tokio::join!(
            coupons::refund_expired(&env.ctx),
            coupons::refund_expired(&env.ctx)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.coupons_refunded + b.coupons_refunded, 900);
        assert_eq!(a.batches + b.batches, 1);
        assert_eq!(
            coupons::refund_expired(&env.ctx).await.unwrap(),
            coupons::RefundReport::default()
        );
        assert_eq!(balance(&env, &w.kopi).await, 900);
        let refunds: Vec<(i64, Option<String>)> =
            sqlx::query_as("select amount, related_id from ledger_entries where action = 'refund'")
                .fetch_all(env.ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(refunds, vec![(900, Some(batch_id.clone()))]);
        let b = coupons::batch(&env.ctx, &w.kopi, &batch_id).await.unwrap();
        assert_eq!(
            (
                b.counts.available,
                b.counts.taken,
                b.counts.redeemed,
                b.counts.expired
            ),
            (0, 90, 10, 900)
        );
        assert_eq!(b.refunded, Some(900));
        assert_books_balance(&env).await;
    }
);

fn pdftotext(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders page 1 at 40 dpi and returns its grey levels.
fn render_page_one(path: &std::path::Path, dir: &std::path::Path) -> image::GrayImage {
    let prefix = dir.join("page");
    let out = Command::new("pdftoppm")
        .args(["-r", "40", "-f", "1", "-l", "1", "-singlefile", "-png"])
        .arg(path)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (Debian poppler-utils) must be installed");
    assert!(out.status.success(), "pdftoppm: {out:?}");
    image::open(prefix.with_extension("png"))
        .unwrap()
        .to_luma8()
}

on_both_engines!(
    the_batch_pdf_opens_in_a_real_reader_with_serials_and_art,
    |env: TestEnv| async move {
        let w = world(&env).await;
        // A merchant's own JPEG template as well as the library PNG.
        let own = templates::add_own_template(&env.ctx, &w.kopi, "My art", &template_bytes(true))
            .await
            .unwrap();
        for template in [w.template_id.clone(), own.id] {
            buy(&env, &w.kopi, 7).await;
            let b = coupons::generate_batch(&env.ctx, &w.kopi, &form(&template, 7), &template)
                .await
                .unwrap();
            let mut seen = Vec::new();
            let key = coupons::render_pdf(
                &env.ctx,
                &w.kopi,
                &b.id,
                "http://localhost:3000",
                &mut |done, total| seen.push((done, total)),
            )
            .await
            .unwrap();
            let path = env.ctx.files.local_path(&key).unwrap();
            assert_eq!(seen.first(), Some(&(0, 7)));
            assert_eq!(seen.last(), Some(&(7, 7)));
            assert_eq!(
                coupons::batch(&env.ctx, &w.kopi, &b.id).await.unwrap().pdf,
                PdfState::Ready
            );
            assert_eq!(
                coupons::pdf_file(&env.ctx, &w.kopi, &b.id)
                    .await
                    .unwrap()
                    .len,
                Some(std::fs::metadata(&path).unwrap().len())
            );
            let text = pdftotext(&path);
            let all = serials(&env, &b.id).await;
            for s in &all {
                let shown = Serial::parse(s).unwrap().display();
                assert!(text.contains(&shown), "{shown} missing from {text}");
            }
            assert!(text.contains("Free kopi with any kaya toast"), "{text}");
            assert!(text.contains("Kopi Corner Sdn Bhd"), "{text}");
            assert_eq!(text.matches('\u{c}').count(), 7, "one page per coupon");
            let page = render_page_one(&path, &env.dir);
            let (min, max) = page
                .pixels()
                .fold((255u8, 0u8), |(lo, hi), p| (lo.min(p.0[0]), hi.max(p.0[0])));
            assert!(max > 200 && min < 40, "page 1 looks blank: {min}..{max}");
            // The template image is stored once, however many pages there are.
            let bytes = std::fs::read(&path).unwrap();
            let images = bytes
                .windows(b"/Subtype /Image".len())
                .filter(|w| *w == b"/Subtype /Image")
                .count();
            assert!(
                images <= 2,
                "template embedded once (plus its mask): {images}"
            );
        }
        // Another tenant's merchant cannot reach the batch or its file.
        let (id,): (String,) = sqlx::query_as("select id from coupon_batches limit 1")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        let e = coupons::pdf_file(&env.ctx, &w.nasi, &id).await.unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
        let e = coupons::batch(&env.ctx, &w.bazaar, &id).await.unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
    }
);

on_both_engines!(
    chinese_and_malay_offers_print_exactly_and_read_back_from_the_pdf,
    |env: TestEnv| async move {
        let w = world(&env).await;
        buy(&env, &w.kopi, 3).await;
        let mut f = form(&w.template_id, 3);
        f.title = "好味茶室 半价".into();
        f.offer_details = "Diskaun 50% untuk semua minuman".into();
        f.terms = "每人限用一次。Satu bagi setiap pelanggan.".into();
        let b = coupons::generate_batch(&env.ctx, &w.kopi, &f, &w.template_id)
            .await
            .unwrap();
        let key = coupons::render_pdf(
            &env.ctx,
            &w.kopi,
            &b.id,
            "http://localhost:3000",
            &mut |_, _| {},
        )
        .await
        .unwrap();
        let path = env.ctx.files.local_path(&key).unwrap();
        let text = pdftotext(&path);
        assert!(text.contains("好味茶室 半价"), "{text}");
        assert!(text.contains("Diskaun 50% untuk semua minuman"), "{text}");
        assert!(text.contains("每人限用一次。"), "{text}");
        assert!(!text.contains('?'), "nothing printed as ?: {text}");
        for s in serials(&env, &b.id).await {
            let shown = Serial::parse(&s).unwrap().display();
            assert!(text.contains(&shown), "{shown} missing from {text}");
        }
        // The font is a subset: the three pages carry kilobytes of it, not the 19 MB face.
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
        let page = render_page_one(&path, &env.dir);
        let dark = page.pixels().filter(|p| p.0[0] < 80).count();
        assert!(dark > 200, "text and QR are drawn: {dark} dark pixels");
    }
);

on_both_engines!(
    the_csv_lists_every_coupon_and_masks_phones_for_others,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let (batch_id, all) = batch_with_taken(&env, &w, 4, 2).await;
        coupons::redeem_serial(&env.ctx, &w.kopi, &all[0])
            .await
            .unwrap();
        let mut out = Vec::new();
        coupons::write_csv(&env.ctx, &w.kopi, &batch_id, &mut out)
            .await
            .unwrap();
        let csv = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], coupons::CSV_HEADER);
        assert_eq!(lines.len(), 5);
        let first = Serial::parse(&all[0]).unwrap().display();
        assert_eq!(
            lines[1],
            format!("{first},Redeemed,2026-11-25 00:00 UTC,+60123456789,,2026-11-25 00:00 UTC")
        );
        assert!(lines[3].contains("Generated/Available"));
        // The Super Admin sees the platform's batches with phones masked.
        let mut out = Vec::new();
        coupons::write_csv(&env.ctx, &w.admin, &batch_id, &mut out)
            .await
            .unwrap();
        let csv = String::from_utf8(out).unwrap();
        assert!(
            csv.contains("+••••••••789") && !csv.contains("+60123456789"),
            "{csv}"
        );
        let listed = coupons::batches(&env.ctx, &w.admin).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].counts.taken + listed[0].counts.redeemed, 2);
        assert_eq!(
            coupons::batches(&env.ctx, &w.nasi).await.unwrap().len(),
            0,
            "another tenant's merchant sees none"
        );
        let (page, next) = coupons::coupon_lines(&env.ctx, &w.kopi, &batch_id, None, 3)
            .await
            .unwrap();
        assert_eq!(page.len(), 3);
        assert_eq!(page[0].status, CouponStatus::Redeemed);
        let (rest, end) = coupons::coupon_lines(&env.ctx, &w.kopi, &batch_id, next, 3)
            .await
            .unwrap();
        assert_eq!((rest.len(), end), (1, None));
    }
);

on_both_engines!(
    templates_are_checked_offered_by_owner_and_disabled_ones_keep_old_batches_working,
    |env: TestEnv| async move {
        let w = world(&env).await;
        // A bad file stores nothing.
        let files_before = count_files(&env);
        let e = templates::add_library_template(
            &env.ctx,
            &w.admin,
            "Bad",
            "Food",
            b"GIF89a not really",
        )
        .await
        .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));
        assert_eq!(count_files(&env), files_before);
        // Merchants cannot touch the library; the admin cannot upload "own" templates.
        let e =
            templates::add_library_template(&env.ctx, &w.kopi, "X", "Food", &template_bytes(false))
                .await
                .unwrap_err();
        assert_eq!(user_error(e), AppError::Forbidden);
        let e = templates::add_own_template(&env.ctx, &w.admin, "X", &template_bytes(false))
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::Forbidden);

        let own = templates::add_own_template(&env.ctx, &w.kopi, "Kopi art", &template_bytes(true))
            .await
            .unwrap();
        let offered = |who: Principal| {
            let ctx = env.ctx.clone();
            async move {
                templates::offered(&ctx, &who)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|t| t.id)
                    .collect::<Vec<_>>()
            }
        };
        // The demo library holds two more templates; own uploads are listed first.
        let kopi_sees = offered(w.kopi.clone()).await;
        assert_eq!(kopi_sees.len(), 4);
        assert_eq!(kopi_sees[0], own.id);
        assert!(kopi_sees.contains(&w.template_id));
        let nasi_sees = offered(w.nasi.clone()).await;
        assert_eq!(nasi_sees.len(), 3);
        assert!(nasi_sees.contains(&w.template_id) && !nasi_sees.contains(&own.id));
        let e = templates::image(&env.ctx, &w.nasi, &own.id)
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
        let (bytes, mime) = templates::image(&env.ctx, &w.nasi, &w.template_id)
            .await
            .unwrap();
        assert_eq!(mime, "image/png");
        assert!(bytes.starts_with(b"\x89PNG"));

        // A batch made with a library template still renders after the template is disabled.
        buy(&env, &w.kopi, 2).await;
        let b = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 2), "t")
            .await
            .unwrap();
        let t = templates::update_library_template(
            &env.ctx,
            &w.admin,
            &w.template_id,
            "Teal",
            "Food",
            false,
        )
        .await
        .unwrap();
        assert!(!t.enabled);
        let nasi_sees = offered(w.nasi.clone()).await;
        assert_eq!(nasi_sees.len(), 2);
        assert!(!nasi_sees.contains(&w.template_id));
        assert_eq!(
            templates::library(&env.ctx, &w.admin).await.unwrap().len(),
            3
        );
        coupons::render_pdf(
            &env.ctx,
            &w.kopi,
            &b.id,
            "http://localhost:3000",
            &mut |_, _| {},
        )
        .await
        .unwrap();
    }
);

fn count_files(env: &TestEnv) -> usize {
    fn walk(p: &std::path::Path) -> usize {
        std::fs::read_dir(p).map_or(0, |d| {
            d.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
    }
    walk(&env.dir.join("files"))
}

#[test]
fn the_signing_key_is_generated_once_and_kept_in_the_data_dir() {
    let dir = std::env::temp_dir().join(format!("coupons-key-{}", backend::ids::random_hex(6)));
    let mut values = std::collections::BTreeMap::new();
    values.insert("DATA_DIR".to_owned(), dir.display().to_string());
    let config = backend::Config::from_map(&values).unwrap();
    let a = coupons::signing_secret(&config).unwrap();
    let b = coupons::signing_secret(&config).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.expose().len(), 64);
    let other = std::env::temp_dir().join(format!("coupons-key-{}", backend::ids::random_hex(6)));
    values.insert("DATA_DIR".to_owned(), other.display().to_string());
    let c = coupons::signing_secret(&backend::Config::from_map(&values).unwrap()).unwrap();
    assert_ne!(a, c, "each installation draws its own key");
    values.insert("COUPON_SIGNING_SECRET".to_owned(), "s".repeat(40));
    let d = coupons::signing_secret(&backend::Config::from_map(&values).unwrap()).unwrap();
    assert_eq!(d.expose(), "s".repeat(40));
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(other);
}

on_both_engines!(
    an_expired_membership_makes_no_new_batch_and_keeps_the_old_ones,
    |env: TestEnv| async move {
        let w = world(&env).await;
        buy(&env, &w.kopi, 100).await;
        let kept = coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 10), "before")
            .await
            .unwrap();
        let mid = w.kopi.merchant_id().unwrap().to_owned();
        sqlx::query("update merchants set renews_at_ms = $2 where id = $1")
            .bind(&mid)
            .bind(T0_MS + 1_000)
            .execute(env.ctx.db.pool())
            .await
            .unwrap();
        env.clock.advance(2_000);
        let r =
            coupons::generate_batch(&env.ctx, &w.kopi, &form(&w.template_id, 10), "after").await;
        assert!(
            matches!(
                user_error(r.unwrap_err()),
                AppError::MembershipInactive { .. }
            ),
            "an expired member is refused"
        );
        assert_eq!(balance(&env, &w.kopi).await, 90, "nothing was charged");
        let still = coupons::batch(&env.ctx, &w.kopi, &kept.id).await.unwrap();
        assert_eq!(still.quantity, 10);
        assert_eq!(
            count(&env, "select count(*) from coupon_batches").await,
            1,
            "no batch was made"
        );
    }
);

on_both_engines!(
    each_merchants_own_designs_are_capped_in_number_and_bytes,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let mut config = (*env.ctx.config).clone();
        config.upload_limits.templates_per_merchant = 2;
        let mut ctx = env.ctx.clone();
        ctx.config = std::sync::Arc::new(config);
        for i in 0..2 {
            templates::add_own_template(&ctx, &w.kopi, &format!("Art {i}"), &template_bytes(false))
                .await
                .unwrap();
        }
        let files = count_files(&env);
        let e = templates::add_own_template(&ctx, &w.kopi, "Art 3", &template_bytes(false))
            .await
            .unwrap_err();
        assert!(
            matches!(user_error(e), AppError::InvalidInput { ref message, .. } if message.contains("2 designs")),
        );
        assert_eq!(count_files(&env), files, "a refused design stores no file");
        // Another merchant has its own allowance.
        templates::add_own_template(&ctx, &w.bazaar, "Bazaar art", &template_bytes(false))
            .await
            .unwrap();
        // The byte cap: a design that would pass it is refused with the reason.
        let mut config = (*env.ctx.config).clone();
        config.upload_limits.template_bytes_per_merchant = 100;
        ctx.config = std::sync::Arc::new(config);
        let e = templates::add_own_template(&ctx, &w.nasi, "Big art", &template_bytes(true))
            .await
            .unwrap_err();
        assert!(
            matches!(user_error(e), AppError::InvalidInput { ref message, .. } if message.contains("MB allowed")),
        );
        assert_eq!(count_files(&env), files + 1);
    }
);

/// With `FILES_URL` naming a bucket, a batch's template, its PDF and the download all go
/// through the bucket: another server's store streams the same PDF, and nothing is left on
/// this machine's disk.
async fn a_batch_pdf_goes_through_the_bucket(engine: backend::testing::Engine) {
    use futures::TryStreamExt;
    let Some(env) = backend::testing::env_in_bucket(engine).await else {
        return;
    };
    let w = world(&env).await;
    buy(&env, &w.kopi, 3).await;
    let mut f = form(&w.template_id, 3);
    f.title = "好味茶室 半价".into();
    let b = coupons::generate_batch(&env.ctx, &w.kopi, &f, &w.template_id)
        .await
        .unwrap();
    let key = coupons::render_pdf(
        &env.ctx,
        &w.kopi,
        &b.id,
        "http://localhost:3000",
        &mut |_, _| {},
    )
    .await
    .unwrap();
    let d = coupons::pdf_file(&env.ctx, &w.kopi, &b.id).await.unwrap();
    let len = d.len;
    let mine: Vec<bytes::Bytes> = d.bytes.try_collect().await.unwrap();
    let mine = mine.concat();
    assert!(mine.starts_with(b"%PDF-"));
    assert_eq!(len, Some(u64::try_from(mine.len()).unwrap()));
    let other = backend::files::FileStore::from_config(
        &env.ctx.config.files,
        &env.dir.join("other-server"),
    )
    .unwrap();
    assert!(other.get(&key).await.unwrap() == mine);
    let path = env.dir.join("read-back.pdf");
    std::fs::write(&path, &mine).unwrap();
    assert!(pdftotext(&path).contains("好味茶室 半价"));
    assert!(
        !env.dir.join("files").exists(),
        "nothing stored on this machine's disk"
    );
    // Another tenant's merchant still cannot reach it.
    let e = coupons::pdf_file(&env.ctx, &w.nasi, &b.id)
        .await
        .err()
        .unwrap();
    assert_eq!(user_error(e), AppError::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_pdf_goes_through_the_bucket_on_sqlite() {
    a_batch_pdf_goes_through_the_bucket(backend::testing::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_pdf_goes_through_the_bucket_on_postgres() {
    a_batch_pdf_goes_through_the_bucket(backend::testing::Engine::Postgres).await;
}
