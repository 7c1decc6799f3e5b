//! Routes outside the Leptos application.

pub mod ads;
pub mod assets;
pub mod auth;
pub mod campaigns;
pub mod claims;
pub mod coupons;
pub mod health;
pub mod lang;
pub mod ledger_csv;
pub mod pages;
pub mod payments;
pub mod statements;
pub mod support;
pub mod whatsapp;
