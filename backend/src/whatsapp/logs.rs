//! The message logs and counts the dashboard shows, each scoped by the acting principal: a
//! merchant reads its own messages (with full phone numbers), an agent its merchants' and the
//! Super Admin everyone's (numbers masked). Counts are per class and UTC day; totals are per
//! tenant for the master and per merchant for an agent.

use sqlx::FromRow;

use domain::AppError;
use domain::auth::{Principal, Role};
use domain::sections::Section;
use domain::whatsapp::{
    AttemptLog, DailyCount, LogPage, LogQuery, MessageClass, MessageLog, Status, Trigger,
    VolumeTotals, mask_phone, show_phone,
};

use crate::{Db, Result};

/// The reason stored on a message refused at enqueue for lack of credits.
pub const INSUFFICIENT_CREDITS: &str = "insufficient credits";

/// Which messages a principal may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Merchant(String),
    Tenant(String),
    Everything,
}

impl Scope {
    /// A `where` clause on `alias.merchant_id` / `alias.tenant_id` with its one argument (`$1`).
    pub(crate) fn sql(&self, alias: &str) -> (String, Option<String>) {
        match self {
            Self::Merchant(m) => (format!("where {alias}.merchant_id = $1"), Some(m.clone())),
            Self::Tenant(t) => (format!("where {alias}.tenant_id = $1"), Some(t.clone())),
            Self::Everything => ("where 1 = 1".to_owned(), None),
        }
    }
}

/// The scope of `who`, or [`AppError::Forbidden`] for roles without the WhatsApp section.
pub fn scope(who: &Principal) -> Result<Scope> {
    crate::tenants::require(who, Section::WhatsApp)?;
    Ok(match &who.role {
        Role::Merchant { merchant_id, .. } => Scope::Merchant(merchant_id.clone()),
        Role::AgentOwner | Role::AgentStaff(_) => Scope::Tenant(who.tenant_id.clone()),
        Role::PlatformStaff(_) => Scope::Everything,
    })
}

/// Messages on one page of the logs.
pub const LOG_PAGE_ROWS: i64 = 50;

#[derive(FromRow)]
struct Row {
    id: String,
    merchant_id: String,
    merchant_name: String,
    wamid: Option<String>,
    recipient: String,
    class: String,
    trigger: String,
    status: String,
    credits_deducted: i64,
    coupon_id: Option<String>,
    attempts: i64,
    last_error: Option<String>,
    created_at_ms: i64,
    updated_at_ms: i64,
}

enum Arg {
    S(String),
    I(i64),
}

fn filters(scope: &Scope, q: &LogQuery) -> (String, Vec<Arg>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut push = |clause: &str, arg: Arg| {
        args.push(arg);
        clauses.push(clause.replace('?', &format!("${}", args.len())));
    };
    match scope {
        Scope::Merchant(m) => push("w.merchant_id = ?", Arg::S(m.clone())),
        Scope::Tenant(t) => push("w.tenant_id = ?", Arg::S(t.clone())),
        Scope::Everything => {}
    }
    if let Some(s) = q.status {
        push("w.status = ?", Arg::S(s.as_str().into()));
    }
    if let Some(c) = q.class {
        push("w.class = ?", Arg::S(c.as_str().into()));
    }
    if let Some(f) = q.from_ms {
        push("w.created_at_ms >= ?", Arg::I(f));
    }
    if let Some(u) = q.until_ms {
        push("w.created_at_ms < ?", Arg::I(u));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("where {}", clauses.join(" and "))
    };
    (filter, args)
}

fn to_log(who: &Principal, r: Row) -> Result<MessageLog> {
    let owner = who.merchant_id() == Some(r.merchant_id.as_str());
    Ok(MessageLog {
        recipient: if owner {
            show_phone(&r.recipient)
        } else {
            mask_phone(&r.recipient)
        },
        id: r.id,
        merchant_id: r.merchant_id,
        merchant_name: r.merchant_name,
        wamid: r.wamid,
        class: MessageClass::parse(&r.class)?,
        trigger: Trigger::parse(&r.trigger)?,
        status: Status::parse(&r.status)?,
        credits_deducted: r.credits_deducted,
        coupon_id: r.coupon_id,
        attempts: r.attempts,
        last_error: r.last_error,
        created_at_ms: r.created_at_ms,
        updated_at_ms: r.updated_at_ms,
    })
}

async fn rows(
    db: &Db,
    who: &Principal,
    q: &LogQuery,
    limit: i64,
    offset: i64,
) -> Result<Vec<MessageLog>> {
    let scope = scope(who)?;
    let (filter, args) = filters(&scope, q);
    let sql = format!(
        "select w.id, w.merchant_id, m.company_name as merchant_name, w.wamid, w.recipient, w.class, w.trigger,
                w.status, w.credits_deducted, w.coupon_id, w.attempts, w.last_error, w.created_at_ms, w.updated_at_ms
         from wa_messages w join merchants m on m.id = w.merchant_id
         {filter} order by w.created_at_ms desc, w.id limit {limit} offset {offset}"
    );
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
    for a in args {
        query = match a {
            Arg::S(s) => query.bind(s),
            Arg::I(i) => query.bind(i),
        };
    }
    query
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| to_log(who, r))
        .collect()
}

/// One page (`rows` messages, newest first) of the messages `who` may read that match `q`.
pub async fn message_page(
    db: &Db,
    who: &Principal,
    q: &LogQuery,
    rows_max: i64,
) -> Result<LogPage> {
    let limit = rows_max.clamp(1, 1000);
    let offset = q.offset.unwrap_or(0).max(0);
    let mut messages = rows(db, who, q, limit + 1, offset).await?;
    let more = i64::try_from(messages.len()).unwrap_or(i64::MAX) > limit;
    if more {
        messages.pop();
    }
    Ok(LogPage {
        messages,
        next: more.then_some(offset + limit),
    })
}

/// One message `who` may read; any other id is [`AppError::NotFound`].
pub async fn message(db: &Db, who: &Principal, message_id: &str) -> Result<MessageLog> {
    let scope = scope(who)?;
    let (filter, arg) = scope.sql("w");
    let sql = format!(
        "select w.id, w.merchant_id, m.company_name as merchant_name, w.wamid, w.recipient, w.class, w.trigger,
                w.status, w.credits_deducted, w.coupon_id, w.attempts, w.last_error, w.created_at_ms, w.updated_at_ms
         from wa_messages w join merchants m on m.id = w.merchant_id
         {filter} and w.id = {}",
        if arg.is_some() { "$2" } else { "$1" }
    );
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
    if let Some(a) = arg {
        query = query.bind(a);
    }
    let row = query
        .bind(message_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    to_log(who, row)
}

type AttemptRow = (i64, i64, Option<i64>, Option<String>, Option<String>);

/// The send attempts of one message `who` may read, first to last.
pub async fn attempts(db: &Db, who: &Principal, message_id: &str) -> Result<Vec<AttemptLog>> {
    message(db, who, message_id).await?;
    let found: Vec<AttemptRow> = sqlx::query_as(
        "select attempt, started_at_ms, finished_at_ms, outcome, error from wa_attempts
         where message_id = $1 order by attempt",
    )
    .bind(message_id)
    .fetch_all(db.pool())
    .await?;
    Ok(found
        .into_iter()
        .map(
            |(attempt, started_at_ms, finished_at_ms, outcome, error)| AttemptLog {
                attempt,
                started_at_ms,
                finished_at_ms,
                outcome: outcome.unwrap_or_else(|| "interrupted".to_owned()),
                error,
            },
        )
        .collect())
}

/// Success, failure and pending counts per UTC day and class between `from_ms` (inclusive) and
/// `until_ms` (exclusive), oldest day first.
pub async fn daily_counts(
    db: &Db,
    who: &Principal,
    from_ms: i64,
    until_ms: i64,
) -> Result<Vec<DailyCount>> {
    let scope = scope(who)?;
    let (filter, arg) = scope.sql("w");
    let (a, b) = if arg.is_some() {
        ("$2", "$3")
    } else {
        ("$1", "$2")
    };
    let sql = format!(
        "select w.created_at_ms / 86400000 as day, w.class,
                cast(sum(case when w.status in ('sent', 'delivered', 'read') then 1 else 0 end) as bigint),
                cast(sum(case when w.status = 'failed' then 1 else 0 end) as bigint),
                cast(sum(case when w.status = 'queued' then 1 else 0 end) as bigint)
         from wa_messages w {filter} and w.created_at_ms >= {a} and w.created_at_ms < {b}
         group by w.created_at_ms / 86400000, w.class order by day, w.class desc"
    );
    let mut query = sqlx::query_as::<_, (i64, String, i64, i64, i64)>(sqlx::AssertSqlSafe(sql));
    if let Some(arg) = arg {
        query = query.bind(arg);
    }
    query
        .bind(from_ms)
        .bind(until_ms)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(day, class, success, failure, pending)| {
            Ok(DailyCount {
                day: domain::time::date_ymd(day * 86_400_000),
                class: MessageClass::parse(&class)?,
                success,
                failure,
                pending,
            })
        })
        .collect()
}

/// UI/BI success and failure totals and credits deducted between `from_ms` and `until_ms`:
/// per tenant (the main platform and each agent) for master staff, per merchant for an agent,
/// and the merchant's own single row for a merchant.
pub async fn volume_totals(
    db: &Db,
    who: &Principal,
    from_ms: i64,
    until_ms: i64,
) -> Result<Vec<VolumeTotals>> {
    let scope = scope(who)?;
    let sums = "cast(sum(case when w.class = 'ui' and w.status in ('sent', 'delivered', 'read') then 1 else 0 end) as bigint),
                cast(sum(case when w.class = 'ui' and w.status = 'failed' then 1 else 0 end) as bigint),
                cast(sum(case when w.class = 'bi' and w.status in ('sent', 'delivered', 'read') then 1 else 0 end) as bigint),
                cast(sum(case when w.class = 'bi' and w.status = 'failed' then 1 else 0 end) as bigint),
                cast(coalesce(sum(w.credits_deducted), 0) as bigint)";
    let (sql, arg) = match &scope {
        Scope::Everything => (
            format!(
                "select t.id, t.brand_name, {sums} from wa_messages w join tenants t on t.id = w.tenant_id
                 where w.created_at_ms >= $1 and w.created_at_ms < $2
                 group by t.id, t.brand_name, t.kind order by t.kind desc, t.brand_name"
            ),
            None,
        ),
        Scope::Tenant(t) => (
            format!(
                "select m.id, m.company_name, {sums} from wa_messages w join merchants m on m.id = w.merchant_id
                 where w.created_at_ms >= $1 and w.created_at_ms < $2 and w.tenant_id = $3
                 group by m.id, m.company_name order by m.company_name"
            ),
            Some(t.clone()),
        ),
        Scope::Merchant(m) => (
            format!(
                "select m.id, m.company_name, {sums} from wa_messages w join merchants m on m.id = w.merchant_id
                 where w.created_at_ms >= $1 and w.created_at_ms < $2 and w.merchant_id = $3
                 group by m.id, m.company_name"
            ),
            Some(m.clone()),
        ),
    };
    let mut query =
        sqlx::query_as::<_, (String, String, i64, i64, i64, i64, i64)>(sqlx::AssertSqlSafe(sql))
            .bind(from_ms)
            .bind(until_ms);
    if let Some(arg) = arg {
        query = query.bind(arg);
    }
    Ok(query
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(
            |(owner_id, owner_name, ui_s, ui_f, bi_s, bi_f, credits)| VolumeTotals {
                owner_id,
                owner_name,
                ui_success: ui_s,
                ui_failure: ui_f,
                bi_success: bi_s,
                bi_failure: bi_f,
                credits_deducted: credits,
            },
        )
        .collect())
}

/// How many messages `who` may read were refused for lack of credits since `since_ms` (the
/// dashboard warns when this is above zero).
pub async fn insufficient_credit_failures(db: &Db, who: &Principal, since_ms: i64) -> Result<i64> {
    let scope = scope(who)?;
    let (filter, arg) = scope.sql("w");
    let (a, b) = if arg.is_some() {
        ("$2", "$3")
    } else {
        ("$1", "$2")
    };
    let sql = format!(
        "select count(*) from wa_messages w {filter} and w.last_error = {a} and w.created_at_ms >= {b}"
    );
    let mut query = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
    if let Some(arg) = arg {
        query = query.bind(arg);
    }
    let (n,) = query
        .bind(INSUFFICIENT_CREDITS)
        .bind(since_ms)
        .fetch_one(db.pool())
        .await?;
    Ok(n)
}

/// The most rows one CSV export holds.
pub const CSV_ROWS_MAX: i64 = 100_000;

/// The header of [`csv`].
pub const CSV_HEADER: [&str; 13] = [
    "message_id",
    "created_at",
    "merchant",
    "wamid",
    "recipient",
    "class",
    "trigger",
    "status",
    "credits_deducted",
    "coupon_id",
    "attempts",
    "last_error",
    "updated_at_ms",
];

/// The messages `who` may read matching `q` as CSV rows (header first), newest first, at most
/// [`CSV_ROWS_MAX`].
pub async fn csv_rows(db: &Db, who: &Principal, q: &LogQuery) -> Result<Vec<Vec<String>>> {
    let all = rows(db, who, q, CSV_ROWS_MAX, 0).await?;
    let mut out = vec![CSV_HEADER.iter().map(|h| (*h).to_owned()).collect()];
    for m in all {
        out.push(vec![
            m.id,
            domain::time::date_ymd(m.created_at_ms),
            m.merchant_name,
            m.wamid.unwrap_or_default(),
            m.recipient,
            m.class.label().to_owned(),
            m.trigger.as_str().to_owned(),
            m.status.as_str().to_owned(),
            m.credits_deducted.to_string(),
            m.coupon_id.unwrap_or_default(),
            m.attempts.to_string(),
            m.last_error.unwrap_or_default(),
            m.updated_at_ms.to_string(),
        ]);
    }
    Ok(out)
}

/// [`csv_rows`] as one CSV document (see [`crate::csv`]).
pub async fn csv(db: &Db, who: &Principal, q: &LogQuery) -> Result<String> {
    let rows = csv_rows(db, who, q).await?;
    crate::csv::to_string(&CSV_HEADER, &rows[1..])
}
