//! Opening the data file: whether it has opened, waiting for another program, making a
//! new one, restoring a backup of a damaged one.

use super::Reply;
use crate::state::{AppState, StartupInfo};
use crate::window_start::WindowStart;
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

/// The variable that makes the app close once its first screen is ready, so that a timer
/// of whole processes (hyperfine) measures start-up to a usable window
/// (`tests/e2e/measure-window.mjs`).
pub const EXIT_WHEN_READY_ENV: &str = "CMM_EXIT_WHEN_READY";

/// The window's first screen is ready to use (the register, the reports, or what start-up
/// showed instead): the app logs how long start-up took, and each moment of it the
/// window's script saw (`start`). With `CMM_EXIT_WHEN_READY` set, it then closes the data
/// file and exits.
#[tauri::command]
#[specta::specta]
pub async fn window_ready(state: State<'_, AppState>, start: WindowStart) -> Reply<()> {
    let took = crate::STARTED
        .get()
        .map(|t| t.elapsed())
        .unwrap_or_default();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1e3;
    let took_ms = took.as_secs_f64() * 1e3;
    let line = crate::window_start::describe(took_ms, now_ms - took_ms, &start);
    match &line {
        Ok(line) => log::info!("{line}"),
        Err(e) => log::info!("first screen ready {took_ms:.0} ms after start ({e})"),
    }
    if std::env::var_os(EXIT_WHEN_READY_ENV).is_some_and(|v| !v.is_empty()) {
        // As when the window is closed: the data file is closed on the way out.
        state.exit();
    }
    line.map(|_| ()).map_err(|e| e.reply())
}
