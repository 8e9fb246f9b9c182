//! Files the app has saved.

use super::Reply;
use crate::dialogs::Dialogs;
use tauri::State;

/// Opens a pack just saved, with the computer's PDF viewer ("open it now").
#[tauri::command]
#[specta::specta]
pub async fn open_saved_file(dialogs: State<'_, Dialogs>, path: String) -> Reply<()> {
    let path = std::path::PathBuf::from(path);
    dialogs
        .open_saved(&path)
        .map_err(|e| cmm_api::CoreError::file(&path, format!("could not be opened: {e}")).reply())
}
