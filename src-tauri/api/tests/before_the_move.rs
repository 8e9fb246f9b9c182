//! The output a council keeps, held still while the code was rearranged into feature
//! folders and layers: a move, not a rewrite, and provably so.
//!
//! `fixtures/before-the-move.sqlite3` is the large fixture (`tests/fixtures/large-report.json`),
//! loaded and signed once, before any code moved; signing stamps the clock, so a fixture
//! loaded afresh would differ. Its review pack (as of a fixed day) and its submission file
//! must come out of that same file byte for byte as they did then. To make the file again
//! (only when its format really changes, saying why): `CMM_WRITE_BEFORE_THE_MOVE=1 cargo
//! test -p cmm-api --test before_the_move -- --ignored`, then put the new hashes below.

use cmm_api::reports::pack_source;
use cmm_core::Store;
use cmm_pack::{contract_pack, Marking, PackOptions};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// SHA-256 of the review pack and the submission file, exported from the file below.
/// The pack's has changed on purpose, and only with issue 19's work on the documents: the
/// layout stopped cutting the group's name short in the running header and splitting words
/// in narrow table columns, then the pack became a tagged PDF (structure tree, PDF 1.7,
/// object streams, streams compressed at zlib's default level), its headings stopped
/// skipping a level (a sub-heading under a section's `H1` is an `H2`), its contents entries
/// became links to their pages, printpdf's PDF/X keys left the document information, the
/// cover's title became the document's first heading, and sub-headings under one heading
/// became siblings at one level (the second had been tagged one level below the first).
/// `pdftotext` reads the same text before and after, but for the header. Issue 20 changed
/// Section 5's table to the Performance Dashboard's columns (Latest Month, Month RAG, DoT,
/// Year to Date, YTD RAG, Target, Floor Standard, Previous Year), "N/a" where this file's
/// indicators hold no year to date or previous year; its second session made each row's
/// reference a row header (`TH`, scope Row) in Section 5's tables and grouped thousands in
/// the months' table (`pdftotext` reads the same words; only the spacing moves). Issue 22
/// made the council's names settings: the cover names the council (Kent County Council,
/// this file's, as every file made before is), and the template's two spellings of the board
/// became its one name, "Budget and Programme Delivery Board" (the cover's meeting line and
/// Section 12's "Support required from the …").
/// The submission file's has never changed: a report without the dashboard's columns is
/// still written as format version 1, byte for byte.
const PACK_SHA256: &str = "537e5d8acb3409adcb051e9e9f3b0e56add2cd7016bafc855de2cc5178611578";
const SUBMISSION_SHA256: &str = "5854161ca89e05b42073e37d384f4aa5235c85d103c062365a3269af815956e0";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/before-the-move.sqlite3")
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The pack and the submission of the file's one report: (pack, submission) hashes.
fn exports(store: &Store, dir: &Path) -> (String, String) {
    let id = store.reports().unwrap()[0].id;
    let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let src = pack_source(store, id, today).unwrap();
    let pack = contract_pack(
        &src,
        &PackOptions {
            marking: Marking::OfficialSensitive,
            ..Default::default()
        },
    );
    let file = dir.join("before-the-move.cmmsub");
    store.export_submission(id, &file).unwrap();
    (hex(&pack.bytes), hex(&std::fs::read(&file).unwrap()))
}

#[test]
fn the_pack_and_the_submission_are_as_they_were_before_the_move() {
    let dir = tempfile::tempdir().unwrap();
    // A copy: opening a file takes a safety copy beside it.
    let db = dir.path().join("before-the-move.sqlite3");
    std::fs::copy(fixture(), &db).unwrap();
    let store = Store::open(&db).unwrap();
    let id = store.reports().unwrap()[0].id;
    assert_eq!(
        store.verify_report(id).unwrap().state,
        cmm_core::reports::seal::SealState::Intact,
        "the report is signed and unchanged"
    );
    // A file in use before the council's names were settings was Kent County Council's:
    // it keeps Kent's names, and is not asked for them.
    assert_eq!(
        store.chosen_organisation().unwrap(),
        Some(cmm_core::organisation::Organisation::papers())
    );
    let (pack, submission) = exports(&store, dir.path());
    assert_eq!(pack, PACK_SHA256, "the review pack's bytes changed");
    assert_eq!(
        submission, SUBMISSION_SHA256,
        "the submission file's bytes changed"
    );
    // Another council's names change no signed report: its statements keep "KCC's rights",
    // its seal holds and its submission file is byte for byte the same.
    let mut store = store;
    let mut council =
        cmm_core::organisation::OrganisationInput::from(&store.organisation().unwrap());
    council.name = "Borsetshire County Council".into();
    council.short_name = "BCC".into();
    store.save_organisation(&council).unwrap();
    assert_eq!(
        store.verify_report(id).unwrap().state,
        cmm_core::reports::seal::SealState::Intact,
        "a report signed before the council's names changed still verifies"
    );
    assert!(store.attestation(id).unwrap().statements[3].choices[0].starts_with("KCC's rights"));
    assert_eq!(exports(&store, dir.path()).1, SUBMISSION_SHA256);
    // That version 1 file, made as the previous builds made it, imports and verifies.
    // Imported where the council's names are others, it verifies as signed.
    let mut group = Store::open(&dir.path().join("group.sqlite3")).unwrap();
    group.save_organisation(&council).unwrap();
    let file = dir.path().join("before-the-move.cmmsub");
    let imported = group.import_submission(&file).unwrap().report_id.unwrap();
    assert_eq!(
        group.verify_report(imported).unwrap().state,
        cmm_core::reports::seal::SealState::Intact
    );
}

#[test]
#[ignore = "makes the fixture; run only when its format really changes"]
fn write_the_fixture() {
    if std::env::var_os("CMM_WRITE_BEFORE_THE_MOVE").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("made.sqlite3");
    {
        let mut store = Store::open(&db).unwrap();
        cmm_core::fixtures::Fixture::large()
            .load(&mut store)
            .unwrap();
    }
    std::fs::copy(&db, fixture()).unwrap();
    let store = Store::open(&db).unwrap();
    let (pack, submission) = exports(&store, dir.path());
    println!("PACK_SHA256 = {pack}\nSUBMISSION_SHA256 = {submission}");
}
