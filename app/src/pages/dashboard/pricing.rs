use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::agents::{SetPackagePrice, SetPriceItem, get_price_sheet};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::t;
use crate::pages::dashboard::credits::credit_type_label;
use domain::agents::{PriceItem, PriceLineKind};

/// A price sheet item's name, in the page's language.
pub fn price_item_label(item: PriceItem) -> String {
    match item {
        PriceItem::AnnualFee => t!("pricing-item-annual-fee"),
        PriceItem::Ad7Days => t!("pricing-item-ad-7-days"),
        PriceItem::Ad14Days => t!("pricing-item-ad-14-days"),
        PriceItem::Ad30Days => t!("pricing-item-ad-30-days"),
    }
}

/// The master price sheet: the Super Admin sets every price and the platform cost an agent
/// pays for it; agents see the same sheet read-only with their profit per item.
#[component]
pub fn PricingPage() -> impl IntoView {
    let set_item = ServerAction::<SetPriceItem>::new();
    let set_package = ServerAction::<SetPackagePrice>::new();
    let query = use_query_map();
    let currency = move || query.with(|q| q.get("currency"));
    let data = Resource::new(
        move || {
            (
                currency(),
                set_item.version().get(),
                set_package.version().get(),
            )
        },
        |(currency, _, _)| async move { (get_session_info().await, get_price_sheet(currency).await) },
    );
    view! {
        <Title text=t!("section-pricing")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, sheet) = data.await;
                framed(session, sheet, move |sheet| {
                    let editable = sheet.editable;
                    let cur = sheet.currency.clone();
                    let rows = sheet
                        .lines
                        .into_iter()
                        .map(|l| {
                            // Items are named by the platform; packages by the Super Admin.
                            let label = match &l.kind {
                                PriceLineKind::Item(item) => price_item_label(*item),
                                PriceLineKind::Package { .. } => l.label.clone(),
                            };
                            let price_aria = t!("pricing-price-cents-for", item = &label);
                            let cost_aria = t!("pricing-cost-cents-for", item = &label);
                            let currency = l.currency.clone();
                            let (what, edit) = match l.kind.clone() {
                                PriceLineKind::Item(item) => (
                                    t!("pricing-fee"),
                                    editable.then(move || view! {
                                        <ActionForm action=set_item attr:class="inline-form">
                                            <input type="hidden" name="currency" value=currency.clone()/>
                                            <input type="hidden" name="item" value=item.as_str()/>
                                            <input name="price_minor" inputmode="numeric" size="8" aria-label=price_aria value=l.price_minor.to_string()/>
                                            <input name="platform_cost_minor" inputmode="numeric" size="8" aria-label=cost_aria value=l.platform_cost_minor.to_string()/>
                                            <button type="submit" class="ghost">{t!("common-save")}</button>
                                        </ActionForm>
                                    }.into_any()),
                                ),
                                PriceLineKind::Package { package_id, credit_type, credits, for_temporary_merchants, active } => (
                                    format!(
                                        "{}{}{}",
                                        t!("pricing-package-credits", credits = credits, kind = credit_type_label(credit_type)),
                                        if for_temporary_merchants { t!("pricing-package-temporary") } else { String::new() },
                                        if active { String::new() } else { t!("pricing-package-off") }
                                    ),
                                    editable.then(move || view! {
                                        <ActionForm action=set_package attr:class="inline-form">
                                            <input type="hidden" name="package_id" value=package_id/>
                                            <input name="price_minor" inputmode="numeric" size="8" aria-label=price_aria value=l.price_minor.to_string()/>
                                            <input name="platform_cost_minor" inputmode="numeric" size="8" aria-label=cost_aria value=l.platform_cost_minor.to_string()/>
                                            <button type="submit" class="ghost">{t!("common-save")}</button>
                                        </ActionForm>
                                    }.into_any()),
                                ),
                            };
                            view! {
                                <tr>
                                    <td>{label}</td>
                                    <td>{what}</td>
                                    <td class="num">{domain::credits::format_money(l.price_minor, &l.currency)}</td>
                                    <td class="num">{domain::credits::format_money(l.platform_cost_minor, &l.currency)}</td>
                                    <td class="num" data-testid="profit">{domain::credits::format_money(l.agent_profit_minor, &l.currency)}</td>
                                    {edit.map(|e| view! { <td>{e}</td> })}
                                </tr>
                            }
                        })
                        .collect_view();
                    let missing: Vec<PriceItem> = PriceItem::ALL.into_iter().collect();
                    let cur2 = cur.clone();
                    let add_item = editable.then(move || {
                        let options = missing
                            .into_iter()
                            .map(|i| view! { <option value=i.as_str()>{price_item_label(i)}</option> })
                            .collect_view();
                        let cur3 = cur2.clone();
                        view! {
                            <h2>{t!("pricing-set-fee")}</h2>
                            <ActionForm action=set_item attr:class="card stacked">
                                <label>{t!("pricing-item")} <select name="item">{options}</select></label>
                                <label>{t!("pricing-currency")} <input name="currency" value=cur2.clone() maxlength="3" required/></label>
                                <label>{t!("pricing-price-cents")} <input name="price_minor" inputmode="numeric" required/></label>
                                <label>{t!("pricing-cost-cents")} <input name="platform_cost_minor" inputmode="numeric" value="0"/></label>
                                <button type="submit">{t!("pricing-set-price")}</button>
                            </ActionForm>
                            <form method="get" class="filters">
                                <label>{t!("pricing-show-currency")} <input name="currency" value=cur3 maxlength="3" size="4"/></label>
                                <button type="submit" class="ghost">{t!("pricing-show")}</button>
                            </form>
                        }
                    });
                    let intro = if editable {
                        t!("pricing-intro-admin")
                    } else {
                        t!("pricing-intro-agent")
                    };
                    let error = move || {
                        set_item
                            .value()
                            .get()
                            .and_then(Result::err)
                            .or_else(|| set_package.value().get().and_then(Result::err))
                            .map(|e| view! { <ErrorPanel error=e/> })
                    };
                    view! {
                        <h1>{t!("pricing-title", currency = &cur)}</h1>
                        <p class="lead">{intro}</p>
                        {error}
                        <table class="table">
                            <thead><tr>
                                <th>{t!("pricing-item")}</th><th>{t!("pricing-what")}</th><th class="num">{t!("pricing-price")}</th><th class="num">{t!("pricing-platform-cost")}</th><th class="num">{t!("pricing-agent-profit")}</th>
                                {editable.then(|| view! { <th>{t!("pricing-change-cents")}</th> })}
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        {add_item}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
