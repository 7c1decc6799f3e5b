use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::agents::{SetPackagePrice, SetPriceItem, get_price_sheet};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use domain::agents::{PriceItem, PriceLineKind};
use domain::credits::format_money;

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
        <Title text="Pricing"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, sheet) = data.await;
                framed(session, sheet, move |sheet| {
                    let editable = sheet.editable;
                    let cur = sheet.currency.clone();
                    let rows = sheet
                        .lines
                        .into_iter()
                        .map(|l| {
                            let label = l.label.clone();
                            let currency = l.currency.clone();
                            let (what, edit) = match l.kind.clone() {
                                PriceLineKind::Item(item) => (
                                    "Fee".to_owned(),
                                    editable.then(move || view! {
                                        <ActionForm action=set_item attr:class="inline-form">
                                            <input type="hidden" name="currency" value=currency.clone()/>
                                            <input type="hidden" name="item" value=item.as_str()/>
                                            <input name="price_minor" inputmode="numeric" size="8" aria-label=format!("{label} price in cents") value=l.price_minor.to_string()/>
                                            <input name="platform_cost_minor" inputmode="numeric" size="8" aria-label=format!("{label} platform cost in cents") value=l.platform_cost_minor.to_string()/>
                                            <button type="submit" class="ghost">"Save"</button>
                                        </ActionForm>
                                    }.into_any()),
                                ),
                                PriceLineKind::Package { package_id, credit_type, credits, for_temporary_merchants, active } => (
                                    format!(
                                        "{credits} {} credits{}{}",
                                        credit_type.label(),
                                        if for_temporary_merchants { ", temporary merchants" } else { "" },
                                        if active { "" } else { " (off sale)" }
                                    ),
                                    editable.then(move || view! {
                                        <ActionForm action=set_package attr:class="inline-form">
                                            <input type="hidden" name="package_id" value=package_id/>
                                            <input name="price_minor" inputmode="numeric" size="8" aria-label=format!("{label} price in cents") value=l.price_minor.to_string()/>
                                            <input name="platform_cost_minor" inputmode="numeric" size="8" aria-label=format!("{label} platform cost in cents") value=l.platform_cost_minor.to_string()/>
                                            <button type="submit" class="ghost">"Save"</button>
                                        </ActionForm>
                                    }.into_any()),
                                ),
                            };
                            view! {
                                <tr>
                                    <td>{l.label.clone()}</td>
                                    <td>{what}</td>
                                    <td class="num">{format_money(l.price_minor, &l.currency)}</td>
                                    <td class="num">{format_money(l.platform_cost_minor, &l.currency)}</td>
                                    <td class="num" data-testid="profit">{format_money(l.agent_profit_minor, &l.currency)}</td>
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
                            .map(|i| view! { <option value=i.as_str()>{i.label()}</option> })
                            .collect_view();
                        let cur3 = cur2.clone();
                        view! {
                            <h2>"Set a fee"</h2>
                            <ActionForm action=set_item attr:class="card stacked">
                                <label>"Item" <select name="item">{options}</select></label>
                                <label>"Currency" <input name="currency" value=cur2.clone() maxlength="3" required/></label>
                                <label>"Price in cents" <input name="price_minor" inputmode="numeric" required/></label>
                                <label>"Platform cost in cents" <input name="platform_cost_minor" inputmode="numeric" value="0"/></label>
                                <button type="submit">"Set price"</button>
                            </ActionForm>
                            <form method="get" class="filters">
                                <label>"Show currency " <input name="currency" value=cur3 maxlength="3" size="4"/></label>
                                <button type="submit" class="ghost">"Show"</button>
                            </form>
                        }
                    });
                    let intro = if editable {
                        "Prices merchants pay, and the platform cost charged to an agent's wallet when one of its merchants buys the item. Agents see this sheet read-only."
                    } else {
                        "The platform sets these prices. When one of your merchants buys an item, the platform cost is deducted from your wallet and the rest is your profit."
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
                        <h1>{format!("Pricing ({cur})")}</h1>
                        <p class="lead">{intro}</p>
                        {error}
                        <table class="table">
                            <thead><tr>
                                <th>"Item"</th><th>"What"</th><th class="num">"Price"</th><th class="num">"Platform cost"</th><th class="num">"Agent profit"</th>
                                {editable.then(|| view! { <th>"Change (cents)"</th> })}
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
