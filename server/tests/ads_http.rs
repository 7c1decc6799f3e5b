//! The ad routes end to end in-process, on SQLite and PostgreSQL: the buy form's multipart post
//! goes to the sandbox checkout, the approval forms, the impression beacon (204; forged 400;
//! replays and bots count nothing), the click redirect (303 to the ad's link; forged 400 plain
//! page), the creatives (public once approved, private before), and the coupon center serving
//! an approved ad with its token.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::io::Cursor;

use axum::Router;
use axum::body::{Body, to_bytes};
use http::{Request, StatusCode, header};
use tower::ServiceExt;

use backend::ads;
use backend::on_both_engines;
use backend::testing::{DEMO_PASSWORD, TestEnv};
use domain::auth::Password;
use server::{AppState, leptos_options, router};

const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36";
const MAIN: &str = "localhost";

async fn app(env: &TestEnv) -> Router {
    backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
    router(AppState {
        leptos_options: leptos_options().unwrap(),
        ctx: env.ctx.clone(),
    })
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = to_bytes(body, 8 * 1024 * 1024).await.unwrap();
    (parts.status, parts.headers, bytes.to_vec())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path)
        .header(header::HOST, MAIN)
        .header(header::USER_AGENT, BROWSER);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

fn post(path: &str, content_type: &str, body: Vec<u8>, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::HOST, MAIN)
        .header(header::USER_AGENT, BROWSER)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(body)).unwrap()
}

async fn log_in(app: &Router, email: &str) -> String {
    let form = format!("email={email}&password={DEMO_PASSWORD}&next=/dashboard");
    let (status, headers, _) = send(
        app,
        post(
            "/login",
            "application/x-www-form-urlencoded",
            form.into_bytes(),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let set = headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    set.split(';').next().unwrap().to_owned()
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 20, |x, y| {
        image::Rgb([x.to_le_bytes()[0], y.to_le_bytes()[0], 90])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

const BOUNDARY: &str = "adsboundary7f3a";

fn multipart(fields: &[(&str, &str)], file: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in fields {
        out.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some(bytes) = file {
        out.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"creative\"; filename=\"b.png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

fn buy_form(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_owned()),
        ("kind", "banner".to_owned()),
        ("duration_days", "7".to_owned()),
        ("target_url", "https://kopi.example/deal?from=ad".to_owned()),
        ("start_date", "2026-11-25".to_owned()),
        ("country", String::new()),
        ("cities", String::new()),
    ]
}

/// Buys an ad through the form as `cookie`; the ad's id (from the sandbox checkout URL).
async fn buy(app: &Router, cookie: &str, title: &str) -> String {
    let form = buy_form(title);
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, headers, body) = send(
        app,
        post(
            "/dashboard/ads/create",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            multipart(&fields, Some(&png())),
            Some(cookie),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", text(&body));
    let to = headers[header::LOCATION].to_str().unwrap().to_owned();
    to.strip_prefix("/checkout/sandbox/")
        .unwrap_or_else(|| panic!("went to {to}"))
        .to_owned()
}

async fn pay(app: &Router, cookie: &str, id: &str) {
    let (status, headers, _) = send(
        app,
        post(
            &format!("/checkout/sandbox/{id}/pay"),
            "application/x-www-form-urlencoded",
            Vec::new(),
            Some(cookie),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/dashboard/ads?paid=1");
}

async fn counts(env: &TestEnv, id: &str) -> (i64, i64) {
    sqlx::query_as(
        "select cast(coalesce(sum(impressions), 0) as bigint), cast(coalesce(sum(clicks), 0) as bigint)
         from ad_daily where ad_id = $1",
    )
    .bind(id)
    .fetch_one(env.ctx.db.pool())
    .await
    .unwrap()
}

async fn state(env: &TestEnv, id: &str) -> String {
    let (s,): (String,) = sqlx::query_as("select state from ads where id = $1")
        .bind(id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    s
}

on_both_engines!(
    an_ad_is_bought_approved_served_counted_and_clicked_over_http,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let kopi = log_in(&app, "kopi@coupons.test").await;
        let approver = log_in(&app, "ads@coupons.test").await;
        let id = buy(&app, &kopi, "Kopi banner").await;
        assert_eq!(state(&env, &id).await, "pending_payment");
        // Before approval the creative is private: the advertiser sees it, a visitor does not.
        let (status, _, _) = send(&app, get(&format!("/ads/creative/{id}"), None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, headers, _) =
            send(&app, get(&format!("/ads/creative/{id}"), Some(&kopi))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("image/")
        );
        pay(&app, &kopi, &id).await;
        assert_eq!(state(&env, &id).await, "pending");
        // The merchant cannot approve its own ad; the approver can.
        let (status, _, _) = send(
            &app,
            post(
                &format!("/dashboard/ad-approvals/{id}/approve"),
                "application/x-www-form-urlencoded",
                Vec::new(),
                Some(&kopi),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, headers, _) = send(
            &app,
            post(
                &format!("/dashboard/ad-approvals/{id}/approve"),
                "application/x-www-form-urlencoded",
                Vec::new(),
                Some(&approver),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers[header::LOCATION],
            "/dashboard/ad-approvals?done=approved"
        );
        assert_eq!(state(&env, &id).await, "approved");

        // The coupon center serves it with a click link and a beacon token; the creative is
        // public now, but only on its own site.
        let (status, _, body) = send(&app, get("/", None)).await;
        assert_eq!(status, StatusCode::OK);
        let html = text(&body);
        let at = html.find("data-ad-token=\"").expect("an ad in the slot");
        let token: String = html[at + 15..].chars().take_while(|c| *c != '"').collect();
        assert!(token.starts_with(&id), "{token}");
        assert!(
            // `external`: the Leptos router must let the browser follow it to the server.
            html.contains(&format!("href=\"/ads/click/{token}\" rel=\"external")),
            "{html}"
        );
        assert!(html.contains(&format!("src=\"/ads/creative/{id}\"")));
        // The public page's one script counts impressions; the page loads no wasm.
        assert!(
            html.contains("<script type=\"module\" src=\"/site.js\""),
            "{html}"
        );
        assert!(!html.contains(".wasm"), "{html}");
        let (status, _, _) = send(&app, get(&format!("/ads/creative/{id}"), None)).await;
        assert_eq!(status, StatusCode::OK);
        let other = Request::get(format!("/ads/creative/{id}"))
            .header(header::HOST, "demo-agent.localhost")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, other).await.0, StatusCode::NOT_FOUND);

        // Impressions: 204, once per viewer per day; a bot and a forged token count nothing.
        let beacon = |token: &str, ua: &str| {
            Request::post("/ads/impression")
                .header(header::HOST, MAIN)
                .header(header::USER_AGENT, ua)
                .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
                .body(Body::from(token.to_owned()))
                .unwrap()
        };
        let (status, _, _) = send(&app, beacon(&token, BROWSER)).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(counts(&env, &id).await, (1, 0));
        let (status, _, _) = send(&app, beacon(&token, BROWSER)).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(counts(&env, &id).await, (1, 0), "a replay adds nothing");
        let bot_token = ads::impression_token(&env.ctx, &id, "another viewer").unwrap();
        let (status, _, _) = send(&app, beacon(&bot_token, "Googlebot/2.1")).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(counts(&env, &id).await, (1, 0), "a bot is not counted");
        let form_token = format!("token={bot_token}");
        let (status, _, _) = send(&app, beacon(&form_token, BROWSER)).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            counts(&env, &id).await,
            (2, 0),
            "a form-encoded beacon counts"
        );
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('0') { '1' } else { '0' });
        let (status, _, body) = send(&app, beacon(&forged, BROWSER)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(text(&body), "This ad link is not genuine.");
        assert_eq!(counts(&env, &id).await, (2, 0));

        // Clicks: a 303 to the ad's link, counted once; a forged link is a plain 400 page.
        let (status, headers, _) = send(&app, get(&format!("/ads/click/{token}"), None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            headers[header::LOCATION],
            "https://kopi.example/deal?from=ad"
        );
        send(&app, get(&format!("/ads/click/{token}"), None)).await;
        assert_eq!(counts(&env, &id).await, (2, 1));
        let (status, headers, body) = send(&app, get(&format!("/ads/click/{forged}"), None)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(text(&body).contains("This ad link is not genuine."));
        assert_eq!(counts(&env, &id).await, (2, 1));
    }
);

on_both_engines!(
    a_rejection_needs_a_reason_and_refunds_once_over_http,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let kopi = log_in(&app, "kopi@coupons.test").await;
        let approver = log_in(&app, "ads@coupons.test").await;
        let id = buy(&app, &kopi, "To reject").await;
        pay(&app, &kopi, &id).await;
        let reject = |reason: &str| {
            post(
                &format!("/dashboard/ad-approvals/{id}/reject"),
                "application/x-www-form-urlencoded",
                format!("reason={reason}").into_bytes(),
                Some(&approver),
            )
        };
        let (status, headers, _) = send(&app, reject("")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let to = headers[header::LOCATION].to_str().unwrap().to_owned();
        // The refusal travels as a signed token of the error, never as text.
        let token = to
            .strip_prefix("/dashboard/ad-approvals?error=")
            .unwrap_or_else(|| panic!("{to}"));
        let carried = backend::flash::read_error(&env.ctx.config, token, env.ctx.clock.now_ms());
        assert!(
            matches!(&carried, Some(domain::AppError::InvalidInput { field, .. }) if field == "Reason"),
            "{carried:?}"
        );
        let (_, _, page) = send(&app, get(&to, Some(&approver))).await;
        assert!(text(&page).contains(&carried.unwrap().to_string()));
        // Text put in the URL by anyone else never shows.
        let (_, _, page) = send(
            &app,
            get(
                "/dashboard/ad-approvals?error=Your%20account%20is%20suspended.%20Call%20%2B60%2012",
                Some(&approver),
            ),
        )
        .await;
        assert!(!text(&page).contains("suspended"), "{}", text(&page));
        assert_eq!(state(&env, &id).await, "pending");
        for _ in 0..2 {
            let (status, headers, _) = send(&app, reject("Too+blurry")).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert_eq!(
                headers[header::LOCATION],
                "/dashboard/ad-approvals?done=rejected"
            );
        }
        let (reason, refunds): (String, i64) = sqlx::query_as(
            "select a.reject_reason, (select count(*) from ad_refunds r where r.ad_id = a.id) from ads a where a.id = $1",
        )
        .bind(&id)
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!((reason.as_str(), refunds), ("Too blurry", 1));
    }
);

on_both_engines!(
    a_bad_buy_form_goes_back_with_its_reason_and_stores_nothing,
    |env: TestEnv| async move {
        let app = app(&env).await;
        let kopi = log_in(&app, "kopi@coupons.test").await;
        let mut form = buy_form("Bad link");
        form[3].1 = "javascript:alert(1)".to_owned();
        let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for file in [Some(png()), None] {
            let (status, headers, _) = send(
                &app,
                post(
                    "/dashboard/ads/create",
                    &format!("multipart/form-data; boundary={BOUNDARY}"),
                    multipart(&fields, file.as_deref()),
                    Some(&kopi),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            let to = headers[header::LOCATION].to_str().unwrap();
            let token = to
                .strip_prefix("/dashboard/ads?error=")
                .unwrap_or_else(|| panic!("{to}"));
            assert!(
                backend::flash::read_error(&env.ctx.config, token, env.ctx.clock.now_ms())
                    .is_some(),
                "{to}"
            );
        }
        let (n,): (i64,) = sqlx::query_as("select count(*) from ads")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
);
