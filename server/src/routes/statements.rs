//! `GET /dashboard/statements/{id}/statement.pdf`: a stored monthly statement, streamed from
//! disk to whoever may read it (see `backend::statements::open`); anyone else gets 404, as for
//! an id that does not exist.

use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};

use app::ssr::RequestUser;
use backend::statements;
use domain::AppError;

use crate::AppState;
use crate::routes::pages::plain;

fn refused(e: AppError) -> Response {
    plain(
        StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
        "Not available",
        &e.to_string(),
    )
}

/// See the module documentation.
pub async fn statement_pdf(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(who) = user else {
        return refused(AppError::NotLoggedIn);
    };
    let (summary, key) = match statements::open(&state.ctx.db, &who, &id).await {
        Ok(s) => s,
        Err(e) => return refused(e.into_app("statement pdf")),
    };
    let path = match state.ctx.files.local_path(&key) {
        Ok(p) => p,
        Err(e) => return refused(e.into_app("statement pdf")),
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "opening a statement PDF");
            return refused(AppError::Internal);
        }
    };
    let len = file.metadata().await.map(|m| m.len()).ok();
    let mut res = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/pdf"),
    );
    let name = format!(
        "statement-{}-{}.pdf",
        summary.owner_type.as_str(),
        summary.month
    );
    if let Ok(v) = http::HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Some(len) = len {
        h.insert(header::CONTENT_LENGTH, http::HeaderValue::from(len));
    }
    res
}
