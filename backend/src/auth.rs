//! Accounts and sessions: argon2id password hashes, random session tokens of which only a
//! hash is stored, login throttling, and turning a session cookie into a [`Principal`].

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

use domain::AppError;
use domain::auth::{Email, MerchantKind, Password, Permissions, Principal, Role};
use domain::tenants::TenantKind;

use crate::clock::{HOUR_MS, MINUTE_MS};
use crate::rate_limit::{self, Limit};
use crate::{Ctx, Db, Error, Result, ids};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "sid";

/// Login attempts allowed per account from one client address in [`LOGIN_WINDOW_MS`]: guessing
/// from one place stops here, and a stranger locks out only themselves, never the owner.
pub const LOGIN_MAX_PER_ACCOUNT_ADDRESS: i64 = 10;
/// Login attempts allowed per account from all addresses together in [`LOGIN_WINDOW_MS`]: the
/// ceiling against guessing spread over many addresses.
pub const LOGIN_MAX_PER_ACCOUNT: i64 = 200;
/// Login attempts allowed per client address in [`LOGIN_WINDOW_MS`] unless configured
/// (`LOGIN_MAX_PER_ADDRESS`).
pub const LOGIN_MAX_PER_ADDRESS: i64 = 50;
/// The login throttling window.
pub const LOGIN_WINDOW_MS: i64 = 15 * MINUTE_MS;

/// A session token as the browser holds it: 256 random bits, hex. Never stored or logged.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    /// The token for the cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Accepts a cookie value; anything that is not 64 hex characters is no token.
    pub fn from_cookie(value: &str) -> Option<Self> {
        (value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Self(value.to_ascii_lowercase()))
    }

    fn hash(&self) -> String {
        ids::hex(&Sha256::digest(self.0.as_bytes()))
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

/// Hashes a password with argon2id (a fresh random salt each time). CPU-heavy: call from a
/// blocking thread, as [`hash_password`] does.
fn hash_password_sync(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("argon2 hash: {e}")))
}

/// Hashes a password with argon2id on a blocking thread.
pub async fn hash_password(password: &Password) -> Result<String> {
    let p = password.expose().to_owned();
    tokio::task::spawn_blocking(move || hash_password_sync(&p))
        .await
        .map_err(|e| Error::Internal(format!("hash task: {e}")))?
}

/// A hash of a password nobody has, verified when the account is unknown so that an unknown
/// account takes as long to refuse as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password_sync(&ids::random_hex(16)).unwrap_or_default())
}

fn verify_sync(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    id: String,
    password_hash: String,
    disabled: i64,
}

/// Logs a user of `tenant_id` in and starts a session.
///
/// Refusals, checked before anything is written: malformed input, too many attempts for the
/// account or from `client_addr` ([`AppError::RateLimited`]), an unknown account or a wrong
/// password (the same [`AppError::InvalidCredentials`], after the same amount of work), a
/// disabled account ([`AppError::AccountDisabled`], only once the password was right).
pub async fn login(
    ctx: &Ctx,
    tenant_id: &str,
    email: &str,
    password: &str,
    client_addr: &str,
) -> Result<(Principal, SessionToken)> {
    let email = Email::parse(email)?;
    let password = Password::parse(password)?;
    let now = ctx.clock.now_ms();
    let window = |max_hits| Limit {
        max_hits,
        window_ms: LOGIN_WINDOW_MS,
    };
    let account_bucket = format!("login:acct:{tenant_id}:{}", email.as_str());
    let account_addr_bucket = format!("login:acct:{tenant_id}:{}:{client_addr}", email.as_str());
    let addr_bucket = format!("login:addr:{client_addr}");
    rate_limit::hit_all(
        &ctx.db,
        &[
            (
                addr_bucket.as_str(),
                window(i64::from(ctx.config.login_max_per_address)),
            ),
            (
                account_addr_bucket.as_str(),
                window(LOGIN_MAX_PER_ACCOUNT_ADDRESS),
            ),
            (account_bucket.as_str(), window(LOGIN_MAX_PER_ACCOUNT)),
        ],
        now,
    )
    .await?;

    let row: Option<LoginRow> = sqlx::query_as(
        "select id, password_hash, disabled from users where tenant_id = $1 and email = $2",
    )
    .bind(tenant_id)
    .bind(email.as_str())
    .fetch_optional(ctx.db.pool())
    .await?;
    let stored = row
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |r| r.password_hash.clone());
    let typed = password.expose().to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_sync(&typed, &stored))
        .await
        .map_err(|e| Error::Internal(format!("verify task: {e}")))?;
    let row = match row {
        Some(r) if ok => r,
        _ => return Err(AppError::InvalidCredentials.into()),
    };
    if row.disabled != 0 {
        return Err(AppError::AccountDisabled.into());
    }
    rate_limit::reset(&ctx.db, &account_addr_bucket).await?;
    rate_limit::reset(&ctx.db, &account_bucket).await?;
    let token = start_session(ctx, &row.id, tenant_id).await?;
    let principal = principal(&ctx.db, &token, tenant_id, now)
        .await?
        .ok_or_else(|| Error::Internal("session vanished right after login".into()))?;
    Ok((principal, token))
}

/// Starts a session for `user_id` on `tenant_id` and returns its token.
pub async fn start_session(ctx: &Ctx, user_id: &str, tenant_id: &str) -> Result<SessionToken> {
    let token = SessionToken(ids::random_hex(32));
    let now = ctx.clock.now_ms();
    let ttl_ms = i64::from(ctx.config.session_ttl_hours) * HOUR_MS;
    sqlx::query(
        "insert into sessions (token_hash, user_id, tenant_id, created_at_ms, expires_at_ms)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(token.hash())
    .bind(user_id)
    .bind(tenant_id)
    .bind(now)
    .bind(now + ttl_ms)
    .execute(ctx.db.pool())
    .await?;
    Ok(token)
}

/// Ends the session of `token` (logout). Ending an unknown session is not an error.
pub async fn end_session(db: &Db, token: &SessionToken) -> Result<()> {
    sqlx::query("delete from sessions where token_hash = $1")
        .bind(token.hash())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Deletes sessions that expired before `now_ms`; returns how many.
pub async fn purge_expired_sessions(db: &Db, now_ms: i64) -> Result<u64> {
    let r = sqlx::query("delete from sessions where expires_at_ms <= $1")
        .bind(now_ms)
        .execute(db.pool())
        .await?;
    Ok(r.rows_affected())
}

#[derive(sqlx::FromRow)]
struct PrincipalRow {
    user_id: String,
    tenant_id: String,
    tenant_kind: String,
    display_name: String,
    email: String,
    user_kind: String,
    permissions: i64,
    merchant_id: Option<String>,
    merchant_kind: Option<String>,
    locale: Option<String>,
}

/// The user behind `token` on `tenant_id`, if the session is live, belongs to that tenant and
/// the account is enabled. A session of one tenant presented on another tenant's host is no
/// session at all.
pub async fn principal(
    db: &Db,
    token: &SessionToken,
    tenant_id: &str,
    now_ms: i64,
) -> Result<Option<Principal>> {
    let row: Option<PrincipalRow> = sqlx::query_as(
        "select u.id as user_id, u.tenant_id, t.kind as tenant_kind, u.display_name, u.email,
                u.kind as user_kind, u.permissions, u.merchant_id, m.kind as merchant_kind, u.locale
         from sessions s
         join users u on u.id = s.user_id
         join tenants t on t.id = u.tenant_id
         left join merchants m on m.id = u.merchant_id and m.tenant_id = u.tenant_id
         where s.token_hash = $1 and s.tenant_id = $2 and u.tenant_id = $2
           and s.expires_at_ms > $3 and u.disabled = 0",
    )
    .bind(token.hash())
    .bind(tenant_id)
    .bind(now_ms)
    .fetch_optional(db.pool())
    .await?;
    row.map(principal_from_row).transpose()
}

fn principal_from_row(r: PrincipalRow) -> Result<Principal> {
    let tenant_kind = TenantKind::parse(&r.tenant_kind)?;
    let role = role_from_columns(
        &r.user_id,
        &r.user_kind,
        tenant_kind,
        r.permissions,
        r.merchant_id,
        r.merchant_kind.as_deref(),
    )?;
    Ok(Principal {
        user_id: r.user_id,
        tenant_id: r.tenant_id,
        tenant_kind,
        display_name: r.display_name,
        email: r.email,
        role,
        locale: r.locale.as_deref().and_then(domain::i18n::Locale::parse),
    })
}

/// The role stored in a `users` row (with its merchant's kind for merchant logins). The one
/// place that reads the stored user kinds; a kind that does not fit its tenant is refused.
pub fn role_from_columns(
    user_id: &str,
    user_kind: &str,
    tenant_kind: TenantKind,
    permissions: i64,
    merchant_id: Option<String>,
    merchant_kind: Option<&str>,
) -> Result<Role> {
    let perms = Permissions::from_bits(permissions)?;
    Ok(match (user_kind, tenant_kind) {
        ("platform_staff", TenantKind::Platform) => Role::PlatformStaff(perms),
        ("agent_owner", TenantKind::Agent) => Role::AgentOwner,
        ("agent_staff", TenantKind::Agent) => Role::AgentStaff(perms),
        ("merchant", _) => match (merchant_id, merchant_kind) {
            (Some(merchant_id), Some(kind)) => Role::Merchant {
                merchant_id,
                kind: MerchantKind::parse(kind)?,
            },
            _ => {
                return Err(Error::Internal(format!(
                    "merchant user {user_id} has no merchant"
                )));
            }
        },
        (kind, tk) => {
            return Err(Error::Internal(format!(
                "user {user_id} of kind {kind} on a {tk:?} tenant"
            )));
        }
    })
}

/// What kind of user to create.
#[derive(Debug, Clone)]
pub enum NewUserKind {
    PlatformStaff(Permissions),
    AgentOwner,
    AgentStaff(Permissions),
    Merchant { merchant_id: String },
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub tenant_id: String,
    pub email: Email,
    pub display_name: String,
    pub password: Password,
    pub kind: NewUserKind,
}

/// Creates a user (start-up seeding and admin commands; the staff pages of the support issue
/// will put a permission check in front of it). Refuses an email already used on the tenant.
pub async fn create_user(ctx: &Ctx, new: NewUser) -> Result<String> {
    let display_name = domain::i18n::nfc(new.display_name.trim());
    if display_name.is_empty() || display_name.chars().count() > 120 {
        return Err(AppError::invalid("Name", "must be 1 to 120 characters").into());
    }
    let taken: Option<(String,)> =
        sqlx::query_as("select id from users where tenant_id = $1 and email = $2")
            .bind(&new.tenant_id)
            .bind(new.email.as_str())
            .fetch_optional(ctx.db.pool())
            .await?;
    if taken.is_some() {
        return Err(AppError::invalid("Email", "is already used by another account here").into());
    }
    let (kind, perms, merchant_id) = match new.kind {
        NewUserKind::PlatformStaff(p) => ("platform_staff", p.bits(), None),
        NewUserKind::AgentOwner => ("agent_owner", 0, None),
        NewUserKind::AgentStaff(p) => ("agent_staff", p.bits(), None),
        NewUserKind::Merchant { merchant_id } => ("merchant", 0, Some(merchant_id)),
    };
    let hash = hash_password(&new.password).await?;
    let id = ids::new_id();
    sqlx::query(
        "insert into users (id, tenant_id, email, display_name, password_hash, kind, permissions,
                            merchant_id, disabled, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)",
    )
    .bind(&id)
    .bind(&new.tenant_id)
    .bind(new.email.as_str())
    .bind(&display_name)
    .bind(hash)
    .bind(kind)
    .bind(perms)
    .bind(merchant_id)
    .bind(ctx.clock.now_ms())
    .execute(ctx.db.pool())
    .await?;
    Ok(id)
}

/// A `Set-Cookie` value that sets the session cookie for `max_age_secs`.
pub fn session_cookie(token: &str, max_age_secs: i64, https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    )
}

/// A `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(https: bool) -> String {
    session_cookie("", 0, https)
}

/// Remembers the language `who` chose for their pages (the switch on every page sets it).
pub async fn set_locale(db: &Db, who: &Principal, locale: domain::i18n::Locale) -> Result<()> {
    sqlx::query("update users set locale = $1 where id = $2 and tenant_id = $3")
        .bind(locale.tag())
        .bind(&who.user_id)
        .bind(&who.tenant_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_from_cookies_must_be_64_hex() {
        assert!(SessionToken::from_cookie(&"a".repeat(64)).is_some());
        assert!(SessionToken::from_cookie(&"a".repeat(63)).is_none());
        assert!(SessionToken::from_cookie(&"z".repeat(64)).is_none());
        assert!(SessionToken::from_cookie("").is_none());
    }

    #[test]
    fn hashes_verify_only_their_password() {
        let h = hash_password_sync("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_sync("correct horse", &h));
        assert!(!verify_sync("wrong horse", &h));
        assert!(!verify_sync("correct horse", "not a hash"));
    }
}
