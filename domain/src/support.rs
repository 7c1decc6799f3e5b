//! The support inbox's rules: exactly three channels, decided from who writes, and who may
//! answer each. No tickets, priorities or statuses: a conversation is one requester (an agent
//! or a merchant) talking with its support side, read or unread on each side.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::auth::{MerchantKind, Permission, Principal, Role};
use crate::tenants::TenantKind;

/// Which of the three channels a conversation runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// A white-label agent writes to the main platform.
    AgentToPlatform,
    /// A merchant registered directly on the main platform writes to the main platform.
    MerchantToPlatform,
    /// A merchant under an agent writes to that agent. The main platform never sees these.
    MerchantToAgent,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [
        Self::AgentToPlatform,
        Self::MerchantToPlatform,
        Self::MerchantToAgent,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AgentToPlatform => "agent_to_platform",
            Self::MerchantToPlatform => "merchant_to_platform",
            Self::MerchantToAgent => "merchant_to_agent",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| AppError::invalid("channel", format!("unknown channel {s:?}")))
    }

    /// Whether the main platform's staff answer this channel (else the agent does).
    pub const fn answered_by_platform(self) -> bool {
        !matches!(self, Self::MerchantToAgent)
    }
}

/// Which side of a conversation a message or a reader is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The agent or merchant who asks.
    Requester,
    /// The staff who answer.
    Support,
}

impl Side {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Requester => "requester",
            Self::Support => "support",
        }
    }

    /// The side facing this one.
    pub const fn other(self) -> Self {
        match self {
            Self::Requester => Self::Support,
            Self::Support => Self::Requester,
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "requester" => Ok(Self::Requester),
            "support" => Ok(Self::Support),
            other => Err(AppError::invalid("side", format!("unknown side {other:?}"))),
        }
    }
}

/// Who asks: an agent (the tenant) or a merchant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Requester {
    /// The agent tenant with this id.
    Agent { tenant_id: String },
    /// The merchant with this id, of the tenant it belongs to.
    Merchant {
        tenant_id: String,
        merchant_id: String,
    },
}

impl Requester {
    /// The stored kind (`agent` or `merchant`).
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Agent { .. } => "agent",
            Self::Merchant { .. } => "merchant",
        }
    }

    /// The stored id: the agent's tenant id or the merchant's id.
    pub fn id(&self) -> &str {
        match self {
            Self::Agent { tenant_id } => tenant_id,
            Self::Merchant { merchant_id, .. } => merchant_id,
        }
    }

    /// The tenant the requester belongs to.
    pub fn tenant_id(&self) -> &str {
        match self {
            Self::Agent { tenant_id } | Self::Merchant { tenant_id, .. } => tenant_id,
        }
    }
}

/// Where a requester's messages go: the channel, decided by the system from who writes and
/// which tenant they belong to. Nobody picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub channel: Channel,
    pub requester: Requester,
}

/// The channel `who` writes in, if they write to a support side at all: agent owners write to
/// the platform, merchants to the platform or to their agent depending on their tenant. Staff
/// of either kind answer; they do not ask (agent staff do not speak for the agent to the
/// platform).
pub fn route_for(who: &Principal) -> Option<Route> {
    match (&who.role, who.tenant_kind) {
        (Role::AgentOwner, TenantKind::Agent) => Some(Route {
            channel: Channel::AgentToPlatform,
            requester: Requester::Agent {
                tenant_id: who.tenant_id.clone(),
            },
        }),
        (Role::Merchant { merchant_id, .. }, kind) => Some(Route {
            channel: if kind == TenantKind::Platform {
                Channel::MerchantToPlatform
            } else {
                Channel::MerchantToAgent
            },
            requester: Requester::Merchant {
                tenant_id: who.tenant_id.clone(),
                merchant_id: merchant_id.clone(),
            },
        }),
        _ => None,
    }
}

/// The channels `who` answers, all within `who`'s own tenant: platform staff with Support (or
/// the Super Admin) answer agents and platform merchants; an agent and its staff with Support
/// answer the agent's merchants. Everyone else answers nothing.
pub fn answers(who: &Principal) -> &'static [Channel] {
    match (&who.role, who.tenant_kind) {
        (Role::PlatformStaff(_), TenantKind::Platform) if who.role.has(Permission::Support) => {
            &[Channel::AgentToPlatform, Channel::MerchantToPlatform]
        }
        (Role::AgentOwner | Role::AgentStaff(_), TenantKind::Agent)
            if who.role.has(Permission::Support) =>
        {
            &[Channel::MerchantToAgent]
        }
        _ => &[],
    }
}

/// The sender role the inbox shows: "Agent", "Merchant" or "Temporary Merchant".
pub fn requester_label(requester_kind: &str, merchant_kind: Option<MerchantKind>) -> &'static str {
    match (requester_kind, merchant_kind) {
        ("agent", _) => "Agent",
        (_, Some(MerchantKind::Temporary)) => "Temporary Merchant",
        _ => "Merchant",
    }
}

/// The longest message, in characters.
pub const BODY_CHARS_MAX: usize = 5_000;

/// A message's text, trimmed; empty is allowed only when an image comes with it.
pub fn parse_body(raw: &str, has_image: bool) -> Result<String, AppError> {
    let body = crate::i18n::nfc(raw.trim()).replace("\r\n", "\n");
    if body.is_empty() && !has_image {
        return Err(AppError::invalid(
            "Message",
            "write a message or attach an image",
        ));
    }
    if body.chars().count() > BODY_CHARS_MAX {
        return Err(AppError::invalid(
            "Message",
            format!("may be at most {BODY_CHARS_MAX} characters"),
        ));
    }
    Ok(body)
}

/// A conversation in an inbox list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: String,
    pub channel: Channel,
    /// The merchant's company name or the agent's brand name.
    pub requester_name: String,
    /// "Agent", "Merchant" or "Temporary Merchant".
    pub requester_label: String,
    pub last_message_at_ms: i64,
    /// The start of the last message, for the list.
    pub preview: String,
    /// Whether the reader's side has not read the latest messages.
    pub unread: bool,
}

/// One page of an inbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub conversations: Vec<ConversationSummary>,
    /// The cursor of the next (older) page, if any.
    pub next: Option<String>,
    /// Conversations with something unread for the reader, in the whole inbox.
    pub unread_total: i64,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub side: Side,
    /// The person who wrote it.
    pub author_name: String,
    pub body: String,
    /// Whether an image is attached; it is served at `/dashboard/support/attachments/<id>`.
    pub has_image: bool,
    pub created_at_ms: i64,
    /// When the other side first opened the thread after this message.
    pub read_at_ms: Option<i64>,
}

/// A conversation with its messages, as one side sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    /// `None` for a requester who has not written yet.
    pub id: Option<String>,
    pub channel: Channel,
    /// Which side the reader is on.
    pub reader_side: Side,
    pub requester_name: String,
    pub requester_label: String,
    /// Who answers: the platform's or the agent's brand name.
    pub support_name: String,
    pub messages: Vec<Message>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Permissions;

    fn who(role: Role, tenant_kind: TenantKind) -> Principal {
        Principal {
            user_id: "u".into(),
            tenant_id: "t".into(),
            tenant_kind,
            display_name: "n".into(),
            email: "e@x.test".into(),
            role,
            locale: None,
        }
    }

    fn merchant() -> Role {
        Role::Merchant {
            merchant_id: "m".into(),
            kind: MerchantKind::Annual,
        }
    }

    #[test]
    fn the_system_routes_each_writer_to_exactly_one_channel() {
        let ch = |r, k| route_for(&who(r, k)).map(|r| r.channel);
        assert_eq!(
            ch(Role::AgentOwner, TenantKind::Agent),
            Some(Channel::AgentToPlatform)
        );
        assert_eq!(
            ch(merchant(), TenantKind::Platform),
            Some(Channel::MerchantToPlatform)
        );
        assert_eq!(
            ch(merchant(), TenantKind::Agent),
            Some(Channel::MerchantToAgent)
        );
        let all = Permissions::of(&Permission::ALL);
        assert_eq!(ch(Role::PlatformStaff(all), TenantKind::Platform), None);
        assert_eq!(ch(Role::AgentStaff(all), TenantKind::Agent), None);
    }

    #[test]
    fn only_support_holders_answer_and_only_their_tenants_channels() {
        let support = Permissions::of(&[Permission::Support]);
        let admin = Permissions::of(&[Permission::SuperAdmin]);
        let ads = Permissions::of(&[Permission::AdApprover, Permission::FinanceViewer]);
        let platform = [Channel::AgentToPlatform, Channel::MerchantToPlatform];
        assert_eq!(
            answers(&who(Role::PlatformStaff(support), TenantKind::Platform)),
            platform
        );
        assert_eq!(
            answers(&who(Role::PlatformStaff(admin), TenantKind::Platform)),
            platform
        );
        assert!(answers(&who(Role::PlatformStaff(ads), TenantKind::Platform)).is_empty());
        assert_eq!(
            answers(&who(Role::AgentOwner, TenantKind::Agent)),
            [Channel::MerchantToAgent]
        );
        assert_eq!(
            answers(&who(Role::AgentStaff(support), TenantKind::Agent)),
            [Channel::MerchantToAgent]
        );
        assert!(answers(&who(Role::AgentStaff(ads), TenantKind::Agent)).is_empty());
        assert!(answers(&who(merchant(), TenantKind::Platform)).is_empty());
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Ok(c));
        }
    }

    #[test]
    fn bodies_are_checked() {
        assert_eq!(
            parse_body("  hi \r\n there ", false).as_deref(),
            Ok("hi \n there")
        );
        assert!(parse_body("   ", false).is_err());
        assert_eq!(parse_body("", true).as_deref(), Ok(""));
        assert!(parse_body(&"x".repeat(BODY_CHARS_MAX + 1), true).is_err());
        assert_eq!(
            requester_label("merchant", Some(MerchantKind::Temporary)),
            "Temporary Merchant"
        );
        assert_eq!(requester_label("agent", None), "Agent");
    }
}
