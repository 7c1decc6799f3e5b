//! Coupon templates: the Super Admin's library and merchants' own uploads.
//!
//! Every upload goes through [`crate::images::sanitize`] (size, format and pixel limits checked
//! before decoding, pixels re-encoded, metadata gone; on the blocking pool) before anything is
//! stored; a refused file stores nothing, and a design sent with a batch form that is refused
//! stores nothing either. Each merchant's own designs are capped in number and bytes. Library templates are offered to every merchant while enabled; disabling one
//! only stops new batches from choosing it, and batches made with it keep rendering. A
//! merchant's own templates are offered to that merchant only, for any later batch.

use domain::AppError;
use domain::auth::{Permission, Principal, Role};
use domain::coupons::TemplateInfo;
use domain::sections::Section;
use sqlx::{AnyConnection, FromRow};

use crate::images::{self, ImageLimits};
use crate::{Ctx, Result, ids, tenants};

#[derive(FromRow)]
struct TemplateRow {
    id: String,
    name: String,
    category: String,
    enabled: i64,
    merchant_id: Option<String>,
    mime: String,
    width: i64,
    height: i64,
    created_at_ms: i64,
}

impl TemplateRow {
    fn into_info(self) -> TemplateInfo {
        TemplateInfo {
            id: self.id,
            name: self.name,
            category: self.category,
            enabled: self.enabled == 1,
            merchant_id: self.merchant_id,
            mime: self.mime,
            width: u32::try_from(self.width).unwrap_or(0),
            height: u32::try_from(self.height).unwrap_or(0),
            created_at_ms: self.created_at_ms,
        }
    }
}

const COLUMNS: &str =
    "id, name, category, enabled, merchant_id, mime, width, height, created_at_ms";

/// The category a merchant's own uploads are filed under.
pub const OWN_CATEGORY: &str = "Own design";
/// The most templates one listing returns.
pub const LIST_MAX: i64 = 500;

fn require_super_admin(who: &Principal) -> Result<()> {
    match &who.role {
        Role::PlatformStaff(_) if who.role.has(Permission::SuperAdmin) => Ok(()),
        _ => Err(AppError::Forbidden.into()),
    }
}

/// The merchant `who` logs in as, if its role opens the coupon pages.
pub(crate) fn merchant_of(who: &Principal) -> Result<&str> {
    tenants::require(who, Section::Coupons)?;
    who.merchant_id().ok_or_else(|| AppError::Forbidden.into())
}

fn check_name(field: &str, raw: &str, max: usize) -> Result<String> {
    let t = raw.trim();
    let n = t.chars().count();
    if n == 0 || n > max || t.chars().any(char::is_control) {
        return Err(AppError::invalid(field, format!("must be 1 to {max} characters")).into());
    }
    Ok(t.to_owned())
}

/// An upload checked and its file stored, not yet a template: [`insert_in`] makes it one (in
/// the caller's transaction, e.g. the batch that brought it), [`discard`] removes the file when
/// that transaction does not happen. A refused form therefore stores nothing.
#[derive(Debug)]
pub struct Prepared {
    pub id: String,
    key: String,
    name: String,
    category: String,
    mime: &'static str,
    width: u32,
    height: u32,
    byte_size: i64,
}

/// Checks `bytes` (off the async workers) and stores the file under a fresh id.
async fn prepare(ctx: &Ctx, name: String, category: String, bytes: &[u8]) -> Result<Prepared> {
    let clean = images::sanitize_off_thread(bytes.to_vec(), ImageLimits::TEMPLATE).await?;
    let id = ids::new_id();
    let key = format!("templates/{id}.{}", clean.extension());
    ctx.files.put(&key, &clean.bytes).await?;
    Ok(Prepared {
        id,
        key,
        name,
        category,
        mime: clean.mime,
        width: clean.width,
        height: clean.height,
        byte_size: i64::try_from(clean.bytes.len()).unwrap_or(i64::MAX),
    })
}

/// Removes the file of an upload that did not become a template.
pub async fn discard(ctx: &Ctx, p: &Prepared) {
    if let Err(e) = ctx.files.delete(&p.key).await {
        tracing::warn!(error = %e, key = %p.key, "discarding an unused template file");
    }
}

/// Refuses a merchant's new template beyond its caps ([`crate::config::UploadLimits`]).
async fn check_caps(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    merchant_id: &str,
    adding_bytes: i64,
) -> Result<()> {
    let (count, bytes): (i64, i64) = sqlx::query_as(
        "select count(*), cast(coalesce(sum(byte_size), 0) as bigint) from coupon_templates where merchant_id = $1",
    )
    .bind(merchant_id)
    .fetch_one(&mut *conn)
    .await?;
    let limits = ctx.config.upload_limits;
    if count >= i64::from(limits.templates_per_merchant) {
        return Err(AppError::invalid(
            "Template",
            format!("you already keep {count} designs, the most allowed; pick one of them instead"),
        )
        .into());
    }
    let cap = i64::try_from(limits.template_bytes_per_merchant).unwrap_or(i64::MAX);
    if bytes.saturating_add(adding_bytes) > cap {
        return Err(AppError::invalid(
            "Template",
            format!(
                "your designs would take more than the {} MB allowed; pick one you uploaded before",
                cap / (1024 * 1024)
            ),
        )
        .into());
    }
    Ok(())
}

/// Makes prepared upload `p` a template of `merchant_id` (`None`: the library), in the
/// caller's transaction, within the merchant's caps.
pub(crate) async fn insert_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    (tenant_id, user_id): (&str, &str),
    merchant_id: Option<&str>,
    p: &Prepared,
) -> Result<TemplateInfo> {
    if let Some(m) = merchant_id {
        check_caps(conn, ctx, m, p.byte_size).await?;
    }
    let row: TemplateRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "insert into coupon_templates (id, tenant_id, merchant_id, name, category, enabled, file_key,
             mime, width, height, created_by_user_id, created_at_ms, byte_size)
         values ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, $12) returning {COLUMNS}"
    )))
    .bind(&p.id)
    .bind(tenant_id)
    .bind(merchant_id)
    .bind(&p.name)
    .bind(&p.category)
    .bind(&p.key)
    .bind(p.mime)
    .bind(i64::from(p.width))
    .bind(i64::from(p.height))
    .bind(user_id)
    .bind(ctx.clock.now_ms())
    .bind(p.byte_size)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.into_info())
}

/// Checks and stores an upload as a template on its own (library templates, or a design
/// uploaded outside a batch form).
async fn store(
    ctx: &Ctx,
    owner: (&str, &str),
    merchant_id: Option<&str>,
    name: &str,
    category: &str,
    bytes: &[u8],
) -> Result<TemplateInfo> {
    let p = prepare(ctx, name.to_owned(), category.to_owned(), bytes).await?;
    let inserted = async {
        let mut tx = ctx.db.begin_write().await?;
        let info = insert_in(&mut tx, ctx, owner, merchant_id, &p).await?;
        tx.commit().await?;
        Ok::<_, crate::Error>(info)
    }
    .await;
    if inserted.is_err() {
        // The row is what makes a file visible; without it the file is removed again.
        discard(ctx, &p).await;
    }
    inserted
}

/// The Super Admin adds a template to the library (enabled at once). A file that fails the
/// image checks is refused with the rule it broke, and nothing is stored.
pub async fn add_library_template(
    ctx: &Ctx,
    who: &Principal,
    name: &str,
    category: &str,
    bytes: &[u8],
) -> Result<TemplateInfo> {
    require_super_admin(who)?;
    let name = check_name("Name", name, 80)?;
    let category = check_name("Category", category, 40)?;
    store(
        ctx,
        (&who.tenant_id, &who.user_id),
        None,
        &name,
        &category,
        bytes,
    )
    .await
}

/// Demo data: a library template added on behalf of the Super Admin `user_id` of the main
/// platform `tenant_id` (the same checks as an upload).
pub async fn seed_library_template(
    ctx: &Ctx,
    tenant_id: &str,
    user_id: &str,
    name: &str,
    category: &str,
    bytes: &[u8],
) -> Result<TemplateInfo> {
    store(ctx, (tenant_id, user_id), None, name, category, bytes).await
}

/// The Super Admin renames, re-files, enables or disables a library template. Disabling it
/// hides it from new batches only.
pub async fn update_library_template(
    ctx: &Ctx,
    who: &Principal,
    id: &str,
    name: &str,
    category: &str,
    enabled: bool,
) -> Result<TemplateInfo> {
    require_super_admin(who)?;
    let name = check_name("Name", name, 80)?;
    let category = check_name("Category", category, 40)?;
    let row: Option<TemplateRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "update coupon_templates set name = $2, category = $3, enabled = $4
         where id = $1 and merchant_id is null returning {COLUMNS}"
    )))
    .bind(id)
    .bind(&name)
    .bind(&category)
    .bind(i64::from(enabled))
    .fetch_optional(ctx.db.pool())
    .await?;
    row.map(TemplateRow::into_info)
        .ok_or_else(|| AppError::NotFound.into())
}

/// Every library template, enabled or not, for the Super Admin's library page.
pub async fn library(ctx: &Ctx, who: &Principal) -> Result<Vec<TemplateInfo>> {
    require_super_admin(who)?;
    let rows: Vec<TemplateRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from coupon_templates where merchant_id is null
         order by category, name, id limit {LIST_MAX}"
    )))
    .fetch_all(ctx.db.pool())
    .await?;
    Ok(rows.into_iter().map(TemplateRow::into_info).collect())
}

/// A merchant (annual or temporary) uploads its own template, usable for this and later
/// batches of that merchant only.
pub async fn add_own_template(
    ctx: &Ctx,
    who: &Principal,
    name: &str,
    bytes: &[u8],
) -> Result<TemplateInfo> {
    let merchant_id = merchant_of(who)?.to_owned();
    let name = check_name("Name", name, 80)?;
    store(
        ctx,
        (&who.tenant_id, &who.user_id),
        Some(&merchant_id),
        &name,
        OWN_CATEGORY,
        bytes,
    )
    .await
}

/// A merchant's own design sent with a batch form, checked and its file stored, to become a
/// template only if the batch is made ([`crate::coupons::generate_batch_with`]).
pub async fn prepare_own(ctx: &Ctx, who: &Principal, name: &str, bytes: &[u8]) -> Result<Prepared> {
    let merchant_id = merchant_of(who)?.to_owned();
    let name = check_name("Name", name, 80)?;
    // Refuse early what the caps would refuse anyway, before the image work.
    let mut conn = ctx.db.pool().acquire().await?;
    check_caps(&mut conn, ctx, &merchant_id, 0).await?;
    drop(conn);
    prepare(ctx, name, OWN_CATEGORY.to_owned(), bytes).await
}

/// The templates a merchant may choose for a new batch: the enabled library templates and its
/// own uploads (own first, newest first).
pub async fn offered(ctx: &Ctx, who: &Principal) -> Result<Vec<TemplateInfo>> {
    let merchant_id = merchant_of(who)?;
    let rows: Vec<TemplateRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLUMNS} from coupon_templates
         where merchant_id = $1 or (merchant_id is null and enabled = 1)
         order by case when merchant_id is null then 1 else 0 end, created_at_ms desc, id
         limit {LIST_MAX}"
    )))
    .bind(merchant_id)
    .fetch_all(ctx.db.pool())
    .await?;
    Ok(rows.into_iter().map(TemplateRow::into_info).collect())
}

/// Refuses a template `merchant_id` may not use for a new batch: unknown, another merchant's,
/// or a disabled library template (all answer the same "not offered" message).
pub(crate) async fn check_usable(
    conn: &mut AnyConnection,
    merchant_id: &str,
    template_id: &str,
) -> Result<()> {
    let found: Option<(i64,)> = sqlx::query_as(
        "select 1 from coupon_templates
         where id = $1 and (merchant_id = $2 or (merchant_id is null and enabled = 1))",
    )
    .bind(template_id)
    .bind(merchant_id)
    .fetch_optional(&mut *conn)
    .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(AppError::invalid("Template", "is not offered to you; choose another").into()),
    }
}

/// A template's image for a thumbnail: library templates for the Super Admin and any merchant,
/// a merchant's own only for that merchant. Returns the bytes and their MIME type.
pub async fn image(ctx: &Ctx, who: &Principal, id: &str) -> Result<(Vec<u8>, String)> {
    let mine = who.merchant_id().unwrap_or("");
    let is_admin = require_super_admin(who).is_ok();
    if !is_admin {
        merchant_of(who)?;
    }
    let found: Option<(String, String)> = sqlx::query_as(
        "select file_key, mime from coupon_templates
         where id = $1 and (merchant_id is null or merchant_id = $2)",
    )
    .bind(id)
    .bind(mine)
    .fetch_optional(ctx.db.pool())
    .await?;
    let (key, mime) = found.ok_or(AppError::NotFound)?;
    Ok((ctx.files.get(&key).await?, mime))
}

/// A template's stored image and size, by id, for rendering a batch already authorised.
pub(crate) async fn load_for_render(
    ctx: &Ctx,
    id: &str,
) -> Result<crate::coupons::pdf::TemplateImage> {
    let (key, mime, width, height): (String, String, i64, i64) =
        sqlx::query_as("select file_key, mime, width, height from coupon_templates where id = $1")
            .bind(id)
            .fetch_optional(ctx.db.pool())
            .await?
            .ok_or(AppError::NotFound)?;
    Ok(crate::coupons::pdf::TemplateImage {
        bytes: ctx.files.get(&key).await?,
        mime,
        width: u32::try_from(width).unwrap_or(0),
        height: u32::try_from(height).unwrap_or(0),
    })
}

/// The art of `tenant_id`'s batch `batch_id` (its template's image) while the batch can be
/// claimed: what a shared claim link shows as its preview. Anything else is
/// [`AppError::NotFound`].
pub async fn batch_art(ctx: &Ctx, tenant_id: &str, batch_id: &str) -> Result<(Vec<u8>, String)> {
    let now = ctx.clock.now_ms();
    let found: Option<(String, String)> = sqlx::query_as(
        "select t.file_key, t.mime from coupon_batches b join coupon_templates t on t.id = b.template_id
         where b.id = $1 and b.tenant_id = $2 and b.valid_from_ms <= $3 and b.valid_until_ms > $3
         and b.refunded_at_ms is null and b.claimed_count < b.quantity",
    )
    .bind(batch_id)
    .bind(tenant_id)
    .bind(now)
    .fetch_optional(ctx.db.pool())
    .await?;
    let (key, mime) = found.ok_or(AppError::NotFound)?;
    Ok((ctx.files.get(&key).await?, mime))
}
