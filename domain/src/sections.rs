//! The dashboard's sections and the one rule that decides which role may open which.
//!
//! Pages, navigation and server functions all ask [`Section::allows`], so what a user sees in
//! the menu and what the server lets them do cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::auth::{MerchantKind, Permission, Role};

/// A part of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Section {
    Overview,
    Credits,
    Ledger,
    Packages,
    Coupons,
    Templates,
    LuckyDraw,
    WhatsApp,
    Campaigns,
    Customers,
    Merchants,
    Agents,
    Pricing,
    PaymentSettings,
    AgentWallet,
    Site,
    Ads,
    AdApprovals,
    Statements,
    Support,
    Staff,
}

impl Section {
    /// Every section, in menu order.
    pub const ALL: [Section; 21] = [
        Self::Overview,
        Self::Credits,
        Self::Ledger,
        Self::Packages,
        Self::Coupons,
        Self::Templates,
        Self::LuckyDraw,
        Self::WhatsApp,
        Self::Campaigns,
        Self::Customers,
        Self::Merchants,
        Self::Agents,
        Self::Pricing,
        Self::PaymentSettings,
        Self::AgentWallet,
        Self::Site,
        Self::Ads,
        Self::AdApprovals,
        Self::Statements,
        Self::Support,
        Self::Staff,
    ];

    /// The URL segment under `/dashboard/`.
    pub const fn slug(self) -> &'static str {
        match self {
            Self::Overview => "overview",
            Self::Credits => "credits",
            Self::Ledger => "ledger",
            Self::Packages => "packages",
            Self::Coupons => "coupons",
            Self::Templates => "templates",
            Self::LuckyDraw => "lucky-draw",
            Self::WhatsApp => "whatsapp",
            Self::Campaigns => "campaigns",
            Self::Customers => "customers",
            Self::Merchants => "merchants",
            Self::Agents => "agents",
            Self::Pricing => "pricing",
            Self::PaymentSettings => "payment-settings",
            Self::AgentWallet => "agent-wallet",
            Self::Site => "site",
            Self::Ads => "ads",
            Self::AdApprovals => "ad-approvals",
            Self::Statements => "statements",
            Self::Support => "support",
            Self::Staff => "staff",
        }
    }

    /// The section's page: `/dashboard` for the overview, `/dashboard/<slug>` for the rest.
    pub fn href(self) -> String {
        match self {
            Self::Overview => "/dashboard".to_owned(),
            other => format!("/dashboard/{}", other.slug()),
        }
    }

    /// Finds a section by its URL segment.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The key of the menu title in the locale files (`section-<slug>`).
    pub fn title_key(self) -> String {
        format!("section-{}", self.slug())
    }

    /// The menu title.
    pub const fn title(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Credits => "Credits",
            Self::Ledger => "Ledger",
            Self::Packages => "Credit packages",
            Self::Coupons => "Coupons",
            Self::Templates => "Template library",
            Self::LuckyDraw => "Lucky draw",
            Self::WhatsApp => "WhatsApp",
            Self::Campaigns => "Campaigns",
            Self::Customers => "Customers",
            Self::Merchants => "Merchants",
            Self::Agents => "Agents",
            Self::Pricing => "Pricing",
            Self::PaymentSettings => "Payment settings",
            Self::AgentWallet => "Agent wallet",
            Self::Site => "Site & domains",
            Self::Ads => "Ads",
            Self::AdApprovals => "Ad approvals",
            Self::Statements => "Statements",
            Self::Support => "Support inbox",
            Self::Staff => "Staff",
        }
    }

    /// The tracker issue that brings this section, while it has not landed; `None` once the
    /// section works. The page of a section that has not landed says so plainly.
    pub const fn pending_issue(self) -> Option<u32> {
        match self {
            Self::Overview
            | Self::Merchants
            | Self::Agents
            | Self::Site
            | Self::Staff
            | Self::Support
            | Self::Coupons
            | Self::Templates
            | Self::WhatsApp
            | Self::Credits
            | Self::Ledger
            | Self::Packages
            | Self::Pricing
            | Self::PaymentSettings
            | Self::AgentWallet
            | Self::LuckyDraw
            | Self::Campaigns
            | Self::Customers
            | Self::Ads
            | Self::AdApprovals
            | Self::Statements => None,
        }
    }

    /// Whether `role` may open this section. This is the only place that decides it.
    pub fn allows(self, role: &Role) -> bool {
        use Permission as P;
        let platform = |p: P| matches!(role, Role::PlatformStaff(_)) && role.has(p);
        let agent_side =
            |p: P| matches!(role, Role::AgentOwner | Role::AgentStaff(_)) && role.has(p);
        let owner = matches!(role, Role::AgentOwner);
        let merchant = matches!(role, Role::Merchant { .. });
        let annual = matches!(
            role,
            Role::Merchant {
                kind: MerchantKind::Annual,
                ..
            }
        );
        match self {
            Self::Overview => true,
            // A merchant's own three wallets and the packages it buys.
            // A merchant's own wallets, coupons and wheel, and the customers who claimed them
            // (with their data and its erasure on request).
            Self::Credits | Self::Coupons | Self::LuckyDraw | Self::Customers => merchant,
            Self::Ledger | Self::Statements => {
                merchant || platform(P::FinanceViewer) || agent_side(P::FinanceViewer)
            }
            Self::Templates | Self::Agents | Self::Packages => platform(P::SuperAdmin),
            Self::WhatsApp => merchant || owner || platform(P::SuperAdmin),
            // Campaigns are business-initiated sends: annual merchants run them, the Super Admin
            // keeps the festival calendar and reads the main platform's run logs, agent owners
            // read their merchants'. Temporary merchants buy user-initiated packages only.
            Self::Campaigns => annual || owner || platform(P::SuperAdmin),
            Self::Merchants | Self::Staff => owner || platform(P::SuperAdmin),
            Self::Pricing => owner || platform(P::SuperAdmin),
            Self::PaymentSettings | Self::Site => owner,
            Self::AgentWallet => owner || agent_side(P::FinanceViewer),
            Self::Ads => merchant || owner,
            Self::AdApprovals => platform(P::AdApprover) || agent_side(P::AdApprover),
            // Agents write to the platform and answer their merchants; merchants write to
            // their support side; staff need the Support permission.
            Self::Support => merchant || platform(P::Support) || agent_side(P::Support),
        }
    }

    /// The sections `role` may open, in menu order.
    pub fn visible_to(role: &Role) -> Vec<Section> {
        Self::ALL.into_iter().filter(|s| s.allows(role)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Permissions;

    fn staff(p: &[Permission]) -> Role {
        Role::PlatformStaff(Permissions::of(p))
    }

    #[test]
    fn every_slug_round_trips_and_is_unique() {
        for s in Section::ALL {
            assert_eq!(Section::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Section::from_slug("nope"), None);
    }

    #[test]
    fn super_admin_sees_platform_sections_but_no_merchant_wallets() {
        let v = Section::visible_to(&staff(&[Permission::SuperAdmin]));
        for s in [
            Section::Agents,
            Section::Templates,
            Section::Merchants,
            Section::AdApprovals,
        ] {
            assert!(v.contains(&s), "{s:?}");
        }
        assert!(!v.contains(&Section::Credits));
        assert!(!v.contains(&Section::PaymentSettings));
    }

    #[test]
    fn each_master_staff_permission_opens_exactly_its_own_area() {
        let support = Section::visible_to(&staff(&[Permission::Support]));
        assert_eq!(support, vec![Section::Overview, Section::Support]);
        let ads = Section::visible_to(&staff(&[Permission::AdApprover]));
        assert_eq!(ads, vec![Section::Overview, Section::AdApprovals]);
        let finance = Section::visible_to(&staff(&[Permission::FinanceViewer]));
        assert_eq!(
            finance,
            vec![Section::Overview, Section::Ledger, Section::Statements]
        );
        assert_eq!(Section::visible_to(&staff(&[])), vec![Section::Overview]);
    }

    #[test]
    fn temporary_merchants_have_no_campaigns() {
        let annual = Role::Merchant {
            merchant_id: "m".into(),
            kind: MerchantKind::Annual,
        };
        let temp = Role::Merchant {
            merchant_id: "m".into(),
            kind: MerchantKind::Temporary,
        };
        assert!(Section::Campaigns.allows(&annual));
        assert!(!Section::Campaigns.allows(&temp));
        assert!(Section::Credits.allows(&temp));
        assert!(!Section::Merchants.allows(&temp));
    }

    #[test]
    fn agent_staff_see_only_what_their_agent_granted() {
        let s = Role::AgentStaff(Permissions::of(&[Permission::Support]));
        assert_eq!(
            Section::visible_to(&s),
            vec![Section::Overview, Section::Support]
        );
        let owner = Section::visible_to(&Role::AgentOwner);
        assert!(owner.contains(&Section::PaymentSettings));
        assert!(!owner.contains(&Section::Agents));
        assert!(!owner.contains(&Section::Templates));
    }
}
