//! What a contract's review pack says, page by page: cover, contents, maturity summary,
//! Sections 1 to 12 in the template's order and wording, the descriptors of the chosen
//! levels and the evidence index.

use crate::layout::charts::{self, band_colour, MaturityRow};
use crate::layout::pdf::{render, Assembled};
use crate::layout::{
    col, num_col, Align, Cell, Column, Flow, Mark, Style, Table, Weight, BLACK, BODY_TOP, BODY_W,
    GREY, MARGIN_X, NAVY, RAG_AMBER, RAG_GREEN, RAG_RED, RULE, WARNING_RED, WHITE,
};
use crate::source::PackSource;
use crate::{Marking, Pack, PackOptions};
use chrono::NaiveDate;
use cmm_core::framework::MaturityLevel;
use cmm_core::kernel::money::Pence;
use cmm_core::reports::attestation::{
    ACCOUNTABILITY, DELETE_AS_APPROPRIATE, OWNER_DEFINITION, STATEMENTS,
};
use cmm_core::reports::seal::SealState;
use cmm_core::reports::sections::operational::{MilestoneStatus, BREACHES_AND_REMEDIES};
use cmm_core::reports::sections::performance::{Direction, Rag};
use cmm_core::reports::sections::schema::{Kind, Part, SectionSchema, SectionValues};
use cmm_core::reports::tasks::SECTIONS;
use cmm_core::reports::ReportStatus;

/// "Section 5 – Operational performance", as the template heads it.
pub fn section_heading(n: u8) -> String {
    format!("Section {n} – {}", SECTIONS[usize::from(n) - 1].0)
}

pub const SUMMARY: &str = "Maturity summary";
pub const DESCRIPTORS: &str = "Descriptors of the chosen levels";
pub const EVIDENCE: &str = "Evidence index and completeness";
pub const CONTENTS: &str = "Contents";

pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(long_date).unwrap_or_else(|| "Not given".into())
}

pub(crate) fn money(p: Option<Pence>) -> String {
    p.map(|p| p.to_string())
        .unwrap_or_else(|| "Not given".into())
}

/// The contract names, as the running header and the cover name the pack.
fn contract_names(src: &PackSource) -> String {
    let names: Vec<&str> = src
        .document
        .contracts
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    if names.is_empty() {
        src.document.title.clone()
    } else {
        names.join("; ")
    }
}

pub(crate) fn meeting_line(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!(
            "Meeting of the Budget Programme Delivery Board sub-group: {}",
            long_date(d)
        ),
        None => "Meeting of the Budget Programme Delivery Board sub-group: date not yet set".into(),
    }
}

pub(crate) fn status_words(s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::Draft => "Draft: not yet signed and submitted",
        ReportStatus::Submitted => "Submitted",
        ReportStatus::UnderReview => "Under review by the sub-group",
        ReportStatus::Reviewed => "Reviewed",
    }
}

fn level_name(src: &PackSource, level: Option<u8>) -> String {
    match level {
        Some(l) => {
            let name = src
                .framework
                .levels
                .iter()
                .find(|n| n.level.get() == l)
                .map(|n| n.name.as_str())
                .unwrap_or("");
            format!("{l} {name}")
        }
        None => "Not assessed".into(),
    }
}

fn activity_name(src: &PackSource, activity: u8) -> String {
    if activity == 0 {
        return "Overall".into();
    }
    src.framework
        .activities
        .get(usize::from(activity) - 1)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| format!("Activity {activity}"))
}

// ----- the cover -------------------------------------------------------------------------

pub(crate) fn key_values(f: &mut Flow, rows: &[(&str, Cell)]) {
    let mut t = Table::new(vec![col("", 1.0), col("", 2.6)]);
    t.size = 9.5;
    for (k, v) in rows {
        t.row(vec![Cell::new(*k).bold(), v.clone()]);
    }
    f.table_without_header(&t);
}

fn attestation_cell(src: &PackSource) -> Cell {
    match (&src.seal.state, &src.seal.signature) {
        (SealState::NotSigned, _) => Cell::new("Not signed"),
        (SealState::Intact, Some(s)) => Cell::new(format!(
            "Signed by {} ({}) on {}. Unchanged since signing: every field and evidence file matches the seal.",
            s.signed_by,
            s.position,
            signed_date(&s.signed_at)
        )),
        (SealState::ChangedAfterAttestation, _) => {
            Cell::new("CHANGED AFTER ATTESTATION: the report differs from what was signed (see Section 3).")
                .bold()
                .colour(WARNING_RED)
        }
        (SealState::Intact, None) => Cell::new("Signed"),
    }
}

pub(crate) fn signed_date(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| d.format("%-d %B %Y at %H:%M UTC").to_string())
        .unwrap_or_else(|_| rfc3339.to_owned())
}

fn cover(f: &mut Flow, src: &PackSource, marking: Marking) {
    f.gap(40.0);
    f.y -= 30.0;
    f.paragraph(
        "Contract management maturity report",
        Style {
            weight: Weight::Bold,
            size: 24.0,
            colour: NAVY,
            indent: 0.0,
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
        &meeting_line(src.document.meeting_date),
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

// ----- contents and agenda ---------------------------------------------------------------

/// One line of a contents page: title, indent level, page number.
fn contents_lines(f: &mut Flow, entries: &[(String, u8, usize)]) {
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
        let c = f.canvas();
        c.text(MARGIN_X + indent, y, &text, weight, size, BLACK);
        c.line(
            &[
                (MARGIN_X + indent + text_w + 6.0, y + 1.0),
                (MARGIN_X + BODY_W - num_w - 6.0, y + 1.0),
            ],
            RULE,
            0.5,
            true,
        );
        c.text_right(MARGIN_X + BODY_W, y, &num, weight, size, BLACK);
    }
}

fn contents(header: &str, title: &str, entries: &[(String, u8, usize)]) -> Flow {
    let mut f = Flow::new(header);
    f.heading(title, 0, false);
    contents_lines(&mut f, entries);
    f
}

// ----- the body --------------------------------------------------------------------------

fn summary(f: &mut Flow, src: &PackSource) {
    f.heading(SUMMARY, 0, true);
    f.paragraph(
        "The contract owner's self-assessment of the eight activities of the National Audit Office good practice contract management framework, current and target, on the council's five-level scale.",
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

/// The level the sub-group agreed for an activity (1 to 8), once revealed and moderated.
fn agreed_level(src: &PackSource, activity: u8) -> Option<u8> {
    let scores = src.review.as_ref()?.scores.as_ref()?;
    scores
        .activities
        .get(usize::from(activity).checked_sub(1)?)?
        .moderated
        .as_ref()
        .map(|m| m.level)
}

fn section_1(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(1), 0, true);
    for c in &src.document.contracts {
        f.subheading(&if c.reference.is_empty() {
            c.name.clone()
        } else {
            format!("{} ({})", c.name, c.reference)
        });
        key_values(
            f,
            &[
                (
                    "Name of contractor",
                    Cell::new(c.contractor_legal_name.clone()),
                ),
                (
                    "Trading name",
                    Cell::new(if c.contractor_trading_name.is_empty() {
                        "Same as the legal name".into()
                    } else {
                        c.contractor_trading_name.clone()
                    }),
                ),
                (
                    "Contractor construct",
                    Cell::new(or_not_given(&c.contractor_construct)),
                ),
                ("Date of contract award", Cell::new(long_date(c.award_date))),
                ("Start date", Cell::new(opt_date(c.start_date))),
                (
                    "Date of expiry",
                    Cell::new(
                        c.expiry_date
                            .map(long_date)
                            .unwrap_or_else(|| "None: a rolling contract".into()),
                    ),
                ),
                (
                    "Anticipated whole life cost (nominal)",
                    Cell::new(money(c.whole_life_cost_nominal)),
                ),
                (
                    "Anticipated whole life cost (net present cost)",
                    Cell::new(money(c.whole_life_cost_npv)),
                ),
                (
                    "Anticipated value in current financial year",
                    Cell::new(money(c.current_year_value)),
                ),
                ("Contract scope", Cell::new(or_not_given(&c.scope))),
                ("Service area", Cell::new(or_not_given(&c.service_area))),
                ("Contract owner", Cell::new(or_not_given(&c.contract_owner))),
                (
                    "Contract manager",
                    Cell::new(or_not_given(&c.contract_manager)),
                ),
            ],
        );
    }
    if src.document.contracts.is_empty() {
        f.paragraph("No contract is recorded for this report.", Style::BODY);
    }
}

/// A line saying there is nothing to show ("No milestones recorded."), in grey.
fn none_recorded(f: &mut Flow, text: &str) {
    f.paragraph(
        text,
        Style {
            colour: GREY,
            ..Style::BODY
        },
    );
}

fn or_not_given(s: &str) -> String {
    if s.trim().is_empty() {
        "Not given".into()
    } else {
        s.to_owned()
    }
}

fn section_2(f: &mut Flow, src: &PackSource, summary_page: usize) {
    f.heading(&section_heading(2), 0, true);
    f.paragraph(
        &format!(
            "The levels chosen for each activity against the council's maturity matrix ({}). The comments and rationale for each are in the maturity summary on page {summary_page}; a description of maturity at each chosen level follows Section 12.",
            src.document.framework_version
        ),
        Style::BODY,
    );
    let mut t = Table::new(vec![
        col("Activity", 5.0),
        col("Current", 1.4),
        col("Target", 1.4),
    ]);
    for a in &src.document.assessment {
        let purpose = src
            .framework
            .activities
            .get(usize::from(a.activity).wrapping_sub(1))
            .map(|x| format!(" ({})", x.purpose))
            .unwrap_or_default();
        let mut name = Cell::new(format!("{}{purpose}", activity_name(src, a.activity)));
        if a.activity == 0 {
            name = name.bold();
        }
        t.row(vec![
            name,
            Cell::new(level_name(src, a.current_level)),
            Cell::new(level_name(src, a.target_level)),
        ]);
    }
    t.size = 9.0;
    f.table(&t);
    let s = &src.report.spread;
    let lvl =
        |l: Option<MaturityLevel>| l.map(|l| l.get().to_string()).unwrap_or_else(|| "–".into());
    f.paragraph(
        &format!(
            "{} of the eight activities assessed. Current levels range from {} to {} (median {}); targets from {} to {} (median {}).",
            s.assessed,
            lvl(s.current_lowest),
            lvl(s.current_highest),
            lvl(s.current_median),
            lvl(s.target_lowest),
            lvl(s.target_highest),
            lvl(s.target_median)
        ),
        Style::NOTE,
    );
    let below: Vec<String> = src
        .document
        .assessment
        .iter()
        .filter(|a| !a.below_current_reason.is_empty())
        .map(|a| {
            format!(
                "{}: {}",
                activity_name(src, a.activity),
                a.below_current_reason
            )
        })
        .collect();
    if !below.is_empty() {
        f.subheading("Targets below the current level");
        f.bullets(&below, Style::BODY);
    }
}

fn section_3(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(3), 0, true);
    let a = &src.document.attestation;
    f.paragraph(OWNER_DEFINITION, Style::BODY);
    f.paragraph(ACCOUNTABILITY, Style::BODY);
    let date = src
        .seal
        .signature
        .as_ref()
        .map(|s| signed_date(&s.signed_at))
        .unwrap_or_else(|| "Not signed".into());
    key_values(
        f,
        &[
            ("Name", Cell::new(or_not_given(&a.owner_name))),
            ("Position", Cell::new(or_not_given(&a.position))),
            ("Date", Cell::new(date)),
        ],
    );
    // The lead-in sentence stays with the statements it introduces.
    f.ensure(190.0);
    f.paragraph(
        &format!(
            "I have been the Contract Owner of the contract(s) since {} and confirm the following.",
            a.owner_since
                .map(long_date)
                .unwrap_or_else(|| "[not given]".into())
        ),
        Style::BODY,
    );
    let mut t = Table::new(vec![
        num_col("", 0.35),
        col("Statement, as answered", 7.0),
        col("Red flag", 1.4),
    ]);
    t.size = 9.5;
    for (i, (text, choice)) in a.statements.iter().zip(&a.choices).enumerate() {
        let flag = match choice {
            Some(c) if usize::from(*c) == STATEMENTS[i].red_flag => {
                Cell::new("RED FLAG").bold().fill(RAG_RED, WHITE)
            }
            Some(_) => Cell::new("No"),
            None => Cell::new("Not answered").colour(WARNING_RED),
        };
        t.row(vec![
            Cell::new(format!("{}.", i + 1)),
            Cell::new(text.clone()),
            flag,
        ]);
    }
    f.table(&t);
    f.paragraph(&format!("*{DELETE_AS_APPROPRIATE}. Each statement is shown as the contract owner answered it; the app does not allow the wording to be changed."), Style::NOTE);
    f.subheading("Signature and seal");
    let mut rows = vec![];
    match &src.seal.signature {
        Some(s) => {
            rows.push((
                "Signed by",
                Cell::new(format!("{}, {}", s.signed_by, s.position)),
            ));
            rows.push(("Signed at", Cell::new(signed_date(&s.signed_at))));
        }
        None => rows.push(("Signed by", Cell::new("Not signed yet"))),
    }
    if let Some(seal) = &src.seal.seal {
        rows.push(("Seal (SHA-256)", Cell::new(seal.clone())));
    }
    if src.seal.imported {
        rows.push((
            "Received",
            Cell::new("Imported from a submission file; the seal was checked on import."),
        ));
    }
    let state = match src.seal.state {
        SealState::NotSigned => Cell::new("Not signed: the report can still be changed."),
        SealState::Intact => {
            Cell::new("Intact: every field and every evidence file is exactly as signed.")
        }
        SealState::ChangedAfterAttestation => Cell::new("CHANGED AFTER ATTESTATION")
            .bold()
            .colour(WARNING_RED),
    };
    rows.push(("Check", state));
    key_values(f, &rows);
    if src.seal.state == SealState::ChangedAfterAttestation {
        f.paragraph(
            "The report has been changed since it was signed. What differs:",
            Style {
                colour: WARNING_RED,
                ..Style::LABEL
            },
        );
        let changes = if src.seal.changes.is_empty() {
            vec!["The signed copy could not be compared field by field.".to_owned()]
        } else {
            src.seal.changes.clone()
        };
        f.bullets(
            &changes,
            Style {
                colour: WARNING_RED,
                ..Style::BODY
            },
        );
    }
}

/// A schema value as a reader expects it: money with £ and commas, dates in words.
fn display(kind: Kind, raw: &str) -> String {
    match kind {
        Kind::Money => Pence::parse_pounds(raw)
            .map(|p| p.to_string())
            .unwrap_or_else(|_| raw.to_owned()),
        Kind::Date => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map(long_date)
            .unwrap_or_else(|_| raw.to_owned()),
        Kind::YesNo => match raw {
            "yes" => "Yes".into(),
            "no" => "No".into(),
            _ => raw.to_owned(),
        },
        _ => raw.to_owned(),
    }
}

fn schema_parts(f: &mut Flow, schema: &SectionSchema, values: &SectionValues) {
    for part in schema.parts {
        match part {
            Part::Heading { text } => f.subheading(text),
            Part::Field(d) => {
                let v = values.fields.get(d.key).map(String::as_str).unwrap_or("");
                f.field(d.label, &display(d.kind, v));
            }
            Part::Table(t) => {
                f.subheading(t.label);
                let rows = values.tables.get(t.key).map(Vec::as_slice).unwrap_or(&[]);
                if rows.is_empty() {
                    none_recorded(f, &format!("None recorded. ({})", t.hint));
                    continue;
                }
                let mut table = Table::new(
                    t.columns
                        .iter()
                        .map(|c| match c.kind {
                            Kind::LongText => col(c.label, 3.0),
                            Kind::Text => col(c.label, 1.8),
                            Kind::Money | Kind::Number => num_col(c.label, 1.2),
                            _ => col(c.label, 1.2),
                        })
                        .collect(),
                );
                for row in rows {
                    table.row(
                        t.columns
                            .iter()
                            .map(|c| {
                                Cell::new(display(
                                    c.kind,
                                    row.get(c.key).map(String::as_str).unwrap_or(""),
                                ))
                            })
                            .collect(),
                    );
                }
                f.table(&table);
            }
        }
    }
}

fn schema_section(f: &mut Flow, src: &PackSource, n: u8) {
    f.heading(&section_heading(n), 0, true);
    if let Some(v) = src.schema_sections.iter().find(|v| v.schema.section == n) {
        schema_parts(f, &v.schema, &v.values);
        for c in &v.computed {
            f.field(&c.label, &c.value);
        }
    }
}

fn rag_cell(r: Option<Rag>, text: String) -> Cell {
    match r {
        Some(Rag::Green) => Cell::new(text).fill(RAG_GREEN, WHITE).bold(),
        Some(Rag::Amber) => Cell::new(text).fill(RAG_AMBER, BLACK).bold(),
        Some(Rag::Red) => Cell::new(text).fill(RAG_RED, WHITE).bold(),
        None => Cell::new(text).colour(GREY),
    }
}

fn arrow(d: Option<Direction>) -> &'static str {
    match d {
        Some(Direction::Improved) => "↑",
        Some(Direction::Worsened) => "↓",
        Some(Direction::Same) => "↔",
        None => "",
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

fn section_5(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(5), 0, true);
    let o = &src.operational;
    f.subheading("Contract Delivery Indicators (CDIs) and Key Performance Indicators (KPIs)");
    if o.indicators.is_empty() {
        none_recorded(f, "No indicators recorded.");
    } else {
        let last = o.months.last().cloned().unwrap_or_default();
        f.paragraph(
            &format!("The performance level required by the contract(s) and the latest month's rating{}. GREEN: target has been achieved. AMBER: floor standard achieved but target has not been met. RED: floor standard has not been achieved. Direction of travel against the month before: ↑ improved, ↓ worsened, ↔ the same.", if last.is_empty() { String::new() } else { format!(" (12 months to {last})") }),
            Style::NOTE,
        );
        let mut t = Table::new(vec![
            col("Ref", 0.8),
            col("Indicator", 3.6),
            col("Type", 0.6),
            num_col("Target", 0.9),
            num_col("Floor", 0.9),
            col("Latest", 1.0),
            col("Rating", 1.0),
            col("Direction of travel", 1.6),
        ]);
        for r in &o.indicators {
            let i = &r.indicator;
            let unit = match i.unit.trim() {
                "" | "number" => String::new(),
                "%" => "%".to_owned(),
                u => format!(" {u}"),
            };
            let better = match i.polarity {
                cmm_core::reports::sections::performance::Polarity::HigherIsBetter => {
                    "higher is better"
                }
                cmm_core::reports::sections::performance::Polarity::LowerIsBetter => {
                    "lower is better"
                }
            };
            let (latest, rating, dir) = match r.latest {
                Some(m) => (
                    format!(
                        "{}{unit} ({})",
                        i.actuals[m].map(number).unwrap_or_default(),
                        o.months.get(m).cloned().unwrap_or_default()
                    ),
                    r.ratings[m],
                    r.directions[m],
                ),
                None => ("No data".into(), None, None),
            };
            let dir_text = match dir {
                Some(d) => format!(
                    "{} {}",
                    arrow(Some(d)),
                    d.meaning().trim_start_matches("Performance has ")
                ),
                None => "–".into(),
            };
            t.row(vec![
                Cell::new(i.reference.clone()).bold(),
                Cell::new(format!("{} ({better})", i.description)),
                Cell::new(match i.kind {
                    cmm_core::reports::sections::operational::IndicatorKind::Kpi => "KPI",
                    cmm_core::reports::sections::operational::IndicatorKind::Cdi => "CDI",
                }),
                Cell::new(i.target.map(number).unwrap_or_else(|| "–".into())),
                Cell::new(i.floor.map(number).unwrap_or_else(|| "–".into())),
                Cell::new(latest),
                rag_cell(
                    rating,
                    rating
                        .map(|r| r.to_string())
                        .unwrap_or_else(|| "Not rated".into()),
                ),
                Cell::new(dir_text),
            ]);
        }
        f.table(&t);
        f.subheading("Actual performance for the past 12 months");
        f.paragraph(
            "Each month's actual with its rating (G green, A amber, R red) and direction of travel. A dash is a month with no figure.",
            Style::NOTE,
        );
        let mut cols = vec![col("Ref", 1.25)];
        cols.extend(o.months.iter().map(|m| Column {
            title: m.clone(),
            share: 1.0,
            align: Align::Centre,
        }));
        let mut t = Table::new(cols);
        t.size = 7.0;
        for r in &o.indicators {
            let mut row = vec![Cell::new(r.indicator.reference.clone()).bold()];
            for m in 0..o.months.len() {
                let v = r.indicator.actuals.get(m).copied().flatten();
                let rating = r.ratings.get(m).copied().flatten();
                let text = match v {
                    Some(v) => {
                        let letter = rating.map(|r| match r {
                            Rag::Green => " G",
                            Rag::Amber => " A",
                            Rag::Red => " R",
                        });
                        format!(
                            "{}{}{}",
                            number(v),
                            letter.unwrap_or(""),
                            match arrow(r.directions.get(m).copied().flatten()) {
                                "" => String::new(),
                                a => format!("\n{a}"),
                            }
                        )
                    }
                    None => "–".into(),
                };
                row.push(rag_cell(rating, text));
            }
            t.row(row);
        }
        f.table(&t);
    }
    f.subheading("Milestones");
    if o.milestones.is_empty() {
        none_recorded(f, "No milestones recorded.");
    } else {
        let mut t = Table::new(vec![
            col("Milestone", 4.0),
            col("Due", 1.4),
            col("Achieved", 1.4),
            col("Status", 1.2),
        ]);
        for m in &o.milestones {
            let status = match m.status {
                MilestoneStatus::NotDue => Cell::new("Not due"),
                MilestoneStatus::OnTrack => Cell::new("On track"),
                MilestoneStatus::AtRisk => Cell::new("At risk").fill(RAG_AMBER, BLACK).bold(),
                MilestoneStatus::Achieved => Cell::new("Achieved").fill(RAG_GREEN, WHITE).bold(),
                MilestoneStatus::Missed => Cell::new("Missed").fill(RAG_RED, WHITE).bold(),
            };
            t.row(vec![
                Cell::new(m.description.clone()),
                Cell::new(m.due.map(long_date).unwrap_or_else(|| "–".into())),
                Cell::new(m.achieved.map(long_date).unwrap_or_else(|| "–".into())),
                status,
            ]);
        }
        f.table(&t);
    }
    schema_parts(f, &BREACHES_AND_REMEDIES, &o.input.tables);
}

fn section_6(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(6), 0, true);
    let v = &src.financial;
    let parse = |xs: &[String]| -> Vec<Option<Pence>> {
        xs.iter().map(|x| Pence::parse_pounds(x).ok()).collect()
    };
    let exp_prev = parse(&v.input.expected_previous);
    let actual = parse(&v.input.actual);
    let exp_next = parse(&v.input.expected_next);
    let forecast = parse(&v.input.forecast);
    let months: Vec<String> = v
        .previous_months
        .iter()
        .chain(&v.next_months)
        .cloned()
        .collect();
    f.subheading("Payments");
    f.paragraph(
        "The expected monthly payment profile at the time of contract award for the previous 12 months and the next 12 months, set against the actual payments made and the forecast.",
        Style::NOTE,
    );
    let expected: Vec<Option<Pence>> = exp_prev.iter().chain(&exp_next).copied().collect();
    charts::payments(f, &months, &expected, &actual, &forecast);
    let mut t = Table::new(vec![
        col("Month", 1.0),
        num_col("Expected at award", 1.6),
        num_col("Actual or forecast", 1.6),
        num_col("Variance", 1.6),
    ]);
    t.size = 8.0;
    let row = |t: &mut Table,
               m: &str,
               e: Option<Pence>,
               a: Option<Pence>,
               var: Option<Pence>,
               forecast: bool| {
        t.row(vec![
            Cell::new(m),
            Cell::new(e.map(|p| p.to_string()).unwrap_or_else(|| "–".into())),
            Cell::new(
                a.map(|p| format!("{p}{}", if forecast { " (forecast)" } else { "" }))
                    .unwrap_or_else(|| "–".into()),
            ),
            Cell::new(var.map(|p| p.to_string()).unwrap_or_else(|| "–".into())),
        ]);
    };
    for (i, m) in v.previous_months.iter().enumerate() {
        row(
            &mut t,
            m,
            exp_prev.get(i).copied().flatten(),
            actual.get(i).copied().flatten(),
            v.previous_variance.get(i).copied().flatten(),
            false,
        );
    }
    let total_row =
        |t: &mut Table, label: &str, tot: &cmm_core::reports::sections::financial::Totals| {
            t.row(vec![
                Cell::new(label).bold(),
                Cell::new(tot.expected.to_string()).bold(),
                Cell::new(tot.paid_or_forecast.to_string()).bold(),
                Cell::new(format!(
                    "{}{}",
                    tot.variance,
                    tot.variance_percent
                        .as_ref()
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default()
                ))
                .bold(),
            ]);
        };
    total_row(&mut t, "Previous 12 months", &v.previous);
    for (i, m) in v.next_months.iter().enumerate() {
        row(
            &mut t,
            m,
            exp_next.get(i).copied().flatten(),
            forecast.get(i).copied().flatten(),
            v.next_variance.get(i).copied().flatten(),
            true,
        );
    }
    total_row(&mut t, "Next 12 months", &v.next);
    f.table(&t);
    f.paragraph("Variance is actual (or forecast) less expected: a positive figure means more was, or will be, paid than profiled.", Style::NOTE);
    f.subheading("Variance");
    if v.input.causes.is_empty() {
        none_recorded(f, "No causes of variance recorded.");
    } else {
        let mut t = Table::new(vec![
            col("Cause", 1.2),
            num_col("Amount", 1.4),
            col("Effect", 1.2),
            col("Explanation", 4.5),
        ]);
        for c in &v.input.causes {
            t.row(vec![
                Cell::new(match c.cause {
                    cmm_core::reports::sections::financial::VarianceCause::Volume => {
                        "Volume changes"
                    }
                    cmm_core::reports::sections::financial::VarianceCause::Variation => {
                        "Contract variations"
                    }
                    cmm_core::reports::sections::financial::VarianceCause::Claims => "Claims",
                    cmm_core::reports::sections::financial::VarianceCause::Other => "Other",
                }),
                Cell::new(
                    Pence::parse_pounds(&c.amount)
                        .map(|p| p.to_string())
                        .unwrap_or_else(|_| c.amount.clone()),
                ),
                Cell::new(if c.reduces {
                    "Reduced spend"
                } else {
                    "Increased spend"
                }),
                Cell::new(c.explanation.clone()),
            ]);
        }
        f.table(&t);
    }
    f.paragraph(
        &format!(
            "Explained by the causes above: {}. Unexplained: {}.",
            v.explained, v.unexplained
        ),
        Style::BODY,
    );
}

fn section_9(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(9), 0, true);
    let r = &src.risk;
    let mut current = [[0u16; 5]; 5];
    let mut target = [[0u16; 5]; 5];
    for x in &r.risks {
        if let (Some(l), Some(i)) = (x.risk.current_likelihood, x.risk.current_impact) {
            current[usize::from(l - 1)][usize::from(i - 1)] += 1;
        }
        if let (Some(l), Some(i)) = (x.risk.target_likelihood, x.risk.target_impact) {
            target[usize::from(l - 1)][usize::from(i - 1)] += 1;
        }
    }
    f.subheading("Risk heat map");
    f.paragraph(
        &format!(
            "{} risks, scored as the council scores risk: likelihood (1 very unlikely to 5 very likely) times impact (1 minor to 5 major). Each cell shows how many risks sit there; its small number is the score.",
            r.risks.len()
        ),
        Style::NOTE,
    );
    charts::heat_maps(f, &current, &target);
    f.subheading("Main risks and mitigation");
    if r.risks.is_empty() {
        none_recorded(f, "No risks recorded.");
    } else {
        let mut t = Table::new(vec![
            num_col("No.", 0.45),
            col("Risk (cause, event, consequence)", 4.0),
            col("Owner", 1.2),
            col("Current", 1.05),
            col("Mitigation", 3.2),
            col("Target", 1.05),
        ]);
        t.size = 8.0;
        let rating =
            |l: Option<u8>,
             i: Option<u8>,
             rr: Option<cmm_core::reports::sections::performance::RiskRating>| match (
                l, i, rr,
            ) {
                (Some(l), Some(i), Some(rr)) => {
                    let band = format!("{:?}", rr.band);
                    Cell::new(format!("{} ({band})\nL{l} × I{i}", rr.score))
                        .fill(band_colour(rr.band), BLACK)
                }
                _ => Cell::new("Not scored").colour(GREY),
            };
        for (n, x) in r.risks.iter().enumerate() {
            let k = &x.risk;
            let mut text = k.title.clone();
            for (label, v) in [
                ("Cause", &k.cause),
                ("Event", &k.event),
                ("Consequence", &k.consequence),
            ] {
                if !v.is_empty() {
                    text.push_str(&format!("\n{label}: {v}"));
                }
            }
            t.row(vec![
                Cell::new((n + 1).to_string()),
                Cell::new(text),
                Cell::new(k.owner.clone()),
                rating(k.current_likelihood, k.current_impact, x.current),
                Cell::new(k.mitigation.clone()),
                rating(k.target_likelihood, k.target_impact, x.target),
            ]);
        }
        f.table(&t);
    }
    f.field(
        "Approach to risk and mitigation review, including the frequency of reviews",
        &r.review_approach,
    );
}

fn descriptors(f: &mut Flow, src: &PackSource) {
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

fn file_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn evidence(f: &mut Flow, src: &PackSource) {
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
                Cell::new(e.target.describe()),
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

pub const SUBGROUP: &str = "Review by the sub-group";

fn subgroup(f: &mut Flow, src: &PackSource) {
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

/// The body of one contract's pack. `body_start` is the page number its first page will
/// have, for the cross-references inside it.
fn body(src: &PackSource, header: &str, body_start: usize) -> Flow {
    let mut f = Flow::new(header);
    summary(&mut f, src);
    let summary_page = body_start + f.marks[0].page;
    section_1(&mut f, src);
    section_2(&mut f, src, summary_page);
    section_3(&mut f, src);
    schema_section(&mut f, src, 4);
    section_5(&mut f, src);
    section_6(&mut f, src);
    for n in [7, 8] {
        schema_section(&mut f, src, n);
    }
    section_9(&mut f, src);
    for n in [10, 11, 12] {
        schema_section(&mut f, src, n);
    }
    descriptors(&mut f, src);
    evidence(&mut f, src);
    subgroup(&mut f, src);
    f.flush();
    f
}

/// One contract's pages: cover, contents, body. `first_page` is the number its cover will
/// have in the finished document.
pub(crate) struct ContractPart {
    pub(crate) pages: Vec<crate::layout::Page>,
    pub(crate) outline: Vec<Mark>,
}

pub(crate) fn contract_part(
    src: &PackSource,
    marking: Marking,
    first_page: usize,
    level: u8,
) -> ContractPart {
    let header = contract_names(src);
    let mut cover_flow = Flow::new(&header);
    cover(&mut cover_flow, src, marking);
    // Lay the body out once to learn its marks; the summary's page number in Section 2
    // depends only on where the body starts, which the contents' length decides.
    let probe = body(src, &header, 1);
    let entries = |start: usize| -> Vec<(String, u8, usize)> {
        probe
            .marks
            .iter()
            .map(|m| (m.title.clone(), 0, start + m.page))
            .collect()
    };
    let contents_pages = contents(&header, CONTENTS, &entries(first_page + 99))
        .pages
        .len();
    let body_start = first_page + cover_flow.pages.len() + contents_pages;
    let mut body_flow = body(src, &header, body_start);
    debug_assert_eq!(body_flow.pages.len(), probe.pages.len());
    let contents_flow = contents(&header, CONTENTS, &entries(body_start));
    let mut outline = Vec::new();
    let cover_title = if level == 0 {
        "Cover".to_owned()
    } else {
        header.clone()
    };
    outline.push(Mark {
        title: cover_title,
        level: 0,
        page: first_page - 1,
        top: BODY_TOP + 20.0,
    });
    let child = if level == 0 { 0 } else { 1 };
    outline.push(Mark {
        title: CONTENTS.into(),
        level: child,
        page: first_page - 1 + cover_flow.pages.len(),
        top: BODY_TOP + 20.0,
    });
    for m in body_flow.marks.drain(..) {
        outline.push(Mark {
            level: child,
            page: body_start - 1 + m.page,
            ..m
        });
    }
    let mut pages = cover_flow.pages;
    pages.extend(contents_flow.pages);
    pages.extend(body_flow.pages);
    ContractPart { pages, outline }
}

pub(crate) fn header_right(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!("Sub-group meeting {}", long_date(d)),
        None => "Sub-group meeting date not set".into(),
    }
}

/// One contract's review pack.
pub fn contract_pack(src: &PackSource, opts: &PackOptions) -> Pack {
    let part = contract_part(src, opts.marking, 1, 0);
    render(Assembled {
        title: format!(
            "Contract management maturity report: {}",
            contract_names(src)
        ),
        header_right: header_right(src.document.meeting_date),
        pages: part.pages,
        outline: part.outline,
        marking: opts.marking,
        date: src.document.meeting_date,
    })
}
