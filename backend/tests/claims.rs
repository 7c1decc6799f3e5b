//! Claims (Get Coupon on the homepage and in store), phone recognition and the device cookie,
//! on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::collections::HashSet;
use std::io::Cursor;

use backend::claims::{self, ClaimRequest, Claimed};
use backend::clock::DAY_MS;
use backend::credits::{self, Posting, WalletRef};
use backend::lucky_draw::{self, SpinRequest};
use backend::testing::{DEMO_PASSWORD, T0_MS, TestEnv};
use backend::{Error, Result, auth, coupons, on_both_engines, seed, templates};
use domain::AppError;
use domain::auth::{Password, Principal};
use domain::claims::{ClaimForm, ClaimSource, ClaimWhatsApp, Recognised};
use domain::coupons::BatchForm;
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::error::ClaimThrottle;
use domain::lucky_draw::{PrizeForm, SpinOutcome, SpinSource, WheelForm};

struct World {
    kopi: Principal,
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

fn png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(600, 300, |x, _| {
        image::Rgba([u8::try_from(x / 3).unwrap(), 90, 160, 255])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn world(env: &TestEnv) -> World {
    seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let admin = login(env, "localhost", "admin@coupons.test").await;
    let kopi = login(env, "localhost", "kopi@coupons.test").await;
    let nasi = login(env, "demo-agent.localhost", "nasi@superdeals.test").await;
    let t = templates::add_library_template(&env.ctx, &admin, "Teal", "Food", &png())
        .await
        .unwrap();
    World {
        kopi,
        nasi,
        template_id: t.id,
    }
}

async fn buy(env: &TestEnv, who: &Principal, credit_type: CreditType, n: i64) {
    let p = Posting {
        wallet: WalletRef {
            tenant_id: who.tenant_id.clone(),
            owner_type: OwnerType::Merchant,
            owner_id: who.merchant_id().unwrap().to_owned(),
            credit_type,
        },
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

#[derive(Clone, Copy)]
struct BatchOpts {
    quantity: i64,
    limit: i64,
    whatsapp: bool,
    in_center: bool,
    from: &'static str,
}

impl Default for BatchOpts {
    fn default() -> Self {
        Self {
            quantity: 10,
            limit: 1,
            whatsapp: false,
            in_center: true,
            from: "2026-11-25",
        }
    }
}

/// Buys the coupon credits and generates a batch for `who`.
async fn batch(env: &TestEnv, w: &World, who: &Principal, o: BatchOpts) -> String {
    buy(env, who, CreditType::Coupon, o.quantity).await;
    let form = BatchForm {
        title: "Free kopi with any kaya toast".into(),
        offer_details: "One regular kopi with any kaya toast set.".into(),
        terms: "One per visit.".into(),
        category: "cafe".into(),
        country: "MY".into(),
        city: "Kuala Lumpur".into(),
        business_type: "Kopitiam".into(),
        quantity: o.quantity.to_string(),
        valid_from: o.from.into(),
        valid_until: "2026-12-31".into(),
        template_id: w.template_id.clone(),
        send_whatsapp: o.whatsapp,
        show_in_center: o.in_center,
        claim_limit: o.limit.to_string(),
    };
    coupons::generate_batch(&env.ctx, who, &form, &backend::ids::new_id())
        .await
        .unwrap()
        .id
}

fn form(name: &str, phone: &str) -> ClaimForm {
    ClaimForm {
        name: name.into(),
        phone: phone.into(),
        birthday: "1990-05-31".into(),
        reuse_birthday: false,
        marketing: false,
    }
}

async fn claim_as(
    env: &TestEnv,
    tenant_id: &str,
    batch_id: &str,
    f: &ClaimForm,
    source: ClaimSource,
    addr: &str,
) -> Result<Claimed> {
    claim_on(env, tenant_id, batch_id, f, source, addr, None).await
}

/// [`claim_as`] from a device carrying device cookie `device`.
async fn claim_on(
    env: &TestEnv,
    tenant_id: &str,
    batch_id: &str,
    f: &ClaimForm,
    source: ClaimSource,
    addr: &str,
    device: Option<&str>,
) -> Result<Claimed> {
    claims::claim(
        &env.ctx,
        &ClaimRequest {
            tenant_id,
            batch_id,
            form: f,
            source,
            addr,
            site_base: "http://localhost:3000",
            device,
            locale: Default::default(),
        },
    )
    .await
}

fn user_error(e: Error) -> AppError {
    match e {
        Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

async fn one_i64(env: &TestEnv, sql: &'static str, arg: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql)
        .bind(arg)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap()
        .0
}

async fn assert_books_balance(env: &TestEnv) {
    let v = credits::audit(&env.ctx.db).await.unwrap();
    assert!(v.is_empty(), "auditor found: {v:#?}");
}

on_both_engines!(
    a_claim_issues_the_next_coupon_to_one_e164_customer_and_logs_it,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(&env, &w, &w.kopi, BatchOpts::default()).await;
        let c = claim_as(
            &env,
            &t,
            &b,
            &form("  Jane   Tan ", "012-345 6789"),
            ClaimSource::Homepage,
            "1.1.1.1",
        )
        .await
        .unwrap();
        let k = &c.coupon;
        assert_eq!(k.phone, "+60123456789");
        assert_eq!(k.claimed_at_ms, T0_MS);
        assert_eq!(k.whatsapp, ClaimWhatsApp::Off);
        assert_eq!(k.merchant_id, w.kopi.merchant_id().unwrap());
        assert!(
            k.verify_url
                .starts_with(&format!("http://localhost:3000/v/{}/", k.serial.as_str()))
        );
        // The QR link verifies.
        let sig = k.verify_url.rsplit('/').next().unwrap();
        coupons::check_signature(
            &coupons::signing_secret(&env.ctx.config).unwrap(),
            k.serial.as_str(),
            sig,
        )
        .unwrap();
        let row: (String, Option<i64>, Option<String>, i64) = sqlx::query_as(
            "select status, taken_at_ms, customer_phone, seq from coupons where serial = $1",
        )
        .bind(k.serial.as_str())
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(
            row,
            ("taken".into(), Some(T0_MS), Some("+60123456789".into()), 0)
        );
        let log: (String, String, String, i64) = sqlx::query_as(
            "select c.source, u.name, u.birthday, c.claimed_at_ms from claims c
             join customers u on u.id = c.customer_id where c.serial = $1",
        )
        .bind(k.serial.as_str())
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(
            log,
            (
                "homepage".into(),
                "Jane Tan".into(),
                "1990-05-31".into(),
                T0_MS
            )
        );

        // The same number written internationally is the same customer: the limit holds.
        let e = claim_as(
            &env,
            &t,
            &b,
            &form("Jane Tan", "+60 12-345 6789"),
            ClaimSource::InStore,
            "1.1.1.2",
        )
        .await
        .unwrap_err();
        assert_eq!(user_error(e), AppError::ClaimLimitReached { limit: 1 });
        assert_eq!(
            one_i64(
                &env,
                "select count(*) from customers where tenant_id = $1",
                &t
            )
            .await,
            1
        );
        assert_eq!(
            one_i64(
                &env,
                "select claimed_count from coupon_batches where id = $1",
                &b
            )
            .await,
            1,
            "a refused claim changes nothing"
        );
        let summary = coupons::batch(&env.ctx, &w.kopi, &b).await.unwrap();
        assert_eq!((summary.counts.taken, summary.counts.available), (1, 9));

        // Another customer gets the next coupon, from the store link.
        let c2 = claim_as(
            &env,
            &t,
            &b,
            &form("Ali", "013-222 3333"),
            ClaimSource::InStore,
            "1.1.1.3",
        )
        .await
        .unwrap();
        assert_ne!(c2.coupon.serial, k.serial);
        assert_eq!(c2.coupon.source, ClaimSource::InStore);
        assert_eq!(
            one_i64(
                &env,
                "select count(*) from claims where source = $1",
                "in_store"
            )
            .await,
            1
        );
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    a_higher_per_customer_limit_allows_that_many,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                limit: 2,
                ..BatchOpts::default()
            },
        )
        .await;
        let f = form("Jane Tan", "0123456789");
        for addr in ["a", "b"] {
            claim_as(&env, &t, &b, &f, ClaimSource::Homepage, addr)
                .await
                .unwrap();
        }
        let e = claim_as(&env, &t, &b, &f, ClaimSource::Homepage, "c")
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::ClaimLimitReached { limit: 2 });
    }
);

on_both_engines!(
    batches_that_cannot_be_claimed_say_why_and_change_nothing,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let later = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                from: "2026-12-01",
                ..BatchOpts::default()
            },
        )
        .await;
        let e = claim_as(
            &env,
            &t,
            &later,
            &form("A", "0123456789"),
            ClaimSource::Homepage,
            "x",
        )
        .await
        .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::BatchNotStarted {
                valid_from_ms: domain::time::parse_date_ms("2026-12-01").unwrap()
            }
        );

        let small = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 1,
                ..BatchOpts::default()
            },
        )
        .await;
        claim_as(
            &env,
            &t,
            &small,
            &form("A", "0123456789"),
            ClaimSource::Homepage,
            "x",
        )
        .await
        .unwrap();
        let e = claim_as(
            &env,
            &t,
            &small,
            &form("B", "0133456789"),
            ClaimSource::Homepage,
            "y",
        )
        .await
        .unwrap_err();
        assert_eq!(user_error(e), AppError::BatchExhausted);

        // Not in the coupon center: not claimable from the homepage, fine from the store.
        let hidden = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                in_center: false,
                ..BatchOpts::default()
            },
        )
        .await;
        let e = claim_as(
            &env,
            &t,
            &hidden,
            &form("A", "0123456789"),
            ClaimSource::Homepage,
            "x",
        )
        .await
        .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
        claim_as(
            &env,
            &t,
            &hidden,
            &form("A", "0123456789"),
            ClaimSource::InStore,
            "x",
        )
        .await
        .unwrap();

        // Another tenant's site does not see the batch at all.
        let e = claim_as(
            &env,
            &w.nasi.tenant_id,
            &hidden,
            &form("A", "0123456789"),
            ClaimSource::InStore,
            "x",
        )
        .await
        .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);

        // Bad input names its field.
        for (f, field) in [
            (form("", "0123456789"), "Name"),
            (form("A", "12"), "Phone number"),
            (
                ClaimForm {
                    birthday: "2027-01-01".into(),
                    ..form("A", "0123456789")
                },
                "Birthday",
            ),
        ] {
            let e = claim_as(&env, &t, &hidden, &f, ClaimSource::InStore, "z")
                .await
                .unwrap_err();
            match user_error(e) {
                AppError::InvalidInput { field: got, .. } => assert_eq!(got, field),
                other => panic!("{other:?}"),
            }
        }

        // After the last valid day: ended.
        let open = batch(&env, &w, &w.kopi, BatchOpts::default()).await;
        env.clock
            .set(domain::time::parse_date_ms("2026-12-31").unwrap() + DAY_MS);
        let e = claim_as(
            &env,
            &t,
            &open,
            &form("C", "0143456789"),
            ClaimSource::Homepage,
            "q",
        )
        .await
        .unwrap_err();
        assert!(matches!(user_error(e), AppError::BatchEnded { .. }));
        assert_eq!(
            one_i64(
                &env,
                "select claimed_count from coupon_batches where id = $1",
                &open
            )
            .await,
            0
        );
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    five_hundred_racing_claims_on_a_batch_of_100_issue_exactly_100,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 100,
                ..BatchOpts::default()
            },
        )
        .await;
        let mut tasks = Vec::new();
        for i in 0..500_u32 {
            let ctx = env.ctx.clone();
            let t = t.clone();
            let b = b.clone();
            tasks.push(tokio::spawn(async move {
                let f = form(
                    &format!("Customer {i}"),
                    &format!("+6012{:07}", 1_000_000 + i),
                );
                claims::claim(
                    &ctx,
                    &ClaimRequest {
                        tenant_id: &t,
                        batch_id: &b,
                        form: &f,
                        source: ClaimSource::Homepage,
                        addr: &format!("10.1.{}.{}", i / 256, i % 256),
                        site_base: "http://localhost",
                        device: None,
                        locale: Default::default(),
                    },
                )
                .await
            }));
        }
        let mut serials = HashSet::new();
        let mut phones = HashSet::new();
        let mut gone = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(c) => {
                    assert!(serials.insert(c.coupon.serial.as_str().to_owned()));
                    assert!(phones.insert(c.coupon.phone));
                }
                Err(e) => {
                    assert_eq!(user_error(e), AppError::BatchExhausted);
                    gone += 1;
                }
            }
        }
        assert_eq!((serials.len(), phones.len(), gone), (100, 100, 400));
        let s = coupons::batch(&env.ctx, &w.kopi, &b).await.unwrap();
        assert_eq!((s.counts.taken, s.counts.available), (100, 0));
        assert_eq!(
            one_i64(&env, "select count(*) from claims where batch_id = $1", &b).await,
            100
        );
        assert_eq!(
            one_i64(
                &env,
                "select count(distinct customer_phone) from coupons where batch_id = $1",
                &b
            )
            .await,
            100
        );
        assert_eq!(
            one_i64(
                &env,
                "select claimed_count from coupon_batches where id = $1",
                &b
            )
            .await,
            100
        );
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    one_customers_racing_claims_stop_at_the_limit,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 50,
                limit: 3,
                ..BatchOpts::default()
            },
        )
        .await;
        let mut tasks = Vec::new();
        // As many as the per-phone rate limit lets through.
        for i in 0..i64::from(env.ctx.config.claim_limits.per_phone_hour) {
            let ctx = env.ctx.clone();
            let t = t.clone();
            let b = b.clone();
            tasks.push(tokio::spawn(async move {
                // The same person, typing the number two ways.
                let phone = if i % 2 == 0 {
                    "012-345 6789"
                } else {
                    "+60123456789"
                };
                let f = form("Jane Tan", phone);
                claims::claim(
                    &ctx,
                    &ClaimRequest {
                        tenant_id: &t,
                        batch_id: &b,
                        form: &f,
                        source: ClaimSource::Homepage,
                        addr: &format!("10.2.0.{i}"),
                        site_base: "http://localhost",
                        device: None,
                        locale: Default::default(),
                    },
                )
                .await
            }));
        }
        let mut ok = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => ok += 1,
                Err(e) => assert_eq!(user_error(e), AppError::ClaimLimitReached { limit: 3 }),
            }
        }
        assert_eq!(ok, 3);
        assert_eq!(
            one_i64(
                &env,
                "select claimed_count from coupon_batches where id = $1",
                &b
            )
            .await,
            3
        );
        assert_eq!(
            one_i64(
                &env,
                "select count(*) from customers where phone = $1",
                "+60123456789"
            )
            .await,
            1
        );
    }
);

on_both_engines!(
    whatsapp_is_queued_when_on_and_a_lack_of_credits_is_recorded_not_fatal,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                whatsapp: true,
                ..BatchOpts::default()
            },
        )
        .await;
        // No WhatsApp credits yet: the claim stands, the reason is recorded.
        let c = claim_as(
            &env,
            &t,
            &b,
            &form("Jane", "0123456789"),
            ClaimSource::Homepage,
            "a",
        )
        .await
        .unwrap();
        assert_eq!(
            c.coupon.whatsapp,
            ClaimWhatsApp::NotSent {
                reason: claims::NOT_SENT_NO_CREDITS.into()
            }
        );
        let (wa_status, note): (Option<String>, Option<String>) = sqlx::query_as(
            "select k.wa_status, c.wa_note from coupons k join claims c on c.serial = k.serial
             where k.serial = $1",
        )
        .bind(c.coupon.serial.as_str())
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(wa_status.as_deref(), Some("failed"));
        assert_eq!(note.as_deref(), Some(claims::NOT_SENT_NO_CREDITS));

        // With credits: queued as a user-initiated homepage claim, its cost held.
        buy(&env, &w.kopi, CreditType::WaUi, 5).await;
        let c = claim_as(
            &env,
            &t,
            &b,
            &form("Ali", "0133456789"),
            ClaimSource::InStore,
            "b",
        )
        .await
        .unwrap();
        let ClaimWhatsApp::Queued { message_id } = &c.coupon.whatsapp else {
            panic!("{:?}", c.coupon.whatsapp)
        };
        let m: (String, String, String, Option<String>, Option<String>) = sqlx::query_as(
            "select trigger, class, recipient, coupon_id, hold_id from wa_messages where id = $1",
        )
        .bind(message_id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(
            (m.0.as_str(), m.1.as_str(), m.2.as_str(), m.3.as_deref()),
            (
                "in_store_claim",
                "ui",
                "60133456789",
                Some(c.coupon.serial.as_str())
            )
        );
        assert!(m.4.is_some(), "the message's cost is held");
        let wa_status: (Option<String>,) =
            sqlx::query_as("select wa_status from coupons where serial = $1")
                .bind(c.coupon.serial.as_str())
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(wa_status.0.as_deref(), Some("queued"));
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    claims_are_rate_limited_per_address_and_per_phone,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 300,
                ..BatchOpts::default()
            },
        )
        .await;
        let max = i64::from(env.ctx.config.claim_limits.per_address_10min);
        for i in 0..max {
            claim_as(
                &env,
                &t,
                &b,
                &form("A", &format!("+6012{:07}", 2_000_000 + i)),
                ClaimSource::Homepage,
                "9.9.9.9",
            )
            .await
            .unwrap();
        }
        let e = claim_as(
            &env,
            &t,
            &b,
            &form("A", "+60129999999"),
            ClaimSource::Homepage,
            "9.9.9.9",
        )
        .await
        .unwrap_err();
        let e = user_error(e);
        assert!(
            matches!(
                e,
                AppError::ClaimThrottled {
                    by: ClaimThrottle::Address,
                    ..
                }
            ),
            "{e:?}"
        );
        // The refusal says what to do.
        assert!(e.to_string().contains("switch to mobile data"), "{e}");
        // Per phone: refusals count too, from any address.
        let f = form("A", "+60125555555");
        let mut limited = false;
        for i in 0..=i64::from(env.ctx.config.claim_limits.per_phone_hour) {
            match claim_as(
                &env,
                &t,
                &b,
                &f,
                ClaimSource::Homepage,
                &format!("8.8.8.{i}"),
            )
            .await
            {
                Ok(_) => assert_eq!(i, 0),
                Err(e) => match user_error(e) {
                    AppError::ClaimLimitReached { .. } => {}
                    AppError::ClaimThrottled {
                        by: ClaimThrottle::Phone,
                        retry_after_secs,
                    } => {
                        assert_eq!(i, i64::from(env.ctx.config.claim_limits.per_phone_hour));
                        let e = AppError::ClaimThrottled {
                            by: ClaimThrottle::Phone,
                            retry_after_secs,
                        };
                        assert!(e.to_string().starts_with("This phone number has claimed many coupons in the last hour. Please try again in about "), "{e}");
                        limited = true;
                    }
                    other => panic!("{other:?}"),
                },
            }
        }
        assert!(limited);
        assert_eq!(
            one_i64(
                &env,
                "select claimed_count from coupon_batches where id = $1",
                &b
            )
            .await,
            max + 1
        );
    }
);

on_both_engines!(
    recognition_fills_in_on_the_same_device_and_masks_elsewhere_within_one_tenant,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                limit: 5,
                ..BatchOpts::default()
            },
        )
        .await;
        let c = claim_as(
            &env,
            &t,
            &b,
            &form("Jane Tan", "012-345 6789"),
            ClaimSource::Homepage,
            "a",
        )
        .await
        .unwrap();
        let ctx = &env.ctx;
        let token = c
            .device_token
            .clone()
            .expect("a new phone binds its device");
        assert_eq!(
            claims::device_customer(&ctx.config, &token).unwrap(),
            Some(c.coupon.customer_id.clone())
        );
        // Same device, the number typed another way: full details.
        assert_eq!(
            claims::recognise(ctx, &t, "+60 12 345 6789", Some(&token), "a")
                .await
                .unwrap(),
            Recognised::Full {
                name: "Jane Tan".into(),
                birthday: "1990-05-31".into()
            }
        );
        // Another device (no cookie, a forged one, another customer's): masked only.
        let masked = Recognised::Masked {
            masked_name: "Ja** Ta*".into(),
        };
        assert_eq!(
            claims::recognise(ctx, &t, "0123456789", None, "b")
                .await
                .unwrap(),
            masked
        );
        let forged = format!("{}.AAAAAAAAAAAAAAAAAAAAAA", c.coupon.customer_id);
        assert_eq!(claims::device_customer(&ctx.config, &forged).unwrap(), None);
        assert_eq!(
            claims::recognise(ctx, &t, "0123456789", Some(&forged), "b")
                .await
                .unwrap(),
            masked
        );
        let other = claim_as(
            &env,
            &t,
            &b,
            &form("Ali", "0133456789"),
            ClaimSource::Homepage,
            "c",
        )
        .await
        .unwrap();
        assert_eq!(
            claims::recognise(ctx, &t, "0123456789", other.device_token.as_deref(), "c")
                .await
                .unwrap(),
            masked
        );
        assert_eq!(
            claims::recognise(ctx, &t, "0199999999", None, "b")
                .await
                .unwrap(),
            Recognised::Unknown
        );
        // The agent's site never recognises the main platform's customer, even with the cookie.
        assert_eq!(
            claims::recognise(ctx, &w.nasi.tenant_id, "+60123456789", Some(&token), "a")
                .await
                .unwrap(),
            Recognised::Unknown
        );

        // "That's me" on another device: a number is not an identity, so the stored birthday
        // is not reused there, and nothing is written.
        let reuse = ClaimForm {
            name: "Jane T".into(),
            phone: "0123456789".into(),
            birthday: String::new(),
            reuse_birthday: true,
            marketing: false,
        };
        let e = claim_as(&env, &t, &b, &reuse, ClaimSource::Homepage, "d")
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::invalid("Birthday", "is required"));
        // On the device that proved the phone it is reused and the name updated.
        let again = claim_on(
            &env,
            &t,
            &b,
            &reuse,
            ClaimSource::Homepage,
            "d",
            Some(&token),
        )
        .await
        .unwrap();
        assert_eq!(again.coupon.customer_id, c.coupon.customer_id);
        assert!(again.device_token.is_some());
        let stored: (String, String) =
            sqlx::query_as("select name, birthday from customers where id = $1")
                .bind(&c.coupon.customer_id)
                .fetch_one(ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(stored, ("Jane T".into(), "1990-05-31".into()));
        // Without a stored customer there is nothing to reuse.
        let e = claim_as(
            &env,
            &t,
            &b,
            &ClaimForm {
                name: "New".into(),
                phone: "0177777777".into(),
                birthday: String::new(),
                reuse_birthday: true,
                marketing: false,
            },
            ClaimSource::Homepage,
            "e",
        )
        .await
        .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));

        // The same phone on the agent's site is a separate customer of that tenant.
        let nb = batch(&env, &w, &w.nasi, BatchOpts::default()).await;
        let n = claim_as(
            &env,
            &w.nasi.tenant_id,
            &nb,
            &form("Someone Else", "0123456789"),
            ClaimSource::Homepage,
            "f",
        )
        .await
        .unwrap();
        assert_ne!(n.coupon.customer_id, c.coupon.customer_id);
        assert_eq!(
            claims::recognise(ctx, &t, "0123456789", Some(&token), "a")
                .await
                .unwrap(),
            Recognised::Full {
                name: "Jane T".into(),
                birthday: "1990-05-31".into()
            },
            "the agent's customer did not overwrite the platform's"
        );
    }
);

on_both_engines!(
    lookups_are_rate_limited_per_address,
    |env: TestEnv| async move {
        world(&env).await;
        let tenant: (String,) = sqlx::query_as("select id from tenants where kind = 'platform'")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        for i in 0..claims::LOOKUP_PER_ADDRESS.max_hits {
            claims::recognise(
                &env.ctx,
                &tenant.0,
                &format!("+6012{:07}", 3_000_000 + i),
                None,
                "7.7.7.7",
            )
            .await
            .unwrap();
        }
        let e = claims::recognise(&env.ctx, &tenant.0, "+60128888888", None, "7.7.7.7")
            .await
            .unwrap_err();
        assert!(matches!(user_error(e), AppError::RateLimited { .. }));
        // Another address may still ask.
        claims::recognise(&env.ctx, &tenant.0, "+60128888888", None, "7.7.7.8")
            .await
            .unwrap();
    }
);

/// One claim from a form shown in `locale`.
async fn claim_in(
    env: &TestEnv,
    tenant_id: &str,
    batch_id: &str,
    f: &ClaimForm,
    locale: domain::i18n::Locale,
    device: Option<&str>,
) -> Result<Claimed> {
    claims::claim(
        &env.ctx,
        &ClaimRequest {
            tenant_id,
            batch_id,
            form: f,
            source: ClaimSource::Homepage,
            addr: "lang",
            site_base: "http://localhost:3000",
            device,
            locale,
        },
    )
    .await
}

async fn message_content(env: &TestEnv, c: &Claimed) -> String {
    let ClaimWhatsApp::Queued { message_id } = &c.coupon.whatsapp else {
        panic!("{:?}", c.coupon.whatsapp)
    };
    let (content,): (String,) = sqlx::query_as("select content from wa_messages where id = $1")
        .bind(message_id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    content
}

on_both_engines!(
    a_customer_keeps_the_language_they_claimed_in_and_their_messages_follow_it,
    |env: TestEnv| async move {
        use domain::i18n::Locale;
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        buy(&env, &w.kopi, CreditType::WaUi, 10).await;
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                whatsapp: true,
                limit: 5,
                ..BatchOpts::default()
            },
        )
        .await;
        // A new phone claiming on the Chinese page: a Chinese customer, a zh_CN message.
        let mut f = form("林美玲", "0123456789");
        f.marketing = true;
        let c = claim_in(&env, &t, &b, &f, Locale::ZhHans, None)
            .await
            .unwrap();
        let device = c
            .device_token
            .clone()
            .expect("a new phone's device is remembered");
        let content = message_content(&env, &c).await;
        assert!(content.contains("\"zh_CN\""), "{content}");
        let (lang,): (String,) = sqlx::query_as("select locale from customers where id = $1")
            .bind(&c.coupon.customer_id)
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(lang, "zh-Hans");
        // The consent is kept in the words the customer read.
        let (words,): (String,) =
            sqlx::query_as("select text_shown from marketing_consents where customer_id = $1")
                .bind(&c.coupon.customer_id)
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(
            words,
            domain::claims::consent_text(Locale::ZhHans, &c.coupon.merchant_name)
        );
        assert!(
            words.contains("WhatsApp") && !words.contains("Send me"),
            "{words}"
        );
        // A stranger typing the number on an English page changes nothing about the
        // customer: the message to the phone stays in its holder's language.
        let c = claim_in(&env, &t, &b, &form("X", "0123456789"), Locale::En, None)
            .await
            .unwrap();
        assert!(message_content(&env, &c).await.contains("\"zh_CN\""));
        assert!(c.device_token.is_none());
        // The proven device claiming in Malay makes Malay the customer's language.
        let c = claim_in(&env, &t, &b, &f, Locale::Ms, Some(&device))
            .await
            .unwrap();
        assert!(message_content(&env, &c).await.contains("\"ms\""));
    }
);

on_both_engines!(
    a_template_missing_in_the_customers_language_goes_in_the_sites_default,
    |env: TestEnv| async move {
        use domain::i18n::Locale;
        let mut env = env;
        env.ctx.config = std::sync::Arc::new({
            let mut c = (*env.ctx.config).clone();
            c.whatsapp.template_languages = vec![Locale::En, Locale::Ms];
            c
        });
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        sqlx::query("update tenants set default_locale = 'ms' where id = $1")
            .bind(&t)
            .execute(env.ctx.db.pool())
            .await
            .unwrap();
        buy(&env, &w.kopi, CreditType::WaUi, 5).await;
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                whatsapp: true,
                ..BatchOpts::default()
            },
        )
        .await;
        let c = claim_in(
            &env,
            &t,
            &b,
            &form("Mei", "0129876543"),
            Locale::ZhHans,
            None,
        )
        .await
        .unwrap();
        let content = message_content(&env, &c).await;
        assert!(
            content.contains("\"ms\"") && !content.contains("zh_CN"),
            "{content}"
        );
    }
);

on_both_engines!(
    a_chinese_search_finds_a_chinese_offer_and_typed_text_is_kept_composed,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        buy(&env, &w.kopi, CreditType::Coupon, 20).await;
        let make = |title: &str| BatchForm {
            title: title.into(),
            offer_details: "Diskaun 50% untuk semua minuman".into(),
            terms: String::new(),
            category: "cafe".into(),
            country: "MY".into(),
            city: "Kuala Lumpur".into(),
            business_type: "Kopitiam".into(),
            quantity: "10".into(),
            valid_from: "2026-11-25".into(),
            valid_until: "2026-12-31".into(),
            template_id: w.template_id.clone(),
            send_whatsapp: false,
            show_in_center: true,
            claim_limit: "1".into(),
        };
        let zh = coupons::generate_batch(&env.ctx, &w.kopi, &make("好味茶室 半价"), "zh")
            .await
            .unwrap()
            .id;
        // "Café" typed with a combining accent is stored composed.
        let cafe = coupons::generate_batch(&env.ctx, &w.kopi, &make("Cafe\u{301} latte"), "cafe")
            .await
            .unwrap()
            .id;
        let q = |text: &str| domain::claims::CenterQuery {
            q: text.into(),
            ..Default::default()
        };
        let found = |p: domain::claims::CenterPage| {
            p.cards.into_iter().map(|c| c.batch_id).collect::<Vec<_>>()
        };
        assert_eq!(
            found(claims::center(&env.ctx, &t, &q("好味")).await.unwrap()),
            vec![zh.clone()]
        );
        assert_eq!(
            found(claims::center(&env.ctx, &t, &q("半价")).await.unwrap()),
            vec![zh]
        );
        assert_eq!(
            found(claims::center(&env.ctx, &t, &q("Café")).await.unwrap()),
            vec![cafe.clone()]
        );
        assert_eq!(
            found(
                claims::center(&env.ctx, &t, &q("Cafe\u{301}"))
                    .await
                    .unwrap()
            ),
            vec![cafe.clone()]
        );
        let card = claims::card(&env.ctx, &t, &cafe).await.unwrap().unwrap();
        assert_eq!(card.title, "Café latte");
    }
);

on_both_engines!(
    the_coupon_center_lists_shown_claimable_offers_of_its_tenant_filtered_and_sorted,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let ctx = &env.ctx;
        let older = batch(&env, &w, &w.kopi, BatchOpts::default()).await;
        env.clock.advance(60_000);
        let newer = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 3,
                ..BatchOpts::default()
            },
        )
        .await;
        let hidden = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                in_center: false,
                ..BatchOpts::default()
            },
        )
        .await;
        let agents = batch(&env, &w, &w.nasi, BatchOpts::default()).await;
        // Two claims make the newer one popular.
        for (i, phone) in ["0123456789", "0133456789"].iter().enumerate() {
            claim_as(
                &env,
                &t,
                &newer,
                &form("X", phone),
                ClaimSource::Homepage,
                &i.to_string(),
            )
            .await
            .unwrap();
        }
        let ids = |p: &domain::claims::CenterPage| {
            p.cards
                .iter()
                .map(|c| c.batch_id.clone())
                .collect::<Vec<_>>()
        };
        let q = |sort: &str, text: &str| domain::claims::CenterQuery {
            sort: sort.into(),
            q: text.into(),
            ..Default::default()
        };
        let p = claims::center(ctx, &t, &q("popular", "")).await.unwrap();
        assert_eq!(ids(&p), vec![newer.clone(), older.clone()]);
        assert_eq!((p.cards[0].left, p.cards[0].recent_claims), (1, 2));
        assert!(p.cards[0].merchant_name.starts_with("Kopi Corner"));
        assert!(!ids(&p).contains(&hidden) && !ids(&p).contains(&agents));
        assert_eq!(
            (p.countries.clone(), p.cities.clone(), p.categories.clone()),
            (
                vec!["MY".to_owned()],
                vec!["Kuala Lumpur".to_owned()],
                vec!["cafe".to_owned()]
            )
        );
        let p = claims::center(ctx, &t, &q("newest", "")).await.unwrap();
        assert_eq!(ids(&p), vec![newer.clone(), older.clone()]);
        // Search ignores case and treats wildcards literally.
        assert_eq!(
            ids(&claims::center(ctx, &t, &q("", "KAYA")).await.unwrap()).len(),
            2
        );
        assert_eq!(
            ids(&claims::center(ctx, &t, &q("", "kopi corner"))
                .await
                .unwrap())
            .len(),
            2
        );
        assert!(
            claims::center(ctx, &t, &q("", "%"))
                .await
                .unwrap()
                .cards
                .is_empty()
        );
        let other_city = domain::claims::CenterQuery {
            city: "Penang".into(),
            ..Default::default()
        };
        assert!(
            claims::center(ctx, &t, &other_city)
                .await
                .unwrap()
                .cards
                .is_empty()
        );
        // The agent's site lists only the agent's merchants.
        let p = claims::center(ctx, &w.nasi.tenant_id, &q("", ""))
            .await
            .unwrap();
        assert_eq!(ids(&p), vec![agents.clone()]);
        // An exhausted batch leaves the center; the store page keeps hidden ones.
        claim_as(
            &env,
            &t,
            &newer,
            &form("X", "0143456789"),
            ClaimSource::Homepage,
            "z",
        )
        .await
        .unwrap();
        let p = claims::center(ctx, &t, &q("expiring", "")).await.unwrap();
        assert_eq!(ids(&p), vec![older.clone()]);
        let (name, cards) = claims::store(ctx, &t, w.kopi.merchant_id().unwrap())
            .await
            .unwrap();
        assert!(name.starts_with("Kopi Corner"));
        assert_eq!(cards.len(), 2, "older and hidden");
        let e = claims::store(ctx, &w.nasi.tenant_id, w.kopi.merchant_id().unwrap())
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
    }
);

on_both_engines!(the_coupon_center_pages, |env: TestEnv| async move {
    let w = world(&env).await;
    let t = w.kopi.tenant_id.clone();
    let n = domain::claims::CENTER_PAGE_CARDS + 1;
    for _ in 0..n {
        batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 1,
                ..BatchOpts::default()
            },
        )
        .await;
        env.clock.advance(1000);
    }
    let mut q = domain::claims::CenterQuery::default();
    let p1 = claims::center(&env.ctx, &t, &q).await.unwrap();
    assert!(p1.has_next);
    assert_eq!(i64::try_from(p1.cards.len()).unwrap(), n - 1);
    q.page = "2".into();
    let p2 = claims::center(&env.ctx, &t, &q).await.unwrap();
    assert!(!p2.has_next);
    assert_eq!(p2.cards.len(), 1);
    assert!(p1.cards.iter().all(|c| c.batch_id != p2.cards[0].batch_id));
});

// ---------------------------------------------------------------------------------------------
// Lucky draw
// ---------------------------------------------------------------------------------------------

fn prize(label: &str, weight: i64, batch: &str, stock: i64) -> PrizeForm {
    PrizeForm {
        label: label.into(),
        weight: weight.to_string(),
        batch_id: batch.into(),
        stock: if batch.is_empty() {
            String::new()
        } else {
            stock.to_string()
        },
    }
}

fn wheel_form(prizes: Vec<PrizeForm>, per_day: i64) -> WheelForm {
    WheelForm {
        enabled: true,
        after_claim: true,
        from_store: true,
        spins_per_day: per_day.to_string(),
        prizes,
    }
}

async fn spin_as(
    env: &TestEnv,
    w: &World,
    device: Option<&str>,
    source: SpinSource,
    addr: &str,
) -> Result<SpinOutcome> {
    lucky_draw::spin(
        &env.ctx,
        &SpinRequest {
            tenant_id: &w.kopi.tenant_id,
            merchant_id: w.kopi.merchant_id().unwrap(),
            device,
            source,
            addr,
            site_base: "http://localhost",
        },
    )
    .await
}

on_both_engines!(
    a_spin_is_drawn_on_the_server_issues_a_real_coupon_and_counts_per_day,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let entry = batch(&env, &w, &w.kopi, BatchOpts::default()).await;
        let prizes = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                in_center: false,
                ..BatchOpts::default()
            },
        )
        .await;
        // Only a prize can be won: a certain outcome to check against.
        lucky_draw::save_wheel(
            &env.ctx,
            &w.kopi,
            &wheel_form(
                vec![
                    prize("Free Drink", 1, &prizes, 5),
                    prize("No Prize", 1, "", 0),
                ],
                1,
            ),
        )
        .await
        .unwrap();
        let view = lucky_draw::wheel(&env.ctx, &t, w.kopi.merchant_id().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            view.segments
                .iter()
                .map(|s| (s.label.as_str(), s.odds.as_str()))
                .collect::<Vec<_>>(),
            vec![("Free Drink", "50%"), ("No Prize", "50%")]
        );
        // Unknown device: no spin.
        let e = spin_as(&env, &w, None, SpinSource::Store, "a")
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::SpinNotAllowed);
        let c = claim_as(
            &env,
            &t,
            &entry,
            &form("Jane", "0123456789"),
            ClaimSource::Homepage,
            "a",
        )
        .await
        .unwrap();
        let out = spin_as(
            &env,
            &w,
            c.device_token.as_deref(),
            SpinSource::AfterClaim,
            "a",
        )
        .await
        .unwrap();
        // The outcome is recorded before anything animates.
        let recorded: (i64, String, Option<String>) =
            sqlx::query_as("select position, label, serial from spins where id = $1")
                .bind(&out.spin_id)
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(
            (usize::try_from(recorded.0).unwrap(), recorded.1.as_str()),
            (out.segment, out.label.as_str())
        );
        match (&out.coupon, out.label.as_str()) {
            (Some(k), "Free Drink") => {
                assert_eq!(k.batch_id, prizes);
                assert_eq!(k.source, ClaimSource::LuckyDraw);
                assert_eq!(recorded.2.as_deref(), Some(k.serial.as_str()));
                // Redeemable like any other coupon.
                coupons::redeem_serial(&env.ctx, &w.kopi, k.serial.as_str())
                    .await
                    .unwrap();
            }
            (None, "No Prize") => assert_eq!(recorded.2, None),
            other => panic!("{other:?}"),
        }
        // Once per day by default.
        let e = spin_as(&env, &w, c.device_token.as_deref(), SpinSource::Store, "a")
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::SpinLimitReached { per_day: 1 });
        env.clock.advance(DAY_MS);
        spin_as(&env, &w, c.device_token.as_deref(), SpinSource::Store, "a")
            .await
            .unwrap();
        // After claim needs a claim at this merchant: a forged cookie or none is refused.
        let e = spin_as(&env, &w, Some("x.AAAA"), SpinSource::AfterClaim, "a")
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::SpinNotAllowed);
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    racing_spins_never_issue_a_prize_beyond_its_stock,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let entry = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 40,
                ..BatchOpts::default()
            },
        )
        .await;
        let prizes = batch(&env, &w, &w.kopi, BatchOpts::default()).await;
        lucky_draw::save_wheel(
            &env.ctx,
            &w.kopi,
            &wheel_form(
                vec![
                    prize("RM5 Voucher", 1000, &prizes, 3),
                    prize("No Prize", 1, "", 0),
                ],
                1,
            ),
        )
        .await
        .unwrap();
        let mut tokens = Vec::new();
        for i in 0..40_u32 {
            let c = claim_as(
                &env,
                &t,
                &entry,
                &form("C", &format!("+6012{:07}", 4_000_000 + i)),
                ClaimSource::Homepage,
                &format!("10.3.0.{i}"),
            )
            .await
            .unwrap();
            tokens.push(c.device_token.unwrap());
        }
        let mut tasks = Vec::new();
        for (i, token) in tokens.into_iter().enumerate() {
            let ctx = env.ctx.clone();
            let t = t.clone();
            let m = w.kopi.merchant_id().unwrap().to_owned();
            tasks.push(tokio::spawn(async move {
                lucky_draw::spin(
                    &ctx,
                    &SpinRequest {
                        tenant_id: &t,
                        merchant_id: &m,
                        device: Some(&token),
                        source: SpinSource::AfterClaim,
                        addr: &format!("10.4.0.{i}"),
                        site_base: "http://localhost",
                    },
                )
                .await
            }));
        }
        let mut won = 0;
        for task in tasks {
            let out = task.await.unwrap().unwrap();
            if out.coupon.is_some() {
                assert_eq!(out.label, "RM5 Voucher");
                won += 1;
            } else {
                assert_eq!(out.label, "No Prize");
            }
        }
        // At weight 1000:1 the three in stock all go; never a fourth.
        assert_eq!(won, 3);
        assert_eq!(
            one_i64(
                &env,
                "select claimed_count from coupon_batches where id = $1",
                &prizes
            )
            .await,
            3
        );
        assert_eq!(
            one_i64(
                &env,
                "select count(*) from spins where serial is not null and label = $1",
                "RM5 Voucher"
            )
            .await,
            3
        );
        // The shown odds follow: the prize is out, No Prize is certain.
        let view = lucky_draw::wheel(&env.ctx, &t, w.kopi.merchant_id().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            view.segments
                .iter()
                .map(|s| s.odds.as_str())
                .collect::<Vec<_>>(),
            vec!["0%", "100%"]
        );
        assert_books_balance(&env).await;
    }
);

on_both_engines!(
    a_wheel_only_uses_the_merchants_own_batches_within_what_they_hold,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let own = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 2,
                ..BatchOpts::default()
            },
        )
        .await;
        let theirs = batch(&env, &w, &w.nasi, BatchOpts::default()).await;
        let e = lucky_draw::save_wheel(
            &env.ctx,
            &w.kopi,
            &wheel_form(vec![prize("X", 1, &theirs, 1), prize("No", 1, "", 0)], 1),
        )
        .await
        .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));
        let e = lucky_draw::save_wheel(
            &env.ctx,
            &w.kopi,
            &wheel_form(vec![prize("X", 1, &own, 3), prize("No", 1, "", 0)], 1),
        )
        .await
        .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));
        let e = lucky_draw::save_wheel(
            &env.ctx,
            &w.nasi,
            &wheel_form(vec![prize("X", 1, &own, 1), prize("No", 1, "", 0)], 1),
        )
        .await
        .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));
        lucky_draw::save_wheel(
            &env.ctx,
            &w.kopi,
            &wheel_form(vec![prize("X", 1, &own, 2), prize("No", 1, "", 0)], 1),
        )
        .await
        .unwrap();
        let s = lucky_draw::wheel_settings(&env.ctx, &w.kopi).await.unwrap();
        assert_eq!(s.issued, vec![0, 0]);
        assert_eq!(s.wheel.unwrap().prizes[0].stock, Some(2));
        // Another tenant's site shows no wheel for this merchant.
        assert_eq!(
            lucky_draw::wheel(&env.ctx, &w.nasi.tenant_id, w.kopi.merchant_id().unwrap())
                .await
                .unwrap(),
            None
        );
    }
);

on_both_engines!(
    a_claim_is_shown_again_only_to_the_device_that_made_it,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(&env, &w, &w.kopi, BatchOpts::default()).await;
        let base = "http://localhost:3000";
        let jane = claim_as(
            &env,
            &t,
            &b,
            &form("Jane Tan", "0123456789"),
            ClaimSource::Homepage,
            "1.1.1.1",
        )
        .await
        .unwrap();
        let ali = claim_as(
            &env,
            &t,
            &b,
            &form("Ali Hassan", "0129876543"),
            ClaimSource::InStore,
            "1.1.1.2",
        )
        .await
        .unwrap();
        let shown = claims::claimed(
            &env.ctx,
            &t,
            &jane.coupon.claim_id,
            jane.device_token.as_deref(),
            None,
            base,
        )
        .await
        .unwrap();
        assert_eq!(
            shown, jane.coupon,
            "the same coupon, link and WhatsApp state as at the claim"
        );
        let refused = [
            (t.as_str(), None),
            (t.as_str(), ali.device_token.as_deref()),
            (t.as_str(), Some("forged.AAAAAAAAAAAAAAAAAAAAAA")),
            (w.nasi.tenant_id.as_str(), jane.device_token.as_deref()),
        ];
        for (tenant, device) in refused {
            let e = claims::claimed(&env.ctx, tenant, &jane.coupon.claim_id, device, None, base)
                .await
                .unwrap_err();
            assert_eq!(user_error(e), AppError::NotFound, "{tenant} {device:?}");
        }
        // The claim form's card: this tenant's claimable batch only.
        let card = claims::card(&env.ctx, &t, &b).await.unwrap().unwrap();
        assert_eq!((card.left, card.recent_claims), (8, 2));
        assert!(
            claims::card(&env.ctx, &w.nasi.tenant_id, &b)
                .await
                .unwrap()
                .is_none()
        );
        let svg = claims::qr_svg(&jane.coupon.verify_url, "Coupon <QR>").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && svg.contains(" d=\"M"));
        assert!(
            svg.contains("aria-label=\"Coupon QR\""),
            "markup in the label is dropped"
        );
    }
);

/// The phone proof link in the WhatsApp message queued for `coupon`'s claim.
async fn proof_link(env: &TestEnv, coupon: &domain::claims::ClaimedCoupon) -> String {
    let ClaimWhatsApp::Queued { message_id } = &coupon.whatsapp else {
        panic!("no message queued: {:?}", coupon.whatsapp)
    };
    let (content,): (String,) = sqlx::query_as("select content from wa_messages where id = $1")
        .bind(message_id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    let at = content
        .find("/p/")
        .expect("the message carries the proof link");
    content[at + 3..]
        .split(|c: char| c == '"' || c.is_whitespace())
        .next()
        .unwrap()
        .to_owned()
}

async fn customer_row(env: &TestEnv, id: &str) -> (String, String, i64) {
    sqlx::query_as("select name, birthday, updated_at_ms from customers where id = $1")
        .bind(id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap()
}

on_both_engines!(
    an_unproven_device_learns_and_changes_nothing_about_a_phone_and_the_proof_link_binds_once,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        buy(&env, &w.kopi, CreditType::WaUi, 20).await;
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                whatsapp: true,
                limit: 10,
                ..BatchOpts::default()
            },
        )
        .await;
        let claim = |f: ClaimForm, device: Option<String>, addr: &'static str| {
            let (env, t, b) = (&env, t.clone(), b.clone());
            async move {
                claim_on(
                    env,
                    &t,
                    &b,
                    &f,
                    ClaimSource::Homepage,
                    addr,
                    device.as_deref(),
                )
                .await
            }
        };
        let lim = ClaimForm {
            name: "Lim Mei Ling".into(),
            phone: "012-555 0101".into(),
            birthday: "1979-02-28".into(),
            reuse_birthday: false,
            marketing: false,
        };
        // A first claim of a new phone binds its device, as before.
        let first = claim(lim.clone(), None, "shop").await.unwrap();
        let lims_device = first
            .device_token
            .clone()
            .expect("a new phone binds its device");
        let customer = first.coupon.customer_id.clone();
        let before = customer_row(&env, &customer).await;
        let ali = claim(form("Ali Hassan", "0133456789"), None, "shop")
            .await
            .unwrap();

        // A stranger's look-up: the masked name only.
        let seen = claims::recognise(&env.ctx, &t, "0125550101", None, "street")
            .await
            .unwrap();
        assert_eq!(
            seen,
            Recognised::Masked {
                masked_name: "Li* Me* Li**".into()
            }
        );
        // "That's me" with an empty birthday: refused, nothing written.
        let reuse = ClaimForm {
            name: "Anyone".into(),
            phone: lim.phone.clone(),
            birthday: String::new(),
            reuse_birthday: true,
            marketing: false,
        };
        let claims_before: (i64,) = sqlx::query_as("select count(*) from claims")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        for device in [
            None,
            ali.device_token.clone(),
            Some(format!("{customer}.AAAAAAAAAAAAAAAAAAAAAA")),
        ] {
            let e = claim(reuse.clone(), device.clone(), "street")
                .await
                .unwrap_err();
            assert_eq!(
                user_error(e),
                AppError::invalid("Birthday", "is required"),
                "{device:?}"
            );
        }
        let claims_after: (i64,) = sqlx::query_as("select count(*) from claims")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(claims_before, claims_after);
        // A claim with another name and birthday, with no cookie, another customer's cookie or
        // a forged one: the claim stands, the stored customer is untouched, no device token.
        let other = ClaimForm {
            name: "Nur Aisyah binti Kamal".into(),
            phone: lim.phone.clone(),
            birthday: "2000-01-01".into(),
            reuse_birthday: false,
            marketing: false,
        };
        for device in [
            None,
            ali.device_token.clone(),
            Some(format!("{customer}.AAAAAAAAAAAAAAAAAAAAAA")),
        ] {
            let c = claim(other.clone(), device.clone(), "street")
                .await
                .unwrap();
            assert_eq!(c.coupon.customer_id, customer);
            assert!(
                c.device_token.is_none(),
                "{device:?}: no device token for a stranger"
            );
            assert_eq!(customer_row(&env, &customer).await, before, "{device:?}");
            let typed: (Option<String>, Option<String>) =
                sqlx::query_as("select typed_name, typed_birthday from claims where id = $1")
                    .bind(&c.coupon.claim_id)
                    .fetch_one(env.ctx.db.pool())
                    .await
                    .unwrap();
            assert_eq!(typed, (Some(other.name.clone()), Some("2000-01-01".into())));
            // The message to the phone greets the name the store knows, not the typed one.
            let ClaimWhatsApp::Queued { message_id } = &c.coupon.whatsapp else {
                panic!()
            };
            let (content,): (String,) =
                sqlx::query_as("select content from wa_messages where id = $1")
                    .bind(message_id)
                    .fetch_one(env.ctx.db.pool())
                    .await
                    .unwrap();
            assert!(
                content.contains("Lim Mei Ling") && !content.contains("Nur Aisyah"),
                "{content}"
            );
        }
        // Still masked for the stranger; still in full on Lim's own device.
        assert_eq!(
            claims::recognise(
                &env.ctx,
                &t,
                "0125550101",
                ali.device_token.as_deref(),
                "street"
            )
            .await
            .unwrap(),
            Recognised::Masked {
                masked_name: "Li* Me* Li**".into()
            }
        );
        assert_eq!(
            claims::recognise(&env.ctx, &t, "0125550101", Some(&lims_device), "home")
                .await
                .unwrap(),
            Recognised::Full {
                name: "Lim Mei Ling".into(),
                birthday: "1979-02-28".into()
            }
        );

        // Proof links: forged, of another tenant, or malformed are not found.
        let link = proof_link(&env, &first.coupon).await;
        let (id, secret) = link.split_once('.').unwrap();
        let forged = format!("{id}.{}", "0".repeat(secret.len()));
        for bad in [forged.as_str(), "nonsense", "", &format!("{id}.")] {
            let e = claims::use_proof(&env.ctx, &t, bad).await.unwrap_err();
            assert_eq!(user_error(e), AppError::NotFound, "{bad}");
        }
        let e = claims::use_proof(&env.ctx, &w.nasi.tenant_id, &link)
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
        // The real link binds a fresh device to Lim, once; the device then sees her details.
        let token = claims::use_proof(&env.ctx, &t, &link).await.unwrap();
        assert_eq!(
            claims::recognise(&env.ctx, &t, "0125550101", Some(&token), "phone")
                .await
                .unwrap(),
            Recognised::Full {
                name: "Lim Mei Ling".into(),
                birthday: "1979-02-28".into()
            }
        );
        let e = claims::use_proof(&env.ctx, &t, &link).await.unwrap_err();
        assert_eq!(user_error(e), AppError::ProofUsed);
        // Two devices racing on one link: exactly one is remembered.
        let fresh = claim(lim.clone(), Some(lims_device.clone()), "home")
            .await
            .unwrap();
        let link = proof_link(&env, &fresh.coupon).await;
        let (a, b2) = tokio::join!(
            claims::use_proof(&env.ctx, &t, &link),
            claims::use_proof(&env.ctx, &t, &link)
        );
        assert_eq!(
            u8::from(a.is_ok()) + u8::from(b2.is_ok()),
            1,
            "{a:?} {b2:?}"
        );
        // An expired link binds nothing.
        let late = claim(lim.clone(), Some(lims_device.clone()), "home")
            .await
            .unwrap();
        let link = proof_link(&env, &late.coupon).await;
        env.clock.advance(claims::PROOF_TTL_MS);
        let e = claims::use_proof(&env.ctx, &t, &link).await.unwrap_err();
        assert_eq!(user_error(e), AppError::ProofExpired);
        // Whoever holds a link sees that coupon (it went to the phone), nothing else.
        let (p, shown) = claims::proof_coupon(&env.ctx, &t, &link, "http://localhost:3000")
            .await
            .unwrap();
        assert_eq!(
            (p.customer_id.as_str(), shown.serial),
            (customer.as_str(), late.coupon.serial)
        );
    }
);

on_both_engines!(
    the_device_that_claimed_sees_its_coupon_through_its_receipt_and_no_other,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                limit: 3,
                ..BatchOpts::default()
            },
        )
        .await;
        let jane = claim_as(
            &env,
            &t,
            &b,
            &form("Jane Tan", "0123456789"),
            ClaimSource::Homepage,
            "a",
        )
        .await
        .unwrap();
        // A stranger claims with Jane's number: no device token, but a receipt for this claim.
        let stranger = claim_as(
            &env,
            &t,
            &b,
            &form("Mallory", "0123456789"),
            ClaimSource::Homepage,
            "b",
        )
        .await
        .unwrap();
        assert!(stranger.device_token.is_none());
        let receipt = |id: &str| {
            let c = claims::receipt_cookie(&env.ctx.config, id).unwrap();
            c.split_once('=')
                .unwrap()
                .1
                .split(';')
                .next()
                .unwrap()
                .to_owned()
        };
        let base = "http://localhost:3000";
        let mine = receipt(&stranger.coupon.claim_id);
        let shown = claims::claimed(
            &env.ctx,
            &t,
            &stranger.coupon.claim_id,
            None,
            Some(&mine),
            base,
        )
        .await
        .unwrap();
        assert_eq!(shown.serial, stranger.coupon.serial);
        // Its receipt opens no other claim, not even Jane's of the same phone.
        let e = claims::claimed(&env.ctx, &t, &jane.coupon.claim_id, None, Some(&mine), base)
            .await
            .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
        let e = claims::claimed(
            &env.ctx,
            &w.nasi.tenant_id,
            &stranger.coupon.claim_id,
            None,
            Some(&mine),
            base,
        )
        .await
        .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
    }
);

on_both_engines!(
    consent_to_offers_is_recorded_only_from_the_phones_own_side,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let b = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                limit: 5,
                ..BatchOpts::default()
            },
        )
        .await;
        let consents = || async {
            let n: (i64,) = sqlx::query_as("select count(*) from marketing_consents")
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
            n.0
        };
        // The box unticked: no consent.
        claim_as(
            &env,
            &t,
            &b,
            &form("Ali Hassan", "0133456789"),
            ClaimSource::Homepage,
            "a",
        )
        .await
        .unwrap();
        assert_eq!(consents().await, 0);
        // A new phone with the box ticked: recorded.
        let mut jane = form("Jane Tan", "0123456789");
        jane.marketing = true;
        claim_as(&env, &t, &b, &jane, ClaimSource::Homepage, "a")
            .await
            .unwrap();
        assert_eq!(consents().await, 1);
        // Ali's number ticked by another device: nobody is enrolled.
        let mut stranger = form("Ali Hassan", "0133456789");
        stranger.marketing = true;
        claim_as(&env, &t, &b, &stranger, ClaimSource::Homepage, "b")
            .await
            .unwrap();
        assert_eq!(consents().await, 1);
    }
);

/// A shop's own network is not throttled; the coupon center's per-batch limit holds.
async fn limits_fit_shops(engine: backend::testing::Engine) {
    let Some(env) = backend::testing::env_with(engine, &[("CLAIM_MAX_PER_BATCH", "150")]).await
    else {
        return;
    };
    let w = world(&env).await;
    let t = w.kopi.tenant_id.clone();
    let opts = BatchOpts {
        quantity: 250,
        ..BatchOpts::default()
    };
    // 200 customers claim from the store link on the shop's Wi-Fi (one address): all served.
    let store = batch(
        &env,
        &w,
        &w.kopi,
        BatchOpts {
            in_center: false,
            ..opts
        },
    )
    .await;
    for i in 0..200 {
        let f = form("Walk-in", &format!("+6013{:07}", 1_000_000 + i));
        claim_as(&env, &t, &store, &f, ClaimSource::InStore, "203.0.113.7")
            .await
            .unwrap_or_else(|e| panic!("store-link claim {i}: {e}"));
    }
    // 200 numbers at one coupon-center batch within a minute: the per-batch limit stops the
    // 151st, whatever its address.
    let center = batch(&env, &w, &w.kopi, opts).await;
    let mut served = 0;
    for i in 0..200 {
        let f = form("Bot", &format!("+6013{:07}", 5_000_000 + i));
        match claim_as(
            &env,
            &t,
            &center,
            &f,
            ClaimSource::Homepage,
            &format!("198.51.100.{}", i % 250),
        )
        .await
        {
            Ok(_) => served += 1,
            Err(e) => {
                let e = user_error(e);
                assert!(
                    matches!(
                        e,
                        AppError::ClaimThrottled {
                            by: ClaimThrottle::Batch,
                            ..
                        }
                    ),
                    "{i}: {e:?}"
                );
            }
        }
    }
    assert_eq!(served, 150);
    assert_eq!(
        one_i64(
            &env,
            "select claimed_count from coupon_batches where id = $1",
            &center
        )
        .await,
        150
    );
    // A minute later the batch takes claims again.
    env.clock.advance(60_000);
    claim_as(
        &env,
        &t,
        &center,
        &form("Later", "+60135550000"),
        ClaimSource::Homepage,
        "198.51.100.1",
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shops_own_network_is_not_throttled_and_the_batch_limit_holds_sqlite() {
    limits_fit_shops(backend::testing::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shops_own_network_is_not_throttled_and_the_batch_limit_holds_postgres() {
    limits_fit_shops(backend::testing::Engine::Postgres).await;
}

/// A WhatsApp batch of `who`'s and a claim of it by "Lim Mei Ling" (ticking the offers box),
/// from `device` when given.
async fn whatsapp_claim(
    env: &TestEnv,
    w: &World,
    who: &Principal,
    device: Option<&str>,
) -> Claimed {
    buy(env, who, CreditType::WaUi, 5).await;
    let b = batch(
        env,
        w,
        who,
        BatchOpts {
            whatsapp: true,
            ..BatchOpts::default()
        },
    )
    .await;
    let f = ClaimForm {
        marketing: true,
        ..form("Lim Mei Ling", "012-555 0101")
    };
    claim_on(
        env,
        &who.tenant_id,
        &b,
        &f,
        ClaimSource::Homepage,
        "shop",
        device,
    )
    .await
    .unwrap()
}

/// Sends every queued message (the sandbox accepts at once).
async fn dispatch_all(env: &TestEnv) {
    let engine = backend::whatsapp::Engine::new(&env.ctx).await.unwrap();
    for _ in 0..100 {
        backend::whatsapp::dispatch_once(&engine, "test", 64)
            .await
            .unwrap();
        let (waiting,): (i64,) =
            sqlx::query_as("select count(*) from wa_messages where state in ('queued', 'sending')")
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        if waiting == 0 {
            return;
        }
        env.clock.advance(5_000);
    }
    panic!("messages still queued");
}

on_both_engines!(
    a_proven_customer_sees_what_each_merchant_holds_corrects_it_and_withdraws_consent,
    |env: TestEnv| async move {
        use backend::customers;
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let bazaar = login(&env, "localhost", "bazaar@coupons.test").await;
        let first = whatsapp_claim(&env, &w, &w.kopi, None).await;
        let device = first.device_token.clone().expect("a new phone binds");
        whatsapp_claim(&env, &w, &bazaar, Some(&device)).await;
        // The first claim's device autofills, but whoever typed a number first must not read
        // what its holder claims later: only the WhatsApp link's proof opens the data.
        assert_eq!(
            customers::own_data(&env.ctx, &t, Some(&device))
                .await
                .unwrap(),
            None
        );
        let device = claims::proven_token(&env.ctx.config, &first.coupon.customer_id).unwrap();

        let data = customers::own_data(&env.ctx, &t, Some(&device))
            .await
            .unwrap()
            .expect("the proven device sees its data");
        assert_eq!(
            (
                data.name.as_str(),
                data.phone.as_str(),
                data.birthday.as_str()
            ),
            ("Lim Mei Ling", "+60125550101", "1990-05-31")
        );
        let mut names: Vec<&str> = data
            .merchants
            .iter()
            .map(|m| m.merchant_name.as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(names.len(), 2, "{names:?}");
        for m in &data.merchants {
            assert_eq!(m.claims.len(), 1);
            assert_eq!(m.messages, 1);
            let c = m.consent.as_ref().expect("the ticked box is stored");
            assert!(c.stands() && c.text_shown.contains(&m.merchant_name));
        }
        // Nobody else learns anything: no cookie, a forged one, another tenant's site.
        let forged = format!("{}.AAAAAAAAAAAAAAAAAAAAAA", first.coupon.customer_id);
        for (tenant, cookie) in [
            (t.as_str(), None),
            (t.as_str(), Some(forged.as_str())),
            (w.nasi.tenant_id.as_str(), Some(device.as_str())),
        ] {
            let seen = customers::own_data(&env.ctx, tenant, cookie).await.unwrap();
            assert_eq!(seen, None, "{cookie:?}");
            let e = customers::withdraw_consent(
                &env.ctx,
                tenant,
                cookie,
                w.kopi.merchant_id().unwrap(),
            )
            .await
            .unwrap_err();
            assert_eq!(user_error(e), AppError::NotFound);
            let e = customers::correct(&env.ctx, tenant, cookie, "X", "1990-01-01")
                .await
                .unwrap_err();
            assert_eq!(user_error(e), AppError::NotFound);
        }

        // Withdrawing one merchant's consent leaves the other's; a replay changes nothing.
        let kopi_id = w.kopi.merchant_id().unwrap();
        customers::withdraw_consent(&env.ctx, &t, Some(&device), kopi_id)
            .await
            .unwrap();
        let at = |d: &domain::customers::CustomerData, m: &str| {
            d.merchants
                .iter()
                .find(|h| h.merchant_id == m)
                .unwrap()
                .consent
                .clone()
                .unwrap()
                .withdrawn_at_ms
        };
        let once = customers::own_data(&env.ctx, &t, Some(&device))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(at(&once, kopi_id), Some(env.ctx.clock.now_ms()));
        assert_eq!(at(&once, bazaar.merchant_id().unwrap()), None);
        env.clock.advance(60_000);
        customers::withdraw_consent(&env.ctx, &t, Some(&device), kopi_id)
            .await
            .unwrap();
        let twice = customers::own_data(&env.ctx, &t, Some(&device))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(once, twice);

        // Correction: a bad birthday changes nothing; a good one is stored.
        let e = customers::correct(&env.ctx, &t, Some(&device), "Lim M. L.", "2999-01-01")
            .await
            .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));
        customers::correct(&env.ctx, &t, Some(&device), "  Lim  M. L. ", "1979-02-28")
            .await
            .unwrap();
        let after = customer_row(&env, &first.coupon.customer_id).await;
        assert_eq!(
            (after.0.as_str(), after.1.as_str()),
            ("Lim M. L.", "1979-02-28")
        );
    }
);

on_both_engines!(
    a_merchant_erases_a_customer_and_keeps_claims_and_ledger_but_never_touches_another_merchants_rows,
    |env: TestEnv| async move {
        use backend::customers;
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let bazaar = login(&env, "localhost", "bazaar@coupons.test").await;
        let kopi_claim = whatsapp_claim(&env, &w, &w.kopi, None).await;
        let autofill = kopi_claim.device_token.clone().unwrap();
        let customer = kopi_claim.coupon.customer_id.clone();
        let device = claims::proven_token(&env.ctx.config, &customer).unwrap();
        let count = |sql: &'static str| one_i64(&env, sql, "");

        // Listed for the merchant it claimed from, by phone or name; not for another.
        let listed = customers::list(&env.ctx, &w.kopi, "012-555").await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].consented);
        assert_eq!(customers::list(&env.ctx, &w.kopi, "mei").await.unwrap().len(), 1);
        assert!(customers::list(&env.ctx, &w.kopi, "nobody").await.unwrap().is_empty());
        assert!(customers::list(&env.ctx, &bazaar, "").await.unwrap().iter().all(|c| c.customer_id != customer));
        // Refusals before any write: a message still being sent; another merchant's or
        // tenant's customer; staff without a merchant.
        let e = customers::erase(&env.ctx, &w.kopi, &customer).await.unwrap_err();
        assert_eq!(user_error(e), AppError::MessageInFlight);
        dispatch_all(&env).await;
        let bazaar_claim = whatsapp_claim(&env, &w, &bazaar, Some(&autofill)).await;
        dispatch_all(&env).await;
        for who in [&w.nasi] {
            let e = customers::erase(&env.ctx, who, &customer).await.unwrap_err();
            assert_eq!(user_error(e), AppError::NotFound);
        }
        let admin = login(&env, "localhost", "admin@coupons.test").await;
        let e = customers::erase(&env.ctx, &admin, &customer).await.unwrap_err();
        assert_eq!(user_error(e), AppError::Forbidden);
        let ledger = count("select count(*) from ledger_entries where $1 = $1").await;
        let claims_before = count("select count(*) from claims where $1 = $1").await;

        let erased = customers::erase(&env.ctx, &w.kopi, &customer).await.unwrap();
        assert_eq!(erased.claims_moved, 1);
        assert_eq!(erased.messages_scrubbed, 1);
        assert!(!erased.customer_erased, "bazaar still holds the customer");
        // Kopi's claim, coupon and message stay, naming the marker only.
        let (name, phone, typed): (String, String, Option<String>) = sqlx::query_as(
            "select cu.name, cu.phone, c.typed_name from claims c join customers cu on cu.id = c.customer_id
             where c.id = $1",
        )
        .bind(&kopi_claim.coupon.claim_id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(name, domain::customers::ERASED_NAME);
        assert!(domain::customers::is_erased_phone(&phone));
        assert_eq!(typed, None);
        let held = one_i64(
            &env,
            "select count(*) from coupons where customer_phone = '+60125550101' and serial = $1",
            kopi_claim.coupon.serial.as_str(),
        )
        .await;
        assert_eq!(held, 0);
        let kopi_msgs = one_i64(
            &env,
            "select count(*) from wa_messages where recipient like '%60125550101' and merchant_id = $1",
            w.kopi.merchant_id().unwrap(),
        )
        .await;
        assert_eq!(kopi_msgs, 0);
        let kept = one_i64(
            &env,
            "select count(*) from wa_messages where content like '%Lim%' and merchant_id = $1",
            w.kopi.merchant_id().unwrap(),
        )
        .await;
        assert_eq!(kept, 0, "the message text held the name");
        // The scrubbed messages still show on the merchant's sandbox phone.
        let phone = backend::whatsapp::sandbox::outbox(&env.ctx.db, &w.kopi, 50)
            .await
            .unwrap();
        assert!(!phone.is_empty());
        assert!(phone.iter().all(|m| !m.recipient.contains("555")));
        assert_eq!(count("select count(*) from ledger_entries where $1 = $1").await, ledger);
        assert_eq!(count("select count(*) from claims where $1 = $1").await, claims_before);
        assert_books_balance(&env).await;
        // Bazaar's rows are untouched: its claim, message and the customer's consent there.
        let mine = customers::own_data(&env.ctx, &t, Some(&device)).await.unwrap().unwrap();
        assert_eq!(mine.name, "Lim Mei Ling");
        assert_eq!(mine.merchants.len(), 1);
        assert_eq!(mine.merchants[0].merchant_id, bazaar_claim.coupon.merchant_id);
        assert!(mine.merchants[0].consent.as_ref().unwrap().stands());
        assert_eq!(mine.merchants[0].messages, 1);
        assert!(customers::list(&env.ctx, &w.kopi, "").await.unwrap().iter().all(|c| c.customer_id != customer));
        // Erasing again at kopi finds nobody, and changes nothing.
        let e = customers::erase(&env.ctx, &w.kopi, &customer).await.unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);

        // The last merchant's erasure takes the customer's own row too.
        let erased = customers::erase(&env.ctx, &bazaar, &customer).await.unwrap();
        assert!(erased.customer_erased);
        let (name, birthday, _) = customer_row(&env, &customer).await;
        assert_eq!((name.as_str(), birthday.as_str()), (domain::customers::ERASED_NAME, domain::customers::ERASED_BIRTHDAY));
        assert_eq!(customers::own_data(&env.ctx, &t, Some(&device)).await.unwrap(), None);
        let seen = claims::recognise(&env.ctx, &t, "0125550101", Some(&autofill), "street")
            .await
            .unwrap();
        assert_eq!(seen, Recognised::Unknown);
        assert_eq!(
            count("select count(*) from customer_erasures where $1 = $1").await,
            2
        );
        assert_books_balance(&env).await;
        // The phone may claim again: a new customer, nothing of the old one.
        let again = whatsapp_claim(&env, &w, &w.kopi, None).await;
        assert_ne!(again.coupon.customer_id, customer);
    }
);

/// A claimed coupon's WhatsApp status follows its message through sending, delivery (or
/// failure) and reading, on `env`'s queue backend; the batch's counts and CSV show it and the
/// coupon itself stays taken.
async fn coupon_whatsapp_status_follows_its_message(env: TestEnv) {
    let w = world(&env).await;
    let c = whatsapp_claim(&env, &w, &w.kopi, None).await;
    let serial = c.coupon.serial.as_str().to_owned();
    let coupon = |env: &TestEnv| {
        let (db, serial) = (env.ctx.db.clone(), serial.clone());
        async move {
            sqlx::query_as::<_, (Option<String>, String)>(
                "select wa_status, status from coupons where serial = $1",
            )
            .bind(serial)
            .fetch_one(db.pool())
            .await
            .unwrap()
        }
    };
    let message = |env: &TestEnv| {
        let (db, serial) = (env.ctx.db.clone(), serial.clone());
        async move {
            sqlx::query_as::<_, (String,)>("select status from wa_messages where coupon_id = $1")
                .bind(serial)
                .fetch_one(db.pool())
                .await
                .unwrap()
                .0
        }
    };
    assert_eq!(coupon(&env).await.0.as_deref(), Some("queued"));
    dispatch_all(&env).await;
    assert_eq!(coupon(&env).await, (Some("sent".into()), "taken".into()));
    let mut seen = vec!["sent".to_owned()];
    for _ in 0..20 {
        env.clock.advance(60_000);
        backend::whatsapp::sandbox::tick(&env.ctx, env.ctx.clock.now_ms())
            .await
            .unwrap();
        let (wa, status) = coupon(&env).await;
        let wa = wa.unwrap();
        // In step with its message at every point, and never Redeemed by a delivery.
        assert_eq!(wa, message(&env).await);
        assert_eq!(status, "taken");
        if seen.last() != Some(&wa) {
            seen.push(wa);
        }
    }
    let last = seen.last().unwrap().clone();
    assert!(
        seen == ["sent", "delivered", "read"]
            || seen == ["sent", "delivered"]
            || seen == ["sent", "failed"],
        "{seen:?}"
    );
    let batch = coupons::batches(&env.ctx, &w.kopi)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.id == c.coupon.batch_id)
        .unwrap();
    if last == "failed" {
        assert_eq!((batch.counts.wa_sent, batch.counts.wa_failed), (0, 1));
    } else {
        assert_eq!((batch.counts.wa_sent, batch.counts.wa_failed), (1, 0));
    }
    let mut out = Vec::new();
    coupons::write_csv(&env.ctx, &w.kopi, &c.coupon.batch_id, &mut out)
        .await
        .unwrap();
    let csv = String::from_utf8(out).unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains(&c.coupon.serial.display()) || l.contains(&serial))
        .unwrap();
    assert!(line.contains(&format!(",{last},")), "{line}");
}

#[tokio::test]
async fn a_coupons_whatsapp_status_follows_its_message_sqlite_database_queue() {
    let env = backend::testing::env(backend::testing::Engine::Sqlite)
        .await
        .unwrap();
    coupon_whatsapp_status_follows_its_message(env).await;
}

#[tokio::test]
async fn a_coupons_whatsapp_status_follows_its_message_postgres_redis_queue() {
    let Ok(redis) = std::env::var("REDIS_URL") else {
        assert!(
            std::env::var("REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "REQUIRE_POSTGRES=1 but REDIS_URL is not set"
        );
        return;
    };
    let prefix = format!("test:{}", backend::ids::random_hex(6));
    let Some(env) = backend::testing::env_with(
        backend::testing::Engine::Postgres,
        &[("REDIS_URL", &redis), ("WHATSAPP_REDIS_PREFIX", &prefix)],
    )
    .await
    else {
        return;
    };
    assert_eq!(
        env.ctx.config.queue,
        backend::config::QueueConfig::Redis {
            url: backend::config::Secret::new(redis.clone())
        }
    );
    coupon_whatsapp_status_follows_its_message(env).await;
}

on_both_engines!(
    the_center_shows_a_claim_and_a_new_batch_at_once_and_another_servers_claim_within_two_seconds,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let t = w.kopi.tenant_id.clone();
        let ctx = &env.ctx;
        let a = batch(
            &env,
            &w,
            &w.kopi,
            BatchOpts {
                quantity: 3,
                ..BatchOpts::default()
            },
        )
        .await;
        let left = |p: &domain::claims::CenterPage, id: &str| {
            p.cards.iter().find(|c| c.batch_id == id).map(|c| c.left)
        };
        let page = || async {
            claims::center(ctx, &t, &domain::claims::CenterQuery::default())
                .await
                .unwrap()
        };
        assert_eq!(left(&page().await, &a), Some(3));
        // A claim on this server shows at once.
        claim_as(
            &env,
            &t,
            &a,
            &form("One", "0123000001"),
            ClaimSource::Homepage,
            "10.0.0.1",
        )
        .await
        .unwrap();
        assert_eq!(left(&page().await, &a), Some(2));
        // Another server (its own caches, the same database): its claim shows here within
        // two seconds.
        let other = backend::Ctx {
            caches: std::sync::Arc::default(),
            ..ctx.clone()
        };
        claims::claim(
            &other,
            &claims::ClaimRequest {
                tenant_id: &t,
                batch_id: &a,
                form: &form("Two", "0123000002"),
                source: ClaimSource::Homepage,
                addr: "10.0.0.2",
                site_base: "http://localhost:3000",
                device: None,
                locale: Default::default(),
            },
        )
        .await
        .unwrap();
        env.clock.advance(backend::recent::FRESH_MS);
        assert_eq!(left(&page().await, &a), Some(1));
        // A new batch shows at once on the server that made it.
        let b = batch(&env, &w, &w.kopi, BatchOpts::default()).await;
        assert_eq!(left(&page().await, &b), Some(10));
        // The last coupon taken here: the card goes at once.
        claim_as(
            &env,
            &t,
            &a,
            &form("Three", "0123000003"),
            ClaimSource::Homepage,
            "10.0.0.3",
        )
        .await
        .unwrap();
        assert_eq!(left(&page().await, &a), None);
    }
);
