use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::coupons::{UpdateTemplate, get_library};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::t;
use domain::coupons::TemplateInfo;

/// `/dashboard/templates`: the Super Admin's template library: upload (a plain multipart
/// post), rename, file under a category, enable and disable.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let query = use_query_map();
    let update = ServerAction::<UpdateTemplate>::new();
    let data = Resource::new(
        move || update.version().get(),
        |_| async { (get_session_info().await, get_library().await) },
    );
    view! {
        <Title text=t!("section-templates")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let error = query.with(|q| q.get("error").unwrap_or_default());
                let (session, list) = data.await;
                framed(session, list, move |list| library_view(list, error, update))
            })}
        </Suspense>
    }
}

fn library_view(
    list: Vec<TemplateInfo>,
    error: String,
    update: ServerAction<UpdateTemplate>,
) -> AnyView {
    let cards = list
        .into_iter()
        .map(|t| template_card(t, update))
        .collect_view();
    let error = view! { <ErrorBanner token=error/> };
    view! {
        <h1>{t!("section-templates")}</h1>
        <p class="lead">{t!("templates-lead")}</p>
        <div class="template-library" data-testid="library">{cards}</div>
        {move || update.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        <h2>{t!("templates-upload-heading")}</h2>
        {error}
        <form class="card stacked" method="post" action="/dashboard/templates/upload" enctype="multipart/form-data">
            <label>{t!("templates-name")} <input name="name" required maxlength="80"/></label>
            <label>{t!("templates-category")} <input name="category" required maxlength="60" placeholder=t!("templates-category-hint")/></label>
            <label>{t!("templates-image")} <input type="file" name="file" required accept="image/png,image/jpeg,image/webp"/></label>
            <button type="submit">{t!("templates-upload")}</button>
        </form>
    }
    .into_any()
}

fn template_card(t: TemplateInfo, update: ServerAction<UpdateTemplate>) -> impl IntoView {
    let src = format!("/dashboard/templates/{}/image", t.id);
    let class = if t.enabled {
        "card template"
    } else {
        "card template disabled"
    };
    let (id, name, category) = (t.id.clone(), t.name.clone(), t.category.clone());
    let (id2, name2, category2) = (t.id.clone(), t.name.clone(), t.category.clone());
    view! {
        <div class=class data-name=t.name.clone()>
            <img src=src alt=t.name.clone() loading="lazy"/>
            <ActionForm action=update attr:class="stacked">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="enabled" value=t.enabled.to_string()/>
                <label>{t!("templates-name")} <input name="name" value=name maxlength="80"/></label>
                <label>{t!("templates-category")} <input name="category" value=category maxlength="60"/></label>
                <button type="submit" class="ghost">{t!("common-save")}</button>
            </ActionForm>
            <ActionForm action=update>
                <input type="hidden" name="id" value=id2/>
                <input type="hidden" name="name" value=name2/>
                <input type="hidden" name="category" value=category2/>
                <input type="hidden" name="enabled" value=(!t.enabled).to_string()/>
                <span class="state">{if t.enabled { t!("templates-enabled") } else { t!("templates-disabled") }}" "</span>
                <button type="submit" class="ghost">{if t.enabled { t!("templates-disable") } else { t!("templates-enable") }}</button>
            </ActionForm>
        </div>
    }
}
