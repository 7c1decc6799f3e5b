//! Shared types and pure rules of the coupon platform.
//!
//! Everything here compiles for the browser (`wasm32-unknown-unknown`) and the server alike and
//! does no I/O: parsing user input into types that cannot be wrong, the role and permission
//! model, which dashboard sections a role may open, and the errors a user can cause.

pub mod ads;
pub mod agents;
pub mod auth;
pub mod campaigns;
pub mod claims;
pub mod coupons;
pub mod credits;
pub mod customers;
pub mod error;
pub mod i18n;
pub mod lucky_draw;
pub mod sections;
pub mod site;
pub mod statements;
pub mod support;
pub mod tenants;
pub mod time;
pub mod whatsapp;

pub use error::AppError;
