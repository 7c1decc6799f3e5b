use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::agents::{StartTopUp, get_agent_wallet};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use domain::credits::format_money;
use domain::time::date_ymd;

/// The agent's prepaid wallet: balance, income per item, platform costs, profit, what waits
/// for a top-up, and its merchants with their states.
#[component]
pub fn AgentWalletPage() -> impl IntoView {
    let top_up = ServerAction::<StartTopUp>::new();
    let query = use_query_map();
    let paid = move || query.with(|q| q.get("paid").is_some());
    let data = Resource::new(
        move || top_up.version().get(),
        |_| async { (get_session_info().await, get_agent_wallet().await) },
    );
    view! {
        <Title text="Agent wallet"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, wallet) = data.await;
                framed(session, wallet, move |w| {
                    let s = w.summary;
                    let cur = s.currency.clone();
                    let money = move |m: i64| format_money(m, &cur);
                    let t = s.totals;
                    let waiting = (t.pending_count > 0).then(|| view! {
                        <p class="notice warn" role="alert" data-testid="waiting-banner">
                            {format!(
                                "{} paid item(s) of your merchants wait for your top-up: {} of platform costs. They complete automatically, oldest first, as soon as your wallet covers them.",
                                t.pending_count,
                                money(t.pending_costs_minor)
                            )}
                        </p>
                    });
                    let merchants = s
                        .merchants
                        .into_iter()
                        .map(|m| view! {
                            <tr>
                                <td><a href=format!("/dashboard/merchants/{}", m.merchant_id)>{m.company_name}</a></td>
                                <td>{m.kind.label()}</td>
                                <td>{m.state.label()}</td>
                                <td>{m.renews_at_ms.map(date_ymd).unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view();
                    let form = w.can_top_up.then(|| view! {
                        <h2>"Top up"</h2>
                        <ActionForm action=top_up attr:class="card stacked">
                            <label>{format!("Amount ({})", s.currency)} <input name="amount" inputmode="decimal" required placeholder="500.00"/></label>
                            <button type="submit">"Top up wallet"</button>
                        </ActionForm>
                        {move || top_up.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    });
                    view! {
                        <h1>"Agent wallet"</h1>
                        {move || paid().then(|| view! { <p class="notice" role="status">"Top-up received."</p> })}
                        {waiting}
                        <div class="stats">
                            <div class="stat wallet" data-testid="agent-balance"><span class="label">"Wallet balance"</span><span class="n">{money(s.balance_minor)}</span></div>
                            <div class="stat"><span class="label">"Annual fee income"</span><span class="n">{money(t.annual_fee_income_minor)}</span></div>
                            <div class="stat"><span class="label">"Package income"</span><span class="n">{money(t.package_income_minor)}</span></div>
                            <div class="stat"><span class="label">"Ad income"</span><span class="n">{money(t.ad_income_minor)}</span></div>
                            <div class="stat"><span class="label">"Platform costs deducted"</span><span class="n">{money(t.platform_costs_minor)}</span></div>
                            <div class="stat"><span class="label">"Profit"</span><span class="n">{money(t.profit_minor)}</span></div>
                        </div>
                        {form}
                        <h2>"Your merchants"</h2>
                        <table class="table">
                            <thead><tr><th>"Merchant"</th><th>"Kind"</th><th>"State"</th><th>"Renews"</th></tr></thead>
                            <tbody>{merchants}</tbody>
                        </table>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
