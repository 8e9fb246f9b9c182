//! The programme the commissioners keep: which contracts to review first (priority), when
//! (the forward plan), how the portfolio stands, and the six-month update to the
//! committee; and handover when a contract owner leaves.

use crate::files::{
    file_date, safe_file_stem, write_pdf, FileKind, PackOptions, PackSummary, SaveAs, CSV, PDF,
    WORD,
};
use crate::{today, CoreError, DataFile, Result};
use chrono::NaiveDate;
use std::path::Path;

use cmm_core::programme::plan::PlanItem;
use cmm_core::programme::priority::{PriorityInput, ReviewRequest};
use cmm_core::programme::six_month_update::SixMonthUpdateInput;
pub use cmm_core::programme::*;

/// One page of the contracts in priority order for review, with the reasons, found by
/// part of a name or reference; each keeps its rank in the whole list.
pub fn priority_page(
    db: &DataFile,
    offset: u32,
    limit: u32,
    search: &str,
) -> Result<priority::PriorityPage> {
    db.store.priority_page(today(), offset, limit, search)
}

/// The weight (0 to 10) of each of the council's seven criteria for choosing contracts
/// for review.
pub fn priority_weights(db: &DataFile) -> Result<priority::Weights> {
    db.store.priority_weights()
}

/// Sets the weights of the seven criteria; returns them as kept.
///
/// Errors: `Validation` naming each weight outside 0 to 10.
pub fn save_priority_weights(
    db: &mut DataFile,
    weights: &priority::Weights,
) -> Result<priority::Weights> {
    db.store.save_priority_weights(weights)
}

/// Saves the commissioner's judgements of one contract on the criteria (each 0 to 3, with
/// its reason); returns them as kept.
///
/// Errors: `NotFound` for an unknown contract; `Validation` naming each judgement refused.
pub fn save_contract_priority(
    db: &mut DataFile,
    contract_id: i64,
    input: &priority::PriorityInput,
) -> Result<priority::PriorityInput> {
    db.store.save_priority_input(contract_id, input)
}

/// Records a request to review a contract: who asked and when.
pub fn add_review_request(
    db: &mut DataFile,
    contract_id: i64,
    input: &priority::RequestInput,
) -> Result<Vec<priority::ReviewRequest>> {
    db.store.add_review_request(contract_id, input)
}

/// Removes a request to review a contract.
///
/// Errors: `NotFound` for an unknown request.
pub fn delete_review_request(db: &mut DataFile, request_id: i64) -> Result<()> {
    db.store.delete_review_request(request_id)
}

/// Adds a planned meeting, or corrects one (a correction is not a move: use
/// `move_plan_item` to keep a note of the slot it left).
pub fn save_plan_item(
    db: &mut DataFile,
    id: Option<i64>,
    input: &plan::PlanItemInput,
) -> Result<plan::PlanItem> {
    db.store.save_plan_item(id, input)
}

/// Moves a planned meeting, keeping a note of the slot it left.
pub fn move_plan_item(
    db: &mut DataFile,
    id: i64,
    input: &plan::MoveInput,
) -> Result<plan::PlanItem> {
    db.store.move_plan_item(id, input)
}

/// Marks a planned meeting as held (on or after its date), or takes that back.
pub fn set_plan_held(db: &mut DataFile, id: i64, held: bool) -> Result<plan::PlanItem> {
    db.store.set_plan_held(id, held, today())
}

/// Removes a planned review meeting from the forward plan.
///
/// Errors: `NotFound` for an unknown meeting.
pub fn delete_plan_item(db: &mut DataFile, id: i64) -> Result<()> {
    db.store.delete_plan_item(id)
}

/// The portfolio for the filters: one page of the heatmap and the figures over all of it.
pub fn portfolio(db: &DataFile, query: &portfolio::PortfolioQuery) -> Result<portfolio::Portfolio> {
    db.store.portfolio(query, today())
}

/// A contract's judgements on the priority criteria, and the requests to review it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct ContractPriority {
    pub input: PriorityInput,
    pub requests: Vec<ReviewRequest>,
}

/// A contract's judgements on the criteria and the requests to review it, in one read.
pub fn contract_priority(db: &DataFile, contract_id: i64) -> Result<ContractPriority> {
    Ok(ContractPriority {
        input: db.store.priority_input(contract_id)?,
        requests: db.store.review_requests(contract_id)?,
    })
}

/// Planned review meetings dated within `from..=to`, as typed (empty means open).
///
/// Errors: `Validation` on `from` or `to` (not a date, or `to` before `from`).
pub fn forward_plan(db: &DataFile, from: &str, to: &str) -> Result<Vec<PlanItem>> {
    let (from, to) = plan::date_range(from, to, false).map_err(CoreError::Validation)?;
    db.store.forward_plan(from, to)
}

/// The forms the forward plan is exported in: the committee's table as a PDF, or its rows
/// as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PlanFormat {
    Pdf,
    Csv,
    Word,
}

impl PlanFormat {
    /// CSV when the file's name ends in `.csv`, Word when it ends in `.docx` (in any case),
    /// otherwise PDF, as `cmm` chooses.
    pub fn of_path(path: &Path) -> PlanFormat {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext.eq_ignore_ascii_case("csv") {
            return PlanFormat::Csv;
        }
        match cmm_pack::Format::of_path(path) {
            cmm_pack::Format::Word => PlanFormat::Word,
            cmm_pack::Format::Pdf => PlanFormat::Pdf,
        }
    }

    fn kind(self) -> FileKind {
        match self {
            PlanFormat::Pdf => PDF,
            PlanFormat::Csv => CSV,
            PlanFormat::Word => WORD,
        }
    }
}

/// The period of a forward plan export, both dates needed.
///
/// Errors: `Validation` on `from` or `to`.
pub fn plan_period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    plan::full_date_range(from, to).map_err(CoreError::Validation)
}

/// How the forward plan export is offered to be saved, for the period as typed: "CMRG
/// forward plan <from> to <to>.pdf" (or `.csv`), with the period read. The period is
/// checked first, so a bad one never asks where to save.
///
/// Errors: `Validation` on `from` or `to`.
pub fn plan_save_as(
    from: &str,
    to: &str,
    format: PlanFormat,
) -> Result<(SaveAs, NaiveDate, NaiveDate)> {
    let (from, to) = plan_period(from, to)?;
    let kind = format.kind();
    let save_as = SaveAs {
        title: "Save the forward plan",
        file_name: format!(
            "CMRG forward plan {} to {}.{}",
            file_date(from),
            file_date(to),
            kind.extensions[0]
        ),
        kind,
    };
    Ok((save_as, from, to))
}

/// Writes the forward plan from `from` to `to` to `dest`: the committee's table as a PDF,
/// or a Word document, or its rows as CSV (then `reports` is the number of meetings and
/// `pages` 0).
pub fn export_forward_plan(
    db: &DataFile,
    from: NaiveDate,
    to: NaiveDate,
    format: PlanFormat,
    dest: &Path,
) -> Result<PackSummary> {
    let plan = db.store.forward_plan(Some(from), Some(to))?;
    let council = db.store.organisation()?.name;
    match format {
        PlanFormat::Pdf => {
            let pack =
                cmm_pack::plan_pack(&plan, &council, from, to, today(), &PackOptions::default());
            write_pdf(dest, &pack, "Forward plan".into(), 0)
        }
        PlanFormat::Word => {
            let options = PackOptions {
                format: cmm_pack::Format::Word,
                ..Default::default()
            };
            let pack = cmm_pack::plan_pack(&plan, &council, from, to, today(), &options);
            write_pdf(dest, &pack, "Forward plan".into(), 0)
        }
        PlanFormat::Csv => {
            let rows = write_plan_csv(&plan, dest)?;
            Ok(PackSummary {
                path: dest.display().to_string(),
                title: "Forward plan".into(),
                reports: rows,
                pages: 0,
                bytes: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
                format: None,
            })
        }
    }
}

/// How the six-month update is offered to be saved: "CMRG six-month update <from> to
/// <to>.pdf". The period is checked first, so a bad one never asks where to save.
///
/// Errors: `Validation` on the period or the committee.
pub fn six_month_update_save_as(input: &SixMonthUpdateInput) -> Result<SaveAs> {
    let (from, to, _) = input.validate().map_err(CoreError::Validation)?;
    Ok(SaveAs {
        title: "Save the six-month update",
        file_name: format!(
            "CMRG six-month update {} to {}.pdf",
            file_date(from),
            file_date(to)
        ),
        kind: PDF,
    })
}

/// Writes the six-month update to the committee for the period to `dest`, as
/// `options.format` says.
pub fn export_six_month_update(
    db: &DataFile,
    input: &SixMonthUpdateInput,
    options: &PackOptions,
    dest: &Path,
) -> Result<PackSummary> {
    let today = today();
    let update = db.store.six_month_update(input, today)?;
    let pack = cmm_pack::six_month_update_pack(&update, today, options);
    write_pdf(
        dest,
        &pack,
        format!(
            "Six-month update, {} to {}",
            update.from.format("%-d %B %Y"),
            update.to.format("%-d %B %Y")
        ),
        update.reviews.len(),
    )
}

/// The forward plan as the committee's table, one row per planned meeting, with the date
/// and times also in machine-readable columns.
pub const PLAN_HEADINGS: [&str; 10] = [
    "Date of CMRG",
    "Contract",
    "Lead Officer",
    "Status",
    "Date",
    "Date confirmed",
    "Start",
    "End",
    "Contract references",
    "Moved from",
];

/// Writes the forward plan as CSV (through the register's CSV writer: a byte-order mark,
/// formula-like cells neutralised). Returns how many meetings it wrote.
pub fn write_plan_csv(plan: &[PlanItem], out: &Path) -> Result<u32> {
    let rows: Vec<Vec<String>> = plan
        .iter()
        .map(|p| {
            vec![
                p.when.clone(),
                p.what.join("; "),
                p.lead().to_owned(),
                p.status.words().to_owned(),
                p.date.to_string(),
                if p.date_confirmed { "Yes" } else { "No" }.to_owned(),
                p.starts_at.clone(),
                p.ends_at.clone(),
                p.contracts
                    .iter()
                    .map(|c| c.reference.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                p.moves
                    .iter()
                    .map(|m| m.from_text.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    cmm_register::write_csv(out, &PLAN_HEADINGS, &rows)
}

/// Hands contracts over to a successor (drafts, open actions and planned reviews move with
/// them; the history of owners keeps the dates) and returns the successor's handover
/// summary, as of today.
///
/// Errors: `Validation` naming each field and rule broken; nothing is changed.
pub fn hand_over(
    db: &mut DataFile,
    input: &handover::HandoverInput,
) -> Result<handover::HandoverSummary> {
    db.store.hand_over(input, today())
}

/// What the owner now of each contract needs to carry on, as of today.
///
/// Errors: `NotFound` for a contract not on the register.
pub fn handover_summary(db: &DataFile, contract_ids: &[i64]) -> Result<handover::HandoverSummary> {
    db.store.handover_summary(contract_ids, today())
}

/// How the handover summary is offered to be saved: "Handover summary <owner> <date>.pdf".
pub fn handover_save_as(db: &DataFile, contract_ids: &[i64]) -> Result<SaveAs> {
    let s = db.store.handover_summary(contract_ids, today())?;
    Ok(SaveAs {
        title: "Save the handover summary",
        file_name: format!(
            "Handover summary {} {}.pdf",
            safe_file_stem(&s.owner),
            file_date(s.today)
        ),
        kind: PDF,
    })
}

/// Writes the handover summary of `contract_ids` to `dest`, as `options.format` says.
pub fn export_handover(
    db: &DataFile,
    contract_ids: &[i64],
    options: &PackOptions,
    dest: &Path,
) -> Result<PackSummary> {
    let s = db.store.handover_summary(contract_ids, today())?;
    let pack = cmm_pack::handover_pack(&s, &db.store.organisation()?, options);
    write_pdf(dest, &pack, format!("Handover summary for {}", s.owner), 0)
}
