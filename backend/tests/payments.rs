//! Buying credit packages: the webhook lands credits once, checks its signature and amount,
//! and changes nothing otherwise. On SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use backend::paid::{Applied, Item};
use backend::payments::{self, NewPackage};
use backend::testing::{DEMO_PASSWORD, T0_MS, TestEnv};
use backend::{Error, on_both_engines};
use domain::AppError;
use domain::auth::Password;
use domain::credits::{CreditType, OwnerType};

const SECRET: &str = "whsec_test_platform";

/// Seeds the demo, a 500-coupon package, and a pending purchase of it by Kopi Corner.
async fn pending_purchase(env: &TestEnv) -> payments::Payment {
    backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let (tenant, merchant): (String, String) = sqlx::query_as(
        "select tenant_id, id from merchants where company_name = 'Kopi Corner Sdn Bhd'",
    )
    .fetch_one(env.ctx.db.pool())
    .await
    .unwrap();
    let new = NewPackage {
        name: "500 coupons".into(),
        credit_type: "coupon".into(),
        credits: "500".into(),
        price_minor: "5000".into(),
        currency: "myr".into(),
        ..Default::default()
    };
    let admin = super_admin(env).await;
    let pkg = payments::create_package(&env.ctx.db, T0_MS, &admin, &new)
        .await
        .unwrap();
    payments::start_purchase(&env.ctx.db, T0_MS, &tenant, &merchant, &pkg.id, "stripe")
        .await
        .unwrap()
}

/// The demo's Super Admin, logged in.
async fn super_admin(env: &TestEnv) -> domain::auth::Principal {
    let (platform,): (String,) = sqlx::query_as("select id from tenants where kind = 'platform'")
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    backend::auth::login(
        &env.ctx,
        &platform,
        "admin@coupons.test",
        DEMO_PASSWORD,
        "127.0.0.1",
    )
    .await
    .unwrap()
    .0
}

async fn coupon_balance(env: &TestEnv, merchant: &str) -> i64 {
    backend::credits::balances(
        &env.ctx.db,
        OwnerType::Merchant,
        merchant,
        &[CreditType::Coupon],
    )
    .await
    .unwrap()[0]
        .balance
}

fn user_error(e: Error) -> AppError {
    match e {
        Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

on_both_engines!(
    a_paid_checkout_credits_once_however_often_it_is_delivered,
    |env: TestEnv| async move {
        let p = pending_purchase(&env).await;
        let body = backend::checkout::completed_event("evt_1", &p).unwrap();
        let sig = backend::stripe::sign(SECRET, &body, T0_MS).unwrap();
        let first =
            backend::checkout::handle_webhook(&env.ctx.db, T0_MS, "stripe", SECRET, &sig, &body)
                .await
                .unwrap();
        assert!(matches!(first, Applied::Credited { .. }));
        assert_eq!(coupon_balance(&env, &p.merchant_id).await, 500);
        // The same event again, and the same event from many deliveries at once: nothing more.
        assert_eq!(
            backend::checkout::handle_webhook(&env.ctx.db, T0_MS, "stripe", SECRET, &sig, &body)
                .await
                .unwrap(),
            Applied::Duplicate
        );
        let mut tasks = Vec::new();
        for i in 0..10 {
            let db = env.ctx.db.clone();
            let p = p.clone();
            tasks.push(tokio::spawn(async move {
                // A different event id for the same payment must not credit it twice either.
                let body =
                    backend::checkout::completed_event(&format!("evt_dup_{}", i % 3), &p).unwrap();
                let sig = backend::stripe::sign(SECRET, &body, T0_MS).unwrap();
                backend::checkout::handle_webhook(&db, T0_MS, "stripe", SECRET, &sig, &body)
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(coupon_balance(&env, &p.merchant_id).await, 500);
        let status: (String,) = sqlx::query_as("select status from payments where id = $1")
            .bind(&p.id)
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(status.0, "paid");
        assert!(
            backend::credits::audit(&env.ctx.db)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

on_both_engines!(
    forged_stale_or_mismatched_events_change_nothing,
    |env: TestEnv| async move {
        let p = pending_purchase(&env).await;
        let body = backend::checkout::completed_event("evt_2", &p).unwrap();
        let forged = backend::stripe::sign("whsec_someone_else", &body, T0_MS).unwrap();
        let r =
            backend::checkout::handle_webhook(&env.ctx.db, T0_MS, "stripe", SECRET, &forged, &body)
                .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::BadSignature);
        let stale = backend::stripe::sign(SECRET, &body, T0_MS - 3_600_000).unwrap();
        let r =
            backend::checkout::handle_webhook(&env.ctx.db, T0_MS, "stripe", SECRET, &stale, &body)
                .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::BadSignature);
        let mut cheaper = p.clone();
        cheaper.amount_minor = 1;
        let body = backend::checkout::completed_event("evt_3", &cheaper).unwrap();
        let sig = backend::stripe::sign(SECRET, &body, T0_MS).unwrap();
        let r =
            backend::checkout::handle_webhook(&env.ctx.db, T0_MS, "stripe", SECRET, &sig, &body)
                .await;
        assert!(matches!(
            user_error(r.unwrap_err()),
            AppError::InvalidInput { .. }
        ));
        // A sandbox event cannot pay a Stripe payment.
        let body = backend::checkout::completed_event("evt_4", &p).unwrap();
        let sig = backend::stripe::sign(SECRET, &body, T0_MS).unwrap();
        let r =
            backend::checkout::handle_webhook(&env.ctx.db, T0_MS, "sandbox", SECRET, &sig, &body)
                .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::NotFound);
        assert_eq!(coupon_balance(&env, &p.merchant_id).await, 0);
        let (events,): (i64,) = sqlx::query_as("select count(*) from webhook_events")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(events, 0);
    }
);

on_both_engines!(bad_packages_are_refused, |env: TestEnv| async move {
    backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    let admin = super_admin(&env).await;
    let before = payments::packages(&env.ctx.db, false).await.unwrap();
    let base = NewPackage {
        name: "x".into(),
        credit_type: "wa_ui".into(),
        credits: "10".into(),
        price_minor: "100".into(),
        currency: "MYR".into(),
        ..Default::default()
    };
    for (field, value) in [
        ("credits", "0"),
        ("credits", "-5"),
        ("credits", "99999999999999999999"),
        ("price", "0"),
        ("type", "money"),
        ("type", "points"),
        ("currency", "RM"),
        ("name", " "),
        ("cost", "101"),
        ("cost", "-1"),
        ("temporary", "coupon"),
    ] {
        let mut p = base.clone();
        match field {
            "credits" => p.credits = value.into(),
            "price" => p.price_minor = value.into(),
            "type" => p.credit_type = value.into(),
            "currency" => p.currency = value.into(),
            "cost" => p.platform_cost_minor = value.into(),
            "temporary" => {
                p.credit_type = value.into();
                p.for_temporary_merchants = true;
            }
            _ => p.name = value.into(),
        }
        let r = payments::create_package(&env.ctx.db, T0_MS, &admin, &p).await;
        assert!(
            matches!(user_error(r.unwrap_err()), AppError::InvalidInput { .. }),
            "{field}={value}"
        );
    }
    assert_eq!(
        payments::packages(&env.ctx.db, false).await.unwrap(),
        before
    );
});

/// A local stand-in for Stripe's `POST /v1/checkout/sessions`: checks the key, records the
/// form, and answers like Stripe.
async fn fake_stripe() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>,
) {
    use axum::routing::post;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = axum::Router::new().route(
        "/v1/checkout/sessions",
        post(move |headers: axum::http::HeaderMap, body: String| {
            let record = record.clone();
            async move {
                if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer sk_test_master") {
                    return (axum::http::StatusCode::UNAUTHORIZED, r#"{"error":{"message":"Invalid API Key"}}"#.to_owned());
                }
                let mut fields = record.lock().unwrap();
                for pair in body.split('&') {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    let decode = |s: &str| s.replace('+', " ").replace("%5B", "[").replace("%5D", "]");
                    fields.push((decode(k), decode(v)));
                }
                (axum::http::StatusCode::OK, r#"{"id":"cs_test_123","object":"checkout.session","url":"https://checkout.stripe.test/c/pay/cs_test_123"}"#.to_owned())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

on_both_engines!(
    stripe_checkout_uses_the_master_key_and_its_webhook_credits,
    |env: TestEnv| async move {
        let p = pending_purchase(&env).await;
        let (base, seen) = fake_stripe().await;
        let live = |key: &str| {
            let mut config = (*env.ctx.config).clone();
            config.payments = backend::config::PaymentsMode::Stripe;
            config.stripe_api_base = base.clone();
            config.stripe_secret_key = Some(backend::config::Secret::new(key));
            config.stripe_webhook_secret = Some(backend::config::Secret::new(SECRET));
            let mut ctx = env.ctx.clone();
            ctx.config = std::sync::Arc::new(config);
            ctx
        };
        let url = backend::checkout::package_checkout(
            &live("sk_test_master"),
            &p,
            domain::i18n::Locale::Ms,
            "http://localhost/ok",
            "http://localhost/no",
        )
        .await
        .unwrap();
        assert_eq!(url, "https://checkout.stripe.test/c/pay/cs_test_123");
        let fields = seen.lock().unwrap().clone();
        let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
        assert_eq!(get("mode").as_deref(), Some("payment"));
        assert_eq!(get("client_reference_id"), Some(p.id.clone()));
        // What is bought travels typed in the session's metadata.
        assert_eq!(get("metadata[item]").as_deref(), Some("package"));
        assert_eq!(
            get("line_items[0][price_data][unit_amount]").as_deref(),
            Some("5000")
        );
        assert_eq!(
            get("line_items[0][price_data][currency]").as_deref(),
            Some("myr")
        );
        // The payer asked in Malay: Stripe's page and the product's name follow.
        assert_eq!(get("locale").as_deref(), Some("ms"));
        assert_eq!(
            get("line_items[0][price_data][product_data][name]").as_deref(),
            Some("500 kredit Kupon")
        );
        // A wrong key is an error, not a silent sandbox.
        assert!(
            backend::checkout::package_checkout(
                &live("sk_test_other"),
                &p,
                domain::i18n::Locale::En,
                "http://a",
                "http://b"
            )
            .await
            .is_err()
        );
        // Stripe's webhook for the session then credits the merchant.
        let body = backend::checkout::completed_event("evt_live_1", &p).unwrap();
        let sig = backend::stripe::sign(SECRET, &body, T0_MS).unwrap();
        backend::checkout::handle_webhook(&env.ctx.db, T0_MS, "stripe", SECRET, &sig, &body)
            .await
            .unwrap();
        assert_eq!(coupon_balance(&env, &p.merchant_id).await, 500);
    }
);

async fn count(env: &TestEnv, sql: &'static str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap()
        .0
}

on_both_engines!(
    a_package_of_another_currency_or_merchant_kind_is_refused_by_id_and_nothing_is_written,
    |env: TestEnv| async move {
        let p = pending_purchase(&env).await;
        let admin = super_admin(&env).await;
        let idr = payments::create_package(
            &env.ctx.db,
            T0_MS,
            &admin,
            &NewPackage {
                name: "1000 coupons (IDR)".into(),
                credit_type: "coupon".into(),
                credits: "1000".into(),
                price_minor: "100".into(),
                currency: "idr".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let temporary = payments::create_package(
            &env.ctx.db,
            T0_MS,
            &admin,
            &NewPackage {
                name: "Temporary UI".into(),
                credit_type: "wa_ui".into(),
                credits: "100".into(),
                price_minor: "900".into(),
                currency: "myr".into(),
                for_temporary_merchants: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let (nasi_tenant, nasi): (String, String) = sqlx::query_as(
            "select tenant_id, id from merchants where company_name = 'Nasi Lemak House Sdn Bhd'",
        )
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        let payments_before = count(&env, "select count(*) from payments").await;
        // Kopi Corner (MYR site) buys the IDR package by its id.
        let e = payments::start_purchase(
            &env.ctx.db,
            T0_MS,
            &p.tenant_id,
            &p.merchant_id,
            &idr.id,
            "sandbox",
        )
        .await
        .unwrap_err();
        assert_eq!(
            user_error(e),
            AppError::WrongCurrency {
                currency: "IDR".into(),
                expected: "MYR".into()
            }
        );
        // An agent's merchant: the same refusal (its agent's wallet is MYR too).
        let e =
            payments::start_purchase(&env.ctx.db, T0_MS, &nasi_tenant, &nasi, &idr.id, "sandbox")
                .await
                .unwrap_err();
        assert!(matches!(user_error(e), AppError::WrongCurrency { .. }));
        // The other merchant kind's package.
        let e = payments::start_purchase(
            &env.ctx.db,
            T0_MS,
            &p.tenant_id,
            &p.merchant_id,
            &temporary.id,
            "sandbox",
        )
        .await
        .unwrap_err();
        assert!(matches!(user_error(e), AppError::InvalidInput { .. }));
        // Another tenant's merchant named with this tenant: not found.
        let e = payments::start_purchase(
            &env.ctx.db,
            T0_MS,
            &p.tenant_id,
            &nasi,
            &p.package_id,
            "sandbox",
        )
        .await
        .unwrap_err();
        assert_eq!(user_error(e), AppError::NotFound);
        assert_eq!(
            count(&env, "select count(*) from payments").await,
            payments_before
        );
        assert!(
            backend::credits::audit(&env.ctx.db)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

async fn login_as(ctx: &backend::Ctx, email: &str) -> domain::auth::Principal {
    let (tenant,): (String,) = sqlx::query_as("select tenant_id from users where email = $1")
        .bind(email)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
    backend::auth::login(ctx, &tenant, email, DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap()
        .0
}

fn ad_image() -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 8, |x, _| image::Rgb([x.to_le_bytes()[0], 9, 7]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// One item of each kind, started as the product starts it with `ctx`'s checkout: who pays
/// it, its id, amount and currency.
async fn start_item(
    ctx: &backend::Ctx,
    item: Item,
    pkg_id: &str,
) -> (domain::auth::Principal, String, i64, String) {
    let provider = if ctx.config.payments.is_sandbox() {
        "sandbox"
    } else {
        "stripe"
    };
    let kopi = login_as(ctx, "kopi@coupons.test").await;
    match item {
        Item::Package => {
            let p = payments::start_purchase(
                &ctx.db,
                T0_MS,
                &kopi.tenant_id,
                kopi.merchant_id().unwrap(),
                pkg_id,
                provider,
            )
            .await
            .unwrap();
            (kopi, p.id, p.amount_minor, p.currency)
        }
        Item::Membership => {
            let m = backend::memberships::start_membership_payment(&ctx.db, T0_MS, &kopi, provider)
                .await
                .unwrap();
            (kopi, m.id, m.amount_minor, m.currency)
        }
        Item::TopUp => {
            let agent = login_as(ctx, "agent@superdeals.test").await;
            let t = backend::agents::start_top_up(&ctx.db, T0_MS, &agent, "250000", provider)
                .await
                .unwrap();
            (agent, t.id, t.amount_minor, t.currency)
        }
        Item::Ad => {
            let form = domain::ads::AdForm {
                title: "Kopi week".into(),
                kind: "banner".into(),
                duration_days: "7".into(),
                target_url: "https://kopi.example/week".into(),
                start_date: "2026-11-25".into(),
                country: "MY".into(),
                cities: String::new(),
            };
            let ad = backend::ads::create_ad(ctx, &kopi, &form, &ad_image())
                .await
                .unwrap();
            let p = backend::ads::start_payment(ctx, &kopi, &ad.id)
                .await
                .unwrap();
            assert_eq!(p.provider, provider);
            (kopi, ad.id, p.amount_minor, p.currency)
        }
    }
}

/// Whether item `id` of kind `item` is paid, read from its own row.
async fn is_paid(env: &TestEnv, item: Item, id: &str) -> bool {
    let sql = match item {
        Item::Package => "select count(*) from payments where id = $1 and status = 'paid'",
        Item::Membership => {
            "select count(*) from membership_payments where id = $1 and status = 'paid'"
        }
        Item::TopUp => "select count(*) from agent_topups where id = $1 and status = 'paid'",
        Item::Ad => "select count(*) from ads where id = $1 and paid_at_ms is not null",
    };
    sqlx::query_as::<_, (i64,)>(sql)
        .bind(id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap()
        .0
        == 1
}

on_both_engines!(
    every_paid_item_kind_completes_once_through_the_webhook_and_through_the_sandbox,
    |env: TestEnv| async move {
        let p = pending_purchase(&env).await;
        let mut live_config = (*env.ctx.config).clone();
        live_config.payments = backend::config::PaymentsMode::Stripe;
        live_config.stripe_secret_key = Some(backend::config::Secret::new("sk_test_platform"));
        live_config.stripe_webhook_secret = Some(backend::config::Secret::new(SECRET));
        let mut live = env.ctx.clone();
        live.config = std::sync::Arc::new(live_config);
        // A Stripe-signed `checkout.session.completed` for item `id` of kind `kind`, delivered.
        let deliver = |event: String, kind: Item, id: String, amount: i64, currency: String| {
            let db = env.ctx.db.clone();
            async move {
                let body = backend::stripe::session_completed_event(
                    &event,
                    kind.as_str(),
                    &id,
                    amount,
                    &currency,
                )
                .unwrap();
                let sig = backend::stripe::sign(SECRET, &body, T0_MS).unwrap();
                backend::checkout::handle_webhook(&db, T0_MS, "stripe", SECRET, &sig, &body).await
            }
        };
        for item in Item::ALL {
            // Through a Stripe-signed webhook (live mode): applied once, by event and by item.
            let (_, id, amount, currency) = start_item(&live, item, &p.package_id).await;
            let event = format!("evt_{id}");
            let send = |event: String, kind: Item| {
                deliver(event, kind, id.clone(), amount, currency.clone())
            };
            let applied = send(event.clone(), item).await.unwrap();
            let expected = match item {
                Item::Package => matches!(applied, Applied::Credited { .. }),
                Item::Membership => matches!(applied, Applied::Activated { .. }),
                Item::TopUp => matches!(applied, Applied::ToppedUp { .. }),
                Item::Ad => matches!(applied, Applied::AdPaid { .. }),
            };
            assert!(expected, "{item:?}: {applied:?}");
            assert!(is_paid(&env, item, &id).await, "{item:?}");
            // The same event again, and a second event for the same payment.
            assert_eq!(
                send(event, item).await.unwrap(),
                Applied::Duplicate,
                "{item:?}"
            );
            let again = send(format!("evt_{id}_2"), item).await.unwrap();
            assert_eq!(again, Applied::Duplicate, "{item:?}");
            // The same id named as another kind of item is not found.
            let other_kind = Item::ALL.into_iter().find(|k| *k != item).unwrap();
            let e = send(format!("evt_{id}_3"), other_kind).await.unwrap_err();
            assert_eq!(user_error(e), AppError::NotFound, "{item:?}");

            // Through the sandbox's Pay button (sandbox mode): paid, and a second press
            // changes nothing.
            let (who, id, _, _) = start_item(&env.ctx, item, &p.package_id).await;
            backend::checkout::sandbox_pay(&env.ctx, &who, &id)
                .await
                .unwrap();
            assert!(is_paid(&env, item, &id).await, "{item:?}");
            let ledger = count(&env, "select count(*) from ledger_entries").await;
            backend::checkout::sandbox_pay(&env.ctx, &who, &id)
                .await
                .unwrap();
            assert_eq!(
                count(&env, "select count(*) from ledger_entries").await,
                ledger
            );
            // The sandbox never completes a live payment, nor the webhook a sandbox one.
            let (who, live_id, _, _) = start_item(&live, item, &p.package_id).await;
            let e = backend::checkout::sandbox_pay(&env.ctx, &who, &live_id)
                .await
                .unwrap_err();
            assert_eq!(user_error(e), AppError::NotFound, "{item:?}");
            assert!(!is_paid(&env, item, &live_id).await);
        }
        assert!(
            backend::credits::audit(&env.ctx.db)
                .await
                .unwrap()
                .is_empty()
        );
    }
);
