use leptos::prelude::*;

use crate::error::ApiError;
use crate::i18n::t;

/// Shows a failed call as a plain message with a heading that names the kind of failure.
#[component]
pub fn ErrorPanel(
    /// The failure to show.
    error: ApiError,
) -> impl IntoView {
    let heading = match error.status_code() {
        401 => t!("error-heading-log-in"),
        403 => t!("error-heading-forbidden"),
        404 => t!("error-heading-not-found"),
        429 => t!("error-heading-slow-down"),
        _ => t!("error-heading-failed"),
    };
    let login = (error.status_code() == 401)
        .then(|| view! { <p><a href="/login">{t!("site-log-in")}</a></p> });
    view! {
        <section class="error-panel" role="alert" data-status=error.status_code()>
            <h1>{heading}</h1>
            <p>{error.localized(crate::i18n::locale())}</p>
            {login}
        </section>
    }
}
