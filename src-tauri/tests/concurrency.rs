//! Writers wait their turn: for 30 s (CMM_CONCURRENCY_SECONDS to change it), several
//! programs use one database file at once, as on a council desktop:
//!
//! - the window's command path (the real commands, on Tauri's mock runtime), saving
//!   contracts one after another;
//! - two `cmm import` loops of eight versions of a report, in opposite orders, so that
//!   imports of the same file and of different files run at once;
//! - `cmm export-submission`, in a loop;
//! - the council's lock-holding scripts (`tests/fixtures/database`), holding an ordinary
//!   write lock and an exclusive lock for 1.5 s at a time, less than the busy timeout.
//!
//! An exclusive lock can only be taken while no other program has the file open (in WAL
//! mode every open connection keeps a shared lock on it), and the window keeps it open, so
//! the exclusive holder runs in the first third, before the window opens; the rest runs
//! throughout.
//!
//! No write may be refused, none may be lost, and SQLite's integrity check passes at the
//! end. The figures are printed (`cargo test -p cmm-app --test concurrency -- --nocapture`).
//! It needs `cmm` built beside this test (`cargo build -p cmm-cli`; `.ci/test` builds it
//! first) and `python3`.

mod common;

use cmm_app::state::AppState;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::Manager;

/// `cmm`, built beside this test binary (target/debug/deps/.. → target/debug/cmm).
fn cmm_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("cmm");
    assert!(
        bin.exists(),
        "{} is not built: run `cargo build -p cmm-cli` first",
        bin.display()
    );
    bin
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/database")
        .join(name)
}

#[derive(Default, Debug)]
struct Tally {
    done: u32,
    refused: Vec<String>,
}

/// Signed submissions of one report, version 1 to `n`, as an owner would send them.
fn submissions(dir: &Path, n: usize) -> Vec<PathBuf> {
    let owner = dir.join("owner.sqlite3");
    let mut s = cmm_core::Store::open(&owner).unwrap();
    let mut id = cmm_core::fixtures::signed_report(&mut s, dir).unwrap();
    let mut files = Vec::new();
    for v in 1..=n {
        let file = dir.join(format!("report-v{v}.cmmsub"));
        s.export_submission(id, &file).unwrap();
        files.push(file);
        if v < n {
            id = s.amend_report(id).unwrap();
            s.save_attestation(id, &cmm_core::fixtures::attestation_input())
                .unwrap();
            s.sign_report(id).unwrap();
        }
    }
    files
}

/// Runs `cmm` with `args` until `stop`; every exit other than 0 is a refusal.
fn cmm_loop(
    db: PathBuf,
    stop: Arc<AtomicBool>,
    args: impl Fn(u32) -> Vec<String> + Send + 'static,
) -> std::thread::JoinHandle<Tally> {
    std::thread::spawn(move || {
        let mut t = Tally::default();
        while !stop.load(Ordering::Relaxed) {
            let out = Command::new(cmm_binary())
                .arg("--db")
                .arg(&db)
                .args(args(t.done))
                .output()
                .unwrap();
            if out.status.success() {
                t.done += 1;
            } else {
                t.refused
                    .push(String::from_utf8_lossy(&out.stderr).trim().to_owned());
            }
            // A secretariat's script runs one command after another, not flat out; the
            // pause also lets the exclusive holder find a moment with no reader.
            std::thread::sleep(Duration::from_millis(150));
        }
        t
    })
}

/// Runs a lock-holding script for 1.5 s at a time, with a pause between, until `stop`. A
/// hold the script could not take (it gives up after Python's own 5 s) is that program's
/// refusal, not ours: it is counted in `refused` and reported, not failed on.
fn holder_loop(
    script: &'static str,
    db: PathBuf,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Tally> {
    std::thread::spawn(move || {
        let mut t = Tally::default();
        while !stop.load(Ordering::Relaxed) {
            let out = Command::new("python3")
                .arg(fixture(script))
                .arg(&db)
                .arg("1.5")
                .output()
                .expect("python3 runs the lock-holding scripts");
            if out.status.success() {
                t.done += 1;
            } else {
                t.refused
                    .push(String::from_utf8_lossy(&out.stderr).trim().to_owned());
            }
            std::thread::sleep(Duration::from_millis(700));
        }
        t
    })
}

#[test]
fn several_programs_write_at_once_and_none_is_refused_or_lost() {
    let seconds: u64 = std::env::var("CMM_CONCURRENCY_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("group.sqlite3");
    let files = submissions(dir.path(), 8);
    // The group's database, with the first version imported so there is a report to export.
    {
        let mut s = cmm_core::Store::open(&db).unwrap();
        s.import_submission(&files[0]).unwrap();
    }
    drop(cmm_core::Store::open(&db).unwrap()); // the day's backup, so none is due

    let stop = Arc::new(AtomicBool::new(false));
    let import_loop = |reverse: bool| {
        let files = files.clone();
        cmm_loop(db.clone(), stop.clone(), move |n| {
            let k = n as usize % files.len();
            let k = if reverse { files.len() - 1 - k } else { k };
            vec!["import".into(), files[k].display().to_string()]
        })
    };
    let imports = import_loop(false);
    let imports_reversed = import_loop(true);
    let exports = {
        let out = dir.path().join("exported.cmmsub");
        cmm_loop(db.clone(), stop.clone(), move |_| {
            vec![
                "export-submission".into(),
                "1".into(),
                out.display().to_string(),
            ]
        })
    };
    let writer = holder_loop("hold-write-lock.py", db.clone(), stop.clone());
    let started = Instant::now();
    let first_third = Duration::from_secs(seconds / 3);
    let exclusive_stop = Arc::new(AtomicBool::new(false));
    let exclusive = holder_loop("hold-exclusive-lock.py", db.clone(), exclusive_stop.clone());
    std::thread::sleep(first_third);
    exclusive_stop.store(true, Ordering::Relaxed);
    let exclusive = exclusive.join().unwrap();

    let (app, window) = common::app_with_db(&db);
    let call = |cmd: &str, args: Value| common::call(&window, cmd, args);

    // The window's command path, in this process: a contract saved, one after another.
    let mut app_path = Tally::default();
    let mut saved = Vec::new();
    let mut slowest = Duration::ZERO;
    while started.elapsed() < Duration::from_secs(seconds) {
        let reference = format!("CONC-{:05}", app_path.done + app_path.refused.len() as u32);
        let t = Instant::now();
        let r = call(
            "save_contract",
            json!({"contractId": null, "draftId": null, "input": {
                "name": format!("Concurrency contract {reference}"),
                "reference": reference,
                "contractor_legal_name": "Stagecoach South East Ltd",
                "contractor_trading_name": "", "contractor_construct": "",
                "award_date": "2019-06-01", "start_date": "", "expiry_date": "2029-05-31",
                "whole_life_cost_nominal": "12,500,000", "whole_life_cost_npv": "",
                "current_year_value": "", "scope": "",
                "service_area": "Growth, Environment and Transport",
                "contract_owner": "A. Officer", "contract_manager": ""
            }}),
        );
        slowest = slowest.max(t.elapsed());
        match r {
            Ok(_) => {
                app_path.done += 1;
                saved.push(reference);
            }
            Err(e) => app_path.refused.push(e.to_string()),
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    let imports = imports.join().unwrap();
    let imports_reversed = imports_reversed.join().unwrap();
    let exports = exports.join().unwrap();
    let writer = writer.join().unwrap();
    let duration = started.elapsed();
    app.state::<AppState>().close();

    // Lost: a confirmed save that is not in the file.
    let store = cmm_core::Store::open(&db).unwrap();
    let register: Vec<String> = store
        .register_entries()
        .unwrap()
        .into_iter()
        .map(|e| e.contract.details.reference)
        .collect();
    let lost: Vec<&String> = saved.iter().filter(|r| !register.contains(r)).collect();
    let versions = store.reports().unwrap().len();
    drop(store);
    let integrity: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();

    let refused = app_path.refused.len()
        + imports.refused.len()
        + imports_reversed.refused.len()
        + exports.refused.len();
    let not_held = writer.refused.len() + exclusive.refused.len();
    println!(
        "concurrency: 6 programs for {:.1} s: the window's commands {} saves (slowest {} ms), two cmm import loops {} runs, cmm export-submission {} runs, write-lock holder {} holds, exclusive-lock holder {} holds ({not_held} holds the scripts could not take); refused {refused}, lost {}; {versions} report versions; integrity {integrity}",
        duration.as_secs_f64(),
        app_path.done,
        slowest.as_millis(),
        imports.done + imports_reversed.done,
        exports.done,
        writer.done,
        exclusive.done,
        lost.len(),
    );
    for (who, t) in [
        ("the window's commands", &app_path),
        ("cmm import", &imports),
        ("cmm import, the other way round", &imports_reversed),
        ("cmm export-submission", &exports),
    ] {
        assert!(t.refused.is_empty(), "{who} was refused: {:?}", t.refused);
        assert!(t.done > 0, "{who} never ran to the end");
    }
    assert!(
        writer.done > 0 && exclusive.done > 0,
        "the other programs held the file at least once each: {writer:?} {exclusive:?}"
    );
    assert!(lost.is_empty(), "confirmed saves lost: {lost:?}");
    assert_eq!(versions, files.len(), "every version imported once");
    assert_eq!(integrity, "ok");
}
