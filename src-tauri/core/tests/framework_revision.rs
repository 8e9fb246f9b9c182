//! A revised maturity matrix through the store: imported, adopted, used by new reports
//! only; a report already started, and every sealed report, keeps its version; a
//! carried-forward report moves to the revision only when its owner confirms each changed
//! activity; reviews, comparisons and the portfolio follow each report's own framework and
//! match activities by key.

use chrono::NaiveDate;
use cmm_core::fixtures::{attestation_input, contract_input, fill_report};
use cmm_core::framework::{Framework, BUILT_IN_VERSION};
use cmm_core::programme::portfolio::PortfolioQuery;
use cmm_core::reports::evidence::EvidenceTarget;
use cmm_core::reports::seal::SealState;
use cmm_core::reports::{AssessmentInput, NewReportInput};
use cmm_core::review::{MeetingInput, MemberInput, ModerationInput, OnlyIn, ScoreInput};
use cmm_core::{CoreError, Store};

const REVISED: &str = "kcc-2027-04";

/// The revision made up for the tests: nine activities (tests/fixtures/frameworks).
fn revised() -> Framework {
    Framework::from_json(include_str!(
        "../../../tests/fixtures/frameworks/kcc-2027-04-revised.json"
    ))
    .unwrap()
}

fn answer(level: i64, why: &str) -> AssessmentInput {
    AssessmentInput {
        current_level: Some(level),
        target_level: Some(4),
        rationale: why.into(),
        below_current_reason: String::new(),
    }
}

fn contract(s: &mut Store, reference: &str) -> i64 {
    s.save_contract(
        None,
        None,
        &contract_input(reference, &format!("Contract {reference}")),
    )
    .unwrap()
    .id
}

fn report(s: &mut Store, contract: i64, previous: Option<i64>) -> i64 {
    s.create_report(&NewReportInput {
        contract_ids: vec![contract],
        previous_report_id: previous,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn new_reports_use_the_adopted_version_and_started_ones_keep_theirs() {
    let mut s = Store::open_in_memory().unwrap();
    let c = contract(&mut s, "C-1");
    let started = report(&mut s, c, None);
    s.load_framework(&revised()).unwrap();
    // Loaded, not adopted: a new report is still on the version in use.
    let before = report(&mut s, c, None);
    assert_eq!(
        s.report(before).unwrap().framework_version,
        BUILT_IN_VERSION
    );

    s.adopt_framework(REVISED).unwrap();
    let new = report(&mut s, c, None);
    let r = s.report(new).unwrap();
    assert_eq!(r.framework_version, REVISED);
    // Nine activities and the overall row, each answerable.
    assert_eq!(r.assessments.len(), 10);
    s.save_assessment(new, 9, &answer(2, "Exit plan drafted"))
        .unwrap();
    fill_report(&mut s, new).unwrap();
    assert_eq!(
        s.report(new).unwrap().tasks[1].state,
        cmm_core::reports::TaskState::Complete
    );

    // The report started before keeps the 2016 matrix, and its eight activities.
    let old = s.report(started).unwrap();
    assert_eq!(old.framework_version, BUILT_IN_VERSION);
    assert_eq!(old.assessments.len(), 9);
    let Err(CoreError::Validation(e)) = s.save_assessment(started, 9, &answer(2, "x")) else {
        panic!("activity 9 is not in the 2016 matrix");
    };
    assert_eq!(e[0].field, "activity");
}

#[test]
fn a_sealed_report_keeps_its_version_and_seal_after_a_revision_is_adopted() {
    let mut s = Store::open_in_memory().unwrap();
    let c = contract(&mut s, "C-1");
    let r = report(&mut s, c, None);
    fill_report(&mut s, r).unwrap();
    s.save_attestation(r, &attestation_input()).unwrap();
    s.sign_report(r).unwrap();
    let seal = s.verify_report(r).unwrap();
    s.load_framework(&revised()).unwrap();
    s.adopt_framework(REVISED).unwrap();
    assert_eq!(s.report(r).unwrap().framework_version, BUILT_IN_VERSION);
    let after = s.verify_report(r).unwrap();
    assert_eq!(after.state, SealState::Intact);
    assert_eq!(after, seal);
    assert!(!s.framework_move(r).unwrap().can_move);
}

#[test]
fn a_carried_forward_report_moves_only_when_each_changed_activity_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let c = contract(&mut s, "C-1");
    let first = report(&mut s, c, None);
    s.save_assessment(first, 2, &answer(3, "People: trained team"))
        .unwrap();
    s.save_assessment(first, 7, &answer(4, "Risk: register reviewed monthly"))
        .unwrap();
    s.save_assessment(first, 8, &answer(2, "Contract development: ad hoc"))
        .unwrap();
    s.load_framework(&revised()).unwrap();
    s.adopt_framework(REVISED).unwrap();

    // Carried forward: still on the previous report's version, answers and all.
    let next = report(&mut s, c, Some(first));
    assert_eq!(s.report(next).unwrap().framework_version, BUILT_IN_VERSION);
    let file = dir.path().join("cd-plan.txt");
    std::fs::write(&file, "Contract development plan").unwrap();
    s.add_evidence(next, &EvidenceTarget::Activity { activity: 8 }, &[file], "")
        .unwrap();

    let plan = s.framework_move(next).unwrap();
    assert!(plan.can_move);
    assert_eq!(
        (plan.from.as_str(), plan.to.as_str()),
        (BUILT_IN_VERSION, REVISED)
    );
    assert_eq!(plan.to_confirm.len(), 6);

    // Confirming some is not enough, and changes nothing.
    let Err(CoreError::Validation(e)) =
        s.move_to_adopted_framework(next, &["people".into(), "social-value".into()])
    else {
        panic!("every added or changed activity must be confirmed");
    };
    assert!(
        e[0].message.contains("Planning and governance"),
        "{}",
        e[0].message
    );
    assert!(
        e[0].message.contains("Exit and transition"),
        "{}",
        e[0].message
    );
    assert!(
        !e[0].message.contains("People and skills"),
        "{}",
        e[0].message
    );
    assert_eq!(s.report(next).unwrap().framework_version, BUILT_IN_VERSION);

    s.move_to_adopted_framework(next, &plan.to_confirm).unwrap();
    let r = s.report(next).unwrap();
    assert_eq!(r.framework_version, REVISED);
    assert_eq!(r.assessments.len(), 10);
    let row = |a: u8| r.assessments.iter().find(|x| x.activity == a).unwrap();
    // People (renamed, same key, same position) keeps its answer, to confirm again.
    assert_eq!(row(2).rationale, "People: trained team");
    assert!(row(2).to_confirm);
    // Risk is unchanged and keeps its answer, still to confirm as carried forward.
    assert_eq!(row(7).rationale, "Risk: register reviewed monthly");
    // Social value (added, position 8) starts empty: the retired activity's answer is not
    // carried into the new one at the same position.
    assert_eq!(row(8).rationale, "");
    assert_eq!(row(8).current_level, None);
    // The file attached to the retired activity is kept, on Section 2.
    let files = s.evidence(next).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].target, EvidenceTarget::Section { section: 2 });

    // The previous report is untouched.
    let prev = s.report(first).unwrap();
    assert_eq!(prev.framework_version, BUILT_IN_VERSION);
    assert_eq!(
        prev.assessments
            .iter()
            .find(|x| x.activity == 8)
            .unwrap()
            .rationale,
        "Contract development: ad hoc"
    );
}

/// Four members, three present at a meeting on `date` with `reports` on the agenda.
fn meeting(s: &mut Store, date: &str, reports: Vec<i64>) -> Vec<i64> {
    let members: Vec<i64> = if s.members().unwrap().is_empty() {
        ["Roger Gough", "Peter Oakford", "Vincent Godfrey"]
            .iter()
            .map(|n| {
                s.save_member(
                    None,
                    &MemberInput {
                        name: (*n).into(),
                        role: "Member".into(),
                        active_from: "2016-01-01".into(),
                        ..Default::default()
                    },
                )
                .unwrap()
                .id
            })
            .collect()
    } else {
        s.members().unwrap().iter().map(|m| m.id).collect()
    };
    let id = s
        .save_meeting(
            None,
            &MeetingInput {
                held_on: date.into(),
                starts_at: "11:30".into(),
                ends_at: "12:30".into(),
                chair_id: Some(members[0]),
                present: members.clone(),
                apologies: vec![],
                report_ids: reports,
            },
        )
        .unwrap();
    let review = s.meeting(id).unwrap().items[0].review_id;
    vec![review, members[0], members[1], members[2]]
}

/// Every member present scores every activity at `level`, the chair reveals, and the
/// group agrees `level` for each.
fn agree(s: &mut Store, review: i64, members: &[i64], activities: u8, level: i64) {
    let scores: Vec<ScoreInput> = (1..=activities)
        .map(|a| ScoreInput {
            activity: a,
            level: Some(level),
            comment: "On the evidence".into(),
            ..Default::default()
        })
        .collect();
    for m in members {
        s.record_scores(review, *m, &scores).unwrap();
    }
    s.reveal_scores(review).unwrap();
    for a in 1..=activities {
        s.moderate(
            review,
            a,
            &ModerationInput {
                level: Some(level),
                rationale: "Agreed".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

fn signed(s: &mut Store, contract: i64) -> i64 {
    let r = report(s, contract, None);
    fill_report(s, r).unwrap();
    s.save_attestation(r, &attestation_input()).unwrap();
    s.sign_report(r).unwrap();
    r
}

#[test]
fn reviews_comparisons_and_the_portfolio_match_activities_by_key() {
    let mut s = Store::open_in_memory().unwrap();
    let c = contract(&mut s, "C-1");
    let on_2016 = signed(&mut s, c);
    // Another contract, assessed on the 2016 matrix only.
    let other = contract(&mut s, "C-2");
    signed(&mut s, other);
    let m = meeting(&mut s, "2026-01-14", vec![on_2016]);
    let (first, members) = (m[0], &m[1..]);
    agree(&mut s, first, members, 8, 2);

    s.load_framework(&revised()).unwrap();
    s.adopt_framework(REVISED).unwrap();
    let on_2027 = signed(&mut s, c);
    let second = meeting(&mut s, "2027-06-10", vec![on_2027])[0];
    // Nine activities to score: eight are not enough to reveal.
    let eight: Vec<ScoreInput> = (1..=8)
        .map(|a| ScoreInput {
            activity: a,
            level: Some(3),
            ..Default::default()
        })
        .collect();
    s.record_scores(second, members[0], &eight).unwrap();
    assert_eq!(s.scoring_progress(second).unwrap().activities, 9);
    let Err(CoreError::Validation(e)) = s.reveal_scores(second) else {
        panic!("a member has scored 8 of 9");
    };
    assert!(e[0].message.contains("8 of 9 scored"), "{}", e[0].message);
    agree(&mut s, second, members, 9, 3);
    let reveal = s.revealed_scores(second).unwrap();
    assert_eq!(reveal.activities.len(), 9);
    assert_eq!(reveal.activities[8].name, "Exit and transition");

    let cmp = s
        .comparison(second, NaiveDate::from_ymd_opt(2027, 6, 11).unwrap())
        .unwrap();
    type Row<'a> = (&'a str, Option<OnlyIn>, Option<u8>, Option<u8>);
    let rows: Vec<Row> = cmp
        .activities
        .iter()
        .map(|a| (a.key.as_str(), a.only_in, a.moderated_then, a.moderated_now))
        .collect();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[1], ("people", None, Some(2), Some(3)));
    assert_eq!(
        rows[7],
        ("social-value", Some(OnlyIn::Current), None, Some(3))
    );
    assert_eq!(
        rows[9],
        ("contract-development", Some(OnlyIn::Earlier), Some(2), None)
    );

    let history = s.review_history(c).unwrap();
    assert_eq!(history.activities.len(), 10);
    assert_eq!(history.activities[1].name, "People and skills");
    assert!(!history.reviews[0].in_version[7]);
    assert_eq!(history.reviews[0].moderated[9], Some(2));
    assert_eq!(history.reviews[1].moderated[7], Some(3));

    let today = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
    let p = s.portfolio(&PortfolioQuery::default(), today).unwrap();
    // The adopted version's nine activities, then the one it retired that the other
    // contract's 2016 report still holds, named and marked.
    let keys: Vec<&str> = p.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys.len(), 10, "{keys:?}");
    assert_eq!(keys[9], "contract-development");
    assert!(!p.columns[9].in_adopted);
    let row = |id: i64| {
        p.rows
            .iter()
            .find(|r| r.contract.contract_id == id)
            .unwrap()
    };
    assert_eq!(row(c).levels[..9], vec![Some(3); 9]);
    assert_eq!(row(c).levels[9], None);
    assert!(!row(c).in_framework[9]);
    assert!(
        !row(other).in_framework[7],
        "the 2016 matrix has no social value"
    );
    assert!(row(other).levels[9].is_some());
    assert_eq!(p.activities[8].name, "Exit and transition");
    assert_eq!(
        (p.activities[9].name.as_str(), p.activities[9].retired),
        ("Contract development", true)
    );
}

/// A report made on a revision travels with its framework: a sub-group whose app lacks the
/// version checks, imports and reviews it, and is told the version is new to it; one that
/// holds other wording under the same version refuses it (helper trial, 1 December 2026:
/// positions alone would have put one activity's levels against another).
#[test]
fn a_report_on_a_revision_carries_it_to_a_sub_group_that_lacks_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut owner = Store::open_in_memory().unwrap();
    owner.load_framework(&revised()).unwrap();
    owner.adopt_framework(REVISED).unwrap();
    let c = contract(&mut owner, "C-9");
    let r = signed(&mut owner, c);
    let file = dir.path().join("revised.cmmsub");
    owner.export_submission(r, &file).unwrap();

    let mut group = Store::open_in_memory().unwrap();
    let checked = group.verify_submission(&file).unwrap();
    assert!(checked.framework_new);
    let s = group.import_submission(&file).unwrap();
    assert_eq!(
        (s.framework_version.as_str(), s.framework_new),
        (REVISED, true)
    );
    assert_eq!(
        group.adopted_framework().unwrap(),
        BUILT_IN_VERSION,
        "stored, not adopted"
    );
    assert_eq!(group.framework(REVISED).unwrap(), revised());
    let id = s.report_id.unwrap();
    assert_eq!(group.verify_report(id).unwrap().state, SealState::Intact);
    assert_eq!(group.report(id).unwrap().assessments.len(), 10);
    let again = group.import_submission(&file).unwrap();
    assert!(!again.framework_new);

    let mut other = Store::open_in_memory().unwrap();
    let mut reordered = revised();
    reordered.activities.swap(0, 6);
    other.load_framework(&reordered).unwrap();
    let err = other.import_submission(&file).unwrap_err();
    assert!(
        err.to_string()
            .contains("differs from the framework this app holds under that name"),
        "{err}"
    );
    assert!(other.reports().unwrap().is_empty());

    // A report on the council's 2016 matrix is written as ever: manifest version 1, no
    // framework.json.
    let p = contract(&mut group, "P-1");
    let plain = signed(&mut group, p);
    let file = dir.path().join("plain.cmmsub");
    group.export_submission(plain, &file).unwrap();
    let names: Vec<String> = zip::ZipArchive::new(std::fs::File::open(&file).unwrap())
        .unwrap()
        .file_names()
        .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
        .collect();
    assert!(!names.iter().any(|n| n == "framework.json"), "{names:?}");
}
