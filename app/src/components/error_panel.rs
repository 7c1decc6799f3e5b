use leptos::prelude::*;

use crate::error::ApiError;

/// Shows a failed call as a plain message with a heading that names the kind of failure.
#[component]
pub fn ErrorPanel(
    /// The failure to show.
    error: ApiError,
) -> impl IntoView {
    let heading = match error.status_code() {
        401 => "Please log in",
        403 => "Not allowed",
        404 => "Not found",
        429 => "Slow down",
        _ => "Something went wrong",
    };
    let login =
        (error.status_code() == 401).then(|| view! { <p><a href="/login">"Log in"</a></p> });
    view! {
        <section class="error-panel" role="alert" data-status=error.status_code()>
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            {login}
        </section>
    }
}
