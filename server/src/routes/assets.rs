//! The site's static files (`target/site`: the wasm, its script and stylesheet, the public
//! script, icons), and the not-found page for any other path. A browser that accepts brotli or
//! gzip gets the copy the site build precompressed (`x.br`, `x.gz`); content-hashed names are
//! kept a year, anything else is checked again before each use
//! ([`domain::site::static_cache_control`]).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, header};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::AppState;

/// The router's fallback: a static file when one is at the path, else the app's 404 page.
pub async fn static_or_not_found(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        let mut probe = Request::builder()
            .method(req.method().clone())
            .uri(req.uri().clone());
        for name in [
            header::ACCEPT_ENCODING,
            header::IF_MODIFIED_SINCE,
            header::IF_NONE_MATCH,
            header::RANGE,
        ] {
            if let Some(v) = req.headers().get(&name) {
                probe = probe.header(name, v);
            }
        }
        if let Ok(probe) = probe.body(Body::empty()) {
            let served = ServeDir::new(&*state.leptos_options.site_root)
                .precompressed_br()
                .precompressed_gzip()
                .oneshot(probe)
                .await;
            if let Ok(res) = served
                && matches!(
                    res.status(),
                    StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
                )
            {
                let mut res = res.into_response();
                let h = res.headers_mut();
                h.insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(domain::site::static_cache_control(&path)),
                );
                h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                return res;
            }
        }
    }
    leptos_axum::file_and_error_handler::<AppState, _>(app::shell)(
        req.uri().clone(),
        State(state),
        req,
    )
    .await
}
