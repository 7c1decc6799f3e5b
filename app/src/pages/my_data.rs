//! `/my-data`: what this site's stores hold about the customer whose phone this device proved
//! (through the link in a coupon's WhatsApp message, or the phone's first claim here): see it,
//! correct the name and birthday, withdraw consent to offers, forget the device.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::customers::{CorrectDetails, ForgetDevice, WithdrawConsent, get_my_data};
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::pages::claim::public;
use domain::customers::{CustomerData, MerchantHolds};
use domain::time::date_ymd;

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
        <Title text="Your data"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, mine) = data.await;
                public(session, "Your data", mine, move |m| match m {
                    Some(d) => my_data_view(d, withdraw, correct, forget),
                    None => not_proven(),
                })
            })}
        </Suspense>
    }
}

fn not_proven() -> AnyView {
    view! {
        <h1>"Your data"</h1>
        <p class="lead" data-testid="my-data-unproven">
            "This device has not shown that it holds your phone. Open the link in the WhatsApp message that brought your coupon, press \"Remember this device\", and your data shows here."
        </p>
        <p>"We never show what a store holds about a phone number to someone who only typed it."</p>
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
        <h1>"Your data"</h1>
        <p class="lead">"What the stores on this site hold about you. Ask a store to delete it and they erase it from their dashboard; your coupons' records stay without your name or number."</p>
        <section class="card" data-testid="my-details">
            <h2>"Your details"</h2>
            <dl class="facts">
                <dt>"Name"</dt><dd data-testid="my-name">{d.name.clone()}</dd>
                <dt>"Phone"</dt><dd data-testid="my-phone">{d.phone}</dd>
                <dt>"Birthday"</dt><dd data-testid="my-birthday">{d.birthday.clone()}</dd>
                <dt>"First coupon"</dt><dd>{date_ymd(d.created_at_ms)}</dd>
            </dl>
            <ActionForm action=correct attr:class="stacked" attr:data-testid="correct-form">
                <label>"Name" <input name="name" required maxlength="120" value=d.name autocomplete="name"/></label>
                <label>"Birthday" <input name="birthday" type="date" required value=d.birthday autocomplete="bday"/></label>
                <button type="submit" class="ghost">"Save corrections"</button>
            </ActionForm>
            {move || correct.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        </section>
        {merchants}
        {move || withdraw.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        <ActionForm action=forget attr:class="card stacked" attr:data-testid="forget-form">
            <p>"On a shared or borrowed device? Forget it: the claim form stops filling in your details here."</p>
            <button type="submit" class="ghost">"Forget this device"</button>
        </ActionForm>
    }
    .into_any()
}

fn merchant_view(m: MerchantHolds, withdraw: ServerAction<WithdrawConsent>) -> impl IntoView {
    let stop_label = format!("Stop offers from {}", m.merchant_name);
    let consent = match &m.consent {
        Some(c) if c.stands() => view! {
            <p data-testid="consent-stands">{format!("On {} you agreed: “{}”", date_ymd(c.granted_at_ms), c.text_shown)}</p>
            <ActionForm action=withdraw>
                <input type="hidden" name="merchant_id" value=m.merchant_id.clone()/>
                <button type="submit" class="ghost">{stop_label}</button>
            </ActionForm>
        }
        .into_any(),
        Some(c) => view! {
            <p data-testid="consent-withdrawn">{format!("You stopped offers on {}. Only the coupons you ask for are sent.", date_ymd(c.withdrawn_at_ms.unwrap_or(c.granted_at_ms)))}</p>
        }
        .into_any(),
        None => view! {
            <p data-testid="consent-none">"You have not agreed to offers from this store. Only the coupons you ask for are sent."</p>
        }
        .into_any(),
    };
    let stopped = m.stopped.then(|| {
        view! { <p>"You replied STOP to this store's messages: it sends you no offers."</p> }
    });
    let rows = m
        .claims
        .into_iter()
        .map(|c| {
            view! {
                <li>
                    <strong>{c.title}</strong>
                    <span class="muted">{format!(" · {} · claimed {} · {}", c.serial, date_ymd(c.claimed_at_ms), c.status)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="merchant-holds" data-merchant=m.merchant_name.clone()>
            <h2>{m.merchant_name.clone()}</h2>
            {consent}
            {stopped}
            <p>{format!("WhatsApp messages sent to you: {}", m.messages)}</p>
            <ul class="held-claims" data-testid="held-claims">{rows}</ul>
        </section>
    }
}
