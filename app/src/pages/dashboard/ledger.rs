use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use leptos::form::ActionForm;

use crate::api::credits::{AdjustCredits, AdjustForm, get_adjust_form, get_ledger};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use domain::credits::{Action, CreditType, LedgerLine};
use domain::time::date_ymd;

/// The URL parameters of the ledger page, in the order the server function takes them.
const PARAMS: [&str; 5] = ["credit_type", "action", "from", "until", "before"];

/// The ledger, bank-statement style: newest first, filterable by credit type, action and
/// dates, paged, and downloadable as CSV. Each reader sees only the lines it may.
#[component]
pub fn LedgerPage() -> impl IntoView {
    let query = use_query_map();
    let adjust = ServerAction::<AdjustCredits>::new();
    let params = move || query.with(|q| PARAMS.map(|k| q.get(k).unwrap_or_default()));
    let data = Resource::new(
        move || (params(), adjust.version().get()),
        |([c, a, f, u, b], _)| async move {
            let page = async { Ok((get_ledger(c, a, f, u, b).await?, get_adjust_form().await?)) };
            (get_session_info().await, page.await)
        },
    );
    view! {
        <Title text="Ledger"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let [c, a, f, u, _] = params();
                let (session, page) = data.await;
                let filters = filter_form(&c, &a, &f, &u);
                let csv = format!("/dashboard/ledger.csv?credit_type={c}&action={a}&from={f}&until={u}");
                let older = move |next: i64| format!("/dashboard/ledger?credit_type={c}&action={a}&from={f}&until={u}&before={next}");
                framed(session, page, move |(page, form)| {
                    let rows = page.lines.into_iter().map(line_row).collect_view();
                    let form = form.map(|f| adjust_form(adjust, f));
                    view! {
                        <h1>"Ledger"</h1>
                        {filters}
                        <p><a href=csv download>"Download CSV"</a></p>
                        <table class="table ledger">
                            <thead><tr>
                                <th>"Date"</th><th>"Owner"</th><th>"Description"</th><th>"Credit type"</th>
                                <th>"Action"</th><th class="num">"Amount"</th><th class="num">"Balance"</th><th>"Related"</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        {page.next.map(|n| view! { <p><a href=older(n)>"Older lines →"</a></p> })}
                        {form}
                        {move || adjust.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

fn filter_form(c: &str, a: &str, f: &str, u: &str) -> impl IntoView + use<> {
    let types = [
        CreditType::Coupon,
        CreditType::WaUi,
        CreditType::WaBi,
        CreditType::Money,
    ]
    .map(|t| view! { <option value=t.as_str() selected=c == t.as_str()>{t.label()}</option> });
    let actions = Action::ALL
        .map(|x| view! { <option value=x.as_str() selected=a == x.as_str()>{x.as_str()}</option> });
    view! {
        <form class="filters" method="get" action="/dashboard/ledger">
            <label>"Credit type" <select name="credit_type"><option value="">"All"</option>{types.into_iter().collect_view()}</select></label>
            <label>"Action" <select name="action"><option value="">"All"</option>{actions.into_iter().collect_view()}</select></label>
            <label>"From" <input type="date" name="from" value=f.to_owned()/></label>
            <label>"Until" <input type="date" name="until" value=u.to_owned()/></label>
            <button type="submit">"Filter"</button>
        </form>
    }
}

fn adjust_form(action: ServerAction<AdjustCredits>, f: AdjustForm) -> impl IntoView {
    let targets = f
        .targets
        .into_iter()
        .map(|(id, name)| view! { <option value=id>{name}</option> })
        .collect_view();
    let types =
        CreditType::MERCHANT.map(|t| view! { <option value=t.as_str()>{t.label()}</option> });
    view! {
        <h2>"Adjust a merchant's credits"</h2>
        <ActionForm action=action attr:class="card stacked">
            <input type="hidden" name="token" value=f.token/>
            <label>"Merchant" <select name="merchant_id">{targets}</select></label>
            <label>"Credit type" <select name="credit_type">{types.into_iter().collect_view()}</select></label>
            <label>"Amount (negative to take away)" <input name="amount" required placeholder="50 or -20"/></label>
            <label>"Reason" <input name="reason" required minlength="3" maxlength="250"/></label>
            <button type="submit">"Post adjustment"</button>
        </ActionForm>
    }
}

fn line_row(l: LedgerLine) -> impl IntoView {
    let sign = if l.amount > 0 { "+" } else { "" };
    let related = l
        .related_id
        .map(|id| {
            format!(
                "{} {}",
                l.related_kind.as_str().replace('_', " "),
                short(&id)
            )
        })
        .unwrap_or_default();
    view! {
        <tr data-action=l.action.as_str()>
            <td>{date_ymd(l.created_at_ms)}</td>
            <td>{l.owner_name}</td>
            <td>{l.description}</td>
            <td>{l.credit_type.label()}</td>
            <td>{l.action.as_str()}</td>
            <td class="num">{format!("{sign}{}", l.amount)}</td>
            <td class="num">{l.balance_after}</td>
            <td>{related}</td>
        </tr>
    }
}

fn short(id: &str) -> String {
    id.chars().take(8).collect()
}
