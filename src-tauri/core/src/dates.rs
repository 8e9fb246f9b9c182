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

/// The day, month and year typed, each as text, when `s` is shaped like a date: three
/// parts split by `-`, `/` or `.`. Day first when the last part is a four-digit year
/// (`31/02/2026`, `31-02-2026`); year first when the first part is (`2026-02-31`), or when
/// the parts are split by `-`, as the day, month and year boxes send them part-typed
/// (`--31`).
fn parts(s: &str) -> Option<(&str, &str, &str)> {
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
