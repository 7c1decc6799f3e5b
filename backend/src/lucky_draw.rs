//! The lucky-draw wheel: the merchant's configuration, the public view with its odds, and the
//! spin, drawn on the server and recorded (with the coupon won issued) before the customer's
//! wheel starts turning.
//!
//! What stays true:
//! - the odds shown and the draw use the same rows and the same availability rule
//!   ([`domain::lucky_draw::odds_bp`], [`domain::lucky_draw::draw`]);
//! - a prize is never issued beyond its stock nor beyond its batch: the conditional
//!   `issued < stock` increment and the batch's own claim counter
//!   ([`crate::claims`]) both guard it, in the spin's one transaction;
//! - a customer spins at most `spins_per_day` times per wheel per UTC day (a counter row
//!   upserted first, so racing spins of one customer queue on it).

use rand::RngCore;
use sqlx::FromRow;

use domain::AppError;
use domain::auth::Principal;
use domain::claims::ClaimSource;
use domain::lucky_draw::{
    Drawable, NewWheel, SegmentView, SpinOutcome, SpinSource, WheelForm, WheelSettings, WheelView,
    draw, odds_bp, percent,
};
use domain::sections::Section;
use domain::time::date_ymd;

use crate::claims::{self, Issued, LogClaim};
use crate::rate_limit::{self, Limit};
use crate::{Ctx, Error, Result, ids, tenants};

/// Spins per client address.
pub const SPIN_PER_ADDRESS: Limit = Limit {
    max_hits: 30,
    window_ms: 10 * 60_000,
};
/// How often a spin redraws after losing a race for the last of a prize or of its batch
/// (PostgreSQL only): each loss leaves that segment unavailable, so this bounds it.
const DRAW_ATTEMPTS: usize = 2 * domain::lucky_draw::PRIZES_MAX + 1;

fn merchant_of(who: &Principal) -> Result<&str> {
    tenants::require(who, Section::LuckyDraw)?;
    who.merchant_id().ok_or_else(|| AppError::Forbidden.into())
}

/// Saves the merchant's wheel, replacing its segments (their issued counts start again from
/// zero). Every prize's batch must be one of the merchant's own batches that can still be
/// claimed, with at least the prize's stock left.
pub async fn save_wheel(ctx: &Ctx, who: &Principal, form: &WheelForm) -> Result<()> {
    let merchant_id = merchant_of(who)?.to_owned();
    let w = form.parse()?;
    let now = ctx.clock.now_ms();
    let mut tx = ctx.db.begin_write().await?;
    for (i, p) in w.prizes.iter().enumerate() {
        let (Some(batch_id), Some(stock)) = (&p.batch_id, p.stock) else {
            continue;
        };
        let left: Option<(i64,)> = sqlx::query_as(
            "select quantity - claimed_count from coupon_batches
             where id = $1 and merchant_id = $2 and valid_until_ms > $3 and refunded_at_ms is null",
        )
        .bind(batch_id)
        .bind(&merchant_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let field = format!("Segment {} batch", i + 1);
        match left {
            None => {
                return Err(AppError::invalid(&field, "is not one of your current batches").into());
            }
            Some((left,)) if left < stock => {
                return Err(AppError::invalid(
                    &field,
                    format!("has only {left} coupons left, fewer than the stock of {stock}"),
                )
                .into());
            }
            Some(_) => {}
        }
    }
    let (wheel_id,): (String,) = sqlx::query_as(
        "insert into wheels (id, tenant_id, merchant_id, enabled, after_claim, from_store, spins_per_day, updated_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (merchant_id) do update set enabled = excluded.enabled,
           after_claim = excluded.after_claim, from_store = excluded.from_store,
           spins_per_day = excluded.spins_per_day, updated_at_ms = excluded.updated_at_ms
         returning id",
    )
    .bind(ids::new_id())
    .bind(&who.tenant_id)
    .bind(&merchant_id)
    .bind(i64::from(w.enabled))
    .bind(i64::from(w.after_claim))
    .bind(i64::from(w.from_store))
    .bind(w.spins_per_day)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("delete from wheel_prizes where wheel_id = $1")
        .bind(&wheel_id)
        .execute(&mut *tx)
        .await?;
    for (i, p) in w.prizes.iter().enumerate() {
        sqlx::query(
            "insert into wheel_prizes (id, wheel_id, position, label, weight, batch_id, stock, issued)
             values ($1, $2, $3, $4, $5, $6, $7, 0)",
        )
        .bind(ids::new_id())
        .bind(&wheel_id)
        .bind(i64::try_from(i).map_err(|_| Error::Internal("position".into()))?)
        .bind(&p.label)
        .bind(p.weight)
        .bind(p.batch_id.as_deref())
        .bind(p.stock)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(FromRow)]
struct WheelRow {
    id: String,
    merchant_name: String,
    enabled: i64,
    after_claim: i64,
    from_store: i64,
    spins_per_day: i64,
}

#[derive(FromRow)]
struct PrizeRow {
    id: String,
    position: i64,
    label: String,
    weight: i64,
    batch_id: Option<String>,
    stock: Option<i64>,
    issued: i64,
    available: i64,
}

async fn wheel_row(
    conn: &mut sqlx::AnyConnection,
    tenant_id: &str,
    merchant_id: &str,
) -> Result<Option<WheelRow>> {
    Ok(sqlx::query_as(
        "select w.id, m.company_name as merchant_name, w.enabled, w.after_claim, w.from_store, w.spins_per_day
         from wheels w join merchants m on m.id = w.merchant_id
         where w.merchant_id = $1 and w.tenant_id = $2",
    )
    .bind(merchant_id)
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The segments in wheel order, each with whether it can be won at `now`: "No Prize" always;
/// a prize while its stock lasts and its batch can be claimed. The one rule both the odds and
/// the draw use.
async fn prizes(conn: &mut sqlx::AnyConnection, wheel_id: &str, now: i64) -> Result<Vec<PrizeRow>> {
    Ok(sqlx::query_as(
        "select p.id, p.position, p.label, p.weight, p.batch_id, p.stock, p.issued,
                case when p.batch_id is null then 1
                     when p.issued < p.stock and b.claimed_count < b.quantity and b.valid_from_ms <= $2
                          and b.valid_until_ms > $2 and b.refunded_at_ms is null then 1
                     else 0 end as available
         from wheel_prizes p left join coupon_batches b on b.id = p.batch_id
         where p.wheel_id = $1 order by p.position",
    )
    .bind(wheel_id)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?)
}

fn drawables(rows: &[PrizeRow]) -> Vec<Drawable> {
    rows.iter()
        .map(|p| Drawable {
            weight: p.weight,
            available: p.available == 1,
        })
        .collect()
}

/// The merchant's wheel for its dashboard.
pub async fn wheel_settings(ctx: &Ctx, who: &Principal) -> Result<WheelSettings> {
    let merchant_id = merchant_of(who)?.to_owned();
    let now = ctx.clock.now_ms();
    let mut conn = ctx.db.pool().acquire().await?;
    let batches: Vec<(String, String, i64)> = sqlx::query_as(
        "select id, title, quantity - claimed_count from coupon_batches
         where merchant_id = $1 and valid_until_ms > $2 and refunded_at_ms is null and claimed_count < quantity
         order by created_at_ms desc, id",
    )
    .bind(&merchant_id)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let Some(w) = wheel_row(&mut conn, &who.tenant_id, &merchant_id).await? else {
        return Ok(WheelSettings {
            wheel: None,
            issued: Vec::new(),
            batches,
        });
    };
    let rows = prizes(&mut conn, &w.id, now).await?;
    Ok(WheelSettings {
        issued: rows.iter().map(|p| p.issued).collect(),
        wheel: Some(NewWheel {
            enabled: w.enabled == 1,
            after_claim: w.after_claim == 1,
            from_store: w.from_store == 1,
            spins_per_day: w.spins_per_day,
            prizes: rows
                .into_iter()
                .map(|p| domain::lucky_draw::NewPrize {
                    label: p.label,
                    weight: p.weight,
                    batch_id: p.batch_id,
                    stock: p.stock,
                })
                .collect(),
        }),
        batches,
    })
}

/// A merchant's wheel as customers see it (labels and the odds the draw uses right now), or
/// `None` when it has no enabled wheel on this tenant's site.
pub async fn wheel(ctx: &Ctx, tenant_id: &str, merchant_id: &str) -> Result<Option<WheelView>> {
    let now = ctx.clock.now_ms();
    let mut conn = ctx.db.pool().acquire().await?;
    let Some(w) = wheel_row(&mut conn, tenant_id, merchant_id).await? else {
        return Ok(None);
    };
    if w.enabled != 1 {
        return Ok(None);
    }
    let rows = prizes(&mut conn, &w.id, now).await?;
    let bp = odds_bp(&drawables(&rows));
    Ok(Some(WheelView {
        merchant_id: merchant_id.to_owned(),
        merchant_name: w.merchant_name,
        after_claim: w.after_claim == 1,
        from_store: w.from_store == 1,
        spins_per_day: w.spins_per_day,
        segments: rows
            .into_iter()
            .zip(bp)
            .map(|(p, bp)| SegmentView {
                label: p.label,
                odds: percent(bp),
                available: p.available == 1,
                prize: p.batch_id.is_some(),
            })
            .collect(),
    }))
}

/// One spin request.
#[derive(Debug, Clone)]
pub struct SpinRequest<'a> {
    pub tenant_id: &'a str,
    pub merchant_id: &'a str,
    /// The device cookie ([`claims::DEVICE_COOKIE`]): who is spinning.
    pub device: Option<&'a str>,
    pub source: SpinSource,
    pub addr: &'a str,
    /// The site's origin, for a won coupon's verify link.
    pub site_base: &'a str,
}

/// Spins the merchant's wheel for the customer the device cookie names. Allowed when the
/// wheel is enabled for `source` and the customer is known to this tenant (after a claim: has
/// claimed one of this merchant's coupons). In ONE transaction: counts the spin against the
/// day's allowance, draws a segment among those that can be won (weights as shown), and for a
/// prize takes one of its stock and issues the next coupon of its batch to the customer (Taken,
/// logged as a lucky-draw claim); records the spin. Then sends the coupon by WhatsApp when its
/// batch does. The wheel animates to the returned segment afterwards.
///
/// Refusals, changing nothing: [`AppError::NotFound`] (no enabled wheel),
/// [`AppError::SpinNotAllowed`], [`AppError::SpinLimitReached`], [`AppError::RateLimited`],
/// [`AppError::BatchExhausted`] when nothing on the wheel can be won any more.
pub async fn spin(ctx: &Ctx, req: &SpinRequest<'_>) -> Result<SpinOutcome> {
    let now = ctx.clock.now_ms();
    rate_limit::hit(
        &ctx.db,
        &format!("spin:addr:{}", req.addr),
        SPIN_PER_ADDRESS,
        now,
    )
    .await?;
    let mut conn = ctx.db.pool().acquire().await?;
    let w = wheel_row(&mut conn, req.tenant_id, req.merchant_id)
        .await?
        .filter(|w| w.enabled == 1)
        .ok_or(AppError::NotFound)?;
    let allowed = match req.source {
        SpinSource::AfterClaim => w.after_claim == 1,
        SpinSource::Store => w.from_store == 1,
    };
    if !allowed {
        return Err(AppError::SpinNotAllowed.into());
    }
    let customer_id = match req.device {
        Some(token) => claims::device_customer(&ctx.config, token)?,
        None => None,
    }
    .ok_or(AppError::SpinNotAllowed)?;
    let customer: Option<(String, String)> =
        sqlx::query_as("select name, phone from customers where id = $1 and tenant_id = $2")
            .bind(&customer_id)
            .bind(req.tenant_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (name, phone) = customer.ok_or(AppError::SpinNotAllowed)?;
    if req.source == SpinSource::AfterClaim {
        let claimed: Option<(String,)> = sqlx::query_as(
            "select id from claims where customer_id = $1 and merchant_id = $2 and source <> 'lucky_draw' limit 1",
        )
        .bind(&customer_id)
        .bind(req.merchant_id)
        .fetch_optional(&mut *conn)
        .await?;
        if claimed.is_none() {
            return Err(AppError::SpinNotAllowed.into());
        }
    }
    drop(conn);
    let day = date_ymd(now);
    for _ in 0..DRAW_ATTEMPTS {
        let mut tx = ctx.db.begin_write().await?;
        let (spins,): (i64,) = sqlx::query_as(
            "insert into spin_counts (wheel_id, customer_id, day, spins) values ($1, $2, $3, 1)
             on conflict (wheel_id, customer_id, day) do update set spins = spin_counts.spins + 1
             returning spins",
        )
        .bind(&w.id)
        .bind(&customer_id)
        .bind(&day)
        .fetch_one(&mut *tx)
        .await?;
        if spins > w.spins_per_day {
            tx.rollback().await?;
            return Err(AppError::SpinLimitReached {
                per_day: w.spins_per_day,
            }
            .into());
        }
        let rows = prizes(&mut tx, &w.id, now).await?;
        let Some(i) = draw(&drawables(&rows), rand::rngs::OsRng.next_u64()) else {
            tx.rollback().await?;
            return Err(AppError::BatchExhausted.into());
        };
        let p = &rows[i];
        let mut won: Option<(String, String, String)> = None;
        if let Some(batch_id) = &p.batch_id {
            let took: Option<(i64,)> = sqlx::query_as(
                "update wheel_prizes set issued = issued + 1 where id = $1 and issued < stock returning issued",
            )
            .bind(&p.id)
            .fetch_optional(&mut *tx)
            .await?;
            if took.is_none() {
                // Another spin took the last one since the draw read it: draw again.
                tx.rollback().await?;
                continue;
            }
            let serial = match claims::take_coupon(&mut tx, batch_id, &phone, now).await? {
                Ok(s) => s,
                Err(_) => {
                    tx.rollback().await?;
                    continue;
                }
            };
            let claim_id = ids::new_id();
            claims::log_claim(
                &mut tx,
                &LogClaim {
                    claim_id: &claim_id,
                    tenant_id: req.tenant_id,
                    merchant_id: req.merchant_id,
                    batch_id,
                    serial: &serial,
                    customer_id: &customer_id,
                    source: ClaimSource::LuckyDraw,
                    typed: None,
                    now,
                },
            )
            .await?;
            won = Some((claim_id, serial, batch_id.clone()));
        }
        let spin_id = ids::new_id();
        sqlx::query(
            "insert into spins (id, tenant_id, merchant_id, wheel_id, customer_id, day, position, label, serial, created_at_ms)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&spin_id)
        .bind(req.tenant_id)
        .bind(req.merchant_id)
        .bind(&w.id)
        .bind(&customer_id)
        .bind(&day)
        .bind(p.position)
        .bind(&p.label)
        .bind(won.as_ref().map(|w| w.1.as_str()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let segment =
            usize::try_from(p.position).map_err(|_| Error::Internal("position".into()))?;
        let coupon = match won {
            None => None,
            Some((claim_id, serial, batch_id)) => {
                let b = {
                    let mut conn = ctx.db.pool().acquire().await?;
                    claims::claim_batch(&mut conn, req.tenant_id, &batch_id)
                        .await?
                        .ok_or_else(|| Error::Internal(format!("batch {batch_id} vanished")))?
                };
                Some(
                    claims::finish_claim(
                        ctx,
                        Issued {
                            claim_id,
                            serial,
                            batch_id,
                            customer_id: customer_id.clone(),
                            customer_name: name.clone(),
                            phone: phone.clone(),
                            source: ClaimSource::LuckyDraw,
                            site_base: req.site_base.to_owned(),
                            now,
                        },
                        b,
                        req.tenant_id,
                    )
                    .await?,
                )
            }
        };
        return Ok(SpinOutcome {
            spin_id,
            segment,
            label: p.label.clone(),
            coupon,
        });
    }
    Err(Error::Internal(format!(
        "wheel {}: no draw succeeded in {DRAW_ATTEMPTS} attempts",
        w.id
    )))
}
