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
use domain::customers::{CustomerRow, Erased};
use domain::time::date_ymd;

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
        <Title text="Customers"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, rows) = data.await;
                framed(session, rows, move |rows| customers_view(rows, &q(), erase))
            })}
        </Suspense>
    }
}

fn erased_notice(e: Erased) -> impl IntoView {
    let whole = if e.customer_erased {
        " They had no other coupons here, so their details are gone from the site."
    } else {
        " Other stores on this site keep what they hold until asked."
    };
    view! {
        <p class="notice" role="status" data-testid="erased">
            {format!(
                "Erased. {} coupon records kept without name or number; {} WhatsApp messages cleared.{whole}",
                e.claims_moved, e.messages_scrubbed
            )}
        </p>
    }
}

fn customers_view(rows: Vec<CustomerRow>, q: &str, erase: ServerAction<EraseCustomer>) -> AnyView {
    let empty = rows.is_empty().then(|| {
        view! { <p class="empty" data-testid="no-customers">"No customer matches. Customers appear here after they claim one of your coupons."</p> }
    });
    let rows = rows
        .into_iter()
        .map(|r| customer_row(r, erase))
        .collect_view();
    view! {
        <h1>"Customers"</h1>
        <p class="lead">"Everyone who claimed your coupons. A customer may ask you what you hold about them (show them this row) or to delete it: erasing keeps your coupon and credit records but replaces their name and number with “Erased customer” and clears the messages' text."</p>
        <form method="get" class="filters" role="search">
            <label>"Name or phone" <input name="q" value=q.to_owned() type="search"/></label>
            <button type="submit" class="ghost">"Find"</button>
        </form>
        {move || erase.value().get().map(|r| match r {
            Ok(e) => erased_notice(e).into_any(),
            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
        })}
        {empty}
        <div class="scroll-x"><table class="table" data-testid="customers">
            <thead><tr><th>"Name"</th><th>"Phone"</th><th>"Birthday"</th><th>"Coupons"</th><th>"Last claim"</th><th>"Offers"</th><th></th></tr></thead>
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
            <td>{r.claims}</td>
            <td>{date_ymd(r.last_claim_ms)}</td>
            <td>{if r.consented { "Agreed" } else { "No" }}</td>
            <td>
                <ActionForm action=erase attr:class="inline-erase">
                    <input type="hidden" name="customer_id" value=r.customer_id/>
                    <label class="check"><input type="checkbox" name="confirm" value="1" required/>"They asked"</label>
                    <button type="submit" class="ghost danger">"Erase personal data"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
