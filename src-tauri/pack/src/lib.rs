//! PDF review packs for the Contract Management Review Group: one contract's pack, or a
//! meeting's packs in one file after an agenda; each also as a Word document. Drawn with
//! printpdf 0.12 from drawing operations through the layout engine in `layout`; the same
//! report always gives the
//! same bytes.
//!
//! A renderer: each pack is a function from its source (what the application layer
//! gathered from the data file) and the options to the PDF's bytes. Nothing here opens
//! the data file or writes a file.

use serde::Serialize;
use specta::Type;

mod committee;
mod contract_pack;
mod handover;
pub mod layout;
mod letter;
mod meeting_pack;
mod parts;
mod source;

pub use committee::{plan_pack, six_month_update_pack};
pub use contract_pack::contract_pack;
pub use contract_pack::subgroup::SUBGROUP;
pub use handover::handover_pack;
pub use letter::letter_pack;
pub use meeting_pack::meeting_pack;
pub use parts::{section_heading, CONTENTS, DESCRIPTORS, EVIDENCE, SUMMARY};
pub use source::{MeetingSource, PackReview, PackSource};

/// The protective marking printed at the top and bottom of every page, chosen at export
/// (UK Government Security Classifications).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Marking {
    #[default]
    Official,
    OfficialSensitive,
}

impl Marking {
    pub fn label(self) -> &'static str {
        match self {
            Marking::Official => "OFFICIAL",
            Marking::OfficialSensitive => "OFFICIAL-SENSITIVE",
        }
    }

    /// From "official" or "official-sensitive", in any case.
    pub fn parse(s: &str) -> Option<Marking> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['_', ' '], "-")
            .as_str()
        {
            "official" => Some(Marking::Official),
            "official-sensitive" => Some(Marking::OfficialSensitive),
            _ => None,
        }
    }
}

/// The kind of file a document is written as: a tagged PDF (PDF/UA-1) to publish, or a
/// Word document (Office Open XML) to edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    #[default]
    Pdf,
    Word,
}

impl Format {
    /// From a file's name: Word for `.docx`, in any case; otherwise PDF.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("docx") => Format::Word,
            _ => Format::Pdf,
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct PackOptions {
    pub marking: Marking,
    pub format: Format,
}

/// A finished pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    pub bytes: Vec<u8>,
    /// The PDF's pages (for a Word document, the pages its PDF has; Word lays it out
    /// again for itself).
    pub pages: usize,
    pub format: Format,
}
