//! Everything a PDF review pack shows about one report, gathered in one read, and the
//! reports that make up a meeting's pack. The pack itself is drawn by the `cmm-pack` crate;
//! this module decides what goes in it.

use crate::framework::Framework;
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::Store;
use crate::reports::evidence::Completeness;
use crate::reports::seal::{ReportDocument, SealStatus};
use crate::reports::sections::financial::FinancialView;
use crate::reports::sections::operational::OperationalView;
use crate::reports::sections::risk::RiskRegisterView;
use crate::reports::sections::schema::{SectionView, SCHEMAS};
use crate::reports::MaturityReport;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

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
}

/// The sub-group's material for the pack.
#[derive(Debug, Clone)]
pub struct PackReview {
    pub detail: crate::review::ReviewDetail,
    /// Every score, once the chair has revealed them; `None` before.
    pub scores: Option<crate::review::Reveal>,
    /// The re-review comparison, when this review follows an earlier one.
    pub comparison: Option<crate::review::Comparison>,
}

/// A date some reports are to be considered on, for choosing a meeting pack.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct MeetingDate {
    pub date: NaiveDate,
    /// Reports whose latest version has this meeting date.
    pub reports: u32,
}

/// The reports for one sub-group meeting, in agenda order.
#[derive(Debug, Clone)]
pub struct MeetingSource {
    pub date: NaiveDate,
    /// The meeting as recorded by the review group, when the pack is for one: its time,
    /// chair and attendance go on the agenda page.
    pub meeting: Option<crate::review::Meeting>,
    pub reports: Vec<PackSource>,
}

impl Store {
    /// Everything the pack shows about one report. Verifying the seal re-reads every
    /// evidence file, so a changed report is always flagged. `today` decides which of the
    /// sub-group's actions are overdue.
    pub fn pack_source(&self, report_id: i64, today: NaiveDate) -> Result<PackSource> {
        let report = self.report(report_id)?;
        Ok(PackSource {
            review: self.pack_review(report_id, today)?,
            document: crate::reports::seal::store::build_document(&self.conn, report_id)?,
            seal: self.verify_report(report_id)?,
            completeness: self.completeness(report_id)?,
            framework: self.framework(&report.framework_version)?,
            operational: self.operational(report_id)?,
            financial: self.financial(report_id)?,
            risk: self.risk_register(report_id)?,
            schema_sections: SCHEMAS
                .iter()
                .map(|s| self.section(report_id, s.section))
                .collect::<Result<_>>()?,
            report,
        })
    }

    fn pack_review(&self, report_id: i64, today: NaiveDate) -> Result<Option<PackReview>> {
        let latest: Option<i64> = self
            .conn
            .query_row(
                "SELECT v.id FROM review v JOIN review_meeting m ON m.id = v.meeting_id
                 WHERE v.report_id = ?1 ORDER BY m.held_on DESC, v.id DESC LIMIT 1",
                [report_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = latest else {
            return Ok(None);
        };
        let detail = self.review_detail(id, today)?;
        let scores = if detail.revealed {
            Some(self.revealed_scores(id)?)
        } else {
            None
        };
        let comparison = if detail.previous_review_id.is_some() {
            Some(self.comparison(id, today)?)
        } else {
            None
        };
        Ok(Some(PackReview {
            detail,
            scores,
            comparison,
        }))
    }

    /// The reports to be considered at the meeting on `date`: the latest version of each
    /// report whose meeting date it is, by title.
    pub fn meeting_reports(&self, date: NaiveDate) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id FROM maturity_report r
             WHERE r.meeting_date = ?1
               AND r.version = (SELECT MAX(o.version) FROM maturity_report o WHERE o.uid = r.uid)
             ORDER BY r.title COLLATE NOCASE, r.id",
        )?;
        let ids = stmt
            .query_map([date], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

    /// The pack for a meeting the review group recorded: the reports on its agenda, in
    /// order. Refused when the agenda is empty.
    pub fn meeting_source_for(&self, meeting_id: i64, today: NaiveDate) -> Result<MeetingSource> {
        let meeting = self.meeting(meeting_id)?;
        if meeting.items.is_empty() {
            return Err(CoreError::Validation(vec![FieldError::new(
                "meeting",
                format!(
                    "The meeting of {} has no reports on its agenda yet, so there is nothing to put in its pack.",
                    meeting.held_on.format("%d/%m/%Y")
                ),
            )]));
        }
        Ok(MeetingSource {
            date: meeting.held_on,
            reports: meeting
                .items
                .iter()
                .map(|i| self.pack_source(i.report_id, today))
                .collect::<Result<_>>()?,
            meeting: Some(meeting),
        })
    }

    /// Every meeting date the reports carry, latest first.
    pub fn meeting_dates(&self) -> Result<Vec<MeetingDate>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.meeting_date, COUNT(*) FROM maturity_report r
             WHERE r.meeting_date IS NOT NULL
               AND r.version = (SELECT MAX(o.version) FROM maturity_report o WHERE o.uid = r.uid)
             GROUP BY r.meeting_date ORDER BY r.meeting_date DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(MeetingDate {
                    date: r.get(0)?,
                    reports: r.get(1)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Every report for the meeting on `date`, ready for a meeting pack. Refused when there
    /// is none, so an empty pack is never made.
    pub fn meeting_source(&self, date: NaiveDate, today: NaiveDate) -> Result<MeetingSource> {
        let ids = self.meeting_reports(date)?;
        if ids.is_empty() {
            return Err(CoreError::Validation(vec![FieldError::new(
                "meeting",
                format!(
                    "No maturity report has the meeting date {}. Set the meeting date on each report to be considered.",
                    date.format("%d/%m/%Y")
                ),
            )]));
        }
        Ok(MeetingSource {
            date,
            meeting: None,
            reports: ids
                .into_iter()
                .map(|id| self.pack_source(id, today))
                .collect::<Result<_>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::fixtures::Fixture;
    use crate::kernel::Store;
    use chrono::NaiveDate;

    #[test]
    fn the_large_fixture_loads_signed_and_complete() {
        let mut s = Store::open_in_memory().unwrap();
        let id = Fixture::large().load(&mut s).unwrap();
        let p = s
            .pack_source(id, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
            .unwrap();
        assert_eq!(p.document.contracts.len(), 3);
        assert_eq!(p.operational.indicators.len(), 25);
        assert_eq!(p.risk.risks.len(), 40);
        assert_eq!(p.document.evidence.len(), 60);
        assert_eq!(p.financial.previous_months.len(), 12);
        assert_eq!(p.seal.state, crate::reports::seal::SealState::Intact);
        assert!(p.completeness.gaps.is_empty(), "{:?}", p.completeness.gaps);
        assert_eq!(p.schema_sections.len(), 6);
    }

    #[test]
    fn a_meeting_takes_the_latest_version_of_each_report_on_its_date() {
        let mut s = Store::open_in_memory().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let first = crate::fixtures::signed_report(&mut s, dir.path()).unwrap();
        let second = s.amend_report(first).unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(s.meeting_reports(date).unwrap(), vec![second]);
        assert_eq!(
            s.meeting_dates().unwrap(),
            vec![super::MeetingDate { date, reports: 1 }]
        );
        let other = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let e = s.meeting_source(other, other).unwrap_err();
        assert!(e.to_string().contains("04/12/2026"), "{e}");
    }
}
