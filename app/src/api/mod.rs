//! Server functions, one module per product area.

pub mod ads;
pub mod agents;
pub mod campaigns;
pub mod claims;
pub mod coupons;
pub mod credits;
pub mod customers;
pub mod directory;
pub mod session;
pub mod statements;
pub mod support;
pub mod whatsapp;
