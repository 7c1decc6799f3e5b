//! The server side of the app: shared state, and the one gate every server function and page
//! passes through to learn who is calling on which tenant's site.

use backend::Ctx;
use domain::AppError;
use domain::auth::Principal;
use domain::sections::Section;
use domain::tenants::Branding;
use leptos::prelude::*;

use crate::error::ApiError;

/// The tenant whose site the request's host serves; put into the request by the server's
/// tenant middleware before any page or server function runs.
#[derive(Debug, Clone)]
pub struct RequestTenant(pub Branding);

/// The signed-in user of the request, if the session cookie named a live session of this
/// tenant; put into the request by the same middleware.
#[derive(Debug, Clone)]
pub struct RequestUser(pub Option<Principal>);

/// The client's address as the server trusts it (see the server's middleware), for the rate
/// limits of public forms; put into the request by the same middleware.
#[derive(Debug, Clone)]
pub struct RequestAddr(pub String);

/// The language chosen for this request ([`domain::i18n::choose`]); put into the request by
/// the same middleware.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub domain::i18n::Locale);

/// The language of this request (English outside one).
pub fn locale() -> domain::i18n::Locale {
    parts()
        .and_then(|p| p.extensions.get::<RequestLocale>().copied())
        .map(|l| l.0)
        .unwrap_or_default()
}

/// The client's address of this request (`"unknown"` when the server did not say).
pub fn addr() -> String {
    parts()
        .and_then(|p| p.extensions.get::<RequestAddr>().cloned())
        .map_or_else(|| "unknown".to_owned(), |a| a.0)
}

/// The value of the request's cookie `name`, if it sent one.
pub fn cookie(name: &str) -> Option<String> {
    let parts = parts()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The backend context.
pub fn ctx() -> Result<Ctx, ApiError> {
    use_context::<Ctx>()
        .ok_or_else(|| internal("no backend context; the server provides it to every route"))
}

/// The tenant of this request.
pub fn tenant() -> Result<Branding, ApiError> {
    parts()
        .and_then(|p| p.extensions.get::<RequestTenant>().cloned())
        .map(|t| t.0)
        .ok_or_else(|| fail(AppError::NotFound))
}

/// The signed-in user, if any.
pub fn user() -> Option<Principal> {
    parts()
        .and_then(|p| p.extensions.get::<RequestUser>().cloned())
        .and_then(|u| u.0)
}

/// The signed-in user, or [`AppError::NotLoggedIn`].
pub fn require_user() -> Result<Principal, ApiError> {
    user().ok_or_else(|| fail(AppError::NotLoggedIn))
}

/// The first line of every dashboard server function: the caller must be signed in on this
/// tenant's site and their role must open `section`.
pub fn require(section: Section) -> Result<(Ctx, Principal), ApiError> {
    let who = require_user()?;
    if !section.allows(&who.role) {
        return Err(fail(AppError::Forbidden));
    }
    Ok((ctx()?, who))
}

/// Turns `e` into the server function's error and sets the response's status to match, so
/// pages and API calls answer 401, 403, 404 or 429 instead of 500.
pub fn fail(e: AppError) -> ApiError {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(e.status_code())
    {
        res.set_status(status);
    }
    ApiError::App(e)
}

/// Maps a backend failure: user errors pass through with their status, everything else is
/// logged with `context` and shown as a generic failure.
pub fn backend(e: backend::Error, context: &str) -> ApiError {
    fail(e.into_app(context))
}

fn internal(msg: &str) -> ApiError {
    tracing::error!("{msg}");
    fail(AppError::Internal)
}

/// The merchant id of a merchant login; anyone else is [`AppError::Forbidden`].
pub fn merchant_id(who: &Principal) -> Result<String, ApiError> {
    who.merchant_id()
        .map(str::to_owned)
        .ok_or_else(|| fail(AppError::Forbidden))
}

/// This site's own origin (`http[s]://host[:port]`) for links back to it: the tenant's
/// canonical host with the configured scheme and port, never the request's `Host`.
pub fn origin() -> Result<String, ApiError> {
    Ok(ctx()?.config.site_origin(&tenant()?.site_host))
}
