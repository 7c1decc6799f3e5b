//! One checkout: every payment's life after it is started (a package by `payments`, an annual
//! fee by `agents`, a top-up by `agents`, an ad by `ads`) goes through here: the provider
//! session, the sandbox page, and completion from a verified webhook or the sandbox's Pay
//! button.
//!
//! Contract:
//! - What is bought travels as a typed reference ([`Item`] in the session's `metadata[item]`,
//!   our id in `client_reference_id`); completion is one `match` on it, calling the area's
//!   "apply this paid item". Areas never import this module.
//! - A webhook is verified (signature and tolerance) before anything is read, applied once per
//!   event id, and completes only what its [`Collector`] collects, for exactly the amount and
//!   currency asked; a replay or a second event for one payment changes nothing.
//! - In live mode there is no sandbox: its page and Pay button find nothing.

use domain::AppError;
use domain::auth::Principal;
use domain::credits::CreditType;
use domain::i18n::{Locale, Message};

use crate::ads::{self, AdPayment};
use crate::agents::{self, TopUp};
use crate::memberships::{self, MembershipPayment};
use crate::paid::{Applied, Item};
use crate::payments::{self, Payment};
use crate::stripe::{self, CheckoutRequest, CheckoutSession, StripeEvent, verify_signature};
use crate::{Ctx, Db, Error, Result};

/// Whose checkout a webhook speaks for, which decides the payments it may complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Collector {
    /// The sandbox checkout (any tenant's payments started with provider `sandbox`).
    Sandbox,
    /// The main platform's Stripe account (`STRIPE_WEBHOOK_SECRET`).
    Platform,
    /// One agent's own Stripe account, by tenant id (its own webhook secret).
    Agent(String),
}

impl Collector {
    /// The namespace of event ids in `webhook_events`.
    fn event_source(&self) -> String {
        match self {
            Self::Sandbox => "sandbox".to_owned(),
            Self::Platform => "stripe".to_owned(),
            Self::Agent(t) => format!("stripe:{t}"),
        }
    }

    /// Whether this collector completes a payment started with `provider` and collected by
    /// `payee` (`None`: the main platform).
    fn collects(&self, provider: &str, payee: Option<&str>) -> bool {
        match self {
            Self::Sandbox => provider == "sandbox",
            Self::Platform => provider == "stripe" && payee.is_none(),
            Self::Agent(t) => provider == "stripe" && payee == Some(t.as_str()),
        }
    }
}

/// A paid item as the webhook finds it, before anything is written.
enum Found {
    Package(Payment),
    Membership(MembershipPayment),
    TopUp(TopUp),
    Ad(AdPayment),
}

impl Found {
    /// (provider, payee, amount, currency).
    fn terms(&self) -> (&str, Option<&str>, i64, &str) {
        match self {
            Self::Package(p) => (
                &p.provider,
                p.payee_tenant_id.as_deref(),
                p.amount_minor,
                &p.currency,
            ),
            Self::Membership(m) => (
                &m.provider,
                m.payee_tenant_id.as_deref(),
                m.amount_minor,
                &m.currency,
            ),
            // The main platform collects every top-up.
            Self::TopUp(t) => (&t.provider, None, t.amount_minor, &t.currency),
            Self::Ad(a) => (
                &a.provider,
                a.payee_tenant_id.as_deref(),
                a.amount_minor,
                &a.currency,
            ),
        }
    }
}

/// The item `id` of kind `item`, inside the webhook's transaction.
async fn find(conn: &mut sqlx::AnyConnection, item: Item, id: &str) -> Result<Option<Found>> {
    Ok(match item {
        Item::Package => payments::payment_in(conn, id).await?.map(Found::Package),
        Item::Membership => memberships::membership_payment_in(conn, id)
            .await?
            .map(Found::Membership),
        Item::TopUp => agents::top_up_in(conn, id).await?.map(Found::TopUp),
        Item::Ad => ads::ad_payment_in(conn, id).await?.map(Found::Ad),
    })
}

/// Completes a found, checked item through its area, in the webhook's transaction.
async fn apply(
    conn: &mut sqlx::AnyConnection,
    now_ms: i64,
    found: &Found,
    session_id: &str,
) -> Result<Applied> {
    match found {
        Found::Package(p) => payments::apply_package_payment(conn, now_ms, p, session_id).await,
        Found::Membership(m) => {
            memberships::apply_membership_payment_in(conn, now_ms, m, session_id).await
        }
        Found::TopUp(t) => agents::apply_top_up_in(conn, now_ms, t, session_id).await,
        Found::Ad(a) => ads::apply_ad_payment_in(conn, now_ms, a, session_id).await,
    }
}

/// Verifies and applies a payment webhook from `provider` (`stripe`: the main platform's
/// account, or `sandbox`). See [`handle_webhook_for`].
pub async fn handle_webhook(
    db: &Db,
    now_ms: i64,
    provider: &str,
    secret: &str,
    signature: &str,
    body: &[u8],
) -> Result<Applied> {
    let collector = if provider == "sandbox" {
        Collector::Sandbox
    } else {
        Collector::Platform
    };
    handle_webhook_for(db, now_ms, &collector, secret, signature, body).await
}

/// Verifies a webhook with `secret` and applies it once per event id: a completed checkout
/// pays the item its metadata names, if `collector` collects it. A bad signature, an item of
/// another collector, or an amount that does not match the payment changes nothing.
pub async fn handle_webhook_for(
    db: &Db,
    now_ms: i64,
    collector: &Collector,
    secret: &str,
    signature: &str,
    body: &[u8],
) -> Result<Applied> {
    verify_signature(secret, signature, body, now_ms)?;
    let event: StripeEvent = serde_json::from_slice(body)
        .map_err(|e| AppError::invalid("Event", format!("not a checkout event: {e}")))?;
    if event.kind != "checkout.session.completed"
        || event.data.object.payment_status.as_deref() != Some("paid")
    {
        return Ok(Applied::Ignored);
    }
    let session = &event.data.object;
    let reference = session
        .client_reference_id
        .clone()
        .ok_or_else(|| AppError::invalid("Event", "no client_reference_id"))?;
    let item = Item::parse(session.item().unwrap_or_default())?;
    let mut tx = db.begin_write().await?;
    let fresh = sqlx::query(
        "insert into webhook_events (provider, event_id, received_at_ms) values ($1, $2, $3) on conflict do nothing",
    )
    .bind(collector.event_source())
    .bind(&event.id)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    if fresh.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(Applied::Duplicate);
    }
    let found = find(&mut tx, item, &reference)
        .await?
        .filter(|f| {
            let (provider, payee, _, _) = f.terms();
            collector.collects(provider, payee)
        })
        .ok_or(AppError::NotFound)?;
    let (_, _, amount_minor, currency) = found.terms();
    check_amount(session, amount_minor, currency)?;
    let applied = apply(&mut tx, now_ms, &found, &session.id).await?;
    tx.commit().await?;
    Ok(applied)
}

/// Refuses a session whose amount or currency differs from what was asked.
fn check_amount(session: &CheckoutSession, amount_minor: i64, currency: &str) -> Result<()> {
    let currency_matches = session
        .currency
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case(currency));
    if session.amount_total != Some(amount_minor) || !currency_matches {
        return Err(
            AppError::invalid("Event", "amount or currency does not match the payment").into(),
        );
    }
    Ok(())
}

/// Verifies and applies a webhook sent to one agent's URL: checked with that agent's own
/// webhook secret, and able to complete only payments that agent collects. An agent without
/// a webhook secret answers [`AppError::BadSignature`] (nothing can be verified).
pub async fn handle_agent_webhook(
    ctx: &Ctx,
    now_ms: i64,
    tenant_id: &str,
    signature: &str,
    body: &[u8],
) -> Result<Applied> {
    let webhook = match agents::agent_webhook_secret(ctx, tenant_id).await {
        Ok(w) => w,
        Err(Error::User(AppError::PaymentsNotConnected)) => {
            return Err(AppError::BadSignature.into());
        }
        Err(e) => return Err(e),
    };
    handle_webhook_for(
        &ctx.db,
        now_ms,
        &Collector::Agent(tenant_id.to_owned()),
        webhook.expose(),
        signature,
        body,
    )
    .await
}

/// The body of a `checkout.session.completed` event for package `payment`, as Stripe would
/// send it.
pub fn completed_event(event_id: &str, payment: &Payment) -> Result<Vec<u8>> {
    stripe::session_completed_event(
        event_id,
        Item::Package.as_str(),
        &payment.id,
        payment.amount_minor,
        &payment.currency,
    )
}

// ---------------------------------------------------------------------------------------------
// Provider sessions
// ---------------------------------------------------------------------------------------------

/// One item to send to Stripe Checkout.
struct SessionFor<'a> {
    item: Item,
    id: &'a str,
    /// Who collects it (`None`: the main platform).
    payee: Option<&'a str>,
    amount_minor: i64,
    currency: &'a str,
    /// What the payer reads on Stripe's page, in `locale`, the payer's language.
    product: Message,
    locale: Locale,
}

/// Creates the Stripe Checkout session of `s` with the collecting account's key, records its
/// id on the item's row, and returns the URL to send the buyer to.
async fn session(
    ctx: &Ctx,
    s: &SessionFor<'_>,
    success_url: &str,
    cancel_url: &str,
) -> Result<String> {
    let account = agents::collecting_account_for(ctx, s.payee).await?;
    let (session_id, url) = stripe::create_checkout_session(
        &account,
        &CheckoutRequest {
            item: s.item.as_str(),
            reference_id: s.id,
            amount_minor: s.amount_minor,
            currency: s.currency,
            product_name: &s
                .product
                .render(s.locale)
                .unwrap_or_else(|| s.product.english()),
            locale: stripe::checkout_locale(s.locale),
            success_url,
            cancel_url,
        },
    )
    .await?;
    let table = match s.item {
        Item::Package => "payments",
        Item::Membership => "membership_payments",
        Item::TopUp => "agent_topups",
        Item::Ad => "ads",
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "update {table} set provider_session_id = $2 where id = $1"
    )))
    .bind(s.id)
    .bind(&session_id)
    .execute(ctx.db.pool())
    .await?;
    Ok(url)
}

/// The Stripe Checkout for a package payment, with the key of whoever collects it: the
/// agent's own key for an agent's merchant, the master's otherwise. Stripe's page and the
/// product's name read in `locale`, the payer's language (so do the others below).
pub async fn package_checkout(
    ctx: &Ctx,
    p: &Payment,
    locale: Locale,
    success_url: &str,
    cancel_url: &str,
) -> Result<String> {
    let s = SessionFor {
        item: Item::Package,
        id: &p.id,
        payee: p.payee_tenant_id.as_deref(),
        amount_minor: p.amount_minor,
        currency: &p.currency,
        product: package_words(p)?,
        locale,
    };
    session(ctx, &s, success_url, cancel_url).await
}

/// The Stripe Checkout for an annual fee, with the collecting account's key.
pub async fn membership_checkout(
    ctx: &Ctx,
    m: &MembershipPayment,
    locale: Locale,
    success_url: &str,
    cancel_url: &str,
) -> Result<String> {
    let s = SessionFor {
        item: Item::Membership,
        id: &m.id,
        payee: m.payee_tenant_id.as_deref(),
        amount_minor: m.amount_minor,
        currency: &m.currency,
        product: Message::new("pricing-item-annual-fee"),
        locale,
    };
    session(ctx, &s, success_url, cancel_url).await
}

/// The Stripe Checkout for an agent's top-up, with the main platform's key.
pub async fn top_up_checkout(
    ctx: &Ctx,
    t: &TopUp,
    locale: Locale,
    success_url: &str,
    cancel_url: &str,
) -> Result<String> {
    let s = SessionFor {
        item: Item::TopUp,
        id: &t.id,
        payee: None,
        amount_minor: t.amount_minor,
        currency: &t.currency,
        product: Message::new("checkout-what-top-up"),
        locale,
    };
    session(ctx, &s, success_url, cancel_url).await
}

/// The Stripe Checkout for a `stripe` ad payment, with the collecting account's key.
pub async fn ad_checkout(
    ctx: &Ctx,
    p: &AdPayment,
    locale: Locale,
    success_url: &str,
    cancel_url: &str,
) -> Result<String> {
    if p.provider != "stripe" || p.paid {
        return Err(AppError::invalid("Ad", "has no card payment waiting").into());
    }
    let s = SessionFor {
        item: Item::Ad,
        id: &p.ad_id,
        payee: p.payee_tenant_id.as_deref(),
        amount_minor: p.amount_minor,
        currency: &p.currency,
        product: Message::new("checkout-what-ad"),
        locale,
    };
    session(ctx, &s, success_url, cancel_url).await
}

// ---------------------------------------------------------------------------------------------
// The sandbox checkout
// ---------------------------------------------------------------------------------------------

/// A payment of the caller's waiting in (or done through) a checkout, whatever it pays for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnCheckout {
    pub id: String,
    /// What is paid for, in the reader's language when rendered ("250 Coupon credits").
    pub description: domain::i18n::Message,
    pub amount_minor: i64,
    pub currency: String,
    /// `sandbox` or `stripe`: only sandbox payments can be paid on the sandbox page.
    pub provider: String,
    pub paid: bool,
    pub back_href: &'static str,
    /// The catalogue key naming the way back.
    pub back_label: &'static str,
    /// What is paid for.
    pub item: Item,
}

/// One of `who`'s own sandbox payments, for the sandbox checkout page and its Pay button. In
/// live mode ([`crate::config::PaymentsMode::Stripe`]) the sandbox does not exist: every id is
/// [`AppError::NotFound`], as is a payment another provider collects.
pub async fn sandbox_checkout(ctx: &Ctx, who: &Principal, id: &str) -> Result<OwnCheckout> {
    if !ctx.config.payments.is_sandbox() {
        return Err(AppError::NotFound.into());
    }
    let c = own_checkout(&ctx.db, who, id).await?;
    if c.provider != "sandbox" {
        return Err(AppError::NotFound.into());
    }
    Ok(c)
}

/// What a package payment buys, as the payer reads it: "250 Coupon credits".
fn package_words(p: &Payment) -> Result<Message> {
    Ok(Message::new("checkout-what-package")
        .with("credits", p.credits)
        .with("type", CreditType::parse(&p.credit_type)?.as_str()))
}

/// One of `who`'s own payments: a merchant's package purchase or annual fee, or an agent
/// owner's wallet top-up. Anyone else's is [`AppError::NotFound`].
pub async fn own_checkout(db: &Db, who: &Principal, id: &str) -> Result<OwnCheckout> {
    match ads::ad_payment(db, who, id).await {
        Err(Error::User(AppError::NotFound | AppError::Forbidden)) => {}
        Err(e) => return Err(e),
        Ok(a) => {
            return Ok(OwnCheckout {
                description: Message::new("checkout-what-ad"),
                paid: a.paid,
                id: a.ad_id,
                amount_minor: a.amount_minor,
                currency: a.currency,
                provider: a.provider,
                back_href: "/dashboard/ads",
                back_label: "checkout-back-ads",
                item: Item::Ad,
            });
        }
    }
    if let Some(merchant_id) = who.merchant_id() {
        match payments::payment(db, merchant_id, id).await {
            Err(Error::User(AppError::NotFound)) => {}
            Err(e) => return Err(e),
            Ok(p) => {
                return Ok(OwnCheckout {
                    description: package_words(&p)?,
                    paid: p.status != "pending",
                    id: p.id,
                    amount_minor: p.amount_minor,
                    currency: p.currency,
                    provider: p.provider,
                    back_href: "/dashboard/credits",
                    back_label: "checkout-back-credits",
                    item: Item::Package,
                });
            }
        }
        let m = memberships::membership_payment(db, who, id).await?;
        return Ok(OwnCheckout {
            description: Message::new("pricing-item-annual-fee"),
            paid: m.status != "pending",
            id: m.id,
            amount_minor: m.amount_minor,
            currency: m.currency,
            provider: m.provider,
            back_href: "/dashboard",
            back_label: "checkout-back-dashboard",
            item: Item::Membership,
        });
    }
    if who.role == domain::auth::Role::AgentOwner {
        let t = agents::top_up(db, who, id).await?;
        return Ok(OwnCheckout {
            description: Message::new("checkout-what-top-up"),
            paid: t.status != "pending",
            id: t.id,
            amount_minor: t.amount_minor,
            currency: t.currency,
            provider: t.provider,
            back_href: "/dashboard/agent-wallet",
            back_label: "checkout-back-wallet",
            item: Item::TopUp,
        });
    }
    Err(AppError::NotFound.into())
}

/// The sandbox's Pay button: completes `who`'s own sandbox payment `id` through the very
/// webhook path a real payment takes, with a Stripe-format event signed by the sandbox's
/// secret. Where to go back to afterwards. Not found in live mode.
pub async fn sandbox_pay(ctx: &Ctx, who: &Principal, id: &str) -> Result<&'static str> {
    let now = ctx.clock.now_ms();
    let c = sandbox_checkout(ctx, who, id).await?;
    let body = stripe::session_completed_event(
        &format!("evt_sandbox_{}", c.id),
        c.item.as_str(),
        &c.id,
        c.amount_minor,
        &c.currency,
    )?;
    let secret = stripe::sandbox_secret();
    let signature = stripe::sign(secret, &body, now)?;
    handle_webhook(&ctx.db, now, "sandbox", secret, &signature, &body).await?;
    Ok(c.back_href)
}
