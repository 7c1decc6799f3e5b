//! `GET /healthz`.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use http::StatusCode;

use crate::AppState;

/// Reports the database and queue backends in use and whether they answer: 200 when both do,
/// 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let h = backend::health::check(&state.ctx).await;
    let status = if h.status == "ok" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(h))
}
