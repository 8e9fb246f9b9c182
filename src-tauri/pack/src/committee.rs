//! The committee papers: the six-month update to the Cabinet Committee, laid out like the council's
//! own "Six Month Update and Forward Plan for Contract Management Review Group": summary
//! and recommendations, overview, the contracts reviewed, what changed on re-review, key
//! learnings (themes), actions, the portfolio's maturity and the timetable of reviews.
//! Also the forward plan on its own, as the committee table.

use crate::layout::charts;
use crate::layout::pdf::Assembled;
use crate::layout::{col, num_col, Cell, Flow, Style, Table, Weight, GREY, NAVY, WARNING_RED};
use crate::parts::{key_values, long_date, money};
use crate::{Pack, PackOptions};
use chrono::NaiveDate;
use cmm_core::programme::plan::{PlanItem, PlanStatus};
use cmm_core::programme::six_month_update::SixMonthUpdate;

const SUBJECT: &str = "Six Month Update and Forward Plan for Contract Management Review Group";

/// The council's criteria for choosing contracts, as its six-month update words them.
const CRITERIA: [&str; 6] = [
    "Value",
    "Complexity i.e. are there factors that would make contract management more difficult – e.g. demand led activity-based contracts as opposed to set monthly payments",
    "Risk - is the service one that carries inherent risks, e.g. safeguarding risks associated with social care contracts",
    "Stage of commissioning cycle – will the contract be coming to an end in the next two years. Examination during this time will allow for lessons learned to inform the future approach",
    "Synergy with audit – is a review of the contract on the timetable for audit, or have audit recently conducted a review (contracts will then be moved down the list – and CMRG will look at how contract managers have implemented audit recommendations)",
    "Strategically important – contracts that may not fulfil the above criteria but recognised as important to the council fulfilling its strategic objectives",
];

fn title_style(size: f32) -> Style {
    Style {
        weight: Weight::Bold,
        size,
        colour: NAVY,
        indent: 0.0,
    }
}

fn period(p: &SixMonthUpdate) -> String {
    format!("{} to {}", long_date(p.from), long_date(p.to))
}

/// 10000 as "10,000".
fn count(n: u32) -> String {
    cmm_core::kernel::money::thousands(u64::from(n))
}

fn plural(n: u32, one: &str, many: &str) -> String {
    cmm_core::kernel::money::counted(u64::from(n), one, many)
}

fn mean(v: Option<f64>) -> String {
    v.map(|m| format!("{m:.1}")).unwrap_or_else(|| "–".into())
}

/// The committee table of planned meetings: date (with where it moved from), contract(s),
/// lead officer, status.
fn plan_table(f: &mut Flow, plan: &[PlanItem]) {
    if plan.is_empty() {
        f.paragraph("No review meetings are planned.", Style::NOTE);
        return;
    }
    let mut t = Table::new(vec![
        col("Date of CMRG", 0.27),
        col("Contract", 0.43),
        col("Lead Officer", 0.18),
        col("Status", 0.12),
    ]);
    for item in plan {
        let mut when = item.when.clone();
        if let Some(m) = item.moves.last() {
            when.push_str(&format!("\n(Moved from {})", m.from_text));
        }
        let status = match item.status {
            PlanStatus::Held => Cell::new("Held"),
            PlanStatus::Moved => Cell::new("Moved").colour(WARNING_RED),
            PlanStatus::Planned => Cell::new("Planned"),
        };
        t.row(vec![
            Cell::new(when),
            Cell::new(item.what.join("\n")),
            Cell::new(item.lead()),
            status,
        ]);
    }
    f.table(&t);
}

/// What the committee is asked to do, as the council's update words it: on the front page
/// and again at the end.
fn recommendations(f: &mut Flow, p: &SixMonthUpdate) {
    f.subheading("Recommendations");
    f.paragraph(&format!("The {} are asked to:", p.committee), Style::BODY);
    for line in [
        "i) comment on the report and endorse the timetable of reviews; and",
        "ii) note the themes and the actions arising from the reviews in the period.",
    ] {
        f.paragraph(
            line,
            Style {
                indent: 14.0,
                ..Style::BODY
            },
        );
    }
}

fn front(f: &mut Flow, p: &SixMonthUpdate, prepared: NaiveDate) {
    f.title(SUBJECT, title_style(17.0));
    f.paragraph(
        &p.council,
        Style {
            size: 12.0,
            ..Style::LABEL
        },
    );
    f.gap(6.0);
    key_values(
        f,
        &[
            ("To:", Cell::new(&p.committee)),
            ("Subject:", Cell::new(SUBJECT)),
            ("Period:", Cell::new(period(p))),
            ("Prepared:", Cell::new(long_date(prepared))),
            ("Electoral Divisions:", Cell::new("All")),
        ],
    );
    f.gap(6.0);
    f.subheading("Summary");
    let chair = p
        .members
        .iter()
        .find(|m| m.role.contains("(Chair)"))
        .map(|m| m.role.replace(" (Chair)", ""))
        .unwrap_or_else(|| "the Cabinet Member".into());
    f.paragraph(
        &format!(
            "The Contract Management Review Group, which is Chaired by the {chair}, meets on a regular basis to look in detail at how a specific contract is being managed."
        ),
        Style::BODY,
    );
    f.paragraph(
        "The contracts are reviewed using a methodology based on the National Audit Office guidance on how contracts should be managed.",
        Style::BODY,
    );
    recommendations(f, p);
}

fn overview(f: &mut Flow, p: &SixMonthUpdate) {
    f.heading("1 Overview", 0, false);
    f.paragraph(
        "1.1 The Contract Management Review Group (CMRG) meets on a regular basis to look in depth at a specific contract, asking contract managers to review the maturity of their contract management practice against a set of criteria based on National Audit Office guidance.",
        Style::BODY,
    );
    if p.members.is_empty() {
        f.paragraph("1.2 No members are recorded for the period.", Style::BODY);
    } else {
        f.paragraph("1.2 The membership of the group is:", Style::BODY);
        let roles: Vec<String> = p
            .members
            .iter()
            .map(|m| {
                if m.role.is_empty() {
                    m.name.clone()
                } else {
                    format!("{} – {}", m.role, m.name)
                }
            })
            .collect();
        f.bullets(&roles, Style::BODY);
    }
    let re = match p.contracts_re_reviewed {
        0 => String::new(),
        n => format!(" ({n} of them re-reviews of contracts it had considered before)"),
    };
    f.paragraph(
        &format!(
            "1.3 In total, CMRG has reviewed {}, with {} reviewed in the period, {}{re}.",
            plural(p.contracts_reviewed_to_date, "contract", "contracts"),
            plural(p.contracts_reviewed, "contract", "contracts"),
            period(p),
        ),
        Style::BODY,
    );
    f.paragraph(
        &format!(
            "1.4 The Forward Plan of items to {} is included in section 7.",
            long_date(p.plan_to)
        ),
        Style::BODY,
    );
}

fn reviewed(f: &mut Flow, p: &SixMonthUpdate) {
    f.heading("2 Contracts reviewed in the period", 0, true);
    if p.reviews.is_empty() {
        f.paragraph(
            "The group reviewed no contracts in the period.",
            Style::NOTE,
        );
        return;
    }
    let total: i64 = p.reviews.iter().filter_map(|r| r.value.map(|v| v.0)).sum();
    f.paragraph(
        &format!(
            "2.1 The group considered {} in the period, with a combined whole-life value of {}.",
            plural(p.reviews.len() as u32, "report", "reports"),
            money(Some(cmm_core::kernel::money::Pence(total)))
        ),
        Style::BODY,
    );
    let mut t = Table::new(vec![
        col("Date", 0.13),
        col("Contract", 0.31),
        col("Contractor", 0.2),
        num_col("Whole-life value", 0.14),
        col("Outcome", 0.22),
    ]);
    for r in &p.reviews {
        let mut outcome = r
            .outcome
            .map(|o| o.words().to_owned())
            .unwrap_or_else(|| "Not yet recorded".into());
        if let Some(e) = r.earlier_on {
            outcome.push_str(&format!("\nRe-review (first {})", e.format("%d.%m.%y")));
        }
        t.row(vec![
            Cell::new(r.held_on.format("%d.%m.%y").to_string()),
            Cell::new(r.contracts.join("\n")),
            Cell::new(r.contractors.join("\n")),
            Cell::new(money(r.value)),
            Cell::new(outcome),
        ]);
    }
    f.table(&t);
}

fn improvement(f: &mut Flow, p: &SixMonthUpdate) {
    f.heading("3 Improvement on re-review", 0, true);
    let compared: u32 = p.improvement.iter().map(|c| c.compared).sum();
    if compared == 0 {
        f.paragraph(
            "No contract was re-reviewed with agreed levels in the period, so there is no change to report.",
            Style::NOTE,
        );
        return;
    }
    let improved: u32 = p.improvement.iter().map(|c| c.improved).sum();
    let declined: u32 = p.improvement.iter().map(|c| c.declined).sum();
    f.paragraph(
        &format!(
            "3.1 In the period the group re-reviewed {}. Comparing the levels it agreed then and now, activity by activity, {improved} of {compared} comparisons improved and {declined} declined.",
            plural(p.contracts_re_reviewed, "contract", "contracts"),
        ),
        Style::BODY,
    );
    let mut t = Table::new(vec![
        col("Activity", 0.3),
        num_col("Compared", 0.12),
        num_col("Improved", 0.12),
        num_col("Same", 0.1),
        num_col("Declined", 0.12),
        num_col("Average then", 0.12),
        num_col("Average now", 0.12),
    ]);
    for c in &p.improvement {
        t.row(vec![
            Cell::new(&c.name),
            Cell::new(c.compared.to_string()),
            Cell::new(c.improved.to_string()),
            Cell::new(c.same.to_string()),
            Cell::new(c.declined.to_string()),
            Cell::new(mean(c.mean_before)),
            Cell::new(mean(c.mean_after)).bold(),
        ]);
    }
    f.table(&t);
}

fn learnings(f: &mut Flow, p: &SixMonthUpdate) {
    f.heading(
        "4 Key learnings from reviews undertaken in the period",
        0,
        true,
    );
    if p.themes.is_empty() {
        f.paragraph(
            "No findings were tagged with a theme in the period.",
            Style::NOTE,
        );
        return;
    }
    f.paragraph(
        "4.1 During the period certain themes have emerged when reviewing the contracts. In order of how often the group raised them:",
        Style::BODY,
    );
    for (i, t) in p.themes.iter().enumerate() {
        f.subheading(&format!(
            "4.{} {}: {} in {}",
            i + 2,
            t.theme,
            plural(t.findings, "finding", "findings"),
            plural(t.reviews, "review", "reviews")
        ));
        f.bullets(&t.examples, Style::BODY);
    }
}

fn actions(f: &mut Flow, p: &SixMonthUpdate) {
    f.heading("5 Actions", 0, true);
    let end = long_date(p.to);
    f.paragraph(
        &format!(
            "5.1 In the period, {} agreed with contract managers at the group's meetings and {} closed; {} overdue at {end}.",
            plural(p.actions_opened, "action was", "actions were"),
            plural(p.actions_closed, "was", "were"),
            plural(p.actions_overdue_total, "was", "were"),
        ),
        Style::BODY,
    );
    if p.actions_overdue.is_empty() {
        return;
    }
    let shown = p.actions_overdue.len();
    let longest = format!("The {shown} longest overdue");
    f.subheading(if (shown as u32) < p.actions_overdue_total {
        &longest
    } else {
        "Overdue actions"
    });
    let mut t = Table::new(vec![
        col("Due", 0.12),
        col("Contract", 0.26),
        col("Action", 0.38),
        col("Owner", 0.14),
        num_col("Days overdue", 0.1),
    ]);
    for a in &p.actions_overdue {
        t.row(vec![
            Cell::new(a.due.format("%d.%m.%y").to_string()),
            Cell::new(a.contracts.join("\n")),
            Cell::new(&a.text),
            Cell::new(&a.owner),
            Cell::new(a.days_overdue.to_string()).colour(WARNING_RED),
        ]);
    }
    f.table(&t);
}

fn maturity(f: &mut Flow, p: &SixMonthUpdate) {
    f.heading("6 The portfolio's maturity", 0, true);
    f.paragraph(
        &format!(
            "6.1 Across the {} assessed contracts, the levels below are those the group agreed at its latest review of each contract ({} contracts), or the owner's own latest assessment where the group has not yet reviewed it.",
            count(p.portfolio_assessed),
            count(p.portfolio_moderated)
        ),
        Style::BODY,
    );
    let names: Vec<String> = p.framework.levels.iter().map(|l| l.name.clone()).collect();
    let rows: Vec<(String, [u32; 5])> = p
        .portfolio
        .iter()
        .map(|a| {
            // Matched across framework versions by key: one a revision retired is named as
            // the version it was assessed on names it, and marked.
            let name = if a.retired {
                format!("{} (retired)", a.name)
            } else {
                a.name.clone()
            };
            let mut counts = [0u32; 5];
            for (i, n) in a.counts.iter().take(5).enumerate() {
                counts[i] = *n;
            }
            (name, counts)
        })
        .collect();
    charts::distribution(f, &rows, &names);
    let mut t = Table::new(vec![
        col("Activity", 0.28),
        num_col("1", 0.07),
        num_col("2", 0.07),
        num_col("3", 0.07),
        num_col("4", 0.07),
        num_col("5", 0.07),
        num_col("Average", 0.1),
        num_col("Average target", 0.12),
        num_col("Below target", 0.15),
    ]);
    for ((name, counts), a) in rows.iter().zip(&p.portfolio) {
        let mut cells = vec![Cell::new(name)];
        cells.extend(counts.iter().map(|n| Cell::new(count(*n))));
        cells.push(Cell::new(mean(a.mean_level)).bold());
        cells.push(Cell::new(mean(a.mean_target)));
        cells.push(Cell::new(count(a.below_target)));
        t.row(cells);
    }
    f.table(&t);
}

fn upcoming(f: &mut Flow, p: &SixMonthUpdate) {
    f.heading("7 Upcoming reviews", 0, true);
    f.paragraph(
        "7.1 Items are selected for review based on a number of criteria:",
        Style::BODY,
    );
    f.bullets(
        &CRITERIA.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        Style::BODY,
    );
    f.paragraph(
        "7.2 In addition to items selected on the above basis, CMRG is also responsive to requests from Members, Committees and the Commissioning Boards.",
        Style::BODY,
    );
    f.paragraph(
        "7.3 The table below sets out topics discussed at recent meetings and the forthcoming items.",
        Style::BODY,
    );
    plan_table(f, &p.plan);
    f.gap(8.0);
    recommendations(f, p);
}

/// The six-month update, prepared on `prepared`.
pub fn six_month_update_pack(p: &SixMonthUpdate, prepared: NaiveDate, opts: &PackOptions) -> Pack {
    let header = format!("CMRG six-month update: {}", period(p));
    let mut f = Flow::new(&header);
    front(&mut f, p, prepared);
    overview(&mut f, p);
    reviewed(&mut f, p);
    improvement(&mut f, p);
    learnings(&mut f, p);
    actions(&mut f, p);
    maturity(&mut f, p);
    upcoming(&mut f, p);
    f.flush();
    crate::layout::document::finish(
        opts.format,
        Assembled {
            title: format!("{SUBJECT}: {}", period(p)),
            header_right: format!("To {}", p.committee),
            kind: "Six-month update to the committee",
            outline: f.marks.clone(),
            pages: f.pages,
            tags: f.tags,
            marking: opts.marking,
            date: Some(prepared),
        },
    )
}

/// The forward plan alone, as the table the committee paper uses.
pub fn plan_pack(
    plan: &[PlanItem],
    council: &str,
    from: NaiveDate,
    to: NaiveDate,
    prepared: NaiveDate,
    opts: &PackOptions,
) -> Pack {
    let header = "Contract Management Review Group: forward plan";
    let mut f = Flow::new(header);
    f.title("Contract Management Review Group", title_style(17.0));
    f.paragraph(
        council,
        Style {
            size: 12.0,
            ..Style::LABEL
        },
    );
    f.paragraph(
        &format!(
            "Forward plan of reviews, {} to {}",
            long_date(from),
            long_date(to)
        ),
        Style {
            size: 11.0,
            ..Style::LABEL
        },
    );
    f.paragraph(
        &format!("Prepared {}", long_date(prepared)),
        Style {
            colour: GREY,
            ..Style::NOTE
        },
    );
    f.gap(8.0);
    plan_table(&mut f, plan);
    f.flush();
    crate::layout::document::finish(
        opts.format,
        Assembled {
            title: format!(
                "CMRG forward plan, {} to {}",
                long_date(from),
                long_date(to)
            ),
            header_right: format!("Prepared {}", long_date(prepared)),
            kind: "Contract Management Review Group: forward plan",
            outline: Vec::new(),
            pages: f.pages,
            tags: f.tags,
            marking: opts.marking,
            date: Some(prepared),
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(super::count(0), "0");
        assert_eq!(super::count(999), "999");
        assert_eq!(super::count(1000), "1,000");
        assert_eq!(super::count(10000), "10,000");
        assert_eq!(super::count(1234567), "1,234,567");
    }
}
