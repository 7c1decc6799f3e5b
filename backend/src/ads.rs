//! Paid ads: creation with the creative, payment (price copied from the master price sheet),
//! approval or rejection by the tenant's own approvers, refunds once, expiry, serving by
//! targeting, and honest counting through signed, short-lived beacons.
//!
//! Money: a merchant pays the whole price through its tenant's checkout (the master's for the
//! main platform, the agent's own for an agent's site). On an agent's site the platform cost
//! comes off the agent's wallet when the payment lands, or, if the wallet cannot cover it then,
//! when the agent approves the ad (approval waits for a top-up). An agent owner advertising on
//! its own site pays only the platform cost, from its wallet. A rejected ad is refunded in
//! full, and any platform cost taken goes back to the agent's wallet, each exactly once.

use domain::AppError;
use domain::ads::{
    AdDay, AdDuration, AdEvent, AdForm, AdKind, AdPrice, AdState, AdSummary, DAY_MS, NewAd,
    ServedAd, Targeting,
};
use domain::auth::{Principal, Role};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::i18n::Message;
use domain::sections::Section;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, FromRow};

use crate::credits::{self, Posting, WalletRef};
use crate::paid::Applied;
use crate::{Ctx, Db, Error, Result, ids};

/// How long a served ad's beacon token stays valid.
pub const BEACON_TTL_MS: i64 = 10 * 60 * 1000;
/// The most ads one page asks for.
pub const SERVE_MAX: usize = 10;

#[derive(Debug, Clone, FromRow)]
struct AdRow {
    id: String,
    tenant_id: String,
    merchant_id: Option<String>,
    created_by: String,
    title: String,
    kind: String,
    duration_days: i64,
    target_url: String,
    country: Option<String>,
    cities: String,
    starts_at_ms: i64,
    ends_at_ms: i64,
    creative_key: Option<String>,
    creative_mime: Option<String>,
    state: String,
    price_minor: i64,
    platform_cost_minor: i64,
    currency: String,
    provider: Option<String>,
    payee_tenant_id: Option<String>,
    paid_at_ms: Option<i64>,
    cost_taken: i64,
    reviewed_by: Option<String>,
    reviewed_at_ms: Option<i64>,
    reject_reason: Option<String>,
    expired_at_ms: Option<i64>,
    created_at_ms: i64,
}

const AD_COLUMNS: &str = "id, tenant_id, merchant_id, created_by, title, kind, duration_days, target_url, country, cities,
    starts_at_ms, ends_at_ms, creative_key, creative_mime, state, price_minor, platform_cost_minor, currency, provider,
    payee_tenant_id, paid_at_ms, cost_taken, reviewed_by, reviewed_at_ms, reject_reason,
    expired_at_ms, created_at_ms";

impl AdRow {
    fn targeting(&self) -> Targeting {
        match &self.country {
            None => Targeting::Everywhere,
            Some(c) if self.cities.is_empty() => Targeting::Country(c.clone()),
            Some(c) => Targeting::Cities {
                country: c.clone(),
                cities: self.cities.split('\n').map(str::to_owned).collect(),
            },
        }
    }

    fn state(&self) -> Result<AdState> {
        Ok(AdState::parse(&self.state)?)
    }
}

/// An ad's payment as the checkout and the webhook see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdPayment {
    pub ad_id: String,
    pub amount_minor: i64,
    pub currency: String,
    /// `sandbox`, `stripe`, or `wallet` (an agent owner's own ad, paid from its wallet).
    pub provider: String,
    pub payee_tenant_id: Option<String>,
    pub paid: bool,
}

fn agent_wallet(tenant_id: &str) -> WalletRef {
    WalletRef {
        tenant_id: tenant_id.to_owned(),
        owner_type: OwnerType::Agent,
        owner_id: tenant_id.to_owned(),
        credit_type: CreditType::Money,
    }
}

async fn load(conn: &mut AnyConnection, id: &str) -> Result<Option<AdRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {AD_COLUMNS} from ads where id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Whether `who` advertises: a merchant, or an agent owner on its own site.
fn advertiser(who: &Principal) -> Result<Option<&str>> {
    match &who.role {
        Role::Merchant { merchant_id, .. } => Ok(Some(merchant_id)),
        Role::AgentOwner => Ok(None),
        _ => Err(AppError::Forbidden.into()),
    }
}

/// `who`'s own ad; anyone else's is [`AppError::NotFound`].
async fn own_ad(conn: &mut AnyConnection, who: &Principal, id: &str) -> Result<AdRow> {
    let merchant = advertiser(who)?;
    let ad = load(conn, id).await?.ok_or(AppError::NotFound)?;
    if ad.tenant_id != who.tenant_id || ad.merchant_id.as_deref() != merchant {
        return Err(AppError::NotFound.into());
    }
    Ok(ad)
}

/// What an ad of one duration costs `who` now.
struct Quote {
    price_minor: i64,
    platform_cost_minor: i64,
    currency: String,
    agent_site: bool,
}

/// Prices an ad of `who` from the master price sheet in its tenant's currency. A merchant pays
/// the sheet's price (on an agent's site the agent owes the platform cost of it); an agent
/// owner's own ad costs it the platform cost only.
async fn quote_in(
    conn: &mut AnyConnection,
    who: &Principal,
    duration: AdDuration,
) -> Result<Quote> {
    let merchant = advertiser(who)?;
    let (tenant_kind, currency): (String, String) =
        sqlx::query_as("select kind, currency from tenants where id = $1")
            .bind(&who.tenant_id)
            .fetch_one(&mut *conn)
            .await?;
    let priced = crate::agents::item_price(conn, &currency, duration.price_item()).await?;
    let agent_site = tenant_kind == "agent";
    let (price_minor, platform_cost_minor) = if merchant.is_none() {
        (priced.platform_cost_minor(), priced.platform_cost_minor())
    } else if agent_site {
        (priced.price_minor(), priced.platform_cost_minor())
    } else {
        (priced.price_minor(), 0)
    };
    Ok(Quote {
        price_minor,
        platform_cost_minor,
        currency,
        agent_site,
    })
}

/// What `who` (an advertiser) would pay now for each duration, for the buy form.
pub async fn prices(db: &Db, who: &Principal) -> Result<Vec<AdPrice>> {
    if !Section::Ads.allows(&who.role) {
        return Err(AppError::Forbidden.into());
    }
    let mut conn = db.pool().acquire().await?;
    let mut out = Vec::with_capacity(3);
    for d in [AdDuration::Days7, AdDuration::Days14, AdDuration::Days30] {
        let q = quote_in(&mut conn, who, d).await?;
        out.push(AdPrice {
            days: d.days(),
            price_minor: q.price_minor,
            currency: q.currency,
        });
    }
    Ok(out)
}

/// Creates an ad of `who` (a merchant, or an agent owner for its own site) with its creative
/// (a banner image, re-encoded, or an MP4/WebM video), priced now from the price sheet in the
/// tenant's currency. It waits as `pending_payment` until [`start_payment`] and its payment.
pub async fn create_ad(
    ctx: &Ctx,
    who: &Principal,
    form: &AdForm,
    creative: &[u8],
) -> Result<AdSummary> {
    let merchant = advertiser(who)?;
    if !Section::Ads.allows(&who.role) {
        return Err(AppError::Forbidden.into());
    }
    let now = ctx.clock.now_ms();
    let ad: NewAd = form.parse(now)?;
    if let Some(m) = merchant {
        // Like a coupon batch: a lapsed membership buys nothing new.
        crate::memberships::merchant_can_spend(&ctx.db, now, m).await?;
    }
    let (bytes, mime, ext) = match ad.kind {
        AdKind::Banner => {
            let img = crate::images::sanitize_off_thread(
                creative.to_vec(),
                crate::images::ImageLimits::AD_BANNER,
            )
            .await?;
            let ext = img.extension();
            (img.bytes, img.mime, ext)
        }
        AdKind::Video => {
            let f = domain::ads::check_video(creative)?;
            let ext = match f {
                domain::ads::VideoFormat::Mp4 => "mp4",
                domain::ads::VideoFormat::WebM => "webm",
            };
            (creative.to_vec(), f.mime(), ext)
        }
    };
    let id = ids::new_id();
    let key = format!("ads/{}/{id}.{ext}", who.tenant_id);
    ctx.files.put(&key, &bytes).await?;
    let mut conn = ctx.db.pool().acquire().await?;
    let Quote {
        price_minor: price,
        platform_cost_minor: cost,
        currency,
        agent_site,
    } = quote_in(&mut conn, who, ad.duration).await?;
    let (country, cities) = match &ad.targeting {
        Targeting::Everywhere => (None, String::new()),
        Targeting::Country(c) => (Some(c.clone()), String::new()),
        Targeting::Cities { country, cities } => (Some(country.clone()), cities.join("\n")),
    };
    sqlx::query(
        "insert into ads (id, tenant_id, merchant_id, created_by, title, kind, duration_days, target_url, country,
                          cities, starts_at_ms, ends_at_ms, creative_key, creative_mime, state, price_minor,
                          platform_cost_minor, currency, payee_tenant_id, cost_taken, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending_payment', $15, $16, $17, $18,
                 0, $19)",
    )
    .bind(&id)
    .bind(&who.tenant_id)
    .bind(merchant)
    .bind(&who.user_id)
    .bind(&ad.title)
    .bind(ad.kind.as_str())
    .bind(ad.duration.days())
    .bind(&ad.target_url)
    .bind(country)
    .bind(cities)
    .bind(ad.starts_at_ms)
    .bind(ad.starts_at_ms + ad.duration.days() * DAY_MS)
    .bind(&key)
    .bind(mime)
    .bind(price)
    .bind(cost)
    .bind(&currency)
    .bind((agent_site && merchant.is_some()).then_some(who.tenant_id.as_str()))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    drop(conn);
    ad_summary(&ctx.db, who, &id).await
}

/// Starts paying for `who`'s ad. A merchant's ad gets the checkout of whoever collects it
/// (`sandbox` or `stripe`, see [`crate::agents::checkout_provider`]); pay a `stripe` one
/// through [`ad_checkout`], a `sandbox` one on the sandbox page. An agent owner's own ad is
/// paid at once from its wallet ([`AppError::InsufficientCredits`] when it cannot cover it)
/// and goes straight to `pending`.
pub async fn start_payment(ctx: &Ctx, who: &Principal, ad_id: &str) -> Result<AdPayment> {
    let now = ctx.clock.now_ms();
    let provider = {
        let mut conn = ctx.db.pool().acquire().await?;
        let ad = own_ad(&mut conn, who, ad_id).await?;
        drop(conn);
        match &ad.merchant_id {
            None => "wallet",
            Some(m) => {
                crate::memberships::merchant_can_spend(&ctx.db, now, m).await?;
                crate::agents::checkout_provider(ctx, ad.payee_tenant_id.as_deref()).await?
            }
        }
    };
    let mut tx = ctx.db.begin_write().await?;
    let ad = own_ad(&mut tx, who, ad_id).await?;
    if ad.state()? != AdState::PendingPayment {
        return Err(AppError::invalid("Ad", "is already paid").into());
    }
    sqlx::query("update ads set provider = $2 where id = $1 and state = 'pending_payment'")
        .bind(&ad.id)
        .bind(provider)
        .execute(&mut *tx)
        .await?;
    let mut paid = false;
    if provider == "wallet" {
        if ad.platform_cost_minor > 0 {
            let own_cost = Message::new("ledger-ad-own-cost").with("title", ad.title.as_str());
            credits::post_in(
                &mut tx,
                now,
                &Posting {
                    wallet: agent_wallet(&ad.tenant_id),
                    action: Action::Deduct,
                    amount: -ad.platform_cost_minor,
                    related_kind: RelatedKind::Ad,
                    related_id: Some(ad.id.clone()),
                    description: own_cost.english(),
                    message: Some(own_cost),
                    idempotency_key: format!("ad_cost:{}", ad.id),
                    actor_user_id: Some(who.user_id.clone()),
                },
            )
            .await?;
        }
        sqlx::query(
            "update ads set state = 'pending', paid_at_ms = $2, cost_taken = 1 where id = $1 and state = 'pending_payment'",
        )
        .bind(&ad.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        paid = true;
    }
    tx.commit().await?;
    Ok(AdPayment {
        ad_id: ad.id,
        amount_minor: ad.price_minor,
        currency: ad.currency,
        provider: provider.to_owned(),
        payee_tenant_id: ad.payee_tenant_id,
        paid,
    })
}

/// `who`'s ad payment, for the checkout pages.
pub async fn ad_payment(db: &Db, who: &Principal, ad_id: &str) -> Result<AdPayment> {
    let mut conn = db.pool().acquire().await?;
    let ad = own_ad(&mut conn, who, ad_id).await?;
    Ok(AdPayment {
        paid: ad.paid_at_ms.is_some(),
        ad_id: ad.id,
        amount_minor: ad.price_minor,
        currency: ad.currency,
        provider: ad.provider.unwrap_or_default(),
        payee_tenant_id: ad.payee_tenant_id,
    })
}

/// id, price, currency, provider, payee, paid at.
type AdPaymentRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// An ad's payment by id, whoever collects it, inside the caller's transaction.
pub(crate) async fn ad_payment_in(conn: &mut AnyConnection, id: &str) -> Result<Option<AdPayment>> {
    let row: Option<AdPaymentRow> =
        sqlx::query_as(
            "select id, price_minor, currency, provider, payee_tenant_id, paid_at_ms from ads where id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(
        |(ad_id, amount_minor, currency, provider, payee, paid)| AdPayment {
            ad_id,
            amount_minor,
            currency,
            // An ad not yet sent to a checkout has no provider: no collector completes it.
            provider: provider.unwrap_or_default(),
            payee_tenant_id: payee,
            paid: paid.is_some(),
        },
    ))
}

/// Puts an agent-site merchant ad's platform cost through the agent's charge path (like a
/// package): taken from the agent's wallet now when nothing older waits and the wallet covers
/// it, else the ad's charge waits for the agent's top-up and the agent gets an inbox notice.
/// Once per ad (the charge is unique by the ad's id).
async fn charge_agent_in(conn: &mut AnyConnection, now_ms: i64, ad: &AdRow) -> Result<()> {
    let (Some(agent), Some(merchant)) = (&ad.payee_tenant_id, &ad.merchant_id) else {
        return Ok(());
    };
    let charge = crate::charges::NewCharge {
        tenant_id: agent.clone(),
        merchant_id: merchant.clone(),
        kind: crate::charges::ChargeKind::Ad,
        payment_id: ad.id.clone(),
        price_minor: ad.price_minor,
        platform_cost_minor: ad.platform_cost_minor,
        currency: ad.currency.clone(),
    };
    if crate::charges::charge_in(conn, now_ms, &charge).await? == crate::charges::Charged::Settled {
        crate::charges::ad_cost_taken_in(conn, &ad.id).await?;
    }
    Ok(())
}

/// Marks an ad paid (`pending`, waiting for approval), in the caller's transaction; on an
/// agent's site the platform cost comes off the agent's wallet now if it covers it (else at
/// approval) through the agent's charge path. A second delivery changes nothing.
pub(crate) async fn apply_ad_payment_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    p: &AdPayment,
    session_id: &str,
) -> Result<Applied> {
    let marked = sqlx::query(
        "update ads set state = 'pending', paid_at_ms = $2, provider_session_id = $3
         where id = $1 and state = 'pending_payment'",
    )
    .bind(&p.ad_id)
    .bind(now_ms)
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(Applied::Duplicate);
    }
    let ad = load(conn, &p.ad_id)
        .await?
        .ok_or_else(|| Error::Internal(format!("ad {} vanished", p.ad_id)))?;
    charge_agent_in(conn, now_ms, &ad).await?;
    Ok(Applied::AdPaid {
        ad_id: p.ad_id.clone(),
    })
}

/// Whether `who` reviews ads of `tenant_id`: the tenant's own Ad Approvers (the Super Admin
/// and Ad Approver staff on the main platform; the agent owner and its Ad Approver staff on
/// an agent's site).
fn may_review(who: &Principal, tenant_id: &str) -> bool {
    Section::AdApprovals.allows(&who.role) && who.tenant_id == tenant_id
}

/// The approval queue of `who`'s tenant: paid ads waiting, oldest first.
pub async fn approval_queue(db: &Db, who: &Principal) -> Result<Vec<AdSummary>> {
    if !Section::AdApprovals.allows(&who.role) {
        return Err(AppError::Forbidden.into());
    }
    let mut conn = db.pool().acquire().await?;
    let rows: Vec<AdRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {AD_COLUMNS} from ads where tenant_id = $1 and state = 'pending' order by paid_at_ms, id"
    )))
    .bind(&who.tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(summary(&mut conn, r).await?);
    }
    Ok(out)
}

async fn reviewable(conn: &mut AnyConnection, who: &Principal, ad_id: &str) -> Result<AdRow> {
    if !Section::AdApprovals.allows(&who.role) {
        return Err(AppError::Forbidden.into());
    }
    let ad = load(conn, ad_id).await?.ok_or(AppError::NotFound)?;
    if !may_review(who, &ad.tenant_id) {
        return Err(AppError::NotFound.into());
    }
    Ok(ad)
}

/// Approves a paid ad: it runs from its start date for its duration. On an agent's site whose
/// wallet could not cover the platform cost when the payment landed, the cost is taken now
/// ([`AppError::InsufficientCredits`] until the agent tops up).
pub async fn approve(ctx: &Ctx, who: &Principal, ad_id: &str) -> Result<AdSummary> {
    let now = ctx.clock.now_ms();
    let mut tx = ctx.db.begin_write().await?;
    let ad = reviewable(&mut tx, who, ad_id).await?;
    if ad.state()? != AdState::Pending {
        return Err(AppError::invalid(
            "Ad",
            format!("is {}, not waiting for approval", ad.state()?.label()),
        )
        .into());
    }
    if let Some(agent) = ad.payee_tenant_id.as_deref()
        && ad.cost_taken == 0
    {
        // The charge waits: settle the agent's queue oldest first, as a top-up would; the ad
        // runs only once its own cost is taken.
        crate::charges::settle_queue_in(&mut tx, now, agent).await?;
        let (taken,): (i64,) = sqlx::query_as("select cost_taken from ads where id = $1")
            .bind(&ad.id)
            .fetch_one(&mut *tx)
            .await?;
        if taken == 0 {
            let (balance,) = wallet_balance(&mut tx, agent).await?;
            tx.rollback().await?;
            return Err(AppError::InsufficientCredits {
                balance,
                requested: ad.platform_cost_minor,
            }
            .into());
        }
    }
    sqlx::query(
        "update ads set state = 'approved', reviewed_by = $2, reviewed_at_ms = $3 where id = $1 and state = 'pending'",
    )
    .bind(&ad.id)
    .bind(&who.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // Its site's pages show it at once on this server.
    ctx.caches.no_ads.forget(|t| *t == ad.tenant_id);
    ad_view(&ctx.db, ad_id).await
}

async fn wallet_balance(conn: &mut AnyConnection, tenant_id: &str) -> Result<(i64,)> {
    Ok(
        sqlx::query_as("select balance - held from wallets where id = $1")
            .bind(agent_wallet(tenant_id).id())
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or((0,)),
    )
}

/// Rejects a paid ad with a reason the advertiser sees, and refunds its payment in full
/// (through Stripe for a card payment; recorded for the sandbox) and any platform cost taken
/// back to the agent's wallet, each once. Rejecting an already rejected ad changes nothing
/// more (it only retries a Stripe refund that failed before).
pub async fn reject(ctx: &Ctx, who: &Principal, ad_id: &str, reason: &str) -> Result<AdSummary> {
    let reason = domain::ads::parse_reason(reason)?;
    let now = ctx.clock.now_ms();
    let mut tx = ctx.db.begin_write().await?;
    let ad = reviewable(&mut tx, who, ad_id).await?;
    match ad.state()? {
        AdState::Pending => {
            sqlx::query(
                "update ads set state = 'rejected', reject_reason = $2, reviewed_by = $3, reviewed_at_ms = $4
                 where id = $1 and state = 'pending'",
            )
            .bind(&ad.id)
            .bind(&reason)
            .bind(&who.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            refund_in(&mut tx, now, &ad).await?;
        }
        AdState::Rejected => {}
        s => {
            return Err(AppError::invalid(
                "Ad",
                format!("is {}, not waiting for approval", s.label()),
            )
            .into());
        }
    }
    tx.commit().await?;
    refund_with_stripe(ctx, ad_id).await?;
    ad_view(&ctx.db, ad_id).await
}

/// Records the refund row (unique per ad) and returns a taken platform cost to the agent.
async fn refund_in(conn: &mut AnyConnection, now_ms: i64, ad: &AdRow) -> Result<()> {
    let provider = ad.provider.clone().unwrap_or_else(|| "sandbox".into());
    let amount = ad.price_minor;
    if amount > 0 {
        sqlx::query(
            "insert into ad_refunds (ad_id, amount_minor, currency, provider, created_at_ms)
             values ($1, $2, $3, $4, $5) on conflict (ad_id) do nothing",
        )
        .bind(&ad.id)
        .bind(amount)
        .bind(&ad.currency)
        .bind(&provider)
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    }
    let cost_back = if ad.merchant_id.is_some() && ad.payee_tenant_id.is_some() {
        // Its waiting charge never settles now; a settled one's cost comes back below.
        crate::charges::cancel_charge_in(conn, now_ms, &ad.id).await?
            == crate::charges::Cancelled::WasSettled
    } else {
        ad.cost_taken == 1
    };
    if cost_back && ad.platform_cost_minor > 0 {
        let agent = ad
            .payee_tenant_id
            .clone()
            .unwrap_or_else(|| ad.tenant_id.clone());
        let returned = Message::new("ledger-ad-cost-returned").with("title", ad.title.as_str());
        credits::post_in(
            conn,
            now_ms,
            &Posting {
                wallet: agent_wallet(&agent),
                action: Action::Refund,
                amount: ad.platform_cost_minor,
                related_kind: RelatedKind::Ad,
                related_id: Some(ad.id.clone()),
                description: returned.english(),
                message: Some(returned),
                idempotency_key: format!("ad_cost_refund:{}", ad.id),
                actor_user_id: None,
            },
        )
        .await?;
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct StripeSessionView {
    payment_intent: Option<String>,
}

#[derive(serde::Deserialize)]
struct StripeRefundView {
    id: String,
}

/// Sends a recorded, not yet confirmed Stripe refund of `ad_id` (Stripe's `POST /v1/refunds`
/// for the checkout session's payment intent, with an idempotency key per ad, so a retry never
/// refunds twice) and stores Stripe's refund id.
async fn refund_with_stripe(ctx: &Ctx, ad_id: &str) -> Result<()> {
    let row: Option<(Option<String>, Option<String>, i64)> = sqlx::query_as(
        "select a.provider_session_id, a.payee_tenant_id, r.amount_minor from ad_refunds r join ads a on a.id = r.ad_id
         where r.ad_id = $1 and r.provider = 'stripe' and r.provider_refund_id is null",
    )
    .bind(ad_id)
    .fetch_optional(ctx.db.pool())
    .await?;
    let Some((session, payee, amount)) = row else {
        return Ok(());
    };
    let session = session
        .ok_or_else(|| Error::Internal(format!("paid stripe ad {ad_id} has no session id")))?;
    let account = crate::agents::collecting_account_for(ctx, payee.as_deref()).await?;
    let client = crate::stripe::http_client()?;
    let s: StripeSessionView = stripe_json(
        client
            .get(format!(
                "{}/v1/checkout/sessions/{session}",
                account.api_base
            ))
            .bearer_auth(account.secret_key.expose()),
        "stripe session",
    )
    .await?;
    let intent = s.payment_intent.ok_or_else(|| {
        Error::Internal(format!("stripe session {session} has no payment_intent"))
    })?;
    let refund: StripeRefundView = stripe_json(
        client
            .post(format!("{}/v1/refunds", account.api_base))
            .bearer_auth(account.secret_key.expose())
            .header("Idempotency-Key", format!("ad-refund-{ad_id}"))
            .form(&[
                ("payment_intent", intent),
                ("amount", amount.to_string()),
                ("metadata[ad_id]", ad_id.to_owned()),
            ]),
        "stripe refund",
    )
    .await?;
    sqlx::query("update ad_refunds set provider_refund_id = $2 where ad_id = $1")
        .bind(ad_id)
        .bind(refund.id)
        .execute(ctx.db.pool())
        .await?;
    Ok(())
}

async fn stripe_json<T: serde::de::DeserializeOwned>(
    req: reqwest::RequestBuilder,
    what: &str,
) -> Result<T> {
    let res = req
        .send()
        .await
        .map_err(|e| Error::Internal(format!("{what}: {e}")))?;
    let status = res.status();
    if !status.is_success() {
        let body = res.text().await.unwrap_or_default();
        return Err(Error::Internal(format!(
            "{what} answered {status}: {}",
            body.chars().take(300).collect::<String>()
        )));
    }
    res.json()
        .await
        .map_err(|e| Error::Internal(format!("{what} reply: {e}")))
}

/// Marks approved ads past their end `expired`; how many. Idempotent.
pub async fn expire_ads(db: &Db, now_ms: i64) -> Result<u64> {
    Ok(sqlx::query(
        "update ads set state = 'expired', expired_at_ms = $1 where state = 'approved' and ends_at_ms <= $1",
    )
    .bind(now_ms)
    .execute(db.pool())
    .await?
    .rows_affected())
}

async fn display_name(conn: &mut AnyConnection, user_id: &str) -> Result<Option<String>> {
    let n: Option<(String,)> = sqlx::query_as("select display_name from users where id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(n.map(|(n,)| n))
}

async fn summary(conn: &mut AnyConnection, r: AdRow) -> Result<AdSummary> {
    let creator = display_name(conn, &r.created_by).await?;
    let mut history = vec![AdEvent {
        state: AdState::PendingPayment,
        at_ms: r.created_at_ms,
        by: creator,
    }];
    if let Some(at) = r.paid_at_ms {
        history.push(AdEvent {
            state: AdState::Pending,
            at_ms: at,
            by: None,
        });
    }
    if let (Some(by), Some(at)) = (r.reviewed_by.clone(), r.reviewed_at_ms) {
        let state = if r.reject_reason.is_some() {
            AdState::Rejected
        } else {
            AdState::Approved
        };
        let by = display_name(conn, &by).await?;
        history.push(AdEvent {
            state,
            at_ms: at,
            by,
        });
    }
    if let Some(at) = r.expired_at_ms {
        history.push(AdEvent {
            state: AdState::Expired,
            at_ms: at,
            by: None,
        });
    }
    let days: Vec<(i64, i64, i64)> = sqlx::query_as(
        "select day_ms, impressions, clicks from ad_daily where ad_id = $1 order by day_ms",
    )
    .bind(&r.id)
    .fetch_all(&mut *conn)
    .await?;
    let refunded: Option<(i64,)> = sqlx::query_as("select 1 from ad_refunds where ad_id = $1")
        .bind(&r.id)
        .fetch_optional(&mut *conn)
        .await?;
    let advertiser: (String,) = match &r.merchant_id {
        Some(m) => {
            sqlx::query_as("select company_name from merchants where id = $1")
                .bind(m)
                .fetch_one(&mut *conn)
                .await?
        }
        None => {
            sqlx::query_as("select brand_name from tenants where id = $1")
                .bind(&r.tenant_id)
                .fetch_one(&mut *conn)
                .await?
        }
    };
    Ok(AdSummary {
        targeting: r.targeting(),
        state: r.state()?,
        kind: AdKind::parse(&r.kind)?,
        id: r.id,
        tenant_id: r.tenant_id,
        advertiser: advertiser.0,
        title: r.title,
        duration_days: AdDuration::from_days(r.duration_days)?.days(),
        target_url: r.target_url,
        starts_at_ms: r.starts_at_ms,
        ends_at_ms: r.ends_at_ms,
        price_minor: r.price_minor,
        currency: r.currency,
        reject_reason: r.reject_reason,
        refunded: refunded.is_some(),
        history,
        days: days
            .into_iter()
            .map(|(day_ms, impressions, clicks)| AdDay {
                day_ms,
                impressions,
                clicks,
            })
            .collect(),
    })
}

async fn ad_view(db: &Db, ad_id: &str) -> Result<AdSummary> {
    let mut conn = db.pool().acquire().await?;
    let r = load(&mut conn, ad_id).await?.ok_or(AppError::NotFound)?;
    summary(&mut conn, r).await
}

/// One ad as `who` may see it: its advertiser, or its tenant's approvers.
pub async fn ad_summary(db: &Db, who: &Principal, ad_id: &str) -> Result<AdSummary> {
    let mut conn = db.pool().acquire().await?;
    let r = load(&mut conn, ad_id).await?.ok_or(AppError::NotFound)?;
    let mine = advertiser(who)
        .ok()
        .is_some_and(|m| r.tenant_id == who.tenant_id && r.merchant_id.as_deref() == m);
    if !mine && !may_review(who, &r.tenant_id) {
        return Err(AppError::NotFound.into());
    }
    summary(&mut conn, r).await
}

/// `who`'s own ads, newest first.
pub async fn my_ads(db: &Db, who: &Principal) -> Result<Vec<AdSummary>> {
    let merchant = advertiser(who)?;
    let mut conn = db.pool().acquire().await?;
    let rows: Vec<AdRow> = match merchant {
        Some(m) => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "select {AD_COLUMNS} from ads where merchant_id = $1 order by created_at_ms desc, id"
        )))
        .bind(m)
        .fetch_all(&mut *conn)
        .await?,
        None => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "select {AD_COLUMNS} from ads where tenant_id = $1 and merchant_id is null order by created_at_ms desc, id"
        )))
        .bind(&who.tenant_id)
        .fetch_all(&mut *conn)
        .await?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(summary(&mut conn, r).await?);
    }
    Ok(out)
}

/// An ad's creative file and its MIME type, for the host `tenant_id` serves: anyone may fetch
/// the creative of an approved (running or expired) ad of that tenant, since the coupon center
/// shows it to visitors; a pending, unpaid or rejected ad's creative only its advertiser and
/// its tenant's approvers (for the preview). Anything else is [`AppError::NotFound`].
pub async fn creative(
    ctx: &Ctx,
    tenant_id: &str,
    who: Option<&Principal>,
    ad_id: &str,
) -> Result<(Vec<u8>, String)> {
    let mut conn = ctx.db.pool().acquire().await?;
    let r = load(&mut conn, ad_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    if r.tenant_id != tenant_id {
        return Err(AppError::NotFound.into());
    }
    let public = matches!(r.state()?, AdState::Approved | AdState::Expired);
    let allowed = public
        || who.is_some_and(|w| {
            let mine = advertiser(w)
                .ok()
                .is_some_and(|m| r.tenant_id == w.tenant_id && r.merchant_id.as_deref() == m);
            mine || may_review(w, &r.tenant_id)
        });
    if !allowed {
        return Err(AppError::NotFound.into());
    }
    let (Some(key), Some(mime)) = (r.creative_key, r.creative_mime) else {
        return Err(AppError::NotFound.into());
    };
    Ok((ctx.files.get(&key).await?, mime))
}

// ---------------------------------------------------------------------------------------------
// Serving and counting
// ---------------------------------------------------------------------------------------------

fn day_of(ms: i64) -> i64 {
    ms - ms.rem_euclid(DAY_MS)
}

/// The approved ads of `tenant_id` running at `now_ms` whose targeting matches the viewer's
/// filter (`country` falls back to the tenant's own country), at most [`SERVE_MAX`], the ones
/// shown least today first (ties in an order that changes every minute and per viewer), each
/// with its beacon token for `viewer`.
pub async fn ads_for_page(
    ctx: &Ctx,
    tenant_id: &str,
    country: Option<&str>,
    city: Option<&str>,
    viewer: &str,
) -> Result<Vec<ServedAd>> {
    let now = ctx.clock.now_ms();
    if ctx.caches.no_ads.get(&tenant_id.to_owned(), now).is_some() {
        return Ok(Vec::new());
    }
    // One statement: the running ads with today's impressions, and the tenant's own country
    // for a page that names none (a page of the public site runs this on every view).
    #[derive(FromRow)]
    struct Running {
        #[sqlx(flatten)]
        ad: AdRow,
        shown_today: i64,
        home_country: String,
    }
    let running: Vec<Running> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {}, coalesce(d.impressions, 0) as shown_today,
             (select t.country from tenants t where t.id = $1) as home_country
         from ads a left join ad_daily d on d.ad_id = a.id and d.day_ms = $3
         where a.tenant_id = $1 and a.state = 'approved' and a.starts_at_ms <= $2 and a.ends_at_ms > $2",
        AD_COLUMNS
            .split(',')
            .map(|c| format!("a.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    )))
    .bind(tenant_id)
    .bind(now)
    .bind(day_of(now))
    .fetch_all(ctx.db.pool())
    .await?;
    let Some(home) = running.first().map(|r| r.home_country.clone()) else {
        ctx.caches.no_ads.put(tenant_id.to_owned(), now, ());
        return Ok(Vec::new());
    };
    let country = country
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map_or(home, str::to_owned);
    let city = city.map(str::trim).filter(|c| !c.is_empty());
    let rows: Vec<(AdRow, i64)> = running
        .into_iter()
        .filter(|r| r.ad.targeting().matches(&country, city))
        .map(|r| (r.ad, r.shown_today))
        .collect();
    let minute = now / 60_000;
    let mut rows: Vec<(i64, [u8; 8], AdRow)> = rows
        .into_iter()
        .map(|(r, n)| {
            let h = Sha256::digest(format!("{minute}:{viewer}:{}", r.id));
            let mut k = [0u8; 8];
            k.copy_from_slice(&h[..8]);
            (n, k, r)
        })
        .collect();
    rows.sort_by_key(|a| (a.0, a.1));
    let secret = beacon_secret(ctx)?;
    Ok(rows
        .into_iter()
        .take(SERVE_MAX)
        .filter_map(|(_, _, r)| {
            Some(ServedAd {
                token: sign_token(&secret, &r.id, viewer, now),
                kind: AdKind::parse(&r.kind).ok()?,
                creative_key: r.creative_key?,
                creative_mime: r.creative_mime?,
                id: r.id,
                title: r.title,
            })
        })
        .collect())
}

fn beacon_secret(ctx: &Ctx) -> Result<Vec<u8>> {
    let s = crate::coupons::signing_secret(&ctx.config)?;
    // A key of its own, derived from the server secret, so a coupon signature is never a
    // valid beacon and the other way round.
    let mut mac = Hmac::<Sha256>::new_from_slice(s.expose().as_bytes())
        .map_err(|e| Error::Internal(format!("beacon key: {e}")))?;
    mac.update(b"ad-beacon-v1");
    Ok(mac.finalize().into_bytes().to_vec())
}

fn viewer_tag(viewer: &str) -> String {
    let h = Sha256::digest(viewer.as_bytes());
    h[..12].iter().map(|b| format!("{b:02x}")).collect()
}

fn mac_of(secret: &[u8], payload: &str) -> Result<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret)
        .map_err(|e| Error::Internal(format!("beacon mac: {e}")))?;
    mac.update(payload.as_bytes());
    Ok(mac)
}

fn sign_token(secret: &[u8], ad_id: &str, viewer: &str, now_ms: i64) -> String {
    let payload = format!("{ad_id}.{}.{now_ms}", viewer_tag(viewer));
    let sig: String = mac_of(secret, &payload)
        .map(|m| m.finalize().into_bytes())
        .map(|b| b.iter().map(|x| format!("{x:02x}")).collect())
        .unwrap_or_default();
    format!("{payload}.{sig}")
}

/// A signed, short-lived token for one viewer's beacon and click on one ad, issued now.
pub fn impression_token(ctx: &Ctx, ad_id: &str, viewer: &str) -> Result<String> {
    Ok(sign_token(
        &beacon_secret(ctx)?,
        ad_id,
        viewer,
        ctx.clock.now_ms(),
    ))
}

struct Beacon {
    ad_id: String,
    viewer: String,
    issued_ms: i64,
}

/// Checks a token's signature; [`AppError::ForgedBeacon`] when it is not ours.
fn verify(secret: &[u8], token: &str) -> Result<Beacon> {
    let forged = || Error::User(AppError::ForgedBeacon);
    let (payload, sig) = token.rsplit_once('.').ok_or_else(forged)?;
    let sig = crate::ids::unhex(sig).ok_or_else(forged)?;
    mac_of(secret, payload)?
        .verify_slice(&sig)
        .map_err(|_| forged())?;
    let mut parts = payload.split('.');
    let (Some(ad_id), Some(viewer), Some(issued), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(forged());
    };
    Ok(Beacon {
        ad_id: ad_id.to_owned(),
        viewer: viewer.to_owned(),
        issued_ms: issued.parse().map_err(|_| forged())?,
    })
}

/// Whether a user agent is empty or a known crawler, preview fetcher or script.
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.trim().to_ascii_lowercase();
    const BOTS: [&str; 17] = [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "headless",
        "curl/",
        "wget",
        "python-",
        "httpclient",
        "okhttp",
        "facebookexternalhit",
        "preview",
        "scrapy",
        "go-http-client",
        "java/",
        "lighthouse",
        "phantomjs",
    ];
    ua.is_empty() || BOTS.iter().any(|b| ua.contains(b))
}

/// What a beacon did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Counted now.
    Counted,
    /// This viewer was already counted for this ad that day (a replay, or a second view).
    AlreadyCounted,
    /// Not counted: the token expired, the user agent is a bot, or the ad is not running.
    Ignored,
}

async fn count(ctx: &Ctx, b: &Beacon, kind: &str) -> Result<Counted> {
    let now = ctx.clock.now_ms();
    if now - b.issued_ms > BEACON_TTL_MS || b.issued_ms > now + 60_000 {
        return Ok(Counted::Ignored);
    }
    let day = day_of(b.issued_ms);
    let mut tx = ctx.db.begin_write().await?;
    let running: Option<(i64,)> = sqlx::query_as(
        "select 1 from ads where id = $1 and state = 'approved' and starts_at_ms <= $2 and ends_at_ms > $2",
    )
    .bind(&b.ad_id)
    .bind(b.issued_ms)
    .fetch_optional(&mut *tx)
    .await?;
    if running.is_none() {
        return Ok(Counted::Ignored);
    }
    let fresh = sqlx::query(
        "insert into ad_views (ad_id, viewer, day_ms, kind, at_ms) values ($1, $2, $3, $4, $5)
         on conflict do nothing",
    )
    .bind(&b.ad_id)
    .bind(&b.viewer)
    .bind(day)
    .bind(kind)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if fresh.rows_affected() == 0 {
        return Ok(Counted::AlreadyCounted);
    }
    let (imp, clk): (i64, i64) = if kind == "impression" { (1, 0) } else { (0, 1) };
    sqlx::query(
        "insert into ad_daily (ad_id, day_ms, impressions, clicks) values ($1, $2, $3, $4)
         on conflict (ad_id, day_ms) do update set impressions = ad_daily.impressions + excluded.impressions,
                                                  clicks = ad_daily.clicks + excluded.clicks",
    )
    .bind(&b.ad_id)
    .bind(day)
    .bind(imp)
    .bind(clk)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Counted::Counted)
}

/// Counts an impression beacon: the token must be ours ([`AppError::ForgedBeacon`] otherwise)
/// and fresh, the user agent not a bot, the ad running; one per viewer per ad per day.
pub async fn count_impression(ctx: &Ctx, token: &str, user_agent: &str) -> Result<Counted> {
    let b = verify(&beacon_secret(ctx)?, token)?;
    if is_bot(user_agent) {
        return Ok(Counted::Ignored);
    }
    count(ctx, &b, "impression").await
}

/// Follows an ad click: counts it like an impression (once per viewer per ad per day; bots
/// and stale tokens go through uncounted) and answers the link to redirect to.
/// [`AppError::ForgedBeacon`] for a token that is not ours.
pub async fn click(ctx: &Ctx, token: &str, user_agent: &str) -> Result<(String, Counted)> {
    let b = verify(&beacon_secret(ctx)?, token)?;
    let (url,): (String,) = sqlx::query_as("select target_url from ads where id = $1")
        .bind(&b.ad_id)
        .fetch_optional(ctx.db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let counted = if is_bot(user_agent) {
        Counted::Ignored
    } else {
        count(ctx, &b, "click").await?
    };
    Ok((url, counted))
}
