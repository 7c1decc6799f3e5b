use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::agents::{StartTopUp, get_agent_wallet};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::t;
use domain::agents::MerchantState;
use domain::auth::MerchantKind;

/// A merchant's kind, in the page's language.
fn kind_label(kind: MerchantKind) -> String {
    match kind {
        MerchantKind::Annual => t!("wallet-kind-annual"),
        MerchantKind::Temporary => t!("wallet-kind-temporary"),
    }
}

/// A merchant's membership state, in the page's language.
fn state_label(state: MerchantState) -> String {
    match state {
        MerchantState::PendingPayment => t!("wallet-state-pending-payment"),
        MerchantState::PendingAgentTopUp => t!("wallet-state-pending-top-up"),
        MerchantState::Active => t!("wallet-state-active"),
        MerchantState::Expired => t!("wallet-state-expired"),
    }
}

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
        <Title text=t!("section-agent-wallet")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, wallet) = data.await;
                framed(session, wallet, move |w| {
                    let s = w.summary;
                    let cur = s.currency.clone();
                    let money = move |m: i64| domain::credits::format_money(m, &cur);
                    let totals = s.totals;
                    let waiting = (totals.pending_count > 0).then(|| view! {
                        <p class="notice warn" role="alert" data-testid="waiting-banner">
                            {t!(
                                "wallet-waiting",
                                count = totals.pending_count,
                                costs = money(totals.pending_costs_minor)
                            )}
                        </p>
                    });
                    let merchants = s
                        .merchants
                        .into_iter()
                        .map(|m| view! {
                            <tr>
                                <td><a href=format!("/dashboard/merchants/{}", m.merchant_id)>{m.company_name}</a></td>
                                <td>{kind_label(m.kind)}</td>
                                <td>{state_label(m.state)}</td>
                                <td>{m.renews_at_ms.map(crate::i18n::date).unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view();
                    let form = w.can_top_up.then(|| view! {
                        <h2>{t!("wallet-top-up-title")}</h2>
                        <ActionForm action=top_up attr:class="card stacked">
                            <label>{t!("wallet-amount", currency = &s.currency)} <input name="amount" inputmode="decimal" required placeholder="500.00"/></label>
                            <button type="submit">{t!("wallet-top-up-button")}</button>
                        </ActionForm>
                        {move || top_up.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    });
                    view! {
                        <h1>{t!("section-agent-wallet")}</h1>
                        {move || paid().then(|| view! { <p class="notice" role="status">{t!("wallet-received")}</p> })}
                        {waiting}
                        <div class="stats">
                            <div class="stat wallet" data-testid="agent-balance"><span class="label">{t!("wallet-balance")}</span><span class="n">{money(s.balance_minor)}</span></div>
                            <div class="stat"><span class="label">{t!("wallet-annual-fee-income")}</span><span class="n">{money(totals.annual_fee_income_minor)}</span></div>
                            <div class="stat"><span class="label">{t!("wallet-package-income")}</span><span class="n">{money(totals.package_income_minor)}</span></div>
                            <div class="stat"><span class="label">{t!("wallet-ad-income")}</span><span class="n">{money(totals.ad_income_minor)}</span></div>
                            <div class="stat"><span class="label">{t!("wallet-costs-deducted")}</span><span class="n">{money(totals.platform_costs_minor)}</span></div>
                            <div class="stat"><span class="label">{t!("wallet-profit")}</span><span class="n">{money(totals.profit_minor)}</span></div>
                        </div>
                        {form}
                        <h2>{t!("wallet-your-merchants")}</h2>
                        <table class="table">
                            <thead><tr><th>{t!("wallet-col-merchant")}</th><th>{t!("wallet-col-kind")}</th><th>{t!("wallet-col-state")}</th><th>{t!("wallet-col-renews")}</th></tr></thead>
                            <tbody>{merchants}</tbody>
                        </table>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
