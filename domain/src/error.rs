//! The failures a user can cause, each with its own variant and a message fit to show them.
//!
//! `Display` is the English text (logs and tests compare it); [`AppError::localized`] is the
//! same message in a page's language, from the catalogue's `error-…` keys. The free-text
//! [`AppError::InvalidInput`] is translated through keys derived from its English words
//! ([`field_key`], [`invalid_key`]) where the catalogue has them, else it stays English.

use serde::{Deserialize, Serialize};

use crate::i18n::{self, Arg, Locale};

/// Malaysia's distance from UTC in minutes: moments in localized messages are its local time.
const MALAYSIA_MINUTES: i32 = 480;

/// Which of the claim form's limits a claim hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimThrottle {
    /// Claims per phone number per hour.
    Phone,
    /// Claims per device per hour.
    Device,
    /// Homepage claims per network address per 10 minutes.
    Address,
    /// Homepage claims per batch per minute.
    Batch,
}

impl ClaimThrottle {
    /// The refusal, saying what the customer can do and when.
    pub fn message(self, retry_after_secs: u64) -> String {
        let wait = if retry_after_secs < 90 {
            format!("{retry_after_secs} seconds")
        } else {
            format!("about {} minutes", retry_after_secs.div_ceil(60))
        };
        match self {
            Self::Phone => format!(
                "This phone number has claimed many coupons in the last hour. Please try again in {wait}."
            ),
            Self::Device => format!(
                "This device has made many claims in the last hour. Anyone claiming for themselves can use their own phone; otherwise please try again in {wait}."
            ),
            Self::Address => format!(
                "Many coupons were just claimed from your network. Please try again in {wait}, or switch to mobile data."
            ),
            Self::Batch => {
                format!("This offer is very busy right now. Please try again in {wait}.")
            }
        }
    }

    /// [`ClaimThrottle::message`] in `locale` (in English exactly the same text).
    pub fn localized(self, locale: Locale, retry_after_secs: u64) -> String {
        let wait = if retry_after_secs < 90 {
            i18n::t_args(
                locale,
                "error-wait-seconds",
                &[("count", Arg::from(retry_after_secs))],
            )
        } else {
            i18n::t_args(
                locale,
                "error-wait-minutes",
                &[("count", Arg::from(retry_after_secs.div_ceil(60)))],
            )
        };
        let args = [("wait", Arg::from(wait))];
        match self {
            Self::Phone => i18n::t_args(locale, "error-throttle-phone", &args),
            Self::Device => i18n::t_args(locale, "error-throttle-device", &args),
            Self::Address => i18n::t_args(locale, "error-throttle-address", &args),
            Self::Batch => i18n::t_args(locale, "error-throttle-batch", &args),
        }
    }
}

/// `text` as a key part: ASCII letters and digits lower-cased, every other run of characters
/// one `-`, none at either end, at most 60 characters.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    // Only ASCII was pushed, so any length is a character boundary.
    out.truncate(60);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The catalogue key of a form field's English name: `Quantity` is `field-quantity`.
pub fn field_key(field: &str) -> String {
    format!("field-{}", slug(field))
}

/// The catalogue key of an [`AppError::InvalidInput`] message's English text:
/// `must be at least 1` is `invalid-must-be-at-least-1`.
pub fn invalid_key(message: &str) -> String {
    format!("invalid-{}", slug(message))
}

/// The catalogue's text for `english` (a field name or a message) in `locale`, through the
/// key `make(english)`; else through the key of its shape with numbers as values ("must be at
/// most 120 characters" is `invalid-must-be-at-most-n-characters` with `$n1` = 120); else
/// `english` as it is. English is always `english` itself, so a key made from words never
/// changes English text.
fn translated(locale: Locale, make: impl Fn(&str) -> String, english: &str) -> String {
    if locale == Locale::En {
        return english.to_owned();
    }
    let key = make(english);
    if i18n::has(locale, &key) {
        return i18n::t(locale, &key);
    }
    let (shape, values) = values_of_shape(english);
    let key = make(&shape);
    if values.is_empty() || !i18n::has(locale, &key) {
        return english.to_owned();
    }
    let args: Vec<(&str, Arg)> = values
        .iter()
        .map(|(name, v)| (name.as_str(), Arg::Text(v.clone())))
        .collect();
    i18n::t_args(locale, &key, &args)
}

/// `text` with each run of digits replaced by `n` and each quoted text (`"…"`, as `{:?}`
/// writes what someone typed) by `q`, and the values in order, named `n1, n2…` and `q1, q2…`
/// (a quoted value keeps its quotes: it is shown back as typed).
fn values_of_shape(text: &str) -> (String, Vec<(String, String)>) {
    let mut shape = String::with_capacity(text.len());
    let mut values = Vec::new();
    let (mut numbers, mut quotes) = (0, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut run = String::from(c);
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                run.push(d);
            }
            numbers += 1;
            values.push((format!("n{numbers}"), run));
            shape.push('n');
        } else if c == '"' {
            let mut quoted = String::from(c);
            let mut escaped = false;
            for q in chars.by_ref() {
                quoted.push(q);
                if q == '"' && !escaped {
                    break;
                }
                escaped = q == '\\' && !escaped;
            }
            quotes += 1;
            values.push((format!("q{quotes}"), quoted));
            shape.push('q');
        } else {
            shape.push(c);
        }
    }
    (shape, values)
}

/// An error the user caused or may see. Database and library failures never reach this type
/// with their details: they are logged where they happen and become [`AppError::Internal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the caller must log in (again).
    #[error("Please log in to continue.")]
    NotLoggedIn,
    /// Logged in, but this role may not use the section or action.
    #[error("Your account does not have access to this page.")]
    Forbidden,
    /// Nothing with this id exists for the caller. Rows of other tenants answer this too, so an
    /// id guessed across tenants tells nothing about whether it exists.
    #[error("Not found.")]
    NotFound,
    /// Wrong email or password; an unknown account gets exactly the same answer.
    #[error("The email or password is not correct.")]
    InvalidCredentials,
    /// The account exists and the password is right, but the account was disabled.
    #[error("This account is disabled. Contact your administrator.")]
    AccountDisabled,
    /// Too many attempts from this address or for this account.
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    /// A claim hit one of the claim form's limits ([`ClaimThrottle`] says which); the message
    /// says what the customer can do.
    #[error("{}", by.message(*retry_after_secs))]
    ClaimThrottled {
        by: ClaimThrottle,
        retry_after_secs: u64,
    },
    /// A deduction or hold would take the wallet's available credits below zero.
    #[error("Not enough credits: {balance} available, {requested} needed.")]
    InsufficientCredits { balance: i64, requested: i64 },
    /// A hold was already captured or released and cannot change again.
    #[error("This hold was already {status}.")]
    HoldResolved { status: String },
    /// An idempotency key was reused for a different movement.
    #[error("This request was already made with different details.")]
    IdempotencyConflict,
    /// A payment notification failed its signature check.
    #[error("The payment notification's signature is not valid.")]
    BadSignature,
    /// A phone proof link was already used to remember a device.
    #[error(
        "This link was already used on another device. Open the link in your newest WhatsApp message from the store, or claim again on this device."
    )]
    ProofUsed,
    /// A phone proof link is past its time.
    #[error(
        "This link has expired. Your coupon still works; the next coupon's message brings a new link."
    )]
    ProofExpired,
    /// A sign-up could not complete with this email. Worded the same whether or not the email
    /// already has an account, as a password reset would be.
    #[error(
        "We could not create an account with these details. If you already have an account with this email here, log in with its password instead."
    )]
    SignUpNotCompleted,
    /// Something priced in one currency was to be paid or charged in another.
    #[error("This is priced in {currency}, but this site takes payments in {expected}.")]
    WrongCurrency { currency: String, expected: String },
    /// A customer's data cannot be erased while a message to them is still being sent.
    #[error(
        "A WhatsApp message to this customer is still being sent. Try again in a minute, when it has gone out."
    )]
    MessageInFlight,
    /// A WhatsApp (Meta) notification failed its `X-Hub-Signature-256` check.
    #[error("The WhatsApp notification's signature is not valid.")]
    BadWhatsAppSignature,
    /// A field failed to parse; `field` names it and `message` says what is wrong.
    #[error("{field}: {message}")]
    InvalidInput { field: String, message: String },
    /// No coupon has this serial (or it was mistyped: the check character did not match).
    #[error("No coupon has the serial {serial}.")]
    UnknownCoupon { serial: String },
    /// The coupon link's signature is not ours: the QR code was forged or altered.
    #[error("This coupon code is not genuine: its signature does not match.")]
    ForgedCoupon,
    /// The coupon exists but no customer has taken it yet, so there is nothing to redeem.
    #[error("Coupon {serial} has not been taken by a customer yet.")]
    CouponNotTaken { serial: String },
    /// The coupon was redeemed before, at `redeemed_at_ms` (epoch milliseconds).
    #[error("Coupon {serial} was already redeemed at {}.", crate::time::date_time_utc(*redeemed_at_ms))]
    CouponAlreadyRedeemed { serial: String, redeemed_at_ms: i64 },
    /// The coupon's batch stopped being valid at `valid_until_ms` (exclusive).
    #[error("Coupon {serial} expired at {}.", crate::time::date_time_utc(*valid_until_ms))]
    CouponExpired { serial: String, valid_until_ms: i64 },
    /// The coupon belongs to a batch of a different merchant than the one redeeming it.
    #[error("Coupon {serial} belongs to another merchant.")]
    CouponOfAnotherMerchant { serial: String },
    /// The merchant's membership does not allow new batches or campaigns right now
    /// (`state` is what the dashboard calls it, e.g. "Expired"); nothing already made is lost.
    #[error(
        "Your membership is {state}: renew or complete it to create new batches and campaigns."
    )]
    MembershipInactive { state: String },
    /// Stripe refused or could not confirm an agent's keys; `reason` says what to fix.
    #[error("Stripe did not accept these keys: {reason}")]
    StripeKeysRejected { reason: String },
    /// The agent has not connected its Stripe account (or its webhook secret), so its merchants
    /// cannot pay by card yet.
    #[error("Card payments are not set up on this site yet. Please contact the site's owner.")]
    PaymentsNotConnected,
    /// The custom domain is already claimed by another site.
    #[error("This domain is already in use by another site.")]
    DomainTaken,
    /// Every coupon of the batch has been claimed: the offer is gone.
    #[error("Sorry, this offer is gone: all its coupons have been claimed.")]
    BatchExhausted,
    /// The batch's coupons cannot be claimed before `valid_from_ms` (epoch milliseconds).
    #[error("This offer starts on {}.", crate::time::date_ymd(*valid_from_ms))]
    BatchNotStarted { valid_from_ms: i64 },
    /// The batch stopped being valid at `valid_until_ms` (exclusive), so nothing can be claimed.
    #[error("This offer ended on {}.", crate::time::date_ymd(*valid_until_ms - 1))]
    BatchEnded { valid_until_ms: i64 },
    /// This phone number already holds the batch's per-customer limit of coupons.
    #[error("This phone number already has {limit} coupon(s) of this offer, the most allowed.")]
    ClaimLimitReached { limit: i64 },
    /// The wheel is only for customers this device knows (from a claim at this store), or
    /// the merchant does not offer spins from here.
    #[error("Get one of this store's coupons first, then you can spin the wheel.")]
    SpinNotAllowed,
    /// The customer used today's spins of this wheel.
    #[error("You have used today's {per_day} spin(s). Come back tomorrow!")]
    SpinLimitReached { per_day: i64 },
    /// An ad beacon or click token that this server did not sign.
    #[error("This ad link is not genuine.")]
    ForgedBeacon,
    /// Something went wrong on our side; the details are in the server log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl AppError {
    /// Shorthand for an [`AppError::InvalidInput`].
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// The message in `locale`, for a page or a form's banner. English is exactly the
    /// `Display` text. Moments are shown in Malaysia's time; a batch's validity dates are
    /// calendar days (midnight UTC), shown as the same days the English names.
    pub fn localized(&self, locale: Locale) -> String {
        let en = locale == Locale::En;
        match self {
            Self::NotLoggedIn => i18n::t(locale, "error-not-logged-in"),
            Self::Forbidden => i18n::t(locale, "error-forbidden"),
            Self::NotFound => i18n::t(locale, "error-not-found"),
            Self::InvalidCredentials => i18n::t(locale, "error-invalid-credentials"),
            Self::AccountDisabled => i18n::t(locale, "error-account-disabled"),
            Self::RateLimited { retry_after_secs } => i18n::t_args(
                locale,
                "error-rate-limited",
                &[("seconds", Arg::from(*retry_after_secs))],
            ),
            Self::ClaimThrottled {
                by,
                retry_after_secs,
            } => by.localized(locale, *retry_after_secs),
            Self::InsufficientCredits { balance, requested } => i18n::t_args(
                locale,
                "error-insufficient-credits",
                &[
                    ("balance", Arg::from(balance.to_string())),
                    ("requested", Arg::from(requested.to_string())),
                ],
            ),
            Self::HoldResolved { status } => {
                let key = |s: &str| format!("error-hold-status-{}", slug(s));
                i18n::t_args(
                    locale,
                    "error-hold-resolved",
                    &[("status", Arg::from(translated(locale, key, status)))],
                )
            }
            Self::IdempotencyConflict => i18n::t(locale, "error-idempotency-conflict"),
            Self::BadSignature => i18n::t(locale, "error-bad-signature"),
            Self::ProofUsed => i18n::t(locale, "error-proof-used"),
            Self::ProofExpired => i18n::t(locale, "error-proof-expired"),
            Self::SignUpNotCompleted => i18n::t(locale, "error-sign-up-not-completed"),
            Self::WrongCurrency { currency, expected } => i18n::t_args(
                locale,
                "error-wrong-currency",
                &[
                    ("currency", Arg::from(currency)),
                    ("expected", Arg::from(expected)),
                ],
            ),
            Self::MessageInFlight => i18n::t(locale, "error-message-in-flight"),
            Self::BadWhatsAppSignature => i18n::t(locale, "error-bad-whatsapp-signature"),
            Self::InvalidInput { field, message } => i18n::t_args(
                locale,
                "error-invalid-input",
                &[
                    ("field", Arg::from(translated(locale, field_key, field))),
                    (
                        "message",
                        Arg::from(translated(locale, invalid_key, message)),
                    ),
                ],
            ),
            Self::UnknownCoupon { serial } => i18n::t_args(
                locale,
                "error-unknown-coupon",
                &[("serial", Arg::from(serial))],
            ),
            Self::ForgedCoupon => i18n::t(locale, "error-forged-coupon"),
            Self::CouponNotTaken { serial } => i18n::t_args(
                locale,
                "error-coupon-not-taken",
                &[("serial", Arg::from(serial))],
            ),
            Self::CouponAlreadyRedeemed {
                serial,
                redeemed_at_ms,
            } => {
                let when = if en {
                    crate::time::date_time_utc(*redeemed_at_ms)
                } else {
                    i18n::date_time_at(locale, *redeemed_at_ms, MALAYSIA_MINUTES)
                };
                i18n::t_args(
                    locale,
                    "error-coupon-already-redeemed",
                    &[("serial", Arg::from(serial)), ("when", Arg::from(when))],
                )
            }
            Self::CouponExpired {
                serial,
                valid_until_ms,
            } => {
                let when = if en {
                    crate::time::date_time_utc(*valid_until_ms)
                } else {
                    i18n::day(locale, *valid_until_ms)
                };
                i18n::t_args(
                    locale,
                    "error-coupon-expired",
                    &[("serial", Arg::from(serial)), ("when", Arg::from(when))],
                )
            }
            Self::CouponOfAnotherMerchant { serial } => i18n::t_args(
                locale,
                "error-coupon-of-another-merchant",
                &[("serial", Arg::from(serial))],
            ),
            Self::MembershipInactive { state } => {
                let key = |s: &str| format!("error-membership-state-{}", slug(s));
                i18n::t_args(
                    locale,
                    "error-membership-inactive",
                    &[("state", Arg::from(translated(locale, key, state)))],
                )
            }
            Self::StripeKeysRejected { reason } => i18n::t_args(
                locale,
                "error-stripe-keys-rejected",
                &[("reason", Arg::from(reason))],
            ),
            Self::PaymentsNotConnected => i18n::t(locale, "error-payments-not-connected"),
            Self::DomainTaken => i18n::t(locale, "error-domain-taken"),
            Self::BatchExhausted => i18n::t(locale, "error-batch-exhausted"),
            Self::BatchNotStarted { valid_from_ms } => {
                let date = if en {
                    crate::time::date_ymd(*valid_from_ms)
                } else {
                    i18n::day(locale, *valid_from_ms)
                };
                i18n::t_args(
                    locale,
                    "error-batch-not-started",
                    &[("date", Arg::from(date))],
                )
            }
            Self::BatchEnded { valid_until_ms } => {
                let date = if en {
                    crate::time::date_ymd(*valid_until_ms - 1)
                } else {
                    i18n::last_day(locale, *valid_until_ms)
                };
                i18n::t_args(locale, "error-batch-ended", &[("date", Arg::from(date))])
            }
            Self::ClaimLimitReached { limit } => i18n::t_args(
                locale,
                "error-claim-limit-reached",
                &[("limit", Arg::from(limit.to_string()))],
            ),
            Self::SpinNotAllowed => i18n::t(locale, "error-spin-not-allowed"),
            Self::SpinLimitReached { per_day } => i18n::t_args(
                locale,
                "error-spin-limit-reached",
                &[("count", Arg::from(per_day.to_string()))],
            ),
            Self::ForgedBeacon => i18n::t(locale, "error-forged-beacon"),
            Self::Internal => i18n::t(locale, "error-internal"),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::NotLoggedIn => 401,
            Self::Forbidden | Self::AccountDisabled => 403,
            Self::NotFound => 404,
            Self::InvalidCredentials | Self::InvalidInput { .. } => 400,
            Self::RateLimited { .. } | Self::ClaimThrottled { .. } => 429,
            Self::InsufficientCredits { .. }
            | Self::HoldResolved { .. }
            | Self::IdempotencyConflict => 409,
            Self::BadSignature
            | Self::BadWhatsAppSignature
            | Self::ForgedCoupon
            | Self::ForgedBeacon => 400,
            Self::UnknownCoupon { .. } => 404,
            Self::CouponOfAnotherMerchant { .. } => 403,
            Self::CouponNotTaken { .. }
            | Self::CouponAlreadyRedeemed { .. }
            | Self::CouponExpired { .. } => 409,
            Self::MembershipInactive { .. } | Self::PaymentsNotConnected => 403,
            Self::StripeKeysRejected { .. } => 400,
            Self::DomainTaken => 409,
            Self::ProofUsed | Self::ProofExpired => 410,
            Self::MessageInFlight | Self::WrongCurrency { .. } | Self::SignUpNotCompleted => 409,
            Self::BatchExhausted
            | Self::BatchNotStarted { .. }
            | Self::BatchEnded { .. }
            | Self::ClaimLimitReached { .. }
            | Self::SpinLimitReached { .. } => 409,
            Self::SpinNotAllowed => 403,
            Self::Internal => 500,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<AppError> {
        let mut all = vec![
            AppError::NotLoggedIn,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::InvalidCredentials,
            AppError::AccountDisabled,
            AppError::RateLimited {
                retry_after_secs: 42,
            },
            AppError::InsufficientCredits {
                balance: 1_234_567,
                requested: 2_000_000,
            },
            AppError::HoldResolved {
                status: "captured".to_owned(),
            },
            AppError::IdempotencyConflict,
            AppError::BadSignature,
            AppError::ProofUsed,
            AppError::ProofExpired,
            AppError::SignUpNotCompleted,
            AppError::WrongCurrency {
                currency: "USD".to_owned(),
                expected: "MYR".to_owned(),
            },
            AppError::MessageInFlight,
            AppError::BadWhatsAppSignature,
            AppError::invalid("Quantity", "must be at least 1"),
            AppError::invalid("page", "is not a number"),
            AppError::invalid("Segment 2 label", "must be 1 to 40 characters"),
            AppError::UnknownCoupon {
                serial: "7KQ4-M9XW-2HD".to_owned(),
            },
            AppError::ForgedCoupon,
            AppError::CouponNotTaken {
                serial: "7KQ4-M9XW-2HD".to_owned(),
            },
            AppError::CouponAlreadyRedeemed {
                serial: "7KQ4-M9XW-2HD".to_owned(),
                redeemed_at_ms: 1_796_700_000_000,
            },
            AppError::CouponExpired {
                serial: "7KQ4-M9XW-2HD".to_owned(),
                valid_until_ms: 1_796_688_000_000,
            },
            AppError::CouponOfAnotherMerchant {
                serial: "7KQ4-M9XW-2HD".to_owned(),
            },
            AppError::MembershipInactive {
                state: "pending agent top-up".to_owned(),
            },
            AppError::StripeKeysRejected {
                reason: "Stripe answered 401".to_owned(),
            },
            AppError::PaymentsNotConnected,
            AppError::DomainTaken,
            AppError::BatchExhausted,
            AppError::BatchNotStarted {
                valid_from_ms: 1_796_688_000_000,
            },
            AppError::BatchEnded {
                valid_until_ms: 1_796_688_000_000,
            },
            AppError::ClaimLimitReached { limit: 2 },
            AppError::SpinNotAllowed,
            AppError::SpinLimitReached { per_day: 3 },
            AppError::ForgedBeacon,
            AppError::Internal,
        ];
        for by in [
            ClaimThrottle::Phone,
            ClaimThrottle::Device,
            ClaimThrottle::Address,
            ClaimThrottle::Batch,
        ] {
            for retry_after_secs in [30, 300] {
                all.push(AppError::ClaimThrottled {
                    by,
                    retry_after_secs,
                });
            }
        }
        all
    }

    #[test]
    fn english_is_exactly_the_display_text() {
        for e in every_variant() {
            assert_eq!(e.localized(Locale::En), e.to_string(), "{e:?}");
        }
    }

    #[test]
    fn every_variant_reads_in_malay_and_chinese() {
        for e in every_variant() {
            for l in [Locale::Ms, Locale::ZhHans] {
                let text = e.localized(l);
                assert!(!text.is_empty() && !text.starts_with("error-"), "{l} {e:?}");
            }
        }
    }

    #[test]
    fn a_field_error_is_translated_through_keys_made_from_its_english() {
        let e = AppError::invalid("Quantity", "must be at least 1");
        assert_eq!(
            e.localized(Locale::Ms),
            "Kuantiti: mestilah sekurang-kurangnya 1"
        );
        assert_eq!(e.localized(Locale::ZhHans), "数量：至少为 1");
        assert_eq!(
            AppError::invalid("Phone number", "is required").localized(Locale::ZhHans),
            "电话号码：必填"
        );
        // Numbers in the text are values of the key of its shape.
        let e = AppError::invalid("Segment 2 label", "must be 1 to 40 characters");
        assert_eq!(
            e.localized(Locale::Ms),
            "Label segmen 2: mestilah 1 hingga 40 aksara"
        );
        assert_eq!(
            e.localized(Locale::ZhHans),
            "第 2 段标签：须为 1 至 40 个字符"
        );
        assert_eq!(
            e.localized(Locale::En),
            "Segment 2 label: must be 1 to 40 characters"
        );
        // Text with no key, even by shape, stays English.
        let e = AppError::invalid("Phone number", "\"abc\" is not a number");
        assert_eq!(
            e.localized(Locale::Ms),
            "Nombor telefon: \"abc\" is not a number"
        );
    }

    #[test]
    fn numbers_and_quoted_text_become_values_of_a_shape() {
        let named = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(n, x)| ((*n).to_owned(), (*x).to_owned()))
                .collect()
        };
        assert_eq!(
            values_of_shape("has only 3 coupons left, fewer than the stock of 10"),
            (
                "has only n coupons left, fewer than the stock of n".to_owned(),
                named(&[("n1", "3"), ("n2", "10")])
            )
        );
        assert_eq!(
            values_of_shape("\"31/05/90 \\\"x\\\"\" is not a date like 1990-05-31"),
            (
                "q is not a date like n-n-n".to_owned(),
                named(&[
                    ("q1", "\"31/05/90 \\\"x\\\"\""),
                    ("n1", "1990"),
                    ("n2", "05"),
                    ("n3", "31")
                ])
            )
        );
        assert_eq!(
            values_of_shape("is required"),
            ("is required".to_owned(), vec![])
        );
    }

    #[test]
    fn a_birthday_typed_the_wrong_way_is_refused_in_the_customers_language() {
        let e = crate::claims::parse_birthday("31/05/1990", 0).unwrap_err();
        assert_eq!(
            e.localized(Locale::En),
            "Birthday: \"31/05/1990\" is not a date like 1990-05-31"
        );
        assert_eq!(
            e.localized(Locale::Ms),
            "Tarikh lahir: \"31/05/1990\" bukan tarikh seperti 1990-05-31"
        );
        assert_eq!(
            e.localized(Locale::ZhHans),
            "生日：\"31/05/1990\" 不是 1990-05-31 这样的日期"
        );
    }

    #[test]
    fn credits_dates_and_limits_read_in_the_page_language() {
        let e = AppError::InsufficientCredits {
            balance: 3,
            requested: 10,
        };
        assert_eq!(
            e.localized(Locale::Ms),
            "Kredit tidak mencukupi: 3 tersedia, 10 diperlukan."
        );
        assert_eq!(e.localized(Locale::ZhHans), "点数不足：可用 3，需要 10。");
        // The last valid day is 7 December (the batch ends at midnight UTC on the 8th).
        let e = AppError::BatchEnded {
            valid_until_ms: 1_796_688_000_000,
        };
        assert_eq!(e.to_string(), "This offer ended on 2026-12-07.");
        assert_eq!(
            e.localized(Locale::Ms),
            "Tawaran ini berakhir pada 7 Dis 2026."
        );
        // 03:20 UTC is 11:20 in Malaysia.
        let e = AppError::CouponAlreadyRedeemed {
            serial: "7KQ4-M9XW-2HD".to_owned(),
            redeemed_at_ms: 1_796_700_000_000,
        };
        assert_eq!(
            e.localized(Locale::Ms),
            "Kupon 7KQ4-M9XW-2HD sudah ditebus pada 8 Dis 2026 11:20."
        );
        let e = AppError::ClaimThrottled {
            by: ClaimThrottle::Phone,
            retry_after_secs: 300,
        };
        assert_eq!(
            e.localized(Locale::ZhHans),
            "此电话号码在过去一小时内已领取许多优惠券。请在 5 分钟左右后重试。"
        );
        let e = AppError::MembershipInactive {
            state: "expired".to_owned(),
        };
        assert_eq!(
            e.localized(Locale::Ms),
            "Keahlian anda tamat tempoh: perbaharui atau lengkapkannya untuk membuat kelompok dan kempen baharu."
        );
    }

    #[test]
    fn keys_are_made_from_english_words() {
        assert_eq!(field_key("City/region"), "field-city-region");
        assert_eq!(
            invalid_key("must be a time like 21:00"),
            "invalid-must-be-a-time-like-21-00"
        );
        assert_eq!(
            invalid_key("  must contain an @ "),
            "invalid-must-contain-an"
        );
        assert_eq!(invalid_key(&"ab ".repeat(40)).len(), "invalid-".len() + 59);
    }

    #[test]
    fn every_field_and_invalid_key_is_reachable_from_its_english() {
        // A key of a shape has its numbers as values `$n1`… and quoted text as `$q1`…:
        // rendered with `n` and `q` in their place.
        let shape: Vec<(&str, Arg)> = ["n1", "n2", "n3", "n4", "q1", "q2"]
            .into_iter()
            .map(|n| (n, Arg::from(&n[..1])))
            .collect();
        for key in i18n::keys(Locale::En) {
            let english = i18n::t_args(Locale::En, &key, &shape);
            if key.starts_with("field-") {
                assert_eq!(field_key(&english), key);
            } else if key.starts_with("invalid-") {
                assert_eq!(invalid_key(&english), key);
            }
        }
    }
}
