use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::directory::get_overview;
use crate::api::session::get_session_info;
use crate::components::error_panel::ErrorPanel;

/// The dashboard's first page: who you are and the figures your role may see.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async {
            Ok::<_, crate::error::ApiError>((get_session_info().await?, get_overview().await?))
        },
    );
    view! {
        <Title text="Overview"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((info, overview)) => {
                        let user = info.user.unwrap_or_else(|| unreachable_user());
                        let cards = overview
                            .counts
                            .into_iter()
                            .map(|(label, n)| view! { <div class="stat"><span class="n">{n}</span><span class="label">{label}</span></div> })
                            .collect_view();
                        view! {
                            <h1>{format!("Welcome, {}", user.display_name)}</h1>
                            <p class="lead">{format!("You are signed in as {}.", user.role_label)}</p>
                            <div class="stats">{cards}</div>
                            <p>"Use the menu to open the sections your role may use. Sections marked “soon” are not available yet and say when they arrive."</p>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn unreachable_user() -> crate::api::session::UserView {
    // `overview()` already refused callers without a session, so this is never shown.
    crate::api::session::UserView {
        display_name: String::new(),
        email: String::new(),
        role_label: String::new(),
        sections: Vec::new(),
        merchant_company: None,
    }
}
