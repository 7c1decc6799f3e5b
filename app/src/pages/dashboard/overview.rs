use leptos::prelude::*;
use leptos_meta::Title;

use leptos::form::ActionForm;

use crate::api::agents::PayAnnualFee;
use crate::api::directory::get_overview;
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;

/// The dashboard's first page: who you are and the figures your role may see.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let pay = ServerAction::<PayAnnualFee>::new();
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_overview().await) },
    );
    view! {
        <Title text="Overview"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, overview) = data.await;
                let user = session.as_ref().ok().and_then(|s| s.user.clone());
                framed(session, overview, move |overview| {
                    let (name, role) = user.map(|u| (u.display_name, u.role_label)).unwrap_or_default();
                    let cards = overview
                        .counts
                        .into_iter()
                        .map(|(label, n)| view! { <div class="stat"><span class="n">{n}</span><span class="label">{label}</span></div> })
                        .collect_view();
                    let membership = overview.membership.map(|m| membership_card(m, pay));
                    // A merchant's three balances with their exact labels, each linking to the
                    // credits page where they are bought.
                    let balances = (!overview.balances.is_empty()).then(|| {
                        let wallets = overview
                            .balances
                            .into_iter()
                            .map(|b| view! {
                                <a class="stat wallet" href="/dashboard/credits" data-testid=format!("overview-{}", b.credit_type.as_str())>
                                    <span class="label">{b.credit_type.remaining_label()}</span>
                                    <span class="n">{b.available}</span>
                                </a>
                            })
                            .collect_view();
                        view! { <div class="stats" data-testid="overview-balances">{wallets}</div> }
                    });
                    let waiting = overview.waiting_for_top_up.map(|(n, cost)| view! {
                        <p class="notice warn" role="alert" data-testid="waiting-banner">
                            {format!("{n} paid item(s) of your merchants wait for your wallet top-up ({cost} of platform costs). ")}
                            <a href="/dashboard/agent-wallet">"Top up your wallet"</a>
                        </p>
                    });
                    view! {
                        <h1>{format!("Welcome, {name}")}</h1>
                        <p class="lead">{format!("You are signed in as {role}.")}</p>
                        {waiting}
                        {membership}
                        {balances}
                        <div class="stats">{cards}</div>
                        <p>"Use the menu to open the sections your role may use."</p>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// The merchant's membership: its state, renewal date, and the way to pay or renew.
fn membership_card(
    m: crate::api::agents::MembershipView,
    pay: ServerAction<PayAnnualFee>,
) -> impl IntoView {
    use domain::agents::MerchantState as S;
    use domain::auth::MerchantKind;
    let annual = m.kind == MerchantKind::Annual;
    let explain = match m.state {
        S::PendingPayment => "Pay the annual fee to start creating coupon batches and campaigns.",
        S::PendingAgentTopUp => {
            "Your payment was received. Your membership starts as soon as your site's owner completes it; nothing more is needed from you."
        }
        S::Active if annual => "Your membership is active.",
        S::Active => "You buy WhatsApp packages as you go; there is no annual fee.",
        S::Expired => {
            "Your membership has expired: renew it to create new batches and campaigns. Nothing you made is lost."
        }
    };
    let renews = m
        .renews_at_ms
        .map(|t| format!("Renews on {}", domain::time::date_ymd(t)));
    let button = match m.state {
        S::PendingPayment => Some("Pay annual fee"),
        S::Expired => Some("Renew membership"),
        S::Active if annual => Some("Renew early"),
        _ => None,
    };
    let fee = m.annual_fee.clone();
    let form = button.filter(|_| annual).map(|label| view! {
        <ActionForm action=pay>
            <button type="submit">{match &fee { Some(f) => format!("{label} ({f})"), None => label.to_owned() }}</button>
        </ActionForm>
        {move || pay.value().get().and_then(Result::err).map(|e| view! { <crate::components::error_panel::ErrorPanel error=e/> })}
    });
    view! {
        <section class="card membership" data-testid="membership">
            <h2>"Membership: " <span data-state=m.state.as_str()>{m.state.label()}</span></h2>
            <p>{explain}</p>
            {renews.map(|r| view! { <p>{r}</p> })}
            {form}
        </section>
    }
}
