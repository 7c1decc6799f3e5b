//! `/store/<merchant>/wheel`: the merchant's lucky-draw wheel. The outcome is drawn and
//! recorded on the server first; then the wheel turns for about five seconds, easing out, to
//! stop with that segment under the pointer (at once when the visitor prefers reduced motion),
//! and the result is announced in a polite live region.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::claims::{ShownCoupon, SpinView, get_wheel, spin_wheel};
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::pages::claim::coupon_view;
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

/// The interactive wheel: spins once per press, for as many spins as the server allows.
#[component]
fn Wheel(wheel: WheelView, after_claim: bool) -> impl IntoView {
    let n = wheel.segments.len().max(1);
    let merchant_id = wheel.merchant_id.clone();
    let (rotation, set_rotation) = signal(0.0_f64);
    let (prev, set_prev) = signal(0.0_f64);
    let (spins, set_spins) = signal(0_u32);
    let (busy, set_busy) = signal(false);
    let (pending, set_pending) = signal(None::<Result<SpinView, String>>);
    // Spinning runs in the browser: until the page is live the button is shown disabled (an
    // effect runs only after hydration), so a press then is never silently lost.
    let (live, set_live) = signal(false);
    Effect::new(move |_| set_live.set(true));
    let (shown, set_shown) = signal(None::<Result<SpinView, String>>);
    let spin = move |_| {
        if busy.get_untracked() {
            return;
        }
        set_busy.set(true);
        set_shown.set(None);
        let merchant_id = merchant_id.clone();
        spawn_local(async move {
            match spin_wheel(merchant_id, after_claim).await {
                Ok(v) => {
                    let k = spins.get_untracked() + 1;
                    set_pending.set(Some(Ok(v.clone())));
                    set_prev.set(rotation.get_untracked());
                    set_rotation.set(v.rotation_deg);
                    set_spins.set(k);
                }
                Err(e) => {
                    set_shown.set(Some(Err(e.to_string())));
                    set_busy.set(false);
                }
            }
        });
    };
    let ended = move |_| {
        set_shown.set(pending.get_untracked());
        set_pending.set(None);
        set_busy.set(false);
    };
    let style = move || {
        format!(
            "--from: {:.3}deg; --stop: {:.3}deg;",
            prev.get().rem_euclid(360.0),
            rotation.get()
        )
    };
    let class = move || match spins.get() {
        0 => "wheel",
        k if k % 2 == 1 => "wheel spin-a",
        _ => "wheel spin-b",
    };
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
    let result = move || {
        shown.get().map(|r| match r {
            Ok(v) => {
                let won = v.outcome.coupon.clone().zip(v.qr_svg.clone()).map(|(c, qr)| {
                    coupon_view(ShownCoupon { coupon: c, qr_svg: qr, wheel: false })
                });
                let headline = if won.is_some() {
                    format!("You won: {}", v.outcome.label)
                } else {
                    format!("The wheel stopped on: {}", v.outcome.label)
                };
                view! {
                    <p class="wheel-result" data-testid="spin-result" data-segment=v.outcome.segment.to_string()>{headline}</p>
                    {won}
                }
                .into_any()
            }
            Err(e) => view! { <p class="form-error" role="alert" data-testid="spin-error">{e}</p> }.into_any(),
        })
    };
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
            <svg class=class style=style viewBox="0 0 200 200" role="img" data-testid="wheel"
                aria-label=format!("Prize wheel with {n} segments") on:animationend=ended>
                {segments}
                <circle cx="100" cy="100" r="10" fill="#fff"/>
            </svg>
        </div>
        <button type="button" class="spin" on:click=spin disabled=move || busy.get() || !live.get()>"Spin"</button>
        <noscript><p class="pending">"Spinning the wheel needs JavaScript."</p></noscript>
        <div aria-live="polite" class="wheel-live" data-testid="spin-live">{result}</div>
        <h2>"Odds"</h2>
        <ul class="odds" data-testid="odds">{odds}</ul>
    }
}
