use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::directory::get_overview;
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;

/// The dashboard's first page: who you are and the figures your role may see.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async { (get_session_info().await, get_overview().await) },
    );
    view! {
        <Title text="Overview"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, overview) = data.await;
                let user = session.as_ref().ok().and_then(|s| s.user.clone());
                framed(session, overview, move |overview| {
                    let (name, role) = user.map(|u| (u.display_name, u.role_label)).unwrap_or_default();
                    let cards = overview
                        .counts
                        .into_iter()
                        .map(|(label, n)| view! { <div class="stat"><span class="n">{n}</span><span class="label">{label}</span></div> })
                        .collect_view();
                    view! {
                        <h1>{format!("Welcome, {name}")}</h1>
                        <p class="lead">{format!("You are signed in as {role}.")}</p>
                        <div class="stats">{cards}</div>
                        <p>"Use the menu to open the sections your role may use. Sections marked “soon” are not available yet and say when they arrive."</p>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
