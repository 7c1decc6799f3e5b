//! WhatsApp campaigns: the page's data (settings with their cost preview, festival choices,
//! the festival calendar for the Super Admin, run logs). Saving goes through plain form posts
//! (`server/src/routes/campaigns.rs`) so it works with JavaScript off.

use domain::campaigns::{CostPreview, Festival, FestivalChoice, RunLog, SettingsForm};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// A merchant's part of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantCampaigns {
    /// The form as shown: the draft being previewed, else the stored settings.
    pub form: SettingsForm,
    /// Whether `form` is an unsaved draft.
    pub draft: bool,
    /// The cost of `form` over the next 30 days, or why the draft cannot be previewed.
    pub preview: Result<CostPreview, String>,
    /// (id, label) of the batches a campaign may send from.
    pub batches: Vec<(String, String)>,
    /// The festivals of the merchant's country with the merchant's choice.
    pub festivals: Vec<(Festival, Option<FestivalChoice>)>,
}

/// What the campaigns page shows the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignsView {
    /// For annual merchants.
    pub merchant: Option<MerchantCampaigns>,
    /// The whole festival calendar, for the Super Admin.
    pub calendar: Option<Vec<Festival>>,
    /// Latest runs the caller may read.
    pub runs: Vec<RunLog>,
}

/// The campaigns page; `draft` is the settings form to preview (from the page's query).
#[server(endpoint = "campaigns")]
pub async fn get_campaigns(draft: Option<SettingsForm>) -> Result<CampaignsView, ApiError> {
    use crate::ssr;
    use backend::campaigns as c;
    use domain::auth::{Permission, Role};
    let (ctx, who) = ssr::require(domain::sections::Section::Campaigns)?;
    let merchant = if who.merchant_id().is_some() {
        let stored = c::settings(&ctx, &who)
            .await
            .map_err(|e| ssr::backend(e, "campaign settings"))?;
        let (form, draft_on) = match draft {
            Some(f) => (f, true),
            None => (SettingsForm::from_settings(&stored), false),
        };
        let preview = match form.parse() {
            Ok(s) => preview_of(&ctx, &who, &s).await?,
            Err(e) => Err(e.to_string()),
        };
        Some(MerchantCampaigns {
            form,
            draft: draft_on,
            preview,
            batches: c::batch_choices(&ctx, &who)
                .await
                .map_err(|e| ssr::backend(e, "campaign batches"))?,
            festivals: c::merchant_festivals(&ctx, &who)
                .await
                .map_err(|e| ssr::backend(e, "merchant festivals"))?,
        })
    } else {
        None
    };
    let calendar =
        if matches!(who.role, Role::PlatformStaff(_)) && who.role.has(Permission::SuperAdmin) {
            Some(
                c::calendar(&ctx, &who)
                    .await
                    .map_err(|e| ssr::backend(e, "festival calendar"))?,
            )
        } else {
            None
        };
    let runs = c::runs(&ctx, &who, c::LOG_ROWS_MAX)
        .await
        .map_err(|e| ssr::backend(e, "campaign runs"))?;
    Ok(CampaignsView {
        merchant,
        calendar,
        runs,
    })
}

#[cfg(feature = "ssr")]
async fn preview_of(
    ctx: &backend::Ctx,
    who: &domain::auth::Principal,
    s: &domain::campaigns::CampaignSettings,
) -> Result<Result<CostPreview, String>, ApiError> {
    match backend::campaigns::preview(ctx, who, s).await {
        Ok(p) => Ok(Ok(p)),
        Err(backend::Error::User(e)) => Ok(Err(e.to_string())),
        Err(e) => Err(crate::ssr::backend(e, "campaign preview")),
    }
}
