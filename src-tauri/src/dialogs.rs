//! Native file dialogs and "open with the system viewer", as managed state, so commands
//! stay free of the runtime type and tests can script the answers.
//!
//! End-to-end tests cannot drive a native dialog, so `CMM_FAKE_DIALOG` may name a text
//! file of answers: each dialog takes the first line (paths separated by `|`; an empty
//! line is Cancel) and removes it. Nothing is opened in a viewer in that mode.

use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

pub const FAKE_ENV: &str = "CMM_FAKE_DIALOG";

/// A file kind for a dialog's filter: its name and extensions.
pub type Filter<'a> = (&'a str, &'a [&'a str]);

trait Provider: Send + Sync {
    fn pick_files(&self, title: &str) -> Vec<PathBuf>;
    fn pick_file(&self, title: &str, filter: Filter<'_>) -> Option<PathBuf>;
    fn save_file(
        &self,
        title: &str,
        file_name: &str,
        filter: Option<Filter<'_>>,
    ) -> Option<PathBuf>;
    fn open(&self, path: &Path) -> Result<(), String>;
}

pub struct Dialogs(Box<dyn Provider>, std::sync::Mutex<Vec<PathBuf>>);

impl Dialogs {
    /// The real dialogs, unless `CMM_FAKE_DIALOG` names a file of answers.
    pub fn for_app<R: Runtime>(app: AppHandle<R>) -> Dialogs {
        match std::env::var_os(FAKE_ENV).filter(|v| !v.is_empty()) {
            Some(file) => Dialogs::scripted(PathBuf::from(file)),
            None => Dialogs(Box::new(Native(app)), Default::default()),
        }
    }

    /// Answers read from `file`, one line per dialog.
    pub fn scripted(file: PathBuf) -> Dialogs {
        Dialogs(Box::new(Scripted(file)), Default::default())
    }

    /// Several files to attach; empty when cancelled.
    pub fn pick_files(&self, title: &str) -> Vec<PathBuf> {
        self.0.pick_files(title)
    }

    pub fn pick_file(&self, title: &str, filter: Filter<'_>) -> Option<PathBuf> {
        let chosen = self.0.pick_file(title, filter)?;
        if let Ok(mut known) = self.1.lock() {
            known.push(chosen.clone());
        }
        Some(chosen)
    }

    /// Whether the person chose `path` in an open or save dialog in this session: the
    /// window may only name files it was given that way.
    pub fn chosen(&self, path: &Path) -> bool {
        self.1
            .lock()
            .map(|known| known.iter().any(|p| p == path))
            .unwrap_or(false)
    }

    /// Where to save a file; `None` when cancelled.
    pub fn save_file(
        &self,
        title: &str,
        file_name: &str,
        filter: Option<Filter<'_>>,
    ) -> Option<PathBuf> {
        let chosen = self.0.save_file(title, file_name, filter)?;
        if let Ok(mut saved) = self.1.lock() {
            saved.push(chosen.clone());
        }
        Some(chosen)
    }

    /// Opens a file this app saved through a save dialog in this session ("open it now"),
    /// and nothing else: the window cannot ask for any other path to be opened.
    pub fn open_saved(&self, path: &Path) -> Result<(), String> {
        if !self.chosen(path) {
            return Err("it was not saved by this app in this session".into());
        }
        self.open(path)
    }

    /// Opens a file with whatever the computer uses for its kind.
    pub fn open(&self, path: &Path) -> Result<(), String> {
        self.0.open(path)
    }
}

struct Native<R: Runtime>(AppHandle<R>);

impl<R: Runtime> Provider for Native<R> {
    fn pick_files(&self, title: &str) -> Vec<PathBuf> {
        self.0
            .dialog()
            .file()
            .set_title(title)
            .blocking_pick_files()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .collect()
    }

    fn pick_file(&self, title: &str, filter: Filter<'_>) -> Option<PathBuf> {
        self.0
            .dialog()
            .file()
            .set_title(title)
            .add_filter(filter.0, filter.1)
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
    }

    fn save_file(
        &self,
        title: &str,
        file_name: &str,
        filter: Option<Filter<'_>>,
    ) -> Option<PathBuf> {
        let mut d = self
            .0
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name);
        if let Some((name, ext)) = filter {
            d = d.add_filter(name, ext);
        }
        d.blocking_save_file().and_then(|p| p.into_path().ok())
    }

    fn open(&self, path: &Path) -> Result<(), String> {
        self.0
            .opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| e.to_string())
    }
}

struct Scripted(PathBuf);

impl Scripted {
    fn next(&self) -> Vec<PathBuf> {
        let text = std::fs::read_to_string(&self.0).unwrap_or_default();
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("").to_owned();
        let rest: Vec<&str> = lines.collect();
        let _ = std::fs::write(&self.0, rest.join("\n"));
        first
            .split('|')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect()
    }
}

impl Provider for Scripted {
    fn pick_files(&self, _: &str) -> Vec<PathBuf> {
        self.next()
    }
    fn pick_file(&self, _: &str, _: Filter<'_>) -> Option<PathBuf> {
        self.next().into_iter().next()
    }
    fn save_file(&self, _: &str, _: &str, _: Option<Filter<'_>>) -> Option<PathBuf> {
        self.next().into_iter().next()
    }
    fn open(&self, path: &Path) -> Result<(), String> {
        log::info!("scripted dialogs: would open {}", path.display());
        Ok(())
    }
}
