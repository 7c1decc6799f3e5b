//! Plain pages the server answers before any tenant is known (unknown host, bad request,
//! crash), so they name no tenant.
//! Also the refusals and the PDF download every route shares.
//!
//! Their words are keys of the locale files, shown in the request's language: the middleware
//! runs every request inside [`PAGE_LOCALE`]'s scope (before that, its own early answers pass
//! the language they chose from the cookie and `Accept-Language`).

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use domain::i18n::{self, Locale};
use http::{StatusCode, header};

tokio::task_local! {
    /// The language of the request being answered (see the module documentation).
    pub static PAGE_LOCALE: Locale;
}

/// The language of the request being answered; English outside one (a panic's page).
pub fn page_locale() -> Locale {
    PAGE_LOCALE.try_with(|l| *l).unwrap_or_default()
}

/// A minimal HTML page with `status`, the heading of key `heading` and the sentence of key
/// `text`, in the request's language.
pub fn plain(status: StatusCode, heading: &str, text: &str) -> Response {
    plain_in(page_locale(), status, heading, text)
}

/// [`plain`] in `locale`.
pub fn plain_in(locale: Locale, status: StatusCode, heading: &str, text: &str) -> Response {
    page(
        locale,
        status,
        &i18n::t(locale, heading),
        &i18n::t(locale, text),
    )
}

/// The page itself: `heading` and `text` as given.
fn page(locale: Locale, status: StatusCode, heading: &str, text: &str) -> Response {
    let (heading, text) = (escape(heading), escape(text));
    let lang = locale.tag();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{heading}</title>\
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

/// A refusal as a plain page: the error's status, the heading of key `heading`, and the
/// error's message, in the request's language.
pub fn refusal(heading: &str, e: &domain::AppError) -> Response {
    let locale = page_locale();
    page(
        locale,
        status_of(e),
        &i18n::t(locale, heading),
        &e.localized(locale),
    )
}

/// A refusal to a machine (a webhook sender): the error's status and message as plain text.
pub fn text_refusal(e: &domain::AppError) -> Response {
    (status_of(e), e.to_string()).into_response()
}

fn status_of(e: &domain::AppError) -> StatusCode {
    StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST)
}

/// A stored image as an answer: its type, how long it may be kept (`cache`), and a policy that
/// lets nothing in it run (an uploaded SVG or HTML passed off as an image stays inert).
pub fn image(bytes: Vec<u8>, mime: String, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, cache.to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Streams a stored PDF (from disk or the bucket) as a download named `filename`, never read
/// whole into memory.
pub fn pdf_download(file: backend::files::Download, filename: &str) -> Response {
    let len = file.len;
    let mut res = Body::from_stream(file.bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = http::HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(http::header::CONTENT_DISPOSITION, v);
    }
    if let Some(len) = len {
        h.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(len));
    }
    res
}

/// `s` with the characters HTML gives meaning to replaced by entities: error texts may quote
/// what a user typed.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a panic anywhere in a request turns into: a 500 page, never a dropped connection.
pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "page-went-wrong",
        "page-try-again",
    )
}

/// Back to page `path` after a plain form post was refused, carrying `e` as a signed token in
/// `error` (see [`backend::flash`]), so the page shows the product's own message and never
/// text from a URL.
pub fn back_with_error(state: &crate::AppState, path: &str, e: &domain::AppError) -> Response {
    let now = state.ctx.clock.now_ms();
    let sep = if path.contains('?') { '&' } else { '?' };
    match backend::flash::error_token(&state.ctx.config, e, now) {
        Ok(token) => {
            axum::response::Redirect::to(&format!("{path}{sep}error={token}")).into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "error token");
            axum::response::Redirect::to(path).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_pages_escape_what_they_quote() {
        assert_eq!(
            super::escape("credit type: unknown \"<script>\" & 'x'"),
            "credit type: unknown &quot;&lt;script&gt;&quot; &amp; &#39;x&#39;"
        );
    }
}
