//! Monthly statements for the master platform, every agent and every merchant.
//!
//! - Figures come from the ledger (opening balance = the wallet's last `balance_after` before
//!   the month, then every line of the month, closing = the last line's `balance_after`) and
//!   from the coupon, WhatsApp, agent-charge and payment tables, over the month's bounds in
//!   the owner's tenant time zone. Nothing depends on when they are computed, so
//!   regenerating a month gives the same figures.
//! - One row per owner and month (`unique`): a generator claims it (insert, or take over an
//!   expired lease), computes, writes the PDF, then marks it ready. Several workers or a
//!   restart generate each statement once; [`run_due`] catches up whatever last month lacks.
//! - Ads: a merchant's ads paid, refunded, and their impressions and clicks; an agent's ad
//!   income from its merchants (refunds of rejected ads taken off in the month they happen);
//!   the platform's ad revenue from main-platform ads, the same way.

pub mod pdf;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sqlx::FromRow;

use domain::AppError;
use domain::auth::{Permission, Principal, Role};
use domain::credits::{Action, CreditType, OwnerType, format_money};
use domain::i18n::{self, Arg, Locale};
use domain::statements::{
    AgentFigures, AgentRank, BalanceTotal, Body, CountryRow, Figures, Header, Line, MasterFigures,
    MerchantFigures, Month, OverviewRow, Revenue, StatementSummary, WalletMonth,
};

use crate::credits::LedgerScope;
use crate::{Ctx, Db, Error, Result, ids};

/// How long a claim on a statement lasts before another worker may take it over.
pub const CLAIM_LEASE_MS: i64 = 10 * 60 * 1000;
/// Agents listed in each ranking of the master statement.
pub const TOP_AGENTS: usize = 10;
/// The most statements one list shows.
pub const LIST_MAX: i64 = 500;

/// Whose statement: the owner, its tenant, and what its header prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub owner_type: OwnerType,
    pub owner_id: String,
    pub tenant_id: String,
    pub company_name: String,
    pub address: Option<String>,
    pub currency: String,
    pub timezone: String,
}

/// The tenant's time zone; an unknown name falls back to UTC (logged), so a typo cannot stop
/// statements.
pub fn time_zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or_else(|e| {
        tracing::warn!(timezone = name, error = %e, "unknown time zone: statements use UTC");
        TimeZone::UTC
    })
}

fn first_day(m: Month) -> Result<Date> {
    Date::new(
        i16::try_from(m.year).map_err(|_| bad_month())?,
        i8::try_from(m.month).map_err(|_| bad_month())?,
        1,
    )
    .map_err(|_| bad_month())
}

fn bad_month() -> Error {
    AppError::invalid("Month", "is out of range").into()
}

/// The month's bounds in `tz`: local midnight of its first day, and of the next month's.
pub fn month_bounds(tz: &TimeZone, m: Month) -> Result<(i64, i64)> {
    let at = |d: Date| -> Result<i64> {
        Ok(d.to_zoned(tz.clone())
            .map_err(|e| Error::Internal(format!("month start: {e}")))?
            .timestamp()
            .as_millisecond())
    };
    Ok((at(first_day(m)?)?, at(first_day(m.next())?)?))
}

/// The local month `now_ms` falls in, in `tz`.
pub fn local_month(tz: &TimeZone, now_ms: i64) -> Result<Month> {
    let d = Timestamp::from_millisecond(now_ms)
        .map_err(|e| Error::Internal(format!("time: {e}")))?
        .to_zoned(tz.clone())
        .date();
    Ok(Month {
        year: i32::from(d.year()),
        month: u8::try_from(d.month()).map_err(|_| bad_month())?,
    })
}

fn local_time(tz: &TimeZone, ms: i64) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| {
            t.to_zoned(tz.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn day_label(d: Date) -> String {
    format!(
        "{} {}",
        d.day(),
        Month {
            year: i32::from(d.year()),
            month: u8::try_from(d.month()).unwrap_or(1)
        }
        .label()
    )
}

fn header(owner: &Owner, m: Month) -> Result<Header> {
    let first = first_day(m)?;
    let next = first_day(m.next())?;
    let last = next.yesterday().map_err(|_| bad_month())?;
    Ok(Header {
        owner_type: owner.owner_type,
        owner_id: owner.owner_id.clone(),
        company_name: owner.company_name.clone(),
        address: owner.address.clone(),
        month: m.to_string(),
        period: format!("{} to {}", day_label(first), day_label(last)),
        statement_date: next.to_string(),
        currency: owner.currency.clone(),
        timezone: owner.timezone.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// Owners

#[derive(FromRow)]
struct TenantRow {
    id: String,
    kind: String,
    company_name: String,
    country: String,
    currency: String,
    timezone: String,
    created_at_ms: i64,
}

#[derive(FromRow)]
struct MerchantOwnerRow {
    id: String,
    tenant_id: String,
    company_name: String,
    country: String,
    city: String,
}

async fn tenants(db: &Db) -> Result<Vec<TenantRow>> {
    Ok(sqlx::query_as::<_, TenantRow>(
        "select id, kind, company_name, country, currency, timezone, created_at_ms from tenants order by id",
    )
    .fetch_all(db.pool())
    .await?)
}

fn tenant_owner(t: &TenantRow) -> Owner {
    Owner {
        owner_type: if t.kind == "platform" {
            OwnerType::Master
        } else {
            OwnerType::Agent
        },
        owner_id: t.id.clone(),
        tenant_id: t.id.clone(),
        company_name: t.company_name.clone(),
        address: Some(t.country.clone()).filter(|c| !c.is_empty()),
        currency: t.currency.clone(),
        timezone: t.timezone.clone(),
    }
}

/// The owners of tenant `t` with a statement for the month ending at `end_ms`: the tenant
/// itself (the master always; an agent that existed by then) and every merchant it had by then.
async fn owners_of(db: &Db, t: &TenantRow, end_ms: i64) -> Result<Vec<Owner>> {
    if t.kind == "agent" && t.created_at_ms >= end_ms {
        return Ok(Vec::new());
    }
    let mut owners = vec![tenant_owner(t)];
    let rows = sqlx::query_as::<_, MerchantOwnerRow>(
        "select id, tenant_id, company_name, country, city from merchants
         where tenant_id = $1 and created_at_ms < $2 order by id",
    )
    .bind(&t.id)
    .bind(end_ms)
    .fetch_all(db.pool())
    .await?;
    owners.extend(rows.into_iter().map(|m| Owner {
        owner_type: OwnerType::Merchant,
        owner_id: m.id,
        tenant_id: m.tenant_id,
        company_name: m.company_name,
        address: Some(format!("{}, {}", m.city, m.country)),
        currency: t.currency.clone(),
        timezone: t.timezone.clone(),
    }));
    Ok(owners)
}

// ---------------------------------------------------------------------------------------------
// Figures

#[derive(FromRow)]
struct LineRow {
    created_at_ms: i64,
    action: String,
    owner_name: String,
    credit_type: String,
    amount: i64,
    balance_after: i64,
    description: String,
    message: Option<String>,
}

async fn wallet_month(
    db: &Db,
    tz: &TimeZone,
    owner_type: OwnerType,
    owner_id: &str,
    credit_type: CreditType,
    (start, end): (i64, i64),
) -> Result<WalletMonth> {
    let wallet_id = format!(
        "{}:{owner_id}:{}",
        owner_type.as_str(),
        credit_type.as_str()
    );
    let opening: Option<i64> = sqlx::query_scalar(
        "select balance_after from ledger_entries where wallet_id = $1 and created_at_ms < $2
         order by seq desc limit 1",
    )
    .bind(&wallet_id)
    .bind(start)
    .fetch_optional(db.pool())
    .await?;
    let opening = opening.unwrap_or(0);
    let rows = sqlx::query_as::<_, LineRow>(
        "select created_at_ms, action, '' as owner_name, credit_type, amount, balance_after, description,
                message
         from ledger_entries where wallet_id = $1 and created_at_ms >= $2 and created_at_ms < $3
         order by seq",
    )
    .bind(&wallet_id)
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let closing = rows.last().map_or(opening, |r| r.balance_after);
    Ok(WalletMonth {
        credit_type: credit_type.as_str().to_owned(),
        opening,
        lines: rows.into_iter().map(|r| line(tz, r)).collect(),
        closing,
    })
}

fn line(tz: &TimeZone, r: LineRow) -> Line {
    Line {
        at: local_time(tz, r.created_at_ms),
        action: r.action,
        owner: r.owner_name,
        credit_type: r.credit_type,
        amount: r.amount,
        balance_after: r.balance_after,
        description: r.description,
        message: crate::credits::parse_message(r.message.as_deref()),
    }
}

async fn count(db: &Db, sql: &'static str, id: &str, (start, end): (i64, i64)) -> Result<i64> {
    let n: Option<i64> = sqlx::query_scalar(sql)
        .bind(id)
        .bind(start)
        .bind(end)
        .fetch_one(db.pool())
        .await?;
    Ok(n.unwrap_or(0))
}

fn deducted(w: &WalletMonth) -> i64 {
    -w.lines
        .iter()
        .filter(|l| l.action == "deduct")
        .map(|l| l.amount)
        .sum::<i64>()
}

async fn merchant_figures(
    db: &Db,
    tz: &TimeZone,
    id: &str,
    range: (i64, i64),
) -> Result<MerchantFigures> {
    let mut wallets = Vec::with_capacity(3);
    for ct in CreditType::MERCHANT {
        wallets.push(wallet_month(db, tz, OwnerType::Merchant, id, ct, range).await?);
    }
    let generated = count(
        db,
        "select cast(coalesce(sum(quantity), 0) as bigint) from coupon_batches where merchant_id = $1 and created_at_ms >= $2 and created_at_ms < $3",
        id,
        range,
    )
    .await?;
    let taken = count(
        db,
        "select count(*) from coupons c join coupon_batches b on b.id = c.batch_id
         where b.merchant_id = $1 and c.taken_at_ms >= $2 and c.taken_at_ms < $3",
        id,
        range,
    )
    .await?;
    let redeemed = count(
        db,
        "select count(*) from coupons c join coupon_batches b on b.id = c.batch_id
         where b.merchant_id = $1 and c.redeemed_at_ms >= $2 and c.redeemed_at_ms < $3",
        id,
        range,
    )
    .await?;
    let refunded = count(
        db,
        "select cast(coalesce(sum(refunded_count), 0) as bigint) from coupon_batches
         where merchant_id = $1 and refunded_at_ms >= $2 and refunded_at_ms < $3",
        id,
        range,
    )
    .await?;
    // Sent: accepted by WhatsApp and not reported failed since; failed: never accepted, or
    // reported failed. Messages still queued at the month's end count in neither.
    let wa: Vec<(String, i64, i64)> = sqlx::query_as(
        "select class,
                cast(coalesce(sum(case when state = 'accepted' and status <> 'failed' then 1 else 0 end), 0) as bigint),
                cast(coalesce(sum(case when state = 'failed' or status = 'failed' then 1 else 0 end), 0) as bigint)
         from wa_messages where merchant_id = $1 and created_at_ms >= $2 and created_at_ms < $3
         group by class",
    )
    .bind(id)
    .bind(range.0)
    .bind(range.1)
    .fetch_all(db.pool())
    .await?;
    let wa_of = |class: &str| {
        wa.iter()
            .find(|r| r.0 == class)
            .map_or((0, 0), |r| (r.1, r.2))
    };
    let (ui_ok, ui_fail) = wa_of("ui");
    let (bi_ok, bi_fail) = wa_of("bi");
    let ads_bought = count(
        db,
        "select count(*) from ads where merchant_id = $1 and paid_at_ms >= $2 and paid_at_ms < $3",
        id,
        range,
    )
    .await?;
    let ads_paid = count(
        db,
        "select cast(coalesce(sum(price_minor), 0) as bigint) from ads
         where merchant_id = $1 and paid_at_ms >= $2 and paid_at_ms < $3",
        id,
        range,
    )
    .await?;
    let ads_refunded = count(
        db,
        "select cast(coalesce(sum(r.amount_minor), 0) as bigint) from ad_refunds r join ads a on a.id = r.ad_id
         where a.merchant_id = $1 and r.created_at_ms >= $2 and r.created_at_ms < $3",
        id,
        range,
    )
    .await?;
    let ad_impressions = count(
        db,
        "select cast(coalesce(sum(d.impressions), 0) as bigint) from ad_daily d join ads a on a.id = d.ad_id
         where a.merchant_id = $1 and d.day_ms >= $2 and d.day_ms < $3",
        id,
        range,
    )
    .await?;
    let ad_clicks = count(
        db,
        "select cast(coalesce(sum(d.clicks), 0) as bigint) from ad_daily d join ads a on a.id = d.ad_id
         where a.merchant_id = $1 and d.day_ms >= $2 and d.day_ms < $3",
        id,
        range,
    )
    .await?;
    Ok(MerchantFigures {
        ads_bought,
        ads_paid,
        ads_refunded,
        ad_impressions,
        ad_clicks,
        coupons_generated: generated,
        coupons_taken: taken,
        coupons_redeemed: redeemed,
        coupons_expired_refunded: refunded,
        wa_ui_success: ui_ok,
        wa_ui_fail: ui_fail,
        wa_bi_success: bi_ok,
        wa_bi_fail: bi_fail,
        wa_ui_credits_used: deducted(&wallets[1]),
        wa_bi_credits_used: deducted(&wallets[2]),
        wallets,
    })
}

async fn agent_figures(
    db: &Db,
    tz: &TimeZone,
    id: &str,
    range: (i64, i64),
) -> Result<AgentFigures> {
    let wallet = wallet_month(db, tz, OwnerType::Agent, id, CreditType::Money, range).await?;
    let new_merchants = count(
        db,
        "select count(*) from merchants where tenant_id = $1 and created_at_ms >= $2 and created_at_ms < $3",
        id,
        range,
    )
    .await?;
    let annual = count(
        db,
        "select cast(coalesce(sum(price_minor), 0) as bigint) from agent_charges
         where tenant_id = $1 and kind = 'annual_fee' and created_at_ms >= $2 and created_at_ms < $3",
        id,
        range,
    )
    .await?;
    let packages = count(
        db,
        "select cast(coalesce(sum(price_minor), 0) as bigint) from agent_charges
         where tenant_id = $1 and kind = 'package' and created_at_ms >= $2 and created_at_ms < $3",
        id,
        range,
    )
    .await?;
    let ads_paid = count(
        db,
        "select cast(coalesce(sum(price_minor), 0) as bigint) from agent_charges
         where tenant_id = $1 and kind = 'ad' and created_at_ms >= $2 and created_at_ms < $3",
        id,
        range,
    )
    .await?;
    let ads_refunded = count(
        db,
        "select cast(coalesce(sum(r.amount_minor), 0) as bigint) from ad_refunds r join ads a on a.id = r.ad_id
         where a.payee_tenant_id = $1 and r.created_at_ms >= $2 and r.created_at_ms < $3",
        id,
        range,
    )
    .await?;
    let ad_income = ads_paid - ads_refunded;
    let costs = deducted(&wallet);
    Ok(AgentFigures {
        new_merchants,
        annual_fee_income: annual,
        package_income: packages,
        ad_income,
        costs_deducted: costs,
        net_profit: annual + packages + ad_income - costs,
        wallet,
    })
}

async fn master_figures(db: &Db, range: (i64, i64)) -> Result<MasterFigures> {
    let (start, end) = range;
    let direct: Vec<(String, i64)> = sqlx::query_as(
        "select currency, cast(coalesce(sum(amount_minor), 0) as bigint) from (
             select currency, amount_minor from payments
             where status = 'paid' and payee_tenant_id is null and paid_at_ms >= $1 and paid_at_ms < $2
             union all
             select currency, amount_minor from membership_payments
             where status = 'paid' and payee_tenant_id is null and paid_at_ms >= $1 and paid_at_ms < $2
         ) p group by currency order by currency",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let from_agents: Vec<(String, i64)> = sqlx::query_as(
        "select t.currency, -cast(coalesce(sum(l.amount), 0) as bigint) from ledger_entries l join tenants t on t.id = l.owner_id
         where l.owner_type = 'agent' and l.action = 'deduct' and l.created_at_ms >= $1 and l.created_at_ms < $2
         group by t.currency order by t.currency",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let mut revenue: Vec<Revenue> = Vec::new();
    for (currency, amount, is_direct) in direct
        .into_iter()
        .map(|(c, a)| (c, a, true))
        .chain(from_agents.into_iter().map(|(c, a)| (c, a, false)))
    {
        let r = match revenue.iter_mut().find(|r| r.currency == currency) {
            Some(r) => r,
            None => {
                revenue.push(Revenue {
                    currency,
                    direct: 0,
                    from_agents: 0,
                    total: 0,
                });
                revenue
                    .last_mut()
                    .ok_or_else(|| Error::Internal("revenue".into()))?
            }
        };
        if is_direct {
            r.direct += amount;
        } else {
            r.from_agents += amount;
        }
        r.total += amount;
    }
    revenue.sort_by(|a, b| a.currency.cmp(&b.currency));

    let wa: Vec<(String, i64)> = sqlx::query_as(
        "select class, count(*) from wa_messages
         where state = 'accepted' and status <> 'failed' and created_at_ms >= $1 and created_at_ms < $2 group by class",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let wa_of = |c: &str| wa.iter().find(|r| r.0 == c).map_or(0, |r| r.1);

    let countries: Vec<(String, i64, i64)> = sqlx::query_as(
        "select country, count(*), cast(coalesce(sum(case when created_at_ms >= $1 then 1 else 0 end), 0) as bigint)
         from merchants where created_at_ms < $2 group by country order by country",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let wa_by_country: Vec<(String, i64)> = sqlx::query_as(
        "select m.country, count(*) from wa_messages w join merchants m on m.id = w.merchant_id
         where w.state = 'accepted' and w.status <> 'failed' and w.created_at_ms >= $1 and w.created_at_ms < $2 group by m.country",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let countries = countries
        .into_iter()
        .map(|(country, merchants, new_merchants)| CountryRow {
            wa_messages: wa_by_country
                .iter()
                .find(|w| w.0 == country)
                .map_or(0, |w| w.1),
            country,
            merchants,
            new_merchants,
        })
        .collect();

    let agents: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "select t.id, t.company_name, t.currency,
                (select count(*) from merchants m where m.tenant_id = t.id and m.created_at_ms < $2),
                (select cast(coalesce(sum(c.price_minor), 0) as bigint) from agent_charges c
                  where c.tenant_id = t.id and c.created_at_ms >= $1 and c.created_at_ms < $2)
         from tenants t where t.kind = 'agent' and t.created_at_ms < $2 order by t.id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let rank = |key: fn(&(String, String, String, i64, i64)) -> i64| {
        let mut v: Vec<&(String, String, String, i64, i64)> = agents.iter().collect();
        v.sort_by(|a, b| {
            key(b)
                .cmp(&key(a))
                .then_with(|| a.1.cmp(&b.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        v.into_iter()
            .take(TOP_AGENTS)
            .map(|a| AgentRank {
                company_name: a.1.clone(),
                currency: a.2.clone(),
                merchants: a.3,
                revenue: a.4,
            })
            .collect::<Vec<_>>()
    };
    let top_agents_by_merchants = rank(|a| a.3);
    let top_agents_by_revenue = rank(|a| a.4);

    let overview: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "select credit_type, action, count(*), cast(coalesce(sum(amount), 0) as bigint) from ledger_entries
         where created_at_ms >= $1 and created_at_ms < $2
         group by credit_type, action order by credit_type, action",
    )
    .bind(start)
    .bind(end)
    .fetch_all(db.pool())
    .await?;
    let overview: Vec<OverviewRow> = overview
        .into_iter()
        .map(|(credit_type, action, lines, total)| OverviewRow {
            credit_type,
            action,
            lines,
            total,
        })
        .collect();

    // All wallets of a credit type together: the sum of each wallet's last balance before the
    // bound; the movements in between are the overview's lines.
    let totals_before = |bound: i64| async move {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "select credit_type, cast(coalesce(sum(balance_after), 0) as bigint) from ledger_entries
             where seq in (select max(seq) from ledger_entries where created_at_ms < $1 group by wallet_id)
             group by credit_type",
        )
        .bind(bound)
        .fetch_all(db.pool())
        .await?;
        Ok::<_, Error>(rows)
    };
    let opening = totals_before(start).await?;
    let closing = totals_before(end).await?;
    let balances = ["coupon", "wa_ui", "wa_bi", "money"]
        .into_iter()
        .map(|ct| {
            let get = |v: &[(String, i64)]| v.iter().find(|r| r.0 == ct).map_or(0, |r| r.1);
            BalanceTotal {
                credit_type: ct.to_owned(),
                opening: get(&opening),
                movements: overview
                    .iter()
                    .filter(|o| o.credit_type == ct)
                    .map(|o| o.total)
                    .sum(),
                closing: get(&closing),
            }
        })
        .collect();

    let appendix_lines = overview.iter().map(|o| o.lines).sum();

    let platform_ads = |sql: &'static str| async move {
        let n: Option<i64> = sqlx::query_scalar(sql)
            .bind(start)
            .bind(end)
            .fetch_one(db.pool())
            .await?;
        Ok::<_, Error>(n.unwrap_or(0))
    };
    let ad_revenue = platform_ads(
        "select cast(coalesce(sum(a.price_minor), 0) as bigint) from ads a join tenants t on t.id = a.tenant_id
         where t.kind = 'platform' and a.merchant_id is not null and a.paid_at_ms >= $1 and a.paid_at_ms < $2",
    )
    .await?
        - platform_ads(
            "select cast(coalesce(sum(r.amount_minor), 0) as bigint) from ad_refunds r join ads a on a.id = r.ad_id
             join tenants t on t.id = a.tenant_id
             where t.kind = 'platform' and a.merchant_id is not null and r.created_at_ms >= $1 and r.created_at_ms < $2",
        )
        .await?;

    Ok(MasterFigures {
        revenue,
        wa_ui_volume: wa_of("ui"),
        wa_bi_volume: wa_of("bi"),
        ad_revenue,
        countries,
        top_agents_by_merchants,
        top_agents_by_revenue,
        overview,
        balances,
        appendix_lines,
    })
}

/// Computes `owner`'s figures for month `m` from what is stored. Deterministic: the same
/// stored rows give the same figures whenever it runs.
pub async fn compute(db: &Db, owner: &Owner, m: Month) -> Result<Figures> {
    let tz = time_zone(&owner.timezone);
    let range = month_bounds(&tz, m)?;
    let body = match owner.owner_type {
        OwnerType::Merchant => {
            Body::Merchant(merchant_figures(db, &tz, &owner.owner_id, range).await?)
        }
        OwnerType::Agent => Body::Agent(agent_figures(db, &tz, &owner.owner_id, range).await?),
        OwnerType::Master => Body::Master(Box::new(master_figures(db, range).await?)),
    };
    Ok(Figures {
        header: header(owner, m)?,
        body,
    })
}

// ---------------------------------------------------------------------------------------------
// The PDF

fn credits(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

fn amount(credit_type: &str, n: i64, currency: &str) -> String {
    if credit_type == "money" {
        format_money(n, currency)
    } else {
        credits(n)
    }
}

/// The language of a statement's own words: its owner's tenant's default language
/// (`tenants.default_locale`); English when the owner or the value is unknown.
async fn statement_locale(db: &Db, h: &Header) -> Result<Locale> {
    let sql = match h.owner_type {
        OwnerType::Merchant => {
            "select t.default_locale from merchants m join tenants t on t.id = m.tenant_id
             where m.id = $1"
        }
        OwnerType::Agent | OwnerType::Master => "select default_locale from tenants where id = $1",
    };
    let tag: Option<String> = sqlx::query_scalar(sql)
        .bind(&h.owner_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(tag.as_deref().and_then(Locale::parse).unwrap_or_default())
}

/// A day with its month's long name, in `locale`: `1 October 2026`, `1 Oktober 2026`,
/// `2026年10月1日`.
fn long_date(locale: Locale, d: Date) -> String {
    let month = match d.month() {
        1 => i18n::t(locale, "statement-month-1"),
        2 => i18n::t(locale, "statement-month-2"),
        3 => i18n::t(locale, "statement-month-3"),
        4 => i18n::t(locale, "statement-month-4"),
        5 => i18n::t(locale, "statement-month-5"),
        6 => i18n::t(locale, "statement-month-6"),
        7 => i18n::t(locale, "statement-month-7"),
        8 => i18n::t(locale, "statement-month-8"),
        9 => i18n::t(locale, "statement-month-9"),
        10 => i18n::t(locale, "statement-month-10"),
        11 => i18n::t(locale, "statement-month-11"),
        _ => i18n::t(locale, "statement-month-12"),
    };
    i18n::t_args(
        locale,
        "statement-date",
        &[
            ("day", Arg::from(i64::from(d.day()))),
            ("month", Arg::from(month)),
            ("monthnum", Arg::from(i64::from(d.month()))),
            ("year", Arg::from(d.year().to_string())),
        ],
    )
}

/// Month `m`'s first to last day, in `locale`: `1 October 2026 to 31 October 2026`.
fn period_text(locale: Locale, m: Month) -> Result<String> {
    let first = first_day(m)?;
    let last = first_day(m.next())?.yesterday().map_err(|_| bad_month())?;
    Ok(i18n::t_args(
        locale,
        "statement-period",
        &[
            ("from", Arg::from(long_date(locale, first))),
            ("to", Arg::from(long_date(locale, last))),
        ],
    ))
}

/// A credit type's short name in `locale` ("?" for an unknown one).
fn credit_label(locale: Locale, ct: &str) -> String {
    match CreditType::parse(ct) {
        Ok(CreditType::Coupon) => i18n::t(locale, "statement-credit-coupon"),
        Ok(CreditType::WaUi) => i18n::t(locale, "statement-credit-wa-ui"),
        Ok(CreditType::WaBi) => i18n::t(locale, "statement-credit-wa-bi"),
        Ok(CreditType::Money) => i18n::t(locale, "statement-credit-money"),
        Err(_) => "?".to_owned(),
    }
}

/// A ledger action's name in `locale` (an unknown one as stored).
fn action_label(locale: Locale, action: &str) -> String {
    match Action::parse(action) {
        Ok(Action::Purchase) => i18n::t(locale, "statement-action-purchase"),
        Ok(Action::Deduct) => i18n::t(locale, "statement-action-deduct"),
        Ok(Action::Refund) => i18n::t(locale, "statement-action-refund"),
        Ok(Action::Adjustment) => i18n::t(locale, "statement-action-adjustment"),
        Err(_) => action.to_owned(),
    }
}

/// A wallet's heading in `locale`: "Coupon credits", …, "Money wallet".
fn wallet_heading(locale: Locale, ct: &str) -> String {
    match CreditType::parse(ct) {
        Ok(CreditType::Coupon) => i18n::t(locale, "statement-wallet-coupon"),
        Ok(CreditType::WaUi) => i18n::t(locale, "statement-wallet-wa-ui"),
        Ok(CreditType::WaBi) => i18n::t(locale, "statement-wallet-wa-bi"),
        Ok(CreditType::Money) => i18n::t(locale, "statement-wallet-money"),
        Err(_) => i18n::t_args(
            locale,
            "statement-wallet-other",
            &[("type", Arg::from("?"))],
        ),
    }
}

/// One table column.
fn col(title: String, weight: f32, right: bool) -> pdf::Col {
    pdf::Col {
        title,
        weight,
        right,
    }
}

fn wallet_blocks(blocks: &mut Vec<pdf::Block>, w: &WalletMonth, currency: &str, locale: Locale) {
    use pdf::Block;
    blocks.push(Block::Heading(wallet_heading(locale, &w.credit_type)));
    blocks.push(Block::Pairs(vec![
        (
            i18n::t(locale, "statement-opening-balance"),
            amount(&w.credit_type, w.opening, currency),
        ),
        (
            i18n::t(locale, "statement-lines-this-month"),
            credits(i64::try_from(w.lines.len()).unwrap_or(i64::MAX)),
        ),
        (
            i18n::t(locale, "statement-closing-balance"),
            amount(&w.credit_type, w.closing, currency),
        ),
    ]));
    let mut rows = Vec::with_capacity(w.lines.len() + 2);
    rows.push(vec![
        String::new(),
        i18n::t(locale, "statement-opening-balance"),
        String::new(),
        String::new(),
        amount(&w.credit_type, w.opening, currency),
    ]);
    rows.extend(w.lines.iter().map(|l| {
        vec![
            l.at.clone(),
            l.text(locale),
            action_label(locale, &l.action),
            amount(&w.credit_type, l.amount, currency),
            amount(&w.credit_type, l.balance_after, currency),
        ]
    }));
    rows.push(vec![
        String::new(),
        i18n::t(locale, "statement-closing-balance"),
        String::new(),
        String::new(),
        amount(&w.credit_type, w.closing, currency),
    ]);
    blocks.push(Block::Table {
        cols: vec![
            col(i18n::t(locale, "statement-col-date"), 1.3, false),
            col(i18n::t(locale, "statement-col-description"), 3.2, false),
            col(i18n::t(locale, "statement-col-action"), 0.9, false),
            col(i18n::t(locale, "statement-col-amount"), 1.2, true),
            col(i18n::t(locale, "statement-col-balance"), 1.2, true),
        ],
        rows,
    });
}

/// The masthead and body blocks of a statement (the master's appendix comes separately), in
/// `locale`.
fn layout_statement(f: &Figures, locale: Locale) -> (pdf::Masthead, Vec<pdf::Block>) {
    use pdf::Block;
    let h = &f.header;
    let cur = h.currency.as_str();
    let kind = match h.owner_type {
        OwnerType::Merchant => i18n::t(locale, "statement-title-merchant"),
        OwnerType::Agent => i18n::t(locale, "statement-title-agent"),
        OwnerType::Master => i18n::t(locale, "statement-title-platform"),
    };
    // The period from the month, in the statement's language; the stored text if the month
    // does not parse.
    let period = Month::parse(&h.month)
        .ok()
        .and_then(|m| period_text(locale, m).ok())
        .unwrap_or_else(|| h.period.clone());
    let mut lines = Vec::new();
    if let Some(a) = &h.address {
        lines.push(a.clone());
    }
    lines.push(i18n::t_args(
        locale,
        "statement-period-line",
        &[
            ("period", Arg::from(period)),
            ("timezone", Arg::from(&h.timezone)),
        ],
    ));
    lines.push(i18n::t_args(
        locale,
        "statement-date-line",
        &[("date", Arg::from(&h.statement_date))],
    ));
    lines.push(i18n::t_args(
        locale,
        "statement-currency-line",
        &[("currency", Arg::from(cur))],
    ));
    let masthead = pdf::Masthead {
        title: kind.clone(),
        company_name: h.company_name.clone(),
        lines,
        footer: format!("{} · {} · {}", h.company_name, kind, h.month),
        locale,
    };
    let mut b: Vec<Block> = Vec::new();
    let n = credits;
    match &f.body {
        Body::Merchant(m) => {
            b.push(Block::Heading(i18n::t(locale, "statement-coupons")));
            b.push(Block::Pairs(vec![
                (
                    i18n::t(locale, "statement-coupons-generated"),
                    n(m.coupons_generated),
                ),
                (
                    i18n::t(locale, "statement-coupons-taken"),
                    n(m.coupons_taken),
                ),
                (
                    i18n::t(locale, "statement-coupons-redeemed"),
                    n(m.coupons_redeemed),
                ),
                (
                    i18n::t(locale, "statement-coupons-expired-refunded"),
                    n(m.coupons_expired_refunded),
                ),
            ]));
            // A brand name, the same in every language.
            b.push(Block::Heading("WhatsApp".into()));
            b.push(Block::Table {
                cols: vec![
                    col(i18n::t(locale, "statement-col-messages"), 2.0, false),
                    col(i18n::t(locale, "statement-col-sent"), 1.0, true),
                    col(i18n::t(locale, "statement-col-failed"), 1.0, true),
                    col(i18n::t(locale, "statement-col-credits-used"), 1.2, true),
                ],
                rows: vec![
                    vec![
                        i18n::t(locale, "statement-wa-ui"),
                        n(m.wa_ui_success),
                        n(m.wa_ui_fail),
                        n(m.wa_ui_credits_used),
                    ],
                    vec![
                        i18n::t(locale, "statement-wa-bi"),
                        n(m.wa_bi_success),
                        n(m.wa_bi_fail),
                        n(m.wa_bi_credits_used),
                    ],
                ],
            });
            for w in &m.wallets {
                wallet_blocks(&mut b, w, cur, locale);
            }
            b.push(Block::Heading(i18n::t(locale, "statement-ads")));
            b.push(Block::Pairs(vec![
                (i18n::t(locale, "statement-ads-bought"), n(m.ads_bought)),
                (
                    i18n::t(locale, "statement-ads-paid"),
                    format_money(m.ads_paid, cur),
                ),
                (
                    i18n::t(locale, "statement-ads-refunded"),
                    format_money(m.ads_refunded, cur),
                ),
                (
                    i18n::t(locale, "statement-ad-impressions"),
                    n(m.ad_impressions),
                ),
                (i18n::t(locale, "statement-ad-clicks"), n(m.ad_clicks)),
            ]));
        }
        Body::Agent(a) => {
            b.push(Block::Heading(i18n::t(locale, "statement-summary")));
            b.push(Block::Pairs(vec![
                (
                    i18n::t(locale, "statement-new-merchants"),
                    n(a.new_merchants),
                ),
                (
                    i18n::t(locale, "statement-annual-fee-income"),
                    format_money(a.annual_fee_income, cur),
                ),
                (
                    i18n::t(locale, "statement-package-income"),
                    format_money(a.package_income, cur),
                ),
                (
                    i18n::t(locale, "statement-ad-income"),
                    format_money(a.ad_income, cur),
                ),
                (
                    i18n::t(locale, "statement-costs-deducted"),
                    format_money(a.costs_deducted, cur),
                ),
                (
                    i18n::t(locale, "statement-net-profit"),
                    format_money(a.net_profit, cur),
                ),
                (
                    i18n::t(locale, "statement-wallet-opening"),
                    format_money(a.wallet.opening, cur),
                ),
                (
                    i18n::t(locale, "statement-wallet-closing"),
                    format_money(a.wallet.closing, cur),
                ),
            ]));
            wallet_blocks(&mut b, &a.wallet, cur, locale);
        }
        Body::Master(m) => {
            b.push(Block::Heading(i18n::t(
                locale,
                "statement-platform-revenue",
            )));
            b.push(Block::Table {
                cols: vec![
                    col(i18n::t(locale, "statement-col-currency"), 1.0, false),
                    col(i18n::t(locale, "statement-col-paid-to-platform"), 1.5, true),
                    col(
                        i18n::t(locale, "statement-col-costs-from-agents"),
                        1.8,
                        true,
                    ),
                    col(i18n::t(locale, "statement-col-total-revenue"), 1.5, true),
                ],
                rows: m
                    .revenue
                    .iter()
                    .map(|r| {
                        vec![
                            r.currency.clone(),
                            format_money(r.direct, &r.currency),
                            format_money(r.from_agents, &r.currency),
                            format_money(r.total, &r.currency),
                        ]
                    })
                    .collect(),
            });
            b.push(Block::Pairs(vec![
                (i18n::t(locale, "statement-wa-ui-sent"), n(m.wa_ui_volume)),
                (i18n::t(locale, "statement-wa-bi-sent"), n(m.wa_bi_volume)),
                (
                    i18n::t(locale, "statement-ad-revenue"),
                    format_money(m.ad_revenue, cur),
                ),
            ]));
            b.push(Block::Heading(i18n::t(locale, "statement-by-country")));
            b.push(Block::Table {
                cols: vec![
                    col(i18n::t(locale, "statement-col-country"), 1.0, false),
                    col(i18n::t(locale, "statement-col-merchants"), 1.0, true),
                    col(i18n::t(locale, "statement-col-new-this-month"), 1.0, true),
                    col(i18n::t(locale, "statement-col-wa-sent"), 1.0, true),
                ],
                rows: m
                    .countries
                    .iter()
                    .map(|c| {
                        vec![
                            c.country.clone(),
                            n(c.merchants),
                            n(c.new_merchants),
                            n(c.wa_messages),
                        ]
                    })
                    .collect(),
            });
            for (title, list) in [
                (
                    i18n::t(locale, "statement-top-agents-merchants"),
                    &m.top_agents_by_merchants,
                ),
                (
                    i18n::t(locale, "statement-top-agents-revenue"),
                    &m.top_agents_by_revenue,
                ),
            ] {
                b.push(Block::Heading(title));
                b.push(Block::Table {
                    cols: vec![
                        col(i18n::t(locale, "statement-col-agent"), 3.0, false),
                        col(i18n::t(locale, "statement-col-merchants"), 1.0, true),
                        col(
                            i18n::t(locale, "statement-col-revenue-this-month"),
                            1.5,
                            true,
                        ),
                    ],
                    rows: list
                        .iter()
                        .map(|a| {
                            vec![
                                a.company_name.clone(),
                                n(a.merchants),
                                format_money(a.revenue, &a.currency),
                            ]
                        })
                        .collect(),
                });
            }
            b.push(Block::Heading(i18n::t(locale, "statement-ledger-overview")));
            b.push(Block::Table {
                cols: vec![
                    col(i18n::t(locale, "statement-col-credit-type"), 1.5, false),
                    col(i18n::t(locale, "statement-col-opening-all"), 1.5, true),
                    col(i18n::t(locale, "statement-col-movements"), 1.2, true),
                    col(i18n::t(locale, "statement-col-closing-all"), 1.5, true),
                ],
                rows: m
                    .balances
                    .iter()
                    .map(|x| {
                        vec![
                            credit_label(locale, &x.credit_type),
                            n(x.opening),
                            n(x.movements),
                            n(x.closing),
                        ]
                    })
                    .collect(),
            });
            b.push(Block::Text(i18n::t(locale, "statement-minor-units")));
            b.push(Block::Table {
                cols: vec![
                    col(i18n::t(locale, "statement-col-credit-type"), 1.5, false),
                    col(i18n::t(locale, "statement-col-action"), 1.2, false),
                    col(i18n::t(locale, "statement-col-lines"), 1.0, true),
                    col(i18n::t(locale, "statement-col-total"), 1.5, true),
                ],
                rows: m
                    .overview
                    .iter()
                    .map(|o| {
                        vec![
                            credit_label(locale, &o.credit_type),
                            action_label(locale, &o.action),
                            n(o.lines),
                            n(o.total),
                        ]
                    })
                    .collect(),
            });
            b.push(Block::Text(i18n::t_args(
                locale,
                "statement-appendix-note",
                &[("lines", Arg::from(n(m.appendix_lines)))],
            )));
        }
    }
    (masthead, b)
}

/// The columns of the master statement's appendix, in `locale`.
fn appendix_cols(locale: Locale) -> Vec<pdf::Col> {
    vec![
        col(i18n::t(locale, "statement-col-date"), 1.3, false),
        col(i18n::t(locale, "statement-col-owner"), 1.7, false),
        col(i18n::t(locale, "statement-col-type"), 0.9, false),
        col(i18n::t(locale, "statement-col-description"), 2.2, false),
        col(i18n::t(locale, "statement-col-action"), 0.9, false),
        col(i18n::t(locale, "statement-col-amount"), 1.0, true),
        col(i18n::t(locale, "statement-col-balance"), 1.0, true),
    ]
}

/// Appendix pages' worth of rows read from the ledger per query.
const APPENDIX_FETCH_PAGES: usize = 20;

#[derive(FromRow)]
struct AppendixRow {
    seq: i64,
    #[sqlx(flatten)]
    line: LineRow,
}

/// The statement's PDF bytes and page count. The master's appendix (every ledger line of the
/// month) is read from the ledger in chunks as its pages are written, so memory stays flat
/// however many lines the month had.
pub async fn render_statement(
    db: &Db,
    fonts: &crate::pdf_text::FontSet,
    f: &Figures,
) -> Result<(Vec<u8>, usize)> {
    let locale = statement_locale(db, &f.header).await?;
    let (masthead, blocks) = layout_statement(f, locale);
    let Body::Master(m) = &f.body else {
        return pdf::render(fonts, &masthead, &blocks);
    };
    let rows =
        usize::try_from(m.appendix_lines).map_err(|_| Error::Internal("line count".into()))?;
    let appendix = pdf::Appendix {
        title: i18n::t(locale, "statement-appendix-title"),
        cols: appendix_cols(locale),
        rows,
    };
    let mut w = pdf::Writer::new(fonts, &masthead, &blocks, Some(appendix))?;
    let tz = time_zone(&f.header.timezone);
    let (start, end) = month_bounds(&tz, Month::parse(&f.header.month)?)?;
    let per_page = pdf::appendix_rows_per_page();
    let fetch = i64::try_from(per_page * APPENDIX_FETCH_PAGES).unwrap_or(1000);
    let mut after = -1_i64;
    let mut done = 0;
    let mut page: Vec<Vec<String>> = Vec::with_capacity(per_page);
    while done < rows {
        let chunk = sqlx::query_as::<_, AppendixRow>(
            "select l.seq, l.created_at_ms, l.action,
                    coalesce(m.company_name, t.company_name, l.owner_id) as owner_name,
                    l.credit_type, l.amount, l.balance_after, l.description, l.message
             from ledger_entries l
             left join merchants m on l.owner_type = 'merchant' and m.id = l.owner_id
             left join tenants t on l.owner_type <> 'merchant' and t.id = l.owner_id
             where l.created_at_ms >= $1 and l.created_at_ms < $2 and l.seq > $3
             order by l.seq limit $4",
        )
        .bind(start)
        .bind(end)
        .bind(after)
        .bind(fetch)
        .fetch_all(db.pool())
        .await?;
        let Some(last) = chunk.last() else { break };
        after = last.seq;
        for r in chunk {
            if done == rows {
                break;
            }
            let l = line(&tz, r.line);
            let text = l.text(locale);
            page.push(vec![
                l.at,
                l.owner,
                credit_label(locale, &l.credit_type),
                text,
                action_label(locale, &l.action),
                credits(l.amount),
                credits(l.balance_after),
            ]);
            done += 1;
            if page.len() == per_page {
                w.appendix_page(&page);
                page.clear();
            }
        }
    }
    if !page.is_empty() || rows == 0 {
        w.appendix_page(&page);
    }
    let pages = w.pages();
    Ok((w.finish()?, pages))
}

// ---------------------------------------------------------------------------------------------
// Generating and storing

/// Where a statement's PDF is kept.
pub fn file_key(owner_type: OwnerType, owner_id: &str, m: Month) -> String {
    format!("statements/{}/{owner_id}/{m}.pdf", owner_type.as_str())
}

/// Claims `owner`'s statement for `m`: inserts the row, or takes over a claim whose lease ran
/// out. `false` when it is ready or another generator holds it.
async fn claim(db: &Db, owner: &Owner, m: Month, now_ms: i64) -> Result<bool> {
    let inserted = sqlx::query(
        "insert into statements (id, tenant_id, owner_type, owner_id, month, company_name, status,
                                 lease_until_ms, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, 'generating', $7, $8)
         on conflict (owner_type, owner_id, month) do nothing",
    )
    .bind(ids::new_id())
    .bind(&owner.tenant_id)
    .bind(owner.owner_type.as_str())
    .bind(&owner.owner_id)
    .bind(m.to_string())
    .bind(&owner.company_name)
    .bind(now_ms + CLAIM_LEASE_MS)
    .bind(now_ms)
    .execute(db.pool())
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(true);
    }
    let taken = sqlx::query(
        "update statements set lease_until_ms = $4
         where owner_type = $1 and owner_id = $2 and month = $3 and status = 'generating' and lease_until_ms < $5",
    )
    .bind(owner.owner_type.as_str())
    .bind(&owner.owner_id)
    .bind(m.to_string())
    .bind(now_ms + CLAIM_LEASE_MS)
    .bind(now_ms)
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// Computes, renders and stores `owner`'s statement for `m` (the row must exist).
async fn produce(ctx: &Ctx, owner: &Owner, m: Month) -> Result<Figures> {
    let figures = compute(&ctx.db, owner, m).await?;
    let fonts = crate::pdf_text::FontSet::load(&ctx.config.pdf_fonts)?;
    let (bytes, _) = render_statement(&ctx.db, &fonts, &figures).await?;
    let key = file_key(owner.owner_type, &owner.owner_id, m);
    ctx.files.put(&key, &bytes).await?;
    let json =
        serde_json::to_string(&figures).map_err(|e| Error::Internal(format!("figures: {e}")))?;
    sqlx::query(
        "update statements set status = 'ready', figures = $4, file_key = $5, generated_at_ms = $6,
                company_name = $7
         where owner_type = $1 and owner_id = $2 and month = $3",
    )
    .bind(owner.owner_type.as_str())
    .bind(&owner.owner_id)
    .bind(m.to_string())
    .bind(json)
    .bind(key)
    .bind(ctx.clock.now_ms())
    .bind(&owner.company_name)
    .execute(ctx.db.pool())
    .await?;
    Ok(figures)
}

/// Generates `owner`'s statement for `m` unless it exists or another generator has it;
/// whether this call generated it.
pub async fn generate(ctx: &Ctx, owner: &Owner, m: Month) -> Result<bool> {
    if !claim(&ctx.db, owner, m, ctx.clock.now_ms()).await? {
        return Ok(false);
    }
    produce(ctx, owner, m).await?;
    Ok(true)
}

/// How many owners' statements a pass works on at once: enough to overlap one statement's
/// database round trips with another's PDF rendering on a small machine; the pool (and on
/// SQLite the single writer) bounds the rest.
const CONCURRENT_OWNERS: usize = 4;

/// Generates the statements of `owners` for `m`, [`CONCURRENT_OWNERS`] at a time: each once
/// (see [`generate`]), or with `rewrite` each written anew (the row claimed first, so a
/// worker's pass does not write it at the same moment). Returns how many this call wrote and
/// whether every owner's statement is now ready (false when another generator held one). The
/// first error stops the pass; statements in flight keep their lease and a later pass takes
/// them over.
async fn generate_many(
    ctx: &Ctx,
    owners: Vec<Owner>,
    m: Month,
    rewrite: bool,
) -> Result<(u64, bool)> {
    let mut tasks = tokio::task::JoinSet::new();
    let mut owners = owners.into_iter();
    let (mut written, mut complete) = (0, true);
    loop {
        while tasks.len() < CONCURRENT_OWNERS {
            let Some(o) = owners.next() else { break };
            let ctx = ctx.clone();
            tasks.spawn(async move {
                if rewrite {
                    claim(&ctx.db, &o, m, ctx.clock.now_ms()).await?;
                    produce(&ctx, &o, m).await?;
                    Ok(true)
                } else {
                    generate(&ctx, &o, m).await
                }
            });
        }
        let Some(done) = tasks.join_next().await else {
            break;
        };
        match done.map_err(|e| Error::Internal(format!("statement task: {e}")))?? {
            true => written += 1,
            false => complete = false,
        }
    }
    Ok((written, complete))
}

/// What one [`run_due`] pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunReport {
    /// Statements this pass generated.
    pub generated: u64,
    /// Tenants whose last month is now complete.
    pub tenants_completed: u64,
}

/// The schedule: for every tenant whose last month (in its time zone) is not complete yet,
/// generates the statements it lacks (master or agent, and every merchant). Runs on day 1 and
/// on every later pass until done, so a worker that was down on day 1 catches up on start.
pub async fn run_due(ctx: &Ctx) -> Result<RunReport> {
    let now = ctx.clock.now_ms();
    let mut report = RunReport::default();
    for t in tenants(&ctx.db).await? {
        let tz = time_zone(&t.timezone);
        let m = local_month(&tz, now)?.prev();
        let ms = m.to_string();
        let done: Option<i64> = sqlx::query_scalar(
            "select completed_at_ms from statement_runs where tenant_id = $1 and month = $2",
        )
        .bind(&t.id)
        .bind(&ms)
        .fetch_optional(ctx.db.pool())
        .await?;
        if done.is_some() {
            continue;
        }
        let (_, end) = month_bounds(&tz, m)?;
        let owners = owners_of(&ctx.db, &t, end).await?;
        let ready: Vec<(String, String)> = sqlx::query_as(
            "select owner_type, owner_id from statements where tenant_id = $1 and month = $2 and status = 'ready'",
        )
        .bind(&t.id)
        .bind(&ms)
        .fetch_all(ctx.db.pool())
        .await?;
        let ready: std::collections::HashSet<(String, String)> = ready.into_iter().collect();
        let todo = owners
            .into_iter()
            .filter(|o| !ready.contains(&(o.owner_type.as_str().to_owned(), o.owner_id.clone())))
            .collect();
        // Not complete when another worker holds one: the tenant completes on a later pass.
        let (written, complete) = generate_many(ctx, todo, m, false).await?;
        report.generated += written;
        if complete {
            sqlx::query(
                "insert into statement_runs (tenant_id, month, completed_at_ms) values ($1, $2, $3)
                 on conflict (tenant_id, month) do nothing",
            )
            .bind(&t.id)
            .bind(&ms)
            .bind(ctx.clock.now_ms())
            .execute(ctx.db.pool())
            .await?;
            report.tenants_completed += 1;
        }
    }
    Ok(report)
}

/// Regenerates every statement of month `month` (`YYYY-MM`), across all tenants: the Super
/// Admin's action. The month must be over in every tenant's time zone. Returns how many
/// statements were written.
pub async fn regenerate_month(ctx: &Ctx, who: &Principal, month: &str) -> Result<u64> {
    if !(matches!(who.role, Role::PlatformStaff(_)) && who.role.has(Permission::SuperAdmin)) {
        return Err(AppError::Forbidden.into());
    }
    let m = Month::parse(month)?;
    let now = ctx.clock.now_ms();
    let all = tenants(&ctx.db).await?;
    for t in &all {
        if m >= local_month(&time_zone(&t.timezone), now)? {
            return Err(AppError::invalid("Month", format!("{m} is not over yet")).into());
        }
    }
    let mut written = 0;
    for t in &all {
        let (_, end) = month_bounds(&time_zone(&t.timezone), m)?;
        let owners = owners_of(&ctx.db, t, end).await?;
        written += generate_many(ctx, owners, m, true).await?.0;
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Which statements `who` may read: a merchant its own; an agent (or its finance staff) its
/// own and its merchants'; the main platform's Finance Viewer and Super Admin every one.
pub fn scope(who: &Principal) -> Result<LedgerScope> {
    crate::tenants::require(who, domain::sections::Section::Statements)?;
    Ok(match &who.role {
        Role::Merchant { merchant_id, .. } => LedgerScope::Merchant(merchant_id.clone()),
        Role::AgentOwner | Role::AgentStaff(_) => LedgerScope::Tenant(who.tenant_id.clone()),
        Role::PlatformStaff(_) => LedgerScope::Everything,
    })
}

#[derive(FromRow)]
struct SummaryRow {
    id: String,
    owner_type: String,
    owner_id: String,
    company_name: String,
    month: String,
    generated_at_ms: i64,
    file_key: String,
}

const SUMMARY_COLUMNS: &str =
    "id, owner_type, owner_id, company_name, month, generated_at_ms, file_key";

impl SummaryRow {
    fn summary(self) -> Result<(StatementSummary, String)> {
        Ok((
            StatementSummary {
                id: self.id,
                owner_type: OwnerType::parse(&self.owner_type)?,
                owner_id: self.owner_id,
                company_name: self.company_name,
                month: self.month,
                generated_at_ms: self.generated_at_ms,
            },
            self.file_key,
        ))
    }
}

fn scope_sql(scope: &LedgerScope) -> (&'static str, Option<String>) {
    match scope {
        LedgerScope::Merchant(id) => (
            "owner_type = 'merchant' and owner_id = $1",
            Some(id.clone()),
        ),
        LedgerScope::Tenant(t) => ("tenant_id = $1", Some(t.clone())),
        LedgerScope::Everything => ("1 = 1", None),
    }
}

/// The ready statements `who` may read, newest month first (at most [`LIST_MAX`]).
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<StatementSummary>> {
    let (cond, arg) = scope_sql(&scope(who)?);
    let sql = format!(
        "select {SUMMARY_COLUMNS} from statements where status = 'ready' and {cond}
         order by month desc, owner_type, company_name, id limit {LIST_MAX}"
    );
    let mut q = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql));
    if let Some(a) = arg {
        q = q.bind(a);
    }
    q.fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| r.summary().map(|s| s.0))
        .collect()
}

async fn find(db: &Db, who: &Principal, id: &str) -> Result<SummaryRow> {
    let (cond, arg) = scope_sql(&scope(who)?);
    // The id is bound last, so the scope's own argument keeps `$1`.
    let n = if arg.is_some() { 2 } else { 1 };
    let sql = format!(
        "select {SUMMARY_COLUMNS} from statements where status = 'ready' and {cond} and id = ${n}"
    );
    let mut q = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql));
    if let Some(a) = arg {
        q = q.bind(a);
    }
    q.bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::NotFound.into())
}

/// Statement `id` and its PDF's file key, when `who` may read it; anyone else gets
/// [`AppError::NotFound`], as for an id that does not exist.
pub async fn open(db: &Db, who: &Principal, id: &str) -> Result<(StatementSummary, String)> {
    find(db, who, id).await?.summary()
}

/// The stored figures of statement `id`, when `who` may read it.
pub async fn figures(db: &Db, who: &Principal, id: &str) -> Result<Figures> {
    let row = find(db, who, id).await?;
    let json: Option<String> = sqlx::query_scalar("select figures from statements where id = $1")
        .bind(&row.id)
        .fetch_one(db.pool())
        .await?;
    serde_json::from_str(&json.unwrap_or_default())
        .map_err(|e| Error::Internal(format!("figures: {e}")))
}

/// The stored figures of `owner_type`/`owner_id`'s statement for `month`, without an access
/// check: for the worker, tests and benches.
pub async fn stored_figures(
    db: &Db,
    owner_type: OwnerType,
    owner_id: &str,
    month: Month,
) -> Result<Option<Figures>> {
    let json: Option<Option<String>> = sqlx::query_scalar(
        "select figures from statements where owner_type = $1 and owner_id = $2 and month = $3",
    )
    .bind(owner_type.as_str())
    .bind(owner_id)
    .bind(month.to_string())
    .fetch_optional(db.pool())
    .await?;
    json.flatten()
        .map(|j| serde_json::from_str(&j).map_err(|e| Error::Internal(format!("figures: {e}"))))
        .transpose()
}
