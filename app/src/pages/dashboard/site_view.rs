use leptos::prelude::*;

use crate::api::directory::get_site;
use crate::components::error_panel::ErrorPanel;

/// The agent's own site: its branding and the hosts it answers on.
#[component]
pub fn SiteView() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_site());
    view! {
        <h1>"Site & domains"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(s) => {
                        let hosts = s.hosts.into_iter().map(|h| view! { <li><code>{h}</code></li> }).collect_view();
                        let pending = s.unverified_domains.into_iter().map(|h| view! { <li><code>{h}</code> " (not verified)"</li> }).collect_view();
                        let b = s.branding;
                        view! {
                            <dl class="facts">
                                <dt>"Brand name"</dt><dd>{b.brand_name}</dd>
                                <dt>"Company name"</dt><dd>{b.company_name}</dd>
                                <dt>"Colours"</dt>
                                <dd>
                                    <span class="swatch" style=format!("background:{}", b.primary_color.as_str())></span>{b.primary_color.as_str().to_owned()}
                                    " "
                                    <span class="swatch" style=format!("background:{}", b.accent_color.as_str())></span>{b.accent_color.as_str().to_owned()}
                                </dd>
                            </dl>
                            <h2>"Your site answers on"</h2>
                            <ul>{hosts}{pending}</ul>
                            <p class="pending">"Adding and verifying custom domains arrives with issue #8."</p>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
