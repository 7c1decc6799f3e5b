//! The claim page (`/claim/<batch>`), a merchant's store page (`/store/<merchant>`) and its
//! printable poster (`/store/<merchant>/poster`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::claims::{
    ClaimView, ProofState, ProofView, ShownCoupon, StoreView, get_claim, get_proof, get_store,
};
use crate::api::session::{SessionInfo, get_session_info};
use crate::components::error_panel::ErrorPanel;
use crate::components::share::{ShareButton, SharePreview};
use crate::components::site_chrome::SiteChrome;
use crate::error::ApiError;
use crate::i18n::last_day;
use crate::i18n::t;
use crate::pages::coupon_center::card;
use domain::claims::{ClaimWhatsApp, Recognised};

/// A public page inside the site's chrome, or the error alone.
pub(crate) fn public<T>(
    session: Result<SessionInfo, ApiError>,
    title: impl Into<String>,
    page: Result<T, ApiError>,
    render: impl FnOnce(T) -> AnyView,
) -> AnyView {
    let title: String = title.into();
    match session {
        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
        Ok(info) => {
            let body = match page {
                Ok(data) => render(data),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            };
            view! {
                <SiteChrome info=info title=title>
                    <main class="plain-page claim">{body}</main>
                </SiteChrome>
            }
            .into_any()
        }
    }
}

/// The query values the claim page reads (what the customer typed comes back in a sealed
/// cookie instead, see [`crate::api::claims::get_claim`]).
#[derive(Clone, Default)]
struct ClaimQuery {
    done: String,
    source: String,
}

/// `/claim/<batch>`: the Get Coupon form (name, phone, birthday; "Look up" fills in what this
/// site knows about the phone), and after a claim the coupon itself.
#[component]
pub fn ClaimPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let batch = move || params.with(|p| p.get("batch").unwrap_or_default());
    let q = move || {
        query.with(|q| {
            let g = |k: &str| q.get(k).unwrap_or_default();
            ClaimQuery {
                done: g("done"),
                source: g("source"),
            }
        })
    };
    let data = Resource::new(
        move || (batch(), q().done),
        |(b, done)| async move {
            let view = get_claim(b, done).await;
            (get_session_info().await, view)
        },
    );
    view! {
        <Title text=t!("claim-get-coupon")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, view) = data.await;
                let (b, q) = (batch(), q());
                let site = Site::of(&session);
                public(session, t!("claim-get-coupon"), view, move |v| claim_view(v, &b, q, &site))
            })}
        </Suspense>
    }
}

/// The site's origin and brand, for a page's share preview.
#[derive(Clone, Default)]
struct Site {
    origin: String,
    brand: String,
}

impl Site {
    fn of(session: &Result<SessionInfo, ApiError>) -> Self {
        session
            .as_ref()
            .map(|s| Self {
                origin: s.origin.clone(),
                brand: s.branding.brand_name.clone(),
            })
            .unwrap_or_default()
    }
}

fn claim_view(v: ClaimView, batch: &str, q: ClaimQuery, site: &Site) -> AnyView {
    if let Some(shown) = v.shown {
        return coupon_view(shown);
    }
    let draft = v.draft;
    let error = (!draft.error.is_empty())
        .then(|| view! { <p class="form-error" role="alert" data-testid="claim-error">{draft.error.clone()}</p> });
    let Some(c) = v.card else {
        return view! {
            <h1>{t!("claim-unavailable-title")}</h1>
            {error}
            <p>{t!("claim-unavailable")}</p>
            <p><a href="/">{t!("claim-see-others")}</a></p>
        }
        .into_any();
    };
    let in_store = q.source == "in_store";
    let (mut name, mut birthday) = (draft.name.clone(), String::new());
    let recognised = match v.recognised {
        Some(Recognised::Full {
            name: n,
            birthday: b,
        }) => {
            name = n;
            birthday = b;
            Some(
                view! { <p class="notice" data-testid="recognised">{t!("claim-welcome-back")}</p> }
                    .into_any(),
            )
        }
        Some(Recognised::Masked { masked_name }) => Some(
            view! {
                <p class="notice" data-testid="recognised">
                    {t!("claim-known-as")}<strong data-testid="masked-name">{masked_name}</strong>
                    {t!("claim-known-as-after")}
                </p>
            }
            .into_any(),
        ),
        Some(Recognised::Unknown) => Some(
            view! { <p class="notice" data-testid="recognised">{t!("claim-new-here")}</p> }
                .into_any(),
        ),
        None => None,
    };
    let action = format!("/claim/{batch}/get");
    let lookup = format!("/claim/{batch}/lookup");
    let source = if in_store { "in_store" } else { "homepage" };
    // A recognised device may keep the stored birthday; anyone else types one.
    let reuse = (!birthday.is_empty()).then(|| {
        view! { <input type="hidden" name="reuse_birthday" value="1"/> }
    });
    let url = format!("{}/claim/{}", site.origin, c.batch_id);
    let pitch = format!("{} · {}", c.merchant_name, c.offer_details);
    view! {
        <SharePreview title=c.title.clone() text=pitch.clone() url=url.clone()
            image=Some(format!("{url}/art")) site=site.brand.clone()/>
        <h1>{c.title.clone()}</h1>
        <p class="lead">{pitch}</p>
        <p>{t!("claim-valid-left", date = last_day(c.valid_until_ms), count = c.left)}</p>
        {error}
        {recognised}
        <form class="stacked claim-form" method="post" action=action data-testid="claim-form">
            <input type="hidden" name="source" value=source/>
            <label>{t!("claim-phone")}
                <input type="tel" name="phone" required autocomplete="tel" value=draft.phone.clone() placeholder="012-345 6789"/>
            </label>
            <button type="submit" class="ghost" formaction=lookup formnovalidate>{t!("claim-look-up")}</button>
            <label>{t!("claim-name")}
                <input type="text" name="name" required autocomplete="name" maxlength="120" value=name/>
            </label>
            <label>{t!("claim-birthday")}
                <input type="date" name="birthday" required autocomplete="bday" value=birthday/>
            </label>
            {reuse}
            <label class="check"><input type="checkbox" name="offers" value="1"/>{domain::claims::consent_text(crate::i18n::locale(), &c.merchant_name)}</label>
            <small class="pending">{t!("claim-whatsapp-hint")}</small>
            <button type="submit">{t!("claim-get-coupon")}</button>
        </form>
        <ShareButton url=url title=c.title.clone()/>
        <p><a href=format!("/store/{}", c.merchant_id)>{t!("claim-more-from", merchant = &c.merchant_name)}</a></p>
    }
    .into_any()
}

fn whatsapp_text(w: &ClaimWhatsApp) -> String {
    match w {
        ClaimWhatsApp::Off => t!("claim-whatsapp-off"),
        ClaimWhatsApp::Queued { .. } => t!("claim-whatsapp-queued"),
        ClaimWhatsApp::NotSent { reason } => t!("claim-whatsapp-not-sent", reason = reason),
    }
}

/// A coupon just claimed (or won): serial, QR, offer, end date, WhatsApp status.
pub fn coupon_view(shown: ShownCoupon) -> AnyView {
    let c = shown.coupon;
    let wheel = shown.wheel.then(|| {
        let href = format!("/store/{}/wheel?after=1", c.merchant_id);
        view! { <p><a class="button" href=href>{t!("claim-spin-wheel")}</a></p> }
    });
    view! {
        <section class="claimed" data-testid="claimed-coupon" aria-labelledby="claimed-h">
            <h1 id="claimed-h">{t!("claim-your-coupon")}</h1>
            <p class="lead">{format!("{} · {}", c.merchant_name, c.title)}</p>
            <div class="qr" inner_html=shown.qr_svg></div>
            <dl class="facts">
                <dt>{t!("claim-serial")}</dt><dd class="serial" data-testid="serial">{c.serial.display()}</dd>
                <dt>{t!("claim-offer")}</dt><dd>{c.offer_details.clone()}</dd>
                <dt>{t!("center-valid-until")}</dt><dd>{last_day(c.valid_until_ms)}</dd>
                <dt>"WhatsApp"</dt><dd data-testid="whatsapp-status">{whatsapp_text(&c.whatsapp)}</dd>
            </dl>
            <p class="pending">{t!("claim-show-qr")}</p>
            {wheel}
            <p><a href="/">{t!("claim-more-coupons")}</a></p>
        </section>
    }
    .into_any()
}

/// `/store/<merchant>`: the merchant's in-store coupons, claimed with source in-store.
#[component]
pub fn StorePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(id, |id| async move {
        let store = get_store(id).await;
        (get_session_info().await, store)
    });
    view! {
        <Title text=t!("store-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, store) = data.await;
                let site = Site::of(&session);
                public(session, t!("store-title"), store, move |s| store_view(s, &site))
            })}
        </Suspense>
    }
}

fn store_view(s: StoreView, site: &Site) -> AnyView {
    let url = format!("{}/store/{}", site.origin, s.merchant_id);
    let pitch = match s.cards.first() {
        Some(c) => t!("store-pitch", count = s.cards.len(), title = &c.title),
        None => t!("store-lead"),
    };
    let image = s
        .cards
        .first()
        .map(|c| format!("{}/claim/{}/art", site.origin, c.batch_id));
    let cards = if s.cards.is_empty() {
        view! { <p class="pending">{t!("store-none")}</p> }.into_any()
    } else {
        view! {
            <ul class="coupon-cards" data-testid="coupon-cards">
                {s.cards.into_iter().map(|c| card(c, "/claim", "?source=in_store")).collect_view()}
            </ul>
        }
        .into_any()
    };
    let wheel = s.wheel.then(|| {
        let href = format!("/store/{}/wheel", s.merchant_id);
        view! { <p><a class="button ghost" href=href>{t!("claim-spin-wheel")}</a></p> }
    });
    view! {
        <SharePreview title=s.merchant_name.clone() text=pitch url=url.clone() image=image site=site.brand.clone()/>
        <h1>{s.merchant_name.clone()}</h1>
        <p class="lead">{t!("store-lead")}</p>
        {cards}
        {wheel}
        <ShareButton url=url title=s.merchant_name.clone()/>
    }
    .into_any()
}

/// `/store/<merchant>/poster`: a printable poster with the store page's QR code.
#[component]
pub fn PosterPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(id, get_store);
    view! {
        <Title text=t!("poster-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! {
                        <main class="poster" data-testid="poster">
                            <h1>{s.merchant_name.clone()}</h1>
                            <p class="poster-call">{t!("poster-call")}</p>
                            <div class="qr" inner_html=s.qr_svg></div>
                            <p class="poster-url">{s.store_url}</p>
                            <p class="no-print"><a href=format!("/store/{}", s.merchant_id)>{t!("poster-open-store")}</a>{t!("poster-print")}</p>
                        </main>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/p/<token>`: the link in a coupon's WhatsApp message. It shows the coupon to whoever holds
/// the link (it went to the customer's phone), and offers to remember this device, once: after
/// that, the claim form fills in the customer's details on this device.
#[component]
pub fn ProofPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = Resource::new(token, |t| async move {
        let view = get_proof(t).await;
        (get_session_info().await, view)
    });
    view! {
        <Title text=t!("claim-your-coupon")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, view) = data.await;
                let (t, error) = (token(), query.with(|q| q.get("error").unwrap_or_default()));
                public(session, t!("claim-your-coupon"), view, move |v| proof_view(v, &t, &error))
            })}
        </Suspense>
    }
}

fn proof_view(v: ProofView, token: &str, error: &str) -> AnyView {
    // Errors travel as codes mapped to the product's own words, never as text from the URL.
    let refused = match error {
        "used" => Some(t!("proof-error-used")),
        "expired" => Some(t!("proof-error-expired")),
        "" => None,
        _ => Some(t!("proof-error-failed")),
    }
    .map(|m| view! { <p class="form-error" role="alert" data-testid="proof-error">{m}</p> });
    let remember = match v.state {
        ProofState::Remembered => view! {
            <p class="notice" role="status" data-testid="proof-remembered">{t!("proof-remembered")}<a href="/my-data">{t!("proof-see-data")}</a></p>
        }
        .into_any(),
        ProofState::Open => view! {
            <form method="post" action=format!("/p/{token}") class="card stacked" data-testid="proof-form">
                <p>{t!("proof-ask")}</p>
                <button type="submit">{t!("proof-remember")}</button>
            </form>
        }
        .into_any(),
        ProofState::Used => view! {
            <p class="pending" data-testid="proof-used">{t!("proof-used")}</p>
        }
        .into_any(),
        ProofState::Expired => view! {
            <p class="pending" data-testid="proof-expired">{t!("proof-expired")}</p>
        }
        .into_any(),
    };
    view! {
        {refused}
        {coupon_view(v.shown)}
        {remember}
    }
    .into_any()
}
