//! Staff management: the Super Admin creates and disables master staff and grants their
//! permissions; an agent does the same for its own staff, without Super Admin. Permissions are
//! read from the `users` row on every request, so a change takes effect on the staff member's
//! next request; disabling also ends their sessions.

use domain::AppError;
use domain::auth::{Email, Password, Permission, Permissions, Principal, Role};
use domain::sections::Section;
use domain::tenants::TenantKind;

use crate::auth::{NewUser, NewUserKind, create_user};
use crate::tenants::require;
use crate::{Ctx, Db, Result};

/// The permissions `who` may grant: all four on the main platform, all but Super Admin on an
/// agent's site.
pub fn grantable(who: &Principal) -> &'static [Permission] {
    match who.tenant_kind {
        TenantKind::Platform => &Permission::ALL,
        TenantKind::Agent => &[
            Permission::Support,
            Permission::AdApprover,
            Permission::FinanceViewer,
        ],
    }
}

fn check_grant(who: &Principal, perms: Permissions) -> Result<()> {
    if let Some(p) = perms
        .list()
        .into_iter()
        .find(|p| !grantable(who).contains(p))
    {
        return Err(AppError::invalid(
            "Permissions",
            format!("{} cannot be granted on an agent's site", p.label()),
        )
        .into());
    }
    Ok(())
}

/// The staff kind of `who`'s tenant.
const fn staff_kind(who: &Principal) -> &'static str {
    match who.tenant_kind {
        TenantKind::Platform => "platform_staff",
        TenantKind::Agent => "agent_staff",
    }
}

/// A staff account to create.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub permissions: Permissions,
}

/// Creates a staff account on `who`'s own tenant. Returns the new user's id.
pub async fn create(ctx: &Ctx, who: &Principal, new: NewStaff) -> Result<String> {
    require(who, Section::Staff)?;
    check_grant(who, new.permissions)?;
    let email = Email::parse(&new.email)?;
    let password = Password::parse_new(&new.password)?;
    let kind = match who.tenant_kind {
        TenantKind::Platform => NewUserKind::PlatformStaff(new.permissions),
        TenantKind::Agent => NewUserKind::AgentStaff(new.permissions),
    };
    create_user(
        ctx,
        NewUser {
            tenant_id: who.tenant_id.clone(),
            email,
            display_name: new.display_name,
            password,
            kind,
        },
    )
    .await
}

/// Checks that `user_id` is a staff account of `who`'s tenant that `who` may change: agent
/// owners and merchants are not staff, other tenants' users do not exist here.
async fn target(db: &Db, who: &Principal, user_id: &str) -> Result<()> {
    require(who, Section::Staff)?;
    let found: Option<(String,)> =
        sqlx::query_as("select id from users where id = $1 and tenant_id = $2 and kind = $3")
            .bind(user_id)
            .bind(&who.tenant_id)
            .bind(staff_kind(who))
            .fetch_optional(db.pool())
            .await?;
    found.map(|_| ()).ok_or_else(|| AppError::NotFound.into())
}

/// Replaces a staff member's permissions. The Super Admin cannot take Super Admin from
/// themselves, so the platform always keeps one.
pub async fn set_permissions(
    db: &Db,
    who: &Principal,
    user_id: &str,
    perms: Permissions,
) -> Result<()> {
    target(db, who, user_id).await?;
    check_grant(who, perms)?;
    if user_id == who.user_id
        && matches!(who.role, Role::PlatformStaff(_))
        && !perms.has(Permission::SuperAdmin)
    {
        return Err(AppError::invalid(
            "Permissions",
            "you cannot remove Super Admin from your own account; ask another Super Admin",
        )
        .into());
    }
    sqlx::query("update users set permissions = $3 where id = $1 and tenant_id = $2")
        .bind(user_id)
        .bind(&who.tenant_id)
        .bind(perms.bits())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Disables (ending every session) or re-enables a staff account. Nobody disables themselves.
pub async fn set_disabled(db: &Db, who: &Principal, user_id: &str, disabled: bool) -> Result<()> {
    target(db, who, user_id).await?;
    if disabled && user_id == who.user_id {
        return Err(AppError::invalid("Account", "you cannot disable your own account").into());
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("update users set disabled = $3 where id = $1 and tenant_id = $2")
        .bind(user_id)
        .bind(&who.tenant_id)
        .bind(i64::from(disabled))
        .execute(&mut *tx)
        .await?;
    if disabled {
        sqlx::query("delete from sessions where user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
