//! Coupons: serial numbers, the status model, the batch creation form and its rules.
//!
//! A serial is 10 random symbols and one check symbol from a 31-symbol alphabet without
//! look-alikes (no `0`/`O`, no `1`/`I`/`L`), shown as `XXXX-XXXX-XXX`: about 49 bits of
//! randomness, short enough to read aloud, and a mistyped character or two swapped neighbours
//! are caught by the check symbol before any lookup. Randomness is passed in (this crate does
//! no I/O), so the server draws it from the operating system.

use serde::{Deserialize, Serialize};

use crate::AppError;

/// The symbols of a serial, in value order: `2`–`9` and the letters without `I`, `L`, `O`.
/// 31 is prime, which is what lets the check symbol catch every adjacent transposition.
pub const SERIAL_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Random symbols in a serial.
pub const SERIAL_DATA_LEN: usize = 10;
/// Symbols in a serial, check symbol included.
pub const SERIAL_LEN: usize = SERIAL_DATA_LEN + 1;

const BASE: u32 = 31;

fn symbol_value(c: u8) -> Option<u32> {
    SERIAL_ALPHABET
        .iter()
        .position(|&s| s == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// The check symbol's value: the data values weighted 1, 2, … 10, summed modulo 31. Weights
/// are distinct and non-zero modulo the prime 31, so any single wrong symbol and any swap of
/// two neighbouring data symbols changes it.
fn check_value(data: &[u8]) -> u32 {
    data.iter()
        .zip(1u32..)
        .map(|(&c, w)| symbol_value(c).unwrap_or(0) * w)
        .sum::<u32>()
        % BASE
}

/// Why a typed serial was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerialError {
    #[error("enter the coupon's serial")]
    Empty,
    #[error("has {len} characters; a serial has 11, like 7KQ4-M9XW-2HD")]
    WrongLength { len: usize },
    #[error("{ch:?} never appears in a serial (they use 2–9 and A–Z without I, L and O)")]
    BadCharacter { ch: char },
    #[error("does not add up: a character was mistyped or two were swapped")]
    CheckFailed,
}

impl From<SerialError> for AppError {
    fn from(e: SerialError) -> Self {
        AppError::invalid("Serial", e.to_string())
    }
}

/// A well-formed coupon serial: 11 symbols, check symbol verified. Stored and compared in
/// this compact form; shown grouped by [`Serial::display`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Serial(String);

impl Serial {
    /// Draws a new serial from `next_byte` (a source of uniformly random bytes). Bytes at or
    /// above 248 (= 8 × 31) are skipped so every symbol is equally likely.
    pub fn generate(next_byte: &mut dyn FnMut() -> u8) -> Self {
        let mut data = Vec::with_capacity(SERIAL_LEN);
        while data.len() < SERIAL_DATA_LEN {
            let b = next_byte();
            if b < 248 {
                data.push(SERIAL_ALPHABET[usize::from(b % 31)]);
            }
        }
        let check = check_value(&data);
        data.push(SERIAL_ALPHABET[usize::try_from(check).unwrap_or(0)]);
        Self(String::from_utf8(data).unwrap_or_default())
    }

    /// Parses what someone typed or a link carried: case, spaces and dashes do not matter.
    pub fn parse(raw: &str) -> Result<Self, SerialError> {
        let mut out = Vec::with_capacity(SERIAL_LEN);
        for ch in raw.chars() {
            if ch.is_whitespace() || ch == '-' || ch == '–' {
                continue;
            }
            let up = ch.to_ascii_uppercase();
            let Ok(b) = u8::try_from(up) else {
                return Err(SerialError::BadCharacter { ch });
            };
            if symbol_value(b).is_none() {
                return Err(SerialError::BadCharacter { ch });
            }
            out.push(b);
            if out.len() > SERIAL_LEN {
                break;
            }
        }
        if out.is_empty() {
            return Err(SerialError::Empty);
        }
        if out.len() != SERIAL_LEN {
            let len = raw
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-' && *c != '–')
                .count();
            return Err(SerialError::WrongLength { len });
        }
        let check = symbol_value(out[SERIAL_DATA_LEN]).unwrap_or(u32::MAX);
        if check != check_value(&out[..SERIAL_DATA_LEN]) {
            return Err(SerialError::CheckFailed);
        }
        Ok(Self(String::from_utf8(out).unwrap_or_default()))
    }

    /// The compact form, as stored: `7KQ4M9XW2HD`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The grouped form people read: `7KQ4-M9XW-2HD`.
    pub fn display(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..])
    }
}

impl std::fmt::Display for Serial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

/// Where a coupon is in its life (requirements 2.6). WhatsApp delivery is tracked beside it
/// in [`WaStatus`], never instead of it: a delivered message is not a redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CouponStatus {
    /// Generated and not yet taken by a customer; refunded if still so at expiry.
    Available,
    /// Claimed by a customer; its credit is spent for good.
    Taken,
    /// Used in the shop, confirmed by the merchant.
    Redeemed,
    /// Never taken and its batch has ended (refunded, or about to be).
    Expired,
}

impl CouponStatus {
    /// Every status, in life order.
    pub const ALL: [CouponStatus; 4] =
        [Self::Available, Self::Taken, Self::Redeemed, Self::Expired];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Taken => "taken",
            Self::Redeemed => "redeemed",
            Self::Expired => "expired",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| AppError::invalid("Coupon status", format!("unknown status {s:?}")))
    }

    /// The label pages and exports show, in the requirements' words.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Available => "Generated/Available",
            Self::Taken => "Taken/Claimed",
            Self::Redeemed => "Redeemed",
            Self::Expired => "Expired (not taken)",
        }
    }

    /// What to show for a coupon stored as `self` in a batch valid until `valid_until_ms`
    /// (exclusive): a never-taken coupon past its end is Expired even before the refund job
    /// has run; taken and redeemed coupons keep their status.
    pub fn view(self, valid_until_ms: i64, now_ms: i64) -> Self {
        match self {
            Self::Available if now_ms >= valid_until_ms => Self::Expired,
            other => other,
        }
    }
}

/// The WhatsApp message status kept beside a coupon's status (set by the WhatsApp issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaStatus {
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
}

impl WaStatus {
    /// Every status.
    pub const ALL: [WaStatus; 5] = [
        Self::Queued,
        Self::Sent,
        Self::Delivered,
        Self::Read,
        Self::Failed,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed => "failed",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| AppError::invalid("WhatsApp status", format!("unknown status {s:?}")))
    }
}

/// Shows the last three digits of a phone number and hides the rest, keeping a leading `+`:
/// `+60123456789` → `+•••••••••789`.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.len().min(3);
    let hidden = digits.len() - keep;
    let mut out = String::new();
    if phone.trim_start().starts_with('+') {
        out.push('+');
    }
    out.extend(std::iter::repeat_n('•', hidden));
    out.extend(&digits[hidden..]);
    out
}

/// The business categories the coupon center filters by (requirements 5.2).
/// The key of category `code`'s name in the locale files.
pub fn category_key(code: &str) -> String {
    format!("category-{code}")
}

pub const CATEGORIES: [(&str, &str); 10] = [
    ("restaurant", "Restaurant"),
    ("cafe", "Café & drinks"),
    ("clothing", "Clothing & fashion"),
    ("beauty", "Beauty & wellness"),
    ("groceries", "Groceries"),
    ("electronics", "Electronics"),
    ("entertainment", "Entertainment"),
    ("travel", "Travel & hotels"),
    ("services", "Services"),
    ("other", "Other"),
];

/// The most coupons one batch may hold.
pub const BATCH_QUANTITY_MAX: i64 = 100_000;
/// The most coupons of one batch a customer may claim.
pub const CLAIM_LIMIT_MAX: i64 = 100;
/// The longest a batch may run, from its first to its last day: two years.
pub const VALIDITY_DAYS_MAX: i64 = 2 * 366;

const DAY_MS: i64 = 86_400_000;

/// The batch creation form as submitted: every field as typed, parsed by [`BatchForm::parse`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchForm {
    /// Shown large on every coupon, e.g. "20% off any drink".
    pub title: String,
    /// What the customer gets, printed on the coupon.
    pub offer_details: String,
    /// Conditions, printed small; may be empty.
    pub terms: String,
    /// One of [`CATEGORIES`]' keys.
    pub category: String,
    /// ISO 3166 two-letter country code, e.g. `MY`.
    pub country: String,
    /// City or region, e.g. "Kuala Lumpur".
    pub city: String,
    /// The merchant's kind of business, e.g. "Coffee shop".
    pub business_type: String,
    /// How many coupons: 1 ..= [`BATCH_QUANTITY_MAX`].
    pub quantity: String,
    /// First valid day, `YYYY-MM-DD` (UTC).
    pub valid_from: String,
    /// Last valid day, inclusive, `YYYY-MM-DD` (UTC).
    pub valid_until: String,
    /// A template the merchant may use (an enabled library template or one of its own).
    pub template_id: String,
    /// Send coupons to customers by WhatsApp when they claim them.
    pub send_whatsapp: bool,
    /// List the batch in the public coupon center.
    pub show_in_center: bool,
    /// Coupons of this batch one customer may claim; empty means 1.
    pub claim_limit: String,
}

/// A batch that passed every rule of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBatch {
    pub title: String,
    pub offer_details: String,
    pub terms: String,
    pub category: String,
    pub country: String,
    pub city: String,
    pub business_type: String,
    pub quantity: i64,
    /// Midnight UTC of the first valid day.
    pub valid_from_ms: i64,
    /// Midnight UTC after the last valid day (exclusive end).
    pub valid_until_ms: i64,
    pub template_id: String,
    pub send_whatsapp: bool,
    pub show_in_center: bool,
    pub claim_limit: i64,
}

fn text(errors: &mut Vec<AppError>, field: &str, raw: &str, min: usize, max: usize) -> String {
    let t = crate::i18n::nfc(raw.trim());
    let t = t.as_str();
    let n = t.chars().count();
    if n < min {
        errors.push(AppError::invalid(
            field,
            if min == 1 {
                "is required".to_owned()
            } else {
                format!("needs at least {min} characters")
            },
        ));
    } else if n > max {
        errors.push(AppError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    } else if t.chars().any(|c| c.is_control() && c != '\n') {
        errors.push(AppError::invalid(field, "contains control characters"));
    }
    t.to_owned()
}

fn whole(
    errors: &mut Vec<AppError>,
    field: &str,
    raw: &str,
    default: Option<i64>,
    max: i64,
) -> i64 {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    if digits.is_empty()
        && let Some(d) = default
    {
        return d;
    }
    match digits.parse::<i64>() {
        Ok(n) if (1..=max).contains(&n) => n,
        Ok(_) => {
            errors.push(AppError::invalid(
                field,
                format!("must be between 1 and {max}"),
            ));
            0
        }
        Err(_) => {
            errors.push(AppError::invalid(field, "must be a whole number"));
            0
        }
    }
}

fn date(errors: &mut Vec<AppError>, field: &str, raw: &str) -> Option<i64> {
    match crate::time::parse_date_ms(raw) {
        Ok(ms) => Some(ms),
        Err(_) => {
            errors.push(AppError::invalid(field, "must be a date like 2026-12-31"));
            None
        }
    }
}

impl BatchForm {
    /// Checks every field against its rule and returns all the problems at once, each naming
    /// its field, so the form can mark them together. `now_ms` decides "in the past".
    pub fn parse_all(&self, now_ms: i64) -> Result<NewBatch, Vec<AppError>> {
        let mut e = Vec::new();
        let title = text(&mut e, "Title", &self.title, 3, 80);
        let offer_details = text(&mut e, "Offer details", &self.offer_details, 3, 500);
        let terms = text(&mut e, "Terms", &self.terms, 0, 1000);
        let category = self.category.trim().to_ascii_lowercase();
        if !CATEGORIES.iter().any(|(k, _)| *k == category) {
            e.push(AppError::invalid(
                "Category",
                "choose one of the listed categories",
            ));
        }
        let country = self.country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            e.push(AppError::invalid(
                "Country",
                "must be a two-letter country code like MY",
            ));
        }
        let city = text(&mut e, "City/region", &self.city, 1, 80);
        let business_type = text(&mut e, "Business type", &self.business_type, 1, 60);
        let quantity = whole(&mut e, "Quantity", &self.quantity, None, BATCH_QUANTITY_MAX);
        let claim_limit = whole(
            &mut e,
            "Claim limit per customer",
            &self.claim_limit,
            Some(1),
            CLAIM_LIMIT_MAX,
        );
        let from = date(&mut e, "Valid from", &self.valid_from);
        let until = date(&mut e, "Valid until", &self.valid_until);
        let today = now_ms.div_euclid(DAY_MS) * DAY_MS;
        let mut valid = (0, 0);
        if let (Some(from), Some(until)) = (from, until) {
            let end = until + DAY_MS;
            if until < today {
                e.push(AppError::invalid("Valid until", "is in the past"));
            } else if until < from {
                e.push(AppError::invalid(
                    "Valid until",
                    "is before the first valid day",
                ));
            } else if (end - from) / DAY_MS > VALIDITY_DAYS_MAX {
                e.push(AppError::invalid(
                    "Valid until",
                    "is more than two years after the first valid day",
                ));
            }
            valid = (from, end);
        }
        let template_id = self.template_id.trim().to_owned();
        if template_id.is_empty() {
            e.push(AppError::invalid(
                "Template",
                "choose a template or upload your own",
            ));
        } else if template_id.len() > 64
            || !template_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            e.push(AppError::invalid(
                "Template",
                "is not a template of this site",
            ));
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewBatch {
            title,
            offer_details,
            terms,
            category,
            country,
            city,
            business_type,
            quantity,
            valid_from_ms: valid.0,
            valid_until_ms: valid.1,
            template_id,
            send_whatsapp: self.send_whatsapp,
            show_in_center: self.show_in_center,
            claim_limit,
        })
    }

    /// Like [`BatchForm::parse_all`], answering with the first problem only.
    pub fn parse(&self, now_ms: i64) -> Result<NewBatch, AppError> {
        self.parse_all(now_ms).map_err(|mut e| e.swap_remove(0))
    }
}

/// Coupons of a batch per status, as the batch page shows them. `expired` counts never-taken
/// coupons past the batch's end, whether or not the refund has run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub available: i64,
    pub taken: i64,
    pub redeemed: i64,
    pub expired: i64,
    /// Coupons whose WhatsApp message was sent, delivered or read (beside the statuses above).
    pub wa_sent: i64,
    /// Coupons whose WhatsApp message failed.
    pub wa_failed: i64,
}

/// Where a batch's PDF stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PdfState {
    /// Not started yet.
    Pending,
    /// Being written; `done` of the batch's coupons are on pages.
    Rendering { done: i64 },
    /// Finished and downloadable.
    Ready,
    /// The last attempt failed (details in the server log); rendering again may succeed.
    Failed,
}

/// A batch as its list and detail pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: String,
    pub merchant_id: String,
    pub title: String,
    pub offer_details: String,
    pub terms: String,
    pub category: String,
    pub country: String,
    pub city: String,
    pub business_type: String,
    pub quantity: i64,
    pub valid_from_ms: i64,
    /// Exclusive end.
    pub valid_until_ms: i64,
    pub template_id: String,
    pub send_whatsapp: bool,
    pub show_in_center: bool,
    pub claim_limit: i64,
    pub created_at_ms: i64,
    pub counts: StatusCounts,
    pub pdf: PdfState,
    /// Coupons refunded at expiry, once the refund ran.
    pub refunded: Option<i64>,
}

/// One coupon as the batch page and the CSV export list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponLine {
    pub serial: Serial,
    /// As shown (a never-taken coupon past the end shows Expired).
    pub status: CouponStatus,
    pub taken_at_ms: Option<i64>,
    /// Full for the coupon's own merchant, masked by [`mask_phone`] for anyone else.
    pub customer_phone: Option<String>,
    pub wa_status: Option<WaStatus>,
    pub redeemed_at_ms: Option<i64>,
}

/// The URL-safe base64 alphabet (RFC 4648 §5), for coupon link signatures.
const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 without padding.
pub fn b64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for i in 0..symbols {
            let idx = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(B64URL[usize::try_from(idx).unwrap_or(0)]));
        }
    }
    out
}

/// Decodes [`b64url_encode`]'s output; `None` for anything else.
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let vals: Vec<u32> = s
        .bytes()
        .map(|c| {
            B64URL
                .iter()
                .position(|&x| x == c)
                .and_then(|p| u32::try_from(p).ok())
        })
        .collect::<Option<_>>()?;
    if vals.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for chunk in vals.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, v)| acc | (v << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    // Reject non-canonical encodings (stray low bits), so one signature has one spelling.
    (b64url_encode(&out) == s).then_some(out)
}

/// The path of a coupon's verify link: `/v/<serial>/<signature>`. The page at this path lets
/// the logged-in merchant redeem the coupon; see `backend::coupons::verify_link`.
pub fn verify_path(serial: &Serial, signature: &str) -> String {
    format!("/v/{}/{signature}", serial.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serial_from(seed: u8) -> Serial {
        let mut x = seed;
        Serial::generate(&mut || {
            x = x.wrapping_mul(37).wrapping_add(11);
            x
        })
    }

    #[test]
    fn serials_are_eleven_symbols_without_look_alikes_and_parse_back() {
        for seed in 0..=255 {
            let s = serial_from(seed);
            assert_eq!(s.as_str().len(), SERIAL_LEN);
            assert!(!s.as_str().contains(['0', 'O', '1', 'I', 'L']), "{s}");
            assert_eq!(Serial::parse(&s.display()).unwrap(), s);
            assert_eq!(
                Serial::parse(&format!(" {} ", s.as_str().to_lowercase())).unwrap(),
                s
            );
        }
    }

    #[test]
    fn every_single_typo_and_adjacent_swap_is_caught() {
        let s = serial_from(7);
        let bytes = s.as_str().as_bytes().to_vec();
        for i in 0..SERIAL_LEN {
            for &c in SERIAL_ALPHABET {
                if c == bytes[i] {
                    continue;
                }
                let mut t = bytes.clone();
                t[i] = c;
                let typed = String::from_utf8(t).unwrap();
                assert_eq!(
                    Serial::parse(&typed),
                    Err(SerialError::CheckFailed),
                    "{typed}"
                );
            }
        }
        for i in 0..SERIAL_DATA_LEN - 1 {
            let mut t = bytes.clone();
            if t[i] == t[i + 1] {
                continue;
            }
            t.swap(i, i + 1);
            let typed = String::from_utf8(t).unwrap();
            assert_eq!(
                Serial::parse(&typed),
                Err(SerialError::CheckFailed),
                "{typed}"
            );
        }
    }

    #[test]
    fn bad_serials_say_what_is_wrong() {
        assert_eq!(Serial::parse(" - "), Err(SerialError::Empty));
        assert_eq!(
            Serial::parse("ABCD-EFGH"),
            Err(SerialError::WrongLength { len: 8 })
        );
        assert_eq!(
            Serial::parse("ABCD-EFGH-JK2345"),
            Err(SerialError::WrongLength { len: 14 })
        );
        assert_eq!(
            Serial::parse("ABCD-EF0H-JKM"),
            Err(SerialError::BadCharacter { ch: '0' })
        );
        assert_eq!(
            Serial::parse("ABCD-EFlH-JKM"),
            Err(SerialError::BadCharacter { ch: 'l' })
        );
        let e: AppError = SerialError::CheckFailed.into();
        assert!(matches!(e, AppError::InvalidInput { ref field, .. } if field == "Serial"));
    }

    #[test]
    fn generation_is_uniform_over_the_alphabet() {
        // Every byte value once, many times over: each symbol must come up equally often,
        // which fails if bytes 248..=255 were folded in instead of skipped.
        let mut counter = 0u32;
        let mut seen = [0u32; 31];
        for _ in 0..(256 * 31) {
            let s = Serial::generate(&mut || {
                counter += 1;
                u8::try_from(counter % 256).unwrap()
            });
            for c in s.as_str().as_bytes()[..SERIAL_DATA_LEN].iter() {
                seen[usize::try_from(symbol_value(*c).unwrap()).unwrap()] += 1;
            }
        }
        let (min, max) = (seen.iter().min().unwrap(), seen.iter().max().unwrap());
        assert!(max - min <= 1, "{seen:?}");
    }

    #[test]
    fn never_taken_coupons_show_expired_after_the_end_and_others_keep_their_status() {
        let end = 1_000;
        assert_eq!(
            CouponStatus::Available.view(end, 999),
            CouponStatus::Available
        );
        assert_eq!(
            CouponStatus::Available.view(end, 1_000),
            CouponStatus::Expired
        );
        assert_eq!(CouponStatus::Taken.view(end, 5_000), CouponStatus::Taken);
        assert_eq!(
            CouponStatus::Redeemed.view(end, 5_000),
            CouponStatus::Redeemed
        );
        for s in CouponStatus::ALL {
            assert_eq!(CouponStatus::parse(s.as_str()).unwrap(), s);
        }
        for s in WaStatus::ALL {
            assert_eq!(WaStatus::parse(s.as_str()).unwrap(), s);
        }
    }

    #[test]
    fn phones_are_masked_to_their_last_three_digits() {
        assert_eq!(mask_phone("+60123456789"), "+••••••••789");
        assert_eq!(mask_phone("12"), "12");
    }

    fn form() -> BatchForm {
        BatchForm {
            title: "20% off any drink".into(),
            offer_details: "One drink of any size".into(),
            terms: String::new(),
            category: "cafe".into(),
            country: "my".into(),
            city: "Kuala Lumpur".into(),
            business_type: "Coffee shop".into(),
            quantity: "1,000".into(),
            valid_from: "2026-11-25".into(),
            valid_until: "2026-12-31".into(),
            template_id: "abc123".into(),
            send_whatsapp: true,
            show_in_center: false,
            claim_limit: String::new(),
        }
    }

    const NOW: i64 = 1_795_564_800_000; // 2026-11-25

    #[test]
    fn a_good_form_parses_with_defaults() {
        let b = form().parse(NOW).unwrap();
        assert_eq!(b.quantity, 1000);
        assert_eq!(b.claim_limit, 1);
        assert_eq!(b.country, "MY");
        assert_eq!(b.valid_from_ms, NOW);
        assert_eq!(
            b.valid_until_ms,
            crate::time::parse_date_ms("2027-01-01").unwrap()
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = BatchForm {
            title: "x".into(),
            category: "weapons".into(),
            country: "Malaysia".into(),
            city: " ".into(),
            quantity: "100001".into(),
            valid_until: "2026-11-24".into(),
            claim_limit: "0".into(),
            template_id: String::new(),
            ..form()
        };
        let fields: Vec<String> = f
            .parse_all(NOW)
            .unwrap_err()
            .into_iter()
            .map(|e| match e {
                AppError::InvalidInput { field, .. } => field,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            fields,
            [
                "Title",
                "Category",
                "Country",
                "City/region",
                "Quantity",
                "Claim limit per customer",
                "Valid until",
                "Template"
            ]
        );
        let backwards = BatchForm {
            valid_from: "2027-01-10".into(),
            valid_until: "2027-01-01".into(),
            ..form()
        };
        assert!(
            backwards
                .parse(NOW)
                .unwrap_err()
                .to_string()
                .contains("before")
        );
        let too_long = BatchForm {
            valid_until: "2029-12-31".into(),
            ..form()
        };
        assert!(too_long.parse(NOW).is_err());
        let words = BatchForm {
            quantity: "many".into(),
            ..form()
        };
        assert_eq!(
            words.parse(NOW).unwrap_err(),
            AppError::invalid("Quantity", "must be a whole number")
        );
    }

    #[test]
    fn base64url_round_trips_and_refuses_other_spellings() {
        for n in 0..20u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(97)).collect();
            let s = b64url_encode(&bytes);
            assert!(!s.contains(['+', '/', '=']));
            assert_eq!(b64url_decode(&s).unwrap(), bytes);
        }
        assert_eq!(b64url_encode(b"\xfb\xff"), "-_8");
        assert!(b64url_decode("-_9").is_none(), "stray low bits");
        assert!(b64url_decode("a+b").is_none());
        assert!(b64url_decode("A").is_none());
    }
}

/// A coupon template as the library page and the batch form list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    pub category: String,
    /// Library templates only: offered to merchants while enabled.
    pub enabled: bool,
    /// `None` for the Super Admin's library; the owning merchant for a merchant's own upload.
    pub merchant_id: Option<String>,
    /// `image/png` or `image/jpeg`.
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub created_at_ms: i64,
}

/// What the verify page shows about a coupon before the merchant presses Redeem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponCheck {
    pub serial: Serial,
    pub batch_id: String,
    pub title: String,
    pub offer_details: String,
    pub valid_until_ms: i64,
    pub taken_at_ms: Option<i64>,
}

/// A successful redemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redeemed {
    pub serial: Serial,
    pub batch_id: String,
    pub title: String,
    pub redeemed_at_ms: i64,
}
