//! The directory sections that work from the foundation on: overview counts, merchants,
//! agents, staff, and the agent's own site.

use domain::sections::Section;
use domain::tenants::{AgentSummary, MerchantDetail, MerchantSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Headline figures for the overview page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub counts: Vec<(String, i64)>,
    /// A merchant's membership (state, renewal date, the fee to pay).
    pub membership: Option<crate::api::agents::MembershipView>,
    /// For an agent's owner and finance staff: paid items of its merchants waiting for a
    /// wallet top-up, and their platform costs, formatted.
    pub waiting_for_top_up: Option<(i64, String)>,
    /// A merchant's three wallets (coupon, WhatsApp UI, WhatsApp BI), never summed.
    #[serde(default)]
    pub balances: Vec<domain::credits::WalletBalance>,
}

/// Overview figures for the signed-in user.
#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Overview)?;
    let counts = backend::tenants::overview_counts(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "overview"))?;
    let membership = if who.merchant_id().is_some() {
        Some(crate::api::agents::get_membership().await?)
    } else {
        None
    };
    let waiting_for_top_up = if Section::AgentWallet.allows(&who.role) {
        let (t, currency) = backend::agents::wallet_totals(&ctx.db, &who)
            .await
            .map_err(|e| ssr::backend(e, "overview wallet"))?;
        (t.pending_count > 0).then(|| {
            (
                t.pending_count,
                domain::credits::format_money(t.pending_costs_minor, &currency),
            )
        })
    } else {
        None
    };
    let balances = match who.merchant_id() {
        Some(m) => backend::credits::balances(
            &ctx.db,
            domain::credits::OwnerType::Merchant,
            m,
            &domain::credits::CreditType::MERCHANT,
        )
        .await
        .map_err(|e| ssr::backend(e, "overview balances"))?,
        None => Vec::new(),
    };
    Ok(Overview {
        counts,
        membership,
        waiting_for_top_up,
        balances,
    })
}

/// What a dashboard section page shows, fetched in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SectionData {
    /// The section's feature has not landed; `issue` brings it.
    Pending {
        section: Section,
        issue: u32,
    },
    Merchants(Vec<MerchantSummary>),
    Agents(Vec<AgentSummary>),
    /// A section whose page has its own route (the overview at `/dashboard`, credits,
    /// ledger, packages, support, staff): reached here only through an odd URL such as `/dashboard/overview`.
    OwnPage(Section),
}

/// The section with URL segment `slug` for the signed-in user: unknown slugs are not found,
/// known ones the role may not open are forbidden, and each landed section brings its data.
#[server(endpoint = "section")]
pub async fn open_section(slug: String) -> Result<SectionData, ApiError> {
    use crate::ssr;
    let s = Section::from_slug(&slug).ok_or_else(|| ssr::fail(domain::AppError::NotFound))?;
    let (ctx, who) = ssr::require(s)?;
    if let Some(issue) = s.pending_issue() {
        return Ok(SectionData::Pending { section: s, issue });
    }
    let db = &ctx.db;
    let data = match s {
        Section::Merchants => backend::tenants::merchants(db, &who)
            .await
            .map(SectionData::Merchants),
        Section::Agents => backend::tenants::agents(db, &who)
            .await
            .map(SectionData::Agents),
        other => Ok(SectionData::OwnPage(other)),
    };
    data.map_err(|e| ssr::backend(e, "section"))
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

/// One agent (main platform Super Admin only).
#[server(endpoint = "agent")]
pub async fn get_agent(id: String) -> Result<AgentSummary, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(Section::Agents)?;
    backend::tenants::agent(&ctx.db, &who, &id)
        .await
        .map_err(|e| ssr::backend(e, "agent"))
}
