//! Maturity reports: sections, evidence, signing, submission files and review packs.

use super::{save_to, Reply};
use crate::dialogs::Dialogs;
use crate::state::AppState;
use cmm_api::files::{Format, Marking, PackOptions, PackSummary};
use cmm_api::reports::attestation::{Attestation, AttestationInput};
use cmm_api::reports::evidence::{Completeness, EvidenceItem, EvidenceTarget};
use cmm_api::reports::seal::SealStatus;
use cmm_api::reports::sections::financial::{FinancialInput, FinancialView};
use cmm_api::reports::sections::operational::{OperationalInput, OperationalView};
use cmm_api::reports::sections::risk::{RiskRegisterInput, RiskRegisterView};
use cmm_api::reports::sections::schema::{SectionValues, SectionView};
use cmm_api::reports::submission::SubmissionSummary;
use cmm_api::reports::{
    self, ActivityAssessment, AssessmentInput, MaturityReport, NewReportInput, ReportsPage,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn report(state: State<'_, AppState>, report_id: i64) -> Reply<MaturityReport> {
    state.run(move |db| reports::report(db, report_id)).await
}

/// Starts a maturity report; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn create_report(state: State<'_, AppState>, input: NewReportInput) -> Reply<i64> {
    state
        .run(move |db| reports::create_report(db, &input))
        .await
}

/// Saves one row of Section 2: activity 1 to 8, or 0 for the overall row.
#[tauri::command]
#[specta::specta]
pub async fn save_assessment(
    state: State<'_, AppState>,
    report_id: i64,
    activity: u8,
    input: AssessmentInput,
) -> Reply<ActivityAssessment> {
    state
        .run(move |db| reports::save_assessment(db, report_id, activity, &input))
        .await
}

/// Saves Section 3, the contract owner's attestation, as typed.
#[tauri::command]
#[specta::specta]
pub async fn save_attestation(
    state: State<'_, AppState>,
    report_id: i64,
    input: AttestationInput,
) -> Reply<Attestation> {
    state
        .run(move |db| reports::save_attestation(db, report_id, &input))
        .await
}

/// Section 5, operational performance, with every month rated.
#[tauri::command]
#[specta::specta]
pub async fn operational(state: State<'_, AppState>, report_id: i64) -> Reply<OperationalView> {
    state
        .run(move |db| reports::operational(db, report_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_operational(
    state: State<'_, AppState>,
    report_id: i64,
    input: OperationalInput,
) -> Reply<OperationalView> {
    state
        .run(move |db| reports::save_operational(db, report_id, &input))
        .await
}

/// Section 9, the risk register, scored.
#[tauri::command]
#[specta::specta]
pub async fn risk_register(state: State<'_, AppState>, report_id: i64) -> Reply<RiskRegisterView> {
    state
        .run(move |db| reports::risk_register(db, report_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_risk_register(
    state: State<'_, AppState>,
    report_id: i64,
    input: RiskRegisterInput,
) -> Reply<RiskRegisterView> {
    state
        .run(move |db| reports::save_risk_register(db, report_id, &input))
        .await
}

/// A section made of fields and tables (4, 7, 8, 10, 11, 12), with its description.
#[tauri::command]
#[specta::specta]
pub async fn section(
    state: State<'_, AppState>,
    report_id: i64,
    section: u8,
) -> Reply<SectionView> {
    state
        .run(move |db| reports::section(db, report_id, section))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_section(
    state: State<'_, AppState>,
    report_id: i64,
    section: u8,
    values: SectionValues,
) -> Reply<SectionView> {
    state
        .run(move |db| reports::save_section(db, report_id, section, &values))
        .await
}

/// Section 6, financial performance, with the variance worked out.
#[tauri::command]
#[specta::specta]
pub async fn financial(state: State<'_, AppState>, report_id: i64) -> Reply<FinancialView> {
    state.run(move |db| reports::financial(db, report_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_financial(
    state: State<'_, AppState>,
    report_id: i64,
    input: FinancialInput,
) -> Reply<FinancialView> {
    state
        .run(move |db| reports::save_financial(db, report_id, &input))
        .await
}

/// Every file attached to a report.
#[tauri::command]
#[specta::specta]
pub async fn evidence(state: State<'_, AppState>, report_id: i64) -> Reply<Vec<EvidenceItem>> {
    state.run(move |db| reports::evidence(db, report_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_evidence(state: State<'_, AppState>, evidence_id: i64) -> Reply<()> {
    state
        .run(move |db| reports::remove_evidence(db, evidence_id))
        .await
}

/// What is still missing before submission.
#[tauri::command]
#[specta::specta]
pub async fn completeness(state: State<'_, AppState>, report_id: i64) -> Reply<Completeness> {
    state
        .run(move |db| reports::completeness(db, report_id))
        .await
}

/// Whether the report is signed and still exactly as signed (reads every evidence file).
#[tauri::command]
#[specta::specta]
pub async fn verify_report(state: State<'_, AppState>, report_id: i64) -> Reply<SealStatus> {
    state
        .long_read(move |db| reports::verify_report(db, report_id))
        .await
}

/// Signs Section 3: seals the whole report and locks it as submitted, then checks it
/// against its seal (reading every evidence file) beside the window's work.
#[tauri::command]
#[specta::specta]
pub async fn sign_report(state: State<'_, AppState>, report_id: i64) -> Reply<SealStatus> {
    state
        .run(move |db| reports::sign_report(db, report_id))
        .await?;
    state
        .long_read(move |db| reports::verify_report(db, report_id))
        .await
}

/// Starts the next version of a submitted report; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn amend_report(state: State<'_, AppState>, report_id: i64) -> Reply<i64> {
    state
        .run(move |db| reports::amend_report(db, report_id))
        .await
}

/// One page of the reports list, latest meeting first, matching `search` (only signed
/// reports when `signed_only`, as for a meeting's agenda).
#[tauri::command]
#[specta::specta]
pub async fn reports_page(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    search: String,
    signed_only: bool,
) -> Reply<ReportsPage> {
    state
        .run(move |db| reports::reports_page(db, offset, limit, &search, signed_only))
        .await
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
    let t = target.clone();
    let label = state
        .run(move |db| reports::evidence_target_label(db, report_id, &t))
        .await?;
    let paths = dialogs.pick_files(&format!("Attach evidence to {label}"));
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    state
        .long_write(move |file| {
            reports::add_evidence(file, report_id, &target, &paths, &description)
        })
        .await
}

/// Writes a temporary copy and opens it with the system viewer.
#[tauri::command]
#[specta::specta]
pub async fn open_evidence(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    evidence_id: i64,
) -> Reply<()> {
    let path = state
        .long_read(move |db| reports::evidence_to_view(db, evidence_id))
        .await?;
    dialogs
        .open(&path)
        .map_err(|e| cmm_api::CoreError::file(&path, format!("could not be opened ({e})")).reply())
}

/// Saves a copy of an attached file where the person chooses. `false` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_evidence_copy(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    evidence_id: i64,
) -> Reply<bool> {
    let item = state
        .run(move |db| reports::evidence_item(db, evidence_id))
        .await?;
    let Some(dest) = dialogs.save_file("Save a copy", &item.file_name, None) else {
        return Ok(false);
    };
    state
        .long_read(move |db| reports::save_evidence_copy(db, evidence_id, &dest).map(|_| true))
        .await
}

/// The size limit for one evidence file, in megabytes.
#[tauri::command]
#[specta::specta]
pub async fn evidence_limit(state: State<'_, AppState>) -> Reply<u32> {
    state.run(move |db| reports::evidence_limit(db)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_evidence_limit(state: State<'_, AppState>, limit_mb: String) -> Reply<u32> {
    state
        .run(move |db| reports::set_evidence_limit(db, &limit_mb))
        .await
}

/// Asks where to save, then writes the submission file. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_submission(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    report_id: i64,
) -> Reply<Option<SubmissionSummary>> {
    let save_as = state
        .run(move |db| reports::submission_save_as(db, report_id))
        .await?;
    save_to(&dialogs, &state, &save_as, move |db, dest| {
        reports::export_submission(db, report_id, dest)
    })
    .await
}

/// Asks for a submission file, checks it completely and imports it. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_submission(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
) -> Reply<Option<SubmissionSummary>> {
    let kind = cmm_api::files::SUBMISSION;
    let Some(file) = dialogs.pick_file("Import a submission file", (kind.name, kind.extensions))
    else {
        return Ok(None);
    };
    state
        .long_write(move |data| reports::import_submission_in_turns(data, &file).map(Some))
        .await
}

/// Asks where to save, then writes the report's review pack as a tagged PDF or a Word
/// document (`format`). `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_pack(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    report_id: i64,
    marking: Marking,
    format: Format,
) -> Reply<Option<PackSummary>> {
    let save_as = state
        .run(move |db| reports::pack_save_as(db, report_id))
        .await?
        .as_format(format);
    save_to(&dialogs, &state, &save_as, move |db, dest| {
        reports::export_pack(db, report_id, &PackOptions { marking, format }, dest)
    })
    .await
}
