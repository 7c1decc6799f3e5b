use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::directory::get_agent;
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::t;

/// One agent, for the main platform's Super Admin.
#[component]
pub fn AgentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, |id| async move {
        (get_session_info().await, get_agent(id).await)
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, agent) = data.await;
                framed(session, agent, |a| {
                    view! {
                        <Title text=a.brand_name.clone()/>
                        <p><a href="/dashboard/agents">{t!("agent-back")}</a></p>
                        <h1>{a.brand_name.clone()}</h1>
                        <dl class="facts">
                            <dt>{t!("agents-company")}</dt><dd>{a.company_name}</dd>
                            <dt>{t!("agent-subdomain")}</dt><dd>{a.slug}</dd>
                            <dt>{t!("agents-merchants")}</dt><dd>{domain::i18n::count(a.merchant_count)}</dd>
                            <dt>{t!("agents-domains")}</dt><dd>{a.domains.join(", ")}</dd>
                        </dl>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
