//! The lucky-draw wheel: the merchant's form, the odds shown (computed from exactly what the
//! draw uses), the weighted draw itself, and where the wheel must stop for an outcome.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::claims::ClaimedCoupon;

/// Fewest segments on a wheel.
pub const PRIZES_MIN: usize = 2;
/// Most segments on a wheel (more would not stay readable on a phone).
pub const PRIZES_MAX: usize = 12;
/// Longest label, so it fits its segment at phone size.
pub const LABEL_MAX_CHARS: usize = 20;
/// Largest weight of one segment.
pub const WEIGHT_MAX: i64 = 1_000_000;
/// Most spins per customer per day a merchant may allow.
pub const SPINS_PER_DAY_MAX: i64 = 10;

/// One segment as the merchant types it. An empty `batch_id` makes a "No Prize" segment
/// (its `stock` is ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeForm {
    pub label: String,
    pub weight: String,
    #[serde(default)]
    pub batch_id: String,
    #[serde(default)]
    pub stock: String,
}

/// The wheel as the merchant types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WheelForm {
    #[serde(default)]
    pub enabled: bool,
    /// Customers may spin right after claiming one of this merchant's coupons.
    #[serde(default)]
    pub after_claim: bool,
    /// Customers may spin from the merchant's store page.
    #[serde(default)]
    pub from_store: bool,
    /// Empty means the default, once per customer per day.
    #[serde(default)]
    pub spins_per_day: String,
    pub prizes: Vec<PrizeForm>,
}

/// A checked segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPrize {
    pub label: String,
    pub weight: i64,
    /// The merchant's batch a win is issued from; `None` for "No Prize".
    pub batch_id: Option<String>,
    /// How many of this prize the wheel may give (with a batch).
    pub stock: Option<i64>,
}

/// A checked wheel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWheel {
    pub enabled: bool,
    pub after_claim: bool,
    pub from_store: bool,
    pub spins_per_day: i64,
    pub prizes: Vec<NewPrize>,
}

fn int(field: &str, raw: &str, min: i64, max: i64) -> Result<i64, AppError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            AppError::invalid(field, format!("must be a whole number from {min} to {max}"))
        })
}

impl WheelForm {
    /// Checks the form; the first problem found names its segment.
    pub fn parse(&self) -> Result<NewWheel, AppError> {
        let spins_per_day = if self.spins_per_day.trim().is_empty() {
            1
        } else {
            int("Spins per day", &self.spins_per_day, 1, SPINS_PER_DAY_MAX)?
        };
        let rows: Vec<&PrizeForm> = self
            .prizes
            .iter()
            .filter(|p| !(p.label.trim().is_empty() && p.weight.trim().is_empty()))
            .collect();
        if rows.len() < PRIZES_MIN || rows.len() > PRIZES_MAX {
            return Err(AppError::invalid(
                "Prizes",
                format!("a wheel has {PRIZES_MIN} to {PRIZES_MAX} segments"),
            ));
        }
        let mut prizes = Vec::with_capacity(rows.len());
        for (i, p) in rows.iter().enumerate() {
            let field = |f: &str| format!("Segment {} {f}", i + 1);
            let label = crate::i18n::nfc(&p.label.split_whitespace().collect::<Vec<_>>().join(" "));
            let n = label.chars().count();
            if n == 0 || n > LABEL_MAX_CHARS {
                return Err(AppError::invalid(
                    &field("label"),
                    format!("must be 1 to {LABEL_MAX_CHARS} characters"),
                ));
            }
            let weight = int(&field("weight"), &p.weight, 1, WEIGHT_MAX)?;
            let batch_id = Some(p.batch_id.trim().to_owned()).filter(|b| !b.is_empty());
            let stock = match batch_id {
                Some(_) => Some(int(&field("stock"), &p.stock, 1, 100_000)?),
                None => None,
            };
            prizes.push(NewPrize {
                label,
                weight,
                batch_id,
                stock,
            });
        }
        if prizes.iter().all(|p| p.batch_id.is_none()) {
            return Err(AppError::invalid(
                "Prizes",
                "at least one segment must give a coupon",
            ));
        }
        Ok(NewWheel {
            enabled: self.enabled,
            after_claim: self.after_claim,
            from_store: self.from_store,
            spins_per_day,
            prizes,
        })
    }
}

/// What the draw knows of a segment: its weight, and whether it can still be won ("No Prize"
/// always can; a prize while its stock and its batch last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawable {
    pub weight: i64,
    pub available: bool,
}

/// Each segment's chance in hundredths of a percent (basis points), from the same weights and
/// availability the draw uses: an unavailable segment is 0. The sum is 10,000 (rounding goes
/// to the largest segments first) unless nothing is available.
pub fn odds_bp(segments: &[Drawable]) -> Vec<i64> {
    let total: i64 = segments
        .iter()
        .filter(|s| s.available)
        .map(|s| s.weight)
        .sum();
    if total <= 0 {
        return vec![0; segments.len()];
    }
    let mut bp: Vec<i64> = segments
        .iter()
        .map(|s| {
            if s.available {
                s.weight * 10_000 / total
            } else {
                0
            }
        })
        .collect();
    let mut rest = 10_000 - bp.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..segments.len())
        .filter(|&i| segments[i].available)
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(segments[i].weight * 10_000 % total));
    for i in order {
        if rest == 0 {
            break;
        }
        bp[i] += 1;
        rest -= 1;
    }
    bp
}

/// `bp` basis points as the wheel shows them, e.g. `12.5%`, `0%`.
pub fn percent(bp: i64) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    match frac {
        0 => format!("{whole}%"),
        f if f % 10 == 0 => format!("{whole}.{}%", f / 10),
        f => format!("{whole}.{f:02}%"),
    }
}

/// The weighted draw: given a uniform random `r`, the index of the segment it lands on among
/// the available ones (each with chance weight / total), or `None` when none is available.
pub fn draw(segments: &[Drawable], r: u64) -> Option<usize> {
    let total: i64 = segments
        .iter()
        .filter(|s| s.available)
        .map(|s| s.weight)
        .sum();
    let total = u64::try_from(total).ok().filter(|t| *t > 0)?;
    let mut x = i64::try_from(r % total).ok()?;
    for (i, s) in segments.iter().enumerate() {
        if !s.available {
            continue;
        }
        if x < s.weight {
            return Some(i);
        }
        x -= s.weight;
    }
    None
}

/// Where the wheel's animation ends, in degrees of clockwise rotation, for segment `index` of
/// `n` equal segments (segment 0 starts at the top pointer and they run clockwise): `turns`
/// full turns, then the segment's centre under the pointer.
pub fn stop_rotation_deg(index: usize, n: usize, turns: u32) -> f64 {
    let n = n.max(1) as f64;
    let centre = (index as f64 + 0.5) * 360.0 / n;
    f64::from(turns) * 360.0 + (360.0 - centre)
}

/// One segment as the public wheel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentView {
    pub label: String,
    /// The chance shown, e.g. `25%`.
    pub odds: String,
    pub available: bool,
    /// Whether this segment gives a coupon.
    pub prize: bool,
}

/// A merchant's wheel as customers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WheelView {
    pub merchant_id: String,
    pub merchant_name: String,
    pub after_claim: bool,
    pub from_store: bool,
    pub spins_per_day: i64,
    pub segments: Vec<SegmentView>,
}

/// Where a spin was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpinSource {
    /// Right after claiming one of the merchant's coupons.
    AfterClaim,
    /// From the merchant's store page.
    Store,
}

/// The server's outcome of a spin, recorded before the wheel starts turning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpinOutcome {
    pub spin_id: String,
    /// The segment the wheel must stop on.
    pub segment: usize,
    pub label: String,
    /// The coupon won, issued like any other; `None` for "No Prize".
    pub coupon: Option<ClaimedCoupon>,
}

/// A merchant's wheel as its dashboard edits it: the saved wheel (if any), how many of each
/// segment's prize were issued since it was saved, and the batches a prize may come from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WheelSettings {
    pub wheel: Option<NewWheel>,
    pub issued: Vec<i64>,
    /// `(batch id, title, coupons left)` of the merchant's claimable batches.
    pub batches: Vec<(String, String, i64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(weight: i64, available: bool) -> Drawable {
        Drawable { weight, available }
    }

    #[test]
    fn odds_follow_the_weights_of_what_can_be_won() {
        let s = [seg(1, true), seg(1, true), seg(2, true)];
        assert_eq!(odds_bp(&s), vec![2500, 2500, 5000]);
        let s = [seg(1, true), seg(1, false), seg(2, true)];
        assert_eq!(odds_bp(&s), vec![3333, 0, 6667]);
        assert_eq!(odds_bp(&[seg(1, false)]), vec![0]);
        assert_eq!(percent(2500), "25%");
        assert_eq!(percent(1250), "12.5%");
        assert_eq!(percent(3333), "33.33%");
    }

    #[test]
    fn the_draw_lands_in_proportion_to_the_weights_and_skips_what_is_gone() {
        let s = [seg(1, true), seg(3, true), seg(5, false)];
        let mut hits = [0; 3];
        for r in 0..4000_u64 {
            hits[draw(&s, r).unwrap()] += 1;
        }
        assert_eq!(hits, [1000, 3000, 0]);
        assert_eq!(draw(&[seg(1, false)], 7), None);
    }

    #[test]
    fn the_wheel_stops_with_the_segment_centre_under_the_pointer() {
        assert!((stop_rotation_deg(0, 4, 5) - (1800.0 + 315.0)).abs() < 1e-9);
        assert!((stop_rotation_deg(3, 4, 0) - 45.0).abs() < 1e-9);
    }

    #[test]
    fn the_form_needs_a_real_prize_and_bounded_fields() {
        let p = |l: &str, w: &str, b: &str, s: &str| PrizeForm {
            label: l.into(),
            weight: w.into(),
            batch_id: b.into(),
            stock: s.into(),
        };
        let mut f = WheelForm {
            enabled: true,
            after_claim: true,
            from_store: false,
            spins_per_day: String::new(),
            prizes: vec![
                p("RM5 Voucher", "1", "b1", "10"),
                p("No Prize", "3", "", ""),
            ],
        };
        let w = f.parse().unwrap();
        assert_eq!(w.spins_per_day, 1);
        assert_eq!(w.prizes[1].stock, None);
        f.prizes[0].batch_id.clear();
        assert!(f.parse().is_err(), "no segment gives a coupon");
        f.prizes[0] = p("A label far too long to read", "1", "b1", "1");
        assert!(f.parse().is_err());
        f.prizes[0] = p("Free drink", "0", "b1", "1");
        assert!(f.parse().is_err());
        f.prizes[0] = p("Free drink", "1", "b1", "");
        assert!(f.parse().is_err(), "a prize needs its stock");
    }
}
