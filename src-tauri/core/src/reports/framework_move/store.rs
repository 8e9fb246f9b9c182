//! Moving a draft report to the adopted framework version, in the database.

use crate::framework::compare::compare;
use crate::framework::store::{adopted_version, stored_framework};
use crate::framework::{framework_activities, report_framework, ActivityRef};
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::{now, write_transaction, Store};
use crate::reports::framework_move::FrameworkMove;
use crate::reports::ReportStatus;
use rusqlite::params;

/// One activity's row of Section 2, as it stands before the move.
struct Answer {
    activity: i64,
    current: Option<i64>,
    target: Option<i64>,
    rationale: String,
    below_current_reason: String,
    to_confirm: bool,
}

/// What moving `report_id` to the adopted framework version would change, with the
/// report's status.
///
/// Errors: `NotFound` for a report that does not exist.
fn plan(conn: &rusqlite::Connection, report_id: i64) -> Result<(FrameworkMove, ReportStatus)> {
    let status = crate::reports::store::status_of(conn, report_id)?;
    let from = report_framework(conn, report_id)?;
    let to = adopted_version(conn)?;
    let differences = compare(
        &stored_framework(conn, &from)?,
        &stored_framework(conn, &to)?,
    );
    let plan = FrameworkMove {
        report_id,
        can_move: status == ReportStatus::Draft && from != to,
        to_confirm: differences
            .to_confirm()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        from,
        to,
        differences,
    };
    Ok((plan, status))
}

impl Store {
    /// What moving `report_id` to the adopted framework version would change.
    ///
    /// Errors: `NotFound` for a report that does not exist.
    pub fn framework_move(&self, report_id: i64) -> Result<FrameworkMove> {
        Ok(plan(&self.conn, report_id)?.0)
    }

    /// Moves draft report `report_id` to the adopted framework version, once its owner has
    /// confirmed (`confirmed`, by key) every activity the revision adds or changes. Answers
    /// follow their activities by key and those of added or changed activities are marked
    /// to confirm; answers for retired activities are dropped, and files attached to them
    /// are kept, attached to Section 2.
    ///
    /// Errors: `NotFound`; `ReportLocked` for a report no longer a draft; `Validation` on
    /// `confirmed` naming each activity still to confirm, or when the report is already on
    /// the adopted version. Nothing changes on an error.
    pub fn move_to_adopted_framework(
        &mut self,
        report_id: i64,
        confirmed: &[String],
    ) -> Result<()> {
        // Checked inside the write transaction, so that what is checked is what is moved
        // (another program may adopt a version or sign the report meanwhile).
        let tx = write_transaction(&mut self.conn)?;
        let (plan, status) = plan(&tx, report_id)?;
        if status != ReportStatus::Draft {
            return Err(CoreError::ReportLocked { id: report_id });
        }
        if plan.from == plan.to {
            return Err(CoreError::Validation(vec![FieldError::new(
                "confirmed",
                format!(
                    "This report is already on framework version {}, the one in use.",
                    plan.to
                ),
            )]));
        }
        let missing: Vec<&str> = plan
            .differences
            .activities
            .iter()
            .filter(|a| plan.to_confirm.contains(&a.key) && !confirmed.contains(&a.key))
            .map(|a| a.name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(CoreError::Validation(vec![FieldError::new(
                "confirmed",
                format!(
                    "Confirm each activity the revision adds or changes before moving the report to it. Still to confirm: {}.",
                    missing.join(", ")
                ),
            )]));
        }
        // A value kept as typed belongs to an activity's row by its position: it is saved
        // or cleared first, so that moving loses nothing typed.
        let unsaved: i64 = tx.query_row(
            "SELECT count(*) FROM kept_value WHERE report_id = ?1 AND section = 2",
            [report_id],
            |r| r.get(0),
        )?;
        if unsaved > 0 {
            return Err(CoreError::Validation(vec![FieldError::new(
                "confirmed",
                "Section 2 has answers that could not be saved yet. Correct or clear them first, then move the report: nothing typed is lost.",
            )]));
        }
        let old = framework_activities(&tx, &plan.from)?;
        let new = framework_activities(&tx, &plan.to)?;
        // Old position to new, by key; `None` for a retired activity.
        let new_of = |activity: i64| -> Option<i64> {
            let key = &old
                .get(usize::try_from(activity).ok()?.checked_sub(1)?)?
                .key;
            new.iter()
                .find(|a| &a.key == key)
                .map(|a| i64::from(a.activity))
        };
        let mut rows = tx.prepare(
            "SELECT activity, current_level, target_level, rationale, below_current_reason, to_confirm
             FROM activity_assessment WHERE report_id = ?1 AND activity >= 1",
        )?;
        let kept: Vec<Answer> = rows
            .query_map([report_id], |r| {
                Ok(Answer {
                    activity: r.get(0)?,
                    current: r.get(1)?,
                    target: r.get(2)?,
                    rationale: r.get(3)?,
                    below_current_reason: r.get(4)?,
                    to_confirm: r.get(5)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        drop(rows);
        tx.execute(
            "DELETE FROM activity_assessment WHERE report_id = ?1 AND activity >= 1",
            [report_id],
        )?;
        let stamp = now();
        let changed = |a: &ActivityRef| plan.to_confirm.contains(&a.key);
        for a in &new {
            let was = kept
                .iter()
                .find(|k| new_of(k.activity) == Some(i64::from(a.activity)));
            let (current, target, rationale, below, to_confirm) = match was {
                Some(k) => (
                    k.current,
                    k.target,
                    k.rationale.clone(),
                    k.below_current_reason.clone(),
                    k.to_confirm || changed(a),
                ),
                None => (None, None, String::new(), String::new(), false),
            };
            tx.execute(
                "INSERT INTO activity_assessment (report_id, activity, current_level, target_level, rationale, below_current_reason, to_confirm, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![report_id, a.activity, current, target, rationale, below, to_confirm, stamp],
            )?;
        }
        // Files attached to activities follow them; those of retired activities go to
        // Section 2, so nothing attached is lost.
        let mut files = tx.prepare(
            "SELECT id, target_number FROM evidence WHERE report_id = ?1 AND target_kind = 'activity'",
        )?;
        let attached: Vec<(i64, i64)> = files
            .query_map([report_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        drop(files);
        for (id, activity) in attached {
            match new_of(activity) {
                Some(n) => tx.execute(
                    "UPDATE evidence SET target_number = ?2 WHERE id = ?1",
                    params![id, n],
                )?,
                None => tx.execute(
                    "UPDATE evidence SET target_kind = 'section', target_number = 2 WHERE id = ?1",
                    [id],
                )?,
            };
        }
        tx.execute(
            "UPDATE maturity_report SET framework_id = ?2, updated_at = ?3 WHERE id = ?1",
            params![report_id, plan.to, stamp],
        )?;
        tx.commit()?;
        log::info!(
            "report {report_id} moved from framework {} to {}",
            plan.from,
            plan.to
        );
        Ok(())
    }
}
