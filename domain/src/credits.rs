//! Credits and money: the three merchant wallets, the agent's money wallet, ledger actions and
//! the sign each must carry. These rules are hard-coded here and nowhere else.

use serde::{Deserialize, Serialize};

use crate::AppError;

/// A wallet's currency of account. Merchants hold the three credit wallets; agents hold a
/// prepaid money wallet in minor units of their currency. They never mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CreditType {
    /// Coupon credits: one per generated coupon.
    Coupon,
    /// WhatsApp user-initiated message credits.
    WaUi,
    /// WhatsApp business-initiated message credits.
    WaBi,
    /// An agent's prepaid money, in minor units.
    Money,
}

impl CreditType {
    /// The three credit wallets every merchant has, in display order.
    pub const MERCHANT: [CreditType; 3] = [Self::Coupon, Self::WaUi, Self::WaBi];

    /// The stored name (the requirements' `credit_type`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Coupon => "coupon",
            Self::WaUi => "wa_ui",
            Self::WaBi => "wa_bi",
            Self::Money => "money",
        }
    }

    /// Parses a stored or submitted name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "coupon" => Ok(Self::Coupon),
            "wa_ui" => Ok(Self::WaUi),
            "wa_bi" => Ok(Self::WaBi),
            "money" => Ok(Self::Money),
            other => Err(AppError::invalid(
                "Credit type",
                format!("{other:?} is not coupon, wa_ui, wa_bi or money"),
            )),
        }
    }

    /// The key of [`Self::remaining_label`] in the locale files.
    pub fn remaining_key(self) -> String {
        format!("credit-remaining-{}", self.as_str())
    }

    /// The balance label the dashboard shows; the three are never added up.
    pub const fn remaining_label(self) -> &'static str {
        match self {
            Self::Coupon => "Coupon Credits Remaining",
            Self::WaUi => "WhatsApp UI Credits Remaining",
            Self::WaBi => "WhatsApp BI Credits Remaining",
            Self::Money => "Wallet Balance",
        }
    }

    /// A short name for tables.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Coupon => "Coupon",
            Self::WaUi => "WhatsApp UI",
            Self::WaBi => "WhatsApp BI",
            Self::Money => "Money",
        }
    }
}

/// Who owns a wallet (the requirements' `owner_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OwnerType {
    Merchant,
    Agent,
    Master,
}

impl OwnerType {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Merchant => "merchant",
            Self::Agent => "agent",
            Self::Master => "master",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "merchant" => Ok(Self::Merchant),
            "agent" => Ok(Self::Agent),
            "master" => Ok(Self::Master),
            other => Err(AppError::invalid(
                "Owner type",
                format!("unknown owner type {other:?}"),
            )),
        }
    }
}

/// What a ledger row records (the requirements' `action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Credits bought (or money topped up): always positive.
    Purchase,
    /// Credits used: always negative.
    Deduct,
    /// Credits given back (expired, never-taken coupons): always positive.
    Refund,
    /// A correction by the Super Admin, with a reason: either sign, never zero.
    Adjustment,
}

impl Action {
    /// Every action, in filter order.
    pub const ALL: [Action; 4] = [Self::Purchase, Self::Deduct, Self::Refund, Self::Adjustment];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Purchase => "purchase",
            Self::Deduct => "deduct",
            Self::Refund => "refund",
            Self::Adjustment => "adjustment",
        }
    }

    /// Parses a stored or submitted name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "purchase" => Ok(Self::Purchase),
            "deduct" => Ok(Self::Deduct),
            "refund" => Ok(Self::Refund),
            "adjustment" => Ok(Self::Adjustment),
            other => Err(AppError::invalid(
                "Action",
                format!("{other:?} is not purchase, deduct, refund or adjustment"),
            )),
        }
    }

    /// Checks that `amount` carries the sign this action requires and is not zero.
    pub fn check_amount(self, amount: i64) -> Result<(), AppError> {
        let ok = match self {
            Self::Purchase | Self::Refund => amount > 0,
            Self::Deduct => amount < 0,
            Self::Adjustment => amount != 0,
        };
        if ok {
            return Ok(());
        }
        let rule = match self {
            Self::Purchase | Self::Refund => "must be positive",
            Self::Deduct => "must be negative",
            Self::Adjustment => "must not be zero",
        };
        Err(AppError::invalid(
            "Amount",
            format!("a {} {rule}", self.as_str()),
        ))
    }
}

/// A positive number of credits (or minor units), at most [`Quantity::MAX`], so sums of many
/// never come near `i64` overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quantity(i64);

impl Quantity {
    /// The largest quantity one movement may carry: one trillion.
    pub const MAX: i64 = 1_000_000_000_000;

    /// Accepts 1 ..= [`Quantity::MAX`].
    pub fn new(n: i64) -> Result<Self, AppError> {
        if n <= 0 {
            return Err(AppError::invalid("Quantity", "must be at least 1"));
        }
        if n > Self::MAX {
            return Err(AppError::invalid(
                "Quantity",
                "is larger than 1,000,000,000,000",
            ));
        }
        Ok(Self(n))
    }

    /// Parses what a user typed: digits only, no sign, no separators beyond `,` and `_`.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let digits: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '_')
            .collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::invalid("Quantity", "must be a whole number"));
        }
        let n: i64 = digits
            .parse()
            .map_err(|_| AppError::invalid("Quantity", "is larger than 1,000,000,000,000"))?;
        Self::new(n)
    }

    /// The quantity.
    pub const fn get(self) -> i64 {
        self.0
    }
}

/// What kind of thing a ledger row is about (the requirements' `related_object_id` carries its
/// id beside this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RelatedKind {
    CouponBatch,
    Coupon,
    Message,
    Ad,
    Payment,
    Hold,
    None,
}

impl RelatedKind {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CouponBatch => "coupon_batch",
            Self::Coupon => "coupon",
            Self::Message => "message",
            Self::Ad => "ad",
            Self::Payment => "payment",
            Self::Hold => "hold",
            Self::None => "none",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Ok(match s {
            "coupon_batch" => Self::CouponBatch,
            "coupon" => Self::Coupon,
            "message" => Self::Message,
            "ad" => Self::Ad,
            "payment" => Self::Payment,
            "hold" => Self::Hold,
            "none" => Self::None,
            other => {
                return Err(AppError::invalid(
                    "Related object",
                    format!("unknown kind {other:?}"),
                ));
            }
        })
    }
}

/// One ledger line as the ledger page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// The line's position in the ledger (increasing with time).
    pub seq: i64,
    pub id: String,
    pub created_at_ms: i64,
    pub owner_type: OwnerType,
    pub owner_id: String,
    pub owner_name: String,
    pub credit_type: CreditType,
    pub action: Action,
    /// Signed: positive adds to the wallet, negative takes from it.
    pub amount: i64,
    /// The wallet's balance right after this line.
    pub balance_after: i64,
    pub related_kind: RelatedKind,
    pub related_id: Option<String>,
    /// The words stored when the line was posted (English), kept as the bank record.
    pub description: String,
    /// The same words as a message, for lines posted since the languages: see [`Self::text`].
    #[serde(default)]
    pub message: Option<crate::i18n::Message>,
}

impl LedgerLine {
    /// What the line says, in the reader's language when it was posted as a message; older
    /// lines (and adjustments' own reasons inside their message) read as they were written.
    pub fn text(&self, locale: crate::i18n::Locale) -> String {
        describe(&self.description, self.message.as_ref(), locale)
    }
}

/// A ledger line's words in `locale`: its message when it has one the catalogue knows, else the
/// description stored with it.
pub fn describe(
    description: &str,
    message: Option<&crate::i18n::Message>,
    locale: crate::i18n::Locale,
) -> String {
    message
        .and_then(|m| m.render(locale))
        .unwrap_or_else(|| description.to_owned())
}

/// A wallet's balance as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletBalance {
    pub credit_type: CreditType,
    pub balance: i64,
    /// Credits set aside for queued WhatsApp messages.
    pub held: i64,
    /// What can be spent now: balance minus held.
    pub available: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_carries_its_sign() {
        assert!(Action::Purchase.check_amount(5).is_ok());
        assert!(Action::Purchase.check_amount(-5).is_err());
        assert!(Action::Deduct.check_amount(-5).is_ok());
        assert!(Action::Deduct.check_amount(5).is_err());
        assert!(Action::Refund.check_amount(0).is_err());
        assert!(Action::Adjustment.check_amount(-1).is_ok());
        assert!(Action::Adjustment.check_amount(0).is_err());
    }

    #[test]
    fn quantities_are_positive_bounded_whole_numbers() {
        assert_eq!(Quantity::parse("1,000").unwrap().get(), 1000);
        for bad in [
            "",
            "0",
            "-5",
            "1.5",
            "abc",
            "99999999999999999999",
            "1000000000001",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_round_trip() {
        for c in [
            CreditType::Coupon,
            CreditType::WaUi,
            CreditType::WaBi,
            CreditType::Money,
        ] {
            assert_eq!(CreditType::parse(c.as_str()).unwrap(), c);
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()).unwrap(), a);
        }
        assert!(CreditType::parse("points").is_err());
    }

    #[test]
    fn the_three_merchant_labels_are_exact() {
        let labels: Vec<_> = CreditType::MERCHANT
            .iter()
            .map(|c| c.remaining_label())
            .collect();
        assert_eq!(
            labels,
            [
                "Coupon Credits Remaining",
                "WhatsApp UI Credits Remaining",
                "WhatsApp BI Credits Remaining"
            ]
        );
    }
}

/// What the ledger page asks for: optional filters and a page position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerQuery {
    pub credit_type: Option<CreditType>,
    pub action: Option<Action>,
    /// Inclusive start, epoch milliseconds.
    pub from_ms: Option<i64>,
    /// Exclusive end, epoch milliseconds.
    pub until_ms: Option<i64>,
    /// Show lines older than this position (from the previous page's `next`).
    pub before: Option<i64>,
}

/// One page of ledger lines, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerPage {
    pub lines: Vec<LedgerLine>,
    /// The position to ask for the next (older) page, if there is one.
    pub next: Option<i64>,
    /// The platform's currency: lines of a money wallet are minor units of it.
    #[serde(default)]
    pub currency: String,
}

/// Formats minor units as money the way the market writes it, e.g. `format_money(500_000,
/// "MYR")` → `"RM 5,000.00"` (see [`crate::i18n::money`]). Assumes two decimal places, as every
/// currency this platform sells in has.
pub fn format_money(minor: i64, currency: &str) -> String {
    crate::i18n::money(minor, currency)
}

/// Builds a [`LedgerQuery`] from the ledger page's URL parameters (empty means "any"); each bad
/// value is refused with its own message.
pub fn parse_ledger_query(
    credit_type: &str,
    action: &str,
    from: &str,
    until: &str,
    before: &str,
) -> Result<LedgerQuery, AppError> {
    fn opt(s: &str) -> Option<&str> {
        Some(s.trim()).filter(|s| !s.is_empty())
    }
    let day_ms = 86_400_000;
    Ok(LedgerQuery {
        credit_type: opt(credit_type).map(CreditType::parse).transpose()?,
        action: opt(action).map(Action::parse).transpose()?,
        from_ms: opt(from).map(crate::time::parse_date_ms).transpose()?,
        // The "until" date is inclusive on the page: lines up to the end of that day.
        until_ms: opt(until)
            .map(crate::time::parse_date_ms)
            .transpose()?
            .map(|d| d + day_ms),
        before: opt(before)
            .map(|b| {
                b.parse::<i64>()
                    .map_err(|_| AppError::invalid("Page", "is not a ledger position"))
            })
            .transpose()?,
    })
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn money_has_two_decimals_and_a_sign() {
        assert_eq!(format_money(5000, "MYR"), "RM 50.00");
        assert_eq!(format_money(-5, "MYR"), "-RM 0.05");
        assert_eq!(format_money(120_000, "USD"), "USD 1,200.00");
    }

    #[test]
    fn ledger_queries_parse_or_name_the_bad_field() {
        let q = parse_ledger_query("wa_bi", "deduct", "2026-11-01", "2026-11-30", "").unwrap();
        assert_eq!(q.credit_type, Some(CreditType::WaBi));
        assert_eq!(
            q.until_ms,
            Some(crate::time::parse_date_ms("2026-12-01").unwrap())
        );
        assert_eq!(
            parse_ledger_query("", "", "", "", "").unwrap(),
            LedgerQuery::default()
        );
        assert!(parse_ledger_query("points", "", "", "", "").is_err());
        assert!(parse_ledger_query("", "steal", "", "", "").is_err());
        assert!(parse_ledger_query("", "", "yesterday", "", "").is_err());
        assert!(parse_ledger_query("", "", "", "", "x").is_err());
    }
}
