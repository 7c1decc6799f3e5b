use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::ads::get_center_ads;
use crate::api::claims::get_center;
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::i18n::{t, tk};
use domain::ads::{AdKind, ServedAd};
use domain::claims::{CenterCard, CenterPage, CenterSort};

/// The filter values of the URL, in the order of [`get_center`]'s arguments.
type Filters = (String, String, String, String, String, String);

/// The public coupon center: each tenant's home page. The filters live in the URL (a plain GET
/// form), so links are shareable, the back button works and it needs no JavaScript. With
/// JavaScript, the public script (`site.js`) applies a changed filter at once: it fetches the
/// new page and swaps the parts marked `data-swap` (the cards, the ads), while the current
/// cards stay on screen until the new ones arrive.
#[component]
pub fn CouponCenterPage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || -> Filters {
        query.with(|q| {
            let g = |k: &str| q.get(k).unwrap_or_default();
            (
                g("country"),
                g("city"),
                g("category"),
                g("q"),
                g("sort"),
                g("page"),
            )
        })
    };
    let data = Resource::new(
        filters,
        |(country, city, category, q, sort, page)| async move {
            let ads = get_center_ads(country.clone(), city.clone()).await;
            let center = get_center(country, city, category, q, sort, page).await;
            (get_session_info().await, center, ads)
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, center, ads) = data.await;
                let f = filters();
                match session {
                    Ok(info) => {
                        let brand = info.branding.brand_name.clone();
                        let body = match center {
                            Ok(page) => listing(page, &f).into_any(),
                            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        };
                        view! {
                            <SiteChrome info=info title=t!("center-title")>
                                <main class="coupon-center">
                                    <section class="hero">
                                        <h1>{t!("center-hero", brand = &brand)}</h1>
                                        <p>{t!("center-intro")}</p>
                                    </section>
                                    {body}
                                    {ad_slot(ads.unwrap_or_default())}
                                </main>
                            </SiteChrome>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The ads this visitor is shown: a banner links through `/ads/click/<token>`; a video plays
/// muted and inline. Each carries its beacon token; the public script posts it to
/// `/ads/impression` once the ad has been at least half visible for a second (or its video
/// started). Without JavaScript nothing is counted.
fn ad_slot(ads: Vec<ServedAd>) -> impl IntoView {
    let empty = ads.is_empty();
    let items = ads
        .into_iter()
        .map(|a| {
            let click = format!("/ads/click/{}", a.token);
            let src = format!("/ads/creative/{}", a.id);
            let body = match a.kind {
                AdKind::Banner => view! {
                    <a class="ad-link" href=click rel="external sponsored noopener">
                        <img src=src alt=a.title.clone()/>
                    </a>
                }
                .into_any(),
                AdKind::Video => view! {
                    <video src=src muted autoplay playsinline controls preload="metadata" aria-label=a.title.clone()></video>
                    <a class="ad-link" href=click rel="external sponsored noopener">{a.title.clone()}</a>
                }
                .into_any(),
            };
            view! { <li class="ad" data-ad-token=a.token.clone() data-testid="ad">{body}</li> }
        })
        .collect_view();
    view! {
        <aside class="ad-slot" data-ad-slot="coupon-center" aria-label=t!("center-ad") data-testid="ad-slot" data-swap="ads">
            <span class="pending">{t!("center-ad")}</span>
            {(!empty).then(|| view! { <ul class="ads">{items}</ul> })}
        </aside>
    }
}

/// A category's name for people, in the page's language (its code when unknown).
pub fn category_label(code: &str) -> String {
    if domain::coupons::CATEGORIES.iter().any(|(c, _)| *c == code) {
        tk(&domain::coupons::category_key(code))
    } else {
        code.to_owned()
    }
}

/// A filter menu: `any` first (no filter), then `all`; `named` shows category names.
fn options(all: Vec<String>, chosen: &str, any: String, named: bool) -> impl IntoView + use<> {
    let chosen = chosen.to_owned();
    view! {
        <option value="" selected=chosen.is_empty()>{any}</option>
        {all
            .into_iter()
            .map(|v| {
                let sel = v == chosen;
                let text = if named { category_label(&v) } else { v.clone() };
                view! { <option value=v.clone() selected=sel>{text}</option> }
            })
            .collect_view()}
    }
}

/// The query string of `f` with `page` replaced.
fn page_href(f: &Filters, page: i64) -> String {
    let pairs = [
        ("country", &f.0),
        ("city", &f.1),
        ("category", &f.2),
        ("q", &f.3),
        ("sort", &f.4),
    ];
    let mut out = String::from("/?");
    for (k, v) in pairs {
        if !v.is_empty() {
            out.push_str(&format!("{k}={}&", encode(v)));
        }
    }
    out.push_str(&format!("page={page}"));
    out
}

/// `s` percent-encoded for a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn listing(page: CenterPage, f: &Filters) -> impl IntoView {
    let sort = CenterSort::parse(f.4.trim());
    let cards = if page.cards.is_empty() {
        view! { <p class="pending" data-testid="no-coupons">{t!("center-none")}</p> }.into_any()
    } else {
        view! {
            <ul class="coupon-cards" data-testid="coupon-cards">
                {page.cards.into_iter().map(|c| card(c, "/claim", "")).collect_view()}
            </ul>
        }
        .into_any()
    };
    let prev = (page.page > 1).then(|| {
        view! { <a class="button ghost" rel="prev" href=page_href(f, page.page - 1)>{t!("common-previous")}</a> }
    });
    let next = page.has_next.then(|| {
        view! { <a class="button ghost" rel="next" href=page_href(f, page.page + 1)>{t!("common-next")}</a> }
    });
    let (countries, cities, categories) = (page.countries, page.cities, page.categories);
    view! {
        <section class="listing" aria-labelledby="listing-h">
            <h2 id="listing-h">{t!("center-coupons")}</h2>
            <form method="GET" action="/" class="filters" data-testid="center-filters" data-instant="">
                <label>{t!("center-country")}<select name="country">{options(countries, &f.0, t!("center-any-country"), false)}</select></label>
                <label>{t!("center-city")}<select name="city">{options(cities, &f.1, t!("center-any-city"), false)}</select></label>
                <label>{t!("center-category")}<select name="category">{options(categories, &f.2, t!("center-any-category"), true)}</select></label>
                <label>{t!("common-search")}<input type="search" name="q" value=f.3.clone() maxlength="100" placeholder=t!("center-search-hint")/></label>
                <label>{t!("center-sort")}
                    <select name="sort">
                        {CenterSort::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str() selected=s == sort>{tk(&s.label_key())}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit">{t!("center-show")}</button>
            </form>
            <div data-swap="listing">
                {cards}
                <nav class="actions paging" aria-label=t!("center-pages")>{prev}{next}</nav>
            </div>
        </section>
    }
}

/// One coupon card; its Get Coupon link goes to `claim_base/<batch>` with `query`.
pub fn card(c: CenterCard, claim_base: &'static str, query: &'static str) -> impl IntoView {
    let href = format!("{claim_base}/{}{query}", c.batch_id);
    let place = [c.city.clone(), c.country.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="coupon-card" data-batch=c.batch_id.clone()>
            <h3>{c.title.clone()}</h3>
            <span class="merchant">{c.merchant_name.clone()}</span>
            <span class="offer">{c.offer_details.clone()}</span>
            <dl class="facts">
                <dt>{t!("center-category")}</dt><dd>{category_label(&c.category)}</dd>
                <dt>{t!("center-where")}</dt><dd>{place}</dd>
                <dt>{t!("center-valid-until")}</dt><dd>{crate::i18n::last_day(c.valid_until_ms)}</dd>
                <dt>{t!("center-left-label")}</dt><dd data-testid="left">{domain::i18n::count(c.left)}</dd>
            </dl>
            <a class="button" href=href aria-label=t!("center-get-coupon-for", title = c.title.clone())>{t!("claim-get-coupon")}</a>
        </li>
    }
}
