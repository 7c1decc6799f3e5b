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
use domain::ads::{AdKind, AdState, AdSummary};
use domain::credits::format_money;
use domain::time::{date_time_utc, date_ymd};

/// The advertiser's ads page.
#[component]
pub fn AdsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_ads_page().await) },
    );
    view! {
        <Title text="Ads"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
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
        view! { <p class="notice" role="status">"Payment received. Your ad waits for approval."</p> }
    });
    let durations = v
        .prices
        .iter()
        .map(|p| {
            let label = format!(
                "{} days: {}",
                p.days,
                format_money(p.price_minor, &p.currency)
            );
            view! { <option value=p.days.to_string()>{label}</option> }
        })
        .collect_view();
    let pay_note = if v.from_wallet {
        "Your own ad costs the platform cost only, paid from your agent wallet at once."
    } else {
        "You pay at checkout; the ad then waits for approval. A rejected ad is refunded in full."
    };
    let button = if v.from_wallet {
        "Buy from wallet"
    } else {
        "Buy and pay"
    };
    let ads = if v.ads.is_empty() {
        view! { <p class="pending" data-testid="no-ads">"No ads yet."</p> }.into_any()
    } else {
        view! {
            <div class="ad-list">{v.ads.into_iter().map(|a| ad_card(a, true)).collect_view()}</div>
        }
        .into_any()
    };
    view! {
        <h1>"Ads"</h1>
        {paid}
        {error}
        <h2>"Buy an ad"</h2>
        <form class="card batch-form" method="post" action="/dashboard/ads/create" enctype="multipart/form-data" data-testid="ad-form">
            <label>"Title"<input name="title" required maxlength="120"/></label>
            <div class="row">
                <label>"Ad type"
                    <select name="kind">
                        <option value="banner">"Banner (image)"</option>
                        <option value="video">"Video (MP4 or WebM, up to 30 s, 20 MB)"</option>
                    </select>
                </label>
                <label>"Banner image or video"<input type="file" name="creative" required accept="image/png,image/jpeg,image/webp,video/mp4,video/webm"/></label>
            </div>
            <div class="row">
                <label>"Duration"<select name="duration_days">{durations}</select></label>
                <label>"Start date"<input type="date" name="start_date" required min=v.today.clone() value=v.today.clone()/></label>
            </div>
            <label>"Link"<input type="url" name="target_url" required placeholder="https://your-shop.example/offer" maxlength="2000"/></label>
            <div class="row">
                <label>"Country (two letters, empty for everywhere)"<input name="country" maxlength="2" placeholder="MY"/></label>
                <label>"Cities (comma-separated, empty for the whole country)"<textarea name="cities" rows="2" placeholder="Kuala Lumpur, Penang"></textarea></label>
            </div>
            <span class="pending">{pay_note}</span>
            <button type="submit">{button}</button>
        </form>
        <h2>"My ads"</h2>
        {ads}
    }
    .into_any()
}

/// One ad as its advertiser (`own`) or an approver sees it: the creative, facts, history,
/// refund, and the counts per day.
pub fn ad_card(a: AdSummary, own: bool) -> impl IntoView {
    let creative = format!("/ads/creative/{}", a.id);
    let preview = match a.kind {
        AdKind::Banner => view! { <img class="ad-preview" src=creative alt=format!("Banner: {}", a.title)/> }.into_any(),
        AdKind::Video => view! { <video class="ad-preview" src=creative controls muted playsinline preload="metadata" aria-label=format!("Video: {}", a.title)></video> }.into_any(),
    };
    let history = a
        .history
        .iter()
        .map(|e| {
            let by = e.by.clone().map(|b| format!(" by {b}")).unwrap_or_default();
            view! { <li>{format!("{}: {}{by}", e.state.label(), date_time_utc(e.at_ms))}</li> }
        })
        .collect_view();
    let reason = a.reject_reason.clone().map(|r| {
        let refund = if a.refunded {
            format!(
                "Refunded in full: {}.",
                format_money(a.price_minor, &a.currency)
            )
        } else {
            "The refund is on its way.".to_owned()
        };
        view! {
            <p class="form-error" data-testid="reject-reason">{format!("Rejected: {r}")}</p>
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
                    <td>{date_ymd(d.day_ms)}</td>
                    <td class="num">{d.impressions}</td>
                    <td class="num">{d.clicks}</td>
                </tr>
            }
        })
        .collect_view();
    let counts = (own || a.state != AdState::Pending).then(|| {
        view! {
            <table class="table" data-testid="ad-days">
                <thead><tr><th>"Day (UTC)"</th><th>"Impressions"</th><th>"Clicks"</th></tr></thead>
                <tbody>{days}</tbody>
                <tfoot><tr><th>"Total"</th><th class="num" data-testid="impressions">{imps}</th><th class="num" data-testid="clicks">{clicks}</th></tr></tfoot>
            </table>
        }
    });
    view! {
        <article class="card ad-card" data-ad=a.id.clone() data-testid="ad-card">
            <h3>{a.title.clone()}</h3>
            <div class="ad-body">
                {preview}
                <dl class="facts">
                    <dt>"Status"</dt><dd data-testid="ad-state">{a.state.label()}</dd>
                    <dt>"Advertiser"</dt><dd>{a.advertiser.clone()}</dd>
                    <dt>"Type"</dt><dd>{match a.kind { AdKind::Banner => "Banner", AdKind::Video => "Video" }}</dd>
                    <dt>"Runs"</dt><dd>{format!("{} to {} ({} days)", date_time_utc(a.starts_at_ms), date_time_utc(a.ends_at_ms), a.duration_days)}</dd>
                    <dt>"Shown to"</dt><dd>{a.targeting.label()}</dd>
                    <dt>"Link"</dt><dd><a href=a.target_url.clone() rel="noopener noreferrer nofollow" target="_blank">{a.target_url.clone()}</a></dd>
                    <dt>"Price"</dt><dd>{format_money(a.price_minor, &a.currency)}</dd>
                </dl>
            </div>
            {reason}
            <ul class="ad-history" aria-label="History">{history}</ul>
            {counts}
        </article>
    }
}
