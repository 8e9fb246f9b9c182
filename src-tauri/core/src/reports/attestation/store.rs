//! Section 3 in the database.

use crate::framework::Section;
use crate::kept::store::{keep_in_section, kept_in, section_form};
use crate::kept::{split, Split};
use crate::kernel::error::{CoreError, Result};
use crate::kernel::Store;
use crate::organisation::Organisation;
use crate::reports::attestation::{Attestation, AttestationInput, ValidAttestation};
use crate::reports::seal::ReportDocument;
use rusqlite::{params, Connection, OptionalExtension};

/// Section 3 as stored; blank when never saved.
pub(crate) fn stored_attestation(conn: &Connection, report_id: i64) -> Result<ValidAttestation> {
    let stored = conn
        .query_row(
            "SELECT owner_name, position, owner_since, statement_1, statement_2, statement_3,
                    statement_4, statement_5, statement_6, statement_7
             FROM attestation WHERE report_id = ?1",
            [report_id],
            |r| {
                let mut choices = [None; 7];
                for (i, c) in choices.iter_mut().enumerate() {
                    *c = r.get::<_, Option<u8>>(3 + i)?;
                }
                Ok(ValidAttestation {
                    owner_name: r.get(0)?,
                    position: r.get(1)?,
                    owner_since: r.get(2)?,
                    choices,
                })
            },
        )
        .optional()?;
    Ok(stored.unwrap_or(ValidAttestation {
        owner_name: String::new(),
        position: String::new(),
        owner_since: None,
        choices: [None; 7],
    }))
}

/// The council's names a report reads with: a signed report's short name and board as they
/// were when it was signed (the short name from its signed statements, the board kept with
/// its seal), so it reads as signed whatever the settings say later; otherwise, and for
/// what was not kept, the settings' names now.
pub(crate) fn report_organisation(conn: &Connection, report_id: i64) -> Result<Organisation> {
    let mut org = crate::organisation::store::organisation(conn)?;
    if let Some(council) = signed_council(conn, report_id)? {
        org.short_name = council;
    }
    let board: Option<String> = conn
        .query_row(
            "SELECT board FROM report_seal WHERE report_id = ?1",
            [report_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if let Some(board) = board {
        org.board = board;
    }
    Ok(org)
}

/// Section 3 as saved, with the values kept as typed, and the statements worded with the
/// council's names as signed (or, unsigned, as the settings have them now).
pub(crate) fn attestation_of(conn: &Connection, report_id: i64) -> Result<Attestation> {
    let org = report_organisation(conn, report_id)?;
    let mut a = Attestation::from_parts(&stored_attestation(conn, report_id)?, &org);
    a.kept = kept_in(conn, &section_form(report_id, Section::of(3)))?;
    Ok(a)
}

/// The council's short name a signed report's statements were worded with; `None` for a
/// report not signed (or whose signed copy cannot be read).
fn signed_council(conn: &Connection, report_id: i64) -> Result<Option<String>> {
    let signed: Option<String> = conn
        .query_row(
            "SELECT document FROM report_seal WHERE report_id = ?1",
            [report_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(signed
        .and_then(|d| serde_json::from_str::<ReportDocument>(&d).ok())
        .and_then(|d| d.attestation.council().map(str::to_owned)))
}

impl Store {
    /// The council's names report `report_id` reads with (see `report_organisation`): as
    /// signed, for a signed report.
    pub fn report_organisation(&self, report_id: i64) -> Result<Organisation> {
        report_organisation(&self.conn, report_id)
    }

    pub fn attestation(&self, report_id: i64) -> Result<Attestation> {
        self.report_status(report_id)?;
        attestation_of(&self.conn, report_id)
    }

    /// Saves Section 3 as typed: every good value is saved, and a value that cannot be
    /// stored (a date that is not real) changes nothing and is kept as typed.
    ///
    /// Errors: `Validation` for more than seven statements (nothing changes);
    /// `ReportLocked` once the report is signed.
    pub fn save_attestation(
        &mut self,
        report_id: i64,
        input: &AttestationInput,
    ) -> Result<Attestation> {
        let today = chrono::Local::now().date_naive();
        let Split { valid: v, kept } =
            split(input, |i| i.validate(today)).map_err(CoreError::Validation)?;
        self.edit_draft(report_id, |tx, stamp| {
            keep_in_section(tx, report_id, Section::of(3), &kept)?;
            tx.execute(
                "INSERT INTO attestation (report_id, owner_name, position, owner_since, statement_1, statement_2,
                     statement_3, statement_4, statement_5, statement_6, statement_7, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(report_id) DO UPDATE SET owner_name = excluded.owner_name, position = excluded.position,
                     owner_since = excluded.owner_since, statement_1 = excluded.statement_1,
                     statement_2 = excluded.statement_2, statement_3 = excluded.statement_3,
                     statement_4 = excluded.statement_4, statement_5 = excluded.statement_5,
                     statement_6 = excluded.statement_6, statement_7 = excluded.statement_7,
                     updated_at = excluded.updated_at",
                params![
                    report_id,
                    v.owner_name,
                    v.position,
                    v.owner_since,
                    v.choices[0],
                    v.choices[1],
                    v.choices[2],
                    v.choices[3],
                    v.choices[4],
                    v.choices[5],
                    v.choices[6],
                    stamp
                ],
            )?;
            Ok(())
        })?;
        attestation_of(&self.conn, report_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::TaskState;
    use crate::test_support::store_with_draft_report;

    #[test]
    fn section_3_is_empty_then_saved_then_complete() {
        let (mut s, id) = store_with_draft_report();
        let empty = s.attestation(id).unwrap();
        assert_eq!(empty.statements.len(), 7);
        assert_eq!(empty.missing.len(), 10);
        assert_eq!(s.report(id).unwrap().tasks[2].state, TaskState::NotStarted);

        let part = s
            .save_attestation(
                id,
                &AttestationInput {
                    owner_name: "Rebecca Spore".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(part.owner_name, "Rebecca Spore");
        assert_eq!(s.report(id).unwrap().tasks[2].state, TaskState::InProgress);

        let full = s
            .save_attestation(id, &crate::fixtures::attestation_input())
            .unwrap();
        assert!(full.missing.is_empty());
        assert!(full.red_flags.is_empty());
        assert_eq!(s.report(id).unwrap().tasks[2].state, TaskState::Complete);
    }

    #[test]
    fn a_bad_value_changes_nothing_and_is_kept_while_the_good_ones_are_saved() {
        let (mut s, id) = store_with_draft_report();
        s.save_attestation(
            id,
            &AttestationInput {
                owner_name: "A".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let saved = s
            .save_attestation(
                id,
                &AttestationInput {
                    owner_name: "B".into(),
                    choices: vec![Some(5)],
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(saved.owner_name, "B", "the good value beside it is saved");
        assert_eq!(
            saved.statements[0].chosen, None,
            "the bad one changes nothing"
        );
        assert_eq!(saved.kept.len(), 1);
        assert_eq!(saved.kept[0].field, "statement_1");
        assert_eq!(saved.kept[0].pointer, "/choices/0");
        assert_eq!(saved.kept[0].typed, serde_json::json!(5));
        assert_eq!(s.attestation(id).unwrap(), saved, "kept across a reopening");
        let report = s.report(id).unwrap();
        assert_eq!(report.unsaved.len(), 1);
        assert!(report.unsaved[0]
            .message
            .starts_with("Section 3, Attestation by the Contract Owner: Statement 1"));

        // Seven statements at most is a rule about the whole list: refused, nothing changes.
        let err = s
            .save_attestation(
                id,
                &AttestationInput {
                    owner_name: "C".into(),
                    choices: vec![None; 8],
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.reply().fields[0].field, "choices");
        assert_eq!(s.attestation(id).unwrap(), saved);
        assert!(matches!(s.attestation(99), Err(CoreError::NotFound { .. })));
    }
}
