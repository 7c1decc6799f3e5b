//! The prepaid agent wallet's charges: when an agent's merchant pays for something (a package,
//! the annual fee, an ad), the platform cost leaves the agent's `money` wallet in the same
//! transaction that unlocks the item, or the item waits (`pending_top_up`) and unlocks, oldest
//! first and exactly once, when the wallet next covers it. Every path that touches an agent's
//! charges first locks that agent's wallet row, so a top-up and a merchant payment of the same
//! agent never interleave.
//!
//! What a settled charge unlocks (a package's credits, a membership, an ad's cost) is written
//! here, in SQL on the item's own rows, so the areas that sell items depend on this module and
//! never the other way round.

use sqlx::{AnyConnection, FromRow};

use domain::AppError;
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::i18n::Message;

use crate::credits::{self, Posting, WalletRef};
use crate::{Error, Result, ids};

// ---------------------------------------------------------------------------------------------
// The prepaid agent wallet: charges and top-ups
// ---------------------------------------------------------------------------------------------

/// What an agent's merchant paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeKind {
    AnnualFee,
    Package,
    /// A paid ad on the agent's site; its charge's `payment_id` is the ad's id.
    Ad,
}

impl ChargeKind {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::AnnualFee => "annual_fee",
            Self::Package => "package",
            Self::Ad => "ad",
        }
    }

    /// What the item is, for the agent's notices and wallet lines.
    const fn what(self) -> &'static str {
        match self {
            Self::AnnualFee => "the annual merchant fee",
            Self::Package => "a credit package",
            Self::Ad => "an advertisement",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "annual_fee" => Self::AnnualFee,
            "ad" => Self::Ad,
            _ => Self::Package,
        }
    }
}

/// A paid item of an agent's merchant whose platform cost the agent owes.
#[derive(Debug, Clone)]
pub struct NewCharge {
    pub tenant_id: String,
    pub merchant_id: String,
    pub kind: ChargeKind,
    pub payment_id: String,
    pub price_minor: i64,
    pub platform_cost_minor: i64,
    pub currency: String,
}

/// Whether a charge's platform cost was taken now or waits for a top-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charged {
    Settled,
    Pending,
}

#[derive(Debug, Clone, FromRow)]
struct ChargeRow {
    id: String,
    tenant_id: String,
    merchant_id: String,
    kind: String,
    payment_id: String,
    platform_cost_minor: i64,
}

const CHARGE_COLUMNS: &str = "id, tenant_id, merchant_id, kind, payment_id, platform_cost_minor";

/// The most waiting items one top-up completes; the rest complete with the next top-up or
/// the next payment.
pub const SETTLE_PER_TOP_UP_MAX: u32 = 1_000;

pub(crate) fn agent_wallet(tenant_id: &str) -> WalletRef {
    WalletRef {
        tenant_id: tenant_id.to_owned(),
        owner_type: OwnerType::Agent,
        owner_id: tenant_id.to_owned(),
        credit_type: CreditType::Money,
    }
}

/// Takes the agent's wallet row lock for the rest of the transaction (creating the wallet if
/// needed): the one place where top-ups and merchant payments of an agent queue up.
pub(crate) async fn lock_agent_wallet(
    conn: &mut AnyConnection,
    tenant_id: &str,
    now_ms: i64,
) -> Result<()> {
    let w = agent_wallet(tenant_id);
    sqlx::query(
        "insert into wallets (id, tenant_id, owner_type, owner_id, credit_type, balance, held, updated_at_ms)
         values ($1, $2, 'agent', $2, 'money', 0, 0, $3) on conflict do nothing",
    )
    .bind(w.id())
    .bind(tenant_id)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update wallets set updated_at_ms = updated_at_ms where id = $1")
        .bind(w.id())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records what an agent's merchant paid and takes the platform cost from the agent's wallet,
/// in the caller's transaction. Settles at once only when nothing older waits and the wallet
/// covers it; otherwise the item waits for the next top-up. The caller completes the item
/// (credits or activation) when this answers [`Charged::Settled`].
pub async fn charge_in(conn: &mut AnyConnection, now_ms: i64, c: &NewCharge) -> Result<Charged> {
    // The agent's wallet holds its site's currency; a charge in any other is refused before
    // anything is written.
    let (wallet_currency,): (String,) =
        sqlx::query_as("select currency from tenants where id = $1")
            .bind(&c.tenant_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
    if wallet_currency != c.currency {
        return Err(AppError::WrongCurrency {
            currency: c.currency.clone(),
            expected: wallet_currency,
        }
        .into());
    }
    lock_agent_wallet(conn, &c.tenant_id, now_ms).await?;
    let id = ids::new_id();
    let inserted = sqlx::query(
        "insert into agent_charges (id, tenant_id, merchant_id, kind, payment_id, price_minor, platform_cost_minor,
                                    currency, status, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'pending_top_up', $9) on conflict (payment_id) do nothing",
    )
    .bind(&id)
    .bind(&c.tenant_id)
    .bind(&c.merchant_id)
    .bind(c.kind.as_str())
    .bind(&c.payment_id)
    .bind(c.price_minor)
    .bind(c.platform_cost_minor)
    .bind(&c.currency)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(Error::Internal(format!(
            "payment {} was charged twice",
            c.payment_id
        )));
    }
    let (older,): (i64,) = sqlx::query_as(
        "select count(*) from agent_charges where tenant_id = $1 and status = 'pending_top_up' and id <> $2",
    )
    .bind(&c.tenant_id)
    .bind(&id)
    .fetch_one(&mut *conn)
    .await?;
    if older > 0 {
        tell_agent_it_waits_in(conn, now_ms, c).await?;
        return Ok(Charged::Pending);
    }
    let row = ChargeRow {
        id,
        tenant_id: c.tenant_id.clone(),
        merchant_id: c.merchant_id.clone(),
        kind: c.kind.as_str().to_owned(),
        payment_id: c.payment_id.clone(),
        platform_cost_minor: c.platform_cost_minor,
    };
    Ok(match settle_in(conn, now_ms, &row).await? {
        Settle::Done => Charged::Settled,
        Settle::NotCovered | Settle::Taken => {
            tell_agent_it_waits_in(conn, now_ms, c).await?;
            Charged::Pending
        }
    })
}

/// Tells the agent, in its support inbox, that a merchant's paid item waits for its top-up.
async fn tell_agent_it_waits_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    c: &NewCharge,
) -> Result<()> {
    let (company,): (String,) = sqlx::query_as("select company_name from merchants where id = $1")
        .bind(&c.merchant_id)
        .fetch_one(&mut *conn)
        .await?;
    let what = c.kind.what();
    let body = format!(
        "Automatic notice: {company} paid {what} ({}). Its platform cost of {} waits for your wallet top-up; it completes automatically, oldest first, as soon as your wallet covers it.",
        domain::credits::format_money(c.price_minor, &c.currency),
        domain::credits::format_money(c.platform_cost_minor, &c.currency),
    );
    crate::support::platform_notice_in(conn, now_ms, &c.tenant_id, &body).await
}

enum Settle {
    /// The cost was taken now.
    Done,
    /// The wallet cannot cover it; nothing changed.
    NotCovered,
    /// Someone else settled it already.
    Taken,
}

/// Claims a waiting charge and takes its cost; reverts the claim (inside the transaction) when
/// the wallet cannot cover it.
async fn settle_in(conn: &mut AnyConnection, now_ms: i64, ch: &ChargeRow) -> Result<Settle> {
    let claimed = sqlx::query(
        "update agent_charges set status = 'settled', settled_at_ms = $2 where id = $1 and status = 'pending_top_up'",
    )
    .bind(&ch.id)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(Settle::Taken);
    }
    if ch.platform_cost_minor > 0 {
        let what = match ChargeKind::parse(&ch.kind) {
            ChargeKind::AnnualFee => "annual_fee",
            ChargeKind::Package => "package",
            ChargeKind::Ad => "ad",
        };
        let words = Message::new("ledger-merchant-cost").with("what", what);
        let posting = Posting {
            wallet: agent_wallet(&ch.tenant_id),
            action: Action::Deduct,
            amount: -ch.platform_cost_minor,
            related_kind: if ch.kind == ChargeKind::Ad.as_str() {
                RelatedKind::Ad
            } else {
                RelatedKind::Payment
            },
            related_id: Some(ch.payment_id.clone()),
            description: words.english(),
            message: Some(words),
            idempotency_key: format!("agent_charge:{}", ch.id),
            actor_user_id: None,
        };
        match credits::post_in(conn, now_ms, &posting).await {
            Ok(_) => {}
            Err(Error::User(AppError::InsufficientCredits { .. })) => {
                sqlx::query(
                    "update agent_charges set status = 'pending_top_up', settled_at_ms = null where id = $1",
                )
                .bind(&ch.id)
                .execute(&mut *conn)
                .await?;
                return Ok(Settle::NotCovered);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Settle::Done)
}

/// Completes waiting items of `tenant_id`, oldest first, while the wallet covers them; stops
/// at the first it cannot cover so none jumps the queue. How many completed.
pub(crate) async fn settle_waiting_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    tenant_id: &str,
) -> Result<u32> {
    let mut done = 0;
    while done < SETTLE_PER_TOP_UP_MAX {
        let next: Option<ChargeRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "select {CHARGE_COLUMNS} from agent_charges where tenant_id = $1 and status = 'pending_top_up'
             order by created_at_ms, id limit 1"
        )))
        .bind(tenant_id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(ch) = next else { break };
        match settle_in(conn, now_ms, &ch).await? {
            Settle::Done => {
                complete_in(conn, now_ms, &ch).await?;
                done += 1;
            }
            Settle::NotCovered => break,
            // Cannot happen under the wallet lock; the next loop reads the queue again.
            Settle::Taken => {}
        }
    }
    Ok(done)
}

/// What a settled charge unlocks: the package's credits, or the membership.
async fn complete_in(conn: &mut AnyConnection, now_ms: i64, ch: &ChargeRow) -> Result<()> {
    match ChargeKind::parse(&ch.kind) {
        ChargeKind::Package => {
            credit_package_in(conn, now_ms, &ch.payment_id).await?;
        }
        ChargeKind::AnnualFee => {
            activate_in(conn, now_ms, &ch.merchant_id).await?;
        }
        ChargeKind::Ad => ad_cost_taken_in(conn, &ch.payment_id).await?,
    }
    Ok(())
}

/// Settles `tenant_id`'s waiting items oldest first while its wallet covers them (what a
/// top-up does), under the wallet lock, in the caller's transaction. How many completed.
pub(crate) async fn settle_queue_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    tenant_id: &str,
) -> Result<u32> {
    lock_agent_wallet(conn, tenant_id, now_ms).await?;
    settle_waiting_in(conn, now_ms, tenant_id).await
}

/// A charge's state after [`cancel_charge_in`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cancelled {
    /// It waited for a top-up: no cost was taken and none will be.
    WasWaiting,
    /// Its cost was taken; the caller returns it to the wallet.
    WasSettled,
    /// Cancelled before, or never charged.
    Nothing,
}

/// Cancels the charge of `payment_id` (a rejected ad), once, in the caller's transaction.
pub(crate) async fn cancel_charge_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    payment_id: &str,
) -> Result<Cancelled> {
    let tenant: Option<(String,)> =
        sqlx::query_as("select tenant_id from agent_charges where payment_id = $1")
            .bind(payment_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((tenant_id,)) = tenant else {
        return Ok(Cancelled::Nothing);
    };
    // Under the wallet lock no top-up settles it between the read and the update.
    lock_agent_wallet(conn, &tenant_id, now_ms).await?;
    let (status,): (String,) =
        sqlx::query_as("select status from agent_charges where payment_id = $1")
            .bind(payment_id)
            .fetch_one(&mut *conn)
            .await?;
    let done = sqlx::query(
        "update agent_charges set status = 'cancelled', settled_at_ms = null, cancelled_at_ms = $2
         where payment_id = $1 and status = $3",
    )
    .bind(payment_id)
    .bind(now_ms)
    .bind(&status)
    .execute(&mut *conn)
    .await?;
    Ok(match (done.rows_affected(), status.as_str()) {
        (0, _) | (_, "cancelled") => Cancelled::Nothing,
        (_, "settled") => Cancelled::WasSettled,
        _ => Cancelled::WasWaiting,
    })
}

/// Activates a merchant for a year from the later of now and its current renewal date.
pub(crate) async fn activate_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    merchant_id: &str,
) -> Result<i64> {
    let (renews,): (Option<i64>,) =
        sqlx::query_as("select renews_at_ms from merchants where id = $1")
            .bind(merchant_id)
            .fetch_one(&mut *conn)
            .await?;
    let until = domain::agents::renewed_until(now_ms, renews);
    sqlx::query("update merchants set status = 'active', renews_at_ms = $2 where id = $1")
        .bind(merchant_id)
        .bind(until)
        .execute(&mut *conn)
        .await?;
    Ok(until)
}

/// Posts a paid package's credits to its merchant (once per payment, by key), in the
/// caller's transaction: what a package payment unlocks, whoever collected it.
pub(crate) async fn credit_package_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    payment_id: &str,
) -> Result<String> {
    let (tenant_id, merchant_id, credit_type, credits): (String, String, String, i64) =
        sqlx::query_as(
            "select tenant_id, merchant_id, credit_type, credits from payments where id = $1",
        )
        .bind(payment_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::Internal(format!("payment {payment_id} vanished")))?;
    let credit_type = CreditType::parse(&credit_type)?;
    let words = Message::new("ledger-bought")
        .with("credits", credits)
        .with("type", credit_type.as_str());
    let posting = Posting {
        wallet: WalletRef {
            tenant_id,
            owner_type: OwnerType::Merchant,
            owner_id: merchant_id,
            credit_type,
        },
        action: Action::Purchase,
        amount: credits,
        related_kind: RelatedKind::Payment,
        related_id: Some(payment_id.to_owned()),
        description: words.english(),
        message: Some(words),
        idempotency_key: format!("payment:{payment_id}"),
        actor_user_id: None,
    };
    Ok(credits::post_in(conn, now_ms, &posting).await?.id)
}

/// Marks an ad's platform cost taken, in the caller's transaction: what an ad's charge unlocks.
pub(crate) async fn ad_cost_taken_in(conn: &mut AnyConnection, ad_id: &str) -> Result<()> {
    sqlx::query("update ads set cost_taken = 1 where id = $1")
        .bind(ad_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
