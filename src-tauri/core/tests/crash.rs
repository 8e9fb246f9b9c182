//! Kill the process (SIGKILL) while it is saving, again and again. Each time the database
//! must open cleanly (`PRAGMA integrity_check`) and hold every save the process reported
//! as done. The writer is this same test binary, started again with an environment variable.

use cmm_core::contracts::ContractInput;
use cmm_core::Store;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const WRITER_ENV: &str = "CMM_CRASH_WRITER_DB";
const TEST_NAME: &str = "killing_the_process_while_saving_loses_nothing_reported_saved";

fn input(reference: &str, name: &str) -> ContractInput {
    ContractInput {
        name: name.into(),
        reference: reference.into(),
        contractor_legal_name: "Crash Test Limited".into(),
        award_date: "2020-01-01".into(),
        expiry_date: "2030-01-01".into(),
        contract_owner: "A. Owner".into(),
        scope: "x".repeat(2_000),
        ..Default::default()
    }
}

/// The writer: saves edits for ever, printing each one after its transaction commits.
fn write_until_killed(db: &str) -> ! {
    let mut store = Store::open(std::path::Path::new(db)).expect("writer opens the database");
    let mut out = std::io::stdout().lock();
    let mut n: u64 = 0;
    loop {
        n += 1;
        // Ten contracts, each renamed over and over, so both inserts and updates are cut.
        let reference = format!("CRASH-{}", n % 10);
        let name = format!("edit {n}");
        let existing = store
            .register()
            .expect("register")
            .contracts
            .into_iter()
            .find(|c| c.reference == reference)
            .map(|c| c.id);
        store
            .save_contract(existing, None, &input(&reference, &name))
            .expect("save");
        writeln!(out, "saved {reference} {name}").expect("stdout");
        out.flush().expect("flush");
    }
}

#[test]
fn killing_the_process_while_saving_loses_nothing_reported_saved() {
    if let Ok(db) = std::env::var(WRITER_ENV) {
        write_until_killed(&db);
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite3");
    let mut last_saved: std::collections::BTreeMap<String, String> = Default::default();
    for round in 0..8u32 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env(WRITER_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Let each round run for a different number of saves before the kill.
        let saves_before_kill = 25 + round * 37;
        let mut seen = 0;
        while seen < saves_before_kill {
            let line = lines.next().expect("writer output").unwrap();
            if let Some(rest) = line.strip_prefix("saved ") {
                let (reference, name) = rest.split_once(' ').unwrap();
                last_saved.insert(reference.to_owned(), name.to_owned());
                seen += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
                               // Anything printed between our last read and the kill was also saved.
        for line in lines.map_while(Result::ok) {
            if let Some((reference, name)) =
                line.strip_prefix("saved ").and_then(|r| r.split_once(' '))
            {
                last_saved.insert(reference.to_owned(), name.to_owned());
            }
        }
        child.wait().unwrap();

        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}: integrity_check");
        drop(conn);
        let store = Store::open(&db).expect("opens cleanly after a kill");
        let register = store.register().unwrap();
        for (reference, name) in &last_saved {
            let c = register
                .contracts
                .iter()
                .find(|c| &c.reference == reference)
                .unwrap_or_else(|| {
                    panic!("round {round}: {reference} was reported saved but is missing")
                });
            // The kill may land after a commit whose line was never read: the stored name is
            // then a later edit, never an earlier one.
            let stored: u64 = c.name.trim_start_matches("edit ").parse().unwrap();
            let reported: u64 = name.trim_start_matches("edit ").parse().unwrap();
            assert!(
                stored >= reported,
                "round {round}: {reference} went back from {name} to {}",
                c.name
            );
        }
    }
}
