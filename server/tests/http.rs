//! The router end to end in-process (no browser): hosts, sessions, server functions, health
//! and bad input, on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use axum::Router;
use axum::body::{Body, to_bytes};
use http::{Request, StatusCode, header};
use tower::ServiceExt;

use backend::on_both_engines;
use backend::testing::{DEMO_PASSWORD, Engine, TestEnv, env_with};
use domain::auth::Password;
use server::{AppState, leptos_options, router};

async fn app(env: &TestEnv) -> Router {
    backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    router(AppState {
        leptos_options: leptos_options().unwrap(),
        ctx: env.ctx.clone(),
    })
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = to_bytes(body, 4 * 1024 * 1024).await.unwrap();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn get(host: &str, path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path).header(header::HOST, host);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

fn post_form(host: &str, path: &str, form: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(form.to_owned())).unwrap()
}

/// Logs in through the form and returns the `sid=…` cookie pair.
async fn log_in(app: &Router, host: &str, email: &str) -> String {
    let form = format!("email={email}&password={DEMO_PASSWORD}&next=/dashboard");
    let (status, headers, _) = send(app, post_form(host, "/login", &form, None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/dashboard");
    let set = headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    assert!(
        !set.contains("Secure"),
        "plain http must not mark the cookie Secure: {set}"
    );
    set.split(';').next().unwrap().to_owned()
}

on_both_engines!(
    unknown_and_malformed_hosts_get_plain_errors,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let (status, _, body) = send(&app, get("nosuch.localhost", "/", None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("There is no site at this address."));
        assert!(
            !body.contains("SuperDeals") && !body.contains("Coupon Central"),
            "{body}"
        );
        // A Host that is not exactly a host and port gets the plain 404, never a site.
        for bad in [
            "bad host!",
            "localhost:4301@evil.example",
            "localhost/evil",
            "localhost:99999",
            "localhost:",
        ] {
            let (status, _, body) = send(&app, get(bad, "/", None)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
            assert!(body.contains("There is no site at this address."), "{bad}");
        }
        // The plain page speaks the language the visitor asks for, naming no site still.
        let asks_chinese = Request::get("/")
            .header(header::HOST, "nosuch.localhost")
            .header(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9,en;q=0.5")
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(&app, asks_chinese).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            body.contains("此地址没有网站。") && body.contains("lang=\"zh-Hans\""),
            "{body}"
        );
        let chose_malay = get("nosuch.localhost", "/", Some("lang=ms"));
        let (_, _, body) = send(&app, chose_malay).await;
        assert!(body.contains("Tiada laman di alamat ini."), "{body}");
        // The login page of an unknown host is just as unknown.
        let (status, _, _) = send(
            &app,
            post_form("nosuch.localhost", "/login", "email=a@b.c&password=x", None),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

on_both_engines!(pages_carry_their_tenants_brand, |env: TestEnv| async move {
    let app = app(&env).await;
    let (status, _, body) = send(&app, get("demo-agent.localhost:3000", "/", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Coupons from SuperDeals") && body.contains("--brand: #6d28d9"),
        "{body}"
    );
    assert!(!body.contains("Coupon Central"));
    let (_, _, body) = send(&app, get("localhost", "/", None)).await;
    assert!(body.contains("Coupons from Coupon Central"));
});

on_both_engines!(
    login_cookie_is_bound_to_its_site_and_logout_ends_it,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let cookie = log_in(&app, "demo-agent.localhost", "agent@superdeals.test").await;
        let (status, _, body) = send(
            &app,
            get("demo-agent.localhost", "/dashboard", Some(&cookie)),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Welcome, Daniel (SuperDeals)"));
        // The same cookie on the main platform: no session, and the stale cookie is removed.
        let (status, headers, _) = send(&app, get("localhost", "/dashboard", Some(&cookie))).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers[header::LOCATION],
            "/login?next=/dashboard&error=expired"
        );
        assert!(
            headers[header::SET_COOKIE]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        // Logout, then the cookie is worthless on its own site too.
        let (status, _, _) = send(
            &app,
            post_form("demo-agent.localhost", "/logout", "", Some(&cookie)),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = send(
            &app,
            get("demo-agent.localhost", "/dashboard", Some(&cookie)),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
);

on_both_engines!(
    server_functions_refuse_other_tenants_and_roles,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let admin = log_in(&app, "localhost", "admin@coupons.test").await;
        let agent = log_in(&app, "demo-agent.localhost", "agent@superdeals.test").await;
        let (status, _, body) = send(
            &app,
            post_form("localhost", "/api/section", "slug=merchants", Some(&admin)),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let platform_merchant = body
            .split("\"id\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let (status, _, body) = send(
            &app,
            post_form(
                "demo-agent.localhost",
                "/api/merchant",
                &format!("id={platform_merchant}"),
                Some(&agent),
            ),
        )
        .await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::NOT_FOUND, "{\"App\":\"NotFound\"}")
        );
        let (status, _, _) = send(
            &app,
            post_form(
                "demo-agent.localhost",
                "/api/section",
                "slug=agents",
                Some(&agent),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, _) = send(&app, post_form("localhost", "/api/overview", "", None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // The page for a merchant of another tenant answers 404 too.
        let (status, _, body) = send(
            &app,
            get(
                "demo-agent.localhost",
                &format!("/dashboard/merchants/{platform_merchant}"),
                Some(&agent),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("Not found."));
    }
);

on_both_engines!(
    bad_input_gets_clear_answers_and_writes_nothing,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let (status, headers, _) = send(&app, post_form("localhost", "/login", "%%%", None)).await;
        assert_eq!(
            (status, headers[header::LOCATION].to_str().unwrap()),
            (StatusCode::SEE_OTHER, "/login?error=input")
        );
        let (_, headers, _) = send(
            &app,
            post_form(
                "localhost",
                "/login",
                "email=admin@coupons.test&password=nope&next=//evil.example",
                None,
            ),
        )
        .await;
        assert_eq!(
            headers[header::LOCATION],
            "/login?error=invalid&next=/dashboard"
        );
        assert!(headers.get(header::SET_COOKIE).is_none());
        let big = "email=".to_owned() + &"a".repeat(server::BODY_LIMIT_BYTES + 1);
        let mut oversized = post_form("localhost", "/login", &big, None);
        oversized
            .headers_mut()
            .insert(header::CONTENT_LENGTH, big.len().into());
        assert_eq!(send(&app, oversized).await.0, StatusCode::PAYLOAD_TOO_LARGE);
        let cross = Request::post("/login")
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://evil.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("email=admin@coupons.test&password=x"))
            .unwrap();
        assert_eq!(send(&app, cross).await.0, StatusCode::FORBIDDEN);
        let (n,): (i64,) = sqlx::query_as("select count(*) from sessions")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
);

async fn healthz(engine: Engine, settings: &[(&str, &str)], database: &str, queue: &str) {
    let Some(env) = env_with(engine, settings).await else {
        return;
    };
    let app = app(&env).await;
    // Health answers on any host: load balancers ask by address.
    let (status, headers, body) = send(&app, get("10.0.0.5:3000", "/healthz", None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["database"], database);
    assert_eq!(v["queue"], queue);
    assert_eq!(v["status"], "ok");
    let files = if settings.iter().any(|(k, _)| *k == "FILES_URL") {
        "s3"
    } else {
        "disk"
    };
    assert_eq!(v["files"], files);
}

#[tokio::test]
async fn healthz_names_the_bucket_and_a_wrong_key_degrades_it() {
    let Some(mut settings) = backend::testing::bucket_settings() else {
        return;
    };
    let strs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    healthz(Engine::Sqlite, &strs, "sqlite", "database").await;
    // A secret the server does not know: the store refuses, and health says so.
    for (k, v) in &mut settings {
        if k == "S3_SECRET_ACCESS_KEY" {
            *v = "not-the-secret-key".into();
        }
    }
    let strs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let env = env_with(Engine::Sqlite, &strs).await.unwrap();
    // No demo data: its template images would not store either.
    let app = router(AppState {
        leptos_options: leptos_options().unwrap(),
        ctx: env.ctx.clone(),
    });
    let (status, _, body) = send(&app, get("10.0.0.5:3000", "/healthz", None)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["files_ok"], false);
    assert_eq!(v["database_ok"], true);
}

#[tokio::test]
async fn healthz_names_sqlite_and_the_database_queue() {
    healthz(Engine::Sqlite, &[], "sqlite", "database").await;
}

#[tokio::test]
async fn healthz_names_postgresql_and_redis() {
    match std::env::var("REDIS_URL") {
        Ok(url) => {
            healthz(
                Engine::Postgres,
                &[("REDIS_URL", &url)],
                "postgresql",
                "redis",
            )
            .await
        }
        Err(_) if std::env::var("REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
            panic!("REDIS_URL is not set")
        }
        Err(_) => eprintln!("note: REDIS_URL is not set; skipping the Redis health check"),
    }
}

on_both_engines!(
    a_failing_server_function_posted_by_a_plain_form_redirects_back_with_the_error,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let host = "demo-agent.localhost";
        let agent = log_in(&app, host, "agent@superdeals.test").await;
        let page = "http://demo-agent.localhost/dashboard/payment-settings";
        // Keys of two modes: refused before Stripe is asked.
        let form =
            "publishable_key=pk_test_abcdefgh12&secret_key=sk_live_abcdefgh12&webhook_secret=";
        let call = |accept: &str| {
            let mut req = post_form(host, "/api/save_payment_settings", form, Some(&agent));
            req.headers_mut()
                .insert(header::ACCEPT, accept.parse().unwrap());
            req.headers_mut()
                .insert(header::REFERER, page.parse().unwrap());
            req
        };
        // A browser without JavaScript (or before hydration) posts the form and asks for HTML.
        let (status, headers, _) = send(&app, call("text/html,application/xhtml+xml")).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "browsers follow Location only on 3xx"
        );
        let location = headers[header::LOCATION].to_str().unwrap();
        assert!(
            location.starts_with(page) && location.contains("__err="),
            "{location}"
        );
        // The page it lands on shows the refusal beside the form, not raw JSON.
        let path = location.trim_start_matches("http://demo-agent.localhost");
        let (status, _, body) = send(&app, get(host, path, Some(&agent))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("use keys of the same mode"), "{body}");
        assert!(body.contains("Check and save"), "the form is shown again");
        // The app's own call keeps the error's status and JSON body.
        let (status, headers, body) = send(&app, call("application/json")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(headers.get(header::LOCATION).is_none());
        assert!(body.contains("same mode"), "{body}");
    }
);

on_both_engines!(
    the_ledger_csv_defuses_formulas_a_user_typed,
    |env: TestEnv| async move {
        use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
        let app = app(&env).await;
        let admin = log_in(&app, "localhost", "admin@coupons.test").await;
        // A company renamed to a formula, and a line whose description is one.
        sqlx::query(
            "update merchants set company_name = $1 where company_name = 'Kopi Corner Sdn Bhd'",
        )
        .bind("=HYPERLINK(\"http://evil.example\",\"Kopi\")")
        .execute(env.ctx.db.pool())
        .await
        .unwrap();
        let (tenant_id, merchant_id): (String, String) = sqlx::query_as(
            "select tenant_id, id from merchants where company_name like '=HYPERLINK%'",
        )
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        let posting = backend::credits::Posting {
            wallet: backend::credits::WalletRef {
                tenant_id,
                owner_type: OwnerType::Merchant,
                owner_id: merchant_id,
                credit_type: CreditType::Coupon,
            },
            action: Action::Purchase,
            amount: 20,
            related_kind: RelatedKind::None,
            related_id: None,
            description: "@SUM(1+1)*cmd".into(),
            message: None,
            idempotency_key: "csv-formula".into(),
            actor_user_id: None,
        };
        backend::credits::post(&env.ctx.db, env.ctx.clock.now_ms(), &posting)
            .await
            .unwrap();
        let (status, _, body) = send(
            &app,
            get("localhost", "/dashboard/ledger.csv", Some(&admin)),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Kopi\"\")\""),
            "{body}"
        );
        assert!(body.contains(",'@SUM(1+1)*cmd,"), "{body}");
        // No cell starts with a formula character (numbers such as -20 aside).
        for line in body.lines() {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                assert!(!cell.starts_with(['=', '@']), "a live formula in {line}");
            }
        }
    }
);

/// A sandbox payment of Kopi Corner's, started directly (as one left over from before a
/// switch to live mode would be).
async fn kopi_sandbox_payment(env: &TestEnv) -> String {
    let (tenant, merchant): (String, String) = sqlx::query_as(
        "select tenant_id, id from merchants where company_name = 'Kopi Corner Sdn Bhd'",
    )
    .fetch_one(env.ctx.db.pool())
    .await
    .unwrap();
    let pkg =
        backend::payments::packages_for(&env.ctx.db, &tenant, domain::auth::MerchantKind::Annual)
            .await
            .unwrap()
            .remove(0);
    backend::payments::start_purchase(&env.ctx.db, 0, &tenant, &merchant, &pkg.id, "sandbox")
        .await
        .unwrap()
        .id
}

async fn sandbox_routes(live: bool) -> (StatusCode, StatusCode, String) {
    let settings: &[(&str, &str)] = if live {
        &[
            ("PAYMENTS", "stripe"),
            ("STRIPE_SECRET_KEY", "sk_test_platform0000"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_platform0000"),
        ]
    } else {
        &[]
    };
    let env = env_with(Engine::Sqlite, settings).await.unwrap();
    let app = app(&env).await;
    let id = kopi_sandbox_payment(&env).await;
    let sid = log_in(&app, "localhost", "kopi@coupons.test").await;
    let page = format!("/checkout/sandbox/{id}");
    let (shown, _, _) = send(&app, get("localhost", &page, Some(&sid))).await;
    let (paid, _, _) = send(
        &app,
        post_form("localhost", &format!("{page}/pay"), "", Some(&sid)),
    )
    .await;
    let (status,): (String,) = sqlx::query_as("select status from payments where id = $1")
        .bind(&id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    (shown, paid, status)
}

#[tokio::test]
async fn in_live_mode_the_sandbox_checkout_does_not_exist_and_pays_nothing() {
    let (shown, paid, status) = sandbox_routes(true).await;
    assert_eq!(shown, StatusCode::NOT_FOUND);
    assert_eq!(paid, StatusCode::NOT_FOUND);
    assert_eq!(status, "pending");
    // The same payment in a sandbox deployment is paid by the sandbox's button.
    let (shown, paid, status) = sandbox_routes(false).await;
    assert_eq!(shown, StatusCode::OK);
    assert_eq!(paid, StatusCode::SEE_OTHER);
    assert_eq!(status, "paid");
}

/// A fake Stripe on loopback speaking its documented formats: `GET /v1/balance` (the agent key
/// check; `sk_test_agent…` is a test key) and `POST /v1/checkout/sessions`, recording each
/// session's key and form.
async fn fake_stripe() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>,
) {
    use axum::routing::{get, post};
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let key_of = |h: &http::HeaderMap| {
        h.get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_owned()
    };
    let app = Router::new()
        .route(
            "/v1/balance",
            get(|| async {
                r#"{"object":"balance","available":[{"amount":0,"currency":"myr"}],"livemode":false,"pending":[]}"#
            }),
        )
        .route(
            "/v1/checkout/sessions",
            post(move |h: http::HeaderMap, body: String| {
                let record = record.clone();
                async move {
                    record.lock().unwrap().push((key_of(&h), body.clone()));
                    let reference = body
                        .split('&')
                        .find_map(|kv| kv.strip_prefix("client_reference_id="))
                        .unwrap_or_default()
                        .to_owned();
                    format!(
                        r#"{{"id":"cs_test_{reference}","object":"checkout.session","url":"https://checkout.stripe.test/c/pay/cs_test_{reference}"}}"#
                    )
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

/// Calls server function `endpoint` as the browser's JavaScript would (a form-encoded POST).
fn server_fn(host: &str, endpoint: &str, form: &str, cookie: &str) -> Request<Body> {
    Request::post(format!("/api/{endpoint}"))
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(form.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn in_live_mode_an_agents_merchant_pays_through_the_agents_stripe_and_the_cost_is_charged_once()
 {
    const AGENT: &str = "demo-agent.localhost";
    const AGENT_KEY: &str = "sk_test_agent0000000000abcd";
    const AGENT_WHSEC: &str = "whsec_agent00000000000";
    let (base, seen) = fake_stripe().await;
    let Some(env) = env_with(
        Engine::Sqlite,
        &[
            ("PAYMENTS", "stripe"),
            ("STRIPE_SECRET_KEY", "sk_test_platform0000"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_platform0000"),
            ("STRIPE_API_BASE", &base),
        ],
    )
    .await
    else {
        return;
    };
    let app = app(&env).await;
    let nasi = log_in(&app, AGENT, "nasi@superdeals.test").await;
    let who = backend::auth::login(
        &env.ctx,
        &backend::tenants::resolve_host(
            &env.ctx.db,
            &domain::tenants::HostName::parse(AGENT).unwrap(),
            &env.ctx.config.main_domains,
        )
        .await
        .unwrap()
        .unwrap()
        .tenant_id,
        "nasi@superdeals.test",
        DEMO_PASSWORD,
        "127.0.0.1",
    )
    .await
    .unwrap()
    .0;
    let pkg = backend::payments::packages_for(
        &env.ctx.db,
        &who.tenant_id,
        domain::auth::MerchantKind::Annual,
    )
    .await
    .unwrap()
    .remove(0);
    let form = format!("package_id={}", pkg.id);
    let wallet = |env: &TestEnv| {
        let db = env.ctx.db.clone();
        let tenant = who.tenant_id.clone();
        async move {
            sqlx::query_as::<_, (i64,)>(
                "select coalesce(sum(balance), 0) from wallets where tenant_id = $1 and owner_type = 'agent'",
            )
            .bind(tenant)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .0
        }
    };
    let coupons = |env: &TestEnv| {
        let db = env.ctx.db.clone();
        let merchant = who.merchant_id().unwrap().to_owned();
        async move {
            sqlx::query_as::<_, (i64,)>(
                "select coalesce(sum(balance), 0) from wallets where owner_id = $1 and credit_type = 'coupon'",
            )
            .bind(merchant)
            .fetch_one(db.pool())
            .await
            .unwrap()
            .0
        }
    };

    // Before the agent connects its keys the site cannot take payments: refused, nothing
    // written, never the sandbox.
    let payments_before: (i64,) = sqlx::query_as("select count(*) from payments")
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    let (status, _, body) = send(&app, server_fn(AGENT, "buy_package", &form, &nasi)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The page shows the error's own words: "Card payments are not set up on this site yet."
    assert!(body.contains("PaymentsNotConnected"), "{body}");
    let payments_after: (i64,) = sqlx::query_as("select count(*) from payments")
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    assert_eq!(payments_before, payments_after);

    // The agent connects its own (test) keys; the purchase goes to the agent's Stripe.
    let agent = backend::auth::login(
        &env.ctx,
        &who.tenant_id,
        "agent@superdeals.test",
        DEMO_PASSWORD,
        "127.0.0.1",
    )
    .await
    .unwrap()
    .0;
    backend::agents::save_stripe_keys(
        &env.ctx,
        0,
        &agent,
        "pk_test_agent000",
        AGENT_KEY,
        AGENT_WHSEC,
    )
    .await
    .unwrap();
    let (wallet_before, coupons_before) = (wallet(&env).await, coupons(&env).await);
    let (status, headers, body) = send(&app, server_fn(AGENT, "buy_package", &form, &nasi)).await;
    let location = headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(
        location.starts_with("https://checkout.stripe.test/"),
        "{status} {location} {body}"
    );
    let (key, session_form) = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(key, AGENT_KEY);
    assert!(
        session_form.contains("metadata%5Bitem%5D=package"),
        "{session_form}"
    );
    let payment_id = session_form
        .split('&')
        .find_map(|kv| kv.strip_prefix("client_reference_id="))
        .unwrap()
        .to_owned();
    // Nothing lands until Stripe says it was paid; the sandbox cannot pay it.
    assert_eq!(coupons(&env).await, coupons_before);
    let (status, _, _) = send(
        &app,
        post_form(
            AGENT,
            &format!("/checkout/sandbox/{payment_id}/pay"),
            "",
            Some(&nasi),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The agent's Stripe reports it paid, signed with the agent's webhook secret.
    let event = backend::stripe::session_completed_event(
        "evt_agent_sale",
        "package",
        &payment_id,
        pkg.price_minor,
        &pkg.currency,
    )
    .unwrap();
    let signature = backend::stripe::sign(AGENT_WHSEC, &event, env.ctx.clock.now_ms()).unwrap();
    let webhook = |sig: String| {
        Request::post(format!("/webhooks/stripe/agents/{}", who.tenant_id))
            .header(header::HOST, "localhost")
            .header("stripe-signature", sig)
            .body(Body::from(event.clone()))
            .unwrap()
    };
    let (status, _, body) = send(&app, webhook(signature.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The agent's wallet is empty: the credits wait for its top-up, nothing is charged yet.
    assert_eq!(coupons(&env).await, coupons_before);
    assert_eq!(wallet(&env).await, wallet_before);
    // A replay changes nothing.
    let (status, _, _) = send(&app, webhook(signature)).await;
    assert_eq!(status, StatusCode::OK);

    // The agent tops up through the platform's Stripe; the waiting sale completes once.
    let t = backend::agents::start_top_up(&env.ctx.db, 0, &agent, "500000", "stripe")
        .await
        .unwrap();
    let top_up = backend::stripe::session_completed_event(
        "evt_top_up",
        "top_up",
        &t.id,
        t.amount_minor,
        &t.currency,
    )
    .unwrap();
    let now = env.ctx.clock.now_ms();
    let sig = backend::stripe::sign("whsec_platform0000", &top_up, now).unwrap();
    let platform_webhook = |sig: String| {
        Request::post("/webhooks/stripe")
            .header(header::HOST, "localhost")
            .header("stripe-signature", sig)
            .body(Body::from(top_up.clone()))
            .unwrap()
    };
    let (status, _, body) = send(&app, platform_webhook(sig.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(coupons(&env).await, coupons_before + pkg.credits);
    assert_eq!(
        wallet(&env).await,
        wallet_before + t.amount_minor - pkg.platform_cost_minor
    );
    let (status, _, _) = send(&app, platform_webhook(sig)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(coupons(&env).await, coupons_before + pkg.credits);
    assert_eq!(
        wallet(&env).await,
        wallet_before + t.amount_minor - pkg.platform_cost_minor
    );
    assert!(
        backend::credits::audit(&env.ctx.db)
            .await
            .unwrap()
            .is_empty()
    );
}

on_both_engines!(
    links_the_site_makes_use_its_own_host_never_the_requests,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let merchant = |name: &'static str| {
            let db = env.ctx.db.clone();
            async move {
                sqlx::query_as::<_, (String,)>("select id from merchants where company_name = $1")
                    .bind(name)
                    .fetch_one(db.pool())
                    .await
                    .unwrap()
                    .0
            }
        };
        let kopi = merchant("Kopi Corner Sdn Bhd").await;
        let nasi = merchant("Nasi Lemak House Sdn Bhd").await;
        // The poster's QR and address: the configured scheme and port (BIND_ADDR's in
        // development), the platform's main domain, whatever port or case the request used.
        for host in ["localhost:9999", "LOCALHOST", "127.0.0.1:3000"] {
            let (status, _, body) =
                send(&app, get(host, &format!("/store/{kopi}/poster"), None)).await;
            assert_eq!(status, StatusCode::OK, "{host}");
            assert!(
                body.contains(&format!("http://localhost:3000/store/{kopi}")),
                "{host}: {body}"
            );
            assert!(
                !body.contains("9999") && !body.contains("LOCALHOST"),
                "{host}"
            );
        }
        // An agent's links use its verified custom domain, even when reached by its subdomain.
        let (status, _, body) = send(
            &app,
            get(
                "demo-agent.localhost:4444",
                &format!("/store/{nasi}/poster"),
                None,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains(&format!(
                "http://www.superdeals.localhost:3000/store/{nasi}"
            )),
            "{body}"
        );
        assert!(!body.contains("4444"));
    }
);

fn design_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(60, 30, |x, y| {
        image::Rgb([x.to_le_bytes()[0], y.to_le_bytes()[0], 40])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A new-batch form with an uploaded design, as the page's multipart post sends it.
fn batch_form(fields: &[(&str, &str)], design: &[u8], cookie: &str) -> Request<Body> {
    const B: &str = "batchboundary9c1";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{B}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{B}\r\nContent-Disposition: form-data; name=\"template_file\"; filename=\"d.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes(),
    );
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

on_both_engines!(
    a_refused_batch_form_keeps_no_uploaded_design_and_designs_are_capped,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let kopi = log_in(&app, "localhost", "kopi@coupons.test").await;
        let templates = || {
            let db = env.ctx.db.clone();
            async move {
                sqlx::query_as::<_, (i64,)>(
                    "select count(*) from coupon_templates where merchant_id is not null",
                )
                .fetch_one(db.pool())
                .await
                .unwrap()
                .0
            }
        };
        let files = || {
            let dir = env.ctx.config.data_dir.join("files").join("templates");
            std::fs::read_dir(&dir).map_or(0, |d| d.count())
        };
        let (before, files_before) = (templates().await, files());
        let until = "2026-12-31";
        // Five refused forms (no title; then far more coupons than the merchant's credits).
        for i in 0..5 {
            let quantity = if i < 3 { "10" } else { "900000" };
            let title = if i < 3 { "" } else { "Too many" };
            let form = [
                ("request_key", format!("k{i}")),
                ("title", title.to_owned()),
                ("offer_details", "Any drink".to_owned()),
                ("category", "cafe".to_owned()),
                ("business_type", "Cafe".to_owned()),
                ("country", "MY".to_owned()),
                ("city", "Ipoh".to_owned()),
                ("quantity", quantity.to_owned()),
                ("claim_limit", "1".to_owned()),
                ("valid_from", "2026-11-25".to_owned()),
                ("valid_until", until.to_owned()),
            ];
            let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, headers, _) = send(&app, batch_form(&fields, &design_png(), &kopi)).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            let to = headers[header::LOCATION].to_str().unwrap();
            let token = to
                .strip_prefix("/dashboard/coupons/new?error=")
                .unwrap_or_else(|| panic!("{to}"));
            let e = backend::flash::read_error(&env.ctx.config, token, env.ctx.clock.now_ms());
            // Refused for what the form got wrong, not a failure of ours.
            assert!(
                matches!(
                    e,
                    Some(
                        domain::AppError::InvalidInput { .. }
                            | domain::AppError::InsufficientCredits { .. }
                    )
                ),
                "{e:?}"
            );
        }
        assert_eq!(templates().await, before);
        assert_eq!(files(), files_before, "no file left behind");
    }
);

on_both_engines!(
    metrics_count_requests_by_route_pattern_and_every_answer_names_its_own_request_id,
    |env: TestEnv| async move {
        use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
        let app = app(&env).await;
        let (status, headers, _) = send(&app, get("localhost", "/login", None)).await;
        assert_eq!(status, StatusCode::OK);
        let first = headers["x-request-id"].to_str().unwrap().to_owned();
        assert!(!first.is_empty());
        // A client's own id is not ours to log: it is replaced.
        let mut forged = get("localhost", "/login", None);
        forged
            .headers_mut()
            .insert("x-request-id", "forged-id".parse().unwrap());
        let (_, headers, _) = send(&app, forged).await;
        let second = headers["x-request-id"].to_str().unwrap();
        assert_ne!(second, "forged-id");
        assert_ne!(second, first);
        // Invented paths share one label, so they cannot grow the metrics.
        let (status, _, _) = send(&app, get("localhost", "/no-such-page-7f3a9c", None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A ledger line posted in this process is counted by type and action.
        let (tenant_id, merchant_id): (String, String) =
            sqlx::query_as("select tenant_id, id from merchants limit 1")
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        let posting = backend::credits::Posting {
            wallet: backend::credits::WalletRef {
                tenant_id,
                owner_type: OwnerType::Merchant,
                owner_id: merchant_id,
                credit_type: CreditType::WaBi,
            },
            action: Action::Purchase,
            amount: 7,
            related_kind: RelatedKind::None,
            related_id: None,
            description: "metrics".into(),
            message: None,
            idempotency_key: "metrics-line".into(),
            actor_user_id: None,
        };
        backend::credits::post(&env.ctx.db, env.ctx.clock.now_ms(), &posting)
            .await
            .unwrap();
        let metrics = worker::observe::metrics_router(env.ctx.clone());
        let (status, headers, text) = send(
            &metrics,
            Request::get("/metrics").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/openmetrics-text"),
        );
        for line in [
            "coupons_http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"}",
            "coupons_http_requests_total{route=\"(static or not found)\",method=\"GET\",status=\"404\"}",
            "coupons_ledger_lines_total{credit_type=\"wa_bi\",action=\"purchase\"}",
            "coupons_ledger_units_total{credit_type=\"wa_bi\",action=\"purchase\"}",
            "coupons_queue_depth{kind=\"whatsapp\"}",
            "coupons_queue_oldest_age_seconds{kind=\"batch_pdf\"}",
            "coupons_db_pool_connections ",
        ] {
            assert!(text.contains(line), "no {line} in:\n{text}");
        }
        assert!(
            text.lines().any(
                |l| l.starts_with("coupons_http_request_duration_seconds_count{")
                    && l.contains("route=\"/login\"")
            ),
            "{text}"
        );
        assert!(!text.contains("no-such-page"), "{text}");
        // The site itself does not serve them.
        let (status, _, _) = send(&app, get("localhost", "/metrics", None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);
