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
use crate::i18n::{t, tk};
use domain::campaigns::{
    CampaignKind, CostPreview, Festival, FestivalChoice, RunLog, SettingsForm,
};
use domain::credits::CreditType;

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
        <Title text=t!("section-campaigns")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, page, error, saved) = data.await;
                framed(session, page, move |v| campaigns_view(v, error, saved))
            })}
        </Suspense>
    }
}

fn campaigns_view(v: CampaignsView, error: String, saved: Option<String>) -> AnyView {
    let error = view! { <ErrorBanner token=error/> };
    let saved = saved.map(|what| {
        // The server names what it saved in English; the known names read in the page's language.
        let text = match what.as_str() {
            "Campaign settings" => t!("campaigns-saved-settings"),
            "Festival campaign" => t!("campaigns-saved-festival-campaign"),
            "Festival" => t!("campaigns-saved-festival"),
            "Festival date" => t!("campaigns-saved-festival-date"),
            _ => t!("campaigns-saved", what = what.as_str()),
        };
        view! { <p class="notice" role="status">{text}</p> }
    });
    let merchant = v.merchant.map(merchant_part);
    let calendar = v.calendar.map(calendar_part);
    let runs = runs_table(v.runs);
    view! {
        <h1>{t!("section-campaigns")}</h1>
        {error}
        {saved}
        {merchant}
        {calendar}
        <h2>{t!("campaigns-run-log")}</h2>
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
                        {t!("campaigns-shortfall", count = short)}
                    </p>
                }
            });
            let title = if draft {
                t!("campaigns-preview-draft")
            } else {
                t!("campaigns-preview-saved")
            };
            view! {
                <section class="card" data-testid="preview" aria-label=t!("campaigns-preview-label")>
                    <h3>{title}</h3>
                    <div class="stats">
                        <div class="stat"><span class="n" data-testid="reach">{domain::i18n::count(p.reach)}</span><span class="label">{t!("campaigns-reach")}</span></div>
                        <div class="stat"><span class="n" data-testid="credits-needed">{domain::i18n::count(p.credits_needed)}</span><span class="label">{t!("campaigns-credits-needed")}</span></div>
                        <div class="stat"><span class="n" data-testid="credits-remaining">{domain::i18n::count(p.credits_remaining)}</span><span class="label">{tk(&CreditType::WaBi.remaining_key())}</span></div>
                        <div class="stat"><span class="n" data-testid="opted-out">{domain::i18n::count(p.opted_out)}</span><span class="label">{t!("campaigns-opted-out")}</span></div>
                        <div class="stat"><span class="n" data-testid="no-consent">{domain::i18n::count(p.no_consent)}</span><span class="label">{t!("campaigns-no-consent")}</span></div>
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
    label: String,
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
                <option value="" selected=chosen.is_empty()>{t!("campaigns-choose-batch")}</option>
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
                <legend>{t!("campaigns-birthday")}</legend>
                <label class="check"><input type="checkbox" name="birthday_on" value="1" checked=f.birthday_on.is_some()/>{t!("campaigns-birthday-on")}</label>
                <label>{t!("campaigns-days-before-birthday")}<input name="days_before" value=f.days_before inputmode="numeric" size="3"/></label>
                <label>{t!("campaigns-days-after-birthday")}<input name="days_after" value=f.days_after inputmode="numeric" size="3"/></label>
                {batch_select("birthday_batch", t!("campaigns-birthday-batch"), &m.batches, &f.birthday_batch)}
                <label>{t!("campaigns-birthday-message")}<input name="birthday_text" value=f.birthday_text maxlength="1000" size="60"/></label>
            </fieldset>
            <fieldset>
                <legend>{t!("campaigns-recall")}</legend>
                <label class="check"><input type="checkbox" name="recall_on" value="1" checked=f.recall_on.is_some()/>{t!("campaigns-recall-on")}</label>
                <label>{t!("campaigns-recall-days")}<input name="recall_days" value=f.recall_days inputmode="numeric" size="4"/></label>
                {batch_select("recall_batch", t!("campaigns-recall-batch"), &m.batches, &f.recall_batch)}
                <label>{t!("campaigns-recall-message")}<input name="recall_text" value=f.recall_text maxlength="1000" size="60"/></label>
            </fieldset>
            <fieldset>
                <legend>{t!("campaigns-quiet-hours")}</legend>
                <label>{t!("campaigns-quiet-from")}<input name="quiet_start" value=f.quiet_start size="5"/></label>
                <label>{t!("campaigns-quiet-until")}<input name="quiet_end" value=f.quiet_end size="5"/></label>
                <label>{t!("campaigns-timezone")}<input name="timezone" value=f.timezone placeholder="Asia/Kuala_Lumpur"/></label>
            </fieldset>
            <div class="actions">
                <button type="submit">{t!("campaigns-preview-cost")}</button>
                <button type="submit" formmethod="post" formaction="/dashboard/campaigns/settings">{t!("campaigns-save-settings")}</button>
            </div>
        </form>
        <h2>{t!("campaigns-festivals")}</h2>
        <table class="table" data-testid="festivals">
            <thead><tr><th>{t!("campaigns-festival")}</th><th>{t!("campaigns-next-date")}</th><th>{t!("campaigns-your-campaign")}</th></tr></thead>
            <tbody>{festivals}</tbody>
        </table>
    }
    .into_any()
}

fn festival_dates(f: &Festival) -> String {
    match (&f.fixed, f.dates.is_empty()) {
        (Some(md), _) => t!(
            "campaigns-every",
            date = format!("{:02}-{:02}", md.month, md.day)
        ),
        (None, true) => t!("campaigns-no-date"),
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
    let form_label = t!("campaigns-festival-form", name = f.name.as_str());
    view! {
        <tr>
            <td>{f.name}</td>
            <td>{dates}</td>
            <td>
                <form method="post" action="/dashboard/campaigns/festival" class="inline-form" aria-label=form_label>
                    <input type="hidden" name="festival_id" value=f.id/>
                    <label class="check"><input type="checkbox" name="enabled" value="1" checked=enabled/>{t!("campaigns-on")}</label>
                    {batch_select("batch_id", t!("campaigns-batch"), batches, &batch)}
                    <label>{t!("campaigns-message")}<input name="text" value=text/></label>
                    <label>{t!("campaigns-days-before")}<input name="days_before" value=before size="3" inputmode="numeric"/></label>
                    <button type="submit">{t!("common-save")}</button>
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
            let form_label = t!("campaigns-date-of", name = f.name.as_str());
            view! {
                <tr>
                    <td>{f.country}</td>
                    <td>{f.name}</td>
                    <td>{dates}</td>
                    <td>
                        <form method="post" action="/dashboard/campaigns/festival-date" class="inline-form" aria-label=form_label>
                            <input type="hidden" name="festival_id" value=f.id/>
                            <label>{t!("campaigns-date")}<input type="date" name="date" required/></label>
                            <button type="submit">{t!("campaigns-set-date")}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{t!("campaigns-calendar")}</h2>
        <table class="table" data-testid="calendar">
            <thead><tr><th>{t!("campaigns-country")}</th><th>{t!("campaigns-festival")}</th><th>{t!("campaigns-dates")}</th><th>{t!("campaigns-date-for-year")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <form class="batch-form card" method="post" action="/dashboard/campaigns/festivals" aria-label=t!("campaigns-add-festival-label")>
            <label>{t!("campaigns-country-code")}<input name="country" value="MY" size="3" required/></label>
            <label>{t!("campaigns-name")}<input name="name" required/></label>
            <label>{t!("campaigns-fixed-day")}<input name="fixed" placeholder="12-25" size="6"/></label>
            <button type="submit">{t!("campaigns-add-festival")}</button>
        </form>
    }
    .into_any()
}

fn runs_table(runs: Vec<RunLog>) -> AnyView {
    if runs.is_empty() {
        return view! { <p class="muted" data-testid="no-runs">{t!("campaigns-no-runs")}</p> }
            .into_any();
    }
    let rows = runs
        .into_iter()
        .map(|r| {
            let skipped = t!(
                "campaigns-skipped",
                opted = r.skipped_opted_out,
                consent = r.skipped_no_consent,
                already = r.skipped_already_sent,
                credits = r.skipped_no_credits,
                exhausted = r.skipped_batch_exhausted,
            );
            let outcome = t!(
                "campaigns-outcome",
                sent = r.sent,
                delivered = r.delivered,
                failed = r.failed,
            );
            let kind = kind_label(r.kind);
            let status = status_label(&r.status);
            view! {
                <tr>
                    <td>{crate::i18n::date_time(r.started_at_ms)}</td>
                    <td>{r.merchant_name}</td>
                    <td>{kind}</td>
                    <td>{r.local_day}</td>
                    <td>{status}</td>
                    <td class="num">{domain::i18n::count(r.selected)}</td>
                    <td class="num">{domain::i18n::count(r.queued)}</td>
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
                <th>{t!("campaigns-col-started")}</th><th>{t!("campaigns-col-merchant")}</th><th>{t!("campaigns-col-campaign")}</th><th>{t!("campaigns-col-local-day")}</th><th>{t!("campaigns-col-status")}</th>
                <th>{t!("campaigns-col-selected")}</th><th>{t!("campaigns-col-queued")}</th><th>{t!("campaigns-col-skipped")}</th><th>{t!("campaigns-col-outcomes")}</th><th>{t!("campaigns-col-note")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// A campaign kind's name in the page's language (as `CampaignKind::label` in English).
fn kind_label(kind: CampaignKind) -> String {
    match kind {
        CampaignKind::Birthday => t!("campaigns-kind-birthday"),
        CampaignKind::Recall => t!("campaigns-kind-recall"),
        CampaignKind::Festival => t!("campaigns-kind-festival"),
    }
}

/// A run's stored status (`running`, `done`, `stopped`) in the page's language.
fn status_label(status: &str) -> String {
    match status {
        "running" => t!("campaigns-status-running"),
        "done" => t!("campaigns-status-done"),
        "stopped" => t!("campaigns-status-stopped"),
        other => other.to_owned(),
    }
}
