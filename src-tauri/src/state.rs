//! What the app holds while it runs: where the database is, and the open store (or why
//! it could not be opened).

use cmm_core::store::{self, BackupInfo, OpenReport};
use cmm_core::user::AppUser;
use cmm_core::{ErrorReport, Store};
use serde::Serialize;
use specta::Type;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The environment variable that points the app at another database file.
pub const DB_ENV: &str = "CMM_DB_PATH";
/// The command-line flag that does the same (`--db PATH`); it wins over the variable.
pub const DB_FLAG: &str = "--db";
/// The file name inside the app's data folder.
pub use cmm_core::store::DB_FILE;

/// The database path chosen by `--db PATH` (or `--db=PATH`), else by `CMM_DB_PATH`.
pub fn db_path_override(args: &[String], env: Option<String>) -> Option<PathBuf> {
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        if a == DB_FLAG {
            args.get(i + 1).cloned()
        } else {
            a.strip_prefix("--db=").map(str::to_owned)
        }
    });
    flag.or(env)
        .filter(|v| !v.trim().is_empty())
        .map(PathBuf::from)
}

pub struct AppState {
    db_path: PathBuf,
    store: Mutex<Result<Store, ErrorReport>>,
}

/// What the window needs to know at start: is the database open, and if not, why and
/// what can be done.
#[derive(Debug, Clone, Serialize, Type)]
pub struct StartupInfo {
    pub app_version: String,
    pub db_path: String,
    /// Set when the database could not be opened; the app shows it instead of the register.
    pub problem: Option<ErrorReport>,
    /// Backups that could be restored, newest first.
    pub backups: Vec<BackupInfo>,
    pub open_report: Option<OpenReport>,
    /// Who is using the app; `None` on first start, when the window asks.
    pub user: Option<AppUser>,
}

impl AppState {
    pub fn open(db_path: PathBuf) -> AppState {
        let store = Store::open(&db_path).map_err(|e| {
            log::error!("could not open {}: {e}", db_path.display());
            e.report()
        });
        AppState {
            db_path,
            store: Mutex::new(store),
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// Runs `f` on the open store; if the database is not open, returns why.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> cmm_core::Result<T>,
    ) -> Result<T, ErrorReport> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Ok(store) => f(store).map_err(|e| {
                log::warn!("command failed: {e}");
                e.report()
            }),
            Err(problem) => Err(problem.clone()),
        }
    }

    pub fn startup_info(&self) -> StartupInfo {
        let guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        self.describe(&guard)
    }

    fn describe(&self, store: &Result<Store, ErrorReport>) -> StartupInfo {
        StartupInfo {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            db_path: self.db_path.display().to_string(),
            problem: store.as_ref().err().cloned(),
            backups: store::list_backups(&self.db_path),
            open_report: store.as_ref().ok().map(|s| s.open_report().clone()),
            user: store
                .as_ref()
                .ok()
                .and_then(|s| s.app_user().ok().flatten()),
        }
    }

    /// Puts the newest good backup in place of a damaged database and opens it. A
    /// database that opened fine is never replaced.
    pub fn restore_latest_backup(&self) -> Result<StartupInfo, ErrorReport> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_err() {
            store::restore_latest_backup(&self.db_path).map_err(|e| e.report())?;
            *guard = Store::open(&self.db_path).map_err(|e| e.report());
        }
        Ok(self.describe(&guard))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert_eq!(
            db_path_override(
                &args(&["app", "--db", "/tmp/a.sqlite3"]),
                Some("/tmp/b".into())
            ),
            Some(PathBuf::from("/tmp/a.sqlite3"))
        );
        assert_eq!(
            db_path_override(&args(&["app", "--db=/tmp/c"]), None),
            Some(PathBuf::from("/tmp/c"))
        );
        assert_eq!(
            db_path_override(&args(&["app"]), Some("/tmp/b".into())),
            Some(PathBuf::from("/tmp/b"))
        );
        assert_eq!(db_path_override(&args(&["app"]), Some(" ".into())), None);
        assert_eq!(db_path_override(&args(&["app", "--db"]), None), None);
    }
}
