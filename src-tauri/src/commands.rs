//! Tauri commands: take state, call the core, map the error. Nothing else lives here.

use crate::dialogs::Dialogs;
use crate::state::{AppState, StartupInfo};
use cmm_core::contracts::{Contract, ContractInput};
use cmm_core::contracts::{ContractForm, RegisterPage};
use cmm_core::framework::Framework;
use cmm_core::kept::FormDraft;
use cmm_core::reports::attestation::{Attestation, AttestationInput};
use cmm_core::reports::evidence::{Completeness, EvidenceItem, EvidenceTarget};
use cmm_core::reports::seal::SealStatus;
use cmm_core::reports::sections::financial::{FinancialInput, FinancialView};
use cmm_core::reports::sections::operational::{OperationalInput, OperationalView};
use cmm_core::reports::sections::risk::{RiskRegisterInput, RiskRegisterView};
use cmm_core::reports::sections::schema::{SectionValues, SectionView};
use cmm_core::reports::submission::{self, SubmissionSummary};
use cmm_core::reports::MaturityReport;
use cmm_core::reports::{ActivityAssessment, AssessmentInput, NewReportInput};
use cmm_core::review::{
    Action, ActionInput, Challenge, ChallengeInput, Finding, FindingInput, MeetingInput, Member,
    MemberInput, ModerationInput, OutcomeInput, Recommendation, Score, ScoreInput, Theme,
};
use cmm_core::review::{
    Comparison, HistoryPoint, Letter, Meeting, MeetingDate, Reveal, ReviewDetail, ScoringProgress,
};
use cmm_core::user::{AppUser, AppUserInput};
use cmm_core::{ErrorReport, FieldError};
use cmm_pack::{Marking, PackOptions, PackSummary};
use tauri::State;

type Reply<T> = Result<T, ErrorReport>;

/// Where the database is and whether it has opened yet, or why not. Off the main thread:
/// for a damaged file it reads what the backup would lack.
#[tauri::command]
#[specta::specta]
pub async fn startup(state: State<'_, AppState>) -> Reply<StartupInfo> {
    // While the file is opening, answer as soon as there is news (opened, failed, or
    // waiting longer for another program), or after a quarter of a second.
    let waiter = state.opening_waiter();
    let _ = tauri::async_runtime::spawn_blocking(move || {
        waiter.wait(std::time::Duration::from_millis(250))
    })
    .await;
    Ok(state.startup_info())
}

/// Tries to open the file again after another program held it past the wait.
#[tauri::command]
#[specta::specta]
pub async fn open_again(state: State<'_, AppState>) -> Reply<StartupInfo> {
    Ok(state.open_again())
}

/// Makes a new, empty data file at the path given (`--db`), which had none, once the
/// officer has said that is what they want.
#[tauri::command]
#[specta::specta]
pub async fn create_database(state: State<'_, AppState>) -> Reply<StartupInfo> {
    Ok(state.create_database())
}

/// Replaces a damaged database with the backup `file_name` (as `startup`'s restore plan
/// named it). The damaged file is kept; a file that is not damaged is never replaced.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>, file_name: String) -> Reply<StartupInfo> {
    state.restore_backup(&file_name)
}

/// One page of the register, found by part of a name, reference, contractor or service
/// area, with the counts and the unfinished contracts.
#[tauri::command]
#[specta::specta]
pub fn register_page(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    search: String,
) -> Reply<RegisterPage> {
    state.with_store(|s| s.register_page(offset, limit, &search))
}

#[tauri::command]
#[specta::specta]
pub fn contract_form(state: State<'_, AppState>, contract_id: i64) -> Reply<ContractForm> {
    state.with_store(|s| s.contract_form(contract_id))
}

#[tauri::command]
#[specta::specta]
pub fn draft_form(state: State<'_, AppState>, draft_id: i64) -> Reply<ContractForm> {
    state.with_store(|s| s.draft_form(draft_id))
}

/// Validates and saves; invalid input changes nothing and names every broken rule.
#[tauri::command]
#[specta::specta]
pub fn save_contract(
    state: State<'_, AppState>,
    contract_id: Option<i64>,
    draft_id: Option<i64>,
    input: ContractInput,
) -> Reply<Contract> {
    state.with_store(|s| s.save_contract(contract_id, draft_id, &input))
}

/// Keeps the form as typed while it cannot be saved yet. Returns the draft's id.
#[tauri::command]
#[specta::specta]
pub fn keep_contract_draft(
    state: State<'_, AppState>,
    contract_id: Option<i64>,
    draft_id: Option<i64>,
    input: ContractInput,
) -> Reply<i64> {
    state.with_store(|s| s.keep_draft(contract_id, draft_id, &input))
}

/// The draft of a form that saves on a button (an action, a finding, a meeting…), if kept.
#[tauri::command]
#[specta::specta]
pub fn form_draft(state: State<'_, AppState>, form: String) -> Reply<Option<FormDraft>> {
    state.with_store(|s| s.form_draft(&form))
}

/// Keeps what is typed into such a form, with what the last attempt to save it said.
#[tauri::command]
#[specta::specta]
pub fn keep_form_draft(
    state: State<'_, AppState>,
    form: String,
    input: serde_json::Value,
    errors: Vec<FieldError>,
) -> Reply<FormDraft> {
    state.with_store(|s| s.keep_form_draft(&form, &input, &errors))
}

/// Which forms named `prefix…` have a draft kept (for example `member/`).
#[tauri::command]
#[specta::specta]
pub fn form_drafts(state: State<'_, AppState>, prefix: String) -> Reply<Vec<String>> {
    state.with_store(|s| s.form_drafts(&prefix))
}

/// Forgets a form's draft once what it held is saved, or the person clears the form.
#[tauri::command]
#[specta::specta]
pub fn discard_form_draft(state: State<'_, AppState>, form: String) -> Reply<()> {
    state.with_store(|s| s.discard_form_draft(&form))
}

#[tauri::command]
#[specta::specta]
pub fn discard_draft(state: State<'_, AppState>, draft_id: i64) -> Reply<()> {
    state.with_store(|s| s.discard_draft(draft_id))
}

#[tauri::command]
#[specta::specta]
pub fn delete_contract(state: State<'_, AppState>, contract_id: i64) -> Reply<()> {
    state.with_store(|s| s.delete_contract(contract_id))
}

/// A stored framework version: the built-in one when `version` is empty.
#[tauri::command]
#[specta::specta]
pub fn framework(state: State<'_, AppState>, version: Option<String>) -> Reply<Framework> {
    let version = version.unwrap_or_else(|| cmm_core::framework::BUILT_IN_VERSION.to_owned());
    state.with_store(|s| s.framework(&version))
}

#[tauri::command]
#[specta::specta]
pub fn report(state: State<'_, AppState>, report_id: i64) -> Reply<MaturityReport> {
    state.with_store(|s| s.report(report_id))
}

/// Starts a maturity report; returns its id.
#[tauri::command]
#[specta::specta]
pub fn create_report(state: State<'_, AppState>, input: NewReportInput) -> Reply<i64> {
    state.with_store(|s| s.create_report(&input))
}

/// Saves one row of Section 2: activity 1 to 8, or 0 for the overall row.
#[tauri::command]
#[specta::specta]
pub fn save_assessment(
    state: State<'_, AppState>,
    report_id: i64,
    activity: u8,
    input: AssessmentInput,
) -> Reply<ActivityAssessment> {
    state.with_store(|s| s.save_assessment(report_id, activity, &input))
}

/// Saves Section 3, the contract owner's attestation, as typed.
#[tauri::command]
#[specta::specta]
pub fn save_attestation(
    state: State<'_, AppState>,
    report_id: i64,
    input: AttestationInput,
) -> Reply<Attestation> {
    state.with_store(|s| s.save_attestation(report_id, &input))
}

/// Section 5, operational performance, with every month rated.
#[tauri::command]
#[specta::specta]
pub fn operational(state: State<'_, AppState>, report_id: i64) -> Reply<OperationalView> {
    state.with_store(|s| s.operational(report_id))
}

#[tauri::command]
#[specta::specta]
pub fn save_operational(
    state: State<'_, AppState>,
    report_id: i64,
    input: OperationalInput,
) -> Reply<OperationalView> {
    state.with_store(|s| s.save_operational(report_id, &input))
}

/// Section 9, the risk register, scored.
#[tauri::command]
#[specta::specta]
pub fn risk_register(state: State<'_, AppState>, report_id: i64) -> Reply<RiskRegisterView> {
    state.with_store(|s| s.risk_register(report_id))
}

#[tauri::command]
#[specta::specta]
pub fn save_risk_register(
    state: State<'_, AppState>,
    report_id: i64,
    input: RiskRegisterInput,
) -> Reply<RiskRegisterView> {
    state.with_store(|s| s.save_risk_register(report_id, &input))
}

/// A section made of fields and tables (4, 7, 8, 10, 11, 12), with its description.
#[tauri::command]
#[specta::specta]
pub fn section(state: State<'_, AppState>, report_id: i64, section: u8) -> Reply<SectionView> {
    state.with_store(|s| s.section(report_id, section))
}

#[tauri::command]
#[specta::specta]
pub fn save_section(
    state: State<'_, AppState>,
    report_id: i64,
    section: u8,
    values: SectionValues,
) -> Reply<SectionView> {
    state.with_store(|s| s.save_section(report_id, section, &values))
}

/// Section 6, financial performance, with the variance worked out.
#[tauri::command]
#[specta::specta]
pub fn financial(state: State<'_, AppState>, report_id: i64) -> Reply<FinancialView> {
    state.with_store(|s| s.financial(report_id))
}

#[tauri::command]
#[specta::specta]
pub fn save_financial(
    state: State<'_, AppState>,
    report_id: i64,
    input: FinancialInput,
) -> Reply<FinancialView> {
    state.with_store(|s| s.save_financial(report_id, &input))
}

/// Says who is using the app (asked on first start; can be changed).
#[tauri::command]
#[specta::specta]
pub fn save_app_user(state: State<'_, AppState>, input: AppUserInput) -> Reply<AppUser> {
    state.with_store(|s| s.save_app_user(&input))
}

// ---- evidence, signing and submission files -----------------------------------------

/// Every file attached to a report.
#[tauri::command]
#[specta::specta]
pub fn evidence(state: State<'_, AppState>, report_id: i64) -> Reply<Vec<EvidenceItem>> {
    state.with_store(|s| s.evidence(report_id))
}

/// Asks for files with the native dialog and attaches them all, or none. An empty list
/// means the person cancelled. File bytes never cross to the window.
#[tauri::command]
#[specta::specta]
pub async fn add_evidence(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    report_id: i64,
    target: EvidenceTarget,
    description: String,
) -> Reply<Vec<EvidenceItem>> {
    let paths = dialogs.pick_files(&format!("Attach evidence to {}", target.describe()));
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    state.with_store(|s| s.add_evidence(report_id, &target, &paths, &description))
}

#[tauri::command]
#[specta::specta]
pub fn remove_evidence(state: State<'_, AppState>, evidence_id: i64) -> Reply<()> {
    state.with_store(|s| s.remove_evidence(evidence_id))
}

/// Writes a temporary copy and opens it with the system viewer.
#[tauri::command]
#[specta::specta]
pub async fn open_evidence(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    evidence_id: i64,
) -> Reply<()> {
    let dir = std::env::temp_dir().join("contract-maturity-evidence");
    let path = state.with_store(|s| {
        let item = s.evidence_item(evidence_id)?;
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{evidence_id}-{}", item.file_name));
        s.save_evidence_copy(evidence_id, &path)?;
        Ok(path)
    })?;
    dialogs.open(&path).map_err(|e| {
        cmm_core::CoreError::file(&path, format!("could not be opened ({e})")).report()
    })
}

/// Saves a copy of an attached file where the person chooses. `false` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_evidence_copy(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    evidence_id: i64,
) -> Reply<bool> {
    let item = state.with_store(|s| s.evidence_item(evidence_id))?;
    let Some(dest) = dialogs.save_file("Save a copy", &item.file_name, None) else {
        return Ok(false);
    };
    state.with_store(|s| s.save_evidence_copy(evidence_id, &dest).map(|_| true))
}

/// The size limit for one evidence file, in megabytes.
#[tauri::command]
#[specta::specta]
pub fn evidence_limit(state: State<'_, AppState>) -> Reply<u32> {
    state.with_store(|s| s.evidence_limit_mb().map(|v| v as u32))
}

#[tauri::command]
#[specta::specta]
pub fn set_evidence_limit(state: State<'_, AppState>, limit_mb: i64) -> Reply<u32> {
    state.with_store(|s| s.set_evidence_limit_mb(limit_mb).map(|v| v as u32))
}

/// What is still missing before submission.
#[tauri::command]
#[specta::specta]
pub fn completeness(state: State<'_, AppState>, report_id: i64) -> Reply<Completeness> {
    state.with_store(|s| s.completeness(report_id))
}

/// Whether the report is signed and still exactly as signed (reads every evidence file).
#[tauri::command]
#[specta::specta]
pub async fn verify_report(state: State<'_, AppState>, report_id: i64) -> Reply<SealStatus> {
    state.with_store(|s| s.verify_report(report_id))
}

/// Signs Section 3: seals the whole report and locks it as submitted.
#[tauri::command]
#[specta::specta]
pub async fn sign_report(state: State<'_, AppState>, report_id: i64) -> Reply<SealStatus> {
    state.with_store(|s| s.sign_report(report_id))
}

/// Starts the next version of a submitted report; returns its id.
#[tauri::command]
#[specta::specta]
pub fn amend_report(state: State<'_, AppState>, report_id: i64) -> Reply<i64> {
    state.with_store(|s| s.amend_report(report_id))
}

/// A title made safe for a file name: letters, digits, spaces and hyphens.
fn safe_file_stem(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn submission_file_name(title: &str, version: u32) -> String {
    format!(
        "{} v{version}.{}",
        safe_file_stem(title),
        submission::EXTENSION
    )
}

/// Asks where to save, then writes the submission file. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_submission(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    report_id: i64,
) -> Reply<Option<SubmissionSummary>> {
    let report = state.with_store(|s| s.report(report_id))?;
    let Some(dest) = dialogs.save_file(
        "Export the submission for the sub-group",
        &submission_file_name(&report.title, report.version),
        Some(("Submission file", &[submission::EXTENSION])),
    ) else {
        return Ok(None);
    };
    state.with_store(|s| s.export_submission(report_id, &dest).map(Some))
}

/// Asks for a submission file, checks it completely and imports it. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_submission(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
) -> Reply<Option<SubmissionSummary>> {
    let Some(file) = dialogs.pick_file(
        "Import a submission file",
        ("Submission file", &[submission::EXTENSION]),
    ) else {
        return Ok(None);
    };
    state.with_store(|s| s.import_submission(&file).map(Some))
}

/// Asks where to save a PDF, then writes it with `export`. `None` when cancelled.
fn save_pdf(
    dialogs: &Dialogs,
    state: &AppState,
    title: &str,
    file_name: &str,
    export: impl FnOnce(&cmm_core::Store, &std::path::Path) -> cmm_core::Result<PackSummary>,
) -> Reply<Option<PackSummary>> {
    let Some(dest) = dialogs.save_file(title, file_name, Some(("PDF document", &["pdf"]))) else {
        return Ok(None);
    };
    state.with_store(|s| export(s, &dest).map(Some))
}

/// Asks where to save, then writes the report's PDF review pack. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_pack(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    report_id: i64,
    marking: Marking,
) -> Reply<Option<PackSummary>> {
    let report = state.with_store(|s| s.report(report_id))?;
    let name = format!(
        "{} v{} review pack.pdf",
        safe_file_stem(&report.title),
        report.version
    );
    save_pdf(
        &dialogs,
        &state,
        "Save the review pack",
        &name,
        |s, dest| {
            cmm_pack::export_contract_pack(s, report_id, today(), dest, &PackOptions { marking })
        },
    )
}

/// The meeting dates the reports carry, for choosing a meeting pack.
#[tauri::command]
#[specta::specta]
pub fn meeting_dates(state: State<'_, AppState>) -> Reply<Vec<MeetingDate>> {
    state.with_store(|s| s.meeting_dates())
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
    let date = cmm_core::contracts::parse_date(&meeting_date).ok_or_else(|| {
        cmm_core::CoreError::Validation(vec![cmm_core::FieldError::new(
            "meeting_date",
            cmm_core::kernel::dates::date_problem("The meeting date", &meeting_date),
        )])
        .report()
    })?;
    // Refuse before asking where to save when there is nothing to put in the pack.
    state.with_store(|s| s.meeting_source(date, today()).map(|_| ()))?;
    let name = format!("Sub-group meeting {} pack.pdf", date.format("%Y-%m-%d"));
    save_pdf(
        &dialogs,
        &state,
        "Save the meeting pack",
        &name,
        |s, dest| cmm_pack::export_meeting_pack(s, date, today(), dest, &PackOptions { marking }),
    )
}

/// Opens a pack just saved, with the computer's PDF viewer ("open it now").
#[tauri::command]
#[specta::specta]
pub async fn open_saved_file(dialogs: State<'_, Dialogs>, path: String) -> Reply<()> {
    let path = std::path::PathBuf::from(path);
    dialogs
        .open_saved(&path)
        .map_err(|e| cmm_core::CoreError::file(&path, format!("could not be opened: {e}")).report())
}

// ----- the review sub-group ---------------------------------------------------------------

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command]
#[specta::specta]
pub fn members(state: State<'_, AppState>) -> Reply<Vec<Member>> {
    state.with_store(|s| s.members())
}

#[tauri::command]
#[specta::specta]
pub fn save_member(
    state: State<'_, AppState>,
    member_id: Option<i64>,
    input: MemberInput,
) -> Reply<Member> {
    state.with_store(|s| s.save_member(member_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn meetings(state: State<'_, AppState>, offset: u32, limit: u32) -> Reply<MeetingsPage> {
    state.with_store(|s| {
        let (meetings, total) = s.meetings_page(offset, limit.clamp(1, 200))?;
        Ok(MeetingsPage {
            total,
            offset,
            meetings,
        })
    })
}

/// A page of the review group's meetings, latest first.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct MeetingsPage {
    pub total: u32,
    pub offset: u32,
    pub meetings: Vec<Meeting>,
}

#[tauri::command]
#[specta::specta]
pub fn meeting(state: State<'_, AppState>, meeting_id: i64) -> Reply<Meeting> {
    state.with_store(|s| s.meeting(meeting_id))
}

#[tauri::command]
#[specta::specta]
pub fn save_meeting(
    state: State<'_, AppState>,
    meeting_id: Option<i64>,
    input: MeetingInput,
) -> Reply<Meeting> {
    state.with_store(|s| {
        let id = s.save_meeting(meeting_id, &input)?;
        s.meeting(id)
    })
}

/// A member's own scores: all anyone may see before the chair reveals them.
#[tauri::command]
#[specta::specta]
pub fn own_scores(state: State<'_, AppState>, review_id: i64, member_id: i64) -> Reply<Vec<Score>> {
    state.with_store(|s| s.own_scores(review_id, member_id))
}

#[tauri::command]
#[specta::specta]
pub fn record_scores(
    state: State<'_, AppState>,
    review_id: i64,
    member_id: i64,
    scores: Vec<ScoreInput>,
) -> Reply<Vec<Score>> {
    state.with_store(|s| s.record_scores(review_id, member_id, &scores))
}

#[tauri::command]
#[specta::specta]
pub fn scoring_progress(state: State<'_, AppState>, review_id: i64) -> Reply<ScoringProgress> {
    state.with_store(|s| s.scoring_progress(review_id))
}

#[tauri::command]
#[specta::specta]
pub fn reveal_scores(state: State<'_, AppState>, review_id: i64) -> Reply<Reveal> {
    state.with_store(|s| s.reveal_scores(review_id))
}

/// Every score and the owner's self-assessment; refused (`scores_hidden`) before the reveal.
#[tauri::command]
#[specta::specta]
pub fn revealed_scores(state: State<'_, AppState>, review_id: i64) -> Reply<Reveal> {
    state.with_store(|s| s.revealed_scores(review_id))
}

#[tauri::command]
#[specta::specta]
pub fn moderate(
    state: State<'_, AppState>,
    review_id: i64,
    activity: u8,
    input: ModerationInput,
) -> Reply<Reveal> {
    state.with_store(|s| s.moderate(review_id, activity, &input))
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
    state.with_store(|s| s.record_dissent(review_id, activity, member_id, &note))
}

#[tauri::command]
#[specta::specta]
pub fn review_detail(state: State<'_, AppState>, review_id: i64) -> Reply<ReviewDetail> {
    state.with_store(|s| s.review_detail(review_id, today()))
}

#[tauri::command]
#[specta::specta]
pub fn set_outcome(
    state: State<'_, AppState>,
    review_id: i64,
    input: OutcomeInput,
) -> Reply<ReviewDetail> {
    state.with_store(|s| {
        s.set_outcome(review_id, &input)?;
        s.review_detail(review_id, today())
    })
}

#[tauri::command]
#[specta::specta]
pub fn save_action(
    state: State<'_, AppState>,
    review_id: i64,
    action_id: Option<i64>,
    input: ActionInput,
) -> Reply<Action> {
    state.with_store(|s| s.save_action(review_id, action_id, &input, today()))
}

#[tauri::command]
#[specta::specta]
pub fn overdue_actions(state: State<'_, AppState>) -> Reply<Vec<Action>> {
    state.with_store(|s| s.overdue_actions(today()))
}

#[tauri::command]
#[specta::specta]
pub fn save_challenge(
    state: State<'_, AppState>,
    review_id: i64,
    challenge_id: Option<i64>,
    input: ChallengeInput,
) -> Reply<Vec<Challenge>> {
    state.with_store(|s| s.save_challenge(review_id, challenge_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn themes(state: State<'_, AppState>) -> Reply<Vec<Theme>> {
    state.with_store(|s| s.themes())
}

#[tauri::command]
#[specta::specta]
pub fn save_theme(
    state: State<'_, AppState>,
    theme_id: Option<i64>,
    name: String,
    active: bool,
) -> Reply<Vec<Theme>> {
    state.with_store(|s| s.save_theme(theme_id, &name, active))
}

#[tauri::command]
#[specta::specta]
pub fn save_finding(
    state: State<'_, AppState>,
    review_id: i64,
    finding_id: Option<i64>,
    input: FindingInput,
) -> Reply<Vec<Finding>> {
    state.with_store(|s| s.save_finding(review_id, finding_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn save_recommendation(
    state: State<'_, AppState>,
    review_id: i64,
    recommendation_id: Option<i64>,
    text: String,
) -> Reply<Vec<Recommendation>> {
    state.with_store(|s| s.save_recommendation(review_id, recommendation_id, &text))
}

/// Removes a challenge, finding or recommendation.
#[tauri::command]
#[specta::specta]
pub fn delete_review_note(state: State<'_, AppState>, kind: NoteKind, id: i64) -> Reply<()> {
    state.with_store(|s| match kind {
        NoteKind::Challenge => s.delete_challenge(id),
        NoteKind::Finding => s.delete_finding(id),
        NoteKind::Recommendation => s.delete_recommendation(id),
    })
}

#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Challenge,
    Finding,
    Recommendation,
}

#[tauri::command]
#[specta::specta]
pub fn set_progress_narrative(
    state: State<'_, AppState>,
    review_id: i64,
    text: String,
) -> Reply<()> {
    state.with_store(|s| s.set_progress_narrative(review_id, &text))
}

#[tauri::command]
#[specta::specta]
pub fn comparison(state: State<'_, AppState>, review_id: i64) -> Reply<Comparison> {
    state.with_store(|s| s.comparison(review_id, today()))
}

#[tauri::command]
#[specta::specta]
pub fn review_history(state: State<'_, AppState>, contract_id: i64) -> Reply<Vec<HistoryPoint>> {
    state.with_store(|s| s.review_history(contract_id))
}

#[tauri::command]
#[specta::specta]
pub fn feedback_letter(state: State<'_, AppState>, review_id: i64) -> Reply<Letter> {
    state.with_store(|s| s.feedback_letter(review_id, today()))
}

/// Keeps the edited letter; `null` goes back to the one written from the findings.
#[tauri::command]
#[specta::specta]
pub fn save_letter(
    state: State<'_, AppState>,
    review_id: i64,
    text: Option<String>,
) -> Reply<Letter> {
    state.with_store(|s| {
        s.save_letter(review_id, text.as_deref())?;
        s.feedback_letter(review_id, today())
    })
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
    let detail = state.with_store(|s| s.review_detail(review_id, today()))?;
    let name = format!(
        "Feedback letter {} {}.pdf",
        safe_file_stem(&detail.title),
        detail.meeting.held_on.format("%Y-%m-%d")
    );
    save_pdf(
        &dialogs,
        &state,
        "Save the feedback letter",
        &name,
        |s, dest| cmm_pack::export_letter(s, review_id, today(), dest, &PackOptions { marking }),
    )
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
    let m = state.with_store(|s| s.meeting_source_for(meeting_id, today()).map(|m| m.date))?;
    let name = format!("Review group meeting {} pack.pdf", m.format("%Y-%m-%d"));
    save_pdf(
        &dialogs,
        &state,
        "Save the meeting pack",
        &name,
        |s, dest| {
            cmm_pack::export_recorded_meeting_pack(
                s,
                meeting_id,
                today(),
                dest,
                &PackOptions { marking },
            )
        },
    )
}

// ----- the contract register from and to spreadsheets ------------------------------------

/// A register file chosen for import: what the column-matching step shows of it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct RegisterFile {
    pub path: String,
    pub file_name: String,
    pub summary: cmm_register::SheetSummary,
}

fn register_file(
    path: &std::path::Path,
    choice: &cmm_register::SheetChoice,
) -> Reply<RegisterFile> {
    let sheet = cmm_register::read_sheet(path, choice).map_err(|e| e.report())?;
    Ok(RegisterFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.display().to_string(),
        summary: sheet.summary(),
    })
}

/// Every field a column can be matched to, with its label, in the order to offer them.
#[tauri::command]
#[specta::specta]
pub fn register_fields() -> Vec<(cmm_register::Field, String)> {
    cmm_register::Field::ALL
        .iter()
        .map(|f| (*f, f.label().to_owned()))
        .collect()
}

/// What a column mapping lacks before any row can be checked (each field every row
/// needs that no column holds, the owner only when `default_owner` is blank, and each
/// field given to two columns), and what to check in it (another column that could be
/// the same field, money columns in thousands or millions).
#[tauri::command]
#[specta::specta]
pub fn register_mapping_check(
    headings: Vec<String>,
    mapping: Vec<Option<cmm_register::Field>>,
    default_owner: String,
) -> cmm_register::MappingCheck {
    cmm_register::MappingCheck::of(&headings, &mapping, &default_owner)
}

/// Asks for a CSV or workbook register and reads it, with the suggested sheet and heading
/// row. Nothing is imported. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_register_file(dialogs: State<'_, Dialogs>) -> Reply<Option<RegisterFile>> {
    let Some(path) = dialogs.pick_file(
        "Choose a contract register to import",
        ("Spreadsheet", &["csv", "xlsx", "xls", "ods", "txt"]),
    ) else {
        return Ok(None);
    };
    register_file(&path, &cmm_register::SheetChoice::default()).map(Some)
}

fn chosen_file(dialogs: &Dialogs, path: &str) -> Reply<std::path::PathBuf> {
    let path = std::path::PathBuf::from(path);
    if !dialogs.chosen(&path) {
        return Err(cmm_core::CoreError::file(
            &path,
            "was not chosen in this session; choose the file again",
        )
        .report());
    }
    Ok(path)
}

/// The chosen register file read again with another sheet or heading row.
#[tauri::command]
#[specta::specta]
pub async fn read_register_file(
    dialogs: State<'_, Dialogs>,
    path: String,
    choice: cmm_register::SheetChoice,
) -> Reply<RegisterFile> {
    register_file(&chosen_file(&dialogs, &path)?, &choice)
}

/// What importing would do with each row. Changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn preview_register(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    path: String,
    options: cmm_register::ImportOptions,
) -> Reply<cmm_register::Preview> {
    let path = chosen_file(&dialogs, &path)?;
    let sheet = cmm_register::read_sheet(&path, &options.choice()).map_err(|e| e.report())?;
    state.with_store(|s| cmm_register::preview(s, &sheet, &options))
}

/// Imports the good rows in one transaction.
#[tauri::command]
#[specta::specta]
pub async fn import_register(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    path: String,
    options: cmm_register::ImportOptions,
) -> Reply<cmm_register::ImportSummary> {
    let path = chosen_file(&dialogs, &path)?;
    let sheet = cmm_register::read_sheet(&path, &options.choice()).map_err(|e| e.report())?;
    state.with_store(|s| cmm_register::import(s, &sheet, &options))
}

#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

/// Asks where to save, then writes the register as CSV or XLSX. The number of contracts
/// written, or `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_register(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    format: SheetFormat,
) -> Reply<Option<u32>> {
    let (ext, name) = match format {
        SheetFormat::Csv => ("csv", "CSV file"),
        SheetFormat::Xlsx => ("xlsx", "Excel workbook"),
    };
    let Some(dest) = dialogs.save_file(
        "Export the contract register",
        &format!("Contract register.{ext}"),
        Some((name, &[ext])),
    ) else {
        return Ok(None);
    };
    state.with_store(|s| {
        match format {
            SheetFormat::Csv => cmm_register::export_csv(s, &dest),
            SheetFormat::Xlsx => cmm_register::export_xlsx(s, &dest),
        }
        .map(Some)
    })
}

// ----- choosing contracts for review -------------------------------------------------------

/// One page of the contracts in priority order for review, with the reasons, found by
/// part of a name or reference; each keeps its rank in the whole list.
#[tauri::command]
#[specta::specta]
pub fn priority_page(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    search: String,
) -> Reply<cmm_core::programme::priority::PriorityPage> {
    state.with_store(|s| s.priority_page(today(), offset, limit, &search))
}

#[tauri::command]
#[specta::specta]
pub fn priority_weights(
    state: State<'_, AppState>,
) -> Reply<cmm_core::programme::priority::Weights> {
    state.with_store(|s| s.priority_weights())
}

#[tauri::command]
#[specta::specta]
pub fn save_priority_weights(
    state: State<'_, AppState>,
    weights: cmm_core::programme::priority::Weights,
) -> Reply<cmm_core::programme::priority::Weights> {
    state.with_store(|s| s.save_priority_weights(&weights))
}

/// A contract's judgements on the criteria, and the requests to review it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct ContractPriority {
    pub input: cmm_core::programme::priority::PriorityInput,
    pub requests: Vec<cmm_core::programme::priority::ReviewRequest>,
}

#[tauri::command]
#[specta::specta]
pub fn contract_priority(state: State<'_, AppState>, contract_id: i64) -> Reply<ContractPriority> {
    state.with_store(|s| {
        Ok(ContractPriority {
            input: s.priority_input(contract_id)?,
            requests: s.review_requests(contract_id)?,
        })
    })
}

#[tauri::command]
#[specta::specta]
pub fn save_contract_priority(
    state: State<'_, AppState>,
    contract_id: i64,
    input: cmm_core::programme::priority::PriorityInput,
) -> Reply<cmm_core::programme::priority::PriorityInput> {
    state.with_store(|s| s.save_priority_input(contract_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn add_review_request(
    state: State<'_, AppState>,
    contract_id: i64,
    input: cmm_core::programme::priority::RequestInput,
) -> Reply<Vec<cmm_core::programme::priority::ReviewRequest>> {
    state.with_store(|s| s.add_review_request(contract_id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn delete_review_request(state: State<'_, AppState>, request_id: i64) -> Reply<()> {
    state.with_store(|s| s.delete_review_request(request_id))
}

// ----- the forward plan, the portfolio and the six-monthly report --------------------------

/// Planned review meetings dated within `from..=to` (dates as typed; empty means open).
#[tauri::command]
#[specta::specta]
pub fn forward_plan(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<Vec<cmm_core::programme::plan::PlanItem>> {
    let (from, to) = cmm_core::programme::plan::date_range(&from, &to, false).map_err(invalid)?;
    state.with_store(|s| s.forward_plan(from, to))
}

fn invalid(e: Vec<cmm_core::FieldError>) -> cmm_core::ErrorReport {
    cmm_core::CoreError::Validation(e).report()
}

#[tauri::command]
#[specta::specta]
pub fn save_plan_item(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: cmm_core::programme::plan::PlanItemInput,
) -> Reply<cmm_core::programme::plan::PlanItem> {
    state.with_store(|s| s.save_plan_item(id, &input))
}

/// Moves a planned meeting, keeping a note of the slot it left.
#[tauri::command]
#[specta::specta]
pub fn move_plan_item(
    state: State<'_, AppState>,
    id: i64,
    input: cmm_core::programme::plan::MoveInput,
) -> Reply<cmm_core::programme::plan::PlanItem> {
    state.with_store(|s| s.move_plan_item(id, &input))
}

#[tauri::command]
#[specta::specta]
pub fn set_plan_held(
    state: State<'_, AppState>,
    id: i64,
    held: bool,
) -> Reply<cmm_core::programme::plan::PlanItem> {
    state.with_store(|s| s.set_plan_held(id, held, today()))
}

#[tauri::command]
#[specta::specta]
pub fn delete_plan_item(state: State<'_, AppState>, id: i64) -> Reply<()> {
    state.with_store(|s| s.delete_plan_item(id))
}

/// Asks where to save, then writes the forward plan from `from` to `to` as the committee
/// table, in PDF or CSV. What was written, or `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_forward_plan(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    from: String,
    to: String,
    format: PlanFormat,
) -> Reply<Option<PackSummary>> {
    let (from, to) = cmm_core::programme::plan::full_date_range(&from, &to).map_err(invalid)?;
    let name = format!(
        "CMRG forward plan {} to {}",
        from.format("%Y-%m-%d"),
        to.format("%Y-%m-%d")
    );
    match format {
        PlanFormat::Pdf => save_pdf(
            &dialogs,
            &state,
            "Save the forward plan",
            &format!("{name}.pdf"),
            |s, dest| {
                cmm_pack::export_forward_plan(s, from, to, today(), dest, &PackOptions::default())
            },
        ),
        PlanFormat::Csv => {
            let Some(dest) = dialogs.save_file(
                "Save the forward plan",
                &format!("{name}.csv"),
                Some(("CSV file", &["csv"])),
            ) else {
                return Ok(None);
            };
            state.with_store(|s| {
                let plan = s.forward_plan(Some(from), Some(to))?;
                let rows = cmm_register::export_plan_csv(&plan, &dest)?;
                Ok(Some(PackSummary {
                    path: dest.display().to_string(),
                    title: "Forward plan".into(),
                    reports: rows,
                    pages: 0,
                    bytes: std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0),
                }))
            })
        }
    }
}

#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PlanFormat {
    Pdf,
    Csv,
}

/// The portfolio for the filters: one page of the heatmap and the figures over all of it.
#[tauri::command]
#[specta::specta]
pub fn portfolio(
    state: State<'_, AppState>,
    query: cmm_core::programme::portfolio::PortfolioQuery,
) -> Reply<cmm_core::programme::portfolio::Portfolio> {
    state.with_store(|s| s.portfolio(&query, today()))
}

/// One page of the reports list, latest meeting first, matching `search` (only signed
/// reports when `signed_only`, as for a meeting's agenda).
#[tauri::command]
#[specta::specta]
pub fn reports_page(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    search: String,
    signed_only: bool,
) -> Reply<cmm_core::reports::ReportsPage> {
    state.with_store(|s| s.reports_page(offset, limit, &search, signed_only))
}

/// Asks where to save, then writes the six-monthly progress report for the period.
#[tauri::command]
#[specta::specta]
pub async fn export_progress_report(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    input: cmm_core::programme::six_month_update::ProgressInput,
    marking: Marking,
) -> Reply<Option<PackSummary>> {
    // Checked before the dialog opens, so a bad period never asks where to save.
    let (from, to, _) = input.validate().map_err(invalid)?;
    let name = format!(
        "CMRG six-month update {} to {}.pdf",
        from.format("%Y-%m-%d"),
        to.format("%Y-%m-%d")
    );
    save_pdf(
        &dialogs,
        &state,
        "Save the six-month update",
        &name,
        |s, dest| {
            cmm_pack::export_progress_report(s, &input, today(), dest, &PackOptions { marking })
        },
    )
}
