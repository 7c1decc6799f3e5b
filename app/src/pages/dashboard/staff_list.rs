use leptos::prelude::*;

use domain::tenants::StaffMember;

/// The staff accounts of the caller's tenant and what each may do.
#[component]
pub fn StaffList(
    /// The staff to list.
    rows: Vec<StaffMember>,
) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{s.display_name}</td>
                    <td>{s.email}</td>
                    <td>{s.role_label}</td>
                    <td>{if s.disabled { "Disabled" } else { "Active" }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>"Staff"</h1>
        <p class="pending">"Creating and disabling staff and changing permissions arrive with issue #11."</p>
        <table class="table">
            <thead><tr><th>"Name"</th><th>"Email"</th><th>"Role"</th><th>"State"</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
