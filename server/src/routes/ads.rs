//! Ad routes outside the Leptos app: the impression beacon the coupon center's script posts
//! once an ad has been in view, the click redirect every served ad links to, and the
//! creatives themselves. Counting rules (signed short-lived tokens, one per viewer per ad per
//! day, bots ignored) live in `backend::ads`.

use axum::body::Bytes;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use http::{HeaderMap, StatusCode, header};

use app::ssr::{RequestTenant, RequestUser};
use backend::ads;
use domain::AppError;
use domain::ads::AdForm;

use crate::AppState;

use crate::routes::pages::{back_with_error, refusal, text_refusal};

/// The largest ad upload: a video at its limit plus the form around it.
pub const UPLOAD_LIMIT_BYTES: usize = domain::ads::VIDEO_MAX_BYTES + 1024 * 1024;

/// The ads page, where the buy form and its refusals show.
const ADS_PAGE: &str = "/dashboard/ads";

/// The longest beacon body read: a token is about 150 characters.
const TOKEN_MAX_BYTES: usize = 1_024;

fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The token of a beacon body: the bare token (`navigator.sendBeacon` with a string sends
/// `text/plain`), or a form field `token=…` (a form post). Tokens are made of letters, digits
/// and dots only, so nothing in them is ever percent-encoded.
fn token_of(body: &[u8]) -> Result<String, AppError> {
    if body.len() > TOKEN_MAX_BYTES {
        return Err(AppError::ForgedBeacon);
    }
    let text = std::str::from_utf8(body).map_err(|_| AppError::ForgedBeacon)?;
    let text = text.trim();
    let token = text.strip_prefix("token=").unwrap_or(text);
    if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return Err(AppError::ForgedBeacon);
    }
    Ok(token.to_owned())
}

/// `POST /ads/impression`: counts one impression of the token's ad for the token's viewer.
/// Answers 204 whether it counted, was already counted today, or was ignored (a bot, a stale
/// token, an ad no longer running), so a script learns nothing by replaying; a token that is
/// not ours is a plain 400.
pub async fn impression(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = match token_of(&body) {
        Ok(t) => t,
        Err(e) => return text_refusal(&e),
    };
    match ads::count_impression(&state.ctx, &token, user_agent(&headers)).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => text_refusal(&e.into_app("ad impression")),
    }
}

/// `GET /ads/click/{token}`: counts the click (as the beacon counts impressions) and sends the
/// browser on to the ad's link with a 303; a forged token is a plain 400 page.
pub async fn click(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    match ads::click(&state.ctx, &token, user_agent(&headers)).await {
        Ok((url, _)) => Redirect::to(&url).into_response(),
        Err(e) => refusal("page-link-not-available", &e.into_app("ad click")),
    }
}

/// `GET /ads/creative/{id}`: an ad's banner image or video, for the site that runs it (see
/// `backend::ads::creative` for who may see a creative not yet approved).
pub async fn creative(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    match ads::creative(&state.ctx, &tenant.tenant_id, user.as_ref(), &id).await {
        Ok((bytes, mime)) => crate::routes::pages::image(bytes, mime, "private, max-age=3600"),
        Err(e) => refusal("page-not-available", &e.into_app("ad creative")),
    }
}

fn back(state: &AppState, e: &AppError) -> Response {
    back_with_error(state, ADS_PAGE, e)
}

/// The text fields of the buy form, and its creative.
async fn read_form(mut form: Multipart) -> Result<(AdForm, Option<Vec<u8>>), AppError> {
    let unreadable = |_| AppError::invalid("Form", "could not be read; try again");
    let mut f = AdForm::default();
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "creative" {
            let bytes = field.bytes().await.map_err(|_| {
                AppError::invalid(
                    "Creative",
                    format!(
                        "the file could not be received (over {} MB?)",
                        domain::ads::VIDEO_MAX_BYTES / 1024 / 1024
                    ),
                )
            })?;
            if !bytes.is_empty() {
                file = Some(bytes.to_vec());
            }
            continue;
        }
        let value = field.text().await.map_err(unreadable)?;
        match name.as_str() {
            "title" => f.title = value,
            "kind" => f.kind = value,
            "duration_days" => f.duration_days = value,
            "target_url" => f.target_url = value,
            "start_date" => f.start_date = value,
            "country" => f.country = value,
            "cities" => f.cities = value,
            _ => {}
        }
    }
    Ok((f, file))
}

/// `POST /dashboard/ads/create`: the advertiser's buy form (a multipart post, so it carries the
/// banner or video and works with JavaScript off). Creates the ad, starts its payment and sends
/// the browser to the checkout of whoever collects it (the sandbox page or Stripe); an agent
/// owner's own ad is paid from its wallet at once. A refusal goes back to the form.
pub async fn create(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(who) = user else {
        return Redirect::to("/login?next=/dashboard/ads").into_response();
    };
    let (form, file) = match form {
        Ok(f) => match read_form(f).await {
            Ok(x) => x,
            Err(e) => return back(&state, &e),
        },
        Err(_) => {
            return back(
                &state,
                &AppError::invalid("Form", "send it from the ads page"),
            );
        }
    };
    let Some(file) = file else {
        return back(
            &state,
            &AppError::invalid("Creative", "choose a banner image or a video"),
        );
    };
    let ctx = &state.ctx;
    let ad = match ads::create_ad(ctx, &who, &form, &file).await {
        Ok(a) => a,
        Err(e) => {
            return match e.into_app("create ad") {
                e @ (AppError::Forbidden | AppError::NotLoggedIn) => {
                    refusal("page-not-available", &e)
                }
                e => back(&state, &e),
            };
        }
    };
    let pay = match ads::start_payment(ctx, &who, &ad.id).await {
        Ok(p) => p,
        Err(e) => return back(&state, &e.into_app("ad payment")),
    };
    match pay.provider.as_str() {
        "stripe" => {
            let origin = crate::routes::coupons::origin(&state, &tenant);
            let ok = format!("{origin}{ADS_PAGE}?paid=1");
            let cancel = format!("{origin}{ADS_PAGE}");
            let locale = crate::routes::pages::page_locale();
            match backend::checkout::ad_checkout(ctx, &pay, locale, &ok, &cancel).await {
                Ok(url) => Redirect::to(&url).into_response(),
                Err(e) => back(&state, &e.into_app("ad checkout")),
            }
        }
        "sandbox" => Redirect::to(&format!("/checkout/sandbox/{}", pay.ad_id)).into_response(),
        _ => Redirect::to(&format!("{ADS_PAGE}?paid=1")).into_response(),
    }
}

/// The approval queue, where approvals and their refusals show.
const QUEUE_PAGE: &str = "/dashboard/ad-approvals";

fn queue_back(state: &AppState, e: &AppError) -> Response {
    back_with_error(state, QUEUE_PAGE, e)
}

fn review_refused(state: &AppState, e: AppError) -> Response {
    match e {
        e @ (AppError::Forbidden | AppError::NotLoggedIn | AppError::NotFound) => {
            refusal("page-not-available", &e)
        }
        e => queue_back(state, &e),
    }
}

/// `POST /dashboard/ad-approvals/{id}/approve`: an approver of the ad's site approves it; back
/// to the queue.
pub async fn approve(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(who) = user else {
        return Redirect::to("/login?next=/dashboard/ad-approvals").into_response();
    };
    match ads::approve(&state.ctx, &who, &id).await {
        Ok(_) => Redirect::to(&format!("{QUEUE_PAGE}?done=approved")).into_response(),
        Err(e) => review_refused(&state, e.into_app("approve ad")),
    }
}

/// The reject form.
#[derive(serde::Deserialize)]
pub struct RejectForm {
    #[serde(default)]
    reason: String,
}

/// `POST /dashboard/ad-approvals/{id}/reject`: an approver rejects the ad with a reason the
/// advertiser sees; its payment is refunded once. Back to the queue.
pub async fn reject(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(id): Path<String>,
    form: Result<Form<RejectForm>, FormRejection>,
) -> Response {
    let Some(who) = user else {
        return Redirect::to("/login?next=/dashboard/ad-approvals").into_response();
    };
    let Ok(Form(form)) = form else {
        return queue_back(
            &state,
            &AppError::invalid("Form", "send it from the approval queue"),
        );
    };
    match ads::reject(&state.ctx, &who, &id, &form.reason).await {
        Ok(_) => Redirect::to(&format!("{QUEUE_PAGE}?done=rejected")).into_response(),
        Err(e) => review_refused(&state, e.into_app("reject ad")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beacon_bodies_are_bare_tokens_or_a_form_field() {
        assert_eq!(token_of(b"abc.def.1.f0").unwrap(), "abc.def.1.f0");
        assert_eq!(token_of(b"token=abc.def.1.f0").unwrap(), "abc.def.1.f0");
        assert_eq!(token_of(b"token=abc%2Edef"), Err(AppError::ForgedBeacon));
        assert_eq!(token_of(b""), Err(AppError::ForgedBeacon));
        assert_eq!(token_of(b"token="), Err(AppError::ForgedBeacon));
        assert_eq!(token_of(&[0xff, 0xfe]), Err(AppError::ForgedBeacon));
        assert_eq!(token_of(&[b'a'; 2_000]), Err(AppError::ForgedBeacon));
    }
}
