use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::session::get_session_info;
use crate::api::support::{
    CreateStaff, SetStaffDisabled, SetStaffPermissions, StaffView, get_staff,
};
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use domain::auth::Permission;
use domain::tenants::StaffMember;

/// The form field of each permission's checkbox.
const fn field(p: Permission) -> &'static str {
    match p {
        Permission::SuperAdmin => "super_admin",
        Permission::Support => "support",
        Permission::AdApprover => "ad_approver",
        Permission::FinanceViewer => "finance_viewer",
    }
}

/// `/dashboard/staff`: the Super Admin's master staff, or an agent's own staff: create,
/// grant permissions, disable and re-enable.
#[component]
pub fn StaffPage() -> impl IntoView {
    let create = ServerAction::<CreateStaff>::new();
    let perms = ServerAction::<SetStaffPermissions>::new();
    let state = ServerAction::<SetStaffDisabled>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                perms.version().get(),
                state.version().get(),
            )
        },
        |_| async { (get_session_info().await, get_staff().await) },
    );
    view! {
        <Title text="Staff"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (session, staff) = data.await;
                framed(session, staff, move |v| staff_view(v, create, perms, state))
            })}
        </Suspense>
    }
}

fn staff_view(
    v: StaffView,
    create: ServerAction<CreateStaff>,
    perms: ServerAction<SetStaffPermissions>,
    state: ServerAction<SetStaffDisabled>,
) -> AnyView {
    let grantable = v.grantable.clone();
    let rows = v
        .members
        .into_iter()
        .map(|m| member_row(m, &grantable, &v.me, perms, state))
        .collect_view();
    let boxes = v
        .grantable
        .iter()
        .map(|p| view! { <label class="check"><input type="checkbox" name=field(*p)/>{p.label()}</label> })
        .collect_view();
    view! {
        <h1>"Staff"</h1>
        <p class="lead">"Permission changes apply on the staff member's next click; disabling logs them out."</p>
        <table class="table staff" data-testid="staff">
            <thead><tr><th>"Name"</th><th>"Email"</th><th>"Permissions"</th><th>"State"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {move || perms.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        {move || state.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        <h2>"Add staff"</h2>
        <ActionForm action=create attr:class="card stacked" attr:data-testid="add-staff">
            <label>"Name" <input name="display_name" required maxlength="120"/></label>
            <label>"Email" <input name="email" type="email" required/></label>
            <label>"First password (at least 10 characters)" <input name="password" type="password" required minlength="10"/></label>
            <fieldset class="perms"><legend>"Permissions"</legend>{boxes}</fieldset>
            <button type="submit">"Add staff"</button>
        </ActionForm>
        {move || create.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
    }
    .into_any()
}

fn member_row(
    m: StaffMember,
    grantable: &[Permission],
    me: &str,
    perms: ServerAction<SetStaffPermissions>,
    state: ServerAction<SetStaffDisabled>,
) -> impl IntoView {
    let (user_id, email) = (m.user_id.clone(), m.email.clone());
    let row_email = email.clone();
    let toggle_id = user_id.clone();
    let permissions = if m.is_staff {
        let held = m.permissions.clone();
        let boxes = grantable
            .iter()
            .map(|p| {
                view! {
                    <label class="check">
                        <input type="checkbox" name=field(*p) checked=held.contains(p)/>
                        {p.label()}
                    </label>
                }
            })
            .collect_view();
        view! {
            <ActionForm action=perms attr:class="inline-perms">
                <input type="hidden" name="user_id" value=user_id/>
                {boxes}
                <button type="submit" class="ghost">"Save"</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <span>{m.role_label.clone()}</span> }.into_any()
    };
    let toggle = (m.is_staff && m.user_id != me).then(|| {
        view! {
            <ActionForm action=state>
                <input type="hidden" name="user_id" value=toggle_id/>
                <input type="hidden" name="disabled" value=(!m.disabled).to_string()/>
                <button type="submit" class="ghost">{if m.disabled { "Enable" } else { "Disable" }}</button>
            </ActionForm>
        }
    });
    view! {
        <tr data-email=row_email>
            <td>{m.display_name}</td>
            <td>{email}</td>
            <td>{permissions}</td>
            <td>
                <span class="state">{if m.disabled { "Disabled" } else { "Active" }}</span>
                {toggle}
            </td>
        </tr>
    }
}
