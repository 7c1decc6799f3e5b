use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::session::get_session_info;
use crate::api::support::{
    CreateStaff, SetStaffDisabled, SetStaffPermissions, StaffView, get_staff,
};
use crate::components::dashboard_frame::framed;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{t, tk};
use domain::auth::Permission;
use domain::sections::Section;
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

/// A permission's name, as its checkbox shows it.
fn perm_label(p: Permission) -> String {
    match p {
        Permission::SuperAdmin => t!("staff-perm-super-admin"),
        Permission::Support => t!("staff-perm-support"),
        Permission::AdApprover => t!("staff-perm-ad-approver"),
        Permission::FinanceViewer => t!("staff-perm-finance-viewer"),
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
        <Title text=tk(&Section::Staff.title_key())/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
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
        .map(|p| view! { <label class="check"><input type="checkbox" name=field(*p)/>{perm_label(*p)}</label> })
        .collect_view();
    view! {
        <h1>{tk(&Section::Staff.title_key())}</h1>
        <p class="lead">{t!("staff-lead")}</p>
        <table class="table staff" data-testid="staff">
            <thead><tr><th>{t!("staff-name")}</th><th>{t!("staff-email")}</th><th>{t!("staff-permissions")}</th><th>{t!("staff-state")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {move || perms.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        {move || state.value().get().and_then(Result::err).map(|e| view! { <ErrorPanel error=e/> })}
        <h2>{t!("staff-add")}</h2>
        <ActionForm action=create attr:class="card stacked" attr:data-testid="add-staff">
            <label>{t!("staff-name")} <input name="display_name" required maxlength="120"/></label>
            <label>{t!("staff-email")} <input name="email" type="email" required/></label>
            <label>{t!("staff-password")} <input name="password" type="password" required minlength="10"/></label>
            <fieldset class="perms"><legend>{t!("staff-permissions")}</legend>{boxes}</fieldset>
            <button type="submit">{t!("staff-add")}</button>
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
                        {perm_label(*p)}
                    </label>
                }
            })
            .collect_view();
        view! {
            <ActionForm action=perms attr:class="inline-perms">
                <input type="hidden" name="user_id" value=user_id/>
                {boxes}
                <button type="submit" class="ghost">{t!("common-save")}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <span>{m.role.label_in(crate::i18n::locale())}</span> }.into_any()
    };
    let toggle = (m.is_staff && m.user_id != me).then(|| {
        view! {
            <ActionForm action=state>
                <input type="hidden" name="user_id" value=toggle_id/>
                <input type="hidden" name="disabled" value=(!m.disabled).to_string()/>
                <button type="submit" class="ghost">{if m.disabled { t!("staff-enable") } else { t!("staff-disable") }}</button>
            </ActionForm>
        }
    });
    view! {
        <tr data-email=row_email>
            <td>{m.display_name}</td>
            <td>{email}</td>
            <td>{permissions}</td>
            <td>
                <span class="state">{if m.disabled { t!("staff-disabled") } else { t!("staff-active") }}</span>
                {toggle}
            </td>
        </tr>
    }
}
