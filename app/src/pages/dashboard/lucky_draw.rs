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
        <Title text="Lucky draw"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
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
                    view! { <option value=id.clone() selected=sel>{format!("{title} ({left} left)")}</option> }
                })
                .collect_view();
            let given = issued.get(i).copied().filter(|_| !blank).map(|n| n.to_string()).unwrap_or_default();
            let chance = odds.get(i).cloned().filter(|_| !blank).unwrap_or_default();
            view! {
                <tr>
                    <td><input name="label" value=p.label aria-label=format!("Segment {} label", i + 1) maxlength="20"/></td>
                    <td><input name="weight" value=weight inputmode="numeric" size="5" aria-label=format!("Segment {} weight", i + 1)/></td>
                    <td>
                        <select name="batch_id" aria-label=format!("Segment {} prize", i + 1)>
                            <option value="" selected=chosen.is_empty()>"No prize"</option>
                            {options}
                        </select>
                    </td>
                    <td><input name="stock" value=stock inputmode="numeric" size="5" aria-label=format!("Segment {} stock", i + 1)/></td>
                    <td class="num">{given}</td>
                    <td class="num" data-testid="odds">{chance}</td>
                </tr>
            }
        })
        .collect_view();
    let error = view! { <ErrorBanner token=error/> };
    let saved = saved.then(|| view! { <p class="notice" role="status">"Wheel saved."</p> });
    let store = format!("/store/{}", v.merchant_id);
    let poster = format!("/store/{}/poster", v.merchant_id);
    let wheel_link = format!("/store/{}/wheel", v.merchant_id);
    view! {
        <h1>"Lucky draw"</h1>
        <p class="actions">
            <a href=store.clone()>"Store page"</a>
            <a href=poster>"Printable store poster"</a>
            <a href=wheel_link>"Your wheel as customers see it"</a>
        </p>
        {error}
        {saved}
        <form class="batch-form card" method="post" action="/dashboard/lucky-draw/save" data-testid="wheel-form">
            <p class="pending">"2 to 12 segments. A segment's chance is its weight over the weights of the segments that can still be won. A prize segment gives one coupon of its batch, up to its stock; leave a row's label and weight empty to drop it."</p>
            <table class="table">
                <thead><tr><th>"Label"</th><th>"Weight"</th><th>"Prize"</th><th>"Stock"</th><th>"Given"</th><th>"Odds now"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <fieldset class="perms">
                <legend>"Who may spin"</legend>
                <label class="check"><input type="checkbox" name="enabled" value="1" checked=enabled/>"Wheel on"</label>
                <label class="check"><input type="checkbox" name="after_claim" value="1" checked=after_claim/>"After getting one of my coupons"</label>
                <label class="check"><input type="checkbox" name="from_store" value="1" checked=from_store/>"From my store link"</label>
            </fieldset>
            <label>"Spins per customer per day"<input name="spins_per_day" value=per_day.to_string() inputmode="numeric" size="3"/></label>
            <button type="submit">"Save wheel"</button>
        </form>
    }
    .into_any()
}
