//! `/dashboard/campaigns`: WhatsApp campaigns. An annual merchant sets up the birthday and
//! recall campaigns (the form's "Preview cost" is a GET back to this page, so the cost of the
//! draft shows before "Save" posts it), enables festivals, and reads its run log; the Super
//! Admin keeps the festival calendar and reads the main platform's runs; an agent owner reads
//! its merchants' runs. Every form is a plain form, so it works with JavaScript off. Message
//! texts are one line: WhatsApp template parameters carry no line breaks.

use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::campaigns::{CampaignsView, MerchantCampaigns, get_campaigns};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use domain::campaigns::{CostPreview, Festival, FestivalChoice, RunLog, SettingsForm};
use domain::time::date_time_utc;

/// The campaigns page.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.get(),
        |q| async move {
            let draft = q.get("preview").map(|_| {
                let f = |k: &str| q.get(k).unwrap_or_default();
                SettingsForm {
                    birthday_on: q.get("birthday_on"),
                    days_before: f("days_before"),
                    days_after: f("days_after"),
                    birthday_batch: f("birthday_batch"),
                    birthday_text: f("birthday_text"),
                    recall_on: q.get("recall_on"),
                    recall_days: f("recall_days"),
                    recall_batch: f("recall_batch"),
                    recall_text: f("recall_text"),
                    quiet_start: f("quiet_start"),
                    quiet_end: f("quiet_end"),
                    timezone: f("timezone"),
                }
            });
            let error = q.get("error").unwrap_or_default();
            let saved = q.get("saved");
            (
                get_session_info().await,
                get_campaigns(draft).await,
                error,
                saved,
            )
        },
    );
    view! {
        <Title text="Campaigns"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, page, error, saved) = data.await;
                framed(session, page, move |v| campaigns_view(v, error, saved))
            })}
        </Suspense>
    }
}

fn campaigns_view(v: CampaignsView, error: String, saved: Option<String>) -> AnyView {
    let error = view! { <ErrorBanner token=error/> };
    let saved =
        saved.map(|what| view! { <p class="notice" role="status">{format!("{what} saved.")}</p> });
    let merchant = v.merchant.map(merchant_part);
    let calendar = v.calendar.map(calendar_part);
    let runs = runs_table(v.runs);
    view! {
        <h1>"Campaigns"</h1>
        {error}
        {saved}
        {merchant}
        {calendar}
        <h2>"Run log"</h2>
        {runs}
    }
    .into_any()
}

fn preview_panel(p: Result<CostPreview, String>, draft: bool) -> AnyView {
    match p {
        Err(e) => view! { <p class="form-error" role="alert" data-testid="preview-error">{e}</p> }
            .into_any(),
        Ok(p) => {
            let short = p.shortfall();
            let warn = (short > 0).then(|| {
                view! {
                    <p class="notice warn" role="alert" data-testid="shortfall">
                        {format!("Not enough WhatsApp BI credits: {short} more needed to reach everyone in the next 30 days.")}
                    </p>
                }
            });
            let title = if draft {
                "Cost preview of these settings (not saved yet)"
            } else {
                "Cost preview of your saved settings"
            };
            view! {
                <section class="card" data-testid="preview" aria-label="Cost preview">
                    <h3>{title}</h3>
                    <div class="stats">
                        <div class="stat"><span class="n" data-testid="reach">{p.reach}</span><span class="label">"customers reached in the next 30 days"</span></div>
                        <div class="stat"><span class="n" data-testid="credits-needed">{p.credits_needed}</span><span class="label">"BI credits needed"</span></div>
                        <div class="stat"><span class="n" data-testid="credits-remaining">{p.credits_remaining}</span><span class="label">"WhatsApp BI Credits Remaining"</span></div>
                        <div class="stat"><span class="n" data-testid="opted-out">{p.opted_out}</span><span class="label">"opted out (never messaged)"</span></div>
                        <div class="stat"><span class="n" data-testid="no-consent">{p.no_consent}</span><span class="label">"no consent to offers (never messaged)"</span></div>
                    </div>
                    {warn}
                </section>
            }
            .into_any()
        }
    }
}

fn batch_select(
    name: &'static str,
    label: &'static str,
    batches: &[(String, String)],
    chosen: &str,
) -> impl IntoView {
    let options = batches
        .iter()
        .map(|(id, title)| {
            let sel = id == chosen;
            view! { <option value=id.clone() selected=sel>{title.clone()}</option> }
        })
        .collect_view();
    view! {
        <label>{label}
            <select name=name>
                <option value="" selected=chosen.is_empty()>"Choose a batch"</option>
                {options}
            </select>
        </label>
    }
    .into_any()
}

fn merchant_part(m: MerchantCampaigns) -> AnyView {
    let f = m.form.clone();
    let preview = preview_panel(m.preview, m.draft);
    let festivals = m
        .festivals
        .into_iter()
        .map(|(fest, choice)| festival_row(fest, choice, &m.batches))
        .collect_view();
    view! {
        {preview}
        <form class="batch-form card" method="get" action="/dashboard/campaigns" data-testid="campaign-form">
            <input type="hidden" name="preview" value="1"/>
            <fieldset>
                <legend>"Birthday"</legend>
                <label class="check"><input type="checkbox" name="birthday_on" value="1" checked=f.birthday_on.is_some()/>"Birthday campaign on"</label>
                <label>"Days before the birthday"<input name="days_before" value=f.days_before inputmode="numeric" size="3"/></label>
                <label>"Days after the birthday"<input name="days_after" value=f.days_after inputmode="numeric" size="3"/></label>
                {batch_select("birthday_batch", "Birthday coupon batch", &m.batches, &f.birthday_batch)}
                <label>"Birthday message"<input name="birthday_text" value=f.birthday_text maxlength="1000" size="60"/></label>
            </fieldset>
            <fieldset>
                <legend>"Inactive customer recall"</legend>
                <label class="check"><input type="checkbox" name="recall_on" value="1" checked=f.recall_on.is_some()/>"Recall campaign on"</label>
                <label>"Has not returned for (days)"<input name="recall_days" value=f.recall_days inputmode="numeric" size="4"/></label>
                {batch_select("recall_batch", "Recall coupon batch", &m.batches, &f.recall_batch)}
                <label>"Recall message"<input name="recall_text" value=f.recall_text maxlength="1000" size="60"/></label>
            </fieldset>
            <fieldset>
                <legend>"Quiet hours (no messages at night)"</legend>
                <label>"From"<input name="quiet_start" value=f.quiet_start size="5"/></label>
                <label>"Until"<input name="quiet_end" value=f.quiet_end size="5"/></label>
                <label>"Time zone (empty: your platform's)"<input name="timezone" value=f.timezone placeholder="Asia/Kuala_Lumpur"/></label>
            </fieldset>
            <div class="actions">
                <button type="submit">"Preview cost"</button>
                <button type="submit" formmethod="post" formaction="/dashboard/campaigns/settings">"Save settings"</button>
            </div>
        </form>
        <h2>"Festivals"</h2>
        <table class="table" data-testid="festivals">
            <thead><tr><th>"Festival"</th><th>"Next date"</th><th>"Your campaign"</th></tr></thead>
            <tbody>{festivals}</tbody>
        </table>
    }
    .into_any()
}

fn festival_dates(f: &Festival) -> String {
    match (&f.fixed, f.dates.is_empty()) {
        (Some(md), _) => format!("every {:02}-{:02}", md.month, md.day),
        (None, true) => "no date yet".to_owned(),
        (None, false) => f
            .dates
            .iter()
            .map(|(_, d)| d.clone())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn festival_row(
    f: Festival,
    c: Option<FestivalChoice>,
    batches: &[(String, String)],
) -> impl IntoView {
    let dates = festival_dates(&f);
    let (enabled, batch, text, before) = c
        .map_or((false, String::new(), String::new(), "0".to_owned()), |c| {
            (c.enabled, c.batch_id, c.text, c.days_before.to_string())
        });
    let name = f.name.clone();
    view! {
        <tr>
            <td>{f.name}</td>
            <td>{dates}</td>
            <td>
                <form method="post" action="/dashboard/campaigns/festival" class="inline-form" aria-label=format!("{name} campaign")>
                    <input type="hidden" name="festival_id" value=f.id/>
                    <label class="check"><input type="checkbox" name="enabled" value="1" checked=enabled/>"On"</label>
                    {batch_select("batch_id", "Batch", batches, &batch)}
                    <label>"Message"<input name="text" value=text/></label>
                    <label>"Days before"<input name="days_before" value=before size="3" inputmode="numeric"/></label>
                    <button type="submit">"Save"</button>
                </form>
            </td>
        </tr>
    }
    .into_any()
}

fn calendar_part(festivals: Vec<Festival>) -> AnyView {
    let rows = festivals
        .into_iter()
        .map(|f| {
            let dates = festival_dates(&f);
            let name = f.name.clone();
            view! {
                <tr>
                    <td>{f.country}</td>
                    <td>{f.name}</td>
                    <td>{dates}</td>
                    <td>
                        <form method="post" action="/dashboard/campaigns/festival-date" class="inline-form" aria-label=format!("Date of {name}")>
                            <input type="hidden" name="festival_id" value=f.id/>
                            <label>"Date"<input type="date" name="date" required/></label>
                            <button type="submit">"Set date"</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Festival calendar"</h2>
        <table class="table" data-testid="calendar">
            <thead><tr><th>"Country"</th><th>"Festival"</th><th>"Dates"</th><th>"Date for a year"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <form class="batch-form card" method="post" action="/dashboard/campaigns/festivals" aria-label="Add a festival">
            <label>"Country code"<input name="country" value="MY" size="3" required/></label>
            <label>"Name"<input name="name" required/></label>
            <label>"Same day every year (MM-DD, else leave empty and set dates)"<input name="fixed" placeholder="12-25" size="6"/></label>
            <button type="submit">"Add festival"</button>
        </form>
    }
    .into_any()
}

fn runs_table(runs: Vec<RunLog>) -> AnyView {
    if runs.is_empty() {
        return view! { <p class="muted" data-testid="no-runs">"No campaign has run yet."</p> }
            .into_any();
    }
    let rows = runs
        .into_iter()
        .map(|r| {
            let skipped = format!(
                "{} opted out, {} no consent, {} already sent, {} no credits, {} batch exhausted",
                r.skipped_opted_out,
                r.skipped_no_consent,
                r.skipped_already_sent,
                r.skipped_no_credits,
                r.skipped_batch_exhausted
            );
            let outcome = format!(
                "{} sent, {} delivered, {} failed",
                r.sent, r.delivered, r.failed
            );
            view! {
                <tr>
                    <td>{date_time_utc(r.started_at_ms)}</td>
                    <td>{r.merchant_name}</td>
                    <td>{r.kind.label()}</td>
                    <td>{r.local_day}</td>
                    <td>{r.status}</td>
                    <td class="num">{r.selected}</td>
                    <td class="num">{r.queued}</td>
                    <td>{skipped}</td>
                    <td>{outcome}</td>
                    <td>{r.note.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-testid="runs">
            <thead><tr>
                <th>"Started (UTC)"</th><th>"Merchant"</th><th>"Campaign"</th><th>"Local day"</th><th>"Status"</th>
                <th>"Selected"</th><th>"Queued"</th><th>"Skipped"</th><th>"Outcomes"</th><th>"Note"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
