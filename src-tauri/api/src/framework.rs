//! The maturity framework: its activities and five levels, as stored versions; a revised
//! version imported from a file, listed, exported and adopted.

use crate::{CoreError, DataFile, FieldError, Result};
use std::path::Path;

pub use cmm_core::framework::*;

/// The largest framework file read: the built-in matrix is 25 KB as JSON, so 5 MB is a
/// file that is not a framework.
pub const MAX_FRAMEWORK_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// A stored framework version: the adopted one (the version new reports use) when
/// `version` is `None`.
///
/// Errors: `NotFound` for a version this data file does not hold.
pub fn framework(db: &DataFile, version: Option<&str>) -> Result<Framework> {
    match version {
        Some(v) => db.store.framework(v),
        None => db.store.framework(&db.store.adopted_framework()?),
    }
}

/// Every stored framework version, in the order they were loaded, with which one is in use.
pub fn framework_versions(db: &DataFile) -> Result<Vec<FrameworkVersionSummary>> {
    db.store.framework_version_list()
}

/// The two forms a framework version is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkForm {
    /// JSON, as `docs/framework.schema.json` documents it: for a secretariat's scripts.
    Json,
    /// A workbook (XLSX) of activities × levels, one bullet per line
    /// (`cmm_register::framework`): the form a council revises its matrix in.
    Workbook,
}

impl FrameworkForm {
    /// The form a file name asks for: `.xlsx` a workbook, `.json` JSON.
    ///
    /// Errors: `File` for any other extension, saying which two are written.
    pub fn from_path(path: &Path) -> Result<FrameworkForm> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => Ok(FrameworkForm::Workbook),
            Some("json") => Ok(FrameworkForm::Json),
            _ => Err(CoreError::file(
                path,
                "a framework is written as a workbook (a name ending .xlsx) or as JSON (ending .json)",
            )),
        }
    }
}

/// Reads a framework file and checks it, without storing it: JSON, as
/// `docs/framework.schema.json` documents it, or a workbook (XLSX, XLS or ODS) laid out as
/// `cmm_register::framework` describes, told apart by their first bytes.
///
/// Errors: `File` when it cannot be read or is larger than [`MAX_FRAMEWORK_FILE_BYTES`];
/// `Validation` with every problem in it, each naming its field (JSON) or its cell
/// (workbook, `Framework!D9`).
pub fn read_framework_file(path: &Path) -> Result<Framework> {
    let size = std::fs::metadata(path)
        .map_err(|e| CoreError::file(path, e))?
        .len();
    if size > MAX_FRAMEWORK_FILE_BYTES {
        return Err(CoreError::file(
            path,
            format!(
                "it is {:.1} MB; a framework file is at most {} MB",
                size as f64 / 1024.0 / 1024.0,
                MAX_FRAMEWORK_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| CoreError::file(path, e))?;
    if cmm_register::read::workbook_bytes(&bytes) {
        return cmm_register::framework::read_framework_workbook(&bytes)
            .map_err(|p| CoreError::Validation(at_most(p)));
    }
    let named_as_workbook = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()));
    if named_as_workbook && !bytes.trim_ascii_start().starts_with(b"{") {
        return Err(CoreError::file(
            path,
            "its name says it is a workbook, but it is not one: it may be a CSV or text file renamed. Open it in Excel and save it as an Excel Workbook (.xlsx), then choose it again",
        ));
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        CoreError::file(
            path,
            if utf16 {
                "it is UTF-16 text; save it as UTF-8 (in Notepad: Save as, Encoding UTF-8), then choose it again".to_owned()
            } else {
                format!(
                    "it is not UTF-8 text (the first character that is not is at byte {}); save it as UTF-8, then choose it again",
                    e.valid_up_to() + 1
                )
            },
        )
    })?;
    Framework::from_json(text.trim_start_matches('\u{feff}'))
        .map_err(|p| CoreError::Validation(at_most(p)))
}

/// The most problems listed for one file: past this, a file is far from a framework (a
/// sheet of other data below the table) and a longer list helps no one.
pub const MAX_PROBLEMS_LISTED: usize = 40;

/// The first [`MAX_PROBLEMS_LISTED`] problems, then one saying how many more there are.
fn at_most(mut problems: Vec<FieldError>) -> Vec<FieldError> {
    if problems.len() > MAX_PROBLEMS_LISTED {
        let more = problems.len() - MAX_PROBLEMS_LISTED;
        problems.truncate(MAX_PROBLEMS_LISTED);
        problems.push(FieldError::new(
            "file",
            format!(
                "… and {}. Put these right first, then choose the file again.",
                crate::counted(more as u64, "more problem", "more problems")
            ),
        ));
    }
    problems
}

/// Loads a framework version from a file (see [`read_framework_file`]) without adopting
/// it. Loading the same version twice changes nothing.
///
/// Errors: as [`read_framework_file`]; `Validation` on `version` when a different
/// framework is stored under the same identifier.
pub fn import_framework(db: &mut DataFile, path: &Path) -> Result<(Framework, FrameworkLoaded)> {
    let f = read_framework_file(path)?;
    let loaded = store_framework(db, &f)?;
    Ok((f, loaded))
}

/// Stores a framework version already read and checked ([`read_framework_file`]) without
/// adopting it. The same version twice changes nothing.
///
/// Errors: `Validation` on `version` when a different framework is stored under the same
/// identifier.
pub fn store_framework(db: &mut DataFile, f: &Framework) -> Result<FrameworkLoaded> {
    db.store.load_framework(f)
}

/// Makes `version` the one new reports use; reports already started keep theirs.
///
/// Errors: `NotFound` for a version this data file does not hold.
pub fn adopt_framework(db: &mut DataFile, version: &str) -> Result<()> {
    db.store.adopt_framework(version)
}

/// Writes a stored framework version (the adopted one when `version` is `None`) in `form`,
/// the starting point for a revision. Replaces `out` whole or not at all.
///
/// Errors: `NotFound` for a version this data file does not hold; `File` when `out`
/// cannot be written.
pub fn export_framework(
    db: &DataFile,
    version: Option<&str>,
    form: FrameworkForm,
    out: &Path,
) -> Result<Framework> {
    let f = framework(db, version)?;
    if form == FrameworkForm::Workbook {
        cmm_register::framework::write_framework_workbook(&f, out)?;
        return Ok(f);
    }
    let mut json = serde_json::to_string_pretty(&f)?;
    json.push('\n');
    cmm_core::kernel::write_file_atomically(out, |file| {
        use std::io::Write;
        file.write_all(json.as_bytes())
            .map_err(|e| CoreError::file(out, e))
    })?;
    Ok(f)
}

/// What changed from the version in use (the adopted one) to `candidate`: the screen shown
/// before a revision is adopted.
///
/// Errors: as [`framework`] for the version in use.
pub fn compare_with_adopted(
    db: &DataFile,
    candidate: &Framework,
) -> Result<compare::FrameworkDiff> {
    Ok(compare::compare(&framework(db, None)?, candidate))
}

/// What moving draft report `report_id` to the adopted version would change.
///
/// Errors: `NotFound` for a report that does not exist.
pub fn framework_move(db: &DataFile, report_id: i64) -> Result<cmm_core::reports::FrameworkMove> {
    db.store.framework_move(report_id)
}

/// Moves draft report `report_id` to the adopted version once every activity the revision
/// adds or changes is `confirmed` (by key). See `Store::move_to_adopted_framework`.
///
/// Errors: `NotFound`; `ReportLocked`; `Validation` on `confirmed` naming each activity
/// still to confirm. Nothing changes on an error.
pub fn move_to_adopted_framework(
    db: &mut DataFile,
    report_id: i64,
    confirmed: &[String],
) -> Result<cmm_core::reports::FrameworkMove> {
    db.store.move_to_adopted_framework(report_id, confirmed)?;
    db.store.framework_move(report_id)
}

/// A framework file read and checked, not stored: what the screen shows before it is
/// loaded and adopted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct FrameworkCandidate {
    /// The file, as chosen.
    pub path: String,
    pub version: String,
    pub title: String,
    pub date: String,
    pub activities: u32,
    /// Whether this data file already holds the version, word for word.
    pub already_stored: bool,
    /// What it changes from the version in use.
    pub differences: compare::FrameworkDiff,
}

/// Reads and checks the framework file at `path` and compares it with the version in use,
/// storing nothing.
///
/// Errors: as [`read_framework_file`]; `Validation` on `version` when a different
/// framework is stored under its identifier.
pub fn framework_candidate(db: &DataFile, path: &Path) -> Result<FrameworkCandidate> {
    let f = read_framework_file(path)?;
    let already_stored = db.store.is_framework_stored(&f)?;
    Ok(FrameworkCandidate {
        path: path.display().to_string(),
        differences: compare_with_adopted(db, &f)?,
        version: f.version,
        title: f.title,
        date: f.date,
        activities: f.activities.len() as u32,
        already_stored,
    })
}

/// How the current framework is offered to be saved as a file.
pub fn framework_save_as(
    db: &DataFile,
    version: Option<&str>,
    form: FrameworkForm,
) -> Result<crate::files::SaveAs> {
    let f = framework(db, version)?;
    let stem = crate::files::safe_file_stem(&f.version);
    Ok(match form {
        FrameworkForm::Json => crate::files::SaveAs {
            title: "Save the framework as a JSON file",
            file_name: format!("framework-{stem}.json"),
            kind: crate::files::FRAMEWORK_JSON,
        },
        FrameworkForm::Workbook => crate::files::SaveAs {
            title: "Save the framework as a workbook",
            file_name: format!("framework-{stem}.xlsx"),
            kind: crate::files::XLSX,
        },
    })
}
