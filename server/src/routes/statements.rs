//! `GET /dashboard/statements/{id}/statement.pdf`: a stored monthly statement, streamed from
//! disk to whoever may read it (see `backend::statements::open`); anyone else gets 404, as for
//! an id that does not exist.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;

use app::ssr::RequestUser;
use backend::statements;
use domain::AppError;

use crate::AppState;
use crate::routes::pages::{pdf_download, refusal};

fn refused(e: AppError) -> Response {
    refusal("page-not-available", &e)
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
    let file = match state.ctx.files.open(&key).await {
        Ok(f) => f,
        Err(e) => return refused(e.into_app("statement pdf")),
    };
    let name = format!(
        "statement-{}-{}.pdf",
        summary.owner_type.as_str(),
        summary.month
    );
    pdf_download(file, &name)
}
