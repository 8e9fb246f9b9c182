//! The files the window and `cmm` write: what each is called when offered to be saved,
//! what kind of file it is, and what was written.

use cmm_core::{CoreError, Result};
use serde::Serialize;
use specta::Type;
use std::io::Write;
use std::path::Path;

pub use cmm_pack::{Format, Marking, PackOptions};

/// A kind of file, as a save or open dialog filters it: its name and its extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const PDF: FileKind = FileKind {
    name: "PDF document",
    extensions: &["pdf"],
};
/// The same documents to edit (Office Open XML).
pub const WORD: FileKind = FileKind {
    name: "Word document",
    extensions: &["docx"],
};
pub const CSV: FileKind = FileKind {
    name: "CSV file",
    extensions: &["csv"],
};
pub const XLSX: FileKind = FileKind {
    name: "Excel workbook",
    extensions: &["xlsx"],
};
/// A signed report and its evidence for the sub-group (`cmm_core`'s submission format).
pub const SUBMISSION: FileKind = FileKind {
    name: "Submission file",
    extensions: &[cmm_core::reports::submission::EXTENSION],
};
/// A framework version to import: a workbook of activities × levels, or the JSON form of
/// `docs/framework.schema.json`.
pub const FRAMEWORK: FileKind = FileKind {
    name: "Framework (workbook or JSON)",
    extensions: &["xlsx", "xls", "ods", "json"],
};
/// A framework version written as JSON (`docs/framework.schema.json`).
pub const FRAMEWORK_JSON: FileKind = FileKind {
    name: "Framework file (JSON)",
    extensions: &["json"],
};
/// A contract register to import: every file the reader takes, spreadsheets and OCDS
/// packages (Contracts Finder, Find a Tender).
pub const REGISTER: FileKind = FileKind {
    name: "Spreadsheet or OCDS package",
    extensions: &["csv", "xlsx", "xls", "ods", "txt", "json"],
};

/// How an export is offered to be saved: the dialog's title, the file name suggested and
/// the kind of file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveAs {
    pub title: &'static str,
    pub file_name: String,
    pub kind: FileKind,
}

impl SaveAs {
    /// The same offer for a document written as `format`: a Word document's name ends in
    /// `.docx` instead of `.pdf`, and the dialog filters Word documents.
    pub fn as_format(self, format: Format) -> SaveAs {
        match format {
            Format::Pdf => self,
            Format::Word => SaveAs {
                file_name: match self.file_name.strip_suffix(".pdf") {
                    Some(stem) => format!("{stem}.docx"),
                    None => self.file_name,
                },
                kind: WORD,
                ..self
            },
        }
    }
}

/// A title made safe for a file name on Windows, macOS and Linux: letters, digits,
/// spaces and hyphens; anything else becomes a space, and runs of spaces one.
pub fn safe_file_stem(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What an export wrote, for the window and `cmm` to report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PackSummary {
    pub path: String,
    pub title: String,
    /// How many it holds: reports for a review pack (1) or a meeting pack, reviews for
    /// the six-month update, meetings for the forward plan's CSV; 0 for the forward
    /// plan's PDF and for a letter, 1.
    pub reports: u32,
    /// Pages of a PDF; 0 for a CSV. For a Word document, the pages of the same document
    /// as a PDF (Word lays it out for itself).
    pub pages: u32,
    pub bytes: u64,
    /// The document's kind; `None` for a CSV.
    pub format: Option<Format>,
}

/// Writes a document (PDF or Word alike) to `out`, all or nothing (through a temporary
/// file beside it, so a half-written pack never replaces a good one). A name that does not
/// end in the document's own extension gets it added (`pack` becomes `pack.docx`, and a
/// Word document named `pack.pdf` becomes `pack.pdf.docx`), so the file opens in the
/// program its kind needs and never passes for the other kind; the summary gives the name
/// written.
///
/// Errors: `File` naming the file when it cannot be written, or would replace a database,
/// a folder or a read-only file.
pub(crate) fn write_pdf(
    out: &Path,
    pack: &cmm_pack::Pack,
    title: String,
    reports: usize,
) -> Result<PackSummary> {
    let kind = match pack.format {
        Format::Pdf => PDF,
        Format::Word => WORD,
    };
    let named = with_extension(out, kind);
    let out = named.as_path();
    cmm_core::kernel::write_file_atomically(out, |w| {
        w.write_all(&pack.bytes)
            .map_err(|e| CoreError::file(out, e))
    })?;
    Ok(PackSummary {
        path: out.display().to_string(),
        title,
        reports: reports as u32,
        pages: pack.pages as u32,
        bytes: pack.bytes.len() as u64,
        format: Some(pack.format),
    })
}

/// `path`, ending in `kind`'s first extension unless it ends in one of them already (in
/// any case).
pub fn with_extension(path: &Path, kind: FileKind) -> std::path::PathBuf {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if kind.extensions.iter().any(|k| ext.eq_ignore_ascii_case(k)) {
        return path.to_path_buf();
    }
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(kind.extensions[0]);
    name.into()
}

/// A date as it stands in a file name: 2027-01-14.
pub(crate) fn file_date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_keeps_letters_digits_spaces_and_hyphens() {
        assert_eq!(
            safe_file_stem("FM: Kent/Medway  (North) — 2026?"),
            "FM Kent Medway North 2026"
        );
        assert_eq!(safe_file_stem("Café re-let"), "Café re-let");
    }

    #[test]
    fn a_document_is_named_for_its_kind() {
        let named = |p: &str, kind| with_extension(Path::new(p), kind);
        assert_eq!(named("/x/pack.docx", WORD), Path::new("/x/pack.docx"));
        assert_eq!(named("/x/pack.DOCX", WORD), Path::new("/x/pack.DOCX"));
        assert_eq!(named("/x/pack", WORD), Path::new("/x/pack.docx"));
        assert_eq!(named("/x/pack.pdf", WORD), Path::new("/x/pack.pdf.docx"));
        assert_eq!(named("/x/pack.odt", PDF), Path::new("/x/pack.odt.pdf"));
        assert_eq!(named("/x/a.b/pack", PDF), Path::new("/x/a.b/pack.pdf"));
    }
}
