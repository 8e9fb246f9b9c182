//! What the group writes down about a review: the challenge log, findings tagged with
//! themes, recommendations, the whole review in one read, and the feedback letter.

pub(crate) mod store;

use crate::review::Meeting;
use crate::review::{Action, Challenge, Finding, Outcome, Recommendation};
use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

/// A review with everything recorded about it: the screen's one read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReviewDetail {
    pub review_id: i64,
    pub report_id: i64,
    /// The framework version the report was made on: the activities it is scored on.
    pub framework_version: String,
    pub title: String,
    pub version: u32,
    pub contracts: Vec<String>,
    pub meeting: Meeting,
    pub revealed: bool,
    pub outcome: Option<Outcome>,
    pub return_by: Option<NaiveDate>,
    pub audit_referral: bool,
    pub audit_reason: String,
    pub progress_narrative: String,
    pub challenges: Vec<Challenge>,
    pub findings: Vec<Finding>,
    pub recommendations: Vec<Recommendation>,
    pub actions: Vec<Action>,
    /// The earlier review of the same contract, when this is a re-review.
    pub previous_review_id: Option<i64>,
}

/// The formal feedback letter: generated from the findings and actions until edited. As
/// generated it is dated the day it is written, addressed to the people the council's
/// settings name (`crate::organisation`), and signed by the settings' signatory or else
/// the meeting's chair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Letter {
    pub text: String,
    pub edited: bool,
    /// What the council's settings must still name before the letter is ready to send
    /// ("the Corporate Director's name", "who signs the letter"); empty once edited.
    pub not_ready: Vec<String>,
}
