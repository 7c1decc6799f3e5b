use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::credits::{CreatePackage, SetPackageActive, get_packages};
use crate::api::session::get_session_info;
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use domain::credits::{CreditType, format_money};

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
        <Title text="Credit packages"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, packages) = data.await;
                framed(session, packages, move |packages| {
                    let rows = packages
                        .into_iter()
                        .map(|p| view! {
                            <tr>
                                <td>{p.name}</td>
                                <td>{p.credit_type.label()}</td>
                                <td class="num">{p.credits}</td>
                                <td class="num">{format_money(p.price_minor, &p.currency)}</td>
                                <td>{if p.active { "On sale" } else { "Off" }}</td>
                                <td>
                                    <ActionForm action=toggle>
                                        <input type="hidden" name="id" value=p.id/>
                                        <input type="hidden" name="active" value=(!p.active).to_string()/>
                                        <button type="submit" class="ghost">{if p.active { "Turn off" } else { "Turn on" }}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        })
                        .collect_view();
                    let types = CreditType::MERCHANT.map(|t| view! { <option value=t.as_str()>{t.label()}</option> });
                    view! {
                        <h1>"Credit packages"</h1>
                        <table class="table">
                            <thead><tr><th>"Name"</th><th>"Credit type"</th><th class="num">"Credits"</th><th class="num">"Price"</th><th>"State"</th><th></th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <h2>"New package"</h2>
                        <ActionForm action=create attr:class="card stacked">
                            <label>"Name" <input name="name" required maxlength="120"/></label>
                            <label>"Credit type" <select name="credit_type">{types.into_iter().collect_view()}</select></label>
                            <label>"Credits" <input name="credits" inputmode="numeric" required/></label>
                            <label>"Price in cents" <input name="price_minor" inputmode="numeric" required/></label>
                            <label>"Currency" <input name="currency" value="MYR" maxlength="3" required/></label>
                            <button type="submit">"Create package"</button>
                        </ActionForm>
                        {move || create.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
