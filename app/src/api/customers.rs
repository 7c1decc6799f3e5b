//! The customer's own data (`/my-data`, on a device that proved the phone) and the merchant's
//! customer list with erasure on request (`/dashboard/customers`).

use domain::customers::{CustomerData, CustomerRow, Erased};
use leptos::prelude::*;

use crate::error::ApiError;

/// What this site holds about the customer this device proved it is; `None` when the device
/// has not proven a phone.
#[server(endpoint = "my_data")]
pub async fn get_my_data() -> Result<Option<CustomerData>, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let device = ssr::cookie(backend::claims::PROVEN_COOKIE);
    backend::customers::own_data(&ctx, &tenant.tenant_id, device.as_deref())
        .await
        .map_err(|e| ssr::backend(e, "my data"))
}

/// Withdraws this device's customer's consent to one merchant's offers.
#[server(endpoint = "withdraw_consent")]
pub async fn withdraw_consent(merchant_id: String) -> Result<(), ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let device = ssr::cookie(backend::claims::PROVEN_COOKIE);
    backend::customers::withdraw_consent(&ctx, &tenant.tenant_id, device.as_deref(), &merchant_id)
        .await
        .map_err(|e| ssr::backend(e, "withdraw consent"))
}

/// Corrects this device's customer's name and birthday.
#[server(endpoint = "correct_details")]
pub async fn correct_details(name: String, birthday: String) -> Result<(), ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let device = ssr::cookie(backend::claims::PROVEN_COOKIE);
    backend::customers::correct(&ctx, &tenant.tenant_id, device.as_deref(), &name, &birthday)
        .await
        .map_err(|e| ssr::backend(e, "correct details"))
}

/// Makes this device forget its customer: the claim form no longer fills in their details
/// here, and this page shows nothing until a phone is proven again.
#[server(endpoint = "forget_device")]
pub async fn forget_device() -> Result<(), ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        for cookie in backend::claims::forget_device_cookies(ctx.config.https) {
            if let Ok(v) = http::HeaderValue::from_str(&cookie) {
                res.append_header(http::header::SET_COOKIE, v);
            }
        }
    }
    Ok(())
}

/// The merchant's customers (name or phone containing `q`).
#[server(endpoint = "customers")]
pub async fn get_customers(q: String) -> Result<Vec<CustomerRow>, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Customers)?;
    backend::customers::list(&ctx, &who, &q)
        .await
        .map_err(|e| ssr::backend(e, "customers"))
}

/// Erases a customer's personal data on their request; `confirm` is the form's "the customer
/// asked for this" box, which must be ticked.
#[server(endpoint = "erase_customer")]
pub async fn erase_customer(
    customer_id: String,
    confirm: Option<String>,
) -> Result<Erased, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Customers)?;
    if confirm.is_none() {
        return Err(ssr::fail(domain::AppError::invalid(
            "Confirmation",
            "tick the box to confirm the customer asked for erasure",
        )));
    }
    backend::customers::erase(&ctx, &who, &customer_id)
        .await
        .map_err(|e| ssr::backend(e, "erase customer"))
}
