use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::directory::get_merchant;
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;

/// One merchant of the caller's tenant, with its logins. Any other tenant's id is not found.
#[component]
pub fn MerchantPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, |id| async move {
        (get_session_info().await, get_merchant(id).await)
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, detail) = data.await;
                framed(session, detail, |d| {
                    let m = d.merchant;
                    let logins = d
                        .logins
                        .into_iter()
                        .map(|l| view! { <li>{l.display_name} " · " {l.email} " · " {l.role_label}</li> })
                        .collect_view();
                    view! {
                        <Title text=m.company_name.clone()/>
                        <p><a href="/dashboard/merchants">"← Merchants"</a></p>
                        <h1>{m.company_name.clone()}</h1>
                        <dl class="facts">
                            <dt>"Status"</dt><dd>{m.status.replace('_', " ")}</dd>
                            <dt>"Location"</dt><dd>{format!("{}, {}", m.city, m.country)}</dd>
                            <dt>"Joined"</dt><dd>{domain::time::date_ymd(m.created_at_ms)}</dd>
                        </dl>
                        <h2>"Logins"</h2>
                        <ul>{logins}</ul>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
