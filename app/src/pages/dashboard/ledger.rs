use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use leptos::form::ActionForm;

use crate::api::credits::{AdjustCredits, AdjustForm, get_adjust_form, get_ledger};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{locale, t};
use crate::pages::dashboard::credits::credit_type_label;
use domain::credits::{Action, CreditType, LedgerLine, RelatedKind};

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
        <Title text=t!("section-ledger")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let [c, a, f, u, _] = params();
                let (session, page) = data.await;
                let filters = filter_form(&c, &a, &f, &u);
                let csv = format!("/dashboard/ledger.csv?credit_type={c}&action={a}&from={f}&until={u}");
                let older = move |next: i64| format!("/dashboard/ledger?credit_type={c}&action={a}&from={f}&until={u}&before={next}");
                framed(session, page, move |(page, form)| {
                    let currency = page.currency;
                    let rows = page
                        .lines
                        .into_iter()
                        .map(|l| line_row(l, &currency))
                        .collect_view();
                    let form = form.map(|f| adjust_form(adjust, f));
                    view! {
                        <h1>{t!("section-ledger")}</h1>
                        {filters}
                        <p><a href=csv download>{t!("ledger-download-csv")}</a></p>
                        <table class="table ledger">
                            <thead><tr>
                                <th>{t!("ledger-col-date")}</th><th>{t!("ledger-col-owner")}</th><th>{t!("ledger-col-description")}</th><th>{t!("ledger-credit-type")}</th>
                                <th>{t!("ledger-action")}</th><th class="num">{t!("ledger-col-amount")}</th><th class="num">{t!("ledger-col-balance")}</th><th>{t!("ledger-col-related")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        {page.next.map(|n| view! { <p><a href=older(n)>{t!("ledger-older")}</a></p> })}
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
    .map(|t| view! { <option value=t.as_str() selected=c == t.as_str()>{credit_type_label(t)}</option> });
    let actions = Action::ALL.map(
        |x| view! { <option value=x.as_str() selected=a == x.as_str()>{action_label(x)}</option> },
    );
    view! {
        <form class="filters" method="get" action="/dashboard/ledger">
            <label>{t!("ledger-credit-type")} <select name="credit_type"><option value="">{t!("ledger-all")}</option>{types.into_iter().collect_view()}</select></label>
            <label>{t!("ledger-action")} <select name="action"><option value="">{t!("ledger-all")}</option>{actions.into_iter().collect_view()}</select></label>
            <label>{t!("ledger-from")} <input type="date" name="from" value=f.to_owned()/></label>
            <label>{t!("ledger-until")} <input type="date" name="until" value=u.to_owned()/></label>
            <button type="submit">{t!("ledger-filter")}</button>
        </form>
    }
}

fn adjust_form(action: ServerAction<AdjustCredits>, f: AdjustForm) -> impl IntoView {
    let targets = f
        .targets
        .into_iter()
        .map(|(id, name)| view! { <option value=id>{name}</option> })
        .collect_view();
    let types = CreditType::MERCHANT
        .map(|t| view! { <option value=t.as_str()>{credit_type_label(t)}</option> });
    view! {
        <h2>{t!("ledger-adjust-title")}</h2>
        <ActionForm action=action attr:class="card stacked">
            <input type="hidden" name="token" value=f.token/>
            <label>{t!("ledger-merchant")} <select name="merchant_id">{targets}</select></label>
            <label>{t!("ledger-credit-type")} <select name="credit_type">{types.into_iter().collect_view()}</select></label>
            <label>{t!("ledger-adjust-amount")} <input name="amount" required placeholder=t!("ledger-adjust-amount-hint")/></label>
            <label>{t!("ledger-reason")} <input name="reason" required minlength="3" maxlength="250"/></label>
            <button type="submit">{t!("ledger-post")}</button>
        </ActionForm>
    }
}

fn line_row(l: LedgerLine, currency: &str) -> impl IntoView {
    let sign = if l.amount > 0 { "+" } else { "" };
    // A money wallet moves minor units (sen): written as money; credits as counts.
    let figure = |n: i64| match l.credit_type {
        CreditType::Money => domain::credits::format_money(n, currency),
        _ => domain::i18n::count(n),
    };
    let (amount, balance) = (figure(l.amount), figure(l.balance_after));
    let text = l.text(locale());
    let related = l
        .related_id
        .map(|id| format!("{} {}", related_label(l.related_kind), short(&id)))
        .unwrap_or_default();
    view! {
        <tr data-action=l.action.as_str()>
            <td>{crate::i18n::date(l.created_at_ms)}</td>
            <td>{l.owner_name}</td>
            <td>{text}</td>
            <td>{credit_type_label(l.credit_type)}</td>
            <td>{action_label(l.action)}</td>
            <td class="num">{format!("{sign}{amount}")}</td>
            <td class="num">{balance}</td>
            <td>{related}</td>
        </tr>
    }
}

/// A ledger action's name, in the page's language.
fn action_label(action: Action) -> String {
    match action {
        Action::Purchase => t!("ledger-action-purchase"),
        Action::Deduct => t!("ledger-action-deduct"),
        Action::Refund => t!("ledger-action-refund"),
        Action::Adjustment => t!("ledger-action-adjustment"),
    }
}

/// What a ledger line is about, in the page's language.
fn related_label(kind: RelatedKind) -> String {
    match kind {
        RelatedKind::CouponBatch => t!("ledger-related-coupon-batch"),
        RelatedKind::Coupon => t!("ledger-related-coupon"),
        RelatedKind::Message => t!("ledger-related-message"),
        RelatedKind::Ad => t!("ledger-related-ad"),
        RelatedKind::Payment => t!("ledger-related-payment"),
        RelatedKind::Hold => t!("ledger-related-hold"),
        RelatedKind::None => t!("ledger-related-none"),
    }
}

fn short(id: &str) -> String {
    id.chars().take(8).collect()
}
