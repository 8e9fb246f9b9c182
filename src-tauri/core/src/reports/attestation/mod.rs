//! Section 3: the attestation by the contract owner, worded exactly as the council's
//! template has it. Each of the seven statements has two choices ("Delete as appropriate;
//! do not amend"): the wording cannot be edited, only one of the two chosen.

pub(crate) mod store;

use crate::contracts::parse_date;
use crate::kernel::error::FieldError;
use crate::organisation::{Organisation, COUNCIL};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One of the seven statements. `before [first/second] after` is the template's text.
pub struct StatementText {
    pub before: &'static str,
    pub options: [&'static str; 2],
    pub after: &'static str,
    /// Which option is the negative side, a red flag for the sub-group.
    pub red_flag: usize,
}

pub const STATEMENTS: [StatementText; 7] = [
    StatementText { before: "I", options: ["have", "have not"], after: "read and understood the main provisions of the most up-to-date version of the contract(s)", red_flag: 1 },
    StatementText { before: "The contract(s)", options: ["are", "are not"], after: "concurrent with the business requirements", red_flag: 1 },
    StatementText { before: "The contract(s)", options: ["have", "have not"], after: "been extended and/or amended solely in writing and with the appropriate authority", red_flag: 1 },
    StatementText { before: "{council}'s rights under the contract(s)", options: ["have", "have not"], after: "been waived by the conduct of the people managing the contract(s)", red_flag: 0 },
    StatementText { before: "Performance", options: ["is", "is not"], after: "being reported accurately in accordance with the contract(s)", red_flag: 1 },
    StatementText { before: "The main/material provisions of the contract(s)", options: ["have", "have not"], after: "been breached", red_flag: 0 },
    StatementText { before: "Payments", options: ["have", "have not"], after: "been made to reflect actual performance and the provisions of the contract(s) using tri-lateral governance viz., operational, commercial and financial sign-off", red_flag: 1 },
];

/// The template's words around the statements; `{board}` is the council's board
/// (`crate::organisation`).
pub const OWNER_DEFINITION: &str = "The Contract Owner is the person that has overall day-to-day accountability for the contract i.e. is answerable for the performance the eight key activities in the maturity assessment set out in Section 1.";
pub const ACCOUNTABILITY: &str = "As the Contract Owner I understand that I am being held to account to the {board} for the management of the contract(s) and attest to the accuracy of the statements set out herein.";
pub const DELETE_AS_APPROPRIATE: &str = "Delete as appropriate; do not amend";

impl StatementText {
    /// As printed in the template, with the council's short name `council` put in:
    /// "I [have/have not]* read and understood …".
    pub fn template(&self, council: &str) -> String {
        format!(
            "{} [{}/{}]* {}",
            self.before.replace(COUNCIL, council),
            self.options[0],
            self.options[1],
            self.after
        )
    }

    /// The statement as answered, with the council's short name `council` put in: "I have
    /// read and understood …", "KCC's rights under the contract(s) have not been waived …".
    pub fn answered(&self, choice: usize, council: &str) -> String {
        format!(
            "{} {} {}",
            self.before.replace(COUNCIL, council),
            self.options[choice.min(1)],
            self.after
        )
    }
}

/// The council's short name as statement 4 words it ("KCC's rights under the contract(s)
/// have …"), read back from that statement as signed: a signed report keeps the name it was
/// signed with, so its seal holds whatever the council's settings say later. `None` when
/// `statement_4` is not statement 4 in words.
pub fn council_in(statement_4: &str) -> Option<&str> {
    let tail = STATEMENTS[3].before.strip_prefix(COUNCIL)?;
    statement_4
        .find(tail)
        .map(|end| &statement_4[..end])
        .filter(|c| !c.is_empty())
}

/// One statement as the front end shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Statement {
    pub number: u8,
    pub template: String,
    /// The full sentence for each of the two choices.
    pub choices: [String; 2],
    /// Which choice is the negative side.
    pub red_flag_choice: u8,
    pub chosen: Option<u8>,
}

/// Section 3 as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AttestationInput {
    pub owner_name: String,
    pub position: String,
    /// The date the signer became contract owner, ISO or DD/MM/YYYY.
    pub owner_since: String,
    /// The choice (0 or 1) in each of the seven statements, `None` while unanswered.
    pub choices: Vec<Option<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAttestation {
    pub owner_name: String,
    pub position: String,
    pub owner_since: Option<NaiveDate>,
    pub choices: [Option<u8>; 7],
}

/// Section 3 as stored, with the statements worded and what is still missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Attestation {
    pub owner_name: String,
    pub position: String,
    pub owner_since: Option<NaiveDate>,
    pub statements: Vec<Statement>,
    /// Numbers of the statements answered on the negative side.
    pub red_flags: Vec<u8>,
    pub missing: Vec<FieldError>,
    /// Values typed into the form that cannot be saved yet, kept as typed (`crate::kept`).
    pub kept: Vec<crate::kept::KeptValue>,
    /// The template's words around the statements, to show with them.
    pub owner_definition: String,
    pub accountability: String,
}

impl crate::kept::FormInput for AttestationInput {
    /// Statement 3 is named `statement_3` and is the third of `choices`.
    fn pointer(field: &str) -> Option<String> {
        match field.strip_prefix("statement_") {
            Some(n) => Some(format!(
                "/choices/{}",
                n.parse::<usize>().ok()?.checked_sub(1)?
            )),
            None => Some(crate::kept::dotted_pointer(field)),
        }
    }
}

impl AttestationInput {
    /// Refuses what cannot be stored: a choice other than 0 or 1, more than seven answers,
    /// a date that is not real or is in the future, over-long text.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidAttestation, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (field, label, value) in [
            ("owner_name", "Name", &self.owner_name),
            ("position", "Position", &self.position),
        ] {
            if value.trim().chars().count() > 200 {
                errors.push(FieldError::new(
                    field,
                    format!("{label} must be 200 characters or fewer"),
                ));
            }
        }
        let since = self.owner_since.trim();
        let owner_since = if since.is_empty() {
            None
        } else {
            match parse_date(since) {
                Some(d) if d > today => {
                    errors.push(FieldError::new(
                        "owner_since",
                        "The date you became contract owner must be today or in the past",
                    ));
                    None
                }
                Some(d) => Some(d),
                None => {
                    errors.push(FieldError::new(
                        "owner_since",
                        crate::kernel::dates::date_problem(
                            "The date you became contract owner",
                            since,
                        ),
                    ));
                    None
                }
            }
        };
        if self.choices.len() > STATEMENTS.len() {
            errors.push(FieldError::new(
                "choices",
                "There are only seven statements",
            ));
        }
        let mut choices = [None; 7];
        for (i, c) in self.choices.iter().take(7).enumerate() {
            match c {
                None => {}
                Some(0) => choices[i] = Some(0),
                Some(1) => choices[i] = Some(1),
                Some(_) => errors.push(FieldError::new(
                    &format!("statement_{}", i + 1),
                    format!(
                        "Statement {} must be answered with one of its two choices",
                        i + 1
                    ),
                )),
            }
        }
        if errors.is_empty() {
            Ok(ValidAttestation {
                owner_name: self.owner_name.trim().to_owned(),
                position: self.position.trim().to_owned(),
                owner_since,
                choices,
            })
        } else {
            Err(errors)
        }
    }
}

impl Attestation {
    pub fn from_parts(v: &ValidAttestation, org: &Organisation) -> Attestation {
        let council = &org.short_name;
        let statements: Vec<Statement> = STATEMENTS
            .iter()
            .zip(v.choices)
            .enumerate()
            .map(|(i, (s, chosen))| Statement {
                number: i as u8 + 1,
                template: s.template(council),
                choices: [s.answered(0, council), s.answered(1, council)],
                red_flag_choice: s.red_flag as u8,
                chosen,
            })
            .collect();
        let red_flags = statements
            .iter()
            .filter(|s| s.chosen == Some(s.red_flag_choice))
            .map(|s| s.number)
            .collect();
        let mut missing = Vec::new();
        if v.owner_name.is_empty() {
            missing.push(FieldError::new("owner_name", "Enter your name"));
        }
        if v.position.is_empty() {
            missing.push(FieldError::new("position", "Enter your position"));
        }
        if v.owner_since.is_none() {
            missing.push(FieldError::new(
                "owner_since",
                "Enter the date you became contract owner",
            ));
        }
        for s in &statements {
            if s.chosen.is_none() {
                missing.push(FieldError::new(
                    &format!("statement_{}", s.number),
                    format!("Choose one of the two options in statement {}", s.number),
                ));
            }
        }
        Attestation {
            owner_name: v.owner_name.clone(),
            position: v.position.clone(),
            owner_since: v.owner_since,
            statements,
            red_flags,
            missing,
            kept: Vec::new(),
            owner_definition: OWNER_DEFINITION.to_owned(),
            accountability: org.put_in(ACCOUNTABILITY),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    /// Every statement reads exactly as in the council's template.
    #[test]
    fn statements_are_word_for_word_from_the_template() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/reference/2017-09-contract-management-report-and-template.txt"
        );
        let template =
            std::fs::read_to_string(path).expect("the council's template in the test fixtures");
        let kent = Organisation::papers();
        for s in &STATEMENTS {
            assert!(
                template.contains(&format!("- {}", s.template("KCC"))),
                "{}",
                s.template("KCC")
            );
        }
        assert!(template.contains(OWNER_DEFINITION));
        assert!(template.contains(&kent.put_in(ACCOUNTABILITY)));
        assert!(template.contains(DELETE_AS_APPROPRIATE));
    }

    #[test]
    fn answers_read_as_sentences_and_negative_ones_are_red_flags() {
        let v = AttestationInput {
            owner_name: "Rebecca Spore".into(),
            position: "Director of Infrastructure".into(),
            owner_since: "01/04/2015".into(),
            choices: vec![
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(1),
            ],
        }
        .validate(today())
        .unwrap();
        let a = Attestation::from_parts(&v, &Organisation::papers());
        assert_eq!(a.statements[0].choices[0], "I have read and understood the main provisions of the most up-to-date version of the contract(s)");
        assert_eq!(a.statements[3].choices[1], "KCC's rights under the contract(s) have not been waived by the conduct of the people managing the contract(s)");
        // "rights have been waived" (4), "provisions have been breached" (6) and
        // "payments have not been made…" (7) are on the negative side.
        assert_eq!(a.red_flags, vec![4, 6, 7]);
        assert!(a.missing.is_empty());
        assert_eq!(council_in(&a.statements[3].choices[1]), Some("KCC"));
        let mut york = Organisation::papers();
        york.short_name = "City of York Council".into();
        york.board = "Corporate Management Team".into();
        let a = Attestation::from_parts(&v, &york);
        assert_eq!(a.statements[3].choices[0], "City of York Council's rights under the contract(s) have been waived by the conduct of the people managing the contract(s)");
        assert_eq!(
            council_in(&a.statements[3].choices[0]),
            Some("City of York Council")
        );
        assert_eq!(council_in(&a.statements[2].choices[0]), None);
        assert!(a
            .accountability
            .contains("held to account to the Corporate Management Team for"));
    }

    #[test]
    fn a_part_answer_is_kept_and_says_what_is_missing() {
        let v = AttestationInput {
            choices: vec![Some(0), None],
            ..Default::default()
        }
        .validate(today())
        .unwrap();
        let a = Attestation::from_parts(&v, &Organisation::papers());
        let fields: Vec<_> = a.missing.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "owner_name",
                "position",
                "owner_since",
                "statement_2",
                "statement_3",
                "statement_4",
                "statement_5",
                "statement_6",
                "statement_7"
            ]
        );
    }

    #[test]
    fn impossible_answers_are_refused_naming_the_field() {
        let errs = AttestationInput {
            owner_since: "2027-01-01".into(),
            choices: vec![Some(2), None, None, None, None, None, None, None],
            ..Default::default()
        }
        .validate(today())
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["owner_since", "choices", "statement_1"]);
    }
}
