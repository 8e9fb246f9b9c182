//! Drafts of forms that save on a button, kept as typed.

use super::Reply;
use crate::state::AppState;
use cmm_api::kept::{self, *};
use cmm_api::FieldError;
use tauri::State;

/// The draft of a form that saves on a button (an action, a finding, a meeting…), if kept.
#[tauri::command]
#[specta::specta]
pub async fn form_draft(state: State<'_, AppState>, form: String) -> Reply<Option<FormDraft>> {
    state.run(move |db| kept::form_draft(db, &form)).await
}

/// Keeps what is typed into such a form, with what the last attempt to save it said.
#[tauri::command]
#[specta::specta]
pub async fn keep_form_draft(
    state: State<'_, AppState>,
    form: String,
    input: serde_json::Value,
    errors: Vec<FieldError>,
) -> Reply<FormDraft> {
    state
        .run(move |db| kept::keep_form_draft(db, &form, &input, &errors))
        .await
}

/// Which forms named `prefix…` have a draft kept (for example `member/`).
#[tauri::command]
#[specta::specta]
pub async fn form_drafts(state: State<'_, AppState>, prefix: String) -> Reply<Vec<String>> {
    state.run(move |db| kept::form_drafts(db, &prefix)).await
}

/// Forgets a form's draft once what it held is saved, or the person clears the form.
#[tauri::command]
#[specta::specta]
pub async fn discard_form_draft(state: State<'_, AppState>, form: String) -> Reply<()> {
    state
        .run(move |db| kept::discard_form_draft(db, &form))
        .await
}
