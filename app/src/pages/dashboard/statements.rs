use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::session::get_session_info;
use crate::api::statements::{RegenerateStatements, get_statements};
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::t;
use domain::credits::OwnerType;
use domain::statements::StatementSummary;

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
        <Title text=t!("section-statements")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, page) = data.await;
                framed(session, page, move |page| {
                    let empty = page.statements.is_empty().then(|| {
                        view! { <p class="muted">{t!("statements-empty")}</p> }
                    });
                    let rows = page.statements.into_iter().map(row).collect_view();
                    let form = page.can_regenerate.then(|| regenerate_form(regenerate));
                    view! {
                        <h1>{t!("section-statements")}</h1>
                        {empty}
                        <table class="table statements" data-testid="statements">
                            <thead><tr>
                                <th>{t!("statements-month")}</th><th>{t!("statements-col-of")}</th><th>{t!("statements-col-company")}</th>
                                <th>{t!("statements-col-generated")}</th><th>{t!("statements-col-pdf")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        {form}
                        {move || regenerate.value().get().and_then(Result::ok).map(|n| view! {
                            <p class="notice" role="status" data-testid="regenerated">{t!("statements-regenerated", count = n)}</p>
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
        OwnerType::Master => t!("statements-owner-platform"),
        OwnerType::Agent => t!("statements-owner-agent"),
        OwnerType::Merchant => t!("statements-owner-merchant"),
    };
    let href = format!("/dashboard/statements/{}/statement.pdf", s.id);
    view! {
        <tr>
            <td>{s.month}</td>
            <td>{kind}</td>
            <td>{s.company_name}</td>
            <td>{crate::i18n::date_time(s.generated_at_ms)}</td>
            <td><a href=href download rel="external">{t!("statements-download-pdf")}</a></td>
        </tr>
    }
}

fn regenerate_form(action: ServerAction<RegenerateStatements>) -> impl IntoView {
    view! {
        <h2>{t!("statements-regenerate-title")}</h2>
        <ActionForm action=action attr:class="card stacked">
            <label>{t!("statements-month")} <input type="month" name="month" required placeholder="2026-10" pattern="[0-9]{4}-[0-9]{2}"/></label>
            <button type="submit">{t!("statements-regenerate-button")}</button>
        </ActionForm>
    }
}
