//! Section 5, operational performance: the KPI and CDI table with the performance level
//! the contract requires and twelve months of actuals, rated as the council rates KPIs;
//! each indicator's row of the council's Performance Dashboard (latest period and year to
//! date, each rated, direction of travel, previous year; activity indicators against their
//! expected range; see `dashboard`); and the key contractual milestones.

use crate::contracts::parse_date;
use crate::framework::Section;
use crate::kernel::error::capitalise;
use crate::kernel::error::FieldError;
use crate::reports::sections::dashboard::{
    activity_alert, change_on_previous_year, figure, figure_against, year_to_date, ActivityAlert,
    Change, FinancialYear, Frequency, Measure, PeriodFigures, YearToDate, NOT_APPLICABLE,
};
use crate::reports::sections::performance::{direction, rag, Direction, Polarity, Rag};
use crate::reports::sections::schema::{
    FieldDef, Kind, Part, SectionSchema, SectionValues, TableDef,
};
use crate::reports::sections::values::{limited, parse_number};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::borrow::Cow;

pub const MONTHS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum IndicatorKind {
    /// Key Performance Indicator
    #[serde(rename = "KPI")]
    Kpi,
    /// Contract Delivery Indicator
    #[serde(rename = "CDI")]
    Cdi,
    /// Activity indicator: demand (calls answered, visits). Never RAG-rated and no
    /// direction of travel; tracked against an expected range, or shown beside the
    /// previous year (Performance Dashboard guidance).
    Activity,
}

/// One row of the KPI/CDI table as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct IndicatorInput {
    pub reference: String,
    pub description: String,
    pub kind: IndicatorKind,
    /// For example "%", "days", "number".
    pub unit: String,
    pub polarity: Polarity,
    pub target: String,
    pub floor: String,
    /// Twelve months, oldest first; an empty one is a gap. A quarterly indicator's value
    /// goes in the last month of its quarter (June, September, December, March).
    pub actuals: Vec<String>,
    pub frequency: Frequency,
    /// How the year to date is had: summed, worked out from the counts, or entered.
    pub measure: Measure,
    /// For a percentage: each month's number achieved and total (calls answered in 40
    /// seconds, calls answered), twelve each, oldest first, or none.
    pub numerators: Vec<String>,
    pub denominators: Vec<String>,
    /// The year to date as entered, where it is not worked out.
    pub year_to_date: String,
    /// The previous financial year's value; for an activity indicator, its year to date.
    pub previous_year: String,
    /// New this year, so it has no previous year: the dashboard's "N/a" and "(NEW)".
    pub new_indicator: bool,
    /// An activity indicator's expected range; both empty when it has none.
    pub lower_threshold: String,
    pub upper_threshold: String,
    /// The manager's explanation of an indicator off target or out of range, printed
    /// under the table as the dashboard prints it.
    pub commentary: String,
}

impl Default for IndicatorInput {
    fn default() -> Self {
        IndicatorInput {
            reference: String::new(),
            description: String::new(),
            kind: IndicatorKind::Kpi,
            unit: "%".into(),
            polarity: Polarity::HigherIsBetter,
            target: String::new(),
            floor: String::new(),
            actuals: vec![String::new(); MONTHS],
            frequency: Frequency::Monthly,
            measure: Measure::Entered,
            numerators: Vec::new(),
            denominators: Vec::new(),
            year_to_date: String::new(),
            previous_year: String::new(),
            new_indicator: false,
            lower_threshold: String::new(),
            upper_threshold: String::new(),
            commentary: String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    NotDue,
    OnTrack,
    AtRisk,
    Achieved,
    Missed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MilestoneInput {
    pub description: String,
    pub due: String,
    pub achieved: String,
    pub status: MilestoneStatus,
}

impl Default for MilestoneInput {
    fn default() -> Self {
        MilestoneInput {
            description: String::new(),
            due: String::new(),
            achieved: String::new(),
            status: MilestoneStatus::NotDue,
        }
    }
}

const fn col(key: &'static str, label: &'static str, kind: Kind, required: bool) -> FieldDef {
    FieldDef {
        key,
        label: Cow::Borrowed(label),
        hint: Cow::Borrowed(""),
        kind,
        required,
        choices: &[],
    }
}

/// The rest of Section 5, plain tables: breaches, incentives and remedies applied, and
/// relief granted, as the template lists them.
pub const BREACHES_AND_REMEDIES: SectionSchema = SectionSchema {
    section: Section::of(5),
    title: Cow::Borrowed("Operational performance"),
    parts: Cow::Borrowed(&[
        Part::Table(TableDef {
            key: "breaches",
            label: Cow::Borrowed("Breach"),
            hint: Cow::Borrowed("Any breach of the main/material provisions of the contracts. Leave empty if there has been none."),
            row: "breach",
            required: false,
            columns: Cow::Borrowed(&[
                col("date", "Date", Kind::Date, true),
                col("description", "What was breached", Kind::LongText, true),
                col("action", "Action taken", Kind::LongText, false),
            ]),
        }),
        Part::Table(TableDef {
            key: "remedies",
            label: Cow::Borrowed("Incentives, remedies and escalation"),
            hint: Cow::Borrowed("The contractual incentives, remedies and/or escalation applied to breach, to failure to achieve CDIs and KPIs, and to failure to achieve milestones."),
            row: "remedy",
            required: false,
            columns: Cow::Borrowed(&[
                FieldDef { key: "kind", label: Cow::Borrowed("Applied"), hint: Cow::Borrowed(""), kind: Kind::Choice, required: true, choices: &["Incentive", "Remedy", "Escalation"] },
                FieldDef { key: "applied_to", label: Cow::Borrowed("For"), hint: Cow::Borrowed(""), kind: Kind::Choice, required: true, choices: &["Breach", "CDI or KPI", "Milestone"] },
                col("date", "Date", Kind::Date, true),
                col("description", "What was applied", Kind::LongText, true),
                col("amount", "Amount", Kind::Money, false),
            ]),
        }),
        Part::Table(TableDef {
            key: "relief",
            label: Cow::Borrowed("Relief granted to the contractor"),
            hint: Cow::Borrowed("Any relief granted to the contractor. Leave empty if none has been granted."),
            row: "relief",
            required: false,
            columns: Cow::Borrowed(&[
                col("date", "Date", Kind::Date, true),
                col("description", "Relief granted and why", Kind::LongText, true),
                col("amount", "Value", Kind::Money, false),
            ]),
        }),
    ]),
};

/// Section 5 as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct OperationalInput {
    /// The last of the twelve months, "YYYY-MM".
    pub period_end: String,
    pub indicators: Vec<IndicatorInput>,
    pub milestones: Vec<MilestoneInput>,
    /// Breaches, incentives and remedies, relief (see `BREACHES_AND_REMEDIES`).
    pub tables: SectionValues,
}

/// Stored form of one indicator. The dashboard's columns (frequency onwards) are left out
/// of the stored document while they hold nothing, so an indicator kept before they
/// existed is stored, and sealed, exactly as it was (submission format version 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Indicator {
    pub reference: String,
    pub description: String,
    pub kind: IndicatorKind,
    pub unit: String,
    pub polarity: Polarity,
    pub target: Option<f64>,
    pub floor: Option<f64>,
    pub actuals: Vec<Option<f64>>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub frequency: Frequency,
    #[serde(default, skip_serializing_if = "is_default")]
    pub measure: Measure,
    /// Twelve, or none when no counts were entered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numerators: Vec<Option<f64>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub denominators: Vec<Option<f64>>,
    /// As entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_to_date: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_year: Option<f64>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub new_indicator: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_threshold: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper_threshold: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub commentary: String,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// The keys of a stored indicator in submission format version 1. A report whose
/// indicators hold any other key, or an activity indicator, needs version 2.
const FORMAT_1_KEYS: [&str; 8] = [
    "reference",
    "description",
    "kind",
    "unit",
    "polarity",
    "target",
    "floor",
    "actuals",
];

/// Whether a stored Section 5 document (as JSON) uses the Performance Dashboard's columns,
/// which submission format version 2 added: any indicator with a key beyond version 1's,
/// or an activity indicator.
pub fn uses_dashboard_columns(document: &serde_json::Value) -> bool {
    document
        .get("indicators")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|rows| {
            rows.iter().any(|row| {
                row.as_object().is_some_and(|o| {
                    o.keys().any(|k| !FORMAT_1_KEYS.contains(&k.as_str()))
                        || o.get("kind").and_then(serde_json::Value::as_str) == Some("Activity")
                })
            })
        })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Milestone {
    pub description: String,
    pub due: Option<NaiveDate>,
    pub achieved: Option<NaiveDate>,
    pub status: MilestoneStatus,
}

/// Stored form of Section 5.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Operational {
    /// First day of the last of the twelve months.
    pub period_end: Option<NaiveDate>,
    pub indicators: Vec<Indicator>,
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub tables: SectionValues,
}

/// An indicator with the council's ratings worked out.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RatedIndicator {
    #[serde(flatten)]
    pub indicator: Indicator,
    /// The RAG rating of each month; `None` for a gap or when there is no target.
    pub ratings: Vec<Option<Rag>>,
    /// Direction of travel of each month against the one before.
    pub directions: Vec<Option<Direction>>,
    /// The latest month that has an actual: its index, RAG and direction.
    pub latest: Option<usize>,
    /// Months with no actual; for a quarterly indicator, quarters.
    pub gaps: u8,
    /// The indicator's row of the Performance Dashboard.
    pub dashboard: DashboardRow,
}

/// One indicator's row as the council's Performance Dashboard reports it (Performance
/// Dashboard guidance, September 2018): for a KPI or CDI the latest period with its RAG and
/// direction of travel, the year to date with its RAG, and the previous year; for an
/// activity indicator the year to date, "In expected range?" and the previous year's year
/// to date. `None` is printed "N/a".
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct DashboardRow {
    /// The dashboard's heading for the period: "Latest Month" or "Latest Qtr".
    pub latest_heading: String,
    /// The latest period that has a value: "Sep 2026", or a quarter, "Jul to Sep 2026".
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
    pub rag: Option<Rag>,
    /// Against the period before (the month, or the quarter); `None` where there is
    /// nothing to compare.
    pub direction: Option<Direction>,
    /// The financial year the year to date covers, "2026-27".
    pub year: Option<String>,
    pub year_to_date: Option<YearToDate>,
    pub year_to_date_rag: Option<Rag>,
    /// How the year to date is had, in words: worked out from what, entered, or what is
    /// needed to have it.
    pub year_to_date_note: String,
    /// An activity indicator's "In expected range?"; `None` without a range.
    pub alert: Option<ActivityAlert>,
    /// The year to date against the previous year's (activity indicators).
    pub change: Option<Change>,
    /// Off target (the period or the year to date AMBER or RED) or out of its expected
    /// range: the manager's explanation is asked for.
    pub needs_commentary: bool,
    /// The figures as the window and the packs print them (`dashboard::figure`).
    pub text: DashboardText,
}

/// A dashboard row's figures in words: "82%", "1,810", "N/a".
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct DashboardText {
    pub latest: String,
    pub year_to_date: String,
    pub target: String,
    pub floor: String,
    pub previous_year: String,
    pub lower_threshold: String,
    pub upper_threshold: String,
    /// The year to date against the previous year's; "N/a" without one.
    pub change: String,
}

/// Section 5 as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct OperationalView {
    pub period_end: Option<NaiveDate>,
    /// "Oct 2025" … "Sep 2026", oldest first, once the period is set.
    pub months: Vec<String>,
    /// Which of the twelve months close a quarter of the financial year (June, September,
    /// December, March): where a quarterly indicator's values go. Empty until the period
    /// is set.
    pub quarter_ends: Vec<bool>,
    pub indicators: Vec<RatedIndicator>,
    pub milestones: Vec<Milestone>,
    /// How the breach, remedy and relief tables are drawn.
    pub tables_schema: SectionSchema,
    /// The form as it should be shown again (numbers as stored).
    pub input: OperationalInput,
    pub missing: Vec<FieldError>,
    /// Values typed into the form that cannot be saved yet, kept as typed (`crate::kept`).
    pub kept: Vec<crate::kept::KeptValue>,
}

/// The first days of the twelve months ending with `end`, oldest first.
pub fn month_dates(end: NaiveDate) -> Vec<NaiveDate> {
    (0..MONTHS as u32)
        .rev()
        .map(|back| {
            let total = end.year() * 12 + end.month0() as i32 - back as i32;
            NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
                .expect("a real month")
        })
        .collect()
}

/// "Oct 2025" … for the twelve months ending with `end`.
pub fn month_labels(end: NaiveDate) -> Vec<String> {
    month_dates(end)
        .into_iter()
        .map(|d| d.format("%b %Y").to_string())
        .collect()
}

/// June, September, December and March close the quarters of the financial year.
fn is_quarter_end(month: NaiveDate) -> bool {
    month.month().is_multiple_of(3)
}

/// "Jul to Sep 2026": the quarter of the financial year that `month` closes or falls in.
pub fn quarter_label(month: NaiveDate) -> String {
    let start = Frequency::Quarterly.period_of(month);
    let end = start + chrono::Months::new(2);
    format!("{} to {}", start.format("%b"), end.format("%b %Y"))
}

/// "indicator CS05" by its reference, as the form's heading shows it, or "indicator 3"
/// (the `n`th) before it has one.
fn indicator_name(reference: &str, n: usize) -> String {
    match reference.trim() {
        "" => format!("indicator {n}"),
        r => format!("indicator {r}"),
    }
}

fn number_text(v: Option<f64>) -> String {
    v.map(|v| {
        let s = format!("{v}");
        s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
    })
    .unwrap_or_default()
}

/// Twelve month cells as the form shows them, or none when nothing was entered.
fn texts(values: &[Option<f64>]) -> Vec<String> {
    values.iter().map(|v| number_text(*v)).collect()
}

impl OperationalInput {
    /// Refuses what cannot be stored: numbers that are not numbers, a month or date that is
    /// not real, more than twelve actuals, a floor on the wrong side of the target.
    pub fn validate(&self) -> Result<Operational, Vec<FieldError>> {
        let mut e = Vec::new();
        let period_end = if self.period_end.trim().is_empty() {
            None
        } else {
            let m = crate::kernel::dates::parse_month(&self.period_end);
            if m.is_none() {
                e.push(FieldError::new(
                    "period_end",
                    crate::kernel::dates::month_problem(
                        "The twelve months reported",
                        &self.period_end,
                    ),
                ));
            }
            m
        };
        if self.indicators.len() > 200 {
            e.push(FieldError::new(
                "indicators",
                "A report can hold at most 200 indicators",
            ));
        }
        // Months are named as the form's columns name them: "Jan 2026" once the period is
        // known, "Month 4" before.
        let months: Vec<String> = match period_end {
            Some(end) => month_labels(end),
            None => (1..=MONTHS).map(|m| format!("Month {m}")).collect(),
        };
        let mut indicators = Vec::new();
        for (i, row) in self.indicators.iter().enumerate() {
            let f = |name: &str| format!("indicators.{i}.{name}");
            let n = i + 1;
            let name = indicator_name(&row.reference, n);
            let reference = limited(
                &mut e,
                &f("reference"),
                &format!("Indicator {n} reference"),
                &row.reference,
                30,
            );
            let description = limited(
                &mut e,
                &f("description"),
                &format!("Indicator {n} description"),
                &row.description,
                500,
            );
            let unit = limited(
                &mut e,
                &f("unit"),
                &format!("Indicator {n} unit"),
                &row.unit,
                20,
            );
            let target = parse_number(
                &mut e,
                &f("target"),
                &format!("The target of {name}"),
                &row.target,
            );
            let floor = parse_number(
                &mut e,
                &f("floor"),
                &format!("The floor standard of {name}"),
                &row.floor,
            );
            let rated = row.kind != IndicatorKind::Activity;
            if let (true, Some(t), Some(fl)) = (rated, target, floor) {
                let wrong = match row.polarity {
                    Polarity::HigherIsBetter => fl > t,
                    Polarity::LowerIsBetter => fl < t,
                };
                if wrong {
                    e.push(FieldError::new(
                        &f("floor"),
                        match row.polarity {
                            Polarity::HigherIsBetter => format!("The floor standard of {name} must not be above its target when higher is better"),
                            Polarity::LowerIsBetter => format!("The floor standard of {name} must not be below its target when lower is better"),
                        },
                    ));
                }
            }
            if row.actuals.len() > MONTHS {
                e.push(FieldError::new(
                    &f("actuals"),
                    format!("Indicator {n} can have at most twelve monthly actuals"),
                ));
            }
            let mut actuals: Vec<Option<f64>> = (0..MONTHS)
                .map(|m| {
                    row.actuals.get(m).and_then(|t| {
                        parse_number(
                            &mut e,
                            &f(&format!("actuals.{m}")),
                            &format!("{} in {name}", months[m]),
                            t,
                        )
                    })
                })
                .collect();
            actuals.truncate(MONTHS);
            let counts = |texts: &[String], which: &str, e: &mut Vec<FieldError>| {
                if texts.len() > MONTHS {
                    e.push(FieldError::new(
                        &f(which),
                        format!("Indicator {n} can have at most twelve months of counts"),
                    ));
                }
                let label = if which == "numerators" {
                    "The number achieved"
                } else {
                    "The total"
                };
                let v: Vec<Option<f64>> = (0..MONTHS)
                    .map(|m| {
                        texts.get(m).and_then(|t| {
                            parse_number(
                                e,
                                &f(&format!("{which}.{m}")),
                                &format!("{label} for {} in {name}", months[m]),
                                t,
                            )
                        })
                    })
                    .collect();
                if v.iter().all(Option::is_none) {
                    Vec::new()
                } else {
                    v
                }
            };
            let numerators = counts(&row.numerators, "numerators", &mut e);
            let denominators = counts(&row.denominators, "denominators", &mut e);
            for m in 0..MONTHS {
                let n_m = numerators.get(m).copied().flatten();
                let d_m = denominators.get(m).copied().flatten();
                let month = &months[m];
                match (n_m, d_m) {
                    (None, None) => {}
                    (Some(_), None) | (None, Some(_)) => e.push(FieldError::new(
                        &f(&format!(
                            "{}.{m}",
                            if n_m.is_none() {
                                "numerators"
                            } else {
                                "denominators"
                            }
                        )),
                        format!("{month} in {name} needs both the number achieved and the total"),
                    )),
                    (Some(a), Some(t)) => {
                        if a < 0.0 || t <= 0.0 {
                            e.push(FieldError::new(
                                &f(&format!("denominators.{m}")),
                                format!("{month} in {name}: the number achieved must not be negative and the total must be more than 0"),
                            ));
                        } else if a > t {
                            e.push(FieldError::new(
                                &f(&format!("numerators.{m}")),
                                format!("{month} in {name}: the number achieved ({}) must not be more than the total ({})", number_text(Some(a)), number_text(Some(t))),
                            ));
                        } else {
                            // To one decimal place, as the form shows a percentage.
                            let worked = (a / t * 1000.0).round() / 10.0;
                            match actuals[m] {
                                None => actuals[m] = Some(worked),
                                Some(v) if (v - worked).abs() > 0.05 => e.push(FieldError::new(
                                    &f(&format!("actuals.{m}")),
                                    format!("{month} in {name} is {}, but {} of {} is {worked:.1}%: correct one, or clear the percentage", number_text(Some(v)), number_text(Some(a)), number_text(Some(t))),
                                )),
                                Some(_) => {}
                            }
                        }
                    }
                }
            }
            // A percentage of one count over another is 0 to 100.
            if row.measure == Measure::Percentage {
                for (m, v) in actuals.iter().enumerate() {
                    if v.is_some_and(|v| !(0.0..=100.0).contains(&v)) {
                        e.push(FieldError::new(
                            &f(&format!("actuals.{m}")),
                            format!("{} in {name} is a percentage of one count over another, so it must be from 0 to 100", months[m]),
                        ));
                    }
                }
            }
            if let Some(first) = self.indicators[..i].iter().position(|o| {
                !row.reference.trim().is_empty()
                    && o.reference
                        .trim()
                        .eq_ignore_ascii_case(row.reference.trim())
            }) {
                e.push(FieldError::new(
                    &f("reference"),
                    format!(
                        "Indicator {n}'s reference {} is indicator {}'s too: each indicator needs a reference of its own",
                        row.reference.trim(),
                        first + 1
                    ),
                ));
            }
            if row.frequency == Frequency::Quarterly {
                if let Some(end) = period_end {
                    for (m, month) in month_dates(end).into_iter().enumerate() {
                        let has = actuals[m].is_some()
                            || numerators.get(m).copied().flatten().is_some()
                            || denominators.get(m).copied().flatten().is_some();
                        if has && !is_quarter_end(month) {
                            e.push(FieldError::new(
                                &f(&format!("actuals.{m}")),
                                format!("{} is reported quarterly: enter each quarter in its last month (June, September, December or March), not {}", capitalise(&name), months[m]),
                            ));
                        }
                    }
                }
            }
            let year_to_date = parse_number(
                &mut e,
                &f("year_to_date"),
                &format!("The year to date of {name}"),
                &row.year_to_date,
            );
            if row.measure == Measure::Percentage
                && year_to_date.is_some_and(|v| !(0.0..=100.0).contains(&v))
            {
                e.push(FieldError::new(
                    &f("year_to_date"),
                    format!("The year to date of {name} is a percentage of one count over another, so it must be from 0 to 100"),
                ));
            }
            let previous_year = parse_number(
                &mut e,
                &f("previous_year"),
                &format!("The previous year of {name}"),
                &row.previous_year,
            );
            if row.new_indicator && previous_year.is_some() {
                e.push(FieldError::new(
                    &f("previous_year"),
                    format!("{} is marked new this year, so it has no previous year: clear the previous year, or untick new", capitalise(&name)),
                ));
            }
            let lower_threshold = parse_number(
                &mut e,
                &f("lower_threshold"),
                &format!("The lower threshold of {name}"),
                &row.lower_threshold,
            );
            let upper_threshold = parse_number(
                &mut e,
                &f("upper_threshold"),
                &format!("The upper threshold of {name}"),
                &row.upper_threshold,
            );
            if let (Some(l), Some(u)) = (lower_threshold, upper_threshold) {
                if l > u {
                    e.push(FieldError::new(
                        &f("upper_threshold"),
                        format!(
                            "The upper threshold of {name} must not be below its lower threshold"
                        ),
                    ));
                }
            }
            let commentary = limited(
                &mut e,
                &f("commentary"),
                &format!("The commentary on {name}"),
                &row.commentary,
                2000,
            );
            indicators.push(Indicator {
                reference,
                description,
                kind: row.kind,
                unit,
                polarity: row.polarity,
                target,
                floor,
                actuals,
                frequency: row.frequency,
                measure: row.measure,
                numerators,
                denominators,
                year_to_date,
                previous_year,
                new_indicator: row.new_indicator,
                lower_threshold,
                upper_threshold,
                commentary,
            });
        }
        let mut milestones = Vec::new();
        for (i, row) in self.milestones.iter().enumerate() {
            let n = i + 1;
            let f = |name: &str| format!("milestones.{i}.{name}");
            let description = limited(
                &mut e,
                &f("description"),
                &format!("Milestone {n} description"),
                &row.description,
                500,
            );
            let mut date = |name: &str, label: &str, text: &str| {
                let t = text.trim();
                if t.is_empty() {
                    return None;
                }
                let d = parse_date(t);
                if d.is_none() {
                    e.push(FieldError::new(
                        &f(name),
                        crate::kernel::dates::date_problem(&format!("Milestone {n} {label}"), t),
                    ));
                }
                d
            };
            let due = date("due", "due date", &row.due);
            let achieved = date("achieved", "date achieved", &row.achieved);
            milestones.push(Milestone {
                description,
                due,
                achieved,
                status: row.status,
            });
        }
        let tables = BREACHES_AND_REMEDIES
            .validate(&self.tables)
            .unwrap_or_else(|errs| {
                e.extend(errs);
                SectionValues::default()
            });
        if e.is_empty() {
            Ok(Operational {
                period_end,
                indicators,
                milestones,
                tables,
            })
        } else {
            Err(e)
        }
    }
}

impl RatedIndicator {
    /// Rates each month and works out the dashboard's row; `period_end` is the last of
    /// the twelve months (without it there is no latest period or year).
    pub fn rate(indicator: Indicator, period_end: Option<NaiveDate>) -> RatedIndicator {
        let activity = indicator.kind == IndicatorKind::Activity;
        let ratings: Vec<Option<Rag>> = indicator
            .actuals
            .iter()
            .map(|a| {
                indicator
                    .target
                    .filter(|_| !activity)
                    .and_then(|t| rag(*a, t, indicator.floor, indicator.polarity))
            })
            .collect();
        let step = match indicator.frequency {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
        };
        let directions: Vec<Option<Direction>> = (0..indicator.actuals.len())
            .map(|m| {
                m.checked_sub(step).filter(|_| !activity).and_then(|p| {
                    direction(
                        indicator.actuals[p],
                        indicator.actuals[m],
                        indicator.polarity,
                    )
                })
            })
            .collect();
        let latest = indicator.actuals.iter().rposition(Option::is_some);
        let dates = period_end.map(month_dates);
        let periods = match (indicator.frequency, &dates) {
            (Frequency::Quarterly, Some(d)) => d.iter().filter(|m| is_quarter_end(**m)).count(),
            (Frequency::Quarterly, None) => MONTHS / 3,
            (Frequency::Monthly, _) => MONTHS,
        };
        let gaps = periods.saturating_sub(indicator.actuals.iter().flatten().count()) as u8;
        let dashboard = dashboard_row(&indicator, dates.as_deref(), latest, &ratings, &directions);
        RatedIndicator {
            indicator,
            ratings,
            directions,
            latest,
            gaps,
            dashboard,
        }
    }
}

/// The dashboard's row for `ind`, whose months start on `dates` (when known).
fn dashboard_row(
    ind: &Indicator,
    dates: Option<&[NaiveDate]>,
    latest: Option<usize>,
    ratings: &[Option<Rag>],
    directions: &[Option<Direction>],
) -> DashboardRow {
    let activity = ind.kind == IndicatorKind::Activity;
    let frequency = ind.frequency;
    // A month past the twelfth (a document not written by this app) has no date.
    let date = |m: usize| dates.and_then(|d| d.get(m).copied());
    let period_start = |m: usize| date(m).map(|d| frequency.period_of(d));
    let label = |m: usize| {
        date(m).map(|d| match frequency {
            Frequency::Monthly => d.format("%b %Y").to_string(),
            Frequency::Quarterly => quarter_label(d),
        })
    };
    // The year is the financial year of the last of the twelve months: every row of the
    // report is to date in the same year. The year to date runs to the latest period in
    // that year with a value; with none yet (a quarterly indicator in April or May), it is
    // only what was entered.
    let report_year = dates.map(|d| FinancialYear::of(d[MONTHS - 1]));
    let in_report_year =
        |m: usize| period_start(m).is_some_and(|p| report_year.is_some_and(|y| y.contains(p)));
    let at = match latest {
        Some(m) if in_report_year(m) => Some(m),
        Some(_) => (0..MONTHS)
            .rev()
            .find(|m| in_report_year(*m) && ind.actuals.get(*m).copied().flatten().is_some()),
        None => None,
    };
    let ytd_end = at.and_then(period_start);
    let figures: Vec<(NaiveDate, PeriodFigures)> = match dates {
        Some(_) => (0..MONTHS)
            .filter_map(|m| {
                let f = PeriodFigures {
                    value: ind.actuals.get(m).copied().flatten(),
                    numerator: ind.numerators.get(m).copied().flatten(),
                    denominator: ind.denominators.get(m).copied().flatten(),
                };
                (f != PeriodFigures::default())
                    .then(|| period_start(m).map(|d| (d, f)))
                    .flatten()
            })
            .collect(),
        None => Vec::new(),
    };
    let ytd = match ytd_end {
        Some(end) => year_to_date(ind.measure, &figures, end, ind.year_to_date),
        None => ind.year_to_date.map(|value| YearToDate {
            value,
            worked_out: false,
            numerator: None,
            denominator: None,
            periods: 1,
        }),
    };
    let year = report_year.or(ytd_end.map(FinancialYear::of));
    let from = year.map(|y| y.start().format("%b %Y").to_string());
    let to = at.or(latest).and_then(label);
    let span = match (&from, &to) {
        (Some(f), Some(t)) => format!(" from {f} to {t}"),
        _ => String::new(),
    };
    let mut note = match (&ytd, ind.measure) {
        (Some(y), Measure::Count) if y.worked_out && y.periods > 1 && !activity && ind.target.is_some() => format!(
            "Worked out: the sum of the {} periods{span}, rated against {} periods' target ({}) and floor standard ({})",
            y.periods,
            y.periods,
            figure(ind.target.map(|t| t * f64::from(y.periods)), &ind.unit),
            figure(ind.floor.map(|f| f * f64::from(y.periods)), &ind.unit)
        ),
        (Some(y), Measure::Count) if y.worked_out => format!("Worked out: the sum of the periods{span}"),
        (Some(y), Measure::Percentage) if y.worked_out => format!(
            "Worked out: {} of {}{span}",
            figure(y.numerator, ""),
            figure(y.denominator, "")
        ),
        (Some(_), _) => "As entered".to_owned(),
        (None, _) if dates.is_some() && at.is_none() && latest.is_some() => format!(
            "Not yet: no {} of the financial year {} has a value",
            match frequency {
                Frequency::Monthly => "month",
                Frequency::Quarterly => "quarter",
            },
            report_year.map(|y| y.to_string()).unwrap_or_default()
        ),
        (None, Measure::Percentage) => "Not given: enter the year to date, or each month's number achieved and total (a percentage's year to date is not the average of its months)".to_owned(),
        (None, Measure::Count) if dates.is_none() => "Not given: enter the last month reported, or the year to date".to_owned(),
        (None, _) => "Not given: enter the year to date".to_owned(),
    };
    if let (Some(y), Some(entered)) = (&ytd, ind.year_to_date) {
        if y.worked_out && (y.value - entered).abs() > 1e-9 {
            note.push_str(&format!(
                " (the {} entered is not used)",
                figure(Some(entered), &ind.unit)
            ));
        }
    }
    let (rag_now, dir_now) = match latest {
        Some(m) => (ratings[m], directions[m]),
        None => (None, None),
    };
    // A count summed over several periods is rated against that many periods' target and
    // floor standard: a KPI's target is per period.
    let scale = ytd
        .filter(|y| y.worked_out && ind.measure == Measure::Count)
        .map_or(1.0, |y| f64::from(y.periods));
    let ytd_target = ind.target.map(|t| t * scale);
    let ytd_floor = ind.floor.map(|f| f * scale);
    let ytd_rag = ytd_target
        .filter(|_| !activity)
        .and_then(|t| rag(ytd.map(|y| y.value), t, ytd_floor, ind.polarity));
    let alert = ytd
        .filter(|_| activity)
        .and_then(|y| activity_alert(y.value, ind.lower_threshold, ind.upper_threshold));
    let change = ytd.and_then(|y| change_on_previous_year(y.value, ind.previous_year));
    let off = |r: Option<Rag>| matches!(r, Some(Rag::Amber | Rag::Red));
    let needs_commentary = if activity {
        matches!(alert, Some(ActivityAlert::Above | ActivityAlert::Below))
    } else {
        off(rag_now) || off(ytd_rag)
    };
    let unit = ind.unit.as_str();
    let text = DashboardText {
        latest: figure_against(
            latest.and_then(|m| ind.actuals.get(m).copied().flatten()),
            unit,
            &[ind.target, ind.floor],
        ),
        year_to_date: if activity {
            figure_against(
                ytd.map(|y| y.value),
                unit,
                &[ind.lower_threshold, ind.upper_threshold],
            )
        } else {
            figure_against(ytd.map(|y| y.value), unit, &[ytd_target, ytd_floor])
        },
        target: figure(ind.target, unit),
        floor: figure(ind.floor, unit),
        previous_year: figure(ind.previous_year, unit),
        lower_threshold: figure(ind.lower_threshold, unit),
        upper_threshold: figure(ind.upper_threshold, unit),
        change: change
            .map(|c| c.describe(unit))
            .unwrap_or_else(|| NOT_APPLICABLE.to_owned()),
    };
    DashboardRow {
        text,
        latest_heading: frequency.latest_heading().to_owned(),
        latest_period: latest.and_then(label),
        latest_value: latest.and_then(|m| ind.actuals.get(m).copied().flatten()),
        rag: rag_now,
        direction: dir_now,
        year: year.map(|y| y.to_string()),
        year_to_date: ytd,
        year_to_date_rag: ytd_rag,
        year_to_date_note: note,
        alert,
        change,
        needs_commentary,
    }
}

impl Operational {
    /// The financial year of the last month reported.
    pub fn year(&self) -> Option<FinancialYear> {
        self.period_end.map(FinancialYear::of)
    }

    /// Carries the section into a later financial year: what was this year's becomes the
    /// previous year's. Each indicator's year to date (worked out or entered; nothing when
    /// it had none) becomes its previous year, the year to date entered is cleared, and no
    /// indicator is new any more. The previous year is kept to one decimal place, as the
    /// dashboard prints it. The months, targets, ranges and commentary stay, to be
    /// confirmed.
    pub fn roll_year(&mut self) {
        let end = self.period_end;
        for ind in &mut self.indicators {
            let ytd = RatedIndicator::rate(ind.clone(), end)
                .dashboard
                .year_to_date
                // As printed: to one decimal place.
                .map(|y| (y.value * 10.0).round() / 10.0);
            ind.previous_year = ytd;
            ind.year_to_date = None;
            ind.new_indicator = false;
        }
    }

    pub fn view(self) -> OperationalView {
        let mut missing = Vec::new();
        if self.period_end.is_none() {
            missing.push(FieldError::new(
                "period_end",
                "Enter the last month the actuals cover",
            ));
        }
        if self.indicators.is_empty() {
            missing.push(FieldError::new(
                "indicators",
                "Add the contract's KPIs and CDIs",
            ));
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            let n = i + 1;
            if ind.reference.is_empty() || ind.description.is_empty() {
                missing.push(FieldError::new(
                    &format!("indicators.{i}.description"),
                    format!("Give indicator {n} a reference and a description"),
                ));
            }
            if ind.target.is_none() && ind.kind != IndicatorKind::Activity {
                missing.push(FieldError::new(
                    &format!("indicators.{i}.target"),
                    format!("Enter the target for indicator {n}"),
                ));
            }
        }
        let rated: Vec<RatedIndicator> = self
            .indicators
            .iter()
            .map(|i| RatedIndicator::rate(i.clone(), self.period_end))
            .collect();
        for (i, r) in rated.iter().enumerate() {
            let ind = &r.indicator;
            if r.dashboard.needs_commentary && ind.commentary.is_empty() {
                let name = indicator_name(&ind.reference, i + 1);
                missing.push(FieldError::new(
                    &format!("indicators.{i}.commentary"),
                    if ind.kind == IndicatorKind::Activity {
                        format!("Explain why {name} is outside its expected range: the pack prints it under the table")
                    } else {
                        format!("Explain why {name} is off target: the pack prints it under the table")
                    },
                ));
            }
        }
        for (i, m) in self.milestones.iter().enumerate() {
            if m.description.is_empty() || m.due.is_none() {
                missing.push(FieldError::new(
                    &format!("milestones.{i}.description"),
                    format!("Give milestone {} a description and a due date", i + 1),
                ));
            }
        }
        // Stored documents from before these tables existed get them empty.
        let tables = BREACHES_AND_REMEDIES
            .validate(&self.tables)
            .unwrap_or_default();
        missing.extend(BREACHES_AND_REMEDIES.missing(&tables));
        let input = OperationalInput {
            tables,
            period_end: self
                .period_end
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default(),
            indicators: self
                .indicators
                .iter()
                .map(|ind| IndicatorInput {
                    reference: ind.reference.clone(),
                    description: ind.description.clone(),
                    kind: ind.kind,
                    unit: ind.unit.clone(),
                    polarity: ind.polarity,
                    target: number_text(ind.target),
                    floor: number_text(ind.floor),
                    actuals: ind.actuals.iter().map(|a| number_text(*a)).collect(),
                    frequency: ind.frequency,
                    measure: ind.measure,
                    numerators: texts(&ind.numerators),
                    denominators: texts(&ind.denominators),
                    year_to_date: number_text(ind.year_to_date),
                    previous_year: number_text(ind.previous_year),
                    new_indicator: ind.new_indicator,
                    lower_threshold: number_text(ind.lower_threshold),
                    upper_threshold: number_text(ind.upper_threshold),
                    commentary: ind.commentary.clone(),
                })
                .collect(),
            milestones: self
                .milestones
                .iter()
                .map(|m| MilestoneInput {
                    description: m.description.clone(),
                    due: m.due.map(|d| d.to_string()).unwrap_or_default(),
                    achieved: m.achieved.map(|d| d.to_string()).unwrap_or_default(),
                    status: m.status,
                })
                .collect(),
        };
        OperationalView {
            months: self.period_end.map(month_labels).unwrap_or_default(),
            quarter_ends: self
                .period_end
                .map(|end| month_dates(end).into_iter().map(is_quarter_end).collect())
                .unwrap_or_default(),
            period_end: self.period_end,
            indicators: rated,
            milestones: self.milestones,
            tables_schema: BREACHES_AND_REMEDIES,
            input,
            missing,
            kept: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cs05() -> IndicatorInput {
        // CS05 from the council's dashboard: calls answered in 40 seconds, target 80%, floor 70%.
        IndicatorInput {
            reference: "CS05".into(),
            description: "Percentage of calls to Contact Point answered in 40 seconds".into(),
            target: "80%".into(),
            floor: "70".into(),
            actuals: ["75", "78", "", "82", "82", "69", "", "", "", "", "", "81.5"]
                .map(String::from)
                .to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn months_are_rated_with_gaps_and_direction_of_travel() {
        let op = OperationalInput {
            period_end: "2026-09".into(),
            indicators: vec![cs05()],
            ..Default::default()
        }
        .validate()
        .unwrap();
        let v = op.view();
        assert_eq!(v.months.first().unwrap(), "Oct 2025");
        assert_eq!(v.months.last().unwrap(), "Sep 2026");
        let r = &v.indicators[0];
        use Rag::*;
        assert_eq!(
            r.ratings,
            vec![
                Some(Amber),
                Some(Amber),
                None,
                Some(Green),
                Some(Green),
                Some(Red),
                None,
                None,
                None,
                None,
                None,
                Some(Green)
            ]
        );
        assert_eq!(r.directions[1], Some(Direction::Improved));
        assert_eq!(r.directions[3], None, "no direction across a gap");
        assert_eq!(r.directions[4], Some(Direction::Same));
        assert_eq!(r.directions[5], Some(Direction::Worsened));
        assert_eq!(r.latest, Some(11));
        assert_eq!(r.gaps, 6);
        assert!(v.missing.is_empty());
        assert_eq!(v.input.indicators[0].actuals[11], "81.5");
        assert_eq!(v.input.indicators[0].target, "80");
    }

    #[test]
    fn lower_is_better_and_no_floor() {
        let row = IndicatorInput {
            reference: "FN01".into(),
            description: "Days to pay invoices".into(),
            unit: "days".into(),
            polarity: Polarity::LowerIsBetter,
            target: "20".into(),
            floor: String::new(),
            actuals: vec!["19".into(), "21".into()],
            ..Default::default()
        };
        let op = OperationalInput {
            indicators: vec![row],
            ..Default::default()
        }
        .validate()
        .unwrap();
        let r = &op.view().indicators[0];
        assert_eq!(r.ratings[0], Some(Rag::Green));
        assert_eq!(r.ratings[1], Some(Rag::Red));
        assert_eq!(r.directions[1], Some(Direction::Worsened));
    }

    #[test]
    fn bad_numbers_and_a_floor_above_target_are_refused_naming_the_cell() {
        let mut row = cs05();
        row.actuals[3] = "eighty".into();
        row.floor = "85".into();
        let errs = OperationalInput {
            period_end: "2026-13".into(),
            indicators: vec![row],
            milestones: vec![MilestoneInput {
                due: "31/02/2026".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "period_end",
                "indicators.0.floor",
                "indicators.0.actuals.3",
                "milestones.0.due"
            ]
        );
        // Before the period is known the months are named as the form's columns are.
        assert_eq!(
            errs[2].message,
            "Month 4 in indicator CS05 needs a number, like 95 or 95.5"
        );
        let mut known = OperationalInput {
            period_end: "2026-03".into(),
            indicators: vec![cs05()],
            ..Default::default()
        };
        known.indicators[0].actuals[9] = "n/a".into();
        let errs = known.validate().unwrap_err();
        assert_eq!(
            errs[0].message,
            "Jan 2026 in indicator CS05 needs a number, like 95 or 95.5"
        );
    }

    #[test]
    fn an_empty_section_says_what_it_needs() {
        let v = Operational::default().view();
        let fields: Vec<_> = v.missing.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["period_end", "indicators"]);
        let v = OperationalInput {
            indicators: vec![IndicatorInput::default()],
            ..Default::default()
        }
        .validate()
        .unwrap()
        .view();
        assert_eq!(v.missing.len(), 3);
    }

    #[test]
    fn breaches_remedies_and_relief_are_checked_and_kept() {
        let mut tables = SectionValues::default();
        tables.tables.insert(
            "remedies".into(),
            vec![[
                ("kind", "remedy"),
                ("applied_to", "CDI or KPI"),
                ("date", "01/03/2026"),
                ("description", "Service credit for CS05"),
                ("amount", "£12,500"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()],
        );
        let v = OperationalInput {
            tables: tables.clone(),
            ..Default::default()
        }
        .validate()
        .unwrap()
        .view();
        let row = &v.input.tables.tables["remedies"][0];
        assert_eq!(row["kind"], "Remedy");
        assert_eq!(row["amount"], "£12,500.00");
        assert_eq!(row["date"], "2026-03-01");
        tables.tables.get_mut("remedies").unwrap()[0].insert("amount".into(), "-5".into());
        let errs = OperationalInput {
            tables,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(errs[0].field, "remedies.0.amount");
        assert_eq!(errs[0].message, "Remedy 1 amount must not be negative");
    }

    /// A row of the dashboard as typed: `actuals` are (month of the twelve ending
    /// September 2026, value) pairs.
    fn typed(reference: &str, actuals: &[(usize, &str)]) -> IndicatorInput {
        let mut row = IndicatorInput {
            reference: reference.into(),
            description: format!("{reference} from the conventions file"),
            ..Default::default()
        };
        for (m, v) in actuals {
            row.actuals[*m] = (*v).into();
        }
        row
    }

    fn rated(rows: Vec<IndicatorInput>) -> OperationalView {
        OperationalInput {
            period_end: "2026-09".into(),
            indicators: rows,
            ..Default::default()
        }
        .validate()
        .unwrap()
        .view()
    }

    // The twelve months end September 2026: index 11 is Sep 2026, 6 is Apr 2026 (the
    // first month of 2026-27), 8 is Jun 2026 and 5 is Mar 2026.

    #[test]
    fn a_monthly_kpi_has_the_dashboards_row_cs05() {
        // CS05: latest month 82% (GREEN), up on the month before, year to date 75%
        // (entered: AMBER), target 80%, floor 70%, previous year 70%.
        let mut row = typed("CS05", &[(10, "78"), (11, "82")]);
        row.target = "80%".into();
        row.floor = "70%".into();
        row.year_to_date = "75%".into();
        row.previous_year = "70%".into();
        let v = rated(vec![row]);
        let d = &v.indicators[0].dashboard;
        assert_eq!(d.latest_heading, "Latest Month");
        assert_eq!(d.latest_period.as_deref(), Some("Sep 2026"));
        assert_eq!(d.latest_value, Some(82.0));
        assert_eq!(d.rag, Some(Rag::Green));
        assert_eq!(d.direction, Some(Direction::Improved));
        assert_eq!(d.year.as_deref(), Some("2026-27"));
        assert_eq!(d.year_to_date.unwrap().value, 75.0);
        assert_eq!(d.year_to_date_note, "As entered");
        assert_eq!(d.year_to_date_rag, Some(Rag::Amber));
        assert!(d.needs_commentary, "the year to date is off target");
        assert_eq!(
            v.missing[0].message,
            "Explain why indicator CS05 is off target: the pack prints it under the table"
        );
    }

    #[test]
    fn a_percentages_year_to_date_is_worked_out_from_its_counts() {
        // April to September, 2026-27; March belongs to last year and is not counted.
        let mut row = typed("CS04", &[]);
        row.measure = Measure::Percentage;
        row.target = "95".into();
        row.floor = "80".into();
        row.numerators = vec![String::new(); MONTHS];
        row.denominators = vec![String::new(); MONTHS];
        for (m, n, d) in [(5, 10, 100), (10, 900, 1000), (11, 980, 1000)] {
            row.numerators[m] = n.to_string();
            row.denominators[m] = d.to_string();
        }
        let v = rated(vec![row]);
        let r = &v.indicators[0];
        // The month's percentage is worked out from its counts where it is left empty.
        assert_eq!(r.indicator.actuals[11], Some(98.0));
        assert_eq!(v.input.indicators[0].actuals[10], "90");
        let ytd = r.dashboard.year_to_date.unwrap();
        assert_eq!(ytd.value, 94.0, "1,880 of 2,000, not last March's 10%");
        assert!(ytd.worked_out);
        assert_eq!(
            r.dashboard.year_to_date_note,
            "Worked out: 1,880 of 2,000 from Apr 2026 to Sep 2026"
        );
        assert_eq!(r.dashboard.year_to_date_rag, Some(Rag::Amber));

        // Without the counts the form says what is needed.
        let mut bare = typed("CS04", &[(11, "98")]);
        bare.measure = Measure::Percentage;
        let v = rated(vec![bare]);
        assert!(v.indicators[0].dashboard.year_to_date.is_none());
        assert!(v.indicators[0]
            .dashboard
            .year_to_date_note
            .starts_with("Not given: enter the year to date, or each month's number achieved"));
    }

    #[test]
    fn a_quarterly_kpi_compares_quarter_with_quarter_cs07_and_hr25() {
        // CS07: 88% in the quarter to June, 84% in the quarter to September: AMBER and
        // worsened, target 85%, floor 80%, previous year 88%.
        let mut cs07 = typed("CS07", &[(8, "88"), (11, "84")]);
        cs07.frequency = Frequency::Quarterly;
        cs07.target = "85".into();
        cs07.floor = "80".into();
        cs07.year_to_date = "84".into();
        cs07.previous_year = "88".into();
        cs07.commentary = "Two complaints were late in August.".into();
        // HR25, new this year: 100% in its only quarter; no direction and no previous year.
        let mut hr25 = typed("HR25", &[(11, "100")]);
        hr25.frequency = Frequency::Quarterly;
        hr25.target = "90".into();
        hr25.floor = "85".into();
        hr25.year_to_date = "100".into();
        hr25.new_indicator = true;
        let v = rated(vec![cs07, hr25]);
        let (cs07, hr25) = (&v.indicators[0], &v.indicators[1]);
        assert_eq!(cs07.dashboard.latest_heading, "Latest Qtr");
        assert_eq!(
            cs07.dashboard.latest_period.as_deref(),
            Some("Jul to Sep 2026")
        );
        assert_eq!(cs07.dashboard.rag, Some(Rag::Amber));
        assert_eq!(cs07.dashboard.direction, Some(Direction::Worsened));
        assert_eq!(cs07.dashboard.year_to_date_rag, Some(Rag::Amber));
        assert_eq!(cs07.gaps, 2, "two of the four quarters have no figure");
        assert_eq!(hr25.dashboard.rag, Some(Rag::Green));
        assert_eq!(hr25.dashboard.direction, None);
        assert_eq!(hr25.dashboard.year_to_date_rag, Some(Rag::Green));
        assert!(hr25.indicator.new_indicator);
        assert_eq!(hr25.indicator.previous_year, None);
        assert!(v.missing.is_empty(), "{:?}", v.missing);
    }

    #[test]
    fn a_quarterly_value_goes_in_the_last_month_of_its_quarter() {
        let mut row = typed("CS07", &[(10, "84")]);
        row.frequency = Frequency::Quarterly;
        let errs = OperationalInput {
            period_end: "2026-09".into(),
            indicators: vec![row],
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(errs[0].field, "indicators.0.actuals.10");
        assert_eq!(
            errs[0].message,
            "Indicator CS07 is reported quarterly: enter each quarter in its last month (June, September, December or March), not Aug 2026"
        );
    }

    /// Every row of a report is to date in the report's own financial year: in May 2026 no
    /// quarter of 2026-27 has ended, so a quarterly KPI has no year to date yet, however
    /// well its last quarter of 2025-26 went (helper trial, 1 December 2026).
    #[test]
    fn a_quarterly_kpi_has_no_year_to_date_before_a_quarter_of_the_year_ends() {
        // Twelve months to May 2026: index 9 is Mar 2026, 11 is May 2026.
        let mut row = typed("KPI6", &[(3, "94"), (6, "96"), (9, "97")]);
        row.frequency = Frequency::Quarterly;
        row.measure = Measure::Percentage;
        row.target = "95".into();
        row.floor = "90".into();
        let view = OperationalInput {
            period_end: "2026-05".into(),
            indicators: vec![row],
            ..Default::default()
        }
        .validate()
        .unwrap()
        .view();
        let d = &view.indicators[0].dashboard;
        assert_eq!(d.year.as_deref(), Some("2026-27"));
        assert_eq!(d.latest_period.as_deref(), Some("Jan to Mar 2026"));
        assert_eq!(d.rag, Some(Rag::Green), "the latest quarter is still rated");
        assert_eq!(d.year_to_date, None);
        assert_eq!(d.year_to_date_rag, None);
        assert_eq!(d.text.year_to_date, NOT_APPLICABLE);
        assert_eq!(
            d.year_to_date_note,
            "Not yet: no quarter of the financial year 2026-27 has a value"
        );
    }

    /// A figure is printed with the decimals it takes not to contradict its rating.
    #[test]
    fn a_latest_month_just_short_of_its_target_does_not_print_as_the_target() {
        let mut row = typed("KPI1", &[(11, "94.975")]);
        row.target = "95".into();
        row.floor = "90".into();
        let d = rated(vec![row]).indicators[0].dashboard.clone();
        assert_eq!(d.rag, Some(Rag::Amber));
        assert_eq!(d.text.latest, "94.98%");
    }

    #[test]
    fn a_lower_is_better_kpi_sums_its_year_and_rates_it() {
        // Days lost to sickness: counted, lower is better, target 5 days a month, floor 7.
        // The year to date sums the months, so it is rated against as many months' target
        // and floor (helper trial, 1 December 2026: a summed count was rated against one
        // month's target).
        let mut row = typed(
            "HR12",
            &[
                (5, "9"),
                (6, "5"),
                (7, "6"),
                (8, "7"),
                (9, "8"),
                (10, "4"),
                (11, "5"),
            ],
        );
        row.polarity = Polarity::LowerIsBetter;
        row.unit = "days".into();
        row.measure = Measure::Count;
        row.target = "5".into();
        row.floor = "7".into();
        row.previous_year = "41".into();
        let d = rated(vec![row]).indicators[0].dashboard.clone();
        assert_eq!(d.year_to_date.unwrap().value, 35.0, "April to September");
        assert_eq!(d.year_to_date.unwrap().periods, 6);
        assert_eq!(
            d.year_to_date_rag,
            Some(Rag::Amber),
            "35 days: over 30, within 42"
        );
        assert!(
            d.year_to_date_note
                .contains("rated against 6 periods' target (30 days) and floor standard (42 days)"),
            "{}",
            d.year_to_date_note
        );
        assert_eq!(d.rag, Some(Rag::Green), "5 days is within the month's 5");
        assert_eq!(d.direction, Some(Direction::Worsened), "4 to 5 days");
        assert_eq!(d.change.unwrap().difference, -6.0);
        assert_eq!(d.text.year_to_date, "35 days");
        assert_eq!(d.text.change, "6 days less than last year (14.6%)");
    }

    #[test]
    fn an_activity_indicator_is_never_rated_and_is_held_to_its_range_cs08() {
        // CS08, calls answered (000s): 204 in April to September against 142 to 174,
        // Above; previous year's year to date 196.
        let mut row = typed(
            "CS08",
            &[
                (6, "30"),
                (7, "33"),
                (8, "35"),
                (9, "36"),
                (10, "34"),
                (11, "36"),
            ],
        );
        row.kind = IndicatorKind::Activity;
        row.unit = "000s".into();
        row.measure = Measure::Count;
        row.lower_threshold = "142".into();
        row.upper_threshold = "174".into();
        row.previous_year = "196".into();
        let v = rated(vec![row.clone()]);
        let r = &v.indicators[0];
        assert!(r.ratings.iter().all(Option::is_none));
        assert!(r.directions.iter().all(Option::is_none));
        assert_eq!(r.dashboard.rag, None);
        assert_eq!(r.dashboard.year_to_date.unwrap().value, 204.0);
        assert_eq!(r.dashboard.alert, Some(ActivityAlert::Above));
        assert_eq!(r.dashboard.change.unwrap().difference, 8.0);
        assert_eq!(r.dashboard.text.year_to_date, "204 000s");
        assert_eq!(r.dashboard.text.target, "N/a");
        assert_eq!(
            v.missing.iter().map(|m| m.message.as_str()).collect::<Vec<_>>(),
            ["Explain why indicator CS08 is outside its expected range: the pack prints it under the table"],
            "no target is asked of an activity indicator"
        );
        // Without a range: only the comparison with the previous year.
        row.lower_threshold.clear();
        row.upper_threshold.clear();
        let v = rated(vec![row]);
        assert_eq!(v.indicators[0].dashboard.alert, None);
        assert!(v.missing.is_empty());
    }

    #[test]
    fn counts_that_disagree_a_new_indicator_with_a_previous_year_and_a_range_upside_down_are_refused(
    ) {
        let mut row = typed("CS05", &[(11, "82")]);
        row.numerators = vec![String::new(); MONTHS];
        row.denominators = vec![String::new(); MONTHS];
        row.numerators[11] = "400".into();
        row.denominators[11] = "500".into();
        row.numerators[10] = "12".into();
        row.new_indicator = true;
        row.previous_year = "70".into();
        row.lower_threshold = "10".into();
        row.upper_threshold = "5".into();
        let errs = OperationalInput {
            period_end: "2026-09".into(),
            indicators: vec![row],
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("indicators.0.denominators.10", "Aug 2026 in indicator CS05 needs both the number achieved and the total"),
                ("indicators.0.actuals.11", "Sep 2026 in indicator CS05 is 82, but 400 of 500 is 80.0%: correct one, or clear the percentage"),
                ("indicators.0.previous_year", "Indicator CS05 is marked new this year, so it has no previous year: clear the previous year, or untick new"),
                ("indicators.0.upper_threshold", "The upper threshold of indicator CS05 must not be below its lower threshold"),
            ]
        );
    }

    #[test]
    fn an_indicator_without_the_dashboards_columns_is_stored_as_before() {
        let plain = OperationalInput {
            period_end: "2026-09".into(),
            indicators: vec![cs05()],
            ..Default::default()
        }
        .validate()
        .unwrap();
        let json = serde_json::to_value(&plain).unwrap();
        let keys: Vec<&str> = json["indicators"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = FORMAT_1_KEYS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert!(!uses_dashboard_columns(&json));
        let mut quarterly = cs05();
        quarterly.frequency = Frequency::Quarterly;
        quarterly.actuals = vec![String::new(); MONTHS];
        let op = OperationalInput {
            indicators: vec![quarterly],
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert!(uses_dashboard_columns(&serde_json::to_value(&op).unwrap()));
        let activity = serde_json::json!({"indicators": [{"kind": "Activity"}]});
        assert!(uses_dashboard_columns(&activity));
    }

    #[test]
    fn rolling_the_year_makes_this_years_the_previous_years() {
        let mut count = typed("CS08", &[(6, "30"), (11, "40")]);
        count.kind = IndicatorKind::Activity;
        count.measure = Measure::Count;
        count.previous_year = "196".into();
        let mut entered = typed("HR25", &[(11, "100")]);
        entered.year_to_date = "97".into();
        entered.new_indicator = true;
        let none = typed("FN01", &[]);
        let mut op = OperationalInput {
            period_end: "2026-09".into(),
            indicators: vec![count, entered, none],
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(op.year(), Some(FinancialYear(2026)));
        op.roll_year();
        let got: Vec<(Option<f64>, Option<f64>, bool)> = op
            .indicators
            .iter()
            .map(|i| (i.previous_year, i.year_to_date, i.new_indicator))
            .collect();
        assert_eq!(
            got,
            [
                (Some(70.0), None, false),
                (Some(97.0), None, false),
                (None, None, false)
            ]
        );
        assert_eq!(op.indicators[0].actuals[11], Some(40.0), "the months stay");
    }

    #[test]
    fn month_labels_cross_the_year() {
        let labels = month_labels(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap());
        assert_eq!(labels[0], "Mar 2025");
        assert_eq!(labels[10], "Jan 2026");
        assert_eq!(labels[11], "Feb 2026");
    }
}
