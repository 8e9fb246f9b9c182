//! The review sub-group (the Contract Management Review Group): its members, its meetings,
//! members' independent scores and the reveal, the moderated levels, actions and the
//! outcome. The rules live here; `store.rs` keeps them in SQLite, and `notes` holds what the
//! group writes down.

pub mod notes;
pub(crate) mod store;

pub use notes::{Letter, ReviewDetail};

use crate::contracts::parse_date;
use crate::framework::not_an_activity;
use crate::kernel::error::capitalise;
use crate::kernel::error::FieldError;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A member of the group as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    /// For example "Cabinet Member for Strategic Commissioning (Chair)".
    pub role: String,
    /// ISO or DD/MM/YYYY.
    pub active_from: String,
    /// Blank while still a member.
    pub active_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
}

impl Member {
    pub fn active_on(&self, d: NaiveDate) -> bool {
        self.active_from <= d && self.active_to.is_none_or(|to| d <= to)
    }
}

#[derive(Debug)]
pub struct ValidMember {
    pub name: String,
    pub role: String,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
}

pub(crate) fn date_field(
    e: &mut Vec<FieldError>,
    field: &str,
    label: &str,
    raw: &str,
    required: bool,
) -> Option<NaiveDate> {
    let t = raw.trim();
    if t.is_empty() {
        if required {
            e.push(FieldError::new(field, format!("Enter {label}")));
        }
        return None;
    }
    let d = parse_date(t);
    if d.is_none() {
        e.push(FieldError::new(
            field,
            crate::kernel::dates::date_problem(&capitalise(label), t),
        ));
    }
    d
}

/// A month as the month and year boxes send it ("2027-04"), kept as its first day; a whole
/// date is taken as its month (`dates::read_month`). Empty is refused ("Enter {label}").
pub(crate) fn month_field(
    e: &mut Vec<FieldError>,
    field: &str,
    label: &str,
    raw: &str,
) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        e.push(FieldError::new(field, format!("Enter {label}")));
        return None;
    }
    crate::kernel::dates::read_month(&capitalise(label), raw)
        .map_err(|problem| e.push(FieldError::new(field, problem)))
        .ok()
}

pub(crate) fn text_field(
    e: &mut Vec<FieldError>,
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
    required: bool,
) -> String {
    let t = raw.trim();
    if required && t.is_empty() {
        e.push(FieldError::new(field, format!("Enter {label}")));
    }
    if t.chars().count() > max {
        e.push(FieldError::new(
            field,
            format!("{} must be {max} characters or fewer", capitalise(label)),
        ));
    }
    t.to_owned()
}

impl MemberInput {
    pub fn validate(&self) -> Result<ValidMember, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = text_field(&mut e, "name", "the member's name", &self.name, 200, true);
        let role = text_field(&mut e, "role", "the member's role", &self.role, 300, false);
        let active_from = date_field(
            &mut e,
            "active_from",
            "the date they joined",
            &self.active_from,
            true,
        );
        let active_to = date_field(
            &mut e,
            "active_to",
            "the date they left",
            &self.active_to,
            false,
        );
        if let (Some(f), Some(t)) = (active_from, active_to) {
            if t < f {
                e.push(FieldError::new(
                    "active_to",
                    "The date they left must be on or after the date they joined",
                ));
            }
        }
        match (e.is_empty(), active_from) {
            (true, Some(active_from)) => Ok(ValidMember {
                name,
                role,
                active_from,
                active_to,
            }),
            _ => Err(e),
        }
    }
}

/// A meeting as typed: when, who chaired, who came, who sent apologies, and the reports
/// on the agenda in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MeetingInput {
    pub held_on: String,
    /// "11:30" (24-hour).
    pub starts_at: String,
    pub ends_at: String,
    pub chair_id: Option<i64>,
    pub present: Vec<i64>,
    pub apologies: Vec<i64>,
    pub report_ids: Vec<i64>,
}

#[derive(Debug)]
pub struct ValidMeeting {
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub ends_at: String,
    pub chair_id: Option<i64>,
    pub present: Vec<i64>,
    pub apologies: Vec<i64>,
    pub report_ids: Vec<i64>,
}

pub(crate) fn time_field(
    e: &mut Vec<FieldError>,
    field: &str,
    label: &str,
    raw: &str,
) -> Option<NaiveTime> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    let parsed = crate::kernel::dates::parse_time(t);
    if parsed.is_none() {
        e.push(FieldError::new(
            field,
            format!("{label} must be a time like 11:30, 3pm or 15:00"),
        ));
    }
    parsed
}

impl MeetingInput {
    /// The rules that need no database: members are checked against the list by the store.
    pub fn validate(&self) -> Result<ValidMeeting, Vec<FieldError>> {
        let mut e = Vec::new();
        let held_on = date_field(&mut e, "held_on", "the meeting date", &self.held_on, true);
        let start = time_field(&mut e, "starts_at", "The start time", &self.starts_at);
        let end = time_field(&mut e, "ends_at", "The end time", &self.ends_at);
        if let (Some(s), Some(f)) = (start, end) {
            if f <= s {
                e.push(FieldError::new(
                    "ends_at",
                    "The end time must be after the start time",
                ));
            }
        }
        if let Some(both) = self.present.iter().find(|m| self.apologies.contains(m)) {
            e.push(FieldError::new(
                "apologies",
                format!("Member {both} cannot be both present and sending apologies"),
            ));
        }
        if let Some(chair) = self.chair_id {
            if !self.present.contains(&chair) {
                e.push(FieldError::new(
                    "chair_id",
                    "The chair must be one of the members present",
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        if self.report_ids.iter().any(|r| !seen.insert(r)) {
            e.push(FieldError::new(
                "report_ids",
                "A report can be on the agenda only once",
            ));
        }
        match (e.is_empty(), held_on) {
            (true, Some(held_on)) => Ok(ValidMeeting {
                held_on,
                starts_at: crate::kernel::dates::clock(start),
                ends_at: crate::kernel::dates::clock(end),
                chair_id: self.chair_id,
                present: dedup(&self.present),
                apologies: dedup(&self.apologies),
                report_ids: self.report_ids.clone(),
            }),
            _ => Err(e),
        }
    }
}

fn dedup(v: &[i64]) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for x in v {
        if !out.contains(x) {
            out.push(*x);
        }
    }
    out
}

/// One member's score for one activity, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ScoreInput {
    pub activity: u8,
    pub level: Option<i64>,
    pub comment: String,
    /// The member thinks something outside the contract caps this activity (the council
    /// found its administration systems capped Administration at 3).
    pub capped: bool,
    pub cap_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Score {
    pub activity: u8,
    pub level: u8,
    pub comment: String,
    pub capped: bool,
    pub cap_reason: String,
}

/// Checks a member's scores for a report whose framework has `activities` activities
/// (eight in the council's 2016 matrix): each activity 1 to `activities`, once, at a level
/// 1 to 5, with a reason where capped.
pub fn validate_scores(
    input: &[ScoreInput],
    activities: u8,
) -> Result<Vec<Score>, Vec<FieldError>> {
    let mut e = Vec::new();
    let mut out = Vec::new();
    for (i, s) in input.iter().enumerate() {
        let field = |k: &str| format!("scores.{i}.{k}");
        if !(1..=activities).contains(&s.activity) {
            e.push(FieldError::new(
                &field("activity"),
                not_an_activity(s.activity, activities),
            ));
            continue;
        }
        if input[..i].iter().any(|o| o.activity == s.activity) {
            e.push(FieldError::new(
                &field("activity"),
                format!("Activity {} is scored twice", s.activity),
            ));
        }
        let level = match s.level {
            Some(l) if (1..=5).contains(&l) => l as u8,
            Some(_) => {
                e.push(FieldError::new(
                    &field("level"),
                    format!("The score for activity {} must be from 1 to 5", s.activity),
                ));
                continue;
            }
            None => {
                e.push(FieldError::new(
                    &field("level"),
                    format!("Choose a score from 1 to 5 for activity {}", s.activity),
                ));
                continue;
            }
        };
        let comment = text_field(
            &mut e,
            &field("comment"),
            "the comment",
            &s.comment,
            5_000,
            false,
        );
        let cap_reason = text_field(
            &mut e,
            &field("cap_reason"),
            "the reason for the cap",
            &s.cap_reason,
            2_000,
            s.capped,
        );
        out.push(Score {
            activity: s.activity,
            level,
            comment,
            capped: s.capped,
            cap_reason: if s.capped { cap_reason } else { String::new() },
        });
    }
    if e.is_empty() {
        Ok(out)
    } else {
        Err(e)
    }
}

/// The level the group agrees for an activity after the reveal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ModerationInput {
    pub level: Option<i64>,
    pub rationale: String,
    pub capped: bool,
    pub cap_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Moderated {
    pub level: u8,
    pub rationale: String,
    pub capped: bool,
    pub cap_reason: String,
}

impl ModerationInput {
    pub fn validate(&self) -> Result<Moderated, Vec<FieldError>> {
        let mut e = Vec::new();
        let level = match self.level {
            Some(l) if (1..=5).contains(&l) => Some(l as u8),
            _ => {
                e.push(FieldError::new(
                    "level",
                    "Choose the moderated level, from 1 to 5",
                ));
                None
            }
        };
        let rationale = text_field(
            &mut e,
            "rationale",
            "the rationale for the moderated level",
            &self.rationale,
            5_000,
            true,
        );
        let cap_reason = text_field(
            &mut e,
            "cap_reason",
            "the reason for the cap",
            &self.cap_reason,
            2_000,
            self.capped,
        );
        match (e.is_empty(), level) {
            (true, Some(level)) => Ok(Moderated {
                level,
                rationale,
                capped: self.capped,
                cap_reason: if self.capped {
                    cap_reason
                } else {
                    String::new()
                },
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<ActionStatus> {
        [
            ActionStatus::Open,
            ActionStatus::InProgress,
            ActionStatus::Done,
            ActionStatus::Dropped,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }

    pub fn words(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }

    /// Still to be done: open or in progress.
    pub fn outstanding(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// An action is overdue when its due date has passed and it is still open or in progress.
/// Due today is not overdue.
pub fn is_overdue(due: NaiveDate, status: ActionStatus, today: NaiveDate) -> bool {
    status.outstanding() && due < today
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ActionInput {
    pub text: String,
    pub owner: String,
    pub due: String,
    pub status: ActionStatus,
    pub progress: String,
}

impl Default for ActionInput {
    fn default() -> Self {
        ActionInput {
            text: String::new(),
            owner: String::new(),
            due: String::new(),
            status: ActionStatus::Open,
            progress: String::new(),
        }
    }
}

#[derive(Debug)]
pub struct ValidAction {
    pub text: String,
    pub owner: String,
    pub due: NaiveDate,
    pub status: ActionStatus,
    pub progress: String,
}

impl ActionInput {
    pub fn validate(&self) -> Result<ValidAction, Vec<FieldError>> {
        let mut e = Vec::new();
        let text = text_field(
            &mut e,
            "text",
            "what is to be done",
            &self.text,
            2_000,
            true,
        );
        let owner = text_field(
            &mut e,
            "owner",
            "who owns the action",
            &self.owner,
            200,
            true,
        );
        let due = date_field(&mut e, "due", "the due date", &self.due, true);
        let progress = text_field(
            &mut e,
            "progress",
            "the progress note",
            &self.progress,
            5_000,
            false,
        );
        match (e.is_empty(), due) {
            (true, Some(due)) => Ok(ValidAction {
                text,
                owner,
                due,
                status: self.status,
                progress,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Action {
    pub id: i64,
    pub review_id: i64,
    pub text: String,
    pub owner: String,
    pub due: NaiveDate,
    pub status: ActionStatus,
    pub progress: String,
    /// Due date passed and still open or in progress, as of today.
    pub overdue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Reviewed,
    ReviewedWithConcerns,
    ReturnForReReview,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Reviewed => "reviewed",
            Outcome::ReviewedWithConcerns => "reviewed_with_concerns",
            Outcome::ReturnForReReview => "return_for_re_review",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Reviewed,
            Outcome::ReviewedWithConcerns,
            Outcome::ReturnForReReview,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }

    pub fn words(self) -> &'static str {
        match self {
            Outcome::Reviewed => "Reviewed",
            Outcome::ReviewedWithConcerns => "Reviewed with concerns",
            Outcome::ReturnForReReview => "Return for re-review",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct OutcomeInput {
    pub outcome: Option<Outcome>,
    /// Needed when the outcome is a return for re-review.
    pub return_by: String,
    pub audit_referral: bool,
    pub audit_reason: String,
}

#[derive(Debug)]
pub struct ValidOutcome {
    pub outcome: Outcome,
    pub return_by: Option<NaiveDate>,
    pub audit_referral: bool,
    pub audit_reason: String,
}

impl OutcomeInput {
    pub fn validate(&self) -> Result<ValidOutcome, Vec<FieldError>> {
        let mut e = Vec::new();
        if self.outcome.is_none() {
            e.push(FieldError::new(
                "outcome",
                "Choose the outcome of the review",
            ));
        }
        let needs_date = self.outcome == Some(Outcome::ReturnForReReview);
        let return_by = date_field(
            &mut e,
            "return_by",
            "the date the contract is to return by",
            &self.return_by,
            needs_date,
        );
        let audit_reason = text_field(
            &mut e,
            "audit_reason",
            "the reason for referring the contract to internal audit",
            &self.audit_reason,
            5_000,
            self.audit_referral,
        );
        match (e.is_empty(), self.outcome) {
            (true, Some(outcome)) => Ok(ValidOutcome {
                outcome,
                return_by: if needs_date { return_by } else { None },
                audit_referral: self.audit_referral,
                audit_reason: if self.audit_referral {
                    audit_reason
                } else {
                    String::new()
                },
            }),
            _ => Err(e),
        }
    }
}

/// Lowest, highest and the difference between them, of members' scores for an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct Spread {
    pub lowest: u8,
    pub highest: u8,
    pub range: u8,
}

pub fn spread(levels: &[u8]) -> Option<Spread> {
    let lowest = *levels.iter().min()?;
    let highest = *levels.iter().max()?;
    Some(Spread {
        lowest,
        highest,
        range: highest - lowest,
    })
}

/// A meeting of the group, with its agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Meeting {
    pub id: i64,
    /// The day; the first of the month while only the month is settled (`date_confirmed`
    /// false, as the forward plan can plan a meeting: "April 2027 (date tbc)").
    pub held_on: NaiveDate,
    pub date_confirmed: bool,
    /// Whether the meeting has been held (the group recorded it on or after its day, or the
    /// commissioner marked it so on the forward plan).
    pub held: bool,
    /// The forward plan's heading for it, if any ("School Building Contracts").
    pub topic: String,
    /// The contracts it is planned to review, as the forward plan has them, before their
    /// reports are on the agenda: "Total Facilities Management – East Kent (TFM-EK)".
    pub planned_contracts: Vec<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub chair: Option<Member>,
    pub present: Vec<Member>,
    pub apologies: Vec<Member>,
    pub items: Vec<ReviewItem>,
}

/// A signed report the agenda offers for a meeting: one whose meeting date is the
/// meeting's day, or one covering a contract the forward plan has planned for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AgendaOffer {
    pub report_id: i64,
    pub title: String,
    pub version: u32,
    pub meeting_date: Option<NaiveDate>,
    pub contracts: Vec<String>,
    /// Why it is offered: "Its meeting date is 5 November 2026", "Planned for this meeting".
    pub why: String,
}

/// One report on a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReviewItem {
    pub review_id: i64,
    pub report_id: i64,
    pub title: String,
    pub version: u32,
    pub contracts: Vec<String>,
    pub revealed: bool,
    pub outcome: Option<Outcome>,
    /// The earlier review of the same contract this one follows up, if any.
    pub previous_review_id: Option<i64>,
}

/// Who has scored, without saying what: safe to show before the reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ScoringProgress {
    pub revealed: bool,
    /// How many activities the report's framework has: each member scores them all.
    pub activities: u8,
    pub members: Vec<MemberProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct MemberProgress {
    pub member: Member,
    /// How many of the report's activities they have scored.
    pub scored: u8,
}

/// Every score, once the chair has revealed them: per activity, the owner's
/// self-assessment, each member's score and the spread, and what the group agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Reveal {
    pub review_id: i64,
    pub activities: Vec<RevealedActivity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RevealedActivity {
    /// Its position in the report's framework, 1 to N.
    pub activity: u8,
    /// The same in every framework version that has the activity.
    pub key: String,
    pub name: String,
    pub owner_current: Option<u8>,
    pub owner_target: Option<u8>,
    pub scores: Vec<MemberScore>,
    pub spread: Option<Spread>,
    pub moderated: Option<Moderated>,
    pub dissents: Vec<Dissent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct MemberScore {
    pub member: Member,
    #[serde(flatten)]
    pub score: Score,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Dissent {
    pub member: Member,
    pub note: String,
}

/// A re-review beside the review it follows up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Comparison {
    pub review_id: i64,
    pub held_on: NaiveDate,
    pub previous: Option<PreviousReview>,
    pub activities: Vec<ActivityThenNow>,
    pub progress_narrative: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PreviousReview {
    pub review_id: i64,
    pub held_on: NaiveDate,
    pub outcome: Option<Outcome>,
    /// The actions agreed then, with their status now.
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ActivityThenNow {
    /// Its position in the current report's framework; in the earlier report's where only
    /// that one has it.
    pub activity: u8,
    /// The same in every framework version that has the activity: the two reports are
    /// matched on it.
    pub key: String,
    pub name: String,
    /// Set where only one of the two reports' framework versions has the activity (one was
    /// added or retired by a revision); `None` where both have it, or there is no earlier
    /// review.
    pub only_in: Option<OnlyIn>,
    pub owner_then: Option<u8>,
    pub moderated_then: Option<u8>,
    pub owner_now: Option<u8>,
    pub moderated_now: Option<u8>,
}

/// Which of two reports' framework versions has an activity the other lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OnlyIn {
    /// The earlier report's version: a revision has since retired the activity.
    Earlier,
    /// The current report's version: a revision added the activity.
    Current,
}

/// A contract's review history: its reviews oldest first, each with the moderated level of
/// every activity in `activities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReviewHistory {
    /// The rows: the latest review's framework activities in its order, then any that only
    /// earlier reviews' versions have.
    pub activities: Vec<HistoryActivity>,
    pub reviews: Vec<HistoryPoint>,
}

/// One activity of a review history, matched across framework versions by key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HistoryActivity {
    pub key: String,
    pub name: String,
}

/// One point of a contract's review history: the moderated level of each activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HistoryPoint {
    pub review_id: i64,
    pub held_on: NaiveDate,
    pub outcome: Option<Outcome>,
    /// One per activity of the history, in its order; `None` where no level was agreed
    /// or the review's framework version lacks the activity.
    pub moderated: Vec<Option<u8>>,
    /// One per activity of the history: whether the review's framework version has it.
    pub in_version: Vec<bool>,
}

/// A question put to the contract owner, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ChallengeInput {
    pub question: String,
    /// The member who asked it.
    pub asked_by: Option<i64>,
    pub answer: String,
    /// Whether the group was satisfied with the answer; `None` while undecided.
    pub satisfied: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Challenge {
    pub id: i64,
    pub question: String,
    pub asked_by: Option<Member>,
    pub answer: String,
    pub satisfied: Option<bool>,
}

impl ChallengeInput {
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        text_field(
            &mut e,
            "question",
            "the question",
            &self.question,
            5_000,
            true,
        );
        text_field(&mut e, "answer", "the answer", &self.answer, 10_000, false);
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Strength,
    Issue,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Strength => "strength",
            FindingKind::Issue => "issue",
        }
    }

    pub fn parse(s: &str) -> Option<FindingKind> {
        match s {
            "strength" => Some(FindingKind::Strength),
            "issue" => Some(FindingKind::Issue),
            _ => None,
        }
    }
}

/// A strength or an issue the group found, linked to an activity and tagged with themes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct FindingInput {
    pub kind: FindingKind,
    pub activity: Option<u8>,
    pub text: String,
    pub theme_ids: Vec<i64>,
}

impl Default for FindingInput {
    fn default() -> Self {
        FindingInput {
            kind: FindingKind::Issue,
            activity: None,
            text: String::new(),
            theme_ids: Vec::new(),
        }
    }
}

impl FindingInput {
    /// Checks a finding on a report whose framework has `activities` activities.
    pub fn check(&self, activities: u8) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        text_field(&mut e, "text", "the finding", &self.text, 5_000, true);
        if let Some(a) = self.activity {
            if !(1..=activities).contains(&a) {
                e.push(FieldError::new("activity", not_an_activity(a, activities)));
            }
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Theme {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Finding {
    pub id: i64,
    pub kind: FindingKind,
    pub activity: Option<u8>,
    pub text: String,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Recommendation {
    pub id: i64,
    pub text: String,
}

/// Checks a short free text (a recommendation, a theme's name, a progress note).
pub fn check_text(
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
) -> Result<String, Vec<FieldError>> {
    let mut e = Vec::new();
    let t = text_field(&mut e, field, label, raw, max, true);
    if e.is_empty() {
        Ok(t)
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn an_action_due_yesterday_and_still_open_is_overdue() {
        let today = d("2027-01-15");
        assert!(is_overdue(d("2027-01-14"), ActionStatus::Open, today));
        assert!(is_overdue(d("2027-01-14"), ActionStatus::InProgress, today));
        assert!(
            !is_overdue(d("2027-01-15"), ActionStatus::Open, today),
            "due today is not yet overdue"
        );
        assert!(!is_overdue(d("2027-01-14"), ActionStatus::Done, today));
        assert!(!is_overdue(d("2027-01-14"), ActionStatus::Dropped, today));
    }

    #[test]
    fn scores_must_be_one_to_five_and_a_cap_needs_a_reason() {
        let bad = validate_scores(
            &[
                ScoreInput {
                    activity: 1,
                    level: Some(6),
                    ..Default::default()
                },
                ScoreInput {
                    activity: 2,
                    level: None,
                    ..Default::default()
                },
                ScoreInput {
                    activity: 3,
                    level: Some(3),
                    capped: true,
                    ..Default::default()
                },
                ScoreInput {
                    activity: 9,
                    level: Some(3),
                    ..Default::default()
                },
            ],
            8,
        )
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "scores.0.level",
                "scores.1.level",
                "scores.2.cap_reason",
                "scores.3.activity"
            ]
        );
        let ok = validate_scores(
            &[ScoreInput {
                activity: 3,
                level: Some(3),
                capped: true,
                cap_reason: "The administration systems limit this to 3".into(),
                ..Default::default()
            }],
            8,
        )
        .unwrap();
        assert!(ok[0].capped);
        // A revised framework's ninth activity is scored like any other.
        let ninth = [ScoreInput {
            activity: 9,
            level: Some(2),
            ..Default::default()
        }];
        assert!(validate_scores(&ninth, 9).is_ok());
        assert_eq!(
            validate_scores(&ninth, 8).unwrap_err()[0].message,
            "Activity 9 is not one of the 8 activities of this report's framework"
        );
    }

    #[test]
    fn a_meeting_needs_a_date_a_chair_who_is_there_and_sane_times() {
        let e = MeetingInput {
            held_on: "31/02/2027".into(),
            starts_at: "15:00".into(),
            ends_at: "14:00".into(),
            chair_id: Some(1),
            present: vec![2],
            apologies: vec![2],
            report_ids: vec![5, 5],
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["held_on", "ends_at", "apologies", "chair_id", "report_ids"]
        );
        let ok = MeetingInput {
            held_on: "29/01/2019".into(),
            starts_at: "11:30".into(),
            ends_at: "12:30".into(),
            chair_id: Some(1),
            present: vec![1, 2, 2],
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.present, vec![1, 2]);
    }

    #[test]
    fn a_return_for_re_review_needs_a_date_and_a_referral_a_reason() {
        let e = OutcomeInput {
            outcome: Some(Outcome::ReturnForReReview),
            audit_referral: true,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["return_by", "audit_reason"]);
    }

    #[test]
    fn spread_of_scores() {
        assert_eq!(
            spread(&[3, 2, 4]),
            Some(Spread {
                lowest: 2,
                highest: 4,
                range: 2
            })
        );
        assert_eq!(spread(&[]), None);
    }
}
