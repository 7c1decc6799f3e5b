//! The dashboard: one layout, the overview, a page per section, and detail pages.

pub mod ad_approvals;
pub mod ads;
pub mod agent;
pub mod agent_wallet;
pub mod agents_list;
pub mod campaigns;
pub mod coupons;
pub mod credits;
pub mod customers;
pub mod ledger;
pub mod lucky_draw;
pub mod merchant;
pub mod merchants_list;
pub mod overview;
pub mod packages;
pub mod payment_settings;
pub mod pending_section;
pub mod pricing;
pub mod sandbox_checkout;
pub mod section;
pub mod site_view;
pub mod staff;
pub mod statements;
pub mod support;
pub mod templates;
pub mod whatsapp;
