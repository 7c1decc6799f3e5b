//! `/my-data`: what this site's stores hold about the customer whose phone this device proved
//! (through the link in a coupon's WhatsApp message, or the phone's first claim here): see it,
//! correct the name and birthday, withdraw consent to offers, forget the device.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::customers::{CorrectDetails, ForgetDevice, WithdrawConsent, get_my_data};
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::i18n::{date, t};
use domain::customers::{CustomerData, MerchantHolds};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let withdraw = ServerAction::<WithdrawConsent>::new();
    let correct = ServerAction::<CorrectDetails>::new();
    let forget = ServerAction::<ForgetDevice>::new();
    let data = Resource::new(
        move || {
            (
                withdraw.version().get(),
                correct.version().get(),
                forget.version().get(),
            )
        },
        |_| async { (get_session_info().await, get_my_data().await) },
    );
    view! {
        <Title text=t!("site-your-data")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, mine) = data.await;
                match session {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(info) => {
                        let body = match mine {
                            Ok(Some(d)) => my_data_view(d, withdraw, correct, forget),
                            Ok(None) => not_proven(),
                            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        };
                        view! {
                            <SiteChrome info=info title=t!("site-your-data")>
                                <main class="plain-page claim">{body}</main>
                            </SiteChrome>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn not_proven() -> AnyView {
    view! {
        <h1>{t!("site-your-data")}</h1>
        <p class="lead" data-testid="my-data-unproven">{t!("mydata-unproven")}</p>
        <p>{t!("mydata-never-shown")}</p>
    }
    .into_any()
}

fn my_data_view(
    d: CustomerData,
    withdraw: ServerAction<WithdrawConsent>,
    correct: ServerAction<CorrectDetails>,
    forget: ServerAction<ForgetDevice>,
) -> AnyView {
    let merchants = d
        .merchants
        .into_iter()
        .map(|m| merchant_view(m, withdraw))
        .collect_view();
    view! {
        <h1>{t!("site-your-data")}</h1>
        <p class="lead">{t!("mydata-lead")}</p>
        <section class="card" data-testid="my-details">
            <h2>{t!("mydata-details")}</h2>
            <dl class="facts">
                <dt>{t!("mydata-name")}</dt><dd data-testid="my-name">{d.name.clone()}</dd>
                <dt>{t!("mydata-phone")}</dt><dd data-testid="my-phone">{d.phone}</dd>
                <dt>{t!("mydata-birthday")}</dt><dd data-testid="my-birthday">{d.birthday.clone()}</dd>
                <dt>{t!("mydata-first-coupon")}</dt><dd>{date(d.created_at_ms)}</dd>
            </dl>
            <ActionForm action=correct attr:class="stacked" attr:data-testid="correct-form">
                <label>{t!("mydata-name")} <input name="name" required maxlength="120" value=d.name autocomplete="name"/></label>
                <label>{t!("mydata-birthday")} <input name="birthday" type="date" required value=d.birthday autocomplete="bday"/></label>
                <button type="submit" class="ghost">{t!("mydata-save")}</button>
            </ActionForm>
            {move || correct.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        </section>
        {merchants}
        {move || withdraw.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        <ActionForm action=forget attr:class="card stacked" attr:data-testid="forget-form">
            <p>{t!("mydata-forget-hint")}</p>
            <button type="submit" class="ghost">{t!("mydata-forget")}</button>
        </ActionForm>
    }
    .into_any()
}

fn merchant_view(m: MerchantHolds, withdraw: ServerAction<WithdrawConsent>) -> impl IntoView {
    let stop_label = t!("mydata-stop-offers", merchant = m.merchant_name.clone());
    let consent = match &m.consent {
        Some(c) if c.stands() => view! {
            <p data-testid="consent-stands">{t!("mydata-agreed", date = date(c.granted_at_ms), text = c.text_shown.clone())}</p>
            <ActionForm action=withdraw>
                <input type="hidden" name="merchant_id" value=m.merchant_id.clone()/>
                <button type="submit" class="ghost">{stop_label}</button>
            </ActionForm>
        }
        .into_any(),
        Some(c) => view! {
            <p data-testid="consent-withdrawn">{t!("mydata-withdrawn", date = date(c.withdrawn_at_ms.unwrap_or(c.granted_at_ms)))}</p>
        }
        .into_any(),
        None => view! {
            <p data-testid="consent-none">{t!("mydata-consent-none")}</p>
        }
        .into_any(),
    };
    let stopped = m.stopped.then(|| {
        view! { <p>{t!("mydata-stopped")}</p> }
    });
    let rows = m
        .claims
        .into_iter()
        .map(|c| {
            let status = match c.status.as_str() {
                "available" => t!("mydata-status-available"),
                "taken" => t!("mydata-status-taken"),
                "redeemed" => t!("mydata-status-redeemed"),
                "expired" => t!("mydata-status-expired"),
                other => other.to_owned(),
            };
            let line = t!(
                "mydata-claim-line",
                serial = c.serial.clone(),
                date = date(c.claimed_at_ms),
                status = status,
            );
            view! {
                <li>
                    <strong>{c.title}</strong>
                    <span class="muted">{format!(" · {line}")}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="merchant-holds" data-merchant=m.merchant_name.clone()>
            <h2>{m.merchant_name.clone()}</h2>
            {consent}
            {stopped}
            <p>{t!("mydata-messages", count = m.messages)}</p>
            <ul class="held-claims" data-testid="held-claims">{rows}</ul>
        </section>
    }
}
