use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::agents::{SavePaymentSettings, get_payment_settings};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::t;
use domain::agents::StripeMode;

/// The agent's Stripe keys: checked with Stripe when saved, sealed at rest, shown only masked.
#[component]
pub fn PaymentSettingsPage() -> impl IntoView {
    let save = ServerAction::<SavePaymentSettings>::new();
    let data = Resource::new(
        move || save.version().get(),
        |_| async { (get_session_info().await, get_payment_settings().await) },
    );
    view! {
        <Title text=t!("section-payment-settings")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, settings) = data.await;
                framed(session, settings, move |s| {
                    let sandbox = s.sandbox;
                    let current = match s.keys {
                        Some(k) => {
                            let card_payments = match (sandbox, k.webhook_secret_hint.is_some()) {
                                (true, _) => t!("payset-sandbox-note"),
                                (false, true) => t!("payset-card-payments"),
                                (false, false) => t!("payset-add-webhook-secret"),
                            };
                            let mode = match k.mode {
                                StripeMode::Test => t!("payset-mode-test"),
                                StripeMode::Live => t!("payset-mode-live"),
                            };
                            view! {
                                <dl class="facts" data-testid="saved-keys">
                                    <dt>{t!("payset-mode")}</dt><dd>{mode}</dd>
                                    <dt>{t!("payset-publishable-key")}</dt><dd><code>{k.publishable_key}</code></dd>
                                    <dt>{t!("payset-secret-key")}</dt><dd><code>{k.secret_key_hint}</code></dd>
                                    <dt>{t!("payset-webhook-secret")}</dt><dd><code>{k.webhook_secret_hint.unwrap_or_else(|| t!("payset-not-set"))}</code></dd>
                                    <dt>{t!("payset-checked")}</dt><dd>{crate::i18n::date_time(k.checked_at_ms)}</dd>
                                </dl>
                                <p>{card_payments}</p>
                            }
                            .into_any()
                        }
                        None if sandbox => view! {
                            <p data-testid="payments-state">{t!("payset-no-keys-sandbox")}</p>
                        }
                        .into_any(),
                        None => view! {
                            <p class="form-error" role="alert" data-testid="payments-state">{t!("payset-no-keys")}</p>
                        }
                        .into_any(),
                    };
                    view! {
                        <h1>{t!("section-payment-settings")}</h1>
                        {current}
                        <h2>{t!("payset-webhook-title")}</h2>
                        <p>{t!("payset-webhook-before")} <code>"checkout.session.completed"</code> {t!("payset-webhook-after")}</p>
                        <p><code data-testid="webhook-url">{s.webhook_url}</code></p>
                        <h2>{t!("payset-connect")}</h2>
                        <ActionForm action=save attr:class="card stacked">
                            <label>{t!("payset-publishable-key")} <input name="publishable_key" required autocomplete="off" placeholder="pk_live_…"/></label>
                            <label>{t!("payset-secret-key")} <input name="secret_key" type="password" required autocomplete="off" placeholder="sk_live_…"/></label>
                            <label>{t!("payset-webhook-secret-optional")} <input name="webhook_secret" type="password" autocomplete="off" placeholder="whsec_…"/></label>
                            <button type="submit">{t!("payset-check-save")}</button>
                        </ActionForm>
                        <p class="lead">{t!("payset-keys-note")}</p>
                        {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
