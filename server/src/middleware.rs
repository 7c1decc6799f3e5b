//! The tenant-and-session middleware: every request except `/healthz` passes through here
//! first. It decides the tenant from the host (unknown hosts get a 404 naming no tenant),
//! refuses cross-site writes, turns the session cookie into a principal of that tenant, and
//! keeps visitors without a session out of the dashboard.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use app::ssr::{RequestAddr, RequestLocale, RequestTenant, RequestUser};
use backend::auth::{self, SESSION_COOKIE, SessionToken};
use backend::tenants;
use domain::i18n;
use domain::tenants::HostName;

use crate::AppState;
use crate::routes::pages::{PAGE_LOCALE, plain_in};

/// The client's address as this server trusts it (the peer, or `X-Forwarded-For` behind a
/// trusted proxy); used to throttle logins per address.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// See the module documentation.
pub async fn tenant_and_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let cfg = &state.ctx.config;
    let visitor = i18n::visitor(
        cookie_value(req.headers(), i18n::COOKIE).as_deref(),
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    // Before a site is known, its own answers speak the language the visitor chose or asks for.
    let early = i18n::choose(None, visitor, i18n::Locale::En);
    let Some((host, authority)) = request_host(req.headers(), req.uri(), cfg.trust_proxy_headers)
    else {
        // Not exactly a host name and port (userinfo, a path, a bad port...): no site here.
        return plain_in(
            early,
            StatusCode::NOT_FOUND,
            "page-not-found",
            "page-no-site",
        );
    };
    if !is_same_origin_or_safe(req.method(), req.headers(), &authority, cfg.https) {
        return plain_in(
            early,
            StatusCode::FORBIDDEN,
            "page-refused",
            "page-cross-site",
        );
    }
    let branding = match tenants::resolve_host(&state.ctx.db, &host, &cfg.main_domains).await {
        Ok(Some(b)) => b,
        Ok(None) => {
            return plain_in(
                early,
                StatusCode::NOT_FOUND,
                "page-not-found",
                "page-no-site",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "resolving the host failed");
            return plain_in(
                early,
                StatusCode::SERVICE_UNAVAILABLE,
                "page-unavailable",
                "page-try-again",
            );
        }
    };
    let cookie = cookie_value(req.headers(), SESSION_COOKIE);
    let principal = match cookie.as_deref().and_then(SessionToken::from_cookie) {
        Some(token) => {
            let now = state.ctx.clock.now_ms();
            auth::principal(&state.ctx.db, &token, &branding.tenant_id, now)
                .await
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "session lookup failed");
                    None
                })
        }
        None => None,
    };
    let stale_cookie = cookie.is_some() && principal.is_none();
    let addr = client_addr(&req, cfg.trust_proxy_headers);
    let path = req.uri().path().to_owned();
    let signed_in = principal.is_some();
    let locale = i18n::choose(
        principal.as_ref().and_then(|p| p.locale),
        visitor,
        branding.default_locale,
    );
    req.extensions_mut().insert(RequestLocale(locale));
    req.extensions_mut().insert(RequestTenant(branding));
    req.extensions_mut().insert(RequestUser(principal));
    req.extensions_mut().insert(RequestAddr(addr.clone()));
    req.extensions_mut().insert(ClientAddr(addr));

    let mut res = if !signed_in && (path == "/dashboard" || path.starts_with("/dashboard/")) {
        let reason = if stale_cookie { "&error=expired" } else { "" };
        Redirect::to(&format!("/login?next={}{reason}", encode_component(&path))).into_response()
    } else {
        PAGE_LOCALE.scope(locale, next.run(req)).await
    };
    if stale_cookie && let Ok(v) = HeaderValue::from_str(&clear_cookie(cfg.https)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// The host the client asked for: `X-Forwarded-Host` behind a trusted proxy, else `Host`,
/// else the URI's authority (HTTP/2); with the authority exactly as sent (port included), for
/// the origin check.
fn request_host(
    headers: &HeaderMap,
    uri: &http::Uri,
    trust_proxy: bool,
) -> Option<(HostName, String)> {
    let forwarded = trust_proxy
        .then(|| {
            headers
                .get("x-forwarded-host")
                .and_then(|v| v.to_str().ok())
        })
        .flatten()
        .and_then(|v| v.split(',').next());
    let raw = forwarded
        .or_else(|| headers.get(header::HOST).and_then(|v| v.to_str().ok()))
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.to_string()))?;
    let host = HostName::parse(&raw).ok()?;
    Some((host, raw.trim().to_ascii_lowercase()))
}

/// Browsers send `Origin` on cross-site form posts and fetches: a write is refused unless its
/// origin is exactly this site's, scheme (from `PUBLIC_SCHEME`), host and port alike
/// (`http://localhost:9999` is another site than `http://localhost:3000`, and so is
/// `https://localhost`). Requests without `Origin` (same-site navigation, curl) pass, and the
/// session cookie's SameSite=Lax keeps it off cross-site posts anyway.
fn is_same_origin_or_safe(
    method: &Method,
    headers: &HeaderMap,
    authority: &str,
    https: bool,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let scheme = if https { "https" } else { "http" };
    origin
        .trim()
        .eq_ignore_ascii_case(&format!("{scheme}://{authority}"))
}

fn client_addr(req: &Request, trust_proxy: bool) -> String {
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    if trust_proxy && let Some(first) = forwarded.and_then(|v| v.split(',').next()) {
        return first.trim().to_owned();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

/// The value of cookie `name`, from any `Cookie` header.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
}

pub use backend::auth::{clear_cookie, session_cookie};

/// Percent-encodes everything but unreserved characters and `/`, for a path in a query.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a request is a server function posted by a plain HTML form: JavaScript off, or a
/// submit before the page hydrated. Such a browser asks for HTML; the app's own calls ask for
/// JSON.
pub fn is_plain_form_post(method: &Method, uri: &http::Uri, headers: &HeaderMap) -> bool {
    method == Method::POST
        && uri.path().starts_with("/api/")
        && headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

/// Every answer that did not choose its own `Cache-Control` gets one by its path
/// ([`domain::site::dynamic_cache_control`]): pages and data stay in the visitor's own browser
/// only, never in a shared cache, and dashboards are not stored at all.
pub async fn cache_policy(req: Request, next: Next) -> Response {
    let policy = domain::site::dynamic_cache_control(req.uri().path());
    let mut res = next.run(req).await;
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    res
}

/// A server function posted by a plain form answers with a redirect back to its page (the
/// error, if any, travels in the `__err` query the page shows). leptos_axum prepares that
/// `Location`, but a failing function's status (400, 403, …) overrides the 302, and browsers
/// follow `Location` only on 3xx: the visitor would see the raw JSON error. Every such answer
/// that carries a `Location` is made a 303 See Other, so the browser loads the page with GET.
pub async fn form_posts_see_other(req: Request, next: Next) -> Response {
    let plain_form = is_plain_form_post(req.method(), req.uri(), req.headers());
    let mut res = next.run(req).await;
    if plain_form && res.headers().contains_key(header::LOCATION) {
        *res.status_mut() = StatusCode::SEE_OTHER;
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; sid=abc ; b=2"),
        );
        assert_eq!(cookie_value(&h, "sid").as_deref(), Some("abc"));
        assert_eq!(cookie_value(&h, "c"), None);
    }

    #[test]
    fn cross_site_writes_are_refused() {
        let site = "localhost:3000";
        let mut h = HeaderMap::new();
        assert!(is_same_origin_or_safe(&Method::POST, &h, site, false));
        let with = |origin: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ORIGIN, HeaderValue::from_static(origin));
            h
        };
        assert!(is_same_origin_or_safe(
            &Method::POST,
            &with("http://localhost:3000"),
            site,
            false
        ));
        assert!(is_same_origin_or_safe(
            &Method::POST,
            &with("http://LOCALHOST:3000"),
            site,
            false
        ));
        // Another host, port or scheme is another site.
        for other in [
            "http://evil.example",
            "http://localhost:9999",
            "http://localhost",
            "https://localhost:3000",
            "null",
        ] {
            assert!(
                !is_same_origin_or_safe(&Method::POST, &with(other), site, false),
                "{other}"
            );
        }
        // Behind TLS (PUBLIC_SCHEME=https) plain http is another site.
        assert!(is_same_origin_or_safe(
            &Method::POST,
            &with("https://localhost:3000"),
            site,
            true
        ));
        assert!(!is_same_origin_or_safe(
            &Method::POST,
            &with("http://localhost:3000"),
            site,
            true
        ));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(is_same_origin_or_safe(&Method::GET, &h, site, false));
    }

    #[test]
    fn a_forwarded_host_is_held_to_the_same_strict_rule() {
        let uri: http::Uri = "/".parse().unwrap_or_default();
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("localhost:3000"));
        h.insert(
            "x-forwarded-host",
            HeaderValue::from_static("localhost:4301@evil.example"),
        );
        // Behind a trusted proxy the forwarded host decides, and it names no host at all.
        assert!(request_host(&h, &uri, true).is_none());
        // Not trusted, the Host header decides.
        assert_eq!(
            request_host(&h, &uri, false).map(|(n, _)| n.as_str().to_owned()),
            Some("localhost".to_owned())
        );
        h.insert("x-forwarded-host", HeaderValue::from_static("shop.example"));
        assert_eq!(
            request_host(&h, &uri, true).map(|(n, _)| n.as_str().to_owned()),
            Some("shop.example".to_owned())
        );
    }

    #[test]
    fn secure_flag_follows_the_scheme() {
        assert!(session_cookie("t", 60, true).ends_with("; Secure"));
        assert!(!session_cookie("t", 60, false).contains("Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
        assert_eq!(encode_component("/dashboard/a b"), "/dashboard/a%20b");
    }
}

/// The route pattern a request matched, carried from inside the router out to [`observe`] on
/// the response.
#[derive(Debug, Clone)]
struct MatchedRoute(String);

/// Put on every router's routes (`route_layer`): copies the pattern the request matched onto
/// the response, where [`observe`] (outside the router) can read it.
pub async fn tag_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(MatchedRoute(route));
    }
    res
}

/// The label of what no route matched (static files and not-found pages): one name, so
/// invented paths cannot grow the metrics.
const UNMATCHED: &str = "(static or not found)";

/// Outermost: gives the request an id of our own (any `x-request-id` the client sent is
/// replaced: it is not ours to log), runs it inside a span carrying that id (so every log line
/// of the request, JSON or text, names it), answers with the id in `x-request-id`, and records
/// the request in the metrics by route pattern, method and status. Jobs it enqueues carry the
/// id ([`backend::jobs::with_request_id`]).
pub async fn observe(mut req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let id = backend::ids::new_id();
    let method = req.method().as_str().to_owned();
    let header_value = HeaderValue::from_str(&id).ok();
    if let Some(v) = &header_value {
        req.headers_mut().insert("x-request-id", v.clone());
    }
    let span = tracing::info_span!("request", request_id = %id, method = %method);
    let started = std::time::Instant::now();
    // Jobs the request enqueues carry its id into the worker's log lines.
    let mut res = backend::jobs::with_request_id(id.clone(), next.run(req))
        .instrument(span.clone())
        .await;
    let route = res
        .extensions()
        .get::<MatchedRoute>()
        .map_or(UNMATCHED, |r| r.0.as_str())
        .to_owned();
    let (status, took) = (res.status().as_u16(), started.elapsed());
    // The access log, at debug (RUST_LOG=server=debug): one line per request, in its span.
    span.in_scope(|| {
        tracing::debug!(route = %route, status, ms = took.as_millis(), "answered");
    });
    backend::metrics::http_request(&route, &method, status, took.as_secs_f64());
    if let Some(v) = header_value {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}
