//! Tauri commands: take state, call the core, map the error. Nothing else lives here.

use crate::state::{AppState, StartupInfo};
use cmm_core::attestation::{Attestation, AttestationInput};
use cmm_core::contract::{Contract, ContractInput};
use cmm_core::framework::Framework;
use cmm_core::report::{ActivityAssessment, AssessmentInput, NewReportInput};
use cmm_core::sections::financial::{FinancialInput, FinancialView};
use cmm_core::sections::operational::{OperationalInput, OperationalView};
use cmm_core::sections::risk::{RiskRegisterInput, RiskRegisterView};
use cmm_core::sections::schema::{SectionValues, SectionView};
use cmm_core::store::{ContractForm, MaturityReport, Register, ReportSummary};
use cmm_core::user::{AppUser, AppUserInput};
use cmm_core::ErrorReport;
use tauri::State;

type Reply<T> = Result<T, ErrorReport>;

/// Where the database is and whether it opened.
#[tauri::command]
#[specta::specta]
pub fn startup(state: State<'_, AppState>) -> StartupInfo {
    state.startup_info()
}

/// Replaces a damaged database with its newest good backup (the damaged file is kept).
#[tauri::command]
#[specta::specta]
pub fn restore_latest_backup(state: State<'_, AppState>) -> Reply<StartupInfo> {
    state.restore_latest_backup()
}

#[tauri::command]
#[specta::specta]
pub fn register(state: State<'_, AppState>) -> Reply<Register> {
    state.with_store(|s| s.register())
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
pub fn reports(state: State<'_, AppState>) -> Reply<Vec<ReportSummary>> {
    state.with_store(|s| s.reports())
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
