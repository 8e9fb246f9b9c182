//! Handover when a contract owner leaves: one or more contracts handed to a successor,
//! with their draft reports, open actions and planned reviews, and the history of owners
//! kept with dates (`owner_history`, migration 0020). The successor gets a handover
//! summary: what is in progress, which actions are open or overdue, when the next review
//! is planned, what the last review asked for, and the previous owner's note.
//!
//! A report the previous owner signed stays theirs and stays sealed; the successor starts
//! the next version. A draft becomes the successor's: Section 3 names them, owner since
//! the day of handover, and its seven statements are to be answered afresh.

pub(crate) mod store;

use crate::kernel::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The longest note the previous owner may leave, in characters.
pub const MAX_NOTE: usize = 5_000;

/// A handover as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct HandoverInput {
    /// The contracts handed over; at least one.
    pub contract_ids: Vec<i64>,
    /// Who takes them on: "Sam Okafor".
    pub successor: String,
    /// Their position, for Section 3 of their reports: "Head of Facilities Management".
    pub position: String,
    /// The day they become contract owner, ISO or DD/MM/YYYY.
    pub handed_over_on: String,
    /// The previous owner's note to the successor.
    pub note: String,
}

/// A handover checked: names trimmed, the date read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidHandover {
    pub contract_ids: Vec<i64>,
    pub successor: String,
    pub position: String,
    pub handed_over_on: NaiveDate,
    pub note: String,
}

impl HandoverInput {
    /// Errors: one `FieldError` per rule broken, on `contract_ids`, `successor`,
    /// `position`, `handed_over_on` or `note`.
    pub fn validate(&self) -> Result<ValidHandover, Vec<FieldError>> {
        let mut e = Vec::new();
        if self.contract_ids.is_empty() {
            e.push(FieldError::new(
                "contract_ids",
                "Choose at least one contract to hand over",
            ));
        }
        let successor = crate::review::text_field(
            &mut e,
            "successor",
            "the successor's name",
            &self.successor,
            200,
            true,
        );
        let position = crate::review::text_field(
            &mut e,
            "position",
            "the successor's position",
            &self.position,
            200,
            false,
        );
        let on = crate::review::date_field(
            &mut e,
            "handed_over_on",
            "the day the successor becomes contract owner",
            &self.handed_over_on,
            true,
        );
        let note = self.note.trim().to_owned();
        if note.chars().count() > MAX_NOTE {
            e.push(FieldError::new(
                "note",
                format!(
                    "The note to the successor must be {} characters or fewer",
                    crate::kernel::money::thousands(MAX_NOTE as u64)
                ),
            ));
        }
        match on {
            Some(handed_over_on) if e.is_empty() => Ok(ValidHandover {
                contract_ids: self.contract_ids.clone(),
                successor,
                position,
                handed_over_on,
                note,
            }),
            _ => Err(e),
        }
    }
}

/// One owner of a contract over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OwnerPeriod {
    pub owner: String,
    pub position: String,
    /// `None` where not known (an owner recorded before the history began).
    pub since: Option<NaiveDate>,
    /// `None` for the owner now.
    pub until: Option<NaiveDate>,
}

/// An action of the group still to do, as the successor inherits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandoverAction {
    pub text: String,
    pub owner: String,
    pub due: NaiveDate,
    /// "Open" or "In progress".
    pub status: String,
    pub overdue: bool,
}

/// What the last review of the contract asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct LastReview {
    pub held_on: NaiveDate,
    /// "Reviewed with concerns"; "Not yet recorded".
    pub outcome: String,
    /// The date the group asked the contract to return by, for a re-review.
    pub return_by: Option<NaiveDate>,
    pub recommendations: Vec<String>,
}

/// One contract in a handover summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandoverContract {
    pub contract_id: i64,
    pub name: String,
    pub reference: String,
    /// Its owners, earliest first; the last is the owner now.
    pub owners: Vec<OwnerPeriod>,
    /// The owner before the one now, and the note they left; empty when there was none.
    pub previous_owner: String,
    pub note: String,
    /// Reports in progress: "Facilities management 2026, version 2: draft, 9 of 12 sections complete".
    pub in_progress: Vec<String>,
    /// Open and in-progress actions, overdue first.
    pub actions: Vec<HandoverAction>,
    /// "12 March 2027", "April 2027 (date tbc)"; `None` when no review is planned.
    pub next_review: Option<String>,
    pub last_review: Option<LastReview>,
}

/// What the successor needs to carry on, contract by contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandoverSummary {
    /// The owner now of the first contract: the successor.
    pub owner: String,
    /// The day the summary was read, for "overdue".
    pub today: NaiveDate,
    pub contracts: Vec<HandoverContract>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handover_needs_contracts_a_successor_and_a_day() {
        let e = HandoverInput::default().validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["contract_ids", "successor", "handed_over_on"]);
        let long = HandoverInput {
            contract_ids: vec![1],
            successor: "Sam Okafor".into(),
            handed_over_on: "31/02/2027".into(),
            note: "x".repeat(MAX_NOTE + 1),
            ..Default::default()
        };
        let e = long.validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["handed_over_on", "note"]);
        assert!(e[1].message.contains("5,000"), "{}", e[1].message);
        let ok = HandoverInput {
            contract_ids: vec![1],
            successor: " Sam Okafor ".into(),
            handed_over_on: "1/3/2027".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.successor, "Sam Okafor");
        assert_eq!(
            ok.handed_over_on,
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
        );
    }
}
