//! Who is using the app.

use super::Reply;
use crate::state::AppState;
use cmm_api::user::{self, *};
use tauri::State;

/// Says who is using the app (asked on first start; can be changed).
#[tauri::command]
#[specta::specta]
pub async fn save_app_user(state: State<'_, AppState>, input: AppUserInput) -> Reply<AppUser> {
    state.run(move |db| user::save_app_user(db, &input)).await
}

/// Keeps the screen the window shows now (a JSON object with its `kind`, at most 2,000
/// characters), so that the app opens there again after a restart (`StartupInfo::last_screen`).
#[tauri::command]
#[specta::specta]
pub async fn remember_screen(state: State<'_, AppState>, screen: String) -> Reply<()> {
    state
        .run(move |db| user::remember_screen(db, &screen))
        .await
}
