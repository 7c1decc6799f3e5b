//! Sharing a public page: the link preview WhatsApp, Facebook and X build from its Open Graph
//! and Twitter card tags, and a Share button.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::i18n::t;

/// What a shared link shows: `title`, `text` and the image at `image` (absolute), for the page
/// at `url` (absolute) of the site named `site`.
#[component]
pub fn SharePreview(
    title: String,
    text: String,
    url: String,
    image: Option<String>,
    site: String,
) -> impl IntoView {
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    let image = image.map(|src| {
        view! {
            <Meta property="og:image" content=src.clone()/>
            <Meta name="twitter:image" content=src/>
        }
    });
    view! {
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content=site/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=text.clone()/>
        <Meta property="og:url" content=url/>
        <Meta name="description" content=text.clone()/>
        <Meta name="twitter:card" content=card/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=text/>
        {image}
    }
}

/// A Share button for the page at `url`: the phone's share sheet where the browser has one
/// (Web Share API), else the link is copied. Shown only once the public script is live; it
/// says what it did in a status line (its words in `data-share-copied`, and `data-share-copy`
/// before the link when copying failed).
#[component]
pub fn ShareButton(url: String, title: String) -> impl IntoView {
    view! {
        <p class="share">
            <button type="button" class="ghost" data-share=url data-share-title=title hidden data-testid="share"
                data-share-copied=t!("share-copied") data-share-copy=t!("share-copy")>{t!("share-button")}</button>
            <span class="pending" role="status" data-share-status=""></span>
        </p>
    }
}
