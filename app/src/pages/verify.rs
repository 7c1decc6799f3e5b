use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::coupons::{LinkView, RedeemLink, check_coupon_link};
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::pages::dashboard::coupons::redeem_result;
use domain::time::{date_time_utc, date_ymd};

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
        <Title text="Coupon"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, link) = data.await;
                let (serial, signature) = key();
                let Ok(info) = session else {
                    return view! { <ErrorPanel error=session.err().unwrap_or(crate::error::ApiError::Transport(String::new()))/> }.into_any();
                };
                let login = format!("/login?next=/v/{serial}/{signature}");
                let body = match link {
                    Ok(LinkView::Public { genuine: true, serial }) => view! {
                        <h1>"Genuine coupon"</h1>
                        <p>{format!("Coupon {serial} was issued through this site.")}</p>
                        <p>"Merchants: "<a href=login>"log in"</a>" to redeem it."</p>
                    }.into_any(),
                    Ok(LinkView::Public { genuine: false, .. }) => view! {
                        <h1>"Not a genuine coupon"</h1>
                        <p class="form-error" role="alert">"This code was not issued by this site or has been altered."</p>
                    }.into_any(),
                    Ok(LinkView::Redeemable(c)) => {
                        let taken = c.taken_at_ms.map(|t| format!("Claimed {}", date_time_utc(t)));
                        view! {
                            <h1>{c.title}</h1>
                            <p class="lead">{c.offer_details}</p>
                            <dl class="facts">
                                <dt>"Serial"</dt><dd class="serial">{c.serial.display()}</dd>
                                <dt>"Valid until"</dt><dd>{date_ymd(c.valid_until_ms - 1)}</dd>
                                <dt>"Customer"</dt><dd>{taken}</dd>
                            </dl>
                            <ActionForm action=redeem attr:class="stacked">
                                <input type="hidden" name="serial" value=serial.clone()/>
                                <input type="hidden" name="signature" value=signature.clone()/>
                                <button type="submit">"Redeem"</button>
                            </ActionForm>
                            {move || redeem.value().get().map(redeem_result)}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>"Cannot redeem"</h1>
                        <p class="form-error" role="alert" data-testid="redeem-refused">{e.to_string()}</p>
                    }.into_any(),
                };
                view! {
                    <SiteChrome info=info title="Coupon".to_owned()>
                        <main class="plain-page verify">{body}</main>
                    </SiteChrome>
                }.into_any()
            })}
        </Suspense>
    }
}
