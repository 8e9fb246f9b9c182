//! Errors of the core, and the `{code, message, fields}` reply the front end acts on.

use serde::Serialize;
use specta::Type;

/// A message's first letter in capitals ("the council's name" begins "The council's
/// name …"), the rest as it is.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One broken rule on one field of a form. `field` is the input's name (as in the
/// form struct, snake_case); `message` is a sentence for the person, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Stable codes the front end switches on; never switch on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    ValidationFailed,
    NotFound,
    /// SQLite's corrupt or not-a-database, or a failed integrity check: only this offers
    /// a restore.
    DatabaseDamaged,
    DatabaseTooNew,
    /// Another program holds the file (SQLite busy or locked) beyond the wait.
    DatabaseInUse,
    /// The file, its folder or the medium cannot be written.
    DatabaseReadOnly,
    /// No database file at the path given, and the command does not make one.
    DatabaseMissing,
    /// The disk is full: the write was refused and nothing saved before it was lost.
    DiskFull,
    /// The database could not be opened for another reason, or is still opening.
    DatabaseUnavailable,
    NoBackup,
    /// Another window of the desktop app has this database file open.
    OpenInAnotherWindow,
    ReportLocked,
    EvidenceTooLarge,
    FileProblem,
    SubmissionRejected,
    NotAttested,
    ChangedAfterAttestation,
    ScoresHidden,
    Storage,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{}", validation_summary(.0))]
    Validation(Vec<FieldError>),
    #[error("{}", not_found_text(what, key))]
    NotFound { what: &'static str, key: String },
    #[error(
        "{} is damaged and cannot be used safely ({detail}). Nothing has been changed. The desktop app can put the newest backup copy in its place, after listing what that copy lacks; keep the damaged file for your IT service desk.",
        the_file(path, "The")
    )]
    DatabaseDamaged { path: String, detail: String },
    #[error("Another program is using {} and did not let go of it within {waited_s} seconds, so nothing has been changed. It may be a second copy of this app, the cmm tool, a backup or sync tool, or a database browser. Let it finish or close it, then try again.", the_file(path, "the"))]
    DatabaseInUse { path: String, waited_s: u64 },
    #[error(
        "{} can be read but not changed: {reason}. Nothing has been changed. Ask your IT service desk for permission to change the file and its folder, or copy it to a folder you can change.",
        the_file(path, "The")
    )]
    DatabaseReadOnly { path: String, reason: String },
    #[error("{}", if *empty {
        format!("{path} is empty (0 bytes), so it is not a database. Check the path given (with --db, or in CMM_DB_PATH); nothing has been changed.")
    } else {
        format!("There is no database file at {path}. Check the path given (with --db, or in CMM_DB_PATH); nothing has been created.")
    })]
    /// `empty`: a file is there, but it holds nothing.
    DatabaseMissing { path: String, empty: bool },
    #[error("The disk that holds {} is full, so this change was not saved. Everything saved before it is safe. Free some space on that disk, then try again.", the_file(path, "the"))]
    DiskFull { path: String },
    #[error("The database file {path} was written by a newer version of this app (schema {found}; this version understands up to {supported}). Install the newer version; this one will not touch the file.")]
    DatabaseTooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("No backup copy of the database was found in {dir}.")]
    NoBackup { dir: String },
    #[error("Your data file {path} is already open in another window of this app (opened {since}). That window has been asked to come to the front; use it, and close this one. Two windows on one file could each save over the other's work.")]
    OpenInAnotherWindow { path: String, since: String },
    #[error("Maturity report {id} has been submitted, so its answers can no longer be changed. Start a new version to amend it.")]
    ReportLocked { id: i64 },
    #[error("{file} is {size_mb} MB, over the limit of {limit_mb} MB for one evidence file. Split it, or raise the limit on the Evidence and annexes screen (Change the size limit).")]
    EvidenceTooLarge {
        file: String,
        size_mb: String,
        limit_mb: u64,
    },
    #[error("{path}: {detail}")]
    File { path: String, detail: String },
    #[error("This submission file was not imported: {0} Nothing has been changed.")]
    SubmissionRejected(String),
    #[error("This submission file did not pass the check: {0}")]
    SubmissionFailedCheck(String),
    #[error("Maturity report {id} has not been signed by its contract owner yet, so it cannot be {action}.")]
    NotAttested { id: i64, action: &'static str },
    #[error("Maturity report {id} has been changed since its contract owner signed it, so it cannot be {action}. {changes}")]
    ChangedAfterAttestation {
        id: i64,
        action: &'static str,
        changes: String,
    },
    #[error("The members' scores for this review stay hidden until the chair reveals them all. {waiting}")]
    ScoresHidden { review: i64, waiting: String },
    #[error("The database could not be opened: {0}")]
    Unavailable(String),
    #[error("A database operation failed: {0}")]
    Sqlite(rusqlite::Error),
    #[error("The database could not be brought up to date: {0}")]
    Migration(rusqlite_migration::Error),
    #[error("A file operation failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("Stored data could not be read: {0}")]
    Json(#[from] serde_json::Error),
}

/// "the database file /path/to/it", or "the database file" when the path is not known
/// yet (an error raised deep in a query; [`CoreError::in_file`] adds it).
fn the_file(path: &str, article: &str) -> String {
    if path.is_empty() {
        format!("{article} database file")
    } else {
        format!("{article} database file {path}")
    }
}

/// What a read-only file is told when SQLite refuses a write and the cause was not
/// found at opening.
pub const READ_ONLY_REASON: &str =
    "the file, its folder or the disk it is on does not allow changes";

/// "Maturity report 12 was not found. It may have been deleted." A framework version is
/// never deleted: one not found was never loaded into this data file.
fn not_found_text(what: &str, key: &str) -> String {
    if what == "Framework version" {
        format!("Framework version {key} is not in this data file. The versions it holds are listed under Programme, Framework versions, and by cmm framework list.")
    } else {
        format!("{what} {key} was not found. It may have been deleted.")
    }
}

impl From<rusqlite::Error> for CoreError {
    /// Sorts SQLite's result codes into the causes an officer can act on
    /// (sqlite.org/rescode.html): busy and locked are "in use", read-only, full, and corrupt
    /// or not-a-database are "damaged"; anything else stays a storage failure.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let path = String::new();
        // SQLITE_READONLY_DBMOVED (1032): the file was moved, renamed or deleted while
        // open. That is not a read-only file; it is gone from where it was.
        if e.sqlite_error().is_some_and(|f| f.extended_code == 1032) {
            return CoreError::DatabaseMissing { path, empty: false };
        }
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => CoreError::DatabaseInUse {
                path,
                waited_s: crate::kernel::connection::BUSY_TIMEOUT.as_secs(),
            },
            Some(C::ReadOnly) => CoreError::DatabaseReadOnly {
                path,
                reason: READ_ONLY_REASON.to_owned(),
            },
            Some(C::DiskFull) => CoreError::DiskFull { path },
            Some(C::DatabaseCorrupt | C::NotADatabase) => {
                // SQLite's own words ("database disk image is malformed") go to the log.
                log::warn!("damage found: {e}");
                CoreError::DatabaseDamaged {
                    path,
                    detail: "part of it could not be read".into(),
                }
            }
            _ => CoreError::Sqlite(e),
        }
    }
}

impl From<rusqlite_migration::Error> for CoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => match CoreError::from(err) {
                CoreError::Sqlite(err) => {
                    CoreError::Migration(rusqlite_migration::Error::RusqliteError {
                        query: String::new(),
                        err,
                    })
                }
                classified => classified,
            },
            e => CoreError::Migration(e),
        }
    }
}

fn validation_summary(errors: &[FieldError]) -> String {
    match errors {
        [] => "The form has errors.".to_owned(),
        [one] => one.message.clone(),
        many => format!(
            "There are {} problems: {}",
            many.len(),
            many.iter()
                .map(|e| e.message.trim_end_matches('.'))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Validation(_) => ErrorCode::ValidationFailed,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::DatabaseDamaged { .. } => ErrorCode::DatabaseDamaged,
            CoreError::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            CoreError::DatabaseInUse { .. } => ErrorCode::DatabaseInUse,
            CoreError::DatabaseReadOnly { .. } => ErrorCode::DatabaseReadOnly,
            CoreError::DatabaseMissing { .. } => ErrorCode::DatabaseMissing,
            CoreError::DiskFull { .. } => ErrorCode::DiskFull,
            CoreError::NoBackup { .. } => ErrorCode::NoBackup,
            CoreError::OpenInAnotherWindow { .. } => ErrorCode::OpenInAnotherWindow,
            CoreError::ReportLocked { .. } => ErrorCode::ReportLocked,
            CoreError::EvidenceTooLarge { .. } => ErrorCode::EvidenceTooLarge,
            CoreError::File { .. } => ErrorCode::FileProblem,
            CoreError::SubmissionRejected(_) | CoreError::SubmissionFailedCheck(_) => {
                ErrorCode::SubmissionRejected
            }
            CoreError::NotAttested { .. } => ErrorCode::NotAttested,
            CoreError::ScoresHidden { .. } => ErrorCode::ScoresHidden,
            CoreError::ChangedAfterAttestation { .. } => ErrorCode::ChangedAfterAttestation,
            CoreError::Unavailable(_) => ErrorCode::DatabaseUnavailable,
            CoreError::Sqlite(_) | CoreError::Migration(_) | CoreError::Io(_) => ErrorCode::Storage,
            CoreError::Json(_) => ErrorCode::Internal,
        }
    }

    /// Names the database file in an error raised inside a query, where the path was not
    /// known. Errors that already name a file are returned as they are.
    pub fn in_file(mut self, db: &std::path::Path) -> CoreError {
        match &mut self {
            CoreError::DatabaseDamaged { path, .. }
            | CoreError::DatabaseInUse { path, .. }
            | CoreError::DatabaseReadOnly { path, .. }
            | CoreError::DiskFull { path }
            | CoreError::DatabaseMissing { path, .. }
                if path.is_empty() =>
            {
                *path = db.display().to_string();
            }
            _ => {}
        }
        self
    }

    pub fn reply(&self) -> ErrorReply {
        ErrorReply {
            code: self.code(),
            message: self.to_string(),
            fields: match self {
                CoreError::Validation(fields) => fields.clone(),
                _ => Vec::new(),
            },
        }
    }
}

/// What crosses IPC when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ErrorReply {
    pub code: ErrorCode,
    pub message: String,
    /// Field-level problems; empty unless `code` is `validation_failed`.
    pub fields: Vec<FieldError>,
}

impl From<CoreError> for ErrorReply {
    fn from(e: CoreError) -> Self {
        e.reply()
    }
}

impl CoreError {
    /// A file that could not be opened or read, named, with why in words an officer can act
    /// on (the system's own wording, such as "os error 2", goes to the log).
    pub fn unreadable(path: &std::path::Path, e: &std::io::Error) -> CoreError {
        use std::io::ErrorKind;
        log::info!("{} could not be read: {e}", path.display());
        let why = match e.kind() {
            ErrorKind::NotFound => "it is not there any more: it may have been moved, renamed or deleted",
            ErrorKind::PermissionDenied => {
                "this computer's account is not allowed to read it: ask whoever looks after that folder"
            }
            ErrorKind::IsADirectory => "this is a folder, not a file",
            _ => "it could not be read: the disk or network drive it is on may have gone, or the file may be damaged",
        };
        CoreError::file(path, why)
    }

    /// A file that could not be read or written, named.
    pub fn file(path: &std::path::Path, e: impl std::fmt::Display) -> CoreError {
        CoreError::File {
            path: path.display().to_string(),
            detail: e.to_string(),
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_reply_serialises_as_code_message_fields() {
        let e = CoreError::Validation(vec![FieldError::new(
            "expiry_date",
            "Expiry date must be after the date of award",
        )]);
        let json = serde_json::to_value(e.reply()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "validation_failed",
                "message": "Expiry date must be after the date of award",
                "fields": [{"field": "expiry_date", "message": "Expiry date must be after the date of award"}]
            })
        );
    }

    #[test]
    fn sqlites_result_codes_are_sorted_into_causes() {
        use rusqlite::ffi;
        let failure = |code: i32| {
            CoreError::from(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)).code()
        };
        assert_eq!(failure(ffi::SQLITE_BUSY), ErrorCode::DatabaseInUse);
        assert_eq!(failure(ffi::SQLITE_LOCKED), ErrorCode::DatabaseInUse);
        assert_eq!(failure(ffi::SQLITE_READONLY), ErrorCode::DatabaseReadOnly);
        assert_eq!(failure(ffi::SQLITE_FULL), ErrorCode::DiskFull);
        assert_eq!(failure(ffi::SQLITE_CORRUPT), ErrorCode::DatabaseDamaged);
        assert_eq!(failure(ffi::SQLITE_NOTADB), ErrorCode::DatabaseDamaged);
        assert_eq!(
            failure(1032),
            ErrorCode::DatabaseMissing,
            "moved while open"
        );
        assert_eq!(failure(ffi::SQLITE_CONSTRAINT), ErrorCode::Storage);
        let e = CoreError::from(rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_BUSY),
            None,
        ))
        .in_file(std::path::Path::new("/data/cmm.sqlite3"));
        assert!(
            e.to_string()
                .contains("the database file /data/cmm.sqlite3"),
            "{e}"
        );
    }

    #[test]
    fn non_validation_errors_have_no_fields() {
        let r = CoreError::NotFound {
            what: "Contract",
            key: "7".into(),
        }
        .reply();
        assert_eq!(r.code, ErrorCode::NotFound);
        assert!(r.fields.is_empty());
        assert!(r.message.contains("Contract 7"));
    }
}
