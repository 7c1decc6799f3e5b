//! The rules of automated WhatsApp campaigns (birthday, inactive-customer recall, festivals)
//! that need no storage: when a customer is due, quiet hours, and the cost preview. Dates are
//! local calendar days of the merchant's time zone, counted as days since 1970-01-01
//! ([`crate::time::days_from_civil`]); the caller converts instants with the merchant's zone.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::time::{civil_from_days, days_from_civil};
use crate::whatsapp::Trigger;

/// The three kinds of automated campaign. Every message of each is business-initiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CampaignKind {
    Birthday,
    Recall,
    Festival,
}

impl CampaignKind {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Birthday => "birthday",
            Self::Recall => "recall",
            Self::Festival => "festival",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "birthday" => Ok(Self::Birthday),
            "recall" => Ok(Self::Recall),
            "festival" => Ok(Self::Festival),
            other => Err(AppError::invalid(
                "Campaign",
                format!("{other:?} is not birthday, recall or festival"),
            )),
        }
    }

    /// The engine trigger its messages carry, which makes them business-initiated.
    pub const fn trigger(self) -> Trigger {
        match self {
            Self::Birthday => Trigger::Birthday,
            Self::Recall => Trigger::InactiveRecall,
            Self::Festival => Trigger::Festival,
        }
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Birthday => "Birthday",
            Self::Recall => "Inactive customer recall",
            Self::Festival => "Festival",
        }
    }
}

/// The most days a window may reach before or after a date.
pub const WINDOW_DAYS_MAX: i64 = 60;

/// Parses a number of days for a campaign window (0 to [`WINDOW_DAYS_MAX`]).
pub fn parse_window_days(field: &str, raw: &str) -> Result<i64, AppError> {
    let t = raw.trim();
    let t = if t.is_empty() { "0" } else { t };
    t.parse::<i64>()
        .ok()
        .filter(|d| (0..=WINDOW_DAYS_MAX).contains(d))
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!("must be a whole number of days from 0 to {WINDOW_DAYS_MAX}"),
            )
        })
}

/// A day of the year without a year: a birthday or a fixed-date festival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// A valid month and day (29 February included).
    pub fn new(month: u32, day: u32) -> Result<Self, AppError> {
        let max = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => 0,
        };
        if day == 0 || day > max {
            return Err(AppError::invalid("Date", "is not a day of the year"));
        }
        Ok(Self { month, day })
    }

    /// Parses `YYYY-MM-DD` (a birthday: the year is ignored) or `MM-DD`.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let parts: Vec<&str> = raw.trim().split('-').collect();
        let (m, d) = match parts.as_slice() {
            [_, m, d] | [m, d] => (*m, *d),
            _ => return Err(AppError::invalid("Date", "must look like 1990-04-23")),
        };
        let num = |s: &str| {
            s.parse::<u32>()
                .map_err(|_| AppError::invalid("Date", "must look like 1990-04-23"))
        };
        Self::new(num(m)?, num(d)?)
    }

    /// The day this falls on in `year` (29 February falls on 28 February in other years).
    pub fn in_year(self, year: i64) -> i64 {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let day = if self.month == 2 && self.day == 29 && !leap {
            28
        } else {
            self.day
        };
        days_from_civil(year, self.month, day)
    }
}

/// The year of the occurrence of `date` whose window (`before` days ahead of it to `after`
/// days past it) contains `today`, if any. It names the occurrence, so "one message per year"
/// is one message per occurrence even when a window crosses New Year.
pub fn due_occurrence(date: MonthDay, today: i64, before: i64, after: i64) -> Option<i64> {
    let (year, _, _) = civil_from_days(today);
    [year - 1, year, year + 1].into_iter().find(|&y| {
        let on = date.in_year(y);
        (on - before..=on + after).contains(&today)
    })
}

/// Whether a customer is due for a recall today: it has not returned (claimed or redeemed) for
/// at least `inactive_days`, and was not recalled since it last returned.
pub fn recall_due(
    last_returned_ms: i64,
    last_recalled_ms: Option<i64>,
    now_ms: i64,
    inactive_days: i64,
) -> bool {
    const DAY_MS: i64 = 86_400_000;
    let inactive = now_ms - last_returned_ms >= inactive_days * DAY_MS;
    let recalled_since = last_recalled_ms.is_some_and(|r| r >= last_returned_ms);
    inactive && !recalled_since
}

/// The hours of the merchant's night, in minutes after local midnight, when no
/// business-initiated message is sent. `start == end` means no quiet hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub start_min: u32,
    pub end_min: u32,
}

impl Default for QuietHours {
    /// 21:00 to 09:00.
    fn default() -> Self {
        Self {
            start_min: 21 * 60,
            end_min: 9 * 60,
        }
    }
}

impl QuietHours {
    /// Parses `HH:MM` start and end.
    pub fn parse(start: &str, end: &str) -> Result<Self, AppError> {
        Ok(Self {
            start_min: parse_hhmm("Quiet hours start", start)?,
            end_min: parse_hhmm("Quiet hours end", end)?,
        })
    }

    /// Whether `minute` (after local midnight) is inside the quiet hours.
    pub fn is_quiet(self, minute: u32) -> bool {
        let (s, e) = (self.start_min, self.end_min);
        if s == e {
            false
        } else if s < e {
            (s..e).contains(&minute)
        } else {
            minute >= s || minute < e
        }
    }

    /// Minutes from `minute` until sending may start again (0 outside the quiet hours).
    pub fn minutes_until_open(self, minute: u32) -> u32 {
        if !self.is_quiet(minute) {
            0
        } else if minute < self.end_min {
            self.end_min - minute
        } else {
            24 * 60 - minute + self.end_min
        }
    }
}

fn parse_hhmm(field: &str, raw: &str) -> Result<u32, AppError> {
    let bad = || AppError::invalid(field, "must be a time like 21:00");
    let (h, m) = raw.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// What turning a campaign on would cost over the next 30 days, shown before it is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostPreview {
    /// Customers the campaign would message in the next 30 days.
    pub reach: i64,
    /// Of those matched, how many opted out (counted, never messaged).
    pub opted_out: i64,
    /// Of those matched, how many never consented to offers (counted, never messaged).
    #[serde(default)]
    pub no_consent: i64,
    /// BI credits those messages take (one per message).
    pub credits_needed: i64,
    /// "WhatsApp BI Credits Remaining" now.
    pub credits_remaining: i64,
}

impl CostPreview {
    /// How many credits are missing to send everything (0 when the wallet covers it).
    pub fn shortfall(&self) -> i64 {
        (self.credits_needed - self.credits_remaining).max(0)
    }
}

/// The longest campaign message text a merchant may write.
pub const TEXT_MAX_CHARS: usize = 1000;
/// The longest "has not returned for" a recall may wait.
pub const RECALL_DAYS_MAX: i64 = 730;
/// How far ahead the cost preview looks.
pub const PREVIEW_DAYS: i64 = 30;

/// The birthday campaign of one merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthdayCampaign {
    pub on: bool,
    pub days_before: i64,
    pub days_after: i64,
    pub batch_id: Option<String>,
    pub text: String,
}

/// The inactive-customer recall of one merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecallCampaign {
    pub on: bool,
    /// "Has not returned for" this many days.
    pub inactive_days: i64,
    pub batch_id: Option<String>,
    pub text: String,
}

/// A merchant's campaign settings (festivals are chosen one by one, see [`FestivalChoice`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSettings {
    /// An IANA time zone; `None` uses the tenant's.
    pub timezone: Option<String>,
    pub quiet: QuietHours,
    pub birthday: BirthdayCampaign,
    pub recall: RecallCampaign,
}

impl Default for CampaignSettings {
    /// Everything off, default quiet hours.
    fn default() -> Self {
        Self {
            timezone: None,
            quiet: QuietHours::default(),
            birthday: BirthdayCampaign {
                on: false,
                days_before: 0,
                days_after: 0,
                batch_id: None,
                text: String::new(),
            },
            recall: RecallCampaign {
                on: false,
                inactive_days: 30,
                batch_id: None,
                text: String::new(),
            },
        }
    }
}

/// Checks a campaign text: required when the campaign is on, at most [`TEXT_MAX_CHARS`].
pub fn check_text(field: &str, text: &str, on: bool) -> Result<(), AppError> {
    let n = text.trim().chars().count();
    if on && n == 0 {
        return Err(AppError::invalid(
            field,
            "is required to turn the campaign on",
        ));
    }
    if n > TEXT_MAX_CHARS {
        return Err(AppError::invalid(
            field,
            format!("must be at most {TEXT_MAX_CHARS} characters"),
        ));
    }
    Ok(())
}

impl CampaignSettings {
    /// Checks every field, naming the first bad one. Whether the batches are the merchant's
    /// and the time zone exists is checked where they are stored.
    pub fn check(&self) -> Result<(), AppError> {
        let b = &self.birthday;
        for (field, d) in [("Days before", b.days_before), ("Days after", b.days_after)] {
            if !(0..=WINDOW_DAYS_MAX).contains(&d) {
                return Err(AppError::invalid(
                    field,
                    format!("must be a whole number of days from 0 to {WINDOW_DAYS_MAX}"),
                ));
            }
        }
        if b.on && b.batch_id.is_none() {
            return Err(AppError::invalid("Birthday batch", "choose a coupon batch"));
        }
        check_text("Birthday message", &b.text, b.on)?;
        let r = &self.recall;
        if !(1..=RECALL_DAYS_MAX).contains(&r.inactive_days) {
            return Err(AppError::invalid(
                "Inactive days",
                format!("must be a whole number of days from 1 to {RECALL_DAYS_MAX}"),
            ));
        }
        if r.on && r.batch_id.is_none() {
            return Err(AppError::invalid("Recall batch", "choose a coupon batch"));
        }
        check_text("Recall message", &r.text, r.on)?;
        if self.quiet.start_min >= 24 * 60 || self.quiet.end_min >= 24 * 60 {
            return Err(AppError::invalid("Quiet hours", "must be times of the day"));
        }
        Ok(())
    }
}

/// The settings form as typed (every field text, checkboxes present or absent), shared by the
/// preview (a GET) and the save (a POST) so both read it the same way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub birthday_on: Option<String>,
    #[serde(default)]
    pub days_before: String,
    #[serde(default)]
    pub days_after: String,
    #[serde(default)]
    pub birthday_batch: String,
    #[serde(default)]
    pub birthday_text: String,
    #[serde(default)]
    pub recall_on: Option<String>,
    #[serde(default)]
    pub recall_days: String,
    #[serde(default)]
    pub recall_batch: String,
    #[serde(default)]
    pub recall_text: String,
    #[serde(default)]
    pub quiet_start: String,
    #[serde(default)]
    pub quiet_end: String,
    #[serde(default)]
    pub timezone: String,
}

impl SettingsForm {
    /// Parses the form, naming the first bad field.
    pub fn parse(&self) -> Result<CampaignSettings, AppError> {
        let opt = |s: &str| {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_owned())
        };
        let recall_days = self.recall_days.trim().parse::<i64>().map_err(|_| {
            AppError::invalid(
                "Inactive days",
                format!("must be a whole number of days from 1 to {RECALL_DAYS_MAX}"),
            )
        })?;
        let s = CampaignSettings {
            timezone: opt(&self.timezone),
            quiet: QuietHours::parse(&self.quiet_start, &self.quiet_end)?,
            birthday: BirthdayCampaign {
                on: self.birthday_on.is_some(),
                days_before: parse_window_days("Days before", &self.days_before)?,
                days_after: parse_window_days("Days after", &self.days_after)?,
                batch_id: opt(&self.birthday_batch),
                text: crate::i18n::nfc(self.birthday_text.trim()),
            },
            recall: RecallCampaign {
                on: self.recall_on.is_some(),
                inactive_days: recall_days,
                batch_id: opt(&self.recall_batch),
                text: crate::i18n::nfc(self.recall_text.trim()),
            },
        };
        s.check()?;
        Ok(s)
    }

    /// The form showing `s`.
    pub fn from_settings(s: &CampaignSettings) -> Self {
        let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        Self {
            birthday_on: s.birthday.on.then(|| "1".to_owned()),
            days_before: s.birthday.days_before.to_string(),
            days_after: s.birthday.days_after.to_string(),
            birthday_batch: s.birthday.batch_id.clone().unwrap_or_default(),
            birthday_text: s.birthday.text.clone(),
            recall_on: s.recall.on.then(|| "1".to_owned()),
            recall_days: s.recall.inactive_days.to_string(),
            recall_batch: s.recall.batch_id.clone().unwrap_or_default(),
            recall_text: s.recall.text.clone(),
            quiet_start: hhmm(s.quiet.start_min),
            quiet_end: hhmm(s.quiet.end_min),
            timezone: s.timezone.clone().unwrap_or_default(),
        }
    }
}

/// A festival of the Super Admin's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Festival {
    pub id: String,
    /// ISO country code, e.g. `MY`.
    pub country: String,
    pub name: String,
    /// Set for a festival on the same day every year.
    pub fixed: Option<MonthDay>,
    /// A moving festival's dates: (year, YYYY-MM-DD).
    pub dates: Vec<(i64, String)>,
}

impl Festival {
    /// The day (days since 1970-01-01) it falls on in `year`, if known: the year's own date
    /// first, else the fixed day.
    pub fn day_in(&self, year: i64) -> Option<i64> {
        self.dates
            .iter()
            .find(|(y, _)| *y == year)
            .and_then(|(_, d)| {
                let p: Vec<&str> = d.split('-').collect();
                match p.as_slice() {
                    [y, m, d] => Some(days_from_civil(
                        y.parse().ok()?,
                        m.parse().ok()?,
                        d.parse().ok()?,
                    )),
                    _ => None,
                }
            })
            .or_else(|| self.fixed.map(|md| md.in_year(year)))
    }

    /// The year of the occurrence whose sending window (`days_before` days ahead up to the day
    /// itself) contains `today`, if any.
    pub fn due_occurrence(&self, today: i64, days_before: i64) -> Option<i64> {
        let (year, _, _) = civil_from_days(today);
        [year, year + 1].into_iter().find(|&y| {
            self.day_in(y)
                .is_some_and(|on| (on - days_before..=on).contains(&today))
        })
    }
}

/// A merchant's choice for one festival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FestivalChoice {
    pub festival_id: String,
    pub enabled: bool,
    pub batch_id: String,
    pub text: String,
    pub days_before: i64,
}

impl FestivalChoice {
    /// Checks the fields, naming the first bad one.
    pub fn check(&self) -> Result<(), AppError> {
        if self.batch_id.trim().is_empty() {
            return Err(AppError::invalid("Festival batch", "choose a coupon batch"));
        }
        check_text("Festival message", &self.text, true)?;
        if !(0..=WINDOW_DAYS_MAX).contains(&self.days_before) {
            return Err(AppError::invalid(
                "Days before",
                format!("must be a whole number of days from 0 to {WINDOW_DAYS_MAX}"),
            ));
        }
        Ok(())
    }
}

/// One campaign run as the log shows it, with its messages' outcomes from the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunLog {
    pub id: String,
    pub merchant_id: String,
    pub merchant_name: String,
    pub kind: CampaignKind,
    /// The merchant's local day, YYYY-MM-DD.
    pub local_day: String,
    pub started_at_ms: i64,
    pub finished_at_ms: Option<i64>,
    /// `running`, `done` or `stopped`.
    pub status: String,
    pub selected: i64,
    pub queued: i64,
    pub skipped_opted_out: i64,
    /// Customers skipped because they never consented to offers.
    #[serde(default)]
    pub skipped_no_consent: i64,
    pub skipped_already_sent: i64,
    pub skipped_no_credits: i64,
    pub skipped_batch_exhausted: i64,
    /// Why it stopped early.
    pub note: Option<String>,
    /// Of the queued messages: accepted by WhatsApp (sent, delivered or read).
    pub sent: i64,
    pub delivered: i64,
    pub failed: i64,
}

/// What a STOP or START reply did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentWord {
    Stop,
    Start,
}

impl ConsentWord {
    /// Reads a reply: `STOP` or `START`, any case, surrounding space ignored; anything else
    /// is no consent change.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("stop") {
            Some(Self::Stop)
        } else if t.eq_ignore_ascii_case("start") {
            Some(Self::Start)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d)
    }

    #[test]
    fn a_birthday_window_names_its_occurrence_even_across_new_year() {
        let b = MonthDay::new(1, 2).unwrap();
        // Three days before, on 30 December, belongs to next year's birthday.
        assert_eq!(due_occurrence(b, day(2026, 12, 30), 3, 0), Some(2027));
        assert_eq!(due_occurrence(b, day(2027, 1, 2), 3, 0), Some(2027));
        assert_eq!(due_occurrence(b, day(2027, 1, 3), 3, 0), None);
        assert_eq!(due_occurrence(b, day(2027, 1, 4), 0, 2), Some(2027));
        assert_eq!(due_occurrence(b, day(2027, 1, 5), 0, 2), None);
        assert_eq!(due_occurrence(b, day(2026, 12, 29), 3, 0), None);
    }

    #[test]
    fn a_29_february_birthday_falls_on_28_february_in_other_years() {
        let b = MonthDay::parse("1996-02-29").unwrap();
        assert_eq!(due_occurrence(b, day(2027, 2, 28), 0, 0), Some(2027));
        assert_eq!(due_occurrence(b, day(2028, 2, 29), 0, 0), Some(2028));
        assert_eq!(due_occurrence(b, day(2028, 2, 28), 0, 0), None);
        assert!(MonthDay::parse("1990-02-30").is_err());
        assert!(MonthDay::parse("13-01").is_err());
        assert!(MonthDay::parse("yesterday").is_err());
    }

    #[test]
    fn recall_waits_for_inactivity_and_never_repeats_before_a_return() {
        let d = 86_400_000;
        assert!(!recall_due(0, None, 29 * d, 30));
        assert!(recall_due(0, None, 30 * d, 30));
        assert!(
            !recall_due(0, Some(30 * d), 90 * d, 30),
            "recalled, not returned"
        );
        // Returned after the recall, then inactive again: due once more.
        assert!(!recall_due(40 * d, Some(30 * d), 60 * d, 30));
        assert!(recall_due(40 * d, Some(30 * d), 70 * d, 30));
    }

    #[test]
    fn quiet_hours_wrap_midnight_and_say_when_they_end() {
        let q = QuietHours::default();
        assert!(q.is_quiet(21 * 60));
        assert!(q.is_quiet(3 * 60));
        assert!(!q.is_quiet(9 * 60));
        assert!(!q.is_quiet(20 * 60 + 59));
        assert_eq!(q.minutes_until_open(22 * 60), 11 * 60);
        assert_eq!(q.minutes_until_open(8 * 60 + 30), 30);
        assert_eq!(q.minutes_until_open(12 * 60), 0);
        let day_shift = QuietHours::parse("01:00", "05:30").unwrap();
        assert!(day_shift.is_quiet(60) && !day_shift.is_quiet(5 * 60 + 30));
        assert!(
            !QuietHours::parse("07:00", "07:00")
                .unwrap()
                .is_quiet(7 * 60)
        );
        assert!(QuietHours::parse("24:00", "09:00").is_err());
        assert!(QuietHours::parse("9pm", "09:00").is_err());
    }

    #[test]
    fn windows_and_previews_are_checked() {
        assert_eq!(parse_window_days("Days before", "").unwrap(), 0);
        assert_eq!(parse_window_days("Days before", " 7 ").unwrap(), 7);
        assert!(parse_window_days("Days before", "-1").is_err());
        assert!(parse_window_days("Days before", "61").is_err());
        let p = CostPreview {
            reach: 120,
            opted_out: 3,
            no_consent: 0,
            credits_needed: 120,
            credits_remaining: 100,
        };
        assert_eq!(p.shortfall(), 20);
        for k in [
            CampaignKind::Birthday,
            CampaignKind::Recall,
            CampaignKind::Festival,
        ] {
            assert_eq!(CampaignKind::parse(k.as_str()).unwrap(), k);
            assert_eq!(
                crate::whatsapp::classify(k.trigger()),
                crate::whatsapp::MessageClass::Bi
            );
        }
    }

    #[test]
    fn festivals_fall_on_their_year_date_or_fixed_day() {
        let cny = Festival {
            id: "f".into(),
            country: "MY".into(),
            name: "Chinese New Year".into(),
            fixed: None,
            dates: vec![(2027, "2027-02-06".into())],
        };
        assert_eq!(cny.due_occurrence(day(2027, 2, 6), 0), Some(2027));
        assert_eq!(cny.due_occurrence(day(2027, 2, 3), 3), Some(2027));
        assert_eq!(cny.due_occurrence(day(2027, 2, 2), 3), None);
        assert_eq!(cny.due_occurrence(day(2027, 2, 7), 3), None);
        assert_eq!(
            cny.due_occurrence(day(2028, 1, 26), 3),
            None,
            "no 2028 date"
        );
        let xmas = Festival {
            fixed: Some(MonthDay::new(12, 25).unwrap()),
            dates: vec![],
            ..cny
        };
        assert_eq!(xmas.due_occurrence(day(2026, 12, 20), 5), Some(2026));
        assert_eq!(xmas.due_occurrence(day(2026, 12, 26), 5), None);
    }

    #[test]
    fn consent_words_ignore_case_and_space_only() {
        assert_eq!(ConsentWord::parse(" Stop\n"), Some(ConsentWord::Stop));
        assert_eq!(ConsentWord::parse("START"), Some(ConsentWord::Start));
        assert_eq!(ConsentWord::parse("please stop"), None);
        assert_eq!(ConsentWord::parse(""), None);
    }

    #[test]
    fn settings_name_the_bad_field() {
        let mut s = CampaignSettings::default();
        assert!(s.check().is_ok());
        s.birthday.on = true;
        assert!(
            s.check()
                .unwrap_err()
                .to_string()
                .contains("Birthday batch")
        );
        s.birthday.batch_id = Some("b".into());
        assert!(
            s.check()
                .unwrap_err()
                .to_string()
                .contains("Birthday message")
        );
        s.birthday.text = "Happy birthday!".into();
        assert!(s.check().is_ok());
        let form = SettingsForm::from_settings(&s);
        assert_eq!(form.parse().unwrap(), s, "the form round-trips");
        s.recall.inactive_days = 0;
        assert!(s.check().unwrap_err().to_string().contains("Inactive days"));
        let bad = SettingsForm {
            quiet_start: "9pm".into(),
            ..form
        };
        assert!(
            bad.parse()
                .unwrap_err()
                .to_string()
                .contains("Quiet hours start")
        );
    }
}
