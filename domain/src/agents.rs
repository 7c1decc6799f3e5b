//! Agents: the master price sheet and the agent's profit on it, merchant membership states,
//! Stripe key shapes and masking, and custom-domain proof records. Pure rules only.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::credits::Quantity;

/// A priced item of the master price sheet other than a credit package (packages live in their
/// own table and carry the same price / platform-cost pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PriceItem {
    /// The annual merchant membership fee.
    AnnualFee,
    /// An ad running 7 days.
    Ad7Days,
    /// An ad running 14 days.
    Ad14Days,
    /// An ad running 30 days.
    Ad30Days,
}

impl PriceItem {
    /// Every item, in the order the price sheet lists them.
    pub const ALL: [PriceItem; 4] = [
        Self::AnnualFee,
        Self::Ad7Days,
        Self::Ad14Days,
        Self::Ad30Days,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AnnualFee => "annual_fee",
            Self::Ad7Days => "ad_7_days",
            Self::Ad14Days => "ad_14_days",
            Self::Ad30Days => "ad_30_days",
        }
    }

    /// Parses a stored or submitted name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|i| i.as_str() == s.trim())
            .ok_or_else(|| {
                AppError::invalid(
                    "Item",
                    format!("{s:?} is not annual_fee, ad_7_days, ad_14_days or ad_30_days"),
                )
            })
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Self::AnnualFee => "Annual merchant fee",
            Self::Ad7Days => "Ad, 7 days",
            Self::Ad14Days => "Ad, 14 days",
            Self::Ad30Days => "Ad, 30 days",
        }
    }

    /// How many days an ad item runs (`None` for the annual fee).
    pub const fn ad_days(self) -> Option<u32> {
        match self {
            Self::AnnualFee => None,
            Self::Ad7Days => Some(7),
            Self::Ad14Days => Some(14),
            Self::Ad30Days => Some(30),
        }
    }
}

/// A price and the platform cost charged to an agent when one of its merchants buys the item,
/// both in minor units of one currency. Holds `0 <= platform_cost <= price`, so the agent's
/// profit is never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceAndCost {
    price_minor: i64,
    platform_cost_minor: i64,
}

impl PriceAndCost {
    /// Checks the pair: a positive price, a cost from 0 up to the price.
    pub fn new(price_minor: i64, platform_cost_minor: i64) -> Result<Self, AppError> {
        Quantity::new(price_minor).map_err(|_| {
            AppError::invalid("Price", "must be a whole number of cents, at least 1")
        })?;
        if platform_cost_minor < 0 {
            return Err(AppError::invalid("Platform cost", "must not be negative"));
        }
        if platform_cost_minor > price_minor {
            return Err(AppError::invalid(
                "Platform cost",
                "must not be more than the price (the agent's profit would be negative)",
            ));
        }
        Ok(Self {
            price_minor,
            platform_cost_minor,
        })
    }

    /// Parses what the Super Admin typed: whole minor units; an empty cost means 0 (the agent
    /// keeps the whole price).
    pub fn parse(price: &str, platform_cost: &str) -> Result<Self, AppError> {
        let price_minor = Quantity::parse(price)
            .map_err(|_| AppError::invalid("Price", "must be a whole number of cents, at least 1"))?
            .get();
        let cost = platform_cost.trim();
        let platform_cost_minor = if cost.is_empty() || cost == "0" {
            0
        } else {
            Quantity::parse(cost)
                .map_err(|_| AppError::invalid("Platform cost", "must be a whole number of cents"))?
                .get()
        };
        Self::new(price_minor, platform_cost_minor)
    }

    /// The price in minor units.
    pub const fn price_minor(self) -> i64 {
        self.price_minor
    }

    /// The platform cost in minor units.
    pub const fn platform_cost_minor(self) -> i64 {
        self.platform_cost_minor
    }

    /// What the agent keeps: price minus platform cost (never negative, by construction).
    pub const fn agent_profit_minor(self) -> i64 {
        self.price_minor - self.platform_cost_minor
    }
}

/// Parses a currency code like `MYR` (any case).
pub fn parse_currency(raw: &str) -> Result<String, AppError> {
    let c = raw.trim().to_ascii_uppercase();
    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(AppError::invalid(
            "Currency",
            "must be a three-letter code like MYR",
        ));
    }
    Ok(c)
}

/// What kind of line of the price sheet this is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceLineKind {
    /// The annual fee or an ad duration.
    Item(PriceItem),
    /// A credit package (`package_id`), for annual or temporary merchants.
    Package {
        package_id: String,
        credit_type: crate::credits::CreditType,
        credits: i64,
        for_temporary_merchants: bool,
        active: bool,
    },
}

/// One line of the price sheet as the Super Admin and agents read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceLine {
    pub kind: PriceLineKind,
    pub label: String,
    pub currency: String,
    pub price_minor: i64,
    pub platform_cost_minor: i64,
    /// Price minus platform cost: what the agent keeps per sale.
    pub agent_profit_minor: i64,
}

/// The price sheet of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSheet {
    pub currency: String,
    /// Items first (annual fee, ads), then packages; items without a price yet are absent.
    pub lines: Vec<PriceLine>,
    /// Whether the reader may change it (the Super Admin only).
    pub editable: bool,
}

/// A merchant's membership state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MerchantState {
    /// An annual merchant that has not paid its fee yet.
    PendingPayment,
    /// Paid, but the agent's wallet could not cover the platform cost yet.
    PendingAgentTopUp,
    /// May spend: create batches and campaigns.
    Active,
    /// The membership ran out: nothing new until renewed; nothing is lost.
    Expired,
}

impl MerchantState {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::PendingAgentTopUp => "pending_agent_topup",
            Self::Active => "active",
            Self::Expired => "expired",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "pending_payment" => Ok(Self::PendingPayment),
            "pending_agent_topup" => Ok(Self::PendingAgentTopUp),
            "active" => Ok(Self::Active),
            "expired" => Ok(Self::Expired),
            other => Err(AppError::invalid(
                "Merchant state",
                format!("unknown state {other:?}"),
            )),
        }
    }

    /// What the dashboard shows.
    pub const fn label(self) -> &'static str {
        match self {
            Self::PendingPayment => "Pending payment",
            Self::PendingAgentTopUp => "Pending agent top-up",
            Self::Active => "Active",
            Self::Expired => "Expired",
        }
    }
}

/// How long one annual fee keeps a membership active.
pub const MEMBERSHIP_DAYS: i64 = 365;
const DAY_MS: i64 = 86_400_000;

/// The new renewal date after a fee is paid at `now_ms`: a year from the current renewal date
/// if it is still ahead (renewing early loses nothing), else a year from now.
pub fn renewed_until(now_ms: i64, current_renews_at_ms: Option<i64>) -> i64 {
    let from = current_renews_at_ms.map_or(now_ms, |r| r.max(now_ms));
    from.saturating_add(MEMBERSHIP_DAYS * DAY_MS)
}

/// Whether a Stripe key is for test or live mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StripeMode {
    Test,
    Live,
}

impl StripeMode {
    /// The word a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Live => "live",
        }
    }
}

fn key_mode(key: &str, field: &str, prefixes: &[&str]) -> Result<StripeMode, AppError> {
    for p in prefixes {
        if let Some(rest) = key.strip_prefix(&format!("{p}_test_")) {
            if rest.len() >= 8 && rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Ok(StripeMode::Test);
            }
        } else if let Some(rest) = key.strip_prefix(&format!("{p}_live_"))
            && rest.len() >= 8
            && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Ok(StripeMode::Live);
        }
    }
    let shapes: Vec<String> = prefixes
        .iter()
        .map(|p| format!("{p}_test_… or {p}_live_…"))
        .collect();
    Err(AppError::invalid(
        field,
        format!("does not look like a Stripe key ({})", shapes.join(", ")),
    ))
}

/// An agent's Stripe keys as submitted, checked for shape and for one mode: a test publishable
/// key with a live secret key (or the reverse) is refused with a message saying so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeKeys {
    pub publishable_key: String,
    pub secret_key: String,
    pub webhook_secret: Option<String>,
    pub mode: StripeMode,
}

impl StripeKeys {
    /// Parses the payment settings form (the webhook secret may be empty).
    pub fn parse(publishable: &str, secret: &str, webhook_secret: &str) -> Result<Self, AppError> {
        let publishable = publishable.trim();
        let secret = secret.trim();
        let pk_mode = key_mode(publishable, "Publishable key", &["pk"])?;
        let sk_mode = key_mode(secret, "Secret key", &["sk", "rk"])?;
        if pk_mode != sk_mode {
            return Err(AppError::invalid(
                "Secret key",
                format!(
                    "is a {} key but the publishable key is a {} key; use keys of the same mode",
                    sk_mode.label(),
                    pk_mode.label()
                ),
            ));
        }
        let webhook = webhook_secret.trim();
        let webhook_secret = if webhook.is_empty() {
            None
        } else {
            let ok = webhook
                .strip_prefix("whsec_")
                .is_some_and(|r| r.len() >= 8 && r.bytes().all(|b| b.is_ascii_alphanumeric()));
            if !ok {
                return Err(AppError::invalid(
                    "Webhook secret",
                    "does not look like a Stripe webhook signing secret (whsec_…)",
                ));
            }
            Some(webhook.to_owned())
        };
        Ok(Self {
            publishable_key: publishable.to_owned(),
            secret_key: secret.to_owned(),
            webhook_secret,
            mode: sk_mode,
        })
    }
}

/// A secret as the page may show it: its kind prefix and last four characters, e.g.
/// `sk_live_…abcd`. Short or odd values show only `…` and the last characters they can spare.
pub fn mask_secret(secret: &str) -> String {
    let prefix_len = ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "whsec_"]
        .iter()
        .find(|p| secret.starts_with(*p))
        .map_or(0, |p| p.len());
    let chars: Vec<char> = secret.chars().collect();
    let rest = chars.len().saturating_sub(prefix_len);
    // Never show more than a third of the secret part.
    let tail = if rest >= 12 { 4 } else { 0 };
    let prefix: String = chars.iter().take(prefix_len).collect();
    let last: String = chars.iter().skip(chars.len() - tail).collect();
    format!("{prefix}…{last}")
}

/// The agent's payment settings as the page shows them: never a secret, only hints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripeKeysView {
    pub publishable_key: String,
    pub secret_key_hint: String,
    pub webhook_secret_hint: Option<String>,
    pub mode: StripeMode,
    pub checked_at_ms: i64,
    /// The path Stripe must send this agent's events to (on any of its hosts).
    pub webhook_path: String,
}

/// The DNS TXT record that proves an agent controls a custom domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainProof {
    /// The record's name, e.g. `_coupons-verify.deals.example.com`.
    pub record_name: String,
    /// The record's value, e.g. `coupons-verify=3f2a…`.
    pub record_value: String,
}

/// The label under the domain that carries the proof record.
pub const VERIFY_LABEL: &str = "_coupons-verify";

impl DomainProof {
    /// The record for `domain` and its verification token.
    pub fn new(domain: &str, token: &str) -> Self {
        Self {
            record_name: format!("{VERIFY_LABEL}.{domain}"),
            record_value: format!("coupons-verify={token}"),
        }
    }

    /// Whether any of the TXT strings found is the expected value (surrounding quotes and
    /// whitespace ignored, as resolvers and DNS panels differ there).
    pub fn is_met_by(&self, found: &[String]) -> bool {
        found
            .iter()
            .any(|t| t.trim().trim_matches('"').trim() == self.record_value)
    }
}

/// A custom domain of an agent, as its site page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomDomain {
    pub domain: String,
    pub verified: bool,
    /// The record to create (shown until verified).
    pub proof: DomainProof,
    pub checked_at_ms: Option<i64>,
}

/// Money totals of an agent, each in minor units of its currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentTotals {
    /// What the agent's merchants paid for annual fees.
    pub annual_fee_income_minor: i64,
    /// What the agent's merchants paid for packages.
    pub package_income_minor: i64,
    /// What the agent's merchants paid for ads on its site (rejected ones, refunded, excluded).
    #[serde(default)]
    pub ad_income_minor: i64,
    /// Platform costs taken from the wallet.
    pub platform_costs_minor: i64,
    /// Income of settled items minus their platform costs.
    pub profit_minor: i64,
    /// Platform costs still waiting for a top-up.
    pub pending_costs_minor: i64,
    /// How many paid items wait for a top-up.
    pub pending_count: i64,
}

/// One merchant of the agent with its state, for the agent's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentMerchant {
    pub merchant_id: String,
    pub company_name: String,
    pub kind: crate::auth::MerchantKind,
    pub state: MerchantState,
    pub renews_at_ms: Option<i64>,
}

/// The agent's wallet page: balance, totals and merchants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentWalletSummary {
    pub currency: String,
    pub balance_minor: i64,
    pub totals: AgentTotals,
    pub merchants: Vec<AgentMerchant>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profit_is_price_minus_cost_and_never_negative() {
        let p = PriceAndCost::parse("12000", "7000").unwrap();
        assert_eq!(p.agent_profit_minor(), 5000);
        assert_eq!(
            PriceAndCost::parse("500", "").unwrap().agent_profit_minor(),
            500
        );
        assert!(PriceAndCost::parse("500", "501").is_err());
        assert!(PriceAndCost::parse("0", "0").is_err());
        assert!(PriceAndCost::parse("500", "-1").is_err());
        assert!(PriceAndCost::parse("5.00", "1").is_err());
    }

    #[test]
    fn keys_of_mixed_modes_are_refused_with_a_clear_message() {
        let k = StripeKeys::parse("pk_live_abcdefgh12", "sk_live_abcdefgh1234", "").unwrap();
        assert_eq!(k.mode, StripeMode::Live);
        assert_eq!(k.webhook_secret, None);
        let e = StripeKeys::parse("pk_test_abcdefgh12", "sk_live_abcdefgh1234", "").unwrap_err();
        assert!(
            e.to_string()
                .contains("live key but the publishable key is a test key"),
            "{e}"
        );
        assert!(StripeKeys::parse("pk_test_abcdefgh12", "pk_test_abcdefgh12", "").is_err());
        assert!(StripeKeys::parse("pk_test_abcdefgh12", "rk_test_abcdefgh12", "whsec_x").is_err());
        assert!(
            StripeKeys::parse(
                "pk_test_abcdefgh12",
                "rk_test_abcdefgh12",
                "whsec_abcdefgh12"
            )
            .is_ok()
        );
    }

    #[test]
    fn masks_show_the_kind_and_last_four_only() {
        assert_eq!(mask_secret("sk_live_51Habcdefghijklabcd"), "sk_live_…abcd");
        assert_eq!(mask_secret("whsec_0123456789abcdefWXYZ"), "whsec_…WXYZ");
        assert_eq!(mask_secret("sk_test_short"), "sk_test_…");
        assert_eq!(mask_secret("x"), "…");
    }

    #[test]
    fn renewals_extend_from_the_later_of_now_and_the_current_date() {
        let year = MEMBERSHIP_DAYS * DAY_MS;
        assert_eq!(renewed_until(1_000, None), 1_000 + year);
        assert_eq!(renewed_until(1_000, Some(5_000)), 5_000 + year);
        assert_eq!(renewed_until(9_000, Some(5_000)), 9_000 + year);
    }

    #[test]
    fn domain_proofs_match_quoted_or_plain_values_only() {
        let p = DomainProof::new("deals.example.com", "abc123");
        assert_eq!(p.record_name, "_coupons-verify.deals.example.com");
        assert!(p.is_met_by(&["\"coupons-verify=abc123\"".into()]));
        assert!(p.is_met_by(&["other".into(), "coupons-verify=abc123".into()]));
        assert!(!p.is_met_by(&["coupons-verify=abc124".into()]));
        assert!(!p.is_met_by(&[]));
    }

    #[test]
    fn names_round_trip() {
        for i in PriceItem::ALL {
            assert_eq!(PriceItem::parse(i.as_str()).unwrap(), i);
        }
        for s in [
            MerchantState::PendingPayment,
            MerchantState::PendingAgentTopUp,
            MerchantState::Active,
            MerchantState::Expired,
        ] {
            assert_eq!(MerchantState::parse(s.as_str()).unwrap(), s);
        }
        assert!(PriceItem::parse("ad_3_days").is_err());
    }
}
