//! Who is looking at which tenant's site.

use domain::sections::Section;
use domain::tenants::Branding;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The signed-in user as the pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub display_name: String,
    pub email: String,
    /// The role's name in the request's language.
    pub role_label: String,
    /// The dashboard sections this user may open, in menu order.
    pub sections: Vec<Section>,
    /// The merchant's company, for merchant logins.
    pub merchant_company: Option<String>,
    /// Support conversations waiting for this user (unread inbox conversations, or an unread
    /// reply in their own).
    pub support_unread: i64,
}

/// The site's branding and the signed-in user, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub branding: Branding,
    pub user: Option<UserView>,
    /// This site's origin as links name it (`https://deals.example.my`), for addresses shared
    /// outside the site (link previews).
    pub origin: String,
}

/// The site and user of this request. Anyone may call it; it reveals only the host's own
/// branding and the caller's own account.
#[server(endpoint = "session_info")]
pub async fn get_session_info() -> Result<SessionInfo, ApiError> {
    use crate::ssr;
    let branding = ssr::tenant()?;
    let user = match ssr::user() {
        None => None,
        Some(who) => {
            let ctx = ssr::ctx()?;
            let merchant_company = backend::tenants::merchant_company(&ctx.db, &who)
                .await
                .map_err(|e| ssr::backend(e, "merchant company"))?;
            let support_unread = backend::support::unread_count(&ctx.db, &who)
                .await
                .map_err(|e| ssr::backend(e, "support unread"))?;
            Some(UserView {
                support_unread,
                display_name: who.display_name.clone(),
                email: who.email.clone(),
                role_label: who.role.label_in(ssr::locale()),
                sections: Section::visible_to(&who.role),
                merchant_company,
            })
        }
    };
    Ok(SessionInfo {
        branding,
        user,
        origin: ssr::origin()?,
    })
}

/// The message of a refused form's error token (the `error` parameter a form post's redirect
/// carries, see `backend::flash`), in the request's language; `None` for an empty, forged or stale one, so a page never
/// shows text that came from a URL.
#[server(endpoint = "error_text")]
pub async fn error_text(token: String) -> Result<Option<String>, ApiError> {
    use crate::ssr;
    if token.is_empty() {
        return Ok(None);
    }
    let ctx = ssr::ctx()?;
    Ok(
        backend::flash::read_error(&ctx.config, &token, ctx.clock.now_ms())
            .map(|e| e.localized(ssr::locale())),
    )
}

/// Sets the site's default language (for visitors who chose none and whose browser asks for
/// none of the market's languages). The site's administrators only: the agent owner, the
/// Super Admin (`backend::tenants::set_default_locale` decides).
#[server(endpoint = "set_default_locale")]
pub async fn set_default_locale(locale: String) -> Result<(), ApiError> {
    use crate::ssr;
    use domain::AppError;
    let who = ssr::require_user()?;
    let Some(locale) = domain::i18n::Locale::from_tag(&locale) else {
        return Err(ssr::fail(AppError::invalid(
            "Language",
            "must be en, ms or zh-Hans",
        )));
    };
    let ctx = ssr::ctx()?;
    backend::tenants::set_default_locale(&ctx.db, &who, locale)
        .await
        .map_err(|e| ssr::backend(e, "site language"))
}
