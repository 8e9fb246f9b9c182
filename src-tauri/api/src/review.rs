//! The review sub-group: members, meetings, members' scores and the reveal, moderation,
//! the challenge log, findings, recommendations, actions, the outcome, the feedback
//! letter, and the PDF packs for its meetings.

use crate::files::{file_date, safe_file_stem, write_pdf, PackOptions, PackSummary, SaveAs, PDF};
use crate::{today, CoreError, DataFile, ErrorCode, FieldError, Result};
use chrono::NaiveDate;
use cmm_core::reports::MeetingDate;
use cmm_core::Store;
use cmm_pack::MeetingSource;
use std::path::Path;

pub use cmm_core::review::*;

/// The meeting dates the reports carry, for choosing a meeting pack.
pub fn meeting_dates(db: &DataFile) -> Result<Vec<MeetingDate>> {
    db.store.meeting_dates()
}

/// The group's members, current ones first, by name.
pub fn members(db: &DataFile) -> Result<Vec<Member>> {
    db.store.members()
}

/// Adds a member (`id` None) or corrects one.
pub fn save_member(
    db: &mut DataFile,
    member_id: Option<i64>,
    input: &MemberInput,
) -> Result<Member> {
    db.store.save_member(member_id, input)
}

/// One meeting of the review group, with its attendance and agenda.
///
/// Errors: `NotFound` for an unknown meeting.
pub fn meeting(db: &DataFile, meeting_id: i64) -> Result<Meeting> {
    db.store.meeting(meeting_id)
}

/// The signed reports a meeting's agenda offers: meeting date `held_on` (ISO or
/// DD/MM/YYYY), and those planned for meeting `meeting_id` on the forward plan.
///
/// Errors: `Validation` on `held_on` for a date that is not one.
pub fn agenda_offer(
    db: &DataFile,
    held_on: &str,
    meeting_id: Option<i64>,
) -> Result<Vec<AgendaOffer>> {
    let day = cmm_core::kernel::dates::parse_date(held_on).ok_or_else(|| {
        CoreError::Validation(vec![FieldError::new(
            "held_on",
            "The meeting's date must be a real date, like 5/11/2026",
        )])
    })?;
    db.store.agenda_offer(day, meeting_id)
}

/// A member's own scores: all anyone may see before the chair reveals them.
pub fn own_scores(db: &DataFile, review_id: i64, member_id: i64) -> Result<Vec<Score>> {
    db.store.own_scores(review_id, member_id)
}

/// A member records their own scores. Refused after the reveal, and for anyone not
/// present at the meeting.
pub fn record_scores(
    db: &mut DataFile,
    review_id: i64,
    member_id: i64,
    scores: &[ScoreInput],
) -> Result<Vec<Score>> {
    db.store.record_scores(review_id, member_id, scores)
}

/// Who has scored how many activities: no levels, so safe before the reveal.
pub fn scoring_progress(db: &DataFile, review_id: i64) -> Result<ScoringProgress> {
    db.store.scoring_progress(review_id)
}

/// The chair reveals every score at once. Every member present must have scored all
/// eight activities first.
pub fn reveal_scores(db: &mut DataFile, review_id: i64) -> Result<Reveal> {
    db.store.reveal_scores(review_id)
}

/// Every score and the owner's self-assessment; refused (`scores_hidden`) before the reveal.
pub fn revealed_scores(db: &DataFile, review_id: i64) -> Result<Reveal> {
    db.store.revealed_scores(review_id)
}

/// The group agrees a level for an activity, after the reveal.
pub fn moderate(
    db: &mut DataFile,
    review_id: i64,
    activity: u8,
    input: &ModerationInput,
) -> Result<Reveal> {
    db.store.moderate(review_id, activity, input)
}

/// A member present records that they disagree with the moderated level; an empty
/// note withdraws it.
pub fn record_dissent(
    db: &mut DataFile,
    review_id: i64,
    activity: u8,
    member_id: i64,
    note: &str,
) -> Result<Reveal> {
    db.store
        .record_dissent(review_id, activity, member_id, note)
}

/// Everything about one review, for its screen.
pub fn review_detail(db: &DataFile, review_id: i64) -> Result<ReviewDetail> {
    db.store.review_detail(review_id, today())
}

/// Adds an action (`id` None) or updates one: its owner, due date, status and progress.
pub fn save_action(
    db: &mut DataFile,
    review_id: i64,
    action_id: Option<i64>,
    input: &ActionInput,
) -> Result<Action> {
    db.store.save_action(review_id, action_id, input, today())
}

/// Every action past its due date and still open or in progress, oldest first.
pub fn overdue_actions(db: &DataFile) -> Result<Vec<Action>> {
    db.store.overdue_actions(today())
}

/// Adds a question to the challenge log (`id` None) or records its answer.
pub fn save_challenge(
    db: &mut DataFile,
    review_id: i64,
    challenge_id: Option<i64>,
    input: &ChallengeInput,
) -> Result<Vec<Challenge>> {
    db.store.save_challenge(review_id, challenge_id, input)
}

/// The themes findings can be tagged with, active ones first.
pub fn themes(db: &DataFile) -> Result<Vec<Theme>> {
    db.store.themes()
}

/// Adds a theme (`id` None), renames one, or retires it from the list (`active` false);
/// findings already tagged keep it.
pub fn save_theme(
    db: &mut DataFile,
    theme_id: Option<i64>,
    name: &str,
    active: bool,
) -> Result<Vec<Theme>> {
    db.store.save_theme(theme_id, name, active)
}

/// Adds a strength or issue (`id` None) or changes one, with its themes.
pub fn save_finding(
    db: &mut DataFile,
    review_id: i64,
    finding_id: Option<i64>,
    input: &FindingInput,
) -> Result<Vec<Finding>> {
    db.store.save_finding(review_id, finding_id, input)
}

/// Saves a recommendation of a review (new when `recommendation_id` is `None`); returns
/// the review's recommendations.
///
/// Errors: `Validation` for a blank or too long text; `NotFound` for an unknown review.
pub fn save_recommendation(
    db: &mut DataFile,
    review_id: i64,
    recommendation_id: Option<i64>,
    text: &str,
) -> Result<Vec<Recommendation>> {
    db.store
        .save_recommendation(review_id, recommendation_id, text)
}

/// Keeps what the group says of the contract's progress since its earlier review.
///
/// Errors: `Validation` for a text too long; `NotFound` for an unknown review.
pub fn set_progress_narrative(db: &mut DataFile, review_id: i64, text: &str) -> Result<()> {
    db.store.set_progress_narrative(review_id, text)
}

/// A re-review beside the review it follows up: the owner's and the group's levels
/// then and now, and the earlier actions with their status.
pub fn comparison(db: &DataFile, review_id: i64) -> Result<Comparison> {
    db.store.comparison(review_id, today())
}

/// A contract's reviews, oldest first, with the moderated level of each activity: the
/// trend its page shows.
pub fn review_history(db: &DataFile, contract_id: i64) -> Result<ReviewHistory> {
    db.store.review_history(contract_id)
}

/// The feedback letter to the Corporate Director and the Cabinet Member: as edited, or
/// written from the review's outcome, findings, recommendations and actions.
pub fn feedback_letter(db: &DataFile, review_id: i64) -> Result<Letter> {
    db.store.feedback_letter(review_id, today())
}

/// The most meetings one page holds.
pub const MEETINGS_PAGE_MAX: u32 = 200;

/// A page of the review group's meetings, latest first.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct MeetingsPage {
    pub total: u32,
    pub offset: u32,
    pub meetings: Vec<Meeting>,
}

/// One page of the meetings, latest first: `limit` is held to 1 to 200.
pub fn meetings(db: &DataFile, offset: u32, limit: u32) -> Result<MeetingsPage> {
    let (meetings, total) = db
        .store
        .meetings_page(offset, limit.clamp(1, MEETINGS_PAGE_MAX))?;
    Ok(MeetingsPage {
        total,
        offset,
        meetings,
    })
}

/// Saves a meeting (new when `meeting_id` is `None`) and returns it as stored.
///
/// Errors: `Validation` naming each rule broken (date, times, a chair among those
/// present, no one both present and sending apologies).
pub fn save_meeting(
    db: &mut DataFile,
    meeting_id: Option<i64>,
    input: &MeetingInput,
) -> Result<Meeting> {
    let id = db.store.save_meeting(meeting_id, input)?;
    db.store.meeting(id)
}

/// Records the outcome of a review and returns the review as it now stands.
///
/// Errors: `Validation` naming the activities still without an agreed level, a return
/// without a date, a referral without a reason.
pub fn set_outcome(
    db: &mut DataFile,
    review_id: i64,
    input: &OutcomeInput,
) -> Result<ReviewDetail> {
    db.store.set_outcome(review_id, input)?;
    db.store.review_detail(review_id, today())
}

/// The kinds of note the group writes down about a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Challenge,
    Finding,
    Recommendation,
}

/// Removes a challenge, finding or recommendation.
pub fn delete_review_note(db: &mut DataFile, kind: NoteKind, id: i64) -> Result<()> {
    match kind {
        NoteKind::Challenge => db.store.delete_challenge(id),
        NoteKind::Finding => db.store.delete_finding(id),
        NoteKind::Recommendation => db.store.delete_recommendation(id),
    }
}

/// Keeps the edited feedback letter (`None` goes back to the one written from the
/// findings) and returns the letter as it now reads.
pub fn save_letter(db: &mut DataFile, review_id: i64, text: Option<&str>) -> Result<Letter> {
    db.store.save_letter(review_id, text)?;
    db.store.feedback_letter(review_id, today())
}

/// How a review's feedback letter is offered to be saved: "Feedback letter <title>
/// <meeting date>.pdf".
pub fn letter_save_as(db: &DataFile, review_id: i64) -> Result<SaveAs> {
    let detail = db.store.review_detail(review_id, today())?;
    Ok(SaveAs {
        title: "Save the feedback letter",
        file_name: format!(
            "Feedback letter {} {}.pdf",
            safe_file_stem(&detail.title),
            file_date(detail.meeting.held_on)
        ),
        kind: PDF,
    })
}

/// Writes a review's feedback letter to `dest`, as `options.format` says.
pub fn export_feedback_letter(
    db: &DataFile,
    review_id: i64,
    options: &PackOptions,
    dest: &Path,
) -> Result<PackSummary> {
    let detail = db.store.review_detail(review_id, today())?;
    let letter = db.store.feedback_letter(review_id, today())?;
    let council = db.store.organisation()?.name;
    let pack = cmm_pack::letter_pack(
        &detail.title,
        detail.meeting.held_on,
        &council,
        &letter.text,
        options,
    );
    write_pdf(dest, &pack, format!("Feedback letter: {}", detail.title), 1)
}

/// The meeting a meeting pack is for: one the group recorded (by its number), or every
/// report with a meeting date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingPackFor {
    Recorded(i64),
    Dated(NaiveDate),
}

impl MeetingPackFor {
    /// A meeting's number, or a date (2027-01-14 or 14/01/2027), as `cmm` takes it.
    ///
    /// Errors: `Validation` on `meeting` when it is neither.
    pub fn parse(meeting: &str) -> Result<MeetingPackFor> {
        if let Ok(id) = meeting.trim().parse::<i64>() {
            return Ok(MeetingPackFor::Recorded(id));
        }
        let date = cmm_core::contracts::parse_date(meeting).ok_or_else(|| {
            CoreError::Validation(vec![FieldError::new(
                "meeting",
                format!("The meeting must be a meeting's number or a date, like 2027-01-14 or 14/01/2027; \"{meeting}\" is neither"),
            )])
        })?;
        Ok(MeetingPackFor::Dated(date))
    }
}

/// A meeting date as typed in the window.
///
/// Errors: `Validation` on `meeting_date`, in the one wording of a refused date.
pub fn parse_meeting_date(meeting_date: &str) -> Result<NaiveDate> {
    cmm_core::contracts::parse_date(meeting_date).ok_or_else(|| {
        CoreError::Validation(vec![FieldError::new(
            "meeting_date",
            cmm_core::kernel::dates::date_problem("The meeting date", meeting_date),
        )])
    })
}

/// How a meeting pack is offered to be saved. The agenda is read first (cheaply: no seal
/// is checked until the pack is drawn), so that a meeting with no report is refused
/// before anyone is asked where to save.
///
/// Errors: `Validation` when no report has that meeting date; `NotFound` for an unknown
/// meeting.
pub fn meeting_pack_save_as(db: &DataFile, meeting: MeetingPackFor) -> Result<SaveAs> {
    let date = agenda(&db.store, meeting)?.date;
    let file_name = match meeting {
        MeetingPackFor::Dated(_) => format!("Sub-group meeting {} pack.pdf", file_date(date)),
        MeetingPackFor::Recorded(_) => {
            format!("Review group meeting {} pack.pdf", file_date(date))
        }
    };
    Ok(SaveAs {
        title: "Save the meeting pack",
        file_name,
        kind: PDF,
    })
}

/// Writes a meeting's pack to `dest`, as `options.format` says: the agenda (with the time, chair and members of a
/// recorded meeting), then the pack of every report on it, in order.
pub fn export_meeting_pack(
    db: &DataFile,
    meeting: MeetingPackFor,
    options: &PackOptions,
    dest: &Path,
) -> Result<PackSummary> {
    let source = pack_source_for(&db.store, meeting, today())?;
    let pack = cmm_pack::meeting_pack(&source, options);
    write_pdf(
        dest,
        &pack,
        format!("Meeting of {}", source.date.format("%-d %B %Y")),
        source.reports.len(),
    )
}

/// One review as the secretariat reports it: where and when, the review, the scores once
/// revealed (`None` before), and how it compares with the contract's earlier review.
#[derive(Debug, Clone)]
pub struct ReviewRecord {
    pub review_id: i64,
    pub held_on: NaiveDate,
    pub title: String,
    pub detail: ReviewDetail,
    pub scores: Option<Reveal>,
    pub comparison: Comparison,
}

/// Every review at every meeting, or only review `only`. Scores stay hidden until the
/// chair reveals them, here too.
///
/// Errors: `NotFound` when `only` names no review.
pub fn review_records(db: &DataFile, only: Option<i64>) -> Result<Vec<ReviewRecord>> {
    let today = today();
    let mut out = Vec::new();
    for m in db.store.meetings()? {
        for item in &m.items {
            if only.is_some_and(|r| r != item.review_id) {
                continue;
            }
            let detail = db.store.review_detail(item.review_id, today)?;
            let scores = match db.store.revealed_scores(item.review_id) {
                Ok(r) => Some(r),
                Err(e) if e.code() == ErrorCode::ScoresHidden => None,
                Err(e) => return Err(e),
            };
            out.push(ReviewRecord {
                review_id: item.review_id,
                held_on: m.held_on,
                title: item.title.clone(),
                detail,
                scores,
                comparison: db.store.comparison(item.review_id, today)?,
            });
        }
    }
    if let (Some(r), true) = (only, out.is_empty()) {
        return Err(CoreError::NotFound {
            what: "Review",
            key: r.to_string(),
        });
    }
    Ok(out)
}

/// What is on a meeting pack's agenda: the date, the meeting as recorded (for a recorded
/// one) and the reports, in agenda order. Reading it is cheap (no seal is checked), so a
/// meeting with nothing to put in its pack is refused before anyone is asked where to save.
struct Agenda {
    date: NaiveDate,
    meeting: Option<Meeting>,
    report_ids: Vec<i64>,
}

/// The agenda of `meeting`.
///
/// Errors: `NotFound` for an unknown recorded meeting; `Validation` on `meeting` when it
/// has no report.
fn agenda(store: &Store, meeting: MeetingPackFor) -> Result<Agenda> {
    let refuse = |message: String| CoreError::Validation(vec![FieldError::new("meeting", message)]);
    match meeting {
        MeetingPackFor::Recorded(id) => {
            let meeting = store.meeting(id)?;
            if meeting.items.is_empty() {
                return Err(refuse(format!(
                    "The meeting of {} has no reports on its agenda yet, so there is nothing to put in its pack.",
                    meeting.held_on.format("%d/%m/%Y")
                )));
            }
            Ok(Agenda {
                date: meeting.held_on,
                report_ids: meeting.items.iter().map(|i| i.report_id).collect(),
                meeting: Some(meeting),
            })
        }
        MeetingPackFor::Dated(date) => {
            let report_ids = store.meeting_reports(date)?;
            if report_ids.is_empty() {
                return Err(refuse(format!(
                    "No maturity report has the meeting date {}. Set the meeting date on each report to be considered.",
                    date.format("%d/%m/%Y")
                )));
            }
            Ok(Agenda {
                date,
                meeting: None,
                report_ids,
            })
        }
    }
}

/// Every report on `meeting`'s agenda, ready for its pack (each seal checked).
fn pack_source_for(
    store: &Store,
    meeting: MeetingPackFor,
    today: NaiveDate,
) -> Result<MeetingSource> {
    let agenda = agenda(store, meeting)?;
    Ok(MeetingSource {
        date: agenda.date,
        meeting: agenda.meeting,
        reports: agenda
            .report_ids
            .into_iter()
            .map(|id| crate::reports::pack_source(store, id, today))
            .collect::<Result<_>>()?,
        organisation: store.organisation()?,
    })
}

/// The pack for a meeting the review group recorded: the reports on its agenda, in
/// order. Refused when the agenda is empty.
pub fn meeting_source_for(
    store: &Store,
    meeting_id: i64,
    today: NaiveDate,
) -> Result<MeetingSource> {
    pack_source_for(store, MeetingPackFor::Recorded(meeting_id), today)
}

/// Every report for the meeting on `date`, ready for a meeting pack. Refused when there
/// is none, so an empty pack is never made.
pub fn meeting_source(store: &Store, date: NaiveDate, today: NaiveDate) -> Result<MeetingSource> {
    pack_source_for(store, MeetingPackFor::Dated(date), today)
}
