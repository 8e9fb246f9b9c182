//! The review sub-group's rules through the store: scores hidden until the reveal,
//! moderation before the outcome, overdue actions, and a re-review compared with the right
//! earlier review.

use chrono::NaiveDate;
use cmm_core::fixtures::{attestation_input, contract_input, fill_report};
use cmm_core::reports::{NewReportInput, ReportStatus};
use cmm_core::review::{
    ActionInput, ActionStatus, MeetingInput, MemberInput, ModerationInput, Outcome, OutcomeInput,
    ScoreInput,
};
use cmm_core::{ErrorCode, Store};

fn d(s: &str) -> NaiveDate {
    cmm_core::contracts::parse_date(s).unwrap()
}

/// A contract and a signed report on it. Returns (contract id, report id).
fn signed(s: &mut Store, reference: &str, name: &str) -> (i64, i64) {
    signed_for(s, reference, name, "")
}

/// As [`signed`], the report for the sub-group's meeting on `meeting_date` (blank for none).
fn signed_for(s: &mut Store, reference: &str, name: &str, meeting_date: &str) -> (i64, i64) {
    let c = s
        .save_contract(None, None, &contract_input(reference, name))
        .unwrap();
    let r = s
        .create_report(&NewReportInput {
            contract_ids: vec![c.id],
            meeting_date: meeting_date.into(),
            ..Default::default()
        })
        .unwrap();
    fill_report(s, r).unwrap();
    s.save_attestation(r, &attestation_input()).unwrap();
    s.sign_report(r).unwrap();
    (c.id, r)
}

fn members(s: &mut Store) -> Vec<i64> {
    [
        (
            "Roger Gough",
            "Cabinet Member for Strategic Commissioning (Chair)",
        ),
        (
            "Shellina Prendergast",
            "Deputy Cabinet Member for Strategic Commissioning",
        ),
        ("Peter Oakford", "Deputy Cabinet Member for Finance"),
        ("Vincent Godfrey", "Strategic Commissioner"),
    ]
    .iter()
    .map(|(name, role)| {
        s.save_member(
            None,
            &MemberInput {
                name: (*name).into(),
                role: (*role).into(),
                active_from: "2016-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id
    })
    .collect()
}

fn meeting(s: &mut Store, date: &str, m: &[i64], reports: Vec<i64>) -> i64 {
    s.save_meeting(
        None,
        &MeetingInput {
            held_on: date.into(),
            starts_at: "11:30".into(),
            ends_at: "12:30".into(),
            chair_id: Some(m[0]),
            present: m[..3].to_vec(),
            apologies: vec![m[3]],
            report_ids: reports,
        },
    )
    .unwrap()
}

/// A meeting with one report on its agenda; returns that item's review.
fn meeting_review(s: &mut Store, date: &str, m: &[i64], reports: Vec<i64>) -> i64 {
    let id = meeting(s, date, m, reports);
    review_of(s, id)
}

fn all_eight(level: i64) -> Vec<ScoreInput> {
    (1..=8)
        .map(|a| ScoreInput {
            activity: a,
            level: Some(level),
            comment: format!("Level {level} on the evidence seen"),
            ..Default::default()
        })
        .collect()
}

fn review_of(s: &Store, meeting: i64) -> i64 {
    s.meeting(meeting).unwrap().items[0].review_id
}

fn moderate_all(s: &mut Store, review: i64, level: i64) {
    for a in 1..=8 {
        s.moderate(
            review,
            a,
            &ModerationInput {
                level: Some(level),
                rationale: "Agreed after discussion".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
}

#[test]
fn scores_stay_hidden_until_the_chair_reveals_them() {
    let mut s = Store::open_in_memory().unwrap();
    let m = members(&mut s);
    let (_, report) = signed(&mut s, "TFM-1", "Total Facilities Management");
    let meeting = meeting(&mut s, "2018-06-12", &m, vec![report]);
    let review = review_of(&s, meeting);
    assert_eq!(s.report_status(report).unwrap(), ReportStatus::UnderReview);

    s.record_scores(review, m[0], &all_eight(3)).unwrap();
    // Another member cannot see the chair's scores, nor the owner's self-assessment.
    let e = s.revealed_scores(review).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ScoresHidden);
    assert!(
        e.to_string()
            .contains("Shellina Prendergast (0 of 8 scored)"),
        "{e}"
    );
    assert!(s.own_scores(review, m[1]).unwrap().is_empty());
    assert_eq!(s.own_scores(review, m[0]).unwrap().len(), 8);
    // Progress says who has scored, never what.
    let p = s.scoring_progress(review).unwrap();
    let scored: Vec<(&str, u8)> = p
        .members
        .iter()
        .map(|x| (x.member.name.as_str(), x.scored))
        .collect();
    assert_eq!(
        scored,
        vec![
            ("Peter Oakford", 0),
            ("Roger Gough", 8),
            ("Shellina Prendergast", 0)
        ]
    );

    // The member who sent apologies cannot score; nor can anyone after the reveal.
    let e = s.record_scores(review, m[3], &all_eight(2)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ValidationFailed);
    // The chair cannot reveal until everyone present has scored all eight.
    let e = s.reveal_scores(review).unwrap_err();
    assert!(e.to_string().contains("Still to score"), "{e}");
    s.record_scores(review, m[1], &all_eight(2)).unwrap();
    let mut third = all_eight(4);
    third[2] = ScoreInput {
        activity: 3,
        level: Some(3),
        capped: true,
        cap_reason: "The administration systems cap this at 3".into(),
        ..Default::default()
    };
    s.record_scores(review, m[2], &third).unwrap();
    let reveal = s.reveal_scores(review).unwrap();
    let admin = &reveal.activities[2];
    assert_eq!(admin.name, "Administration");
    assert_eq!(admin.scores.len(), 3);
    assert_eq!(
        (admin.owner_current, admin.owner_target),
        (Some(2), Some(4))
    );
    let spread = admin.spread.unwrap();
    assert_eq!((spread.lowest, spread.highest, spread.range), (2, 3, 1));
    assert!(admin.scores.iter().any(|x| x.score.capped));
    assert_eq!(s.revealed_scores(review).unwrap(), reveal);
    let e = s.record_scores(review, m[0], &all_eight(5)).unwrap_err();
    assert!(e.to_string().contains("revealed"), "{e}");
}

#[test]
fn the_outcome_needs_every_moderated_level_first() {
    let mut s = Store::open_in_memory().unwrap();
    let m = members(&mut s);
    let (_, report) = signed(&mut s, "HTM-1", "Highways term maintenance");
    let meeting = meeting(&mut s, "2018-06-12", &m, vec![report]);
    let review = review_of(&s, meeting);
    let outcome = OutcomeInput {
        outcome: Some(Outcome::Reviewed),
        ..Default::default()
    };
    // Moderation waits for the reveal.
    let e = s
        .moderate(
            review,
            1,
            &ModerationInput {
                level: Some(3),
                rationale: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ScoresHidden);
    for member in &m[..3] {
        s.record_scores(review, *member, &all_eight(3)).unwrap();
    }
    s.reveal_scores(review).unwrap();
    for a in 1..=6 {
        s.moderate(
            review,
            a,
            &ModerationInput {
                level: Some(3),
                rationale: "Agreed".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let e = s.set_outcome(review, &outcome).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ValidationFailed);
    assert!(
        e.to_string()
            .contains("Still to agree: Risk, Contract development."),
        "{e}"
    );
    assert_eq!(
        s.report_status(report).unwrap(),
        ReportStatus::UnderReview,
        "nothing changed"
    );
    // A moderated level needs a rationale.
    let e = s
        .moderate(
            review,
            7,
            &ModerationInput {
                level: Some(3),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ValidationFailed);
    moderate_all(&mut s, review, 3);
    s.record_dissent(review, 3, m[2], "Administration deserves a 4")
        .unwrap();
    s.set_outcome(review, &outcome).unwrap();
    assert_eq!(s.report_status(report).unwrap(), ReportStatus::Reviewed);
    let r = s.revealed_scores(review).unwrap();
    assert_eq!(
        r.activities[2].dissents[0].note,
        "Administration deserves a 4"
    );
}

#[test]
fn an_action_due_yesterday_and_still_open_is_overdue_everywhere() {
    let mut s = Store::open_in_memory().unwrap();
    let m = members(&mut s);
    let (_, report) = signed(&mut s, "AR-1", "Adult residential care");
    let review = meeting_review(&mut s, "2018-06-12", &m, vec![report]);
    let today = d("2018-09-01");
    let action = |text: &str, due: &str, status| ActionInput {
        text: text.into(),
        owner: "Clare Maynard".into(),
        due: due.into(),
        status,
        progress: String::new(),
    };
    let late = s
        .save_action(
            review,
            None,
            &action("Refresh the exit plan", "2018-08-31", ActionStatus::Open),
            today,
        )
        .unwrap();
    assert!(late.overdue);
    let doing = s
        .save_action(
            review,
            None,
            &action("Validate KPI data", "2018-08-31", ActionStatus::InProgress),
            today,
        )
        .unwrap();
    assert!(doing.overdue);
    let due_today = s
        .save_action(
            review,
            None,
            &action("Benchmark costs", "2018-09-01", ActionStatus::Open),
            today,
        )
        .unwrap();
    assert!(!due_today.overdue);
    let done = s
        .save_action(
            review,
            None,
            &action("Appoint a deputy", "2018-07-01", ActionStatus::Done),
            today,
        )
        .unwrap();
    assert!(!done.overdue);
    let overdue: Vec<i64> = s
        .overdue_actions(today)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(overdue, vec![late.id, doing.id]);
    // Closing it takes it off the list.
    s.save_action(
        review,
        Some(late.id),
        &action("Refresh the exit plan", "2018-08-31", ActionStatus::Done),
        today,
    )
    .unwrap();
    assert_eq!(s.overdue_actions(today).unwrap().len(), 1);
    let e = s
        .save_action(
            review,
            None,
            &action("", "31/02/2018", ActionStatus::Open),
            today,
        )
        .unwrap_err();
    let fields: Vec<String> = match e {
        cmm_core::CoreError::Validation(f) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("{other}"),
    };
    assert_eq!(fields, ["text", "due"]);
}

#[test]
fn a_re_review_is_compared_with_the_right_earlier_review() {
    let mut s = Store::open_in_memory().unwrap();
    let m = members(&mut s);
    let today = d("2019-03-08");
    // Agilisys: reviewed in October 2016, back in January 2018. Another contract in
    // between, and a later review of Agilisys, must not be taken for the earlier one.
    let (agilisys, first_report) = signed(&mut s, "AG-1", "Agilisys ICT services");
    let (_, other_report) = signed(&mut s, "LIK-1", "Locate in Kent");
    let first = meeting_review(&mut s, "2016-10-18", &m, vec![first_report]);
    for member in &m[..3] {
        s.record_scores(first, *member, &all_eight(2)).unwrap();
    }
    s.reveal_scores(first).unwrap();
    moderate_all(&mut s, first, 2);
    let rectify = s
        .save_action(
            first,
            None,
            &ActionInput {
                text: "Put rectification plans in place for the failed KPIs".into(),
                owner: "ICT contract manager".into(),
                due: "2017-03-31".into(),
                ..Default::default()
            },
            today,
        )
        .unwrap();
    s.set_outcome(
        first,
        &OutcomeInput {
            outcome: Some(Outcome::ReturnForReReview),
            return_by: "2018-01-31".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let other = meeting_review(&mut s, "2017-05-01", &m, vec![other_report]);
    assert_eq!(
        s.meeting(s.meetings().unwrap()[0].id).unwrap().items[0].previous_review_id,
        None
    );

    // The owner's next version of the report comes back in January 2018.
    let second_report = s.amend_report(first_report).unwrap();
    s.save_attestation(second_report, &attestation_input())
        .unwrap();
    s.sign_report(second_report).unwrap();
    // A later meeting recorded first: the date decides, not the order of entry.
    let (_, later_report) = {
        let r = s.amend_report(second_report).unwrap();
        s.save_attestation(r, &attestation_input()).unwrap();
        s.sign_report(r).unwrap();
        (0, r)
    };
    let later = meeting_review(&mut s, "2019-02-01", &m, vec![later_report]);
    let again = meeting_review(&mut s, "2018-01-23", &m, vec![second_report]);
    s.save_action(
        first,
        Some(rectify.id),
        &ActionInput {
            text: "Put rectification plans in place for the failed KPIs".into(),
            owner: "ICT contract manager".into(),
            due: "2017-03-31".into(),
            status: ActionStatus::Done,
            progress: "Plans in place and monitored monthly".into(),
        },
        today,
    )
    .unwrap();
    s.set_progress_narrative(
        again,
        "Rectification plans in place; remedies monitored and resolved.",
    )
    .unwrap();
    for member in &m[..3] {
        s.record_scores(again, *member, &all_eight(3)).unwrap();
    }
    s.reveal_scores(again).unwrap();
    moderate_all(&mut s, again, 3);

    let c = s.comparison(again, today).unwrap();
    let prev = c
        .previous
        .as_ref()
        .expect("a re-review has an earlier review");
    assert_eq!(
        prev.review_id, first,
        "not {other} (another contract) nor {later} (later)"
    );
    assert_eq!(prev.held_on, d("2016-10-18"));
    assert_eq!(prev.outcome, Some(Outcome::ReturnForReReview));
    assert_eq!(prev.actions[0].status, ActionStatus::Done);
    assert_eq!(c.activities[0].moderated_then, Some(2));
    assert_eq!(c.activities[0].moderated_now, Some(3));
    assert_eq!(
        (c.activities[0].owner_then, c.activities[0].owner_now),
        (Some(3), Some(3))
    );
    assert!(c
        .progress_narrative
        .starts_with("Rectification plans in place"));
    assert_eq!(s.comparison(first, today).unwrap().previous, None);
    // The later review follows the January 2018 one, not the first.
    assert_eq!(
        s.comparison(later, today)
            .unwrap()
            .previous
            .unwrap()
            .review_id,
        again
    );

    let history = s.review_history(agilisys).unwrap();
    assert_eq!(history.activities.len(), 8);
    assert_eq!(history.activities[6].key, "risk");
    let history = history.reviews;
    assert!(history.iter().all(|h| h.in_version == vec![true; 8]));
    let dates: Vec<NaiveDate> = history.iter().map(|h| h.held_on).collect();
    assert_eq!(
        dates,
        vec![d("2016-10-18"), d("2018-01-23"), d("2019-02-01")]
    );
    assert_eq!(history[0].moderated, vec![Some(2); 8]);
    assert_eq!(history[1].moderated, vec![Some(3); 8]);
    assert_eq!(history[2].moderated, vec![None; 8]);
}

#[test]
fn a_meeting_refuses_drafts_strangers_and_members_not_yet_joined() {
    let mut s = Store::open_in_memory().unwrap();
    let m = members(&mut s);
    let c = s
        .save_contract(None, None, &contract_input("D-1", "Draft contract"))
        .unwrap();
    let draft = s
        .create_report(&NewReportInput {
            contract_ids: vec![c.id],
            ..Default::default()
        })
        .unwrap();
    let e = s
        .save_meeting(
            None,
            &MeetingInput {
                held_on: "2015-06-01".into(),
                present: vec![m[0], 999],
                report_ids: vec![draft],
                ..Default::default()
            },
        )
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("Roger Gough was not a member of the group on 01/06/2015"),
        "{text}"
    );
    assert!(text.contains("Member 999 is not on the list"), "{text}");
    assert!(text.contains("has not been signed"), "{text}");
    assert!(s.meetings().unwrap().is_empty(), "nothing was saved");
}

#[test]
fn challenge_findings_recommendations_and_the_letter() {
    use cmm_core::review::{ChallengeInput, FindingInput, FindingKind};
    let mut s = Store::open_in_memory().unwrap();
    let m = members(&mut s);
    let (_, report) = signed(
        &mut s,
        "OPR-1",
        "Older persons residential and nursing care",
    );
    let review = meeting_review(&mut s, "2018-06-12", &m, vec![report]);
    let today = d("2018-06-12");

    let log = s
        .save_challenge(
            review,
            None,
            &ChallengeInput {
                question: "How are the KPIs validated?".into(),
                asked_by: Some(m[1]),
                ..Default::default()
            },
        )
        .unwrap();
    let log = s
        .save_challenge(
            review,
            Some(log[0].id),
            &ChallengeInput {
                question: "How are the KPIs validated?".into(),
                asked_by: Some(m[1]),
                answer: "Self-reported by the homes; a 10% sample is checked".into(),
                satisfied: Some(false),
            },
        )
        .unwrap();
    assert_eq!(
        log[0].asked_by.as_ref().unwrap().name,
        "Shellina Prendergast"
    );
    assert_eq!(log[0].satisfied, Some(false));
    assert!(s
        .save_challenge(review, None, &ChallengeInput::default())
        .is_err());

    // The theme list is short and editable; a duplicate name is refused.
    let themes = s.themes().unwrap();
    let names: Vec<&str> = themes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Contract development",
            "Mobilisation",
            "Performance measures",
            "Systems"
        ]
    );
    let themes = s.save_theme(None, "Market sustainability", true).unwrap();
    assert_eq!(themes.len(), 5);
    assert!(s.save_theme(None, "systems", true).is_err());
    let measures = themes
        .iter()
        .find(|t| t.name == "Performance measures")
        .unwrap()
        .id;
    let systems = themes.iter().find(|t| t.name == "Systems").unwrap().id;

    s.save_finding(
        review,
        None,
        &FindingInput {
            kind: FindingKind::Strength,
            activity: Some(4),
            text: "Strong relationships with the homes".into(),
            theme_ids: vec![],
        },
    )
    .unwrap();
    let findings = s
        .save_finding(
            review,
            None,
            &FindingInput {
                kind: FindingKind::Issue,
                activity: Some(5),
                text: "Performance measures are not evidence based".into(),
                theme_ids: vec![measures, systems],
            },
        )
        .unwrap();
    assert_eq!(findings[1].themes.len(), 2);
    let e = s
        .save_finding(
            review,
            None,
            &FindingInput {
                activity: Some(9),
                text: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("Activity 9"));
    s.save_recommendation(review, None, "Agree evidence-based KPIs with the homes")
        .unwrap();
    s.save_action(
        review,
        None,
        &ActionInput {
            text: "Validate KPI returns monthly".into(),
            owner: "Clare Maynard".into(),
            due: "2018-09-30".into(),
            ..Default::default()
        },
        today,
    )
    .unwrap();

    let detail = s.review_detail(review, today).unwrap();
    assert_eq!(
        (
            detail.challenges.len(),
            detail.findings.len(),
            detail.recommendations.len(),
            detail.actions.len()
        ),
        (1, 2, 1, 1)
    );
    let letter = s.feedback_letter(review, today).unwrap();
    assert!(!letter.edited);
    for part in [
        "To:\nthe Corporate Director\nthe Cabinet Member\n",
        "Dear Corporate Director and Cabinet Member,",
        "met on 12 June 2018",
        "chaired by Roger Gough, Cabinet Member for Strategic Commissioning (Chair)",
        "Strengths\n- Managing relationships: Strong relationships with the homes",
        "Issues\n- Managing performance: Performance measures are not evidence based",
        "1. Agree evidence-based KPIs with the homes",
        "- Validate KPI returns monthly (owner: Clare Maynard; due 30 September 2018)",
    ] {
        assert!(
            letter.text.contains(part),
            "letter lacks {part:?}:\n{}",
            letter.text
        );
    }
    // Unnamed addressees are shown by role and said to be missing; the chair signs.
    assert_eq!(
        letter.not_ready,
        ["the Corporate Director's name", "the Cabinet Member's name"]
    );
    assert!(letter
        .text
        .starts_with(&format!("{}\n\nTo:", today.format("%-d %B %Y"))));
    assert!(letter.text.ends_with("Yours sincerely,\n\nRoger Gough\nCabinet Member for Strategic Commissioning (Chair)\nContract Management Review Group, Kent County Council\n"), "{}", letter.text);
    // Named in the council's settings, the letter is ready to send.
    let mut org = cmm_core::organisation::OrganisationInput::from(&s.organisation().unwrap());
    org.name = "Borsetshire County Council".into();
    org.letter_to[0].name = "Ann Lee".into();
    org.letter_to[1].name = "Raj Patel".into();
    org.signed_by = cmm_core::organisation::Addressee {
        name: "Tom Ellis".into(),
        role: "Chair of the review group".into(),
    };
    s.save_organisation(&org).unwrap();
    let letter = s.feedback_letter(review, today).unwrap();
    assert!(letter.not_ready.is_empty());
    for part in [
        "To:\nAnn Lee, Corporate Director\nRaj Patel, Cabinet Member\n",
        "Dear Ann Lee and Raj Patel,",
        "Yours sincerely,\n\nTom Ellis\nChair of the review group\nContract Management Review Group, Borsetshire County Council\n",
    ] {
        assert!(letter.text.contains(part), "letter lacks {part:?}:\n{}", letter.text);
    }
    s.save_letter(review, Some("Dear Director,\nEdited."))
        .unwrap();
    assert_eq!(
        s.feedback_letter(review, today).unwrap(),
        cmm_core::review::Letter {
            text: "Dear Director,\nEdited.".into(),
            edited: true,
            not_ready: Vec::new(),
        }
    );
    s.save_letter(review, None).unwrap();
    assert!(!s.feedback_letter(review, today).unwrap().edited);
}

#[test]
fn the_agenda_offers_the_signed_reports_of_its_day_and_its_planned_contracts() {
    let mut s = Store::open_in_memory().unwrap();
    let (_, on_the_day) = signed_for(
        &mut s,
        "TFM-EK",
        "Total Facilities Management – East Kent",
        "2026-11-05",
    );
    let (planned_contract, planned) = signed(&mut s, "HTM-1", "Highways term maintenance");
    let day = d("2026-11-05");
    // The report dated for the meeting's day is offered, and says why.
    let offer = s.agenda_offer(day, None).unwrap();
    let ids: Vec<i64> = offer.iter().map(|o| o.report_id).collect();
    assert!(ids.contains(&on_the_day), "{offer:?}");
    assert!(offer[0].why.starts_with("Its meeting date is"), "{offer:?}");
    // A meeting planned on the forward plan offers the reports of its contracts.
    let later = day + chrono::Days::new(40);
    let meeting = s
        .save_plan_item(
            None,
            &cmm_core::programme::plan::PlanItemInput {
                date: later.to_string(),
                date_confirmed: true,
                contract_ids: vec![planned_contract],
                ..Default::default()
            },
        )
        .unwrap();
    let offer = s.agenda_offer(later, Some(meeting.id)).unwrap();
    assert_eq!(offer.len(), 1, "{offer:?}");
    assert_eq!(offer[0].report_id, planned);
    assert_eq!(offer[0].why, "Its contract is planned for this meeting");
    // Once on an agenda it is under review, and offered no more.
    s.save_meeting(
        Some(meeting.id),
        &MeetingInput {
            held_on: later.to_string(),
            report_ids: vec![planned],
            ..Default::default()
        },
    )
    .unwrap();
    assert!(s.agenda_offer(later, Some(meeting.id)).unwrap().is_empty());
    // The forward plan's meeting is the group's: its agenda now names the contract.
    let item = s.plan_item(meeting.id).unwrap();
    assert_eq!(item.agenda, 1);
    assert_eq!(
        item.contracts.len(),
        1,
        "the planned contract is not listed twice"
    );
}
