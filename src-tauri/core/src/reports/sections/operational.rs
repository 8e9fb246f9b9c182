//! Section 5, operational performance: the KPI and CDI table with the performance level
//! the contract requires and twelve months of actuals, rated as the council rates KPIs;
//! and the key contractual milestones.

use crate::contracts::parse_date;
use crate::framework::Section;
use crate::kernel::error::FieldError;
use crate::reports::sections::performance::{direction, rag, Direction, Polarity, Rag};
use crate::reports::sections::schema::{
    FieldDef, Kind, Part, SectionSchema, SectionValues, TableDef,
};
use crate::reports::sections::values::{limited, parse_number};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

pub const MONTHS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum IndicatorKind {
    /// Key Performance Indicator
    #[serde(rename = "KPI")]
    Kpi,
    /// Contract Delivery Indicator
    #[serde(rename = "CDI")]
    Cdi,
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
    /// Twelve months, oldest first; an empty one is a gap.
    pub actuals: Vec<String>,
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
        label,
        hint: "",
        kind,
        required,
        choices: &[],
    }
}

/// The rest of Section 5, plain tables: breaches, incentives and remedies applied, and
/// relief granted, as the template lists them.
pub const BREACHES_AND_REMEDIES: SectionSchema = SectionSchema {
    section: Section::of(5),
    title: "Operational performance",
    parts: &[
        Part::Table(TableDef {
            key: "breaches",
            label: "Breach",
            hint: "Any breach of the main/material provisions of the contracts. Leave empty if there has been none.",
            row: "breach",
            required: false,
            columns: &[
                col("date", "Date", Kind::Date, true),
                col("description", "What was breached", Kind::LongText, true),
                col("action", "Action taken", Kind::LongText, false),
            ],
        }),
        Part::Table(TableDef {
            key: "remedies",
            label: "Incentives, remedies and escalation",
            hint: "The contractual incentives, remedies and/or escalation applied to breach, to failure to achieve CDIs and KPIs, and to failure to achieve milestones.",
            row: "remedy",
            required: false,
            columns: &[
                FieldDef { key: "kind", label: "Applied", hint: "", kind: Kind::Choice, required: true, choices: &["Incentive", "Remedy", "Escalation"] },
                FieldDef { key: "applied_to", label: "For", hint: "", kind: Kind::Choice, required: true, choices: &["Breach", "CDI or KPI", "Milestone"] },
                col("date", "Date", Kind::Date, true),
                col("description", "What was applied", Kind::LongText, true),
                col("amount", "Amount", Kind::Money, false),
            ],
        }),
        Part::Table(TableDef {
            key: "relief",
            label: "Relief granted to the contractor",
            hint: "Any relief granted to the contractor. Leave empty if none has been granted.",
            row: "relief",
            required: false,
            columns: &[
                col("date", "Date", Kind::Date, true),
                col("description", "Relief granted and why", Kind::LongText, true),
                col("amount", "Value", Kind::Money, false),
            ],
        }),
    ],
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

/// Stored form of one indicator.
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
    pub gaps: u8,
}

/// Section 5 as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct OperationalView {
    pub period_end: Option<NaiveDate>,
    /// "Oct 2025" … "Sep 2026", oldest first, once the period is set.
    pub months: Vec<String>,
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

/// "Oct 2025" … for the twelve months ending with `end`.
pub fn month_labels(end: NaiveDate) -> Vec<String> {
    (0..MONTHS as u32)
        .rev()
        .map(|back| {
            let total = end.year() * 12 + end.month0() as i32 - back as i32;
            let d =
                NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
                    .expect("a real month");
            d.format("%b %Y").to_string()
        })
        .collect()
}

fn number_text(v: Option<f64>) -> String {
    v.map(|v| {
        let s = format!("{v}");
        s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
    })
    .unwrap_or_default()
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
            // "indicator K1" by its reference, as the form's heading shows it.
            let name = match row.reference.trim() {
                "" => format!("indicator {n}"),
                r => format!("indicator {r}"),
            };
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
            if let (Some(t), Some(fl)) = (target, floor) {
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
            indicators.push(Indicator {
                reference,
                description,
                kind: row.kind,
                unit,
                polarity: row.polarity,
                target,
                floor,
                actuals,
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
    pub fn rate(indicator: Indicator) -> RatedIndicator {
        let ratings: Vec<Option<Rag>> = indicator
            .actuals
            .iter()
            .map(|a| {
                indicator
                    .target
                    .and_then(|t| rag(*a, t, indicator.floor, indicator.polarity))
            })
            .collect();
        let directions = (0..indicator.actuals.len())
            .map(|m| {
                m.checked_sub(1).and_then(|p| {
                    direction(
                        indicator.actuals[p],
                        indicator.actuals[m],
                        indicator.polarity,
                    )
                })
            })
            .collect();
        let latest = indicator.actuals.iter().rposition(Option::is_some);
        let gaps = indicator.actuals.iter().filter(|a| a.is_none()).count() as u8;
        RatedIndicator {
            indicator,
            ratings,
            directions,
            latest,
            gaps,
        }
    }
}

impl Operational {
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
            if ind.target.is_none() {
                missing.push(FieldError::new(
                    &format!("indicators.{i}.target"),
                    format!("Enter the target for indicator {n}"),
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
            period_end: self.period_end,
            indicators: self
                .indicators
                .into_iter()
                .map(RatedIndicator::rate)
                .collect(),
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

    #[test]
    fn month_labels_cross_the_year() {
        let labels = month_labels(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap());
        assert_eq!(labels[0], "Mar 2025");
        assert_eq!(labels[10], "Jan 2026");
        assert_eq!(labels[11], "Feb 2026");
    }
}
