//! `/store/<merchant>/wheel`: the merchant's lucky-draw wheel. The outcome is drawn and
//! recorded on the server first; then the wheel turns for about five seconds, easing out, to
//! stop with that segment under the pointer (at once when the visitor prefers reduced motion),
//! and the result is announced in a polite live region.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::claims::get_wheel;
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use domain::lucky_draw::{SegmentView, WheelView};

const COLOURS: [&str; 6] = [
    "#0f766e", "#f59e0b", "#6d28d9", "#f97316", "#2563eb", "#db2777",
];

/// The wheel page.
#[component]
pub fn WheelPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(id, |id| async move {
        let wheel = get_wheel(id).await;
        (get_session_info().await, wheel)
    });
    view! {
        <Title text="Lucky draw"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, wheel) = data.await;
                let after = query.with(|q| q.get("after").is_some_and(|a| a == "1"));
                match session {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(info) => {
                        let body = match wheel {
                            Ok(Some(w)) => view! { <Wheel wheel=w after_claim=after/> }.into_any(),
                            Ok(None) => view! {
                                <h1>"Lucky draw"</h1>
                                <p>"This store has no lucky-draw wheel right now."</p>
                            }.into_any(),
                            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        };
                        view! {
                            <SiteChrome info=info title="Lucky draw".to_owned()>
                                <main class="plain-page wheel-page">{body}</main>
                            </SiteChrome>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A point on the wheel's circle (centre 100,100) at `deg` clockwise from the top.
fn at(deg: f64, r: f64) -> (f64, f64) {
    let a = deg.to_radians();
    (100.0 + r * a.sin(), 100.0 - r * a.cos())
}

fn segment(i: usize, n: usize, s: &SegmentView) -> impl IntoView + use<> {
    let step = 360.0 / n as f64;
    let (a0, a1) = (i as f64 * step, (i + 1) as f64 * step);
    let (x0, y0) = at(a0, 96.0);
    let (x1, y1) = at(a1, 96.0);
    let large = i32::from(step > 180.0);
    let d = format!("M100 100 L{x0:.3} {y0:.3} A96 96 0 {large} 1 {x1:.3} {y1:.3} Z");
    let fill = if s.available {
        COLOURS[i % COLOURS.len()]
    } else {
        "#9ca3af"
    };
    // The label runs along the segment's centre line; on the left half it is turned the other
    // way (reading from the rim in to the hub) so no label is upside down.
    let centre = a0 + step / 2.0;
    let left = centre > 180.0;
    let turn = format!(
        "rotate({:.3} 100 100)",
        if left { centre + 90.0 } else { centre - 90.0 }
    );
    let (x, anchor) = if left {
        ("14", "start")
    } else {
        ("186", "end")
    };
    view! {
        <g class="segment" data-index=i.to_string() data-label=s.label.clone()>
            <path d=d fill=fill stroke="#fff" stroke-width="1"/>
            <text x=x y="100" transform=turn text-anchor=anchor dominant-baseline="middle"
                font-size="9" font-weight="700" fill="#fff">{s.label.clone()}</text>
        </g>
    }
}

/// The wheel as the server renders it. Spinning needs the browser: the public script
/// (`site.js`) enables the Spin button, posts to `/store/<merchant>/wheel/spin`, turns the
/// wheel to where the server's draw stopped it, then puts the result (see [`result_html`])
/// into the live region.
#[component]
fn Wheel(wheel: WheelView, after_claim: bool) -> impl IntoView {
    let n = wheel.segments.len().max(1);
    let action = format!("/store/{}/wheel/spin", wheel.merchant_id);
    let segments = wheel
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| segment(i, n, s))
        .collect_view();
    let odds = wheel
        .segments
        .iter()
        .map(|s| {
            let text = if s.available {
                s.odds.clone()
            } else {
                "none left".to_owned()
            };
            view! { <li>{format!("{}: {text}", s.label)}</li> }
        })
        .collect_view();
    let rules = match (wheel.after_claim, wheel.from_store) {
        (true, true) => "after getting a coupon or from the store link",
        (true, false) => "after getting one of this store's coupons",
        (false, _) => "from the store link",
    };
    view! {
        <h1>{format!("{} lucky draw", wheel.merchant_name)}</h1>
        <p class="lead">{format!("Spin {rules}, {} time(s) a day. The prize is drawn when you press Spin.", wheel.spins_per_day)}</p>
        <div class="wheel-box">
            <div class="wheel-pointer" aria-hidden="true"></div>
            <svg class="wheel" viewBox="0 0 200 200" role="img" data-testid="wheel"
                aria-label=format!("Prize wheel with {n} segments")>
                {segments}
                <circle cx="100" cy="100" r="10" fill="#fff"/>
            </svg>
        </div>
        // Disabled until the script is live, so a press before then is never silently lost.
        <button type="button" class="spin" data-spin=action data-after=if after_claim { "1" } else { "0" } disabled>"Spin"</button>
        <noscript><p class="pending">"Spinning the wheel needs JavaScript."</p></noscript>
        <div aria-live="polite" class="wheel-live" data-testid="spin-live"></div>
        <h2>"Odds"</h2>
        <ul class="odds" data-testid="odds">{odds}</ul>
    }
}

/// A spin's result as the wheel page shows it once the wheel stops: the segment it stopped on
/// and, for a prize, the won coupon with its QR code (`qr_svg`, made on the server).
#[cfg(feature = "ssr")]
pub fn result_html(outcome: &domain::lucky_draw::SpinOutcome, qr_svg: Option<String>) -> String {
    use crate::api::claims::ShownCoupon;
    use crate::pages::claim::coupon_view;
    use leptos::tachys::view::RenderHtml;
    let won: Option<(domain::claims::ClaimedCoupon, String)> = outcome.coupon.clone().zip(qr_svg);
    let headline = if won.is_some() {
        format!("You won: {}", outcome.label)
    } else {
        format!("The wheel stopped on: {}", outcome.label)
    };
    let won = won.map(|(coupon, qr_svg)| {
        coupon_view(ShownCoupon {
            coupon,
            qr_svg,
            wheel: false,
        })
    });
    view! {
        <p class="wheel-result" data-testid="spin-result" data-segment=outcome.segment.to_string()>{headline}</p>
        {won}
    }
    .to_html()
}
