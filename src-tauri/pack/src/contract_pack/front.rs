//! The front of a contract's pack: the cover, the contents and the maturity summary.

use crate::layout::charts::{self, MaturityRow};
use crate::layout::{
    col, Align, Cell, Column, Flow, Role, Style, Table, Weight, BLACK, BODY_W, GREY, MARGIN_X,
    NAVY, RULE,
};
use crate::source::PackSource;
use crate::Marking;

use crate::parts::*;

pub(crate) fn cover(f: &mut Flow, src: &PackSource, marking: Marking) {
    f.gap(40.0);
    f.y -= 30.0;
    f.title(
        "Contract management maturity report",
        Style {
            weight: Weight::Bold,
            size: 24.0,
            colour: NAVY,
            indent: 0.0,
        },
    );
    f.paragraph(
        &src.organisation.name,
        Style {
            size: 12.0,
            ..Style::LABEL
        },
    );
    f.gap(6.0);
    for c in &src.document.contracts {
        let contractor = if c.contractor_trading_name.is_empty()
            || c.contractor_trading_name == c.contractor_legal_name
        {
            c.contractor_legal_name.clone()
        } else {
            format!(
                "{} (trading as {})",
                c.contractor_legal_name, c.contractor_trading_name
            )
        };
        f.paragraph(
            &c.name,
            Style {
                weight: Weight::Bold,
                size: 14.0,
                colour: BLACK,
                indent: 0.0,
            },
        );
        f.paragraph(
            &contractor,
            Style {
                size: 11.0,
                colour: GREY,
                ..Style::BODY
            },
        );
    }
    if src.document.contracts.is_empty() {
        f.paragraph(
            &src.document.title,
            Style {
                weight: Weight::Bold,
                size: 14.0,
                colour: BLACK,
                indent: 0.0,
            },
        );
    }
    f.gap(8.0);
    f.paragraph(
        &meeting_line(src.document.meeting_date, &src.organisation),
        Style {
            size: 11.0,
            ..Style::LABEL
        },
    );
    f.gap(14.0);
    let mut rows = vec![
        ("Report", Cell::new(src.document.title.clone())),
        ("Version", Cell::new(src.document.version.to_string())),
        ("Status", Cell::new(status_words(src.report.status))),
        ("Attestation", attestation_cell(src)),
        (
            "Maturity framework",
            Cell::new(format!(
                "{} ({})",
                src.framework.title, src.document.framework_version
            )),
        ),
        (
            "Evidence files",
            Cell::new(format!("{} attached", src.document.evidence.len())),
        ),
        (
            "Gaps",
            Cell::new(if src.completeness.gaps.is_empty() {
                "None: every section is complete, every activity has evidence and both annexes are attached.".to_owned()
            } else {
                format!(
                    "{} (listed in the evidence index)",
                    src.completeness.gaps.len()
                )
            }),
        ),
        ("Protective marking", Cell::new(marking.label()).bold()),
    ];
    if let Some(seal) = &src.seal.seal {
        rows.insert(4, ("Seal (SHA-256)", Cell::new(seal.clone())));
    }
    key_values(f, &rows);
    f.gap(10.0);
    f.paragraph(
        "This pack was produced from the contract owner's maturity report for the sub-group's review. It follows the council's template section by section. Ratings shown in colour are also written in words.",
        Style::NOTE,
    );
}

/// One line of a contents page: title, indent level, page number. The entries are a `TOC`,
/// each a `TOCI` holding its title and page number; the dotted leader is an artifact.
pub(crate) fn contents_lines(f: &mut Flow, entries: &[(String, u8, usize)]) {
    // The contents page's own heading comes before the `TOC`, not inside it.
    f.flush();
    let toc = f.tags.open(Role::TOC);
    for (title, level, page) in entries {
        let size = if *level == 0 { 10.5 } else { 9.5 };
        let weight = if *level == 0 {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let indent = f32::from(*level) * 16.0;
        f.ensure(size * 1.9);
        f.y -= size * 1.9;
        let y = f.y;
        let num = page.to_string();
        let num_w = crate::layout::width(&num, weight, size);
        let text = crate::layout::truncate(title, weight, size, BODY_W - indent - num_w - 30.0);
        let text_w = crate::layout::width(&text, weight, size);
        let entry = f.tags.add(Role::TOCI, toc);
        f.tags.elems[entry].text = Some(title.clone());
        f.tags.elems[entry].bold = *level == 0;
        // The entry's title and page number are a `Link` to its page.
        let item = f.tags.add(Role::Link, entry);
        f.tags.elems[item].link = Some(crate::layout::LinkTo {
            page: page.saturating_sub(1),
            rect: [
                MARGIN_X + indent,
                y - size * 0.45,
                MARGIN_X + BODY_W,
                y + size * 1.05,
            ],
            contents: format!("Go to page {page}: {title}"),
        });
        f.content_text(
            item,
            Align::Left,
            MARGIN_X + indent,
            y,
            &text,
            weight,
            size,
            BLACK,
        );
        f.canvas().line(
            &[
                (MARGIN_X + indent + text_w + 6.0, y + 1.0),
                (MARGIN_X + BODY_W - num_w - 6.0, y + 1.0),
            ],
            RULE,
            0.5,
            true,
        );
        f.content_text(
            item,
            Align::Right,
            MARGIN_X + BODY_W,
            y,
            &num,
            weight,
            size,
            BLACK,
        );
    }
    f.tags.close(toc);
}

pub(crate) fn contents(header: &str, title: &str, entries: &[(String, u8, usize)]) -> Flow {
    let mut f = Flow::new(header);
    f.heading(title, 0, false);
    contents_lines(&mut f, entries);
    f
}

pub(crate) fn summary(f: &mut Flow, src: &PackSource) {
    f.heading(SUMMARY, 0, true);
    let of = if src.framework.version == cmm_core::framework::BUILT_IN_VERSION {
        "the eight activities of the National Audit Office good practice contract management framework".to_owned()
    } else {
        format!(
            "the {} activities of the council's maturity framework as revised ({}, version {})",
            number_in_words(src.framework.activities.len()),
            src.framework.date,
            src.framework.version
        )
    };
    f.paragraph(
        &format!("The contract owner's self-assessment of {of}, current and target, on the council's five-level scale."),
        Style::BODY,
    );
    let rows: Vec<MaturityRow> = src
        .document
        .assessment
        .iter()
        .map(|a| MaturityRow {
            label: activity_name(src, a.activity),
            current: a.current_level,
            target: a.target_level,
            moderated: agreed_level(src, a.activity),
        })
        .collect();
    let names: Vec<String> = src
        .framework
        .levels
        .iter()
        .map(|l| l.name.clone())
        .collect();
    charts::maturity(f, &rows, &names);
    let mut t = Table::new(vec![
        col("Activity", 2.2),
        Column {
            title: "Current".into(),
            share: 0.75,
            align: Align::Centre,
        },
        Column {
            title: "Target".into(),
            share: 0.75,
            align: Align::Centre,
        },
        Column {
            title: "Gap to target".into(),
            share: 0.8,
            align: Align::Centre,
        },
        col("Comments/rationale", 6.0),
    ]);
    let agreed = src.review.as_ref().is_some_and(|r| r.scores.is_some());
    if agreed {
        t.columns.insert(
            3,
            Column {
                title: "Agreed".into(),
                share: 0.75,
                align: Align::Centre,
            },
        );
    }
    for a in &src.document.assessment {
        let gap = match (a.current_level, a.target_level) {
            (Some(c), Some(t)) if t > c => {
                format!("{} level{} to go", t - c, if t - c == 1 { "" } else { "s" })
            }
            (Some(c), Some(t)) if t == c => "At target".into(),
            (Some(c), Some(t)) => format!("{} below current", c - t),
            _ => "Not assessed".into(),
        };
        let mut name = Cell::new(activity_name(src, a.activity));
        if a.activity == 0 {
            name = name.bold();
        }
        let mut rationale = a.rationale.clone();
        if !a.below_current_reason.is_empty() {
            rationale.push_str(&format!(
                "\nTarget below current because: {}",
                a.below_current_reason
            ));
        }
        let mut row = vec![
            name,
            Cell::new(
                a.current_level
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "–".into()),
            ),
            Cell::new(
                a.target_level
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "–".into()),
            ),
            Cell::new(gap),
            Cell::new(if rationale.trim().is_empty() {
                "Not answered".into()
            } else {
                rationale
            }),
        ];
        if agreed {
            let cell = Cell::new(match (a.activity, agreed_level(src, a.activity)) {
                (0, _) => "–".to_owned(),
                (_, Some(l)) => l.to_string(),
                (_, None) => "Not yet".to_owned(),
            })
            .bold();
            row.insert(3, cell);
        }
        t.row(row);
    }
    t.size = 8.5;
    f.table(&t);
    let key: Vec<String> = src
        .framework
        .levels
        .iter()
        .map(|l| format!("{} – {}", l.level.get(), l.name))
        .collect();
    f.paragraph(&format!("Levels: {}.", key.join("; ")), Style::NOTE);
}
