//! Maturity reports and their Section 2 rows.

use crate::contracts::Contract;
use crate::framework::Section;
use crate::framework::{framework_activities, report_framework, MaturityLevel};
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use crate::reports::tasks::assessment_state;
use crate::reports::{
    missing_parts, ActivityAssessment, AssessmentInput, MeetingDate, NewReportInput, ReportStatus,
    ReportSummary, ReportsPage, UnsavedValue, OVERALL,
};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::HashMap;

fn level(v: Option<u8>) -> Option<MaturityLevel> {
    v.and_then(MaturityLevel::new)
}

fn report_not_found(id: i64) -> CoreError {
    CoreError::NotFound {
        what: "Maturity report",
        key: id.to_string(),
    }
}

/// One Section 2 row from `activity, current_level, target_level, rationale,
/// below_current_reason, to_confirm` starting at column `at`.
fn assessment_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ActivityAssessment> {
    let current_level = level(r.get(at + 1)?);
    let target_level = level(r.get(at + 2)?);
    let rationale: String = r.get(at + 3)?;
    let below_current_reason: String = r.get(at + 4)?;
    Ok(ActivityAssessment {
        activity: r.get(at)?,
        missing: missing_parts(
            current_level,
            target_level,
            &rationale,
            &below_current_reason,
        ),
        current_level,
        target_level,
        rationale,
        below_current_reason,
        to_confirm: r.get(at + 5)?,
        kept: Vec::new(),
    })
}

pub(crate) fn assessments_of(
    tx: &rusqlite::Connection,
    report_id: i64,
) -> Result<Vec<ActivityAssessment>> {
    let mut stmt = tx.prepare_cached(
        "SELECT activity, current_level, target_level, rationale, below_current_reason, to_confirm
         FROM activity_assessment WHERE report_id = ?1 ORDER BY activity",
    )?;
    let mut rows: Vec<ActivityAssessment> = stmt
        .query_map([report_id], |r| assessment_from(r, 0))?
        .collect::<Result<_, _>>()?;
    // Every row's kept values in one read, not one read a row.
    let kept = crate::kept::store::kept_in_section_forms(tx, report_id, Section::of(2))?;
    for row in &mut rows {
        let form = assessment_form(report_id, row.activity);
        row.kept = kept
            .iter()
            .filter(|(f, _)| *f == form)
            .map(|(_, k)| k.clone())
            .collect();
    }
    Ok(rows)
}

/// The form key of one row of Section 2 (0 is the overall row).
fn assessment_form(report_id: i64, activity: u8) -> String {
    format!("report/{report_id}/section/2/activity/{activity}")
}

/// The contracts a report covers, in its order, as the register has them now.
pub(crate) fn contracts_of(conn: &rusqlite::Connection, report_id: i64) -> Result<Vec<Contract>> {
    let mut stmt = conn.prepare_cached(
        "SELECT contract_id FROM report_contract WHERE report_id = ?1 ORDER BY position",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([report_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter()
        .map(|id| crate::contracts::store::contract_by_id(conn, id))
        .collect()
}

/// The status of a report; `NotFound` when there is no such report.
pub(crate) fn status_of(conn: &rusqlite::Connection, report_id: i64) -> Result<ReportStatus> {
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM maturity_report WHERE id = ?1",
            [report_id],
            |r| r.get(0),
        )
        .optional()?;
    status
        .and_then(|s| ReportStatus::parse(&s))
        .ok_or_else(|| report_not_found(report_id))
}

/// Section 3's owner as the history of owners has it (`owner_history`): when the owner now
/// of the report's first contract took it on at a known date (a handover), a new draft
/// names them, owner since that day, rather than the owner its earlier version carried.
/// An owner since a date not known changes nothing.
pub(crate) fn owner_from_history(
    tx: &rusqlite::Connection,
    report_id: i64,
    stamp: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO attestation (report_id, owner_name, position, owner_since, updated_at)
         SELECT ?1, h.owner, h.position, h.since, ?2 FROM owner_history h
         JOIN report_contract rc ON rc.contract_id = h.contract_id
         WHERE rc.report_id = ?1 AND rc.position = 0 AND h.until IS NULL AND h.since IS NOT NULL
         ORDER BY h.id DESC LIMIT 1
         ON CONFLICT(report_id) DO UPDATE SET owner_name = excluded.owner_name,
             position = CASE WHEN excluded.position <> '' THEN excluded.position ELSE attestation.position END,
             owner_since = excluded.owner_since, updated_at = excluded.updated_at
         WHERE attestation.owner_name <> excluded.owner_name OR attestation.owner_since IS NULL",
        params![report_id, stamp],
    )?;
    Ok(())
}

/// Every value kept in any section of a report, section by section.
pub(crate) fn unsaved_in_report(
    conn: &rusqlite::Connection,
    report_id: i64,
) -> Result<Vec<UnsavedValue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT section, field, message, form FROM kept_value WHERE report_id = ?1
         ORDER BY section, form, rowid",
    )?;
    let rows = stmt.query_map([report_id], |r| {
        Ok((
            r.get::<_, u8>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let org = crate::reports::attestation::store::report_organisation(conn, report_id)?;
    let mut out = Vec::new();
    for row in rows {
        let (section, field, message, form) = row?;
        // Section 2 keeps a form per row: ".../section/2/activity/3".
        let activity = form
            .split_once("/activity/")
            .and_then(|(_, a)| a.parse().ok());
        // Kept only by a section's own form, so always a section of the template.
        let Some(section) = Section::new(section) else {
            continue;
        };
        out.push(UnsavedValue {
            section,
            activity,
            field,
            message: format!(
                "Section {}, {}: {message}",
                section.number(),
                org.put_in(section.title())
            ),
        });
    }
    Ok(out)
}

/// A report's own row: `(title, meeting_date, status, framework_id, previous_report_id,
/// updated_at, version)`.
pub(crate) type ReportRow = (
    String,
    Option<NaiveDate>,
    String,
    String,
    Option<i64>,
    String,
    u32,
);

/// A report's own row. Errors: `NotFound` for an unknown report.
pub(crate) fn report_row(conn: &rusqlite::Connection, id: i64) -> Result<ReportRow> {
    conn.query_row(
        "SELECT title, meeting_date, status, framework_id, previous_report_id, updated_at, version
         FROM maturity_report WHERE id = ?1",
        [id],
        |r| ReportRow::try_from(r),
    )
    .optional()?
    .ok_or_else(|| report_not_found(id))
}

/// Refuses a change to a report that is missing or no longer a draft.
fn require_draft(tx: &Transaction<'_>, report_id: i64) -> Result<()> {
    match status_of(tx, report_id)? {
        ReportStatus::Draft => Ok(()),
        _ => Err(CoreError::ReportLocked { id: report_id }),
    }
}

/// Sets a report's `updated_at` to the time stamp of a change.
/// Rolls the year of a carried-forward Section 5 (`Operational::roll_year`) when the new
/// report's meeting (or, with no meeting date, today) falls in a later financial year than
/// the last month the previous report covered. A report carried forward within the same
/// year keeps its year to date and previous year.
fn roll_operational_year(
    tx: &Transaction<'_>,
    report_id: i64,
    meeting: Option<NaiveDate>,
) -> Result<()> {
    use crate::reports::sections::dashboard::FinancialYear;
    use crate::reports::sections::operational::Operational;
    let section = Section::of(5);
    let Some(mut op) =
        crate::reports::sections::store::document::<Operational>(tx, report_id, section)?
    else {
        return Ok(());
    };
    let when = meeting.unwrap_or_else(|| chrono::Local::now().date_naive());
    if op.year().is_some_and(|y| FinancialYear::of(when) > y) {
        op.roll_year();
        tx.execute(
            "UPDATE report_section SET document = ?3 WHERE report_id = ?1 AND section = ?2",
            params![report_id, section.number(), serde_json::to_string(&op)?],
        )?;
    }
    Ok(())
}

fn touch(tx: &Transaction<'_>, report_id: i64, stamp: &str) -> Result<()> {
    tx.execute(
        "UPDATE maturity_report SET updated_at = ?1 WHERE id = ?2",
        params![stamp, report_id],
    )?;
    Ok(())
}

impl Store {
    /// The one door for changing a draft report, as Anki's `transact` is for a collection:
    /// a write transaction (`BEGIN IMMEDIATE`, so another program's write waits its turn
    /// rather than failing part-way), the check that the report is still a draft, `edit`
    /// with the transaction and the time stamp of this change, the report's `updated_at`
    /// set to that stamp, and the commit. If any step fails nothing is written.
    ///
    /// Errors: `NotFound` for an unknown report; `ReportLocked` once it is signed; then
    /// those of `edit`, and `Busy`, `DatabaseReadOnly`, `DiskFull` from the write.
    pub(crate) fn edit_draft<T>(
        &mut self,
        report_id: i64,
        edit: impl FnOnce(&Transaction<'_>, &str) -> Result<T>,
    ) -> Result<T> {
        let tx = write_transaction(&mut self.conn)?;
        require_draft(&tx, report_id)?;
        let stamp = now();
        let value = edit(&tx, &stamp)?;
        touch(&tx, report_id, &stamp)?;
        tx.commit()?;
        Ok(value)
    }

    /// The status of a report; `NotFound` when there is no such report.
    pub fn report_status(&self, report_id: i64) -> Result<ReportStatus> {
        status_of(&self.conn, report_id)
    }

    /// The activities of the framework report `report_id` was made on, in its order.
    ///
    /// Errors: `NotFound` for a report that does not exist.
    pub fn report_activity_refs(
        &self,
        report_id: i64,
    ) -> Result<Vec<crate::framework::ActivityRef>> {
        status_of(&self.conn, report_id)?;
        crate::framework::report_activities(&self.conn, report_id)
    }

    /// Starts a report for one contract or a group. From a previous report, every answer is
    /// carried forward and marked "to confirm".
    pub fn create_report(&mut self, input: &NewReportInput) -> Result<i64> {
        self.create_report_on(input, None)
    }

    /// As [`Store::create_report`], on framework `version` rather than the adopted one
    /// (the example report is on the council's 2016 matrix, whatever is adopted).
    pub(crate) fn create_report_on(
        &mut self,
        input: &NewReportInput,
        version: Option<&str>,
    ) -> Result<i64> {
        let new = input.validate().map_err(CoreError::Validation)?;
        let adopted = match version {
            Some(v) => v.to_owned(),
            None => self.adopted_framework()?,
        };
        let tx = write_transaction(&mut self.conn)?;
        let mut names = Vec::new();
        for id in &new.contract_ids {
            let name: Option<String> = tx
                .query_row("SELECT name FROM contract WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            match name {
                Some(n) => names.push(n),
                None => {
                    return Err(CoreError::Validation(vec![FieldError::new(
                        "contract_ids",
                        format!("Contract {id} is not on the register any more"),
                    )]))
                }
            }
        }
        // A new report uses the adopted framework version. A report carried forward keeps
        // its previous report's version, answers and all, until its owner moves it to the
        // adopted one, confirming each changed activity again.
        let framework = match new.previous_report_id {
            Some(prev) => report_framework(&tx, prev)?,
            None => adopted,
        };
        let title = if new.title.is_empty() {
            names.join(", ").chars().take(200).collect()
        } else {
            new.title
        };
        let stamp = now();
        tx.execute(
            "INSERT INTO maturity_report (title, meeting_date, status, framework_id, previous_report_id, created_at, updated_at, uid, version)
             VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?5, lower(hex(randomblob(16))), 1)",
            params![title, new.meeting_date, framework, new.previous_report_id, stamp],
        )?;
        let id = tx.last_insert_rowid();
        for (position, contract_id) in new.contract_ids.iter().enumerate() {
            tx.execute(
                "INSERT INTO report_contract (report_id, contract_id, position) VALUES (?1, ?2, ?3)",
                params![id, contract_id, position as i64],
            )?;
        }
        match new.previous_report_id {
            Some(prev) => {
                // Every other section is carried forward, to confirm.
                tx.execute(
                    "INSERT INTO report_section (report_id, section, document, updated_at, to_confirm)
                     SELECT ?1, section, document, ?3, 1 FROM report_section WHERE report_id = ?2",
                    params![id, prev, stamp],
                )?;
                // Who the owner is carries forward; the seven statements are attested
                // afresh each time, never copied.
                tx.execute(
                    "INSERT INTO attestation (report_id, owner_name, position, owner_since, updated_at)
                     SELECT ?1, owner_name, position, owner_since, ?3 FROM attestation WHERE report_id = ?2",
                    params![id, prev, stamp],
                )?;
                roll_operational_year(&tx, id, new.meeting_date)?;
                tx.execute(
                    "INSERT INTO activity_assessment (report_id, activity, current_level, target_level, rationale, below_current_reason, to_confirm, updated_at)
                     SELECT ?1, activity, current_level, target_level, rationale, below_current_reason,
                            (current_level IS NOT NULL OR target_level IS NOT NULL OR rationale <> ''), ?3
                     FROM activity_assessment WHERE report_id = ?2",
                    params![id, prev, stamp],
                )?;
            }
            None => {
                for activity in OVERALL..=framework_activities(&tx, &framework)?.len() as u8 {
                    tx.execute(
                        "INSERT INTO activity_assessment (report_id, activity, updated_at) VALUES (?1, ?2, ?3)",
                        params![id, activity, stamp],
                    )?;
                }
            }
        }
        owner_from_history(&tx, id, &stamp)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every report, latest meeting first. The app shows them a page at a time
    /// (`reports_page`); this is for the command line and the tests.
    pub fn reports(&self) -> Result<Vec<ReportSummary>> {
        Ok(self.summaries("", false, 0, None)?.1)
    }

    /// One page of the reports list, latest meeting first: `limit` reports (at most 500)
    /// from `offset`, whose title, contract name or contract reference contains `search`
    /// (ignoring case), only signed ones (not drafts) when `signed_only`, and how many
    /// match in all.
    pub fn reports_page(
        &self,
        offset: u32,
        limit: u32,
        search: &str,
        signed_only: bool,
    ) -> Result<ReportsPage> {
        let limit = limit.clamp(1, 500);
        let (total, reports) = self.summaries(search, signed_only, offset, Some(limit))?;
        Ok(ReportsPage {
            total,
            offset,
            reports,
        })
    }

    fn summaries(
        &self,
        search: &str,
        signed_only: bool,
        offset: u32,
        limit: Option<u32>,
    ) -> Result<(u32, Vec<ReportSummary>)> {
        let pattern = crate::kernel::contains_pattern(search);
        let signed = if signed_only {
            "r.status <> 'draft' AND "
        } else {
            ""
        };
        let matching = "(?1 IS NULL OR r.title LIKE ?1 ESCAPE '\\' OR EXISTS (
              SELECT 1 FROM report_contract rc JOIN contract c ON c.id = rc.contract_id
              WHERE rc.report_id = r.id AND (c.name LIKE ?1 ESCAPE '\\' OR c.reference LIKE ?1 ESCAPE '\\')))";
        let total: u32 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM maturity_report r WHERE {signed}{matching}"),
            [&pattern],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT r.id, r.title, r.meeting_date, r.status, r.updated_at, r.version FROM maturity_report r
             WHERE {signed}{matching}
             ORDER BY r.meeting_date IS NULL, r.meeting_date DESC, r.updated_at DESC, r.version DESC, r.id DESC
             LIMIT ?2 OFFSET ?3"
        ))?;
        let heads = stmt
            .query_map(params![pattern, limit.map_or(-1, i64::from), offset], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<NaiveDate>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, u32>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        // Every listed report's contracts and Section 2 in two queries, not two per
        // report. A page names its reports (numbers only, so safe to write into the SQL).
        let only = match limit {
            Some(_) => format!(
                "WHERE report_id IN ({})",
                heads
                    .iter()
                    .map(|h| h.0.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            None => String::new(),
        };
        let mut names: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT rc.report_id, c.name FROM report_contract rc JOIN contract c ON c.id = rc.contract_id
             {} ORDER BY rc.report_id, rc.position",
            only.replace("report_id", "rc.report_id")
        ))?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            names.entry(id).or_default().push(name);
        }
        let mut sections: HashMap<i64, Vec<ActivityAssessment>> = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT report_id, activity, current_level, target_level, rationale, below_current_reason, to_confirm
             FROM activity_assessment {only} ORDER BY report_id, activity"
        ))?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, assessment_from(r, 1)?)))? {
            let (id, a) = row?;
            sections.entry(id).or_default().push(a);
        }
        let list = heads
            .into_iter()
            .map(
                |(id, title, meeting_date, status, updated_at, version)| ReportSummary {
                    id,
                    title,
                    version,
                    meeting_date,
                    status: ReportStatus::parse(&status).unwrap_or(ReportStatus::Draft),
                    contracts: names.remove(&id).unwrap_or_default(),
                    assessment: assessment_state(
                        sections.get(&id).map(Vec::as_slice).unwrap_or(&[]),
                    ),
                    updated_at,
                },
            )
            .collect();
        Ok((total, list))
    }

    /// Saves one row of Section 2 (activity 1 to 8, or 0 for the overall row). Saving
    /// confirms an answer carried forward. Only a draft report can be changed.
    pub fn save_assessment(
        &mut self,
        report_id: i64,
        activity: u8,
        input: &AssessmentInput,
    ) -> Result<ActivityAssessment> {
        let version = report_framework(&self.conn, report_id)?;
        let count = framework_activities(&self.conn, &version)?.len() as u8;
        if activity > count {
            return Err(CoreError::Validation(vec![FieldError::new(
                "activity",
                format!("Activity must be 1 to {count} (the activities of this report's framework), or 0 for the overall row"),
            )]));
        }
        let crate::kept::Split { valid: v, mut kept } =
            crate::kept::split(input, AssessmentInput::validate).map_err(CoreError::Validation)?;
        if !kept.is_empty() {
            // Named as the screen heads the row: "People: comments and rationale must be…".
            let name = match activity {
                0 => "Overall maturity".to_owned(),
                a => self
                    .framework(&version)?
                    .activities
                    .get(usize::from(a) - 1)
                    .map_or_else(|| format!("Activity {a}"), |x| x.name.clone()),
            };
            for k in &mut kept {
                let mut m = k.message.chars();
                let first = m.next().map(|c| c.to_lowercase().collect::<String>());
                k.message = format!("{name}: {}{}", first.unwrap_or_default(), m.as_str());
            }
        }
        self.edit_draft(report_id, |tx, stamp| {
            crate::kept::store::keep_in_form(
                tx,
                report_id,
                Section::of(2),
                &assessment_form(report_id, activity),
                &kept,
            )?;
            tx.execute(
            "UPDATE activity_assessment SET current_level = ?3, target_level = ?4, rationale = ?5,
                 below_current_reason = ?6, to_confirm = 0, updated_at = ?7
             WHERE report_id = ?1 AND activity = ?2",
            params![
                report_id,
                activity,
                v.current_level.map(u8::from),
                v.target_level.map(u8::from),
                v.rationale,
                v.below_current_reason,
                stamp
            ],
        )?;
            Ok(())
        })?;
        assessments_of(&self.conn, report_id)?
            .into_iter()
            .find(|a| a.activity == activity)
            .ok_or_else(|| report_not_found(report_id))
    }
}

impl Store {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::TaskState;
    use crate::test_support::{store_with_contract, store_with_report};

    #[test]
    fn an_over_long_rationale_is_kept_as_typed_and_the_levels_saved() {
        let (mut s, _, id) = store_with_report();
        let long = "Evidence. ".repeat(501);
        let row = s
            .save_assessment(
                id,
                2,
                &AssessmentInput {
                    current_level: Some(3),
                    target_level: Some(4),
                    rationale: long.clone(),
                    below_current_reason: String::new(),
                },
            )
            .unwrap();
        assert_eq!(
            row.current_level.map(u8::from),
            Some(3),
            "the levels are saved"
        );
        assert_eq!(row.rationale, "", "the over-long text is not");
        assert_eq!(row.kept[0].typed, serde_json::json!(long));
        assert_eq!(
            row.kept[0].message,
            "People: comments and rationale must be 5000 characters or fewer"
        );
        let report = s.report(id).unwrap();
        assert_eq!(
            report.assessments[2].kept, row.kept,
            "kept across a reopening"
        );
        assert_eq!(report.tasks[1].state, TaskState::InProgress);
        assert_eq!(report.unsaved[0].activity, Some(2));
        assert_eq!(
            report.unsaved[0].message,
            "Section 2, Maturity assessment: People: comments and rationale must be 5000 characters or fewer"
        );
        assert_eq!(
            report.unsaved[0].error().field,
            "section_2.activity_2.rationale"
        );
    }

    fn answer(c: i64, t: i64, why: &str) -> AssessmentInput {
        AssessmentInput {
            current_level: Some(c),
            target_level: Some(t),
            rationale: why.into(),
            below_current_reason: String::new(),
        }
    }

    #[test]
    fn a_new_report_has_nine_empty_rows_and_points_at_the_framework() {
        let (s, _, id) = store_with_report();
        let r = s.report(id).unwrap();
        assert_eq!(r.title, "Facilities management – East Kent");
        assert_eq!(r.framework_version, crate::framework::BUILT_IN_VERSION);
        assert_eq!(r.status, ReportStatus::Draft);
        assert_eq!(r.assessments.len(), 9);
        assert_eq!(r.tasks.len(), 12);
        assert_eq!(r.tasks[0].state, TaskState::Complete);
        assert_eq!(r.tasks[1].state, TaskState::NotStarted);
        assert_eq!(
            s.reports().unwrap()[0].contracts,
            ["Facilities management – East Kent"]
        );
    }

    #[test]
    fn answering_all_nine_rows_completes_section_2() {
        let (mut s, _, id) = store_with_report();
        for a in 0..=8 {
            let row = s
                .save_assessment(id, a, &answer(2, 3, "Plan in place"))
                .unwrap();
            assert!(row.missing.is_empty());
        }
        let r = s.report(id).unwrap();
        assert_eq!(r.tasks[1].state, TaskState::Complete);
        assert_eq!(r.spread.current_median, MaturityLevel::new(2));
        assert_eq!(s.reports().unwrap()[0].assessment, TaskState::Complete);
    }

    #[test]
    fn a_bad_level_is_kept_not_saved_and_a_bad_row_refused() {
        let (mut s, _, id) = store_with_report();
        s.save_assessment(id, 1, &answer(2, 3, "ok")).unwrap();
        // A level of 6 is kept as typed; its place is left empty in what is saved, never
        // filled from an earlier save; the good values beside it are saved.
        let row = s.save_assessment(id, 1, &answer(6, 3, "x")).unwrap();
        assert_eq!(row.kept[0].field, "current_level");
        assert_eq!(row.current_level, None);
        assert_eq!(row.rationale, "x");
        let err = s.save_assessment(id, 9, &answer(2, 3, "y")).unwrap_err();
        assert_eq!(err.reply().fields[0].field, "activity");
        assert_eq!(s.report(id).unwrap().assessments[1].rationale, "x");
        assert!(matches!(
            s.save_assessment(99, 1, &answer(2, 3, "x")),
            Err(CoreError::NotFound { .. })
        ));
    }

    #[test]
    fn a_target_below_current_is_kept_but_flagged() {
        let (mut s, _, id) = store_with_report();
        let row = s
            .save_assessment(id, 4, &answer(4, 2, "Contract ends"))
            .unwrap();
        assert_eq!(row.current_level, MaturityLevel::new(4));
        assert_eq!(row.missing[0].field, "below_current_reason");
        assert_eq!(s.report(id).unwrap().tasks[1].state, TaskState::InProgress);
    }

    #[test]
    fn a_report_from_the_previous_one_carries_answers_to_confirm() {
        let (mut s, c, first) = store_with_report();
        s.save_assessment(first, 2, &answer(2, 4, "Systems cap this"))
            .unwrap();
        s.save_attestation(
            first,
            &crate::reports::attestation::AttestationInput {
                owner_name: "Rebecca Spore".into(),
                position: "Director".into(),
                owner_since: "2015-04-01".into(),
                choices: vec![Some(0); 7],
            },
        )
        .unwrap();
        let mut forward = crate::reports::sections::schema::SectionValues::default();
        forward
            .fields
            .insert("support".into(), "None needed".into());
        s.save_section(first, Section::of(12), &forward).unwrap();
        let second = s
            .create_report(&NewReportInput {
                title: "FM re-review".into(),
                meeting_date: "2018-01-15".into(),
                contract_ids: vec![c],
                previous_report_id: Some(first),
            })
            .unwrap();
        let r = s.report(second).unwrap();
        assert_eq!(r.previous_report_id, Some(first));
        assert!(r.assessments[2].to_confirm);
        assert_eq!(r.assessments[2].rationale, "Systems cap this");
        assert!(
            !r.assessments[3].to_confirm,
            "empty rows have nothing to confirm"
        );
        assert_eq!(r.tasks[1].state, TaskState::ToConfirm);
        // Who the owner is carries forward; the statements are attested afresh.
        assert_eq!(
            r.tasks[11].state,
            TaskState::ToConfirm,
            "section 12 carried forward"
        );
        assert_eq!(
            s.section(second, Section::of(12)).unwrap().values.fields["support"],
            "None needed"
        );
        assert_eq!(r.attestation.owner_name, "Rebecca Spore");
        assert!(r
            .attestation
            .statements
            .iter()
            .all(|st| st.chosen.is_none()));
        let confirmed = s
            .save_assessment(second, 2, &answer(2, 4, "Systems cap this"))
            .unwrap();
        assert!(!confirmed.to_confirm);
        s.save_section(second, Section::of(12), &forward).unwrap();
        assert_ne!(
            s.report(second).unwrap().tasks[11].state,
            TaskState::ToConfirm
        );
        assert!(!s.report(first).unwrap().assessments[2].to_confirm);
    }

    #[test]
    fn carrying_a_report_into_the_next_financial_year_rolls_its_indicators_year() {
        let (mut s, c, first) = store_with_report();
        // Twelve months to September 2026 (2026-27).
        s.save_operational(first, &crate::fixtures::dashboard_operational())
            .unwrap();
        let carry = |s: &mut Store, meeting: &str| {
            let id = s
                .create_report(&NewReportInput {
                    meeting_date: meeting.into(),
                    contract_ids: vec![c],
                    previous_report_id: Some(first),
                    ..Default::default()
                })
                .unwrap();
            s.operational(id)
                .unwrap()
                .indicators
                .into_iter()
                .map(|r| {
                    (
                        r.indicator.reference,
                        r.indicator.previous_year,
                        r.indicator.year_to_date,
                        r.indicator.new_indicator,
                    )
                })
                .collect::<Vec<_>>()
        };
        // A re-review in February 2027 is still 2026-27: nothing rolls.
        let same_year = carry(&mut s, "2027-02-10");
        assert_eq!(
            same_year[1],
            ("HR25".to_owned(), None, Some(97.0), true),
            "{same_year:?}"
        );
        // The next review, in 2027-28: this year's becomes the previous year's.
        let next_year = carry(&mut s, "2027-11-04");
        assert_eq!(
            next_year,
            [
                ("CS05".to_owned(), Some(74.8), None, false),
                ("HR25".to_owned(), Some(97.0), None, false),
                ("FN05".to_owned(), Some(19.5), None, false),
                ("CS08".to_owned(), Some(204.0), None, false),
            ]
        );
        // The report it came from keeps its own.
        let before = s.operational(first).unwrap();
        assert_eq!(before.indicators[1].indicator.year_to_date, Some(97.0));
    }

    #[test]
    fn a_submitted_report_cannot_be_changed() {
        let (mut s, _, id) = store_with_report();
        s.conn
            .execute(
                "UPDATE maturity_report SET status = 'submitted' WHERE id = ?1",
                [id],
            )
            .unwrap();
        let err = s.save_assessment(id, 1, &answer(2, 3, "x")).unwrap_err();
        assert_eq!(err.code(), crate::kernel::error::ErrorCode::ReportLocked);
    }

    #[test]
    fn a_contract_in_a_report_cannot_be_deleted() {
        let (mut s, c) = store_with_contract();
        s.create_report(&NewReportInput {
            contract_ids: vec![c],
            ..Default::default()
        })
        .unwrap();
        let err = s.delete_contract(c).unwrap_err();
        assert_eq!(
            err.code(),
            crate::kernel::error::ErrorCode::ValidationFailed
        );
        assert!(err.to_string().contains("maturity report"));
        assert!(s.contract(c).is_ok());
    }

    #[test]
    fn unknown_contracts_are_refused() {
        let (mut s, _) = store_with_contract();
        let err = s
            .create_report(&NewReportInput {
                contract_ids: vec![42],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.reply().fields[0].field, "contract_ids");
        assert!(s.reports().unwrap().is_empty());
    }
}
