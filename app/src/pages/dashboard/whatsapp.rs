use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::session::get_session_info;
use crate::api::whatsapp::{PhoneView, WhatsAppView, get_whatsapp};
use crate::components::dashboard_frame::framed;
use crate::i18n::t;
use domain::whatsapp::{MessageLog, Status, Trigger};

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
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let [s, c, _] = params();
                let (session, page) = data.await;
                framed(session, page, move |v| whatsapp_view(v, &s, &c))
            })}
        </Suspense>
    }
}

fn whatsapp_view(v: WhatsAppView, status: &str, class: &str) -> AnyView {
    let warning = (v.refused_no_credits > 0).then(|| {
        view! {
            <p class="form-error" role="alert" data-testid="wa-no-credits">
                {t!("whatsapp-no-credits", count = v.refused_no_credits)}" "
                <a href="/dashboard/credits">{t!("whatsapp-buy-credits")}</a>
            </p>
        }
    });
    let daily = v.daily.into_iter().map(|d| view! {
        <tr><td>{d.day}</td><td>{d.class.label()}</td><td class="num">{domain::i18n::count(d.success)}</td><td class="num">{domain::i18n::count(d.failure)}</td><td class="num">{domain::i18n::count(d.pending)}</td></tr>
    }).collect_view();
    let totals = v
        .totals
        .into_iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{t.owner_name}</td>
                    <td class="num">{domain::i18n::count(t.ui_success)}</td><td class="num">{domain::i18n::count(t.ui_failure)}</td>
                    <td class="num">{domain::i18n::count(t.bi_success)}</td><td class="num">{domain::i18n::count(t.bi_failure)}</td>
                    <td class="num">{domain::i18n::count(t.credits_deducted)}</td>
                </tr>
            }
        })
        .collect_view();
    let rows = v.log.messages.into_iter().map(message_row).collect_view();
    let filter = |value: &str, current: &str, label: String| {
        view! { <option value=value.to_owned() selected=value == current>{label}</option> }
    };
    let csv = format!("/dashboard/whatsapp.csv?status={status}&class={class}");
    let older = v.log.next.map(|n| {
        let href = format!("/dashboard/whatsapp?status={status}&class={class}&offset={n}");
        view! { <p><a href=href>{t!("whatsapp-older")}</a></p> }
    });
    let outbox = v.outbox.map(|list| {
        let items = if list.is_empty() {
            view! { <p class="lead">{t!("whatsapp-nothing-sent")}</p> }.into_any()
        } else {
            list.into_iter()
                .map(phone_message)
                .collect_view()
                .into_any()
        };
        view! {
            <h2>{t!("whatsapp-sandbox-phone")}</h2>
            <p class="lead">{t!("whatsapp-sandbox-lead")}</p>
            <div class="phone" data-testid="sandbox-outbox">{items}</div>
        }
    });
    view! {
        <h1>"WhatsApp"</h1>
        {warning}
        <h2>{t!("whatsapp-last-30-days")}</h2>
        <table class="table" data-testid="wa-totals">
            <thead><tr><th>{t!("whatsapp-col-who")}</th><th class="num">{t!("whatsapp-col-ui-sent")}</th><th class="num">{t!("whatsapp-col-ui-failed")}</th><th class="num">{t!("whatsapp-col-bi-sent")}</th><th class="num">{t!("whatsapp-col-bi-failed")}</th><th class="num">{t!("whatsapp-col-credits-used")}</th></tr></thead>
            <tbody>{totals}</tbody>
        </table>
        <table class="table" data-testid="wa-daily">
            <thead><tr><th>{t!("whatsapp-col-day")}</th><th>{t!("whatsapp-col-class")}</th><th class="num">{t!("whatsapp-col-sent")}</th><th class="num">{t!("whatsapp-col-failed")}</th><th class="num">{t!("whatsapp-col-pending")}</th></tr></thead>
            <tbody>{daily}</tbody>
        </table>
        <h2>{t!("whatsapp-messages")}</h2>
        <form class="filters" method="get" action="/dashboard/whatsapp">
            <label>{t!("whatsapp-col-status")}
                <select name="status">
                    {filter("", status, t!("whatsapp-filter-all"))}{filter("queued", status, t!("whatsapp-filter-queued"))}{filter("sent", status, t!("whatsapp-filter-sent"))}
                    {filter("delivered", status, t!("whatsapp-filter-delivered"))}{filter("read", status, t!("whatsapp-filter-read"))}{filter("failed", status, t!("whatsapp-filter-failed"))}
                </select>
            </label>
            <label>{t!("whatsapp-col-class")}
                <select name="class">
                    {filter("", class, t!("whatsapp-filter-both"))}{filter("ui", class, t!("whatsapp-filter-ui"))}{filter("bi", class, t!("whatsapp-filter-bi"))}
                </select>
            </label>
            <button type="submit" class="ghost">{t!("whatsapp-filter")}</button>
            <a href=csv download>{t!("whatsapp-download-csv")}</a>
        </form>
        <table class="table" data-testid="wa-log">
            <thead><tr><th>{t!("whatsapp-col-time")}</th><th>{t!("whatsapp-col-merchant")}</th><th>{t!("whatsapp-col-to")}</th><th>{t!("whatsapp-col-class")}</th><th>{t!("whatsapp-col-trigger")}</th><th>{t!("whatsapp-col-status")}</th><th class="num">{t!("whatsapp-col-credits")}</th><th class="num">{t!("whatsapp-col-attempts")}</th><th>{t!("whatsapp-col-last-error")}</th></tr></thead>
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
            <td>{crate::i18n::date_time(m.created_at_ms)}</td>
            <td>{m.merchant_name}</td>
            <td>{m.recipient}</td>
            <td>{m.class.label()}</td>
            <td>{trigger_text(m.trigger)}</td>
            <td>{status_text(m.status)}</td>
            <td class="num">{domain::i18n::count(m.credits_deducted)}</td>
            <td class="num">{domain::i18n::count(m.attempts)}</td>
            <td>{m.last_error.unwrap_or_default()}</td>
        </tr>
    }
}

fn phone_message(m: PhoneView) -> impl IntoView {
    let status = match Status::parse(&m.status) {
        Ok(s) => status_text(s),
        Err(_) => m.status.clone(),
    };
    let alt = t!("whatsapp-coupon-image");
    view! {
        <div class="bubble">
            <div class="meta">{m.recipient}" · "{crate::i18n::date_time(m.created_at_ms)}" · "{status}</div>
            {m.image.map(|src| view! { <img src=src alt=alt loading="lazy"/> })}
            <p>{m.text}</p>
            {m.template.map(|name| view! {
                <div class="meta">
                    <span data-testid="outbox-template">{name}</span>
                    " · "
                    <span data-testid="outbox-language">{m.language.unwrap_or_default()}</span>
                </div>
            })}
        </div>
    }
}

/// A message's stored status (`queued`, `sent`, …) in the page's language.
fn status_text(s: Status) -> String {
    match s {
        Status::Queued => t!("whatsapp-status-queued"),
        Status::Sent => t!("whatsapp-status-sent"),
        Status::Failed => t!("whatsapp-status-failed"),
        Status::Delivered => t!("whatsapp-status-delivered"),
        Status::Read => t!("whatsapp-status-read"),
    }
}

/// What sent a message, in the page's language (in English, the trigger's name as before).
fn trigger_text(tr: Trigger) -> String {
    match tr {
        Trigger::HomepageClaim => t!("whatsapp-trigger-homepage-claim"),
        Trigger::InStoreClaim => t!("whatsapp-trigger-in-store-claim"),
        Trigger::LuckyDrawWin => t!("whatsapp-trigger-lucky-draw-win"),
        Trigger::CustomerReply => t!("whatsapp-trigger-customer-reply"),
        Trigger::Birthday => t!("whatsapp-trigger-birthday"),
        Trigger::InactiveRecall => t!("whatsapp-trigger-inactive-recall"),
        Trigger::Festival => t!("whatsapp-trigger-festival"),
        Trigger::ScheduledBroadcast => t!("whatsapp-trigger-scheduled-broadcast"),
    }
}
