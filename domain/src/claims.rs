//! Claims: the Get Coupon form, where a claim came from, what the customer is shown after it,
//! and how a known customer is shown to a device that did not enter their details.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::coupons::Serial;
use crate::time::{civil_from_days, days_from_civil};

/// The longest name a customer may give.
pub const NAME_MAX_CHARS: usize = 120;
/// The earliest birth year accepted.
pub const BIRTH_YEAR_MIN: i64 = 1900;

/// Where a claim was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClaimSource {
    /// "Get Coupon" on the tenant's public coupon center.
    Homepage,
    /// The merchant's store link / store QR poster.
    InStore,
    /// A prize won on the merchant's lucky-draw wheel.
    LuckyDraw,
    /// Issued by the merchant's birthday campaign.
    Birthday,
    /// Issued by the merchant's inactive-customer recall.
    Recall,
    /// Issued by one of the merchant's festival campaigns.
    Festival,
}

impl ClaimSource {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Homepage => "homepage",
            Self::InStore => "in_store",
            Self::LuckyDraw => "lucky_draw",
            Self::Birthday => "birthday",
            Self::Recall => "recall",
            Self::Festival => "festival",
        }
    }

    /// The stored name back.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "homepage" => Ok(Self::Homepage),
            "in_store" => Ok(Self::InStore),
            "lucky_draw" => Ok(Self::LuckyDraw),
            "birthday" => Ok(Self::Birthday),
            "recall" => Ok(Self::Recall),
            "festival" => Ok(Self::Festival),
            _ => Err(AppError::invalid(
                "Source",
                format!("unknown claim source {s:?}"),
            )),
        }
    }

    /// The key of the table label in the locale files.
    pub fn label_key(self) -> String {
        format!("source-{}", self.as_str())
    }

    /// A label for tables.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Homepage => "Homepage",
            Self::InStore => "In store",
            Self::LuckyDraw => "Lucky draw",
            Self::Birthday => "Birthday campaign",
            Self::Recall => "Recall campaign",
            Self::Festival => "Festival campaign",
        }
    }
}

/// The Get Coupon form as typed. All three fields are required, except that `birthday` may be
/// left empty with `reuse_birthday` set, on a device that proved it holds the phone (its
/// details were filled in): the stored birthday is kept. Anywhere else a birthday is typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimForm {
    pub name: String,
    pub phone: String,
    pub birthday: String,
    #[serde(default)]
    pub reuse_birthday: bool,
    /// The unticked "send me offers" box was ticked: consent to this merchant's campaigns by
    /// WhatsApp (see [`consent_text`]).
    #[serde(default)]
    pub marketing: bool,
}

/// The words of the claim form's consent box for `merchant_name`, stored as shown with each
/// consent. Campaign messages are business-initiated WhatsApp: they need this opt-in.
pub fn consent_text(locale: crate::i18n::Locale, merchant_name: &str) -> String {
    crate::i18n::t_args(
        locale,
        "claim-consent",
        &[("merchant", crate::i18n::Arg::from(merchant_name))],
    )
}

/// A checked name: trimmed, inner whitespace collapsed, 1 to [`NAME_MAX_CHARS`] characters.
pub fn parse_name(raw: &str) -> Result<String, AppError> {
    let name = crate::i18n::nfc(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
    if name.is_empty() {
        return Err(AppError::invalid("Name", "is required"));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(AppError::invalid(
            "Name",
            format!("must be at most {NAME_MAX_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid("Name", "may not hold control characters"));
    }
    Ok(name)
}

/// A checked birthday `YYYY-MM-DD`: a real date from [`BIRTH_YEAR_MIN`] up to `today_ms`'s
/// date (UTC), returned in the same form.
pub fn parse_birthday(raw: &str, today_ms: i64) -> Result<String, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid("Birthday", "is required"));
    }
    let bad = || AppError::invalid("Birthday", format!("{raw:?} is not a date like 1990-05-31"));
    let mut parts = raw.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let y: i64 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    if y < BIRTH_YEAR_MIN || !(1..=12).contains(&m) || d == 0 {
        return Err(bad());
    }
    let days = days_from_civil(y, m, d);
    if civil_from_days(days) != (y, m, d) {
        return Err(bad());
    }
    if days > today_ms.div_euclid(86_400_000) {
        return Err(AppError::invalid("Birthday", "may not be in the future"));
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// A name as a device that did not enter it sees it: each word keeps its first two characters
/// (its first one when it has at most two) and the rest become `*`, so "Jane Tan" is
/// "Ja** Ta*". Enough for the owner to recognise, too little to learn a stranger's name.
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let n = w.chars().count();
            let keep = if n <= 2 { 1 } else { 2 };
            let mut out: String = w.chars().take(keep).collect();
            out.extend(std::iter::repeat_n('*', n - keep));
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the claim form shows again after "Look up" or a refused claim: the phone and name the
/// customer typed and the refusal, if any. Carried in a sealed cookie, never in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDraft {
    pub phone: String,
    pub name: String,
    pub error: String,
}

/// What the claim form may show for a phone number the customer typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recognised {
    /// This tenant does not know the number.
    Unknown,
    /// This device entered these details before (its signed cookie names the customer): fill
    /// them in.
    Full { name: String, birthday: String },
    /// Known, but from another device: the masked name only, the birthday hidden. "That's me"
    /// submits the form with `reuse_birthday`.
    Masked { masked_name: String },
}

/// Whether the claimed coupon's WhatsApp message went out, as the customer is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimWhatsApp {
    /// The merchant did not turn WhatsApp on for this batch.
    Off,
    /// Queued for sending.
    Queued { message_id: String },
    /// Not sent; `reason` says why (e.g. the merchant's WhatsApp credits ran out).
    NotSent { reason: String },
}

/// A coupon just claimed, as the claim page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimedCoupon {
    pub claim_id: String,
    pub serial: Serial,
    /// The signed verify link the QR code carries.
    pub verify_url: String,
    pub batch_id: String,
    pub merchant_id: String,
    pub merchant_name: String,
    pub title: String,
    pub offer_details: String,
    pub terms: String,
    pub valid_until_ms: i64,
    pub claimed_at_ms: i64,
    pub source: ClaimSource,
    pub customer_id: String,
    /// The E.164 number the coupon was issued to, e.g. `+60123456789`.
    pub phone: String,
    pub whatsapp: ClaimWhatsApp,
}

/// How the coupon center orders its cards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CenterSort {
    /// Most claims over the last 30 days first.
    #[default]
    Popular,
    /// Soonest end first.
    Expiring,
    /// Most recently created first.
    Newest,
}

impl CenterSort {
    /// Every order, as the sort menu lists them.
    pub const ALL: [CenterSort; 3] = [Self::Popular, Self::Expiring, Self::Newest];

    /// The URL value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Popular => "popular",
            Self::Expiring => "expiring",
            Self::Newest => "newest",
        }
    }

    /// The URL value back; anything else is the default order.
    pub fn parse(s: &str) -> Self {
        match s {
            "expiring" => Self::Expiring,
            "newest" => Self::Newest,
            _ => Self::Popular,
        }
    }

    /// The key of the menu label in the locale files.
    pub fn label_key(self) -> String {
        format!("sort-{}", self.as_str())
    }

    /// The menu label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Popular => "Most popular",
            Self::Expiring => "Expiring soon",
            Self::Newest => "Newest",
        }
    }
}

/// Cards per coupon center page.
pub const CENTER_PAGE_CARDS: i64 = 24;
/// The longest search text kept.
pub const CENTER_SEARCH_MAX_CHARS: usize = 100;
/// How far back "popular" counts claims.
pub const POPULAR_WINDOW_MS: i64 = 30 * 86_400_000;

/// The coupon center's filters, as they travel in the URL query (`country`, `city`,
/// `category`, `q`, `sort`, `page`); empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CenterQuery {
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

impl CenterQuery {
    /// The filters trimmed and bounded, the sort and the (1-based) page parsed.
    pub fn normalised(&self) -> (CenterFilters, CenterSort, i64) {
        let clip = |s: &str, n: usize| {
            crate::i18n::nfc(s.trim())
                .chars()
                .take(n)
                .collect::<String>()
        };
        let page = self
            .page
            .trim()
            .parse::<i64>()
            .unwrap_or(1)
            .clamp(1, 10_000);
        (
            CenterFilters {
                country: clip(&self.country, 2).to_ascii_uppercase(),
                city: clip(&self.city, 100),
                category: clip(&self.category, 40),
                q: clip(&self.q, CENTER_SEARCH_MAX_CHARS),
            },
            CenterSort::parse(self.sort.trim()),
            page,
        )
    }
}

/// Checked coupon center filters; empty strings mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CenterFilters {
    pub country: String,
    pub city: String,
    pub category: String,
    pub q: String,
}

/// One offer on the coupon center (or on a store page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterCard {
    pub batch_id: String,
    pub merchant_id: String,
    pub merchant_name: String,
    pub title: String,
    pub offer_details: String,
    pub terms: String,
    pub category: String,
    pub country: String,
    pub city: String,
    pub valid_until_ms: i64,
    pub created_at_ms: i64,
    /// Coupons still to be claimed.
    pub left: i64,
    /// Claims over the last 30 days.
    pub recent_claims: i64,
}

/// One page of the coupon center, with the values its filter menus offer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterPage {
    pub cards: Vec<CenterCard>,
    pub page: i64,
    pub has_next: bool,
    pub countries: Vec<String>,
    pub cities: Vec<String>,
    pub categories: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_word_by_word() {
        assert_eq!(mask_name("Jane Tan"), "Ja** Ta*");
        assert_eq!(mask_name("  Li  Wei Ming "), "L* We* Mi**");
        assert_eq!(mask_name("A"), "A");
        assert_eq!(mask_name("Siti Nurhaliza"), "Si** Nu*******");
        assert!(!mask_name("Jane Tan").contains("ne"));
        // Characters, not bytes.
        assert_eq!(mask_name("Zoë Éclair"), "Zo* Éc****");
    }

    #[test]
    fn birthdays_are_real_past_dates() {
        let today = days_from_civil(2026, 11, 25) * 86_400_000;
        assert_eq!(parse_birthday(" 1960-02-29 ", today).unwrap(), "1960-02-29");
        assert_eq!(parse_birthday("2026-11-25", today).unwrap(), "2026-11-25");
        for bad in [
            "",
            "1961-02-29",
            "1899-12-31",
            "2026-11-26",
            "90-01-01",
            "1990-1-1",
            "x",
        ] {
            assert!(parse_birthday(bad, today).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("  Jane   Tan ").unwrap(), "Jane Tan");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"x".repeat(121)).is_err());
        assert!(parse_name("a\u{7}b").is_err());
        assert_eq!(
            ClaimSource::parse("in_store").unwrap(),
            ClaimSource::InStore
        );
    }
}
