//! The kernel every feature stands on: `Store` (one connection to the data file), the
//! write transaction, atomic file writes, backups and migrations; opening and checking
//! the file is in `open`. It names no feature: each feature's queries are in its own
//! `store.rs`.

mod connection;
pub mod dates;
pub mod error;
pub mod money;
mod open;

pub use connection::BUSY_TIMEOUT;
pub use open::{
    restore_backup, restore_plan, Opening, ReportState, RestorePlan, Waiting, CHECK_WAIT, PATIENCE,
};

use crate::kernel::error::{CoreError, Result};
use chrono::Utc;
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use serde::Serialize;
use specta::Type;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Embedded migrations, applied in order inside one transaction. Never edit a shipped one.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_maturity_report.sql"),
    include_str!("../../migrations/0003_attestation.sql"),
    include_str!("../../migrations/0004_report_section.sql"),
    include_str!("../../migrations/0005_app_user.sql"),
    include_str!("../../migrations/0006_section_to_confirm.sql"),
    include_str!("../../migrations/0007_evidence_and_seal.sql"),
    include_str!("../../migrations/0008_review.sql"),
    include_str!("../../migrations/0009_contract_register.sql"),
    include_str!("../../migrations/0010_priority.sql"),
    include_str!("../../migrations/0011_forward_plan.sql"),
    include_str!("../../migrations/0012_level_indexes.sql"),
    include_str!("../../migrations/0013_kept_values_and_drafts.sql"),
    include_str!("../../migrations/0014_rolling_contracts.sql"),
];

/// The desktop app's identifier: its database lives in the OS data folder under this name.
pub const APP_IDENTIFIER: &str = "uk.gov.council.contract-maturity";
/// The database's file name inside that folder.
pub const DB_FILE: &str = "contract-maturity.sqlite3";

/// Backups kept beside the database; older ones are removed.
const BACKUPS_KEPT: usize = 10;
/// A fresh safety copy is taken at start when the newest is older than this.
const BACKUP_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Every migration, each followed by SQLite's foreign key check: migrations run with
/// foreign keys off, so that a table can be rebuilt (0014) without its rows' children
/// being deleted with it, and a migration that leaves a broken reference fails whole.
fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    )
}

/// The schema version this build writes (SQLite `user_version`).
pub fn latest_schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

/// Writes `dest` all or nothing: into a temporary file beside it, flushed and synced to
/// disk, then renamed over it. A failure part-way leaves no half-written file.
///
/// The file gets the permissions an ordinary save gives: a new file is made with mode
/// 0666 less the umask (as `open(2)` with `O_CREAT` does), and a file that is replaced
/// keeps its own mode. (A temporary file alone would be owner-only, 0600.)
pub fn write_file_atomically<T>(
    dest: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<T>,
) -> Result<T> {
    use std::io::Write;
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // An ordinary save writes through a link to the file it names.
    let resolved = std::fs::canonicalize(dest).ok();
    let dest = resolved.as_deref().unwrap_or(dest);
    refuse_to_replace(dest)?;
    let existing = std::fs::metadata(dest).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created through open(2), so the umask applies.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| CoreError::file(dest, e))?;
    if let Some(mode) = existing {
        tmp.as_file()
            .set_permissions(mode)
            .map_err(|e| CoreError::file(dest, e))?;
    }
    let value = {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        let value = write(&mut out)?;
        out.flush().map_err(|e| CoreError::file(dest, e))?;
        value
    };
    tmp.as_file()
        .sync_all()
        .map_err(|e| CoreError::file(dest, e))?;
    tmp.persist(dest)
        .map_err(|e| CoreError::file(dest, e.error))?;
    Ok(value)
}

/// What an export must never replace: an SQLite database (this app's data file, its
/// backups, or another program's), or a file marked read-only, which an ordinary save
/// would refuse too.
fn refuse_to_replace(dest: &Path) -> Result<()> {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(dest) else {
        return Ok(());
    };
    let refuse = |detail: &str| {
        Err(CoreError::File {
            path: dest.display().to_string(),
            detail: detail.to_owned(),
        })
    };
    if meta.is_dir() {
        return refuse("that is a folder. Choose a file name inside it.");
    }
    let mut head = [0u8; 16];
    let is_database = std::fs::File::open(dest)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"SQLite format 3\0";
    if is_database {
        return refuse("that is a database file (perhaps this app's own data), and an export never replaces one. Nothing has been written; choose another name.");
    }
    if meta.permissions().readonly() {
        return refuse("that file is marked read-only, so it has not been replaced. Choose another name, or remove the mark first.");
    }
    Ok(())
}

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

/// A backup copy of the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// When the copy was taken (UTC, RFC 3339).
    pub taken_at: String,
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
    report: OpenOutcome,
    /// Values features keep in memory while the database is unchanged (`remembered`).
    memory: std::sync::Mutex<Memory>,
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
    /// `report.read_only`) brings the schema up to date and calls `seed`.
    fn prepare(
        mut conn: Connection,
        path: Option<PathBuf>,
        report: OpenOutcome,
        seed: Seed,
    ) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Off while the schema is brought up to date (see `migrations`), on from then on.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // A 64 MiB page cache (the default is 2 MiB): a council-sized database (about
        // 35 MB with 30,000 reports) then stays in memory for the portfolio's queries.
        conn.pragma_update(None, "cache_size", -65_536)?;
        let writable = report.read_only.is_none();
        if writable {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
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
            report,
            memory: Default::default(),
        };
        if writable {
            seed(&mut store)?;
        }
        Ok(store)
    }

    /// Why nothing can be changed, when the file was opened read-only.
    pub fn read_only(&self) -> Option<&str> {
        self.report.read_only.as_deref()
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
        &self.report
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

/// The folder beside the database where backups go.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// The name a database's backups start with: its whole file name
/// (`training.db-20261130T…-schema13.sqlite3`), so `training.db` and `training.sqlite3`
/// beside each other never share backups.
fn backup_stem(db_path: &Path) -> String {
    db_path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "database".into())
}

/// Backups taken before 2026-12 were named after the file's stem (`council-…` for
/// `council.sqlite3`). They still count for a `.sqlite3` file, whose stem no other file of
/// this app's shares.
fn legacy_backup_stem(db_path: &Path) -> Option<String> {
    (db_path.extension()? == "sqlite3")
        .then(|| {
            db_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .flatten()
}

/// Where a backup's name puts it in time: `(stamp, n)` from
/// `{stem}-{YYYYMMDDTHHMMSSZ}[-{n}]-schema{v}.sqlite3`, the names `take_backup` gives. Any
/// other name (another database's backup, `{stem}-training-…`) is `None`.
fn backup_order(stem: &str, file_name: &str) -> Option<(String, u32)> {
    let rest = file_name.strip_prefix(stem)?.strip_prefix('-')?;
    let stamp = rest.get(..16)?;
    let shape = stamp.char_indices().all(|(i, c)| match i {
        8 => c == 'T',
        15 => c == 'Z',
        _ => c.is_ascii_digit(),
    });
    let rest = rest[16..].strip_prefix('-')?;
    let (n, rest) = match rest.split_once('-') {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
            (n.parse().ok()?, rest)
        }
        _ => (1, rest),
    };
    let version = rest.strip_prefix("schema")?.strip_suffix(".sqlite3")?;
    let version_ok = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit());
    (shape && version_ok).then(|| (stamp.to_owned(), n))
}

/// Backups of this database, newest first. Only names `take_backup` gives this file's stem
/// count, so a neighbour's backups (`group-training.sqlite3` beside `group.sqlite3`) are
/// never listed, restored or pruned as this file's.
pub fn list_backups(db_path: &Path) -> Vec<BackupInfo> {
    let stem = backup_stem(db_path);
    let legacy = legacy_backup_stem(db_path);
    let mut found: Vec<((String, u32), BackupInfo)> = std::fs::read_dir(backups_dir(db_path))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let order = backup_order(&stem, &file_name)
                .or_else(|| backup_order(legacy.as_deref()?, &file_name))?;
            let meta = e.metadata().ok()?;
            let taken_at = meta
                .modified()
                .map(|t| {
                    chrono::DateTime::<Utc>::from(t)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                })
                .unwrap_or_default();
            Some((
                order,
                BackupInfo {
                    path: e.path().display().to_string(),
                    size: meta.len(),
                    taken_at,
                    file_name,
                },
            ))
        })
        .collect();
    // Names carry a sortable UTC timestamp (and a count within one second).
    found.sort_by(|a, b| b.0.cmp(&a.0));
    found.into_iter().map(|(_, b)| b).collect()
}

fn backup_is_due(db_path: &Path) -> bool {
    let newest = list_backups(db_path)
        .into_iter()
        .next()
        .and_then(|b| std::fs::metadata(b.path).and_then(|m| m.modified()).ok());
    match newest {
        None => true,
        Some(t) => SystemTime::now()
            .duration_since(t)
            .map(|age| age > BACKUP_EVERY)
            .unwrap_or(false),
    }
}

/// Copies the open database with SQLite's online backup API, then prunes old copies.
fn take_backup(conn: &Connection, db_path: &Path, schema: i64) -> Result<PathBuf> {
    let dir = backups_dir(db_path);
    std::fs::create_dir_all(&dir)?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let stem = backup_stem(db_path);
    let mut target = dir.join(format!("{stem}-{stamp}-schema{schema}.sqlite3"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = dir.join(format!("{stem}-{stamp}-{n}-schema{schema}.sqlite3"));
    }
    conn.backup(rusqlite::MAIN_DB, &target, None)?;
    // A copy is as private as the file it copies (a 0600 database keeps a 0600 backup),
    // and is left in rollback-journal mode, so reading it later leaves no -wal or -shm.
    if let Ok(meta) = std::fs::metadata(db_path) {
        std::fs::set_permissions(&target, meta.permissions())?;
    }
    Connection::open(&target)?.pragma_update(None, "journal_mode", "DELETE")?;
    log::info!("backup taken: {}", target.display());
    for old in list_backups(db_path).into_iter().skip(BACKUPS_KEPT) {
        let _ = std::fs::remove_file(old.path);
    }
    Ok(target)
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

/// Fixtures the store's tests share.
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
