//! The directory sections that work from the foundation on: overview counts, merchants,
//! agents, staff, and the agent's own site.

use domain::sections::Section;
use domain::tenants::{AgentSummary, MerchantDetail, MerchantSummary, SiteInfo, StaffMember};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Headline figures for the overview page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub counts: Vec<(String, i64)>,
}

/// Overview figures for the signed-in user.
#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Overview)?;
    let counts = backend::tenants::overview_counts(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "overview"))?;
    Ok(Overview { counts })
}

/// Whether the signed-in user may open the section with URL segment `slug`. Unknown slugs are
/// not found; known ones the role may not open are forbidden.
#[server(endpoint = "section")]
pub async fn open_section(slug: String) -> Result<Section, ApiError> {
    use crate::ssr;
    let s = Section::from_slug(&slug).ok_or_else(|| ssr::fail(domain::AppError::NotFound))?;
    ssr::require(s)?;
    Ok(s)
}

/// The merchants of the caller's tenant.
#[server(endpoint = "merchants")]
pub async fn list_merchants() -> Result<Vec<MerchantSummary>, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Merchants)?;
    backend::tenants::merchants(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "merchants"))
}

/// One merchant of the caller's tenant.
#[server(endpoint = "merchant")]
pub async fn get_merchant(id: String) -> Result<MerchantDetail, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Merchants)?;
    backend::tenants::merchant(&ctx.db, &who, &id)
        .await
        .map_err(|e| ssr::backend(e, "merchant"))
}

/// Every agent (main platform Super Admin only).
#[server(endpoint = "agents")]
pub async fn list_agents() -> Result<Vec<AgentSummary>, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Agents)?;
    backend::tenants::agents(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "agents"))
}

/// One agent (main platform Super Admin only).
#[server(endpoint = "agent")]
pub async fn get_agent(id: String) -> Result<AgentSummary, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Agents)?;
    backend::tenants::agent(&ctx.db, &who, &id)
        .await
        .map_err(|e| ssr::backend(e, "agent"))
}

/// The staff of the caller's tenant.
#[server(endpoint = "staff")]
pub async fn list_staff() -> Result<Vec<StaffMember>, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Staff)?;
    backend::tenants::staff(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "staff"))
}

/// The agent's own site: branding and hosts.
#[server(endpoint = "site")]
pub async fn get_site() -> Result<SiteInfo, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Site)?;
    backend::tenants::site(&ctx.db, &who, &ctx.config.main_domains)
        .await
        .map_err(|e| ssr::backend(e, "site"))
}
