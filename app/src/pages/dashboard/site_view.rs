use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::agents::{AddDomain, RemoveDomain, VerifyDomain, get_site_page};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{t, tk};
use domain::sections::Section;

/// The agent's own site: its branding, the hosts it answers on, and its custom domains with
/// the DNS TXT record that proves each one.
#[component]
pub fn SitePage() -> impl IntoView {
    let add = ServerAction::<AddDomain>::new();
    let verify = ServerAction::<VerifyDomain>::new();
    let remove = ServerAction::<RemoveDomain>::new();
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                verify.version().get(),
                remove.version().get(),
            )
        },
        |_| async { (get_session_info().await, get_site_page().await) },
    );
    view! {
        <Title text=tk(&Section::Site.title_key())/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, page) = data.await;
                framed(session, page, move |page| {
                    let site = page.site;
                    let hosts = site.hosts.into_iter().map(|h| view! { <li><code>{h}</code></li> }).collect_view();
                    let b = site.branding;
                    let primary = b.primary_color.as_str().to_owned();
                    let accent = b.accent_color.as_str().to_owned();
                    let no_domains = page.domains.is_empty();
                    let domains = page
                        .domains
                        .into_iter()
                        .map(|d| {
                            let name = d.domain.clone();
                            let state = if d.verified { t!("sitecfg-verified") } else { t!("sitecfg-waiting") };
                            let proof = (!d.verified).then(|| view! {
                                <p>{t!("sitecfg-proof-help")}</p>
                                <dl class="facts">
                                    <dt>{t!("sitecfg-record-name")}</dt><dd><code>{d.proof.record_name.clone()}</code></dd>
                                    <dt>{t!("sitecfg-record-value")}</dt><dd><code>{d.proof.record_value.clone()}</code></dd>
                                </dl>
                            });
                            let checked = d.checked_at_ms.map(|ms| t!("sitecfg-last-checked", time = crate::i18n::date_time(ms)));
                            let verify_name = name.clone();
                            let verify_form = (!d.verified).then(move || view! {
                                <ActionForm action=verify>
                                    <input type="hidden" name="domain" value=verify_name/>
                                    <button type="submit">{t!("sitecfg-verify")}</button>
                                </ActionForm>
                            });
                            view! {
                                <div class="card" data-testid="custom-domain">
                                    <h3><code>{d.domain}</code></h3>
                                    <p><strong>{state}</strong> " " <span class="lead">{checked}</span></p>
                                    {proof}
                                    <div class="actions">
                                        {verify_form}
                                        <ActionForm action=remove>
                                            <input type="hidden" name="domain" value=name/>
                                            <button type="submit" class="ghost">{t!("sitecfg-remove")}</button>
                                        </ActionForm>
                                    </div>
                                </div>
                            }
                        })
                        .collect_view();
                    let error = move || {
                        add.value().get().and_then(Result::err)
                            .or_else(|| verify.value().get().and_then(Result::err))
                            .or_else(|| remove.value().get().and_then(Result::err))
                            .map(|e| view! { <ErrorPanel error=e/> })
                    };
                    let not_yet = move || (verify.value().get() == Some(Ok(false))).then(|| view! {
                        <p class="notice warn" role="status">{t!("sitecfg-not-found")}</p>
                    });
                    view! {
                        <h1>{tk(&Section::Site.title_key())}</h1>
                        <dl class="facts">
                            <dt>{t!("sitecfg-brand-name")}</dt><dd>{b.brand_name}</dd>
                            <dt>{t!("sitecfg-company-name")}</dt><dd>{b.company_name}</dd>
                            <dt>{t!("sitecfg-colours")}</dt>
                            <dd>
                                <span class="swatch" style=format!("background:{primary}")></span>{primary.clone()}
                                " "
                                <span class="swatch" style=format!("background:{accent}")></span>{accent.clone()}
                            </dd>
                        </dl>
                        <h2>{t!("sitecfg-hosts")}</h2>
                        <ul>{hosts}</ul>
                        <h2>{t!("sitecfg-domains")}</h2>
                        {error}
                        {not_yet}
                        {no_domains.then(|| view! { <p>{t!("sitecfg-no-domains")}</p> })}
                        {domains}
                        <ActionForm action=add attr:class="card stacked">
                            <label>{t!("sitecfg-domain")} <input name="domain" required placeholder="deals.example.com"/></label>
                            <button type="submit">{t!("sitecfg-add-domain")}</button>
                        </ActionForm>
                        <p class="lead">{t!("sitecfg-point-help")}</p>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
