//! Tamper evidence: a signed report is changed behind the app's back, directly with SQL,
//! one mutation at a time, touching every section, the attestation, the evidence links,
//! the evidence bytes and the seal itself. Every one must be detected, and said where.

use cmm_core::reports::seal::SealState;
use cmm_core::Store;
use rusqlite::Connection;
use std::path::Path;

struct Mutation {
    what: &'static str,
    sql: String,
    /// Text the list of changes must contain.
    says: &'static str,
}

fn m(what: &'static str, sql: impl Into<String>, says: &'static str) -> Mutation {
    Mutation {
        what,
        sql: sql.into(),
        says,
    }
}

fn mutations() -> Vec<Mutation> {
    let mut list = vec![
        m("report title", "UPDATE maturity_report SET title = title || ' (edited)'", "title, meeting date"),
        m("meeting date", "UPDATE maturity_report SET meeting_date = '2027-01-05'", "title, meeting date"),
        m("version", "UPDATE maturity_report SET version = 9", "title, meeting date"),
        m(
            "Section 1 as signed",
            "UPDATE report_seal SET document = json_set(document, '$.contracts[0].expiry_date', '2031-03-31')",
            "signed copy kept with the report has itself been altered",
        ),
        m("the seal", "UPDATE report_seal SET seal = replace(seal, substr(seal, 1, 1), CASE substr(seal, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END)", "altered"),
        m("who signed", "UPDATE report_seal SET signed_by = 'Someone Else'", "Section 3 (Attestation by the Contract Owner) changed"),
        m("when signed", "UPDATE report_seal SET signed_at = '2020-01-01T00:00:00Z'", "Section 3"),
        m("owner name", "UPDATE attestation SET owner_name = 'R Spore'", "Section 3"),
        m("position", "UPDATE attestation SET position = 'Director'", "Section 3"),
        m("owner since", "UPDATE attestation SET owner_since = '2016-04-01'", "Section 3"),
        m("evidence file name", "UPDATE evidence SET file_name = 'renamed.pdf' WHERE target_kind = 'activity'", "\"governance-minutes.pdf\" (Activity 1: Planning and governance) was removed or changed"),
        m("evidence description", "UPDATE evidence SET description = '' WHERE target_kind = 'activity'", "governance-minutes.pdf"),
        m("evidence moved to another activity", "UPDATE evidence SET target_number = 2 WHERE target_kind = 'activity'", "was added"),
        m("evidence link removed", "DELETE FROM evidence WHERE target_kind = 'annex'", "contract-management-plan.docx"),
        m(
            "evidence link added",
            "INSERT INTO evidence (report_id, target_kind, target_number, target_row, file_name, description, sha256, size, added_at)
             SELECT report_id, 'activity', 7, '', 'extra.pdf', '', sha256, size, added_at FROM evidence LIMIT 1",
            "\"extra.pdf\" (Activity 7: Risk) was added",
        ),
        // A file added in the window is stored in parts (migration 0015).
        m("evidence bytes swapped", "UPDATE evidence_part SET data = zeroblob(length(data)) WHERE upload = (SELECT upload FROM evidence_blob WHERE id = (SELECT min(id) FROM evidence_blob))", "has been replaced"),
        m("evidence byte flipped", "UPDATE evidence_part SET data = CAST(replace(CAST(data AS TEXT), 'minutes', 'Minutes') AS BLOB)", "has been replaced"),
        m("evidence content deleted", "DELETE FROM evidence_blob WHERE id = (SELECT min(id) FROM evidence_blob)", "is missing"),
        m("evidence size", "UPDATE evidence SET size = size + 1 WHERE target_kind = 'row'", "kpi-1-evidence.xlsx"),
    ];
    for activity in 0..=8 {
        let says = if activity == 0 {
            "the overall row changed"
        } else {
            "Section 2 (Maturity assessment): Activity"
        };
        list.push(m(
            "Section 2 current level",
            format!("UPDATE activity_assessment SET current_level = 1 + (current_level % 5) WHERE activity = {activity}"),
            says,
        ));
        list.push(m(
            "Section 2 rationale",
            format!("UPDATE activity_assessment SET rationale = rationale || '.' WHERE activity = {activity}"),
            says,
        ));
    }
    list.push(m(
        "Section 2 target level",
        "UPDATE activity_assessment SET target_level = 5 WHERE activity = 3",
        "Activity 3: Administration changed",
    ));
    list.push(m(
        "Section 2 reason",
        "UPDATE activity_assessment SET below_current_reason = 'x' WHERE activity = 8",
        "Activity 8: Contract development changed",
    ));
    for i in 1..=7 {
        list.push(m(
            "a statement",
            format!("UPDATE attestation SET statement_{i} = 1 - statement_{i}"),
            "Section 3 (Attestation by the Contract Owner) changed",
        ));
    }
    for section in 4..=12 {
        list.push(m(
            "a section's stored answers",
            format!("UPDATE report_section SET document = json_set(document, '$.edited', 1) WHERE section = {section}"),
            "changed",
        ));
        list.push(m(
            "a section removed",
            format!("DELETE FROM report_section WHERE section = {section}"),
            "changed",
        ));
    }
    list.push(m("a KPI actual", "UPDATE report_section SET document = json_set(document, '$.indicators[0].actuals[0]', 1) WHERE section = 5", "Section 5 (Operational performance) changed"));
    list.push(m("a payment", "UPDATE report_section SET document = replace(document, '500000', '500001') WHERE section = 6", "Section 6 (Financial performance) changed"));
    list.push(m("a risk score", "UPDATE report_section SET document = json_set(document, '$.risks[0].current_likelihood', 5) WHERE section = 9", "Section 9 (Risk and mitigation) changed"));
    list
}

fn signed_db(dir: &Path) -> (std::path::PathBuf, i64) {
    let db = dir.join("signed.sqlite3");
    let mut s = Store::open(&db).unwrap();
    let id = cmm_core::fixtures::signed_report(&mut s, dir).unwrap();
    assert_eq!(s.verify_report(id).unwrap().state, SealState::Intact);
    (db, id)
}

#[test]
fn every_mutation_made_behind_the_apps_back_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = signed_db(dir.path());
    let list = mutations();
    assert!(list.len() > 60);
    for (i, mutation) in list.iter().enumerate() {
        let copy = dir.path().join(format!("m{i}.sqlite3"));
        std::fs::copy(&db, &copy).unwrap();
        {
            let c = Connection::open(&copy).unwrap();
            c.pragma_update(None, "foreign_keys", "OFF").unwrap();
            let changed = c.execute(&mutation.sql, []).unwrap();
            assert!(changed > 0, "{}: the SQL changed no row", mutation.what);
        }
        let s = Store::open(&copy).unwrap();
        let status = s.verify_report(id).unwrap();
        assert_eq!(
            status.state,
            SealState::ChangedAfterAttestation,
            "{} was not detected",
            mutation.what
        );
        let said = status.changes.join(" | ");
        assert!(
            said.contains(mutation.says),
            "{}: said {said}",
            mutation.what
        );
        // Nor will it leave as a submission.
        let err = s
            .export_submission(id, &dir.path().join(format!("m{i}.cmmsub")))
            .unwrap_err();
        assert_eq!(err.code(), cmm_core::ErrorCode::ChangedAfterAttestation);
    }
}

#[test]
fn the_seal_is_the_same_across_runs_and_after_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = signed_db(dir.path());
    let a = Store::open(&db).unwrap().verify_report(id).unwrap();
    let b = Store::open(&db).unwrap().verify_report(id).unwrap();
    assert_eq!(a.seal, b.seal);
    // A second database built the same way gives the same document apart from the
    // report's own identity and the signing time, which the seal must cover.
    let dir2 = tempfile::tempdir().unwrap();
    let (db2, id2) = signed_db(dir2.path());
    let c = Store::open(&db2).unwrap().verify_report(id2).unwrap();
    assert_ne!(a.seal, c.seal, "each report has its own identity");
}
