//! The maturity framework: the stored versions, a revision read from a file and compared
//! with the version in use, loaded and adopted, exported; a draft report moved to the
//! adopted version.

use super::{chosen_file, save_to, Reply};
use crate::dialogs::Dialogs;
use crate::state::AppState;
use cmm_api::framework::{self, Framework, FrameworkCandidate, FrameworkVersionSummary};
use cmm_api::reports::FrameworkMove;
use tauri::State;

/// A stored framework version: the adopted one (the version new reports use) when
/// `version` is `null`.
#[tauri::command]
#[specta::specta]
pub async fn framework(state: State<'_, AppState>, version: Option<String>) -> Reply<Framework> {
    state
        .run(move |db| framework::framework(db, version.as_deref()))
        .await
}

/// The stored framework versions, in the order they were loaded, with the one in use.
#[tauri::command]
#[specta::specta]
pub async fn framework_versions(state: State<'_, AppState>) -> Reply<Vec<FrameworkVersionSummary>> {
    state.run(|db| framework::framework_versions(db)).await
}

/// Asks for a framework file, reads and checks it, and says what it changes from the
/// version in use. Stores nothing. `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn open_framework_file(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
) -> Reply<Option<FrameworkCandidate>> {
    let kind = cmm_api::files::FRAMEWORK;
    let Some(file) = dialogs.pick_file("Choose a framework file", (kind.name, kind.extensions))
    else {
        return Ok(None);
    };
    state
        .long_read(move |db| framework::framework_candidate(db, &file).map(Some))
        .await
}

/// Loads the framework file chosen in this session (`path`, from `open_framework_file`),
/// and adopts it when `adopt`: new reports then use it. Returns the versions.
#[tauri::command]
#[specta::specta]
pub async fn import_framework(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    path: String,
    adopt: bool,
) -> Reply<Vec<FrameworkVersionSummary>> {
    let file = chosen_file(&dialogs, &path)?;
    state
        .run(move |db| {
            let (f, _) = framework::import_framework(db, &file)?;
            if adopt {
                framework::adopt_framework(db, &f.version)?;
            }
            framework::framework_versions(db)
        })
        .await
}

/// Adopts a stored version: new reports use it; reports already started keep theirs.
#[tauri::command]
#[specta::specta]
pub async fn adopt_framework(
    state: State<'_, AppState>,
    version: String,
) -> Reply<Vec<FrameworkVersionSummary>> {
    state
        .run(move |db| {
            framework::adopt_framework(db, &version)?;
            framework::framework_versions(db)
        })
        .await
}

/// Asks where to save, then writes a framework version (the one in use when `version` is
/// `null`) as a workbook or as JSON. Returns where; `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_framework(
    dialogs: State<'_, Dialogs>,
    state: State<'_, AppState>,
    version: Option<String>,
    form: framework::FrameworkForm,
) -> Reply<Option<String>> {
    let v = version.clone();
    let save_as = state
        .run(move |db| framework::framework_save_as(db, v.as_deref(), form))
        .await?;
    save_to(&dialogs, &state, &save_as, move |db, dest| {
        framework::export_framework(db, version.as_deref(), form, dest)?;
        Ok(dest.display().to_string())
    })
    .await
}

/// What moving a draft report to the adopted framework version would change.
#[tauri::command]
#[specta::specta]
pub async fn framework_move(state: State<'_, AppState>, report_id: i64) -> Reply<FrameworkMove> {
    state
        .run(move |db| framework::framework_move(db, report_id))
        .await
}

/// Moves a draft report to the adopted framework version, once every activity the
/// revision adds or changes is `confirmed` (by key).
#[tauri::command]
#[specta::specta]
pub async fn move_report_framework(
    state: State<'_, AppState>,
    report_id: i64,
    confirmed: Vec<String>,
) -> Reply<FrameworkMove> {
    state
        .run(move |db| framework::move_to_adopted_framework(db, report_id, &confirmed))
        .await
}
