use leptos::prelude::*;

use crate::api::directory::list_merchants;
use crate::components::error_panel::ErrorPanel;

/// The merchants of the caller's tenant.
#[component]
pub fn MerchantsList() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_merchants());
    view! {
        <h1>"Merchants"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! { <p>"No merchants yet."</p> }.into_any(),
                    Ok(rows) => {
                        let body = rows
                            .into_iter()
                            .map(|m| view! {
                                <tr>
                                    <td><a href=format!("/dashboard/merchants/{}", m.id)>{m.company_name}</a></td>
                                    <td>{match m.kind { domain::auth::MerchantKind::Annual => "Annual", domain::auth::MerchantKind::Temporary => "Temporary" }}</td>
                                    <td>{m.status.replace('_', " ")}</td>
                                    <td>{format!("{}, {}", m.city, m.country)}</td>
                                    <td>{domain::time::date_ymd(m.created_at_ms)}</td>
                                </tr>
                            })
                            .collect_view();
                        view! {
                            <table class="table">
                                <thead><tr><th>"Company"</th><th>"Type"</th><th>"Status"</th><th>"Location"</th><th>"Joined"</th></tr></thead>
                                <tbody>{body}</tbody>
                            </table>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
