use leptos::prelude::*;

use domain::tenants::AgentSummary;

/// Every white-label agent, for the main platform's Super Admin.
#[component]
pub fn AgentsList(
    /// The agents to list.
    rows: Vec<AgentSummary>,
) -> impl IntoView {
    let empty = rows.is_empty();
    let body = rows
        .into_iter()
        .map(|a| {
            view! {
                <tr>
                    <td><a href=format!("/dashboard/agents/{}", a.tenant_id)>{a.brand_name}</a></td>
                    <td>{a.company_name}</td>
                    <td>{a.merchant_count}</td>
                    <td>{a.domains.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>"Agents"</h1>
        {empty.then(|| view! { <p>"No agents yet."</p> })}
        <table class="table">
            <thead><tr><th>"Brand"</th><th>"Company"</th><th>"Merchants"</th><th>"Custom domains"</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
