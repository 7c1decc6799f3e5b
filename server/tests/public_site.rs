//! The public pages as a phone gets them, through the whole router in-process, on SQLite and
//! PostgreSQL: no application wasm, compressed answers, cache rules, and the wheel's spin.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use axum::Router;
use axum::body::{Body, to_bytes};
use http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

use backend::on_both_engines;
use backend::testing::{DEMO_PASSWORD, TestEnv};
use domain::auth::Password;
use server::{AppState, leptos_options, router};

async fn app(env: &TestEnv) -> Router {
    backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    backend::seed::demo_coupons(&env.ctx).await.unwrap();
    router(AppState {
        leptos_options: leptos_options().unwrap(),
        ctx: env.ctx.clone(),
    })
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = to_bytes(body, 4 * 1024 * 1024).await.unwrap();
    (parts.status, parts.headers, bytes.to_vec())
}

fn get(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::get(path).header(header::HOST, "localhost");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::empty()).unwrap()
}

fn post(path: &str, form: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(form.to_owned())).unwrap()
}

async fn kopi(env: &TestEnv) -> (String, String) {
    sqlx::query_as(
        "select id, merchant_id from coupon_batches where title = 'Free kopi with any kaya toast'",
    )
    .fetch_one(env.ctx.db.pool())
    .await
    .unwrap()
}

on_both_engines!(
    public_pages_ship_one_small_script_and_no_wasm_while_dashboards_hydrate,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let (batch, merchant) = kopi(&env).await;
        for path in [
            "/".to_owned(),
            format!("/claim/{batch}"),
            format!("/store/{merchant}"),
            format!("/store/{merchant}/poster"),
            format!("/store/{merchant}/wheel"),
            "/my-data".to_owned(),
        ] {
            let (status, _, body) = send(&app, get(&path, &[])).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let html = String::from_utf8(body).unwrap();
            assert!(
                html.contains("<script type=\"module\" src=\""),
                "{path}: {html}"
            );
            assert!(html.contains("site."), "{path}: the public script");
            assert!(!html.contains(".wasm"), "{path} loads no wasm: {html}");
            // Nothing hydrates it, so its data is not sent a second time as script.
            assert!(!html.contains("__RESOLVED_RESOURCES[0]"), "{path}: {html}");
        }
        let (status, _, body) = send(&app, get("/login", &[])).await;
        assert_eq!(status, StatusCode::OK);
        let html = String::from_utf8(body).unwrap();
        assert!(
            html.contains(".wasm") && html.contains("hydrate()"),
            "{html}"
        );
    }
);

on_both_engines!(
    pages_are_compressed_for_browsers_that_accept_it_and_kept_by_no_shared_cache,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let (_, plain_headers, plain) = send(&app, get("/", &[])).await;
        assert!(plain_headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain_headers[header::CACHE_CONTROL], "private, no-cache");
        for (accept, expect) in [
            ("br", "br"),
            ("gzip", "gzip"),
            ("gzip, deflate, br, zstd", "br"),
        ] {
            let (status, h, body) = send(&app, get("/", &[("accept-encoding", accept)])).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(h[header::CONTENT_ENCODING], expect, "{accept}");
            assert!(
                h[header::VARY]
                    .to_str()
                    .unwrap()
                    .contains("accept-encoding"),
                "{h:?}"
            );
            assert!(
                body.len() * 2 < plain.len(),
                "{accept}: {} of {} bytes",
                body.len(),
                plain.len()
            );
        }
        // The dashboard (here its log-in redirect) is never stored at all.
        let (_, h, _) = send(&app, get("/dashboard", &[])).await;
        assert_eq!(h[header::CACHE_CONTROL], "private, no-store");
        // The coupon art a shared link previews is public, and only a claimable batch's.
        let (batch, _) = kopi(&env).await;
        let (status, h, body) = send(&app, get(&format!("/claim/{batch}/art"), &[])).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            h[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("image/")
        );
        assert_eq!(h[header::CACHE_CONTROL], "public, max-age=3600");
        assert!(!body.is_empty());
        let (status, _, _) = send(&app, get(&format!("/claim/{}/art", "0".repeat(32)), &[])).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

on_both_engines!(
    the_claim_page_carries_a_share_preview_with_absolute_links,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let (batch, _) = kopi(&env).await;
        let (_, _, body) = send(&app, get(&format!("/claim/{batch}"), &[])).await;
        let html = String::from_utf8(body).unwrap();
        let origin = env.ctx.config.site_origin("localhost");
        for tag in [
            "<meta property=\"og:title\" content=\"Free kopi with any kaya toast\"".to_owned(),
            format!("<meta property=\"og:url\" content=\"{origin}/claim/{batch}\""),
            format!("<meta property=\"og:image\" content=\"{origin}/claim/{batch}/art\""),
            "<meta name=\"twitter:card\" content=\"summary_large_image\"".to_owned(),
        ] {
            assert!(html.contains(&tag), "{tag} in {html}");
        }
        assert!(html.contains("data-share=\""), "{html}");
    }
);

on_both_engines!(
    the_wheel_spins_through_its_route_once_a_day_and_says_why_not,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let (batch, merchant) = kopi(&env).await;
        let spin = format!("/store/{merchant}/wheel/spin");
        // No customer behind this browser yet: refused, with the reason as JSON.
        let (status, _, body) = send(&app, post(&spin, "after=1", None)).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{}",
            String::from_utf8_lossy(&body)
        );
        let refusal: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(refusal["error"].as_str().unwrap().len() > 10, "{refusal}");
        // A claim makes this device a customer; then one spin a day.
        let form = "name=Siti+Aminah&phone=0123456780&birthday=1992-03-04&source=homepage";
        let (status, h, _) = send(&app, post(&format!("/claim/{batch}/get"), form, None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let device = h
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .find(|c| c.starts_with("coupon_device="))
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let (status, h, body) = send(&app, post(&spin, "after=1", Some(&device))).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
        assert!(
            h[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let won: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let segment = won["segment"].as_u64().unwrap();
        assert!(
            won["rotation_deg"].as_f64().unwrap() >= 360.0 * 6.0,
            "{won}"
        );
        let html = won["html"].as_str().unwrap();
        assert!(
            html.contains(&format!("data-segment=\"{segment}\"")) && html.contains("spin-result"),
            "{html}"
        );
        let (status, _, body) = send(&app, post(&spin, "after=1", Some(&device))).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "{}",
            String::from_utf8_lossy(&body)
        );
        let again: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(
            again["error"]
                .as_str()
                .unwrap()
                .contains("today's 1 spin(s)"),
            "{again}"
        );
        // Another tenant's host cannot spin this merchant's wheel.
        let other = Request::post(&spin)
            .header(header::HOST, "demo-agent.localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &device)
            .body(Body::from("after=1"))
            .unwrap();
        assert_eq!(send(&app, other).await.0, StatusCode::NOT_FOUND);
    }
);
