use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::session::get_session_info;
use crate::api::whatsapp::{PhoneView, WhatsAppView, get_whatsapp};
use crate::components::dashboard_frame::framed;
use domain::time::date_time_utc;
use domain::whatsapp::MessageLog;

/// `/dashboard/whatsapp`: counts per day and class, totals, the message log (filter by status
/// and class, paged, CSV), and the sandbox's phone view.
#[component]
pub fn WhatsAppPage() -> impl IntoView {
    let query = use_query_map();
    let params =
        move || query.with(|q| ["status", "class", "offset"].map(|k| q.get(k).unwrap_or_default()));
    let data = Resource::new(params, |[s, c, o]| async move {
        (get_session_info().await, get_whatsapp(s, c, o).await)
    });
    view! {
        <Title text="WhatsApp"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let [s, c, _] = params();
                let (session, page) = data.await;
                framed(session, page, move |v| whatsapp_view(v, &s, &c))
            })}
        </Suspense>
    }
}

fn whatsapp_view(v: WhatsAppView, status: &str, class: &str) -> AnyView {
    let warning = (v.refused_no_credits > 0).then(|| view! {
        <p class="form-error" role="alert" data-testid="wa-no-credits">
            {format!("{} WhatsApp messages were not sent in the last 7 days because there were not enough credits. ", v.refused_no_credits)}
            <a href="/dashboard/credits">"Buy credits"</a>
        </p>
    });
    let daily = v.daily.into_iter().map(|d| view! {
        <tr><td>{d.day}</td><td>{d.class.label()}</td><td class="num">{d.success}</td><td class="num">{d.failure}</td><td class="num">{d.pending}</td></tr>
    }).collect_view();
    let totals = v
        .totals
        .into_iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{t.owner_name}</td>
                    <td class="num">{t.ui_success}</td><td class="num">{t.ui_failure}</td>
                    <td class="num">{t.bi_success}</td><td class="num">{t.bi_failure}</td>
                    <td class="num">{t.credits_deducted}</td>
                </tr>
            }
        })
        .collect_view();
    let rows = v.log.messages.into_iter().map(message_row).collect_view();
    let filter = |value: &str, current: &str, label: &'static str| {
        view! { <option value=value.to_owned() selected=value == current>{label}</option> }
    };
    let csv = format!("/dashboard/whatsapp.csv?status={status}&class={class}");
    let older = v.log.next.map(|n| {
        let href = format!("/dashboard/whatsapp?status={status}&class={class}&offset={n}");
        view! { <p><a href=href>"Older messages →"</a></p> }
    });
    let outbox = v.outbox.map(|list| {
        let items = if list.is_empty() {
            view! { <p class="lead">"Nothing sent yet."</p> }.into_any()
        } else {
            list.into_iter().map(phone_message).collect_view().into_any()
        };
        view! {
            <h2>"Sandbox phone"</h2>
            <p class="lead">"The sandbox sender records each message here instead of sending it, and reports realistic delivery statuses."</p>
            <div class="phone" data-testid="sandbox-outbox">{items}</div>
        }
    });
    view! {
        <h1>"WhatsApp"</h1>
        {warning}
        <h2>"Last 30 days"</h2>
        <table class="table" data-testid="wa-totals">
            <thead><tr><th>"Who"</th><th class="num">"UI sent"</th><th class="num">"UI failed"</th><th class="num">"BI sent"</th><th class="num">"BI failed"</th><th class="num">"Credits used"</th></tr></thead>
            <tbody>{totals}</tbody>
        </table>
        <table class="table" data-testid="wa-daily">
            <thead><tr><th>"Day"</th><th>"Class"</th><th class="num">"Sent"</th><th class="num">"Failed"</th><th class="num">"Pending"</th></tr></thead>
            <tbody>{daily}</tbody>
        </table>
        <h2>"Messages"</h2>
        <form class="filters" method="get" action="/dashboard/whatsapp">
            <label>"Status"
                <select name="status">
                    {filter("", status, "All")}{filter("queued", status, "Queued")}{filter("sent", status, "Sent")}
                    {filter("delivered", status, "Delivered")}{filter("read", status, "Read")}{filter("failed", status, "Failed")}
                </select>
            </label>
            <label>"Class"
                <select name="class">
                    {filter("", class, "Both")}{filter("ui", class, "User-initiated")}{filter("bi", class, "Business-initiated")}
                </select>
            </label>
            <button type="submit" class="ghost">"Filter"</button>
            <a href=csv download>"Download CSV"</a>
        </form>
        <table class="table" data-testid="wa-log">
            <thead><tr><th>"Time"</th><th>"Merchant"</th><th>"To"</th><th>"Class"</th><th>"Trigger"</th><th>"Status"</th><th class="num">"Credits"</th><th class="num">"Attempts"</th><th>"Last error"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {older}
        {outbox}
    }
    .into_any()
}

fn message_row(m: MessageLog) -> impl IntoView {
    view! {
        <tr>
            <td>{date_time_utc(m.created_at_ms)}</td>
            <td>{m.merchant_name}</td>
            <td>{m.recipient}</td>
            <td>{m.class.label()}</td>
            <td>{format!("{:?}", m.trigger)}</td>
            <td>{m.status.as_str()}</td>
            <td class="num">{m.credits_deducted}</td>
            <td class="num">{m.attempts}</td>
            <td>{m.last_error.unwrap_or_default()}</td>
        </tr>
    }
}

fn phone_message(m: PhoneView) -> impl IntoView {
    view! {
        <div class="bubble">
            <div class="meta">{m.recipient}" · "{date_time_utc(m.created_at_ms)}" · "{m.status}</div>
            {m.image.map(|src| view! { <img src=src alt="Coupon image" loading="lazy"/> })}
            <p>{m.text}</p>
        </div>
    }
}
