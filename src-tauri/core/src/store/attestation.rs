//! Section 3 in the database.

use super::{now, Store};
use crate::attestation::{Attestation, AttestationInput, ValidAttestation};
use crate::error::{CoreError, Result};
use rusqlite::{params, Connection, OptionalExtension};

/// Section 3 as stored; blank when never saved.
pub(super) fn stored_attestation(conn: &Connection, report_id: i64) -> Result<ValidAttestation> {
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

pub(super) fn attestation_of(conn: &Connection, report_id: i64) -> Result<Attestation> {
    Ok(Attestation::from_parts(&stored_attestation(
        conn, report_id,
    )?))
}

impl Store {
    pub fn attestation(&self, report_id: i64) -> Result<Attestation> {
        self.report_status(report_id)?;
        attestation_of(&self.conn, report_id)
    }

    /// Saves Section 3 as typed. Only a draft report can be changed.
    pub fn save_attestation(
        &mut self,
        report_id: i64,
        input: &AttestationInput,
    ) -> Result<Attestation> {
        let today = chrono::Local::now().date_naive();
        let v = input.validate(today).map_err(CoreError::Validation)?;
        let tx = self.conn.transaction()?;
        super::reports::require_draft(&tx, report_id)?;
        let stamp = now();
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
        super::reports::touch(&tx, report_id, &stamp)?;
        tx.commit()?;
        attestation_of(&self.conn, report_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::store_with_draft_report;
    use crate::tasks::TaskState;

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
    fn bad_input_changes_nothing() {
        let (mut s, id) = store_with_draft_report();
        s.save_attestation(
            id,
            &AttestationInput {
                owner_name: "A".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let err = s
            .save_attestation(
                id,
                &AttestationInput {
                    owner_name: "B".into(),
                    choices: vec![Some(5)],
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.report().fields[0].field, "statement_1");
        assert_eq!(s.attestation(id).unwrap().owner_name, "A");
        assert!(matches!(s.attestation(99), Err(CoreError::NotFound { .. })));
    }
}
