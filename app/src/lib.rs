//! The Leptos application: pages, components and server functions, compiled twice (to wasm
//! for hydration, and into the server with `ssr`).
//!
//! Server functions are thin: they check the caller through [`ssr`]'s one shared gate, call
//! the backend, and map its error to an [`error::ApiError`] the pages show.

#![recursion_limit = "256"]

pub mod api;
pub mod assets;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

#[cfg(feature = "ssr")]
use crate::pages::claim::{ClaimPage, PosterPage, ProofPage, StorePage};
#[cfg(feature = "ssr")]
use crate::pages::coupon_center::CouponCenterPage;
use crate::pages::dashboard::ad_approvals::AdApprovalsPage;
use crate::pages::dashboard::ads::AdsPage;
use crate::pages::dashboard::agent::AgentPage;
use crate::pages::dashboard::agent_wallet::AgentWalletPage;
use crate::pages::dashboard::campaigns::CampaignsPage;
use crate::pages::dashboard::coupons::{BatchPage, CouponsPage, NewBatchPage, RedeemPage};
use crate::pages::dashboard::credits::CreditsPage;
use crate::pages::dashboard::customers::CustomersPage;
use crate::pages::dashboard::ledger::LedgerPage;
use crate::pages::dashboard::lucky_draw::LuckyDrawPage;
use crate::pages::dashboard::merchant::MerchantPage;
use crate::pages::dashboard::overview::OverviewPage;
use crate::pages::dashboard::packages::PackagesPage;
use crate::pages::dashboard::payment_settings::PaymentSettingsPage;
use crate::pages::dashboard::pricing::PricingPage;
use crate::pages::dashboard::sandbox_checkout::SandboxCheckoutPage;
use crate::pages::dashboard::section::SectionPage;
use crate::pages::dashboard::site_view::SitePage;
use crate::pages::dashboard::staff::StaffPage;
use crate::pages::dashboard::statements::StatementsPage;
use crate::pages::dashboard::support::{SupportPage, SupportThreadPage};
use crate::pages::dashboard::templates::TemplatesPage;
use crate::pages::dashboard::whatsapp::WhatsAppPage;
use crate::pages::login::LoginPage;
#[cfg(feature = "ssr")]
use crate::pages::my_data::MyDataPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::signup::SignUpPage;
#[cfg(feature = "ssr")]
use crate::pages::verify::VerifyPage;
#[cfg(feature = "ssr")]
use crate::pages::wheel::WheelPage;
use domain::site::PageKind;

/// The HTML document around the app, rendered on the server only. What it loads depends on
/// the page ([`PageKind`]): a public page gets the small public script, every other page the
/// application's wasm, which hydrates it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let scripts = match PageKind::of(&request_path()) {
        PageKind::Public => {
            // Nothing hydrates this page: do not send the data of its resources again as
            // script (what Leptos' islands mode does for a page's static parts).
            if let Some(sc) = Owner::current_shared_context() {
                sc.set_is_hydrating(false);
            }
            view! {
                <script type="module" src=assets::href("/site.js")></script>
            }
            .into_any()
        }
        PageKind::App => view! {
            <AutoReload options=options.clone()/>
            <AppScripts options/>
        }
        .into_any(),
    };
    let lang = i18n::request_locale().tag();
    let offset = i18n::request_offset().0.to_string();
    view! {
        <!DOCTYPE html>
        <html lang=lang data-utc-offset=offset>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href=assets::href("/pkg/coupons.css")/>
                {scripts}
                <link rel="icon" href=assets::href("/favicon.svg") type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The path of the request being rendered (server side only).
fn request_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|p| p.uri.path().to_owned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// Loads the application's wasm and hydrates the page (what Leptos' `HydrationScripts` does,
/// with the content-hashed file names of [`assets`]).
#[component]
fn AppScripts(options: LeptosOptions) -> impl IntoView {
    let name = options.output_name.to_string();
    let js = assets::href(&format!("/pkg/{name}.js"));
    let wasm = assets::href(&format!("/pkg/{name}.wasm"));
    let start = format!(
        "import init, {{ hydrate }} from {js:?}; init({{ module_or_path: {wasm:?} }}).then(() => hydrate());"
    );
    view! {
        <link rel="modulepreload" href=js/>
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module">{start}</script>
    }
}

/// Sets `data-hydrated` on the document's body once the tasks queued by hydration have run.
/// The root's effect runs before the content of a `Suspense` (resolved from the serialised
/// resources in later microtasks) has its event handlers; a zero-delay timeout is a macrotask,
/// so it comes after them and the mark means "every handler of this page is attached".
#[cfg(feature = "hydrate")]
fn mark_hydrated() {
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}

#[cfg(not(feature = "hydrate"))]
fn mark_hydrated() {}

/// A public page (see [`PageKind`]): on the server, the page itself; in the browser app,
/// which public pages never load, a stand-in that fetches the page from the server when a
/// client-side navigation reaches it, so the wasm carries none of their code.
#[cfg(feature = "ssr")]
macro_rules! public {
    ($page:ident) => {
        $page
    };
}
#[cfg(not(feature = "ssr"))]
macro_rules! public {
    ($page:ident) => {
        LoadFromServer
    };
}

/// Stands in for a public page in the browser app: loads it from the server.
#[cfg(not(feature = "ssr"))]
#[component]
fn LoadFromServer() -> impl IntoView {
    // The router renders the route before it updates the address bar: go to the route's own
    // URL, not the one still shown.
    let at = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let (search, hash) = (at.search.get_untracked(), at.hash.get_untracked());
        let mark = |s: String, m: char| {
            if s.is_empty() || s.starts_with(m) {
                s
            } else {
                format!("{m}{s}")
            }
        };
        let url = format!(
            "{}{}{}",
            at.pathname.get_untracked(),
            mark(search, '?'),
            mark(hash, '#')
        );
        let _ = window().location().replace(&url);
    });
    view! { <p class="loading">"Loading…"</p> }
}

/// The application: every page of every tenant's site.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::request_locale());
    provide_context(i18n::request_offset());
    // Effects run only in the browser, once the page has hydrated: mark the body then, so the
    // end-to-end tests can wait for live forms instead of racing them.
    Effect::new(|_| mark_hydrated());
    view! {
        <Title text="Coupons"/>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/") view={public!(CouponCenterPage)} ssr=SsrMode::Async/>
                <Route path=path!("/claim/:batch") view={public!(ClaimPage)} ssr=SsrMode::Async/>
                <Route path=path!("/store/:id") view={public!(StorePage)} ssr=SsrMode::Async/>
                <Route path=path!("/store/:id/poster") view={public!(PosterPage)} ssr=SsrMode::Async/>
                <Route path=path!("/store/:id/wheel") view={public!(WheelPage)} ssr=SsrMode::Async/>
                <Route path=path!("/p/:token") view={public!(ProofPage)} ssr=SsrMode::Async/>
                <Route path=path!("/my-data") view={public!(MyDataPage)} ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/lucky-draw") view=LuckyDrawPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/campaigns") view=CampaignsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/ads") view=AdsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/ad-approvals") view=AdApprovalsPage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard") view=OverviewPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/merchants/:id") view=MerchantPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/agents/:id") view=AgentPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/credits") view=CreditsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/customers") view=CustomersPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/ledger") view=LedgerPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/packages") view=PackagesPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/coupons") view=CouponsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/coupons/new") view=NewBatchPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/coupons/:id") view=BatchPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/redeem") view=RedeemPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/templates") view=TemplatesPage ssr=SsrMode::Async/>
                <Route path=path!("/v/:serial/:signature") view={public!(VerifyPage)} ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/whatsapp") view=WhatsAppPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/staff") view=StaffPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/statements") view=StatementsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/support") view=SupportPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/support/:id") view=SupportThreadPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/pricing") view=PricingPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/payment-settings") view=PaymentSettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/agent-wallet") view=AgentWalletPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/site") view=SitePage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/:section") view=SectionPage ssr=SsrMode::Async/>
                <Route path=path!("/checkout/sandbox/:id") view=SandboxCheckoutPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
