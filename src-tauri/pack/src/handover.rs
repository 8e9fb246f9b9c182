//! The handover summary as a PDF or Word document: what a contract owner's successor needs
//! to carry on, contract by contract.

use crate::layout::pdf::Assembled;
use crate::layout::{col, Cell, Flow, Style, Table, Weight, NAVY, WARNING_RED};
use crate::parts::{key_values, long_date};
use crate::{Pack, PackOptions};
use cmm_core::organisation::Organisation;
use cmm_core::programme::handover::HandoverSummary;

/// "Sam Okafor since 1 March 2027 (before: Jane Smith, until 28 February 2027)".
fn owners_line(c: &cmm_core::programme::handover::HandoverContract) -> String {
    c.owners
        .iter()
        .rev()
        .map(|o| {
            let mut s = o.owner.clone();
            if !o.position.is_empty() {
                s.push_str(&format!(", {}", o.position));
            }
            match (o.since, o.until) {
                (Some(a), Some(b)) => {
                    s.push_str(&format!(", {} to {}", long_date(a), long_date(b)))
                }
                (Some(a), None) => s.push_str(&format!(", since {}", long_date(a))),
                (None, Some(b)) => s.push_str(&format!(", until {}", long_date(b))),
                (None, None) => {}
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The handover summary for `summary.owner`, as read on `summary.today`, headed with the
/// council's name.
pub fn handover_pack(summary: &HandoverSummary, org: &Organisation, opts: &PackOptions) -> Pack {
    let title = format!("Handover summary for {}", summary.owner);
    let mut f = Flow::new(&title);
    f.title(
        &title,
        Style {
            weight: Weight::Bold,
            size: 20.0,
            colour: NAVY,
            indent: 0.0,
        },
    );
    f.paragraph(
        &format!("{}, {}", org.name, long_date(summary.today)),
        Style {
            size: 11.0,
            ..Style::LABEL
        },
    );
    f.gap(8.0);
    for c in &summary.contracts {
        let heading = if c.reference.is_empty() {
            c.name.clone()
        } else {
            format!("{} ({})", c.name, c.reference)
        };
        f.heading(&heading, 0, false);
        key_values(
            &mut f,
            &[
                ("Contract owners", Cell::new(owners_line(c))),
                (
                    "Next review",
                    Cell::new(
                        c.next_review
                            .clone()
                            .unwrap_or_else(|| "None planned".into()),
                    ),
                ),
            ],
        );
        f.subheading(&if c.previous_owner.is_empty() {
            "The previous owner's note".to_owned()
        } else {
            format!("{}'s note", c.previous_owner)
        });
        f.paragraph(
            if c.note.is_empty() {
                "No note was left."
            } else {
                &c.note
            },
            Style::BODY,
        );
        f.subheading("In progress");
        if c.in_progress.is_empty() {
            f.paragraph("No maturity report is in progress.", Style::BODY);
        } else {
            f.bullets(&c.in_progress, Style::BODY);
        }
        f.subheading("Actions open");
        if c.actions.is_empty() {
            f.paragraph("No action of the review group is open.", Style::BODY);
        } else {
            let mut t = Table::new(vec![
                col("Action", 4.0),
                col("Owner", 1.6),
                col("Due", 1.4),
                col("Status", 1.4),
            ]);
            t.size = 9.5;
            for a in &c.actions {
                let status = if a.overdue {
                    Cell::new(format!("{}: OVERDUE", a.status))
                        .bold()
                        .colour(WARNING_RED)
                } else {
                    Cell::new(a.status.clone())
                };
                t.row(vec![
                    Cell::new(a.text.clone()),
                    Cell::new(a.owner.clone()),
                    Cell::new(long_date(a.due)),
                    status,
                ]);
            }
            f.table(&t);
        }
        f.subheading("What the last review asked for");
        match &c.last_review {
            None => f.paragraph("The contract has not been reviewed yet.", Style::BODY),
            Some(r) => {
                let mut line = format!("Reviewed on {}: {}.", long_date(r.held_on), r.outcome);
                if let Some(by) = r.return_by {
                    line.push_str(&format!(" To return for re-review by {}.", long_date(by)));
                }
                f.paragraph(&line, Style::BODY);
                if r.recommendations.is_empty() {
                    f.paragraph("The group made no recommendation.", Style::BODY);
                } else {
                    f.bullets(&r.recommendations, Style::BODY);
                }
            }
        }
        f.gap(8.0);
    }
    f.flush();
    crate::layout::document::finish(
        opts.format,
        Assembled {
            title: title.clone(),
            header_right: format!("Handover, {}", long_date(summary.today)),
            kind: "Handover summary",
            pages: f.pages,
            tags: f.tags,
            outline: Vec::new(),
            marking: opts.marking,
            date: Some(summary.today),
        },
    )
}
