//! The command-line tool as a secretariat would run it: export, verify, import, list,
//! with JSON output and the documented exit codes.

use cmm_core::fixtures::{hold_exclusive_lock, hold_write_lock};
use std::path::Path;
use std::process::Command;

/// Runs `cmm --db DB ARGS…`.
fn run(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cmm"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

/// `cmm --json`: (exit code, the JSON it printed).
fn cmm(db: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = run(db, &[&["--json"], args].concat());
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?} printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

/// An owner's database with the signed example report, exported as a submission file in
/// `dir`: (owner database, report id, submission file, its seal).
fn signed_submission(dir: &Path) -> (std::path::PathBuf, i64, std::path::PathBuf, String) {
    let owner_db = dir.join("owner.sqlite3");
    let id = {
        let mut s = cmm_core::Store::open(&owner_db).unwrap();
        cmm_core::fixtures::signed_report(&mut s, dir).unwrap()
    };
    let file = dir.join("owner.cmmsub");
    let (code, out) = cmm(
        &owner_db,
        &["export-submission", &id.to_string(), file.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}");
    let seal = out["seal"].as_str().unwrap().to_owned();
    (owner_db, id, file, seal)
}

#[test]
fn export_verify_import_and_list() {
    let dir = tempfile::tempdir().unwrap();
    let (owner_db, id, file, seal) = signed_submission(dir.path());

    let group_db = dir.path().join("group.sqlite3");
    drop(cmm_core::Store::open(&group_db).unwrap()); // the sub-group's app made it
    let (code, out) = cmm(&group_db, &["verify", file.to_str().unwrap()]);
    assert_eq!((code, out["seal"].as_str()), (0, Some(seal.as_str())));
    let (code, out) = cmm(&group_db, &["import", file.to_str().unwrap()]);
    assert_eq!((code, out["outcome"].as_str()), (0, Some("imported")));
    let (code, out) = cmm(&group_db, &["import", file.to_str().unwrap()]);
    assert_eq!(
        (code, out["outcome"].as_str()),
        (0, Some("already_present"))
    );
    let (code, out) = cmm(&group_db, &["list"]);
    assert_eq!(code, 0);
    assert_eq!(out[0]["attestation"], "intact");
    assert_eq!(out[0]["seal"].as_str(), Some(seal.as_str()));

    // A damaged file: exit code 3 and the reason, as JSON.
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.path().join("cut.cmmsub");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    let (code, out) = cmm(&group_db, &["import", cut.to_str().unwrap()]);
    assert_eq!(code, 3);
    assert_eq!(out["error"]["code"], "submission_rejected");
    // Verifying says so in its own words, without a library's type names.
    let (code, out) = cmm(&group_db, &["verify", cut.to_str().unwrap()]);
    assert_eq!(code, 3);
    let msg = out["error"]["message"].as_str().unwrap();
    assert!(
        msg.starts_with(
            "This submission file did not pass the check: it is not a complete submission file."
        ),
        "{msg}"
    );
    assert!(!msg.contains("imported") && !msg.contains("::"), "{msg}");

    // No such report: 4. An unsigned one: 6.
    let (code, _) = cmm(&group_db, &["export-submission", "999", "x.cmmsub"]);
    assert_eq!(code, 4);
    {
        let mut s = cmm_core::Store::open(&owner_db).unwrap();
        s.amend_report(id).unwrap();
    }
    let (code, out) = cmm(
        &owner_db,
        &["export-submission", &(id + 1).to_string(), "y.cmmsub"],
    );
    assert_eq!(code, 6, "{out}");
}

#[test]
fn export_a_pack_and_a_meeting_pack() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("group.sqlite3");
    let (code, out) = cmm(&db, &["load-example"]);
    assert_eq!(code, 0, "{out}");
    let id = out["id"].as_i64().unwrap();
    let pack = dir.path().join("pack.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "export-pack",
            &id.to_string(),
            pack.to_str().unwrap(),
            "--marking",
            "official-sensitive",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out["pages"].as_u64().unwrap() > 10, "{out}");
    let bytes = std::fs::read(&pack).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(out["bytes"].as_u64(), Some(bytes.len() as u64));

    let meeting = dir.path().join("meeting.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "export-meeting-pack",
            "14/01/2027",
            meeting.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["reports"], 1);
    assert!(out["pages"].as_u64() > Some(1));

    // A date with no reports, or not a date: refused, with the reason; nothing written.
    let none = dir.path().join("none.pdf");
    let (code, out) = cmm(
        &db,
        &["export-meeting-pack", "2030-01-01", none.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out["error"]["message"]
        .as_str()
        .unwrap()
        .contains("01/01/2030"));
    let (code, _) = cmm(
        &db,
        &[
            "export-meeting-pack",
            "next tuesday",
            none.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(!none.exists());
    let (code, _) = cmm(&db, &["export-pack", "999", none.to_str().unwrap()]);
    assert_eq!(code, 4);
    assert!(!none.exists());
}

#[test]
fn reviews_as_json_keep_scores_hidden_until_the_reveal() {
    use cmm_core::review::{MeetingInput, MemberInput, ScoreInput};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("group.sqlite3");
    let (review, meeting) = {
        let mut s = cmm_core::Store::open(&db).unwrap();
        let report = cmm_core::fixtures::signed_report(&mut s, dir.path()).unwrap();
        let m = s
            .save_member(
                None,
                &MemberInput {
                    name: "Roger Gough".into(),
                    role: "Chair".into(),
                    active_from: "2016-01-01".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let meeting = s
            .save_meeting(
                None,
                &MeetingInput {
                    held_on: "2026-12-03".into(),
                    chair_id: Some(m.id),
                    present: vec![m.id],
                    report_ids: vec![report],
                    ..Default::default()
                },
            )
            .unwrap();
        let review = s.meeting(meeting).unwrap().items[0].review_id;
        let scores: Vec<ScoreInput> = (1..=8)
            .map(|a| ScoreInput {
                activity: a,
                level: Some(3),
                ..Default::default()
            })
            .collect();
        s.record_scores(review, m.id, &scores).unwrap();
        (review, meeting)
    };
    let (code, out) = cmm(&db, &["reviews"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out[0]["review"]["review_id"], review);
    assert_eq!(
        out[0]["scores"],
        serde_json::Value::Null,
        "hidden before the reveal"
    );
    cmm_core::Store::open(&db)
        .unwrap()
        .reveal_scores(review)
        .unwrap();
    let (_, out) = cmm(&db, &["reviews", "--review", &review.to_string()]);
    assert_eq!(out[0]["scores"]["activities"][0]["scores"][0]["level"], 3);
    let (code, _) = cmm(&db, &["reviews", "--review", "999"]);
    assert_eq!(code, 4);

    // The pack for the recorded meeting, by its number: the agenda's reports.
    let pack = dir.path().join("meeting.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "export-meeting-pack",
            &meeting.to_string(),
            pack.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["reports"], 1);
    assert!(pack.exists());
    let (code, _) = cmm(&db, &["export-meeting-pack", "999", pack.to_str().unwrap()]);
    assert_eq!(code, 4);

    // The review's feedback letter, by the review's number.
    let letter = dir.path().join("letter.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "feedback-letter",
            &review.to_string(),
            letter.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out["title"]
        .as_str()
        .unwrap()
        .starts_with("Feedback letter"));
    assert!(std::fs::read(&letter).unwrap().starts_with(b"%PDF-"));
    let (code, _) = cmm(&db, &["feedback-letter", "999", letter.to_str().unwrap()]);
    assert_eq!(code, 4);
}

#[test]
fn export_the_six_month_update_and_the_forward_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme.sqlite3");
    {
        let mut store = cmm_core::Store::open(&db).unwrap();
        let id = cmm_core::fixtures::Fixture::large()
            .load(&mut store)
            .unwrap();
        let ids: Vec<i64> = store
            .report(id)
            .unwrap()
            .contracts
            .iter()
            .map(|c| c.id)
            .collect();
        cmm_core::fixtures::plan_with_a_move(&mut store, &ids).unwrap();
    }
    let update = dir.path().join("update.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "six-month-update",
            "01/07/2026",
            "31/12/2026",
            update.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(std::fs::read(&update).unwrap().starts_with(b"%PDF-"));
    let csv = dir.path().join("plan.csv");
    let (code, out) = cmm(
        &db,
        &[
            "forward-plan",
            "2027-01-01",
            "2027-06-30",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["meetings"], 2);
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .contains("April 2027 (date tbc)"));
    let pdf = dir.path().join("plan.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "forward-plan",
            "2027-01-01",
            "2027-06-30",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["pages"], 1);
    // A period the wrong way round: exit 2, naming the field, nothing written.
    let bad = dir.path().join("bad.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "six-month-update",
            "31/12/2026",
            "01/07/2026",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{out}");
    assert!(!bad.exists());
}

#[test]
fn a_made_up_programme_fills_only_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("made-up.sqlite3");
    // None at all is refused before any file is made (helper trial, 1 December 2026).
    let (code, _, err) = cmm_text(&db, &["load-programme", "--contracts", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("make at least one"), "{err}");
    assert!(!db.exists(), "no database file is made");
    let (code, out) = cmm(
        &db,
        &["load-programme", "--contracts", "60", "--reports", "180"],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        (out["contracts"].as_u64(), out["reports"].as_u64()),
        (Some(60), Some(180))
    );
    assert!(out["reviews"].as_u64().unwrap() > 0, "{out}");
    let (code, listed) = cmm(&db, &["list"]);
    assert_eq!(code, 0);
    assert_eq!(listed.as_array().unwrap().len(), 180);
    // Again: refused, naming why, and nothing added.
    let (code, out) = cmm(&db, &["load-programme", "--contracts", "5"]);
    assert_eq!(code, 2, "{out}");
    let message = out["error"]["fields"][0]["message"].as_str().unwrap();
    assert!(message.contains("already has 60 contracts"), "{message}");
    let (_, listed) = cmm(&db, &["list"]);
    assert_eq!(listed.as_array().unwrap().len(), 180);
}

/// `cmm` with text output: (exit code, stdout, stderr).
fn cmm_text(db: &Path, args: &[&str]) -> (i32, String, String) {
    texts(run(db, args))
}

/// A finished run as (exit code, stdout, stderr); -1 when it was killed.
fn texts(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_mistyped_database_path_is_refused_and_nothing_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.sqlite3");
    let (code, _, err) = cmm_text(&typo, &["list"]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains(&typo.display().to_string()), "{err}");
    assert!(err.contains("There is no database file at"), "{err}");
    assert!(!typo.exists(), "no database was made");
    let (code, out) = cmm(&typo, &["list"]);
    assert_eq!(
        (code, out["error"]["code"].as_str()),
        (5, Some("database_missing"))
    );

    // An empty file is there, so it is not called missing; nor is it made a database.
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let (code, _, err) = cmm_text(&empty, &["list"]);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("is empty (0 bytes), so it is not a database"),
        "{err}"
    );
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);

    // The commands that fill a new database make one.
    let (code, out) = cmm(&typo, &["load-example"]);
    assert_eq!(code, 0, "{out}");
    assert!(typo.exists());
    let help = Command::new(env!("CARGO_BIN_EXE_cmm"))
        .args(["load-example", "--help"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&help.stdout).contains("Makes the database file if there is none")
    );
}

#[test]
fn an_import_waits_for_another_writer_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, file, _) = signed_submission(dir.path());
    let group_db = dir.path().join("group.sqlite3");
    drop(cmm_core::Store::open(&group_db).unwrap());
    drop(cmm_core::Store::open(&group_db).unwrap()); // the day's backup, so none is due
    for _ in 0..3 {
        let holder = hold_write_lock(&group_db, std::time::Duration::from_millis(1500));
        let (code, out) = cmm(&group_db, &["import", file.to_str().unwrap()]);
        holder.join().unwrap();
        assert_eq!(code, 0, "refused while another program wrote: {out}");
    }
    let (code, out) = cmm(&group_db, &["list"]);
    assert_eq!(code, 0);
    assert_eq!(out.as_array().unwrap().len(), 1, "{out}");
}

#[test]
fn a_file_held_by_another_program_is_waited_for_and_never_called_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cmm.sqlite3");
    let (code, _) = cmm(&db, &["load-example"]);
    assert_eq!(code, 0);
    let holder = hold_exclusive_lock(&db, std::time::Duration::from_secs(3));
    let (code, out, err) = cmm_text(&db, &["list"]);
    holder.join().unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("signed, unchanged"), "{out}");
    assert!(err.contains("another program is using"), "{err}");
    assert!(!err.contains("damaged"), "{err}");
    assert!(
        !dir.path()
            .read_dir()
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("damaged")),
        "nothing was set aside as damaged"
    );
}

/// Runs `cmm` as an account that cannot write `dir`: as root (which may write anything),
/// through `setpriv` as `nobody`; otherwise with the folder made read-only.
fn cmm_without_write_access(dir: &Path, db: &Path, args: &[&str]) -> (i32, String, String) {
    use std::os::unix::fs::PermissionsExt;
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let out = if root {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let outer = dir.parent().unwrap();
        let mode = std::fs::metadata(outer).unwrap().permissions().mode();
        std::fs::set_permissions(outer, std::fs::Permissions::from_mode(mode | 0o755)).unwrap();
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_cmm"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env("HOME", dir)
            .output()
            .unwrap()
    } else {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_cmm"))
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        out
    };
    texts(out)
}

#[test]
fn a_database_in_a_folder_that_cannot_be_written_opens_read_only() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("shared-drive");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("cmm.sqlite3");
    let (code, _) = cmm(&db, &["load-example"]);
    assert_eq!(code, 0);
    drop(cmm_core::Store::open(&db).unwrap()); // the day's backup, so none is due
                                               // A submission from another council's owner, to try to import.
    let (_, _, file, _) = signed_submission(outer.path());
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    {
        use std::os::unix::fs::PermissionsExt;
        // The file itself may be written; its folder may not, so SQLite cannot keep its
        // journal beside it.
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    }
    let before = std::fs::read(&db).unwrap();

    let (code, out, err) = cmm_without_write_access(&dir, &db, &["list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("signed, unchanged"), "{out}");
    assert!(err.contains("is open read-only: its folder"), "{err}");
    assert!(!err.contains("damaged"), "{err}");

    let (code, _, err) = cmm_without_write_access(&dir, &db, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("can be read but not changed"), "{err}");
    assert!(!err.contains("damaged"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was changed");
}

#[test]
fn a_write_held_up_past_sqlites_wait_is_tried_again_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("group.sqlite3");
    drop(cmm_core::Store::open(&db).unwrap());
    drop(cmm_core::Store::open(&db).unwrap()); // the day's backup, so none is due
                                               // Longer than SQLite's 5 s busy timeout, shorter than cmm's 30 s patience.
    let holder = hold_write_lock(&db, std::time::Duration::from_secs(7));
    let started = std::time::Instant::now();
    let (code, out, err) = cmm_text(&db, &["load-example"]);
    holder.join().unwrap();
    assert_eq!(code, 0, "{out}{err}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(6));
    assert!(err.contains("another program is using"), "{err}");
    let (code, out) = cmm(&db, &["list"]);
    assert_eq!((code, out.as_array().map(Vec::len)), (0, Some(1)), "{out}");
}

#[test]
fn a_program_that_only_reads_does_not_wait_behind_another_programs_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("group.sqlite3");
    drop(cmm_core::Store::open(&db).unwrap());
    drop(cmm_core::Store::open(&db).unwrap()); // the day's backup, so none is due
    let holder = hold_write_lock(&db, std::time::Duration::from_secs(4));
    // Opening reads what it must check and writes nothing when nothing needs writing, and
    // in WAL mode a read does not wait for a writer (sqlite.org/wal.html).
    let (code, out) = cmm(&db, &["list"]);
    assert!(
        !holder.is_finished(),
        "cmm list waited for the other program's write"
    );
    assert_eq!((code, out.as_array().map(Vec::len)), (0, Some(0)), "{out}");
    holder.join().unwrap();
}

/// The register files in `cmm-register`'s corpus and fixtures, with the expectations
/// `make_corpus.py` wrote.
fn register_corpus() -> (std::path::PathBuf, serde_json::Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../register/tests");
    let expected =
        serde_json::from_str(&std::fs::read_to_string(dir.join("corpus/expected.json")).unwrap())
            .unwrap();
    (dir, expected)
}

/// `cmm import-register --dry-run --json` on every corpus file gives the rows the corpus
/// expects and changes nothing; the import then adds them, and again updates them.
#[test]
fn import_register_reads_every_corpus_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, expected) = register_corpus();
    let owner = expected["default_owner"].as_str().unwrap();
    for (i, e) in expected["files"].as_array().unwrap().iter().enumerate() {
        let file = dir.join("corpus").join(e["file"].as_str().unwrap());
        let db = tmp.path().join(format!("{i}.sqlite3"));
        cmm_core::Store::open(&db).unwrap();
        let mut args = vec![
            "import-register".to_owned(),
            file.display().to_string(),
            "--owner".into(),
            owner.into(),
        ];
        if e["options"]["not_utf8"] == "windows_1252" {
            args.extend(["--not-utf8".into(), "windows-1252".into()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out) = cmm(&db, &[&args[..], &["--dry-run"]].concat());
        assert_eq!(code, 0, "{}: {out}", file.display());
        assert_eq!(
            out["preview"]["to_add"],
            e["imported"],
            "{}: {out}",
            file.display()
        );
        assert_eq!(
            out["summary"],
            serde_json::Value::Null,
            "a dry run imports nothing"
        );
        assert_eq!(out["heading_row"], e["heading_row"]);
        let (code, out) = cmm(&db, &args);
        assert_eq!(code, 0, "{out}");
        assert_eq!(out["summary"]["created"], e["imported"], "{out}");
        let (_, again) = cmm(&db, &args);
        assert_eq!(again["summary"]["created"], 0, "{again}");
        assert_eq!(again["summary"]["updated"], e["imported"], "{again}");
    }
    // The council's own case files import too, and the files that broke the reader
    // are refused in words.
    let db = tmp.path().join("fixtures.sqlite3");
    cmm_core::Store::open(&db).unwrap();
    for f in std::fs::read_dir(dir.join("fixtures")).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let (code, out) = cmm(
            &db,
            &[
                "import-register",
                f.to_str().unwrap(),
                "--dry-run",
                "--owner",
                owner,
            ],
        );
        let name = f.file_name().unwrap().to_string_lossy();
        if name.starts_with("damaged-") || name == "stray-cell-far-away.ods" {
            assert_eq!(code, 1, "{name} is refused: {out}");
            let message = out["error"]["message"].as_str().unwrap();
            assert!(
                message.contains("could not be read as a contract register"),
                "{out}"
            );
            continue;
        }
        assert_eq!(code, 0, "{}: {out}", f.display());
        assert!(out["preview"]["to_add"].as_u64().unwrap() >= 1, "{out}");
    }
}

/// Contracts as Contracts Finder and Find a Tender publish them (OCDS packages, made up in
/// `tests/fixtures/ocds`) import as a register does: the OCID kept, every supplier listed,
/// a value in euros refused by name; a later release of the same OCID updates its contract,
/// whatever reference the council has since given it, and never adds a second.
#[test]
fn an_ocds_package_imports_and_a_later_release_updates_its_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("ocds.sqlite3");
    drop(cmm_core::Store::open(&db).unwrap());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ocds");
    // The council's register, loaded first from its CSV, already has the highways framework
    // under the reference the buyer gave the tender.
    let csv = tmp.path().join("register.csv");
    std::fs::write(
        &csv,
        "Reference,Title,Supplier,Award date,End date,Contract owner\nBOR-HW-0042,Highways minor works,Marlow Surfacing Ltd,18/09/2023,31/10/2027,Sam Hill\n",
    )
    .unwrap();
    let (code, out) = cmm(&db, &["import-register", csv.to_str().unwrap()]);
    assert_eq!(
        (code, out["summary"]["created"].as_u64()),
        (0, Some(1)),
        "{out}"
    );
    let package = dir.join("release-package.json");
    let args = [
        "import-register",
        package.to_str().unwrap(),
        "--owner",
        "Pat Lee",
    ];
    let (code, text, err) = cmm_text(&db, &args);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("an OCDS package, 3 contracting processes"),
        "{text}"
    );
    assert!(text.contains("Currency (column M) is EUR"), "{text}");
    assert!(
        text.contains("1 added, 1 updated"),
        "the CSV's contract is matched, not doubled: {text}"
    );
    let (code, out) = cmm(
        &db,
        &[
            "import-register",
            dir.join("record-package.json").to_str().unwrap(),
            "--owner",
            "Pat Lee",
        ],
    );
    assert_eq!(
        (code, out["summary"]["created"].as_u64()),
        (0, Some(1)),
        "{out}"
    );

    let cleaning = "ocds-b5fd17-6f1c2a54-3b1e-4d8a-9a51-0c2f5d3e7a11";
    let mut store = cmm_core::Store::open(&db).unwrap();
    let entries = store.register_entries().unwrap();
    assert_eq!(
        entries.len(),
        3,
        "two from the release package, one from the record package"
    );
    let highways = entries
        .iter()
        .find(|e| e.ocid == "ocds-h6vhtk-04a1f7")
        .unwrap();
    assert_eq!(highways.contract.details.reference, "BOR-HW-0042");
    assert_eq!(
        highways.contract.details.contract_owner, "Sam Hill",
        "the register's owner is kept"
    );
    assert_eq!(highways.suppliers.len(), 3);
    assert_eq!(
        highways.contract.details.contractor_legal_name,
        "Marlow Surfacing Ltd"
    );
    assert_eq!(highways.cpv, "45233141 Road-maintenance works");
    assert_eq!(highways.buyer, "Borsetshire County Council");
    // The council gives the cleaning contract its own reference.
    let c = entries
        .iter()
        .find(|e| e.ocid == cleaning)
        .unwrap()
        .contract
        .clone();
    let mut input = cmm_core::contracts::ContractInput::from(&c.details);
    input.reference = "FM/2024/117".into();
    store.save_contract(Some(c.id), None, &input).unwrap();
    drop(store);

    // A later release, its OCID in capitals as one publisher writes it: the contract
    // extended again.
    let later = serde_json::json!({
        "version": "1.1",
        "releases": [{
            "ocid": cleaning.to_uppercase(),
            "id": format!("{cleaning}-contractAmendment-2"),
            "date": "2026-03-01T09:00:00Z",
            "tag": ["contractAmendment"],
            "contracts": [{
                "id": "BOR-FM-0117-C1",
                "title": "Office cleaning, Borchester civic buildings",
                "value": {"amount": 1400000, "currency": "GBP"},
                "period": {"startDate": "2024-06-01", "endDate": "2029-05-31"},
                "dateSigned": "2024-05-02"
            }],
            "awards": [{"id": "BOR-FM-0117-1", "date": "2024-04-10", "suppliers": [{"name": "Brightwater Facilities Ltd"}]}]
        }]
    });
    let later_file = tmp.path().join("later.json");
    std::fs::write(&later_file, later.to_string()).unwrap();
    let (code, out) = cmm(
        &db,
        &[
            "import-register",
            later_file.to_str().unwrap(),
            "--owner",
            "Pat Lee",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        (
            out["summary"]["created"].as_u64(),
            out["summary"]["updated"].as_u64()
        ),
        (Some(0), Some(1)),
        "{out}"
    );
    let entries = cmm_core::Store::open(&db)
        .unwrap()
        .register_entries()
        .unwrap();
    assert_eq!(entries.len(), 3, "never a second contract");
    let c = &entries
        .iter()
        .find(|e| e.ocid == cleaning)
        .unwrap()
        .contract
        .details;
    assert_eq!(
        c.reference, "FM/2024/117",
        "the council's reference is kept"
    );
    assert_eq!(
        c.expiry_date.map(|d| d.to_string()).as_deref(),
        Some("2029-05-31")
    );
    assert_eq!(c.whole_life_cost_nominal.map(|p| p.0), Some(140_000_000));
}

/// What a secretariat's script sees: each problem row by row, a sheet and heading row
/// chosen by name and number, a column matched by hand, and exit code 2 when a column
/// every row needs is missing.
#[test]
fn import_register_prints_each_problem_and_takes_the_choices_the_window_offers() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("register.sqlite3");
    cmm_core::Store::open(&db).unwrap();
    let (dir, _) = register_corpus();
    let file = dir.join("corpus/money-and-date-forms.csv");
    let (code, out, _) = cmm_text(
        &db,
        &["import-register", file.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{out}");
    for said in [
        "headings on row 1, 13 rows below them, text in UTF-8.",
        "    C  (no heading)                             left out",
        "Row 3 CR-0002: imported with a value left blank\n    Review Date (column G) (\"31/02/2026\"): 31 February 2026 does not exist",
        "Row 10 CR-0009: imported with a value left blank\n    Contract Value (column H) (\"TBC\") needs an amount in pounds",
        "Row 12 CR-0013: imported with a value left blank\n    End Date (column F) is blank: imported as a rolling contract, with no date of expiry",
        "Row 13 CR-0011: left out\n    End Date (column F) (\"31/02/2026\"): 31 February 2026 does not exist",
        "Row 14: not a contract (\"Values include irrecoverable VAT.",
        "Dry run, nothing changed: 11 to add, 0 to update, 1 left out, 4 with a value left blank.",
    ] {
        assert!(out.contains(said), "{said:?} not in:\n{out}");
    }

    // The read-me sheet chosen by name: no register columns, exit 2, naming the fields.
    let book = dir.join("fixtures/read-me-sheet-first.xlsx");
    let (code, _, err) = cmm_text(
        &db,
        &[
            "import-register",
            book.to_str().unwrap(),
            "--sheet",
            "Read me",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("No column is the reference"), "{err}");
    assert!(err.contains("--map COLUMN=FIELD"), "{err}");
    let (code, _, err) = cmm_text(
        &db,
        &[
            "import-register",
            book.to_str().unwrap(),
            "--sheet",
            "Register",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("its sheets are \"Read me\", \"Contracts\""),
        "{err}"
    );

    // The heading row by number, and a column matched by hand.
    let titled = dir.join("fixtures/title-row-above-headings.csv");
    let (code, out) = cmm(
        &db,
        &[
            "import-register",
            titled.to_str().unwrap(),
            "--heading-row",
            "3",
            "--map",
            "F=annual_value",
            "--map",
            "Contract Owner=none",
            "--owner",
            "Pat Owner",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["summary"]["created"], 2);
    assert_eq!(out["columns"][5]["field"], "annual_value");
    let s = cmm_core::Store::open(&db).unwrap();
    let e = &s.register_entries().unwrap()[0];
    assert_eq!(
        e.contract.details.current_year_value.unwrap().to_string(),
        "£120,000.00"
    );
    assert_eq!(e.contract.details.whole_life_cost_nominal, None);
    assert_eq!(e.contract.details.contract_owner, "Pat Owner");
    let (code, out) = cmm(
        &db,
        &[
            "import-register",
            titled.to_str().unwrap(),
            "--map",
            "Z=title",
        ],
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out["error"].to_string().contains("no column \\\"Z\\\""),
        "{out}"
    );
}

/// A nightly refresh that can import nothing fails (exit code 2), naming every row; a
/// file whose columns cannot be matched shows what was read, to say which to --map.
#[test]
fn import_register_fails_when_nothing_can_be_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("register.sqlite3");
    cmm_core::Store::open(&db).unwrap();
    let bad = tmp.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,31/02/2023,31/03/2026\nA-2,,Parks Ltd,01/04/2023,31/03/2026\n",
    )
    .unwrap();
    let (code, out, err) = cmm_text(
        &db,
        &["import-register", bad.to_str().unwrap(), "--owner", "Jo"],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("Row 2 A-1: left out"), "{err}");
    assert!(err.contains("Row 3 A-2: left out"), "{err}");
    assert!(err.contains("cmm: No row of"), "{err}");
    assert!(cmm_core::Store::open(&db)
        .unwrap()
        .register_entries()
        .unwrap()
        .is_empty());

    let odd = tmp.path().join("odd.csv");
    std::fs::write(&odd, "Ref,Thing,Who\nA-1,Bins,Binco\n").unwrap();
    let (code, _, err) = cmm_text(&db, &["import-register", odd.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("    B  Thing"),
        "the columns read are shown: {err}"
    );
    assert!(err.contains("cmm: there are "), "{err}");
    assert!(
        err.contains("\n  - No column is the title"),
        "one problem a line: {err}"
    );
}

#[test]
fn a_reader_that_stops_reading_is_not_a_failure() {
    // `cmm list | head -n 0`: the pipe is closed before cmm writes; it once panicked
    // ("failed printing to stdout: Broken pipe") and exited 101.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("example.sqlite3");
    let (code, _) = cmm(&db, &["load-example"]);
    assert_eq!(code, 0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmm"))
        .arg("--db")
        .arg(&db)
        .args(["--json", "reviews"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// The council's revision of the matrix, made up for the tests: nine activities
/// (tests/fixtures/frameworks/README.md).
fn revised_framework_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/frameworks/kcc-2027-04-revised.json")
}

#[test]
fn framework_versions_are_listed_imported_exported_and_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme.sqlite3");
    drop(cmm_core::Store::open(&db).unwrap());

    let (code, out) = cmm(&db, &["framework", "list"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out[0]["version"], "kcc-2016-09");
    assert_eq!(
        (out[0]["in_use"].as_bool(), out[0]["activities"].as_u64()),
        (Some(true), Some(8))
    );

    // The built-in version exported is the starting point for a revision, and reads back.
    let exported = dir.path().join("current.json");
    let (code, _) = cmm(&db, &["framework", "export", exported.to_str().unwrap()]);
    assert_eq!(code, 0);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    assert_eq!(json["activities"][6]["key"], "risk");

    // As a workbook too, which imports as the same version, word for word; any other
    // name is refused before anything is written.
    let workbook = dir.path().join("current.xlsx");
    let (code, out) = cmm(&db, &["framework", "export", workbook.to_str().unwrap()]);
    assert_eq!((code, out["form"].as_str()), (0, Some("workbook")), "{out}");
    let (code, out) = cmm(&db, &["framework", "import", workbook.to_str().unwrap()]);
    assert_eq!(
        (code, out["loaded"].as_str()),
        (0, Some("already_stored")),
        "{out}"
    );
    let (code, _, err) = cmm_text(
        &db,
        &[
            "framework",
            "export",
            dir.path().join("current.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("(a name ending .xlsx) or as JSON"), "{err}");
    assert!(!dir.path().join("current.txt").exists());

    // Imported, it says what it changes from the version in use.
    let revised = revised_framework_file();
    let (code, text, err) = cmm_text(&db, &["framework", "import", revised.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "Imported framework version kcc-2027-04 (April 2027, 9 activities). It is not in use until adopted",
        "What it changes from kcc-2016-09, the version in use:",
        "  added: Social value, Exit and transition",
        "  retired: Contract development",
        "  changed: People and skills (renamed from \"People\")",
        "  changed: Administration (1 bullet removed)",
    ] {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
    let (_, list) = cmm(&db, &["framework", "list"]);
    assert_eq!(list[1]["version"], "kcc-2027-04");
    assert_eq!(
        (list[1]["in_use"].as_bool(), list[1]["activities"].as_u64()),
        (Some(false), Some(9))
    );
    let (code, out) = cmm(&db, &["framework", "import", revised.to_str().unwrap()]);
    assert_eq!((code, out["loaded"].as_str()), (0, Some("already_stored")));

    let (code, _) = cmm(&db, &["framework", "adopt", "kcc-2027-04"]);
    assert_eq!(code, 0);
    // The old matrix imported again with --adopt is no "nothing changed": it is in use again.
    let (code, text, _) = cmm_text(
        &db,
        &["framework", "import", exported.to_str().unwrap(), "--adopt"],
    );
    assert_eq!(code, 0);
    assert!(
        text.contains("already stored, word for word. New reports now use it, not kcc-2027-04"),
        "{text}"
    );
    let (code, _) = cmm(&db, &["framework", "adopt", "kcc-2027-04"]);
    assert_eq!(code, 0);
    let (code, text, _) = cmm_text(&db, &["framework", "list"]);
    assert_eq!(code, 0);
    assert!(text.contains("* kcc-2027-04"), "{text}");
    let (code, _, err) = cmm_text(&db, &["framework", "adopt", "kcc-2099-01"]);
    assert_eq!(code, 4);
    assert!(
        err.contains("Framework version kcc-2099-01 is not in this data file"),
        "a version is never deleted, so it is not said to be: {err}"
    );
}

/// Copies the workbook `from` to `to` as values only, leaving out the cells at (row as the
/// spreadsheet numbers it, column from 0) in `cleared`.
fn workbook_with_cells_cleared(from: &Path, to: &Path, cleared: &[(u32, usize)]) {
    let sheets = cmm_register::read::workbook_sheets(&std::fs::read(from).unwrap()).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for r in sheet.rows {
            for (c, v) in r.cells.iter().enumerate() {
                if !v.is_empty() && !cleared.contains(&(r.line, c)) {
                    ws.write_string(r.line - 1, c as u16, v).unwrap();
                }
            }
        }
    }
    book.save(to).unwrap();
}

#[test]
fn a_bad_framework_file_is_told_every_problem_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("programme.sqlite3");
    drop(cmm_core::Store::open(&db).unwrap());
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(revised_framework_file()).unwrap()).unwrap();
    json["date"] = "".into();
    json["activities"][8]["key"] = "social-value".into();
    json["activities"][2]["descriptors"]
        .as_object_mut()
        .unwrap()
        .remove("5");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, json.to_string()).unwrap();

    let (code, _, err) = cmm_text(&db, &["framework", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("there are 3 problems"), "{err}");
    assert!(err.contains("date must not be blank"), "{err}");
    assert!(
        err.contains("Activity 9 (Exit and transition) has the key \"social-value\""),
        "{err}"
    );
    assert!(
        err.contains("Activity 3 (Administration) must have at least one bullet at level 5"),
        "{err}"
    );
    let (_, list) = cmm(&db, &["framework", "list"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "nothing is stored: {list}"
    );

    let (code, _, err) = cmm_text(&db, &["framework", "import", "/nonexistent/revision.json"]);
    assert_eq!(code, 1, "{err}");

    // A workbook's problems are each named by their cell.
    let good = dir.path().join("current.xlsx");
    let (code, _) = cmm(&db, &["framework", "export", good.to_str().unwrap()]);
    assert_eq!(code, 0);
    let bad = dir.path().join("bad.xlsx");
    // Row 3 is the date; D9 is People's level 1 bullets.
    workbook_with_cells_cleared(&good, &bad, &[(3, 0), (9, 3)]);
    let (code, _, err) = cmm_text(&db, &["framework", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("Framework!A1:B6: Above the headings there is no \"Date\" row"),
        "{err}"
    );
    assert!(
        err.contains("Framework!D9: Activity 2 (People) must have at least one bullet at level 1"),
        "{err}"
    );
}

#[test]
fn the_councils_names_are_shown_changed_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("council.sqlite3");
    cmm_core::Store::open(&db).unwrap();
    // Until chosen, Kent County Council's, from its papers.
    let (code, out) = cmm(&db, &["council"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["short_name"], "KCC");
    let (code, out) = cmm(
        &db,
        &[
            "council",
            "--name",
            "Borsetshire County Council",
            "--short-name",
            "BCC",
            "--committee",
            "Scrutiny Committee",
            "--letter-to",
            "Ann Lee, Corporate Director of Resources",
            "--letter-to",
            ", Cabinet Member for Finance",
            "--signed-by",
            "Tom Ellis, Chair",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["name"], "Borsetshire County Council");
    assert_eq!(out["letter_to"][1]["role"], "Cabinet Member for Finance");
    let (code, text, _) = cmm_text(&db, &["council"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("Letter to:    Ann Lee, Corporate Director of Resources\n              the Cabinet Member for Finance"),
        "{text}"
    );
    // A refused value changes nothing and says which and why.
    for bad in [
        &["council", "--name", " ", "--board", "New Board"][..],
        &["council", "--letter-to", "Ann Lee"][..],
    ] {
        let (code, out) = cmm(&db, bad);
        assert_eq!(code, 2, "{out}");
        let message = out["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("Enter the council's name")
                || message.contains("--letter-to takes a name and a role"),
            "{message}"
        );
    }
    assert_eq!(
        cmm(&db, &["council"]).1["board"],
        "Budget and Programme Delivery Board"
    );
    // The six-month update goes to the council's committee unless another is named.
    let update = dir.path().join("update.pdf");
    let (code, out) = cmm(
        &db,
        &[
            "six-month-update",
            "01/07/2026",
            "31/12/2026",
            update.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    let text = Command::new("pdftotext")
        .arg(&update)
        .arg("-")
        .output()
        .unwrap()
        .stdout;
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("To Scrutiny Committee"), "{text}");
    assert!(text.contains("Borsetshire County Council"), "{text}");
}

#[test]
fn contracts_are_handed_over_by_reference_and_the_summary_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("handover.sqlite3");
    let (code, _) = cmm(&db, &["load-example"]);
    assert_eq!(code, 0);
    let (code, out) = cmm(
        &db,
        &[
            "hand-over",
            "SS01-TFM-EASTK",
            "ss02-tfm-midke",
            "--to",
            "Sam Okafor",
            "--on",
            "01/12/2026",
            "--note",
            "The exit plan needs refreshing.",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["owner"], "Sam Okafor");
    assert_eq!(out["contracts"][1]["previous_owner"], "Rebecca Spore");
    assert_eq!(
        out["contracts"][0]["note"],
        "The exit plan needs refreshing."
    );
    // A reference not on the register: exit 4, naming it; a bad value: exit 2, nothing changed.
    let (code, out) = cmm(
        &db,
        &["hand-over", "NOPE", "--to", "X", "--on", "2026-12-01"],
    );
    assert_eq!(code, 4, "{out}");
    assert!(
        out["error"]["message"].as_str().unwrap().contains("NOPE"),
        "{out}"
    );
    let (code, out) = cmm(
        &db,
        &[
            "hand-over",
            "SS03-TFM-WESTK",
            "--to",
            " ",
            "--on",
            "31/02/2026",
        ],
    );
    assert_eq!(code, 2, "{out}");
    let summary = dir.path().join("summary.docx");
    let (code, out) = cmm(
        &db,
        &[
            "handover-summary",
            "SS03-TFM-WESTK",
            "--out",
            summary.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out["owner"], "Rebecca Spore",
        "West Kent was not handed over"
    );
    assert!(std::fs::read(&summary).unwrap().starts_with(b"PK"));
}
