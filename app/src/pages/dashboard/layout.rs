use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::error::ApiError;
use domain::AppError;
use domain::sections::Section;

/// The dashboard frame: the menu of the sections this role may open, the account, and the
/// current page. The server's middleware already sent visitors without a session to the login.
#[component]
pub fn DashboardLayout() -> impl IntoView {
    let info = Resource::new(|| (), |_| get_session_info());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let info = match info.await {
                    Ok(i) => i,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let Some(user) = info.user.clone() else {
                    return view! { <ErrorPanel error=ApiError::App(AppError::NotLoggedIn)/> }.into_any();
                };
                let menu = user
                    .sections
                    .clone()
                    .into_iter()
                    .map(|s| {
                        let href = if s == Section::Overview { "/dashboard".to_owned() } else { format!("/dashboard/{}", s.slug()) };
                        let pending = s.pending_issue().is_some();
                        view! {
                            <li>
                                <A href=href attr:data-section=s.slug()>
                                    {s.title()}
                                    {pending.then(|| view! { <span class="soon" title="Not available yet">"soon"</span> })}
                                </A>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <SiteChrome info=info title="Dashboard".to_owned()>
                        <div class="dashboard">
                            <nav class="dash-nav" aria-label="Dashboard">
                                <div class="account">
                                    <strong data-testid="user-name">{user.display_name.clone()}</strong>
                                    <span class="role" data-testid="role">{user.role_label.clone()}</span>
                                    {user.merchant_company.clone().map(|c| view! { <span class="company">{c}</span> })}
                                </div>
                                <ul>{menu}</ul>
                                <form method="post" action="/logout">
                                    <button type="submit" class="ghost">"Log out"</button>
                                </form>
                            </nav>
                            <main class="dash-main">
                                <Outlet/>
                            </main>
                        </div>
                    </SiteChrome>
                }
                .into_any()
            })}
        </Suspense>
    }
}
