//! `cmm hand-over` and `cmm handover-summary`: handover when a contract owner leaves, from
//! a script as the window does it.

use cmm_api::files::{Marking, PackOptions};
use cmm_api::programme::handover::{HandoverInput, HandoverSummary};
use cmm_api::{contracts, programme, CoreError, DataFile};
use std::path::PathBuf;

/// What `cmm hand-over` is given.
#[derive(clap::Args)]
pub struct HandOverArgs {
    /// The references of the contracts handed over.
    #[arg(required = true, value_name = "REFERENCE")]
    references: Vec<String>,
    /// The successor's name.
    #[arg(long = "to", value_name = "NAME")]
    successor: String,
    /// The successor's position.
    #[arg(long, default_value = "")]
    position: String,
    /// The day they become contract owner (DD/MM/YYYY or YYYY-MM-DD).
    #[arg(long = "on", value_name = "DATE")]
    on: String,
    /// The previous owner's note to the successor.
    #[arg(long, default_value = "")]
    note: String,
}

/// What `cmm handover-summary` is given.
#[derive(clap::Args)]
pub struct SummaryArgs {
    /// The references of the contracts.
    #[arg(required = true, value_name = "REFERENCE")]
    references: Vec<String>,
    /// Also write it: a Word document when OUT ends in .docx, otherwise a PDF.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn ids(db: &DataFile, references: &[String]) -> Result<Vec<i64>, CoreError> {
    references
        .iter()
        .map(|r| contracts::contract_id_by_reference(db, r))
        .collect()
}

/// The summary in words, contract by contract.
fn text(s: &HandoverSummary) -> String {
    let mut out = format!(
        "Handover summary for {} ({})\n",
        s.owner,
        s.today.format("%-d %B %Y")
    );
    for c in &s.contracts {
        out.push_str(&format!("\n{} ({})\n", c.name, c.reference));
        if !c.previous_owner.is_empty() {
            out.push_str(&format!("  Previous owner: {}\n", c.previous_owner));
        }
        if !c.note.is_empty() {
            out.push_str(&format!("  Their note: {}\n", c.note));
        }
        for p in &c.in_progress {
            out.push_str(&format!("  In progress: {p}\n"));
        }
        for a in &c.actions {
            out.push_str(&format!(
                "  Action{}: {} (owner {}, due {})\n",
                if a.overdue { " OVERDUE" } else { "" },
                a.text,
                a.owner,
                a.due.format("%-d %B %Y")
            ));
        }
        out.push_str(&format!(
            "  Next review: {}\n",
            c.next_review.as_deref().unwrap_or("none planned")
        ));
        match &c.last_review {
            Some(r) => {
                out.push_str(&format!(
                    "  Last review: {}, {}\n",
                    r.held_on.format("%-d %B %Y"),
                    r.outcome
                ));
                for rec in &r.recommendations {
                    out.push_str(&format!("    - {rec}\n"));
                }
            }
            None => out.push_str("  Last review: not reviewed yet\n"),
        }
    }
    out
}

/// Hands the contracts over and prints the successor's summary.
///
/// Errors: `NotFound` for a reference not on the register; `Validation` naming each value
/// refused (nothing is changed).
pub fn hand_over(
    db: &mut DataFile,
    a: &HandOverArgs,
) -> Result<(serde_json::Value, String), CoreError> {
    let input = HandoverInput {
        contract_ids: ids(db, &a.references)?,
        successor: a.successor.clone(),
        position: a.position.clone(),
        handed_over_on: a.on.clone(),
        note: a.note.clone(),
    };
    let s = programme::hand_over(db, &input)?;
    Ok((serde_json::to_value(&s)?, text(&s)))
}

/// Prints the summary of the contracts' owner now, and writes it when asked.
pub fn summary(db: &DataFile, a: &SummaryArgs) -> Result<(serde_json::Value, String), CoreError> {
    let ids = ids(db, &a.references)?;
    let s = programme::handover_summary(db, &ids)?;
    let mut out = text(&s);
    if let Some(path) = &a.out {
        let format = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
        {
            cmm_api::files::Format::Word
        } else {
            cmm_api::files::Format::Pdf
        };
        let written = programme::export_handover(
            db,
            &ids,
            &PackOptions {
                marking: Marking::Official,
                format,
            },
            path,
        )?;
        out.push_str(&format!("\nWrote {}.\n", written.path));
    }
    Ok((serde_json::to_value(&s)?, out))
}
