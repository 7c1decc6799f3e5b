use leptos::prelude::*;

use crate::api::directory::list_agents;
use crate::components::error_panel::ErrorPanel;

/// Every white-label agent, for the main platform's Super Admin.
#[component]
pub fn AgentsList() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_agents());
    view! {
        <h1>"Agents"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! { <p>"No agents yet."</p> }.into_any(),
                    Ok(rows) => {
                        let body = rows
                            .into_iter()
                            .map(|a| view! {
                                <tr>
                                    <td><a href=format!("/dashboard/agents/{}", a.tenant_id)>{a.brand_name}</a></td>
                                    <td>{a.company_name}</td>
                                    <td>{a.merchant_count}</td>
                                    <td>{a.domains.join(", ")}</td>
                                </tr>
                            })
                            .collect_view();
                        view! {
                            <table class="table">
                                <thead><tr><th>"Brand"</th><th>"Company"</th><th>"Merchants"</th><th>"Custom domains"</th></tr></thead>
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
