//! The sandbox checkout (the default payment provider) and the Stripe webhook. The sandbox
//! signs a Stripe-format event and hands it to the same handler the real webhook uses.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode};

use app::ssr::RequestUser;
use backend::payments::{self, Payment};
use domain::AppError;

use crate::AppState;
use crate::routes::pages::plain;

async fn own_payment(state: &AppState, user: &RequestUser, id: &str) -> Result<Payment, Response> {
    let Some(merchant_id) = user.0.as_ref().and_then(|p| p.merchant_id()) else {
        return Err(Redirect::to("/login").into_response());
    };
    payments::payment(&state.ctx.db, merchant_id, id)
        .await
        .map_err(|e| match e.into_app("sandbox checkout") {
            AppError::NotFound => plain(
                StatusCode::NOT_FOUND,
                "Not found",
                "There is no such payment.",
            ),
            _ => plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "Please try again.",
            ),
        })
}

/// `POST /checkout/sandbox/{id}/pay`: completes the sandbox payment through the webhook path.
pub async fn sandbox_pay(
    State(state): State<AppState>,
    Extension(user): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    let p = match own_payment(&state, &user, &id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let now = state.ctx.clock.now_ms();
    let secret = payments::sandbox_secret();
    let applied = async {
        let body = payments::completed_event(&format!("evt_sandbox_{}", p.id), &p)?;
        let signature = payments::sign(secret, &body, now)?;
        payments::handle_webhook(&state.ctx.db, now, "sandbox", secret, &signature, &body).await
    }
    .await;
    match applied {
        Ok(_) => Redirect::to("/dashboard/credits?paid=1").into_response(),
        Err(e) => {
            let e = e.into_app("sandbox payment");
            plain(
                StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                "Payment failed",
                &e.to_string(),
            )
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
        return plain(
            StatusCode::NOT_FOUND,
            "Not found",
            "Stripe is not configured here.",
        );
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let now = state.ctx.clock.now_ms();
    match payments::handle_webhook(
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
        Err(e) => {
            let e = e.into_app("stripe webhook");
            (
                StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
                e.to_string(),
            )
                .into_response()
        }
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
    match backend::agents::handle_agent_webhook(&state.ctx, now, &tenant_id, signature, &body).await
    {
        Ok(_) => StatusCode::OK.into_response(),
        Err(e) => {
            let e = e.into_app("agent stripe webhook");
            (
                StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
                e.to_string(),
            )
                .into_response()
        }
    }
}
