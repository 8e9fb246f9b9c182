//! The review sub-group: members, meetings, scores, moderation, notes, outcomes, letters
//! and meeting packs.

use super::{save_to, Reply};
use crate::dialogs::Dialogs;
use crate::state::AppState;
use cmm_api::files::{Format, Marking, PackOptions, PackSummary};
use cmm_api::reports::MeetingDate;
use cmm_api::review::notes::{Letter, ReviewDetail};
use cmm_api::review::{
    self, Action, ActionInput, AgendaOffer, Challenge, ChallengeInput, Comparison, Finding,
    FindingInput, Meeting, MeetingInput, MeetingPackFor, MeetingsPage, Member, MemberInput,
    ModerationInput, NoteKind, OutcomeInput, Recommendation, Reveal, ReviewHistory, Score,
    ScoreInput, ScoringProgress, Theme,
};
use tauri::State;

/// The meeting dates the reports carry, for choosing a meeting pack.
#[tauri::command]
#[specta::specta]
pub async fn meeting_dates(state: State<'_, AppState>) -> Reply<Vec<MeetingDate>> {
    state.run(move |db| review::meeting_dates(db)).await
}

#[tauri::command]
#[specta::specta]
pub async fn members(state: State<'_, AppState>) -> Reply<Vec<Member>> {
    state.run(move |db| review::members(db)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_member(
    state: State<'_, AppState>,
    member_id: Option<i64>,
    input: MemberInput,
) -> Reply<Member> {
    state
        .run(move |db| review::save_member(db, member_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting(state: State<'_, AppState>, meeting_id: i64) -> Reply<Meeting> {
    state.run(move |db| review::meeting(db, meeting_id)).await
}

/// The signed reports a meeting's agenda offers: those whose meeting date is `held_on`,
/// and those planned for meeting `meeting_id` on the forward plan.
#[tauri::command]
#[specta::specta]
pub async fn agenda_offer(
    state: State<'_, AppState>,
    held_on: String,
    meeting_id: Option<i64>,
) -> Reply<Vec<AgendaOffer>> {
    state
        .run(move |db| review::agenda_offer(db, &held_on, meeting_id))
        .await
}

/// A member's own scores: all anyone may see before the chair reveals them.
#[tauri::command]
#[specta::specta]
pub async fn own_scores(
    state: State<'_, AppState>,
    review_id: i64,
    member_id: i64,
) -> Reply<Vec<Score>> {
    state
        .run(move |db| review::own_scores(db, review_id, member_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn record_scores(
    state: State<'_, AppState>,
    review_id: i64,
    member_id: i64,
    scores: Vec<ScoreInput>,
) -> Reply<Vec<Score>> {
    state
        .run(move |db| review::record_scores(db, review_id, member_id, &scores))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn scoring_progress(
    state: State<'_, AppState>,
    review_id: i64,
) -> Reply<ScoringProgress> {
    state
        .run(move |db| review::scoring_progress(db, review_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn reveal_scores(state: State<'_, AppState>, review_id: i64) -> Reply<Reveal> {
    state
        .run(move |db| review::reveal_scores(db, review_id))
        .await
}

/// Every score and the owner's self-assessment; refused (`scores_hidden`) before the reveal.
#[tauri::command]
#[specta::specta]
pub async fn revealed_scores(state: State<'_, AppState>, review_id: i64) -> Reply<Reveal> {
    state
        .run(move |db| review::revealed_scores(db, review_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn moderate(
    state: State<'_, AppState>,
    review_id: i64,
    activity: u8,
    input: ModerationInput,
) -> Reply<Reveal> {
    state
        .run(move |db| review::moderate(db, review_id, activity, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn record_dissent(
    state: State<'_, AppState>,
    review_id: i64,
    activity: u8,
    member_id: i64,
    note: String,
) -> Reply<Reveal> {
    state
        .run(move |db| review::record_dissent(db, review_id, activity, member_id, &note))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn review_detail(state: State<'_, AppState>, review_id: i64) -> Reply<ReviewDetail> {
    state
        .run(move |db| review::review_detail(db, review_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_action(
    state: State<'_, AppState>,
    review_id: i64,
    action_id: Option<i64>,
    input: ActionInput,
) -> Reply<Action> {
    state
        .run(move |db| review::save_action(db, review_id, action_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn overdue_actions(state: State<'_, AppState>) -> Reply<Vec<Action>> {
    state.run(move |db| review::overdue_actions(db)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_challenge(
    state: State<'_, AppState>,
    review_id: i64,
    challenge_id: Option<i64>,
    input: ChallengeInput,
) -> Reply<Vec<Challenge>> {
    state
        .run(move |db| review::save_challenge(db, review_id, challenge_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn themes(state: State<'_, AppState>) -> Reply<Vec<Theme>> {
    state.run(move |db| review::themes(db)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_theme(
    state: State<'_, AppState>,
    theme_id: Option<i64>,
    name: String,
    active: bool,
) -> Reply<Vec<Theme>> {
    state
        .run(move |db| review::save_theme(db, theme_id, &name, active))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_finding(
    state: State<'_, AppState>,
    review_id: i64,
    finding_id: Option<i64>,
    input: FindingInput,
) -> Reply<Vec<Finding>> {
    state
        .run(move |db| review::save_finding(db, review_id, finding_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_recommendation(
    state: State<'_, AppState>,
    review_id: i64,
    recommendation_id: Option<i64>,
    text: String,
) -> Reply<Vec<Recommendation>> {
    state
        .run(move |db| review::save_recommendation(db, review_id, recommendation_id, &text))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_progress_narrative(
    state: State<'_, AppState>,
    review_id: i64,
    text: String,
) -> Reply<()> {
    state
        .run(move |db| review::set_progress_narrative(db, review_id, &text))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn comparison(state: State<'_, AppState>, review_id: i64) -> Reply<Comparison> {
    state.run(move |db| review::comparison(db, review_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_history(state: State<'_, AppState>, contract_id: i64) -> Reply<ReviewHistory> {
    state
        .run(move |db| review::review_history(db, contract_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn feedback_letter(state: State<'_, AppState>, review_id: i64) -> Reply<Letter> {
    state
        .run(move |db| review::feedback_letter(db, review_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn meetings(state: State<'_, AppState>, offset: u32, limit: u32) -> Reply<MeetingsPage> {
    state
        .run(move |db| review::meetings(db, offset, limit))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_meeting(
    state: State<'_, AppState>,
    meeting_id: Option<i64>,
    input: MeetingInput,
) -> Reply<Meeting> {
    state
        .run(move |db| review::save_meeting(db, meeting_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_outcome(
    state: State<'_, AppState>,
    review_id: i64,
    input: OutcomeInput,
) -> Reply<ReviewDetail> {
    state
        .run(move |db| review::set_outcome(db, review_id, &input))
        .await
}

/// Removes a challenge, finding or recommendation.
#[tauri::command]
#[specta::specta]
pub async fn delete_review_note(state: State<'_, AppState>, kind: NoteKind, id: i64) -> Reply<()> {
    state
        .run(move |db| review::delete_review_note(db, kind, id))
        .await
}

/// Keeps the edited letter; `null` goes back to the one written from the findings.
#[tauri::command]
#[specta::specta]
pub async fn save_letter(
    state: State<'_, AppState>,
    review_id: i64,
    text: Option<String>,
) -> Reply<Letter> {
    state
        .run(move |db| review::save_letter(db, review_id, text.as_deref()))
        .await
}

/// Asks where to save, then writes the feedback letter as a tagged PDF or a Word document
/// (`format`). `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_feedback_letter(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    review_id: i64,
    marking: Marking,
    format: Format,
) -> Reply<Option<PackSummary>> {
    let save_as = state
        .run(move |db| review::letter_save_as(db, review_id))
        .await?
        .as_format(format);
    save_to(&dialogs, &state, &save_as, move |db, dest| {
        review::export_feedback_letter(db, review_id, &PackOptions { marking, format }, dest)
    })
    .await
}

/// Asks where to save, then writes the pack for a recorded meeting. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_recorded_meeting_pack(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    meeting_id: i64,
    marking: Marking,
    format: Format,
) -> Reply<Option<PackSummary>> {
    let options = PackOptions { marking, format };
    export_pack_for(
        &dialogs,
        &state,
        MeetingPackFor::Recorded(meeting_id),
        options,
    )
    .await
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
    format: Format,
) -> Reply<Option<PackSummary>> {
    let date = review::parse_meeting_date(&meeting_date).map_err(|e| e.reply())?;
    let options = PackOptions { marking, format };
    export_pack_for(&dialogs, &state, MeetingPackFor::Dated(date), options).await
}

/// A meeting's pack: refused before anyone is asked where to save when there is nothing
/// to put in it.
async fn export_pack_for(
    dialogs: &Dialogs,
    state: &AppState,
    meeting: MeetingPackFor,
    options: PackOptions,
) -> Reply<Option<PackSummary>> {
    let save_as = state
        .run(move |db| review::meeting_pack_save_as(db, meeting))
        .await?
        .as_format(options.format);
    save_to(dialogs, state, &save_as, move |db, dest| {
        review::export_meeting_pack(db, meeting, &options, dest)
    })
    .await
}
