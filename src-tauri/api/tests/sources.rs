//! What a pack shows, gathered from the data file by the application layer.

use chrono::NaiveDate;
use cmm_api::reports::pack_source;
use cmm_api::review::meeting_source;
use cmm_core::fixtures::Fixture;
use cmm_core::Store;

#[test]
fn the_large_fixture_loads_signed_and_complete() {
    let mut s = Store::open_in_memory().unwrap();
    let id = Fixture::large().load(&mut s).unwrap();
    let p = pack_source(&s, id, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).unwrap();
    assert_eq!(p.document.contracts.len(), 3);
    assert_eq!(
        p.operational.indicators.len(),
        27,
        "25 KPIs and CDIs, 2 activity indicators"
    );
    assert_eq!(p.risk.risks.len(), 40);
    assert_eq!(p.document.evidence.len(), 60);
    assert_eq!(p.financial.previous_months.len(), 12);
    assert_eq!(p.seal.state, cmm_core::reports::seal::SealState::Intact);
    assert!(p.completeness.gaps.is_empty(), "{:?}", p.completeness.gaps);
    assert_eq!(p.schema_sections.len(), 6);
}

#[test]
fn a_meeting_takes_the_latest_version_of_each_report_on_its_date() {
    let mut s = Store::open_in_memory().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let first = cmm_core::fixtures::signed_report(&mut s, dir.path()).unwrap();
    let second = s.amend_report(first).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    assert_eq!(s.meeting_reports(date).unwrap(), vec![second]);
    assert_eq!(
        s.meeting_dates().unwrap(),
        vec![cmm_core::reports::MeetingDate { date, reports: 1 }]
    );
    let other = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let e = meeting_source(&s, other, other).unwrap_err();
    assert!(e.to_string().contains("04/12/2026"), "{e}");
}
