//! What a merchant holds about a customer, as the customer (after proving the phone) and the
//! merchant see it, and the marker that replaces a customer's personal data on erasure.

use serde::{Deserialize, Serialize};

use crate::claims::ClaimSource;

/// The name an erased customer's rows carry instead of theirs.
pub const ERASED_NAME: &str = "Erased customer";
/// The birthday an erased customer's rows carry (never a real date, so no campaign matches it).
pub const ERASED_BIRTHDAY: &str = "0000-00-00";
/// How an erased customer's phone column starts; the rest is random, so markers stay unique.
pub const ERASED_PHONE_PREFIX: &str = "erased";

/// Whether a stored phone is an erasure marker rather than a number.
pub fn is_erased_phone(phone: &str) -> bool {
    phone.starts_with(ERASED_PHONE_PREFIX)
}

/// One coupon a customer took from a merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldClaim {
    pub title: String,
    pub serial: String,
    pub claimed_at_ms: i64,
    pub source: ClaimSource,
    /// The coupon's status: available, taken, redeemed or expired.
    pub status: String,
}

/// A customer's consent to a merchant's offers by WhatsApp, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldConsent {
    pub granted_at_ms: i64,
    /// The sentence the customer agreed to, as it was shown.
    pub text_shown: String,
    /// When the customer withdrew it; `None` while it stands.
    pub withdrawn_at_ms: Option<i64>,
}

impl HeldConsent {
    /// Whether the consent still stands.
    pub const fn stands(&self) -> bool {
        self.withdrawn_at_ms.is_none()
    }
}

/// What one merchant holds about a customer beyond the shared details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantHolds {
    pub merchant_id: String,
    pub merchant_name: String,
    /// Newest first.
    pub claims: Vec<HeldClaim>,
    pub consent: Option<HeldConsent>,
    /// The customer replied STOP to this merchant's messages.
    pub stopped: bool,
    /// WhatsApp messages the merchant sent to the customer.
    pub messages: i64,
}

/// Everything this site holds about one customer: the details the claim form stored, and per
/// merchant the coupons, the consent and the messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerData {
    pub name: String,
    /// E.164, e.g. `+60123456789`.
    pub phone: String,
    /// `YYYY-MM-DD`.
    pub birthday: String,
    pub created_at_ms: i64,
    pub merchants: Vec<MerchantHolds>,
}

/// One customer in a merchant's customer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub customer_id: String,
    pub name: String,
    pub phone: String,
    pub birthday: String,
    /// Coupons this customer took from the merchant.
    pub claims: i64,
    pub last_claim_ms: i64,
    /// A standing consent to the merchant's offers.
    pub consented: bool,
}

/// What an erasure changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erased {
    /// The merchant's claims moved to the marker (kept, with the coupons and ledger).
    pub claims_moved: i64,
    /// WhatsApp log rows whose number and content were replaced by the marker.
    pub messages_scrubbed: i64,
    /// The customer had no claim left anywhere on the site, so their own row was erased too.
    pub customer_erased: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erased_phones_are_never_numbers() {
        assert!(is_erased_phone("erased0a1b2c3d4e"));
        assert!(!is_erased_phone("+60123456789"));
        // A marker fits the customers.phone column (8 to 16 characters).
        assert!((8..=16).contains(&(ERASED_PHONE_PREFIX.len() + 10)));
        assert_eq!(ERASED_BIRTHDAY.len(), 10);
    }
}
