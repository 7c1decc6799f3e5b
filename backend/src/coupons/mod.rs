//! Coupon batches: generation (paid for with coupon credits in the same transaction), signed
//! verify links, the batch PDF, reads for the batch pages and the CSV export, redemption, and
//! the expiry refund job.
//!
//! What stays true:
//! - a batch of N exists with its N coupons exactly when one `deduct` ledger row of −N related
//!   to it exists; a refused deduction creates nothing, and the same request key makes one
//!   batch however often it is submitted;
//! - a coupon is redeemed at most once, only by its own merchant, only while Taken and not
//!   expired; each refusal is its own [`AppError`];
//! - when a batch ends, its still-Available coupons become Expired and come back as one
//!   `refund` row, once, however many workers run the job.

pub mod pdf;

use std::io::Write;

use hmac::{Hmac, Mac};
use rand::{RngCore, SeedableRng};
use sha2::Sha256;
use sqlx::{AnyConnection, FromRow};

use domain::AppError;
use domain::auth::{Permission, Principal, Role};
use domain::coupons::{
    BatchForm, BatchSummary, CouponCheck, CouponLine, CouponStatus, PdfState, Redeemed, Serial,
    StatusCounts, WaStatus, b64url_decode, b64url_encode, mask_phone, verify_path,
};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::i18n;
use domain::sections::Section;

use crate::config::{Config, Secret};
use crate::credits::{self, Posting, WalletRef};
use crate::jobs::JobKind;
use crate::templates::merchant_of;
use crate::{Ctx, Db, Error, Result, ids, templates, tenants};

// ---------------------------------------------------------------------------------------------
// Signed verify links
// ---------------------------------------------------------------------------------------------

/// Bytes of HMAC-SHA256 kept in a link: 96 bits, 16 URL-safe characters.
pub const SIGNATURE_BYTES: usize = 12;
/// The file that keeps the generated signing key when `COUPON_SIGNING_SECRET` is unset.
pub const SIGNING_KEY_FILE: &str = "coupon-signing.key";

/// An HMAC-SHA256 of `subject` with the signing key (see [`signing_secret`]) under `prefix`:
/// every use (device and proven cookies, claim receipts, page error tokens) has its own
/// prefix, so one kind of tag never passes as another or as a coupon link signature.
pub(crate) fn keyed_mac(
    config: &Config,
    prefix: &[u8],
    subject: &[u8],
) -> Result<hmac::Hmac<sha2::Sha256>> {
    use hmac::Mac;
    let secret = signing_secret(config)?;
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.expose().as_bytes())
        .map_err(|e| Error::Internal(format!("hmac key: {e}")))?;
    m.update(prefix);
    m.update(subject);
    Ok(m)
}

/// The key that signs coupon links: `COUPON_SIGNING_SECRET` when set; otherwise a random
/// 256-bit key generated on first use and kept in `DATA_DIR/coupon-signing.key` (created with
/// owner-only permissions; two processes racing to create it both end up with the one that was
/// written first). Never a built-in constant, in any mode.
pub fn signing_secret(config: &Config) -> Result<Secret> {
    if let Some(s) = &config.coupon_signing_secret {
        return Ok(s.clone());
    }
    let path = config.data_dir.join(SIGNING_KEY_FILE);
    let read = |p: &std::path::Path| -> Result<Option<Secret>> {
        match std::fs::read_to_string(p) {
            Ok(s) if s.trim().len() >= 32 => Ok(Some(Secret::new(s.trim()))),
            Ok(_) => Err(Error::Internal(format!("{} is too short", p.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    };
    if let Some(s) = read(&path)? {
        return Ok(s);
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let key = ids::random_hex(32);
    let tmp = path.with_extension(format!("tmp-{}", ids::random_hex(6)));
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp)?;
        f.write_all(key.as_bytes())?;
        f.sync_all()?;
    }
    // A hard link fails if the key file appeared meanwhile, so the first writer wins.
    let linked = std::fs::hard_link(&tmp, &path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(Secret::new(key)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read(&path)?.ok_or_else(|| Error::Internal("coupon signing key vanished".into()))
        }
        Err(e) => Err(e.into()),
    }
}

fn mac(secret: &Secret, serial: &Serial) -> Result<Hmac<Sha256>> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .map_err(|e| Error::Internal(format!("hmac key: {e}")))?;
    m.update(b"coupon-link-v1:");
    m.update(serial.as_str().as_bytes());
    Ok(m)
}

/// The signature a coupon's link carries: HMAC-SHA256 over the serial, truncated to
/// [`SIGNATURE_BYTES`], URL-safe base64.
pub fn sign(secret: &Secret, serial: &Serial) -> Result<String> {
    let tag = mac(secret, serial)?.finalize().into_bytes();
    Ok(b64url_encode(&tag[..SIGNATURE_BYTES]))
}

/// The coupon's verify URL: `<base>/v/<serial>/<signature>`, where `base` is the origin of the
/// merchant's site (e.g. `https://demo-agent.coupons.example`), so the merchant's login there
/// applies when the QR code is opened.
pub fn verify_url(base: &str, secret: &Secret, serial: &Serial) -> Result<String> {
    Ok(format!(
        "{}{}",
        base.trim_end_matches('/'),
        verify_path(serial, &sign(secret, serial)?)
    ))
}

/// Checks a link's serial and signature without touching storage: a serial that fails its
/// check symbol or a signature that does not match is [`AppError::ForgedCoupon`] (a link is
/// machine-made, so either means it was altered).
pub fn check_signature(secret: &Secret, serial: &str, signature: &str) -> Result<Serial> {
    let serial = Serial::parse(serial).map_err(|_| AppError::ForgedCoupon)?;
    let tag = b64url_decode(signature)
        .filter(|t| t.len() == SIGNATURE_BYTES)
        .ok_or(AppError::ForgedCoupon)?;
    mac(secret, &serial)?
        .verify_truncated_left(&tag)
        .map_err(|_| AppError::ForgedCoupon)?;
    Ok(serial)
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// Coupons per multi-row INSERT (two bound values each, far under both engines' limits).
pub const INSERT_CHUNK_ROWS: usize = 1_000;
/// How often a batch redraws serials that collided with existing ones before giving up.
const SERIAL_REDRAWS_MAX: u32 = 8;
/// The longest caller-supplied request key.
pub const REQUEST_KEY_MAX_LEN: usize = 100;

/// Generates a batch for the merchant `who` logs in as: checks the form, then in ONE
/// transaction inserts the batch, posts one `deduct` of −quantity coupon credits related to it
/// and inserts its coupons with fresh random serials. Not enough credits is
/// [`AppError::InsufficientCredits`] with the balance, and nothing is created.
///
/// `request_key` (e.g. the form's one-time token) makes it idempotent: the same key again
/// returns the batch made the first time; the same key with a different quantity or title is
/// [`AppError::IdempotencyConflict`]. The PDF is a job enqueued in the same transaction
/// ([`JobKind::BatchPdf`], run by [`render_batch`]).
pub async fn generate_batch(
    ctx: &Ctx,
    who: &Principal,
    form: &BatchForm,
    request_key: &str,
) -> Result<BatchSummary> {
    generate_batch_with(ctx, who, form, request_key, None).await
}

/// [`generate_batch`] with the merchant's own design sent in the same form (`upload`, from
/// [`templates::prepare_own`]; `form.template_id` names it): the design becomes a template in
/// the batch's own transaction, so a refused form keeps no template. The caller discards the
/// upload's file unless the returned batch uses it.
pub async fn generate_batch_with(
    ctx: &Ctx,
    who: &Principal,
    form: &BatchForm,
    request_key: &str,
    upload: Option<&templates::Prepared>,
) -> Result<BatchSummary> {
    let merchant_id = merchant_of(who)?.to_owned();
    let key = request_key.trim();
    if key.is_empty() || key.len() > REQUEST_KEY_MAX_LEN {
        return Err(
            AppError::invalid("Form", "is out of date; reload the page and try again").into(),
        );
    }
    let now = ctx.clock.now_ms();
    let b = form.parse(now)?;
    // An annual membership not paid yet, waiting for the agent, or past its renewal date makes
    // no new batches (what exists stays as it is).
    crate::memberships::merchant_can_spend(&ctx.db, now, &merchant_id).await?;
    let mut tx = ctx.db.begin_write().await?;
    if let Some(p) = upload {
        templates::insert_in(
            &mut tx,
            ctx,
            (&who.tenant_id, &who.user_id),
            Some(&merchant_id),
            p,
        )
        .await?;
    }
    templates::check_usable(&mut tx, &merchant_id, &b.template_id).await?;
    let batch_id = ids::new_id();
    let inserted: Option<(String,)> = sqlx::query_as(
        "insert into coupon_batches (id, tenant_id, merchant_id, request_key, title, offer_details, terms,
             category, country, city, business_type, quantity, valid_from_ms, valid_until_ms, template_id,
             send_whatsapp, show_in_center, claim_limit, created_by_user_id, created_at_ms, pdf_status, pdf_done)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 'pending', 0)
         on conflict (merchant_id, request_key) do nothing returning id",
    )
    .bind(&batch_id)
    .bind(&who.tenant_id)
    .bind(&merchant_id)
    .bind(key)
    .bind(&b.title)
    .bind(&b.offer_details)
    .bind(&b.terms)
    .bind(&b.category)
    .bind(&b.country)
    .bind(&b.city)
    .bind(&b.business_type)
    .bind(b.quantity)
    .bind(b.valid_from_ms)
    .bind(b.valid_until_ms)
    .bind(&b.template_id)
    .bind(i64::from(b.send_whatsapp))
    .bind(i64::from(b.show_in_center))
    .bind(b.claim_limit)
    .bind(&who.user_id)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        tx.rollback().await?;
        let existing: (String, i64, String) = sqlx::query_as(
            "select id, quantity, title from coupon_batches where merchant_id = $1 and request_key = $2",
        )
        .bind(&merchant_id)
        .bind(key)
        .fetch_one(ctx.db.pool())
        .await?;
        if existing.1 != b.quantity || existing.2 != b.title {
            return Err(AppError::IdempotencyConflict.into());
        }
        return batch(ctx, who, &existing.0).await;
    }
    let words = i18n::Message::new("ledger-batch")
        .with("title", b.title.as_str())
        .with("count", b.quantity);
    let posting = Posting {
        wallet: WalletRef {
            tenant_id: who.tenant_id.clone(),
            owner_type: OwnerType::Merchant,
            owner_id: merchant_id.clone(),
            credit_type: CreditType::Coupon,
        },
        action: Action::Deduct,
        amount: -b.quantity,
        related_kind: RelatedKind::CouponBatch,
        related_id: Some(batch_id.clone()),
        description: words.english(),
        message: Some(words),
        idempotency_key: format!("coupon_batch:{batch_id}:generate"),
        actor_user_id: Some(who.user_id.clone()),
    };
    // On refusal the transaction is dropped unfinished, which rolls the batch row back too.
    credits::post_in(&mut tx, now, &posting).await?;
    insert_coupons(&mut tx, &batch_id, b.quantity).await?;
    // Its PDF is a job committed with it: a server that stops right after still leaves the
    // PDF to whichever worker claims the job.
    crate::jobs::enqueue(
        &mut tx,
        JobKind::BatchPdf,
        &pdf_job_key(&batch_id),
        &batch_id,
        now,
    )
    .await?;
    tx.commit().await?;
    // The tenant's center pages here show it at once (other servers within two seconds).
    ctx.caches.center.forget(|k| k.0 == who.tenant_id);
    batch(ctx, who, &batch_id).await
}

/// Inserts `quantity` coupons with fresh serials in multi-row statements, redrawing any serial
/// that collides with one already stored.
async fn insert_coupons(conn: &mut AnyConnection, batch_id: &str, quantity: i64) -> Result<()> {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let mut rng = rand::rngs::StdRng::from_seed(seed);
    let mut buf = [0u8; 64];
    let mut pos = buf.len();
    let mut next_byte = move || {
        if pos == buf.len() {
            rng.fill_bytes(&mut buf);
            pos = 0;
        }
        pos += 1;
        buf[pos - 1]
    };
    let mut pending: Vec<i64> = (0..quantity).collect();
    let mut sql_cache: Option<(usize, String)> = None;
    for _ in 0..SERIAL_REDRAWS_MAX {
        let mut missed = Vec::new();
        for chunk in pending.chunks(INSERT_CHUNK_ROWS) {
            let sql = match &sql_cache {
                Some((n, s)) if *n == chunk.len() => s.clone(),
                _ => {
                    let s = insert_sql(chunk.len());
                    sql_cache = Some((chunk.len(), s.clone()));
                    s
                }
            };
            let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql)).bind(batch_id);
            for seq in chunk {
                q = q
                    .bind(Serial::generate(&mut next_byte).as_str().to_owned())
                    .bind(*seq);
            }
            let stored = q.fetch_all(&mut *conn).await?;
            if stored.len() != chunk.len() {
                let got: std::collections::HashSet<i64> = stored.into_iter().map(|r| r.0).collect();
                missed.extend(chunk.iter().filter(|s| !got.contains(s)));
            }
        }
        if missed.is_empty() {
            return Ok(());
        }
        pending = missed;
    }
    Err(Error::Internal(format!(
        "batch {batch_id}: serials kept colliding"
    )))
}

fn insert_sql(rows: usize) -> String {
    let mut sql = String::with_capacity(rows * 32 + 120);
    sql.push_str("insert into coupons (serial, batch_id, seq, status) values ");
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        let p = 2 + 2 * i;
        sql.push_str(&format!("(${p}, $1, ${}, 'available')", p + 1));
    }
    sql.push_str(" on conflict (serial) do nothing returning seq");
    sql
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/// Which batches a principal may read.
enum Scope {
    /// A merchant: its own batches, with customers' phones in full.
    Merchant(String),
    /// An agent owner or the Super Admin: the batches of its tenant's merchants, phones masked.
    Tenant(String),
}

fn scope(who: &Principal) -> Result<Scope> {
    match &who.role {
        Role::Merchant { merchant_id, .. } => {
            tenants::require(who, Section::Coupons)?;
            Ok(Scope::Merchant(merchant_id.clone()))
        }
        Role::AgentOwner => Ok(Scope::Tenant(who.tenant_id.clone())),
        Role::PlatformStaff(_) if who.role.has(Permission::SuperAdmin) => {
            Ok(Scope::Tenant(who.tenant_id.clone()))
        }
        _ => Err(AppError::Forbidden.into()),
    }
}

impl Scope {
    fn clause(&self) -> (&'static str, &str) {
        match self {
            Self::Merchant(m) => ("b.merchant_id = $1", m),
            Self::Tenant(t) => ("b.tenant_id = $1", t),
        }
    }
}

#[derive(FromRow)]
struct BatchRow {
    id: String,
    merchant_id: String,
    title: String,
    offer_details: String,
    terms: String,
    category: String,
    country: String,
    city: String,
    business_type: String,
    quantity: i64,
    valid_from_ms: i64,
    valid_until_ms: i64,
    template_id: String,
    send_whatsapp: i64,
    show_in_center: i64,
    claim_limit: i64,
    created_at_ms: i64,
    pdf_status: String,
    pdf_done: i64,
    refunded_count: Option<i64>,
}

const BATCH_COLUMNS: &str =
    "b.id, b.merchant_id, b.title, b.offer_details, b.terms, b.category, b.country, b.city,
     b.business_type, b.quantity, b.valid_from_ms, b.valid_until_ms, b.template_id, b.send_whatsapp,
     b.show_in_center, b.claim_limit, b.created_at_ms, b.pdf_status, b.pdf_done, b.refunded_count";

impl BatchRow {
    fn into_summary(self, counts: StatusCounts) -> BatchSummary {
        let pdf = match self.pdf_status.as_str() {
            "rendering" => PdfState::Rendering {
                done: self.pdf_done,
            },
            "ready" => PdfState::Ready,
            "failed" => PdfState::Failed,
            _ => PdfState::Pending,
        };
        BatchSummary {
            id: self.id,
            merchant_id: self.merchant_id,
            title: self.title,
            offer_details: self.offer_details,
            terms: self.terms,
            category: self.category,
            country: self.country,
            city: self.city,
            business_type: self.business_type,
            quantity: self.quantity,
            valid_from_ms: self.valid_from_ms,
            valid_until_ms: self.valid_until_ms,
            template_id: self.template_id,
            send_whatsapp: self.send_whatsapp == 1,
            show_in_center: self.show_in_center == 1,
            claim_limit: self.claim_limit,
            created_at_ms: self.created_at_ms,
            counts,
            pdf,
            refunded: self.refunded_count,
        }
    }
}

/// The most batches the list returns.
pub const BATCH_LIST_MAX: i64 = 200;

async fn counts_for(db: &Db, batch_ids: &[&BatchRow], now_ms: i64) -> Result<Vec<StatusCounts>> {
    let mut out = Vec::with_capacity(batch_ids.len());
    for b in batch_ids {
        let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
            "select status, wa_status, count(*) from coupons where batch_id = $1 group by status, wa_status",
        )
        .bind(&b.id)
        .fetch_all(db.pool())
        .await?;
        let mut c = StatusCounts::default();
        for (status, wa, n) in rows {
            match CouponStatus::parse(&status)?.view(b.valid_until_ms, now_ms) {
                CouponStatus::Available => c.available += n,
                CouponStatus::Taken => c.taken += n,
                CouponStatus::Redeemed => c.redeemed += n,
                CouponStatus::Expired => c.expired += n,
            }
            match wa.as_deref().map(WaStatus::parse).transpose()? {
                Some(WaStatus::Sent | WaStatus::Delivered | WaStatus::Read) => c.wa_sent += n,
                Some(WaStatus::Failed) => c.wa_failed += n,
                Some(WaStatus::Queued) | None => {}
            }
        }
        out.push(c);
    }
    Ok(out)
}

/// The batches `who` may see, newest first, with counts per status: a merchant its own; an
/// agent owner or the Super Admin those of its tenant's merchants.
pub async fn batches(ctx: &Ctx, who: &Principal) -> Result<Vec<BatchSummary>> {
    let scope = scope(who)?;
    let (clause, arg) = scope.clause();
    let rows: Vec<BatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {BATCH_COLUMNS} from coupon_batches b where {clause}
         order by b.created_at_ms desc, b.id limit {BATCH_LIST_MAX}"
    )))
    .bind(arg)
    .fetch_all(ctx.db.pool())
    .await?;
    let refs: Vec<&BatchRow> = rows.iter().collect();
    let counts = counts_for(&ctx.db, &refs, ctx.clock.now_ms()).await?;
    Ok(rows
        .into_iter()
        .zip(counts)
        .map(|(r, c)| r.into_summary(c))
        .collect())
}

/// One batch `who` may see, with counts per status; any other id is [`AppError::NotFound`].
pub async fn batch(ctx: &Ctx, who: &Principal, batch_id: &str) -> Result<BatchSummary> {
    let scope = scope(who)?;
    let row = batch_row(&ctx.db, &scope, batch_id).await?;
    let counts = counts_for(&ctx.db, &[&row], ctx.clock.now_ms()).await?;
    Ok(row.into_summary(counts.into_iter().next().unwrap_or_default()))
}

async fn batch_row(db: &Db, scope: &Scope, batch_id: &str) -> Result<BatchRow> {
    let (clause, arg) = scope.clause();
    let row: Option<BatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {BATCH_COLUMNS} from coupon_batches b where {clause} and b.id = $2"
    )))
    .bind(arg)
    .bind(batch_id)
    .fetch_optional(db.pool())
    .await?;
    row.ok_or_else(|| AppError::NotFound.into())
}

#[derive(FromRow)]
struct LineRow {
    seq: i64,
    serial: String,
    status: String,
    taken_at_ms: Option<i64>,
    customer_phone: Option<String>,
    wa_status: Option<String>,
    redeemed_at_ms: Option<i64>,
}

/// Coupons per page of [`coupon_lines`] at most.
pub const LINES_PAGE_MAX: i64 = 5_000;

/// A page of a batch's coupons in batch order, after position `after` (none: from the start),
/// and the position to continue from when there are more. Customers' phones are in full for
/// the batch's own merchant and masked for anyone else.
pub async fn coupon_lines(
    ctx: &Ctx,
    who: &Principal,
    batch_id: &str,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<CouponLine>, Option<i64>)> {
    let scope = scope(who)?;
    let b = batch_row(&ctx.db, &scope, batch_id).await?;
    let own = matches!(&scope, Scope::Merchant(m) if *m == b.merchant_id);
    let limit = limit.clamp(1, LINES_PAGE_MAX);
    let rows: Vec<LineRow> = sqlx::query_as(
        "select seq, serial, status, taken_at_ms, customer_phone, wa_status, redeemed_at_ms
         from coupons where batch_id = $1 and seq > $2 order by seq limit $3",
    )
    .bind(batch_id)
    .bind(after.unwrap_or(-1))
    .bind(limit + 1)
    .fetch_all(ctx.db.pool())
    .await?;
    let now = ctx.clock.now_ms();
    let more = i64::try_from(rows.len()).unwrap_or(i64::MAX) > limit;
    let mut lines = Vec::with_capacity(rows.len());
    let mut last = None;
    for r in rows.into_iter().take(usize::try_from(limit).unwrap_or(0)) {
        last = Some(r.seq);
        lines.push(CouponLine {
            serial: Serial::parse(&r.serial).map_err(|e| Error::Internal(e.to_string()))?,
            status: CouponStatus::parse(&r.status)?.view(b.valid_until_ms, now),
            taken_at_ms: r.taken_at_ms,
            customer_phone: r
                .customer_phone
                .map(|p| if own { p } else { mask_phone(&p) }),
            wa_status: r.wa_status.as_deref().map(WaStatus::parse).transpose()?,
            redeemed_at_ms: r.redeemed_at_ms,
        });
    }
    Ok((lines, if more { last } else { None }))
}

/// The CSV header [`write_csv`] writes.
pub const CSV_HEADER: &str = "serial,status,taken_at,customer_phone,whatsapp_status,redeemed_at";

/// Writes every coupon of a batch as CSV (serial, status, taken at, customer phone, WhatsApp
/// status, redeemed at; times as `YYYY-MM-DD HH:MM UTC`), page by page, to `out`. Phones are
/// masked except for the batch's own merchant.
pub async fn write_csv(
    ctx: &Ctx,
    who: &Principal,
    batch_id: &str,
    out: &mut (dyn Write + Send),
) -> Result<()> {
    let header: Vec<&str> = CSV_HEADER.split(',').collect();
    let mut csv = crate::csv::CsvWriter::new(out, &header)?;
    let time = |t: Option<i64>| t.map(domain::time::date_time_utc).unwrap_or_default();
    let mut after = None;
    loop {
        let (lines, next) = coupon_lines(ctx, who, batch_id, after, LINES_PAGE_MAX).await?;
        for l in lines {
            csv.row(&[
                l.serial.display(),
                l.status.label().to_owned(),
                time(l.taken_at_ms),
                l.customer_phone.unwrap_or_default(),
                l.wa_status.map(WaStatus::as_str).unwrap_or("").to_owned(),
                time(l.redeemed_at_ms),
            ])?;
        }
        match next {
            Some(n) => after = Some(n),
            None => {
                csv.finish()?;
                return Ok(());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

/// Coupons fetched and drawn per step while rendering; progress is reported after each.
pub const PDF_STEP_COUPONS: i64 = 2_000;

/// Threads that prepare PDF pages: the machine's cores, at most four.
fn pdf_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// The file key of a batch's PDF.
pub fn pdf_key(batch_id: &str) -> String {
    format!("coupons/{batch_id}.pdf")
}

/// Renders the PDF of a batch `who` may see (see [`render_pdf_job`]).
pub async fn render_pdf(
    ctx: &Ctx,
    who: &Principal,
    batch_id: &str,
    verify_base: &str,
    progress: &mut (dyn FnMut(i64, i64) + Send),
) -> Result<String> {
    batch_row(&ctx.db, &scope(who)?, batch_id).await?;
    render_pdf_job(ctx, batch_id, verify_base, progress).await
}

/// Job: writes batch `batch_id`'s PDF to the file store, streaming page by page, and returns
/// its file key. `verify_base` is the origin of the merchant's site, for the QR links. Progress is
/// reported to `progress(done, total)` after every [`PDF_STEP_COUPONS`] coupons and kept in the
/// batch row (`PdfState::Rendering { done }`) for a dashboard that polls [`batch`]; the
/// finished file replaces any earlier one at once (written under a temporary name first).
pub async fn render_pdf_job(
    ctx: &Ctx,
    batch_id: &str,
    verify_base: &str,
    progress: &mut (dyn FnMut(i64, i64) + Send),
) -> Result<String> {
    let result = render_inner(ctx, batch_id, verify_base, progress).await;
    if result.is_err() {
        let _ = mark_pdf_failed(&ctx.db, batch_id).await;
    }
    result
}

async fn render_inner(
    ctx: &Ctx,
    batch_id: &str,
    verify_base: &str,
    progress: &mut (dyn FnMut(i64, i64) + Send),
) -> Result<String> {
    let (title, offer, terms, from, until, quantity, template_id, merchant, lang): (
        String,
        String,
        String,
        i64,
        i64,
        i64,
        String,
        String,
        String,
    ) = sqlx::query_as(
        "select b.title, b.offer_details, b.terms, b.valid_from_ms, b.valid_until_ms, b.quantity,
                b.template_id, m.company_name, t.default_locale
         from coupon_batches b join merchants m on m.id = b.merchant_id
         join tenants t on t.id = m.tenant_id where b.id = $1",
    )
    .bind(batch_id)
    .fetch_optional(ctx.db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    // The printed words follow the site's default language.
    let locale = i18n::Locale::parse(&lang).unwrap_or_default();
    let art = pdf::CouponArt {
        merchant_name: merchant,
        title,
        offer_details: offer,
        terms,
        // Batch days are calendar days (stored as UTC midnights): printed as such.
        validity: i18n::t_args(
            locale,
            "coupon-pdf-valid",
            &[
                ("from", i18n::Arg::from(i18n::day(locale, from))),
                ("until", i18n::Arg::from(i18n::last_day(locale, until))),
            ],
        ),
        redeem_hint: i18n::t(locale, "coupon-pdf-redeem-hint"),
        template: templates::load_for_render(ctx, &template_id).await?,
    };
    let fonts = crate::pdf_text::FontSet::load(&ctx.config.pdf_fonts)?;
    let secret = signing_secret(&ctx.config)?;
    let key = pdf_key(batch_id);
    // Written on this machine first (page by page, memory flat), then committed to the store:
    // renamed into place on disk, uploaded in parts to a bucket.
    let tmp = ctx.files.scratch_path(&key)?;
    set_pdf_state(&ctx.db, batch_id, "rendering", 0).await?;
    let file = std::io::BufWriter::with_capacity(256 * 1024, std::fs::File::create(&tmp)?);
    let written = async {
        let mut writer = Some(
            tokio::task::spawn_blocking(move || pdf::BatchPdf::begin(file, &art, &fonts))
                .await
                .map_err(|e| Error::Internal(format!("pdf task: {e}")))??,
        );
        let base = verify_base.trim_end_matches('/').to_owned();
        let mut after = -1i64;
        let mut done = 0i64;
        progress(0, quantity);
        loop {
            let serials: Vec<(i64, String)> = sqlx::query_as(
                "select seq, serial from coupons where batch_id = $1 and seq > $2 order by seq limit $3",
            )
            .bind(batch_id)
            .bind(after)
            .bind(PDF_STEP_COUPONS)
            .fetch_all(ctx.db.pool())
            .await?;
            let Some(last) = serials.last() else { break };
            after = last.0;
            let n = i64::try_from(serials.len()).unwrap_or(0);
            let mut w = writer
                .take()
                .ok_or_else(|| Error::Internal("pdf writer lost".into()))?;
            let secret = secret.clone();
            let base = base.clone();
            w = tokio::task::spawn_blocking(move || -> Result<_> {
                let coupons = serials
                    .iter()
                    .map(|(_, s)| {
                        let serial =
                            Serial::parse(s).map_err(|e| Error::Internal(e.to_string()))?;
                        let link = verify_url(&base, &secret, &serial)?;
                        Ok((serial, link))
                    })
                    .collect::<Result<Vec<_>>>()?;
                w.add_many(&coupons, pdf_threads())?;
                Ok(w)
            })
            .await
            .map_err(|e| Error::Internal(format!("pdf task: {e}")))??;
            writer = Some(w);
            done += n;
            set_pdf_state(&ctx.db, batch_id, "rendering", done).await?;
            progress(done, quantity);
        }
        let w = writer.ok_or_else(|| Error::Internal("pdf writer lost".into()))?;
        tokio::task::spawn_blocking(move || -> Result<()> {
            let file = w.finish()?;
            file.into_inner()
                .map_err(|e| Error::Internal(format!("pdf flush: {e}")))?
                .sync_all()?;
            Ok(())
        })
        .await
        .map_err(|e| Error::Internal(format!("pdf task: {e}")))??;
        Ok::<_, Error>(done)
    }
    .await;
    let done = match written {
        Ok(d) => d,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    ctx.files.commit(&key, &tmp).await?;
    sqlx::query(
        "update coupon_batches set pdf_status = 'ready', pdf_done = $2, pdf_key = $3 where id = $1",
    )
    .bind(batch_id)
    .bind(done)
    .bind(&key)
    .execute(ctx.db.pool())
    .await?;
    Ok(key)
}

async fn set_pdf_state(db: &Db, batch_id: &str, status: &str, done: i64) -> Result<()> {
    sqlx::query("update coupon_batches set pdf_status = $2, pdf_done = $3 where id = $1")
        .bind(batch_id)
        .bind(status)
        .bind(done)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The dedupe key of batch `batch_id`'s PDF job: one per batch.
pub fn pdf_job_key(batch_id: &str) -> String {
    format!("batch_pdf:{batch_id}")
}

/// The [`JobKind::BatchPdf`] job: renders batch `batch_id`'s PDF with QR links to its
/// merchant's site (the tenant's own host, as the batch page links it); returns the file key.
pub async fn render_batch(ctx: &Ctx, batch_id: &str) -> Result<String> {
    let (tenant_id,): (String,) =
        sqlx::query_as("select tenant_id from coupon_batches where id = $1")
            .bind(batch_id)
            .fetch_optional(ctx.db.pool())
            .await?
            .ok_or(AppError::NotFound)?;
    let host = crate::tenants::site_host_of(&ctx.db, &ctx.config.main_domains, &tenant_id).await?;
    let origin = ctx.config.site_origin(&host);
    render_pdf_job(ctx, batch_id, &origin, &mut |_, _| {}).await
}

/// Marks batch `batch_id`'s PDF failed (its page offers "Try again").
pub async fn mark_pdf_failed(db: &Db, batch_id: &str) -> Result<()> {
    sqlx::query(
        "update coupon_batches set pdf_status = 'failed' where id = $1 and pdf_status <> 'ready'",
    )
    .bind(batch_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Makes the PDF of a batch `who` may see again (after a failed attempt): its job is queued
/// with fresh attempts; a job already waiting or running is left to finish.
pub async fn render_again(ctx: &Ctx, who: &Principal, batch_id: &str) -> Result<()> {
    batch_row(&ctx.db, &scope(who)?, batch_id).await?;
    let now = ctx.clock.now_ms();
    crate::jobs::enqueue_again(
        &ctx.db,
        JobKind::BatchPdf,
        &pdf_job_key(batch_id),
        batch_id,
        now,
    )
    .await?;
    sqlx::query("update coupon_batches set pdf_status = 'pending', pdf_done = 0 where id = $1 and pdf_status = 'failed'")
        .bind(batch_id)
        .execute(ctx.db.pool())
        .await?;
    Ok(())
}

/// The finished PDF of a batch `who` may see, opened for the download route to stream from the
/// file store; a PDF not ready yet is [`AppError::NotFound`].
pub async fn pdf_file(
    ctx: &Ctx,
    who: &Principal,
    batch_id: &str,
) -> Result<crate::files::Download> {
    let b = batch_row(&ctx.db, &scope(who)?, batch_id).await?;
    if b.pdf_status != "ready" {
        return Err(AppError::NotFound.into());
    }
    ctx.files.open(&pdf_key(batch_id)).await
}

// ---------------------------------------------------------------------------------------------
// Redemption
// ---------------------------------------------------------------------------------------------

#[derive(FromRow)]
struct RedeemRow {
    batch_id: String,
    merchant_id: String,
    title: String,
    offer_details: String,
    valid_until_ms: i64,
    status: String,
    taken_at_ms: Option<i64>,
    redeemed_at_ms: Option<i64>,
}

async fn redeem_row(conn: &mut AnyConnection, serial: &Serial) -> Result<Option<RedeemRow>> {
    Ok(sqlx::query_as(
        "select c.batch_id, b.merchant_id, b.title, b.offer_details, b.valid_until_ms, c.status,
                c.taken_at_ms, c.redeemed_at_ms
         from coupons c join coupon_batches b on b.id = c.batch_id where c.serial = $1",
    )
    .bind(serial.as_str())
    .fetch_optional(&mut *conn)
    .await?)
}

/// The refusal for redeeming a coupon in state `r` by `merchant_id` at `now_ms`, if any.
fn refusal(serial: &Serial, r: &RedeemRow, merchant_id: &str, now_ms: i64) -> Option<AppError> {
    let shown = serial.display();
    if r.merchant_id != merchant_id {
        return Some(AppError::CouponOfAnotherMerchant { serial: shown });
    }
    match CouponStatus::parse(&r.status).ok()? {
        CouponStatus::Redeemed => Some(AppError::CouponAlreadyRedeemed {
            serial: shown,
            redeemed_at_ms: r.redeemed_at_ms.unwrap_or_default(),
        }),
        _ if now_ms >= r.valid_until_ms => Some(AppError::CouponExpired {
            serial: shown,
            valid_until_ms: r.valid_until_ms,
        }),
        CouponStatus::Expired => Some(AppError::CouponExpired {
            serial: shown,
            valid_until_ms: r.valid_until_ms,
        }),
        CouponStatus::Available => Some(AppError::CouponNotTaken { serial: shown }),
        CouponStatus::Taken => None,
    }
}

/// What the verify page shows for a coupon link opened by a logged-in merchant, before it
/// presses Redeem: the coupon if `who` could redeem it now, or the refusal redeeming would get
/// ([`AppError::ForgedCoupon`], [`AppError::UnknownCoupon`], not taken, already redeemed,
/// expired, another merchant's). Changes nothing.
pub async fn check_link(
    ctx: &Ctx,
    who: &Principal,
    serial: &str,
    signature: &str,
) -> Result<CouponCheck> {
    let merchant_id = merchant_of(who)?.to_owned();
    let serial = check_signature(&signing_secret(&ctx.config)?, serial, signature)?;
    let mut conn = ctx.db.pool().acquire().await?;
    let r = redeem_row(&mut conn, &serial)
        .await?
        .ok_or_else(|| AppError::UnknownCoupon {
            serial: serial.display(),
        })?;
    if let Some(e) = refusal(&serial, &r, &merchant_id, ctx.clock.now_ms()) {
        return Err(e.into());
    }
    Ok(CouponCheck {
        serial,
        batch_id: r.batch_id,
        title: r.title,
        offer_details: r.offer_details,
        valid_until_ms: r.valid_until_ms,
        taken_at_ms: r.taken_at_ms,
    })
}

/// Redeems a coupon whose serial the merchant typed (case, spaces and dashes ignored; a typo
/// caught by the check symbol is an [`AppError::InvalidInput`] naming the serial).
pub async fn redeem_serial(ctx: &Ctx, who: &Principal, typed: &str) -> Result<Redeemed> {
    let serial = Serial::parse(typed).map_err(AppError::from)?;
    redeem(ctx, who, serial).await
}

/// Redeems the coupon of a verify link (serial and signature from the URL); a forged or altered
/// link is [`AppError::ForgedCoupon`].
pub async fn redeem_link(
    ctx: &Ctx,
    who: &Principal,
    serial: &str,
    signature: &str,
) -> Result<Redeemed> {
    merchant_of(who)?;
    let serial = check_signature(&signing_secret(&ctx.config)?, serial, signature)?;
    redeem(ctx, who, serial).await
}

async fn redeem(ctx: &Ctx, who: &Principal, serial: Serial) -> Result<Redeemed> {
    let merchant_id = merchant_of(who)?.to_owned();
    let now = ctx.clock.now_ms();
    let mut tx = ctx.db.begin_write().await?;
    let unknown = || AppError::UnknownCoupon {
        serial: serial.display(),
    };
    let r = redeem_row(&mut tx, &serial).await?.ok_or_else(unknown)?;
    if let Some(e) = refusal(&serial, &r, &merchant_id, now) {
        return Err(e.into());
    }
    // The status condition makes two redeemers race safely: one row changes, the other
    // re-reads and gets "already redeemed".
    let changed = sqlx::query(
        "update coupons set status = 'redeemed', redeemed_at_ms = $2, redeemed_by_user_id = $3
         where serial = $1 and status = 'taken'",
    )
    .bind(serial.as_str())
    .bind(now)
    .bind(&who.user_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        let again = redeem_row(&mut tx, &serial).await?.ok_or_else(unknown)?;
        tx.rollback().await?;
        return Err(refusal(&serial, &again, &merchant_id, now)
            .unwrap_or(AppError::Internal)
            .into());
    }
    tx.commit().await?;
    Ok(Redeemed {
        serial,
        batch_id: r.batch_id,
        title: r.title,
        redeemed_at_ms: now,
    })
}

// ---------------------------------------------------------------------------------------------
// Expiry refunds
// ---------------------------------------------------------------------------------------------

/// Batches refunded per query round of [`refund_expired`].
pub const REFUND_ROUND_BATCHES: i64 = 100;
/// Rounds one run of [`refund_expired`] does at most; the rest waits for the next run.
pub const REFUND_ROUNDS_MAX: u32 = 20;

/// What one run of [`refund_expired`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefundReport {
    /// Batches closed by this run (including those with nothing left to refund).
    pub batches: u64,
    /// Coupon credits given back.
    pub coupons_refunded: i64,
}

/// Job: for every batch whose end has passed and that was not closed yet, turns its
/// still-Available coupons into Expired and gives their number back as ONE `refund` row of
/// coupon credits related to the batch (1,000 made, 100 taken → +900). Taken and redeemed
/// coupons are never refunded. Idempotent: the batch row is claimed first (`refunded_at_ms`
/// set only while empty), and the ledger key is per batch, so two runs or two workers at once
/// refund each batch once.
pub async fn refund_expired(ctx: &Ctx) -> Result<RefundReport> {
    let now = ctx.clock.now_ms();
    let mut report = RefundReport::default();
    for _ in 0..REFUND_ROUNDS_MAX {
        let due: Vec<(String,)> = sqlx::query_as(
            "select id from coupon_batches where refunded_at_ms is null and valid_until_ms <= $1
             order by valid_until_ms, id limit $2",
        )
        .bind(now)
        .bind(REFUND_ROUND_BATCHES)
        .fetch_all(ctx.db.pool())
        .await?;
        if due.is_empty() {
            break;
        }
        for (id,) in &due {
            if let Some(n) = refund_batch(&ctx.db, id, now).await? {
                report.batches += 1;
                report.coupons_refunded += n;
            }
        }
        if i64::try_from(due.len()).unwrap_or(0) < REFUND_ROUND_BATCHES {
            break;
        }
    }
    Ok(report)
}

/// Closes one batch; the number refunded, or `None` when another run closed it first.
async fn refund_batch(db: &Db, batch_id: &str, now_ms: i64) -> Result<Option<i64>> {
    let mut tx = db.begin_write().await?;
    let claimed: Option<(String, String, String)> = sqlx::query_as(
        "update coupon_batches set refunded_at_ms = $2, refunded_count = 0
         where id = $1 and refunded_at_ms is null and valid_until_ms <= $2
         returning tenant_id, merchant_id, title",
    )
    .bind(batch_id)
    .bind(now_ms)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((tenant_id, merchant_id, title)) = claimed else {
        tx.rollback().await?;
        return Ok(None);
    };
    let expired = sqlx::query(
        "update coupons set status = 'expired' where batch_id = $1 and status = 'available'",
    )
    .bind(batch_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let n = i64::try_from(expired).map_err(|_| Error::Internal("refund count".into()))?;
    sqlx::query("update coupon_batches set refunded_count = $2 where id = $1")
        .bind(batch_id)
        .bind(n)
        .execute(&mut *tx)
        .await?;
    if n > 0 {
        let words = i18n::Message::new("ledger-expiry-refund")
            .with("count", n)
            .with("title", title.as_str());
        let posting = Posting {
            wallet: WalletRef {
                tenant_id,
                owner_type: OwnerType::Merchant,
                owner_id: merchant_id,
                credit_type: CreditType::Coupon,
            },
            action: Action::Refund,
            amount: n,
            related_kind: RelatedKind::CouponBatch,
            related_id: Some(batch_id.to_owned()),
            description: words.english(),
            message: Some(words),
            idempotency_key: format!("coupon_batch:{batch_id}:expiry_refund"),
            actor_user_id: None,
        };
        credits::post_in(&mut tx, now_ms, &posting).await?;
    }
    tx.commit().await?;
    Ok(Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_any_change_is_forged() {
        let secret = Secret::new("k".repeat(40));
        let serial = Serial::generate(&mut || 42);
        let sig = sign(&secret, &serial).unwrap();
        assert_eq!(sig.len(), 16);
        assert_eq!(
            check_signature(&secret, serial.as_str(), &sig).unwrap(),
            serial
        );
        let other = Secret::new("j".repeat(40));
        let forged = |s: &str, g: &str, k: &Secret| {
            matches!(
                check_signature(k, s, g),
                Err(Error::User(AppError::ForgedCoupon))
            )
        };
        assert!(forged(serial.as_str(), &sig, &other));
        let mut bad = sig.clone().into_bytes();
        bad[0] = if bad[0] == b'A' { b'B' } else { b'A' };
        assert!(forged(
            serial.as_str(),
            std::str::from_utf8(&bad).unwrap(),
            &secret
        ));
        assert!(forged(serial.as_str(), &sig[..10], &secret));
        assert!(forged("ABCD-EFGH-JKM", &sig, &secret));
        let url = verify_url("https://shop.example/", &secret, &serial).unwrap();
        assert_eq!(
            url,
            format!("https://shop.example/v/{}/{sig}", serial.as_str())
        );
    }

    #[test]
    fn insert_sql_numbers_its_placeholders() {
        assert_eq!(
            insert_sql(2),
            "insert into coupons (serial, batch_id, seq, status) values ($2, $1, $3, 'available'),($4, $1, $5, 'available') on conflict (serial) do nothing returning seq"
        );
    }
}
