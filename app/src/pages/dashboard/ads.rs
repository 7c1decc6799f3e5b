//! `/dashboard/ads`: the advertiser's page (a merchant, or an agent owner on its own site): the
//! buy form (a plain multipart post to `/dashboard/ads/create`, so it works with JavaScript
//! off) with the price sheet's price of each duration, and its ads with their state, who
//! approved or rejected them and when, the refund, and impressions and clicks per day.

use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::ads::{AdsPageView, get_ads_page};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::t;
use domain::ads::{AdKind, AdState, AdSummary, Targeting};

/// The advertiser's ads page.
#[component]
pub fn AdsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_ads_page().await) },
    );
    view! {
        <Title text=t!("section-ads")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (error, paid) = query.with(|q| {
                    (q.get("error").unwrap_or_default(), q.get("paid").is_some())
                });
                let (session, page) = data.await;
                framed(session, page, move |v| ads_view(v, error, paid))
            })}
        </Suspense>
    }
}

fn ads_view(v: AdsPageView, error: String, paid: bool) -> AnyView {
    let error = view! { <ErrorBanner token=error/> };
    let paid = paid.then(|| {
        view! { <p class="notice" role="status">{t!("ads-paid")}</p> }
    });
    let durations = v
        .prices
        .iter()
        .map(|p| {
            let label = t!(
                "ads-duration-price",
                days = p.days,
                price = domain::credits::format_money(p.price_minor, &p.currency),
            );
            view! { <option value=p.days.to_string()>{label}</option> }
        })
        .collect_view();
    let pay_note = if v.from_wallet {
        t!("ads-pay-note-wallet")
    } else {
        t!("ads-pay-note-checkout")
    };
    let button = if v.from_wallet {
        t!("ads-buy-from-wallet")
    } else {
        t!("ads-buy-and-pay")
    };
    let ads = if v.ads.is_empty() {
        view! { <p class="pending" data-testid="no-ads">{t!("ads-none")}</p> }.into_any()
    } else {
        view! {
            <div class="ad-list">{v.ads.into_iter().map(|a| ad_card(a, true)).collect_view()}</div>
        }
        .into_any()
    };
    view! {
        <h1>{t!("section-ads")}</h1>
        {paid}
        {error}
        <h2>{t!("ads-buy")}</h2>
        <form class="card batch-form" method="post" action="/dashboard/ads/create" enctype="multipart/form-data" data-testid="ad-form">
            <label>{t!("ads-title")}<input name="title" required maxlength="120"/></label>
            <div class="row">
                <label>{t!("ads-type")}
                    <select name="kind">
                        <option value="banner">{t!("ads-type-banner")}</option>
                        <option value="video">{t!("ads-type-video")}</option>
                    </select>
                </label>
                <label>{t!("ads-creative")}<input type="file" name="creative" required accept="image/png,image/jpeg,image/webp,video/mp4,video/webm"/></label>
            </div>
            <div class="row">
                <label>{t!("ads-duration")}<select name="duration_days">{durations}</select></label>
                <label>{t!("ads-start-date")}<input type="date" name="start_date" required min=v.today.clone() value=v.today.clone()/></label>
            </div>
            <label>{t!("ads-link")}<input type="url" name="target_url" required placeholder="https://your-shop.example/offer" maxlength="2000"/></label>
            <div class="row">
                <label>{t!("ads-country")}<input name="country" maxlength="2" placeholder="MY"/></label>
                <label>{t!("ads-cities")}<textarea name="cities" rows="2" placeholder="Kuala Lumpur, Penang"></textarea></label>
            </div>
            <span class="pending">{pay_note}</span>
            <button type="submit">{button}</button>
        </form>
        <h2>{t!("ads-mine")}</h2>
        {ads}
    }
    .into_any()
}

/// One ad as its advertiser (`own`) or an approver sees it: the creative, facts, history,
/// refund, and the counts per day.
pub fn ad_card(a: AdSummary, own: bool) -> impl IntoView {
    let creative = format!("/ads/creative/{}", a.id);
    let preview = match a.kind {
        AdKind::Banner => {
            let alt = t!("ads-banner-alt", title = a.title.as_str());
            view! { <img class="ad-preview" src=creative alt=alt/> }.into_any()
        }
        AdKind::Video => {
            let label = t!("ads-video-label", title = a.title.as_str());
            view! { <video class="ad-preview" src=creative controls muted playsinline preload="metadata" aria-label=label></video> }.into_any()
        }
    };
    let history = a
        .history
        .iter()
        .map(|e| {
            let state = state_label(e.state);
            let at = crate::i18n::date_time(e.at_ms);
            let line = match &e.by {
                Some(b) => t!("ads-history-by", state = state, at = at, by = b),
                None => t!("ads-history", state = state, at = at),
            };
            view! { <li>{line}</li> }
        })
        .collect_view();
    let reason = a.reject_reason.clone().map(|r| {
        let refund = if a.refunded {
            t!(
                "ads-refunded",
                amount = domain::credits::format_money(a.price_minor, &a.currency),
            )
        } else {
            t!("ads-refund-pending")
        };
        let rejected = t!("ads-rejected-reason", reason = r);
        view! {
            <p class="form-error" data-testid="reject-reason">{rejected}</p>
            <p class="notice" data-testid="refund">{refund}</p>
        }
    });
    let (imps, clicks) = a
        .days
        .iter()
        .fold((0, 0), |(i, c), d| (i + d.impressions, c + d.clicks));
    let days = a
        .days
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <td>{crate::i18n::day(d.day_ms)}</td>
                    <td class="num">{domain::i18n::count(d.impressions)}</td>
                    <td class="num">{domain::i18n::count(d.clicks)}</td>
                </tr>
            }
        })
        .collect_view();
    let counts = (own || a.state != AdState::Pending).then(|| {
        view! {
            <table class="table" data-testid="ad-days">
                <thead><tr><th>{t!("ads-col-day")}</th><th>{t!("ads-col-impressions")}</th><th>{t!("ads-col-clicks")}</th></tr></thead>
                <tbody>{days}</tbody>
                <tfoot><tr><th>{t!("ads-total")}</th><th class="num" data-testid="impressions">{domain::i18n::count(imps)}</th><th class="num" data-testid="clicks">{domain::i18n::count(clicks)}</th></tr></tfoot>
            </table>
        }
    });
    let state = state_label(a.state);
    let kind = match a.kind {
        AdKind::Banner => t!("ads-kind-banner"),
        AdKind::Video => t!("ads-kind-video"),
    };
    let runs = t!(
        "ads-runs-span",
        from = crate::i18n::date_time(a.starts_at_ms),
        to = crate::i18n::date_time(a.ends_at_ms),
        days = a.duration_days,
    );
    let shown_to = match &a.targeting {
        Targeting::Everywhere => t!("ads-everywhere"),
        other => other.label(),
    };
    view! {
        <article class="card ad-card" data-ad=a.id.clone() data-testid="ad-card">
            <h3>{a.title.clone()}</h3>
            <div class="ad-body">
                {preview}
                <dl class="facts">
                    <dt>{t!("ads-status")}</dt><dd data-testid="ad-state">{state}</dd>
                    <dt>{t!("ads-advertiser")}</dt><dd>{a.advertiser.clone()}</dd>
                    <dt>{t!("ads-kind")}</dt><dd>{kind}</dd>
                    <dt>{t!("ads-runs")}</dt><dd>{runs}</dd>
                    <dt>{t!("ads-shown-to")}</dt><dd>{shown_to}</dd>
                    <dt>{t!("ads-link")}</dt><dd><a href=a.target_url.clone() rel="noopener noreferrer nofollow" target="_blank">{a.target_url.clone()}</a></dd>
                    <dt>{t!("ads-price")}</dt><dd>{domain::credits::format_money(a.price_minor, &a.currency)}</dd>
                </dl>
            </div>
            {reason}
            <ul class="ad-history" aria-label=t!("ads-history-label")>{history}</ul>
            {counts}
        </article>
    }
}

/// An ad's state in the page's language (as `AdState::label` in English).
fn state_label(s: AdState) -> String {
    match s {
        AdState::PendingPayment => t!("ads-state-pending-payment"),
        AdState::Pending => t!("ads-state-pending"),
        AdState::Approved => t!("ads-state-approved"),
        AdState::Rejected => t!("ads-state-rejected"),
        AdState::Expired => t!("ads-state-expired"),
    }
}
