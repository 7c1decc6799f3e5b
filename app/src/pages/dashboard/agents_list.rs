use leptos::prelude::*;

use crate::i18n::{t, tk};
use domain::sections::Section;
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
                    <td>{domain::i18n::count(a.merchant_count)}</td>
                    <td>{a.domains.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{tk(&Section::Agents.title_key())}</h1>
        {empty.then(|| view! { <p>{t!("agents-none")}</p> })}
        <table class="table">
            <thead><tr><th>{t!("agents-brand")}</th><th>{t!("agents-company")}</th><th>{t!("agents-merchants")}</th><th>{t!("agents-domains")}</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
