//! Calendar arithmetic on epoch milliseconds, without a time library (UTC only; time zones
//! come with the features that need them).

/// The UTC calendar date of `ms` as `YYYY-MM-DD`.
pub fn date_ymd(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The UTC date and minute of `ms` as `YYYY-MM-DD HH:MM UTC`.
pub fn date_time_utc(ms: i64) -> String {
    let minute_of_day = ms.div_euclid(60_000).rem_euclid(1_440);
    format!(
        "{} {:02}:{:02} UTC",
        date_ymd(ms),
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(date_ymd(0), "1970-01-01");
        assert_eq!(date_ymd(1_795_564_800_000), "2026-11-25");
        assert_eq!(date_ymd(951_782_400_000), "2000-02-29");
        assert_eq!(date_ymd(-86_400_000), "1969-12-31");
        assert_eq!(
            date_time_utc(1_795_564_800_000 + 13 * 3_600_000 + 5 * 60_000 + 59_999),
            "2026-11-25 13:05 UTC"
        );
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DD` into the epoch milliseconds of that day's UTC midnight.
pub fn parse_date_ms(raw: &str) -> Result<i64, crate::AppError> {
    let bad = || crate::AppError::invalid("Date", format!("{raw:?} is not a date like 2026-11-25"));
    let mut parts = raw.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let y: i64 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return Err(bad());
    }
    let days = days_from_civil(y, m, d);
    if civil_from_days(days) != (y, m, d) {
        return Err(bad());
    }
    Ok(days * 86_400_000)
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn dates_parse_and_round_trip() {
        assert_eq!(parse_date_ms("2026-11-25").unwrap(), 1_795_564_800_000);
        assert_eq!(date_ymd(parse_date_ms("2000-02-29").unwrap()), "2000-02-29");
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "26-1-1x",
            "1969-12-31",
            "2026/11/25",
        ] {
            assert!(parse_date_ms(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn datetimes_show_the_utc_minute() {
        assert_eq!(super::date_time_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(
            super::date_time_utc(1_795_564_800_000 + 3_723_000),
            "2026-11-25 01:02 UTC"
        );
        assert_eq!(super::date_time_utc(-60_000), "1969-12-31 23:59 UTC");
    }
}
