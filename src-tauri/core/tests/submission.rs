//! The submission file end to end in the core: export, import into another database,
//! re-import, a new version, and one crafted bad file per rejection reason, each of which
//! must be refused with a clear message and leave the database exactly as it was.

use cmm_core::reports::seal::SealState;
use cmm_core::reports::submission::ImportOutcome;
use cmm_core::{ErrorCode, Store};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    file: PathBuf,
    seal: String,
}

fn exported() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_owned();
    let mut s = Store::open(&path.join("owner.sqlite3")).unwrap();
    let id = cmm_core::fixtures::signed_report(&mut s, &path).unwrap();
    let file = path.join("submission.cmmsub");
    let summary = s.export_submission(id, &file).unwrap();
    // .ci/fuzz starts the fuzzer from a real submission file.
    if let Some(seeds) = std::env::var_os("CMM_FUZZ_SEED_DIR") {
        std::fs::create_dir_all(&seeds).unwrap();
        std::fs::copy(&file, PathBuf::from(seeds).join("valid.cmmsub")).unwrap();
    }
    Fixture {
        _dir: dir,
        dir: path,
        file,
        seal: summary.seal,
    }
}

/// Everything in the database that an import could touch, as text.
fn snapshot(s: &Store) -> String {
    s.dump_for_tests().unwrap()
}

/// A report on `contract` in `owner`, every section filled and attested, ready for its
/// evidence and signature: its id.
fn ready_to_sign(owner: &mut Store, contract: &cmm_core::contracts::ContractInput) -> i64 {
    let c = owner.save_contract(None, None, contract).unwrap();
    let id = owner
        .create_report(&cmm_core::reports::NewReportInput {
            contract_ids: vec![c.id],
            meeting_date: "2026-12-03".into(),
            ..Default::default()
        })
        .unwrap();
    cmm_core::fixtures::fill_report(owner, id).unwrap();
    owner
        .save_attestation(id, &cmm_core::fixtures::attestation_input())
        .unwrap();
    id
}

#[test]
fn a_submission_imports_on_another_machine_exactly_as_signed() {
    let f = exported();
    let mut other = Store::open(&f.dir.join("group.sqlite3")).unwrap();
    let checked = other.verify_submission(&f.file).unwrap();
    assert_eq!(checked.seal, f.seal);
    assert_eq!(checked.evidence_files, 3);
    let first = other.import_submission(&f.file).unwrap();
    assert_eq!(first.outcome, Some(ImportOutcome::Imported));
    let id = first.report_id.unwrap();
    let status = other.verify_report(id).unwrap();
    assert_eq!(status.state, SealState::Intact);
    assert_eq!(status.seal.as_deref(), Some(f.seal.as_str()));
    assert!(status.imported);
    assert_eq!(other.evidence(id).unwrap().len(), 3);
    assert_eq!(
        other.register().unwrap().contracts[0].reference,
        "FM-2016-001"
    );

    // The same file again changes nothing.
    let before = snapshot(&other);
    let again = other.import_submission(&f.file).unwrap();
    assert_eq!(again.outcome, Some(ImportOutcome::AlreadyPresent));
    assert_eq!(again.report_id, Some(id));
    assert_eq!(snapshot(&other), before);
    // Found by the fuzzer: a damaged copy of a report already here is still refused.
    let damaged = rewrite(
        &f.file,
        |n, mut b| {
            if n.starts_with("evidence/") {
                b[0] ^= 1;
            }
            vec![(n.into(), b)]
        },
        vec![],
    );
    let err = other
        .import_submission_from(Cursor::new(damaged))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SubmissionRejected);

    // Exporting the imported report gives the very same bytes.
    let round = f.dir.join("round.cmmsub");
    other.export_submission(id, &round).unwrap();
    assert_eq!(
        std::fs::read(&round).unwrap(),
        std::fs::read(&f.file).unwrap()
    );
}

#[test]
fn a_newer_version_is_added_beside_the_earlier_one() {
    let f = exported();
    let mut owner = Store::open(&f.dir.join("owner.sqlite3")).unwrap();
    let v1 = owner.reports().unwrap()[0].id;
    let v2 = owner.amend_report(v1).unwrap();
    owner
        .save_attestation(v2, &cmm_core::fixtures::attestation_input())
        .unwrap();
    owner.sign_report(v2).unwrap();
    let file2 = f.dir.join("v2.cmmsub");
    owner.export_submission(v2, &file2).unwrap();

    let mut group = Store::open(&f.dir.join("group.sqlite3")).unwrap();
    group.import_submission(&f.file).unwrap();
    let second = group.import_submission(&file2).unwrap();
    assert_eq!(second.outcome, Some(ImportOutcome::NewVersion));
    assert_eq!(second.version, 2);
    assert_eq!(group.reports().unwrap().len(), 2);
    assert_eq!(group.register().unwrap().contracts.len(), 1);
}

#[test]
fn an_unsigned_or_changed_report_is_not_exported() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let c = s
        .save_contract(
            None,
            None,
            &cmm_core::fixtures::contract_input("R-1", "Cleaning"),
        )
        .unwrap();
    let id = s
        .create_report(&cmm_core::reports::NewReportInput {
            contract_ids: vec![c.id],
            ..Default::default()
        })
        .unwrap();
    let err = s
        .export_submission(id, &dir.path().join("x.cmmsub"))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAttested);
    assert!(!dir.path().join("x.cmmsub").exists());
}

// ---- crafted bad files -------------------------------------------------------------

/// Rebuilds a valid submission, letting `edit` change, drop or add entries.
fn rewrite(
    valid: &Path,
    edit: impl Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>,
    extra: Vec<(String, Vec<u8>)>,
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(valid).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        for (n, b) in edit(&name, bytes) {
            out.start_file(n, opts).unwrap();
            out.write_all(&b).unwrap();
        }
    }
    for (n, b) in extra {
        out.start_file(n, opts).unwrap();
        out.write_all(&b).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn sha(b: &[u8]) -> String {
    cmm_core::reports::evidence::sha256_hex(b)
}

/// A file whose manifest is rewritten by `change` (the report left alone).
fn with_manifest(valid: &Path, change: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    rewrite(
        valid,
        |name, bytes| {
            if name == "manifest.json" {
                let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                change(&mut m);
                vec![(name.into(), serde_json::to_vec(&m).unwrap())]
            } else {
                vec![(name.into(), bytes)]
            }
        },
        vec![],
    )
}

/// The bytes of a submission's report.json.
fn report_json(file: impl Read + std::io::Seek) -> Vec<u8> {
    let mut report = Vec::new();
    zip::ZipArchive::new(file)
        .unwrap()
        .by_name("report.json")
        .unwrap()
        .read_to_end(&mut report)
        .unwrap();
    report
}

/// A file whose report.json is rewritten by `change`, with the manifest's hash of it
/// updated (so only the seal can tell).
fn with_report(valid: &Path, change: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let report = report_json(std::fs::File::open(valid).unwrap());
    let mut doc: serde_json::Value = serde_json::from_slice(&report).unwrap();
    change(&mut doc);
    let new_report = serde_json::to_vec(&doc).unwrap();
    let new_sha = sha(&new_report);
    rewrite(
        valid,
        move |name, bytes| match name {
            "report.json" => vec![(name.into(), new_report.clone())],
            "manifest.json" => {
                let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                m["report_sha256"] = new_sha.clone().into();
                vec![(name.into(), serde_json::to_vec(&m).unwrap())]
            }
            _ => vec![(name.into(), bytes)],
        },
        vec![],
    )
}

/// As `with_report`, and sealed again as if signed that way: a file made by another
/// program, which only the checks of each value can refuse.
fn with_report_resealed(valid: &Path, change: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let changed = with_report(valid, &change);
    let report = report_json(Cursor::new(changed.clone()));
    let doc: cmm_core::reports::seal::ReportDocument = serde_json::from_slice(&report).unwrap();
    let seal = doc.seal();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &changed).unwrap();
    with_manifest(file.path(), |m| m["seal"] = seal.clone().into())
}

#[test]
fn every_kind_of_bad_file_is_refused_and_changes_nothing() {
    let f = exported();
    let valid = std::fs::read(&f.file).unwrap();
    let first_evidence = |name: &str| name.starts_with("evidence/");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "an entry that climbs out of its folder",
            rewrite(
                &f.file,
                |n, b| vec![(n.into(), b)],
                vec![("../../etc/cron.d/evil".into(), b"x".to_vec())],
            ),
            "tries to reach outside the submission",
        ),
        (
            "an absolute path",
            rewrite(
                &f.file,
                |n, b| vec![(n.into(), b)],
                vec![("/tmp/evil".into(), b"x".to_vec())],
            ),
            "tries to reach outside the submission",
        ),
        (
            "an entry a submission never has",
            rewrite(
                &f.file,
                |n, b| vec![(n.into(), b)],
                vec![("readme.txt".into(), b"x".to_vec())],
            ),
            "which a submission file never has",
        ),
        (
            "too many entries",
            rewrite(
                &f.file,
                |n, b| vec![(n.into(), b)],
                (0..5_001)
                    .map(|i| (format!("evidence/{:064x}", i), vec![]))
                    .collect(),
            ),
            "entries, and a submission file has at most 5003",
        ),
        (
            "an oversized entry",
            {
                // Over the 5 MB limit the importing machine has set; noise, so it does
                // not compress.
                let mut x = 1u32;
                let noise = (0..6_000_000)
                    .map(|_| {
                        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                        (x >> 24) as u8
                    })
                    .collect();
                rewrite(
                    &f.file,
                    |n, b| vec![(n.into(), b)],
                    vec![(format!("evidence/{}", "b".repeat(64)), noise)],
                )
            },
            "over the limit of 5 MB",
        ),
        (
            "a highly compressed entry (a zip bomb)",
            rewrite(
                &f.file,
                |n, b| vec![(n.into(), b)],
                vec![(format!("evidence/{}", "c".repeat(64)), vec![0u8; 3_000_000])],
            ),
            "compressed more than 100 to 1",
        ),
        (
            "evidence bytes that do not match their hash",
            rewrite(
                &f.file,
                |n, mut b| {
                    if first_evidence(n) {
                        b[0] ^= 1;
                    }
                    vec![(n.into(), b)]
                },
                vec![],
            ),
            "does not match its SHA-256",
        ),
        (
            "a report changed after export",
            rewrite(
                &f.file,
                |n, b| {
                    if n == "report.json" {
                        let t = String::from_utf8(b)
                            .unwrap()
                            .replace("Rebecca Spore", "Someone Else");
                        vec![(n.into(), t.into_bytes())]
                    } else {
                        vec![(n.into(), b)]
                    }
                },
                vec![],
            ),
            "report.json does not match the SHA-256 in its manifest",
        ),
        (
            "a contract's name longer than the contract form allows",
            with_report_resealed(&f.file, |d| {
                d["contracts"][0]["name"] = "x".repeat(330).into()
            }),
            "are not valid: Contract name must be 200 characters or fewer.",
        ),
        (
            "a report changed after signing, manifest hash updated",
            with_report(&f.file, |d| d["title"] = "A better title".into()),
            "the report's seal does not match",
        ),
        (
            "an unknown manifest version",
            with_manifest(&f.file, |m| m["format_version"] = 3.into()),
            "format version 3, and this app reads versions 1 to 2",
        ),
        (
            "an unknown report version",
            with_report(&f.file, |d| d["format_version"] = 7.into()),
            "format version 7, and this app reads versions 1 to 2",
        ),
        (
            "a truncated file",
            valid[..valid.len() / 2].to_vec(),
            "not a complete submission file",
        ),
        (
            "a file that is not a zip at all",
            b"%PDF-1.4 this is a PDF".to_vec(),
            "not a complete submission file",
        ),
        (
            "no manifest",
            rewrite(
                &f.file,
                |n, b| {
                    if n == "manifest.json" {
                        vec![]
                    } else {
                        vec![(n.into(), b)]
                    }
                },
                vec![],
            ),
            "it has no manifest.json",
        ),
        (
            "evidence the manifest does not list",
            rewrite(
                &f.file,
                |n, b| vec![(n.into(), b)],
                vec![(
                    format!("evidence/{}", sha(b"stowaway")),
                    b"stowaway".to_vec(),
                )],
            ),
            "which its manifest does not list",
        ),
        (
            "an evidence file missing",
            rewrite(
                &f.file,
                |n, b| {
                    if first_evidence(n) {
                        vec![]
                    } else {
                        vec![(n.into(), b)]
                    }
                },
                vec![],
            ),
            "is missing",
        ),
    ];
    let mut group = Store::open(&f.dir.join("group.sqlite3")).unwrap();
    group.set_evidence_limit_mb(5).unwrap();
    let before = snapshot(&group);
    for (what, bytes, expect) in cases {
        for verify_only in [true, false] {
            let result = if verify_only {
                group
                    .verify_submission_from(Cursor::new(&bytes))
                    .map(|_| ())
            } else {
                group
                    .import_submission_from(Cursor::new(&bytes))
                    .map(|_| ())
            };
            let err = result.expect_err(what);
            assert_eq!(err.code(), ErrorCode::SubmissionRejected, "{what}: {err}");
            let msg = err.to_string();
            assert!(msg.contains(expect), "{what}: {msg}");
            if verify_only {
                // Verifying never imports, so it does not say "not imported".
                assert!(
                    msg.starts_with("This submission file did not pass the check: "),
                    "{what}: {msg}"
                );
            } else {
                assert!(
                    msg.starts_with("This submission file was not imported: "),
                    "{what}: {msg}"
                );
                assert!(msg.ends_with("Nothing has been changed."), "{what}: {msg}");
            }
            // A sentence an officer understands: no library's type names or offsets.
            assert!(
                !msg.contains("::") && !msg.contains("Zip32"),
                "{what}: {msg}"
            );
        }
        assert_eq!(snapshot(&group), before, "{what} changed the database");
    }
    // The valid file still imports afterwards.
    group.set_evidence_limit_mb(250).unwrap();
    assert!(group.import_submission_from(Cursor::new(&valid)).is_ok());
}

#[test]
fn the_documented_schema_names_every_field_of_the_report_and_manifest() {
    // A field added to the format without documenting it fails here.
    let f = exported();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&f.file).unwrap()).unwrap();
    for (entry, schema_file) in [
        ("report.json", "report.schema.json"),
        ("manifest.json", "manifest.schema.json"),
    ] {
        let mut bytes = Vec::new();
        archive
            .by_name(entry)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../docs")
                    .join(schema_file),
            )
            .unwrap(),
        )
        .unwrap();
        let mut keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let mut documented: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        keys.sort();
        documented.sort();
        assert_eq!(keys, documented, "{entry} against {schema_file}");
        let versions = &schema["properties"]["format_version"];
        assert!(
            versions["const"] == doc["format_version"]
                || versions["enum"]
                    .as_array()
                    .is_some_and(|v| v.contains(&doc["format_version"])),
            "{entry}: format_version {} is not documented",
            doc["format_version"]
        );
        if entry == "report.json" {
            // Every property an indicator can have, at version 2, is documented.
            let documented = &schema["$defs"]["indicator"]["properties"];
            let input = cmm_core::fixtures::dashboard_operational();
            let stored = input.validate().unwrap();
            for row in serde_json::to_value(&stored).unwrap()["indicators"]
                .as_array()
                .unwrap()
            {
                for key in row.as_object().unwrap().keys() {
                    assert!(
                        documented.get(key).is_some(),
                        "indicator property {key} is not in report.schema.json"
                    );
                }
            }
        }
    }
    // And report.json is the canonical form: its SHA-256 is the seal.
    let mut report = Vec::new();
    archive
        .by_name("report.json")
        .unwrap()
        .read_to_end(&mut report)
        .unwrap();
    assert_eq!(sha(&report), f.seal);
}

/// A report on a rolling contract (no date of expiry) is signed, exported, verified and
/// imported like any other; its Section 1 says `null` for the date, as the schema allows.
#[test]
fn the_dashboards_columns_travel_as_format_version_2_and_version_1_is_still_read() {
    use cmm_core::fixtures::{attach_evidence, contract_input, dashboard_operational};
    let dir = tempfile::tempdir().unwrap();
    let mut owner = Store::open(&dir.path().join("owner.sqlite3")).unwrap();
    let id = ready_to_sign(&mut owner, &contract_input("CS-1", "Contact centre"));
    owner
        .save_operational(id, &dashboard_operational())
        .unwrap();
    attach_evidence(&mut owner, id, dir.path()).unwrap();
    owner.sign_report(id).unwrap();
    let file = dir.path().join("dashboard.cmmsub");
    owner.export_submission(id, &file).unwrap();
    let doc: serde_json::Value =
        serde_json::from_slice(&report_json(std::fs::File::open(&file).unwrap())).unwrap();
    assert_eq!(doc["format_version"], 2);
    assert_eq!(doc["sections"]["5"]["indicators"][3]["kind"], "Activity");

    let mut group = Store::open(&dir.path().join("group.sqlite3")).unwrap();
    let imported = group.import_submission(&file).unwrap().report_id.unwrap();
    assert_eq!(
        group.verify_report(imported).unwrap().state,
        SealState::Intact
    );
    let row = &group.operational(imported).unwrap().indicators[3].dashboard;
    assert_eq!(row.text.year_to_date, "204");
    assert_eq!(row.alert.map(|a| a.to_string()).as_deref(), Some("Above"));

    // A file that claims version 1 but holds version 2's columns is refused, even sealed
    // again: an older app would read it and drop them.
    let claims_1 = with_report_resealed(&file, |d| d["format_version"] = 1.into());
    let err = group
        .import_submission_from(Cursor::new(claims_1))
        .unwrap_err();
    assert!(
        err.to_string().contains("says format version 1, but its Section 5 uses the Performance Dashboard's columns, which need version 2"),
        "{err}"
    );

    // A sealed Section 5 the window would never have saved is refused, naming what is
    // wrong in the form's words, and changes nothing (helper trial, 1 December 2026: a
    // thirteenth month imported, then every pack export of it failed).
    let indicator = |d: &mut serde_json::Value| -> serde_json::Value {
        d["sections"]["5"]["indicators"][0].take()
    };
    let with_first = |change: fn(&mut serde_json::Value)| {
        move |d: &mut serde_json::Value| {
            let mut row = indicator(d);
            change(&mut row);
            d["sections"]["5"]["indicators"][0] = row;
        }
    };
    let counted = |d: &mut serde_json::Value| {
        let rows = d["sections"]["5"]["indicators"].as_array_mut().unwrap();
        let row = rows
            .iter_mut()
            .find(|r| r.get("denominators").is_some())
            .unwrap();
        let m = row["denominators"]
            .as_array()
            .unwrap()
            .iter()
            .position(|v| !v.is_null())
            .unwrap();
        row["denominators"][m] = 0.into();
    };
    let before = snapshot(&group);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a thirteenth month",
            with_report_resealed(
                &file,
                with_first(|r| r["actuals"].as_array_mut().unwrap().push(95.into())),
            ),
            "can have at most twelve monthly actuals",
        ),
        (
            "two months only",
            with_report_resealed(
                &file,
                with_first(|r| r["actuals"].as_array_mut().unwrap().truncate(2)),
            ),
            "is not written as this app writes it",
        ),
        (
            "a floor standard above the target",
            with_report_resealed(&file, with_first(|r| r["floor"] = 999.into())),
            "must not be above its target when higher is better",
        ),
        (
            "a total of 0",
            with_report_resealed(&file, counted),
            "the total must be more than 0",
        ),
        (
            "a frequency the app does not have",
            with_report_resealed(&file, with_first(|r| r["frequency"] = "weekly".into())),
            "cannot be read: unknown variant `weekly`",
        ),
        (
            "a field the app does not write",
            with_report_resealed(&file, with_first(|r| r["colour"] = "red".into())),
            "has a field \"colour\" this app does not write",
        ),
    ];
    for (what, bytes, says) in cases {
        let err = group
            .import_submission_from(Cursor::new(&bytes))
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::SubmissionRejected, "{what}: {err}");
        assert!(
            err.to_string().contains("its Section 5 is not valid"),
            "{what}: {err}"
        );
        assert!(err.to_string().contains(says), "{what}: {err}");
        let verified = group
            .verify_submission_from(Cursor::new(&bytes))
            .unwrap_err();
        // Checking the file says the same as importing it.
        assert!(verified.to_string().contains(says), "{what}: {verified}");
    }
    assert_eq!(
        snapshot(&group),
        before,
        "a refused Section 5 changed the database"
    );

    // Version 1, as every report without those columns is still written, imports as ever.
    let v1 = exported();
    let doc: serde_json::Value =
        serde_json::from_slice(&report_json(std::fs::File::open(&v1.file).unwrap())).unwrap();
    assert_eq!(doc["format_version"], 1);
    // A version 1 report that says version 2 could not be stored as signed: refused, on
    // verifying as on importing, as a file problem, never as one with the database.
    let claims_2 = with_report_resealed(&v1.file, |d| d["format_version"] = 2.into());
    let err = group
        .import_submission_from(Cursor::new(&claims_2))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SubmissionRejected, "{err}");
    assert!(
        err.to_string()
            .contains("says format version 2, but nothing in it needs more than version 1"),
        "{err}"
    );
    assert!(group
        .verify_submission_from(Cursor::new(&claims_2))
        .is_err());
    let id = group
        .import_submission(&v1.file)
        .unwrap()
        .report_id
        .unwrap();
    assert_eq!(group.verify_report(id).unwrap().state, SealState::Intact);
}

#[test]
fn a_rolling_contract_travels_in_a_submission() {
    use cmm_core::fixtures::{attach_evidence, contract_input};
    let dir = tempfile::tempdir().unwrap();
    let mut owner = Store::open(&dir.path().join("owner.sqlite3")).unwrap();
    let mut rolling = contract_input("ROLL-1", "Interpreting, rolling");
    rolling.expiry_date = String::new();
    let id = ready_to_sign(&mut owner, &rolling);
    attach_evidence(&mut owner, id, dir.path()).unwrap();
    owner.sign_report(id).unwrap();
    let file = dir.path().join("rolling.cmmsub");
    owner.export_submission(id, &file).unwrap();
    let mut group = Store::open(&dir.path().join("group.sqlite3")).unwrap();
    group.verify_submission(&file).unwrap();
    let imported = group.import_submission(&file).unwrap();
    let report = group.report(imported.report_id.unwrap()).unwrap();
    assert_eq!(report.contracts[0].details.expiry_date, None);
}

#[test]
fn a_large_submission_goes_in_a_part_at_a_time_with_saves_between_and_a_bad_one_leaves_nothing() {
    use cmm_core::fixtures::contract_input;
    use cmm_core::reports::evidence::{EvidenceTarget, PART};
    use std::cell::RefCell;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let mut owner = Store::open(&path.join("owner.sqlite3")).unwrap();
    owner.set_evidence_limit_mb(50).unwrap();
    let id = ready_to_sign(&mut owner, &contract_input("BIG-1", "Waste collection"));
    // Noise, which does not compress (a file that does is refused as a zip bomb would be).
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let big: Vec<u8> = (0..2 * PART + 11)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(path.join("survey.pdf"), &big).unwrap();
    std::fs::write(path.join("minutes.txt"), b"Minutes of the contract meeting").unwrap();
    owner
        .add_evidence(
            id,
            &EvidenceTarget::Activity { activity: 1 },
            &[path.join("survey.pdf"), path.join("minutes.txt")],
            "",
        )
        .unwrap();
    owner.sign_report(id).unwrap();
    let file = path.join("large.cmmsub");
    owner.export_submission(id, &file).unwrap();

    let main = RefCell::new(Store::open(&path.join("group.sqlite3")).unwrap());
    main.borrow_mut().set_evidence_limit_mb(50).unwrap();
    let mut bulk = main.borrow().bulk_writer().unwrap().unwrap();
    let before = snapshot(&main.borrow());

    // The large file's last byte changed: found only once all its parts are written, and
    // then they go.
    let damaged = rewrite(
        &file,
        |n, mut b| {
            if n.starts_with("evidence/") && b.len() > PART {
                *b.last_mut().unwrap() ^= 1;
            }
            vec![(n.into(), b)]
        },
        vec![],
    );
    let damaged_file = path.join("damaged.cmmsub");
    std::fs::write(&damaged_file, damaged).unwrap();
    let err = bulk
        .import_submission_in_turns(|| (), &damaged_file)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SubmissionRejected, "{err}");
    assert!(
        err.to_string().contains("does not match its SHA-256"),
        "{err}"
    );
    assert_eq!(snapshot(&main.borrow()), before);

    // Each turn, the window's connection saves something first: it could not while the
    // import held a write transaction open across the evidence.
    let turns = RefCell::new(0);
    let turn = || {
        *turns.borrow_mut() += 1;
        let n = *turns.borrow();
        main.borrow_mut()
            .save_contract(None, None, &contract_input(&format!("SAVED-{n}"), "Saved"))
            .unwrap();
    };
    let imported = bulk.import_submission_in_turns(turn, &file).unwrap();
    assert_eq!(imported.outcome, Some(ImportOutcome::Imported));
    assert_eq!(
        *turns.borrow(),
        7,
        "each file's upload and its parts (3 and 1), then the report, each in a turn"
    );
    let group = main.borrow();
    let id = imported.report_id.unwrap();
    assert_eq!(group.verify_report(id).unwrap().state, SealState::Intact);
    let survey = group
        .evidence(id)
        .unwrap()
        .into_iter()
        .find(|e| e.file_name == "survey.pdf")
        .unwrap();
    let copy = path.join("copy.pdf");
    group.save_evidence_copy(survey.id, &copy).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), big);
    // And back out, byte for byte as signed.
    let round = path.join("round.cmmsub");
    group.export_submission(id, &round).unwrap();
    assert_eq!(
        std::fs::read(&round).unwrap(),
        std::fs::read(&file).unwrap()
    );
}
