//! The programme's exports, as the committee receives them.

use cmm_core::Store;

#[test]
fn the_forward_plan_exports_as_the_committee_table_in_csv() {
    let mut store = Store::open_in_memory().unwrap();
    cmm_core::fixtures::generate::programme(
        &mut store,
        cmm_core::fixtures::generate::Scale {
            contracts: 3,
            reports: 0,
            reviewed_every: 0,
        },
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap();
    let ids: Vec<i64> = store
        .register()
        .unwrap()
        .contracts
        .iter()
        .map(|c| c.id)
        .collect();
    cmm_core::fixtures::plan_with_a_move(&mut store, &ids).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.csv");
    let plan = store.forward_plan(None, None).unwrap();
    assert_eq!(cmm_api::programme::write_plan_csv(&plan, &out).unwrap(), 15);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        cmm_api::programme::PLAN_HEADINGS
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let moved = rows.iter().find(|r| &r[2] == "David Hughes").unwrap();
    assert_eq!(&moved[0], "12.03.27, 3pm – 4pm");
    assert_eq!(&moved[3], "Moved");
    assert_eq!(&moved[4], "2027-03-12");
    assert_eq!(&moved[9], "14.02.27, 3pm – 4pm");
    assert!(moved[1].starts_with("Inward Investment Contract - Locate in Kent; Contract 0"));
    assert!(moved[8].contains("GEN-000000; GEN-000001"));
}
