//! The data file: opening it (with its checks, backups and migrations, in `cmm-core`'s
//! kernel), restoring a backup of a damaged one, and what a front end holds while it is
//! open.

use cmm_core::{CoreError, ErrorCode, Result, Store};
use parking_lot::{FairMutex, FairMutexGuard, Mutex};
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

/// How many idle read-only connections a [`SharedDataFile`] keeps for the next long read.
const READERS_KEPT: usize = 2;

/// The open data file as a window uses it, from several threads at once.
///
/// - **Turns.** Every screen read and every save takes a turn on the one connection that
///   writes ([`SharedDataFile::in_turn`]). Turns are first come, first served (a fair
///   lock), so a save waits only for the short work queued before it, and saves reach the
///   file in the order they were made. One writer also means SQLite's own write lock is
///   never contended inside the app.
/// - **Long reads** (a pack, a seal check over every evidence file, a submission file)
///   take no turn ([`SharedDataFile::long_read`]): each runs on a read-only connection of
///   its own, in one read transaction, beside the writer (WAL mode), so the window's reads
///   and saves go on while it runs.
pub struct SharedDataFile {
    writer: FairMutex<DataFile>,
    /// Read-only connections not in use, kept so the next long read need not open one.
    readers: Mutex<Vec<DataFile>>,
    /// The connection for long writes, when not in use (see `long_write`).
    bulk: Mutex<Option<DataFile>>,
}

/// The way long writing work takes turns with the window's reads and saves: a turn is
/// held from [`Turns::take`] until what it returns is dropped.
pub struct Turns<'a>(Option<&'a FairMutex<DataFile>>);

impl<'a> Turns<'a> {
    /// Waits for the writing connection's turn; `None` where the work already holds it
    /// (a database in memory, which has no second connection).
    pub fn take(&self) -> Option<FairMutexGuard<'a, DataFile>> {
        self.0.map(|w| w.lock())
    }
}

impl SharedDataFile {
    pub fn new(db: DataFile) -> Self {
        SharedDataFile {
            writer: FairMutex::new(db),
            readers: Mutex::new(Vec::new()),
            bulk: Mutex::new(None),
        }
    }

    /// Runs short work (a screen read or a save) in its turn on the connection that writes.
    /// Errors come back explained ([`DataFile::explain`]).
    pub fn in_turn<T>(&self, work: impl FnOnce(&mut DataFile) -> Result<T>) -> Result<T> {
        let mut db = self.writer.lock();
        work(&mut db).map_err(|e| db.explain(e))
    }

    /// Runs long reading work on a read-only connection of its own, in one read transaction
    /// (everything it reads is the file at one moment), holding no turn. A database in
    /// memory has no second connection: there the work takes a turn instead. Errors come
    /// back explained.
    pub fn long_read<T>(&self, work: impl FnOnce(&DataFile) -> Result<T>) -> Result<T> {
        let idle = self.readers.lock().pop();
        let reader = match idle {
            Some(r) => r,
            None => match self.open_beside(Store::reader)? {
                Some(r) => r,
                None => return self.in_turn(|db| db.store.in_one_read(|_| work(db))),
            },
        };
        let result = reader
            .store
            .in_one_read(|_| work(&reader))
            .map_err(|e| reader.explain(e));
        let mut idle = self.readers.lock();
        if idle.len() < READERS_KEPT {
            idle.push(reader);
        }
        result
    }

    /// Runs long writing work (evidence being added) on a writing connection of its own,
    /// with a small page cache, so that it does not push out what the window's connection
    /// keeps. The work takes a turn ([`Turns::take`]) for each of its write transactions,
    /// and the window's reads and saves go between them. A database in memory has no
    /// second connection: there the work runs in one turn. Errors come back explained.
    pub fn long_write<T>(
        &self,
        work: impl FnOnce(&mut DataFile, &Turns<'_>) -> Result<T>,
    ) -> Result<T> {
        let idle = self.bulk.lock().take();
        let mut bulk = match idle {
            Some(b) => b,
            None => match self.open_beside(Store::bulk_writer)? {
                Some(b) => b,
                None => return self.in_turn(|db| work(db, &Turns(None))),
            },
        };
        let result = work(&mut bulk, &Turns(Some(&self.writer))).map_err(|e| bulk.explain(e));
        *self.bulk.lock() = Some(bulk);
        result
    }

    /// A second connection to the file, opened by `open` (`Store::reader` or
    /// `Store::bulk_writer`); `None` where there can be none (a database in memory). Errors
    /// come back explained.
    fn open_beside(
        &self,
        open: impl FnOnce(&Store) -> Result<Option<Store>>,
    ) -> Result<Option<DataFile>> {
        let db = self.writer.lock();
        open(&db.store)
            .map(|store| store.map(|store| DataFile { store }))
            .map_err(|e| db.explain(e))
    }

    /// The data file's own answers (path, open outcome, read-only), in a turn.
    pub fn with<T>(&self, look: impl FnOnce(&DataFile) -> T) -> T {
        look(&self.writer.lock())
    }
}
