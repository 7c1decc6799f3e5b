//! Plain pages the server answers before any tenant is known (unknown host, bad request,
//! crash), so they name no tenant.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

/// A minimal HTML page with `status`, a heading and one sentence.
pub fn plain(status: StatusCode, heading: &str, text: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{heading}</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem\">\
         <h1>{heading}</h1><p>{text}</p></body></html>"
    );
    (
        status,
        [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// What a panic anywhere in a request turns into: a 500 page, never a dropped connection.
pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Please try again in a moment.",
    )
}
