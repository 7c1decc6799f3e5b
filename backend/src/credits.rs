//! The money core: wallets, the append-only ledger, and WhatsApp holds.
//!
//! One posting function writes a ledger row and moves the wallet's cached balance in the same
//! transaction. Invariants, checked by [`audit`]: a wallet's balance is the sum of its rows,
//! never negative, and never below what live holds set aside; every idempotency key is used
//! once; every hold is captured or released at most once. Posting a key again returns the
//! first result and changes nothing. No code updates or deletes a ledger row (the databases
//! refuse it too, by trigger).

use sqlx::{AnyConnection, FromRow};

use domain::AppError;
use domain::credits::{Action, CreditType, OwnerType, RelatedKind, WalletBalance};
use domain::i18n::Message;

use crate::{Db, Error, Result, ids};

/// Whose wallet: an owner and one of its credit types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WalletRef {
    pub tenant_id: String,
    pub owner_type: OwnerType,
    pub owner_id: String,
    pub credit_type: CreditType,
}

impl WalletRef {
    /// The wallet's row id: one per owner and credit type, derived, so no lookup is needed.
    pub fn id(&self) -> String {
        format!(
            "{}:{}:{}",
            self.owner_type.as_str(),
            self.owner_id,
            self.credit_type.as_str()
        )
    }
}

/// One movement to post.
#[derive(Debug, Clone)]
pub struct Posting {
    pub wallet: WalletRef,
    pub action: Action,
    /// Signed amount; its sign must fit the action.
    pub amount: i64,
    pub related_kind: RelatedKind,
    pub related_id: Option<String>,
    /// The line's words as stored (English): the bank record.
    pub description: String,
    /// The same words as a message each reader sees in their own language; `None` for lines
    /// whose words are the caller's own (tests, a fixture).
    pub message: Option<Message>,
    /// Unique per movement: posting the same key again is a no-op returning the first row.
    pub idempotency_key: String,
    pub actor_user_id: Option<String>,
}

/// A ledger row as stored.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LedgerRow {
    pub seq: i64,
    pub id: String,
    pub wallet_id: String,
    pub tenant_id: String,
    pub owner_type: String,
    pub owner_id: String,
    pub credit_type: String,
    pub action: String,
    pub amount: i64,
    pub balance_after: i64,
    pub related_kind: String,
    pub related_id: Option<String>,
    pub description: String,
    pub idempotency_key: String,
    pub actor_user_id: Option<String>,
    pub created_at_ms: i64,
    /// [`Posting::message`] as JSON; read it with [`parse_message`].
    pub message: Option<String>,
}

/// The columns of [`LedgerRow`], for `select`.
pub const LEDGER_COLUMNS: &str = "seq, id, wallet_id, tenant_id, owner_type, owner_id, credit_type, action, amount, \
     balance_after, related_kind, related_id, description, idempotency_key, actor_user_id, created_at_ms, message";

/// A ledger line's message as stored (JSON).
fn message_json(m: Option<&Message>) -> Option<String> {
    m.and_then(|m| serde_json::to_string(m).ok())
}

/// A stored message read back; one this version cannot read is `None` (the line then shows
/// its description).
pub fn parse_message(json: Option<&str>) -> Option<Message> {
    json.and_then(|j| serde_json::from_str(j).ok())
}

/// The longest description kept.
pub const DESCRIPTION_MAX_CHARS: usize = 300;
/// The longest idempotency key accepted.
pub const KEY_MAX_LEN: usize = 200;

fn check_posting(p: &Posting) -> Result<()> {
    p.action.check_amount(p.amount)?;
    if p.amount.unsigned_abs() > domain::credits::Quantity::MAX.unsigned_abs() {
        return Err(AppError::invalid("Amount", "is larger than 1,000,000,000,000").into());
    }
    check_key(&p.idempotency_key)?;
    if p.description.trim().is_empty() || p.description.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(AppError::invalid("Description", "must be 1 to 300 characters").into());
    }
    let merchant_wallet = CreditType::MERCHANT.contains(&p.wallet.credit_type);
    let fits = match p.wallet.owner_type {
        OwnerType::Merchant => merchant_wallet,
        OwnerType::Agent => p.wallet.credit_type == CreditType::Money,
        OwnerType::Master => true,
    };
    if !fits {
        return Err(
            AppError::invalid("Credit type", "does not belong to this kind of owner").into(),
        );
    }
    Ok(())
}

/// How often a posting or hold retries after losing a race on its own idempotency key.
const KEY_RACE_RETRIES_MAX: u32 = 3;

/// Posts one movement in its own transaction. See [`post_in`].
pub async fn post(db: &Db, now_ms: i64, p: &Posting) -> Result<LedgerRow> {
    check_posting(p)?;
    for _ in 0..KEY_RACE_RETRIES_MAX {
        let mut tx = db.begin_write().await?;
        match post_in(&mut tx, now_ms, p).await {
            Ok(row) => {
                tx.commit().await?;
                return Ok(row);
            }
            // Two transactions raced to post the same new key; the loser finds the winner's
            // row on its next try and returns it.
            Err(Error::Storage(e)) if is_unique_violation(&e) => {
                tx.rollback().await?;
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::Internal(format!(
        "posting {} kept losing key races",
        p.idempotency_key
    )))
}

/// Posts one movement inside the caller's transaction (so a payment, a batch or a message can
/// change its own state and the ledger atomically). A deduction that would leave the wallet
/// with less than its live holds is refused with [`AppError::InsufficientCredits`] before
/// anything is written; a key already posted returns its row, or
/// [`AppError::IdempotencyConflict`] if the movement differs.
pub async fn post_in(conn: &mut AnyConnection, now_ms: i64, p: &Posting) -> Result<LedgerRow> {
    check_posting(p)?;
    let wallet_id = p.wallet.id();
    // The common case is two statements: move the balance (the row lock orders concurrent
    // postings on one wallet), then append the row. A missing wallet, a refusal or a key that
    // was already posted take the slower paths below.
    let mut balance_after = move_balance(conn, &wallet_id, p.amount, now_ms).await?;
    if balance_after.is_none() {
        // Try again whether or not this transaction created the wallet: on PostgreSQL a
        // wallet created by a transaction that committed after this statement began is
        // invisible to the first update but visible to the next one (found by the agents
        // bench: concurrent first purchases of one merchant refused as "insufficient").
        ensure_wallet(conn, &p.wallet, now_ms).await?;
        balance_after = move_balance(conn, &wallet_id, p.amount, now_ms).await?;
    }
    let Some(balance_after) = balance_after else {
        // Refused, unless this is a replay of a movement that already happened.
        if let Some(existing) = by_key(conn, &p.idempotency_key).await? {
            return same_or_conflict(existing, p);
        }
        return Err(insufficient(conn, &wallet_id, -p.amount).await);
    };
    let inserted: Option<LedgerRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "insert into ledger_entries (id, wallet_id, tenant_id, owner_type, owner_id, credit_type, action, amount,
             balance_after, related_kind, related_id, description, idempotency_key, actor_user_id, created_at_ms,
             message)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         on conflict (idempotency_key) do nothing
         returning {LEDGER_COLUMNS}"
    )))
    .bind(ids::new_id())
    .bind(&wallet_id)
    .bind(&p.wallet.tenant_id)
    .bind(p.wallet.owner_type.as_str())
    .bind(&p.wallet.owner_id)
    .bind(p.wallet.credit_type.as_str())
    .bind(p.action.as_str())
    .bind(p.amount)
    .bind(balance_after)
    .bind(p.related_kind.as_str())
    .bind(p.related_id.as_deref())
    .bind(p.description.trim())
    .bind(&p.idempotency_key)
    .bind(p.actor_user_id.as_deref())
    .bind(now_ms)
    .bind(message_json(p.message.as_ref()))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = inserted {
        crate::metrics::ledger_line(&row.credit_type, &row.action, row.amount);
        return Ok(row);
    }
    // The key was posted before (or by a transaction that committed while this one waited):
    // take the balance move back, inside this same transaction, and answer with the first row.
    sqlx::query("update wallets set balance = balance - $2 where id = $1")
        .bind(&wallet_id)
        .bind(p.amount)
        .execute(&mut *conn)
        .await?;
    let existing = by_key(conn, &p.idempotency_key).await?.ok_or_else(|| {
        Error::Internal(format!(
            "key {} conflicted but has no row",
            p.idempotency_key
        ))
    })?;
    same_or_conflict(existing, p)
}

/// The refusal for taking `requested` from a wallet that cannot give it, with what it has.
async fn insufficient(conn: &mut AnyConnection, wallet_id: &str, requested: i64) -> Error {
    let found: std::result::Result<(i64, i64), sqlx::Error> =
        sqlx::query_as("select balance, held from wallets where id = $1")
            .bind(wallet_id)
            .fetch_one(&mut *conn)
            .await;
    match found {
        Ok((balance, held)) => AppError::InsufficientCredits {
            balance: balance - held,
            requested,
        }
        .into(),
        Err(e) => e.into(),
    }
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > KEY_MAX_LEN {
        return Err(AppError::invalid("Idempotency key", "must be 1 to 200 characters").into());
    }
    Ok(())
}

fn same_or_conflict(existing: LedgerRow, p: &Posting) -> Result<LedgerRow> {
    let same = existing.wallet_id == p.wallet.id()
        && existing.amount == p.amount
        && existing.action == p.action.as_str();
    if same {
        Ok(existing)
    } else {
        Err(AppError::IdempotencyConflict.into())
    }
}

/// Adds `amount` to the wallet's balance unless that would leave less than its live holds;
/// the new balance, or `None` when refused or the wallet does not exist.
async fn move_balance(
    conn: &mut AnyConnection,
    wallet_id: &str,
    amount: i64,
    now_ms: i64,
) -> Result<Option<i64>> {
    let moved: Option<(i64,)> = sqlx::query_as(
        "update wallets set balance = balance + $2, updated_at_ms = $3
         where id = $1 and balance + $2 >= held returning balance",
    )
    .bind(wallet_id)
    .bind(amount)
    .bind(now_ms)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(moved.map(|(b,)| b))
}

async fn by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<LedgerRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {LEDGER_COLUMNS} from ledger_entries where idempotency_key = $1"
    )))
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Creates the wallet if it does not exist; whether it did.
async fn ensure_wallet(conn: &mut AnyConnection, w: &WalletRef, now_ms: i64) -> Result<bool> {
    let id = w.id();
    let r = sqlx::query(
        "insert into wallets (id, tenant_id, owner_type, owner_id, credit_type, balance, held, updated_at_ms)
         values ($1, $2, $3, $4, $5, 0, 0, $6) on conflict do nothing",
    )
    .bind(&id)
    .bind(&w.tenant_id)
    .bind(w.owner_type.as_str())
    .bind(&w.owner_id)
    .bind(w.credit_type.as_str())
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// A hold's state.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct HoldRow {
    pub id: String,
    pub wallet_id: String,
    pub amount: i64,
    pub status: String,
    pub related_kind: String,
    pub related_id: Option<String>,
    pub idempotency_key: String,
}

const HOLD_COLUMNS: &str =
    "id, wallet_id, amount, status, related_kind, related_id, idempotency_key";

/// Sets `amount` credits aside (for a queued WhatsApp message): available = balance − live
/// holds. Writes no ledger row. Refused with [`AppError::InsufficientCredits`] when not enough
/// is available; the same key again returns the first hold.
pub async fn hold(
    db: &Db,
    now_ms: i64,
    wallet: &WalletRef,
    amount: i64,
    related_kind: RelatedKind,
    related_id: Option<&str>,
    idempotency_key: &str,
) -> Result<HoldRow> {
    for _ in 0..KEY_RACE_RETRIES_MAX {
        let mut tx = db.begin_write().await?;
        match hold_in(
            &mut tx,
            now_ms,
            wallet,
            amount,
            related_kind,
            related_id,
            idempotency_key,
        )
        .await
        {
            Ok(h) => {
                tx.commit().await?;
                return Ok(h);
            }
            Err(Error::Storage(e)) if is_unique_violation(&e) => tx.rollback().await?,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Internal(format!(
        "hold {idempotency_key} kept losing key races"
    )))
}

/// [`hold`] inside the caller's transaction (so a WhatsApp message and its hold are written
/// together). On an error the caller must roll back; a lost race on the key surfaces as a
/// unique violation.
pub async fn hold_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    wallet: &WalletRef,
    amount: i64,
    related_kind: RelatedKind,
    related_id: Option<&str>,
    idempotency_key: &str,
) -> Result<HoldRow> {
    domain::credits::Quantity::new(amount)?;
    check_key(idempotency_key)?;
    let wallet_id = wallet.id();
    // The common case is two statements, as in `post_in`: set the amount aside (the row lock
    // orders concurrent holds on one wallet), then insert the hold. A missing wallet, a
    // refusal or a key that was already held take the slower paths below.
    let mut moved = move_held(conn, &wallet_id, amount, now_ms).await?;
    if !moved {
        // Again after ensuring the wallet, whoever created it (see `post_in`).
        ensure_wallet(conn, wallet, now_ms).await?;
        moved = move_held(conn, &wallet_id, amount, now_ms).await?;
    }
    if !moved {
        // Refused, unless this is a replay of a hold that already exists.
        if let Some(existing) = hold_by_key(conn, idempotency_key).await? {
            return same_hold_or_conflict(existing, &wallet_id, amount);
        }
        return Err(insufficient(conn, &wallet_id, amount).await);
    }
    let inserted: Option<HoldRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "insert into credit_holds (id, wallet_id, amount, status, related_kind, related_id, idempotency_key, created_at_ms)
         values ($1, $2, $3, 'held', $4, $5, $6, $7)
         on conflict (idempotency_key) do nothing
         returning {HOLD_COLUMNS}"
    )))
    .bind(ids::new_id())
    .bind(&wallet_id)
    .bind(amount)
    .bind(related_kind.as_str())
    .bind(related_id)
    .bind(idempotency_key)
    .bind(now_ms)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(h) = inserted {
        return Ok(h);
    }
    // The key was held before: take the amount back, in this same transaction, and answer
    // with the first hold.
    sqlx::query("update wallets set held = held - $2 where id = $1")
        .bind(&wallet_id)
        .bind(amount)
        .execute(&mut *conn)
        .await?;
    let existing = hold_by_key(conn, idempotency_key).await?.ok_or_else(|| {
        Error::Internal(format!(
            "hold key {idempotency_key} conflicted but has no row"
        ))
    })?;
    same_hold_or_conflict(existing, &wallet_id, amount)
}

/// Sets `amount` aside on the wallet unless that would exceed its balance; whether it did
/// (`false` also when the wallet does not exist).
async fn move_held(
    conn: &mut AnyConnection,
    wallet_id: &str,
    amount: i64,
    now_ms: i64,
) -> Result<bool> {
    let moved = sqlx::query(
        "update wallets set held = held + $2, updated_at_ms = $3 where id = $1 and balance - held >= $2",
    )
    .bind(wallet_id)
    .bind(amount)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    Ok(moved.rows_affected() == 1)
}

async fn hold_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<HoldRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {HOLD_COLUMNS} from credit_holds where idempotency_key = $1"
    )))
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?)
}

fn same_hold_or_conflict(existing: HoldRow, wallet_id: &str, amount: i64) -> Result<HoldRow> {
    if existing.wallet_id == wallet_id && existing.amount == amount {
        Ok(existing)
    } else {
        Err(AppError::IdempotencyConflict.into())
    }
}

/// Turns a live hold into a `deduct` row (the message was accepted). Capturing a captured
/// hold again returns its row; a released hold is [`AppError::HoldResolved`].
pub async fn capture(db: &Db, now_ms: i64, hold_id: &str, words: &Message) -> Result<LedgerRow> {
    let mut tx = db.begin_write().await?;
    let row = capture_in(&mut tx, now_ms, hold_id, words).await?;
    tx.commit().await?;
    Ok(row)
}

/// [`capture`] inside the caller's transaction (so a message's acceptance and its charge
/// commit together). On an error the caller must roll back.
pub async fn capture_in(
    conn: &mut AnyConnection,
    now_ms: i64,
    hold_id: &str,
    words: &Message,
) -> Result<LedgerRow> {
    let key = format!("hold:{hold_id}:capture");
    let taken: Option<HoldRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "update credit_holds set status = 'captured', resolved_at_ms = $2
         where id = $1 and status = 'held' returning {HOLD_COLUMNS}"
    )))
    .bind(hold_id)
    .bind(now_ms)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(h) = taken else {
        let status = hold_status(conn, hold_id).await?;
        if status == "captured"
            && let Some(row) = by_key(conn, &key).await?
        {
            return Ok(row);
        }
        return Err(AppError::HoldResolved { status }.into());
    };
    let (tenant_id, owner_type, owner_id, credit_type): (String, String, String, String) =
        sqlx::query_as(
            "select tenant_id, owner_type, owner_id, credit_type from wallets where id = $1",
        )
        .bind(&h.wallet_id)
        .fetch_one(&mut *conn)
        .await?;
    // Release the hold first so the deduction below sees the credits as available again; both
    // happen in this one transaction.
    sqlx::query("update wallets set held = held - $2 where id = $1")
        .bind(&h.wallet_id)
        .bind(h.amount)
        .execute(&mut *conn)
        .await?;
    let posting = Posting {
        wallet: WalletRef {
            tenant_id,
            owner_type: OwnerType::parse(&owner_type)?,
            owner_id,
            credit_type: CreditType::parse(&credit_type)?,
        },
        action: Action::Deduct,
        amount: -h.amount,
        related_kind: RelatedKind::parse(&h.related_kind)?,
        related_id: h.related_id.clone(),
        description: words.english(),
        message: Some(words.clone()),
        idempotency_key: key,
        actor_user_id: None,
    };
    post_in(conn, now_ms, &posting).await
}

/// Captures many live holds inside the caller's transaction, with the same outcome as
/// [`capture_in`] on each in turn (one `deduct` row per hold, keyed `hold:<id>:capture`) but in
/// a fixed number of statements: the holds flipped at once, the wallets locked in id order
/// (so two batches never wait on each other in a cycle), each wallet's balance and held moved
/// once by its total, and the rows appended in one insert whose running balances continue
/// each wallet's chain. Holds that were not live go through [`capture_in`] one by one (a
/// replay answers with its row; a released hold is [`AppError::HoldResolved`]). On an error
/// the caller must roll back.
pub async fn capture_many_in(
    conn: &mut AnyConnection,
    kind: crate::db::DbKind,
    now_ms: i64,
    holds: &[(&str, &Message)],
) -> Result<()> {
    use std::collections::BTreeMap;
    if holds.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "update credit_holds set status = 'captured', resolved_at_ms = $1
         where status = 'held' and id in ({}) returning {HOLD_COLUMNS}",
        crate::db::params(2, holds.len())
    );
    let mut q = sqlx::query_as::<_, HoldRow>(sqlx::AssertSqlSafe(sql))
        .persistent(false)
        .bind(now_ms);
    for (id, _) in holds {
        q = q.bind(*id);
    }
    let taken = q.fetch_all(&mut *conn).await?;
    let words: BTreeMap<&str, &Message> = holds.iter().copied().collect();
    for (id, w) in holds {
        if !taken.iter().any(|h| h.id == *id) {
            capture_in(conn, now_ms, id, w).await?;
        }
    }
    if taken.is_empty() {
        return Ok(());
    }
    // Each wallet's holds, in the order given, and their total.
    let mut by_wallet: BTreeMap<&str, Vec<&HoldRow>> = BTreeMap::new();
    for h in &taken {
        by_wallet.entry(&h.wallet_id).or_default().push(h);
    }
    let wallet_ids: Vec<&str> = by_wallet.keys().copied().collect();
    let lock = match kind {
        crate::db::DbKind::Postgres => "for update",
        // SQLite's writer already holds the only write lock.
        crate::db::DbKind::Sqlite => "",
    };
    let sql = format!(
        "select id, tenant_id, owner_type, owner_id, credit_type from wallets
         where id in ({}) order by id {lock}",
        crate::db::params(1, wallet_ids.len())
    );
    let mut q =
        sqlx::query_as::<_, (String, String, String, String, String)>(sqlx::AssertSqlSafe(sql))
            .persistent(false);
    for id in &wallet_ids {
        q = q.bind(*id);
    }
    let owners = q.fetch_all(&mut *conn).await?;
    // Release and deduct in one move per wallet: held and balance both drop by the total.
    let cases = crate::db::case_params(2, wallet_ids.len());
    let sql = format!(
        "update wallets set held = held - (case id {cases} end), balance = balance - (case id {cases} end),
             updated_at_ms = $1
         where id in ({}) returning id, balance",
        crate::db::params(2 + 2 * wallet_ids.len(), wallet_ids.len())
    );
    let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql))
        .persistent(false)
        .bind(now_ms);
    for (id, hs) in &by_wallet {
        let total = hs.iter().try_fold(0_i64, |t, h| t.checked_add(h.amount));
        let total =
            total.ok_or_else(|| Error::Internal(format!("wallet {id}: hold total overflows")))?;
        q = q.bind(*id).bind(total);
    }
    for id in &wallet_ids {
        q = q.bind(*id);
    }
    let moved: BTreeMap<String, i64> = q.fetch_all(&mut *conn).await?.into_iter().collect();
    if moved.len() != wallet_ids.len() || owners.len() != wallet_ids.len() {
        return Err(Error::Internal(format!(
            "capturing holds: {} of {} wallets found",
            moved.len().min(owners.len()),
            wallet_ids.len()
        )));
    }
    // The rows, wallet by wallet: the last one leaves the wallet at its new balance, each
    // earlier one at that plus what the later ones took.
    const COLUMNS: usize = 16;
    let mut values = Vec::with_capacity(taken.len());
    for (i, _) in taken.iter().enumerate() {
        values.push(format!("({})", crate::db::params(1 + i * COLUMNS, COLUMNS)));
    }
    let sql = format!(
        "insert into ledger_entries (id, wallet_id, tenant_id, owner_type, owner_id, credit_type, action, amount,
             balance_after, related_kind, related_id, description, idempotency_key, actor_user_id, created_at_ms,
             message)
         values {}
         on conflict (idempotency_key) do nothing returning seq",
        values.join(", ")
    );
    let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql)).persistent(false);
    for (wallet_id, tenant_id, owner_type, owner_id, credit_type) in &owners {
        let hs = &by_wallet[wallet_id.as_str()];
        let mut after: i64 = moved[wallet_id];
        let mut afters = vec![0_i64; hs.len()];
        for (k, h) in hs.iter().enumerate().rev() {
            afters[k] = after;
            after = after
                .checked_add(h.amount)
                .ok_or_else(|| Error::Internal(format!("wallet {wallet_id}: balance overflows")))?;
        }
        for (h, balance_after) in hs.iter().zip(afters) {
            q = q
                .bind(ids::new_id())
                .bind(wallet_id.as_str())
                .bind(tenant_id.as_str())
                .bind(owner_type.as_str())
                .bind(owner_id.as_str())
                .bind(credit_type.as_str())
                .bind(Action::Deduct.as_str())
                .bind(-h.amount)
                .bind(balance_after)
                .bind(h.related_kind.as_str())
                .bind(h.related_id.as_deref())
                .bind(
                    words
                        .get(h.id.as_str())
                        .map(|w| w.english())
                        .unwrap_or_default(),
                )
                .bind(format!("hold:{}:capture", h.id))
                .bind(None::<String>)
                .bind(now_ms)
                .bind(message_json(words.get(h.id.as_str()).copied()));
        }
    }
    let inserted = q.fetch_all(&mut *conn).await?;
    if inserted.len() != taken.len() {
        return Err(Error::Internal(format!(
            "capturing holds: {} of {} ledger rows appended",
            inserted.len(),
            taken.len()
        )));
    }
    for (wallet_id, _, _, _, credit_type) in &owners {
        for h in &by_wallet[wallet_id.as_str()] {
            crate::metrics::ledger_line(credit_type, Action::Deduct.as_str(), -h.amount);
        }
    }
    Ok(())
}

/// Gives a live hold's credits back to the available balance (the message finally failed
/// before acceptance). Releasing a released hold again is a no-op; a captured hold is
/// [`AppError::HoldResolved`].
pub async fn release(db: &Db, now_ms: i64, hold_id: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    release_in(&mut tx, now_ms, hold_id).await?;
    tx.commit().await?;
    Ok(())
}

/// [`release`] inside the caller's transaction. On an error the caller must roll back.
pub async fn release_in(conn: &mut AnyConnection, now_ms: i64, hold_id: &str) -> Result<()> {
    let freed: Option<(String, i64)> = sqlx::query_as(
        "update credit_holds set status = 'released', resolved_at_ms = $2
         where id = $1 and status = 'held' returning wallet_id, amount",
    )
    .bind(hold_id)
    .bind(now_ms)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((wallet_id, amount)) = freed else {
        let status = hold_status(conn, hold_id).await?;
        return if status == "released" {
            Ok(())
        } else {
            Err(AppError::HoldResolved { status }.into())
        };
    };
    sqlx::query("update wallets set held = held - $2, updated_at_ms = $3 where id = $1")
        .bind(&wallet_id)
        .bind(amount)
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn hold_status(conn: &mut AnyConnection, hold_id: &str) -> Result<String> {
    let row: Option<(String,)> = sqlx::query_as("select status from credit_holds where id = $1")
        .bind(hold_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(s,)| s).ok_or_else(|| AppError::NotFound.into())
}

/// The balances of one owner's wallets of `types`, zero for wallets never used.
pub async fn balances(
    db: &Db,
    owner_type: OwnerType,
    owner_id: &str,
    types: &[CreditType],
) -> Result<Vec<WalletBalance>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "select credit_type, balance, held from wallets where owner_type = $1 and owner_id = $2",
    )
    .bind(owner_type.as_str())
    .bind(owner_id)
    .fetch_all(db.pool())
    .await?;
    Ok(types
        .iter()
        .map(|t| {
            let (balance, held) = rows
                .iter()
                .find(|(c, _, _)| c == t.as_str())
                .map_or((0, 0), |(_, b, h)| (*b, *h));
            WalletBalance {
                credit_type: *t,
                balance,
                held,
                available: balance - held,
            }
        })
        .collect())
}

/// One thing the auditor found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: &'static str,
    pub detail: String,
}

/// Checks every wallet and hold against the invariants in the module documentation and
/// returns what is wrong (nothing, when the books are right).
pub async fn audit(db: &Db) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    let mut v = |rule: &'static str, detail: String| out.push(Violation { rule, detail });
    let sums: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "select w.id, w.balance, w.held,
                cast(coalesce((select sum(l.amount) from ledger_entries l where l.wallet_id = w.id), 0) as bigint),
                cast(coalesce((select sum(h.amount) from credit_holds h where h.wallet_id = w.id and h.status = 'held'), 0) as bigint)
         from wallets w order by w.id",
    )
    .fetch_all(db.pool())
    .await?;
    for (id, balance, held, ledger_sum, live_holds) in sums {
        if balance != ledger_sum {
            v(
                "balance equals the sum of its ledger rows",
                format!("{id}: balance {balance}, rows sum to {ledger_sum}"),
            );
        }
        if balance < 0 || held < 0 || held > balance {
            v(
                "balance and holds stay within bounds",
                format!("{id}: balance {balance}, held {held}"),
            );
        }
        if held != live_holds {
            v(
                "held equals the live holds",
                format!("{id}: held {held}, live holds sum to {live_holds}"),
            );
        }
    }
    let dup_keys: Vec<(String, i64)> = sqlx::query_as(
        "select idempotency_key, count(*) from ledger_entries group by idempotency_key having count(*) > 1",
    )
    .fetch_all(db.pool())
    .await?;
    for (key, n) in dup_keys {
        v(
            "every idempotency key is posted once",
            format!("{key}: {n} rows"),
        );
    }
    let holds: Vec<(String, String, i64)> = sqlx::query_as(
        "select h.id, h.status, (select count(*) from ledger_entries l where l.idempotency_key = 'hold:' || h.id || ':capture')
         from credit_holds h",
    )
    .fetch_all(db.pool())
    .await?;
    for (id, status, captures) in holds {
        let expected = i64::from(status == "captured");
        if captures != expected {
            v(
                "a hold is captured at most once, and only when captured",
                format!("hold {id} ({status}): {captures} capture rows"),
            );
        }
    }
    // The running balance on every row: each row's balance_after is the previous one plus its
    // amount, within its wallet.
    let chain: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "select wallet_id, seq, amount, balance_after from ledger_entries order by wallet_id, seq",
    )
    .fetch_all(db.pool())
    .await?;
    let mut last: Option<(String, i64)> = None;
    for (wallet, seq, amount, after) in chain {
        let before = match &last {
            Some((w, b)) if *w == wallet => *b,
            _ => 0,
        };
        if before + amount != after {
            v(
                "each row's balance_after continues the one before",
                format!("{wallet} row {seq}: {before} + {amount} ≠ {after}"),
            );
        }
        last = Some((wallet, after));
    }
    Ok(out)
}

/// Which ledger lines a principal may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerScope {
    /// A merchant: its own three wallets.
    Merchant(String),
    /// An agent (or its finance staff): its own wallet and its merchants'.
    Tenant(String),
    /// The main platform's Finance Viewer and Super Admin: everything, across agents.
    Everything,
}

/// The ledger lines `who` may read. Anyone else is [`AppError::Forbidden`].
pub fn ledger_scope(who: &domain::auth::Principal) -> Result<LedgerScope> {
    use domain::auth::Role;
    crate::tenants::require(who, domain::sections::Section::Ledger)?;
    Ok(match &who.role {
        Role::Merchant { merchant_id, .. } => LedgerScope::Merchant(merchant_id.clone()),
        Role::AgentOwner | Role::AgentStaff(_) => LedgerScope::Tenant(who.tenant_id.clone()),
        Role::PlatformStaff(_) => LedgerScope::Everything,
    })
}

/// Lines on one ledger page.
pub const LEDGER_PAGE_ROWS: i64 = 50;

#[derive(FromRow)]
struct LineRow {
    seq: i64,
    id: String,
    created_at_ms: i64,
    owner_type: String,
    owner_id: String,
    owner_name: String,
    credit_type: String,
    action: String,
    amount: i64,
    balance_after: i64,
    related_kind: String,
    related_id: Option<String>,
    description: String,
    message: Option<String>,
}

/// One page (`rows` lines, newest first) of the ledger lines in `scope` matching `q`.
pub async fn ledger_page(
    db: &Db,
    scope: &LedgerScope,
    q: &domain::credits::LedgerQuery,
    rows: i64,
) -> Result<domain::credits::LedgerPage> {
    enum Arg {
        S(String),
        I(i64),
    }
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut push = |clause: &str, arg: Arg| {
        args.push(arg);
        clauses.push(clause.replace('?', &format!("${}", args.len())));
    };
    match scope {
        LedgerScope::Merchant(id) => {
            push(
                "l.owner_type = 'merchant' and l.owner_id = ?",
                Arg::S(id.clone()),
            );
        }
        LedgerScope::Tenant(t) => push("l.tenant_id = ?", Arg::S(t.clone())),
        LedgerScope::Everything => {}
    }
    if let Some(c) = q.credit_type {
        push("l.credit_type = ?", Arg::S(c.as_str().into()));
    }
    if let Some(a) = q.action {
        push("l.action = ?", Arg::S(a.as_str().into()));
    }
    if let Some(f) = q.from_ms {
        push("l.created_at_ms >= ?", Arg::I(f));
    }
    if let Some(u) = q.until_ms {
        push("l.created_at_ms < ?", Arg::I(u));
    }
    if let Some(b) = q.before {
        push("l.seq < ?", Arg::I(b));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("where {}", clauses.join(" and "))
    };
    let limit = rows.clamp(1, 10_000) + 1;
    let sql = format!(
        "select l.seq, l.id, l.created_at_ms, l.owner_type, l.owner_id,
                coalesce(m.company_name, t.company_name, '') as owner_name, l.credit_type, l.action,
                l.amount, l.balance_after, l.related_kind, l.related_id, l.description, l.message
         from ledger_entries l
         left join merchants m on l.owner_type = 'merchant' and m.id = l.owner_id
         left join tenants t on l.owner_type <> 'merchant' and t.id = l.owner_id
         {filter} order by l.seq desc limit {limit}"
    );
    let mut query = sqlx::query_as::<_, LineRow>(sqlx::AssertSqlSafe(sql));
    for a in args {
        query = match a {
            Arg::S(s) => query.bind(s),
            Arg::I(i) => query.bind(i),
        };
    }
    let mut found = query.fetch_all(db.pool()).await?;
    let more = i64::try_from(found.len()).unwrap_or(i64::MAX) == limit;
    if more {
        found.pop();
    }
    let next = if more {
        found.last().map(|r| r.seq)
    } else {
        None
    };
    let lines = found
        .into_iter()
        .map(|r| {
            Ok(domain::credits::LedgerLine {
                seq: r.seq,
                id: r.id,
                created_at_ms: r.created_at_ms,
                owner_type: OwnerType::parse(&r.owner_type)?,
                owner_id: r.owner_id,
                owner_name: r.owner_name,
                credit_type: CreditType::parse(&r.credit_type)?,
                action: Action::parse(&r.action)?,
                amount: r.amount,
                balance_after: r.balance_after,
                related_kind: RelatedKind::parse(&r.related_kind)?,
                related_id: r.related_id,
                message: parse_message(r.message.as_deref()),
                description: r.description,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(domain::credits::LedgerPage {
        lines,
        next,
        currency: String::new(),
    })
}

/// A merchant an adjustment may target, for the Super Admin's form.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct AdjustTarget {
    pub merchant_id: String,
    pub company_name: String,
    pub site: String,
}

/// The merchants of every tenant, for the Super Admin's adjustment form.
pub async fn adjust_targets(db: &Db, who: &domain::auth::Principal) -> Result<Vec<AdjustTarget>> {
    require_super_admin(who)?;
    Ok(sqlx::query_as(
        "select m.id as merchant_id, m.company_name, t.brand_name as site
         from merchants m join tenants t on t.id = m.tenant_id order by t.kind desc, t.brand_name, m.company_name limit 1000",
    )
    .fetch_all(db.pool())
    .await?)
}

fn require_super_admin(who: &domain::auth::Principal) -> Result<()> {
    use domain::auth::{Permission, Role};
    match &who.role {
        Role::PlatformStaff(_) if who.role.has(Permission::SuperAdmin) => Ok(()),
        _ => Err(AppError::Forbidden.into()),
    }
}

/// An adjustment as the Super Admin's form submits it.
#[derive(Debug, Clone)]
pub struct Adjustment {
    pub merchant_id: String,
    pub credit_type: String,
    /// Signed whole number, e.g. `50` or `-20`.
    pub amount: String,
    pub reason: String,
    /// The form's one-time token: submitting the same form twice posts once.
    pub token: String,
}

/// A correction by the Super Admin: an `adjustment` row of either sign with a required reason,
/// never an edit.
pub async fn adjust(
    db: &Db,
    now_ms: i64,
    who: &domain::auth::Principal,
    a: &Adjustment,
) -> Result<LedgerRow> {
    require_super_admin(who)?;
    let (merchant_id, amount, reason, token) = (
        a.merchant_id.as_str(),
        a.amount.as_str(),
        a.reason.as_str(),
        a.token.as_str(),
    );
    let credit_type = a.credit_type.as_str();
    let credit_type = CreditType::parse(credit_type.trim())?;
    if !CreditType::MERCHANT.contains(&credit_type) {
        return Err(AppError::invalid(
            "Credit type",
            "merchants hold coupon, wa_ui and wa_bi credits",
        )
        .into());
    }
    let raw = amount.trim();
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw.strip_prefix('+').unwrap_or(raw)),
    };
    let magnitude = domain::credits::Quantity::parse(digits)
        .map_err(|_| {
            AppError::invalid("Amount", "must be a whole number like 50 or -20, not zero")
        })?
        .get();
    let amount = if negative { -magnitude } else { magnitude };
    let reason = reason.trim();
    if reason.chars().count() < 3 || reason.chars().count() > 250 {
        return Err(AppError::invalid("Reason", "must be 3 to 250 characters").into());
    }
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(
            AppError::invalid("Form", "is out of date; reload the page and try again").into(),
        );
    }
    let (tenant_id,): (String,) = sqlx::query_as("select tenant_id from merchants where id = $1")
        .bind(merchant_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let words = Message::new("ledger-adjustment").with("reason", reason);
    let posting = Posting {
        wallet: WalletRef {
            tenant_id,
            owner_type: OwnerType::Merchant,
            owner_id: merchant_id.to_owned(),
            credit_type,
        },
        action: Action::Adjustment,
        amount,
        related_kind: RelatedKind::None,
        related_id: None,
        description: words.english(),
        message: Some(words),
        idempotency_key: format!("adjust:{token}"),
        actor_user_id: Some(who.user_id.clone()),
    };
    post(db, now_ms, &posting).await
}
