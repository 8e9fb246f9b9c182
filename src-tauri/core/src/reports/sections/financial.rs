//! Section 6, financial performance: the expected monthly payment profile at contract
//! award for the previous twelve and the next twelve months, set against the actual
//! payments made and the forecast; the variance, worked out, and its causes.

use crate::kernel::error::FieldError;
use crate::kernel::money::Pence;
use crate::reports::sections::operational::month_labels;
use crate::reports::sections::values::limited;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

pub const MONTHS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VarianceCause {
    Volume,
    Variation,
    Claims,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CauseInput {
    pub cause: VarianceCause,
    /// Pounds, never negative: `reduces` says the cause lowered spend.
    pub amount: String,
    pub reduces: bool,
    pub explanation: String,
}

impl Default for CauseInput {
    fn default() -> Self {
        CauseInput {
            cause: VarianceCause::Volume,
            amount: String::new(),
            reduces: false,
            explanation: String::new(),
        }
    }
}

/// Section 6 as typed: amounts in pounds, twelve months each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct FinancialInput {
    /// The last month with actual payments, "YYYY-MM".
    pub period_end: String,
    pub expected_previous: Vec<String>,
    pub actual: Vec<String>,
    pub expected_next: Vec<String>,
    pub forecast: Vec<String>,
    pub causes: Vec<CauseInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Cause {
    pub cause: VarianceCause,
    /// Signed: negative when the cause reduced spend.
    pub amount: Option<Pence>,
    pub explanation: String,
}

/// Stored form of Section 6.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Financial {
    pub period_end: Option<NaiveDate>,
    pub expected_previous: Vec<Option<Pence>>,
    pub actual: Vec<Option<Pence>>,
    pub expected_next: Vec<Option<Pence>>,
    pub forecast: Vec<Option<Pence>>,
    pub causes: Vec<Cause>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Totals {
    pub expected: Pence,
    /// Actual payments for the previous twelve months; the forecast for the next twelve.
    pub paid_or_forecast: Pence,
    /// Actual (or forecast) less expected: positive means more was, or will be, paid.
    pub variance: Pence,
    /// The variance as a percentage of the expected total, to one decimal place.
    pub variance_percent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FinancialView {
    pub period_end: Option<NaiveDate>,
    /// Labels for the previous twelve months, then the next twelve.
    pub previous_months: Vec<String>,
    pub next_months: Vec<String>,
    /// Variance per month, where both figures are there.
    pub previous_variance: Vec<Option<Pence>>,
    pub next_variance: Vec<Option<Pence>>,
    pub previous: Totals,
    pub next: Totals,
    /// The causes explained add up to this; the rest of the variance is unexplained.
    pub explained: Pence,
    pub unexplained: Pence,
    pub input: FinancialInput,
    pub missing: Vec<FieldError>,
    /// Values typed into the form that cannot be saved yet, kept as typed (`crate::kept`).
    pub kept: Vec<crate::kept::KeptValue>,
}

/// The previous twelve months and the next twelve, named as the form's columns name them:
/// "Oct 2025" once the last month with actual payments is known, else "month 4 of the
/// previous 12 months".
fn month_names(period_end: Option<NaiveDate>) -> (Vec<String>, Vec<String>) {
    match period_end {
        Some(end) => {
            let last_next = (0..MONTHS).fold(end, |d, _| next_month(d));
            (month_labels(end), month_labels(last_next))
        }
        None => {
            let of = |half: &str| {
                (1..=MONTHS)
                    .map(|m| format!("month {m} of the {half} 12 months"))
                    .collect()
            };
            (of("previous"), of("next"))
        }
    }
}

/// One row of the payment profile; `label` is the row as the form heads it and `months`
/// the columns, so a refusal reads "Actual payments for Jan 2026 needs an amount…".
fn months_of(
    e: &mut Vec<FieldError>,
    key: &str,
    label: &str,
    months: &[String],
    texts: &[String],
) -> Vec<Option<Pence>> {
    if texts.len() > MONTHS {
        e.push(FieldError::new(
            key,
            format!("{label} can have at most twelve months"),
        ));
    }
    (0..MONTHS)
        .map(|m| {
            let t = texts.get(m).map(|s| s.trim()).unwrap_or("");
            if t.is_empty() {
                return None;
            }
            match Pence::parse_pounds(t) {
                Ok(p) => Some(p),
                Err(rule) => {
                    e.push(FieldError::new(
                        &format!("{key}.{m}"),
                        rule.sentence(&format!("{label} for {}", months[m])),
                    ));
                    None
                }
            }
        })
        .collect()
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + 1;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
        .expect("a real month")
}

fn input_text(v: &[Option<Pence>]) -> Vec<String> {
    v.iter()
        .map(|p| p.map(|p| p.to_string()).unwrap_or_default())
        .collect()
}

fn totals(expected: &[Option<Pence>], other: &[Option<Pence>]) -> Totals {
    let sum = |v: &[Option<Pence>]| Pence(v.iter().flatten().map(|p| p.0).sum());
    let (exp, oth) = (sum(expected), sum(other));
    let variance = Pence(oth.0 - exp.0);
    Totals {
        expected: exp,
        paid_or_forecast: oth,
        variance,
        variance_percent: (exp.0 > 0)
            .then(|| format!("{:.1}%", variance.0 as f64 * 100.0 / exp.0 as f64)),
    }
}

fn per_month(expected: &[Option<Pence>], other: &[Option<Pence>]) -> Vec<Option<Pence>> {
    expected
        .iter()
        .zip(other)
        .map(|(e, o)| Some(Pence(o.as_ref()?.0 - e.as_ref()?.0)))
        .collect()
}

impl FinancialInput {
    pub fn validate(&self) -> Result<Financial, Vec<FieldError>> {
        let mut e = Vec::new();
        let period_end = if self.period_end.trim().is_empty() {
            None
        } else {
            let d = crate::kernel::dates::parse_month(&self.period_end);
            if d.is_none() {
                e.push(FieldError::new(
                    "period_end",
                    crate::kernel::dates::month_problem(
                        "The last month with actual payments",
                        &self.period_end,
                    ),
                ));
            }
            d
        };
        let (previous, next) = month_names(period_end);
        let expected_previous = months_of(
            &mut e,
            "expected_previous",
            "Expected at award",
            &previous,
            &self.expected_previous,
        );
        let actual = months_of(&mut e, "actual", "Actual payments", &previous, &self.actual);
        let expected_next = months_of(
            &mut e,
            "expected_next",
            "Expected at award",
            &next,
            &self.expected_next,
        );
        let forecast = months_of(
            &mut e,
            "forecast",
            "Forecast payments",
            &next,
            &self.forecast,
        );
        if self.causes.len() > 50 {
            e.push(FieldError::new("causes", "At most 50 causes of variance"));
        }
        let causes = self
            .causes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let amount = match c.amount.trim() {
                    "" => None,
                    t => match Pence::parse_pounds(t) {
                        Ok(p) => Some(if c.reduces { Pence(-p.0) } else { p }),
                        Err(rule) => {
                            e.push(FieldError::new(
                                &format!("causes.{i}.amount"),
                                rule.sentence(&format!("Cause {} amount", i + 1)),
                            ));
                            None
                        }
                    },
                };
                Cause {
                    cause: c.cause,
                    amount,
                    explanation: limited(
                        &mut e,
                        &format!("causes.{i}.explanation"),
                        &format!("Cause {} explanation", i + 1),
                        &c.explanation,
                        5000,
                    ),
                }
            })
            .collect();
        if e.is_empty() {
            Ok(Financial {
                period_end,
                expected_previous,
                actual,
                expected_next,
                forecast,
                causes,
            })
        } else {
            Err(e)
        }
    }
}

impl Financial {
    pub fn view(self) -> FinancialView {
        let mut missing = Vec::new();
        let pad = |v: &[Option<Pence>]| {
            let mut v = v.to_vec();
            v.resize(MONTHS, None);
            v
        };
        let (ep, ac, en, fc) = (
            pad(&self.expected_previous),
            pad(&self.actual),
            pad(&self.expected_next),
            pad(&self.forecast),
        );
        if self.period_end.is_none() {
            missing.push(FieldError::new(
                "period_end",
                "Enter the last month with actual payments",
            ));
        }
        for (key, v, what) in [
            (
                "expected_previous",
                &ep,
                "the expected payment profile for the previous 12 months",
            ),
            (
                "actual",
                &ac,
                "the actual payments for the previous 12 months",
            ),
            (
                "expected_next",
                &en,
                "the expected payment profile for the next 12 months",
            ),
            (
                "forecast",
                &fc,
                "the forecast payments for the next 12 months",
            ),
        ] {
            let gaps = v.iter().filter(|p| p.is_none()).count();
            if gaps > 0 {
                missing.push(FieldError::new(
                    key,
                    format!("Complete {what} ({gaps} months blank)"),
                ));
            }
        }
        let previous = totals(&ep, &ac);
        let next = totals(&en, &fc);
        let explained = Pence(
            self.causes
                .iter()
                .filter_map(|c| c.amount)
                .map(|p| p.0)
                .sum(),
        );
        let unexplained = Pence(previous.variance.0 - explained.0);
        if previous.variance.0 != 0 && self.causes.iter().all(|c| c.explanation.is_empty()) {
            missing.push(FieldError::new(
                "causes",
                "Explain what caused the variance between contracted and actual spend",
            ));
        }
        let (previous_months, next_months) = match self.period_end {
            Some(_) => month_names(self.period_end),
            None => (Vec::new(), Vec::new()),
        };
        FinancialView {
            period_end: self.period_end,
            previous_months,
            next_months,
            previous_variance: per_month(&ep, &ac),
            next_variance: per_month(&en, &fc),
            previous,
            next,
            explained,
            unexplained,
            input: FinancialInput {
                period_end: self
                    .period_end
                    .map(|d| d.format("%Y-%m").to_string())
                    .unwrap_or_default(),
                expected_previous: input_text(&ep),
                actual: input_text(&ac),
                expected_next: input_text(&en),
                forecast: input_text(&fc),
                causes: self
                    .causes
                    .iter()
                    .map(|c| CauseInput {
                        cause: c.cause,
                        amount: c
                            .amount
                            .map(|p| Pence(p.0.abs()).to_string())
                            .unwrap_or_default(),
                        reduces: c.amount.is_some_and(|p| p.0 < 0),
                        explanation: c.explanation.clone(),
                    })
                    .collect(),
            },
            missing,
            kept: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn twelve(v: &str) -> Vec<String> {
        vec![v.to_owned(); 12]
    }

    #[test]
    fn variance_per_month_and_in_total() {
        let mut input = FinancialInput {
            period_end: "2026-09".into(),
            expected_previous: twelve("500,000"),
            actual: twelve("520000"),
            expected_next: twelve("500000"),
            forecast: twelve("490000"),
            causes: vec![CauseInput {
                cause: VarianceCause::Volume,
                amount: "240,000".into(),
                reduces: false,
                explanation: "More residents placed than forecast".into(),
            }],
        };
        input.actual[0] = String::new();
        let v = input.validate().unwrap().view();
        assert_eq!(v.previous_months[0], "Oct 2025");
        assert_eq!(v.next_months[0], "Oct 2026");
        assert_eq!(v.next_months[11], "Sep 2027");
        assert_eq!(v.previous_variance[0], None);
        assert_eq!(v.previous_variance[1], Some(Pence(2_000_000)));
        assert_eq!(v.previous.expected, Pence(600_000_000));
        assert_eq!(v.previous.paid_or_forecast, Pence(572_000_000));
        assert_eq!(v.previous.variance, Pence(-28_000_000));
        assert_eq!(v.previous.variance_percent.as_deref(), Some("-4.7%"));
        assert_eq!(v.next.variance, Pence(-12_000_000));
        assert_eq!(v.explained, Pence(24_000_000));
        assert_eq!(v.unexplained, Pence(-52_000_000));
        assert_eq!(v.missing.len(), 1, "one actual is blank: {:?}", v.missing);
        assert_eq!(v.input.actual[1], "£520,000.00");
    }

    #[test]
    fn bad_amounts_are_refused_naming_the_month() {
        let mut input = FinancialInput {
            expected_previous: twelve("1"),
            ..Default::default()
        };
        input.expected_previous[4] = "-3".into();
        input.forecast = vec!["12.345".into()];
        let errs = input.validate().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["expected_previous.4", "forecast.0"]);
        assert_eq!(
            errs[0].message,
            "Expected at award for month 5 of the previous 12 months must not be negative"
        );
    }

    #[test]
    fn a_reduction_is_kept_as_such() {
        let input = FinancialInput {
            causes: vec![CauseInput {
                amount: "1000".into(),
                reduces: true,
                ..Default::default()
            }],
            ..Default::default()
        };
        let v = input.validate().unwrap().view();
        assert_eq!(v.explained, Pence(-100_000));
        assert!(v.input.causes[0].reduces);
        assert_eq!(v.input.causes[0].amount, "£1,000.00");
    }
}
