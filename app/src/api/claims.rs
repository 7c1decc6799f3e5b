//! The public coupon center, the claim page, store pages and the lucky-draw wheel. The Get
//! Coupon form is a plain form post handled by the server (`/claim/<batch>/get`), so it works
//! with JavaScript off; everything read, and the spin, goes through these functions.

use domain::claims::{CenterCard, CenterPage, ClaimDraft, ClaimedCoupon, Recognised};
use domain::lucky_draw::{WheelSettings, WheelView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// One page of this site's coupon center; the arguments are the URL's query parameters.
#[server(endpoint = "coupon_center")]
pub async fn get_center(
    country: String,
    city: String,
    category: String,
    q: String,
    sort: String,
    page: String,
) -> Result<CenterPage, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let query = domain::claims::CenterQuery {
        country,
        city,
        category,
        q,
        sort,
        page,
    };
    backend::claims::center(&ctx, &tenant.tenant_id, &query)
        .await
        .map_err(|e| ssr::backend(e, "coupon center"))
}

/// A claimed coupon as the claim page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownCoupon {
    pub coupon: ClaimedCoupon,
    /// The QR code of the coupon's verify link, as SVG markup made on the server.
    pub qr_svg: String,
    /// Whether the merchant's wheel may be spun after this claim.
    pub wheel: bool,
}

/// What the claim page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    /// The batch, when it can be claimed now.
    pub card: Option<CenterCard>,
    /// What this site knows about the phone number typed (after "Look up").
    pub recognised: Option<Recognised>,
    /// The phone, name and refusal to show again (after "Look up" or a refused claim).
    pub draft: ClaimDraft,
    /// The coupon just claimed on this device (`done`).
    pub shown: Option<ShownCoupon>,
}

/// The claim page's data: the batch, the draft the form left in its cookie and the recognition
/// of its phone, and the coupon of claim `done` (when given; only this device's own claim is
/// shown).
#[server(endpoint = "claim_page")]
pub async fn get_claim(batch_id: String, done: String) -> Result<ClaimView, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let device = ssr::cookie(backend::claims::DEVICE_COOKIE);
    let draft = ssr::cookie(backend::claims::DRAFT_COOKIE)
        .and_then(|c| backend::claims::read_draft(&ctx.config, &tenant.tenant_id, &batch_id, &c))
        .unwrap_or_default();
    let phone = draft.phone.clone();
    let shown = if done.is_empty() {
        None
    } else {
        let site_base = ssr::origin()?;
        let locale = ssr::locale();
        let receipt = ssr::cookie(backend::claims::RECEIPT_COOKIE);
        let coupon = backend::claims::claimed(
            &ctx,
            &tenant.tenant_id,
            &done,
            device.as_deref(),
            receipt.as_deref(),
            &site_base,
        )
        .await
        .map_err(|e| ssr::backend(e, "claimed coupon"))?;
        let qr_svg = backend::claims::qr_svg(
            &coupon.verify_url,
            &domain::i18n::t(locale, "claim-qr-label"),
        )
        .map_err(|e| ssr::backend(e, "coupon qr"))?;
        let wheel = backend::lucky_draw::wheel(&ctx, &tenant.tenant_id, &coupon.merchant_id)
            .await
            .map_err(|e| ssr::backend(e, "wheel"))?
            .is_some_and(|w| w.after_claim);
        Some(ShownCoupon {
            coupon,
            qr_svg,
            wheel,
        })
    };
    let card = backend::claims::card(&ctx, &tenant.tenant_id, &batch_id)
        .await
        .map_err(|e| ssr::backend(e, "claim card"))?;
    let recognised = if phone.trim().is_empty() || shown.is_some() {
        None
    } else {
        Some(
            backend::claims::recognise(
                &ctx,
                &tenant.tenant_id,
                &phone,
                device.as_deref(),
                &ssr::addr(),
            )
            .await
            .map_err(|e| ssr::backend(e, "recognise phone"))?,
        )
    };
    Ok(ClaimView {
        card,
        recognised,
        draft,
        shown,
    })
}

/// Where a phone proof link stands for this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProofState {
    /// This device already knows the coupon's customer.
    Remembered,
    /// The link can remember this device (once).
    Open,
    /// The link was used on a device; this one is not it.
    Used,
    /// The link is past its time.
    Expired,
}

/// The page a coupon's WhatsApp link opens: the coupon itself, and whether this device can be
/// remembered with the link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofView {
    pub shown: ShownCoupon,
    pub state: ProofState,
}

/// The coupon of phone proof link `token` (from the WhatsApp message), for whoever holds the
/// link; a link that does not open is not found.
#[server(endpoint = "proof_page")]
pub async fn get_proof(token: String) -> Result<ProofView, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let site_base = ssr::origin()?;
    let locale = ssr::locale();
    let (proof, coupon) =
        backend::claims::proof_coupon(&ctx, &tenant.tenant_id, &token, &site_base)
            .await
            .map_err(|e| ssr::backend(e, "proof page"))?;
    let device = ssr::cookie(backend::claims::DEVICE_COOKIE).and_then(|d| {
        backend::claims::device_customer(&ctx.config, &d)
            .ok()
            .flatten()
    });
    let state = if device.as_deref() == Some(proof.customer_id.as_str()) {
        ProofState::Remembered
    } else if proof.used_at_ms.is_some() {
        ProofState::Used
    } else if ctx.clock.now_ms() >= proof.expires_at_ms {
        ProofState::Expired
    } else {
        ProofState::Open
    };
    let qr_svg = backend::claims::qr_svg(
        &coupon.verify_url,
        &domain::i18n::t(locale, "claim-qr-label"),
    )
    .map_err(|e| ssr::backend(e, "coupon qr"))?;
    Ok(ProofView {
        shown: ShownCoupon {
            coupon,
            qr_svg,
            wheel: false,
        },
        state,
    })
}

/// A merchant's store page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreView {
    pub merchant_id: String,
    pub merchant_name: String,
    pub cards: Vec<CenterCard>,
    /// Whether the wheel may be spun from the store link.
    pub wheel: bool,
    /// The store page's full address, and its QR code as SVG (for the poster).
    pub store_url: String,
    pub qr_svg: String,
}

/// A merchant's in-store coupons (and its poster's QR code).
#[server(endpoint = "store_page")]
pub async fn get_store(merchant_id: String) -> Result<StoreView, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let (merchant_name, cards) = backend::claims::store(&ctx, &tenant.tenant_id, &merchant_id)
        .await
        .map_err(|e| ssr::backend(e, "store page"))?;
    let wheel = backend::lucky_draw::wheel(&ctx, &tenant.tenant_id, &merchant_id)
        .await
        .map_err(|e| ssr::backend(e, "wheel"))?
        .is_some_and(|w| w.from_store);
    let store_url = format!("{}/store/{merchant_id}", ssr::origin()?);
    let locale = ssr::locale();
    let qr_svg = backend::claims::qr_svg(&store_url, &domain::i18n::t(locale, "store-qr-label"))
        .map_err(|e| ssr::backend(e, "store qr"))?;
    Ok(StoreView {
        merchant_id,
        merchant_name,
        cards,
        wheel,
        store_url,
        qr_svg,
    })
}

/// A merchant's wheel as customers see it (`None`: no enabled wheel).
#[server(endpoint = "wheel")]
pub async fn get_wheel(merchant_id: String) -> Result<Option<WheelView>, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    backend::lucky_draw::wheel(&ctx, &tenant.tenant_id, &merchant_id)
        .await
        .map_err(|e| ssr::backend(e, "wheel"))
}

/// The merchant's lucky-draw page: the saved wheel (or none), prizes issued, the batches a
/// prize may give, and the wheel as customers see it (for the odds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LuckyDrawView {
    pub settings: WheelSettings,
    pub view: Option<WheelView>,
    pub merchant_id: String,
}

/// The signed-in merchant's wheel settings.
#[server(endpoint = "lucky_draw")]
pub async fn get_lucky_draw() -> Result<LuckyDrawView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::LuckyDraw)?;
    let merchant_id = ssr::merchant_id(&who)?;
    let settings = backend::lucky_draw::wheel_settings(&ctx, &who)
        .await
        .map_err(|e| ssr::backend(e, "wheel settings"))?;
    let view = backend::lucky_draw::wheel(&ctx, &who.tenant_id, &merchant_id)
        .await
        .map_err(|e| ssr::backend(e, "wheel"))?;
    Ok(LuckyDrawView {
        settings,
        view,
        merchant_id,
    })
}
