use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::session::get_session_info;
use crate::api::statements::{RegenerateStatements, get_statements};
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use domain::credits::OwnerType;
use domain::statements::StatementSummary;
use domain::time::date_time_utc;

/// Monthly statements, newest month first, each a PDF download; the Super Admin can
/// regenerate a month.
#[component]
pub fn StatementsPage() -> impl IntoView {
    let regenerate = ServerAction::<RegenerateStatements>::new();
    let data = Resource::new(
        move || regenerate.version().get(),
        |_| async move { (get_session_info().await, get_statements().await) },
    );
    view! {
        <Title text="Statements"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, page) = data.await;
                framed(session, page, move |page| {
                    let empty = page.statements.is_empty().then(|| {
                        view! { <p class="muted">"No statements yet. Each month's statement is made on the 1st of the next month."</p> }
                    });
                    let rows = page.statements.into_iter().map(row).collect_view();
                    let form = page.can_regenerate.then(|| regenerate_form(regenerate));
                    view! {
                        <h1>"Statements"</h1>
                        {empty}
                        <table class="table statements" data-testid="statements">
                            <thead><tr>
                                <th>"Month"</th><th>"Statement of"</th><th>"Company"</th>
                                <th>"Generated (UTC)"</th><th>"PDF"</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        {form}
                        {move || regenerate.value().get().and_then(Result::ok).map(|n| view! {
                            <p class="notice" role="status" data-testid="regenerated">{format!("{n} statements regenerated.")}</p>
                        })}
                        {move || regenerate.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

fn row(s: StatementSummary) -> impl IntoView {
    let kind = match s.owner_type {
        OwnerType::Master => "Platform",
        OwnerType::Agent => "Agent",
        OwnerType::Merchant => "Merchant",
    };
    let href = format!("/dashboard/statements/{}/statement.pdf", s.id);
    view! {
        <tr>
            <td>{s.month}</td>
            <td>{kind}</td>
            <td>{s.company_name}</td>
            <td>{date_time_utc(s.generated_at_ms)}</td>
            <td><a href=href download rel="external">"Download PDF"</a></td>
        </tr>
    }
}

fn regenerate_form(action: ServerAction<RegenerateStatements>) -> impl IntoView {
    view! {
        <h2>"Regenerate a month"</h2>
        <ActionForm action=action attr:class="card stacked">
            <label>"Month" <input type="month" name="month" required placeholder="2026-10" pattern="[0-9]{4}-[0-9]{2}"/></label>
            <button type="submit">"Regenerate every statement of this month"</button>
        </ActionForm>
    }
}
