//! Coupon batches, the template library and redemption. Creating a batch and uploading a
//! template are plain multipart form posts handled by the server (`/dashboard/coupons/create`,
//! `/dashboard/templates/upload`), so they carry files and work with JavaScript off; the rest
//! goes through these functions.

use domain::coupons::{BatchSummary, CouponCheck, CouponLine, Redeemed, TemplateInfo};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The merchant's coupons page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponsView {
    pub batches: Vec<BatchSummary>,
    /// Coupon credits available now.
    pub balance: i64,
    /// The merchant, for its store page and poster links.
    pub merchant_id: String,
}

/// The signed-in merchant's batches, newest first, and its coupon credits.
#[server(endpoint = "coupons")]
pub async fn get_coupons() -> Result<CouponsView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Coupons)?;
    let map = |e| ssr::backend(e, "coupons page");
    let batches = backend::coupons::batches(&ctx, &who).await.map_err(map)?;
    Ok(CouponsView {
        balance: coupon_balance(&ctx, &who).await?,
        merchant_id: ssr::merchant_id(&who)?,
        batches,
    })
}

#[cfg(feature = "ssr")]
async fn coupon_balance(
    ctx: &backend::Ctx,
    who: &domain::auth::Principal,
) -> Result<i64, ApiError> {
    use crate::ssr;
    use domain::credits::{CreditType, OwnerType};
    let merchant_id = ssr::merchant_id(who)?;
    let balances = backend::credits::balances(
        &ctx.db,
        OwnerType::Merchant,
        &merchant_id,
        &[CreditType::Coupon],
    )
    .await
    .map_err(|e| ssr::backend(e, "coupon balance"))?;
    Ok(balances.first().map_or(0, |b| b.available))
}

/// What the new-batch form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBatchView {
    /// Enabled library templates and the merchant's own uploads.
    pub templates: Vec<TemplateInfo>,
    /// A fresh one-time key: submitting the form twice makes one batch.
    pub request_key: String,
    pub balance: i64,
    /// Today (UTC), `YYYY-MM-DD`, for the date fields' defaults.
    pub today: String,
}

/// The new-batch form's data.
#[server(endpoint = "new_batch")]
pub async fn get_new_batch() -> Result<NewBatchView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Coupons)?;
    let templates = backend::templates::offered(&ctx, &who)
        .await
        .map_err(|e| ssr::backend(e, "templates offered"))?;
    Ok(NewBatchView {
        templates,
        request_key: backend::ids::new_id(),
        balance: coupon_balance(&ctx, &who).await?,
        today: domain::time::date_ymd(ctx.clock.now_ms()),
    })
}

/// A batch and its first coupons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchView {
    pub batch: BatchSummary,
    pub coupons: Vec<CouponLine>,
    /// Whether more coupons follow (the CSV has them all).
    pub more: bool,
}

/// Coupons the batch page lists; the CSV export has every one.
pub const BATCH_PAGE_COUPONS: i64 = 50;

/// One batch of the signed-in merchant.
#[server(endpoint = "batch")]
pub async fn get_batch(id: String) -> Result<BatchView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Coupons)?;
    let map = |e| ssr::backend(e, "batch page");
    let batch = backend::coupons::batch(&ctx, &who, &id)
        .await
        .map_err(map)?;
    let (coupons, next) = backend::coupons::coupon_lines(&ctx, &who, &id, None, BATCH_PAGE_COUPONS)
        .await
        .map_err(map)?;
    Ok(BatchView {
        batch,
        coupons,
        more: next.is_some(),
    })
}

/// Starts (again) the batch's PDF, e.g. after a failed attempt; progress shows on its page.
#[server(endpoint = "render_batch_pdf")]
pub async fn render_batch_pdf(id: String) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Coupons)?;
    // Checks the batch is the caller's before anything starts.
    let batch = backend::coupons::batch(&ctx, &who, &id)
        .await
        .map_err(|e| ssr::backend(e, "render pdf"))?;
    if matches!(batch.pdf, domain::coupons::PdfState::Rendering { .. }) {
        return Ok(());
    }
    backend::coupons::render_again(&ctx, &who, &id)
        .await
        .map_err(|e| ssr::backend(e, "render pdf"))
}

/// Redeems a coupon by its typed serial.
#[server(endpoint = "redeem_serial")]
pub async fn redeem_serial(serial: String) -> Result<Redeemed, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Coupons)?;
    backend::coupons::redeem_serial(&ctx, &who, &serial)
        .await
        .map_err(|e| ssr::backend(e, "redeem serial"))
}

/// What the page behind a coupon's QR shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkView {
    /// Anyone but a merchant login: only whether the code is genuine (signed by us).
    Public { genuine: bool, serial: String },
    /// The merchant: the coupon, ready to redeem.
    Redeemable(CouponCheck),
}

/// Checks a coupon link. Merchants see the coupon or the reason it cannot be redeemed; anyone
/// else learns only whether the code is genuine.
#[server(endpoint = "coupon_link")]
pub async fn check_coupon_link(serial: String, signature: String) -> Result<LinkView, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let merchant = ssr::user().filter(|u| u.merchant_id().is_some());
    match merchant {
        Some(who) => backend::coupons::check_link(&ctx, &who, &serial, &signature)
            .await
            .map(LinkView::Redeemable)
            .map_err(|e| ssr::backend(e, "coupon link")),
        None => {
            let secret = backend::coupons::signing_secret(&ctx.config)
                .map_err(|e| ssr::backend(e, "signing secret"))?;
            let genuine = backend::coupons::check_signature(&secret, &serial, &signature).is_ok();
            Ok(LinkView::Public { genuine, serial })
        }
    }
}

/// Redeems the coupon of a link (the merchant pressed Redeem on the QR's page).
#[server(endpoint = "redeem_link")]
pub async fn redeem_link(serial: String, signature: String) -> Result<Redeemed, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Coupons)?;
    backend::coupons::redeem_link(&ctx, &who, &serial, &signature)
        .await
        .map_err(|e| ssr::backend(e, "redeem link"))
}

/// The Super Admin's template library.
#[server(endpoint = "template_library")]
pub async fn get_library() -> Result<Vec<TemplateInfo>, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Templates)?;
    backend::templates::library(&ctx, &who)
        .await
        .map_err(|e| ssr::backend(e, "template library"))
}

/// Renames, re-files, enables or disables a library template.
#[server(endpoint = "update_template")]
pub async fn update_template(
    id: String,
    name: String,
    category: String,
    enabled: bool,
) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Templates)?;
    backend::templates::update_library_template(&ctx, &who, &id, &name, &category, enabled)
        .await
        .map(|_| ())
        .map_err(|e| ssr::backend(e, "update template"))
}
