//! Components shared by several pages.

pub mod dashboard_frame;
pub mod error_banner;
pub mod error_panel;
pub mod share;
pub mod site_chrome;
