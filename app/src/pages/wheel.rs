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
use crate::i18n::t;
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
        <Title text=t!("wheel-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, wheel) = data.await;
                let after = query.with(|q| q.get("after").is_some_and(|a| a == "1"));
                match session {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(info) => {
                        let body = match wheel {
                            Ok(Some(w)) => view! { <Wheel wheel=w after_claim=after/> }.into_any(),
                            Ok(None) => view! {
                                <h1>{t!("wheel-title")}</h1>
                                <p>{t!("wheel-none")}</p>
                            }.into_any(),
                            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        };
                        view! {
                            <SiteChrome info=info title=t!("wheel-title")>
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
                t!("wheel-none-left")
            };
            view! { <li>{t!("wheel-odds-line", label = s.label.clone(), odds = text)}</li> }
        })
        .collect_view();
    let per_day = wheel.spins_per_day;
    let lead = match (wheel.after_claim, wheel.from_store) {
        (true, true) => t!("wheel-lead-claim-or-store", count = per_day),
        (true, false) => t!("wheel-lead-claim", count = per_day),
        (false, _) => t!("wheel-lead-store", count = per_day),
    };
    view! {
        <h1>{t!("wheel-heading", merchant = wheel.merchant_name.clone())}</h1>
        <p class="lead">{lead}</p>
        <div class="wheel-box">
            <div class="wheel-pointer" aria-hidden="true"></div>
            <svg class="wheel" viewBox="0 0 200 200" role="img" data-testid="wheel"
                aria-label=t!("wheel-aria", count = n)>
                {segments}
                <circle cx="100" cy="100" r="10" fill="#fff"/>
            </svg>
        </div>
        // Disabled until the script is live, so a press before then is never silently lost.
        <button type="button" class="spin" data-spin=action data-after=if after_claim { "1" } else { "0" }
            data-unreachable=t!("wheel-unreachable") data-failed=t!("wheel-failed") disabled>{t!("wheel-spin")}</button>
        <noscript><p class="pending">{t!("wheel-needs-js")}</p></noscript>
        <div aria-live="polite" class="wheel-live" data-testid="spin-live"></div>
        <h2>{t!("wheel-odds")}</h2>
        <ul class="odds" data-testid="odds">{odds}</ul>
    }
}

/// A spin's result as the wheel page shows it once the wheel stops: the segment it stopped on
/// and, for a prize, the won coupon with its QR code (`qr_svg`, made on the server). Rendered
/// outside a page, in the request's language `locale` and its site's `utc_offset_minutes`
/// (given as contexts too, for the coupon's own text).
#[cfg(feature = "ssr")]
pub fn result_html(
    outcome: &domain::lucky_draw::SpinOutcome,
    qr_svg: Option<String>,
    locale: domain::i18n::Locale,
    utc_offset_minutes: i32,
) -> String {
    use crate::api::claims::ShownCoupon;
    use crate::pages::claim::coupon_view;
    use domain::i18n::Arg;
    use leptos::tachys::view::RenderHtml;
    let won: Option<(domain::claims::ClaimedCoupon, String)> = outcome.coupon.clone().zip(qr_svg);
    let label = [("label", Arg::from(&outcome.label))];
    let headline = if won.is_some() {
        domain::i18n::t_args(locale, "wheel-won", &label)
    } else {
        domain::i18n::t_args(locale, "wheel-stopped", &label)
    };
    let segment = outcome.segment.to_string();
    let owner = Owner::new();
    owner.with(move || {
        provide_context(locale);
        provide_context(crate::i18n::UtcOffset(utc_offset_minutes));
        let won = won.map(|(coupon, qr_svg)| {
            coupon_view(ShownCoupon {
                coupon,
                qr_svg,
                wheel: false,
            })
        });
        view! {
            <p class="wheel-result" data-testid="spin-result" data-segment=segment>{headline}</p>
            {won}
        }
        .to_html()
    })
}
