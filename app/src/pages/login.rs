use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::i18n::t;

/// The message a login outcome shows, from the `error` query parameter the `/login` form
/// handler redirects back with.
fn outcome_message(error: Option<&str>, retry: Option<&str>) -> Option<String> {
    let text = match error? {
        "invalid" => t!("login-invalid"),
        "input" => t!("login-input"),
        "disabled" => t!("login-disabled"),
        "throttled" => {
            let seconds = retry.map_or_else(|| t!("login-few-hundred"), str::to_owned);
            t!("login-throttled", seconds = seconds)
        }
        "expired" => t!("login-expired"),
        "failed" => t!("login-failed"),
        _ => return None,
    };
    Some(text)
}

/// The login form. It is a plain HTML form posting to `/login`, so it works the same with
/// JavaScript on or off.
#[component]
pub fn LoginPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_session_info());
    let query = use_query_map();
    let message = move || query.with(|q| outcome_message(q.get_str("error"), q.get_str("retry")));
    let logged_out = move || query.with(|q| q.get_str("logged_out").is_some());
    let next = move || {
        query.with(|q| {
            q.get("next")
                .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        })
    };
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) => {
                        let brand = info.branding.brand_name.clone();
                        let signed_in = info.user.as_ref().map(|u| u.display_name.clone());
                        view! {
                            <SiteChrome info=info title=t!("site-log-in")>
                                <main class="login">
                                    <form class="card login-form" method="post" action="/login">
                                        <h1>{t!("login-heading", brand = brand)}</h1>
                                        {signed_in.map(|name| view! {
                                            <p class="notice">{t!("login-signed-in-as", name = name)} " " <a href="/dashboard">{t!("login-open-dashboard")}</a></p>
                                        })}
                                        {move || logged_out().then(|| view! { <p class="notice" role="status">{t!("login-logged-out")}</p> })}
                                        {move || message().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                                        <label for="email">{t!("login-email")}</label>
                                        <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"/>
                                        <label for="password">{t!("login-password")}</label>
                                        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"/>
                                        <input type="hidden" name="next" value=move || next().unwrap_or_else(|| "/dashboard".to_owned())/>
                                        <button type="submit">{t!("site-log-in")}</button>
                                    </form>
                                </main>
                            </SiteChrome>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
