//! `POST /lang`: the language switch on every page. A plain form post, so it works with
//! JavaScript off.

use axum::Extension;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Deserialize;

use app::ssr::RequestUser;
use backend::auth;
use domain::i18n::{self, Locale};

use crate::AppState;
use crate::routes::auth::safe_next;

/// The switch's fields: the language chosen and the page to come back to.
#[derive(Debug, Deserialize)]
pub struct LangForm {
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub back: String,
}

/// A year: the choice outlives sessions.
const COOKIE_MAX_AGE_SECS: i64 = 365 * 24 * 3600;

/// Remembers the chosen language in a cookie (and as the account's preference when signed in)
/// and goes back to the page, which a path on this site only may name. A language the site
/// does not have changes nothing and says which it has.
pub async fn switch(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Form<LangForm>, FormRejection>,
) -> Response {
    let Some(locale) = form
        .ok()
        .and_then(|Form(f)| Locale::from_tag(&f.to).map(|l| (l, f.back)))
    else {
        return (StatusCode::BAD_REQUEST, i18n::t(Locale::En, "lang-bad")).into_response();
    };
    let (locale, back) = locale;
    if let Some(who) = &user
        && let Err(e) = auth::set_locale(&state.ctx.db, who, locale).await
    {
        tracing::error!(error = %e, "saving a user's language failed");
    }
    let back = match safe_next(&back) {
        "/dashboard" if !back.starts_with("/dashboard") => "/",
        ok => ok,
    };
    let mut res = Redirect::to(back).into_response();
    let secure = if state.ctx.config.https {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={}; Path=/; SameSite=Lax; Max-Age={COOKIE_MAX_AGE_SECS}{secure}",
        i18n::COOKIE,
        locale.tag()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}
