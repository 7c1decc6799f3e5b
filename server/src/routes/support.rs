//! `POST /dashboard/support/send` (a message with an optional image, as a plain multipart form
//! post, so it works with JavaScript off) and `GET /dashboard/support/attachments/{id}` (an
//! attached image, only for the two sides of its conversation).

use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{StatusCode, header};

use app::ssr::RequestUser;
use backend::support::{self, ThreadRef};
use domain::AppError;

use crate::AppState;
use crate::middleware::encode_component;
use crate::routes::pages::{back_with_error, plain, refusal};

/// The largest upload this route takes: a 5 MB image plus the form around it.
pub const UPLOAD_LIMIT_BYTES: usize = 6 * 1024 * 1024;

/// The form's fields.
#[derive(Default)]
struct SendForm {
    conversation: String,
    body: String,
    image: Option<Vec<u8>>,
}

async fn read_form(mut form: Multipart) -> Result<SendForm, AppError> {
    let mut out = SendForm::default();
    let unreadable = |_| AppError::invalid("Message", "the form could not be read; try again");
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "conversation" => out.conversation = field.text().await.map_err(unreadable)?,
            "body" => out.body = field.text().await.map_err(unreadable)?,
            "image" => {
                let bytes = field.bytes().await.map_err(|_| {
                    AppError::invalid("image", "the file could not be received (over 5 MB?)")
                })?;
                // A file input left empty still sends a part, with no bytes.
                if !bytes.is_empty() {
                    out.image = Some(bytes.to_vec());
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Where the conversation's page is.
fn thread_path(conversation: &str) -> String {
    format!("/dashboard/support/{}", encode_component(conversation))
}

/// See the module documentation. Success and refusal both go back to the conversation's
/// page: a refusal carries its message and has stored nothing.
pub async fn send(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(who) = user else {
        return Redirect::to("/login?next=/dashboard/support").into_response();
    };
    let form = match form {
        Ok(f) => read_form(f).await,
        Err(_) => Err(AppError::invalid(
            "Message",
            "send the form from the support page",
        )),
    };
    let form = match form {
        Ok(f) => f,
        Err(e) => return back(&state, "mine", &e),
    };
    let target = match form.conversation.as_str() {
        "mine" => ThreadRef::Mine,
        id => ThreadRef::Id(id),
    };
    match support::send(&state.ctx, &who, target, &form.body, form.image.as_deref()).await {
        Ok(_) => {
            Redirect::to(&format!("{}#latest", thread_path(&form.conversation))).into_response()
        }
        Err(e) => match e.into_app("support message") {
            e @ (AppError::NotFound | AppError::Forbidden | AppError::NotLoggedIn) => {
                refusal("page-cannot-send", &e)
            }
            e => back(&state, &form.conversation, &e),
        },
    }
}

fn back(state: &AppState, conversation: &str, e: &AppError) -> Response {
    back_with_error(state, &thread_path(conversation), e)
}

/// See the module documentation.
pub async fn attachment(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(message_id): Path<String>,
) -> Response {
    let Some(who) = user else {
        return plain(StatusCode::UNAUTHORIZED, "page-log-in", "page-log-in-image");
    };
    match support::attachment(&state.ctx, &who, &message_id).await {
        Ok((bytes, mime)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'".to_owned(),
                ),
                (header::CONTENT_DISPOSITION, "inline".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => refusal("page-not-available", &e.into_app("support attachment")),
    }
}
