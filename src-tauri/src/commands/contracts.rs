//! The contract register: contracts, their drafts, and the register from and to
//! spreadsheets.

use super::{chosen_file, off_the_window, save_to, Reply};
use crate::dialogs::Dialogs;
use crate::state::AppState;
use cmm_api::contracts::{
    self, Contract, ContractForm, ContractInput, Field, ImportOptions, ImportSummary, MappingCheck,
    OwnedContract, Preview, RegisterFile, RegisterPage, SheetChoice, SheetFormat,
};
use tauri::State;

/// The contracts `owner` owns now, by name, for handing over together.
#[tauri::command]
#[specta::specta]
pub async fn contracts_owned_by(
    state: State<'_, AppState>,
    owner: String,
) -> Reply<Vec<OwnedContract>> {
    state
        .run(move |db| contracts::contracts_owned_by(db, &owner))
        .await
}

/// One page of the register, found by part of a name, reference, contractor or service
/// area, with the counts and the unfinished contracts.
#[tauri::command]
#[specta::specta]
pub async fn register_page(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    search: String,
) -> Reply<RegisterPage> {
    state
        .run(move |db| contracts::register_page(db, offset, limit, &search))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn contract_form(state: State<'_, AppState>, contract_id: i64) -> Reply<ContractForm> {
    state
        .run(move |db| contracts::contract_form(db, contract_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn draft_form(state: State<'_, AppState>, draft_id: i64) -> Reply<ContractForm> {
    state
        .run(move |db| contracts::draft_form(db, draft_id))
        .await
}

/// Validates and saves; invalid input changes nothing and names every broken rule.
#[tauri::command]
#[specta::specta]
pub async fn save_contract(
    state: State<'_, AppState>,
    contract_id: Option<i64>,
    draft_id: Option<i64>,
    input: ContractInput,
) -> Reply<Contract> {
    state
        .run(move |db| contracts::save_contract(db, contract_id, draft_id, &input))
        .await
}

/// Keeps the form as typed while it cannot be saved yet. Returns the draft's id.
#[tauri::command]
#[specta::specta]
pub async fn keep_contract_draft(
    state: State<'_, AppState>,
    contract_id: Option<i64>,
    draft_id: Option<i64>,
    input: ContractInput,
) -> Reply<i64> {
    state
        .run(move |db| contracts::keep_contract_draft(db, contract_id, draft_id, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn discard_draft(state: State<'_, AppState>, draft_id: i64) -> Reply<()> {
    state
        .run(move |db| contracts::discard_draft(db, draft_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_contract(state: State<'_, AppState>, contract_id: i64) -> Reply<()> {
    state
        .run(move |db| contracts::delete_contract(db, contract_id))
        .await
}

/// Every field a column can be matched to, with its label, in the order to offer them.
/// Never refused: it is a `Reply` as every command is, so that even Tauri's own refusal of
/// a call reaches the window as a `BackendError` (see ui/src/shared/backendError.ts).
#[tauri::command]
#[specta::specta]
pub async fn register_fields() -> Reply<Vec<(Field, String)>> {
    Ok(contracts::register_fields())
}

/// What a column mapping lacks before any row can be checked (each field every row
/// needs that no column holds, the owner only when `default_owner` is blank, and each
/// field given to two columns), and what to check in it (another column that could be
/// the same field, money columns in thousands or millions). Never refused (a `Reply`, as
/// `register_fields`).
#[tauri::command]
#[specta::specta]
pub async fn register_mapping_check(
    headings: Vec<String>,
    mapping: Vec<Option<Field>>,
    default_owner: String,
) -> Reply<MappingCheck> {
    Ok(contracts::register_mapping_check(
        &headings,
        &mapping,
        &default_owner,
    ))
}

/// Asks for a CSV or workbook register and reads it, with the suggested sheet and heading
/// row. Nothing is imported. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_register_file(dialogs: State<'_, Dialogs>) -> Reply<Option<RegisterFile>> {
    let kind = cmm_api::files::REGISTER;
    let Some(path) = dialogs.pick_file(
        "Choose a contract register to import",
        (kind.name, kind.extensions),
    ) else {
        return Ok(None);
    };
    off_the_window(move || contracts::read_register_file(&path, &SheetChoice::default()))
        .await
        .map(Some)
}

/// The chosen register file read again with another sheet or heading row.
#[tauri::command]
#[specta::specta]
pub async fn read_register_file(
    dialogs: State<'_, Dialogs>,
    path: String,
    choice: SheetChoice,
) -> Reply<RegisterFile> {
    let path = chosen_file(&dialogs, &path)?;
    off_the_window(move || contracts::read_register_file(&path, &choice)).await
}

/// What importing would do with each row. Changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn preview_register(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    path: String,
    options: ImportOptions,
) -> Reply<Preview> {
    let path = chosen_file(&dialogs, &path)?;
    let choice = options.choice();
    let sheet = off_the_window(move || contracts::read_register_sheet(&path, &choice)).await?;
    state
        .long_read(move |db| contracts::preview_register(db, &sheet, &options))
        .await
}

/// Imports the good rows in one transaction.
#[tauri::command]
#[specta::specta]
pub async fn import_register(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    path: String,
    options: ImportOptions,
) -> Reply<ImportSummary> {
    let path = chosen_file(&dialogs, &path)?;
    let choice = options.choice();
    let sheet = off_the_window(move || contracts::read_register_sheet(&path, &choice)).await?;
    state
        .run(move |db| contracts::import_register(db, &sheet, &options))
        .await
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
    save_to(
        &dialogs,
        &state,
        &contracts::register_save_as(format),
        move |db, dest| contracts::export_register(db, format, dest),
    )
    .await
}
