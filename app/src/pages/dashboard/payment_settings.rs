use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::agents::{SavePaymentSettings, get_payment_settings};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use domain::time::date_time_utc;

/// The agent's Stripe keys: checked with Stripe when saved, sealed at rest, shown only masked.
#[component]
pub fn PaymentSettingsPage() -> impl IntoView {
    let save = ServerAction::<SavePaymentSettings>::new();
    let data = Resource::new(
        move || save.version().get(),
        |_| async { (get_session_info().await, get_payment_settings().await) },
    );
    view! {
        <Title text="Payment settings"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, settings) = data.await;
                framed(session, settings, move |s| {
                    let sandbox = s.sandbox;
                    let current = match s.keys {
                        Some(k) => {
                            let card_payments = match (sandbox, k.webhook_secret_hint.is_some()) {
                                (true, _) => "This platform runs the sandbox checkout: no real money moves anywhere, and your keys are not used until it takes real payments.",
                                (false, true) => "Your merchants pay by card through your Stripe account.",
                                (false, false) => "Add the webhook signing secret: until then your site cannot take payments, and your merchants are told so.",
                            };
                            view! {
                                <dl class="facts" data-testid="saved-keys">
                                    <dt>"Mode"</dt><dd>{k.mode.label()}</dd>
                                    <dt>"Publishable key"</dt><dd><code>{k.publishable_key}</code></dd>
                                    <dt>"Secret key"</dt><dd><code>{k.secret_key_hint}</code></dd>
                                    <dt>"Webhook secret"</dt><dd><code>{k.webhook_secret_hint.unwrap_or_else(|| "not set".into())}</code></dd>
                                    <dt>"Checked with Stripe"</dt><dd>{date_time_utc(k.checked_at_ms)}</dd>
                                </dl>
                                <p>{card_payments}</p>
                            }
                            .into_any()
                        }
                        None if sandbox => view! {
                            <p data-testid="payments-state">"No keys yet. This platform runs the sandbox checkout: your merchants pay there, and no money moves. Connect your Stripe account now so your site can take payments once the platform takes real ones."</p>
                        }
                        .into_any(),
                        None => view! {
                            <p class="form-error" role="alert" data-testid="payments-state">"Your site cannot take payments yet: your merchants cannot buy credits or pay their annual fee. Connect your Stripe account (secret key and webhook signing secret) below."</p>
                        }
                        .into_any(),
                    };
                    view! {
                        <h1>"Payment settings"</h1>
                        {current}
                        <h2>"Stripe webhook"</h2>
                        <p>"In Stripe's dashboard, add an endpoint for the event " <code>"checkout.session.completed"</code> " at:"</p>
                        <p><code data-testid="webhook-url">{s.webhook_url}</code></p>
                        <h2>"Connect Stripe"</h2>
                        <ActionForm action=save attr:class="card stacked">
                            <label>"Publishable key" <input name="publishable_key" required autocomplete="off" placeholder="pk_live_…"/></label>
                            <label>"Secret key" <input name="secret_key" type="password" required autocomplete="off" placeholder="sk_live_…"/></label>
                            <label>"Webhook signing secret (optional)" <input name="webhook_secret" type="password" autocomplete="off" placeholder="whsec_…"/></label>
                            <button type="submit">"Check and save"</button>
                        </ActionForm>
                        <p class="lead">"The keys are checked with Stripe before they are saved. The secret key and webhook secret are encrypted at rest and never shown again in full."</p>
                        {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
