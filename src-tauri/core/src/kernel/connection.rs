//! The settings every connection to the data file shares.

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How long a statement waits for another program's lock before SQLite gives up with
/// "busy" (`PRAGMA busy_timeout`). The error then says how long it waited.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection that only reads the file at `path`, waiting up to [`BUSY_TIMEOUT`] on a
/// lock; `immutable` for a file SQLite may not even lock (see `open::connect_read_only`).
pub(crate) fn connect_reader(path: &Path, immutable: bool) -> rusqlite::Result<Connection> {
    let uri = format!(
        "file:{}{}",
        uri_path(path),
        if immutable { "?immutable=1" } else { "" }
    );
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// A path as the path part of an SQLite URI (sqlite.org/uri.html): `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    path.display()
        .to_string()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

/// How large SQLite's journal (the `-wal` file) is left once it has been copied into the
/// file, in bytes: a large evidence file grows it to its own size, and without a limit it
/// stays that size on disk until the app closes (sqlite.org/pragma.html#pragma_journal_size_limit).
pub(crate) const JOURNAL_SIZE_LIMIT: i64 = 32 << 20;

/// A second connection that writes the file at `path` (which must exist), with the
/// settings every writing connection has, and SQLite's default page cache.
pub(crate) fn connect_writer(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
    Ok(conn)
}
