//! The commands' wiring, driven through Tauri's mock runtime: arguments arrive by their
//! camelCase names, results and `{code, message, fields}` errors come back as JSON.

mod common;

use cmm_app::state::AppState;
use common::{app_with_db, call, dialog_script};
use serde_json::{json, Value};
use tauri::Manager;

fn contract_input() -> Value {
    common::contract_with_reference("SC-2019-044")
}

#[test]
fn startup_reports_the_database_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let (_app, w) = app_with_db(&path);
    let info = call(&w, "startup", json!({})).unwrap();
    assert_eq!(info["db_path"], json!(path.display().to_string()));
    assert_eq!(info["problem"], Value::Null);
}

#[test]
fn a_contract_saved_through_commands_is_on_the_register_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    {
        let (_app, w) = app_with_db(&path);
        let saved = call(
            &w,
            "save_contract",
            json!({"contractId": null, "draftId": null, "input": contract_input()}),
        )
        .unwrap();
        assert_eq!(saved["whole_life_cost_nominal"], json!(1_250_000_000));
        assert_eq!(saved["award_date"], json!("2019-06-01"));
        _app.state::<AppState>().close(); // as the app does when it exits
    }
    let (_app, w) = app_with_db(&path);
    let reg = call(
        &w,
        "register_page",
        json!({"offset": 0, "limit": 500, "search": ""}),
    )
    .unwrap();
    assert_eq!(reg["contracts"][0]["reference"], json!("SC-2019-044"));
    assert_eq!(
        reg["contracts"][0]["current_year_value"],
        json!(250_000_000)
    );
}

#[test]
fn invalid_input_comes_back_as_code_message_and_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app_with_db(&dir.path().join("t.sqlite3"));
    let mut input = contract_input();
    input["expiry_date"] = json!("2018-01-01");
    let err = call(
        &w,
        "save_contract",
        json!({"contractId": null, "draftId": null, "input": input}),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("validation_failed"));
    assert_eq!(err["fields"][0]["field"], json!("expiry_date"));
    assert_eq!(
        err["message"],
        json!("Date of expiry must be after the date of contract award")
    );
    let reg = call(
        &w,
        "register_page",
        json!({"offset": 0, "limit": 500, "search": ""}),
    )
    .unwrap();
    assert_eq!(reg["contracts"], json!([]));

    // The typed form is kept as a draft instead.
    let draft = call(
        &w,
        "keep_contract_draft",
        json!({"contractId": null, "draftId": null, "input": input}),
    )
    .unwrap();
    let form = call(&w, "draft_form", json!({"draftId": draft})).unwrap();
    assert_eq!(form["input"]["expiry_date"], json!("2018-01-01"));
    assert_eq!(form["errors"][0]["field"], json!("expiry_date"));
}

#[test]
fn a_damaged_database_is_reported_and_every_data_command_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    std::fs::write(&path, b"not a database").unwrap();
    let (_app, w) = app_with_db(&path);
    let info = call(&w, "startup", json!({})).unwrap();
    assert_eq!(info["problem"]["code"], json!("database_damaged"));
    let err = call(
        &w,
        "register_page",
        json!({"offset": 0, "limit": 500, "search": ""}),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("database_damaged"));
    let err = call(&w, "restore_backup", json!({"fileName": "x.sqlite3"})).unwrap_err();
    assert_eq!(err["code"], json!("no_backup"));
    assert_eq!(std::fs::read(&path).unwrap(), b"not a database");
}

#[test]
fn damage_found_while_in_use_is_handled_as_damage_found_at_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    drop(cmm_core::Store::open(&path).unwrap());
    drop(cmm_core::Store::open(&path).unwrap()); // the day's backup
    let (_app, w) = app_with_db(&path);
    call(
        &w,
        "save_contract",
        json!({"contractId": null, "draftId": null, "input": contract_input()}),
    )
    .unwrap();
    // Another program, or a failing disk, spoils the contract table's pages under the app.
    cmm_core::fixtures::damage_table(&path, "contract");
    let err = call(
        &w,
        "register_page",
        json!({"offset": 0, "limit": 500, "search": "zzz-not-cached"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("database_damaged"), "{err}");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains(&path.display().to_string()));
    // From now on the window shows the problem and the restore, as at opening.
    let info = call(&w, "startup", json!({})).unwrap();
    assert_eq!(info["problem"]["code"], json!("database_damaged"));
    let plan = &info["restore"];
    assert!(plan["backup"]["file_name"].is_string(), "{info}");
    let err = call(&w, "contract_form", json!({"contractId": 1})).unwrap_err();
    assert_eq!(err["code"], json!("database_damaged"));
}

#[test]
fn a_second_window_on_one_file_is_refused_and_another_file_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let (_app, _w) = app_with_db(&path);
    let (_app2, w2) = app_with_db(&path);
    let info = call(&w2, "startup", json!({})).unwrap();
    assert_eq!(info["problem"]["code"], json!("open_in_another_window"));
    let message = info["problem"]["message"].as_str().unwrap();
    assert!(
        message.contains("already open in another window of this app"),
        "{message}"
    );
    assert!(message.contains("asked to come to the front"), "{message}");
    let (_app3, w3) = app_with_db(&dir.path().join("other.sqlite3"));
    let info = call(&w3, "startup", json!({})).unwrap();
    assert_eq!(info["problem"], Value::Null);
}

#[test]
fn the_window_is_told_the_file_is_opening_while_another_program_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    drop(cmm_core::Store::open(&path).unwrap());
    let holder = cmm_core::fixtures::hold_exclusive_lock(&path, std::time::Duration::from_secs(4));
    let state = AppState::start(path.clone(), false);
    let first = state.startup_info();
    assert!(first.opening.is_some() && first.problem.is_none());
    // Still waiting, and saying so, after the first try.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let waiting = state.startup_info();
    assert!(
        waiting.opening.as_ref().is_some_and(|o| o.in_use),
        "{waiting:?}"
    );
    holder.join().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let info = state.startup_info();
        if info.opening.is_none() {
            assert!(info.problem.is_none(), "{:?}", info.problem);
            assert!(info.open_outcome.is_some());
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never opened");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_built_in_framework_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app_with_db(&dir.path().join("t.sqlite3"));
    let f = call(&w, "framework", json!({"version": null})).unwrap();
    assert_eq!(f["version"], json!("kcc-2016-09"));
    assert_eq!(f["activities"].as_array().unwrap().len(), 8);
    assert_eq!(f["levels"][4]["name"], json!("Optimised"));
}

#[test]
fn a_report_is_started_and_an_activity_assessed_through_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app_with_db(&dir.path().join("t.sqlite3"));
    let c = call(
        &w,
        "save_contract",
        json!({"contractId": null, "draftId": null, "input": contract_input()}),
    )
    .unwrap();
    let id = call(
        &w,
        "create_report",
        json!({"input": {"title": "", "meeting_date": "2026-12-01", "contract_ids": [c["id"]], "previous_report_id": null}}),
    )
    .unwrap();
    let row = call(
        &w,
        "save_assessment",
        json!({"reportId": id, "activity": 1, "input": {"current_level": 2, "target_level": 1, "rationale": "x", "below_current_reason": ""}}),
    )
    .unwrap();
    assert_eq!(row["missing"][0]["field"], json!("below_current_reason"));
    // A level of 7 is kept as typed, with its error, and crosses to the window as `kept`;
    // the good values beside it are saved, and the report lists it as not saved.
    let row = call(
        &w,
        "save_assessment",
        json!({"reportId": id, "activity": 1, "input": {"current_level": 7, "target_level": 1, "rationale": "", "below_current_reason": ""}}),
    )
    .unwrap();
    assert_eq!(row["kept"][0]["field"], json!("current_level"));
    assert_eq!(row["kept"][0]["pointer"], json!("/current_level"));
    assert_eq!(row["kept"][0]["typed"], json!(7));
    // A row that does not exist is refused whole, as {code, message, fields}.
    let err = call(
        &w,
        "save_assessment",
        json!({"reportId": id, "activity": 9, "input": {"current_level": 2, "target_level": 1, "rationale": "", "below_current_reason": ""}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("validation_failed"));
    assert_eq!(err["fields"][0]["field"], json!("activity"));
    let report = call(&w, "report", json!({"reportId": id})).unwrap();
    assert_eq!(report["assessments"][1]["current_level"], json!(null));
    assert_eq!(report["assessments"][1]["target_level"], json!(1));
    assert_eq!(report["unsaved"][0]["activity"], json!(1));
    assert_eq!(report["tasks"][1]["state"], json!("in_progress"));
    assert_eq!(report["meeting_date"], json!("2026-12-01"));
}

#[test]
fn evidence_is_attached_through_the_dialog_then_the_report_is_signed_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cmm.sqlite3");
    let (_app, w) = app_with_db(&db);
    let contract = call(
        &w,
        "save_contract",
        json!({"contractId": null, "draftId": null, "input": contract_input()}),
    )
    .unwrap();
    let report = call(&w, "create_report", json!({"input": {"title": "", "meeting_date": "", "contract_ids": [contract["id"]], "previous_report_id": null}})).unwrap();
    let (a, b) = (dir.path().join("minutes.pdf"), dir.path().join("plan.docx"));
    std::fs::write(&a, b"minutes").unwrap();
    std::fs::write(&b, b"plan").unwrap();
    std::fs::write(
        dialog_script(&db),
        format!("{}|{}\n\n", a.display(), b.display()),
    )
    .unwrap();
    let target = json!({"kind": "activity", "activity": 1});
    let added = call(
        &w,
        "add_evidence",
        json!({"reportId": report, "target": target, "description": "June"}),
    )
    .unwrap();
    assert_eq!(added.as_array().unwrap().len(), 2);
    assert_eq!(
        added[0]["target_label"],
        "Activity 1: Planning and governance"
    );
    let cancelled = call(
        &w,
        "add_evidence",
        json!({"reportId": report, "target": target, "description": ""}),
    )
    .unwrap();
    assert_eq!(cancelled, json!([]));
    let gaps = call(&w, "completeness", json!({"reportId": report})).unwrap();
    assert_eq!(
        gaps["activities_without_evidence"],
        json!([2, 3, 4, 5, 6, 7, 8])
    );

    let err = call(&w, "sign_report", json!({"reportId": report})).unwrap_err();
    assert_eq!(err["code"], "validation_failed");
    call(
        &w,
        "save_attestation",
        json!({"reportId": report, "input": {
        "owner_name": "Rebecca Spore", "position": "Director", "owner_since": "2015-04-01",
        "choices": [0, 0, 0, 1, 0, 1, 0]}}),
    )
    .unwrap();
    let status = call(&w, "sign_report", json!({"reportId": report})).unwrap();
    assert_eq!(status["state"], "intact");
    let err = call(&w, "remove_evidence", json!({"evidenceId": added[0]["id"]})).unwrap_err();
    assert_eq!(err["code"], "report_locked");

    let out = dir.path().join("out.cmmsub");
    std::fs::write(dialog_script(&db), format!("{}\n", out.display())).unwrap();
    let summary = call(&w, "export_submission", json!({"reportId": report})).unwrap();
    assert_eq!(summary["seal"], status["seal"]);
    assert!(out.exists());
}

#[test]
fn pack_export_asks_where_then_writes_and_only_opens_what_it_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let report = {
        let mut s = cmm_core::Store::open(&db).unwrap();
        cmm_core::fixtures::Fixture::large().load(&mut s).unwrap()
    };
    let (_app, w) = app_with_db(&db);

    // Cancelled: nothing written, no error.
    std::fs::write(dialog_script(&db), "\n").unwrap();
    let none = call(
        &w,
        "export_pack",
        json!({"reportId": report, "marking": "official", "format": "pdf"}),
    )
    .unwrap();
    assert_eq!(none, Value::Null);

    let out = dir.path().join("pack.pdf");
    std::fs::write(dialog_script(&db), format!("{}\n", out.display())).unwrap();
    let s = call(
        &w,
        "export_pack",
        json!({"reportId": report, "marking": "official_sensitive", "format": "pdf"}),
    )
    .unwrap();
    assert_eq!(s["path"], out.display().to_string());
    assert!(s["pages"].as_u64().unwrap() > 10);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    call(
        &w,
        "open_saved_file",
        json!({"path": out.display().to_string()}),
    )
    .unwrap();
    let err = call(&w, "open_saved_file", json!({"path": "/etc/passwd"})).unwrap_err();
    assert_eq!(err["code"], "file_problem", "{err}");

    // The same pack as a Word document, its name typed without an extension.
    let word = dir.path().join("pack for editing");
    std::fs::write(dialog_script(&db), format!("{}\n", word.display())).unwrap();
    let s = call(
        &w,
        "export_pack",
        json!({"reportId": report, "marking": "official", "format": "word"}),
    )
    .unwrap();
    // Named for what it is.
    let word = dir.path().join("pack for editing.docx");
    assert_eq!(s["path"], word.display().to_string());
    let bytes = std::fs::read(&word).unwrap();
    assert!(bytes.starts_with(b"PK"), "a Word document is a zip package");
    assert!(
        bytes.windows(17).any(|w| w == b"word/document.xml"),
        "with its main part"
    );

    // A bad marking is refused by the command layer.
    assert!(call(
        &w,
        "export_pack",
        json!({"reportId": report, "marking": "secret", "format": "pdf"})
    )
    .is_err());

    let dates = call(&w, "meeting_dates", json!({})).unwrap();
    assert_eq!(dates, json!([{"date": "2027-01-14", "reports": 1}]));
    let meeting = dir.path().join("meeting.pdf");
    std::fs::write(dialog_script(&db), format!("{}\n", meeting.display())).unwrap();
    let s = call(
        &w,
        "export_meeting_pack",
        json!({"meetingDate": "14/01/2027", "marking": "official", "format": "pdf"}),
    )
    .unwrap();
    assert_eq!(s["reports"], 1);
    assert!(meeting.exists());
    // No reports for the date: refused before any dialog, naming the field.
    let err = call(
        &w,
        "export_meeting_pack",
        json!({"meetingDate": "2030-01-01", "marking": "official", "format": "pdf"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "validation_failed");
    assert_eq!(err["fields"][0]["field"], "meeting");
    let err = call(
        &w,
        "export_meeting_pack",
        json!({"meetingDate": "soon", "marking": "official", "format": "pdf"}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "meeting_date");
}

#[test]
fn the_forward_plan_portfolio_and_six_month_update_through_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    {
        let mut s = cmm_core::Store::open(&db).unwrap();
        cmm_core::fixtures::Fixture::large().load(&mut s).unwrap();
    }
    let (_app, w) = app_with_db(&db);
    let register = call(
        &w,
        "register_page",
        json!({"offset": 0, "limit": 500, "search": ""}),
    )
    .unwrap();
    let first = register["contracts"][0]["id"].clone();

    // Plan a meeting; a bad one is refused naming the field, and nothing is added.
    let err = call(
        &w,
        "save_plan_item",
        json!({"id": null, "input": {"date": "31/02/2027", "contract_ids": [first]}}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "date", "{err}");
    assert_eq!(
        call(&w, "forward_plan", json!({"from": "", "to": ""})).unwrap(),
        json!([])
    );
    let item = call(
        &w,
        "save_plan_item",
        json!({"id": null, "input": {"date": "14/02/2027", "date_confirmed": true, "starts_at": "15:00",
               "ends_at": "16:00", "contract_ids": [first], "lead_officer": "David Hughes"}}),
    )
    .unwrap();
    assert_eq!(item["when"], "14.02.27, 3pm – 4pm");
    let moved = call(
        &w,
        "move_plan_item",
        json!({"id": item["id"], "input": {"date": "12/03/2027", "date_confirmed": true,
               "starts_at": "15:00", "ends_at": "16:00", "reason": "Chair unavailable"}}),
    )
    .unwrap();
    assert_eq!(moved["status"], "moved");
    assert_eq!(moved["moves"][0]["from_text"], "14.02.27, 3pm – 4pm");
    let err = call(&w, "set_plan_held", json!({"id": item["id"], "held": true})).unwrap_err();
    assert_eq!(
        err["fields"][0]["field"], "status",
        "not held before its date"
    );
    let plan = call(
        &w,
        "forward_plan",
        json!({"from": "01/03/2027", "to": "31/03/2027"}),
    )
    .unwrap();
    assert_eq!(plan.as_array().unwrap().len(), 1);
    let err = call(
        &w,
        "forward_plan",
        json!({"from": "01/04/2027", "to": "01/03/2027"}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "to");

    // The plan as CSV and PDF: both ends of the range are needed; cancel writes nothing.
    let err = call(
        &w,
        "export_forward_plan",
        json!({"from": "", "to": "30/06/2027", "format": "csv"}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "from");
    std::fs::write(dialog_script(&db), "\n").unwrap();
    assert_eq!(
        call(
            &w,
            "export_forward_plan",
            json!({"from": "01/01/2027", "to": "30/06/2027", "format": "pdf"}),
        )
        .unwrap(),
        Value::Null
    );
    let csv = dir.path().join("plan.csv");
    std::fs::write(dialog_script(&db), format!("{}\n", csv.display())).unwrap();
    let s = call(
        &w,
        "export_forward_plan",
        json!({"from": "01/01/2027", "to": "30/06/2027", "format": "csv"}),
    )
    .unwrap();
    assert_eq!(s["reports"], 1);
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .contains("12.03.27, 3pm – 4pm"));
    let pdf = dir.path().join("plan.pdf");
    std::fs::write(dialog_script(&db), format!("{}\n", pdf.display())).unwrap();
    let s = call(
        &w,
        "export_forward_plan",
        json!({"from": "01/01/2027", "to": "30/06/2027", "format": "pdf"}),
    )
    .unwrap();
    assert_eq!(s["pages"], 1);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // The portfolio: the example's three contracts at the owner's own levels.
    let p = call(&w, "portfolio", json!({"query": {}})).unwrap();
    assert_eq!(p["assessed"], 3, "{p}");
    assert_eq!(p["rows"][0]["source"], "self_assessed");
    assert_eq!(p["rows"][0]["levels"].as_array().unwrap().len(), 8);
    // The heatmap row and the contract ending soon carry the contract's fields flat.
    assert!(p["rows"][0]["name"].is_string() && p["rows"][0]["contract_id"].is_number());
    assert!(p["rows"][0].get("contract").is_none());
    assert!(p["overdue_total"].is_number() && p["expiring_total"].is_number());
    let p = call(
        &w,
        "portfolio",
        json!({"query": {"filter": {"service_area": "Highways"}}}),
    )
    .unwrap();
    assert_eq!(p["contracts"], 0);
    let err = call(
        &w,
        "portfolio",
        json!({"query": {"filter": {"from": "yesterday"}}}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "from");

    // The register a page at a time, found by part of a name, reference or contractor.
    let page = call(
        &w,
        "register_page",
        json!({"offset": 0, "limit": 2, "search": ""}),
    )
    .unwrap();
    assert_eq!(
        (page["total"].as_u64(), page["found"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(page["contracts"].as_array().unwrap().len(), 2);
    let reference = page["contracts"][1]["reference"].as_str().unwrap();
    let found = call(
        &w,
        "register_page",
        json!({"offset": 0, "limit": 50, "search": reference.to_lowercase()}),
    )
    .unwrap();
    assert_eq!(found["found"], 1, "{found}");
    assert_eq!(found["contracts"][0]["reference"], reference);

    // The priority list a page at a time; a search keeps each contract's rank.
    let page = call(
        &w,
        "priority_page",
        json!({"offset": 0, "limit": 2, "search": ""}),
    )
    .unwrap();
    assert_eq!(
        (page["total"].as_u64(), page["found"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(page["rows"].as_array().unwrap().len(), 2);
    let last = call(
        &w,
        "priority_page",
        json!({"offset": 2, "limit": 2, "search": ""}),
    )
    .unwrap();
    let reference = last["rows"][0]["reference"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert_eq!(last["rows"][0]["rank"], 3);
    let found = call(
        &w,
        "priority_page",
        json!({"offset": 0, "limit": 50, "search": reference}),
    )
    .unwrap();
    assert_eq!(found["found"], 1, "{found}");
    assert_eq!(found["rows"][0]["rank"], 3);

    // The reports list a page at a time.
    let page = call(
        &w,
        "reports_page",
        json!({"offset": 0, "limit": 50, "search": "facilities", "signedOnly": true}),
    )
    .unwrap();
    assert_eq!(page["total"], 1);

    // The six-month update: a bad period is refused before any dialog opens.
    std::fs::write(dialog_script(&db), "").unwrap();
    let err = call(
        &w,
        "export_six_month_update",
        json!({"input": {"from": "01/07/2026", "to": "01/01/2026"}, "marking": "official", "format": "pdf"}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "to");
    let update = dir.path().join("update.pdf");
    std::fs::write(dialog_script(&db), format!("{}\n", update.display())).unwrap();
    let s = call(
        &w,
        "export_six_month_update",
        json!({"input": {"from": "01/07/2026", "to": "31/12/2026", "committee": ""}, "marking": "official", "format": "pdf"}),
    )
    .unwrap();
    assert!(s["pages"].as_u64().unwrap() >= 3, "{s}");
    assert!(std::fs::read(&update).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_path_given_that_has_no_file_is_made_only_when_the_officer_asks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("share/not-connected.sqlite3");
    let state = AppState::start(path.clone(), false);
    let settled = || {
        let waiter = state.opening_waiter();
        for _ in 0..100 {
            let info = state.startup_info();
            if info.opening.is_none() {
                return info;
            }
            waiter.wait(std::time::Duration::from_millis(100));
        }
        panic!("never settled");
    };
    let info = settled();
    assert_eq!(
        info.problem.unwrap().code,
        cmm_core::ErrorCode::DatabaseMissing
    );
    assert!(!path.exists(), "nothing was made");
    state.create_database();
    let info = settled();
    assert!(info.problem.is_none(), "{:?}", info.problem);
    assert!(path.exists());
}
