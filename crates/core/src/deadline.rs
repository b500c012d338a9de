//! A round's deadline: a plain date in Danish time ("YYYY-MM-DD"), read strictly, shown
//! in long form ("31. januar 2027", "31 January 2027"), and passed once its day has
//! ended in Europe/Copenhagen.

use crate::contacts::time::{civil_from_days, day_number, offset_at};

/// Why a typed deadline was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date written YYYY-MM-DD")]
    Format(String),
    #[error("'{0}' is not a day in the calendar")]
    NoSuchDay(String),
}

/// A date typed as YYYY-MM-DD (surrounding spaces ignored), checked against the calendar.
pub fn parse_date(s: &str) -> Result<(i64, u32, u32), DateError> {
    let t = s.trim();
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(DateError::Format(t.to_string()));
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (i64::from(num(0..4)), num(5..7), num(8..10));
    if day_number(y, m, d).is_none() || y < 1970 {
        return Err(DateError::NoSuchDay(t.to_string()));
    }
    Ok((y, m, d))
}

/// The Copenhagen calendar day of the instant `utc_s` (unix seconds), as YYYY-MM-DD.
pub fn danish_day(utc_s: i64) -> String {
    let local = utc_s + offset_at(utc_s);
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether the deadline `iso` (YYYY-MM-DD) has ended at the instant `utc_s`: the Danish
/// day then is later than it.
pub fn deadline_passed(iso: &str, utc_s: i64) -> bool {
    danish_day(utc_s).as_str() > iso
}

const DA_MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date in long form: "31. januar 2027" in Danish ("da"), "31 January 2027" otherwise.
/// Text that is not a date comes back as it is.
pub fn long_date(iso: &str, lang: &str) -> String {
    let Ok((y, m, d)) = parse_date(iso) else {
        return iso.to_string();
    };
    let i = (m - 1) as usize;
    if lang == "da" {
        format!("{d}. {} {y}", DA_MONTHS[i])
    } else {
        format!("{d} {} {y}", EN_MONTHS[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(parse_date(" 2027-01-31 "), Ok((2027, 1, 31)));
        assert_eq!(parse_date("2028-02-29"), Ok((2028, 2, 29)));
        assert!(matches!(
            parse_date("2027-02-29"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            parse_date("2027-13-01"),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            parse_date("31-01-2027"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(parse_date("2027-1-31"), Err(DateError::Format(_))));
        assert!(matches!(parse_date(""), Err(DateError::Format(_))));
    }

    #[test]
    fn long_dates_in_both_languages() {
        assert_eq!(long_date("2027-01-31", "da"), "31. januar 2027");
        assert_eq!(long_date("2027-05-01", "en"), "1 May 2027");
    }

    #[test]
    fn the_deadline_ends_at_midnight_in_copenhagen() {
        // 2027-01-31 22:59:59 UTC is 23:59:59 in Copenhagen (winter, +01:00).
        let last = 1_801_436_399;
        assert_eq!(danish_day(last), "2027-01-31");
        assert!(!deadline_passed("2027-01-31", last));
        assert!(deadline_passed("2027-01-31", last + 1));
        // Summer: 2027-06-30 22:00 UTC is 1 July 00:00 in Copenhagen.
        assert_eq!(danish_day(1_814_392_800), "2027-07-01");
    }
}
