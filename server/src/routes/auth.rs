//! `POST /login` and `POST /logout`: plain form posts, so they work with JavaScript off.

use axum::Extension;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;

use app::ssr::RequestTenant;
use backend::auth::{self, SESSION_COOKIE, SessionToken};
use domain::AppError;

use crate::AppState;
use crate::middleware::{ClientAddr, clear_cookie, cookie_value, encode_component, session_cookie};

/// The login form's fields.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub next: String,
}

/// Where to go after logging in: a path on this site, never another site. Browsers drop tabs
/// and line breaks from a URL before reading it (so `/\t/evil` is `//evil`, another host), and
/// a control character cannot go into a `Location` header at all: any control character,
/// space or backslash refuses the path, and what is left must start with exactly one `/`.
pub(crate) fn safe_next(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && next.len() <= 512;
    if ok { next } else { "/dashboard" }
}

/// Logs in on the request's tenant. Success sets the session cookie and goes on to `next`;
/// any refusal goes back to the login page with the reason, having written nothing but the
/// throttling counters.
pub async fn login(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Extension(ClientAddr(addr)): Extension<ClientAddr>,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return Redirect::to("/login?error=input").into_response();
    };
    let next = safe_next(&form.next).to_owned();
    match auth::login(
        &state.ctx,
        &tenant.tenant_id,
        &form.email,
        &form.password,
        &addr,
    )
    .await
    {
        Ok((_, token)) => {
            let ttl_secs = i64::from(state.ctx.config.session_ttl_hours) * 3600;
            let cookie = session_cookie(token.expose(), ttl_secs, state.ctx.config.https);
            let mut res = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        Err(e) => {
            let code = match e.into_app("login") {
                AppError::InvalidCredentials => "invalid".to_owned(),
                AppError::InvalidInput { .. } => "input".to_owned(),
                AppError::AccountDisabled => "disabled".to_owned(),
                AppError::RateLimited { retry_after_secs } => {
                    format!("throttled&retry={retry_after_secs}")
                }
                _ => "failed".to_owned(),
            };
            Redirect::to(&format!(
                "/login?error={code}&next={}",
                encode_component(&next)
            ))
            .into_response()
        }
    }
}

/// Ends the session of the request's cookie, removes the cookie, and shows the login page.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = cookie_value(&headers, SESSION_COOKIE);
    if let Some(token) = token.as_deref().and_then(SessionToken::from_cookie)
        && let Err(e) = auth::end_session(&state.ctx.db, &token).await
    {
        tracing::error!(error = %e, "ending a session failed");
    }
    let mut res = Redirect::to("/login?logged_out=1").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_cookie(state.ctx.config.https)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_never_leaves_the_site() {
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "/\t/127.0.0.1:4399/phish",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{85}/evil.example",
            "dashboard",
            "",
        ] {
            assert_eq!(super::safe_next(bad), "/dashboard", "{bad}");
        }
        assert_eq!(
            super::safe_next("/dashboard/merchants"),
            "/dashboard/merchants"
        );
    }
}
