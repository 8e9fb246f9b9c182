//! One window per database file. A second launch on a file that a window already has
//! asks that window to come to the front, and says so, instead of opening the file twice.
//! A launch on another file is allowed.
//!
//! The claim is an advisory lock (`flock`, through `std::fs::File::try_lock`) on a small
//! file beside the database, holding the owner's process id and start time. The operating
//! system drops the lock when the process ends, however it ends, so a crash never leaves a
//! file claimed. Tauri's single-instance plugin is not used: it needs a D-Bus session bus,
//! and it allows one instance per app, not per file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How often the owning window looks for a request to come to the front.
pub const RAISE_POLL: Duration = Duration::from_millis(400);

/// This process's claim on a database file; dropping it lets the file go.
#[derive(Debug)]
pub struct WindowLock {
    _file: File,
    raise_path: PathBuf,
}

/// Who has the file when this process does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherWindow {
    pub pid: Option<u32>,
    /// When that window opened the file (UTC, RFC 3339), if it said.
    pub since: Option<String>,
}

/// The lock file beside `db`: `contract-maturity.sqlite3.window-lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    suffixed(db, ".window-lock")
}

/// The file a second launch makes to ask the owning window to come to the front.
pub fn raise_path(db: &Path) -> PathBuf {
    suffixed(db, ".window-raise")
}

/// The database's path with links and `.` resolved; as given when the file does not exist
/// yet (its folder resolved, if that exists).
fn canonical(db: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(db) {
        return p;
    }
    match (db.parent(), db.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| db.to_owned()),
        _ => db.to_owned(),
    }
}

fn suffixed(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    db.with_file_name(name)
}

/// Claims `db` for this window. `Ok(Err(other))` when another window has it: that window
/// has then been asked to come to the front. An I/O error (a read-only folder, where no
/// lock file can be made) leaves the caller to open the file without a claim.
pub fn claim(db: &Path) -> std::io::Result<Result<WindowLock, OtherWindow>> {
    // Another name for the same file (a link, `./`) must find the same lock.
    let db = &canonical(db);
    // A folder that is not there is not made here: the data file's opening decides that.
    let lock = lock_path(db);
    // Made readable and writable by everyone who may use the folder (less the umask), as a
    // shared folder's other users need it; one they made, that only they may write, is
    // still locked through a read-only handle (flock needs no write access).
    let (mut file, writable) = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock)
    {
        Ok(f) => (f, true),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            (OpenOptions::new().read(true).open(&lock)?, false)
        }
        Err(e) => return Err(e),
    };
    match file.try_lock() {
        Ok(()) => {
            if writable {
                file.set_len(0)?;
                file.rewind()?;
                writeln!(file, "{}", std::process::id())?;
                writeln!(
                    file,
                    "{}",
                    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                )?;
                file.sync_all()?;
            }
            let _ = std::fs::remove_file(raise_path(db));
            Ok(Ok(WindowLock {
                _file: file,
                raise_path: raise_path(db),
            }))
        }
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let mut lines = text.lines();
            let other = OtherWindow {
                pid: lines.next().and_then(|l| l.trim().parse().ok()),
                since: lines.next().map(|l| l.trim().to_owned()),
            };
            // Ask it to come forward; it looks every RAISE_POLL.
            let _ = File::create(raise_path(db));
            Ok(Err(other))
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

impl WindowLock {
    /// True once when another launch has asked this window to come to the front.
    pub fn raise_requested(&self) -> bool {
        std::fs::remove_file(&self.raise_path).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_on_one_file_is_refused_and_asks_the_first_to_come_forward() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cmm.sqlite3");
        let first = claim(&db).unwrap().expect("the first claim is ours");
        assert!(!first.raise_requested());
        let other = claim(&db).unwrap().expect_err("the second is refused");
        assert_eq!(other.pid, Some(std::process::id()));
        assert!(other.since.as_deref().unwrap_or("").ends_with('Z'));
        assert!(first.raise_requested(), "the first window was asked");
        assert!(!first.raise_requested(), "once");

        // Another name for the same file finds the same claim.
        let link = dir.path().join("link.sqlite3");
        std::fs::write(&db, b"").unwrap();
        std::os::unix::fs::symlink(&db, &link).unwrap();
        assert!(claim(&link).unwrap().is_err(), "a link to the same file");
        assert!(first.raise_requested());

        // Another file is allowed beside it.
        let _elsewhere = claim(&dir.path().join("other.sqlite3"))
            .unwrap()
            .expect("another database");

        drop(first);
        let _again = claim(&db).unwrap().expect("free once the first has gone");
    }
}
