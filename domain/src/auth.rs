//! Who a user is: roles, permissions, and the parsed credentials of a login.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::i18n::{self, Arg, Locale};
use crate::tenants::TenantKind;

/// A staff permission. Master staff hold any of the four; agent staff any but `SuperAdmin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Full control of the main platform.
    SuperAdmin,
    /// Reads and replies in the support inbox.
    Support,
    /// Approves and rejects ads.
    AdApprover,
    /// Reads statements and the ledger.
    FinanceViewer,
}

impl Permission {
    /// Every permission, in the order the UI lists them.
    pub const ALL: [Permission; 4] = [
        Self::SuperAdmin,
        Self::Support,
        Self::AdApprover,
        Self::FinanceViewer,
    ];

    /// The bit this permission occupies in a stored [`Permissions`] set.
    const fn bit(self) -> i64 {
        match self {
            Self::SuperAdmin => 1,
            Self::Support => 2,
            Self::AdApprover => 4,
            Self::FinanceViewer => 8,
        }
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Self::SuperAdmin => "Super Admin",
            Self::Support => "Support",
            Self::AdApprover => "Ad Approver",
            Self::FinanceViewer => "Finance Viewer",
        }
    }

    /// The catalogue key of [`Permission::label`], for pages that list permissions.
    pub const fn label_key(self) -> &'static str {
        match self {
            Self::SuperAdmin => "role-permission-super-admin",
            Self::Support => "role-permission-support",
            Self::AdApprover => "role-permission-ad-approver",
            Self::FinanceViewer => "role-permission-finance-viewer",
        }
    }
}

/// A set of [`Permission`]s, stored as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Permissions(i64);

impl Permissions {
    /// The empty set.
    pub const NONE: Permissions = Permissions(0);
    const KNOWN_BITS: i64 = 0b1111;

    /// Reads a stored mask; bits that name no permission are refused, so a corrupted row is
    /// noticed instead of silently granting something.
    pub fn from_bits(bits: i64) -> Result<Self, AppError> {
        if bits & !Self::KNOWN_BITS != 0 {
            return Err(AppError::invalid(
                "permissions",
                format!("unknown bits in {bits:#b}"),
            ));
        }
        Ok(Self(bits))
    }

    /// The mask to store.
    pub const fn bits(self) -> i64 {
        self.0
    }

    /// Builds a set from a list.
    pub fn of(list: &[Permission]) -> Self {
        Self(list.iter().fold(0, |acc, p| acc | p.bit()))
    }

    /// Whether `p` is in the set.
    pub const fn has(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    /// The permissions in the set, in display order.
    pub fn list(self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.has(*p))
            .collect()
    }
}

/// Annual merchants pay a yearly fee; temporary merchants buy temporary UI packages only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MerchantKind {
    Annual,
    Temporary,
}

impl MerchantKind {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Annual => "annual",
            Self::Temporary => "temporary",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "annual" => Ok(Self::Annual),
            "temporary" => Ok(Self::Temporary),
            other => Err(AppError::invalid(
                "merchant kind",
                format!("unknown kind {other:?}"),
            )),
        }
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Annual => "Annual merchant",
            Self::Temporary => "Temporary merchant",
        }
    }

    /// The catalogue key of [`MerchantKind::label`].
    pub const fn label_key(self) -> &'static str {
        match self {
            Self::Annual => "role-annual-merchant",
            Self::Temporary => "role-temporary-merchant",
        }
    }
}

/// What a signed-in user is. The tenant the user belongs to is carried beside it in
/// [`Principal`]; the combination decides what the user may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Staff of the main platform (the Super Admin is staff holding `SuperAdmin`).
    PlatformStaff(Permissions),
    /// The owner of a white-label agent: full control within the agent's site.
    AgentOwner,
    /// Staff of an agent, limited to the permissions granted by the agent.
    AgentStaff(Permissions),
    /// A merchant's login.
    Merchant {
        merchant_id: String,
        kind: MerchantKind,
    },
}

impl Role {
    /// Whether the role holds `p`. An agent owner holds every permission within its own site
    /// except `SuperAdmin`, which only exists on the main platform.
    pub fn has(&self, p: Permission) -> bool {
        match self {
            Self::PlatformStaff(perms) => perms.has(p) || perms.has(Permission::SuperAdmin),
            Self::AgentOwner => p != Permission::SuperAdmin,
            Self::AgentStaff(perms) => p != Permission::SuperAdmin && perms.has(p),
            Self::Merchant { .. } => false,
        }
    }

    /// The name a person reads, e.g. "Annual merchant" or "Staff (Support, Ad Approver)".
    pub fn label(&self) -> String {
        match self {
            Self::PlatformStaff(perms) if perms.has(Permission::SuperAdmin) => {
                "Super Admin".to_owned()
            }
            Self::PlatformStaff(perms) => format!("Platform staff ({})", perm_labels(*perms)),
            Self::AgentOwner => "Agent".to_owned(),
            Self::AgentStaff(perms) => format!("Agent staff ({})", perm_labels(*perms)),
            Self::Merchant {
                kind: MerchantKind::Annual,
                ..
            } => "Annual merchant".to_owned(),
            Self::Merchant {
                kind: MerchantKind::Temporary,
                ..
            } => "Temporary merchant".to_owned(),
        }
    }

    /// [`Role::label`] in `locale` (in English exactly the same text).
    pub fn label_in(&self, locale: Locale) -> String {
        match self {
            Self::PlatformStaff(perms) if perms.has(Permission::SuperAdmin) => {
                i18n::t(locale, "role-super-admin")
            }
            Self::PlatformStaff(perms) => i18n::t_args(
                locale,
                "role-platform-staff",
                &[("permissions", Arg::from(perm_labels_in(*perms, locale)))],
            ),
            Self::AgentOwner => i18n::t(locale, "role-agent"),
            Self::AgentStaff(perms) => i18n::t_args(
                locale,
                "role-agent-staff",
                &[("permissions", Arg::from(perm_labels_in(*perms, locale)))],
            ),
            Self::Merchant {
                kind: MerchantKind::Annual,
                ..
            } => i18n::t(locale, "role-annual-merchant"),
            Self::Merchant {
                kind: MerchantKind::Temporary,
                ..
            } => i18n::t(locale, "role-temporary-merchant"),
        }
    }
}

fn perm_labels(perms: Permissions) -> String {
    let list = perms.list();
    if list.is_empty() {
        return "no permissions".to_owned();
    }
    list.iter()
        .map(|p| p.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn perm_labels_in(perms: Permissions, locale: Locale) -> String {
    let list = perms.list();
    if list.is_empty() {
        return i18n::t(locale, "role-no-permissions");
    }
    let separator = if locale == Locale::ZhHans {
        "、"
    } else {
        ", "
    };
    list.iter()
        .map(|p| i18n::t(locale, p.label_key()))
        .collect::<Vec<_>>()
        .join(separator)
}

/// The signed-in user of a request, as every server path sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: String,
    pub tenant_id: String,
    pub tenant_kind: TenantKind,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// The language the user chose for their pages, if any.
    pub locale: Option<crate::i18n::Locale>,
}

impl Principal {
    /// The merchant this login belongs to, for merchant logins.
    pub fn merchant_id(&self) -> Option<&str> {
        match &self.role {
            Role::Merchant { merchant_id, .. } => Some(merchant_id),
            _ => None,
        }
    }
}

/// A normalised email address: trimmed, lower-case, one `@` with text on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// The longest address accepted (RFC 5321's path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses what a user typed.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(AppError::invalid("Email", "enter your email address"));
        }
        if s.len() > Self::MAX_LEN {
            return Err(AppError::invalid("Email", "is longer than 254 characters"));
        }
        let (local, host) = s
            .split_once('@')
            .ok_or_else(|| AppError::invalid("Email", "must contain an @"))?;
        if local.is_empty() || host.is_empty() || host.contains('@') || !host.contains('.') {
            return Err(AppError::invalid("Email", "is not a valid address"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AppError::invalid("Email", "must not contain spaces"));
        }
        Ok(Self(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed at login: only its length is checked here (the hash decides the rest).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Longer inputs are refused before hashing, so a megabyte "password" costs nothing.
    pub const MAX_LEN: usize = 256;
    /// The shortest password a new account may get.
    pub const MIN_NEW_LEN: usize = 10;

    /// Accepts a login attempt's password.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        if raw.is_empty() {
            return Err(AppError::invalid("Password", "enter your password"));
        }
        if raw.len() > Self::MAX_LEN {
            return Err(AppError::invalid(
                "Password",
                "is longer than 256 characters",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// Accepts a password chosen for a new account.
    pub fn parse_new(raw: &str) -> Result<Self, AppError> {
        let p = Self::parse(raw)?;
        if raw.chars().count() < Self::MIN_NEW_LEN {
            return Err(AppError::invalid(
                "Password",
                "must be at least 10 characters",
            ));
        }
        Ok(p)
    }

    /// The password itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Ann@Shop.Example ").unwrap().as_str(),
            "ann@shop.example"
        );
    }

    #[test]
    fn malformed_emails_are_refused_with_a_reason() {
        for bad in [
            "",
            "ann",
            "@x.y",
            "ann@",
            "a@b@c.d",
            "ann@localhost",
            "a b@c.d",
        ] {
            assert!(
                matches!(Email::parse(bad), Err(AppError::InvalidInput { .. })),
                "{bad}"
            );
        }
        assert!(Email::parse(&format!("{}@x.y", "a".repeat(260))).is_err());
    }

    #[test]
    fn password_length_is_bounded_and_debug_hides_it() {
        assert!(Password::parse("").is_err());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        assert!(Password::parse_new("short").is_err());
        let p = Password::parse("hunter2hunter2").unwrap();
        assert_eq!(format!("{p:?}"), "Password(…)");
    }

    #[test]
    fn unknown_permission_bits_are_refused() {
        assert!(Permissions::from_bits(16).is_err());
        assert!(Permissions::from_bits(-1).is_err());
        let p = Permissions::from_bits(0b1010).unwrap();
        assert_eq!(
            p.list(),
            vec![Permission::Support, Permission::FinanceViewer]
        );
    }

    #[test]
    fn super_admin_holds_every_permission_and_agents_never_hold_super_admin() {
        let admin = Role::PlatformStaff(Permissions::of(&[Permission::SuperAdmin]));
        assert!(Permission::ALL.iter().all(|p| admin.has(*p)));
        assert!(!Role::AgentOwner.has(Permission::SuperAdmin));
        assert!(Role::AgentOwner.has(Permission::Support));
        let staff = Role::AgentStaff(Permissions::of(&[Permission::SuperAdmin]));
        assert!(!staff.has(Permission::SuperAdmin));
    }

    #[test]
    fn staff_hold_only_what_was_granted() {
        let support = Role::PlatformStaff(Permissions::of(&[Permission::Support]));
        assert!(support.has(Permission::Support));
        assert!(!support.has(Permission::AdApprover));
        assert_eq!(support.label(), "Platform staff (Support)");
    }

    #[test]
    fn role_labels_read_in_the_page_language() {
        let roles = [
            Role::PlatformStaff(Permissions::of(&[Permission::SuperAdmin])),
            Role::PlatformStaff(Permissions::of(&[Permission::Support])),
            Role::PlatformStaff(Permissions::NONE),
            Role::AgentOwner,
            Role::AgentStaff(Permissions::of(&[
                Permission::Support,
                Permission::AdApprover,
                Permission::FinanceViewer,
            ])),
            Role::Merchant {
                merchant_id: "m1".to_owned(),
                kind: MerchantKind::Annual,
            },
            Role::Merchant {
                merchant_id: "m1".to_owned(),
                kind: MerchantKind::Temporary,
            },
        ];
        for r in &roles {
            assert_eq!(r.label_in(crate::i18n::Locale::En), r.label(), "{r:?}");
        }
        for p in Permission::ALL {
            assert_eq!(
                crate::i18n::t(crate::i18n::Locale::En, p.label_key()),
                p.label()
            );
        }
        for k in [MerchantKind::Annual, MerchantKind::Temporary] {
            assert_eq!(
                crate::i18n::t(crate::i18n::Locale::En, k.label_key()),
                k.label()
            );
        }
        let staff = Role::AgentStaff(Permissions::of(&[
            Permission::Support,
            Permission::AdApprover,
        ]));
        assert_eq!(
            staff.label_in(crate::i18n::Locale::Ms),
            "Kakitangan ejen (Sokongan, Pelulus Iklan)"
        );
        assert_eq!(
            staff.label_in(crate::i18n::Locale::ZhHans),
            "代理员工（客服、广告审核员）"
        );
        assert_eq!(roles[5].label_in(crate::i18n::Locale::ZhHans), "年费商家");
    }
}
