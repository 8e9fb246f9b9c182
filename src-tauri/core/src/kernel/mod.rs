//! The kernel every feature stands on: `Store` (one connection to the data file) and the
//! write transaction; opening and checking the file (`open`), backups (`backup`),
//! migrations, atomic file writes (`files`), errors, money and dates. It names no
//! feature: each feature's queries are in its own `store.rs`.

mod backup;
mod connection;
pub(crate) use connection::JOURNAL_SIZE_LIMIT;
pub mod dates;
pub mod error;
mod files;
mod migrations;
pub mod money;
mod open;

pub(crate) use backup::{backup_is_due, take_backup};
pub use backup::{backups_dir, list_backups, BackupInfo};
pub use files::write_file_atomically;
pub use migrations::latest_schema_version;
pub(crate) use migrations::migrations;

pub use connection::BUSY_TIMEOUT;
pub use open::{
    restore_backup, restore_plan, Opening, ReportState, RestorePlan, Waiting, CHECK_WAIT, PATIENCE,
};

use crate::kernel::error::{CoreError, Result};
use chrono::Utc;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The desktop app's identifier: its database lives in the OS data folder under this name.
pub const APP_IDENTIFIER: &str = "uk.gov.council.contract-maturity";
/// The database's file name inside that folder.
pub const DB_FILE: &str = "contract-maturity.sqlite3";

/// The page cache of the connection that adds evidence, in KiB: one evidence part
/// (`reports::evidence::PART`, 4 MiB) and the table and index pages around it.
pub const BULK_CACHE_KIB: i64 = 6 << 10;

/// Starts a write transaction as a write (`BEGIN IMMEDIATE`). Every write goes through
/// here, so the busy timeout applies while another program holds the file: a deferred
/// transaction that reads first and then writes gets SQLITE_BUSY at once, without
/// waiting, because SQLite will not call the busy handler where waiting could deadlock
/// (sqlite.org/lang_transaction.html, "Read transactions versus write transactions").
/// `clippy.toml` refuses `Connection::transaction`, so a new write cannot forget this.
///
/// Errors: the classified SQLite error, `DatabaseInUse` once the wait runs out.
pub(crate) fn write_transaction(conn: &mut Connection) -> Result<rusqlite::Transaction<'_>> {
    Ok(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
}

/// Now, as stored: UTC, RFC 3339, whole seconds.
pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What happened while opening.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct OpenOutcome {
    pub path: String,
    pub schema_before: i64,
    pub schema_after: i64,
    pub backup_taken: Option<String>,
    /// Set when the file could only be opened read-only: why nothing can be changed, in
    /// words for the banner ("its folder … does not let you change files").
    pub read_only: Option<String>,
}

/// What every data file that can be written holds once open (the data the features need
/// from the start, such as the built-in framework): called by the opening, inside its
/// retries, after the migrations. The crate's `data_file` module gives it; the kernel
/// knows no feature.
pub(crate) type Seed = fn(&mut Store) -> Result<()>;

pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    outcome: OpenOutcome,
    /// Values features keep in memory while the database is unchanged (`remembered`).
    memory: std::sync::Mutex<Memory>,
    /// Opened `immutable` (a file in a folder nobody here may write): its readers must be
    /// too.
    immutable: bool,
}

impl Store {
    /// A private database in memory, seeded by `seed`.
    pub(crate) fn open_in_memory_seeded(seed: Seed) -> Result<Store> {
        Store::prepare(
            Connection::open_in_memory()?,
            None,
            OpenOutcome::default(),
            seed,
        )
    }

    /// Applies the connection's settings, then (unless the file is read-only, see
    /// `outcome.read_only`) brings the schema up to date and calls `seed`.
    fn prepare(
        mut conn: Connection,
        path: Option<PathBuf>,
        outcome: OpenOutcome,
        seed: Seed,
    ) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Off while the schema is brought up to date (see `migrations`), on from then on.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // A 64 MiB page cache (the default is 2 MiB): a council-sized database (about
        // 35 MB with 30,000 reports) then stays in memory for the portfolio's queries.
        conn.pragma_update(None, "cache_size", -65_536)?;
        let writable = outcome.read_only.is_none();
        if writable {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
            // rusqlite_migration opens its own transaction: as a write, so that two
            // programs opening an old file at once take turns.
            conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
            let migrated = migrations().to_latest(&mut conn);
            conn.set_transaction_behavior(rusqlite::TransactionBehavior::Deferred);
            migrated?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            path,
            outcome,
            memory: Default::default(),
            immutable: false,
        };
        if writable {
            seed(&mut store)?;
        }
        Ok(store)
    }

    /// Why nothing can be changed, when the file was opened read-only.
    pub fn read_only(&self) -> Option<&str> {
        self.outcome.read_only.as_deref()
    }

    /// Says which file an error is about, and, for a file opened read-only, why it cannot
    /// be changed. Callers outside the store (the window's commands, `cmm`) pass every
    /// error through here before showing it.
    pub fn explain(&self, e: CoreError) -> CoreError {
        let e = match &self.path {
            Some(p) => e.in_file(p),
            None => e,
        };
        match (e, self.read_only()) {
            (CoreError::DatabaseReadOnly { path, .. }, Some(why)) => CoreError::DatabaseReadOnly {
                path,
                reason: why.to_owned(),
            },
            (e, _) => e,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn open_outcome(&self) -> &OpenOutcome {
        &self.outcome
    }

    /// A second connection to the same file that only reads, for long work (a pack, a seal
    /// check, a submission file) to read on while this connection goes on with the window's
    /// reads and saves: in WAL mode readers and the one writer do not wait for each other
    /// (sqlite.org/wal.html, "Concurrency"). Its page cache is SQLite's default (2 MiB), so
    /// long reads of evidence do not push out what this connection keeps. `None` for a
    /// database in memory, which no other connection can reach.
    ///
    /// Errors: the classified SQLite error when the file cannot be opened again.
    pub fn reader(&self) -> Result<Option<Store>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        Ok(Some(
            self.beside(connection::connect_reader(path, self.immutable)?),
        ))
    }

    /// Another connection to this store's file, as this store: the same path, opening and
    /// `immutable`, with nothing remembered yet.
    fn beside(&self, conn: Connection) -> Store {
        Store {
            conn,
            path: self.path.clone(),
            outcome: self.outcome.clone(),
            memory: Default::default(),
            immutable: self.immutable,
        }
    }

    /// A second connection that writes, for bulk writes (evidence being added) that would
    /// otherwise fill this connection's 64 MiB page cache with pages nothing reads again:
    /// its cache holds one evidence part and the pages around it (6 MiB, [`BULK_CACHE_KIB`]),
    /// so that a part goes to the journal once, at its commit, rather than spilled part-way
    /// and written again. SQLite lets one connection write at a time,
    /// so the caller takes this one's write transactions in turns with this connection's.
    /// `None` for a database in memory or one opened read-only.
    ///
    /// Errors: the classified SQLite error when the file cannot be opened again.
    pub fn bulk_writer(&self) -> Result<Option<Store>> {
        let Some(path) = self.path.as_ref().filter(|_| self.read_only().is_none()) else {
            return Ok(None);
        };
        let conn = connection::connect_writer(path)?;
        conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        Ok(Some(self.beside(conn)))
    }

    /// Runs `work` (a bulk write, such as a large evidence file going in a part at a time)
    /// with this connection's automatic checkpoints off, while a thread of its own copies
    /// the journal into the file as it grows (`PRAGMA wal_checkpoint(PASSIVE)`, which waits
    /// for no reader or writer: sqlite.org/pragma.html#pragma_wal_checkpoint). The work's
    /// commits then only append to the journal, and the copying and its syncs to disk go
    /// on beside them, on the other core, rather than inside each commit. A journal left
    /// longer than usual when the work ends is copied before this returns. In memory, or
    /// read-only, `work` simply runs.
    pub fn checkpointing_beside<T>(&mut self, work: impl FnOnce(&mut Store) -> T) -> T {
        let Some(path) = self.path.clone().filter(|_| self.read_only().is_none()) else {
            return work(self);
        };
        let Ok(checkpointer) = connection::connect_writer(&path) else {
            return work(self);
        };
        let done = std::sync::atomic::AtomicBool::new(false);
        let autocheckpoint: Option<i64> = self
            .conn
            .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
            .ok();
        let _ = self.conn.pragma_update(None, "wal_autocheckpoint", 0);
        let value = std::thread::scope(|scope| {
            let done = &done;
            scope.spawn(move || loop {
                let finished = done.load(std::sync::atomic::Ordering::Acquire);
                // (busy, frames in the journal, frames copied)
                let copied: rusqlite::Result<(i64, i64, i64)> =
                    checkpointer.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    });
                if finished {
                    break;
                }
                if !matches!(copied, Ok((_, log, done)) if log > done) {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
            });
            let value = work(self);
            done.store(true, std::sync::atomic::Ordering::Release);
            value
        });
        if let Some(pages) = autocheckpoint {
            let _ = self.conn.pragma_update(None, "wal_autocheckpoint", pages);
        }
        value
    }

    /// Runs `read` in one read transaction, so that everything it reads is the database at
    /// one moment however long it takes, whatever is saved meanwhile
    /// (sqlite.org/isolation.html). For reading only: a write inside it is refused.
    ///
    /// Errors: those of `read`, and SQLite's in beginning or ending the transaction.
    pub fn in_one_read<T>(&self, read: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let result = read(self);
        let ended = self
            .conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = result?;
        ended?;
        Ok(value)
    }
}

/// One value of each type, with what it was read at (see `Store::remembered`).
type Memory = HashMap<TypeId, Box<dyn Any + Send>>;

/// A remembered value: the connection's change count, SQLite's `data_version` (which moves
/// when another program writes), the caller's key, and the value.
type Remembered<K, V> = (u64, i64, K, Arc<V>);

impl Store {
    /// The value `read` gives, kept in memory while the database is unchanged: while this
    /// connection has changed nothing, no other program has written, and `key` (for example
    /// the day) is the same. One value of each type `V` is kept.
    ///
    /// Errors: those of `read`, and of reading `PRAGMA data_version`.
    pub(crate) fn remembered<K, V>(
        &self,
        key: K,
        read: impl FnOnce(&Store) -> Result<V>,
    ) -> Result<Arc<V>>
    where
        K: PartialEq + Send + 'static,
        V: Send + Sync + 'static,
    {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let changes = self.conn.total_changes();
        if let Some(kept) = self
            .memory()
            .get(&TypeId::of::<V>())
            .and_then(|b| b.downcast_ref::<Remembered<K, V>>())
        {
            if kept.0 == changes && kept.1 == version && kept.2 == key {
                return Ok(kept.3.clone());
            }
        }
        let value = Arc::new(read(self)?);
        let kept: Remembered<K, V> = (changes, version, key, value.clone());
        self.memory().insert(TypeId::of::<V>(), Box::new(kept));
        Ok(value)
    }

    /// Forgets the remembered value of type `V`, so the next call reads it again.
    pub(crate) fn forget<V: 'static>(&self) {
        self.memory().remove(&TypeId::of::<V>());
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        // Values are only ever replaced whole, so a poisoned lock still holds whole ones.
        self.memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A `LIKE … ESCAPE '\'` pattern for text containing `search` (trimmed), with `%`, `_`
/// and `\` taken literally; `None` for a blank search, which matches everything.
pub(crate) fn contains_pattern(search: &str) -> Option<String> {
    let search = search.trim();
    (!search.is_empty()).then(|| {
        let escaped = search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    })
}

/// The rows a page of a long list holds for the `limit` asked: 0 means the usual 50, and no
/// page holds more than 500.
pub(crate) fn page_size(limit: u32) -> u32 {
    match limit {
        0 => 50,
        n => n.min(500),
    }
}

#[cfg(test)]
mod tests {
    use super::backup::{backup_order, BACKUPS_KEPT};
    use super::*;
    use std::io::Write;

    #[cfg(unix)]
    #[test]
    fn a_written_file_gets_the_umask_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let umask = {
            // The process's umask, read without changing it (Linux).
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
            u32::from_str_radix(line.split_whitespace().nth(1).unwrap(), 8).unwrap()
        };
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let new = dir.path().join("new.pdf");
        write_file_atomically(&new, |w| Ok(w.write_all(b"%PDF-")?)).unwrap();
        assert_eq!(mode(&new), 0o666 & !umask, "as an ordinary save");

        let shared = dir.path().join("shared.csv");
        std::fs::write(&shared, b"old").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_file_atomically(&shared, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(mode(&shared), 0o664, "an existing file keeps its own");
        assert_eq!(std::fs::read(&shared).unwrap(), b"new");
    }

    #[test]
    fn an_export_never_replaces_a_database_a_folder_or_a_read_only_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("council.sqlite3");
        drop(Store::open(&db).unwrap());
        let before = std::fs::read(&db).unwrap();
        let err = write_file_atomically(&db, |w| Ok(w.write_all(b"%PDF-")?)).unwrap_err();
        assert!(
            err.to_string().contains("an export never replaces one"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "the database is untouched"
        );
        // Through a link too.
        let link = dir.path().join("pack.pdf");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        assert!(write_file_atomically(&link, |w| Ok(w.write_all(b"x")?)).is_err());

        let err = write_file_atomically(dir.path(), |w| Ok(w.write_all(b"x")?)).unwrap_err();
        assert!(err.to_string().contains("that is a folder"), "{err}");

        let locked = dir.path().join("locked.csv");
        std::fs::write(&locked, b"keep").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(write_file_atomically(&locked, |w| Ok(w.write_all(b"x")?)).is_err());
        assert_eq!(std::fs::read(&locked).unwrap(), b"keep");

        // A link to an ordinary file is written through, and stays a link.
        let target = dir.path().join("target.csv");
        std::fs::write(&target, b"old").unwrap();
        let alias = dir.path().join("alias.csv");
        std::os::unix::fs::symlink(&target, &alias).unwrap();
        write_file_atomically(&alias, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert!(alias.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn a_backup_is_as_private_as_its_database_and_leaves_no_journal() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("secret.db");
        let s = Store::open(&db).unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
        let b = take_backup(&s.conn, &db, 1).unwrap();
        assert_eq!(
            std::fs::metadata(&b).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(b
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("secret.db-"));
        let mode: String = Connection::open(&b)
            .unwrap()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        // A neighbour with the same stem and another ending has none of its backups.
        assert!(list_backups(&dir.path().join("secret.sqlite3")).is_empty());
    }

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    /// 0014 rebuilds the contract table: every contract, and every row that refers to
    /// one (ON DELETE CASCADE), is still there afterwards, and the foreign keys are on.
    #[test]
    fn rebuilding_the_contract_table_keeps_every_contract_and_what_refers_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            migrations().to_version(&mut conn, 13).unwrap();
            conn.execute_batch(
                "INSERT INTO contract (id, name, reference, contractor_legal_name, award_date,
                    expiry_date, contract_owner, created_at, updated_at)
                 VALUES (7, 'Bins', 'K-7', 'Binco', '2023-04-01', '2026-03-31', 'Jo', 'x', 'x');
                 INSERT INTO contract_register (contract_id, supplier_registration)
                 VALUES (7, '01234567');
                 INSERT INTO contract_draft (contract_id, form_json, updated_at)
                 VALUES (7, '{}', 'x');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let c = &store.conn;
        let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM contract WHERE id = 7 AND expiry_date = '2026-03-31'"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM contract_register WHERE contract_id = 7"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM contract_draft WHERE contract_id = 7"),
            1
        );
        assert_eq!(count("PRAGMA foreign_keys"), 1);
        // A rolling contract can now be kept, and a deleted contract still takes its
        // register row with it.
        c.execute("UPDATE contract SET expiry_date = NULL WHERE id = 7", [])
            .unwrap();
        c.execute("DELETE FROM contract WHERE id = 7", []).unwrap();
        assert_eq!(count("SELECT count(*) FROM contract_register"), 0);
    }

    /// 0018 keeps a file in use as Kent's, and 0019 makes the forward plan and the group's
    /// meetings one list: a planned meeting on the day the group met is that meeting, with
    /// the plan's contracts, moves, heading and lead officer; the others are meetings of
    /// their own, a month-only one still month-only.
    #[test]
    fn the_plan_and_the_groups_meetings_become_one_list_and_the_user_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            migrations().to_version(&mut conn, 17).unwrap();
            conn.execute_batch(
                "INSERT INTO app_user (id, name, role, updated_at) VALUES (1, 'Jo', 'commissioner', 'x');
                 INSERT INTO contract (id, name, reference, contractor_legal_name, award_date,
                    expiry_date, contract_owner, created_at, updated_at)
                 VALUES (7, 'Bins', 'K-7', 'Binco', '2023-04-01', '2026-03-31', 'Jo', 'x', 'x');
                 INSERT INTO review_meeting (id, held_on, starts_at, ends_at, updated_at)
                 VALUES (3, '2026-03-12', '', '', 'x');
                 INSERT INTO plan_item (id, planned_on, starts_at, ends_at, topic, lead_officer, status, updated_at)
                 VALUES (1, '2026-03-12', '15:00', '16:00', 'Waste', 'David Hughes', 'moved', 'x'),
                        (2, '2027-04-01', '', '', '', '', 'planned', 'x');
                 UPDATE plan_item SET date_confirmed = 0 WHERE id = 2;
                 INSERT INTO plan_item_contract (plan_id, contract_id, position) VALUES (1, 7, 0), (2, 7, 0);
                 INSERT INTO plan_move (plan_id, from_on, from_date_confirmed, reason, moved_at)
                 VALUES (1, '2026-02-14', 1, 'Chair unavailable', 'x');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let c = &store.conn;
        let text = |sql: &str| -> String { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            text("SELECT name || ' ' || role FROM app_user"),
            "Jo commissioner"
        );
        assert_eq!(text("SELECT short_name FROM organisation"), "KCC");
        assert_eq!(
            text("SELECT group_concat(id || ' ' || held_on || ' ' || date_confirmed || ' ' || status || ' ' || starts_at || ' ' || topic || ' ' || lead_officer, '; ') FROM (SELECT * FROM review_meeting ORDER BY id)"),
            "3 2026-03-12 1 held 15:00 Waste David Hughes; 4 2027-04-01 0 planned   "
        );
        assert_eq!(
            text("SELECT group_concat(meeting_id || ':' || contract_id) FROM meeting_contract"),
            "3:7,4:7"
        );
        assert_eq!(
            text("SELECT meeting_id || ' ' || from_on || ' ' || reason FROM meeting_move"),
            "3 2026-02-14 Chair unavailable"
        );
        let gone: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'plan_%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(gone, 0);
        // 0020: each contract's owner starts its history, since a date not known; a new
        // owner, however recorded, ends the period before and starts one of their own.
        assert_eq!(
            text("SELECT owner || ' ' || ifnull(since, '-') || ' ' || ifnull(until, '-') FROM owner_history"),
            "Jo - -"
        );
        c.execute(
            "UPDATE contract SET contract_owner = 'Ann' WHERE id = 7",
            [],
        )
        .unwrap();
        assert_eq!(
            text("SELECT group_concat(owner || ' ' || (since IS NULL) || ' ' || (until IS NULL), '; ') FROM owner_history"),
            "Jo 1 0; Ann 0 1"
        );
    }

    #[test]
    fn connection_settings_are_applied() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cmm.sqlite3")).unwrap();
        let c = &store.conn;
        let mode: String = c
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let fk: i64 = c
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        let timeout: i64 = c
            .pragma_query_value(None, "busy_timeout", |r| r.get(0))
            .unwrap();
        let version: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(fk, 1);
        assert_eq!(timeout, 5000);
        assert_eq!(version, latest_schema_version());
    }

    #[test]
    fn a_new_file_needs_no_backup_and_a_reopen_within_a_day_takes_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/cmm.sqlite3");
        let first = Store::open(&path).unwrap();
        assert_eq!(first.open_outcome().backup_taken, None);
        drop(first);
        // First reopen: no backup exists yet, so one is due.
        let second = Store::open(&path).unwrap();
        assert!(second.open_outcome().backup_taken.is_some());
        drop(second);
        let third = Store::open(&path).unwrap();
        assert_eq!(third.open_outcome().backup_taken, None);
        assert_eq!(list_backups(&path).len(), 1);
    }

    #[test]
    fn an_older_schema_is_backed_up_then_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE legacy(x); INSERT INTO legacy VALUES (1);")
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let r = store.open_outcome();
        assert_eq!(r.schema_before, 0);
        assert_eq!(r.schema_after, latest_schema_version());
        let backup = r.backup_taken.clone().expect("a backup before migrating");
        let b = Connection::open(&backup).unwrap();
        let v: i64 = b
            .query_row("SELECT x FROM legacy", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        let bv: i64 = b
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            bv, 0,
            "the backup is the database as it was before migrating"
        );
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.sqlite3");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, CoreError::DatabaseTooNew { found: 99, .. }));
        assert!(err.to_string().contains("newer version"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(list_backups(&path).is_empty());
    }

    #[test]
    fn a_damaged_file_is_refused_then_restored_from_the_latest_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        {
            let mut s = Store::open(&path).unwrap();
            s.save_contract(None, None, &crate::contracts::tests::valid_input())
                .unwrap();
        }
        drop(Store::open(&path).unwrap()); // takes the day's backup
        std::fs::write(&path, b"this is not a database, it was overwritten").unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert_eq!(err.code(), crate::kernel::error::ErrorCode::DatabaseDamaged);
        assert!(err.to_string().contains("Nothing has been changed"));
        assert!(!err.to_string().contains("file is not a database"), "{err}");

        let plan = restore_plan(&path).unwrap();
        assert!(
            plan.unreadable.is_some(),
            "nothing of an overwritten file can be read"
        );
        let aside = restore_backup(&path, &plan.backup.file_name)
            .unwrap()
            .expect("replaced");
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            b"this is not a database, it was overwritten",
            "the damaged file is kept"
        );
        let s = Store::open(&path).unwrap();
        assert_eq!(s.register().unwrap().contracts.len(), 1);
    }

    #[test]
    fn restore_without_backups_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        std::fs::write(&path, b"junk").unwrap();
        let err = restore_plan(&path).unwrap_err();
        assert_eq!(err.code(), crate::kernel::error::ErrorCode::NoBackup);
        assert_eq!(std::fs::read(&path).unwrap(), b"junk");
    }

    #[test]
    fn a_neighbours_backups_are_not_this_files() {
        let dir = tempfile::tempdir().unwrap();
        let group = dir.path().join("group.sqlite3");
        let training = dir.path().join("group-training.sqlite3");
        let g = Store::open(&group).unwrap();
        let t = Store::open(&training).unwrap();
        let first = take_backup(&g.conn, &group, 1).unwrap();
        let second = take_backup(&g.conn, &group, 1).unwrap(); // the same second: "-2-"
        for _ in 0..(BACKUPS_KEPT + 2) {
            take_backup(&t.conn, &training, 1).unwrap();
        }
        let names: Vec<String> = list_backups(&group).into_iter().map(|b| b.path).collect();
        assert_eq!(
            names,
            [second.display().to_string(), first.display().to_string()],
            "newest first, and none of the neighbour's"
        );
        assert_eq!(list_backups(&training).len(), BACKUPS_KEPT);
        assert!(
            first.exists(),
            "the neighbour's pruning left this file's alone"
        );
        assert_eq!(
            backup_order("group", "group-training-20261130T064602Z-schema13.sqlite3"),
            None
        );
        assert_eq!(
            backup_order("group", "group-20261130T064602Z-3-schema13.sqlite3"),
            Some(("20261130T064602Z".into(), 3))
        );
    }

    #[test]
    fn only_the_newest_backups_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        let s = Store::open(&path).unwrap();
        for _ in 0..(BACKUPS_KEPT + 3) {
            take_backup(&s.conn, &path, 1).unwrap();
        }
        assert_eq!(list_backups(&path).len(), BACKUPS_KEPT);
    }
}
