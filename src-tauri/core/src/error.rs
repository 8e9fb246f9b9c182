//! Errors of the core, and the `{code, message, fields}` report the front end acts on.

use serde::Serialize;
use specta::Type;

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
    DatabaseDamaged,
    DatabaseTooNew,
    DatabaseUnavailable,
    NoBackup,
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
    #[error("{what} {key} was not found. It may have been deleted.")]
    NotFound { what: &'static str, key: String },
    #[error("The database file {path} is damaged and cannot be opened safely ({detail}). Nothing has been changed.")]
    DatabaseDamaged { path: String, detail: String },
    #[error("The database file {path} was written by a newer version of this app (schema {found}; this version understands up to {supported}). Install the newer version; this one will not touch the file.")]
    DatabaseTooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("No backup copy of the database was found in {dir}.")]
    NoBackup { dir: String },
    #[error("Maturity report {id} has been submitted, so its answers can no longer be changed. Start a new version to amend it.")]
    ReportLocked { id: i64 },
    #[error("{file} is {size_mb} MB, over the limit of {limit_mb} MB for one evidence file. Split it, or ask whoever looks after this app to raise the limit in Settings.")]
    EvidenceTooLarge {
        file: String,
        size_mb: String,
        limit_mb: u64,
    },
    #[error("{path}: {detail}")]
    File { path: String, detail: String },
    #[error("This submission file was not imported: {0} Nothing has been changed.")]
    SubmissionRejected(String),
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
    Sqlite(#[from] rusqlite::Error),
    #[error("The database could not be brought up to date: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("A file operation failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("Stored data could not be read: {0}")]
    Json(#[from] serde_json::Error),
}

fn validation_summary(errors: &[FieldError]) -> String {
    match errors {
        [] => "The form has errors.".to_owned(),
        [one] => one.message.clone(),
        many => format!(
            "There are {} problems: {}",
            many.len(),
            many.iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
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
            CoreError::NoBackup { .. } => ErrorCode::NoBackup,
            CoreError::ReportLocked { .. } => ErrorCode::ReportLocked,
            CoreError::EvidenceTooLarge { .. } => ErrorCode::EvidenceTooLarge,
            CoreError::File { .. } => ErrorCode::FileProblem,
            CoreError::SubmissionRejected(_) => ErrorCode::SubmissionRejected,
            CoreError::NotAttested { .. } => ErrorCode::NotAttested,
            CoreError::ScoresHidden { .. } => ErrorCode::ScoresHidden,
            CoreError::ChangedAfterAttestation { .. } => ErrorCode::ChangedAfterAttestation,
            CoreError::Unavailable(_) => ErrorCode::DatabaseUnavailable,
            CoreError::Sqlite(_) | CoreError::Migration(_) | CoreError::Io(_) => ErrorCode::Storage,
            CoreError::Json(_) => ErrorCode::Internal,
        }
    }

    pub fn report(&self) -> ErrorReport {
        ErrorReport {
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
pub struct ErrorReport {
    pub code: ErrorCode,
    pub message: String,
    /// Field-level problems; empty unless `code` is `validation_failed`.
    pub fields: Vec<FieldError>,
}

impl From<CoreError> for ErrorReport {
    fn from(e: CoreError) -> Self {
        e.report()
    }
}

impl CoreError {
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
    fn error_report_serialises_as_code_message_fields() {
        let e = CoreError::Validation(vec![FieldError::new(
            "expiry_date",
            "Expiry date must be after the date of award",
        )]);
        let json = serde_json::to_value(e.report()).unwrap();
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
    fn non_validation_errors_have_no_fields() {
        let r = CoreError::NotFound {
            what: "Contract",
            key: "7".into(),
        }
        .report();
        assert_eq!(r.code, ErrorCode::NotFound);
        assert!(r.fields.is_empty());
        assert!(r.message.contains("Contract 7"));
    }
}
