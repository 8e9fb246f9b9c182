//! The sub-group's review in a contract's pack: scores once revealed, moderated levels, dissent, challenges, findings, recommendations, actions and the outcome.

use crate::layout::{
    col, num_col, Align, Cell, Column, Flow, Style, Table, RAG_RED, WARNING_RED, WHITE,
};
use crate::source::PackSource;

use crate::parts::*;

pub const SUBGROUP: &str = "Review by the sub-group";

pub(crate) fn subgroup(f: &mut Flow, src: &PackSource) {
    let Some(r) = &src.review else {
        return;
    };
    let d = &r.detail;
    f.heading(SUBGROUP, 0, true);
    let m = &d.meeting;
    let names = |v: &[cmm_core::review::Member]| {
        if v.is_empty() {
            "None recorded".to_owned()
        } else {
            v.iter()
                .map(|m| format!("{} ({})", m.name, m.role))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    let mut rows = vec![
        (
            "Meeting",
            Cell::new(format!(
                "{}{}",
                long_date(m.held_on),
                if m.starts_at.is_empty() {
                    String::new()
                } else {
                    format!(", {} to {}", m.starts_at, m.ends_at)
                }
            )),
        ),
        (
            "Chair",
            Cell::new(
                m.chair
                    .as_ref()
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| "Not recorded".into()),
            ),
        ),
        ("Present", Cell::new(names(&m.present))),
        ("Apologies", Cell::new(names(&m.apologies))),
        (
            "Outcome",
            Cell::new(match d.outcome {
                Some(o) => format!(
                    "{}{}",
                    o.words(),
                    d.return_by
                        .map(|b| format!(": to return by {}", long_date(b)))
                        .unwrap_or_default()
                ),
                None => "Not yet recorded".into(),
            })
            .bold(),
        ),
    ];
    if d.audit_referral {
        rows.push((
            "Internal Audit",
            Cell::new(format!("Referred: {}", d.audit_reason))
                .bold()
                .colour(WARNING_RED),
        ));
    }
    key_values(f, &rows);
    f.subheading("Scores and moderated levels");
    match &r.scores {
        None => none_recorded(
            f,
            "The members' scores stay hidden until the chair reveals them.",
        ),
        Some(rev) => {
            let members: Vec<String> = rev
                .activities
                .first()
                .map(|a| a.scores.iter().map(|s| s.member.name.clone()).collect())
                .unwrap_or_default();
            let mut cols = vec![
                col("Activity", 2.4),
                Column {
                    title: "Owner (target)".into(),
                    share: 1.0,
                    align: Align::Centre,
                },
            ];
            cols.extend(members.iter().map(|n| Column {
                title: n.clone(),
                share: 0.9,
                align: Align::Centre,
            }));
            cols.push(Column {
                title: "Spread".into(),
                share: 0.8,
                align: Align::Centre,
            });
            cols.push(Column {
                title: "Agreed".into(),
                share: 0.8,
                align: Align::Centre,
            });
            let mut t = Table::new(cols);
            let l = |x: Option<u8>| x.map(|x| x.to_string()).unwrap_or_else(|| "–".into());
            for a in &rev.activities {
                let mut row = vec![
                    Cell::new(format!("{}. {}", a.activity, a.name)),
                    Cell::new(format!("{} ({})", l(a.owner_current), l(a.owner_target))),
                ];
                for s in &a.scores {
                    row.push(Cell::new(format!(
                        "{}{}",
                        s.score.level,
                        if s.score.capped { " capped" } else { "" }
                    )));
                }
                while row.len() < members.len() + 2 {
                    row.push(Cell::new("–"));
                }
                row.push(match a.spread {
                    Some(sp) if sp.range >= 2 => {
                        Cell::new(format!("{} to {}", sp.lowest, sp.highest)).bold()
                    }
                    Some(sp) => Cell::new(format!("{} to {}", sp.lowest, sp.highest)),
                    None => Cell::new("–"),
                });
                row.push(
                    Cell::new(
                        a.moderated
                            .as_ref()
                            .map(|m| m.level.to_string())
                            .unwrap_or_else(|| "Not yet".into()),
                    )
                    .bold(),
                );
                t.row(row);
            }
            f.table(&t);
            let mut notes = Vec::new();
            for a in &rev.activities {
                if let Some(m) = &a.moderated {
                    let cap = if m.capped {
                        format!(" Capped: {}.", m.cap_reason)
                    } else {
                        String::new()
                    };
                    notes.push(format!(
                        "{}: agreed {} because {}.{cap}",
                        a.name,
                        m.level,
                        m.rationale.trim_end_matches('.')
                    ));
                }
                for dsn in &a.dissents {
                    notes.push(format!(
                        "{}: {} dissents: {}",
                        a.name, dsn.member.name, dsn.note
                    ));
                }
                for s in a.scores.iter().filter(|s| s.score.capped) {
                    notes.push(format!(
                        "{}: {} marked it capped: {}",
                        a.name, s.member.name, s.score.cap_reason
                    ));
                }
            }
            if !notes.is_empty() {
                f.bullets(
                    &notes,
                    Style {
                        size: 9.0,
                        ..Style::BODY
                    },
                );
            }
        }
    }
    if !d.challenges.is_empty() {
        f.subheading("Challenge log");
        let mut t = Table::new(vec![
            num_col("No.", 0.4),
            col("Question", 3.0),
            col("Asked by", 1.3),
            col("Answer", 3.5),
            col("Satisfied", 0.9),
        ]);
        for (i, c) in d.challenges.iter().enumerate() {
            t.row(vec![
                Cell::new((i + 1).to_string()),
                Cell::new(c.question.clone()),
                Cell::new(
                    c.asked_by
                        .as_ref()
                        .map(|m| m.name.clone())
                        .unwrap_or_default(),
                ),
                Cell::new(c.answer.clone()),
                Cell::new(match c.satisfied {
                    Some(true) => "Yes",
                    Some(false) => "No",
                    None => "Not decided",
                }),
            ]);
        }
        f.table(&t);
    }
    for (kind, heading) in [
        (cmm_core::review::FindingKind::Strength, "Strengths"),
        (cmm_core::review::FindingKind::Issue, "Issues"),
    ] {
        let items: Vec<String> = d
            .findings
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| {
                let about = x
                    .activity
                    .map(|a| format!("{}: ", activity_name(src, a)))
                    .unwrap_or_default();
                let themes: Vec<&str> = x.themes.iter().map(|t| t.name.as_str()).collect();
                let themes = if themes.is_empty() {
                    String::new()
                } else {
                    format!(" (themes: {})", themes.join(", "))
                };
                format!("{about}{}{themes}", x.text)
            })
            .collect();
        if !items.is_empty() {
            f.subheading(heading);
            f.bullets(&items, Style::BODY);
        }
    }
    if !d.recommendations.is_empty() {
        f.subheading("Recommendations");
        let items: Vec<String> = d
            .recommendations
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}. {}", i + 1, r.text))
            .collect();
        for i in items {
            f.paragraph(&i, Style::BODY);
        }
    }
    f.subheading("Actions");
    if d.actions.is_empty() {
        none_recorded(f, "No actions recorded.");
    } else {
        let mut t = Table::new(vec![
            col("Action", 4.0),
            col("Owner", 1.5),
            col("Due", 1.3),
            col("Status", 1.3),
        ]);
        for a in &d.actions {
            let status = cmm_core::review::ActionStatus::words(a.status);
            t.row(vec![
                Cell::new(if a.progress.is_empty() {
                    a.text.clone()
                } else {
                    format!("{}\nProgress: {}", a.text, a.progress)
                }),
                Cell::new(a.owner.clone()),
                Cell::new(long_date(a.due)),
                if a.overdue {
                    Cell::new(format!("{status}: OVERDUE"))
                        .fill(RAG_RED, WHITE)
                        .bold()
                } else {
                    Cell::new(status)
                },
            ]);
        }
        f.table(&t);
    }
    if let Some(c) = &r.comparison {
        if let Some(p) = &c.previous {
            f.subheading(&format!("Since the review of {}", long_date(p.held_on)));
            let mut t = Table::new(vec![
                col("Activity", 2.6),
                Column {
                    title: "Owner then".into(),
                    share: 1.0,
                    align: Align::Centre,
                },
                Column {
                    title: "Agreed then".into(),
                    share: 1.0,
                    align: Align::Centre,
                },
                Column {
                    title: "Owner now".into(),
                    share: 1.0,
                    align: Align::Centre,
                },
                Column {
                    title: "Agreed now".into(),
                    share: 1.0,
                    align: Align::Centre,
                },
            ]);
            let l = |x: Option<u8>| x.map(|x| x.to_string()).unwrap_or_else(|| "–".into());
            for a in &c.activities {
                t.row(vec![
                    Cell::new(a.name.clone()),
                    Cell::new(l(a.owner_then)),
                    Cell::new(l(a.moderated_then)),
                    Cell::new(l(a.owner_now)),
                    Cell::new(l(a.moderated_now)),
                ]);
            }
            f.table(&t);
            let earlier: Vec<String> = p
                .actions
                .iter()
                .map(|a| {
                    format!(
                        "{} ({}): {}{}",
                        a.text,
                        a.owner,
                        cmm_core::review::ActionStatus::words(a.status),
                        if a.overdue { ", overdue" } else { "" }
                    )
                })
                .collect();
            if !earlier.is_empty() {
                f.paragraph(
                    "Actions from that review, and where they stand:",
                    Style::LABEL,
                );
                f.bullets(&earlier, Style::BODY);
            }
            if !c.progress_narrative.is_empty() {
                f.field("Progress since then", &c.progress_narrative);
            }
        }
    }
}
