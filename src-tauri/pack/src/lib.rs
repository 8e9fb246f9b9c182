//! PDF review packs for the Contract Management Review Group: one contract's pack, or a
//! meeting's packs in one file after an agenda. Drawn with printpdf 0.12 from drawing
//! operations through the layout engine in `layout`; the same report always gives the
//! same bytes.

use chrono::NaiveDate;
use cmm_core::{CoreError, Result, Store};
use serde::Serialize;
use specta::Type;
use std::io::Write;
use std::path::Path;

mod charts;
pub mod layout;
mod pack;
mod pdf;
mod progress;
pub use progress::{plan_pack, progress_pack};

pub use pack::{
    contract_pack, letter_pack, meeting_pack, section_heading, CONTENTS, DESCRIPTORS, EVIDENCE,
    SUBGROUP, SUMMARY,
};

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

#[derive(Debug, Clone, Copy, Default)]
pub struct PackOptions {
    pub marking: Marking,
}

/// A finished pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// What an export wrote, for the app and the command-line tool to report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PackSummary {
    pub path: String,
    pub title: String,
    /// How many reports it holds: 1 for a contract pack.
    pub reports: u32,
    pub pages: u32,
    pub bytes: u64,
}

fn write(out: &Path, pack: &Pack, title: String, reports: usize) -> Result<PackSummary> {
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
    })
}

/// Writes one report's pack to `out` (through a temporary file, so a half-written pack
/// never replaces a good one).
pub fn export_contract_pack(
    store: &Store,
    report_id: i64,
    today: NaiveDate,
    out: &Path,
    opts: &PackOptions,
) -> Result<PackSummary> {
    let src = store.pack_source(report_id, today)?;
    let pack = contract_pack(&src, opts);
    write(out, &pack, src.document.title.clone(), 1)
}

/// Writes the pack for the sub-group meeting on `date`: every report with that meeting
/// date, after an agenda.
pub fn export_meeting_pack(
    store: &Store,
    date: NaiveDate,
    today: NaiveDate,
    out: &Path,
    opts: &PackOptions,
) -> Result<PackSummary> {
    let m = store.meeting_source(date, today)?;
    let pack = meeting_pack(&m, opts);
    write(
        out,
        &pack,
        format!("Meeting of {}", date.format("%-d %B %Y")),
        m.reports.len(),
    )
}

/// Writes the pack for a meeting the review group recorded: an agenda with its time, chair
/// and members, then the pack of every report on its agenda, in order.
pub fn export_recorded_meeting_pack(
    store: &Store,
    meeting_id: i64,
    today: NaiveDate,
    out: &Path,
    opts: &PackOptions,
) -> Result<PackSummary> {
    let m = store.meeting_source_for(meeting_id, today)?;
    let pack = meeting_pack(&m, opts);
    write(
        out,
        &pack,
        format!("Meeting of {}", m.date.format("%-d %B %Y")),
        m.reports.len(),
    )
}

/// Writes the feedback letter of a review as a PDF.
pub fn export_letter(
    store: &Store,
    review_id: i64,
    today: NaiveDate,
    out: &Path,
    opts: &PackOptions,
) -> Result<PackSummary> {
    let detail = store.review_detail(review_id, today)?;
    let letter = store.feedback_letter(review_id, today)?;
    let pack = letter_pack(&detail.title, detail.meeting.held_on, &letter.text, opts);
    write(out, &pack, format!("Feedback letter: {}", detail.title), 1)
}

/// Writes the six-monthly progress report to the committee for the period typed.
pub fn export_progress_report(
    store: &Store,
    input: &cmm_core::programme::six_month_update::ProgressInput,
    today: NaiveDate,
    out: &Path,
    opts: &PackOptions,
) -> Result<PackSummary> {
    let report = store.progress_report(input, today)?;
    let pack = progress_pack(&report, today, opts);
    write(
        out,
        &pack,
        format!(
            "Six-month update, {} to {}",
            report.from.format("%-d %B %Y"),
            report.to.format("%-d %B %Y")
        ),
        report.reviews.len(),
    )
}

/// Writes the forward plan from `from` to `to` as the committee's table.
pub fn export_forward_plan(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    out: &Path,
    opts: &PackOptions,
) -> Result<PackSummary> {
    let plan = store.forward_plan(Some(from), Some(to))?;
    let pack = plan_pack(&plan, from, to, today, opts);
    write(out, &pack, "Forward plan".into(), 0)
}
