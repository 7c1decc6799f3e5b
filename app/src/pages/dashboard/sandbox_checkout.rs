use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::agents::get_checkout;
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::{locale, t, tk};

/// The sandbox payment page (the default payment provider) for a package, an annual fee or an
/// agent's top-up. Paying posts a plain form to the server, which signs a Stripe-format event
/// and applies it through the real webhook handler.
#[component]
pub fn SandboxCheckoutPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, |id| async move {
        (get_session_info().await, get_checkout(id).await)
    });
    view! {
        <Title text=t!("checkout-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, payment) = data.await;
                framed(session, payment, |p| {
                    let amount = domain::credits::format_money(p.amount_minor, &p.currency);
                    let body = if p.paid {
                        view! { <p>{t!("checkout-complete")}</p> }.into_any()
                    } else {
                        view! {
                            <p>{t!("checkout-for", what = p.description.render(locale()).unwrap_or_default(), amount = &amount)}</p>
                            <form method="post" action=format!("/checkout/sandbox/{}/pay", p.id)>
                                <button type="submit">{t!("checkout-pay", amount = &amount)}</button>
                            </form>
                        }
                        .into_any()
                    };
                    view! {
                        <div class="sandbox-banner" role="note">{t!("checkout-sandbox-banner")}</div>
                        <h1>{t!("checkout-title")}</h1>
                        {body}
                        <p><a href=p.back_href>{tk(&p.back_label)}</a></p>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
