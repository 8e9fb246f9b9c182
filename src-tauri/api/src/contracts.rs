//! The contract register: the contracts themselves (Section 1 of each report), and the
//! register to and from the spreadsheets councils publish.

use crate::files::{FileKind, SaveAs, CSV, XLSX};
use crate::{DataFile, Result};
use std::path::Path;

pub use cmm_core::contracts::*;
pub use cmm_register::{
    column_letter, mapping_notes, mapping_problems, Field, ImportOptions, ImportSummary,
    MappingCheck, NotUtf8, NotUtf8Cell, Preview, RowAction, Sheet, SheetChoice, SheetSummary,
    TextEncoding,
};

/// The contracts `owner` owns now, by name (at most 500), for handing over together.
pub fn contracts_owned_by(db: &DataFile, owner: &str) -> Result<Vec<OwnedContract>> {
    db.store.contracts_owned_by(owner)
}

/// The id of the contract with `reference`. Errors: `NotFound` when none has it.
pub fn contract_id_by_reference(db: &DataFile, reference: &str) -> Result<i64> {
    db.store.contract_id_by_reference(reference)
}

/// One page of the register, found by part of a name, reference, contractor or service
/// area, with the counts and the unfinished contracts.
pub fn register_page(db: &DataFile, offset: u32, limit: u32, search: &str) -> Result<RegisterPage> {
    db.store.register_page(offset, limit, search)
}

/// The form for an existing contract: its draft if it has one, else its saved values.
pub fn contract_form(db: &DataFile, contract_id: i64) -> Result<ContractForm> {
    db.store.contract_form(contract_id)
}

/// The form for a contract still being added.
pub fn draft_form(db: &DataFile, draft_id: i64) -> Result<ContractForm> {
    db.store.draft_form(draft_id)
}

/// Validates and saves; invalid input changes nothing and names every broken rule.
pub fn save_contract(
    db: &mut DataFile,
    contract_id: Option<i64>,
    draft_id: Option<i64>,
    input: &ContractInput,
) -> Result<Contract> {
    db.store.save_contract(contract_id, draft_id, input)
}

/// Keeps the form as typed while it cannot be saved yet. Returns the draft's id.
pub fn keep_contract_draft(
    db: &mut DataFile,
    contract_id: Option<i64>,
    draft_id: Option<i64>,
    input: &ContractInput,
) -> Result<i64> {
    db.store.keep_draft(contract_id, draft_id, input)
}

/// Throws away typed changes: a new contract's draft, or an existing contract's
/// unsaved changes (the saved contract stays as it was).
pub fn discard_draft(db: &mut DataFile, draft_id: i64) -> Result<()> {
    db.store.discard_draft(draft_id)
}

/// Deletes a contract that no maturity report covers.
pub fn delete_contract(db: &mut DataFile, contract_id: i64) -> Result<()> {
    db.store.delete_contract(contract_id)
}

/// A register file chosen for import: what the column-matching step shows of it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct RegisterFile {
    pub path: String,
    pub file_name: String,
    pub summary: SheetSummary,
}

/// Reads a register file as `choice` says (sheet, heading row, encoding), for the person
/// to match its columns. Nothing is imported.
///
/// Errors: `File` when it cannot be read; `Validation` naming the sheet or heading row
/// that is not there (see `cmm_register::read_sheet`).
pub fn read_register_file(path: &Path, choice: &SheetChoice) -> Result<RegisterFile> {
    let sheet = cmm_register::read_sheet(path, choice)?;
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
pub fn register_fields() -> Vec<(Field, String)> {
    Field::ALL
        .iter()
        .map(|f| (*f, f.label().to_owned()))
        .collect()
}

/// What a column mapping lacks before any row can be checked (each field every row
/// needs that no column holds, the owner only when `default_owner` is blank, and each
/// field given to two columns), and what to check in it (another column that could be
/// the same field, money columns in thousands or millions).
pub fn register_mapping_check(
    headings: &[String],
    mapping: &[Option<Field>],
    default_owner: &str,
) -> MappingCheck {
    MappingCheck::of(headings, mapping, default_owner)
}

/// A register file read as `choice` says (sheet, heading row, encoding), to preview or
/// import. Read before the data file is touched, so a large file never holds it.
///
/// Errors: `File` when it cannot be read; `Validation` naming the sheet or heading row
/// that is not there.
pub fn read_register_sheet(path: &Path, choice: &SheetChoice) -> Result<Sheet> {
    cmm_register::read_sheet(path, choice)
}

/// What importing the sheet would do with each row. Changes nothing.
///
/// Errors: `Validation` when the mapping lacks a field every row needs.
pub fn preview_register(db: &DataFile, sheet: &Sheet, options: &ImportOptions) -> Result<Preview> {
    cmm_register::preview(sheet, options, db.store.held_contracts()?)
}

/// Imports the sheet's good rows in one transaction, by reference: a contract already on
/// the register is updated, never added twice.
///
/// Errors: as `preview_register`, and those of the write (busy, read-only, full).
pub fn import_register(
    db: &mut DataFile,
    sheet: &Sheet,
    options: &ImportOptions,
) -> Result<ImportSummary> {
    let checked = cmm_register::check(sheet, options, db.store.held_contracts()?)?;
    let counts = db.store.import_register(checked.rows_to_import())?;
    Ok(checked.summary(counts))
}

/// The spreadsheet formats the register is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    fn kind(self) -> FileKind {
        match self {
            SheetFormat::Csv => CSV,
            SheetFormat::Xlsx => XLSX,
        }
    }
}

/// How the register export is offered to be saved.
pub fn register_save_as(format: SheetFormat) -> SaveAs {
    let kind = format.kind();
    SaveAs {
        title: "Export the contract register",
        file_name: format!("Contract register.{}", kind.extensions[0]),
        kind,
    }
}

/// Writes every contract on the register to `dest` as CSV (with a byte-order mark, cells
/// that look like formulas neutralised) or XLSX. Returns how many contracts it wrote.
pub fn export_register(db: &DataFile, format: SheetFormat, dest: &Path) -> Result<u32> {
    let entries = db.store.register_entries()?;
    match format {
        SheetFormat::Csv => cmm_register::export_csv(&entries, dest),
        SheetFormat::Xlsx => cmm_register::export_xlsx(&entries, dest),
    }
}
