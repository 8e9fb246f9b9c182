//! The list of contracts to review next: sorted by the weighted criteria, each with its
//! reasons, the date of its last review, and the weights editable.

use cmm_core::fixtures::contract_input;
use cmm_core::programme::priority::{AuditSynergy, PriorityInput, Rating, RequestInput, Weights};
use cmm_core::review::{MeetingInput, MemberInput};
use cmm_core::Store;

fn d(s: &str) -> chrono::NaiveDate {
    cmm_core::contracts::parse_date(s).unwrap()
}

#[test]
fn the_list_is_ranked_with_reasons_and_last_reviews() {
    let mut s = Store::open_in_memory().unwrap();
    let today = d("2026-11-22");
    let mut add = |reference: &str, value: &str, expiry: &str| {
        let mut c = contract_input(reference, &format!("Contract {reference}"));
        c.whole_life_cost_nominal = value.into();
        c.expiry_date = expiry.into();
        s.save_contract(None, None, &c).unwrap().id
    };
    let care = add("CARE-1", "94,000,000", "2028-03-31");
    let fm = add("FM-1", "45,000,000", "2027-05-31");
    let small = add("SMALL-1", "200,000", "2032-01-01");
    s.save_priority_input(
        care,
        &PriorityInput {
            inherent_risk: Some(Rating::High),
            complexity: Some(Rating::High),
            ..Default::default()
        },
    )
    .unwrap();
    s.save_priority_input(
        fm,
        &PriorityInput {
            audit: AuditSynergy::RecentlyAudited,
            ..Default::default()
        },
    )
    .unwrap();
    s.add_review_request(
        small,
        &RequestInput {
            requested_by: "CYPS Cabinet Committee".into(),
            requested_on: "12/11/2026".into(),
            note: String::new(),
        },
    )
    .unwrap();
    assert!(s
        .add_review_request(
            small,
            &RequestInput {
                requested_by: String::new(),
                requested_on: "soon".into(),
                note: String::new()
            }
        )
        .is_err());

    let list = s.priority_list(today).unwrap();
    let order: Vec<&str> = list.iter().map(|p| p.reference.as_str()).collect();
    assert_eq!(order, ["CARE-1", "FM-1", "SMALL-1"]);
    assert!(
        list.iter().all(|p| p.last_review.is_none()),
        "none reviewed yet"
    );
    let small_reasons: Vec<&str> = list[2].factors.iter().map(|f| f.reason.as_str()).collect();
    assert!(
        small_reasons.contains(&"Review requested by CYPS Cabinet Committee (12 November 2026)")
    );
    let fm_audit = list[1]
        .factors
        .iter()
        .find(|f| f.criterion == "Synergy with audit")
        .unwrap();
    assert_eq!(
        (fm_audit.points, fm_audit.reason.as_str()),
        (-2, "Audited recently: moved down the list")
    );

    // Requests count for more: the small contract the committee asked about goes first.
    s.save_priority_weights(&Weights {
        requests: 10,
        value: 1,
        ..Weights::default()
    })
    .unwrap();
    assert_eq!(s.priority_list(today).unwrap()[0].reference, "SMALL-1");
    assert!(s
        .save_priority_weights(&Weights {
            value: 12,
            ..Weights::default()
        })
        .is_err());

    // A review sets the last review date.
    let report =
        cmm_core::fixtures::signed_report(&mut s, tempfile::tempdir().unwrap().path()).unwrap();
    let m = s
        .save_member(
            None,
            &MemberInput {
                name: "Roger Gough".into(),
                active_from: "2016-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap();
    s.save_meeting(
        None,
        &MeetingInput {
            held_on: "2026-10-01".into(),
            present: vec![m.id],
            report_ids: vec![report],
            ..Default::default()
        },
    )
    .unwrap();
    let list = s.priority_list(today).unwrap();
    let reviewed = list.iter().find(|p| p.reference == "FM-2016-001").unwrap();
    assert_eq!(reviewed.last_review, Some(d("2026-10-01")));
}

#[test]
fn the_list_comes_a_page_at_a_time_and_a_search_keeps_each_rank() {
    let today = d("2026-11-22");
    let mut s = Store::open_in_memory().unwrap();
    let scale = cmm_core::fixtures::generate::Scale {
        contracts: 120,
        reports: 240,
        reviewed_every: 6,
    };
    cmm_core::fixtures::generate::programme(&mut s, scale, today).unwrap();
    let list = s.priority_list(today).unwrap();
    let first = s.priority_page(today, 0, 50, "").unwrap();
    assert_eq!((first.total, first.found, first.offset), (120, 120, 0));
    assert_eq!(
        first.never_reviewed as usize,
        list.iter().filter(|p| p.last_review.is_none()).count()
    );
    assert_eq!(first.rows.len(), 50);
    let third = s.priority_page(today, 100, 50, "").unwrap();
    assert_eq!(third.rows.len(), 20);
    assert_eq!(third.rows[0].rank, 101);
    assert_eq!(third.rows[0].priority, list[100]);
    // Found by part of a reference, in any case: each keeps its place in the whole list.
    let reference = list[77].reference.to_lowercase();
    let found = s.priority_page(today, 0, 50, &reference).unwrap();
    let hit = found
        .rows
        .iter()
        .find(|r| r.priority.contract_id == list[77].contract_id)
        .unwrap();
    assert_eq!(hit.rank, 78);
    assert_eq!(found.total, 120);
    assert!(found.found >= 1 && (found.found as usize) == found.rows.len());
    // Nothing found, and a page past the end: empty, not an error.
    assert_eq!(
        s.priority_page(today, 0, 50, "no such contract")
            .unwrap()
            .found,
        0
    );
    let beyond = s.priority_page(today, 10_000, 50, "").unwrap();
    assert!(beyond.rows.is_empty());
    assert_eq!(beyond.offset, 120);
}
