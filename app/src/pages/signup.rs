use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::agents::{SignUp, get_sign_up_info};
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::i18n::t;

/// A business signs up on this site (the main platform or an agent's) as an annual or a
/// temporary merchant. It belongs to this site's tenant for good.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let sign_up = ServerAction::<SignUp>::new();
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_sign_up_info().await) },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    (Ok(info), Ok(terms)) => {
                        let fee = terms
                            .annual_fee
                            .map(|f| t!("signup-annual-fee", fee = f))
                            .unwrap_or_else(|| t!("signup-annual"));
                        view! {
                            <SiteChrome info=info title=t!("site-sign-up")>
                                <main class="login">
                                    <ActionForm action=sign_up attr:class="card login-form">
                                        <h1>{t!("signup-heading", brand = terms.brand_name.clone())}</h1>
                                        <fieldset class="choice">
                                            <legend>{t!("signup-membership")}</legend>
                                            <label><input type="radio" name="kind" value="annual" checked/> {fee}</label>
                                            <label><input type="radio" name="kind" value="temporary"/> {t!("signup-temporary")}</label>
                                        </fieldset>
                                        <label for="company_name">{t!("signup-company")}</label>
                                        <input id="company_name" name="company_name" required maxlength="200"/>
                                        <label for="country">{t!("signup-country")}</label>
                                        <input id="country" name="country" required maxlength="2" value=terms.country/>
                                        <label for="city">{t!("signup-city")}</label>
                                        <input id="city" name="city" required maxlength="120"/>
                                        <label for="display_name">{t!("signup-your-name")}</label>
                                        <input id="display_name" name="display_name" required maxlength="120"/>
                                        <label for="email">{t!("signup-email")}</label>
                                        <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"/>
                                        <label for="password">{t!("signup-password")}</label>
                                        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="256"/>
                                        {move || sign_up.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                                        <button type="submit">{t!("site-sign-up")}</button>
                                        <p>{t!("signup-already")} " " <a href="/login">{t!("site-log-in")}</a></p>
                                    </ActionForm>
                                </main>
                            </SiteChrome>
                        }
                        .into_any()
                    }
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
