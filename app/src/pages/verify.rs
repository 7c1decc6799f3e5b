use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::coupons::{LinkView, RedeemLink, check_coupon_link};
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::i18n::t;
use crate::pages::dashboard::coupons::redeem_result;

/// `/v/<serial>/<signature>`: where a coupon's QR code leads. The merchant, logged in on its
/// phone, sees the coupon and a Redeem button (or why it cannot be redeemed); anyone else
/// learns only whether the code is genuine.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("serial").unwrap_or_default(),
                p.get("signature").unwrap_or_default(),
            )
        })
    };
    let redeem = ServerAction::<RedeemLink>::new();
    let data = Resource::new(key, |(serial, signature)| async move {
        (
            get_session_info().await,
            check_coupon_link(serial, signature).await,
        )
    });
    view! {
        <Title text=t!("verify-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, link) = data.await;
                let (serial, signature) = key();
                let Ok(info) = session else {
                    return view! { <ErrorPanel error=session.err().unwrap_or(crate::error::ApiError::Transport(String::new()))/> }.into_any();
                };
                let login = format!("/login?next=/v/{serial}/{signature}");
                let body = match link {
                    Ok(LinkView::Public { genuine: true, serial }) => view! {
                        <h1>{t!("verify-genuine")}</h1>
                        <p>{t!("verify-issued", serial = serial)}</p>
                        <p>{t!("verify-merchants-before")}<a href=login>{t!("verify-log-in")}</a>{t!("verify-merchants-after")}</p>
                    }.into_any(),
                    Ok(LinkView::Public { genuine: false, .. }) => view! {
                        <h1>{t!("verify-not-genuine")}</h1>
                        <p class="form-error" role="alert">{t!("verify-altered")}</p>
                    }.into_any(),
                    Ok(LinkView::Redeemable(c)) => {
                        let taken = c
                            .taken_at_ms
                            .map(|ms| t!("verify-claimed", when = crate::i18n::date_time(ms)));
                        let until = crate::i18n::last_day(c.valid_until_ms);
                        view! {
                            <h1>{c.title}</h1>
                            <p class="lead">{c.offer_details}</p>
                            <dl class="facts">
                                <dt>{t!("verify-serial")}</dt><dd class="serial">{c.serial.display()}</dd>
                                <dt>{t!("verify-valid-until")}</dt><dd>{until}</dd>
                                <dt>{t!("verify-customer")}</dt><dd>{taken}</dd>
                            </dl>
                            <ActionForm action=redeem attr:class="stacked">
                                <input type="hidden" name="serial" value=serial.clone()/>
                                <input type="hidden" name="signature" value=signature.clone()/>
                                <button type="submit">{t!("verify-redeem")}</button>
                            </ActionForm>
                            {move || redeem.value().get().map(redeem_result)}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t!("verify-cannot-redeem")}</h1>
                        <p class="form-error" role="alert" data-testid="redeem-refused">{e.to_string()}</p>
                    }.into_any(),
                };
                view! {
                    <SiteChrome info=info title=t!("verify-title")>
                        <main class="plain-page verify">{body}</main>
                    </SiteChrome>
                }.into_any()
            })}
        </Suspense>
    }
}
