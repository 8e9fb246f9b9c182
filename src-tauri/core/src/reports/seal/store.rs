//! Signing a report, checking it is still as signed, and amending it as a new version.

use crate::kernel::error::{CoreError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use crate::reports::evidence::store::{evidence_of, rehash_blob};
use crate::reports::seal::{
    differences, format_version_for, AssessmentRecord, AttestationRecord, EvidenceRecord,
    ReportDocument, SealState, SealStatus, Signature, FORMAT,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::Value;
use std::collections::BTreeMap;

/// The seal row of a signed report.
pub(crate) struct SealRow {
    pub signature: Signature,
    pub seal: String,
    pub document: String,
    pub imported: bool,
}

/// Signer, position and time: the first three columns of the queries below.
fn signature_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Signature> {
    Ok(Signature {
        signed_by: r.get(0)?,
        position: r.get(1)?,
        signed_at: r.get(2)?,
    })
}

pub(crate) fn seal_row(conn: &Connection, report_id: i64) -> Result<Option<SealRow>> {
    Ok(conn
        .query_row(
            "SELECT signed_by, position, signed_at, seal, document, origin FROM report_seal WHERE report_id = ?1",
            [report_id],
            |r| {
                Ok(SealRow {
                    signature: signature_from(r)?,
                    seal: r.get(3)?,
                    document: r.get(4)?,
                    imported: r.get::<_, String>(5)? == "imported",
                })
            },
        )
        .optional()?)
}

/// Who signed and when, without reading the signed document.
pub(crate) fn signature_of(conn: &Connection, report_id: i64) -> Result<Option<Signature>> {
    Ok(conn
        .query_row(
            "SELECT signed_by, position, signed_at FROM report_seal WHERE report_id = ?1",
            [report_id],
            signature_from,
        )
        .optional()?)
}

/// The report as one document, from the database as it is now. A signed report's
/// Section 1 is the contract details as they were when it was signed: the register may
/// move on (an extension, a new owner) without touching what was attested.
pub(crate) fn build_document(conn: &Connection, report_id: i64) -> Result<ReportDocument> {
    let sealed = seal_row(conn, report_id)?;
    let signed = sealed
        .as_ref()
        .and_then(|row| serde_json::from_str(&row.document).ok());
    assemble(
        conn,
        report_id,
        sealed.map(|row| row.signature),
        signed.as_ref(),
    )
}

/// The document from the database, given the report's signature and its signed copy
/// (`None` when that copy cannot be read) if it is signed.
fn assemble(
    conn: &Connection,
    report_id: i64,
    signature: Option<Signature>,
    signed: Option<&ReportDocument>,
) -> Result<ReportDocument> {
    let (uid, version, title, meeting_date, framework_version): (String, u32, String, _, String) =
        conn.query_row(
            "SELECT uid, version, title, meeting_date, framework_id FROM maturity_report WHERE id = ?1",
            [report_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: "Maturity report",
            key: report_id.to_string(),
        })?;
    let contracts = match (&signature, signed) {
        (Some(_), Some(d)) => d.contracts.clone(),
        (Some(_), None) => Vec::new(),
        (None, _) => crate::reports::store::contracts_of(conn, report_id)?
            .into_iter()
            .map(|c| c.details)
            .collect(),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT activity, current_level, target_level, rationale, below_current_reason
         FROM activity_assessment WHERE report_id = ?1 ORDER BY activity",
    )?;
    let assessment = stmt
        .query_map([report_id], |r| {
            Ok(AssessmentRecord {
                activity: r.get(0)?,
                current_level: r.get(1)?,
                target_level: r.get(2)?,
                rationale: r.get(3)?,
                below_current_reason: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let a = crate::reports::attestation::store::stored_attestation(conn, report_id)?;
    // A signed report keeps the council's short name it was signed with.
    let council = match signed.and_then(|d| d.attestation.council()) {
        Some(c) => c.to_owned(),
        None => crate::organisation::store::organisation(conn)?.short_name,
    };
    let attestation =
        AttestationRecord::new(a.owner_name, a.position, a.owner_since, a.choices, &council);
    let mut stmt = conn.prepare_cached(
        "SELECT section, document FROM report_section WHERE report_id = ?1 ORDER BY section",
    )?;
    let sections = stmt
        .query_map([report_id], |r| {
            Ok((r.get::<_, i64>(0)?.to_string(), r.get::<_, String>(1)?))
        })?
        .map(|row| {
            let (k, json) = row?;
            Ok((k, serde_json::from_str::<Value>(&json)?))
        })
        .collect::<Result<BTreeMap<_, _>>>()?;
    let evidence = evidence_of(conn, report_id)?
        .into_iter()
        .map(|e| EvidenceRecord {
            target: e.target,
            file_name: e.file_name,
            description: e.description,
            size: e.size,
            sha256: e.sha256,
        })
        .collect();
    Ok(ReportDocument {
        format: FORMAT.into(),
        format_version: format_version_for(&sections),
        uid,
        version,
        title,
        meeting_date,
        framework_version,
        contracts,
        assessment,
        attestation,
        sections,
        evidence,
        signature,
    })
}

/// Checks a signed report against its seal: every field, and every evidence file's bytes.
pub(crate) fn check_seal(conn: &Connection, report_id: i64) -> Result<SealStatus> {
    let Some(row) = seal_row(conn, report_id)? else {
        crate::reports::store::status_of(conn, report_id)?;
        return Ok(SealStatus {
            state: SealState::NotSigned,
            signature: None,
            seal: None,
            imported: false,
            changes: Vec::new(),
        });
    };
    let mut changes = Vec::new();
    let activities = crate::framework::report_activities(conn, report_id)?;
    let signed: Option<ReportDocument> = serde_json::from_str(&row.document).ok();
    let current = assemble(
        conn,
        report_id,
        Some(row.signature.clone()),
        signed.as_ref(),
    )?;
    match &signed {
        Some(d) if d.seal() == row.seal => {
            if current.seal() != row.seal {
                changes.extend(differences(d, &current, &activities));
                if changes.is_empty() {
                    changes.push("The report's stored data no longer matches its seal".into());
                }
            }
        }
        _ => changes.push(
            "The signed copy kept with the report has itself been altered, so what changed cannot be told"
                .into(),
        ),
    }
    for e in &current.evidence {
        match rehash_blob(conn, &e.sha256)? {
            Some(h) if h == e.sha256 => {}
            Some(_) => changes.push(format!(
                "The content of evidence file \"{}\" ({}) has been replaced",
                e.file_name,
                e.target.describe(&activities)
            )),
            None => changes.push(format!(
                "The content of evidence file \"{}\" ({}) is missing",
                e.file_name,
                e.target.describe(&activities)
            )),
        }
    }
    Ok(SealStatus {
        state: if changes.is_empty() {
            SealState::Intact
        } else {
            SealState::ChangedAfterAttestation
        },
        signature: Some(row.signature),
        seal: Some(row.seal),
        imported: row.imported,
        changes,
    })
}

pub(crate) fn insert_seal(
    tx: &Transaction<'_>,
    report_id: i64,
    doc: &ReportDocument,
    imported: bool,
) -> Result<String> {
    let sig = doc
        .signature
        .as_ref()
        .ok_or_else(|| CoreError::NotAttested {
            id: report_id,
            action: "sealed",
        })?;
    let seal = doc.seal();
    let canonical = String::from_utf8(doc.canonical()).expect("canonical JSON is UTF-8");
    tx.execute(
        "INSERT INTO report_seal (report_id, signed_by, position, signed_at, seal, document, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            report_id,
            sig.signed_by,
            sig.position,
            sig.signed_at,
            seal,
            canonical,
            if imported { "imported" } else { "signed" }
        ],
    )?;
    Ok(seal)
}

impl Store {
    /// The report as sealed, or as it would be sealed now: Section 1 as signed, the
    /// statements as answered and every evidence file's hash.
    pub fn report_document(&self, report_id: i64) -> Result<ReportDocument> {
        build_document(&self.conn, report_id)
    }

    /// Whether a report is signed, and whether it is still exactly as signed.
    pub fn verify_report(&self, report_id: i64) -> Result<SealStatus> {
        check_seal(&self.conn, report_id)
    }

    /// The contract owner signs Section 3: the whole report is sealed (SHA-256 of its
    /// canonical form, evidence hashes included), the signer and time recorded, and the
    /// report locked as submitted. Section 3 must be complete; other gaps are allowed and
    /// travel with the report.
    ///
    /// Errors: `Validation` naming each value typed into the report that is not saved yet
    /// (none may sit outside the seal) or each part of Section 3 still missing;
    /// `ReportLocked` when it is already signed.
    ///
    /// Returns the seal. Signing reads no evidence file (the hashes were checked as each
    /// was added); [`Store::verify_report`] re-reads them all.
    pub fn sign_report(&mut self, report_id: i64) -> Result<String> {
        self.edit_draft(report_id, |tx, stamp| {
            let unsaved = crate::reports::store::unsaved_in_report(tx, report_id)?;
            if !unsaved.is_empty() {
                return Err(CoreError::Validation(
                    unsaved.iter().map(|u| u.error()).collect(),
                ));
            }
            let attestation = crate::reports::attestation::store::attestation_of(tx, report_id)?;
            if !attestation.missing.is_empty() {
                return Err(CoreError::Validation(attestation.missing));
            }
            let mut doc = build_document(tx, report_id)?;
            doc.signature = Some(Signature {
                signed_by: attestation.owner_name,
                position: attestation.position,
                signed_at: stamp.to_owned(),
            });
            let seal = insert_seal(tx, report_id, &doc, false)?;
            // The board the owner was held to account to, as it reads when signed.
            tx.execute(
                "UPDATE report_seal SET board = ?2 WHERE report_id = ?1",
                params![
                    report_id,
                    crate::organisation::store::organisation(tx)?.board
                ],
            )?;
            tx.execute(
                "UPDATE maturity_report SET status = 'submitted' WHERE id = ?1",
                [report_id],
            )?;
            Ok(seal)
        })
    }

    /// Starts the next version of a submitted report, to amend it. Everything is copied
    /// except the seven statements, which are attested afresh; the earlier version stays
    /// as it was, signed and readable. If a draft version already exists it is returned.
    pub fn amend_report(&mut self, report_id: i64) -> Result<i64> {
        let tx = write_transaction(&mut self.conn)?;
        let (uid, status): (String, String) = tx
            .query_row(
                "SELECT uid, status FROM maturity_report WHERE id = ?1",
                [report_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                what: "Maturity report",
                key: report_id.to_string(),
            })?;
        if status == "draft" {
            return Ok(report_id);
        }
        if let Some(draft) = tx
            .query_row(
                "SELECT id FROM maturity_report WHERE uid = ?1 AND status = 'draft'",
                [&uid],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
        {
            return Ok(draft);
        }
        let stamp = now();
        tx.execute(
            "INSERT INTO maturity_report (title, meeting_date, status, framework_id, previous_report_id, created_at, updated_at, uid, version)
             SELECT title, meeting_date, 'draft', framework_id, previous_report_id, ?2, ?2, uid,
                    (SELECT max(version) + 1 FROM maturity_report WHERE uid = ?3)
             FROM maturity_report WHERE id = ?1",
            params![report_id, stamp, uid],
        )?;
        let id = tx.last_insert_rowid();
        for sql in [
            "INSERT INTO report_contract (report_id, contract_id, position)
             SELECT ?1, contract_id, position FROM report_contract WHERE report_id = ?2",
            "INSERT INTO evidence (report_id, target_kind, target_number, target_row, file_name, description, sha256, size, added_at)
             SELECT ?1, target_kind, target_number, target_row, file_name, description, sha256, size, added_at
             FROM evidence WHERE report_id = ?2 ORDER BY id",
        ] {
            tx.execute(sql, params![id, report_id])?;
        }
        for sql in [
            "INSERT INTO activity_assessment (report_id, activity, current_level, target_level, rationale, below_current_reason, to_confirm, updated_at)
             SELECT ?1, activity, current_level, target_level, rationale, below_current_reason, 0, ?3
             FROM activity_assessment WHERE report_id = ?2",
            "INSERT INTO report_section (report_id, section, document, updated_at, to_confirm)
             SELECT ?1, section, document, ?3, 0 FROM report_section WHERE report_id = ?2",
            "INSERT INTO attestation (report_id, owner_name, position, owner_since, updated_at)
             SELECT ?1, owner_name, position, owner_since, ?3 FROM attestation WHERE report_id = ?2",
        ] {
            tx.execute(sql, params![id, report_id, stamp])?;
        }
        // A successor who took the contract on since starts the next version as its owner.
        crate::reports::store::owner_from_history(&tx, id, &stamp)?;
        tx.commit()?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::attestation::AttestationInput;
    use crate::reports::evidence::{Annex, EvidenceTarget};
    use crate::reports::ReportStatus;
    use crate::test_support::{store_with_draft_report, write_file as file};

    fn attest(s: &mut Store, id: i64) {
        s.save_attestation(id, &crate::fixtures::attestation_input())
            .unwrap();
    }

    #[test]
    fn no_value_typed_but_not_saved_can_sit_outside_a_seal() {
        let (mut s, id) = store_with_draft_report();
        attest(&mut s, id);
        let mut payments = crate::reports::sections::financial::FinancialInput {
            period_end: "2026-03".into(),
            actual: vec!["1000".into(); 12],
            ..Default::default()
        };
        payments.actual[1] = "£1.2.3".into();
        s.save_financial(id, &payments).unwrap();
        let err = s.sign_report(id).unwrap_err();
        let fields = err.reply().fields;
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, "section_6.actual.1");
        assert!(
            fields[0]
                .message
                .starts_with("Section 6, Financial performance: Actual payments for May 2025"),
            "{}",
            fields[0].message
        );
        assert_eq!(s.report_status(id).unwrap(), ReportStatus::Draft);
        payments.actual[1] = "£1,200".into();
        assert!(s.save_financial(id, &payments).unwrap().kept.is_empty());
        s.sign_report(id).unwrap();
        assert_eq!(s.verify_report(id).unwrap().state, SealState::Intact);
    }

    #[test]
    fn signing_needs_section_3_then_locks_and_verifies() {
        let (mut s, id) = store_with_draft_report();
        let err = s.sign_report(id).unwrap_err();
        assert!(err.reply().fields.iter().any(|f| f.field == "statement_1"));
        attest(&mut s, id);
        let dir = tempfile::tempdir().unwrap();
        s.add_evidence(
            id,
            &EvidenceTarget::Activity { activity: 1 },
            &[file(dir.path(), "plan.pdf", b"plan")],
            "",
        )
        .unwrap();
        let seal = s.sign_report(id).unwrap();
        let status = s.verify_report(id).unwrap();
        assert_eq!(status.seal.as_deref(), Some(seal.as_str()));
        assert_eq!(status.state, SealState::Intact);
        assert_eq!(status.signature.unwrap().signed_by, "Rebecca Spore");
        assert_eq!(s.report_status(id).unwrap(), ReportStatus::Submitted);
        assert!(matches!(
            s.save_attestation(id, &AttestationInput::default()),
            Err(CoreError::ReportLocked { .. })
        ));
        assert!(matches!(
            s.add_evidence(
                id,
                &EvidenceTarget::Annex {
                    annex: Annex::ContractHandbook
                },
                &[file(dir.path(), "h.pdf", b"h")],
                ""
            ),
            Err(CoreError::ReportLocked { .. })
        ));
        // Editing the register afterwards does not disturb what was signed.
        s.conn
            .execute("UPDATE contract SET expiry_date = '2040-01-01'", [])
            .unwrap();
        assert_eq!(s.verify_report(id).unwrap().state, SealState::Intact);
    }

    #[test]
    fn amending_makes_a_new_draft_version_and_keeps_the_old_one() {
        let (mut s, id) = store_with_draft_report();
        attest(&mut s, id);
        let dir = tempfile::tempdir().unwrap();
        s.add_evidence(
            id,
            &EvidenceTarget::Section { section: 4 },
            &[file(dir.path(), "org.png", b"organogram")],
            "Organogram",
        )
        .unwrap();
        s.sign_report(id).unwrap();
        let v2 = s.amend_report(id).unwrap();
        assert_ne!(v2, id);
        assert_eq!(
            s.amend_report(id).unwrap(),
            v2,
            "one draft version at a time"
        );
        assert_eq!(s.report_status(v2).unwrap(), ReportStatus::Draft);
        let (d1, d2) = (
            build_document(&s.conn, id).unwrap(),
            build_document(&s.conn, v2).unwrap(),
        );
        assert_eq!(d2.version, 2);
        assert_eq!(d1.uid, d2.uid);
        assert_eq!(d2.evidence, d1.evidence);
        assert_eq!(d2.attestation.choices, vec![None; 7]);
        assert_eq!(d2.attestation.owner_name, "Rebecca Spore");
        assert_eq!(s.verify_report(v2).unwrap().state, SealState::NotSigned);
        assert_eq!(s.verify_report(id).unwrap().state, SealState::Intact);
    }
}
