//! The pack for a sub-group meeting: an agenda (with the time, chair and members of a
//! recorded meeting), then the pack of every report on it, each bookmarked.

use crate::contract_pack::contract_part;
use crate::layout::pdf::Assembled;
use crate::layout::{
    col, num_col, Cell, Flow, Mark, Style, Table, Weight, BODY_TOP, NAVY, WARNING_RED,
};
use crate::parts::{header_right, key_values, long_date, meeting_line, signed_date, status_words};
use crate::source::MeetingSource;
use crate::{Pack, PackOptions};
use cmm_core::reports::attestation::STATEMENTS;
use cmm_core::reports::seal::SealState;

fn agenda(m: &MeetingSource, starts: &[usize]) -> Flow {
    let mut f = Flow::new("Agenda");
    f.gap(20.0);
    f.title(
        "Contract management review",
        Style {
            weight: Weight::Bold,
            size: 22.0,
            colour: NAVY,
            indent: 0.0,
        },
    );
    f.paragraph(
        &m.organisation.name,
        Style {
            size: 12.0,
            ..Style::LABEL
        },
    );
    f.paragraph(
        &meeting_line(Some(m.date), &m.organisation),
        Style {
            size: 11.0,
            ..Style::LABEL
        },
    );
    f.gap(10.0);
    if let Some(meeting) = &m.meeting {
        let mut rows = Vec::new();
        if !meeting.starts_at.is_empty() {
            rows.push((
                "Time",
                Cell::new(
                    [meeting.starts_at.as_str(), meeting.ends_at.as_str()]
                        .iter()
                        .filter(|t| !t.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" to "),
                ),
            ));
        }
        rows.push((
            "Chair",
            Cell::new(
                meeting
                    .chair
                    .as_ref()
                    .map(|c| format!("{}, {}", c.name, c.role))
                    .unwrap_or_else(|| "Not recorded".into()),
            ),
        ));
        let names = |v: &[cmm_core::review::Member]| {
            v.iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !meeting.present.is_empty() {
            rows.push(("Members", Cell::new(names(&meeting.present))));
        }
        if !meeting.apologies.is_empty() {
            rows.push(("Apologies", Cell::new(names(&meeting.apologies))));
        }
        key_values(&mut f, &rows);
    }
    f.heading("Agenda", 0, false);
    f.paragraph(
        &format!("{} contract maturity report{} for review. Each item's pack follows, with its own contents page.", m.reports.len(), if m.reports.len() == 1 { "" } else { "s" }),
        Style::BODY,
    );
    let mut t = Table::new(vec![
        num_col("Item", 0.5),
        col("Report, contract(s) and contractor(s)", 4.2),
        col("Overall maturity", 1.5),
        col("Attestation", 2.0),
        num_col("Page", 0.6),
    ]);
    t.size = 9.0;
    for (i, (src, start)) in m.reports.iter().zip(starts).enumerate() {
        let mut what = format!("{} (version {})", src.document.title, src.document.version);
        for c in &src.document.contracts {
            what.push_str(&format!("\n{} – {}", c.name, c.contractor_legal_name));
        }
        let overall = src.document.assessment.iter().find(|a| a.activity == 0);
        let level = |l: Option<u8>| l.map(|l| l.to_string()).unwrap_or_else(|| "–".into());
        let overall = match overall {
            Some(a) => format!(
                "Current {}, target {}",
                level(a.current_level),
                level(a.target_level)
            ),
            None => "Not assessed".into(),
        };
        let flags = src
            .document
            .attestation
            .choices
            .iter()
            .zip(&STATEMENTS)
            .filter(|(c, s)| c.map(usize::from) == Some(s.red_flag))
            .count();
        let flags = match flags {
            0 => "no red flags".to_owned(),
            1 => "1 red flag".to_owned(),
            n => format!("{n} red flags"),
        };
        let attestation = match (&src.seal.state, &src.seal.signature) {
            (SealState::ChangedAfterAttestation, _) => {
                Cell::new(format!("CHANGED AFTER ATTESTATION; {flags}"))
                    .colour(WARNING_RED)
                    .bold()
            }
            (SealState::Intact, Some(s)) => Cell::new(format!(
                "Signed {}; {flags}",
                signed_date(&s.signed_at)
                    .split(" at ")
                    .next()
                    .unwrap_or_default()
            )),
            _ => Cell::new(format!("Not signed ({})", status_words(src.report.status))),
        };
        t.row(vec![
            Cell::new(format!("{}", i + 1)),
            Cell::new(what),
            Cell::new(overall),
            attestation,
            Cell::new(start.to_string())
                .link(*start, format!("item {}, {}", i + 1, src.document.title)),
        ]);
    }
    f.table(&t);
    f
}

/// Several contracts' packs for one meeting in one PDF: the agenda first, then each pack,
/// with a bookmark per contract and its sections under it.
pub fn meeting_pack(m: &MeetingSource, opts: &PackOptions) -> Pack {
    let placeholder = vec![9999; m.reports.len()];
    let agenda_pages = agenda(m, &placeholder).pages.len();
    let mut parts = Vec::new();
    let mut next = agenda_pages + 1;
    let mut starts = Vec::new();
    for src in &m.reports {
        starts.push(next);
        let part = contract_part(src, opts.marking, next, 1);
        next += part.pages.len();
        parts.push(part);
    }
    let agenda_flow = agenda(m, &starts);
    let mut outline = vec![Mark {
        title: "Agenda".into(),
        level: 0,
        page: 0,
        top: BODY_TOP + 20.0,
    }];
    let mut pages = agenda_flow.pages;
    let mut tags = agenda_flow.tags;
    for p in parts {
        outline.extend(p.outline);
        tags.append(p.tags, pages.len());
        pages.extend(p.pages);
    }
    crate::layout::document::finish(
        opts.format,
        Assembled {
            title: format!(
                "Contract management review: meeting of {}",
                long_date(m.date)
            ),
            header_right: header_right(Some(m.date)),
            kind: "Contract management review: meeting pack",
            pages,
            tags,
            outline,
            marking: opts.marking,
            date: Some(m.date),
        },
    )
}
