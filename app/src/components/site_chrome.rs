use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::session::SessionInfo;
use crate::i18n::{LanguageSwitch, t};

/// Where the language switch comes back to: the page's path, and on the coupon center its
/// filters (which the page shows anyway). Nothing else from the URL is carried, so text put
/// into a link by someone else is never echoed into the page.
fn here() -> String {
    let at = leptos_router::hooks::use_location();
    let path = at.pathname.get_untracked();
    if path != "/" {
        return path;
    }
    let query = at.query.get_untracked();
    let kept: Vec<String> = ["country", "city", "category", "q", "sort", "page"]
        .iter()
        .filter_map(|k| {
            query
                .get(k)
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", crate::pages::coupon_center::encode(&v)))
        })
        .collect();
    if kept.is_empty() {
        path
    } else {
        format!("/?{}", kept.join("&"))
    }
}

/// A tenant's page frame: its colours, logo and name in the header, the page inside. On an
/// agent's site everything shown is the agent's own; the platform is never named.
#[component]
pub fn SiteChrome(
    /// The site and user of this request.
    info: SessionInfo,
    /// The page title, shown after the brand name in the browser tab.
    title: String,
    /// The page.
    children: Children,
) -> impl IntoView {
    let b = info.branding;
    let style = format!(
        "--brand: {}; --accent: {};",
        b.primary_color.as_str(),
        b.accent_color.as_str()
    );
    let logo = match b.logo_url.clone() {
        Some(url) => view! { <img class="logo" src=url alt=""/> }.into_any(),
        None => {
            let initial = b.brand_name.chars().next().unwrap_or('C').to_string();
            view! { <span class="logo monogram" aria-hidden="true">{initial}</span> }.into_any()
        }
    };
    let account = match info.user {
        Some(u) => view! {
            <a class="button ghost" href="/dashboard">{t!("site-dashboard")}</a>
            <span class="who">{u.display_name}</span>
        }
        .into_any(),
        None => view! {
            <a class="button ghost" href="/signup">{t!("site-sign-up")}</a>
            " "
            <a class="button" href="/login">{t!("site-log-in")}</a>
        }
        .into_any(),
    };
    view! {
        <Title text=format!("{} · {}", title, b.brand_name)/>
        <div class="site" style=style data-tenant-kind=b.kind.as_str()>
            <header class="site-header">
                <a class="brand" href="/">{logo}<span class="brand-name">{b.brand_name.clone()}</span></a>
                <nav class="site-nav" aria-label=t!("site-nav")>{account}</nav>
            </header>
            {children()}
            <footer class="site-footer">
                <span>"© " {b.company_name}</span>
                <a href="/my-data" data-testid="footer-my-data">{t!("site-your-data")}</a>
                <LanguageSwitch back=here()/>
            </footer>
        </div>
    }
}
