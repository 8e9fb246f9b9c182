//! The settings every connection to the data file shares.

use std::time::Duration;

/// How long a statement waits for another program's lock before SQLite gives up with
/// "busy" (`PRAGMA busy_timeout`). The error then says how long it waited.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
