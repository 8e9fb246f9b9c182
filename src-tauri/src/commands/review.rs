//! The review sub-group: members, meetings, scores, moderation, notes, outcomes, letters
//! and meeting packs.

use super::{save_to, Reply};
use crate::dialogs::Dialogs;
use crate::state::AppState;
use cmm_api::files::{Marking, PackOptions, PackSummary};
use cmm_api::reports::MeetingDate;
use cmm_api::review::notes::{Letter, ReviewDetail};
use cmm_api::review::{
    self, Action, ActionInput, Challenge, ChallengeInput, Comparison, Finding, FindingInput,
    HistoryPoint, Meeting, MeetingInput, MeetingPackFor, MeetingsPage, Member, MemberInput,
    ModerationInput, NoteKind, OutcomeInput, Recommendation, Reveal, Score, ScoreInput,
    ScoringProgress, Theme,
};
use tauri::State;

/// The meeting dates the reports carry, for choosing a meeting pack.
#[tauri::command]
#[specta::specta]
pub fn meeting_dates(state: State<'_, AppState>) -> Reply<Vec<MeetingDate>> {
    state.with_store(|db| review::meeting_dates(db))
}

#[tauri::command]
#[specta::specta]
pub fn members(state: State<'_, AppState>) -> Reply<Vec<Member>> {
    state.with_store(|db| review::members(db))
}

#[tauri::command]
#[specta::specta]
pub fn save_member(
    state: State<'_, AppState>,
    member_id: Option<i64>,
    input: MemberInput,
) -> Reply<Member> {
    state.with_store(|db| review::save_member(db, member_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn meeting(state: State<'_, AppState>, meeting_id: i64) -> Reply<Meeting> {
    state.with_store(|db| review::meeting(db, meeting_id))
}

/// A member's own scores: all anyone may see before the chair reveals them.
#[tauri::command]
#[specta::specta]
pub fn own_scores(state: State<'_, AppState>, review_id: i64, member_id: i64) -> Reply<Vec<Score>> {
    state.with_store(|db| review::own_scores(db, review_id, member_id))
}

#[tauri::command]
#[specta::specta]
pub fn record_scores(
    state: State<'_, AppState>,
    review_id: i64,
    member_id: i64,
    scores: Vec<ScoreInput>,
) -> Reply<Vec<Score>> {
    state.with_store(|db| review::record_scores(db, review_id, member_id, &scores))
}

#[tauri::command]
#[specta::specta]
pub fn scoring_progress(state: State<'_, AppState>, review_id: i64) -> Reply<ScoringProgress> {
    state.with_store(|db| review::scoring_progress(db, review_id))
}

#[tauri::command]
#[specta::specta]
pub fn reveal_scores(state: State<'_, AppState>, review_id: i64) -> Reply<Reveal> {
    state.with_store(|db| review::reveal_scores(db, review_id))
}

/// Every score and the owner's self-assessment; refused (`scores_hidden`) before the reveal.
#[tauri::command]
#[specta::specta]
pub fn revealed_scores(state: State<'_, AppState>, review_id: i64) -> Reply<Reveal> {
    state.with_store(|db| review::revealed_scores(db, review_id))
}

#[tauri::command]
#[specta::specta]
pub fn moderate(
    state: State<'_, AppState>,
    review_id: i64,
    activity: u8,
    input: ModerationInput,
) -> Reply<Reveal> {
    state.with_store(|db| review::moderate(db, review_id, activity, &input))
}

#[tauri::command]
#[specta::specta]
pub fn record_dissent(
    state: State<'_, AppState>,
    review_id: i64,
    activity: u8,
    member_id: i64,
    note: String,
) -> Reply<Reveal> {
    state.with_store(|db| review::record_dissent(db, review_id, activity, member_id, &note))
}

#[tauri::command]
#[specta::specta]
pub fn review_detail(state: State<'_, AppState>, review_id: i64) -> Reply<ReviewDetail> {
    state.with_store(|db| review::review_detail(db, review_id))
}

#[tauri::command]
#[specta::specta]
pub fn save_action(
    state: State<'_, AppState>,
    review_id: i64,
    action_id: Option<i64>,
    input: ActionInput,
) -> Reply<Action> {
    state.with_store(|db| review::save_action(db, review_id, action_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn overdue_actions(state: State<'_, AppState>) -> Reply<Vec<Action>> {
    state.with_store(|db| review::overdue_actions(db))
}

#[tauri::command]
#[specta::specta]
pub fn save_challenge(
    state: State<'_, AppState>,
    review_id: i64,
    challenge_id: Option<i64>,
    input: ChallengeInput,
) -> Reply<Vec<Challenge>> {
    state.with_store(|db| review::save_challenge(db, review_id, challenge_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn themes(state: State<'_, AppState>) -> Reply<Vec<Theme>> {
    state.with_store(|db| review::themes(db))
}

#[tauri::command]
#[specta::specta]
pub fn save_theme(
    state: State<'_, AppState>,
    theme_id: Option<i64>,
    name: String,
    active: bool,
) -> Reply<Vec<Theme>> {
    state.with_store(|db| review::save_theme(db, theme_id, &name, active))
}

#[tauri::command]
#[specta::specta]
pub fn save_finding(
    state: State<'_, AppState>,
    review_id: i64,
    finding_id: Option<i64>,
    input: FindingInput,
) -> Reply<Vec<Finding>> {
    state.with_store(|db| review::save_finding(db, review_id, finding_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn save_recommendation(
    state: State<'_, AppState>,
    review_id: i64,
    recommendation_id: Option<i64>,
    text: String,
) -> Reply<Vec<Recommendation>> {
    state.with_store(|db| review::save_recommendation(db, review_id, recommendation_id, &text))
}

#[tauri::command]
#[specta::specta]
pub fn set_progress_narrative(
    state: State<'_, AppState>,
    review_id: i64,
    text: String,
) -> Reply<()> {
    state.with_store(|db| review::set_progress_narrative(db, review_id, &text))
}

#[tauri::command]
#[specta::specta]
pub fn comparison(state: State<'_, AppState>, review_id: i64) -> Reply<Comparison> {
    state.with_store(|db| review::comparison(db, review_id))
}

#[tauri::command]
#[specta::specta]
pub fn review_history(state: State<'_, AppState>, contract_id: i64) -> Reply<Vec<HistoryPoint>> {
    state.with_store(|db| review::review_history(db, contract_id))
}

#[tauri::command]
#[specta::specta]
pub fn feedback_letter(state: State<'_, AppState>, review_id: i64) -> Reply<Letter> {
    state.with_store(|db| review::feedback_letter(db, review_id))
}

#[tauri::command]
#[specta::specta]
pub fn meetings(state: State<'_, AppState>, offset: u32, limit: u32) -> Reply<MeetingsPage> {
    state.with_store(|db| review::meetings(db, offset, limit))
}

#[tauri::command]
#[specta::specta]
pub fn save_meeting(
    state: State<'_, AppState>,
    meeting_id: Option<i64>,
    input: MeetingInput,
) -> Reply<Meeting> {
    state.with_store(|db| review::save_meeting(db, meeting_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn set_outcome(
    state: State<'_, AppState>,
    review_id: i64,
    input: OutcomeInput,
) -> Reply<ReviewDetail> {
    state.with_store(|db| review::set_outcome(db, review_id, &input))
}

/// Removes a challenge, finding or recommendation.
#[tauri::command]
#[specta::specta]
pub fn delete_review_note(state: State<'_, AppState>, kind: NoteKind, id: i64) -> Reply<()> {
    state.with_store(|db| review::delete_review_note(db, kind, id))
}

/// Keeps the edited letter; `null` goes back to the one written from the findings.
#[tauri::command]
#[specta::specta]
pub fn save_letter(
    state: State<'_, AppState>,
    review_id: i64,
    text: Option<String>,
) -> Reply<Letter> {
    state.with_store(|db| review::save_letter(db, review_id, text.as_deref()))
}

/// Asks where to save, then writes the feedback letter as a PDF. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_feedback_letter(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    review_id: i64,
    marking: Marking,
) -> Reply<Option<PackSummary>> {
    let save_as = state.with_store(|db| review::letter_save_as(db, review_id))?;
    save_to(&dialogs, &state, &save_as, |db, dest| {
        review::export_feedback_letter(db, review_id, &PackOptions { marking }, dest)
    })
}

/// Asks where to save, then writes the pack for a recorded meeting. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_recorded_meeting_pack(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    meeting_id: i64,
    marking: Marking,
) -> Reply<Option<PackSummary>> {
    export_pack_for(
        &dialogs,
        &state,
        MeetingPackFor::Recorded(meeting_id),
        marking,
    )
}

/// Asks where to save, then writes the pack for the sub-group meeting on `meeting_date`.
/// `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_meeting_pack(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    meeting_date: String,
    marking: Marking,
) -> Reply<Option<PackSummary>> {
    let date = review::parse_meeting_date(&meeting_date).map_err(|e| e.reply())?;
    export_pack_for(&dialogs, &state, MeetingPackFor::Dated(date), marking)
}

/// A meeting's pack: refused before anyone is asked where to save when there is nothing
/// to put in it.
fn export_pack_for(
    dialogs: &Dialogs,
    state: &AppState,
    meeting: MeetingPackFor,
    marking: Marking,
) -> Reply<Option<PackSummary>> {
    let save_as = state.with_store(|db| review::meeting_pack_save_as(db, meeting))?;
    save_to(dialogs, state, &save_as, |db, dest| {
        review::export_meeting_pack(db, meeting, &PackOptions { marking }, dest)
    })
}
