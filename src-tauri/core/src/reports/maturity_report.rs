//! The maturity report as the window shows it, in one read: its own row, Sections 1 to
//! 3, the task list of all twelve sections, the values kept unsaved, and who signed it.
//! It stands above the report's parts (`attestation`, `sections`, `seal`) and gathers
//! them, so that none of them has to call back up.

use crate::contracts::Contract;
use crate::framework::Section;
use crate::kernel::error::Result;
use crate::kernel::Store;
use crate::reports::attestation::store::attestation_of;
use crate::reports::attestation::Attestation;
use crate::reports::sections::financial::Financial;
use crate::reports::sections::operational::Operational;
use crate::reports::sections::risk::RiskRegister;
use crate::reports::sections::store::{schema_section_state, typed_section_state};
use crate::reports::store::{assessments_of, contracts_of, report_row};
use crate::reports::tasks::{
    assessment_state, attestation_state, contract_details_state, task_list, SectionTask,
};
use crate::reports::{spread, ActivityAssessment, LevelSpread, ReportStatus, TaskState};
use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

/// A whole report as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct MaturityReport {
    pub id: i64,
    pub title: String,
    /// 1 for the first; amending a submitted report makes the next.
    pub version: u32,
    /// Who signed Section 3 and when, once signed. Whether the report is still as signed
    /// is `Store::verify_report`, which reads every evidence file.
    pub signature: Option<crate::reports::seal::Signature>,
    pub meeting_date: Option<NaiveDate>,
    pub status: ReportStatus,
    /// The framework version the assessment is made against.
    pub framework_version: String,
    pub previous_report_id: Option<i64>,
    pub contracts: Vec<Contract>,
    /// The overall row (activity 0), then one row per activity of the report's framework
    /// version (1 to N; eight in the council's 2016 matrix).
    pub assessments: Vec<ActivityAssessment>,
    pub spread: LevelSpread,
    /// Section 3.
    pub attestation: Attestation,
    /// A section with a value that cannot be saved yet is "in progress", whatever else it
    /// holds.
    pub tasks: Vec<SectionTask>,
    /// Values typed into the report's forms that cannot be saved yet, kept as typed; the
    /// report cannot be signed while any remain.
    pub unsaved: Vec<crate::reports::UnsavedValue>,
    pub updated_at: String,
}

impl Store {
    /// The whole report. Errors: `NotFound` for an unknown report.
    pub fn report(&self, id: i64) -> Result<MaturityReport> {
        let head = report_row(&self.conn, id)?;
        let contracts = contracts_of(&self.conn, id)?;
        let assessments = assessments_of(&self.conn, id)?;
        let attestation = attestation_of(&self.conn, id)?;
        let details: Vec<_> = contracts.iter().map(|c| c.details.clone()).collect();
        let unsaved = crate::reports::store::unsaved_in_report(&self.conn, id)?;
        let mut tasks = task_list(
            [
                contract_details_state(&details),
                assessment_state(&assessments),
                attestation_state(&attestation),
                schema_section_state(&self.conn, id, Section::of(4))?,
                typed_section_state::<Operational>(&self.conn, id)?,
                typed_section_state::<Financial>(&self.conn, id)?,
                schema_section_state(&self.conn, id, Section::of(7))?,
                schema_section_state(&self.conn, id, Section::of(8))?,
                typed_section_state::<RiskRegister>(&self.conn, id)?,
                schema_section_state(&self.conn, id, Section::of(10))?,
                schema_section_state(&self.conn, id, Section::of(11))?,
                schema_section_state(&self.conn, id, Section::of(12))?,
            ],
            &crate::reports::attestation::store::report_organisation(&self.conn, id)?,
        );
        for u in &unsaved {
            if let Some(task) = tasks.iter_mut().find(|t| t.section == u.section) {
                task.state = TaskState::InProgress;
            }
        }
        Ok(MaturityReport {
            id,
            title: head.0,
            version: head.6,
            signature: crate::reports::seal::store::signature_of(&self.conn, id)?,
            meeting_date: head.1,
            status: ReportStatus::parse(&head.2).unwrap_or(ReportStatus::Draft),
            framework_version: head.3,
            previous_report_id: head.4,
            spread: spread(&assessments),
            tasks,
            unsaved,
            attestation,
            contracts,
            assessments,
            updated_at: head.5,
        })
    }
}
