//! Paid ads: the advertiser's page (the buy form's prices, its ads with their history and
//! daily counts), the approval queue, and the ads the coupon center shows. Buying (a multipart
//! upload), approving and rejecting are plain form posts the server handles
//! (`/dashboard/ads/create`, `/dashboard/ad-approvals/{id}/approve` and `…/reject`), so they
//! work with JavaScript off; everything read goes through these functions.

use domain::ads::{AdPrice, AdSummary, ServedAd};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// What the advertiser's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdsPageView {
    /// The price of each duration now.
    pub prices: Vec<AdPrice>,
    /// The advertiser's ads, newest first.
    pub ads: Vec<AdSummary>,
    /// Today (UTC), the earliest start date, as `YYYY-MM-DD`.
    pub today: String,
    /// The agent owner advertising on its own site: paid from its wallet, not a checkout.
    pub from_wallet: bool,
}

/// The caller's ads and the buy form's prices (merchants, and agent owners for their site).
#[server(endpoint = "ads_page")]
pub async fn get_ads_page() -> Result<AdsPageView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Ads)?;
    let prices = backend::ads::prices(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "ad prices"))?;
    let ads = backend::ads::my_ads(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "my ads"))?;
    Ok(AdsPageView {
        prices,
        ads,
        today: domain::time::date_ymd(ctx.clock.now_ms()),
        from_wallet: matches!(who.role, domain::auth::Role::AgentOwner),
    })
}

/// The approval queue of the caller's own site: paid ads waiting, oldest first. The site's
/// Ad Approvers only (the main platform's for main-platform ads, the agent's for its own).
#[server(endpoint = "ad_approvals")]
pub async fn get_ad_approvals() -> Result<Vec<AdSummary>, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::AdApprovals)?;
    backend::ads::approval_queue(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "ad approvals"))
}

/// The running ads this site shows a visitor filtering by `country` / `city` (empty: the
/// site's own country), each with its beacon token for this visitor.
#[server(endpoint = "center_ads")]
pub async fn get_center_ads(country: String, city: String) -> Result<Vec<ServedAd>, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let viewer = viewer();
    backend::ads::ads_for_page(
        &ctx,
        &tenant.tenant_id,
        Some(country.as_str()),
        Some(city.as_str()),
        &viewer,
    )
    .await
    .map_err(|e| ssr::backend(e, "center ads"))
}

/// Who is looking, for counting once per viewer per ad per day: the signed-in user, else the
/// client's address and browser (the backend only keeps a hash of it).
#[cfg(feature = "ssr")]
fn viewer() -> String {
    if let Some(u) = crate::ssr::user() {
        return format!("user:{}", u.user_id);
    }
    let agent = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    format!("anon:{}|{agent}", crate::ssr::addr())
}
