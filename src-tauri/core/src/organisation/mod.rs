//! The council using the app: its name and short name, the board the review sub-group
//! belongs to, the committee that receives the six-month update, and who the feedback letter
//! goes to and who signs it. Chosen on first start and changeable later.
//!
//! The council's template names the council in its wording ("Fulfilment of KCC's
//! obligations"; "held to account to the Budget and Programme Delivery Board"). That wording
//! is kept word for word with the names as placeholders, `{council}` for the short name and
//! `{board}` for the board, and [`Organisation::put_in`] puts this council's names in.

pub(crate) mod store;

use crate::kernel::error::FieldError;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Where the template's wording names the council by its short name ("KCC").
pub const COUNCIL: &str = "{council}";
/// Where the template's wording names the board the review sub-group belongs to.
pub const BOARD: &str = "{board}";

/// The longest name, short name, board or committee, in characters.
pub const MAX_NAME: usize = 200;
/// The longest short name, in characters: it is read inside sentences ("KCC's rights").
pub const MAX_SHORT_NAME: usize = 40;
/// The most people the feedback letter goes to.
pub const MAX_ADDRESSEES: usize = 6;

/// A person by name and role: "Jane Smith", "Corporate Director of Adult Social Care".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Addressee {
    pub name: String,
    pub role: String,
}

impl Addressee {
    /// "Jane Smith, Corporate Director", or the role alone ("the Corporate Director") while
    /// no name is given.
    pub fn line(&self) -> String {
        match (self.name.is_empty(), self.role.is_empty()) {
            (false, false) => format!("{}, {}", self.name, self.role),
            (false, true) => self.name.clone(),
            (true, _) => format!("the {}", self.role),
        }
    }
}

/// The council's names, as chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Organisation {
    /// "Kent County Council".
    pub name: String,
    /// "KCC": what the template's wording calls the council.
    pub short_name: String,
    /// "Budget and Programme Delivery Board": the review sub-group is a sub-group of it.
    pub board: String,
    /// "Policy and Resources Cabinet Committee": receives the six-month update.
    pub committee: String,
    /// Who the feedback letter goes to, in order; at least one.
    pub letter_to: Vec<Addressee>,
    /// Who signs the feedback letter for the review group; blank until named.
    pub signed_by: Addressee,
}

impl Organisation {
    /// Kent County Council's names, as its papers give them (the 2017 report to the Policy
    /// and Resources Cabinet Committee, `reference/2017-09-contract-management-report-and-
    /// template.txt`, and the 2019 six-month update): the defaults offered on first start.
    /// The feedback letter went "to the Corporate Director and the Cabinet Member"; their
    /// names are the council's to give.
    pub fn papers() -> Organisation {
        Organisation {
            name: "Kent County Council".into(),
            short_name: "KCC".into(),
            board: "Budget and Programme Delivery Board".into(),
            committee: "Policy and Resources Cabinet Committee".into(),
            letter_to: vec![
                Addressee {
                    name: String::new(),
                    role: "Corporate Director".into(),
                },
                Addressee {
                    name: String::new(),
                    role: "Cabinet Member".into(),
                },
            ],
            signed_by: Addressee::default(),
        }
    }

    /// The template's wording with this council's names put in: `{council}` becomes the
    /// short name and `{board}` the board. Text without them comes back as it is.
    pub fn put_in(&self, template: &str) -> String {
        template
            .replace(COUNCIL, &self.short_name)
            .replace(BOARD, &self.board)
    }

    /// Whether everyone the letter goes to, and whoever signs it, is named: the letter is
    /// then ready to send.
    pub fn letter_named(&self) -> bool {
        self.letter_to.iter().all(|a| !a.name.is_empty()) && !self.signed_by.name.is_empty()
    }
}

/// The council's names as typed in the settings form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct OrganisationInput {
    pub name: String,
    pub short_name: String,
    pub board: String,
    pub committee: String,
    /// Rows left wholly blank are dropped.
    pub letter_to: Vec<Addressee>,
    pub signed_by: Addressee,
}

impl From<&Organisation> for OrganisationInput {
    fn from(o: &Organisation) -> Self {
        OrganisationInput {
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            board: o.board.clone(),
            committee: o.committee.clone(),
            letter_to: o.letter_to.clone(),
            signed_by: o.signed_by.clone(),
        }
    }
}

/// One line of text, trimmed, with runs of spaces and line breaks made one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl OrganisationInput {
    /// Checks every value; returns the names trimmed, each on one line.
    ///
    /// Errors: one `FieldError` per rule broken, on `name`, `short_name`, `board`,
    /// `committee`, `letter_to` (none given, or too many), `letter_to.N.role` or
    /// `letter_to.N.name` (N from 0, as the form lists them), `signed_by.name` or
    /// `signed_by.role`.
    pub fn validate(&self) -> Result<Organisation, Vec<FieldError>> {
        let mut e = Vec::new();
        let mut text = |field: &str, what: &str, value: &str, required: bool, max: usize| {
            let v = one_line(value);
            if v.is_empty() && required {
                e.push(FieldError::new(field, format!("Enter {what}")));
            } else if v.chars().count() > max {
                let what = crate::kernel::error::capitalise(what);
                e.push(FieldError::new(
                    field,
                    format!("{what} must be {max} characters or fewer"),
                ));
            } else if v.contains('{') || v.contains('}') {
                let what = crate::kernel::error::capitalise(what);
                e.push(FieldError::new(
                    field,
                    format!("{what} cannot contain the characters {{ or }}"),
                ));
            }
            v
        };
        let name = text("name", "the council's name", &self.name, true, MAX_NAME);
        let short_name = text(
            "short_name",
            "the council's short name",
            &self.short_name,
            true,
            MAX_SHORT_NAME,
        );
        let board = text(
            "board",
            "the board the review sub-group belongs to",
            &self.board,
            true,
            MAX_NAME,
        );
        let committee = text(
            "committee",
            "the committee that receives the six-month update",
            &self.committee,
            true,
            MAX_NAME,
        );
        let mut letter_to = Vec::new();
        for (i, a) in self.letter_to.iter().enumerate() {
            let person = format!("person {} the letter goes to", i + 1);
            let name = text(
                &format!("letter_to.{i}.name"),
                &format!("the name of {person}"),
                &a.name,
                false,
                MAX_NAME,
            );
            let role_required = !name.is_empty();
            let role = text(
                &format!("letter_to.{i}.role"),
                &format!("the role of {person}"),
                &a.role,
                role_required,
                MAX_NAME,
            );
            if !name.is_empty() || !role.is_empty() {
                letter_to.push(Addressee { name, role });
            }
        }
        let signed_name = text(
            "signed_by.name",
            "the name of who signs the letter",
            &self.signed_by.name,
            // A role alone signs nothing: the letter needs a name above it.
            !one_line(&self.signed_by.role).is_empty(),
            MAX_NAME,
        );
        let signed_role = text(
            "signed_by.role",
            "the role of who signs the letter",
            &self.signed_by.role,
            !signed_name.is_empty(),
            MAX_NAME,
        );
        if letter_to.is_empty() {
            e.push(FieldError::new(
                "letter_to",
                "Enter at least one person the feedback letter goes to, by role",
            ));
        } else if letter_to.len() > MAX_ADDRESSEES {
            e.push(FieldError::new(
                "letter_to",
                format!("The feedback letter goes to {MAX_ADDRESSEES} people at most"),
            ));
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Organisation {
            name,
            short_name,
            board,
            committee,
            letter_to,
            signed_by: Addressee {
                name: signed_name,
                role: signed_role,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surrey() -> OrganisationInput {
        OrganisationInput {
            name: " Surrey  County Council ".into(),
            short_name: "SCC".into(),
            board: "Strategic Investment Board".into(),
            committee: "Resources and Performance Select Committee".into(),
            letter_to: vec![
                Addressee {
                    name: "Priya Shah".into(),
                    role: "Executive Director of Resources".into(),
                },
                Addressee::default(),
            ],
            signed_by: Addressee {
                name: "Tom Ellis".into(),
                role: "Chair, Contract Management Review Group".into(),
            },
        }
    }

    #[test]
    fn the_names_are_put_into_the_templates_wording() {
        let o = surrey().validate().unwrap();
        assert_eq!(o.name, "Surrey County Council");
        assert_eq!(o.letter_to.len(), 1, "a blank row is dropped");
        assert_eq!(
            o.put_in("Fulfilment of {council}'s obligations to the {board}"),
            "Fulfilment of SCC's obligations to the Strategic Investment Board"
        );
        assert!(o.letter_named());
        let kent = Organisation::papers();
        assert_eq!(
            kent.put_in("Obligations and dependencies on {council}"),
            "Obligations and dependencies on KCC"
        );
        assert!(!kent.letter_named());
        assert_eq!(kent.letter_to[0].line(), "the Corporate Director");
        assert_eq!(
            OrganisationInput::from(&kent).validate().unwrap(),
            kent,
            "the papers' names are valid as they are"
        );
    }

    #[test]
    fn each_bad_value_is_named_and_nothing_is_kept() {
        let mut bad = surrey();
        bad.name = "  ".into();
        bad.short_name = "S".repeat(MAX_SHORT_NAME + 1);
        bad.board = "{board}".into();
        bad.letter_to = vec![Addressee {
            name: "Priya Shah".into(),
            role: String::new(),
        }];
        bad.signed_by.role = String::new();
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect();
        assert_eq!(
            fields,
            [
                ("name".into(), "Enter the council's name".into()),
                (
                    "short_name".into(),
                    "The council's short name must be 40 characters or fewer".into()
                ),
                (
                    "board".into(),
                    "The board the review sub-group belongs to cannot contain the characters { or }"
                        .into()
                ),
                (
                    "letter_to.0.role".into(),
                    "Enter the role of person 1 the letter goes to".into()
                ),
                (
                    "signed_by.role".into(),
                    "Enter the role of who signs the letter".into()
                ),
            ]
        );
        let none = OrganisationInput {
            letter_to: vec![Addressee::default()],
            ..surrey()
        };
        assert_eq!(none.validate().unwrap_err()[0].field, "letter_to");
        let role_alone = OrganisationInput {
            signed_by: Addressee {
                name: " ".into(),
                role: "Chair".into(),
            },
            ..surrey()
        };
        assert_eq!(
            role_alone.validate().unwrap_err()[0].message,
            "Enter the name of who signs the letter"
        );
    }
}
