//! Opening the data file: whether it has opened, waiting for another program, making a
//! new one, restoring a backup of a damaged one.

use super::Reply;
use crate::state::{AppState, StartupInfo};
use tauri::State;

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
