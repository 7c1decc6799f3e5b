//! `/dashboard/ad-approvals`: the approval queue of this site (the main platform's Super Admin
//! and Ad Approver staff for main-platform ads; the agent and its Ad Approver staff for its own
//! site's). Each paid ad shows its creative and facts, with Approve and Reject (a reason the
//! advertiser sees is required). Both are plain form posts, so they work with JavaScript off.

use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::ads::get_ad_approvals;
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::t;
use crate::pages::dashboard::ads::ad_card;
use domain::ads::AdSummary;

/// The approval queue page.
#[component]
pub fn AdApprovalsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_ad_approvals().await) },
    );
    view! {
        <Title text=t!("section-ad-approvals")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (error, done) = query.with(|q| {
                    (q.get("error").unwrap_or_default(), q.get("done").unwrap_or_default())
                });
                let (session, page) = data.await;
                framed(session, page, move |v| queue_view(v, error, done))
            })}
        </Suspense>
    }
}

fn queue_view(queue: Vec<AdSummary>, error: String, done: String) -> AnyView {
    let error = view! { <ErrorBanner token=error/> };
    let done = match done.as_str() {
        "approved" => Some(t!("adapprove-approved")),
        "rejected" => Some(t!("adapprove-rejected")),
        _ => None,
    }
    .map(|text| view! { <p class="notice" role="status">{text}</p> });
    let list = if queue.is_empty() {
        view! { <p class="pending" data-testid="queue-empty">{t!("adapprove-empty")}</p> }
            .into_any()
    } else {
        queue
            .into_iter()
            .map(|a| {
                let approve = format!("/dashboard/ad-approvals/{}/approve", a.id);
                let reject = format!("/dashboard/ad-approvals/{}/reject", a.id);
                let label = t!("adapprove-ad-label", title = a.title.as_str());
                view! {
                    <section class="ad-review" aria-label=label>
                        {ad_card(a, false)}
                        <div class="actions">
                            <form method="post" action=approve>
                                <button type="submit">{t!("adapprove-approve")}</button>
                            </form>
                            <form method="post" action=reject class="reject-form">
                                <label>{t!("adapprove-reason")}
                                    <textarea name="reason" required maxlength="500" rows="2"></textarea>
                                </label>
                                <button type="submit" class="danger">{t!("adapprove-reject")}</button>
                            </form>
                        </div>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h1>{t!("section-ad-approvals")}</h1>
        {done}
        {error}
        {list}
    }
    .into_any()
}
