//! The task list of a maturity report: the template's twelve sections, with what the
//! council expects in each (its own words) and how far the owner has got.

use crate::contracts::ContractDetails;
use crate::reports::attestation::Attestation;
use crate::reports::{ActivityAssessment, TaskState};
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SectionTask {
    pub section: u8,
    pub title: String,
    /// What the council's template asks for in this section.
    pub guidance: String,
    pub state: TaskState,
}

/// The twelve sections, titled and described as the council's 2017 template has them.
pub const SECTIONS: [(&str, &str); 12] = [
    ("Contract details", "Name of contractor incl. trading name and details of contractor construct; date of contract award; date of expiry; anticipated whole life cost (nominal and net present cost); anticipated value in current financial year; contract scope (description of what the contract covers including but not limited to key deliverables, geographic coverage etc.)."),
    ("Maturity assessment", "For each of the eight activities, the current and target maturity level with comments/rationale, and an overall level. A description of maturity for each activity at every level is shown while you choose."),
    ("Attestation by the Contract Owner", "The Contract Owner is the person that has overall day-to-day accountability for the contract i.e. is answerable for the performance the eight key activities in the maturity assessment."),
    ("Organisation", "Organogram for contract management clearly showing contractors/interims; total annual cost of contract management and the percentage of annual contract value it represents; people in post and working on contract(s) longer than 3-years and measures taken to mitigate risk of long tenure staff; people profile; training and development."),
    ("Operational performance", "All Contract Delivery Indicators (CDIs) and Key Performance Indicators (KPIs), the performance level required by the contract(s), and actual performance for the past 12-months; key contractual milestones and progress against them; any breach of the main/material provisions; incentives/remedies and/or escalation applied, and any relief granted to the contractor."),
    ("Financial performance", "The expected monthly payment profile at the time of contract award for both the previous 12-months and the next 12-months set against the actual payments made and forecast; the variance between the contracted and actual spend e.g. caused by volume changes, contract variations, claims etc."),
    ("Fulfilment of KCC's obligations", "The contractual obligations and dependencies on KCC that could cause delay and/or disruption along with the consequences; the approach to managing them including accountability and responsibility within KCC."),
    ("Commercial performance", "Claims and/or disputes with their current status and actual or projected outcome; impact of recent/pending regulatory/policy changes; performance against main supply chain requirements; extensions and amendments to the contracts including value and approvals."),
    ("Risk and mitigation", "The main risks and the mitigation measures in place to deal with them; the approach to risk and mitigation review being applied including but not limited to the frequency of reviews."),
    ("Data assurance", "Information Level and arrangements in place; audit of data handling (audits/reviews undertaken)."),
    ("Governance", "The formal meeting structure in place to review the contract(s), its frequency, scope and required attendees, and whether it has been implemented; audits undertaken or planned by Internal Audit or an external party, with findings and actions taken."),
    ("Forward look", "Contract extension options and breakpoints; approach to continuous improvement; learning and plans for next generation contract(s); support required from the Budget Programme Delivery Board."),
];

/// Section 1 is complete when every contract in the report has every detail the
/// template asks for.
pub fn contract_details_state(contracts: &[ContractDetails]) -> TaskState {
    let complete = |c: &ContractDetails| {
        !c.contractor_construct.is_empty()
            && c.whole_life_cost_nominal.is_some()
            && c.whole_life_cost_npv.is_some()
            && c.current_year_value.is_some()
            && !c.scope.is_empty()
    };
    if !contracts.is_empty() && contracts.iter().all(complete) {
        TaskState::Complete
    } else {
        TaskState::InProgress
    }
}

/// Section 2 from its nine rows (eight activities and the overall row).
pub fn assessment_state(rows: &[ActivityAssessment]) -> TaskState {
    let started = |r: &&ActivityAssessment| {
        r.current_level.is_some() || r.target_level.is_some() || !r.rationale.is_empty()
    };
    if rows.iter().any(|r| r.to_confirm) {
        TaskState::ToConfirm
    } else if rows.len() == 9 && rows.iter().all(|r| r.missing.is_empty()) {
        TaskState::Complete
    } else if rows.iter().filter(started).count() > 0 {
        TaskState::InProgress
    } else {
        TaskState::NotStarted
    }
}

/// Section 3: complete when the owner is named and every statement answered.
pub fn attestation_state(a: &Attestation) -> TaskState {
    let started = !a.owner_name.is_empty()
        || !a.position.is_empty()
        || a.owner_since.is_some()
        || a.statements.iter().any(|s| s.chosen.is_some());
    if a.missing.is_empty() {
        TaskState::Complete
    } else if started {
        TaskState::InProgress
    } else {
        TaskState::NotStarted
    }
}

/// A table-shaped section: not started until something is saved, complete when nothing
/// is missing.
pub fn table_section_state(saved: bool, missing: &[crate::kernel::error::FieldError]) -> TaskState {
    if !saved {
        TaskState::NotStarted
    } else if missing.is_empty() {
        TaskState::Complete
    } else {
        TaskState::InProgress
    }
}

/// The twelve sections with their states.
pub fn task_list(states: [TaskState; 12]) -> Vec<SectionTask> {
    SECTIONS
        .iter()
        .zip(states)
        .enumerate()
        .map(|(i, ((title, guidance), state))| SectionTask {
            section: i as u8 + 1,
            title: (*title).to_owned(),
            guidance: (*guidance).to_owned(),
            state,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::MaturityLevel;
    use crate::reports::missing_parts;

    fn row(activity: u8, c: Option<u8>, t: Option<u8>, rationale: &str) -> ActivityAssessment {
        let current_level = c.and_then(MaturityLevel::new);
        let target_level = t.and_then(MaturityLevel::new);
        ActivityAssessment {
            activity,
            current_level,
            target_level,
            rationale: rationale.into(),
            below_current_reason: String::new(),
            to_confirm: false,
            missing: missing_parts(current_level, target_level, rationale, ""),
            kept: Vec::new(),
        }
    }

    #[test]
    fn section_titles_are_the_templates() {
        let titles: Vec<_> = SECTIONS.iter().map(|(t, _)| *t).collect();
        assert_eq!(titles[2], "Attestation by the Contract Owner");
        assert_eq!(titles[6], "Fulfilment of KCC's obligations");
        assert_eq!(titles[11], "Forward look");
    }

    #[test]
    fn section_2_moves_from_not_started_to_complete() {
        let mut rows: Vec<_> = (0..9).map(|a| row(a, None, None, "")).collect();
        assert_eq!(assessment_state(&rows), TaskState::NotStarted);
        rows[3] = row(3, Some(2), None, "");
        assert_eq!(assessment_state(&rows), TaskState::InProgress);
        let rows: Vec<_> = (0..9)
            .map(|a| row(a, Some(3), Some(4), "Evidence in the CMP"))
            .collect();
        assert_eq!(assessment_state(&rows), TaskState::Complete);
        let mut carried = rows.clone();
        carried[5].to_confirm = true;
        assert_eq!(assessment_state(&carried), TaskState::ToConfirm);
    }

    #[test]
    fn section_1_needs_every_detail_of_every_contract() {
        let mut c = crate::contracts::tests::valid_input().validate().unwrap();
        assert_eq!(contract_details_state(&[c.clone()]), TaskState::Complete);
        c.whole_life_cost_npv = None;
        assert_eq!(contract_details_state(&[c]), TaskState::InProgress);
        assert_eq!(contract_details_state(&[]), TaskState::InProgress);
    }
}
