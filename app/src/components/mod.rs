//! Components shared by several pages.

pub mod error_panel;
pub mod site_chrome;
