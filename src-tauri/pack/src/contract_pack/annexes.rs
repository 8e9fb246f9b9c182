//! The annexes of a contract's pack: the descriptors of the chosen levels, and the evidence index with what is still missing.

use crate::layout::{col, num_col, Cell, Flow, Style, Table, GREY, WARNING_RED};
use crate::source::PackSource;
use cmm_core::framework::MaturityLevel;

use crate::parts::*;

pub(crate) fn descriptors(f: &mut Flow, src: &PackSource) {
    f.heading(DESCRIPTORS, 0, true);
    f.paragraph(
        &format!(
            "What the chosen current and target levels mean for each activity, in the words of the council's maturity matrix ({}, {}).",
            src.framework.title, src.framework.date
        ),
        Style::NOTE,
    );
    for a in src.document.assessment.iter().filter(|a| a.activity > 0) {
        let Some(activity) = src.framework.activities.get(usize::from(a.activity) - 1) else {
            continue;
        };
        f.subheading(&format!("{}. {}", a.activity, activity.name));
        let show = |f: &mut Flow, which: &str, level: Option<u8>| match level
            .and_then(MaturityLevel::new)
        {
            Some(l) => {
                f.ensure(50.0);
                f.paragraph(
                    &format!("{which}: level {}", level_name(src, level)),
                    Style {
                        size: 9.5,
                        ..Style::LABEL
                    },
                );
                f.bullets(
                    activity.descriptors_at(l),
                    Style {
                        size: 9.0,
                        ..Style::BODY
                    },
                );
            }
            None => none_recorded(f, &format!("{which}: not assessed")),
        };
        show(f, "Current", a.current_level);
        if a.target_level == a.current_level && a.target_level.is_some() {
            f.ensure(40.0);
            f.paragraph(
                "Target: the same level.",
                Style {
                    size: 9.5,
                    ..Style::LABEL
                },
            );
        } else {
            show(f, "Target", a.target_level);
        }
    }
}

pub(crate) fn evidence(f: &mut Flow, src: &PackSource) {
    f.heading(EVIDENCE, 0, true);
    let ev = &src.document.evidence;
    f.paragraph(
        &format!(
            "{} evidence file{} held with the report. The SHA-256 of each is part of the seal, so a changed file is detected.",
            ev.len(),
            if ev.len() == 1 { " is" } else { "s are" }
        ),
        Style::NOTE,
    );
    if ev.is_empty() {
        none_recorded(f, "No evidence attached.");
    } else {
        // Named as the report's own framework names its activities.
        let activities = src.framework.activity_refs();
        let mut t = Table::new(vec![
            num_col("No.", 0.45),
            col("File", 2.4),
            col("Attached to", 2.0),
            num_col("Size", 0.9),
            col("SHA-256", 2.6),
        ]);
        t.size = 7.5;
        for (n, e) in ev.iter().enumerate() {
            let mut name = e.file_name.clone();
            if !e.description.is_empty() {
                name.push_str(&format!("\n{}", e.description));
            }
            t.row(vec![
                Cell::new((n + 1).to_string()),
                Cell::new(name),
                Cell::new(e.target.describe(&activities)),
                Cell::new(file_size(e.size)),
                // In two halves, so a hash always takes two even lines.
                Cell::new(format!(
                    "{}\n{}",
                    &e.sha256[..e.sha256.len() / 2],
                    &e.sha256[e.sha256.len() / 2..]
                ))
                .colour(GREY),
            ]);
        }
        f.table(&t);
    }
    f.subheading("Completeness");
    if src.completeness.gaps.is_empty() {
        f.paragraph("Nothing is missing: every section is complete, every activity has evidence and both annexes are attached.", Style::BODY);
    } else {
        f.paragraph("The report was submitted with these gaps:", Style::BODY);
        let gaps: Vec<String> = src
            .completeness
            .gaps
            .iter()
            .map(|g| g.text.clone())
            .collect();
        f.bullets(
            &gaps,
            Style {
                colour: WARNING_RED,
                ..Style::BODY
            },
        );
    }
}
