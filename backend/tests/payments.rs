//! Buying credit packages: the webhook lands credits once, checks its signature and amount,
//! and changes nothing otherwise. On SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use backend::paid::Applied;
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
            "500 Coupon credits",
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
        // A wrong key is an error, not a silent sandbox.
        assert!(
            backend::checkout::package_checkout(
                &live("sk_test_other"),
                &p,
                "x",
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
