//! One module per page (dashboard pages under `dashboard`).

pub mod claim;
pub mod coupon_center;
pub mod dashboard;
pub mod login;
pub mod my_data;
pub mod not_found;
pub mod signup;
pub mod verify;
pub mod wheel;
