//! What is paid for and what paying did: the typed reference that travels with every checkout
//! (in the Stripe session's `metadata[item]`, beside our id in `client_reference_id`), and the
//! answer each area's "apply this paid item" gives the checkout. A leaf, shared by the selling
//! areas and [`crate::checkout`].

use domain::AppError;

/// The kind of thing a checkout sells. Completion is one `match` on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// A credit package (`payments`).
    Package,
    /// An annual merchant fee (`membership_payments`).
    Membership,
    /// An agent's wallet top-up (`agent_topups`).
    TopUp,
    /// An advertisement (`ads`).
    Ad,
}

impl Item {
    /// Every kind, for tests that cover each.
    pub const ALL: [Self; 4] = [Self::Package, Self::Membership, Self::TopUp, Self::Ad];

    /// The name that travels in the session's metadata.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Package => "package",
            Self::Membership => "membership",
            Self::TopUp => "top_up",
            Self::Ad => "ad",
        }
    }

    /// The kind a session's metadata names; anything else is refused.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|i| i.as_str() == s)
            .ok_or_else(|| {
                AppError::invalid(
                    "Event",
                    format!("names no item this platform sells ({s:?})"),
                )
            })
    }
}

/// What a webhook did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Credits landed for this payment.
    Credited {
        payment_id: String,
        ledger_id: String,
    },
    /// An annual fee was paid and the membership now runs until `renews_at_ms`.
    Activated {
        payment_id: String,
        renews_at_ms: i64,
    },
    /// An agent's merchant paid, but the agent's wallet cannot cover the platform cost yet:
    /// the credits or the activation wait for the agent's next top-up.
    PendingAgentTopUp { payment_id: String },
    /// An agent's wallet top-up landed; `settled` waiting payments completed with it.
    ToppedUp {
        topup_id: String,
        ledger_id: String,
        settled: u32,
    },
    /// An ad was paid and now waits for approval.
    AdPaid { ad_id: String },
    /// This event id was seen before, or its payment was already paid: nothing changed.
    Duplicate,
    /// An event type this platform does not act on.
    Ignored,
}
