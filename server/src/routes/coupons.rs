//! Coupon routes outside the Leptos app: creating a batch and uploading a library template
//! (multipart form posts, so they carry an image and work with JavaScript off), and the
//! downloads (the batch PDF, streamed from disk; the CSV; template images).

use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::header;

use app::ssr::{RequestTenant, RequestUser};
use backend::{coupons, templates};
use domain::AppError;
use domain::coupons::BatchForm;

use crate::AppState;

use crate::routes::pages::{back_with_error, pdf_download, refusal};

/// The largest upload these routes take: an 8 MB template plus the form around it.
pub const UPLOAD_LIMIT_BYTES: usize = 9 * 1024 * 1024;

/// The fields of a multipart form: text fields by name, and at most one file.
#[derive(Default)]
struct Fields {
    text: std::collections::HashMap<String, String>,
    file: Option<Vec<u8>>,
}

impl Fields {
    fn get(&self, name: &str) -> String {
        self.text.get(name).cloned().unwrap_or_default()
    }
    fn ticked(&self, name: &str) -> bool {
        self.text.contains_key(name)
    }
}

async fn read_fields(mut form: Multipart, file_field: &str) -> Result<Fields, AppError> {
    let mut out = Fields::default();
    let unreadable = |_| AppError::invalid("Form", "could not be read; try again");
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let bytes = field.bytes().await.map_err(|_| {
                AppError::invalid("image", "the file could not be received (over 8 MB?)")
            })?;
            if !bytes.is_empty() {
                out.file = Some(bytes.to_vec());
            }
        } else {
            let value = field.text().await.map_err(unreadable)?;
            out.text.insert(name, value);
        }
    }
    Ok(out)
}

/// This site's own origin for links back to it (see [`backend::config::Config::site_origin`]).
pub(crate) fn origin(state: &AppState, tenant: &domain::tenants::Branding) -> String {
    state.ctx.config.site_origin(&tenant.site_host)
}

fn back(state: &AppState, path: &str, e: &AppError) -> Response {
    back_with_error(state, path, e)
}

fn refused(e: AppError) -> Response {
    refusal("page-not-available", &e)
}

fn to_login() -> Response {
    Redirect::to("/login?next=/dashboard").into_response()
}

/// `POST /dashboard/coupons/create`: uploads the merchant's own template if one came with the
/// form, generates the batch (paid with coupon credits in the same transaction), starts its
/// PDF and goes to the batch's page. A refusal goes back to the form with its message.
pub async fn create_batch(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(who) = user else {
        return to_login();
    };
    let fields = match form {
        Ok(f) => read_fields(f, "template_file").await,
        Err(_) => Err(AppError::invalid("Form", "send it from the new batch page")),
    };
    let fields = match fields {
        Ok(f) => f,
        Err(e) => return back(&state, "/dashboard/coupons/new", &e),
    };
    let ctx = &state.ctx;
    let mut template_id = fields.get("template_id");
    // An uploaded design is checked and its file stored now, but it becomes a template only in
    // the batch's own transaction: a refused form keeps nothing.
    let mut upload = None;
    if let Some(bytes) = &fields.file {
        let mut name = fields.get("template_name").trim().to_owned();
        if name.is_empty() {
            name = format!("Design for {}", fields.get("title").trim());
        }
        match templates::prepare_own(ctx, &who, &name, bytes).await {
            Ok(p) => {
                template_id = p.id.clone();
                upload = Some(p);
            }
            Err(e) => {
                return back(
                    &state,
                    "/dashboard/coupons/new",
                    &e.into_app("own template"),
                );
            }
        }
    } else if template_id.is_empty() {
        return back(
            &state,
            "/dashboard/coupons/new",
            &AppError::invalid("Template", "pick a template or upload your own design"),
        );
    }
    let batch = BatchForm {
        title: fields.get("title"),
        offer_details: fields.get("offer_details"),
        terms: fields.get("terms"),
        category: fields.get("category"),
        country: fields.get("country"),
        city: fields.get("city"),
        business_type: fields.get("business_type"),
        quantity: fields.get("quantity"),
        valid_from: fields.get("valid_from"),
        valid_until: fields.get("valid_until"),
        template_id,
        send_whatsapp: fields.ticked("send_whatsapp"),
        show_in_center: fields.ticked("show_in_center"),
        claim_limit: fields.get("claim_limit"),
    };
    let made = coupons::generate_batch_with(
        ctx,
        &who,
        &batch,
        &fields.get("request_key"),
        upload.as_ref(),
    )
    .await;
    if let Some(p) = &upload
        && !made.as_ref().is_ok_and(|b| b.template_id == p.id)
    {
        templates::discard(ctx, p).await;
    }
    match made {
        Ok(b) => Redirect::to(&format!("/dashboard/coupons/{}", b.id)).into_response(),
        Err(e) => match e.into_app("generate batch") {
            e @ (AppError::Forbidden | AppError::NotLoggedIn) => refused(e),
            e => back(&state, "/dashboard/coupons/new", &e),
        },
    }
}

/// `POST /dashboard/templates/upload`: the Super Admin adds a library template.
pub async fn upload_template(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(who) = user else {
        return to_login();
    };
    let fields = match form {
        Ok(f) => read_fields(f, "file").await,
        Err(_) => Err(AppError::invalid(
            "Form",
            "send it from the template library page",
        )),
    };
    let fields = match fields {
        Ok(f) => f,
        Err(e) => return back(&state, "/dashboard/templates", &e),
    };
    let Some(bytes) = &fields.file else {
        return back(
            &state,
            "/dashboard/templates",
            &AppError::invalid("image", "choose an image file"),
        );
    };
    let added = templates::add_library_template(
        &state.ctx,
        &who,
        &fields.get("name"),
        &fields.get("category"),
        bytes,
    )
    .await;
    match added {
        Ok(_) => Redirect::to("/dashboard/templates").into_response(),
        Err(e) => match e.into_app("library template") {
            e @ (AppError::Forbidden | AppError::NotLoggedIn) => refused(e),
            e => back(&state, "/dashboard/templates", &e),
        },
    }
}

/// `GET /dashboard/templates/{id}/image`: a template's image, for whoever may use or manage it.
pub async fn template_image(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(who) = user else {
        return refused(AppError::NotLoggedIn);
    };
    match templates::image(&state.ctx, &who, &id).await {
        Ok((bytes, mime)) => crate::routes::pages::image(bytes, mime, "private, max-age=86400"),
        Err(e) => refused(e.into_app("template image")),
    }
}

/// `GET /claim/{batch}/art`: a claimable batch's art, public (a shared link's preview image).
pub async fn batch_art(
    State(state): State<AppState>,
    Extension(RequestTenant(tenant)): Extension<RequestTenant>,
    Path(batch_id): Path<String>,
) -> Response {
    match templates::batch_art(&state.ctx, &tenant.tenant_id, &batch_id).await {
        Ok((bytes, mime)) => crate::routes::pages::image(bytes, mime, "public, max-age=3600"),
        Err(e) => refused(e.into_app("batch art")),
    }
}

/// `GET /dashboard/coupons/{id}/coupons.pdf`: the finished batch PDF, streamed from disk.
pub async fn batch_pdf(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(who) = user else {
        return refused(AppError::NotLoggedIn);
    };
    let file = match coupons::pdf_file(&state.ctx, &who, &id).await {
        Ok(f) => f,
        Err(e) => return refused(e.into_app("batch pdf")),
    };
    pdf_download(file, &format!("coupons-{id}.pdf"))
}

/// `GET /dashboard/coupons/{id}/coupons.csv`: every coupon of the batch.
pub async fn batch_csv(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Path(id): Path<String>,
) -> Response {
    let Some(who) = user else {
        return refused(AppError::NotLoggedIn);
    };
    let mut out: Vec<u8> = Vec::new();
    if let Err(e) = coupons::write_csv(&state.ctx, &who, &id, &mut out).await {
        return refused(e.into_app("batch csv"));
    }
    let disposition = format!("attachment; filename=\"coupons-{id}.csv\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        out,
    )
        .into_response()
}
