use leptos::prelude::*;

use domain::auth::MerchantKind;
use domain::tenants::MerchantSummary;

/// The merchants of the caller's tenant, newest first.
#[component]
pub fn MerchantsList(
    /// The merchants to list.
    rows: Vec<MerchantSummary>,
) -> impl IntoView {
    let empty = rows.is_empty();
    let body = rows
        .into_iter()
        .map(|m| {
            let kind = match m.kind {
                MerchantKind::Annual => "Annual",
                MerchantKind::Temporary => "Temporary",
            };
            view! {
                <tr>
                    <td><a href=format!("/dashboard/merchants/{}", m.id)>{m.company_name}</a></td>
                    <td>{kind}</td>
                    <td>{m.status.replace('_', " ")}</td>
                    <td>{format!("{}, {}", m.city, m.country)}</td>
                    <td>{domain::time::date_ymd(m.created_at_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>"Merchants"</h1>
        {empty.then(|| view! { <p>"No merchants yet."</p> })}
        <table class="table">
            <thead><tr><th>"Company"</th><th>"Type"</th><th>"Status"</th><th>"Location"</th><th>"Joined"</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
