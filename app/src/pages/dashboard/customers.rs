//! `/dashboard/customers`: the customers who claimed the merchant's coupons, found by name or
//! phone, and the erasure of one's personal data when they ask for it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::customers::{EraseCustomer, get_customers};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::t;
use domain::customers::{CustomerRow, Erased};

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let erase = ServerAction::<EraseCustomer>::new();
    let q = move || query.with(|q| q.get("q").unwrap_or_default());
    let data = Resource::new(
        move || (q(), erase.version().get()),
        |(q, _)| async move { (get_session_info().await, get_customers(q).await) },
    );
    view! {
        <Title text=t!("section-customers")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, rows) = data.await;
                framed(session, rows, move |rows| customers_view(rows, &q(), erase))
            })}
        </Suspense>
    }
}

fn erased_notice(e: Erased) -> impl IntoView {
    let text = if e.customer_erased {
        t!(
            "customers-erased-all",
            claims = e.claims_moved,
            messages = e.messages_scrubbed
        )
    } else {
        t!(
            "customers-erased-some",
            claims = e.claims_moved,
            messages = e.messages_scrubbed
        )
    };
    view! {
        <p class="notice" role="status" data-testid="erased">{text}</p>
    }
}

fn customers_view(rows: Vec<CustomerRow>, q: &str, erase: ServerAction<EraseCustomer>) -> AnyView {
    let empty = rows.is_empty().then(|| {
        view! { <p class="empty" data-testid="no-customers">{t!("customers-empty")}</p> }
    });
    let rows = rows
        .into_iter()
        .map(|r| customer_row(r, erase))
        .collect_view();
    view! {
        <h1>{t!("section-customers")}</h1>
        <p class="lead">{t!("customers-lead")}</p>
        <form method="get" class="filters" role="search">
            <label>{t!("customers-search-label")} <input name="q" value=q.to_owned() type="search"/></label>
            <button type="submit" class="ghost">{t!("customers-find")}</button>
        </form>
        {move || erase.value().get().map(|r| match r {
            Ok(e) => erased_notice(e).into_any(),
            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
        })}
        {empty}
        <div class="scroll-x"><table class="table" data-testid="customers">
            <thead><tr>
                <th>{t!("customers-col-name")}</th><th>{t!("customers-col-phone")}</th><th>{t!("customers-col-birthday")}</th>
                <th>{t!("customers-col-coupons")}</th><th>{t!("customers-col-last-claim")}</th><th>{t!("customers-col-offers")}</th><th></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
    .into_any()
}

fn customer_row(r: CustomerRow, erase: ServerAction<EraseCustomer>) -> impl IntoView {
    let phone = r.phone.clone();
    view! {
        <tr data-phone=phone>
            <td>{r.name}</td>
            <td>{r.phone}</td>
            <td>{r.birthday}</td>
            <td>{domain::i18n::count(r.claims)}</td>
            <td>{crate::i18n::date(r.last_claim_ms)}</td>
            <td>{if r.consented { t!("customers-agreed") } else { t!("common-no") }}</td>
            <td>
                <ActionForm action=erase attr:class="inline-erase">
                    <input type="hidden" name="customer_id" value=r.customer_id/>
                    <label class="check"><input type="checkbox" name="confirm" value="1" required/>{t!("customers-they-asked")}</label>
                    <button type="submit" class="ghost danger">{t!("customers-erase")}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
