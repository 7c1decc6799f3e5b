//! The web server: tenant resolution, sessions, login and logout, health, and the Leptos
//! application, assembled into one axum router.

pub mod boot;
pub mod middleware;
pub mod routes;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use app::{App, shell};
use backend::Ctx;

/// The largest request body accepted anywhere (forms and server function calls). Upload
/// routes that need more set their own limit.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// The router's state.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub ctx: Ctx,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

/// Leptos' options: cargo-leptos' environment when it runs the server, else the defaults
/// (site in `target/site`, output name from `.cargo/config.toml`). Also reads the site's
/// manifest of content-hashed file names ([`app::assets`]), when the build wrote one.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)?.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = Arc::from("coupons");
    }
    app::assets::load(std::path::Path::new(&*options.site_root)).map_err(anyhow::Error::msg)?;
    Ok(options)
}

/// Brotli or gzip, as the browser accepts, for every text answer of some size (pages, server
/// function data, CSV, SVG); a static file the site build precompressed is sent as it is.
/// Level 4: most of brotli's gain at a small fraction of its top level's time per page.
fn compression() -> CompressionLayer<impl Predicate> {
    const TEXT: [&str; 8] = [
        "text/html",
        "text/css",
        "text/plain",
        "text/csv",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ];
    let textual = |_: StatusCode, _: http::Version, h: &http::HeaderMap, _: &http::Extensions| {
        h.get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| TEXT.iter().any(|k| t.starts_with(k)))
    };
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(SizeAbove::new(256).and(textual))
}

/// The whole application router. `/healthz` answers on any host; everything else needs a host
/// that names a tenant.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let ctx = state.ctx.clone();
    // The one route that takes uploads gets its own, larger body limit; everything else keeps
    // the small one.
    let limited = |limit: usize| {
        (
            DefaultBodyLimit::max(limit),
            RequestBodyLimitLayer::new(limit),
        )
    };
    let uploads = Router::new()
        .route(
            "/dashboard/support/send",
            post(routes::support::send).layer(limited(routes::support::UPLOAD_LIMIT_BYTES)),
        )
        .route(
            "/dashboard/coupons/create",
            post(routes::coupons::create_batch).layer(limited(routes::coupons::UPLOAD_LIMIT_BYTES)),
        )
        .route(
            "/dashboard/ads/create",
            post(routes::ads::create).layer(limited(routes::ads::UPLOAD_LIMIT_BYTES)),
        )
        .route(
            "/dashboard/templates/upload",
            post(routes::coupons::upload_template)
                .layer(limited(routes::coupons::UPLOAD_LIMIT_BYTES)),
        )
        .route_layer(axum::middleware::from_fn(middleware::tag_route));
    let site = Router::new()
        .route("/login", post(routes::auth::login))
        .route("/logout", post(routes::auth::logout))
        .route("/lang", post(routes::lang::switch))
        .route("/claim/{batch}/get", post(routes::claims::get_coupon))
        .route("/claim/{batch}/lookup", post(routes::claims::look_up))
        .route("/p/{token}", post(routes::claims::remember_device))
        .route("/store/{id}/wheel/spin", post(routes::claims::spin))
        .route("/claim/{batch}/art", get(routes::coupons::batch_art))
        .route(
            "/dashboard/lucky-draw/save",
            post(routes::claims::save_wheel),
        )
        .route(
            "/dashboard/campaigns/settings",
            post(routes::campaigns::save_settings),
        )
        .route(
            "/dashboard/campaigns/festival",
            post(routes::campaigns::save_festival),
        )
        .route(
            "/dashboard/campaigns/festivals",
            post(routes::campaigns::add_festival),
        )
        .route(
            "/dashboard/campaigns/festival-date",
            post(routes::campaigns::set_festival_date),
        )
        .route("/dashboard/ledger.csv", get(routes::ledger_csv::ledger_csv))
        .route(
            "/dashboard/statements/{id}/statement.pdf",
            get(routes::statements::statement_pdf),
        )
        .route("/dashboard/whatsapp.csv", get(routes::whatsapp::log_csv))
        .route(
            "/dashboard/support/attachments/{id}",
            get(routes::support::attachment),
        )
        .route(
            "/dashboard/coupons/{id}/coupons.pdf",
            get(routes::coupons::batch_pdf),
        )
        .route(
            "/dashboard/coupons/{id}/coupons.csv",
            get(routes::coupons::batch_csv),
        )
        .route(
            "/dashboard/templates/{id}/image",
            get(routes::coupons::template_image),
        )
        .route(
            "/checkout/sandbox/{id}/pay",
            post(routes::payments::sandbox_pay),
        )
        .route(
            "/dashboard/ad-approvals/{id}/approve",
            post(routes::ads::approve),
        )
        .route(
            "/dashboard/ad-approvals/{id}/reject",
            post(routes::ads::reject),
        )
        .route("/ads/impression", post(routes::ads::impression))
        .route("/ads/click/{token}", get(routes::ads::click))
        .route("/ads/creative/{id}", get(routes::ads::creative))
        .route("/webhooks/stripe", post(routes::payments::stripe_webhook))
        .route(
            "/webhooks/whatsapp",
            get(routes::whatsapp::verify).post(routes::whatsapp::notify),
        )
        .route(
            "/webhooks/stripe/agents/{tenant_id}",
            post(routes::payments::agent_stripe_webhook),
        )
        .leptos_routes_with_context(&state, routes, move || provide_context(ctx.clone()), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .route_layer(axum::middleware::from_fn(middleware::tag_route))
        .fallback(routes::assets::static_or_not_found)
        .layer(axum::middleware::from_fn(middleware::form_posts_see_other))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .merge(uploads)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::tenant_and_session,
        ))
        .with_state(state.clone());
    Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route_layer(axum::middleware::from_fn(middleware::tag_route))
        .with_state(state)
        .merge(site)
        .layer(axum::middleware::from_fn(middleware::cache_policy))
        .layer(compression())
        .layer(SetResponseHeaderLayer::if_not_present(
            http::header::X_CONTENT_TYPE_OPTIONS,
            http::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            http::header::REFERRER_POLICY,
            http::HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            http::header::X_FRAME_OPTIONS,
            http::HeaderValue::from_static("DENY"),
        ))
        .layer(CatchPanicLayer::custom(routes::pages::panic_response))
        .layer(axum::middleware::from_fn(middleware::observe))
}
