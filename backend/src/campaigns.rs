//! Automated WhatsApp campaigns: birthday, inactive-customer recall and festivals. Storage of
//! each merchant's settings and festival choices, the Super Admin's festival calendar, consent
//! (STOP / START replies), the daily scheduler, the cost preview and the run logs.
//!
//! What the scheduler keeps true:
//!
//! - One run per campaign, merchant and local day: `campaign_runs` is unique on
//!   (merchant, kind, local day), so with any number of workers the day's run is started by one
//!   of them. A run whose worker stopped stays `running` past its lease and is taken over.
//! - At most one message per customer and occasion (birthday: the occurrence's year; festival:
//!   the festival and year; recall: the customer's last return): the guard row in
//!   `campaign_sends` is written in the SAME transaction as the coupon taken for it and the
//!   queued message (with its credit hold), so a crash leaves all three or none, and a resumed
//!   run sends nothing twice.
//! - Nothing is sent in the merchant's quiet hours: a due run simply starts on the first pass
//!   after they end (the same local day: quiet hours always leave part of the day open).
//! - A batch that runs out or an empty BI wallet stops the run cleanly (the message's coupon is
//!   rolled back with it), counts the customers left as skipped for that reason, and tells the
//!   merchant in the support inbox. The next day's run tries again.
//!
//! Consent, decided here: a STOP reply opts the customer out of the merchant whose message
//! they last received (a reply answers the message in front of them; other merchants of the
//! tenant are unaffected); START re-subscribes them to that same merchant.

use std::collections::{HashMap, HashSet};

use jiff::tz::TimeZone;
use sqlx::FromRow;

use domain::AppError;
use domain::auth::{Permission, Principal, Role};
use domain::campaigns::{
    CampaignKind, CampaignSettings, ConsentWord, CostPreview, Festival, FestivalChoice, MonthDay,
    PREVIEW_DAYS, QuietHours, RunLog, due_occurrence, recall_due,
};
use domain::claims::ClaimSource;
use domain::coupons::Serial;
use domain::credits::{CreditType, OwnerType};
use domain::sections::Section;
use domain::time::days_from_civil;
use domain::whatsapp::CREDITS_PER_MESSAGE;

use crate::claims::{self, LogClaim};
use crate::clock::DAY_MS;
use crate::whatsapp::{self, Content, Engine, NewMessage};
use crate::{Ctx, Db, Error, Result, credits, ids, support, tenants};

/// The approved template every campaign message uses: `{{1}}` the customer's name, `{{2}}` the
/// merchant's text, `{{3}}` the coupon's serial.
pub const CAMPAIGN_TEMPLATE: &str = "campaign_coupon";
/// How long a run's worker owns it before another may take it over; every message renews it.
pub const RUN_LEASE_MS: i64 = 10 * 60 * 1000;
/// The most customers one merchant's campaign looks at in one run.
pub const CUSTOMERS_PER_RUN_MAX: i64 = 50_000;
/// The most merchants one scheduler pass looks at.
pub const MERCHANTS_PER_PASS_MAX: i64 = 10_000;
/// The most runs one log page shows.
pub const LOG_ROWS_MAX: i64 = 200;

/// Why a run stopped early, as the merchant reads it.
pub const STOP_NO_CREDITS: &str = "WhatsApp BI credits ran out";
/// See [`STOP_NO_CREDITS`].
pub const STOP_BATCH: &str = "the coupon batch cannot issue more coupons";

fn merchant_id(who: &Principal) -> Result<&str> {
    tenants::require(who, Section::Campaigns)?;
    who.merchant_id().ok_or_else(|| AppError::Forbidden.into())
}

fn require_super_admin(who: &Principal) -> Result<()> {
    if matches!(who.role, Role::PlatformStaff(_)) && who.role.has(Permission::SuperAdmin) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// The time zone of a name, or the named refusal.
fn parse_zone(name: &str) -> Result<TimeZone> {
    TimeZone::get(name)
        .map_err(|_| AppError::invalid("Time zone", format!("{name:?} is not a time zone")).into())
}

/// The local day (days since 1970-01-01), its `YYYY-MM-DD` and the minute of the day at
/// `now_ms` in `tz`.
pub fn local_time(tz: &TimeZone, now_ms: i64) -> Result<(i64, String, u32)> {
    let ts = jiff::Timestamp::from_millisecond(now_ms)
        .map_err(|e| Error::Internal(format!("clock out of range: {e}")))?;
    let z = ts.to_zoned(tz.clone());
    let d = z.date();
    let (y, m, day) = (
        i64::from(d.year()),
        u32::try_from(d.month()).unwrap_or(1),
        u32::try_from(d.day()).unwrap_or(1),
    );
    let minute = u32::try_from(z.hour()).unwrap_or(0) * 60 + u32::try_from(z.minute()).unwrap_or(0);
    Ok((
        days_from_civil(y, m, day),
        format!("{y:04}-{m:02}-{day:02}"),
        minute,
    ))
}

// ---------------------------------------------------------------------------------------------
// Settings

#[derive(FromRow)]
struct SettingsRow {
    timezone: Option<String>,
    quiet_start_min: i64,
    quiet_end_min: i64,
    birthday_on: i64,
    birthday_days_before: i64,
    birthday_days_after: i64,
    birthday_batch_id: Option<String>,
    birthday_text: String,
    recall_on: i64,
    recall_days: i64,
    recall_batch_id: Option<String>,
    recall_text: String,
}

const SETTINGS_COLUMNS: &str = "timezone, quiet_start_min, quiet_end_min, birthday_on, birthday_days_before,
    birthday_days_after, birthday_batch_id, birthday_text, recall_on, recall_days, recall_batch_id, recall_text";

impl SettingsRow {
    fn into_settings(self) -> CampaignSettings {
        let min = |v: i64| u32::try_from(v).unwrap_or(0);
        CampaignSettings {
            timezone: self.timezone,
            quiet: QuietHours {
                start_min: min(self.quiet_start_min),
                end_min: min(self.quiet_end_min),
            },
            birthday: domain::campaigns::BirthdayCampaign {
                on: self.birthday_on == 1,
                days_before: self.birthday_days_before,
                days_after: self.birthday_days_after,
                batch_id: self.birthday_batch_id,
                text: self.birthday_text,
            },
            recall: domain::campaigns::RecallCampaign {
                on: self.recall_on == 1,
                inactive_days: self.recall_days,
                batch_id: self.recall_batch_id,
                text: self.recall_text,
            },
        }
    }
}

async fn stored_settings(db: &Db, merchant_id: &str) -> Result<CampaignSettings> {
    let row: Option<SettingsRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {SETTINGS_COLUMNS} from campaign_settings where merchant_id = $1"
    )))
    .bind(merchant_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map_or_else(CampaignSettings::default, SettingsRow::into_settings))
}

/// The merchant's campaign settings (defaults when never saved). Annual merchants only.
pub async fn settings(ctx: &Ctx, who: &Principal) -> Result<CampaignSettings> {
    stored_settings(&ctx.db, merchant_id(who)?).await
}

async fn check_batch(db: &Db, merchant_id: &str, field: &str, batch_id: &str) -> Result<()> {
    let found: Option<(String,)> =
        sqlx::query_as("select id from coupon_batches where id = $1 and merchant_id = $2")
            .bind(batch_id)
            .bind(merchant_id)
            .fetch_optional(db.pool())
            .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(AppError::invalid(field, "is not one of your coupon batches").into()),
    }
}

/// Saves the merchant's settings. Every field is checked (the batches must be the merchant's,
/// the time zone must exist) before anything is written; a refusal names the field.
pub async fn save_settings(ctx: &Ctx, who: &Principal, s: &CampaignSettings) -> Result<()> {
    let merchant = merchant_id(who)?;
    s.check()?;
    if let Some(tz) = &s.timezone {
        parse_zone(tz)?;
    }
    if let Some(b) = &s.birthday.batch_id {
        check_batch(&ctx.db, merchant, "Birthday batch", b).await?;
    }
    if let Some(b) = &s.recall.batch_id {
        check_batch(&ctx.db, merchant, "Recall batch", b).await?;
    }
    let now = ctx.clock.now_ms();
    sqlx::query(
        "insert into campaign_settings (merchant_id, tenant_id, timezone, quiet_start_min, quiet_end_min,
             birthday_on, birthday_days_before, birthday_days_after, birthday_batch_id, birthday_text,
             recall_on, recall_days, recall_batch_id, recall_text, updated_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         on conflict (merchant_id) do update set timezone = excluded.timezone,
             quiet_start_min = excluded.quiet_start_min, quiet_end_min = excluded.quiet_end_min,
             birthday_on = excluded.birthday_on, birthday_days_before = excluded.birthday_days_before,
             birthday_days_after = excluded.birthday_days_after, birthday_batch_id = excluded.birthday_batch_id,
             birthday_text = excluded.birthday_text, recall_on = excluded.recall_on,
             recall_days = excluded.recall_days, recall_batch_id = excluded.recall_batch_id,
             recall_text = excluded.recall_text, updated_at_ms = excluded.updated_at_ms",
    )
    .bind(merchant)
    .bind(&who.tenant_id)
    .bind(s.timezone.as_deref())
    .bind(i64::from(s.quiet.start_min))
    .bind(i64::from(s.quiet.end_min))
    .bind(i64::from(s.birthday.on))
    .bind(s.birthday.days_before)
    .bind(s.birthday.days_after)
    .bind(s.birthday.batch_id.as_deref())
    .bind(s.birthday.text.trim())
    .bind(i64::from(s.recall.on))
    .bind(s.recall.inactive_days)
    .bind(s.recall.batch_id.as_deref())
    .bind(s.recall.text.trim())
    .bind(now)
    .execute(ctx.db.pool())
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Festival calendar

async fn load_festivals(db: &Db, country: Option<&str>) -> Result<Vec<Festival>> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "select id, country, name, fixed_month_day from festivals
         where $1 = '' or country = $1 order by country, name",
    )
    .bind(country.unwrap_or(""))
    .fetch_all(db.pool())
    .await?;
    let dates: Vec<(String, i64, String)> = sqlx::query_as(
        "select d.festival_id, d.year, d.on_date from festival_dates d
         join festivals f on f.id = d.festival_id where $1 = '' or f.country = $1
         order by d.year",
    )
    .bind(country.unwrap_or(""))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, country, name, fixed)| Festival {
            dates: dates
                .iter()
                .filter(|(f, _, _)| *f == id)
                .map(|(_, y, d)| (*y, d.clone()))
                .collect(),
            fixed: fixed.and_then(|md| MonthDay::parse(&md).ok()),
            id,
            country,
            name,
        })
        .collect())
}

/// The whole festival calendar, for the Super Admin.
pub async fn calendar(ctx: &Ctx, who: &Principal) -> Result<Vec<Festival>> {
    require_super_admin(who)?;
    load_festivals(&ctx.db, None).await
}

/// Adds a festival to the calendar (Super Admin). `fixed` is `MM-DD` for a festival on the
/// same day every year, empty for one dated year by year with [`set_festival_date`]. A name
/// already used in the country is refused.
pub async fn add_festival(
    ctx: &Ctx,
    who: &Principal,
    country: &str,
    name: &str,
    fixed: &str,
) -> Result<String> {
    require_super_admin(who)?;
    let country = country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(AppError::invalid("Country", "must be a two-letter code like MY").into());
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid("Name", "must be 1 to 80 characters").into());
    }
    let fixed = match fixed.trim() {
        "" => None,
        raw => {
            let md = MonthDay::parse(raw)?;
            Some(format!("{:02}-{:02}", md.month, md.day))
        }
    };
    let id = ids::new_id();
    let inserted = sqlx::query(
        "insert into festivals (id, country, name, fixed_month_day, created_at_ms)
         values ($1, $2, $3, $4, $5) on conflict (country, name) do nothing",
    )
    .bind(&id)
    .bind(&country)
    .bind(&name)
    .bind(fixed)
    .bind(ctx.clock.now_ms())
    .execute(ctx.db.pool())
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::invalid("Name", "is already in this country's calendar").into());
    }
    Ok(id)
}

/// Sets a festival's date in the year of `date` (`YYYY-MM-DD`), replacing that year's date.
pub async fn set_festival_date(
    ctx: &Ctx,
    who: &Principal,
    festival_id: &str,
    date: &str,
) -> Result<()> {
    require_super_admin(who)?;
    let ms = domain::time::parse_date_ms(date)?;
    let day = ms.div_euclid(DAY_MS);
    let (y, m, d) = domain::time::civil_from_days(day);
    if !(2000..=2200).contains(&y) {
        return Err(AppError::invalid("Date", "must be between 2000 and 2200").into());
    }
    let known: Option<(String,)> = sqlx::query_as("select id from festivals where id = $1")
        .bind(festival_id)
        .fetch_optional(ctx.db.pool())
        .await?;
    if known.is_none() {
        return Err(AppError::NotFound.into());
    }
    sqlx::query(
        "insert into festival_dates (festival_id, year, on_date) values ($1, $2, $3)
         on conflict (festival_id, year) do update set on_date = excluded.on_date",
    )
    .bind(festival_id)
    .bind(y)
    .bind(format!("{y:04}-{m:02}-{d:02}"))
    .execute(ctx.db.pool())
    .await?;
    Ok(())
}

/// The festivals of the merchant's country with the merchant's choice for each, if any.
pub async fn merchant_festivals(
    ctx: &Ctx,
    who: &Principal,
) -> Result<Vec<(Festival, Option<FestivalChoice>)>> {
    let merchant = merchant_id(who)?;
    let (country,): (String,) = sqlx::query_as("select country from merchants where id = $1")
        .bind(merchant)
        .fetch_one(ctx.db.pool())
        .await?;
    let festivals = load_festivals(&ctx.db, Some(&country)).await?;
    let choices = stored_choices(&ctx.db, merchant, false).await?;
    Ok(festivals
        .into_iter()
        .map(|f| {
            let c = choices.iter().find(|c| c.festival_id == f.id).cloned();
            (f, c)
        })
        .collect())
}

async fn stored_choices(
    db: &Db,
    merchant_id: &str,
    enabled_only: bool,
) -> Result<Vec<FestivalChoice>> {
    let rows: Vec<(String, i64, String, String, i64)> = sqlx::query_as(
        "select festival_id, enabled, batch_id, body, days_before from merchant_festivals
         where merchant_id = $1 and ($2 = 0 or enabled = 1) order by festival_id",
    )
    .bind(merchant_id)
    .bind(i64::from(enabled_only))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(festival_id, enabled, batch_id, text, days_before)| FestivalChoice {
                festival_id,
                enabled: enabled == 1,
                batch_id,
                text,
                days_before,
            },
        )
        .collect())
}

/// Saves the merchant's choice for one festival of its country.
pub async fn save_festival(ctx: &Ctx, who: &Principal, c: &FestivalChoice) -> Result<()> {
    let merchant = merchant_id(who)?;
    c.check()?;
    let known: Option<(String,)> = sqlx::query_as(
        "select f.id from festivals f join merchants m on m.country = f.country
         where f.id = $1 and m.id = $2",
    )
    .bind(&c.festival_id)
    .bind(merchant)
    .fetch_optional(ctx.db.pool())
    .await?;
    if known.is_none() {
        return Err(AppError::NotFound.into());
    }
    check_batch(&ctx.db, merchant, "Festival batch", &c.batch_id).await?;
    let now = ctx.clock.now_ms();
    let mut tx = ctx.db.begin_write().await?;
    // The scheduler looks at merchants with a settings row; make sure there is one.
    let d = CampaignSettings::default();
    sqlx::query(
        "insert into campaign_settings (merchant_id, tenant_id, timezone, quiet_start_min, quiet_end_min,
             birthday_on, birthday_days_before, birthday_days_after, birthday_batch_id, birthday_text,
             recall_on, recall_days, recall_batch_id, recall_text, updated_at_ms)
         values ($1, $2, null, $3, $4, 0, 0, 0, null, '', 0, $5, null, '', $6)
         on conflict (merchant_id) do nothing",
    )
    .bind(merchant)
    .bind(&who.tenant_id)
    .bind(i64::from(d.quiet.start_min))
    .bind(i64::from(d.quiet.end_min))
    .bind(d.recall.inactive_days)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into merchant_festivals (merchant_id, festival_id, tenant_id, enabled, batch_id, body, days_before, updated_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (merchant_id, festival_id) do update set enabled = excluded.enabled,
             batch_id = excluded.batch_id, body = excluded.body, days_before = excluded.days_before,
             updated_at_ms = excluded.updated_at_ms",
    )
    .bind(merchant)
    .bind(&c.festival_id)
    .bind(&who.tenant_id)
    .bind(i64::from(c.enabled))
    .bind(&c.batch_id)
    .bind(c.text.trim())
    .bind(c.days_before)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Consent

/// What a consent reply changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentChange {
    pub tenant_id: String,
    pub merchant_id: String,
    pub phone: String,
    pub word: ConsentWord,
}

/// Applies an inbound reply: `STOP` opts the sender out of business-initiated messages of the
/// merchant whose message they last received, `START` opts them back in. Any other text, or a
/// sender who never received a message, changes nothing (`None`). Idempotent.
pub async fn consent_reply(
    db: &Db,
    now_ms: i64,
    from: &str,
    text: &str,
) -> Result<Option<ConsentChange>> {
    let Some(word) = ConsentWord::parse(text) else {
        return Ok(None);
    };
    // Meta sends the sender's number as digits without the plus.
    let digits = from.trim().trim_start_matches('+');
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let phone = format!("+{digits}");
    let last: Option<(String, String)> = sqlx::query_as(
        "select tenant_id, merchant_id from wa_messages where recipient in ($1, $2)
         order by created_at_ms desc, id desc limit 1",
    )
    .bind(digits)
    .bind(&phone)
    .fetch_optional(db.pool())
    .await?;
    let Some((tenant_id, merchant_id)) = last else {
        return Ok(None);
    };
    set_consent(db, now_ms, &tenant_id, &merchant_id, &phone, word).await?;
    Ok(Some(ConsentChange {
        tenant_id,
        merchant_id,
        phone,
        word,
    }))
}

/// Records an opt-out (`Stop`) or removes it (`Start`) for one merchant and phone.
pub async fn set_consent(
    db: &Db,
    now_ms: i64,
    tenant_id: &str,
    merchant_id: &str,
    phone: &str,
    word: ConsentWord,
) -> Result<()> {
    match word {
        ConsentWord::Stop => {
            sqlx::query(
                "insert into campaign_opt_outs (merchant_id, phone, tenant_id, opted_out_at_ms)
                 values ($1, $2, $3, $4) on conflict (merchant_id, phone) do nothing",
            )
            .bind(merchant_id)
            .bind(phone)
            .bind(tenant_id)
            .bind(now_ms)
            .execute(db.pool())
            .await?;
        }
        ConsentWord::Start => {
            sqlx::query("delete from campaign_opt_outs where merchant_id = $1 and phone = $2")
                .bind(merchant_id)
                .bind(phone)
                .execute(db.pool())
                .await?;
        }
    }
    Ok(())
}

/// The customers with a standing consent to `merchant_id`'s offers (see
/// [`crate::claims`]'s claim form box); STOP is kept apart and still wins.
async fn consented(db: &Db, merchant_id: &str) -> Result<HashSet<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "select customer_id from marketing_consents where merchant_id = $1 and withdrawn_at_ms is null",
    )
    .bind(merchant_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(c,)| c).collect())
}

async fn opted_out(db: &Db, merchant_id: &str) -> Result<HashSet<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("select phone from campaign_opt_outs where merchant_id = $1")
            .bind(merchant_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(p,)| p).collect())
}

// ---------------------------------------------------------------------------------------------
// Who is due

#[derive(FromRow, Clone)]
struct Customer {
    id: String,
    phone: String,
    name: String,
    birthday: String,
}

/// The merchant's customers: everyone who ever took a coupon of this merchant.
async fn customers(db: &Db, merchant_id: &str) -> Result<Vec<Customer>> {
    Ok(sqlx::query_as(
        "select cu.id, cu.phone, cu.name, cu.birthday from customers cu
         where cu.id in (select customer_id from claims where merchant_id = $1)
           and cu.erased_at_ms is null
         order by cu.id limit $2",
    )
    .bind(merchant_id)
    .bind(CUSTOMERS_PER_RUN_MAX)
    .fetch_all(db.pool())
    .await?)
}

/// Each customer's last return (a claim from the homepage, in store or the wheel, or a
/// redemption) at this merchant. Campaign coupons being issued is not a return.
async fn last_returns(db: &Db, merchant_id: &str) -> Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "select customer_id, max(t) from (
             select customer_id, claimed_at_ms as t from claims
             where merchant_id = $1 and source in ('homepage', 'in_store', 'lucky_draw')
             union all
             select cu.id as customer_id, c.redeemed_at_ms as t from coupons c
             join coupon_batches b on b.id = c.batch_id
             join customers cu on cu.tenant_id = b.tenant_id and cu.phone = c.customer_phone
             where b.merchant_id = $1 and c.redeemed_at_ms is not null
         ) x group by customer_id",
    )
    .bind(merchant_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().collect())
}

async fn sent_occasions(
    db: &Db,
    merchant_id: &str,
    kind: CampaignKind,
) -> Result<HashMap<String, HashSet<String>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select customer_id, occasion from campaign_sends where merchant_id = $1 and kind = $2",
    )
    .bind(merchant_id)
    .bind(kind.as_str())
    .fetch_all(db.pool())
    .await?;
    let mut out: HashMap<String, HashSet<String>> = HashMap::new();
    for (c, o) in rows {
        out.entry(c).or_default().insert(o);
    }
    Ok(out)
}

async fn last_recalls(db: &Db, merchant_id: &str) -> Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "select customer_id, max(sent_at_ms) from campaign_sends
         where merchant_id = $1 and kind = 'recall' group by customer_id",
    )
    .bind(merchant_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().collect())
}

/// One message a run means to send.
#[derive(Debug, Clone)]
struct Due {
    customer_id: String,
    phone: String,
    name: String,
    occasion: String,
    batch_id: String,
    text: String,
}

async fn due_today(
    db: &Db,
    m: &MerchantRow,
    kind: CampaignKind,
    today: i64,
    now_ms: i64,
) -> Result<Vec<Due>> {
    let s = &m.settings;
    let people = customers(db, &m.merchant_id).await?;
    let due = |c: &Customer, occasion: String, batch_id: &str, text: &str| Due {
        customer_id: c.id.clone(),
        phone: c.phone.clone(),
        name: c.name.clone(),
        occasion,
        batch_id: batch_id.to_owned(),
        text: text.to_owned(),
    };
    let mut out = Vec::new();
    match kind {
        CampaignKind::Birthday => {
            let Some(batch) = &s.birthday.batch_id else {
                return Ok(out);
            };
            for c in &people {
                let Ok(b) = MonthDay::parse(&c.birthday) else {
                    continue;
                };
                if let Some(y) =
                    due_occurrence(b, today, s.birthday.days_before, s.birthday.days_after)
                {
                    out.push(due(c, y.to_string(), batch, &s.birthday.text));
                }
            }
        }
        CampaignKind::Recall => {
            let Some(batch) = &s.recall.batch_id else {
                return Ok(out);
            };
            let returns = last_returns(db, &m.merchant_id).await?;
            let recalls = last_recalls(db, &m.merchant_id).await?;
            for c in &people {
                let Some(&back) = returns.get(&c.id) else {
                    continue;
                };
                if recall_due(
                    back,
                    recalls.get(&c.id).copied(),
                    now_ms,
                    s.recall.inactive_days,
                ) {
                    out.push(due(c, back.to_string(), batch, &s.recall.text));
                }
            }
        }
        CampaignKind::Festival => {
            let festivals = load_festivals(db, Some(&m.country)).await?;
            for choice in stored_choices(db, &m.merchant_id, true).await? {
                let Some(f) = festivals.iter().find(|f| f.id == choice.festival_id) else {
                    continue;
                };
                if let Some(y) = f.due_occurrence(today, choice.days_before) {
                    for c in &people {
                        out.push(due(
                            c,
                            format!("{}:{y}", f.id),
                            &choice.batch_id,
                            &choice.text,
                        ));
                    }
                }
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Scheduler

#[derive(FromRow)]
struct MerchantHead {
    merchant_id: String,
    tenant_id: String,
    country: String,
    tenant_timezone: String,
    has_festivals: i64,
}

struct MerchantRow {
    merchant_id: String,
    tenant_id: String,
    country: String,
    settings: CampaignSettings,
    has_festivals: bool,
}

/// What one [`run_due`] pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Merchants in their quiet hours, left for the morning.
    pub deferred: usize,
    /// Runs started or resumed by this pass.
    pub runs: usize,
    /// Messages queued by this pass.
    pub queued: usize,
    /// Runs stopped early (batch out, wallet empty).
    pub stopped: usize,
}

/// Runs every enabled campaign of every merchant whose local time is outside its quiet hours,
/// once per local day (starting or resuming the day's run). Safe to call from any number of
/// workers at once and as often as wanted: a finished day's run is never repeated.
pub async fn run_due(ctx: &Ctx, now_ms: i64) -> Result<RunReport> {
    let engine = Engine::new(ctx).await?;
    let heads: Vec<MerchantHead> = sqlx::query_as(
        "select s.merchant_id, s.tenant_id, m.country, t.timezone as tenant_timezone,
                (select count(*) from merchant_festivals f where f.merchant_id = s.merchant_id and f.enabled = 1) as has_festivals
         from campaign_settings s join merchants m on m.id = s.merchant_id join tenants t on t.id = s.tenant_id
         where m.status = 'active' and m.kind = 'annual'
         order by s.merchant_id limit $1",
    )
    .bind(MERCHANTS_PER_PASS_MAX)
    .fetch_all(ctx.db.pool())
    .await?;
    let mut report = RunReport::default();
    for h in heads {
        let settings = stored_settings(&ctx.db, &h.merchant_id).await?;
        let m = MerchantRow {
            settings,
            has_festivals: h.has_festivals > 0,
            merchant_id: h.merchant_id,
            tenant_id: h.tenant_id,
            country: h.country,
        };
        let kinds: Vec<CampaignKind> = [
            (m.settings.birthday.on, CampaignKind::Birthday),
            (m.settings.recall.on, CampaignKind::Recall),
            (m.has_festivals, CampaignKind::Festival),
        ]
        .into_iter()
        .filter_map(|(on, k)| on.then_some(k))
        .collect();
        if kinds.is_empty() {
            continue;
        }
        let tz = match m.settings.timezone.as_deref().map(parse_zone) {
            Some(Ok(tz)) => tz,
            _ => crate::statements::time_zone(&h.tenant_timezone),
        };
        let (today, local_day, minute) = local_time(&tz, now_ms)?;
        if m.settings.quiet.is_quiet(minute) {
            report.deferred += 1;
            continue;
        }
        for kind in kinds {
            let Some(run_id) = claim_run(&ctx.db, now_ms, &m, kind, &local_day).await? else {
                continue;
            };
            report.runs += 1;
            let dues = due_today(&ctx.db, &m, kind, today, now_ms).await?;
            let outcome = execute(&engine, &run_id, &m, kind, &dues, now_ms).await?;
            report.queued += outcome.queued;
            report.stopped += usize::from(outcome.stopped);
        }
    }
    Ok(report)
}

/// Starts the day's run of `kind`, or takes over one whose worker stopped; `None` when the
/// day's run is done, stopped or owned by a live worker.
async fn claim_run(
    db: &Db,
    now_ms: i64,
    m: &MerchantRow,
    kind: CampaignKind,
    local_day: &str,
) -> Result<Option<String>> {
    let mut tx = db.begin_write().await?;
    let started: Option<(String,)> = sqlx::query_as(
        "insert into campaign_runs (id, tenant_id, merchant_id, kind, local_day, status, started_at_ms, lease_until_ms)
         values ($1, $2, $3, $4, $5, 'running', $6, $7)
         on conflict (merchant_id, kind, local_day) do nothing returning id",
    )
    .bind(ids::new_id())
    .bind(&m.tenant_id)
    .bind(&m.merchant_id)
    .bind(kind.as_str())
    .bind(local_day)
    .bind(now_ms)
    .bind(now_ms + RUN_LEASE_MS)
    .fetch_optional(&mut *tx)
    .await?;
    let run = match started {
        Some(r) => Some(r),
        None => {
            sqlx::query_as(
                "update campaign_runs set lease_until_ms = $4
                 where merchant_id = $1 and kind = $2 and local_day = $3 and status = 'running'
                   and lease_until_ms <= $5
                 returning id",
            )
            .bind(&m.merchant_id)
            .bind(kind.as_str())
            .bind(local_day)
            .bind(now_ms + RUN_LEASE_MS)
            .bind(now_ms)
            .fetch_optional(&mut *tx)
            .await?
        }
    };
    tx.commit().await?;
    Ok(run.map(|(id,)| id))
}

struct Outcome {
    queued: usize,
    stopped: bool,
}

enum Sent {
    Queued,
    /// A guard row exists; `this_run` when it was written by this same run before a crash.
    Already {
        this_run: bool,
    },
    NoCredits,
    BatchRefused(AppError),
}

async fn execute(
    e: &Engine,
    run_id: &str,
    m: &MerchantRow,
    kind: CampaignKind,
    dues: &[Due],
    now_ms: i64,
) -> Result<Outcome> {
    let db = &e.ctx.db;
    let stop_list = opted_out(db, &m.merchant_id).await?;
    let consents = consented(db, &m.merchant_id).await?;
    // STOP wins over consent; without consent nobody is messaged.
    let skip = |d: &Due| -> Option<bool> {
        if stop_list.contains(&d.phone) {
            Some(true)
        } else if !consents.contains(&d.customer_id) {
            Some(false)
        } else {
            None
        }
    };
    let (mut opted, mut already, mut no_credits, mut exhausted) = (0_i64, 0_i64, 0_i64, 0_i64);
    let mut no_consent = 0_i64;
    let mut queued = 0_usize;
    let mut note: Option<String> = None;
    for (i, d) in dues.iter().enumerate() {
        match skip(d) {
            Some(true) => {
                opted += 1;
                continue;
            }
            Some(false) => {
                no_consent += 1;
                continue;
            }
            None => {}
        }
        match send_one(e, run_id, m, kind, d, now_ms).await? {
            Sent::Queued => queued += 1,
            Sent::Already { this_run } => already += i64::from(!this_run),
            refused @ (Sent::NoCredits | Sent::BatchRefused(_)) => {
                // Everyone not reached (this customer included) is skipped for the same reason.
                let count = |want: Option<bool>| {
                    let n = dues[i..].iter().filter(|d| skip(d) == want).count();
                    i64::try_from(n).unwrap_or(i64::MAX)
                };
                let rest = count(None);
                opted += count(Some(true));
                no_consent += count(Some(false));
                if let Sent::BatchRefused(why) = refused {
                    exhausted = rest;
                    note = Some(format!("{STOP_BATCH} ({why})"));
                } else {
                    no_credits = rest;
                    note = Some(STOP_NO_CREDITS.to_owned());
                }
                break;
            }
        }
    }
    let status = if note.is_some() { "stopped" } else { "done" };
    let selected = i64::try_from(dues.len()).unwrap_or(i64::MAX);
    let mut tx = db.begin_write().await?;
    let finished = sqlx::query(
        "update campaign_runs set status = $2, finished_at_ms = $3, selected = $4,
             skipped_opted_out = $5, skipped_already_sent = skipped_already_sent + $6,
             skipped_no_credits = $7, skipped_batch_exhausted = $8, note = $9,
             skipped_no_consent = $10
         where id = $1 and status = 'running'",
    )
    .bind(run_id)
    .bind(status)
    .bind(now_ms)
    .bind(selected)
    .bind(opted)
    .bind(already)
    .bind(no_credits)
    .bind(exhausted)
    .bind(note.as_deref())
    .bind(no_consent)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if finished == 1
        && let Some(why) = &note
    {
        support::merchant_notice_in(
            &mut tx,
            now_ms,
            &m.tenant_id,
            &m.merchant_id,
            &format!(
                "Automatic notice: your {} campaign stopped today because {why}. Customers not \
                 reached today are tried again on the next run.",
                kind.label().to_lowercase()
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Outcome {
        queued,
        stopped: note.is_some(),
    })
}

/// Sends one campaign message: in ONE transaction, the guard row's check, the coupon taken
/// from the batch (and its claim logged with the campaign as source), the message queued with
/// its credit hold, the guard row and the run's counter. Any refusal rolls all of it back.
async fn send_one(
    e: &Engine,
    run_id: &str,
    m: &MerchantRow,
    kind: CampaignKind,
    d: &Due,
    now_ms: i64,
) -> Result<Sent> {
    let mut tx = e.ctx.db.begin_write().await?;
    let guard: Option<(String,)> = sqlx::query_as(
        "select run_id from campaign_sends
         where merchant_id = $1 and customer_id = $2 and kind = $3 and occasion = $4",
    )
    .bind(&m.merchant_id)
    .bind(&d.customer_id)
    .bind(kind.as_str())
    .bind(&d.occasion)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((by,)) = guard {
        tx.rollback().await?;
        return Ok(Sent::Already {
            this_run: by == run_id,
        });
    }
    let serial = match claims::take_coupon(&mut tx, &d.batch_id, &d.phone, now_ms).await? {
        Ok(serial) => serial,
        Err(why) => {
            tx.rollback().await?;
            return Ok(Sent::BatchRefused(why));
        }
    };
    let source = match kind {
        CampaignKind::Birthday => ClaimSource::Birthday,
        CampaignKind::Recall => ClaimSource::Recall,
        CampaignKind::Festival => ClaimSource::Festival,
    };
    let claim_id = ids::new_id();
    claims::log_claim(
        &mut tx,
        &LogClaim {
            claim_id: &claim_id,
            tenant_id: &m.tenant_id,
            merchant_id: &m.merchant_id,
            batch_id: &d.batch_id,
            serial: &serial,
            customer_id: &d.customer_id,
            source,
            typed: None,
            now: now_ms,
        },
    )
    .await?;
    let display = Serial::parse(&serial)
        .map_err(|err| Error::Internal(format!("stored serial {serial}: {err}")))?
        .display();
    let language = whatsapp::template_language_for(
        &mut tx,
        &e.ctx.config.whatsapp.template_languages,
        &m.tenant_id,
        &d.customer_id,
    )
    .await?;
    let message = NewMessage {
        tenant_id: m.tenant_id.clone(),
        merchant_id: m.merchant_id.clone(),
        trigger: kind.trigger(),
        recipient: d.phone.clone(),
        content: Content::Template {
            name: CAMPAIGN_TEMPLATE.into(),
            language: language.whatsapp_code().into(),
            header_image_link: None,
            // Template parameters may not carry new lines: the text is one line.
            body_params: vec![
                d.name.clone(),
                d.text.split_whitespace().collect::<Vec<_>>().join(" "),
                display,
            ],
        },
        coupon_id: Some(serial.clone()),
        dedupe_key: Some(format!(
            "campaign:{}:{}:{}",
            kind.as_str(),
            d.customer_id,
            d.occasion
        )),
    };
    let message_id = match whatsapp::enqueue_in(&mut tx, e, now_ms, &message).await? {
        Ok(id) => id,
        Err(_available) => {
            tx.rollback().await?;
            return Ok(Sent::NoCredits);
        }
    };
    sqlx::query("update claims set wa_message_id = $2 where id = $1")
        .bind(&claim_id)
        .bind(&message_id)
        .execute(&mut *tx)
        .await?;
    let guarded = sqlx::query(
        "insert into campaign_sends (merchant_id, customer_id, kind, occasion, tenant_id, run_id, serial, message_id, sent_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (merchant_id, customer_id, kind, occasion) do nothing",
    )
    .bind(&m.merchant_id)
    .bind(&d.customer_id)
    .bind(kind.as_str())
    .bind(&d.occasion)
    .bind(&m.tenant_id)
    .bind(run_id)
    .bind(&serial)
    .bind(&message_id)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if guarded == 0 {
        // Another worker sent it between our check and now: undo our coupon and message.
        tx.rollback().await?;
        return Ok(Sent::Already { this_run: false });
    }
    sqlx::query("update campaign_runs set queued = queued + 1, lease_until_ms = $2 where id = $1")
        .bind(run_id)
        .bind(now_ms + RUN_LEASE_MS)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    whatsapp::after_commit(e, &message_id, now_ms).await?;
    Ok(Sent::Queued)
}

// ---------------------------------------------------------------------------------------------
// Cost preview

/// What `settings` (with the merchant's stored festival choices) would send over the next
/// [`PREVIEW_DAYS`] days from now: customers reached (opted-out customers counted apart, never
/// messaged), the BI credits that takes and the BI credits available now. Nothing is written;
/// the settings are checked as [`save_settings`] would.
pub async fn preview(
    ctx: &Ctx,
    who: &Principal,
    settings: &CampaignSettings,
) -> Result<CostPreview> {
    let merchant = merchant_id(who)?.to_owned();
    settings.check()?;
    let db = &ctx.db;
    let now = ctx.clock.now_ms();
    let (country, tenant_tz): (String, String) = sqlx::query_as(
        "select m.country, t.timezone from merchants m join tenants t on t.id = m.tenant_id where m.id = $1",
    )
    .bind(&merchant)
    .fetch_one(db.pool())
    .await?;
    let tz = match settings.timezone.as_deref() {
        Some(name) => parse_zone(name)?,
        None => crate::statements::time_zone(&tenant_tz),
    };
    let (today, _, _) = local_time(&tz, now)?;
    let people = customers(db, &merchant).await?;
    let stop = opted_out(db, &merchant).await?;
    // (customer, kind, occasion) that would be messaged.
    let mut hits: HashSet<(String, &'static str, String)> = HashSet::new();
    if settings.birthday.on {
        let sent = sent_occasions(db, &merchant, CampaignKind::Birthday).await?;
        let b = &settings.birthday;
        for c in &people {
            let Ok(md) = MonthDay::parse(&c.birthday) else {
                continue;
            };
            for day in today..today + PREVIEW_DAYS {
                if let Some(y) = due_occurrence(md, day, b.days_before, b.days_after) {
                    let y = y.to_string();
                    if !sent.get(&c.id).is_some_and(|s| s.contains(&y)) {
                        hits.insert((c.id.clone(), "birthday", y));
                    }
                }
            }
        }
    }
    if settings.recall.on {
        let returns = last_returns(db, &merchant).await?;
        let recalls = last_recalls(db, &merchant).await?;
        let horizon = now + PREVIEW_DAYS * DAY_MS;
        for c in &people {
            if let Some(&back) = returns.get(&c.id)
                && recall_due(
                    back,
                    recalls.get(&c.id).copied(),
                    horizon,
                    settings.recall.inactive_days,
                )
            {
                hits.insert((c.id.clone(), "recall", back.to_string()));
            }
        }
    }
    let festivals = load_festivals(db, Some(&country)).await?;
    let sent = sent_occasions(db, &merchant, CampaignKind::Festival).await?;
    for choice in stored_choices(db, &merchant, true).await? {
        let Some(f) = festivals.iter().find(|f| f.id == choice.festival_id) else {
            continue;
        };
        for day in today..today + PREVIEW_DAYS {
            if let Some(y) = f.due_occurrence(day, choice.days_before) {
                let occasion = format!("{}:{y}", f.id);
                for c in &people {
                    if !sent.get(&c.id).is_some_and(|s| s.contains(&occasion)) {
                        hits.insert((c.id.clone(), "festival", occasion.clone()));
                    }
                }
            }
        }
    }
    let phone_of: HashMap<&str, &str> = people
        .iter()
        .map(|c| (c.id.as_str(), c.phone.as_str()))
        .collect();
    let consents = consented(db, &merchant).await?;
    let opted = hits
        .iter()
        .filter(|(c, _, _)| phone_of.get(c.as_str()).is_some_and(|p| stop.contains(*p)))
        .count();
    let no_consent = hits
        .iter()
        .filter(|(c, _, _)| {
            !phone_of.get(c.as_str()).is_some_and(|p| stop.contains(*p)) && !consents.contains(c)
        })
        .count();
    let reach = i64::try_from(hits.len() - opted - no_consent).unwrap_or(i64::MAX);
    let available = credits::balances(db, OwnerType::Merchant, &merchant, &[CreditType::WaBi])
        .await?
        .first()
        .map_or(0, |w| w.available);
    Ok(CostPreview {
        reach,
        opted_out: i64::try_from(opted).unwrap_or(i64::MAX),
        no_consent: i64::try_from(no_consent).unwrap_or(i64::MAX),
        credits_needed: reach.saturating_mul(CREDITS_PER_MESSAGE),
        credits_remaining: available,
    })
}

// ---------------------------------------------------------------------------------------------
// Logs

#[derive(FromRow)]
struct RunRow {
    id: String,
    merchant_id: String,
    merchant_name: String,
    kind: String,
    local_day: String,
    started_at_ms: i64,
    finished_at_ms: Option<i64>,
    status: String,
    selected: i64,
    queued: i64,
    skipped_opted_out: i64,
    skipped_no_consent: i64,
    skipped_already_sent: i64,
    skipped_no_credits: i64,
    skipped_batch_exhausted: i64,
    note: Option<String>,
    sent: i64,
    delivered: i64,
    failed: i64,
}

/// The latest campaign runs the caller may read, newest first, with their messages' outcomes
/// from the engine: a merchant its own; an agent owner its merchants'; the Super Admin the
/// main platform's merchants'.
pub async fn runs(ctx: &Ctx, who: &Principal, limit: i64) -> Result<Vec<RunLog>> {
    tenants::require(who, Section::Campaigns)?;
    let (column, value) = match who.merchant_id() {
        Some(m) => ("r.merchant_id", m.to_owned()),
        None => ("r.tenant_id", who.tenant_id.clone()),
    };
    let outcome = |statuses: &str| {
        format!(
            "(select count(*) from campaign_sends s join wa_messages w on w.id = s.message_id
              where s.run_id = r.id and w.status in ({statuses}))"
        )
    };
    let sql = format!(
        "select r.id, r.merchant_id, m.company_name as merchant_name, r.kind, r.local_day, r.started_at_ms,
                r.finished_at_ms, r.status, r.selected, r.queued, r.skipped_opted_out, r.skipped_no_consent, r.skipped_already_sent,
                r.skipped_no_credits, r.skipped_batch_exhausted, r.note,
                {} as sent, {} as delivered, {} as failed
         from campaign_runs r join merchants m on m.id = r.merchant_id
         where {column} = $1 order by r.started_at_ms desc, r.id limit $2",
        outcome("'sent', 'delivered', 'read'"),
        outcome("'delivered', 'read'"),
        outcome("'failed'"),
    );
    let rows: Vec<RunRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .bind(limit.clamp(1, LOG_ROWS_MAX))
        .fetch_all(ctx.db.pool())
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(RunLog {
                kind: CampaignKind::parse(&r.kind)?,
                id: r.id,
                merchant_id: r.merchant_id,
                merchant_name: r.merchant_name,
                local_day: r.local_day,
                started_at_ms: r.started_at_ms,
                finished_at_ms: r.finished_at_ms,
                status: r.status,
                selected: r.selected,
                queued: r.queued,
                skipped_opted_out: r.skipped_opted_out,
                skipped_no_consent: r.skipped_no_consent,
                skipped_already_sent: r.skipped_already_sent,
                skipped_no_credits: r.skipped_no_credits,
                skipped_batch_exhausted: r.skipped_batch_exhausted,
                note: r.note,
                sent: r.sent,
                delivered: r.delivered,
                failed: r.failed,
            })
        })
        .collect()
}

/// The merchant's batches a campaign may send from: not ended, not refunded; (id, "title
/// (n left)"), newest first.
pub async fn batch_choices(ctx: &Ctx, who: &Principal) -> Result<Vec<(String, String)>> {
    let merchant = merchant_id(who)?;
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "select id, title, quantity - claimed_count from coupon_batches
         where merchant_id = $1 and valid_until_ms > $2 and refunded_at_ms is null
         order by created_at_ms desc, id limit 200",
    )
    .bind(merchant)
    .bind(ctx.clock.now_ms())
    .fetch_all(ctx.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, left)| (id, format!("{title} ({left} left)")))
        .collect())
}
