//! Routes outside the Leptos application.

pub mod auth;
pub mod health;
pub mod pages;
