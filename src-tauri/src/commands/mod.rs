//! The Tauri commands, one file per feature, named as the application layer
//! (`cmm_api`) names them. A command takes the window's state, asks its question (a
//! dialog), calls one use case and hands back its answer or its error. Nothing else
//! lives here.

pub mod contracts;
pub mod data_file;
pub mod files;
pub mod framework;
pub mod kept;
pub mod organisation;
pub mod programme;
pub mod reports;
pub mod review;
pub mod user;

use crate::dialogs::Dialogs;
use crate::state::AppState;
use cmm_api::files::SaveAs;
use cmm_api::{DataFile, ErrorReply};
use std::path::{Path, PathBuf};

/// What every command answers: its value, or the `{code, message, fields}` the window
/// shows.
pub type Reply<T> = Result<T, ErrorReply>;

/// Asks where to save as `save_as` offers, then writes there with `write`, as long work
/// beside the window's reads and saves ([`AppState::long_read`]). `None` when the person
/// cancels.
async fn save_to<T: Send + 'static>(
    dialogs: &Dialogs,
    state: &AppState,
    save_as: &SaveAs,
    write: impl FnOnce(&DataFile, &Path) -> cmm_api::Result<T> + Send + 'static,
) -> Reply<Option<T>> {
    let Some(dest) = dialogs.save_file(
        save_as.title,
        &save_as.file_name,
        Some((save_as.kind.name, save_as.kind.extensions)),
    ) else {
        return Ok(None);
    };
    state.long_read(move |db| write(db, &dest).map(Some)).await
}

/// Runs work that needs no data file (reading a spreadsheet the person chose) on the
/// blocking pool, never the window's thread.
async fn off_the_window<T: Send + 'static>(
    work: impl FnOnce() -> cmm_api::Result<T> + Send + 'static,
) -> Reply<T> {
    crate::state::on_the_pool(work).await.map_err(|e| e.reply())
}

/// A path the window names, accepted only when the person chose it in a dialog in this
/// session.
fn chosen_file(dialogs: &Dialogs, path: &str) -> Reply<PathBuf> {
    let path = PathBuf::from(path);
    if !dialogs.chosen(&path) {
        return Err(cmm_api::CoreError::file(
            &path,
            "was not chosen in this session; choose the file again",
        )
        .reply());
    }
    Ok(path)
}
