use leptos::prelude::*;

use crate::api::directory::list_staff;
use crate::components::error_panel::ErrorPanel;

/// The staff accounts of the caller's tenant and what each may do.
#[component]
pub fn StaffList() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_staff());
    view! {
        <h1>"Staff"</h1>
        <p class="pending">"Creating and disabling staff and changing permissions arrive with issue #11."</p>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => {
                        let body = rows
                            .into_iter()
                            .map(|s| view! {
                                <tr>
                                    <td>{s.display_name}</td>
                                    <td>{s.email}</td>
                                    <td>{s.role_label}</td>
                                    <td>{if s.disabled { "Disabled" } else { "Active" }}</td>
                                </tr>
                            })
                            .collect_view();
                        view! {
                            <table class="table">
                                <thead><tr><th>"Name"</th><th>"Email"</th><th>"Role"</th><th>"State"</th></tr></thead>
                                <tbody>{body}</tbody>
                            </table>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
