//! `/webhooks/whatsapp`: GET answers Meta's verify-token challenge; POST checks
//! `X-Hub-Signature-256` against the app secret on the raw body and applies the message
//! statuses (idempotently, in any order). The sandbox sender posts its simulated statuses
//! through the same handler.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;

use backend::whatsapp::webhook;

use crate::AppState;
use crate::routes::pages::text_refusal;

/// The verification request's parameters.
#[derive(Debug, Default, Deserialize)]
pub struct Challenge {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

fn refused(e: backend::Error, context: &str) -> Response {
    text_refusal(&e.into_app(context))
}

/// See the module documentation.
pub async fn verify(State(state): State<AppState>, Query(q): Query<Challenge>) -> Response {
    match webhook::verify_challenge(
        &state.ctx.config.whatsapp,
        q.mode.as_deref(),
        q.token.as_deref(),
        q.challenge.as_deref(),
    ) {
        Ok(challenge) => (StatusCode::OK, challenge).into_response(),
        Err(e) => refused(e, "whatsapp verify"),
    }
}

/// See the module documentation.
pub async fn notify(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let secret = webhook::webhook_secret(&state.ctx.config.whatsapp);
    let now = state.ctx.clock.now_ms();
    match webhook::handle_webhook(&state.ctx.db, now, &secret, signature, &body).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(e) => refused(e, "whatsapp webhook"),
    }
}

/// The log page's filters.
#[derive(Debug, Default, Deserialize)]
pub struct LogFilters {
    #[serde(default)]
    status: String,
    #[serde(default)]
    class: String,
}

/// `GET /dashboard/whatsapp.csv`: the messages the caller may read, with the page's filters.
pub async fn log_csv(
    State(state): State<AppState>,
    axum::Extension(app::ssr::RequestUser(user)): axum::Extension<app::ssr::RequestUser>,
    Query(f): Query<LogFilters>,
) -> Response {
    use domain::whatsapp::{LogQuery, MessageClass, Status};
    let Some(who) = user else {
        return (StatusCode::UNAUTHORIZED, "Log in to download the log.").into_response();
    };
    let parsed = (|| -> Result<LogQuery, domain::AppError> {
        Ok(LogQuery {
            status: (!f.status.is_empty())
                .then(|| Status::parse(&f.status))
                .transpose()?,
            class: (!f.class.is_empty())
                .then(|| MessageClass::parse(&f.class))
                .transpose()?,
            ..LogQuery::default()
        })
    })();
    let q = match parsed {
        Ok(q) => q,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    match backend::whatsapp::logs::csv(&state.ctx.db, &who, &q).await {
        Ok(body) => (
            [
                (http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"whatsapp.csv\"",
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => refused(e, "whatsapp csv"),
    }
}
