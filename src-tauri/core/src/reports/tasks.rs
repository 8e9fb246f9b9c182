//! The task list of a maturity report: the template's twelve sections, with what the
//! council expects in each (its own words) and how far the owner has got.

use crate::contracts::ContractDetails;
use crate::framework::Section;
use crate::organisation::Organisation;
use crate::reports::attestation::Attestation;
use crate::reports::{ActivityAssessment, TaskState};
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SectionTask {
    pub section: Section,
    pub title: String,
    /// What the council's template asks for in this section.
    pub guidance: String,
    pub state: TaskState,
}

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

/// Section 2 from its rows: the overall row and one for each activity of the report's framework.
pub fn assessment_state(rows: &[ActivityAssessment]) -> TaskState {
    let started = |r: &&ActivityAssessment| {
        r.current_level.is_some() || r.target_level.is_some() || !r.rationale.is_empty()
    };
    if rows.iter().any(|r| r.to_confirm) {
        TaskState::ToConfirm
    } else if rows.len() > 1 && rows.iter().all(|r| r.missing.is_empty()) {
        // The overall row and one for each activity of the report's framework, all made
        // when the report was started.
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

/// The twelve sections with their states, titled and described with the council's names
/// put in.
pub fn task_list(states: [TaskState; 12], org: &Organisation) -> Vec<SectionTask> {
    Section::ALL
        .iter()
        .zip(states)
        .map(|(section, state)| SectionTask {
            section: *section,
            title: org.put_in(section.title()),
            guidance: org.put_in(section.guidance()),
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
        let titles: Vec<_> = crate::framework::SECTIONS.iter().map(|(t, _)| *t).collect();
        assert_eq!(titles[2], "Attestation by the Contract Owner");
        assert_eq!(titles[6], "Fulfilment of {council}'s obligations");
        let tasks = task_list([TaskState::NotStarted; 12], &Organisation::papers());
        assert_eq!(tasks[6].title, "Fulfilment of KCC's obligations");
        assert!(tasks[11]
            .guidance
            .ends_with("support required from the Budget and Programme Delivery Board."));
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
