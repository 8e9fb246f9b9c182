//! The data file as every program opens it: the kernel's checks, backups and migrations,
//! then what a new file must hold from the start (the built-in framework). It stands above
//! the features, so that the kernel knows none of them.

use crate::framework::Framework;
use crate::kernel::error::Result;
use crate::kernel::{Opening, Store, Waiting};
use std::path::Path;

/// Stores the built-in framework if it is not there yet, and drops evidence uploads
/// abandoned part-way.
fn seed(store: &mut Store) -> Result<()> {
    store.ensure_framework(&Framework::built_in())?;
    store.forget_abandoned_uploads()?;
    Ok(())
}

impl Store {
    /// Opens (or creates) the database file at `path`, without waiting beyond SQLite's busy
    /// timeout. See [`Store::open_with`].
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, &Opening::CREATE, |_| {})
    }

    /// Opens the database file at `path`.
    ///
    /// An existing file is first checked (`PRAGMA quick_check`) and its schema version
    /// compared with this build's: a damaged file or one from a newer build is refused and
    /// left untouched. Before migrations are applied, or once a day, a backup copy is taken
    /// with SQLite's online backup into `backups/` beside the file. A file that cannot be
    /// written opens read-only ([`Store::read_only`] says why).
    ///
    /// While another program holds the file, it tries again until `how.patience` has
    /// passed, calling `waiting` after each try.
    ///
    /// Errors: `DatabaseMissing`, `DatabaseDamaged`, `DatabaseInUse`, `DatabaseReadOnly`
    /// (read-only and needing an update, or a new file in a folder that cannot be
    /// written), `DatabaseTooNew`, `DiskFull`; each names the file.
    pub fn open_with(path: &Path, how: &Opening, waiting: impl FnMut(Waiting)) -> Result<Store> {
        Store::open_seeded(path, how, waiting, seed)
    }

    /// A private database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Store::open_in_memory_seeded(seed)
    }
}
