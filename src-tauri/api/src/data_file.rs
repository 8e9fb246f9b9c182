//! The data file: opening it (with its checks, backups and migrations, in `cmm-core`'s
//! kernel), restoring a backup of a damaged one, and what a front end holds while it is
//! open.

use cmm_core::{CoreError, ErrorCode, Result, Store};
use std::path::Path;
use std::time::{Duration, Instant};

pub use cmm_core::kernel::{
    backups_dir, list_backups, restore_backup, restore_plan, BackupInfo, OpenOutcome, Opening,
    ReportState, RestorePlan, Waiting, APP_IDENTIFIER, BUSY_TIMEOUT, CHECK_WAIT, DB_FILE, PATIENCE,
};

/// An open data file. Every use case in this crate takes one; nothing outside this crate
/// reaches the store behind it.
pub struct DataFile {
    pub(crate) store: Store,
}

impl DataFile {
    /// Opens the data file at `path` as `how` says (make it or not, how long to wait for
    /// another program), telling `waiting` each time another program still holds it.
    ///
    /// Errors: `DatabaseMissing`, `DatabaseDamaged`, `DatabaseTooNew`, `DatabaseInUse`
    /// after the patience, `Unavailable` (see `Store::open_with`).
    pub fn open_with(path: &Path, how: &Opening, waiting: impl FnMut(Waiting)) -> Result<Self> {
        Ok(DataFile {
            store: Store::open_with(path, how, waiting)?,
        })
    }

    /// Why nothing can be changed, when the file was opened read-only.
    pub fn read_only(&self) -> Option<&str> {
        self.store.read_only()
    }

    /// Says which file an error is about and, for a file opened read-only, why it cannot
    /// be changed. Every front end passes each error through here before showing it.
    pub fn explain(&self, e: CoreError) -> CoreError {
        self.store.explain(e)
    }

    /// Where the file is; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// Runs `work`, and runs it again while another program holds the file past SQLite's
    /// busy wait (a write refused that way changed nothing), until `patience` has passed
    /// since the first try, calling `waiting` before each new try. Errors come back
    /// explained ([`DataFile::explain`]).
    pub fn patiently<T>(
        &mut self,
        patience: Duration,
        mut waiting: impl FnMut(),
        mut work: impl FnMut(&mut DataFile) -> Result<T>,
    ) -> Result<T> {
        let started = Instant::now();
        loop {
            match work(self) {
                Err(e) if e.code() == ErrorCode::DatabaseInUse && started.elapsed() < patience => {
                    waiting();
                    std::thread::sleep(Duration::from_millis(200));
                }
                result => return result.map_err(|e| self.explain(e)),
            }
        }
    }

    /// What happened while opening: schema versions, the backup taken, read-only.
    pub fn open_outcome(&self) -> &OpenOutcome {
        self.store.open_outcome()
    }
}
