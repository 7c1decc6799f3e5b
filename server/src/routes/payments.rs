//! The sandbox checkout (the default payment provider) and the Stripe webhook. The sandbox
//! signs a Stripe-format event and hands it to the same handler the real webhook uses.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode};

use app::ssr::RequestUser;

use domain::AppError;

use crate::AppState;
use crate::routes::pages::{plain, refusal, text_refusal};

/// `POST /checkout/sandbox/{id}/pay`: completes one of the caller's sandbox payments (a
/// package, an annual fee or an agent top-up) through the webhook path, with a Stripe-format
/// event signed by the sandbox's secret. In live mode (`PAYMENTS=stripe`) it is a 404.
pub async fn sandbox_pay(
    State(state): State<AppState>,
    Extension(user): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    if !state.ctx.config.payments.is_sandbox() {
        return refusal("page-not-found", &AppError::NotFound);
    }
    let Some(who) = user.0.as_ref() else {
        return Redirect::to("/login").into_response();
    };
    let applied = backend::checkout::sandbox_pay(&state.ctx, who, &id).await;
    match applied {
        Ok(back) => Redirect::to(&format!("{back}?paid=1")).into_response(),
        Err(e) => {
            let e = e.into_app("sandbox payment");
            match e {
                AppError::NotFound => refusal("page-not-found", &e),
                other => refusal("page-payment-failed", &other),
            }
        }
    }
}

/// `POST /webhooks/stripe`: Stripe's events for the main platform's account, verified with
/// `STRIPE_WEBHOOK_SECRET` over the raw body.
pub async fn stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(secret) = state.ctx.config.stripe_webhook_secret.as_ref() else {
        return plain(StatusCode::NOT_FOUND, "page-not-found", "page-stripe-off");
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let now = state.ctx.clock.now_ms();
    match backend::checkout::handle_webhook(
        &state.ctx.db,
        now,
        "stripe",
        secret.expose(),
        signature,
        &body,
    )
    .await
    {
        Ok(_) => StatusCode::OK.into_response(),
        Err(e) => text_refusal(&e.into_app("stripe webhook")),
    }
}

/// `POST /webhooks/stripe/agents/{tenant_id}`: Stripe's events for one agent's own account,
/// verified with that agent's webhook secret over the raw body. An event signed with any other
/// secret, or naming a payment another account collects, changes nothing.
pub async fn agent_stripe_webhook(
    State(state): State<AppState>,
    Path(tenant_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let now = state.ctx.clock.now_ms();
    match backend::checkout::handle_agent_webhook(&state.ctx, now, &tenant_id, signature, &body)
        .await
    {
        Ok(_) => StatusCode::OK.into_response(),
        Err(e) => text_refusal(&e.into_app("agent stripe webhook")),
    }
}
