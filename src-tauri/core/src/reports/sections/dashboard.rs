//! The columns of the council's Performance Dashboard that are not a single month's rating
//! (Performance Dashboard guidance, September 2018; see
//! `shared/reference/kcc-reporting-conventions.txt`): the financial year, the latest period
//! of a monthly or quarterly indicator, the year-to-date value, and the alert an activity
//! indicator gets instead of a RAG rating. The RAG rating and the direction of travel
//! themselves are `performance::rag` and `performance::direction`.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// What the dashboard prints where there is nothing to compare or no value: "N/a".
pub const NOT_APPLICABLE: &str = "N/a";

/// The council's financial year, April to March, named by the calendar year it starts in:
/// `FinancialYear(2026)` runs from 1 April 2026 to 31 March 2027.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    /// The financial year `day` falls in.
    pub fn of(day: NaiveDate) -> FinancialYear {
        FinancialYear(if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        })
    }

    /// 1 April.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).expect("1 April is a date")
    }

    /// 31 March of the next calendar year.
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 3, 31).expect("31 March is a date")
    }

    pub fn previous(self) -> FinancialYear {
        FinancialYear(self.0 - 1)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        FinancialYear::of(day) == self
    }
}

impl fmt::Display for FinancialYear {
    /// "2026-27", as council papers write a financial year.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

/// How often an indicator is reported: the dashboard has a table of "Key Performance
/// Indicators – Monthly" and one of "Key Performance Indicators – Quarterly".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    #[default]
    Monthly,
    Quarterly,
}

impl Frequency {
    /// The first day of the period `day` falls in: its month, or its quarter of the
    /// financial year (April, July, October, January).
    pub fn period_of(self, day: NaiveDate) -> NaiveDate {
        let month = match self {
            Frequency::Monthly => day.month(),
            // Quarters of the financial year start in months 1, 4, 7 and 10 alike.
            Frequency::Quarterly => (day.month() - 1) / 3 * 3 + 1,
        };
        NaiveDate::from_ymd_opt(day.year(), month, 1).expect("the first of a month")
    }

    /// The period before the one starting `start`.
    pub fn previous(self, start: NaiveDate) -> NaiveDate {
        let months = match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
        };
        start - Months::new(months)
    }

    /// The dashboard's heading for the latest period's column: "Latest Month" or
    /// "Latest Qtr".
    pub fn latest_heading(self) -> &'static str {
        match self {
            Frequency::Monthly => "Latest Month",
            Frequency::Quarterly => "Latest Qtr",
        }
    }
}

/// How an indicator's year-to-date value is had, which the form says for each indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A count (calls answered, tasks completed): the year to date is the sum of the
    /// year's periods.
    Count,
    /// A percentage of one count over another (calls answered in 40 seconds over calls
    /// answered): the year to date is the year's numerators over its denominators, never
    /// an average of the periods' percentages.
    Percentage,
    /// Anything else (an average, a score, a balance at a date): the year to date is
    /// entered. Indicators kept before the year to date existed are this.
    #[default]
    Entered,
}

/// One period's figures. A percentage's numerator and denominator, when kept, let the year
/// to date be worked out; its value alone does not.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct PeriodFigures {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// A year-to-date value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Type)]
pub struct YearToDate {
    pub value: f64,
    /// Worked out from the periods (true), or as entered (false).
    pub worked_out: bool,
    /// For a percentage worked out: the year's numerators and denominators, summed.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// For a count worked out: how many periods it sums (a KPI's YTD RAG compares it with
    /// that many periods' target and floor standard); 1 otherwise.
    pub periods: u32,
}

/// The year to date at the period starting `latest`: the periods from the start of
/// `latest`'s financial year to `latest`, each given with the first day of its period.
///
/// - A `Count` sums them; a period with no value counts as nothing reported.
/// - A `Percentage` is the sum of the numerators over the sum of the denominators, times
///   100, when every period reported has both; otherwise, or with no denominator, it is
///   what was entered.
/// - `Entered`, or nothing to work from: `entered`.
///
/// `None` when there is neither.
pub fn year_to_date(
    measure: Measure,
    periods: &[(NaiveDate, PeriodFigures)],
    latest: NaiveDate,
    entered: Option<f64>,
) -> Option<YearToDate> {
    let year = FinancialYear::of(latest);
    let in_year: Vec<&PeriodFigures> = periods
        .iter()
        .filter(|(start, _)| year.contains(*start) && *start <= latest)
        .map(|(_, f)| f)
        .collect();
    let worked_out = match measure {
        Measure::Count => {
            let values: Vec<f64> = in_year.iter().filter_map(|f| f.value).collect();
            (!values.is_empty()).then(|| (values.iter().sum(), None, values.len() as u32))
        }
        Measure::Percentage => {
            let reported: Vec<&&PeriodFigures> = in_year
                .iter()
                .filter(|f| f.value.is_some() || f.numerator.is_some())
                .collect();
            let parts: Option<Vec<(f64, f64)>> = reported
                .iter()
                .map(|f| Some((f.numerator?, f.denominator?)))
                .collect();
            parts.filter(|p| !p.is_empty()).and_then(|p| {
                let (n, d) = p
                    .iter()
                    .fold((0.0, 0.0), |(n, d), (pn, pd)| (n + pn, d + pd));
                (d > 0.0).then(|| (n / d * 100.0, Some((n, d)), 1))
            })
        }
        Measure::Entered => None,
    };
    match worked_out {
        Some((value, counts, periods)) => Some(YearToDate {
            value,
            worked_out: true,
            numerator: counts.map(|c| c.0),
            denominator: counts.map(|c| c.1),
            periods,
        }),
        None => entered.map(|value| YearToDate {
            value,
            worked_out: false,
            numerator: None,
            denominator: None,
            periods: 1,
        }),
    }
}

/// An activity indicator's alert, "In expected range?": never a RAG rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum ActivityAlert {
    Yes,
    Above,
    Below,
}

impl Change {
    /// "8 more than last year (4.1%)", "6 fewer than last year (12.8%)", "the same as last
    /// year".
    pub fn describe(&self, unit: &str) -> String {
        let amount = figure(Some(self.difference.abs()), unit);
        let percent = self
            .percent
            .map(|p| format!(" ({})", figure(Some(p.abs()), "%")))
            .unwrap_or_default();
        if self.difference.abs() < 0.05 {
            "The same as last year".to_owned()
        } else if self.difference > 0.0 {
            format!("{amount} more than last year{percent}")
        } else {
            format!("{amount} less than last year{percent}")
        }
    }
}

impl fmt::Display for ActivityAlert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ActivityAlert::Yes => "Yes",
            ActivityAlert::Above => "Above",
            ActivityAlert::Below => "Below",
        })
    }
}

/// Whether `year_to_date` is within the expected range, its thresholds included. `None`
/// when no range is set: the dashboard then shows the indicator with its previous year
/// alone (`change_on_previous_year`).
pub fn activity_alert(
    year_to_date: f64,
    lower: Option<f64>,
    upper: Option<f64>,
) -> Option<ActivityAlert> {
    if lower.is_none() && upper.is_none() {
        return None;
    }
    Some(if upper.is_some_and(|u| year_to_date > u) {
        ActivityAlert::Above
    } else if lower.is_some_and(|l| year_to_date < l) {
        ActivityAlert::Below
    } else {
        ActivityAlert::Yes
    })
}

/// A figure as the dashboard prints it: at most one decimal place, thousands grouped, with
/// its unit ("98%", "1,810", "35 days"); `None` is "N/a".
pub fn figure(value: Option<f64>, unit: &str) -> String {
    match value {
        Some(v) => figure_to(v, unit, 1),
        None => NOT_APPLICABLE.to_owned(),
    }
}

/// A figure printed beside the thresholds it is rated against, as [`figure`] prints it,
/// but with as many more decimal places (up to four) as it takes to fall on the same side
/// of each threshold as the value itself: 94.975% against a target of 95% is "94.98%", not
/// "95%" beside an AMBER. `None` is "N/a".
pub fn figure_against(value: Option<f64>, unit: &str, thresholds: &[Option<f64>]) -> String {
    let Some(v) = value else {
        return NOT_APPLICABLE.to_owned();
    };
    let places = (1..=4)
        .find(|&p| {
            let scale = 10f64.powi(p);
            let shown = (v * scale).round() / scale;
            thresholds
                .iter()
                .flatten()
                .all(|t| shown.partial_cmp(t) == v.partial_cmp(t))
        })
        .unwrap_or(4);
    figure_to(v, unit, places)
}

/// `v` to at most `places` decimal places (trailing zeros dropped), thousands grouped,
/// with its unit.
fn figure_to(v: f64, unit: &str, places: i32) -> String {
    let scale = 10u64.pow(places as u32);
    let units = (v.abs() * scale as f64).round() as u64;
    let whole = crate::kernel::money::thousands(units / scale);
    let sign = if v < 0.0 && units > 0 { "-" } else { "" };
    let number = match units % scale {
        0 => format!("{sign}{whole}"),
        part => {
            let digits = format!("{part:0width$}", width = places as usize);
            format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    };
    match unit.trim() {
        "" | "number" => number,
        "%" => format!("{number}%"),
        u => format!("{number} {u}"),
    }
}

/// A value against the previous year's: the difference, and the difference as a
/// percentage of last year's (`None` when last year's was 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Type)]
pub struct Change {
    pub difference: f64,
    pub percent: Option<f64>,
}

/// `now` against `previous_year`; `None` for a new indicator, which has no previous year
/// (the dashboard prints "N/a" and marks the indicator "(NEW)").
pub fn change_on_previous_year(now: f64, previous_year: Option<f64>) -> Option<Change> {
    let before = previous_year?;
    Some(Change {
        difference: now - before,
        percent: (before != 0.0).then(|| (now - before) / before.abs() * 100.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::sections::performance::{direction, rag, Direction, Polarity, Rag};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn figures_are_printed_as_the_dashboard_prints_them() {
        assert_eq!(figure(Some(1810.0), ""), "1,810");
        assert_eq!(figure(Some(80.909), "%"), "80.9%");
        assert_eq!(figure(Some(98.0), "%"), "98%");
        assert_eq!(figure(Some(-6.04), "days"), "-6 days");
        assert_eq!(figure(None, "%"), "N/a");
        let c = change_on_previous_year(204.0, Some(196.0)).unwrap();
        assert_eq!(c.describe(""), "8 more than last year (4.1%)");
        let c = change_on_previous_year(35.0, Some(41.0)).unwrap();
        assert_eq!(c.describe("days"), "6 days less than last year (14.6%)");
    }

    #[test]
    fn the_financial_year_runs_april_to_march() {
        assert_eq!(FinancialYear::of(day(2026, 4, 1)), FinancialYear(2026));
        assert_eq!(FinancialYear::of(day(2027, 3, 31)), FinancialYear(2026));
        assert_eq!(FinancialYear::of(day(2026, 3, 31)), FinancialYear(2025));
        assert_eq!(FinancialYear(2026).start(), day(2026, 4, 1));
        assert_eq!(FinancialYear(2026).end(), day(2027, 3, 31));
        assert_eq!(FinancialYear(2026).to_string(), "2026-27");
        assert_eq!(FinancialYear(1999).to_string(), "1999-00");
        assert_eq!(FinancialYear(2026).previous(), FinancialYear(2025));
    }

    #[test]
    fn quarters_are_the_financial_years_and_step_back_across_its_start() {
        let q = Frequency::Quarterly;
        assert_eq!(q.period_of(day(2026, 5, 20)), day(2026, 4, 1));
        assert_eq!(q.period_of(day(2027, 3, 31)), day(2027, 1, 1));
        assert_eq!(q.previous(day(2026, 4, 1)), day(2026, 1, 1));
        assert_eq!(
            Frequency::Monthly.previous(day(2026, 1, 1)),
            day(2025, 12, 1)
        );
        assert_eq!(q.latest_heading(), "Latest Qtr");
    }

    fn counts(values: &[(NaiveDate, f64)]) -> Vec<(NaiveDate, PeriodFigures)> {
        values
            .iter()
            .map(|(d, v)| {
                (
                    *d,
                    PeriodFigures {
                        value: Some(*v),
                        ..Default::default()
                    },
                )
            })
            .collect()
    }

    #[test]
    fn a_count_sums_this_financial_years_periods_to_the_latest() {
        let periods = counts(&[
            (day(2026, 2, 1), 500.0), // last financial year
            (day(2026, 3, 1), 500.0),
            (day(2026, 4, 1), 60.0),
            (day(2026, 5, 1), 70.0),
            (day(2026, 6, 1), 74.0),
            (day(2026, 7, 1), 999.0), // after the latest period
        ]);
        let ytd = year_to_date(Measure::Count, &periods, day(2026, 6, 1), Some(1.0)).unwrap();
        assert_eq!(
            ytd,
            YearToDate {
                value: 204.0,
                worked_out: true,
                numerator: None,
                denominator: None,
                periods: 3,
            }
        );
    }

    #[test]
    fn a_percentage_is_the_years_numerators_over_its_denominators_not_an_average() {
        let p = |n: f64, d: f64| PeriodFigures {
            value: Some(n / d * 100.0),
            numerator: Some(n),
            denominator: Some(d),
        };
        let periods = vec![
            (day(2026, 4, 1), p(9.0, 10.0)),
            (day(2026, 5, 1), p(80.0, 100.0)),
        ];
        let ytd = year_to_date(Measure::Percentage, &periods, day(2026, 5, 1), None).unwrap();
        // 89 of 110, not the average of 90% and 80%.
        assert!((ytd.value - 80.909).abs() < 0.001, "{ytd:?}");
        assert!(ytd.worked_out);
        assert_eq!((ytd.numerator, ytd.denominator), (Some(89.0), Some(110.0)));

        // A period with only its percentage: the year to date must be entered.
        let mut gap = periods.clone();
        gap.push((
            day(2026, 6, 1),
            PeriodFigures {
                value: Some(75.0),
                ..Default::default()
            },
        ));
        assert_eq!(
            year_to_date(Measure::Percentage, &gap, day(2026, 6, 1), Some(84.0)),
            Some(YearToDate {
                value: 84.0,
                worked_out: false,
                numerator: None,
                denominator: None,
                periods: 1,
            })
        );
        assert_eq!(
            year_to_date(Measure::Percentage, &gap, day(2026, 6, 1), None),
            None
        );
    }

    /// A figure never reads as meeting a threshold it misses: 94.975% beside a target of
    /// 95% is not printed "95%" (helper trial, 1 December 2026).
    #[test]
    fn a_figure_beside_its_thresholds_falls_on_the_same_side_of_them() {
        assert_eq!(figure(Some(94.975), "%"), "95%");
        assert_eq!(
            figure_against(Some(94.975), "%", &[Some(95.0), Some(90.0)]),
            "94.98%"
        );
        assert_eq!(
            figure_against(Some(89.96), "%", &[Some(95.0), Some(90.0)]),
            "89.96%"
        );
        assert_eq!(figure_against(Some(95.0), "%", &[Some(95.0)]), "95%");
        assert_eq!(
            figure_against(Some(77.2), "%", &[Some(80.0), Some(70.0)]),
            "77.2%"
        );
        assert_eq!(figure_against(Some(1234.5), "", &[None]), "1,234.5");
        assert_eq!(figure_against(None, "%", &[Some(95.0)]), NOT_APPLICABLE);
    }

    #[test]
    fn any_other_measure_takes_the_year_to_date_as_entered() {
        let periods = counts(&[(day(2026, 4, 1), 3.0)]);
        assert_eq!(
            year_to_date(Measure::Entered, &periods, day(2026, 4, 1), Some(2.5)),
            Some(YearToDate {
                value: 2.5,
                worked_out: false,
                numerator: None,
                denominator: None,
                periods: 1,
            })
        );
        assert_eq!(
            year_to_date(Measure::Entered, &periods, day(2026, 4, 1), None),
            None
        );
    }

    /// Rows of the dashboard in the conventions file: reference, description and values
    /// only. Each: latest period, target, floor, year to date, previous year, and the RAG
    /// ratings the dashboard printed for the period and the year to date.
    #[allow(clippy::type_complexity)]
    const KPIS: &[(&str, &str, f64, f64, f64, f64, Option<f64>, Rag, Rag)] = &[
        (
            "CS01",
            "Percentage of callers who rate the advisors in Contact Point as good",
            98.0,
            95.0,
            90.0,
            98.0,
            Some(98.0),
            Rag::Green,
            Rag::Green,
        ),
        (
            "CS04",
            "Percentage of calls to Contact Point answered",
            98.0,
            95.0,
            80.0,
            95.0,
            Some(94.0),
            Rag::Green,
            Rag::Green,
        ),
        (
            "CS05",
            "Percentage of calls to Contact Point answered in 40 seconds",
            82.0,
            80.0,
            70.0,
            75.0,
            Some(70.0),
            Rag::Green,
            Rag::Amber,
        ),
        (
            "CS07",
            "Percentage of complaints responded to in timescale",
            84.0,
            85.0,
            80.0,
            84.0,
            Some(88.0),
            Rag::Amber,
            Rag::Amber,
        ),
        (
            "HR25",
            "Percentage of completed corporate themed Health and Safety audits (NEW)",
            100.0,
            90.0,
            85.0,
            100.0,
            None,
            Rag::Green,
            Rag::Green,
        ),
    ];

    #[test]
    fn every_rag_and_ytd_rag_is_what_the_dashboard_printed() {
        for (reference, _, latest, target, floor, ytd, _, month_rag, ytd_rag) in KPIS {
            let higher = Polarity::HigherIsBetter;
            assert_eq!(
                rag(Some(*latest), *target, Some(*floor), higher),
                Some(*month_rag),
                "{reference}: the period's RAG"
            );
            assert_eq!(
                rag(Some(*ytd), *target, Some(*floor), higher),
                Some(*ytd_rag),
                "{reference}: the year to date's RAG"
            );
        }
    }

    #[test]
    fn a_new_indicator_has_no_previous_year_to_compare() {
        let (_, description, latest, .., previous, _, _) = KPIS[4];
        assert!(description.ends_with("(NEW)"));
        assert_eq!(change_on_previous_year(latest, previous), None);
        let (.., previous, _, _) = KPIS[1];
        let change = change_on_previous_year(95.0, previous).unwrap();
        assert_eq!(change.difference, 1.0);
    }

    #[test]
    fn direction_of_travel_follows_the_legend_against_the_previous_period() {
        // The arrows in the extracted text are garbled, so the previous periods are
        // stated here and the legend's meanings checked: "Performance has improved",
        // "has worsened", "has remained the same", and N/a with nothing to compare.
        let higher = Polarity::HigherIsBetter;
        let cases = [
            ("CS04", Some(95.0), 98.0, Some(Direction::Improved)),
            ("CS01", Some(98.0), 98.0, Some(Direction::Same)),
            ("CS07", Some(88.0), 84.0, Some(Direction::Worsened)),
            ("HR25", None, 100.0, None),
        ];
        for (reference, previous, latest, expected) in cases {
            assert_eq!(
                direction(previous, Some(latest), higher),
                expected,
                "{reference}"
            );
        }
        assert_eq!(Direction::Improved.meaning(), "Performance has improved");
        assert_eq!(
            direction(Some(30.0), Some(35.0), Polarity::LowerIsBetter),
            Some(Direction::Worsened),
            "lower is better: more days is worse"
        );
    }

    #[test]
    fn activity_indicators_are_in_range_above_or_below_and_never_rated() {
        // CS08: calls answered (000s), 204 against 142 to 174: Above.
        assert_eq!(
            activity_alert(204.0, Some(142.0), Some(174.0)),
            Some(ActivityAlert::Above)
        );
        // CS12: website visits (000s), 1,810 against 1,540 to 1,800: Above.
        assert_eq!(
            activity_alert(1810.0, Some(1540.0), Some(1800.0)),
            Some(ActivityAlert::Above)
        );
        assert_eq!(
            activity_alert(1800.0, Some(1540.0), Some(1800.0)),
            Some(ActivityAlert::Yes),
            "on a threshold is in range"
        );
        assert_eq!(
            activity_alert(100.0, Some(142.0), Some(174.0)),
            Some(ActivityAlert::Below)
        );
        assert_eq!(activity_alert(204.0, None, None), None);
        // Without a range, the comparison with the previous year's year to date alone:
        // CS08's 204 against 196.
        let c = change_on_previous_year(204.0, Some(196.0)).unwrap();
        assert_eq!(c.difference, 8.0);
        assert!((c.percent.unwrap() - 4.08).abs() < 0.01);
    }
}
