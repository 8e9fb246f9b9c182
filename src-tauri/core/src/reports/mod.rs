//! The maturity report a contract owner submits: which contracts it covers, the review
//! meeting, its status, and Section 2, the maturity assessment.
//!
//! Two kinds of rule apply. Rules about what a value can be (a level is 1 to 5, a date is
//! a real date, text has a length limit) refuse the save. Rules about what a finished
//! section needs (a rationale, a reason when the target is below the current level) never
//! refuse: what was typed is kept, and the section shows what is still missing.

pub mod attestation;
pub mod evidence;
mod framework_move;
mod maturity_report;
pub mod seal;
pub mod sections;
pub(crate) mod store;
pub mod submission;
pub mod tasks;

pub use framework_move::FrameworkMove;
pub use maturity_report::MaturityReport;

use crate::contracts::parse_date;
use crate::framework::{MaturityLevel, Section};
use crate::kernel::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Draft,
    Submitted,
    UnderReview,
    Reviewed,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::UnderReview => "under_review",
            ReportStatus::Reviewed => "reviewed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            ReportStatus::Draft,
            ReportStatus::Submitted,
            ReportStatus::UnderReview,
            ReportStatus::Reviewed,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// The "start a report" form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct NewReportInput {
    /// For example "Facilities management contracts"; defaults to the contract's name.
    pub title: String,
    /// The date of the sub-group meeting, ISO or DD/MM/YYYY; may be left blank.
    pub meeting_date: String,
    pub contract_ids: Vec<i64>,
    /// Carry every answer forward from this earlier report, marked "to confirm".
    pub previous_report_id: Option<i64>,
}

pub struct NewReport {
    pub title: String,
    pub meeting_date: Option<NaiveDate>,
    pub contract_ids: Vec<i64>,
    pub previous_report_id: Option<i64>,
}

impl NewReportInput {
    pub fn validate(&self) -> Result<NewReport, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = self.title.trim().to_owned();
        if title.chars().count() > 200 {
            errors.push(FieldError::new(
                "title",
                "Report title must be 200 characters or fewer",
            ));
        }
        let meeting = self.meeting_date.trim();
        let meeting_date = if meeting.is_empty() {
            None
        } else {
            let d = parse_date(meeting);
            if d.is_none() {
                errors.push(FieldError::new(
                    "meeting_date",
                    crate::kernel::dates::date_problem("Meeting date", meeting),
                ));
            }
            d
        };
        let mut contract_ids = Vec::new();
        for id in &self.contract_ids {
            if !contract_ids.contains(id) {
                contract_ids.push(*id);
            }
        }
        if contract_ids.is_empty() {
            errors.push(FieldError::new(
                "contract_ids",
                "Choose at least one contract for the report to cover",
            ));
        }
        if errors.is_empty() {
            Ok(NewReport {
                title,
                meeting_date,
                contract_ids,
                previous_report_id: self.previous_report_id,
            })
        } else {
            Err(errors)
        }
    }
}

/// Which row of the Section 2 table: 0 is the overall row; 1 to N are the activities of
/// the report's framework, in its order.
pub const OVERALL: u8 = 0;

/// The owner's answer for one row of Section 2, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AssessmentInput {
    pub current_level: Option<i64>,
    pub target_level: Option<i64>,
    pub rationale: String,
    /// Needed only when the target is below the current level.
    pub below_current_reason: String,
}

/// One row of Section 2 as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ActivityAssessment {
    /// 1 to 8 in the framework's order; 0 is the overall row.
    pub activity: u8,
    pub current_level: Option<MaturityLevel>,
    pub target_level: Option<MaturityLevel>,
    pub rationale: String,
    pub below_current_reason: String,
    /// Carried forward from the previous report and not yet confirmed or changed.
    pub to_confirm: bool,
    /// What is still needed for this row to be complete; empty when it is.
    pub missing: Vec<FieldError>,
    /// Values typed into the row that cannot be saved yet, kept as typed (`crate::kept`).
    pub kept: Vec<crate::kept::KeptValue>,
}

impl crate::kept::FormInput for AssessmentInput {}

const RATIONALE_MAX: usize = 5_000;

impl AssessmentInput {
    /// Refuses values that cannot be stored: levels outside 1 to 5, over-long text.
    pub fn validate(&self) -> Result<ValidAssessment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut level = |field: &str, label: &str, v: Option<i64>| match v {
            None => None,
            Some(n) => {
                let l = u8::try_from(n).ok().and_then(MaturityLevel::new);
                if l.is_none() {
                    errors.push(FieldError::new(
                        field,
                        format!("{label} must be a level from 1 to 5"),
                    ));
                }
                l
            }
        };
        let current_level = level("current_level", "Current level", self.current_level);
        let target_level = level("target_level", "Target level", self.target_level);
        for (field, label, text) in [
            ("rationale", "Comments and rationale", &self.rationale),
            (
                "below_current_reason",
                "The reason the target is below the current level",
                &self.below_current_reason,
            ),
        ] {
            if text.chars().count() > RATIONALE_MAX {
                errors.push(FieldError::new(
                    field,
                    format!("{label} must be {RATIONALE_MAX} characters or fewer"),
                ));
            }
        }
        if errors.is_empty() {
            Ok(ValidAssessment {
                current_level,
                target_level,
                rationale: self.rationale.trim().to_owned(),
                below_current_reason: self.below_current_reason.trim().to_owned(),
            })
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAssessment {
    pub current_level: Option<MaturityLevel>,
    pub target_level: Option<MaturityLevel>,
    pub rationale: String,
    pub below_current_reason: String,
}

/// What a row still needs before Section 2 is complete, each naming its field.
pub fn missing_parts(
    current: Option<MaturityLevel>,
    target: Option<MaturityLevel>,
    rationale: &str,
    below_current_reason: &str,
) -> Vec<FieldError> {
    let mut missing = Vec::new();
    if current.is_none() {
        missing.push(FieldError::new("current_level", "Choose the current level"));
    }
    if target.is_none() {
        missing.push(FieldError::new("target_level", "Choose the target level"));
    }
    if rationale.trim().is_empty() {
        missing.push(FieldError::new(
            "rationale",
            "Give the comments and rationale for the levels chosen",
        ));
    }
    if let (Some(c), Some(t)) = (current, target) {
        if t < c && below_current_reason.trim().is_empty() {
            missing.push(FieldError::new(
                "below_current_reason",
                format!("Say why the target level ({t}) is below the current level ({c})"),
            ));
        }
    }
    missing
}

/// The spread of the eight activities' levels, shown as a hint beside the overall row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct LevelSpread {
    /// How many of the eight activities have a current level.
    pub assessed: u8,
    pub current_lowest: Option<MaturityLevel>,
    pub current_highest: Option<MaturityLevel>,
    /// The middle current level (the lower of the two middle ones for an even count).
    pub current_median: Option<MaturityLevel>,
    pub target_lowest: Option<MaturityLevel>,
    pub target_highest: Option<MaturityLevel>,
    pub target_median: Option<MaturityLevel>,
    /// Activities (1 to 8) at each current level 1 to 5: `counts[0]` is level 1.
    pub current_counts: [u8; 5],
}

fn median(mut v: Vec<MaturityLevel>) -> Option<MaturityLevel> {
    v.sort();
    if v.is_empty() {
        None
    } else {
        Some(v[(v.len() - 1) / 2])
    }
}

pub fn spread(rows: &[ActivityAssessment]) -> LevelSpread {
    let activities = rows.iter().filter(|r| r.activity != OVERALL);
    let current: Vec<_> = activities.clone().filter_map(|r| r.current_level).collect();
    let target: Vec<_> = activities.filter_map(|r| r.target_level).collect();
    let mut counts = [0u8; 5];
    for l in &current {
        counts[usize::from(l.get() - 1)] += 1;
    }
    LevelSpread {
        assessed: current.len() as u8,
        current_lowest: current.iter().min().copied(),
        current_highest: current.iter().max().copied(),
        current_median: median(current),
        target_lowest: target.iter().min().copied(),
        target_highest: target.iter().max().copied(),
        target_median: median(target),
        current_counts: counts,
    }
}

/// How far the owner has got with a section of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    NotStarted,
    InProgress,
    /// Carried forward from the previous report; the owner must confirm or change it.
    ToConfirm,
    Complete,
}

/// A date some reports are to be considered on, for choosing a meeting pack.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct MeetingDate {
    pub date: NaiveDate,
    /// Reports whose latest version has this meeting date.
    pub reports: u32,
}

/// A value kept in one of a report's sections, named for the person who must put it right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct UnsavedValue {
    /// The template's section, 3 to 12.
    pub section: Section,
    /// For Section 2, the row it is in: 1 to 8 for the activities, 0 for the overall row.
    pub activity: Option<u8>,
    /// The field as the section's form names it (the place to go back to).
    pub field: String,
    /// "Section 5, Operational performance: Jan 2026 in indicator K1 needs a number, …"
    pub message: String,
}

impl UnsavedValue {
    /// The refusal to sign names each value with its section, so the person can find it.
    pub fn error(&self) -> FieldError {
        let row = self
            .activity
            .map(|a| format!("activity_{a}."))
            .unwrap_or_default();
        FieldError::new(
            &format!("section_{}.{row}{}", self.section.number(), self.field),
            self.message.clone(),
        )
    }
}

/// One line of the list of reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReportSummary {
    pub id: i64,
    pub title: String,
    /// 1 for the first; amending a submitted report makes the next.
    pub version: u32,
    pub meeting_date: Option<NaiveDate>,
    pub status: ReportStatus,
    pub contracts: Vec<String>,
    pub assessment: TaskState,
    pub updated_at: String,
}

/// A page of the reports list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReportsPage {
    /// How many reports match the search, in all.
    pub total: u32,
    pub offset: u32,
    pub reports: Vec<ReportSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(n: u8) -> Option<MaturityLevel> {
        MaturityLevel::new(n)
    }

    #[test]
    fn levels_outside_1_to_5_are_refused_naming_the_field() {
        let errs = AssessmentInput {
            current_level: Some(0),
            target_level: Some(300),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            errs,
            vec![
                FieldError::new("current_level", "Current level must be a level from 1 to 5"),
                FieldError::new("target_level", "Target level must be a level from 1 to 5"),
            ]
        );
    }

    #[test]
    fn a_part_answer_is_kept_and_says_what_is_missing() {
        let v = AssessmentInput {
            current_level: Some(3),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let missing = missing_parts(v.current_level, v.target_level, &v.rationale, "");
        let fields: Vec<_> = missing.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["target_level", "rationale"]);
    }

    #[test]
    fn a_target_below_current_needs_a_reason() {
        let missing = missing_parts(l(4), l(3), "We are over-resourced", "");
        assert_eq!(
            missing,
            vec![FieldError::new(
                "below_current_reason",
                "Say why the target level (3) is below the current level (4)"
            )]
        );
        assert!(missing_parts(l(4), l(3), "x", "Contract ends in 2025").is_empty());
        assert!(missing_parts(l(3), l(3), "x", "").is_empty());
        assert!(missing_parts(l(2), l(4), "x", "").is_empty());
    }

    fn row(activity: u8, c: Option<u8>, t: Option<u8>) -> ActivityAssessment {
        ActivityAssessment {
            activity,
            current_level: c.and_then(MaturityLevel::new),
            target_level: t.and_then(MaturityLevel::new),
            rationale: String::new(),
            below_current_reason: String::new(),
            to_confirm: false,
            missing: Vec::new(),
            kept: Vec::new(),
        }
    }

    #[test]
    fn spread_of_the_eight_ignores_the_overall_row_and_gaps() {
        let rows = vec![
            row(0, Some(5), Some(5)),
            row(1, Some(2), Some(3)),
            row(2, Some(3), Some(4)),
            row(3, Some(3), Some(3)),
            row(4, Some(1), None),
            row(5, None, None),
        ];
        let s = spread(&rows);
        assert_eq!(s.assessed, 4);
        assert_eq!(s.current_lowest, l(1));
        assert_eq!(s.current_highest, l(3));
        assert_eq!(s.current_median, l(2));
        assert_eq!(s.target_median, l(3));
        assert_eq!(s.target_highest, l(4));
        assert_eq!(s.current_counts, [1, 1, 2, 0, 0]);
        assert_eq!(spread(&[]), LevelSpread::default());
    }

    #[test]
    fn a_new_report_needs_a_contract_and_a_real_meeting_date() {
        let errs = NewReportInput {
            meeting_date: "31/02/2024".into(),
            ..Default::default()
        }
        .validate()
        .err()
        .unwrap();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["meeting_date", "contract_ids"]);
        let ok = NewReportInput {
            title: " FM ".into(),
            meeting_date: "12/10/2016".into(),
            contract_ids: vec![3, 1, 3],
            previous_report_id: None,
        }
        .validate()
        .ok()
        .unwrap();
        assert_eq!(ok.title, "FM");
        assert_eq!(ok.contract_ids, vec![3, 1]);
        assert_eq!(ok.meeting_date, NaiveDate::from_ymd_opt(2016, 10, 12));
    }

    #[test]
    fn status_round_trips_through_text() {
        for s in [
            ReportStatus::Draft,
            ReportStatus::Submitted,
            ReportStatus::UnderReview,
            ReportStatus::Reviewed,
        ] {
            assert_eq!(ReportStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ReportStatus::parse("lost"), None);
    }
}
