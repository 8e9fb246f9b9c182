//! The submission file a contract owner sends to the sub-group: a zip archive holding
//! `report.json` (the sealed report document), `evidence/<sha256>` (each evidence file
//! once), `manifest.json` (every SHA-256 and the seal) and, for a report made on a
//! framework version other than the built-in one, `framework.json` (that version, so a
//! sub-group whose app lacks it can still check and review the report). `docs/submission-format.md`
//! describes it for people; `docs/report.schema.json` and `docs/manifest.schema.json`
//! for programs.
//!
//! Reading one is defensive: a file from outside can be anything, so every entry name,
//! count, size and hash is checked before anything is written.

pub(crate) mod store;

use serde::{Deserialize, Serialize};
use specta::Type;

pub const MANIFEST_FORMAT: &str = "cmm-submission";
/// The newest manifest this app reads and writes. Version 2 names `framework.json`; a
/// report on the built-in framework is still written as version 1, byte for byte.
pub const MANIFEST_VERSION: u32 = 2;
pub const MANIFEST_NAME: &str = "manifest.json";
pub const REPORT_NAME: &str = "report.json";
pub const FRAMEWORK_NAME: &str = "framework.json";
pub const EVIDENCE_DIR: &str = "evidence/";
/// The file name ending people see in dialogs.
pub const EXTENSION: &str = "cmmsub";

/// At most this many entries: the manifest, the report, the framework and the evidence
/// files.
pub const MAX_ENTRIES: usize = 5_003;
/// `report.json` and `manifest.json` are text and never this large.
pub const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;
/// An entry more compressed than this (uncompressed ÷ compressed), once over 1 MB, is
/// treated as a zip bomb.
pub const MAX_RATIO: u64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The seal of the report: SHA-256 of its canonical (RFC 8785) form.
    pub seal: String,
    /// SHA-256 of `report.json` exactly as stored in the archive.
    pub report_sha256: String,
    /// SHA-256 of `framework.json` as stored, where the file carries the report's
    /// framework version (manifest version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework_sha256: Option<String>,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// `evidence/<sha256>`.
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// Whether `s` is a SHA-256 written as 64 lower-case hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What an entry name in the archive is. Anything else is refused, which also refuses
/// every name that tries to climb out of a folder (`../`, `/etc/…`, `C:\…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    Manifest,
    Report,
    Framework,
    Evidence(String),
}

pub fn entry_kind(name: &str) -> Result<EntryKind, String> {
    if name.contains("..") || name.starts_with('/') || name.contains('\\') || name.contains(':') {
        return Err(format!(
            "it contains an entry named \"{}\" that tries to reach outside the submission",
            printable(name)
        ));
    }
    match name {
        MANIFEST_NAME => Ok(EntryKind::Manifest),
        REPORT_NAME => Ok(EntryKind::Report),
        FRAMEWORK_NAME => Ok(EntryKind::Framework),
        _ => match name.strip_prefix(EVIDENCE_DIR) {
            Some(h) if is_sha256(h) => Ok(EntryKind::Evidence(h.to_owned())),
            _ => Err(format!(
                "it contains an entry named \"{}\", which a submission file never has",
                printable(name)
            )),
        },
    }
}

/// A name from outside, safe to put in a message.
pub fn printable(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// What importing a submission did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A report not seen here before.
    Imported,
    /// A newer version of a report already here, added beside the earlier ones.
    NewVersion,
    /// This exact submission was imported before; nothing changed.
    AlreadyPresent,
}

/// The result of importing or checking a submission file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SubmissionSummary {
    pub outcome: Option<ImportOutcome>,
    /// The report's id on this machine, once imported.
    pub report_id: Option<i64>,
    pub uid: String,
    pub version: u32,
    pub title: String,
    pub contracts: Vec<String>,
    pub signed_by: String,
    pub signed_at: String,
    pub seal: String,
    pub evidence_files: u32,
    pub evidence_bytes: u64,
    /// The framework version the report was made on.
    pub framework_version: String,
    /// Whether this app did not have that version: the file carried it, and importing
    /// stored it (not adopted).
    pub framework_new: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_kinds_of_entry_are_allowed() {
        assert_eq!(entry_kind("manifest.json"), Ok(EntryKind::Manifest));
        assert_eq!(entry_kind("report.json"), Ok(EntryKind::Report));
        let h = "a".repeat(64);
        assert_eq!(
            entry_kind(&format!("evidence/{h}")),
            Ok(EntryKind::Evidence(h.clone()))
        );
        for bad in [
            "../evil",
            "evidence/../../x",
            "/etc/passwd",
            "C:\\x",
            "evidence/ABC",
            "notes.txt",
            "evidence/",
        ] {
            assert!(entry_kind(bad).is_err(), "{bad}");
        }
        assert!(entry_kind("../evil").unwrap_err().contains("outside"));
    }
}
