//! The support inbox and staff management. Messages (with their optional image) are written
//! by a plain multipart form post to `/dashboard/support/send` (see the server's routes), so
//! they work with JavaScript off; everything read goes through these functions.

use domain::auth::Permission;
use domain::support::{InboxPage, Thread};
use domain::tenants::StaffMember;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// What `/dashboard/support` shows the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SupportHome {
    /// Someone who answers: their inbox, and (for an agent) its own conversation with the
    /// platform, whether a reply there is unread.
    Inbox {
        page: InboxPage,
        own_unread: Option<bool>,
        only_unread: bool,
    },
    /// A merchant: its one conversation with its support side.
    Own(Thread),
}

/// The caller's support page: an inbox page for those who answer, the own thread for the rest.
#[server(endpoint = "support_home")]
pub async fn get_support_home(unread: String, before: String) -> Result<SupportHome, ApiError> {
    use crate::ssr;
    use backend::support::{self, INBOX_PAGE_ROWS, ThreadRef};
    let (ctx, who) = ssr::require(domain::sections::Section::Support)?;
    let map = |e| ssr::backend(e, "support page");
    if domain::support::answers(&who).is_empty() {
        let thread = support::thread(&ctx.db, ctx.clock.now_ms(), &who, ThreadRef::Mine)
            .await
            .map_err(map)?;
        return Ok(SupportHome::Own(thread));
    }
    let only_unread = unread == "1";
    let before = (!before.is_empty()).then_some(before.as_str());
    let page = support::inbox(&ctx.db, &who, only_unread, before, INBOX_PAGE_ROWS)
        .await
        .map_err(map)?;
    let own_unread = match domain::support::route_for(&who) {
        Some(_) => {
            let total = support::unread_count(&ctx.db, &who).await.map_err(map)?;
            Some(total > page.unread_total)
        }
        None => None,
    };
    Ok(SupportHome::Inbox {
        page,
        own_unread,
        only_unread,
    })
}

/// One conversation (`mine` for the caller's own); opening it marks it read on the caller's side.
#[server(endpoint = "support_thread")]
pub async fn get_support_thread(id: String) -> Result<Thread, ApiError> {
    use crate::ssr;
    use backend::support::{self, ThreadRef};
    let (ctx, who) = ssr::require(domain::sections::Section::Support)?;
    let target = if id == "mine" {
        ThreadRef::Mine
    } else {
        ThreadRef::Id(&id)
    };
    support::thread(&ctx.db, ctx.clock.now_ms(), &who, target)
        .await
        .map_err(|e| ssr::backend(e, "support thread"))
}

/// The staff page: the tenant's accounts and the permissions the caller may grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub members: Vec<StaffMember>,
    pub grantable: Vec<Permission>,
    /// The caller's own user id, whose row cannot be disabled.
    pub me: String,
}

/// The caller's tenant's staff.
#[server(endpoint = "staff")]
pub async fn get_staff() -> Result<StaffView, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Staff)?;
    let members = backend::tenants::staff(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "staff"))?;
    Ok(StaffView {
        members,
        grantable: backend::staff::grantable(&who).to_vec(),
        me: who.user_id.clone(),
    })
}

/// The permission set from a form's checkboxes (present = ticked).
#[cfg(feature = "ssr")]
fn permissions_from(
    super_admin: Option<String>,
    support: Option<String>,
    ad_approver: Option<String>,
    finance_viewer: Option<String>,
) -> domain::auth::Permissions {
    let ticked = [
        (super_admin, Permission::SuperAdmin),
        (support, Permission::Support),
        (ad_approver, Permission::AdApprover),
        (finance_viewer, Permission::FinanceViewer),
    ];
    let list: Vec<Permission> = ticked
        .into_iter()
        .filter_map(|(v, p)| v.map(|_| p))
        .collect();
    domain::auth::Permissions::of(&list)
}

/// Creates a staff account on the caller's tenant.
#[server(endpoint = "create_staff")]
pub async fn create_staff(
    email: String,
    display_name: String,
    password: String,
    super_admin: Option<String>,
    support: Option<String>,
    ad_approver: Option<String>,
    finance_viewer: Option<String>,
) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Staff)?;
    let new = backend::staff::NewStaff {
        email,
        display_name,
        password,
        permissions: permissions_from(super_admin, support, ad_approver, finance_viewer),
    };
    backend::staff::create(&ctx, &who, new)
        .await
        .map(|_| ())
        .map_err(|e| ssr::backend(e, "create staff"))
}

/// Replaces a staff member's permissions; it applies on their next request.
#[server(endpoint = "set_staff_permissions")]
pub async fn set_staff_permissions(
    user_id: String,
    super_admin: Option<String>,
    support: Option<String>,
    ad_approver: Option<String>,
    finance_viewer: Option<String>,
) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Staff)?;
    let perms = permissions_from(super_admin, support, ad_approver, finance_viewer);
    backend::staff::set_permissions(&ctx.db, &who, &user_id, perms)
        .await
        .map_err(|e| ssr::backend(e, "staff permissions"))
}

/// Disables or re-enables a staff account.
#[server(endpoint = "set_staff_disabled")]
pub async fn set_staff_disabled(user_id: String, disabled: bool) -> Result<(), ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Staff)?;
    backend::staff::set_disabled(&ctx.db, &who, &user_id, disabled)
        .await
        .map_err(|e| ssr::backend(e, "staff state"))
}
