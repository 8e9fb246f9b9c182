//! Sections 1 to 12 of a contract's pack, in the template's order and wording.

use crate::layout::charts::{self, band_colour};
use crate::layout::{
    col, num_col, Align, Cell, Column, Flow, Style, Table, BLACK, GREY, RAG_AMBER, RAG_GREEN,
    RAG_RED, WARNING_RED, WHITE,
};
use crate::source::PackSource;
use chrono::NaiveDate;
use cmm_core::framework::MaturityLevel;
use cmm_core::framework::Section;
use cmm_core::kernel::money::Pence;
use cmm_core::reports::attestation::{
    ACCOUNTABILITY, DELETE_AS_APPROPRIATE, OWNER_DEFINITION, STATEMENTS,
};
use cmm_core::reports::seal::SealState;
use cmm_core::reports::sections::dashboard::{Frequency, NOT_APPLICABLE};
use cmm_core::reports::sections::operational::{
    DashboardRow, Indicator, IndicatorKind, MilestoneStatus, OperationalView, RatedIndicator,
    BREACHES_AND_REMEDIES,
};
use cmm_core::reports::sections::performance::{Direction, Polarity, Rag};
use cmm_core::reports::sections::schema::{Kind, Part, SectionSchema, SectionValues};

use crate::parts::*;

pub(crate) fn section_1(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(Section::of(1), &src.organisation), 0, true);
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

pub(crate) fn section_2(f: &mut Flow, src: &PackSource, summary_page: usize) {
    f.heading(&section_heading(Section::of(2), &src.organisation), 0, true);
    f.paragraph_naming_page(
        &format!(
            "The levels chosen for each activity against the council's maturity matrix ({}). The comments and rationale for each are in the maturity summary on page ",
            src.document.framework_version
        ),
        summary_page,
        "; a description of maturity at each chosen level follows Section 12.",
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
            "{} of the {} activities assessed. Current levels range from {} to {} (median {}); targets from {} to {} (median {}).",
            s.assessed,
            number_in_words(src.framework.activities.len()),
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

pub(crate) fn section_3(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(Section::of(3), &src.organisation), 0, true);
    let a = &src.document.attestation;
    f.paragraph(OWNER_DEFINITION, Style::BODY);
    f.paragraph(&src.organisation.put_in(ACCOUNTABILITY), Style::BODY);
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
pub(crate) fn display(kind: Kind, raw: &str) -> String {
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

pub(crate) fn schema_parts(f: &mut Flow, schema: &SectionSchema, values: &SectionValues) {
    for part in schema.parts.iter() {
        match part {
            Part::Heading { text } => f.subheading(text),
            Part::Field(d) => {
                let v = values.fields.get(d.key).map(String::as_str).unwrap_or("");
                f.field(&d.label, &display(d.kind, v));
            }
            Part::Table(t) => {
                f.subheading(&t.label);
                let rows = values.tables.get(t.key).map(Vec::as_slice).unwrap_or(&[]);
                if rows.is_empty() {
                    none_recorded(f, &format!("None recorded. ({})", t.hint));
                    continue;
                }
                let mut table = Table::new(
                    t.columns
                        .iter()
                        .map(|c| match c.kind {
                            Kind::LongText => col(&c.label, 3.0),
                            Kind::Text => col(&c.label, 1.8),
                            Kind::Money | Kind::Number => num_col(&c.label, 1.2),
                            _ => col(&c.label, 1.2),
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

pub(crate) fn schema_section(f: &mut Flow, src: &PackSource, n: Section) {
    f.heading(&section_heading(n, &src.organisation), 0, true);
    if let Some(v) = src.schema_sections.iter().find(|v| v.schema.section == n) {
        schema_parts(f, &v.schema, &v.values);
        for c in &v.computed {
            f.field(&c.label, &c.value);
        }
    }
}

/// The dashboard's name for the direction of travel: "↑ improved", or "N/a".
fn direction_text(d: Option<Direction>) -> String {
    match d {
        Some(d) => format!(
            "{} {}",
            arrow(Some(d)),
            d.meaning().trim_start_matches("Performance has ")
        ),
        None => NOT_APPLICABLE.into(),
    }
}

/// The description as the dashboard prints it: "(NEW)" for an indicator new this year,
/// and the polarity where lower is better.
fn described(i: &Indicator) -> String {
    let mut d = i.description.clone();
    if i.new_indicator {
        d.push_str(" (NEW)");
    }
    if i.polarity == Polarity::LowerIsBetter {
        d.push_str(" (lower is better)");
    }
    d
}

fn rated_cell(r: Option<Rag>) -> Cell {
    rag_cell(
        r,
        r.map(|r| r.to_string())
            .unwrap_or_else(|| NOT_APPLICABLE.into()),
    )
}

/// The Performance Dashboard's tables of KPIs and CDIs, monthly then quarterly, with the
/// dashboard's columns (Performance Dashboard guidance, September 2018).
fn kpi_tables(f: &mut Flow, o: &OperationalView) {
    let year = o
        .indicators
        .iter()
        .find_map(|r| r.dashboard.year.clone())
        .map(|y| format!(" Year to date: the financial year {y}, from April."))
        .unwrap_or_default();
    f.paragraph(
        &format!("The performance level required by the contract(s), rated as the council's Performance Dashboard rates KPIs. GREEN: target has been achieved. AMBER: floor standard achieved but target has not been met. RED: floor standard has not been achieved. Direction of travel (DoT) against the period before: ↑ improved, ↓ worsened, ↔ the same; N/a where there is nothing to compare.{year}"),
        Style::NOTE,
    );
    for frequency in [Frequency::Monthly, Frequency::Quarterly] {
        let (heading, latest, rag) = match frequency {
            Frequency::Monthly => (
                "Key Performance Indicators – Monthly",
                "Latest Month",
                "Month RAG",
            ),
            Frequency::Quarterly => (
                "Key Performance Indicators – Quarterly",
                "Latest Qtr",
                "RAG",
            ),
        };
        let columns = vec![
            col("Ref", 0.8),
            col("Indicator description", 3.0),
            num_col(latest, 1.1),
            col(rag, 1.0),
            col("DoT", 1.0),
            num_col("Year to Date", 0.9),
            col("YTD RAG", 1.0),
            num_col("Target", 0.8),
            num_col("Floor Standard", 0.9),
            num_col("Previous Year", 0.9),
        ];
        let keep = |i: &Indicator| i.kind != IndicatorKind::Activity && i.frequency == frequency;
        dashboard_table(f, o, heading, None, columns, keep, |i, d| {
            let kind = match i.kind {
                IndicatorKind::Cdi => " (CDI)",
                _ => "",
            };
            vec![
                Cell::new(format!("{}{kind}", described(i))),
                Cell::new(match &d.latest_period {
                    Some(p) => format!("{}\n{p}", d.text.latest),
                    None => "No data".into(),
                }),
                rated_cell(d.rag),
                Cell::new(direction_text(d.direction)),
                Cell::new(d.text.year_to_date.clone()),
                rated_cell(d.year_to_date_rag),
                Cell::new(d.text.target.clone()),
                Cell::new(d.text.floor.clone()),
                Cell::new(d.text.previous_year.clone()),
            ]
        });
    }
}

/// One of the Performance Dashboard's tables: the indicators `keep` selects, in the
/// report's order, under `heading` and an optional note; each row is the indicator's
/// reference (bold) followed by the cells `cells` gives for it. Nothing is drawn, not even
/// the heading, when no indicator is selected.
fn dashboard_table(
    f: &mut Flow,
    o: &OperationalView,
    heading: &str,
    note: Option<&str>,
    columns: Vec<Column>,
    keep: impl Fn(&Indicator) -> bool,
    cells: impl Fn(&Indicator, &DashboardRow) -> Vec<Cell>,
) {
    let rows: Vec<&RatedIndicator> = o.indicators.iter().filter(|r| keep(&r.indicator)).collect();
    if rows.is_empty() {
        return;
    }
    f.subheading(heading);
    if let Some(note) = note {
        f.paragraph(note, Style::NOTE);
    }
    let mut t = Table::new(columns);
    t.size = 8.0;
    t.row_headers = true;
    for r in rows {
        let mut row = vec![Cell::new(r.indicator.reference.clone()).bold()];
        row.extend(cells(&r.indicator, &r.dashboard));
        t.row(row);
    }
    f.table(&t);
}

/// The dashboard's Activity Indicators table: never RAG-rated; the year to date against
/// the expected range, or, with none set, against the previous year alone.
fn activity_table(f: &mut Flow, o: &OperationalView) {
    let columns = vec![
        col("Ref", 0.8),
        col("Indicator description", 3.2),
        num_col("Year to Date", 1.0),
        col("In expected range?", 1.1),
        num_col("Expected Upper", 1.0),
        num_col("Expected Lower", 1.0),
        num_col("Previous Year YTD", 1.0),
        col("Against last year", 1.7),
    ];
    let note = "Activity indicators measure demand. They are not RAG-rated and have no direction of travel. In expected range? says whether the year to date is within the expected range (Yes), Above or Below it; without a range, the year to date is compared with the previous year's.";
    let keep = |i: &Indicator| i.kind == IndicatorKind::Activity;
    dashboard_table(
        f,
        o,
        "Activity Indicators",
        Some(note),
        columns,
        keep,
        |i, d| {
            vec![
                Cell::new(described(i)),
                Cell::new(d.text.year_to_date.clone()),
                match d.alert {
                    Some(a) => Cell::new(a.to_string()).bold(),
                    None => Cell::new(NOT_APPLICABLE).colour(GREY),
                },
                Cell::new(d.text.upper_threshold.clone()),
                Cell::new(d.text.lower_threshold.clone()),
                Cell::new(d.text.previous_year.clone()),
                Cell::new(d.text.change.clone()),
            ]
        },
    );
}

/// The manager's explanations under the tables, as the dashboard prints them:
/// "CS05 – …". An indicator that needs one and has none says so.
fn commentary(f: &mut Flow, o: &OperationalView) {
    let notes: Vec<&RatedIndicator> = o
        .indicators
        .iter()
        .filter(|r| r.dashboard.needs_commentary || !r.indicator.commentary.is_empty())
        .collect();
    if notes.is_empty() {
        return;
    }
    f.subheading("Commentary");
    for r in notes {
        let i = &r.indicator;
        let text = if i.commentary.is_empty() {
            "No explanation given.".to_owned()
        } else {
            i.commentary.clone()
        };
        f.paragraph(&format!("{} – {text}", i.reference), Style::BODY);
    }
}

pub(crate) fn section_5(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(Section::of(5), &src.organisation), 0, true);
    let o = &src.operational;
    f.subheading("Contract Delivery Indicators (CDIs) and Key Performance Indicators (KPIs)");
    if o.indicators.is_empty() {
        none_recorded(f, "No indicators recorded.");
    } else {
        kpi_tables(f, o);
        activity_table(f, o);
        commentary(f, o);
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
        t.row_headers = true;
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

pub(crate) fn section_6(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(Section::of(6), &src.organisation), 0, true);
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

pub(crate) fn section_9(f: &mut Flow, src: &PackSource) {
    f.heading(&section_heading(Section::of(9), &src.organisation), 0, true);
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
