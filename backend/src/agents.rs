//! Agents: the master price sheet, the prepaid agent wallet (top-ups and what it shows),
//! agents' own Stripe keys (sealed at rest) and which account collects a payment, and custom
//! domains. The wallet's charges live in [`crate::charges`], merchants' memberships in
//! [`crate::memberships`], every payment's completion in [`crate::checkout`].
//!
//! Money rules kept here: a price or platform cost changes only by the Super Admin; a payment
//! copies its price and cost when it starts; a top-up settles the agent's waiting items oldest
//! first under the wallet lock.

use std::future::Future;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use serde::Deserialize;
use sqlx::{AnyConnection, FromRow};

use domain::AppError;
use domain::agents::{
    AgentMerchant, AgentTotals, AgentWalletSummary, CustomDomain, DomainProof, MerchantState,
    PriceAndCost, PriceItem, PriceLine, PriceLineKind, PriceSheet, StripeKeys, StripeKeysView,
    StripeMode,
};
use domain::auth::{MerchantKind, Permission, Principal, Role};
use domain::credits::{Action, CreditType, Quantity, RelatedKind};
use domain::i18n::Message;
use domain::sections::Section;
use domain::tenants::{HostName, HostRoute, TenantKind, route_host};

use crate::charges::{ChargeKind, agent_wallet, lock_agent_wallet, settle_waiting_in};
use crate::config::{Config, PaymentsMode, Secret};
use crate::credits::{self, Posting};
use crate::paid::Applied;
use crate::payments;
use crate::stripe::{self, StripeAccount};
use crate::{Ctx, Db, Error, Result, ids};

// ---------------------------------------------------------------------------------------------
// Who may do what
// ---------------------------------------------------------------------------------------------

/// Refuses anyone but the main platform's Super Admin: the only role that sets prices.
pub fn require_super_admin(who: &Principal) -> Result<()> {
    match &who.role {
        Role::PlatformStaff(_)
            if who.tenant_kind == TenantKind::Platform && who.role.has(Permission::SuperAdmin) =>
        {
            Ok(())
        }
        _ => Err(AppError::Forbidden.into()),
    }
}

/// Refuses anyone but an agent's owner (keys, top-ups and domains are the owner's alone).
fn require_agent_owner(who: &Principal) -> Result<()> {
    if who.tenant_kind == TenantKind::Agent && matches!(who.role, Role::AgentOwner) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

pub(crate) async fn tenant_currency(
    conn: &mut AnyConnection,
    tenant_id: &str,
) -> Result<(String, String)> {
    sqlx::query_as("select kind, currency from tenants where id = $1")
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| AppError::NotFound.into())
}

// ---------------------------------------------------------------------------------------------
// The master price sheet
// ---------------------------------------------------------------------------------------------

/// Sets the price and platform cost of an item (annual fee or an ad duration) in `currency`.
/// Super Admin only; bad input changes nothing. Payments already started keep their price.
pub async fn set_price_item(
    db: &Db,
    now_ms: i64,
    who: &Principal,
    currency: &str,
    item: PriceItem,
    price_minor: &str,
    platform_cost_minor: &str,
) -> Result<PriceLine> {
    require_super_admin(who)?;
    let currency = domain::agents::parse_currency(currency)?;
    let priced = PriceAndCost::parse(price_minor, platform_cost_minor)?;
    sqlx::query(
        "insert into price_items (currency, item, price_minor, platform_cost_minor, updated_at_ms, updated_by)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (currency, item) do update set price_minor = excluded.price_minor,
             platform_cost_minor = excluded.platform_cost_minor, updated_at_ms = excluded.updated_at_ms,
             updated_by = excluded.updated_by",
    )
    .bind(&currency)
    .bind(item.as_str())
    .bind(priced.price_minor())
    .bind(priced.platform_cost_minor())
    .bind(now_ms)
    .bind(&who.user_id)
    .execute(db.pool())
    .await?;
    Ok(item_line(item, &currency, priced))
}

/// Changes a credit package's price and platform cost. Super Admin only; payments already
/// started keep the price they started with.
pub async fn set_package_price(
    db: &Db,
    who: &Principal,
    package_id: &str,
    price_minor: &str,
    platform_cost_minor: &str,
) -> Result<()> {
    require_super_admin(who)?;
    let priced = PriceAndCost::parse(price_minor, platform_cost_minor)?;
    let r = sqlx::query(
        "update credit_packages set price_minor = $2, platform_cost_minor = $3 where id = $1",
    )
    .bind(package_id)
    .bind(priced.price_minor())
    .bind(priced.platform_cost_minor())
    .execute(db.pool())
    .await?;
    if r.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

fn item_line(item: PriceItem, currency: &str, p: PriceAndCost) -> PriceLine {
    PriceLine {
        kind: PriceLineKind::Item(item),
        label: item.label().to_owned(),
        currency: currency.to_owned(),
        price_minor: p.price_minor(),
        platform_cost_minor: p.platform_cost_minor(),
        agent_profit_minor: p.agent_profit_minor(),
    }
}

/// The price sheet of one currency with the agent's profit per item. An agent (owner) reads
/// its own currency's sheet, read-only, whatever `currency` says; the Super Admin reads any
/// currency (default: the platform's) and may edit it. Anyone else is
/// [`AppError::Forbidden`]. Inactive packages are listed for the Super Admin only.
pub async fn price_sheet(db: &Db, who: &Principal, currency: Option<&str>) -> Result<PriceSheet> {
    crate::tenants::require(who, Section::Pricing)?;
    let editable = require_super_admin(who).is_ok();
    let mut conn = db.pool().acquire().await?;
    let currency = match (editable, currency) {
        (true, Some(c)) => domain::agents::parse_currency(c)?,
        _ => tenant_currency(&mut conn, &who.tenant_id).await?.1,
    };
    let items: Vec<(String, i64, i64)> = sqlx::query_as(
        "select item, price_minor, platform_cost_minor from price_items where currency = $1",
    )
    .bind(&currency)
    .fetch_all(&mut *conn)
    .await?;
    let mut lines = Vec::new();
    for item in PriceItem::ALL {
        if let Some((_, price, cost)) = items.iter().find(|(i, _, _)| i == item.as_str()) {
            lines.push(item_line(
                item,
                &currency,
                PriceAndCost::new(*price, *cost)?,
            ));
        }
    }
    let active_only = if editable { "" } else { "and active = 1" };
    let packages: Vec<payments::Package> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select id, name, credit_type, credits, price_minor, currency, active, platform_cost_minor, merchant_kind
         from credit_packages where currency = $1 {active_only}
         order by merchant_kind, credit_type, price_minor, id"
    )))
    .bind(&currency)
    .fetch_all(&mut *conn)
    .await?;
    for p in packages {
        let priced = PriceAndCost::new(p.price_minor, p.platform_cost_minor)?;
        lines.push(PriceLine {
            kind: PriceLineKind::Package {
                package_id: p.id,
                credit_type: CreditType::parse(&p.credit_type)?,
                credits: p.credits,
                for_temporary_merchants: p.merchant_kind == "temporary",
                active: p.active == 1,
            },
            label: p.name,
            currency: currency.clone(),
            price_minor: priced.price_minor(),
            platform_cost_minor: priced.platform_cost_minor(),
            agent_profit_minor: priced.agent_profit_minor(),
        });
    }
    Ok(PriceSheet {
        currency,
        lines,
        editable,
    })
}

/// The price and platform cost of `item` in `currency`, for a path about to charge it.
pub async fn item_price(
    conn: &mut AnyConnection,
    currency: &str,
    item: PriceItem,
) -> Result<PriceAndCost> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "select price_minor, platform_cost_minor from price_items where currency = $1 and item = $2",
    )
    .bind(currency)
    .bind(item.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let (price, cost) = row.ok_or_else(|| {
        AppError::invalid(
            item.label(),
            format!("has no price in {currency} yet; the platform must set it first"),
        )
    })?;
    Ok(PriceAndCost::new(price, cost)?)
}

/// An agent's wallet top-up.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct TopUp {
    pub id: String,
    pub tenant_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub provider: String,
    pub status: String,
    pub created_at_ms: i64,
}

const TOP_UP_COLUMNS: &str =
    "id, tenant_id, amount_minor, currency, provider, status, created_at_ms";

/// Starts a top-up of the agent's wallet by `amount_minor` (whole minor units of the agent's
/// currency) through the main platform's checkout: `provider` is `sandbox` or `stripe` (the
/// master's keys). The agent's owner only.
pub async fn start_top_up(
    db: &Db,
    now_ms: i64,
    who: &Principal,
    amount_minor: &str,
    provider: &str,
) -> Result<TopUp> {
    require_agent_owner(who)?;
    let amount = Quantity::parse(amount_minor)
        .map_err(|_| AppError::invalid("Amount", "must be a whole number of cents, at least 1"))?
        .get();
    if provider != "sandbox" && provider != "stripe" {
        return Err(AppError::invalid("Provider", "must be sandbox or stripe").into());
    }
    let mut conn = db.pool().acquire().await?;
    let (_, currency) = tenant_currency(&mut conn, &who.tenant_id).await?;
    let t = TopUp {
        id: ids::new_id(),
        tenant_id: who.tenant_id.clone(),
        amount_minor: amount,
        currency,
        provider: provider.to_owned(),
        status: "pending".to_owned(),
        created_at_ms: now_ms,
    };
    sqlx::query(
        "insert into agent_topups (id, tenant_id, amount_minor, currency, provider, status, created_at_ms)
         values ($1, $2, $3, $4, $5, 'pending', $6)",
    )
    .bind(&t.id)
    .bind(&t.tenant_id)
    .bind(t.amount_minor)
    .bind(&t.currency)
    .bind(&t.provider)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    Ok(t)
}

/// One top-up of `who`'s agent (any other is [`AppError::NotFound`]), e.g. for the sandbox
/// checkout page.
pub async fn top_up(db: &Db, who: &Principal, id: &str) -> Result<TopUp> {
    require_agent_owner(who)?;
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {TOP_UP_COLUMNS} from agent_topups where id = $1 and tenant_id = $2"
    )))
    .bind(id)
    .bind(&who.tenant_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| AppError::NotFound.into())
}

/// The top-up a platform webhook names; agents' own Stripe accounts never complete top-ups.
pub(crate) async fn top_up_in(conn: &mut AnyConnection, id: &str) -> Result<Option<TopUp>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {TOP_UP_COLUMNS} from agent_topups where id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Lands a paid top-up as a `purchase` row on the agent's wallet and completes waiting items,
/// oldest first, in the caller's transaction.
pub(crate) async fn apply_top_up_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    t: &TopUp,
    session_id: &str,
) -> Result<Applied> {
    lock_agent_wallet(conn, &t.tenant_id, now_ms).await?;
    let marked = sqlx::query(
        "update agent_topups set status = 'paid', paid_at_ms = $2, provider_session_id = $3 where id = $1 and status = 'pending'",
    )
    .bind(&t.id)
    .bind(now_ms)
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(Applied::Duplicate);
    }
    let words = Message::new("ledger-top-up").with(
        "amount",
        domain::credits::format_money(t.amount_minor, &t.currency),
    );
    let posting = Posting {
        wallet: agent_wallet(&t.tenant_id),
        action: Action::Purchase,
        amount: t.amount_minor,
        related_kind: RelatedKind::Payment,
        related_id: Some(t.id.clone()),
        description: words.english(),
        message: Some(words),
        idempotency_key: format!("topup:{}", t.id),
        actor_user_id: None,
    };
    let row = credits::post_in(conn, now_ms, &posting).await?;
    let settled = settle_waiting_in(conn, now_ms, &t.tenant_id).await?;
    Ok(Applied::ToppedUp {
        topup_id: t.id.clone(),
        ledger_id: row.id,
        settled,
    })
}

/// The agent's wallet page: balance, income per item, platform costs, profit, waiting items,
/// and its merchants with their states. The agent's owner and its Finance Viewer staff.
pub async fn wallet_summary(db: &Db, who: &Principal) -> Result<AgentWalletSummary> {
    crate::tenants::require(who, Section::AgentWallet)?;
    let mut conn = db.pool().acquire().await?;
    let (_, currency) = tenant_currency(&mut conn, &who.tenant_id).await?;
    let balance: Option<(i64,)> = sqlx::query_as("select balance from wallets where id = $1")
        .bind(agent_wallet(&who.tenant_id).id())
        .fetch_optional(&mut *conn)
        .await?;
    let totals = totals_in(&mut conn, &who.tenant_id).await?;
    let merchants: Vec<(String, String, String, String, Option<i64>)> = sqlx::query_as(
        "select id, company_name, kind, status, renews_at_ms from merchants where tenant_id = $1
         order by created_at_ms desc, id limit 500",
    )
    .bind(&who.tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(AgentWalletSummary {
        currency,
        balance_minor: balance.map_or(0, |(b,)| b),
        totals,
        merchants: merchants
            .into_iter()
            .map(|(id, name, kind, status, renews)| {
                Ok(AgentMerchant {
                    merchant_id: id,
                    company_name: name,
                    kind: MerchantKind::parse(&kind)?,
                    state: MerchantState::parse(&status)?,
                    renews_at_ms: renews,
                })
            })
            .collect::<std::result::Result<_, AppError>>()?,
    })
}

/// An agent's income, platform costs, profit and waiting items, from its charges.
async fn totals_in(conn: &mut AnyConnection, tenant_id: &str) -> Result<AgentTotals> {
    let sums: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "select kind, status, count(*), cast(coalesce(sum(price_minor), 0) as bigint),
                cast(coalesce(sum(platform_cost_minor), 0) as bigint)
         from agent_charges where tenant_id = $1 group by kind, status",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut totals = AgentTotals::default();
    for (kind, status, n, price, cost) in sums {
        if status == "cancelled" {
            // A rejected ad: refunded to the merchant, its cost (if taken) back in the wallet.
            continue;
        }
        if status == "settled" {
            match ChargeKind::parse(&kind) {
                ChargeKind::AnnualFee => totals.annual_fee_income_minor += price,
                ChargeKind::Package => totals.package_income_minor += price,
                ChargeKind::Ad => totals.ad_income_minor += price,
            }
            totals.platform_costs_minor += cost;
            totals.profit_minor += price - cost;
        } else {
            totals.pending_costs_minor += cost;
            totals.pending_count += n;
        }
    }
    Ok(totals)
}

/// The agent's totals alone (for the overview's waiting-items banner), without the wallet
/// page's merchant list. Who may read them is decided as for the wallet page.
pub async fn wallet_totals(db: &Db, who: &Principal) -> Result<(AgentTotals, String)> {
    crate::tenants::require(who, Section::AgentWallet)?;
    let mut conn = db.pool().acquire().await?;
    let (_, currency) = tenant_currency(&mut conn, &who.tenant_id).await?;
    Ok((totals_in(&mut conn, &who.tenant_id).await?, currency))
}

// ---------------------------------------------------------------------------------------------
// Agents' own Stripe keys
// ---------------------------------------------------------------------------------------------

/// The AES-256-GCM key that seals agents' secrets at rest.
pub struct KeyRing(Aes256Gcm);

/// Where the embedded default keeps its sealing key.
pub const KEY_FILE: &str = "agent-keys.key";

impl KeyRing {
    /// The key from `AGENT_KEYS_SECRET`, else from `DATA_DIR/agent-keys.key`, created (32
    /// random bytes, owner-only permissions) when missing.
    pub fn load(config: &Config) -> Result<Self> {
        let hex = match &config.agent_keys_secret {
            Some(s) => s.expose().to_owned(),
            None => Self::key_file(&config.data_dir)?,
        };
        let bytes = crate::ids::unhex(hex.trim())
            .filter(|b| b.len() == 32)
            .ok_or_else(|| {
                Error::Internal("the agent key file does not hold 64 hex characters".into())
            })?;
        let cipher = Aes256Gcm::new_from_slice(&bytes)
            .map_err(|e| Error::Internal(format!("agent key: {e}")))?;
        Ok(Self(cipher))
    }

    fn key_file(dir: &std::path::Path) -> Result<String> {
        use std::io::Write;
        let path = dir.join(KEY_FILE);
        std::fs::create_dir_all(dir)?;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        match opts.open(&path) {
            Ok(mut f) => {
                let key = ids::random_hex(32);
                f.write_all(key.as_bytes())?;
                f.sync_all()?;
                Ok(key)
            }
            // Another process (or an earlier start) made it: use that one.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(std::fs::read_to_string(&path)?)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Seals `plain` for `tenant_id`'s `field`: hex of a random 96-bit nonce and the
    /// ciphertext. The tenant and field are bound in as associated data, so a sealed value
    /// copied to another agent or field does not open.
    pub fn seal(&self, tenant_id: &str, field: &str, plain: &str) -> Result<String> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = format!("{tenant_id}:{field}");
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| Error::Internal("sealing failed".into()))?;
        Ok(format!("{}{}", ids::hex(&nonce), ids::hex(&sealed)))
    }

    /// Opens what [`KeyRing::seal`] sealed for the same tenant and field.
    pub fn open(&self, tenant_id: &str, field: &str, sealed: &str) -> Result<Secret> {
        let bytes = crate::ids::unhex(sealed)
            .filter(|b| b.len() > 12)
            .ok_or_else(|| Error::Internal(format!("sealed {field} of {tenant_id} is not hex")))?;
        let (nonce, body) = bytes.split_at(12);
        let aad = format!("{tenant_id}:{field}");
        let plain = self
            .0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| {
                Error::Internal(format!(
                    "sealed {field} of {tenant_id} does not open with this key (was AGENT_KEYS_SECRET or the key file changed?)"
                ))
            })?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| Error::Internal(format!("sealed {field} of {tenant_id} is not text")))
    }
}

/// The path Stripe sends an agent's events to.
pub fn webhook_path(tenant_id: &str) -> String {
    format!("/webhooks/stripe/agents/{tenant_id}")
}

#[derive(Deserialize)]
struct BalanceReply {
    object: String,
    livemode: bool,
}

/// Asks Stripe, with `secret_key`, for the account balance (`GET /v1/balance`): harmless, needs
/// a valid key, and says whether the key is live. A refusal names what to fix.
async fn check_key_with_stripe(api_base: &str, secret_key: &str, mode: StripeMode) -> Result<()> {
    let rejected = |reason: &str| -> Error {
        AppError::StripeKeysRejected {
            reason: reason.to_owned(),
        }
        .into()
    };
    let res = stripe::http_client()?
        .get(format!("{api_base}/v1/balance"))
        .bearer_auth(secret_key)
        .send()
        .await
        .map_err(|e| {
            tracing::warn!(error = %e.without_url(), "stripe key check could not reach Stripe");
            rejected("Stripe could not be reached to check them; please try again")
        })?;
    let status = res.status();
    if status.as_u16() == 401 {
        return Err(rejected(
            "the secret key is not valid (Stripe answered 401)",
        ));
    }
    if status.as_u16() == 403 {
        return Err(rejected(
            "the key may not read the account balance; use a secret key or a restricted key with balance read access",
        ));
    }
    if !status.is_success() {
        return Err(rejected(&format!(
            "Stripe answered {status}; please try again"
        )));
    }
    let reply: BalanceReply = res
        .json()
        .await
        .map_err(|_| rejected("Stripe's answer was not a balance; check the keys"))?;
    if reply.object != "balance" {
        return Err(rejected(
            "Stripe's answer was not a balance; check the keys",
        ));
    }
    let live = mode == StripeMode::Live;
    if reply.livemode != live {
        return Err(rejected(&format!(
            "the key was entered as a {} key but Stripe says it is a {} key",
            mode.label(),
            if reply.livemode { "live" } else { "test" }
        )));
    }
    Ok(())
}

/// Saves the agent's Stripe keys after checking their shape, their mode (test and live are
/// never mixed) and the secret key with Stripe itself. The secret key and webhook secret are
/// sealed before they are stored; the answer carries only masked hints. A refused key changes
/// nothing. The agent's owner only.
pub async fn save_stripe_keys(
    ctx: &Ctx,
    now_ms: i64,
    who: &Principal,
    publishable_key: &str,
    secret_key: &str,
    webhook_secret: &str,
) -> Result<StripeKeysView> {
    require_agent_owner(who)?;
    let keys = StripeKeys::parse(publishable_key, secret_key, webhook_secret)?;
    check_key_with_stripe(&ctx.config.stripe_api_base, &keys.secret_key, keys.mode).await?;
    let ring = KeyRing::load(&ctx.config)?;
    let tenant = &who.tenant_id;
    let secret_sealed = ring.seal(tenant, "secret_key", &keys.secret_key)?;
    let webhook_sealed = keys
        .webhook_secret
        .as_deref()
        .map(|w| ring.seal(tenant, "webhook_secret", w))
        .transpose()?;
    let view = StripeKeysView {
        publishable_key: keys.publishable_key.clone(),
        secret_key_hint: domain::agents::mask_secret(&keys.secret_key),
        webhook_secret_hint: keys
            .webhook_secret
            .as_deref()
            .map(domain::agents::mask_secret),
        mode: keys.mode,
        checked_at_ms: now_ms,
        webhook_path: webhook_path(tenant),
    };
    sqlx::query(
        "insert into agent_stripe_keys (tenant_id, publishable_key, secret_key_sealed, secret_key_hint,
             webhook_secret_sealed, webhook_secret_hint, live, checked_at_ms, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (tenant_id) do update set publishable_key = excluded.publishable_key,
             secret_key_sealed = excluded.secret_key_sealed, secret_key_hint = excluded.secret_key_hint,
             webhook_secret_sealed = excluded.webhook_secret_sealed,
             webhook_secret_hint = excluded.webhook_secret_hint, live = excluded.live,
             checked_at_ms = excluded.checked_at_ms, updated_by = excluded.updated_by",
    )
    .bind(tenant)
    .bind(&view.publishable_key)
    .bind(&secret_sealed)
    .bind(&view.secret_key_hint)
    .bind(webhook_sealed.as_deref())
    .bind(view.webhook_secret_hint.as_deref())
    .bind(i64::from(keys.mode == StripeMode::Live))
    .bind(now_ms)
    .bind(&who.user_id)
    .execute(ctx.db.pool())
    .await?;
    Ok(view)
}

/// The agent's payment settings, masked (`None` before keys were saved). The owner only.
pub async fn stripe_keys(db: &Db, who: &Principal) -> Result<Option<StripeKeysView>> {
    require_agent_owner(who)?;
    let row: Option<(String, String, Option<String>, i64, i64)> = sqlx::query_as(
        "select publishable_key, secret_key_hint, webhook_secret_hint, live, checked_at_ms
         from agent_stripe_keys where tenant_id = $1",
    )
    .bind(&who.tenant_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(pk, hint, wh, live, at)| StripeKeysView {
        publishable_key: pk,
        secret_key_hint: hint,
        webhook_secret_hint: wh,
        mode: if live == 1 {
            StripeMode::Live
        } else {
            StripeMode::Test
        },
        checked_at_ms: at,
        webhook_path: webhook_path(&who.tenant_id),
    }))
}

/// The agent's Stripe account (API base and unsealed secret key) and its unsealed webhook
/// secret, for server-side calls only. [`AppError::PaymentsNotConnected`] until both are set.
async fn agent_secrets(ctx: &Ctx, tenant_id: &str) -> Result<(StripeAccount, Secret)> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "select secret_key_sealed, webhook_secret_sealed from agent_stripe_keys where tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_optional(ctx.db.pool())
    .await?;
    let Some((secret_sealed, Some(webhook_sealed))) = row else {
        return Err(AppError::PaymentsNotConnected.into());
    };
    let ring = KeyRing::load(&ctx.config)?;
    let account = StripeAccount {
        api_base: ctx.config.stripe_api_base.clone(),
        secret_key: ring.open(tenant_id, "secret_key", &secret_sealed)?,
    };
    let webhook = ring.open(tenant_id, "webhook_secret", &webhook_sealed)?;
    Ok((account, webhook))
}

/// The checkout that collects a payment of `payee` (`None`: the main platform), decided by the
/// deployment's one [`PaymentsMode`]: the `sandbox` for everyone in sandbox mode; in live mode
/// `stripe`, through the payee's own account, and [`AppError::PaymentsNotConnected`] for an
/// agent that has not connected working keys (its merchants cannot pay yet; nothing falls back
/// to the sandbox). Top-ups always go to the main platform.
pub async fn checkout_provider(ctx: &Ctx, payee: Option<&str>) -> Result<&'static str> {
    match (ctx.config.payments, payee) {
        // No real money anywhere: every tenant's checkout is the sandbox.
        (PaymentsMode::Sandbox, _) => Ok("sandbox"),
        // The platform's own keys are required to start in live mode.
        (PaymentsMode::Stripe, None) => Ok("stripe"),
        (PaymentsMode::Stripe, Some(agent)) => {
            let row: Option<(i64,)> = sqlx::query_as(
                "select 1 from agent_stripe_keys where tenant_id = $1 and webhook_secret_sealed is not null",
            )
            .bind(agent)
            .fetch_optional(ctx.db.pool())
            .await?;
            // An agent without working keys takes no payments: never the sandbox.
            row.map(|_| "stripe")
                .ok_or_else(|| AppError::PaymentsNotConnected.into())
        }
    }
}

/// The webhook signing secret of an agent's own Stripe account
/// ([`AppError::PaymentsNotConnected`] without one).
pub(crate) async fn agent_webhook_secret(ctx: &Ctx, tenant_id: &str) -> Result<Secret> {
    Ok(agent_secrets(ctx, tenant_id).await?.1)
}

/// The Stripe account that collects a payment of `payee`, for the checkout and ads' refunds.
pub(crate) async fn collecting_account_for(
    ctx: &Ctx,
    payee: Option<&str>,
) -> Result<StripeAccount> {
    collecting_account(ctx, payee).await
}

/// The Stripe account that collects a payment of `payee` (`None`: the main platform's).
async fn collecting_account(ctx: &Ctx, payee: Option<&str>) -> Result<StripeAccount> {
    match payee {
        Some(agent) => Ok(agent_secrets(ctx, agent).await?.0),
        None => {
            let key = ctx
                .config
                .stripe_secret_key
                .clone()
                .ok_or(AppError::PaymentsNotConnected)?;
            Ok(StripeAccount {
                api_base: ctx.config.stripe_api_base.clone(),
                secret_key: key,
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Custom domains
// ---------------------------------------------------------------------------------------------

/// Looks up DNS TXT records: [`SystemResolver`] in production, a fake answering from a table
/// in tests.
pub trait TxtResolver: Send + Sync {
    /// The TXT strings published at `name` (empty when there are none).
    fn txt(&self, name: &str) -> impl Future<Output = Result<Vec<String>>> + Send;
}

/// The machine's DNS resolver (the name servers of `/etc/resolv.conf`), through
/// `hickory-resolver`.
pub struct SystemResolver(hickory_resolver::TokioResolver);

impl SystemResolver {
    /// Reads the system's resolver configuration.
    pub fn from_system() -> Result<Self> {
        let resolver = hickory_resolver::TokioResolver::builder_tokio()
            .and_then(hickory_resolver::ResolverBuilder::build)
            .map_err(|e| Error::Internal(format!("dns resolver: {e}")))?;
        Ok(Self(resolver))
    }
}

impl TxtResolver for SystemResolver {
    async fn txt(&self, name: &str) -> Result<Vec<String>> {
        use hickory_resolver::proto::rr::RData;
        // The trailing dot makes the name absolute: no search-domain guesses.
        match self.0.txt_lookup(format!("{name}.")).await {
            Ok(found) => Ok(found
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    // One TXT record may be split into several strings; they form one value.
                    RData::TXT(t) => Some(
                        t.txt_data
                            .iter()
                            .map(|part| String::from_utf8_lossy(part).into_owned())
                            .collect::<String>(),
                    ),
                    _ => None,
                })
                .collect()),
            Err(e) if e.is_no_records_found() || e.is_nx_domain() => Ok(Vec::new()),
            Err(e) => Err(Error::Internal(format!("dns lookup of {name}: {e}"))),
        }
    }
}

/// The most domains one agent may add.
pub const DOMAINS_PER_AGENT_MAX: i64 = 10;

fn domain_view(
    domain: String,
    verified: i64,
    token: Option<String>,
    checked: Option<i64>,
) -> CustomDomain {
    let proof = DomainProof::new(&domain, token.as_deref().unwrap_or_default());
    CustomDomain {
        domain,
        verified: verified == 1,
        proof,
        checked_at_ms: checked,
    }
}

/// Adds a custom domain to `who`'s agent site, unverified, with the TXT record to create. A
/// domain of the main platform (or an agent subdomain of it) and an IP address are refused;
/// a domain another site holds is [`AppError::DomainTaken`]. The agent's owner only.
pub async fn add_domain(
    db: &Db,
    now_ms: i64,
    who: &Principal,
    main_domains: &[HostName],
    raw: &str,
) -> Result<CustomDomain> {
    require_agent_owner(who)?;
    let trimmed = raw.trim().trim_end_matches('.');
    if trimmed.contains(':') || trimmed.contains('/') {
        return Err(AppError::invalid(
            "Domain",
            "enter a name like deals.example.com, without http:// or a port",
        )
        .into());
    }
    let host = HostName::parse(trimmed)?;
    if host.is_ip_literal() || !host.as_str().contains('.') {
        return Err(
            AppError::invalid("Domain", "must be a domain name like deals.example.com").into(),
        );
    }
    let under_main = main_domains
        .iter()
        .any(|d| host.as_str().ends_with(&format!(".{}", d.as_str())));
    if !matches!(route_host(&host, main_domains), HostRoute::CustomDomain(_)) || under_main {
        return Err(
            AppError::invalid("Domain", "belongs to this platform; enter your own domain").into(),
        );
    }
    let (count,): (i64,) =
        sqlx::query_as("select count(*) from tenant_domains where tenant_id = $1")
            .bind(&who.tenant_id)
            .fetch_one(db.pool())
            .await?;
    if count >= DOMAINS_PER_AGENT_MAX {
        return Err(AppError::invalid("Domain", "a site may have at most 10 domains").into());
    }
    let token = ids::random_hex(16);
    let inserted = sqlx::query(
        "insert into tenant_domains (domain, tenant_id, verified, created_at_ms, verify_token)
         values ($1, $2, 0, $3, $4) on conflict (domain) do nothing",
    )
    .bind(host.as_str())
    .bind(&who.tenant_id)
    .bind(now_ms)
    .bind(&token)
    .execute(db.pool())
    .await?;
    if inserted.rows_affected() == 0 {
        let (owner,): (String,) =
            sqlx::query_as("select tenant_id from tenant_domains where domain = $1")
                .bind(host.as_str())
                .fetch_one(db.pool())
                .await?;
        if owner != who.tenant_id {
            return Err(AppError::DomainTaken.into());
        }
        return domain(db, who, host.as_str()).await;
    }
    Ok(domain_view(host.as_str().to_owned(), 0, Some(token), None))
}

/// One domain of `who`'s agent.
pub async fn domain(db: &Db, who: &Principal, name: &str) -> Result<CustomDomain> {
    crate::tenants::require(who, Section::Site)?;
    let row: (String, i64, Option<String>, Option<i64>) = sqlx::query_as(
        "select domain, verified, verify_token, checked_at_ms from tenant_domains where domain = $1 and tenant_id = $2",
    )
    .bind(name.trim().to_ascii_lowercase())
    .bind(&who.tenant_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(domain_view(row.0, row.1, row.2, row.3))
}

/// Every domain of `who`'s agent, with its state and record.
pub async fn domains(db: &Db, who: &Principal) -> Result<Vec<CustomDomain>> {
    crate::tenants::require(who, Section::Site)?;
    let rows: Vec<(String, i64, Option<String>, Option<i64>)> = sqlx::query_as(
        "select domain, verified, verify_token, checked_at_ms from tenant_domains where tenant_id = $1 order by domain",
    )
    .bind(&who.tenant_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(d, v, t, c)| domain_view(d, v, t, c))
        .collect())
}

/// Removes a domain of `who`'s agent (it stops serving at once). The owner only.
pub async fn remove_domain(db: &Db, who: &Principal, name: &str) -> Result<()> {
    require_agent_owner(who)?;
    let r = sqlx::query("delete from tenant_domains where domain = $1 and tenant_id = $2")
        .bind(name.trim().to_ascii_lowercase())
        .bind(&who.tenant_id)
        .execute(db.pool())
        .await?;
    db.hosts().forget(|_| true);
    if r.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// Checks one domain's TXT record now (the page's verify button) and activates the domain
/// when the record is there. The domain's state afterwards.
pub async fn verify_domain(
    db: &Db,
    now_ms: i64,
    who: &Principal,
    resolver: &impl TxtResolver,
    name: &str,
) -> Result<CustomDomain> {
    require_agent_owner(who)?;
    let d = domain(db, who, name).await?;
    if !d.verified {
        check_domain(db, now_ms, resolver, &d).await?;
    }
    domain(db, who, name).await
}

async fn check_domain(
    db: &Db,
    now_ms: i64,
    resolver: &impl TxtResolver,
    d: &CustomDomain,
) -> Result<bool> {
    let found = resolver.txt(&d.proof.record_name).await?;
    let met = d.proof.is_met_by(&found);
    sqlx::query(
        "update tenant_domains set checked_at_ms = $2,
             verified = case when $3 = 1 then 1 else verified end,
             verified_at_ms = case when $3 = 1 and verified = 0 then $2 else verified_at_ms end
         where domain = $1",
    )
    .bind(&d.domain)
    .bind(now_ms)
    .bind(i64::from(met))
    .execute(db.pool())
    .await?;
    if met {
        // A verified domain serves the site, and becomes the agent's link host.
        db.hosts().forget(|_| true);
    }
    Ok(met)
}

/// The periodic job: checks up to `limit` unverified domains, least recently checked first,
/// and activates those whose record is there. How many were activated.
pub async fn verify_pending_domains(
    db: &Db,
    now_ms: i64,
    resolver: &impl TxtResolver,
    limit: i64,
) -> Result<u32> {
    let rows: Vec<(String, i64, Option<String>, Option<i64>)> = sqlx::query_as(
        "select domain, verified, verify_token, checked_at_ms from tenant_domains
         where verified = 0 and verify_token is not null
         order by coalesce(checked_at_ms, 0), domain limit $1",
    )
    .bind(limit.clamp(1, 1_000))
    .fetch_all(db.pool())
    .await?;
    let mut activated = 0;
    for (d, v, t, c) in rows {
        let view = domain_view(d, v, t, c);
        match check_domain(db, now_ms, resolver, &view).await {
            Ok(true) => activated += 1,
            Ok(false) => {}
            // One domain's DNS failing must not stop the others.
            Err(e) => tracing::warn!(domain = %view.domain, error = %e, "domain check failed"),
        }
    }
    Ok(activated)
}
