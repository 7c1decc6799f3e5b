//! `/dashboard/lucky-draw`: the merchant's wheel: prize segments (label, weight, the batch a
//! prize gives and its stock), who may spin, spins per day, and the odds customers see. The
//! form is a plain post (`/dashboard/lucky-draw/save`), so it works with JavaScript off.

use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::claims::{LuckyDrawView, get_lucky_draw};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::t;
use domain::lucky_draw::{NewPrize, PRIZES_MAX};

/// The lucky-draw page.
#[component]
pub fn LuckyDrawPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_lucky_draw().await) },
    );
    view! {
        <Title text=t!("section-lucky-draw")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (error, saved) = query.with(|q| {
                    (q.get("error").unwrap_or_default(), q.get("saved").is_some())
                });
                let (session, page) = data.await;
                framed(session, page, move |v| lucky_draw_view(v, error, saved))
            })}
        </Suspense>
    }
}

fn lucky_draw_view(v: LuckyDrawView, error: String, saved: bool) -> AnyView {
    let wheel = v.settings.wheel.clone();
    let (enabled, after_claim, from_store, per_day) =
        wheel.as_ref().map_or((true, true, true, 1), |w| {
            (w.enabled, w.after_claim, w.from_store, w.spins_per_day)
        });
    let mut prizes: Vec<NewPrize> = wheel.map(|w| w.prizes).unwrap_or_default();
    let issued = v.settings.issued.clone();
    let odds: Vec<String> = v
        .view
        .as_ref()
        .map(|w| w.segments.iter().map(|s| s.odds.clone()).collect())
        .unwrap_or_default();
    let filled = prizes.len();
    prizes.resize(
        PRIZES_MAX.min(filled.max(4) + 2),
        NewPrize {
            label: String::new(),
            weight: 0,
            batch_id: None,
            stock: None,
        },
    );
    let batches = v.settings.batches.clone();
    let rows = prizes
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let blank = i >= filled;
            let weight = if blank { String::new() } else { p.weight.to_string() };
            let stock = p.stock.map(|s| s.to_string()).unwrap_or_default();
            let chosen = p.batch_id.clone().unwrap_or_default();
            let options = batches
                .iter()
                .map(|(id, title, left)| {
                    let sel = *id == chosen;
                    view! { <option value=id.clone() selected=sel>{t!("luckydraw-prize-option", title = title, count = *left)}</option> }
                })
                .collect_view();
            let given = issued.get(i).copied().filter(|_| !blank).map(domain::i18n::count).unwrap_or_default();
            let chance = odds.get(i).cloned().filter(|_| !blank).unwrap_or_default();
            view! {
                <tr>
                    <td><input name="label" value=p.label aria-label=t!("luckydraw-segment-label", n = i + 1) maxlength="20"/></td>
                    <td><input name="weight" value=weight inputmode="numeric" size="5" aria-label=t!("luckydraw-segment-weight", n = i + 1)/></td>
                    <td>
                        <select name="batch_id" aria-label=t!("luckydraw-segment-prize", n = i + 1)>
                            <option value="" selected=chosen.is_empty()>{t!("luckydraw-no-prize")}</option>
                            {options}
                        </select>
                    </td>
                    <td><input name="stock" value=stock inputmode="numeric" size="5" aria-label=t!("luckydraw-segment-stock", n = i + 1)/></td>
                    <td class="num">{given}</td>
                    <td class="num" data-testid="odds">{chance}</td>
                </tr>
            }
        })
        .collect_view();
    let error = view! { <ErrorBanner token=error/> };
    let saved =
        saved.then(|| view! { <p class="notice" role="status">{t!("luckydraw-saved")}</p> });
    let store = format!("/store/{}", v.merchant_id);
    let poster = format!("/store/{}/poster", v.merchant_id);
    let wheel_link = format!("/store/{}/wheel", v.merchant_id);
    view! {
        <h1>{t!("section-lucky-draw")}</h1>
        <p class="actions">
            <a href=store.clone()>{t!("coupons-store-page")}</a>
            <a href=poster>{t!("luckydraw-poster")}</a>
            <a href=wheel_link>{t!("luckydraw-wheel-link")}</a>
        </p>
        {error}
        {saved}
        <form class="batch-form card" method="post" action="/dashboard/lucky-draw/save" data-testid="wheel-form">
            <p class="pending">{t!("luckydraw-help")}</p>
            <table class="table">
                <thead><tr>
                    <th>{t!("luckydraw-col-label")}</th><th>{t!("luckydraw-col-weight")}</th><th>{t!("luckydraw-col-prize")}</th>
                    <th>{t!("luckydraw-col-stock")}</th><th>{t!("luckydraw-col-given")}</th><th>{t!("luckydraw-col-odds")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <fieldset class="perms">
                <legend>{t!("luckydraw-who")}</legend>
                <label class="check"><input type="checkbox" name="enabled" value="1" checked=enabled/>{t!("luckydraw-wheel-on")}</label>
                <label class="check"><input type="checkbox" name="after_claim" value="1" checked=after_claim/>{t!("luckydraw-after-claim")}</label>
                <label class="check"><input type="checkbox" name="from_store" value="1" checked=from_store/>{t!("luckydraw-from-store")}</label>
            </fieldset>
            <label>{t!("luckydraw-spins-per-day")}<input name="spins_per_day" value=per_day.to_string() inputmode="numeric" size="3"/></label>
            <button type="submit">{t!("luckydraw-save")}</button>
        </form>
    }
    .into_any()
}
