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
use domain::coupons::{BatchSummary, CATEGORIES, CouponLine, PdfState, Redeemed};
use domain::time::{date_time_utc, date_ymd};

/// The last valid day of a batch (its end is exclusive).
fn last_day(b: &BatchSummary) -> String {
    date_ymd(b.valid_until_ms - 1)
}

/// `/dashboard/coupons`: the merchant's batches with their counts, and its coupon credits.
#[component]
pub fn CouponsPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_coupons().await) },
    );
    view! {
        <Title text="Coupons"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, page) = data.await;
                framed(session, page, coupons_view)
            })}
        </Suspense>
    }
}

fn coupons_view(v: CouponsView) -> AnyView {
    let rows = if v.batches.is_empty() {
        view! { <tr><td colspan="7" class="empty">"No batches yet."</td></tr> }.into_any()
    } else {
        v.batches
            .into_iter()
            .map(|b| {
                let href = format!("/dashboard/coupons/{}", b.id);
                let pdf = pdf_label(b.pdf, b.quantity);
                let until = last_day(&b);
                view! {
                    <tr>
                        <td><a href=href>{b.title}</a></td>
                        <td class="num">{b.quantity}</td>
                        <td>{date_ymd(b.valid_from_ms)}" – "{until}</td>
                        <td class="num">{b.counts.taken}</td>
                        <td class="num">{b.counts.redeemed}</td>
                        <td class="num">{b.counts.available}</td>
                        <td>{pdf}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h1>"Coupons"</h1>
        <p class="lead" data-testid="coupon-balance">{format!("{} coupon credits available.", v.balance)}</p>
        <p class="actions">
            <a class="button" href="/dashboard/coupons/new">"New batch"</a>
            <a class="button ghost" href="/dashboard/redeem">"Redeem a coupon"</a>
            <a class="button ghost" href=format!("/store/{}", v.merchant_id)>"Store page"</a>
            <a class="button ghost" href=format!("/store/{}/poster", v.merchant_id)>"Store poster"</a>
        </p>
        <table class="table" data-testid="batches">
            <thead><tr>
                <th>"Batch"</th><th class="num">"Coupons"</th><th>"Valid"</th>
                <th class="num">"Taken"</th><th class="num">"Redeemed"</th><th class="num">"Available"</th><th>"PDF"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn pdf_label(pdf: PdfState, quantity: i64) -> String {
    match pdf {
        PdfState::Pending => "Queued".to_owned(),
        PdfState::Rendering { done } => format!("Making… {done} of {quantity}"),
        PdfState::Ready => "Ready".to_owned(),
        PdfState::Failed => "Failed".to_owned(),
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
        <Title text="New coupon batch"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
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
        .map(|(k, label)| view! { <option value=*k>{*label}</option> })
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
        <p><a href="/dashboard/coupons">"← Coupons"</a></p>
        <h1>"New coupon batch"</h1>
        <p class="lead">{format!("Each coupon costs 1 coupon credit, deducted when the batch is made. You have {}.", v.balance)}</p>
        {error}
        <form class="card batch-form" method="post" action="/dashboard/coupons/create" enctype="multipart/form-data">
            <input type="hidden" name="request_key" value=v.request_key/>
            <label>"Title" <input name="title" required maxlength="80" placeholder="20% off any drink"/></label>
            <label>"Offer details" <textarea name="offer_details" rows="2" required maxlength="300"></textarea></label>
            <label>"Terms" <textarea name="terms" rows="2" maxlength="600"></textarea></label>
            <div class="row">
                <label>"Category" <select name="category">{categories}</select></label>
                <label>"Business type" <input name="business_type" required maxlength="80" placeholder="Coffee shop"/></label>
            </div>
            <div class="row">
                <label>"Country" <input name="country" required maxlength="2" value="MY"/></label>
                <label>"City / region" <input name="city" required maxlength="80"/></label>
            </div>
            <div class="row">
                <label>"Quantity" <input name="quantity" inputmode="numeric" required value="100"/></label>
                <label>"Per-customer limit" <input name="claim_limit" inputmode="numeric" value="1"/></label>
            </div>
            <div class="row">
                <label>"Valid from" <input name="valid_from" type="date" required value=v.today.clone()/></label>
                <label>"Valid until (last day)" <input name="valid_until" type="date" required/></label>
            </div>
            <label class="check"><input type="checkbox" name="send_whatsapp" checked/>"Send coupons by WhatsApp when claimed"</label>
            <label class="check"><input type="checkbox" name="show_in_center" checked/>"Show in the coupon center"</label>
            <fieldset class="templates">
                <legend>"Template"</legend>
                <div class="template-grid">{templates}</div>
                <label>"…or upload your own design (PNG, JPEG or WebP, up to 8 MB)"
                    <input type="file" name="template_file" accept="image/png,image/jpeg,image/webp"/>
                </label>
                <label>"Name for your design" <input name="template_name" maxlength="80"/></label>
            </fieldset>
            <button type="submit">"Generate batch"</button>
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
        <Title text="Coupon batch"/>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
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
            <a class="button" href=format!("/dashboard/coupons/{id}/coupons.pdf") download>"Download PDF"</a>
        }
        .into_any(),
        PdfState::Pending | PdfState::Rendering { .. } => {
            let done = if let PdfState::Rendering { done } = b.pdf { done } else { 0 };
            view! {
                <div class="progress" data-testid="pdf-progress">
                    <progress max=b.quantity value=done></progress>
                    <span>{format!("Making the PDF… {done} of {}", b.quantity)}</span>
                </div>
            }
            .into_any()
        }
        PdfState::Failed => view! {
            <ActionForm action=render>
                <input type="hidden" name="id" value=id.clone()/>
                <span class="form-error">"Making the PDF failed. "</span>
                <button type="submit">"Try again"</button>
            </ActionForm>
        }
        .into_any(),
    };
    let rows = v.coupons.into_iter().map(coupon_row).collect_view();
    let more = v.more.then(
        || view! { <p class="lead">"The first 50 coupons are shown; the CSV has them all."</p> },
    );
    let refunded = b.refunded.map(|n| view! { <p class="notice">{format!("{n} never-taken coupons were refunded at expiry.")}</p> });
    let csv = format!("/dashboard/coupons/{}/coupons.csv", b.id);
    view! {
        <p><a href="/dashboard/coupons">"← Coupons"</a></p>
        <h1>{b.title.clone()}</h1>
        <p class="lead">{b.offer_details.clone()}</p>
        <dl class="facts">
            <dt>"Valid"</dt><dd>{date_ymd(b.valid_from_ms)}" – "{last_day(&b)}</dd>
            <dt>"Where"</dt><dd>{format!("{}, {}", b.city, b.country)}</dd>
            <dt>"WhatsApp"</dt><dd>{if b.send_whatsapp { "Sent when claimed" } else { "Off" }}</dd>
            <dt>"Coupon center"</dt><dd>{if b.show_in_center { "Shown" } else { "Hidden" }}</dd>
            <dt>"Per customer"</dt><dd>{b.claim_limit}</dd>
        </dl>
        <div class="stats" data-testid="counts">
            <div class="stat"><span class="n">{b.quantity}</span><span class="label">"Generated"</span></div>
            <div class="stat"><span class="n">{c.available}</span><span class="label">"Available"</span></div>
            <div class="stat"><span class="n">{c.taken}</span><span class="label">"Taken"</span></div>
            <div class="stat"><span class="n">{c.redeemed}</span><span class="label">"Redeemed"</span></div>
            <div class="stat"><span class="n">{c.expired}</span><span class="label">"Expired"</span></div>
            <div class="stat"><span class="n">{c.wa_sent}</span><span class="label">"WhatsApp sent"</span></div>
            <div class="stat"><span class="n">{c.wa_failed}</span><span class="label">"WhatsApp failed"</span></div>
        </div>
        {refunded}
        <div class="actions">{pdf}<a class="button ghost" href=csv download>"Download CSV"</a></div>
        {move || render.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        <table class="table" data-testid="coupon-lines">
            <thead><tr><th>"Serial"</th><th>"Status"</th><th>"Taken"</th><th>"Customer"</th><th>"WhatsApp"</th><th>"Redeemed"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {more}
    }
    .into_any()
}

fn coupon_row(l: CouponLine) -> impl IntoView {
    let when = |t: Option<i64>| t.map(date_time_utc).unwrap_or_default();
    view! {
        <tr>
            <td class="serial">{l.serial.display()}</td>
            <td>{l.status.label()}</td>
            <td>{when(l.taken_at_ms)}</td>
            <td>{l.customer_phone.unwrap_or_default()}</td>
            <td>{l.wa_status.map(|w| w.as_str()).unwrap_or_default()}</td>
            <td>{when(l.redeemed_at_ms)}</td>
        </tr>
    }
}

/// `/dashboard/redeem`: redeem a coupon by typing its serial.
#[component]
pub fn RedeemPage() -> impl IntoView {
    let redeem = ServerAction::<RedeemSerial>::new();
    let session = Resource::new(|| (), |_| async { get_session_info().await });
    view! {
        <Title text="Redeem a coupon"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let session = session.await;
                framed(session, Ok(()), move |()| view! {
                    <p><a href="/dashboard/coupons">"← Coupons"</a></p>
                    <h1>"Redeem a coupon"</h1>
                    <p class="lead">"Type the serial printed under the QR code, or scan the QR code with this phone while logged in."</p>
                    <ActionForm action=redeem attr:class="card stacked">
                        <label>"Serial" <input name="serial" required autocomplete="off" autocapitalize="characters" placeholder="ABCD-EFGH-JKL"/></label>
                        <button type="submit">"Redeem"</button>
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
                {format!("Redeemed {} ({}) at {}.", r.serial.display(), r.title, date_time_utc(r.redeemed_at_ms))}
            </p>
        }
        .into_any(),
        Err(e) => view! { <p class="form-error" role="alert" data-testid="redeem-refused">{e.to_string()}</p> }.into_any(),
    }
}
