use leptos::prelude::*;

use crate::i18n::t;

/// The page for a path no route matches; answers 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="plain-page">
            <h1>{t!("notfound-title")}</h1>
            <p>{t!("notfound-text")}</p>
            <p><a href="/">{t!("notfound-home")}</a></p>
        </main>
    }
}
