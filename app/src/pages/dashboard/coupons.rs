use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::coupons::{
    BatchView, CouponsView, NewBatchView, RedeemSerial, RenderBatchPdf, get_batch, get_coupons,
    get_new_batch,
};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{t, tk};
use domain::coupons::{
    CATEGORIES, CouponLine, CouponStatus, PdfState, Redeemed, WaStatus, category_key,
};

/// `/dashboard/coupons`: the merchant's batches with their counts, and its coupon credits.
#[component]
pub fn CouponsPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_coupons().await) },
    );
    view! {
        <Title text=t!("section-coupons")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, page) = data.await;
                framed(session, page, coupons_view)
            })}
        </Suspense>
    }
}

fn coupons_view(v: CouponsView) -> AnyView {
    let rows = if v.batches.is_empty() {
        view! { <tr><td colspan="7" class="empty">{t!("coupons-no-batches")}</td></tr> }.into_any()
    } else {
        v.batches
            .into_iter()
            .map(|b| {
                let href = format!("/dashboard/coupons/{}", b.id);
                let pdf = pdf_label(b.pdf, b.quantity);
                let until = crate::i18n::last_day(b.valid_until_ms);
                view! {
                    <tr>
                        <td><a href=href>{b.title}</a></td>
                        <td class="num">{domain::i18n::count(b.quantity)}</td>
                        <td>{crate::i18n::day(b.valid_from_ms)}" – "{until}</td>
                        <td class="num">{domain::i18n::count(b.counts.taken)}</td>
                        <td class="num">{domain::i18n::count(b.counts.redeemed)}</td>
                        <td class="num">{domain::i18n::count(b.counts.available)}</td>
                        <td>{pdf}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h1>{t!("section-coupons")}</h1>
        <p class="lead" data-testid="coupon-balance">{t!("coupons-balance", count = v.balance)}</p>
        <p class="actions">
            <a class="button" href="/dashboard/coupons/new">{t!("coupons-new-batch")}</a>
            <a class="button ghost" href="/dashboard/redeem">{t!("redeem-title")}</a>
            <a class="button ghost" href=format!("/store/{}", v.merchant_id)>{t!("coupons-store-page")}</a>
            <a class="button ghost" href=format!("/store/{}/poster", v.merchant_id)>{t!("coupons-store-poster")}</a>
        </p>
        <table class="table" data-testid="batches">
            <thead><tr>
                <th>{t!("coupons-col-batch")}</th><th class="num">{t!("coupons-col-coupons")}</th><th>{t!("coupons-col-valid")}</th>
                <th class="num">{t!("coupons-col-taken")}</th><th class="num">{t!("coupons-col-redeemed")}</th><th class="num">{t!("coupons-col-available")}</th><th>"PDF"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn pdf_label(pdf: PdfState, quantity: i64) -> String {
    match pdf {
        PdfState::Pending => t!("coupons-pdf-queued"),
        PdfState::Rendering { done } => t!("coupons-pdf-making", done = done, quantity = quantity),
        PdfState::Ready => t!("coupons-pdf-ready"),
        PdfState::Failed => t!("coupons-pdf-failed"),
    }
}

/// `/dashboard/coupons/new`: the batch creation form (a plain multipart post, so a design can
/// be uploaded with it).
#[component]
pub fn NewBatchPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_new_batch().await) },
    );
    view! {
        <Title text=t!("batch-new-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let error = query.with(|q| q.get("error").unwrap_or_default());
                let (session, page) = data.await;
                framed(session, page, move |v| new_batch_view(v, error))
            })}
        </Suspense>
    }
}

fn new_batch_view(v: NewBatchView, error: String) -> AnyView {
    let categories = CATEGORIES
        .iter()
        .map(|(k, _)| view! { <option value=*k>{tk(&category_key(k))}</option> })
        .collect_view();
    let first = v.templates.first().map(|t| t.id.clone());
    let templates = v
        .templates
        .into_iter()
        .map(|t| {
            let src = format!("/dashboard/templates/{}/image", t.id);
            let checked = first.as_deref() == Some(t.id.as_str());
            view! {
                <label class="template-choice">
                    <input type="radio" name="template_id" value=t.id checked=checked/>
                    <img src=src alt="" loading="lazy"/>
                    <span>{t.name}<small>{t.category}</small></span>
                </label>
            }
        })
        .collect_view();
    let error = view! { <ErrorBanner token=error/> };
    view! {
        <p><a href="/dashboard/coupons">{t!("coupons-back")}</a></p>
        <h1>{t!("batch-new-title")}</h1>
        <p class="lead">{t!("batch-new-lead", count = v.balance)}</p>
        {error}
        <form class="card batch-form" method="post" action="/dashboard/coupons/create" enctype="multipart/form-data">
            <input type="hidden" name="request_key" value=v.request_key/>
            <label>{t!("batch-title")} <input name="title" required maxlength="80" placeholder=t!("batch-title-hint")/></label>
            <label>{t!("batch-offer-details")} <textarea name="offer_details" rows="2" required maxlength="300"></textarea></label>
            <label>{t!("batch-terms")} <textarea name="terms" rows="2" maxlength="600"></textarea></label>
            <div class="row">
                <label>{t!("batch-category")} <select name="category">{categories}</select></label>
                <label>{t!("batch-business-type")} <input name="business_type" required maxlength="80" placeholder=t!("batch-business-type-hint")/></label>
            </div>
            <div class="row">
                <label>{t!("batch-country")} <input name="country" required maxlength="2" value="MY"/></label>
                <label>{t!("batch-city")} <input name="city" required maxlength="80"/></label>
            </div>
            <div class="row">
                <label>{t!("batch-quantity")} <input name="quantity" inputmode="numeric" required value="100"/></label>
                <label>{t!("batch-claim-limit")} <input name="claim_limit" inputmode="numeric" value="1"/></label>
            </div>
            <div class="row">
                <label>{t!("batch-valid-from")} <input name="valid_from" type="date" required value=v.today.clone()/></label>
                <label>{t!("batch-valid-until")} <input name="valid_until" type="date" required/></label>
            </div>
            <label class="check"><input type="checkbox" name="send_whatsapp" checked/>{t!("batch-send-whatsapp")}</label>
            <label class="check"><input type="checkbox" name="show_in_center" checked/>{t!("batch-show-in-center")}</label>
            <fieldset class="templates">
                <legend>{t!("batch-template")}</legend>
                <div class="template-grid">{templates}</div>
                <label>{t!("batch-upload-own")}
                    <input type="file" name="template_file" accept="image/png,image/jpeg,image/webp"/>
                </label>
                <label>{t!("batch-template-name")} <input name="template_name" maxlength="80"/></label>
            </fieldset>
            <button type="submit">{t!("batch-generate")}</button>
        </form>
    }
    .into_any()
}

/// `/dashboard/coupons/<id>`: a batch's counts per status, its PDF (with progress while it is
/// being made) and its coupons.
#[component]
pub fn BatchPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let render = ServerAction::<RenderBatchPdf>::new();
    let tick = RwSignal::new(0u32);
    let data = Resource::new(
        move || (id(), tick.get(), render.version().get()),
        |(id, _, _)| async move { (get_session_info().await, get_batch(id).await) },
    );
    // While the PDF is being made, look again every second.
    Effect::new(move |_| {
        let busy = data
            .get()
            .and_then(|(_, b)| b.ok())
            .is_some_and(|b| matches!(b.batch.pdf, PdfState::Pending | PdfState::Rendering { .. }));
        if busy {
            set_timeout(
                move || tick.update(|t| *t += 1),
                std::time::Duration::from_secs(1),
            );
        }
    });
    view! {
        <Title text=t!("batch-page-title")/>
        <Transition fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, page) = data.await;
                framed(session, page, move |v| batch_view(v, render))
            })}
        </Transition>
    }
}

fn batch_view(v: BatchView, render: ServerAction<RenderBatchPdf>) -> AnyView {
    let b = v.batch;
    let c = b.counts;
    let id = b.id.clone();
    let pdf = match b.pdf {
        PdfState::Ready => view! {
            <a class="button" href=format!("/dashboard/coupons/{id}/coupons.pdf") download>{t!("batch-download-pdf")}</a>
        }
        .into_any(),
        PdfState::Pending | PdfState::Rendering { .. } => {
            let done = if let PdfState::Rendering { done } = b.pdf { done } else { 0 };
            view! {
                <div class="progress" data-testid="pdf-progress">
                    <progress max=b.quantity value=done></progress>
                    <span>{t!("batch-pdf-making", done = done, quantity = b.quantity)}</span>
                </div>
            }
            .into_any()
        }
        PdfState::Failed => view! {
            <ActionForm action=render>
                <input type="hidden" name="id" value=id.clone()/>
                <span class="form-error">{t!("batch-pdf-failed")}" "</span>
                <button type="submit">{t!("batch-try-again")}</button>
            </ActionForm>
        }
        .into_any(),
    };
    let rows = v.coupons.into_iter().map(coupon_row).collect_view();
    let more = v
        .more
        .then(|| view! { <p class="lead">{t!("batch-more")}</p> });
    let refunded = b
        .refunded
        .map(|n| view! { <p class="notice">{t!("batch-refunded", count = n)}</p> });
    let csv = format!("/dashboard/coupons/{}/coupons.csv", b.id);
    view! {
        <p><a href="/dashboard/coupons">{t!("coupons-back")}</a></p>
        <h1>{b.title.clone()}</h1>
        <p class="lead">{b.offer_details.clone()}</p>
        <dl class="facts">
            <dt>{t!("coupons-col-valid")}</dt><dd>{crate::i18n::day(b.valid_from_ms)}" – "{crate::i18n::last_day(b.valid_until_ms)}</dd>
            <dt>{t!("batch-where")}</dt><dd>{format!("{}, {}", b.city, b.country)}</dd>
            <dt>"WhatsApp"</dt><dd>{if b.send_whatsapp { t!("batch-wa-on") } else { t!("batch-wa-off") }}</dd>
            <dt>{t!("batch-in-center")}</dt><dd>{if b.show_in_center { t!("batch-shown") } else { t!("batch-hidden") }}</dd>
            <dt>{t!("batch-per-customer")}</dt><dd>{domain::i18n::count(b.claim_limit)}</dd>
        </dl>
        <div class="stats" data-testid="counts">
            <div class="stat"><span class="n">{domain::i18n::count(b.quantity)}</span><span class="label">{t!("batch-stat-generated")}</span></div>
            <div class="stat"><span class="n">{domain::i18n::count(c.available)}</span><span class="label">{t!("coupons-col-available")}</span></div>
            <div class="stat"><span class="n">{domain::i18n::count(c.taken)}</span><span class="label">{t!("coupons-col-taken")}</span></div>
            <div class="stat"><span class="n">{domain::i18n::count(c.redeemed)}</span><span class="label">{t!("coupons-col-redeemed")}</span></div>
            <div class="stat"><span class="n">{domain::i18n::count(c.expired)}</span><span class="label">{t!("batch-stat-expired")}</span></div>
            <div class="stat"><span class="n">{domain::i18n::count(c.wa_sent)}</span><span class="label">{t!("batch-stat-wa-sent")}</span></div>
            <div class="stat"><span class="n">{domain::i18n::count(c.wa_failed)}</span><span class="label">{t!("batch-stat-wa-failed")}</span></div>
        </div>
        {refunded}
        <div class="actions">{pdf}<a class="button ghost" href=csv download>{t!("batch-download-csv")}</a></div>
        {move || render.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        <table class="table" data-testid="coupon-lines">
            <thead><tr><th>{t!("batch-col-serial")}</th><th>{t!("batch-col-status")}</th><th>{t!("coupons-col-taken")}</th><th>{t!("batch-col-customer")}</th><th>"WhatsApp"</th><th>{t!("coupons-col-redeemed")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {more}
    }
    .into_any()
}

fn coupon_row(l: CouponLine) -> impl IntoView {
    let when = |t: Option<i64>| t.map(crate::i18n::date_time).unwrap_or_default();
    view! {
        <tr>
            <td class="serial">{l.serial.display()}</td>
            <td>{status_label(l.status)}</td>
            <td>{when(l.taken_at_ms)}</td>
            <td>{l.customer_phone.unwrap_or_default()}</td>
            <td>{l.wa_status.map(wa_label).unwrap_or_default()}</td>
            <td>{when(l.redeemed_at_ms)}</td>
        </tr>
    }
}

/// A coupon's status as the batch page shows it (the requirements' words in English).
fn status_label(s: CouponStatus) -> String {
    match s {
        CouponStatus::Available => t!("batch-status-available"),
        CouponStatus::Taken => t!("batch-status-taken"),
        CouponStatus::Redeemed => t!("batch-status-redeemed"),
        CouponStatus::Expired => t!("batch-status-expired"),
    }
}

/// A coupon's WhatsApp message status.
fn wa_label(w: WaStatus) -> String {
    match w {
        WaStatus::Queued => t!("batch-wa-queued"),
        WaStatus::Sent => t!("batch-wa-sent"),
        WaStatus::Delivered => t!("batch-wa-delivered"),
        WaStatus::Read => t!("batch-wa-read"),
        WaStatus::Failed => t!("batch-wa-failed"),
    }
}

/// `/dashboard/redeem`: redeem a coupon by typing its serial.
#[component]
pub fn RedeemPage() -> impl IntoView {
    let redeem = ServerAction::<RedeemSerial>::new();
    let session = Resource::new(|| (), |_| async { get_session_info().await });
    view! {
        <Title text=t!("redeem-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let session = session.await;
                framed(session, Ok(()), move |()| view! {
                    <p><a href="/dashboard/coupons">{t!("coupons-back")}</a></p>
                    <h1>{t!("redeem-title")}</h1>
                    <p class="lead">{t!("redeem-lead")}</p>
                    <ActionForm action=redeem attr:class="card stacked">
                        <label>{t!("redeem-serial")} <input name="serial" required autocomplete="off" autocapitalize="characters" placeholder="ABCD-EFGH-JKL"/></label>
                        <button type="submit">{t!("redeem-button")}</button>
                    </ActionForm>
                    {move || redeem.value().get().map(redeem_result)}
                }.into_any())
            })}
        </Suspense>
    }
}

/// What a redeem attempt shows.
pub fn redeem_result(r: Result<Redeemed, crate::error::ApiError>) -> AnyView {
    match r {
        Ok(r) => view! {
            <p class="notice" role="status" data-testid="redeemed">
                {t!(
                    "redeem-done",
                    serial = r.serial.display(),
                    title = &r.title,
                    when = crate::i18n::date_time(r.redeemed_at_ms),
                )}
            </p>
        }
        .into_any(),
        Err(e) => view! { <p class="form-error" role="alert" data-testid="redeem-refused">{e.to_string()}</p> }.into_any(),
    }
}
