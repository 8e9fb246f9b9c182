//! Dates as people type them, and what to tell them when one cannot be read. Every form,
//! the register import and the command line use these words, so a date is refused the
//! same way everywhere: "31 February 2026 does not exist", never "use dd/mm/yyyy" for a
//! date that is in dd/mm/yyyy.

use chrono::{Datelike, NaiveDate};

/// The years a council date can fall in; a year outside them is almost always mistyped.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

const MONTH_NAMES: [&str; 12] = [
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

/// ISO `YYYY-MM-DD` (what the day, month and year boxes send), or the UK `DD/MM/YYYY`
/// people type; `None` when it is not a real date from 1900 to 2200.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

/// What the window's date and month boxes put between the boxes when one holds more than
/// digits ("2025-26" in a year box): the unit separator, which nobody types, so every box
/// comes back exactly as typed. Day (or month) first.
pub const BOX_SEPARATOR: char = '\u{1f}';

/// The day, month and year typed, each as text, when `s` is shaped like a date: three
/// parts split by `-`, `/` or `.`. Day first when the last part is a four-digit year
/// (`31/02/2026`, `31-02-2026`) or the boxes were joined by [`BOX_SEPARATOR`]; year first
/// when the first part is (`2026-02-31`), or when the parts are split by `-`, as the day,
/// month and year boxes send them part-typed (`--31`).
fn parts(s: &str) -> Option<(&str, &str, &str)> {
    if s.contains(BOX_SEPARATOR) {
        let mut it = s.splitn(3, BOX_SEPARATOR);
        return Some((it.next()?, it.next()?, it.next()?));
    }
    let mut it = s.splitn(3, ['-', '/', '.']);
    let (a, b, c) = (it.next()?, it.next()?, it.next()?);
    let year_first = c.trim().len() != 4 && (a.trim().len() == 4 || s.contains('-'));
    if year_first {
        Some((c, b, a))
    } else {
        Some((a, b, c))
    }
}

/// Why `text` is not a date, as a sentence that starts with `label` (the field as the
/// screen names it): "Date of award: 31 February 2026 does not exist".
pub fn date_problem(label: &str, text: &str) -> String {
    let t = text.trim();
    let Some((d, m, y)) = parts(t) else {
        return format!("{label} needs a date, like 31/03/2026");
    };
    let (d, m, y) = (d.trim(), m.trim(), y.trim());
    let missing: Vec<&str> = [("day", d), ("month", m), ("year", y)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(name, _)| *name)
        .collect();
    if missing.len() == 3 {
        return format!("{label} needs a date, like 31/03/2026");
    }
    if !missing.is_empty() {
        return format!("{label} needs a {}", missing.join(" and a "));
    }
    let number = |v: &str| v.parse::<u32>().ok().filter(|_| v.len() <= 4);
    let (Some(day), Some(month), Some(year)) = (number(d), number(m), number(y)) else {
        return format!("{label}: the day, month and year must be numbers, like 31 3 2026");
    };
    if !(1..=12).contains(&month) {
        return format!("{label}: there is no month {month}; a month is 1 to 12");
    }
    if y.len() != 4 || !YEARS.contains(&(year as i32)) {
        return format!("{label}: enter the year in full, like 2026");
    }
    let month_name = MONTH_NAMES[month as usize - 1];
    if day == 0 || NaiveDate::from_ymd_opt(year as i32, month, day).is_none() {
        if month == 2 && day == 29 {
            return format!(
                "{label}: 29 February {year} does not exist; {year} is not a leap year"
            );
        }
        return format!("{label}: {day} {month_name} {year} does not exist");
    }
    format!("{label} needs a date, like 31/03/2026")
}

/// A time of day as councils write it: "15:00", "15.00", "3pm", "3 pm", "3.30pm",
/// "11:30am", "12pm" (noon); the committee paper writes "3pm – 4pm" and people type it
/// back that way. `None` when it is not a real time.
pub fn parse_time(s: &str) -> Option<chrono::NaiveTime> {
    let t = s.trim().to_ascii_lowercase().replace('.', ":");
    let (clock, half) = if let Some(c) = t.strip_suffix("am") {
        (c.trim(), Some(false))
    } else if let Some(c) = t.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else {
        (t.as_str(), None)
    };
    let (h, m) = clock.split_once(':').unwrap_or((clock, "0"));
    let digits = |v: &str| !v.is_empty() && v.len() <= 2 && v.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || !digits(m) || (half.is_none() && !clock.contains(':')) {
        return None;
    }
    let (mut h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if let Some(pm) = half {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    chrono::NaiveTime::from_hms_opt(h, m, 0)
}

/// A time as it is kept: 24-hour "15:00"; empty for none.
pub fn clock(t: Option<chrono::NaiveTime>) -> String {
    t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()
}

/// The first day of a month as the month and year boxes send it (`2026-09`, `2026-9`) or
/// as people type it (`09/2026`); `None` unless the year is 1990 to 2100.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("01/{s}"), "%d/%m/%Y").ok())
        .filter(|d| (1990..=2100).contains(&d.year()))
}

/// The month and year of a month or date as the boxes send it, or as people type it, as
/// they were written: "2027-04" and "04/2027" give ("04", "2027"); a whole date ("2027-04-17",
/// "17/04/2027", the three boxes as typed) gives its month and year, whatever its day.
pub fn month_and_year(text: &str) -> (String, String) {
    let t = text.trim();
    if let Some((_day, m, y)) = parts(t) {
        return (m.trim().to_owned(), y.trim().to_owned());
    }
    let (m, y) = if let Some((m, y)) = t.split_once(BOX_SEPARATOR) {
        (m, y)
    } else if let Some((y, m)) = t.split_once('-') {
        (m, y)
    } else if let Some((m, y)) = t.split_once('/') {
        (m, y)
    } else {
        ("", t)
    };
    (m.trim().to_owned(), y.trim().to_owned())
}

/// The month `text` holds, as its first day, for a field that takes a month ("only the
/// month is known"): the month and year boxes ("2027-04"), or a whole date taken as its
/// month, whatever the day (the boxes of a date with no day typed, or a real date from
/// another program). `Err` is why not, as a sentence that starts with `label`: a date with
/// an impossible day in the words of the date boxes, anything else in those of the month's.
pub fn read_month(label: &str, text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if parts(t).is_some_and(|(day, _, _)| !day.trim().is_empty()) {
        return parse_date(t)
            .and_then(|d| d.with_day(1))
            .ok_or_else(|| date_problem(label, t));
    }
    let (m, y) = month_and_year(t);
    let digits = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit());
    (digits(&m) && digits(&y))
        .then(|| parse_month(&format!("{y}-{m}")))
        .flatten()
        .ok_or_else(|| month_problem(label, &format!("{m}{BOX_SEPARATOR}{y}")))
}

/// Why `text` is not a month, as a sentence that starts with `label` and uses the words of
/// the month and year boxes: "The last month reported: there is no month 13".
pub fn month_problem(label: &str, text: &str) -> String {
    let (m, y) = month_and_year(text);
    let (m, y) = (m.as_str(), y.as_str());
    match (m.is_empty(), y.is_empty()) {
        (true, true) => return format!("{label} needs a month and a year, like 9 2026"),
        (true, false) => return format!("{label} needs a month"),
        (false, true) => return format!("{label} needs a year"),
        _ => {}
    }
    let number = |v: &str| v.parse::<u32>().ok().filter(|_| v.len() <= 4);
    let (Some(month), Some(year)) = (number(m), number(y)) else {
        return format!("{label}: the month and year must be numbers, like 9 2026");
    };
    if !(1..=12).contains(&month) {
        return format!("{label}: there is no month {month}; a month is 1 to 12");
    }
    if y.len() != 4 {
        return format!("{label}: enter the year in full, like 2026");
    }
    if !(1990..=2100).contains(&(year as i32)) {
        return format!("{label}: {year} is too far off; enter a year from 1990 to 2100");
    }
    format!("{label} needs a month and a year, like 9 2026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso_and_uk_dates() {
        assert_eq!(
            parse_date("2026-03-31"),
            NaiveDate::from_ymd_opt(2026, 3, 31)
        );
        assert_eq!(
            parse_date(" 31/03/2026 "),
            NaiveDate::from_ymd_opt(2026, 3, 31)
        );
        assert_eq!(parse_date("1/4/2016"), NaiveDate::from_ymd_opt(2016, 4, 1));
        assert_eq!(parse_date("2026-02-31"), None);
        assert_eq!(parse_date("31/03/1826"), None);
    }

    #[test]
    fn times_are_read_as_councils_write_them() {
        let t = |s| parse_time(s).map(|t| t.format("%H:%M").to_string());
        for (typed, read) in [
            ("15:00", "15:00"),
            ("15.00", "15:00"),
            ("3pm", "15:00"),
            ("3 PM", "15:00"),
            ("3.30pm", "15:30"),
            ("11:30am", "11:30"),
            ("12pm", "12:00"),
            ("12.15am", "00:15"),
            ("9:05", "09:05"),
        ] {
            assert_eq!(t(typed).as_deref(), Some(read), "{typed}");
        }
        for bad in ["3", "13pm", "25:00", "3:60pm", "noon", "", "0am"] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_are_read_and_refused_in_the_words_of_the_boxes() {
        assert_eq!(parse_month("2026-09"), NaiveDate::from_ymd_opt(2026, 9, 1));
        assert_eq!(parse_month("2026-9"), NaiveDate::from_ymd_opt(2026, 9, 1));
        assert_eq!(parse_month("09/2026"), NaiveDate::from_ymd_opt(2026, 9, 1));
        assert_eq!(parse_month("2026-13"), None);
        let p = |t| month_problem("The last month reported", t);
        assert_eq!(
            p("2026-13"),
            "The last month reported: there is no month 13; a month is 1 to 12"
        );
        assert_eq!(p("2026-"), "The last month reported needs a month");
        assert_eq!(p("-3"), "The last month reported needs a year");
        assert_eq!(
            p("26-03"),
            "The last month reported: enter the year in full, like 2026"
        );
        assert_eq!(
            p("3\u{1f}2025-26"),
            "The last month reported: the month and year must be numbers, like 9 2026"
        );
        assert_eq!(
            p("2026-sept"),
            "The last month reported: the month and year must be numbers, like 9 2026"
        );
    }

    #[test]
    fn boxes_holding_more_than_digits_come_back_as_typed() {
        let typed = "31\u{1f}2\u{1f}2025-26";
        assert_eq!(parse_date(typed), None);
        assert_eq!(
            date_problem("Date", typed),
            "Date: the day, month and year must be numbers, like 31 3 2026"
        );
    }

    #[test]
    fn says_what_is_wrong_in_the_words_on_the_screen() {
        let p = |t| date_problem("Date of award", t);
        assert_eq!(
            p("2026-02-31"),
            "Date of award: 31 February 2026 does not exist"
        );
        assert_eq!(
            p("31/02/2026"),
            "Date of award: 31 February 2026 does not exist"
        );
        assert_eq!(
            p("2027-02-29"),
            "Date of award: 29 February 2027 does not exist; 2027 is not a leap year"
        );
        assert_eq!(
            p("2026-13-01"),
            "Date of award: there is no month 13; a month is 1 to 12"
        );
        assert_eq!(
            p("31/03/26"),
            "Date of award: enter the year in full, like 2026"
        );
        assert_eq!(
            p("31-13-2026"),
            "Date of award: there is no month 13; a month is 1 to 12"
        );
        assert_eq!(
            p("31.04.2026"),
            "Date of award: 31 April 2026 does not exist"
        );
        assert_eq!(p("2026--31"), "Date of award needs a month");
        assert_eq!(p("--31"), "Date of award needs a month and a year");
        assert_eq!(p("31//2026"), "Date of award needs a month");
        assert_eq!(p("2026--"), "Date of award needs a day and a month");
        assert_eq!(p("--"), "Date of award needs a date, like 31/03/2026");
        assert_eq!(
            p("next week"),
            "Date of award needs a date, like 31/03/2026"
        );
        assert_eq!(
            p("2026-03-3x"),
            "Date of award: the day, month and year must be numbers, like 31 3 2026"
        );
    }
}
