use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::agents_list::AgentsList;
use super::merchants_list::MerchantsList;
use super::pending_section::PendingSection;
use super::site_view::SiteView;
use super::staff_list::StaffList;
use crate::api::directory::open_section;
use crate::components::error_panel::ErrorPanel;
use domain::sections::Section;

/// `/dashboard/<section>`: the server decides whether this role may open it (403 if not, 404
/// for an unknown section), then the section's own view renders.
#[component]
pub fn SectionPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("section").unwrap_or_default();
    let allowed = Resource::new(slug, open_section);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match allowed.await {
                    Ok(s) => view! { <Title text=s.title()/> {section_view(s)} }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn section_view(s: Section) -> AnyView {
    if let Some(issue) = s.pending_issue() {
        return view! { <PendingSection section=s issue=issue/> }.into_any();
    }
    match s {
        Section::Merchants => view! { <MerchantsList/> }.into_any(),
        Section::Agents => view! { <AgentsList/> }.into_any(),
        Section::Staff => view! { <StaffList/> }.into_any(),
        Section::Site => view! { <SiteView/> }.into_any(),
        _ => view! { <p>"Open the overview from the menu."</p> }.into_any(),
    }
}
