//! The window never waits for long work: while a pack is being written, a screen read and
//! an autosave still complete. Driven through the real commands on Tauri's mock runtime,
//! with no timing: the export is held at a barrier once it has its own read-only
//! connection (its no-lock phase), and it is only let go after the read and the save have
//! both answered. Were either waiting for the export, they could never answer, and the
//! test would fail at the fail-safe below rather than pass.

mod common;

use cmm_app::state::AppState;
use common::{app_with_db, call, contract_with_reference, dialog_script};
use serde_json::json;
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::time::Duration;
use tauri::Manager;

/// Only a fail-safe against a hang, never a measure of speed: a call that has not
/// answered in this time is waiting for the export, which is held until it does.
const HANG: Duration = Duration::from_secs(120);

#[test]
fn a_read_and_an_autosave_complete_while_an_export_is_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let report = {
        let mut s = cmm_core::Store::open(&db).unwrap();
        cmm_core::fixtures::Fixture::large().load(&mut s).unwrap()
    };
    let (app, w) = app_with_db(&db);
    let saved = call(
        &w,
        "save_contract",
        json!({"contractId": null, "draftId": null, "input": contract_with_reference("SC-1")}),
    )
    .unwrap();

    // The export stops at `held` once it holds its read-only connection, and waits there
    // for `release`.
    let held = Arc::new(Barrier::new(2));
    let release = Arc::new(Barrier::new(2));
    let (h, r) = (Arc::clone(&held), Arc::clone(&release));
    app.state::<AppState>().pause_long_reads_with(move || {
        h.wait();
        r.wait();
    });

    let out = dir.path().join("pack.pdf");
    std::fs::write(dialog_script(&db), format!("{}\n", out.display())).unwrap();
    let exporter = {
        let w = w.clone();
        std::thread::spawn(move || {
            call(
                &w,
                "export_pack",
                json!({"reportId": report, "marking": "official", "format": "pdf"}),
            )
        })
    };
    held.wait();

    // The export is in progress and holds no turn: a screen read and an autosave answer.
    let (done, answers) = mpsc::channel();
    {
        let w = w.clone();
        let id = saved["id"].clone();
        std::thread::spawn(move || {
            let read = call(
                &w,
                "register_page",
                json!({"offset": 0, "limit": 50, "search": "SC-1"}),
            );
            let mut input = contract_with_reference("SC-1");
            input["name"] = json!("Home to school transport (retendered)");
            let save = call(
                &w,
                "save_contract",
                json!({"contractId": id, "draftId": null, "input": input}),
            );
            done.send((read, save)).unwrap();
        });
    }
    let (read, save) = answers
        .recv_timeout(HANG)
        .expect("the read and the autosave waited for the export");
    let read = read.unwrap();
    assert_eq!(read["contracts"][0]["reference"], json!("SC-1"));
    assert_eq!(
        save.unwrap()["name"],
        json!("Home to school transport (retendered)")
    );
    assert!(!out.exists(), "the export is still held");

    release.wait();
    let summary = exporter.join().unwrap().unwrap();
    assert_eq!(summary["path"], json!(out.display().to_string()));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
}
