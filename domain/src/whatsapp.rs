//! WhatsApp rules: which trigger makes a message user-initiated (UI) or business-initiated (BI)
//! and so which wallet pays, how message statuses merge when webhooks arrive late or out of
//! order, which Meta errors are worth a retry, the retry schedule, and how a recipient's phone
//! number is shown to someone who is not its merchant. Hard-coded here and nowhere else.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::credits::CreditType;

/// What caused a message. The class (and so the wallet) follows from this alone: no caller
/// ever passes a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Trigger {
    /// A customer pressed "Get Coupon" on the public coupon center.
    HomepageClaim,
    /// A customer finished the in-store QR claim flow.
    InStoreClaim,
    /// A customer won a prize in a lucky draw they played.
    LuckyDrawWin,
    /// A reply to a message the customer sent the merchant (inside their 24-hour window).
    CustomerReply,
    /// The birthday campaign (days before or after the customer's birthday).
    Birthday,
    /// Inactive customer recall (no return for N days).
    InactiveRecall,
    /// A festival broadcast.
    Festival,
    /// A campaign the merchant scheduled.
    ScheduledBroadcast,
}

impl Trigger {
    /// Every trigger, in the order the logs filter lists them.
    pub const ALL: [Trigger; 8] = [
        Self::HomepageClaim,
        Self::InStoreClaim,
        Self::LuckyDrawWin,
        Self::CustomerReply,
        Self::Birthday,
        Self::InactiveRecall,
        Self::Festival,
        Self::ScheduledBroadcast,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::HomepageClaim => "homepage_claim",
            Self::InStoreClaim => "in_store_claim",
            Self::LuckyDrawWin => "lucky_draw_win",
            Self::CustomerReply => "customer_reply",
            Self::Birthday => "birthday",
            Self::InactiveRecall => "inactive_recall",
            Self::Festival => "festival",
            Self::ScheduledBroadcast => "scheduled_broadcast",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| AppError::invalid("Trigger", format!("unknown trigger {s:?}")))
    }

    /// A label for tables.
    pub const fn label(self) -> &'static str {
        match self {
            Self::HomepageClaim => "Homepage claim",
            Self::InStoreClaim => "In-store claim",
            Self::LuckyDrawWin => "Lucky draw win",
            Self::CustomerReply => "Customer reply",
            Self::Birthday => "Birthday campaign",
            Self::InactiveRecall => "Inactive recall",
            Self::Festival => "Festival broadcast",
            Self::ScheduledBroadcast => "Scheduled campaign",
        }
    }
}

/// User-initiated (a customer's own action caused it) or business-initiated (automation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MessageClass {
    Ui,
    Bi,
}

impl MessageClass {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ui => "ui",
            Self::Bi => "bi",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "ui" => Ok(Self::Ui),
            "bi" => Ok(Self::Bi),
            other => Err(AppError::invalid(
                "Class",
                format!("{other:?} is not ui or bi"),
            )),
        }
    }

    /// "UI" or "BI".
    pub const fn label(self) -> &'static str {
        match self {
            Self::Ui => "UI",
            Self::Bi => "BI",
        }
    }

    /// The wallet that pays for a message of this class.
    pub const fn credit_type(self) -> CreditType {
        match self {
            Self::Ui => CreditType::WaUi,
            Self::Bi => CreditType::WaBi,
        }
    }
}

/// THE classification: the one place that decides a message's class from its trigger.
/// Misclassifying a BI message as UI would sell a ten-times-dearer message at the cheap price,
/// so the match is exhaustive and has no default arm.
pub const fn classify(trigger: Trigger) -> MessageClass {
    match trigger {
        Trigger::HomepageClaim
        | Trigger::InStoreClaim
        | Trigger::LuckyDrawWin
        | Trigger::CustomerReply => MessageClass::Ui,
        Trigger::Birthday
        | Trigger::InactiveRecall
        | Trigger::Festival
        | Trigger::ScheduledBroadcast => MessageClass::Bi,
    }
}

/// What one message costs, in credits of its class's wallet.
pub const CREDITS_PER_MESSAGE: i64 = 1;

/// A message's status as the logs show it.
///
/// Statuses merge by taking the greater in the order
/// `Queued < Sent < Failed < Delivered < Read`, so webhooks may arrive in any order, twice,
/// or late and the result is the same (the merge is commutative, associative and
/// idempotent). Consequences:
/// - a late `sent` never overwrites `delivered` or `read`;
/// - `failed` overrides `queued` and `sent` (the message never reached the phone);
/// - `failed` after `delivered` or `read` does not undo them: the phone has the message, so it
///   stays delivered/read and the failure's error is recorded as the message's last error
///   (Meta has charged either way, so nothing is refunded);
/// - `delivered` after `failed` wins for the same reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Queued,
    Sent,
    Failed,
    Delivered,
    Read,
}

impl Status {
    /// Every status, in filter order.
    pub const ALL: [Status; 5] = [
        Self::Queued,
        Self::Sent,
        Self::Delivered,
        Self::Read,
        Self::Failed,
    ];

    /// The position in the merge order (higher wins).
    pub const fn rank(self) -> u8 {
        match self {
            Self::Queued => 0,
            Self::Sent => 1,
            Self::Failed => 2,
            Self::Delivered => 3,
            Self::Read => 4,
        }
    }

    /// The status after `incoming` arrives for a message at `self`.
    pub const fn merge(self, incoming: Status) -> Status {
        if incoming.rank() > self.rank() {
            incoming
        } else {
            self
        }
    }

    /// The stored name (also Meta's webhook name, except `queued`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Delivered => "delivered",
            Self::Read => "read",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "queued" => Ok(Self::Queued),
            "sent" => Ok(Self::Sent),
            "failed" => Ok(Self::Failed),
            "delivered" => Ok(Self::Delivered),
            "read" => Ok(Self::Read),
            other => Err(AppError::invalid(
                "Status",
                format!("unknown status {other:?}"),
            )),
        }
    }

    /// Reads a status from Meta's webhook; `played` (voice) counts as read, anything else
    /// unknown is `None` and ignored.
    pub fn from_webhook(s: &str) -> Option<Self> {
        match s {
            "sent" => Some(Self::Sent),
            "delivered" => Some(Self::Delivered),
            "read" | "played" => Some(Self::Read),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }

    /// Whether the message counts as a success in the logs' counts (accepted by WhatsApp).
    pub const fn is_success(self) -> bool {
        matches!(self, Self::Sent | Self::Delivered | Self::Read)
    }
}

/// How one send attempt failed, as the sender saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendFailure {
    /// The Graph API answered with an error object (`error.code`) and this HTTP status.
    Api {
        http_status: u16,
        code: i64,
        message: String,
    },
    /// An HTTP error status without a readable error object.
    Http { http_status: u16 },
    /// No answer within the send timeout.
    Timeout,
    /// The connection failed before an answer.
    Network(String),
}

impl SendFailure {
    /// A one-line description for the logs, e.g. `131026: Message undeliverable`.
    pub fn describe(&self) -> String {
        let text = match self {
            Self::Api { code, message, .. } => format!("{code}: {message}"),
            Self::Http { http_status } => format!("HTTP {http_status}"),
            Self::Timeout => "timed out".to_owned(),
            Self::Network(e) => format!("network: {e}"),
        };
        text.chars().take(300).collect()
    }

    /// Meta's error code, if the answer carried one.
    pub const fn code(&self) -> Option<i64> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Transient or throttling: try again after a backoff.
    Later,
    /// Cannot succeed as it is: fail the message now.
    Never,
}

/// Meta's error codes that are transient or throttling. Everything else fails at once.
/// - 130429 throughput reached, 131056 pair rate limit, 80007 and 4 WABA/app rate limits,
///   17 and 341 user/app limits, 613 call rate;
/// - 131000 something went wrong, 131016 service unavailable, 1 and 2 unknown/temporary.
///
/// Never retried as is: 131026 undeliverable, 131047 outside the 24-hour window (send a
/// template instead), 131048 spam limit and 131049 marketing cap (retry only after hours, which
/// is a campaign's decision, not the dispatcher's), 100 invalid parameter, 131008/131009
/// parameter errors, 132xxx template errors, 190 expired token, 10 and 200-299 permissions.
pub const RETRYABLE_CODES: [i64; 10] = [130429, 131056, 80007, 4, 17, 341, 613, 131000, 131016, 2];

/// Decides whether a failure is worth another attempt.
pub fn classify_failure(f: &SendFailure) -> Retry {
    match f {
        SendFailure::Timeout | SendFailure::Network(_) => Retry::Later,
        SendFailure::Http { http_status } => {
            if *http_status >= 500 || *http_status == 429 {
                Retry::Later
            } else {
                Retry::Never
            }
        }
        SendFailure::Api {
            http_status, code, ..
        } => {
            if RETRYABLE_CODES.contains(code) || *code == 1 {
                Retry::Later
            } else if (132_000..133_000).contains(code) {
                Retry::Never
            } else if *http_status >= 500 && !matches!(*code, 100 | 131026 | 131047) {
                // A server error with an unknown code: Meta's side failed, not our request.
                Retry::Later
            } else {
                Retry::Never
            }
        }
    }
}

/// The delay before attempt `attempt + 1` after `attempt` failed attempts (1-based):
/// exponential from `base_ms`, capped at `cap_ms`, with "equal jitter" (half fixed, half
/// random) so workers that failed together do not retry together. `random` is any random
/// number; the function itself is pure.
pub fn backoff_ms(attempt: u32, base_ms: i64, cap_ms: i64, random: u64) -> i64 {
    let shift = attempt.saturating_sub(1).min(30);
    let exp = base_ms
        .max(1)
        .saturating_mul(1_i64 << shift)
        .min(cap_ms.max(1));
    let half = exp / 2;
    let spread = u64::try_from(exp - half + 1).unwrap_or(1).max(1);
    half + i64::try_from(random % spread).unwrap_or(0)
}

/// A recipient's phone number in international form: digits only, country code first,
/// 8 to 15 digits (E.164 without the `+`, as the Cloud API's `to` takes it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts `+60 12-345 6789`, `0060123456789` style international input; spaces, dashes,
    /// dots and brackets are dropped.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let trimmed = raw.trim();
        let mut digits: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'))
            .collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.is_empty() {
            return Err(AppError::invalid(
                "Phone number",
                "may hold only digits, spaces, dashes and a leading +",
            ));
        }
        if let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_owned();
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(AppError::invalid(
                "Phone number",
                "must be in international form with its country code, e.g. +60 12 345 6789",
            ));
        }
        Ok(Self(digits))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number as someone who is not the message's merchant sees it: `+60•••••••789`,
/// the first two and last three digits kept, so staff can tell messages apart without
/// reading customers' numbers.
pub fn mask_phone(digits: &str) -> String {
    if crate::customers::is_erased_phone(digits) {
        return crate::customers::ERASED_NAME.to_owned();
    }
    let n = digits.chars().count();
    if n <= 5 {
        return "•".repeat(n);
    }
    let head: String = digits.chars().take(2).collect();
    let tail: String = digits.chars().skip(n - 3).collect();
    format!("+{head}{}{tail}", "•".repeat(n - 5))
}

/// A phone number shown in full (`+` and digits).
pub fn show_phone(digits: &str) -> String {
    if crate::customers::is_erased_phone(digits) {
        return crate::customers::ERASED_NAME.to_owned();
    }
    format!("+{digits}")
}

/// One message in the logs, as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageLog {
    pub id: String,
    pub merchant_id: String,
    pub merchant_name: String,
    /// WhatsApp's id (`wamid.…`), once the API accepted the message.
    pub wamid: Option<String>,
    /// The recipient, masked unless the viewer is the message's merchant.
    pub recipient: String,
    pub class: MessageClass,
    pub trigger: Trigger,
    pub status: Status,
    /// Credits deducted (0 until WhatsApp accepted the message, and for failed ones).
    pub credits_deducted: i64,
    pub coupon_id: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// One send attempt of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptLog {
    pub attempt: i64,
    pub started_at_ms: i64,
    pub finished_at_ms: Option<i64>,
    /// `accepted`, `retry`, `failed`, or `interrupted` (the worker stopped mid-attempt).
    pub outcome: String,
    pub error: Option<String>,
}

/// What the logs page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogQuery {
    pub status: Option<Status>,
    pub class: Option<MessageClass>,
    /// Inclusive start, epoch milliseconds.
    pub from_ms: Option<i64>,
    /// Exclusive end, epoch milliseconds.
    pub until_ms: Option<i64>,
    /// How many newest messages to skip (from the previous page's `next`).
    pub offset: Option<i64>,
}

/// One page of messages, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    pub messages: Vec<MessageLog>,
    /// The offset of the next (older) page, if there is one.
    pub next: Option<i64>,
}

/// Success and failure counts of one class on one (UTC) day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyCount {
    /// The day, `YYYY-MM-DD` (UTC).
    pub day: String,
    pub class: MessageClass,
    pub success: i64,
    pub failure: i64,
    /// Queued or being sent.
    pub pending: i64,
}

/// Totals of one owner (a tenant for the master, a merchant for an agent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeTotals {
    pub owner_id: String,
    pub owner_name: String,
    pub ui_success: i64,
    pub ui_failure: i64,
    pub bi_success: i64,
    pub bi_failure: i64,
    pub credits_deducted: i64,
}

/// The language a template message goes out in: the customer's own when the platform's
/// templates are approved in it, else the site's default, else the first approved one. The
/// second value says whether the customer's language was passed over (the caller logs it).
pub fn template_language(
    customer: crate::i18n::Locale,
    site_default: crate::i18n::Locale,
    approved: &[crate::i18n::Locale],
) -> (crate::i18n::Locale, bool) {
    if approved.contains(&customer) {
        (customer, false)
    } else if approved.contains(&site_default) || approved.is_empty() {
        (site_default, true)
    } else {
        (approved[0], true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_has_its_fixed_class_and_wallet() {
        let expected = [
            (Trigger::HomepageClaim, MessageClass::Ui),
            (Trigger::InStoreClaim, MessageClass::Ui),
            (Trigger::LuckyDrawWin, MessageClass::Ui),
            (Trigger::CustomerReply, MessageClass::Ui),
            (Trigger::Birthday, MessageClass::Bi),
            (Trigger::InactiveRecall, MessageClass::Bi),
            (Trigger::Festival, MessageClass::Bi),
            (Trigger::ScheduledBroadcast, MessageClass::Bi),
        ];
        assert_eq!(
            expected.len(),
            Trigger::ALL.len(),
            "a trigger is missing here"
        );
        for (t, c) in expected {
            assert_eq!(classify(t), c, "{t:?}");
            assert_eq!(Trigger::parse(t.as_str()).unwrap(), t);
        }
        assert_eq!(MessageClass::Ui.credit_type(), CreditType::WaUi);
        assert_eq!(MessageClass::Bi.credit_type(), CreditType::WaBi);
        assert!(Trigger::parse("manual").is_err());
    }

    fn permutations(items: &[Status]) -> Vec<Vec<Status>> {
        if items.len() <= 1 {
            return vec![items.to_vec()];
        }
        let mut out = Vec::new();
        for i in 0..items.len() {
            let mut rest = items.to_vec();
            let first = rest.remove(i);
            for mut p in permutations(&rest) {
                p.insert(0, first);
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn statuses_merge_to_the_same_result_in_any_order_and_repeated() {
        let all = [
            Status::Sent,
            Status::Delivered,
            Status::Read,
            Status::Failed,
        ];
        for p in permutations(&all) {
            let end = p.iter().fold(Status::Queued, |s, i| s.merge(*i));
            assert_eq!(end, Status::Read, "{p:?}");
            let twice = p
                .iter()
                .chain(p.iter())
                .fold(Status::Queued, |s, i| s.merge(*i));
            assert_eq!(twice, end);
        }
        for p in permutations(&[Status::Sent, Status::Delivered]) {
            assert_eq!(
                p.iter().fold(Status::Queued, |s, i| s.merge(*i)),
                Status::Delivered
            );
        }
    }

    #[test]
    fn a_late_sent_never_overwrites_delivered_or_read() {
        assert_eq!(Status::Delivered.merge(Status::Sent), Status::Delivered);
        assert_eq!(Status::Read.merge(Status::Sent), Status::Read);
        assert_eq!(Status::Read.merge(Status::Delivered), Status::Read);
        assert_eq!(Status::Queued.merge(Status::Sent), Status::Sent);
    }

    #[test]
    fn failed_overrides_sent_but_not_delivered() {
        assert_eq!(Status::Sent.merge(Status::Failed), Status::Failed);
        assert_eq!(Status::Queued.merge(Status::Failed), Status::Failed);
        // Failed after delivered: the phone has it; the status stays delivered.
        assert_eq!(Status::Delivered.merge(Status::Failed), Status::Delivered);
        assert_eq!(Status::Read.merge(Status::Failed), Status::Read);
        // A delivery report after a failure report is evidence it arrived.
        assert_eq!(Status::Failed.merge(Status::Delivered), Status::Delivered);
        assert_eq!(Status::Failed.merge(Status::Sent), Status::Failed);
    }

    fn api(http_status: u16, code: i64) -> SendFailure {
        SendFailure::Api {
            http_status,
            code,
            message: String::new(),
        }
    }

    #[test]
    fn throttling_and_transient_errors_retry_and_the_rest_fail_at_once() {
        for code in [130429, 131056, 131000, 131016, 80007, 4] {
            assert_eq!(classify_failure(&api(400, code)), Retry::Later, "{code}");
        }
        for code in [
            131026, 131047, 131048, 131049, 100, 131008, 131009, 132000, 132001, 132012, 190, 10,
        ] {
            assert_eq!(classify_failure(&api(400, code)), Retry::Never, "{code}");
        }
        // Permanent codes stay permanent even behind a 5xx.
        assert_eq!(classify_failure(&api(500, 131026)), Retry::Never);
        assert_eq!(classify_failure(&api(503, 999_999)), Retry::Later);
        assert_eq!(
            classify_failure(&SendFailure::Http { http_status: 502 }),
            Retry::Later
        );
        assert_eq!(
            classify_failure(&SendFailure::Http { http_status: 429 }),
            Retry::Later
        );
        assert_eq!(
            classify_failure(&SendFailure::Http { http_status: 401 }),
            Retry::Never
        );
        assert_eq!(classify_failure(&SendFailure::Timeout), Retry::Later);
        assert_eq!(
            classify_failure(&SendFailure::Network("reset".into())),
            Retry::Later
        );
    }

    #[test]
    fn backoff_grows_exponentially_within_its_jitter_and_cap() {
        for (attempt, lo, hi) in [
            (1, 500, 1000),
            (2, 1000, 2000),
            (3, 2000, 4000),
            (10, 15_000, 30_000),
        ] {
            for r in [0_u64, 1, 7, 999, u64::MAX] {
                let d = backoff_ms(attempt, 1000, 30_000, r);
                assert!((lo..=hi).contains(&d), "attempt {attempt} random {r}: {d}");
            }
        }
        assert_eq!(backoff_ms(1, 1000, 30_000, 0), 500);
        assert_ne!(
            backoff_ms(3, 1000, 30_000, 1),
            backoff_ms(3, 1000, 30_000, 2)
        );
        assert!(backoff_ms(u32::MAX, 1000, 30_000, 5) <= 30_000);
    }

    #[test]
    fn phone_numbers_parse_to_international_digits() {
        assert_eq!(
            PhoneNumber::parse("+60 12-345 6789").unwrap().as_str(),
            "60123456789"
        );
        assert_eq!(
            PhoneNumber::parse("0060123456789").unwrap().as_str(),
            "60123456789"
        );
        for bad in [
            "",
            "012-3456789",
            "+60 12 abc",
            "1234567",
            "+1234567890123456",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn masked_numbers_keep_only_the_country_code_and_last_three_digits() {
        assert_eq!(mask_phone("60123456789"), "+60••••••789");
        assert!(!mask_phone("60123456789").contains("3456"));
        // An erased customer's marker shows as such, never as a number.
        assert_eq!(mask_phone("erased0a1b2c3d4e"), "Erased customer");
        assert_eq!(show_phone("erased0a1b2c3d4e"), "Erased customer");
        assert_eq!(mask_phone("123"), "•••");
        assert_eq!(show_phone("60123456789"), "+60123456789");
    }

    #[test]
    fn a_template_goes_in_the_customers_language_or_falls_back_to_the_sites() {
        use crate::i18n::Locale::{En, Ms, ZhHans};
        assert_eq!(
            template_language(ZhHans, En, &[En, Ms, ZhHans]),
            (ZhHans, false)
        );
        assert_eq!(template_language(ZhHans, Ms, &[En, Ms]), (Ms, true));
        assert_eq!(template_language(ZhHans, ZhHans, &[En]), (En, true));
        assert_eq!(template_language(Ms, En, &[]), (En, true));
    }
}
