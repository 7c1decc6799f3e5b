use leptos::prelude::*;

use domain::sections::Section;

/// The page of a section whose feature has not landed yet: it says so plainly.
#[component]
pub fn PendingSection(
    /// The section.
    section: Section,
    /// The tracker issue that brings it.
    issue: u32,
) -> impl IntoView {
    view! {
        <h1>{section.title()}</h1>
        <p class="pending" data-testid="pending-section">
            {format!("{} is not available yet. It arrives with issue #{issue}; nothing here is live until then.", section.title())}
        </p>
    }
}
