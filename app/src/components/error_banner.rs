use leptos::prelude::*;

use crate::api::session::error_text;

/// The banner of a refused form: the product's own message for the signed `error` token the
/// form's redirect carried, or nothing (no token, or one this site did not sign).
#[component]
pub fn ErrorBanner(
    /// The page's `error` query parameter.
    token: String,
) -> impl IntoView {
    if token.is_empty() {
        return ().into_any();
    }
    let text = Resource::new(move || token.clone(), error_text);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                text.await.ok().flatten().map(|m| {
                    view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> }
                })
            })}
        </Suspense>
    }
    .into_any()
}
