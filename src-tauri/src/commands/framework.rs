//! The maturity framework.

use super::Reply;
use crate::state::AppState;
use cmm_api::framework::{self, Framework};
use tauri::State;

/// A stored framework version: the built-in one when `version` is `null`.
#[tauri::command]
#[specta::specta]
pub async fn framework(state: State<'_, AppState>, version: Option<String>) -> Reply<Framework> {
    state
        .run(move |db| framework::framework(db, version.as_deref()))
        .await
}
