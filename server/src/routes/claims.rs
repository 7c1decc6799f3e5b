//! `POST /claim/{batch}/get`: the Get Coupon form, a plain form post so it works with
//! JavaScript off. Success sets the device cookie and shows the coupon on the claim page;
//! a refusal goes back to the form with the reason. `POST /claim/{batch}/lookup` is its
//! "Look up" button. What the customer typed goes back to the form in a sealed cookie, never
//! in the URL.

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;

use app::ssr::{RequestLocale, RequestTenant, RequestUser};
use backend::claims::{self, ClaimRequest};
use backend::lucky_draw;
use domain::claims::{ClaimDraft, ClaimForm, ClaimSource};
use domain::i18n;
use domain::lucky_draw::{PrizeForm, WheelForm};

use crate::AppState;
use crate::middleware::{ClientAddr, encode_component};
use crate::routes::pages::back_with_error;

/// The claim form's fields.
#[derive(Debug, Deserialize)]
pub struct GetCouponForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub birthday: String,
    /// "1" when the customer pressed "That's me" on a masked name.
    #[serde(default)]
    pub reuse_birthday: String,
    /// `homepage` or `in_store`.
    #[serde(default)]
    pub source: String,
    /// "1" when the customer ticked the box to receive offers by WhatsApp.
    #[serde(default)]
    pub offers: String,
}

/// Back to batch `batch_id`'s claim form carrying `draft` in its sealed cookie (see
/// [`claims::draft_cookie`]), so the phone, name and refusal never appear in a URL.
fn back_to_form(
    state: &AppState,
    tenant_id: &str,
    batch_id: &str,
    source: ClaimSource,
    draft: &ClaimDraft,
) -> Response {
    let mut to = format!("/claim/{}", encode_component(batch_id));
    if source == ClaimSource::InStore {
        to.push_str("?source=in_store");
    }
    let mut res = Redirect::to(&to).into_response();
    match claims::draft_cookie(&state.ctx.config, tenant_id, batch_id, draft) {
        Ok(c) => {
            if let Ok(v) = HeaderValue::from_str(&c) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        // Without the key ring the form comes back empty; the claim itself changed nothing.
        Err(e) => tracing::error!(error = %e, "claim draft cookie"),
    }
    res
}

fn source_of(f: &GetCouponForm) -> ClaimSource {
    match f.source.as_str() {
        "in_store" => ClaimSource::InStore,
        _ => ClaimSource::Homepage,
    }
}

/// `POST /claim/{batch}/lookup`: "Look up" on the claim form. Goes back to the form with the
/// phone and name typed; the page then shows what this site knows about the phone.
pub async fn look_up(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(batch_id): Path<String>,
    form: Result<Form<GetCouponForm>, FormRejection>,
) -> Response {
    let (source, draft) = match form {
        Ok(Form(f)) => (
            source_of(&f),
            ClaimDraft {
                phone: f.phone,
                name: f.name,
                error: String::new(),
            },
        ),
        Err(_) => (
            ClaimSource::Homepage,
            ClaimDraft {
                error: i18n::t(locale, "claim-form-incomplete"),
                ..ClaimDraft::default()
            },
        ),
    };
    back_to_form(&state, &tenant.tenant_id, &batch_id, source, &draft)
}

/// Claims one coupon of the batch for the form's customer (see [`backend::claims::claim`]).
pub async fn get_coupon(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Extension(ClientAddr(addr)): Extension<ClientAddr>,
    Path(batch_id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<GetCouponForm>, FormRejection>,
) -> Response {
    let Ok(Form(f)) = form else {
        let draft = ClaimDraft {
            error: i18n::t(locale, "claim-form-incomplete"),
            ..ClaimDraft::default()
        };
        return back_to_form(
            &state,
            &tenant.tenant_id,
            &batch_id,
            ClaimSource::Homepage,
            &draft,
        );
    };
    let source = source_of(&f);
    let cfg = &state.ctx.config;
    // Links in the message come from the tenant's own host, never the request's.
    let site_base = cfg.site_origin(&tenant.site_host);
    let form = ClaimForm {
        name: f.name.clone(),
        phone: f.phone.clone(),
        birthday: f.birthday.clone(),
        reuse_birthday: f.reuse_birthday == "1",
        marketing: f.offers == "1",
    };
    let device = crate::middleware::cookie_value(&headers, claims::DEVICE_COOKIE);
    let req = ClaimRequest {
        tenant_id: &tenant.tenant_id,
        batch_id: &batch_id,
        form: &form,
        source,
        addr: &addr,
        site_base: &site_base,
        device: device.as_deref(),
        locale,
    };
    match claims::claim(&state.ctx, &req).await {
        Ok(c) => {
            let mut res = Redirect::to(&format!(
                "/claim/{}?done={}",
                encode_component(&batch_id),
                encode_component(&c.coupon.claim_id)
            ))
            .into_response();
            // The device is remembered only when it proved the phone (or the phone is new);
            // either way the receipt lets it see the coupon it just claimed.
            let cookies = [
                c.device_token
                    .as_deref()
                    .map(|t| claims::device_cookie(t, cfg.https)),
                claims::receipt_cookie(cfg, &c.coupon.claim_id)
                    .inspect_err(|e| tracing::error!(error = %e, "claim receipt cookie"))
                    .ok(),
                Some(claims::clear_draft_cookie(cfg.https)),
            ];
            for cookie in cookies.into_iter().flatten() {
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            res
        }
        Err(e) => {
            let draft = ClaimDraft {
                phone: f.phone,
                name: f.name,
                error: e.into_app("claim").localized(locale),
            };
            back_to_form(&state, &tenant.tenant_id, &batch_id, source, &draft)
        }
    }
}

/// `POST /p/{token}`: "Remember this device" on the page a coupon's WhatsApp link opens. The
/// link proves the phone (it was sent to it), so this device gets the customer's device
/// cookie; the link works once. Back to the page either way, a refusal named by a code.
pub async fn remember_device(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Path(token): Path<String>,
) -> Response {
    let page = format!("/p/{}", encode_component(&token));
    match claims::use_proof(&state.ctx, &tenant.tenant_id, &token).await {
        Ok(device_token) => {
            let mut res = Redirect::to(&page).into_response();
            let https = state.ctx.config.https;
            // The link proved the phone: the device autofills, and may open /my-data.
            let proven = claims::device_customer(&state.ctx.config, &device_token)
                .ok()
                .flatten()
                .and_then(|id| claims::proven_token(&state.ctx.config, &id).ok());
            let cookies = [
                Some(claims::device_cookie(&device_token, https)),
                proven.map(|p| claims::proven_cookie(&p, https)),
            ];
            for cookie in cookies.into_iter().flatten() {
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            res
        }
        Err(e) => {
            let code = match e.into_app("remember device") {
                domain::AppError::ProofUsed => "used",
                domain::AppError::ProofExpired => "expired",
                domain::AppError::NotFound => return Redirect::to(&page).into_response(),
                _ => "failed",
            };
            Redirect::to(&format!("{page}?error={code}")).into_response()
        }
    }
}

/// `POST /dashboard/lucky-draw/save`: the merchant's wheel form. Prize rows come as repeated
/// `label`, `weight`, `batch_id` and `stock` fields in row order; empty rows are skipped by the
/// form's parser. Saved or refused, it goes back to the lucky-draw page.
pub async fn save_wheel(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let Some(who) = user else {
        return Redirect::to("/login?next=/dashboard/lucky-draw").into_response();
    };
    let Ok(Form(pairs)) = form else {
        return back_with_error(
            &state,
            "/dashboard/lucky-draw",
            &domain::AppError::invalid("Form", "was incomplete"),
        );
    };
    let mut wheel = WheelForm::default();
    let field = |name: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (labels, weights, batches, stocks) = (
        field("label"),
        field("weight"),
        field("batch_id"),
        field("stock"),
    );
    let flag = |v: Vec<String>| v.iter().any(|v| v == "1" || v == "on");
    wheel.enabled = flag(field("enabled"));
    wheel.after_claim = flag(field("after_claim"));
    wheel.from_store = flag(field("from_store"));
    wheel.spins_per_day = field("spins_per_day")
        .into_iter()
        .next()
        .unwrap_or_default();
    for (i, label) in labels.into_iter().enumerate() {
        let at = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
        wheel.prizes.push(PrizeForm {
            label,
            weight: at(&weights),
            batch_id: at(&batches),
            stock: at(&stocks),
        });
    }
    match lucky_draw::save_wheel(&state.ctx, &who, &wheel).await {
        Ok(()) => Redirect::to("/dashboard/lucky-draw?saved=1").into_response(),
        Err(e) => back_with_error(&state, "/dashboard/lucky-draw", &e.into_app("save wheel")),
    }
}

/// The Spin button's form: `after=1` when the page was opened after a claim.
#[derive(Debug, Deserialize)]
pub struct SpinForm {
    #[serde(default)]
    pub after: String,
}

/// `POST /store/{id}/wheel/spin`: the wheel page's Spin button, called by the public script.
/// The prize is drawn and recorded on the server before the wheel turns (see
/// [`lucky_draw::spin`]). Answers JSON: `{rotation_deg, segment, html}` (where the wheel stops,
/// and the result as the page shows it), or `{error}` with the refusal's status.
pub async fn spin(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Extension(ClientAddr(addr)): Extension<ClientAddr>,
    Extension(RequestLocale(locale)): Extension<RequestLocale>,
    Path(merchant_id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<SpinForm>, FormRejection>,
) -> Response {
    use domain::lucky_draw::SpinSource;
    let refuse = |e: domain::AppError| {
        let status =
            http::StatusCode::from_u16(e.status_code()).unwrap_or(http::StatusCode::BAD_REQUEST);
        (
            status,
            axum::Json(serde_json::json!({ "error": e.localized(locale) })),
        )
            .into_response()
    };
    let Ok(Form(f)) = form else {
        return refuse(domain::AppError::invalid("Form", "was incomplete"));
    };
    let ctx = &state.ctx;
    let segments = match lucky_draw::wheel(ctx, &tenant.tenant_id, &merchant_id).await {
        Ok(w) => w.map_or(1, |w| w.segments.len()),
        Err(e) => return refuse(e.into_app("wheel")),
    };
    let device = crate::middleware::cookie_value(&headers, claims::DEVICE_COOKIE);
    let site_base = ctx.config.site_origin(&tenant.site_host);
    let req = lucky_draw::SpinRequest {
        tenant_id: &tenant.tenant_id,
        merchant_id: &merchant_id,
        device: device.as_deref(),
        source: if f.after == "1" {
            SpinSource::AfterClaim
        } else {
            SpinSource::Store
        },
        addr: &addr,
        site_base: &site_base,
    };
    let outcome = match lucky_draw::spin(ctx, &req).await {
        Ok(o) => o,
        Err(e) => return refuse(e.into_app("spin")),
    };
    let qr_svg = match &outcome.coupon {
        Some(c) => match claims::qr_svg(&c.verify_url, "Coupon QR code") {
            Ok(svg) => Some(svg),
            Err(e) => return refuse(e.into_app("prize qr")),
        },
        None => None,
    };
    axum::Json(serde_json::json!({
        "rotation_deg": domain::lucky_draw::stop_rotation_deg(outcome.segment, segments, 6),
        "segment": outcome.segment,
        "html": app::pages::wheel::result_html(&outcome, qr_svg, locale, tenant.utc_offset_minutes),
    }))
    .into_response()
}
