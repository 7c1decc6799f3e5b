//! Wallets, the ledger, packages and purchases.

use domain::credits::{LedgerPage, WalletBalance};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// A package as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageView {
    pub id: String,
    pub name: String,
    pub credit_type: domain::credits::CreditType,
    pub credits: i64,
    pub price_minor: i64,
    pub currency: String,
    pub active: bool,
}

/// A payment as the merchant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: String,
    pub credit_type: domain::credits::CreditType,
    pub credits: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    pub created_at_ms: i64,
}

/// The merchant's credits page: three balances, what it can buy, what it bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditsView {
    pub balances: Vec<WalletBalance>,
    pub packages: Vec<PackageView>,
    pub payments: Vec<PaymentView>,
}

#[cfg(feature = "ssr")]
mod convert {
    use super::{PackageView, PaymentView};
    use domain::AppError;
    use domain::credits::CreditType;

    pub fn package(p: backend::payments::Package) -> Result<PackageView, AppError> {
        Ok(PackageView {
            credit_type: CreditType::parse(&p.credit_type)?,
            id: p.id,
            name: p.name,
            credits: p.credits,
            price_minor: p.price_minor,
            currency: p.currency,
            active: p.active != 0,
        })
    }

    pub fn payment(p: backend::payments::Payment) -> Result<PaymentView, AppError> {
        Ok(PaymentView {
            credit_type: CreditType::parse(&p.credit_type)?,
            id: p.id,
            credits: p.credits,
            amount_minor: p.amount_minor,
            currency: p.currency,
            status: p.status,
            created_at_ms: p.created_at_ms,
        })
    }
}

/// The signed-in merchant's credits page.
#[server(endpoint = "credits")]
pub async fn get_credits() -> Result<CreditsView, ApiError> {
    use crate::ssr;
    use domain::credits::{CreditType, OwnerType};
    let (ctx, who) = ssr::require(domain::sections::Section::Credits)?;
    let merchant_id = ssr::merchant_id(&who)?;
    let db = &ctx.db;
    let map = |e| ssr::backend(e, "credits page");
    let balances =
        backend::credits::balances(db, OwnerType::Merchant, &merchant_id, &CreditType::MERCHANT)
            .await
            .map_err(map)?;
    let kind = match &who.role {
        domain::auth::Role::Merchant { kind, .. } => *kind,
        _ => domain::auth::MerchantKind::Annual,
    };
    let packages = backend::payments::packages_for(db, &who.tenant_id, kind)
        .await
        .map_err(map)?;
    let payments = backend::payments::recent_payments(db, &merchant_id)
        .await
        .map_err(map)?;
    Ok(CreditsView {
        balances,
        packages: packages
            .into_iter()
            .map(convert::package)
            .collect::<Result<_, _>>()
            .map_err(ssr::fail)?,
        payments: payments
            .into_iter()
            .map(convert::payment)
            .collect::<Result<_, _>>()
            .map_err(ssr::fail)?,
    })
}

/// Starts buying a package and sends the browser to the checkout.
#[server(endpoint = "buy_package")]
pub async fn buy_package(package_id: String) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Credits)?;
    let merchant_id = ssr::merchant_id(&who)?;
    let now = ctx.clock.now_ms();
    let payee =
        (who.tenant_kind == domain::tenants::TenantKind::Agent).then_some(who.tenant_id.as_str());
    let provider = backend::agents::checkout_provider(&ctx, payee)
        .await
        .map_err(|e| ssr::backend(e, "package provider"))?;
    let payment = backend::payments::start_purchase(
        &ctx.db,
        now,
        &who.tenant_id,
        &merchant_id,
        &package_id,
        provider,
    )
    .await
    .map_err(|e| ssr::backend(e, "start purchase"))?;
    crate::api::agents::redirect_to_checkout(
        provider,
        &payment.id.clone(),
        "/dashboard/credits",
        |ok, cancel| async move {
            backend::checkout::package_checkout(&ctx, &payment, ssr::locale(), &ok, &cancel).await
        },
    )
    .await
}

/// One page of the ledger lines the caller may read, filtered by the page's URL parameters.
#[server(endpoint = "ledger")]
pub async fn get_ledger(
    credit_type: String,
    action: String,
    from: String,
    until: String,
    before: String,
) -> Result<LedgerPage, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Ledger)?;
    let query = domain::credits::parse_ledger_query(&credit_type, &action, &from, &until, &before)
        .map_err(ssr::fail)?;
    let scope =
        backend::credits::ledger_scope(&who).map_err(|e| ssr::backend(e, "ledger scope"))?;
    let mut page =
        backend::credits::ledger_page(&ctx.db, &scope, &query, backend::credits::LEDGER_PAGE_ROWS)
            .await
            .map_err(|e| ssr::backend(e, "ledger page"))?;
    page.currency = ctx.config.platform.currency.clone();
    Ok(page)
}

/// Every package, for the Super Admin.
#[server(endpoint = "packages")]
pub async fn get_packages() -> Result<Vec<PackageView>, ApiError> {
    use crate::ssr;
    let (ctx, _) = ssr::require(domain::sections::Section::Packages)?;
    let all = backend::payments::packages(&ctx.db, false)
        .await
        .map_err(|e| ssr::backend(e, "packages"))?;
    all.into_iter()
        .map(convert::package)
        .collect::<Result<_, _>>()
        .map_err(ssr::fail)
}

/// Creates a package (Super Admin).
#[server(endpoint = "create_package")]
pub async fn create_package(
    name: String,
    credit_type: String,
    credits: String,
    price_minor: String,
    currency: String,
) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Packages)?;
    let new = backend::payments::NewPackage {
        name,
        credit_type,
        credits,
        price_minor,
        currency,
        ..Default::default()
    };
    backend::payments::create_package(&ctx.db, ctx.clock.now_ms(), &who, &new)
        .await
        .map_err(|e| ssr::backend(e, "create package"))?;
    Ok(())
}

/// Turns a package on or off (Super Admin).
#[server(endpoint = "set_package_active")]
pub async fn set_package_active(id: String, active: bool) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Packages)?;
    backend::payments::set_package_active(&ctx.db, &who, &id, active)
        .await
        .map_err(|e| ssr::backend(e, "package state"))
}

/// The Super Admin's adjustment form: the merchants it can target and a fresh form token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustForm {
    pub targets: Vec<(String, String)>,
    pub token: String,
}

/// The adjustment form's data, or `None` for anyone but the Super Admin.
#[server(endpoint = "adjust_form")]
pub async fn get_adjust_form() -> Result<Option<AdjustForm>, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Ledger)?;
    match backend::credits::adjust_targets(&ctx.db, &who).await {
        Ok(t) => Ok(Some(AdjustForm {
            targets: t
                .into_iter()
                .map(|t| (t.merchant_id, format!("{} ({})", t.company_name, t.site)))
                .collect(),
            token: backend::ids::random_hex(16),
        })),
        Err(backend::Error::User(domain::AppError::Forbidden)) => Ok(None),
        Err(e) => Err(ssr::backend(e, "adjust form")),
    }
}

/// Posts an adjustment (Super Admin only).
#[server(endpoint = "adjust")]
pub async fn adjust_credits(
    merchant_id: String,
    credit_type: String,
    amount: String,
    reason: String,
    token: String,
) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Ledger)?;
    let now = ctx.clock.now_ms();
    let a = backend::credits::Adjustment {
        merchant_id,
        credit_type,
        amount,
        reason,
        token,
    };
    backend::credits::adjust(&ctx.db, now, &who, &a)
        .await
        .map_err(|e| ssr::backend(e, "adjust"))?;
    Ok(())
}
