//! What the app holds while it runs: where the database is, and the open store (or why
//! it could not be opened).

use crate::window_lock::{self, WindowLock};
use cmm_api::data_file::{self, BackupInfo, OpenOutcome, Opening, RestorePlan, SharedDataFile};
use cmm_api::user::AppUser;
use cmm_api::{CoreError, DataFile, ErrorCode, ErrorReply};
use serde::Serialize;
use specta::Type;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The environment variable that points the app at another database file.
pub const DB_ENV: &str = "CMM_DB_PATH";
/// The command-line flag that does the same (`--db PATH`); it wins over the variable.
pub const DB_FLAG: &str = "--db";
/// The file name inside the app's data folder.
pub use cmm_api::data_file::DB_FILE;

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

/// Where the store is on its way to being usable.
#[derive(Clone)]
enum Slot {
    /// Being opened on a background thread; `waited` is set while another program holds
    /// the file.
    Opening { waited: Option<Duration> },
    /// Open: shared by every command running (see [`SharedDataFile`]).
    Open(Arc<SharedDataFile>),
    /// Why it could not be opened, or why it stopped being usable (damage found while in
    /// use).
    Failed(ErrorReply),
}

pub struct AppState {
    db_path: PathBuf,
    /// Whether opening may make the file: true for the app's own data folder, or a path
    /// given in a folder that is there; false where the folder is missing (moved, renamed,
    /// a share not connected), and the window asks first.
    create: Arc<std::sync::atomic::AtomicBool>,
    slot: Arc<Mutex<Slot>>,
    /// Signalled whenever the slot changes while opening (progress, opened, failed).
    changed: Arc<Condvar>,
    /// This window's claim on the file; `None` when another window has it, no lock file
    /// could be made (a read-only folder), or the app has closed.
    window: Mutex<Option<WindowLock>>,
    /// Ends the app as closing its window does (set by `run`; none on the mock runtime).
    exit: Mutex<Option<Box<dyn Fn() + Send + Sync>>>,
    /// Called by each long read before it reads (tests only; see `pause_long_reads_with`).
    pause: Mutex<Option<Pause>>,
}

type Pause = Arc<dyn Fn() + Send + Sync>;

/// While the data file is being opened.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OpeningState {
    /// Whole seconds spent waiting for another program to let go of the file; 0 when
    /// none has held it.
    pub waited_s: u32,
    /// Another program holds the file, and the app is waiting for it.
    pub in_use: bool,
    /// How long the app waits before saying so (seconds).
    pub patience_s: u32,
}

/// What the window needs to know at start: is the database open, and if not, why and
/// what can be done.
#[derive(Debug, Clone, Serialize, Type)]
pub struct StartupInfo {
    pub app_version: String,
    pub db_path: String,
    /// Set while the file is still being opened; the window shows "Opening your data"
    /// and asks again.
    pub opening: Option<OpeningState>,
    /// Set when the database could not be opened; the app shows it instead of the register.
    pub problem: Option<ErrorReply>,
    /// Backups that could be restored, newest first.
    pub backups: Vec<BackupInfo>,
    /// For a damaged file: what restoring the newest good backup would bring back, and
    /// which reports it lacks or holds in an older state.
    pub restore: Option<RestorePlan>,
    pub open_outcome: Option<OpenOutcome>,
    /// Who is using the app; `None` on first start, when the window asks.
    pub user: Option<AppUser>,
    /// The screen the window last showed, to open there again (`remember_screen`).
    pub last_screen: Option<String>,
    /// The council's names once chosen; `None` on a new data file, when the window asks
    /// for them with the user's.
    pub organisation: Option<cmm_api::organisation::Organisation>,
}

impl AppState {
    /// Claims the file for this window and opens it on a background thread, so the window
    /// paints at once and can say it is waiting. [`AppState::startup_info`] tells how far
    /// it has got.
    pub fn start(db_path: PathBuf, create: bool) -> AppState {
        if create {
            // The app's own folder on first start: made now, so this window can claim the
            // file before it is made (a failure here is told by the opening).
            if let Some(dir) = db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                let _ = std::fs::create_dir_all(dir);
            }
        }
        let (window, problem) = claim_window(&db_path);
        let state = AppState {
            create: Arc::new(create.into()),
            slot: Arc::new(Mutex::new(match problem {
                Some(p) => Slot::Failed(p),
                None => Slot::Opening { waited: None },
            })),
            changed: Arc::new(Condvar::new()),
            db_path,
            window: Mutex::new(window),
            exit: Mutex::new(None),
            pause: Mutex::new(None),
        };
        if matches!(*state.lock(), Slot::Opening { .. }) {
            state.open_in_background();
        }
        state
    }

    /// Claims the file and opens it before returning (tests, and the mock runtime).
    pub fn open(db_path: PathBuf) -> AppState {
        let (window, problem) = claim_window(&db_path);
        let slot = match problem {
            Some(p) => Slot::Failed(p),
            None => open_slot_now(&db_path, true),
        };
        AppState {
            create: Arc::new(true.into()),
            slot: Arc::new(Mutex::new(slot)),
            changed: Arc::new(Condvar::new()),
            db_path,
            window: Mutex::new(window),
            exit: Mutex::new(None),
            pause: Mutex::new(None),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn open_in_background(&self) {
        let path = self.db_path.clone();
        let slot = Arc::clone(&self.slot);
        let changed = Arc::clone(&self.changed);
        let create = self.create.load(std::sync::atomic::Ordering::Relaxed);
        std::thread::spawn(move || {
            // A panic while opening must not leave the window saying "Opening" for ever.
            let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                open_slot(&path, create, &slot, &changed)
            }))
            .unwrap_or_else(|_| {
                Slot::Failed(
                    CoreError::Unavailable(
                        "opening it failed unexpectedly. Close the app and open it again; if this keeps happening, send the app's log to your IT service desk.".into(),
                    )
                    .reply(),
                )
            });
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = opened;
            changed.notify_all();
        });
    }

    /// Something to wait on, off the main thread, until opening moves on.
    pub fn opening_waiter(&self) -> OpeningWaiter {
        OpeningWaiter {
            slot: Arc::clone(&self.slot),
            changed: Arc::clone(&self.changed),
        }
    }

    /// Makes a new, empty data file at the path given, which had none, after the officer
    /// said that is what they want. Anything else is left as it is.
    pub fn create_database(&self) -> StartupInfo {
        let missing =
            matches!(&*self.lock(), Slot::Failed(p) if p.code == ErrorCode::DatabaseMissing);
        if missing {
            if let Some(dir) = self.db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    *self.lock() = Slot::Failed(CoreError::file(dir, e).reply());
                    return self.startup_info();
                }
            }
            self.create
                .store(true, std::sync::atomic::Ordering::Relaxed);
            self.reopen();
        }
        self.startup_info()
    }

    /// Tries again after the file was in use past the wait, or was missing (a share that
    /// was not connected). Anything else is left as it is.
    pub fn open_again(&self) -> StartupInfo {
        let retry = matches!(
            &*self.lock(),
            Slot::Failed(p) if matches!(p.code, ErrorCode::DatabaseInUse | ErrorCode::DatabaseMissing)
        );
        if retry {
            self.reopen();
        }
        self.startup_info()
    }

    /// Opens the file again on a background thread, first claiming it for this window
    /// when that could not be done at start (its folder was not there then).
    fn reopen(&self) {
        let mut window = self.window.lock().unwrap_or_else(|p| p.into_inner());
        if window.is_none() {
            let (claimed, problem) = claim_window(&self.db_path);
            if let Some(p) = problem {
                *self.lock() = Slot::Failed(p);
                return;
            }
            *window = claimed;
        }
        drop(window);
        *self.lock() = Slot::Opening { waited: None };
        self.open_in_background();
    }

    /// How to end the app as closing its window does.
    pub fn on_exit(&self, exit: impl Fn() + Send + Sync + 'static) {
        *self.exit.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(exit));
    }

    /// Ends the app as closing its window does (the data file is closed on the way out).
    pub fn exit(&self) {
        if let Some(exit) = &*self.exit.lock().unwrap_or_else(|p| p.into_inner()) {
            exit();
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// True once when another launch has asked this window to come to the front.
    pub fn raise_requested(&self) -> bool {
        self.window
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|w| w.raise_requested())
    }

    /// Closes the database (SQLite then checkpoints its journal) and lets another window
    /// have the file. Called when the app exits.
    pub fn close(&self) {
        *self.lock() =
            Slot::Failed(CoreError::Unavailable("the app has closed the database.".into()).reply());
        self.window.lock().unwrap_or_else(|p| p.into_inner()).take();
    }

    /// The open data file, or why there is none. Holds the state's lock only to look.
    fn data_file(&self) -> Result<Arc<SharedDataFile>, ErrorReply> {
        match &*self.lock() {
            Slot::Open(file) => Ok(Arc::clone(file)),
            Slot::Failed(problem) => Err(problem.clone()),
            Slot::Opening { .. } => Err(still_opening()),
        }
    }

    /// Runs short work (a screen read or a save) in its turn on the data file, on a thread
    /// of the blocking pool, never the window's (see [`SharedDataFile::in_turn`]).
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut DataFile) -> cmm_api::Result<T> + Send + 'static,
    ) -> Result<T, ErrorReply> {
        let file = self.data_file()?;
        self.off_the_window(move || file.in_turn(work)).await
    }

    /// Runs long reading work (a pack, a seal check, an export) on a read-only connection
    /// of its own, holding no turn, so the window's reads and saves go on beside it (see
    /// [`SharedDataFile::long_read`]).
    pub async fn long_read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&DataFile) -> cmm_api::Result<T> + Send + 'static,
    ) -> Result<T, ErrorReply> {
        let file = self.data_file()?;
        let pause = self.pause.lock().unwrap_or_else(|p| p.into_inner()).clone();
        self.off_the_window(move || {
            file.long_read(|db| {
                if let Some(pause) = pause {
                    pause();
                }
                work(db)
            })
        })
        .await
    }

    /// Runs long writing work (evidence being added) on the blocking pool; it takes its
    /// own turns between the window's reads and saves (see [`SharedDataFile::long_write`]).
    pub async fn long_write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&SharedDataFile) -> cmm_api::Result<T> + Send + 'static,
    ) -> Result<T, ErrorReply> {
        let file = self.data_file()?;
        self.off_the_window(move || work(&file)).await
    }

    /// Runs `work` on the blocking pool and says what came of it. Damage found here is
    /// treated as damage found at opening: the file is closed and the window is told, so
    /// it can offer the restore.
    async fn off_the_window<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> cmm_api::Result<T> + Send + 'static,
    ) -> Result<T, ErrorReply> {
        let report = match on_the_pool(work).await {
            Ok(v) => return Ok(v),
            Err(e) => {
                log::warn!("command failed: {e}");
                e.reply()
            }
        };
        if report.code == ErrorCode::DatabaseDamaged {
            log::error!("damage found while in use: {}", report.message);
            *self.lock() = Slot::Failed(report.clone());
        }
        Err(report)
    }

    /// For tests: long reads call `pause` once they hold their read-only connection and
    /// before they read, so a test can hold one there while it uses the window.
    pub fn pause_long_reads_with(&self, pause: impl Fn() + Send + Sync + 'static) {
        *self.pause.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(pause));
    }

    pub fn startup_info(&self) -> StartupInfo {
        // Looked at, then let go: what follows reads files and waits for a turn, and the
        // commands must not wait for that to find the data file.
        let slot = self.lock().clone();
        let mut info = StartupInfo {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            db_path: self.db_path.display().to_string(),
            opening: None,
            problem: None,
            backups: Vec::new(),
            restore: None,
            open_outcome: None,
            user: None,
            last_screen: None,
            organisation: None,
        };
        match &slot {
            Slot::Opening { waited } => {
                info.opening = Some(OpeningState {
                    waited_s: waited.map(|w| w.as_secs() as u32).unwrap_or(0),
                    in_use: waited.is_some(),
                    patience_s: data_file::PATIENCE.as_secs() as u32,
                })
            }
            Slot::Open(file) => {
                let (outcome, user, last_screen, organisation) = file.with(|db| {
                    (
                        db.open_outcome().clone(),
                        cmm_api::user::app_user(db),
                        cmm_api::user::last_screen(db),
                        cmm_api::organisation::chosen_organisation(db),
                    )
                });
                info.open_outcome = Some(outcome);
                info.user = user.ok().flatten();
                info.last_screen = last_screen.ok().flatten();
                info.organisation = organisation.ok().flatten();
                info.backups = data_file::list_backups(&self.db_path);
            }
            Slot::Failed(p) => {
                info.problem = Some(p.clone());
                info.backups = data_file::list_backups(&self.db_path);
                if p.code == ErrorCode::DatabaseDamaged {
                    info.restore = data_file::restore_plan(&self.db_path).ok();
                }
            }
        }
        info
    }

    /// Puts the backup `file_name` (the one [`StartupInfo::restore`] described) in place
    /// of a damaged database and opens it. Only a file found damaged is replaced: the core
    /// checks it again first.
    pub fn restore_backup(&self, file_name: &str) -> Result<StartupInfo, ErrorReply> {
        {
            let mut slot = self.lock();
            match &*slot {
                Slot::Failed(p) if p.code == ErrorCode::DatabaseDamaged => {}
                _ => {
                    return Err(CoreError::File {
                        path: self.db_path.display().to_string(),
                        detail: "it is not damaged, so it has not been replaced by a backup."
                            .into(),
                    }
                    .reply())
                }
            }
            // Replaced, or found to check clean after all (damage seen by one query that
            // the full check does not confirm): either way, open it again.
            let aside =
                data_file::restore_backup(&self.db_path, file_name).map_err(|e| e.reply())?;
            if aside.is_none() {
                log::warn!("{} checks clean; opening it again", self.db_path.display());
            }
            *slot = open_slot_now(&self.db_path, true);
        }
        Ok(self.startup_info())
    }
}

/// Runs `work` on the blocking pool, never the window's thread.
pub(crate) async fn on_the_pool<T: Send + 'static>(
    work: impl FnOnce() -> cmm_api::Result<T> + Send + 'static,
) -> cmm_api::Result<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| {
            Err(CoreError::Unavailable(format!(
                "the work stopped unexpectedly ({e}). Nothing was lost; try again."
            )))
        })
}

fn still_opening() -> ErrorReply {
    ErrorReply {
        code: ErrorCode::DatabaseUnavailable,
        message: "Your data is still being opened. Try again in a moment.".into(),
        fields: Vec::new(),
    }
}

/// Waits for the file's opening to move on: it opens, fails, or reports how long it has
/// waited for another program. Lets the window's `startup` answer as soon as there is news
/// rather than on a timer.
pub struct OpeningWaiter {
    slot: Arc<Mutex<Slot>>,
    changed: Arc<Condvar>,
}

impl OpeningWaiter {
    /// Returns at once unless the file is still opening; then waits up to `max` for news.
    pub fn wait(&self, max: Duration) {
        let slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if matches!(*slot, Slot::Opening { .. }) {
            let _ = self.changed.wait_timeout(slot, max);
        }
    }
}

/// Opens the store on this thread (tests, and a restore, which the window waits for).
fn open_slot_now(path: &Path, create: bool) -> Slot {
    open_slot(
        path,
        create,
        &Arc::new(Mutex::new(Slot::Opening { waited: None })),
        &Condvar::new(),
    )
}

/// Opens the store, writing how long it has waited into `progress` (and saying so on
/// `changed`) while another program holds the file.
fn open_slot(path: &Path, create: bool, progress: &Arc<Mutex<Slot>>, changed: &Condvar) -> Slot {
    let how = Opening {
        create,
        patience: data_file::PATIENCE,
    };
    let opened = DataFile::open_with(path, &how, |w| {
        *progress.lock().unwrap_or_else(|p| p.into_inner()) = Slot::Opening {
            waited: Some(w.waited),
        };
        changed.notify_all();
    });
    match opened {
        Ok(s) => Slot::Open(Arc::new(SharedDataFile::new(s))),
        Err(e) => {
            log::error!("could not open {}: {e}", path.display());
            Slot::Failed(e.reply())
        }
    }
}

/// Claims the file for this window, or says which window has it.
fn claim_window(path: &Path) -> (Option<WindowLock>, Option<ErrorReply>) {
    match window_lock::claim(path) {
        Ok(Ok(lock)) => (Some(lock), None),
        Ok(Err(other)) => {
            let since = other
                .since
                .as_deref()
                .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("at %H:%M on %-d %B %Y")
                        .to_string()
                })
                .unwrap_or_else(|| "earlier".into());
            log::warn!(
                "{} is open in another window (process {:?})",
                path.display(),
                other.pid
            );
            (
                None,
                Some(
                    CoreError::OpenInAnotherWindow {
                        path: path.display().to_string(),
                        since,
                    }
                    .reply(),
                ),
            )
        }
        Err(e) => {
            log::warn!("no window lock beside {}: {e}", path.display());
            (None, None)
        }
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
