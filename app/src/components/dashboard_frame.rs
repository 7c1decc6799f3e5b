use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::session::SessionInfo;
use crate::components::error_panel::ErrorPanel;
use crate::components::site_chrome::SiteChrome;
use crate::error::ApiError;
use crate::i18n::{t, tk};
use domain::AppError;
use domain::sections::Section;

/// The dashboard frame around a page: the tenant's chrome, the account, the menu of the
/// sections this role may open, and the page.
#[component]
pub fn DashboardFrame(
    /// The site and the signed-in user.
    info: SessionInfo,
    /// The page.
    children: Children,
) -> impl IntoView {
    let Some(user) = info.user.clone() else {
        return view! { <ErrorPanel error=ApiError::App(AppError::NotLoggedIn)/> }.into_any();
    };
    let unread = user.support_unread;
    let menu = user
        .sections
        .clone()
        .into_iter()
        .map(|s| {
            let href = s.href();
            let soon = s
                .pending_issue()
                .is_some()
                .then(|| view! { <span class="soon" title=t!("frame-not-available")>{t!("frame-soon")}</span> });
            let badge = (s == Section::Support && unread > 0).then(|| {
                view! { <span class="badge" data-testid="support-unread" title=t!("frame-unread")>{domain::i18n::count(unread)}</span> }
            });
            let exact = s == Section::Overview;
            view! { <li><A href=href exact=exact attr:data-section=s.slug()>{tk(&s.title_key())}{soon}{badge}</A></li> }
        })
        .collect_view();
    view! {
        <SiteChrome info=info title=t!("site-dashboard")>
            <div class="dashboard">
                <nav class="dash-nav" aria-label=t!("site-dashboard")>
                    <div class="account">
                        <strong data-testid="user-name">{user.display_name.clone()}</strong>
                        <span class="role" data-testid="role">{user.role_label.clone()}</span>
                        {user.merchant_company.clone().map(|c| view! { <span class="company">{c}</span> })}
                    </div>
                    <ul>{menu}</ul>
                    <form method="post" action="/logout">
                        <button type="submit" class="ghost">{t!("site-log-out")}</button>
                    </form>
                </nav>
                <main class="dash-main">{children()}</main>
            </div>
        </SiteChrome>
    }
    .into_any()
}

/// Renders a dashboard page from its two fetches: the session (without it, only the error
/// shows) and the page's own data (its error shows inside the frame, menu and all).
pub fn framed<T>(
    session: Result<SessionInfo, ApiError>,
    page: Result<T, ApiError>,
    render: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match session {
        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
        Ok(info) => {
            let body = match page {
                Ok(data) => render(data),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            };
            view! { <DashboardFrame info=info>{body}</DashboardFrame> }.into_any()
        }
    }
}
