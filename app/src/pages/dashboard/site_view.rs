use leptos::prelude::*;

use domain::tenants::SiteInfo;

/// The agent's own site: its branding and the hosts it answers on.
#[component]
pub fn SiteView(
    /// The site to show.
    site: SiteInfo,
) -> impl IntoView {
    let hosts = site
        .hosts
        .into_iter()
        .map(|h| view! { <li><code>{h}</code></li> })
        .collect_view();
    let pending = site
        .unverified_domains
        .into_iter()
        .map(|h| view! { <li><code>{h}</code> " (not verified)"</li> })
        .collect_view();
    let b = site.branding;
    let primary = b.primary_color.as_str().to_owned();
    let accent = b.accent_color.as_str().to_owned();
    view! {
        <h1>"Site & domains"</h1>
        <dl class="facts">
            <dt>"Brand name"</dt><dd>{b.brand_name}</dd>
            <dt>"Company name"</dt><dd>{b.company_name}</dd>
            <dt>"Colours"</dt>
            <dd>
                <span class="swatch" style=format!("background:{primary}")></span>{primary.clone()}
                " "
                <span class="swatch" style=format!("background:{accent}")></span>{accent.clone()}
            </dd>
        </dl>
        <h2>"Your site answers on"</h2>
        <ul>{hosts}{pending}</ul>
        <p class="pending">"Adding and verifying custom domains arrives with issue #8."</p>
    }
}
