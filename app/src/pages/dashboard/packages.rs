use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::credits::{CreatePackage, SetPackageActive, get_packages};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::t;
use crate::pages::dashboard::credits::credit_type_label;
use domain::credits::CreditType;

/// The Super Admin's credit packages: what merchants can buy, at what price.
#[component]
pub fn PackagesPage() -> impl IntoView {
    let create = ServerAction::<CreatePackage>::new();
    let toggle = ServerAction::<SetPackageActive>::new();
    let data = Resource::new(
        move || (create.version().get(), toggle.version().get()),
        |_| async { (get_session_info().await, get_packages().await) },
    );
    view! {
        <Title text=t!("section-packages")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (session, packages) = data.await;
                framed(session, packages, move |packages| {
                    let rows = packages
                        .into_iter()
                        .map(|p| view! {
                            <tr>
                                <td>{p.name}</td>
                                <td>{credit_type_label(p.credit_type)}</td>
                                <td class="num">{domain::i18n::count(p.credits)}</td>
                                <td class="num">{domain::credits::format_money(p.price_minor, &p.currency)}</td>
                                <td>{if p.active { t!("packages-on-sale") } else { t!("packages-off") }}</td>
                                <td>
                                    <ActionForm action=toggle>
                                        <input type="hidden" name="id" value=p.id/>
                                        <input type="hidden" name="active" value=(!p.active).to_string()/>
                                        <button type="submit" class="ghost">{if p.active { t!("packages-turn-off") } else { t!("packages-turn-on") }}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        })
                        .collect_view();
                    let types = CreditType::MERCHANT.map(|t| view! { <option value=t.as_str()>{credit_type_label(t)}</option> });
                    view! {
                        <h1>{t!("section-packages")}</h1>
                        <table class="table">
                            <thead><tr><th>{t!("packages-name")}</th><th>{t!("packages-credit-type")}</th><th class="num">{t!("packages-credits")}</th><th class="num">{t!("packages-price")}</th><th>{t!("packages-state")}</th><th></th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <h2>{t!("packages-new")}</h2>
                        <ActionForm action=create attr:class="card stacked">
                            <label>{t!("packages-name")} <input name="name" required maxlength="120"/></label>
                            <label>{t!("packages-credit-type")} <select name="credit_type">{types.into_iter().collect_view()}</select></label>
                            <label>{t!("packages-credits")} <input name="credits" inputmode="numeric" required/></label>
                            <label>{t!("packages-price-cents")} <input name="price_minor" inputmode="numeric" required/></label>
                            <label>{t!("packages-currency")} <input name="currency" value="MYR" maxlength="3" required/></label>
                            <button type="submit">{t!("packages-create")}</button>
                        </ActionForm>
                        {move || create.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
