//! Stores for the core's own tests: empty, with contracts, with a report, generated.

use super::Store;
use crate::contracts::tests::valid_input;
use crate::reports::NewReportInput;

/// A store with one contract on the register: (store, contract id).
pub fn store_with_contract() -> (Store, i64) {
    let mut s = Store::open_in_memory().unwrap();
    let c = s.save_contract(None, None, &valid_input()).unwrap();
    (s, c.id)
}

/// A store with one contract and a new blank report on it: (store, contract, report).
pub fn store_with_report() -> (Store, i64, i64) {
    let (mut s, c) = store_with_contract();
    let id = s
        .create_report(&NewReportInput {
            contract_ids: vec![c],
            ..Default::default()
        })
        .unwrap();
    (s, c, id)
}

/// A store in a file at `path` (WAL, second connections) with one contract and a new
/// blank report on it: (store, report).
pub fn file_store_with_draft_report(path: &std::path::Path) -> (Store, i64) {
    let mut s = Store::open(path).unwrap();
    let c = s.save_contract(None, None, &valid_input()).unwrap();
    let id = s
        .create_report(&NewReportInput {
            contract_ids: vec![c.id],
            ..Default::default()
        })
        .unwrap();
    (s, id)
}

/// A store with `n` contracts on the register: (store, their ids).
pub fn store_with_contracts(n: usize) -> (Store, Vec<i64>) {
    let mut s = Store::open_in_memory().unwrap();
    let ids = (0..n)
        .map(|i| {
            let mut c = valid_input();
            c.reference = format!("REF-{i}");
            c.name = format!("Contract {i}");
            s.save_contract(None, None, &c).unwrap().id
        })
        .collect();
    (s, ids)
}

/// A store filled by the programme generator as of 22 November 2026: (store, that day).
pub fn generated_store(
    contracts: usize,
    reports: usize,
    reviewed_every: usize,
) -> (Store, chrono::NaiveDate) {
    let mut s = Store::open_in_memory().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    crate::fixtures::generate::programme(
        &mut s,
        crate::fixtures::generate::Scale {
            contracts,
            reports,
            reviewed_every,
        },
        today,
    )
    .unwrap();
    (s, today)
}

/// Writes a file for a test to attach and returns its path.
pub fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A store with a new blank report: (store, report).
pub fn store_with_draft_report() -> (Store, i64) {
    let (s, _, id) = store_with_report();
    (s, id)
}
