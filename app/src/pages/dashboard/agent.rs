use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::directory::get_agent;
use crate::components::error_panel::ErrorPanel;

/// One agent, for the main platform's Super Admin.
#[component]
pub fn AgentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = Resource::new(id, get_agent);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(a) => view! {
                        <Title text=a.brand_name.clone()/>
                        <p><a href="/dashboard/agents">"← Agents"</a></p>
                        <h1>{a.brand_name.clone()}</h1>
                        <dl class="facts">
                            <dt>"Company"</dt><dd>{a.company_name}</dd>
                            <dt>"Subdomain"</dt><dd>{a.slug}</dd>
                            <dt>"Merchants"</dt><dd>{a.merchant_count}</dd>
                            <dt>"Custom domains"</dt><dd>{a.domains.join(", ")}</dd>
                        </dl>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
