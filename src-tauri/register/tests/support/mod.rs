//! The data file's side of an import and an export, done as the application layer does it
//! (`cmm_api::contracts`), for the tests that check this crate against a real store.

use cmm_core::{Result, Store};
use cmm_register::{ImportOptions, ImportSummary, Preview, Sheet};
use std::path::Path;

/// What importing would do, against what `store` holds.
pub fn preview(store: &Store, sheet: &Sheet, o: &ImportOptions) -> Result<Preview> {
    cmm_register::preview(sheet, o, store.held_contracts()?)
}

/// Imports the good rows into `store`.
pub fn import(store: &mut Store, sheet: &Sheet, o: &ImportOptions) -> Result<ImportSummary> {
    let checked = cmm_register::check(sheet, o, store.held_contracts()?)?;
    let counts = store.import_register(checked.rows_to_import())?;
    Ok(checked.summary(counts))
}

#[allow(dead_code)] // Each test file uses some of these.
pub fn export_csv(store: &Store, out: &Path) -> Result<u32> {
    cmm_register::export_csv(&store.register_entries()?, out)
}

#[allow(dead_code)]
pub fn export_xlsx(store: &Store, out: &Path) -> Result<u32> {
    cmm_register::export_xlsx(&store.register_entries()?, out)
}
