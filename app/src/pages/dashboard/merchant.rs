use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::merchants_list::status_text;
use crate::api::directory::get_merchant;
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::t;

/// One merchant of the caller's tenant, with its logins. Any other tenant's id is not found.
#[component]
pub fn MerchantPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, |id| async move {
        (get_session_info().await, get_merchant(id).await)
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, detail) = data.await;
                framed(session, detail, |d| {
                    let m = d.merchant;
                    let logins = d
                        .logins
                        .into_iter()
                        .map(|l| view! { <li>{l.display_name} " · " {l.email} " · " {l.role.label_in(crate::i18n::locale())}</li> })
                        .collect_view();
                    view! {
                        <Title text=m.company_name.clone()/>
                        <p><a href="/dashboard/merchants">{t!("merchant-back")}</a></p>
                        <h1>{m.company_name.clone()}</h1>
                        <dl class="facts">
                            <dt>{t!("merchants-status")}</dt><dd>{status_text(&m.status)}</dd>
                            <dt>{t!("merchants-location")}</dt><dd>{format!("{}, {}", m.city, m.country)}</dd>
                            <dt>{t!("merchants-joined")}</dt><dd>{crate::i18n::date(m.created_at_ms)}</dd>
                        </dl>
                        <h2>{t!("merchant-logins")}</h2>
                        <ul>{logins}</ul>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
