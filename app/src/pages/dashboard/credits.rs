use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::credits::{BuyPackage, get_credits};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use domain::credits::format_money;
use domain::time::date_ymd;

/// The merchant's three wallets, side by side and never added up, the packages it can buy, and
/// its purchases. Credits land when the payment provider confirms the payment, not on return.
#[component]
pub fn CreditsPage() -> impl IntoView {
    let buy = ServerAction::<BuyPackage>::new();
    let query = use_query_map();
    let paid = move || query.with(|q| q.get("paid").is_some());
    let data = Resource::new(
        move || buy.version().get(),
        |_| async { (get_session_info().await, get_credits().await) },
    );
    view! {
        <Title text="Credits"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, credits) = data.await;
                framed(session, credits, move |c| {
                    let cards = c
                        .balances
                        .into_iter()
                        .map(|b| {
                            let held = (b.held > 0).then(|| view! { <span class="held">{format!("{} held for queued messages", b.held)}</span> });
                            view! {
                                <div class="stat wallet" data-testid=format!("wallet-{}", b.credit_type.as_str())>
                                    <span class="label">{b.credit_type.remaining_label()}</span>
                                    <span class="n">{b.available}</span>
                                    {held}
                                </div>
                            }
                        })
                        .collect_view();
                    let empty = c.packages.is_empty();
                    let no_payments = c.payments.is_empty();
                    let packages = c
                        .packages
                        .into_iter()
                        .map(|p| view! {
                            <tr>
                                <td>{p.name}</td>
                                <td>{p.credit_type.label()}</td>
                                <td class="num">{p.credits}</td>
                                <td class="num">{format_money(p.price_minor, &p.currency)}</td>
                                <td>
                                    <ActionForm action=buy>
                                        <input type="hidden" name="package_id" value=p.id/>
                                        <button type="submit">"Buy"</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        })
                        .collect_view();
                    let payments = c
                        .payments
                        .into_iter()
                        .map(|p| view! {
                            <tr>
                                <td>{date_ymd(p.created_at_ms)}</td>
                                <td>{format!("{} {}", p.credits, p.credit_type.label())}</td>
                                <td class="num">{format_money(p.amount_minor, &p.currency)}</td>
                                <td>{if p.status == "paid" { "Paid" } else { "Awaiting payment" }}</td>
                            </tr>
                        })
                        .collect_view();
                    view! {
                        <h1>"Credits"</h1>
                        {move || paid().then(|| view! { <p class="notice" role="status">"Payment received. Your credits have been added."</p> })}
                        <div class="stats">{cards}</div>
                        <h2>"Buy credits"</h2>
                        {empty.then(|| view! { <p>"No credit packages are on sale right now."</p> })}
                        <table class="table" hidden=empty>
                            <thead><tr><th>"Package"</th><th>"Credits"</th><th class="num">"Amount"</th><th class="num">"Price"</th><th></th></tr></thead>
                            <tbody>{packages}</tbody>
                        </table>
                        <h2>"Your purchases"</h2>
                        {no_payments.then(|| view! { <p>"No purchases yet."</p> })}
                        <table class="table" hidden=no_payments>
                            <thead><tr><th>"Date"</th><th>"Credits"</th><th class="num">"Paid"</th><th>"Status"</th></tr></thead>
                            <tbody>{payments}</tbody>
                        </table>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
