use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::credits::{BuyPackage, get_credits};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::{t, tk};
use domain::credits::CreditType;

/// A credit type's short name for tables and menus, in the page's language.
pub fn credit_type_label(credit_type: CreditType) -> String {
    match credit_type {
        CreditType::Coupon => t!("credits-type-coupon"),
        CreditType::WaUi => t!("credits-type-wa-ui"),
        CreditType::WaBi => t!("credits-type-wa-bi"),
        CreditType::Money => t!("credits-type-money"),
    }
}

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
        <Title text=t!("section-credits")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, credits) = data.await;
                framed(session, credits, move |c| {
                    let cards = c
                        .balances
                        .into_iter()
                        .map(|b| {
                            let held = (b.held > 0).then(|| view! { <span class="held">{t!("credits-held", count = b.held)}</span> });
                            view! {
                                <div class="stat wallet" data-testid=format!("wallet-{}", b.credit_type.as_str())>
                                    <span class="label">{tk(&b.credit_type.remaining_key())}</span>
                                    <span class="n">{domain::i18n::count(b.available)}</span>
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
                                <td>{credit_type_label(p.credit_type)}</td>
                                <td class="num">{domain::i18n::count(p.credits)}</td>
                                <td class="num">{domain::credits::format_money(p.price_minor, &p.currency)}</td>
                                <td>
                                    <ActionForm action=buy>
                                        <input type="hidden" name="package_id" value=p.id/>
                                        <button type="submit">{t!("credits-buy")}</button>
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
                                <td>{crate::i18n::date(p.created_at_ms)}</td>
                                <td>{format!("{} {}", domain::i18n::count(p.credits), credit_type_label(p.credit_type))}</td>
                                <td class="num">{domain::credits::format_money(p.amount_minor, &p.currency)}</td>
                                <td>{if p.status == "paid" { t!("credits-status-paid") } else { t!("credits-status-awaiting") }}</td>
                            </tr>
                        })
                        .collect_view();
                    view! {
                        <h1>{t!("section-credits")}</h1>
                        {move || paid().then(|| view! { <p class="notice" role="status">{t!("credits-paid-notice")}</p> })}
                        <div class="stats">{cards}</div>
                        <h2>{t!("credits-buy-title")}</h2>
                        {empty.then(|| view! { <p>{t!("credits-no-packages")}</p> })}
                        <table class="table" hidden=empty>
                            <thead><tr><th>{t!("credits-col-package")}</th><th>{t!("credits-col-credits")}</th><th class="num">{t!("credits-col-amount")}</th><th class="num">{t!("credits-col-price")}</th><th></th></tr></thead>
                            <tbody>{packages}</tbody>
                        </table>
                        <h2>{t!("credits-purchases")}</h2>
                        {no_payments.then(|| view! { <p>{t!("credits-no-purchases")}</p> })}
                        <table class="table" hidden=no_payments>
                            <thead><tr><th>{t!("credits-col-date")}</th><th>{t!("credits-col-credits")}</th><th class="num">{t!("credits-col-paid")}</th><th>{t!("credits-col-status")}</th></tr></thead>
                            <tbody>{payments}</tbody>
                        </table>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
