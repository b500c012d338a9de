//! Timestamps of contact logs: ISO 8601 / RFC 3339 to UTC microseconds, and the month
//! ("YYYY-MM") in Europe/Copenhagen local time.
//!
//! Copenhagen is UTC+1 in winter and UTC+2 in summer, by the EU rule (in force since
//! 1996; applied here to every year): summer time runs from the last Sunday of March at
//! 01:00 UTC to the last Sunday of October at 01:00 UTC.
//!
//! A timestamp without `Z` or an offset is Copenhagen local time. In the hour that does
//! not exist (last Sunday of March, 02:00 to 03:00 local) and the hour that occurs twice
//! (last Sunday of October, 02:00 to 03:00 local) the standard offset +01:00 is used:
//! a skipped 02:30 is the instant 03:30 summer time, a repeated 02:30 the later of the
//! two. This is what ICU (and so DuckDB's `TIMESTAMPTZ` with `TimeZone =
//! 'Europe/Copenhagen'`) does by default.

use super::parse::Reason;

/// Microseconds per second.
pub const MICROS: i64 = 1_000_000;
const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a day number since 1970-01-01.
pub const fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Day number of the last Sunday of month `m` (March or October) of year `y`.
fn last_sunday(y: i64, m: u32) -> i64 {
    let last = days_from_civil(y, m, 31);
    // 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on Sundays.
    last - (last + 4).rem_euclid(7)
}

/// Summer time of year `y` as UTC seconds `[start, end)`.
pub fn summer_time(y: i64) -> (i64, i64) {
    (
        last_sunday(y, 3) * DAY + 3600,
        last_sunday(y, 10) * DAY + 3600,
    )
}

/// Whether the UTC instant (seconds) is in Copenhagen summer time.
pub fn is_summer(utc_s: i64) -> bool {
    let (y, _, _) = civil_from_days(utc_s.div_euclid(DAY));
    let (a, b) = summer_time(y);
    (a..b).contains(&utc_s)
}

/// Copenhagen's offset from UTC in seconds at a UTC instant.
pub fn offset_at(utc_s: i64) -> i64 {
    if is_summer(utc_s) {
        7200
    } else {
        3600
    }
}

/// The UTC instant (seconds) of a Copenhagen wall-clock time given as seconds since
/// 1970-01-01 00:00 local. Skipped and repeated hours use +01:00 (see the module doc).
pub fn local_to_utc(local_s: i64) -> i64 {
    let standard = local_s - 3600;
    let summer = local_s - 7200;
    if is_summer(standard) && is_summer(summer) {
        summer
    } else {
        standard
    }
}

/// A month as one number: `year * 12 + month - 1`.
pub type MonthKey = u32;

/// "YYYY-MM" of a month key.
pub fn month_label(k: MonthKey) -> String {
    format!("{:04}-{:02}", k / 12, k % 12 + 1)
}

/// The UTC second at which a Copenhagen month starts (local midnight of its first day).
/// April to October start in summer time, the others in winter time (the clocks never
/// change on the first of a month).
fn month_start_utc(k: MonthKey) -> i64 {
    let (y, m) = ((k / 12) as i64, k % 12 + 1);
    let off = if (4..=10).contains(&m) { 7200 } else { 3600 };
    days_from_civil(y, m, 1) * DAY - off
}

/// Finds the Copenhagen month of UTC instants, remembering the last month's bounds
/// (logs are mostly in time order, so most look-ups are two comparisons).
#[derive(Debug, Clone, Default)]
pub struct MonthFinder {
    lo: i64,
    hi: i64,
    key: MonthKey,
}

impl MonthFinder {
    pub fn new() -> MonthFinder {
        MonthFinder {
            lo: 0,
            hi: 0,
            key: 0,
        }
    }

    /// The Copenhagen month of a UTC instant in microseconds.
    #[inline]
    pub fn month(&mut self, utc_us: i64) -> MonthKey {
        let s = utc_us.div_euclid(MICROS);
        if s >= self.lo && s < self.hi {
            return self.key;
        }
        let (y, m, _) = civil_from_days((s + 3600).div_euclid(DAY));
        let mut k = (y.clamp(0, 9999) as u32) * 12 + m - 1;
        if k > 0 && s < month_start_utc(k) {
            k -= 1;
        } else if s >= month_start_utc(k + 1) {
            k += 1;
        }
        self.key = k;
        self.lo = month_start_utc(k);
        self.hi = month_start_utc(k + 1);
        k
    }
}

/// How a date is written: ISO `YYYY-MM-DD` (always accepted) or also day first,
/// `DD-MM-YYYY`, `DD.MM.YYYY` or `DD/MM/YYYY` (Danish exports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    Iso,
    DayFirst,
}

#[inline]
fn d2(b: &[u8], i: usize) -> Option<u32> {
    let (a, c) = (
        b.get(i)?.wrapping_sub(b'0'),
        b.get(i + 1)?.wrapping_sub(b'0'),
    );
    (a < 10 && c < 10).then_some(a as u32 * 10 + c as u32)
}

#[inline]
fn d4(b: &[u8], i: usize) -> Option<u32> {
    Some(d2(b, i)? * 100 + d2(b, i + 2)?)
}

/// Parses a timestamp to UTC microseconds.
///
/// Accepted: `YYYY-MM-DD` then `T`, `t` or a space, then `HH:MM`, optionally `:SS` and a
/// fraction (`.` or `,`, up to 9 digits, kept to the microsecond), then optionally `Z`,
/// `z` or an offset `+HH:MM`, `+HHMM` or `+HH` (also `-`). Without a zone the time is
/// Copenhagen local time. With [`DateOrder::DayFirst`] the date may also be `DD-MM-YYYY`
/// (`-`, `.` or `/`).
pub fn parse_timestamp(s: &[u8], order: DateOrder) -> Result<i64, Reason> {
    // Fast path: 2025-03-14T09:15:42Z
    if s.len() == 20 && s[4] == b'-' && s[7] == b'-' && s[10] == b'T' && s[19] == b'Z' {
        if let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(se)) = (
            d4(s, 0),
            d2(s, 5),
            d2(s, 8),
            d2(s, 11),
            d2(s, 14),
            d2(s, 17),
        ) {
            if s[13] == b':'
                && s[16] == b':'
                && (1..=12).contains(&mo)
                && d >= 1
                && d <= days_in_month(y as i64, mo)
                && h < 24
                && mi < 60
                && se < 60
            {
                let secs =
                    days_from_civil(y as i64, mo, d) * DAY + (h * 3600 + mi * 60 + se) as i64;
                return Ok(secs * MICROS);
            }
        }
    }
    parse_general(s, order)
}

fn parse_general(s: &[u8], order: DateOrder) -> Result<i64, Reason> {
    let shown = || String::from_utf8_lossy(s).into_owned();
    let bad = || Reason::NotTimestamp { value: shown() };
    if s.len() < 16 {
        return Err(bad());
    }
    // the date
    let (y, mo, d) = if s[4] == b'-' && s[7] == b'-' {
        (d4(s, 0), d2(s, 5), d2(s, 8))
    } else if order == DateOrder::DayFirst && matches!(s[2], b'-' | b'.' | b'/') && s[5] == s[2] {
        (d4(s, 6), d2(s, 3), d2(s, 0))
    } else {
        return Err(bad());
    };
    let (Some(y), Some(mo), Some(d)) = (y, mo, d) else {
        return Err(bad());
    };
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y as i64, mo) {
        return Err(Reason::NoSuchDate { value: shown() });
    }
    if !matches!(s[10], b'T' | b't' | b' ') {
        return Err(bad());
    }
    // the time
    let (Some(h), Some(mi)) = (d2(s, 11), d2(s, 14)) else {
        return Err(bad());
    };
    if s[13] != b':' {
        return Err(bad());
    }
    let mut i = 16;
    let mut sec = 0;
    let mut micros: i64 = 0;
    if s.get(i) == Some(&b':') {
        sec = d2(s, i + 1).ok_or_else(bad)?;
        i += 3;
        if matches!(s.get(i), Some(b'.') | Some(b',')) {
            i += 1;
            let start = i;
            let mut scale = 100_000;
            while let Some(c) = s.get(i).filter(|c| c.is_ascii_digit()) {
                micros += (c - b'0') as i64 * scale;
                scale /= 10;
                i += 1;
            }
            if i == start || i - start > 9 {
                return Err(bad());
            }
        }
    }
    if h > 23 || mi > 59 || sec > 59 {
        return Err(Reason::NoSuchTime { value: shown() });
    }
    let wall = days_from_civil(y as i64, mo, d) * DAY + (h * 3600 + mi * 60 + sec) as i64;
    // the zone
    let rest = &s[i..];
    let utc = match rest {
        [] => local_to_utc(wall),
        [b'Z' | b'z'] => wall,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (oh, om) = match tail {
                [_, _] => (d2(tail, 0), Some(0)),
                [_, _, b':', _, _] => (d2(tail, 0), d2(tail, 3)),
                [_, _, _, _] => (d2(tail, 0), d2(tail, 2)),
                _ => (None, None),
            };
            let (Some(oh), Some(om)) = (oh, om) else {
                return Err(bad());
            };
            if oh > 23 || om > 59 {
                return Err(bad());
            }
            let off = (oh * 3600 + om * 60) as i64;
            if *sign == b'+' {
                wall - off
            } else {
                wall + off
            }
        }
        _ => return Err(bad()),
    };
    Ok(utc * MICROS + micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        parse_timestamp(s.as_bytes(), DateOrder::Iso).unwrap()
    }
    fn utc(y: i64, m: u32, d: u32, h: i64, mi: i64, s: i64) -> i64 {
        (days_from_civil(y, m, d) * DAY + h * 3600 + mi * 60 + s) * MICROS
    }
    fn month(s: &str) -> String {
        month_label(MonthFinder::new().month(ts(s)))
    }

    #[test]
    fn civil_round_trip() {
        for z in [-800_000, -1, 0, 1, 19_000, 20_089, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(2025, 1, 1), 20_089);
    }

    #[test]
    fn summer_time_2025_and_2024() {
        // 2025: 30 March 01:00 UTC to 26 October 01:00 UTC
        assert_eq!(
            summer_time(2025),
            (
                utc(2025, 3, 30, 1, 0, 0) / MICROS,
                utc(2025, 10, 26, 1, 0, 0) / MICROS
            )
        );
        // 2024: 31 March to 27 October
        assert_eq!(summer_time(2024).0, utc(2024, 3, 31, 1, 0, 0) / MICROS);
        assert_eq!(summer_time(2024).1, utc(2024, 10, 27, 1, 0, 0) / MICROS);
    }

    #[test]
    fn formats() {
        let want = utc(2025, 3, 14, 9, 15, 42);
        assert_eq!(ts("2025-03-14T09:15:42Z"), want);
        assert_eq!(ts("2025-03-14 09:15:42Z"), want);
        assert_eq!(ts("2025-03-14t09:15:42z"), want);
        assert_eq!(ts("2025-03-14T10:15:42+01:00"), want);
        assert_eq!(ts("2025-03-14T10:15:42+0100"), want);
        assert_eq!(ts("2025-03-14T10:15:42+01"), want);
        assert_eq!(ts("2025-03-14T07:15:42-02:00"), want);
        assert_eq!(
            ts("2025-03-14 10:15:42"),
            want,
            "winter local time is UTC+1"
        );
        assert_eq!(ts("2025-03-14T09:15:42.5Z"), want + 500_000);
        assert_eq!(ts("2025-03-14T09:15:42,123456789Z"), want + 123_456);
        assert_eq!(ts("2025-03-14 09:15Z"), want - 42 * MICROS);
        assert_eq!(
            ts("2025-07-01 12:00"),
            utc(2025, 7, 1, 10, 0, 0),
            "summer UTC+2"
        );
        assert_eq!(
            parse_timestamp(b"14-03-2025 10:15:42", DateOrder::DayFirst).unwrap(),
            want
        );
        assert_eq!(
            parse_timestamp(b"14.03.2025 10:15:42", DateOrder::DayFirst).unwrap(),
            want
        );
        for bad in [
            "",
            "2025-03-14",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-03-14T24:00:00Z",
            "2025-03-14T09:15:42 Z",
            "2025-03-14T09:15:42+1",
            "14-03-2025 10:15:42",
            "2025/03/14 10:15",
            "yesterday",
        ] {
            assert!(
                parse_timestamp(bad.as_bytes(), DateOrder::Iso).is_err(),
                "{bad}"
            );
        }
        assert_eq!(ts("2024-02-29T00:00:00Z"), utc(2024, 2, 29, 0, 0, 0));
    }

    #[test]
    fn skipped_and_repeated_local_hours_use_plus_one() {
        // 30 March 2025: 02:00 local does not exist; 02:30 is taken as +01:00 = 01:30 UTC
        assert_eq!(ts("2025-03-30 02:30"), utc(2025, 3, 30, 1, 30, 0));
        assert_eq!(ts("2025-03-30 01:59:59"), utc(2025, 3, 30, 0, 59, 59));
        assert_eq!(ts("2025-03-30 03:00"), utc(2025, 3, 30, 1, 0, 0));
        // 26 October 2025: 02:30 local occurs twice; the later (+01:00) is taken
        assert_eq!(ts("2025-10-26 02:30"), utc(2025, 10, 26, 1, 30, 0));
        assert_eq!(ts("2025-10-26 01:59"), utc(2025, 10, 25, 23, 59, 0));
        assert_eq!(ts("2025-10-26 03:00"), utc(2025, 10, 26, 2, 0, 0));
    }

    #[test]
    fn months_turn_at_copenhagen_midnight() {
        // summer (UTC+2): 1 July starts at 30 June 22:00 UTC
        assert_eq!(month("2025-06-30T21:59:59Z"), "2025-06");
        assert_eq!(month("2025-06-30T22:00:00Z"), "2025-07");
        assert_eq!(month("2025-07-01 00:00:00"), "2025-07");
        assert_eq!(month("2025-06-30 23:59:59"), "2025-06");
        // winter (UTC+1): 1 February starts at 31 January 23:00 UTC
        assert_eq!(month("2025-01-31T22:59:59Z"), "2025-01");
        assert_eq!(month("2025-01-31T23:00:00Z"), "2025-02");
        // new year
        assert_eq!(month("2024-12-31T23:00:00Z"), "2025-01");
        assert_eq!(month("2024-12-31T22:59:59.999999Z"), "2024-12");
        // the finder's cache moves both ways
        let mut f = MonthFinder::new();
        for (s, want) in [
            ("2025-03-31T21:59:59Z", "2025-03"),
            ("2025-03-31T22:00:00Z", "2025-04"),
            ("2025-03-15T00:00:00Z", "2025-03"),
            ("2025-10-31T22:59:59Z", "2025-10"),
            ("2025-10-31T23:00:00Z", "2025-11"),
            ("1999-12-31T23:30:00Z", "2000-01"),
        ] {
            assert_eq!(month_label(f.month(ts(s))), want, "{s}");
        }
    }
}
