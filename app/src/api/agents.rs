//! The master price sheet, agents' payment settings, wallets and domains, merchant sign-up and
//! memberships, and the one sandbox checkout every kind of payment goes through.

use domain::agents::{AgentWalletSummary, CustomDomain, MerchantState, PriceSheet, StripeKeysView};
use domain::auth::MerchantKind;
use domain::tenants::SiteInfo;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The price sheet: the Super Admin's (editable, any currency) or an agent's (read-only, with
/// the agent's profit per item).
#[server(endpoint = "price_sheet")]
pub async fn get_price_sheet(currency: Option<String>) -> Result<PriceSheet, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Pricing)?;
    let currency = currency.filter(|c| !c.trim().is_empty());
    backend::agents::price_sheet(&ctx.db, &who, currency.as_deref())
        .await
        .map_err(|e| ssr::backend(e, "price sheet"))
}

/// Sets an item's price and platform cost (Super Admin only; everyone else is refused by the
/// backend whatever the page shows).
#[server(endpoint = "set_price_item")]
pub async fn set_price_item(
    currency: String,
    item: String,
    price_minor: String,
    platform_cost_minor: String,
) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Pricing)?;
    let item = domain::agents::PriceItem::parse(&item).map_err(ssr::fail)?;
    backend::agents::set_price_item(
        &ctx.db,
        ctx.clock.now_ms(),
        &who,
        &currency,
        item,
        &price_minor,
        &platform_cost_minor,
    )
    .await
    .map_err(|e| ssr::backend(e, "set price"))?;
    Ok(())
}

/// Sets a package's price and platform cost (Super Admin only).
#[server(endpoint = "set_package_price")]
pub async fn set_package_price(
    package_id: String,
    price_minor: String,
    platform_cost_minor: String,
) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Pricing)?;
    backend::agents::set_package_price(
        &ctx.db,
        &who,
        &package_id,
        &price_minor,
        &platform_cost_minor,
    )
    .await
    .map_err(|e| ssr::backend(e, "set package price"))
}

/// The agent's payment settings page: the masked keys (if saved) and the webhook address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentSettings {
    pub keys: Option<StripeKeysView>,
    /// The deployment runs the sandbox checkout (no real money anywhere, keys unused).
    pub sandbox: bool,
    /// The full URL to give Stripe for this agent's events.
    pub webhook_url: String,
}

/// The agent's payment settings, masked.
#[server(endpoint = "payment_settings")]
pub async fn get_payment_settings() -> Result<PaymentSettings, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::PaymentSettings)?;
    let keys = backend::agents::stripe_keys(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "payment settings"))?;
    let origin = ssr::origin()?;
    Ok(PaymentSettings {
        keys,
        sandbox: ctx.config.payments.is_sandbox(),
        webhook_url: format!("{origin}{}", backend::agents::webhook_path(&who.tenant_id)),
    })
}

/// Checks the keys with Stripe and saves them sealed; a refusal says why and keeps the old ones.
#[server(endpoint = "save_payment_settings")]
pub async fn save_payment_settings(
    publishable_key: String,
    secret_key: String,
    webhook_secret: String,
) -> Result<StripeKeysView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::PaymentSettings)?;
    backend::agents::save_stripe_keys(
        &ctx,
        ctx.clock.now_ms(),
        &who,
        &publishable_key,
        &secret_key,
        &webhook_secret,
    )
    .await
    .map_err(|e| ssr::backend(e, "save payment settings"))
}

/// The agent's wallet page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentWalletView {
    pub summary: AgentWalletSummary,
    /// Whether this login may top up (the owner; Finance Viewer staff only look).
    pub can_top_up: bool,
}

/// The agent's wallet: balance, income, platform costs, profit and its merchants.
#[server(endpoint = "agent_wallet")]
pub async fn get_agent_wallet() -> Result<AgentWalletView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::AgentWallet)?;
    let summary = backend::agents::wallet_summary(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "agent wallet"))?;
    Ok(AgentWalletView {
        summary,
        can_top_up: matches!(who.role, domain::auth::Role::AgentOwner),
    })
}

/// Parses an amount typed in major units ("500", "500.5", "500.50") into minor units.
pub fn parse_major_amount(raw: &str) -> Result<i64, domain::AppError> {
    let bad = || domain::AppError::invalid("Amount", "must be an amount like 500 or 500.00");
    let t = raw.trim().replace(',', "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || whole.len() > 9
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let minor = whole * 100 + cents;
    if minor < 1 {
        return Err(domain::AppError::invalid(
            "Amount",
            "must be more than zero",
        ));
    }
    Ok(minor)
}

/// Starts a wallet top-up through the main platform's checkout and sends the browser there.
#[server(endpoint = "top_up")]
pub async fn start_top_up(amount: String) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::AgentWallet)?;
    let minor = parse_major_amount(&amount).map_err(ssr::fail)?;
    let provider = backend::agents::checkout_provider(&ctx, None)
        .await
        .map_err(|e| ssr::backend(e, "top-up provider"))?;
    let t = backend::agents::start_top_up(
        &ctx.db,
        ctx.clock.now_ms(),
        &who,
        &minor.to_string(),
        provider,
    )
    .await
    .map_err(|e| ssr::backend(e, "start top-up"))?;
    redirect_to_checkout(
        provider,
        &t.id.clone(),
        "/dashboard/agent-wallet",
        |ok, cancel| async move {
            backend::checkout::top_up_checkout(&ctx, &t, ssr::locale(), &ok, &cancel).await
        },
    )
    .await
}

/// Sends the browser to the checkout of a payment just started: Stripe's page (made by
/// `stripe` from the success and cancel URLs, both back to `back`) or the sandbox's.
#[cfg(feature = "ssr")]
pub(crate) async fn redirect_to_checkout<Fut>(
    provider: &str,
    id: &str,
    back: &str,
    stripe: impl FnOnce(String, String) -> Fut,
) -> Result<(), ApiError>
where
    Fut: std::future::Future<Output = backend::Result<String>>,
{
    if provider == "stripe" {
        let origin = crate::ssr::origin()?;
        let url = stripe(format!("{origin}{back}?paid=1"), format!("{origin}{back}"))
            .await
            .map_err(|e| crate::ssr::backend(e, "stripe checkout"))?;
        leptos_axum::redirect(&url);
    } else {
        leptos_axum::redirect(&format!("/checkout/sandbox/{id}"));
    }
    Ok(())
}

/// The agent's site page: branding, hosts and custom domains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePageData {
    pub site: SiteInfo,
    pub domains: Vec<CustomDomain>,
}

/// The agent's site and its custom domains.
#[server(endpoint = "site_page")]
pub async fn get_site_page() -> Result<SitePageData, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Site)?;
    let map = |e| ssr::backend(e, "site page");
    let site = backend::tenants::site(&ctx.db, &who, &ctx.config.main_domains)
        .await
        .map_err(map)?;
    let domains = backend::agents::domains(&ctx.db, &who).await.map_err(map)?;
    Ok(SitePageData { site, domains })
}

/// Adds a custom domain; the page then shows the TXT record that proves it.
#[server(endpoint = "add_domain")]
pub async fn add_domain(domain: String) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Site)?;
    backend::agents::add_domain(
        &ctx.db,
        ctx.clock.now_ms(),
        &who,
        &ctx.config.main_domains,
        &domain,
    )
    .await
    .map_err(|e| ssr::backend(e, "add domain"))?;
    Ok(())
}

/// Looks up the domain's TXT record now; activates the domain when the record is in place.
#[server(endpoint = "verify_domain")]
pub async fn verify_domain(domain: String) -> Result<bool, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Site)?;
    let resolver = backend::agents::SystemResolver::from_system()
        .map_err(|e| ssr::backend(e, "dns resolver"))?;
    let d = backend::agents::verify_domain(&ctx.db, ctx.clock.now_ms(), &who, &resolver, &domain)
        .await
        .map_err(|e| ssr::backend(e, "verify domain"))?;
    Ok(d.verified)
}

/// Removes a custom domain of the agent.
#[server(endpoint = "remove_domain")]
pub async fn remove_domain(domain: String) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Site)?;
    backend::agents::remove_domain(&ctx.db, &who, &domain)
        .await
        .map_err(|e| ssr::backend(e, "remove domain"))
}

/// What the sign-up page needs to know about the site it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpInfo {
    pub brand_name: String,
    pub country: String,
    /// The annual fee on this site, formatted (`None` while the Super Admin has not set one).
    pub annual_fee: Option<String>,
}

/// The sign-up page's facts about this site.
#[server(endpoint = "sign_up_info")]
pub async fn get_sign_up_info() -> Result<SignUpInfo, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let terms = backend::memberships::site_terms(&ctx.db, &tenant.tenant_id)
        .await
        .map_err(|e| ssr::backend(e, "sign-up info"))?;
    Ok(SignUpInfo {
        brand_name: tenant.brand_name,
        annual_fee: terms
            .annual_fee_minor
            .map(|minor| domain::credits::format_money(minor, &terms.currency)),
        country: terms.country,
    })
}

/// Signs a business up on this site and logs its owner in.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    company_name: String,
    kind: String,
    country: String,
    city: String,
    display_name: String,
    email: String,
    password: String,
) -> Result<(), ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let tenant = ssr::tenant()?;
    let form = backend::memberships::MerchantSignUp {
        company_name,
        kind,
        country,
        city,
        display_name,
        email,
        password,
    };
    let now = ctx.clock.now_ms();
    let new =
        backend::memberships::sign_up_merchant(&ctx, now, &tenant.tenant_id, &form, &ssr::addr())
            .await
            .map_err(|e| ssr::backend(e, "sign up"))?;
    let token = backend::auth::start_session(&ctx, &new.user_id, &tenant.tenant_id)
        .await
        .map_err(|e| ssr::backend(e, "sign-up session"))?;
    let ttl = i64::from(ctx.config.session_ttl_hours) * 3600;
    let cookie = backend::auth::session_cookie(token.expose(), ttl, ctx.config.https);
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        res.append_header(http::header::SET_COOKIE, v);
    }
    leptos_axum::redirect("/dashboard");
    Ok(())
}

/// A merchant's membership as the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipView {
    pub kind: MerchantKind,
    pub state: MerchantState,
    pub renews_at_ms: Option<i64>,
    /// The annual fee on this site, formatted, for the pay button.
    pub annual_fee: Option<String>,
}

/// The signed-in merchant's membership.
#[server(endpoint = "membership")]
pub async fn get_membership() -> Result<MembershipView, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let who = ssr::require_user()?;
    let now = ctx.clock.now_ms();
    let m = backend::memberships::membership(&ctx.db, now, &who)
        .await
        .map_err(|e| ssr::backend(e, "membership"))?;
    let terms = backend::memberships::site_terms(&ctx.db, &who.tenant_id)
        .await
        .map_err(|e| ssr::backend(e, "membership fee"))?;
    Ok(MembershipView {
        kind: m.kind,
        state: m.state,
        renews_at_ms: m.renews_at_ms,
        annual_fee: terms
            .annual_fee_minor
            .map(|minor| domain::credits::format_money(minor, &terms.currency)),
    })
}

/// Starts paying the annual fee (new, renewal or after expiry) and sends the browser to the
/// checkout of whoever collects it.
#[server(endpoint = "pay_annual_fee")]
pub async fn pay_annual_fee() -> Result<(), ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let who = ssr::require_user()?;
    let payee =
        (who.tenant_kind == domain::tenants::TenantKind::Agent).then_some(who.tenant_id.as_str());
    let provider = backend::agents::checkout_provider(&ctx, payee)
        .await
        .map_err(|e| ssr::backend(e, "annual fee provider"))?;
    let m =
        backend::memberships::start_membership_payment(&ctx.db, ctx.clock.now_ms(), &who, provider)
            .await
            .map_err(|e| ssr::backend(e, "annual fee"))?;
    redirect_to_checkout(
        provider,
        &m.id.clone(),
        "/dashboard",
        |ok, cancel| async move {
            backend::checkout::membership_checkout(&ctx, &m, ssr::locale(), &ok, &cancel).await
        },
    )
    .await
}

/// A payment waiting in the sandbox checkout, whatever it pays for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub id: String,
    /// What is being paid for, e.g. "250 Coupon credits" or "Annual merchant fee".
    pub description: domain::i18n::Message,
    pub amount_minor: i64,
    pub currency: String,
    pub paid: bool,
    /// Where to go back to, and the catalogue key of what to call it.
    pub back_href: String,
    pub back_label: String,
}

/// One of the caller's own payments (package, annual fee or, for an agent's owner, top-up), for
/// the sandbox checkout page; anyone else's is not found.
#[server(endpoint = "checkout")]
pub async fn get_checkout(id: String) -> Result<CheckoutView, ApiError> {
    use crate::ssr;
    let ctx = ssr::ctx()?;
    let who = ssr::require_user()?;
    backend::checkout::sandbox_checkout(&ctx, &who, &id)
        .await
        .map(|c| CheckoutView {
            id: c.id,
            description: c.description,
            amount_minor: c.amount_minor,
            currency: c.currency,
            paid: c.paid,
            back_href: c.back_href.to_owned(),
            back_label: c.back_label.to_owned(),
        })
        .map_err(|e| ssr::backend(e, "checkout"))
}
