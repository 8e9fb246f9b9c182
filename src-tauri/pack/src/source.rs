//! What a pack shows, gathered by the application layer (`cmm_api`) from the data file:
//! the renderers here take these and return the PDF's bytes, and read nothing else.

use chrono::NaiveDate;
use cmm_core::framework::Framework;
use cmm_core::organisation::Organisation;
use cmm_core::reports::evidence::Completeness;
use cmm_core::reports::seal::{ReportDocument, SealStatus};
use cmm_core::reports::sections::financial::FinancialView;
use cmm_core::reports::sections::operational::OperationalView;
use cmm_core::reports::sections::risk::RiskRegisterView;
use cmm_core::reports::sections::schema::SectionView;
use cmm_core::reports::MaturityReport;

/// One report as its pack presents it.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub report: MaturityReport,
    /// The report as sealed (or as it would be sealed): Section 1 as signed, the
    /// statements as answered and every evidence file's hash.
    pub document: ReportDocument,
    pub seal: SealStatus,
    pub completeness: Completeness,
    /// The framework the assessment was made against, for the descriptors.
    pub framework: Framework,
    pub operational: OperationalView,
    pub financial: FinancialView,
    pub risk: RiskRegisterView,
    /// Sections 4, 7, 8, 10, 11 and 12, in that order.
    pub schema_sections: Vec<SectionView>,
    /// The sub-group's latest review of this report, once it is on a meeting's agenda.
    pub review: Option<PackReview>,
    /// The council's names, put into the template's wording.
    pub organisation: Organisation,
}

/// The sub-group's material for the pack.
#[derive(Debug, Clone)]
pub struct PackReview {
    pub detail: cmm_core::review::ReviewDetail,
    /// Every score, once the chair has revealed them; `None` before.
    pub scores: Option<cmm_core::review::Reveal>,
    /// The re-review comparison, when this review follows an earlier one.
    pub comparison: Option<cmm_core::review::Comparison>,
}

/// The reports for one sub-group meeting, in agenda order.
#[derive(Debug, Clone)]
pub struct MeetingSource {
    pub date: NaiveDate,
    /// The meeting as recorded by the review group, when the pack is for one: its time,
    /// chair and attendance go on the agenda page.
    pub meeting: Option<cmm_core::review::Meeting>,
    pub reports: Vec<PackSource>,
    /// The council's names, put into the template's wording.
    pub organisation: Organisation,
}
