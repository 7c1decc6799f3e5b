use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::agents_list::AgentsList;
use super::merchants_list::MerchantsList;
use super::pending_section::PendingSection;
use crate::api::directory::{SectionData, open_section};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::i18n::{t, tk};
use domain::sections::Section;

/// `/dashboard/<section>`: one call decides whether this role may open the section (403 if
/// not, 404 for an unknown one) and brings its data; the section's view renders it.
#[component]
pub fn SectionPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("section").unwrap_or_default();
    let data = Resource::new(slug, |slug| async move {
        (get_session_info().await, open_section(slug).await)
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, section) = data.await;
                framed(session, section, section_view)
            })}
        </Suspense>
    }
}

fn section_view(data: SectionData) -> AnyView {
    match data {
        SectionData::Pending { section, issue } => view! {
            <Title text=tk(&section.title_key())/>
            <PendingSection section=section issue=issue/>
        }
        .into_any(),
        SectionData::Merchants(rows) => {
            view! { <Title text=tk(&Section::Merchants.title_key())/> <MerchantsList rows=rows/> }.into_any()
        }
        SectionData::Agents(rows) => {
            view! { <Title text=tk(&Section::Agents.title_key())/> <AgentsList rows=rows/> }.into_any()
        }
        SectionData::OwnPage(s) => {
            view! { <p><a href=s.href()>{t!("section-page-open", section = tk(&s.title_key()))}</a></p> }.into_any()
        }
    }
}
