use leptos::prelude::*;

use crate::i18n::{t, tk};
use domain::auth::MerchantKind;
use domain::sections::Section;
use domain::tenants::MerchantSummary;

/// A merchant's stored status (`pending_payment`, `pending_agent_topup`, `active`,
/// `expired`) as the directory shows it; an unknown one shows with spaces for underscores.
pub fn status_text(status: &str) -> String {
    match status {
        "pending_payment" => t!("merchants-status-pending-payment"),
        "pending_agent_topup" => t!("merchants-status-pending-agent-topup"),
        "active" => t!("merchants-status-active"),
        "expired" => t!("merchants-status-expired"),
        other => other.replace('_', " "),
    }
}

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
                MerchantKind::Annual => t!("merchants-kind-annual"),
                MerchantKind::Temporary => t!("merchants-kind-temporary"),
            };
            view! {
                <tr>
                    <td><a href=format!("/dashboard/merchants/{}", m.id)>{m.company_name}</a></td>
                    <td>{kind}</td>
                    <td>{status_text(&m.status)}</td>
                    <td>{format!("{}, {}", m.city, m.country)}</td>
                    <td>{crate::i18n::date(m.created_at_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{tk(&Section::Merchants.title_key())}</h1>
        {empty.then(|| view! { <p>{t!("merchants-none")}</p> })}
        <table class="table">
            <thead><tr><th>{t!("merchants-company")}</th><th>{t!("merchants-type")}</th><th>{t!("merchants-status")}</th><th>{t!("merchants-location")}</th><th>{t!("merchants-joined")}</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
