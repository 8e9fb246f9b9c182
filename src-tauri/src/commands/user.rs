//! Who is using the app.

use super::Reply;
use crate::state::AppState;
use cmm_api::user::{self, *};
use tauri::State;

/// Says who is using the app (asked on first start; can be changed).
#[tauri::command]
#[specta::specta]
pub fn save_app_user(state: State<'_, AppState>, input: AppUserInput) -> Reply<AppUser> {
    state.with_store(|db| user::save_app_user(db, &input))
}
