//! The council's names.

use super::Reply;
use crate::state::AppState;
use cmm_api::organisation::{self, *};
use tauri::State;

/// The council's names as the settings form shows them (Kent County Council's, from its
/// papers, until chosen).
#[tauri::command]
#[specta::specta]
pub async fn organisation(state: State<'_, AppState>) -> Reply<Organisation> {
    state.run(move |db| organisation::organisation(db)).await
}

/// Keeps the council's names (asked on first start; can be changed). Errors: `Validation`
/// naming each field and rule broken; nothing is changed.
#[tauri::command]
#[specta::specta]
pub async fn save_organisation(
    state: State<'_, AppState>,
    input: OrganisationInput,
) -> Reply<Organisation> {
    state
        .run(move |db| organisation::save_organisation(db, &input))
        .await
}
