//! Opening the data file beside the other programs a council runs on it (a second copy of
//! the app, `cmm`, backup and sync tools, database browsers), and putting a backup in place
//! of a damaged file without hiding work.
//!
//! The causes are told apart because each asks something different of the officer:
//! damaged (SQLite's corrupt or not-a-database, or a failed `PRAGMA quick_check`) offers a
//! restore; in use (busy or locked) waits and retries; read-only (the file, its folder or
//! the medium) opens for reading with the reason; missing is refused unless the caller
//! makes databases; full refuses the write and keeps what was saved.

use crate::kernel::connection::{connect_reader, BUSY_TIMEOUT};
use crate::kernel::error::{CoreError, ErrorCode, Result};
use crate::kernel::{backup_is_due, backups_dir, latest_schema_version, list_backups, take_backup};
use crate::kernel::{BackupInfo, OpenOutcome, Seed, Store};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use specta::Type;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How a caller opens the data file.
#[derive(Debug, Clone)]
pub struct Opening {
    /// Make the file when there is none (the desktop app's first start, `cmm load-example`).
    /// Otherwise a missing file is refused with `DatabaseMissing`, so a mistyped path never
    /// makes an empty database.
    pub create: bool,
    /// How long to keep trying while another program holds the file. Each try waits up to
    /// [`CHECK_WAIT`] on SQLite's busy handler; the window and `cmm` use [`PATIENCE`].
    pub patience: Duration,
}

/// How long the window and `cmm` keep trying to open a file another program holds, before
/// saying so: long enough for a backup or sync tool's copy, or another import, to finish.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// How long one try at opening waits on a lock, so the caller can say it is waiting.
pub const CHECK_WAIT: Duration = Duration::from_secs(1);

impl Opening {
    /// Open an existing file, or make one; do not wait beyond one busy timeout.
    pub const CREATE: Opening = Opening {
        create: true,
        patience: Duration::ZERO,
    };
}

/// Passed to the caller's `waiting` callback after each try that found the file in use.
#[derive(Debug, Clone, Copy)]
pub struct Waiting {
    /// Tries so far, from 1.
    pub tries: u32,
    /// Time since the first try.
    pub waited: Duration,
}

impl Store {
    /// Opens the database file at `path` as [`Store::open_with`] says, calling `seed`
    /// on a file it can write, inside the same retries.
    pub(crate) fn open_seeded(
        path: &Path,
        how: &Opening,
        mut waiting: impl FnMut(Waiting),
        seed: Seed,
    ) -> Result<Store> {
        let started = Instant::now();
        let mut tries = 0;
        loop {
            tries += 1;
            match open_once(path, how.create, seed) {
                Err(e)
                    if e.code() == ErrorCode::DatabaseInUse && started.elapsed() < how.patience =>
                {
                    let waited = started.elapsed();
                    log::info!("{} is in use; try {tries} after {waited:?}", path.display());
                    waiting(Waiting { tries, waited });
                    std::thread::sleep(Duration::from_millis(200));
                }
                // Another program brought the schema up to date between this one reading
                // its version and migrating (rusqlite_migration reads it outside the
                // transaction): read it again.
                Err(CoreError::Migration(e)) if tries == 1 => {
                    log::info!("{}: migrating again after {e}", path.display());
                }
                Err(CoreError::DatabaseInUse { .. }) => {
                    return Err(CoreError::DatabaseInUse {
                        path: path.display().to_string(),
                        // As promised: "waits up to 30" is said as 30, not 31.
                        waited_s: started
                            .elapsed()
                            .as_secs()
                            .clamp(1, how.patience.as_secs().max(1)),
                    });
                }
                other => return other.map_err(|e| e.in_file(path)),
            }
        }
    }
}

fn open_once(path: &Path, create: bool, seed: Seed) -> Result<Store> {
    let mut outcome = OpenOutcome {
        path: path.display().to_string(),
        ..OpenOutcome::default()
    };
    let existing = match std::fs::metadata(path) {
        // An empty file where backups exist was a database once: something emptied it
        // (a failed copy, a sync tool). It is damaged, and a backup is offered; it is
        // never silently made into a new, empty database.
        Ok(m) if m.len() == 0 && !list_backups(path).is_empty() => {
            return Err(CoreError::DatabaseDamaged {
                path: path.display().to_string(),
                detail: "the file is empty".into(),
            })
        }
        // There is a file, but it holds nothing: said so, as "no file" would mislead.
        Ok(m) if m.len() == 0 && !create => {
            return Err(CoreError::DatabaseMissing {
                path: path.display().to_string(),
                empty: true,
            })
        }
        Ok(m) => m.len() > 0,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => {
            return Err(CoreError::DatabaseMissing {
                path: path.display().to_string(),
                empty: false,
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(CoreError::Unavailable(format!(
                "{} cannot be reached ({e}).",
                path.display()
            )))
        }
    };
    if !existing {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| not_writable(path, dir, e))?;
        }
        if let Some(reason) = read_only_reason(path) {
            return Err(CoreError::DatabaseReadOnly {
                path: path.display().to_string(),
                reason: format!("{reason}, so a new database cannot be made there"),
            });
        }
        let conn = Connection::open(path)?;
        let mut store = Store::prepare(conn, Some(path.to_owned()), outcome, seed)?;
        store.outcome.schema_after = latest_schema_version();
        log::info!("made a new database {}", path.display());
        return Ok(store);
    }

    outcome.read_only = read_only_reason(path);
    let mut outcome_immutable = false;
    let conn = match &outcome.read_only {
        None => {
            // Left behind only when the last program to use the file did not close it (it
            // stopped, or the computer did), or while another has it open now.
            let journal_left = wal_path(path).exists();
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_timeout(CHECK_WAIT)?;
            if journal_left || backup_is_due(path) {
                check_integrity(&conn, "quick_check")?;
            } else {
                check_header_and_schema(&conn, path)?;
            }
            conn
        }
        Some(reason) => {
            let (conn, immutable) = connect_read_only(path)?;
            outcome_immutable = immutable;
            if immutable {
                outcome.read_only = Some(format!(
                    "{reason}. The app shows your data as it was when it opened"
                ));
            }
            conn
        }
    };
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    outcome.schema_before = version;
    if version > latest_schema_version() {
        return Err(CoreError::DatabaseTooNew {
            path: path.display().to_string(),
            found: version,
            supported: latest_schema_version(),
        });
    }
    if let Some(reason) = &outcome.read_only {
        if version < latest_schema_version() {
            return Err(CoreError::DatabaseReadOnly {
                path: path.display().to_string(),
                reason: format!(
                    "{reason}, and this version of the app must bring it up to date before it can be used"
                ),
            });
        }
        outcome.schema_after = version;
        log::warn!("opened {} read-only: {reason}", path.display());
        let mut store = Store::prepare(conn, Some(path.to_owned()), outcome, seed)?;
        store.immutable = outcome_immutable;
        return Ok(store);
    }
    if version < latest_schema_version() {
        // Before migrating, a backup is a must: without one, nothing is changed.
        outcome.backup_taken = Some(take_backup(&conn, path, version)?.display().to_string());
    } else if backup_is_due(path) {
        // The day's safety copy: a full disk or an unwritable backups folder must not
        // stop the officer opening their data.
        match take_backup(&conn, path, version) {
            Ok(b) => outcome.backup_taken = Some(b.display().to_string()),
            Err(e) => log::warn!("the day's backup of {} was not taken: {e}", path.display()),
        }
    }
    drop(conn);
    let conn = Connection::open(path)?;
    let mut store = Store::prepare(conn, Some(path.to_owned()), outcome, seed)?;
    store.outcome.schema_after = latest_schema_version();
    log::info!("opened database {}", path.display());
    Ok(store)
}

/// A read-only connection to a file that cannot be written, checked (`quick_check`), and
/// whether it had to be `immutable`. A plain read-only open comes first, so that changes
/// another account makes are still seen. Only where SQLite cannot make or use its `-shm`
/// file (a folder nobody here may write) does it fall back to `immutable`
/// (sqlite.org/wal.html, "Read-Only Databases"; sqlite.org/uri.html).
fn connect_read_only(path: &Path) -> Result<(Connection, bool)> {
    let open = |immutable: bool| -> Result<Connection> {
        let conn = connect_reader(path, immutable)?;
        conn.busy_timeout(CHECK_WAIT)?;
        check_integrity(&conn, "quick_check")?;
        Ok(conn)
    };
    match open(false) {
        Ok(conn) => Ok((conn, false)),
        Err(CoreError::DatabaseReadOnly { .. } | CoreError::Sqlite(_)) => Ok((open(true)?, true)),
        Err(e) => Err(e),
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Why the file at `path` (or, for a new file, its folder) cannot be written, in words;
/// `None` when it can. Found by trying, since permissions alone do not tell (a read-only
/// medium, a share, an administrator).
fn read_only_reason(path: &Path) -> Option<String> {
    use std::io::ErrorKind;
    if path.exists() {
        match std::fs::OpenOptions::new().write(true).open(path) {
            Err(e) if e.kind() == ErrorKind::ReadOnlyFilesystem => {
                return Some("the disk or network share it is on is read-only".into())
            }
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                return Some(
                    "the file is marked read-only, or your account is not allowed to change it"
                        .into(),
                )
            }
            _ => {}
        }
    }
    match tempfile::tempfile_in(folder_of(path)) {
        Err(e) if e.kind() == ErrorKind::ReadOnlyFilesystem => {
            Some("the disk or network share it is on is read-only".into())
        }
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Some(format!(
            "its folder, {}, does not let your account make or change files there, and the database keeps its journal beside itself",
            folder_of(path).display()
        )),
        _ => None,
    }
}

fn not_writable(path: &Path, dir: &Path, e: std::io::Error) -> CoreError {
    CoreError::DatabaseReadOnly {
        path: path.display().to_string(),
        reason: format!("its folder, {}, cannot be made ({e})", dir.display()),
    }
}

/// A file SQLite keeps beside the database at `path`: its name with `suffix` added
/// (`-wal`, `-shm`, `-journal`: sqlite.org/tempfiles.html).
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    PathBuf::from(side)
}

/// The file's `-wal` journal (sqlite.org/wal.html).
fn wal_path(path: &Path) -> PathBuf {
    side_file(path, "-wal")
}

/// The check at an opening that needs no full one: SQLite reads the header and the whole
/// schema (a file that is not a database, or whose schema is damaged, fails here), and the
/// file must be as long as its header says (a file cut short by a failed copy fails here).
/// A few milliseconds, where `quick_check` reads every page (about 125 ms for a
/// council-sized file, on the way to the window's first screen).
fn check_header_and_schema(conn: &Connection, path: &Path) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
    let page_size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
    let (pages, page_size) = (pages.max(0) as u64, page_size.max(0) as u64);
    let len = std::fs::metadata(path)
        .map_err(|e| CoreError::file(path, e))?
        .len();
    if pages * page_size > len {
        return Err(CoreError::DatabaseDamaged {
            path: path.display().to_string(),
            detail: format!(
                "the file is shorter than it says it is ({len} bytes of {}): it was cut short",
                pages * page_size
            ),
        });
    }
    Ok(())
}

/// `PRAGMA quick_check` (the file's structure: at an opening after the file was not closed
/// cleanly, and at the first opening of each day, before its backup is taken; see
/// `open_once`) or `PRAGMA integrity_check` (before a restore: indexes against their tables as well). Errors:
/// `DatabaseDamaged` with what is wrong; `DatabaseInUse` when another program holds the
/// file, which says nothing about damage.
pub(super) fn check_integrity(conn: &Connection, pragma: &str) -> Result<()> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        // What SQLite's check says ("btreeInitPage() returns error code 11") is for the
        // log and the IT service desk, not the officer.
        log::warn!("integrity check: {}", rows.join("; "));
        Err(CoreError::DatabaseDamaged {
            path: String::new(),
            detail: format!(
                "the integrity check found {} problem{} in it",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            ),
        })
    }
}

/// One maturity report as a file holds it: enough to say what a backup lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReportState {
    pub id: i64,
    pub title: String,
    pub version: i64,
    /// When it last changed (UTC, RFC 3339).
    pub updated_at: String,
}

/// What restoring the newest good backup would do, read before anything is replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RestorePlan {
    /// The backup that would be put in place.
    pub backup: BackupInfo,
    /// Reports in the damaged file that the backup does not have at all.
    pub missing_from_backup: Vec<ReportState>,
    /// Reports the backup holds as they were before a later change (the damaged file's
    /// state is shown).
    pub older_in_backup: Vec<ReportState>,
    /// How many reports could be read from the damaged file.
    pub reports_read: u32,
    /// Set when the damaged file could not be read completely: the lists may be short.
    pub unreadable: Option<String>,
    /// When the damaged file (or its journal) last changed (UTC, RFC 3339), if that was
    /// after the backup was taken: then contracts, meetings, scores and other work not
    /// listed above may also be missing from the backup.
    pub changed_since_backup: Option<String>,
}

/// Reads what it can of the damaged file and the newest backup that passes its check, and
/// says which reports the backup lacks or holds in an older state. Nothing is changed.
///
/// Errors: `NoBackup` when no backup passes its integrity check.
pub fn restore_plan(db_path: &Path) -> Result<RestorePlan> {
    let backup = newest_good_backup(db_path)?;
    let (damaged, unreadable) = read_reports(db_path);
    let (kept, _) = read_reports(Path::new(&backup.path));
    let mut plan = RestorePlan {
        backup,
        missing_from_backup: Vec::new(),
        older_in_backup: Vec::new(),
        reports_read: damaged.len() as u32,
        unreadable,
        changed_since_backup: None,
    };
    // File times, not the whole seconds shown: a change in the same second still counts.
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let last_change = ["", "-wal"]
        .iter()
        .filter_map(|suffix| modified(&side_file(db_path, suffix)))
        .max();
    if let (Some(changed), Some(taken)) = (last_change, modified(Path::new(&plan.backup.path))) {
        if changed > taken {
            plan.changed_since_backup = Some(
                chrono::DateTime::<chrono::Utc>::from(changed)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            );
        }
    }
    for r in damaged {
        match kept.iter().find(|k| k.id == r.id) {
            None => plan.missing_from_backup.push(r),
            Some(k) if k.updated_at < r.updated_at || k.version < r.version => {
                plan.older_in_backup.push(r)
            }
            Some(_) => {}
        }
    }
    Ok(plan)
}

/// Every report row that can be read, in id order, and why reading stopped early.
fn read_reports(path: &Path) -> (Vec<ReportState>, Option<String>) {
    let mut found = Vec::new();
    let result = (|| -> rusqlite::Result<()> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(CHECK_WAIT)?;
        let mut stmt =
            conn.prepare("SELECT id, title, version, updated_at FROM maturity_report ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            found.push(ReportState {
                id: r.get(0)?,
                title: r.get(1)?,
                version: r.get(2)?,
                updated_at: r.get(3)?,
            });
        }
        Ok(())
    })();
    let why = result.err().map(|e| {
        log::warn!("reading reports from {}: {e}", path.display());
        if found.is_empty() {
            "Nothing could be read from the damaged file, so the app cannot tell which reports the backup lacks.".to_owned()
        } else {
            format!(
                "Only {} report{} could be read from the damaged file before the damage; there may be more that the backup lacks.",
                found.len(),
                if found.len() == 1 { "" } else { "s" }
            )
        }
    });
    (found, why)
}

fn newest_good_backup(db_path: &Path) -> Result<BackupInfo> {
    list_backups(db_path)
        .into_iter()
        .find(|b| {
            Connection::open_with_flags(&b.path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map(|c| check_integrity(&c, "quick_check").is_ok())
                .unwrap_or(false)
        })
        .ok_or_else(|| CoreError::NoBackup {
            dir: backups_dir(db_path).display().to_string(),
        })
}

/// Puts the backup named `file_name` (one of [`list_backups`]) in place of a damaged
/// database file.
///
/// The file is checked again first, fully (`PRAGMA integrity_check`, indexes included):
/// only real damage is replaced. A file another program holds is left alone; one that
/// checks clean is left alone too, and `Ok(None)` says so (the caller opens it again). The
/// backup is copied beside the file and renamed into place, so a full disk part-way leaves
/// no half-copied file. The damaged file and its `-wal`, `-shm` and `-journal` are kept
/// beside it under a name never used before (`*.damaged-<time>[-n]`), never deleted.
///
/// Returns where the damaged file was moved. Errors: `DatabaseInUse` while another program
/// holds it; `NoBackup` when `file_name` is not a backup of this file; the I/O error of a
/// copy that failed (nothing replaced).
pub fn restore_backup(db_path: &Path, file_name: &str) -> Result<Option<PathBuf>> {
    let verdict = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(CoreError::from)
        .and_then(|c| {
            c.busy_timeout(BUSY_TIMEOUT)?;
            check_integrity(&c, "integrity_check")
        });
    let emptied = std::fs::metadata(db_path).is_ok_and(|m| m.len() == 0);
    match verdict {
        Err(CoreError::DatabaseDamaged { .. }) => {}
        _ if emptied => {}
        Ok(()) => {
            log::warn!("{} checks clean; not restored", db_path.display());
            return Ok(None);
        }
        Err(_) if !db_path.exists() => {}
        Err(e) => return Err(e.in_file(db_path)),
    }
    let good = list_backups(db_path)
        .into_iter()
        .find(|b| b.file_name == file_name)
        .ok_or_else(|| CoreError::NoBackup {
            dir: backups_dir(db_path).display().to_string(),
        })?;
    // The copy first, beside the file: if it fails, nothing has been moved.
    let staged = tempfile::NamedTempFile::new_in(folder_of(db_path))
        .map_err(|e| CoreError::file(db_path, e))?;
    std::fs::copy(&good.path, staged.path()).map_err(|e| CoreError::file(db_path, e))?;
    // The restored file is as private as the one it replaces.
    if let Ok(meta) = std::fs::metadata(db_path) {
        std::fs::set_permissions(staged.path(), meta.permissions())
            .map_err(|e| CoreError::file(db_path, e))?;
    }
    staged
        .as_file()
        .sync_all()
        .map_err(|e| CoreError::file(db_path, e))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = db_path.file_name().unwrap_or_default().to_string_lossy();
    let free = |aside: &PathBuf| {
        ["", "-wal", "-shm", "-journal"]
            .iter()
            .all(|s| !side_file(aside, s).exists())
    };
    let mut aside = db_path.with_file_name(format!("{name}.damaged-{stamp}"));
    let mut n = 1;
    while !free(&aside) {
        n += 1;
        aside = db_path.with_file_name(format!("{name}.damaged-{stamp}-{n}"));
    }
    if db_path.exists() {
        std::fs::rename(db_path, &aside)?;
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = side_file(db_path, suffix);
        if side.exists() {
            std::fs::rename(&side, side_file(&aside, suffix))?;
        }
    }
    staged
        .persist(db_path)
        .map_err(|e| CoreError::file(db_path, e.error))?;
    log::warn!(
        "restored {} from {}; damaged file kept as {}",
        db_path.display(),
        good.path,
        aside.display()
    );
    Ok(Some(aside))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::error::ErrorCode;

    fn contract(s: &mut Store) {
        s.save_contract(None, None, &crate::contracts::tests::valid_input())
            .unwrap();
    }

    #[test]
    fn a_file_in_use_is_not_damaged_and_opens_once_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        contract(&mut Store::open(&path).unwrap());

        let holder = crate::fixtures::hold_exclusive_lock(&path, Duration::from_millis(2500));
        let err = Store::open_with(
            &path,
            &Opening {
                create: false,
                patience: Duration::ZERO,
            },
            |_| {},
        )
        .err()
        .expect("refused while held");
        assert_eq!(err.code(), ErrorCode::DatabaseInUse, "{err}");
        assert!(err
            .to_string()
            .contains("Another program is using the database file"));
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert!(!err.to_string().contains("damaged"), "{err}");
        let mut waits = 0;
        let s = Store::open_with(
            &path,
            &Opening {
                create: false,
                patience: Duration::from_secs(20),
            },
            |_| waits += 1,
        )
        .expect("opened once the other program let go");
        holder.join().unwrap();
        assert!(waits >= 1, "it said it was waiting");
        assert_eq!(s.register().unwrap().contracts.len(), 1);
        assert_eq!(s.read_only(), None);
        drop(s);
        assert!(
            !dir.path()
                .read_dir()
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".damaged-")),
            "nothing was set aside as damaged"
        );
    }

    #[test]
    fn a_missing_file_is_refused_unless_the_caller_makes_databases() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("typo.sqlite3");
        let how = Opening {
            create: false,
            patience: PATIENCE,
        };
        let err = Store::open_with(&path, &how, |_| {})
            .err()
            .expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseMissing);
        assert!(err.to_string().contains(&path.display().to_string()));
        assert!(!path.exists(), "nothing was made");
        Store::open_with(&path, &Opening::CREATE, |_| {}).unwrap();
        assert!(path.exists());
    }

    #[test]
    fn the_full_check_runs_after_an_unclean_close_and_a_cut_short_file_is_always_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("council.sqlite3");
        {
            let mut s = Store::open(&path).unwrap();
            for i in 0..200 {
                let mut c = crate::contracts::tests::valid_input();
                c.reference = format!("K-{i}");
                c.scope = "x".repeat(2_000);
                s.save_contract(None, None, &c).unwrap();
            }
        }
        drop(Store::open(&path).unwrap()); // the day's backup: no full check is due
        assert!(!wal_path(&path).exists(), "a clean close leaves no journal");
        let good = std::fs::read(&path).unwrap();

        // A page in the middle of the contracts overwritten: the header and the schema are
        // sound, so only the full check finds it. With a journal left over (the app or the
        // computer stopped), the full check runs and the file is refused, untouched.
        let mut bad = good.clone();
        let page = 4096 * (bad.len() / 4096 / 2);
        bad[page..page + 4096].fill(0x5a);
        std::fs::write(&path, &bad).unwrap();
        std::fs::write(wal_path(&path), b"").unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseDamaged, "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bad);
        let _ = std::fs::remove_file(wal_path(&path));

        // Cut short by a failed copy: refused at every opening, full check due or not.
        std::fs::write(&path, &good[..good.len() - 4096]).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseDamaged, "{err}");
    }

    #[test]
    fn an_emptied_file_with_backups_is_damaged_not_a_new_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("council.sqlite3");
        contract(&mut Store::open(&path).unwrap());
        drop(Store::open(&path).unwrap()); // the day's backup
        std::fs::write(&path, b"").unwrap();
        for create in [true, false] {
            let how = Opening {
                create,
                patience: Duration::ZERO,
            };
            let err = Store::open_with(&path, &how, |_| {})
                .err()
                .expect("refused");
            assert_eq!(err.code(), ErrorCode::DatabaseDamaged, "{err}");
            assert!(err.to_string().contains("the file is empty"), "{err}");
        }
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "left as it was");
        let plan = restore_plan(&path).unwrap();
        restore_backup(&path, &plan.backup.file_name).unwrap();
        assert_eq!(
            Store::open(&path)
                .unwrap()
                .register()
                .unwrap()
                .contracts
                .len(),
            1
        );
        // With no backups, an empty file is missing to a command that does not make databases.
        let other = dir.path().join("empty.sqlite3");
        std::fs::write(&other, b"").unwrap();
        let how = Opening {
            create: false,
            patience: Duration::ZERO,
        };
        let err = Store::open_with(&other, &how, |_| {})
            .err()
            .expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseMissing, "{err}");
    }

    #[test]
    fn a_full_disk_refuses_the_write_and_loses_nothing_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        let mut s = Store::open(&path).unwrap();
        contract(&mut s);
        let pages: i64 = s
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap();
        // SQLite answers SQLITE_FULL when the file may not grow, as on a full disk.
        s.conn.pragma_update(None, "max_page_count", pages).unwrap();
        let mut saved = 1;
        let err = loop {
            let mut c = crate::contracts::tests::valid_input();
            c.reference = format!("FULL-{saved}");
            c.scope = "A long scope. ".repeat(100);
            match s.save_contract(None, None, &c) {
                Ok(_) => saved += 1,
                Err(e) => break e,
            }
            assert!(saved < 10_000, "the file never filled");
        };
        assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
        let err = s.explain(err);
        assert!(err.to_string().contains("is full"), "{err}");
        assert!(err
            .to_string()
            .contains("Everything saved before it is safe"));
        assert_eq!(
            s.register().unwrap().contracts.len(),
            saved,
            "every contract saved before the disk filled is there"
        );
    }

    #[test]
    fn a_damaged_file_is_restored_only_after_saying_what_the_backup_lacks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("my data #1 (50%?).sqlite3");
        let new_report = |s: &mut Store| {
            let id = s.register().unwrap().contracts[0].id;
            s.create_report(&crate::reports::NewReportInput {
                contract_ids: vec![id],
                ..Default::default()
            })
            .unwrap()
        };
        let first = {
            let mut s = Store::open(&path).unwrap();
            contract(&mut s);
            new_report(&mut s)
        };
        drop(Store::open(&path).unwrap()); // the day's backup: the contract and one report
        let backup = list_backups(&path)[0].file_name.clone();
        let second = {
            let mut s = Store::open(&path).unwrap();
            // The first report changes after the backup; a second is started.
            s.conn
                .execute(
                    "UPDATE maturity_report SET updated_at = '2099-01-01T00:00:00Z' WHERE id = ?1",
                    [first],
                )
                .unwrap();
            let second = new_report(&mut s);
            drop(s);
            // The contract table's first page spoiled, as a failing disk or a bad copy
            // would; the reports can still be read.
            crate::fixtures::damage_table(&path, "contract");
            second
        };
        // Closed cleanly and checked today: the opening's cheap check passes, and the first
        // read of the spoiled table finds the damage (the window then shows the restore).
        {
            let s = Store::open(&path).unwrap();
            let err = s.register().unwrap_err();
            assert_eq!(err.code(), ErrorCode::DatabaseDamaged, "{err}");
            // In words an officer reads; SQLite's own go to the log.
            assert!(
                err.to_string().contains("part of it could not be read"),
                "{err}"
            );
            assert!(!err.to_string().contains("malformed"), "{err}");
        }
        // After the app or the computer stopped, leaving its journal, the opening's full
        // check finds it, and the file is refused untouched.
        std::fs::write(wal_path(&path), b"").unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseDamaged, "{err}");

        let plan = restore_plan(&path).unwrap();
        assert_eq!(plan.backup.file_name, backup);
        assert_eq!(plan.unreadable, None, "{plan:?}");
        let ids = |v: &[ReportState]| v.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(&plan.missing_from_backup), [second]);
        assert_eq!(ids(&plan.older_in_backup), [first]);
        assert_eq!(plan.older_in_backup[0].updated_at, "2099-01-01T00:00:00Z");
        assert_eq!(plan.reports_read, 2);
        assert!(plan.changed_since_backup.is_some(), "{plan:?}");

        let aside = restore_backup(&path, &backup).unwrap().expect("replaced");
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            bytes,
            "the damaged file is kept"
        );
        let s = Store::open(&path).unwrap();
        assert_eq!(s.reports().unwrap().len(), 1, "the backup is in place");
        drop(s);
        // A second restore the same second never overwrites the first damaged file.
        std::fs::write(&path, b"overwritten").unwrap();
        let again = restore_backup(&path, &backup).unwrap().expect("replaced");
        assert_ne!(again, aside);
        assert_eq!(std::fs::read(&aside).unwrap(), bytes);
    }

    #[test]
    fn a_file_that_opens_is_never_replaced_by_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        drop(Store::open(&path).unwrap());
        drop(Store::open(&path).unwrap());
        let backup = list_backups(&path)[0].file_name.clone();
        contract(&mut Store::open(&path).unwrap());
        let contracts = || {
            Store::open(&path)
                .unwrap()
                .register()
                .unwrap()
                .contracts
                .len()
        };
        assert_eq!(
            restore_backup(&path, &backup).unwrap(),
            None,
            "checks clean"
        );
        assert_eq!(contracts(), 1);

        let holder = crate::fixtures::hold_exclusive_lock(&path, Duration::from_millis(6500));
        let err = restore_backup(&path, &backup).unwrap_err();
        assert_eq!(err.code(), ErrorCode::DatabaseInUse, "{err}");
        holder.join().unwrap();
        assert_eq!(contracts(), 1);
    }
}
