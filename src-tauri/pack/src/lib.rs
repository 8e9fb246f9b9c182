//! PDF review packs for the Contract Management Review Group: one contract's pack, or a
//! meeting's packs in one file after an agenda. Drawn with printpdf 0.12 from drawing
//! operations through the layout engine in `layout`; the same report always gives the
//! same bytes.

mod charts;
pub mod layout;
mod pack;
mod pdf;

pub use pack::{
    contract_pack, meeting_pack, section_heading, CONTENTS, DESCRIPTORS, EVIDENCE, SUMMARY,
};

/// The protective marking printed at the top and bottom of every page, chosen at export
/// (UK Government Security Classifications).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

#[derive(Debug, Clone, Copy, Default)]
pub struct PackOptions {
    pub marking: Marking,
}
