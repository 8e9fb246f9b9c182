//! Backup copies of the data file, taken with SQLite's online backup into `backups/`
//! beside it: when one is due, listing them newest first, and keeping the newest ten.

use crate::kernel::error::Result;
use chrono::Utc;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Backups kept beside the database; older ones are removed.
pub(crate) const BACKUPS_KEPT: usize = 10;

/// A fresh safety copy is taken at start when the newest is older than this.
const BACKUP_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

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
pub(crate) fn backup_stem(db_path: &Path) -> String {
    db_path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "database".into())
}

/// Backups taken before 2026-12 were named after the file's stem (`council-…` for
/// `council.sqlite3`). They still count for a `.sqlite3` file, whose stem no other file of
/// this app's shares.
pub(crate) fn legacy_backup_stem(db_path: &Path) -> Option<String> {
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
pub(crate) fn backup_order(stem: &str, file_name: &str) -> Option<(String, u32)> {
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

pub(crate) fn backup_is_due(db_path: &Path) -> bool {
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
pub(crate) fn take_backup(conn: &Connection, db_path: &Path, schema: i64) -> Result<PathBuf> {
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
