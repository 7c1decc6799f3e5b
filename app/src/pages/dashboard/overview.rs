use leptos::prelude::*;
use leptos_meta::Title;

use leptos::form::ActionForm;

use crate::api::agents::PayAnnualFee;
use crate::api::directory::get_overview;
use crate::api::session::{SetDefaultLocale, get_session_info};
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{Locale, t, tk};
use domain::sections::Section;

/// The dashboard's first page: who you are and the figures your role may see.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let pay = ServerAction::<PayAnnualFee>::new();
    let set_default = ServerAction::<SetDefaultLocale>::new();
    let data = Resource::new(
        move || set_default.version().get(),
        |_| async { (get_session_info().await, get_overview().await) },
    );
    view! {
        <Title text=tk(&Section::Overview.title_key())/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, overview) = data.await;
                let user = session.as_ref().ok().and_then(|s| s.user.clone());
                let default_locale = session
                    .as_ref()
                    .ok()
                    .map(|s| s.branding.default_locale)
                    .unwrap_or_default();
                // The site's administrators (those who manage its staff) choose its language.
                let can_set_language = user
                    .as_ref()
                    .is_some_and(|u| u.sections.contains(&Section::Staff));
                framed(session, overview, move |overview| {
                    let (name, role) = user.map(|u| (u.display_name, u.role_label)).unwrap_or_default();
                    let cards = overview
                        .counts
                        .into_iter()
                        .map(|(label, n)| view! { <div class="stat"><span class="n">{domain::i18n::count(n)}</span><span class="label">{count_label(&label)}</span></div> })
                        .collect_view();
                    let membership = overview.membership.map(|m| membership_card(m, pay).into_any());
                    // A merchant's three balances with their exact labels, each linking to the
                    // credits page where they are bought.
                    let balances = (!overview.balances.is_empty()).then(|| {
                        let wallets = overview
                            .balances
                            .into_iter()
                            .map(|b| view! {
                                <a class="stat wallet" href="/dashboard/credits" data-testid=format!("overview-{}", b.credit_type.as_str())>
                                    <span class="label">{tk(&b.credit_type.remaining_key())}</span>
                                    <span class="n">{domain::i18n::count(b.available)}</span>
                                </a>
                            })
                            .collect_view();
                        view! { <div class="stats" data-testid="overview-balances">{wallets}</div> }
                    });
                    let waiting = overview.waiting_for_top_up.map(|(n, cost)| view! {
                        <p class="notice warn" role="alert" data-testid="waiting-banner">
                            {t!("overview-waiting", count = n, cost = cost)}
                            " "
                            <a href="/dashboard/agent-wallet">{t!("overview-top-up")}</a>
                        </p>
                    });
                    let site_language = can_set_language
                        .then(|| site_language_form(default_locale, set_default).into_any());
                    view! {
                        <h1>{t!("overview-welcome", name = name)}</h1>
                        <p class="lead">{t!("overview-signed-in-as", role = role)}</p>
                        {waiting}
                        {membership}
                        {balances}
                        <div class="stats">{cards}</div>
                        <p>{t!("overview-use-menu")}</p>
                        {site_language}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// The label of one of the overview's figures. The backend names them in English; the known
/// ones are translated, any other shows as given.
fn count_label(label: &str) -> String {
    match label {
        "Merchants" => t!("overview-count-merchants"),
        "Active merchants" => t!("overview-count-active-merchants"),
        "Staff accounts" => t!("overview-count-staff"),
        "Agents" => t!("overview-count-agents"),
        other => other.to_owned(),
    }
}

/// The site's default language, for its administrators: what visitors get who chose none and
/// whose browser asks for none of the market's languages.
fn site_language_form(
    current: Locale,
    set_default: ServerAction<SetDefaultLocale>,
) -> impl IntoView {
    let options = Locale::ALL
        .into_iter()
        .map(|l| view! { <option value=l.tag() lang=l.tag() selected=l == current>{l.name()}</option> })
        .collect_view();
    view! {
        <ActionForm action=set_default attr:class="card stacked" attr:data-testid="site-language">
            <label>{t!("overview-site-language")} <select name="locale">{options}</select></label>
            <p class="lead">{t!("overview-site-language-hint")}</p>
            <button type="submit">{t!("overview-site-language-save")}</button>
        </ActionForm>
        {move || set_default.value().get().map(|r| match r {
            Ok(_) => view! { <p class="notice" role="status">{t!("overview-site-language-saved")}</p> }.into_any(),
            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
        })}
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
        S::PendingPayment => t!("overview-membership-pending-payment"),
        S::PendingAgentTopUp => t!("overview-membership-pending-top-up"),
        S::Active if annual => t!("overview-membership-active"),
        S::Active => t!("overview-membership-pay-as-you-go"),
        S::Expired => t!("overview-membership-expired"),
    };
    let state = match m.state {
        S::PendingPayment => t!("overview-state-pending-payment"),
        S::PendingAgentTopUp => t!("overview-state-pending-top-up"),
        S::Active => t!("overview-state-active"),
        S::Expired => t!("overview-state-expired"),
    };
    let renews = m
        .renews_at_ms
        .map(|ms| t!("overview-renews-on", date = crate::i18n::date(ms)));
    let button = match m.state {
        S::PendingPayment => Some(t!("overview-pay-annual-fee")),
        S::Expired => Some(t!("overview-renew")),
        S::Active if annual => Some(t!("overview-renew-early")),
        _ => None,
    };
    let fee = m.annual_fee.clone();
    let form = button.filter(|_| annual).map(|label| view! {
        <ActionForm action=pay>
            <button type="submit">{match &fee { Some(f) => format!("{label} ({f})"), None => label }}</button>
        </ActionForm>
        {move || pay.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
    });
    view! {
        <section class="card membership" data-testid="membership">
            <h2>{t!("overview-membership")} " " <span data-state=m.state.as_str()>{state}</span></h2>
            <p>{explain}</p>
            {renews.map(|r| view! { <p>{r}</p> })}
            {form}
        </section>
    }
}
