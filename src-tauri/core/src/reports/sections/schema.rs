//! The sections made of text, yes/no answers and simple tables (4, 7, 8, 10, 11, 12),
//! described as data: each part of a section is a field or a table with typed columns.
//! One validator and one form serve them all; the wording follows the council's template.
//! Sections with calculations of their own (2, 3, 5, 9) have their own modules.

use crate::contracts::parse_date;
use crate::framework::Section;
use crate::kernel::error::capitalise;
use crate::kernel::error::FieldError;
use crate::kernel::money::Pence;
use crate::organisation::Organisation;
use crate::reports::sections::values::parse_number;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::borrow::Cow;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One line of text, up to 500 characters.
    Text,
    /// Paragraphs, up to 20,000 characters.
    LongText,
    /// Pounds and pence.
    Money,
    Date,
    /// "yes" or "no".
    YesNo,
    /// A whole number or a decimal.
    Number,
    /// One of the field's `choices`.
    Choice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldDef {
    pub key: &'static str,
    /// The template's words; `{council}` and `{board}` until [`SectionSchema::for_council`].
    pub label: Cow<'static, str>,
    pub hint: Cow<'static, str>,
    pub kind: Kind,
    pub required: bool,
    pub choices: &'static [&'static str],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TableDef {
    pub key: &'static str,
    pub label: Cow<'static, str>,
    pub hint: Cow<'static, str>,
    /// What one row is called: "claim", "meeting".
    pub row: &'static str,
    /// At least one row is needed for the section to be complete.
    pub required: bool,
    pub columns: Cow<'static, [FieldDef]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    Heading { text: Cow<'static, str> },
    Field(FieldDef),
    Table(TableDef),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SectionSchema {
    pub section: Section,
    pub title: Cow<'static, str>,
    pub parts: Cow<'static, [Part]>,
}

const fn f(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    kind: Kind,
    required: bool,
) -> FieldDef {
    FieldDef {
        key,
        label: Cow::Borrowed(label),
        hint: Cow::Borrowed(hint),
        kind,
        required,
        choices: &[],
    }
}

const fn choice(
    key: &'static str,
    label: &'static str,
    choices: &'static [&'static str],
    required: bool,
) -> FieldDef {
    FieldDef {
        key,
        label: Cow::Borrowed(label),
        hint: Cow::Borrowed(""),
        kind: Kind::Choice,
        required,
        choices,
    }
}

use Kind::*;

pub const SCHEMAS: &[SectionSchema] = &[
    SectionSchema {
        section: Section::of(4),
        title: Cow::Borrowed("Organisation"),
        parts: Cow::Borrowed(&[
            Part::Field(f("organogram", "Organogram for contract management", "Describe the structure, clearly showing contractors and interims. Attach the organogram itself as evidence.", LongText, true)),
            Part::Field(f("annual_cost", "Total annual cost of contract management", "In pounds. The app works out its percentage of the annual contract value.", Money, true)),
            Part::Field(f("long_tenure", "People in post and working on the contract(s) longer than 3 years", "Who, in which roles, and for how long", LongText, true)),
            Part::Field(f("long_tenure_mitigation", "Measures taken to mitigate the risk of long tenure staff", "", LongText, true)),
            Part::Table(TableDef {
                key: "people",
                label: Cow::Borrowed("People profile"),
                hint: Cow::Borrowed("Details of the contract management people, including their experience of contract management, commercial experience and relevant professional qualifications e.g. IACCM, RICS etc."),
                row: "person",
                required: true,
                columns: Cow::Borrowed(&[
                    f("role", "Role", "", Text, true),
                    choice("engagement", "Employed as", &["Employee", "Contractor", "Interim"], true),
                    f("contract_management_experience", "Experience of contract management", "", Text, false),
                    f("commercial_experience", "Commercial experience", "", Text, false),
                    f("qualifications", "Professional qualifications", "For example IACCM, RICS", Text, false),
                ]),
            }),
            Part::Field(f("training", "Training and development", "Training and development planned and/or underway to address experience and skill gaps", LongText, true)),
        ]),
    },
    SectionSchema {
        section: Section::of(7),
        title: Cow::Borrowed("Fulfilment of {council}'s obligations"),
        parts: Cow::Borrowed(&[
            Part::Table(TableDef {
                key: "obligations",
                label: Cow::Borrowed("Obligations and dependencies on {council}"),
                hint: Cow::Borrowed("The contractual obligations and dependencies on {council} that could cause delay and/or disruption, along with the consequences"),
                row: "obligation",
                required: true,
                columns: Cow::Borrowed(&[
                    f("obligation", "Obligation or dependency", "", LongText, true),
                    f("consequence", "Consequence if it is not met", "", LongText, true),
                    f("accountable", "Accountable within {council}", "", Text, true),
                ]),
            }),
            Part::Field(f("approach", "Approach to managing {council}'s obligations and dependencies", "Including accountability and responsibility within {council}", LongText, true)),
        ]),
    },
    SectionSchema {
        section: Section::of(8),
        title: Cow::Borrowed("Commercial performance"),
        parts: Cow::Borrowed(&[
            Part::Table(TableDef {
                key: "claims",
                label: Cow::Borrowed("Claims and disputes"),
                hint: Cow::Borrowed("Any claims and/or disputes, their current status and actual or projected outcome. Leave empty if there are none."),
                row: "claim or dispute",
                required: false,
                columns: Cow::Borrowed(&[
                    f("description", "Claim or dispute", "", LongText, true),
                    choice("status", "Status", &["Open", "In negotiation", "In dispute resolution", "Settled", "Withdrawn"], true),
                    f("value", "Value", "In pounds", Money, false),
                    f("outcome", "Actual or projected outcome", "", LongText, false),
                ]),
            }),
            Part::Field(f("legislative", "Legislative and policy impacts", "Impact of any recent or pending regulatory or policy changes, e.g. National Living Wage", LongText, true)),
            Part::Field(f("supply_chain", "Supply chain requirements", "Performance against the main supply chain requirements, e.g. ethical trading, prompt payment of sub-contractors", LongText, true)),
            Part::Table(TableDef {
                key: "changes",
                label: Cow::Borrowed("Change control"),
                hint: Cow::Borrowed("Extensions and amendments to the contract(s), including value and approvals"),
                row: "change",
                required: false,
                columns: Cow::Borrowed(&[
                    choice("kind", "Change", &["Extension", "Amendment", "Variation"], true),
                    f("description", "Description", "", LongText, true),
                    f("value", "Value", "In pounds", Money, false),
                    f("approved_by", "Approved by", "", Text, true),
                    f("date", "Date approved", "", Date, true),
                ]),
            }),
        ]),
    },
    SectionSchema {
        section: Section::of(10),
        title: Cow::Borrowed("Data assurance"),
        parts: Cow::Borrowed(&[
            Part::Field(f("information_level", "Information level", "The level of the information the contract handles, e.g. personal, special category", Text, true)),
            Part::Field(f("arrangements", "Arrangements in place", "", LongText, true)),
            Part::Field(f("audits", "Audit of data handling", "Audits and reviews undertaken, with their findings", LongText, true)),
        ]),
    },
    SectionSchema {
        section: Section::of(11),
        title: Cow::Borrowed("Governance"),
        parts: Cow::Borrowed(&[
            Part::Table(TableDef {
                key: "meetings",
                label: Cow::Borrowed("Formal meeting structure"),
                hint: Cow::Borrowed("The formal meetings that review the contract(s): frequency, scope and required attendees, and whether each has been implemented"),
                row: "meeting",
                required: true,
                columns: Cow::Borrowed(&[
                    f("name", "Meeting", "", Text, true),
                    f("frequency", "Frequency", "For example monthly", Text, true),
                    f("scope", "Scope", "", LongText, true),
                    f("attendees", "Required attendees", "", LongText, true),
                    f("implemented", "Implemented", "", YesNo, true),
                ]),
            }),
            Part::Table(TableDef {
                key: "audits",
                label: Cow::Borrowed("Audits"),
                hint: Cow::Borrowed("Audits undertaken or planned by Internal Audit or an external party, with any findings and actions taken. Leave empty if there are none."),
                row: "audit",
                required: false,
                columns: Cow::Borrowed(&[
                    choice("by", "Audit by", &["Internal Audit", "External party"], true),
                    f("date", "Date", "Undertaken or planned", Date, true),
                    f("findings", "Findings", "", LongText, false),
                    f("actions", "Actions taken", "", LongText, false),
                ]),
            }),
        ]),
    },
    SectionSchema {
        section: Section::of(12),
        title: Cow::Borrowed("Forward look"),
        parts: Cow::Borrowed(&[
            Part::Field(f("extension_options", "Contract extension options and breakpoints", "", LongText, true)),
            Part::Field(f("continuous_improvement", "Approach to continuous improvement", "", LongText, true)),
            Part::Field(f("next_generation", "Learning and plans for next generation contract(s)", "", LongText, true)),
            Part::Field(f("support", "Support required from the {board}", "", LongText, true)),
        ]),
    },
];

pub fn schema(section: Section) -> Option<&'static SectionSchema> {
    SCHEMAS.iter().find(|s| s.section == section)
}

/// The template's words with the council's names put in; unchanged words stay borrowed.
fn named(text: Cow<'static, str>, org: &Organisation) -> Cow<'static, str> {
    match text {
        Cow::Borrowed(t) if !t.contains('{') => Cow::Borrowed(t),
        t => Cow::Owned(org.put_in(&t)),
    }
}

impl FieldDef {
    fn for_council(&self, org: &Organisation) -> FieldDef {
        FieldDef {
            label: named(self.label.clone(), org),
            hint: named(self.hint.clone(), org),
            ..self.clone()
        }
    }
}

impl SectionSchema {
    /// The section as this council's form shows it: every title, label and hint with the
    /// council's short name and board put in (`crate::organisation`). Validation messages
    /// name fields by these labels, so validate with the schema this returns.
    pub fn for_council(&self, org: &Organisation) -> SectionSchema {
        let part = |p: &Part| match p {
            Part::Heading { text } => Part::Heading {
                text: named(text.clone(), org),
            },
            Part::Field(f) => Part::Field(f.for_council(org)),
            Part::Table(t) => Part::Table(TableDef {
                label: named(t.label.clone(), org),
                hint: named(t.hint.clone(), org),
                columns: t.columns.iter().map(|c| c.for_council(org)).collect(),
                ..t.clone()
            }),
        };
        SectionSchema {
            section: self.section,
            title: named(self.title.clone(), org),
            parts: self.parts.iter().map(part).collect(),
        }
    }
}

/// A section's answers: single fields by key, and tables as rows of cells by column key.
/// As typed going in; as stored (normalised: ISO dates, pounds to two places) coming out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SectionValues {
    pub fields: BTreeMap<String, String>,
    pub tables: BTreeMap<String, Vec<BTreeMap<String, String>>>,
}

/// A computed line shown with the section, such as the cost of contract management as a
/// percentage of the annual contract value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Computed {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SectionView {
    pub schema: SectionSchema,
    pub values: SectionValues,
    pub computed: Vec<Computed>,
    pub missing: Vec<FieldError>,
    /// Values typed into the form that cannot be saved yet, kept as typed (`crate::kept`).
    pub kept: Vec<crate::kept::KeptValue>,
}

/// Checks one value against its kind; returns it normalised.
fn check(def: &FieldDef, field: &str, label: &str, raw: &str, e: &mut Vec<FieldError>) -> String {
    let t = raw.trim();
    if t.is_empty() {
        return String::new();
    }
    let bad = |e: &mut Vec<FieldError>, rule: String| {
        e.push(FieldError::new(field, rule));
        t.to_owned()
    };
    match def.kind {
        Text if t.chars().count() > 500 => {
            bad(e, format!("{label} must be 500 characters or fewer"))
        }
        LongText if t.chars().count() > 20_000 => {
            bad(e, format!("{label} must be 20,000 characters or fewer"))
        }
        Text | LongText => t.to_owned(),
        Money => match Pence::parse_pounds(t) {
            Ok(p) => p.to_string(),
            Err(rule) => bad(e, rule.sentence(label)),
        },
        Date => match parse_date(t) {
            Some(d) => d.to_string(),
            None => bad(e, crate::kernel::dates::date_problem(label, t)),
        },
        YesNo => match t.to_ascii_lowercase().as_str() {
            "yes" | "no" => t.to_ascii_lowercase(),
            _ => bad(e, format!("{label} must be yes or no")),
        },
        Number => {
            let before = e.len();
            let v = parse_number(e, field, label, t);
            if e.len() > before {
                t.to_owned()
            } else {
                v.map(|v| v.to_string()).unwrap_or_default()
            }
        }
        Choice => match def.choices.iter().find(|c| c.eq_ignore_ascii_case(t)) {
            Some(c) => (*c).to_owned(),
            None => bad(
                e,
                format!("{label} must be one of: {}", def.choices.join(", ")),
            ),
        },
    }
}

impl SectionSchema {
    /// Refuses values that cannot be stored (each error names its field and rule); unknown
    /// keys are refused too, so nothing is stored that the form cannot show again.
    pub fn validate(&self, input: &SectionValues) -> Result<SectionValues, Vec<FieldError>> {
        let mut e = Vec::new();
        let mut out = SectionValues::default();
        for key in input.fields.keys() {
            if !self
                .parts
                .iter()
                .any(|p| matches!(p, Part::Field(d) if d.key == key))
            {
                e.push(FieldError::new(
                    key,
                    format!(
                        "Section {} has no field called {key}",
                        self.section.number()
                    ),
                ));
            }
        }
        for key in input.tables.keys() {
            if !self
                .parts
                .iter()
                .any(|p| matches!(p, Part::Table(t) if t.key == key))
            {
                e.push(FieldError::new(
                    key,
                    format!(
                        "Section {} has no table called {key}",
                        self.section.number()
                    ),
                ));
            }
        }
        for part in self.parts.iter() {
            match part {
                Part::Heading { .. } => {}
                Part::Field(def) => {
                    let raw = input.fields.get(def.key).map(String::as_str).unwrap_or("");
                    out.fields.insert(
                        def.key.to_owned(),
                        check(def, def.key, &def.label, raw, &mut e),
                    );
                }
                Part::Table(table) => {
                    let rows = input
                        .tables
                        .get(table.key)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    if rows.len() > 200 {
                        e.push(FieldError::new(
                            table.key,
                            format!("{} can have at most 200 rows", table.label),
                        ));
                    }
                    let mut stored = Vec::new();
                    for (i, row) in rows.iter().enumerate() {
                        let mut cells = BTreeMap::new();
                        for col in table.columns.iter() {
                            let raw = row.get(col.key).map(String::as_str).unwrap_or("");
                            let field = format!("{}.{i}.{}", table.key, col.key);
                            let label = format!(
                                "{} {} {}",
                                capitalise(table.row),
                                i + 1,
                                lower_first(&col.label)
                            );
                            cells.insert(
                                col.key.to_owned(),
                                check(col, &field, &label, raw, &mut e),
                            );
                        }
                        stored.push(cells);
                    }
                    out.tables.insert(table.key.to_owned(), stored);
                }
            }
        }
        if e.is_empty() {
            Ok(out)
        } else {
            Err(e)
        }
    }

    /// What the section still needs, each naming its field.
    pub fn missing(&self, v: &SectionValues) -> Vec<FieldError> {
        let mut m = Vec::new();
        for part in self.parts.iter() {
            match part {
                Part::Heading { .. } => {}
                Part::Field(def) => {
                    if def.required && v.fields.get(def.key).is_none_or(|s| s.is_empty()) {
                        m.push(FieldError::new(
                            def.key,
                            format!("Answer \u{201c}{}\u{201d}", def.label),
                        ));
                    }
                }
                Part::Table(t) => {
                    let rows = v.tables.get(t.key).map(Vec::as_slice).unwrap_or(&[]);
                    if t.required && rows.is_empty() {
                        m.push(FieldError::new(
                            t.key,
                            format!("Add at least one {} to \u{201c}{}\u{201d}", t.row, t.label),
                        ));
                    }
                    for (i, row) in rows.iter().enumerate() {
                        for col in t.columns.iter().filter(|c| c.required) {
                            if row.get(col.key).is_none_or(|s| s.is_empty()) {
                                m.push(FieldError::new(
                                    &format!("{}.{i}.{}", t.key, col.key),
                                    format!(
                                        "Fill in the {} of {} {}",
                                        lower_first(&col.label),
                                        t.row,
                                        i + 1
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
        }
        m
    }
}

/// A column's label inside a sentence: "Accountable within KCC" reads "accountable within
/// KCC", keeping the council's own capitals.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Section 4's own calculation: the cost of contract management as a percentage of the
/// annual contract value (the contracts' anticipated value in the current financial year).
pub fn cost_percentage(annual_cost: Pence, annual_value: Pence) -> Option<f64> {
    (annual_value.0 > 0).then(|| annual_cost.0 as f64 * 100.0 / annual_value.0 as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rows<'a> = Vec<Vec<(&'a str, &'a str)>>;

    fn values(fields: &[(&str, &str)], tables: &[(&str, Rows<'_>)]) -> SectionValues {
        SectionValues {
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            tables: tables
                .iter()
                .map(|(k, rows)| {
                    (
                        k.to_string(),
                        rows.iter()
                            .map(|r| {
                                r.iter()
                                    .map(|(c, v)| (c.to_string(), v.to_string()))
                                    .collect()
                            })
                            .collect(),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn every_section_is_described_once_with_unique_keys() {
        let sections: Vec<_> = SCHEMAS.iter().map(|s| s.section).collect();
        assert_eq!(sections, [4, 7, 8, 10, 11, 12]);
        for s in SCHEMAS {
            let mut keys: Vec<&str> = s
                .parts
                .iter()
                .filter_map(|p| match p {
                    Part::Field(d) => Some(d.key),
                    Part::Table(t) => Some(t.key),
                    Part::Heading { .. } => None,
                })
                .collect();
            let n = keys.len();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), n, "section {}", s.section);
            assert_eq!(s.section.title(), s.title);
        }
    }

    #[test]
    fn values_are_checked_by_kind_and_normalised() {
        let s = schema(Section::of(8)).unwrap();
        let v = s
            .validate(&values(
                &[
                    ("legislative", " National Living Wage adds 4% "),
                    ("supply_chain", ""),
                ],
                &[(
                    "changes",
                    vec![vec![
                        ("kind", "extension"),
                        ("description", "Two-year extension"),
                        ("value", "£1,200,000"),
                        ("approved_by", "Cabinet Member"),
                        ("date", "01/04/2019"),
                    ]],
                )],
            ))
            .unwrap();
        assert_eq!(v.fields["legislative"], "National Living Wage adds 4%");
        let row = &v.tables["changes"][0];
        assert_eq!(row["kind"], "Extension");
        assert_eq!(row["value"], "£1,200,000.00");
        assert_eq!(row["date"], "2019-04-01");
        assert_eq!(v.tables["claims"], Vec::<BTreeMap<String, String>>::new());
    }

    #[test]
    fn bad_values_are_refused_naming_the_cell_and_the_rule() {
        let s = schema(Section::of(11)).unwrap();
        let errs = s
            .validate(&values(
                &[("surprise", "x")],
                &[
                    (
                        "meetings",
                        vec![vec![("name", "Contract board"), ("implemented", "maybe")]],
                    ),
                    (
                        "audits",
                        vec![vec![("by", "The Times"), ("date", "31/02/2019")]],
                    ),
                ],
            ))
            .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "surprise",
                "meetings.0.implemented",
                "audits.0.by",
                "audits.0.date"
            ]
        );
        assert_eq!(errs[1].message, "Meeting 1 implemented must be yes or no");
        assert_eq!(
            errs[2].message,
            "Audit 1 audit by must be one of: Internal Audit, External party"
        );
    }

    #[test]
    fn missing_parts_name_fields_tables_and_cells() {
        let s = schema(Section::of(11)).unwrap();
        let v = s
            .validate(&values(
                &[],
                &[("meetings", vec![vec![("name", "Contract board")]])],
            ))
            .unwrap();
        let fields: Vec<_> = s.missing(&v).into_iter().map(|m| m.field).collect();
        assert_eq!(
            fields,
            [
                "meetings.0.frequency",
                "meetings.0.scope",
                "meetings.0.attendees",
                "meetings.0.implemented"
            ]
        );
        let empty = s.validate(&SectionValues::default()).unwrap();
        assert_eq!(s.missing(&empty)[0].field, "meetings");
    }

    #[test]
    fn cost_of_contract_management_as_a_percentage() {
        assert_eq!(
            cost_percentage(Pence(12_000_000), Pence(640_000_000)),
            Some(1.875)
        );
        assert_eq!(cost_percentage(Pence(1), Pence(0)), None);
    }
}
