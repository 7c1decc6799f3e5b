//! The failures a user can cause, each with its own variant and a message fit to show them.

use serde::{Deserialize, Serialize};

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
