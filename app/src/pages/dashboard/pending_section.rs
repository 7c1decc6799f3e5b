use leptos::prelude::*;

use crate::i18n::{t, tk};
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
        <h1>{tk(&section.title_key())}</h1>
        <p class="pending" data-testid="pending-section">
            {t!("section-page-pending", section = tk(&section.title_key()), issue = issue.to_string())}
        </p>
    }
}
