//! The review sub-group's work in the database: members, meetings and their agendas,
//! independent scores and the reveal, moderation, dissent, actions, outcome, re-review.

use crate::framework::{report_activities, ActivityRef};
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use crate::reports::ReportStatus;
use crate::review::AgendaOffer;
use crate::review::{
    is_overdue, not_an_activity, spread, validate_scores, Action, ActionInput, ActionStatus,
    ActivityThenNow, Comparison, Dissent, HistoryActivity, HistoryPoint, Meeting, MeetingInput,
    Member, MemberInput, MemberProgress, MemberScore, Moderated, ModerationInput, OnlyIn, Outcome,
    OutcomeInput, PreviousReview, Reveal, RevealedActivity, ReviewHistory, ReviewItem, Score,
    ScoreInput, ScoringProgress,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub(crate) fn not_found(what: &'static str, id: i64) -> CoreError {
    CoreError::NotFound {
        what,
        key: id.to_string(),
    }
}

/// Updates the row `id` (refused as not found when there is none) or, for `None`, inserts
/// a new one. Returns the row's id.
pub(crate) fn update_or_insert(
    conn: &Connection,
    id: Option<i64>,
    what: &'static str,
    update: impl FnOnce(i64) -> rusqlite::Result<usize>,
    insert: impl FnOnce() -> rusqlite::Result<usize>,
) -> Result<i64> {
    match id {
        Some(id) => {
            if update(id)? == 0 {
                return Err(not_found(what, id));
            }
            Ok(id)
        }
        None => {
            insert()?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// The meeting of review `review_id` has been held once its group reveals scores or records
/// an outcome on or after its day: the forward plan then shows it held, and the programme
/// and a handover summary count it (a meeting planned ahead is not saved again that day).
fn mark_held(conn: &Connection, review_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE review_meeting SET status = 'held'
         WHERE id = (SELECT meeting_id FROM review WHERE id = ?1)
           AND date_confirmed = 1 AND held_on <= ?2 AND status <> 'held'",
        params![review_id, chrono::Local::now().date_naive()],
    )?;
    Ok(())
}

pub(crate) fn invalid(field: &str, message: impl Into<String>) -> CoreError {
    CoreError::Validation(vec![FieldError::new(field, message)])
}

fn member_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Member> {
    Ok(Member {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        role: r.get(at + 2)?,
        active_from: r.get(at + 3)?,
        active_to: r.get(at + 4)?,
    })
}

const MEMBER_COLUMNS: &str = "m.id, m.name, m.role, m.active_from, m.active_to";

pub(crate) fn member(conn: &Connection, id: i64) -> Result<Member> {
    conn.query_row(
        &format!("SELECT {MEMBER_COLUMNS} FROM group_member m WHERE m.id = ?1"),
        [id],
        |r| member_from(r, 0),
    )
    .optional()?
    .ok_or_else(|| not_found("Group member", id))
}

pub(crate) struct ReviewRow {
    pub meeting_id: i64,
    pub report_id: i64,
    pub held_on: NaiveDate,
    pub revealed: bool,
    pub outcome: Option<Outcome>,
    pub progress_narrative: String,
}

pub(crate) fn review_row(conn: &Connection, review_id: i64) -> Result<ReviewRow> {
    conn.query_row(
        "SELECT v.meeting_id, v.report_id, m.held_on, v.revealed_at IS NOT NULL,
                v.outcome, v.progress_narrative
         FROM review v JOIN review_meeting m ON m.id = v.meeting_id WHERE v.id = ?1",
        [review_id],
        |r| {
            Ok(ReviewRow {
                meeting_id: r.get(0)?,
                report_id: r.get(1)?,
                held_on: r.get(2)?,
                revealed: r.get(3)?,
                outcome: r
                    .get::<_, Option<String>>(4)?
                    .and_then(|s| Outcome::parse(&s)),
                progress_narrative: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| not_found("Review", review_id))
}

fn present_members(conn: &Connection, meeting_id: i64, present: bool) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MEMBER_COLUMNS} FROM meeting_attendance a JOIN group_member m ON m.id = a.member_id
         WHERE a.meeting_id = ?1 AND a.present = ?2 ORDER BY m.name"
    ))?;
    let rows = stmt
        .query_map(params![meeting_id, present], |r| member_from(r, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn require_present(conn: &Connection, meeting_id: i64, member_id: i64) -> Result<Member> {
    let m = member(conn, member_id)?;
    if !present_members(conn, meeting_id, true)?
        .iter()
        .any(|p| p.id == member_id)
    {
        return Err(invalid(
            "member_id",
            format!(
                "{} is not recorded as present at this meeting, so cannot score or dissent",
                m.name
            ),
        ));
    }
    Ok(m)
}

/// The activities of the framework the review's report was made on, in its order.
pub(crate) fn review_activities(conn: &Connection, review_id: i64) -> Result<Vec<ActivityRef>> {
    report_activities(conn, review_row(conn, review_id)?.report_id)
}

/// The owner's current and target level for each of the `activities` of a report's
/// framework (its [`report_activities`]), in its order (activity 1 first).
pub(crate) fn owner_levels(
    conn: &Connection,
    report_id: i64,
    activities: usize,
) -> Result<Vec<(Option<u8>, Option<u8>)>> {
    let mut out = vec![(None, None); activities];
    let mut stmt = conn.prepare_cached(
        "SELECT activity, current_level, target_level FROM activity_assessment
         WHERE report_id = ?1 AND activity >= 1",
    )?;
    for row in stmt.query_map([report_id], |r| {
        Ok((r.get::<_, u8>(0)?, r.get(1)?, r.get(2)?))
    })? {
        let (a, c, t) = row?;
        if let Some(slot) = out.get_mut(usize::from(a) - 1) {
            *slot = (c, t);
        }
    }
    Ok(out)
}

/// The group's moderated level for each of the `activities` of the review's report's
/// framework ([`review_activities`]), in its order; `None` where not yet agreed.
pub(crate) fn moderated_levels(
    conn: &Connection,
    review_id: i64,
    activities: usize,
) -> Result<Vec<Option<Moderated>>> {
    let mut out = vec![None; activities];
    let mut stmt = conn.prepare_cached(
        "SELECT activity, level, rationale, capped, cap_reason FROM moderated_level WHERE review_id = ?1",
    )?;
    for row in stmt.query_map([review_id], |r| {
        Ok((
            r.get::<_, u8>(0)?,
            Moderated {
                level: r.get(1)?,
                rationale: r.get(2)?,
                capped: r.get(3)?,
                cap_reason: r.get(4)?,
            },
        ))
    })? {
        let (a, m) = row?;
        if let Some(slot) = out.get_mut(usize::from(a) - 1) {
            *slot = Some(m);
        }
    }
    Ok(out)
}

/// The most recent review, at a meeting before `before`, of a report that covers any of
/// the same contracts as `report_id` (or is an earlier version of it).
pub(crate) fn earlier_review(
    conn: &Connection,
    report_id: i64,
    before: NaiveDate,
) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT v.id FROM review v
             JOIN review_meeting m ON m.id = v.meeting_id
             JOIN maturity_report r ON r.id = v.report_id
             WHERE m.held_on < ?2
               AND (EXISTS (SELECT 1 FROM report_contract a JOIN report_contract b
                              ON a.contract_id = b.contract_id
                            WHERE a.report_id = v.report_id AND b.report_id = ?1)
                    OR r.uid = (SELECT uid FROM maturity_report WHERE id = ?1))
             ORDER BY m.held_on DESC, v.id DESC LIMIT 1",
            params![report_id, before],
            |r| r.get(0),
        )
        .optional()?)
}

fn action_from(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<Action> {
    let due: NaiveDate = r.get(4)?;
    let status = ActionStatus::parse(&r.get::<_, String>(5)?).unwrap_or(ActionStatus::Open);
    Ok(Action {
        id: r.get(0)?,
        review_id: r.get(1)?,
        text: r.get(2)?,
        owner: r.get(3)?,
        due,
        status,
        progress: r.get(6)?,
        overdue: is_overdue(due, status, today),
    })
}

const ACTION_COLUMNS: &str = "id, review_id, text, owner, due, status, progress";

pub(crate) fn actions_of(
    conn: &Connection,
    review_id: i64,
    today: NaiveDate,
) -> Result<Vec<Action>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM review_action WHERE review_id = ?1 ORDER BY position, id"
    ))?;
    let rows = stmt
        .query_map([review_id], |r| action_from(r, today))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn set_attendance(
    tx: &Transaction<'_>,
    meeting_id: i64,
    present: &[i64],
    apologies: &[i64],
) -> Result<()> {
    tx.execute(
        "DELETE FROM meeting_attendance WHERE meeting_id = ?1",
        [meeting_id],
    )?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO meeting_attendance (meeting_id, member_id, present) VALUES (?1, ?2, ?3)",
    )?;
    for (list, flag) in [(present, true), (apologies, false)] {
        for m in list {
            ins.execute(params![meeting_id, m, flag])?;
        }
    }
    Ok(())
}

impl Store {
    /// The group's members, current ones first, by name.
    pub fn members(&self) -> Result<Vec<Member>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {MEMBER_COLUMNS} FROM group_member m ORDER BY m.active_to IS NOT NULL, m.name COLLATE NOCASE"
        ))?;
        let rows = stmt
            .query_map([], |r| member_from(r, 0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Adds a member (`id` None) or corrects one.
    pub fn save_member(&mut self, id: Option<i64>, input: &MemberInput) -> Result<Member> {
        let v = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        let id = update_or_insert(
            &tx,
            id,
            "Group member",
            |id| {
                tx.execute(
                    "UPDATE group_member SET name = ?2, role = ?3, active_from = ?4, active_to = ?5, updated_at = ?6 WHERE id = ?1",
                    params![id, v.name, v.role, v.active_from, v.active_to, now()],
                )
            },
            || {
                tx.execute(
                    "INSERT INTO group_member (name, role, active_from, active_to, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![v.name, v.role, v.active_from, v.active_to, now()],
                )
            },
        )?;
        let m = member(&tx, id)?;
        tx.commit()?;
        Ok(m)
    }

    /// Records a meeting (`id` None) or changes one: its date and times, chair, who came,
    /// and the reports on its agenda. Every member must be on the list and active on the
    /// day; every report must have been signed. A report already scored cannot be taken
    /// off the agenda. The meeting is on the forward plan too (one list of meetings): its
    /// day is then settled, and a day already come means it has been held.
    pub fn save_meeting(&mut self, id: Option<i64>, input: &MeetingInput) -> Result<i64> {
        let v = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        let mut e = Vec::new();
        for (field, list) in [("present", &v.present), ("apologies", &v.apologies)] {
            for m in list {
                match member(&tx, *m) {
                    Ok(m) if !m.active_on(v.held_on) => e.push(FieldError::new(
                        field,
                        format!(
                            "{} was not a member of the group on {}",
                            m.name,
                            v.held_on.format("%d/%m/%Y")
                        ),
                    )),
                    Ok(_) => {}
                    Err(_) => e.push(FieldError::new(
                        field,
                        format!("Member {m} is not on the list of members"),
                    )),
                }
            }
        }
        for r in &v.report_ids {
            match crate::reports::store::status_of(&tx, *r) {
                Ok(ReportStatus::Draft) => e.push(FieldError::new(
                    "report_ids",
                    format!("Maturity report {r} has not been signed and submitted, so it cannot be reviewed yet"),
                )),
                Ok(_) => {}
                Err(_) => e.push(FieldError::new("report_ids", format!("Maturity report {r} was not found"))),
            }
        }
        if !e.is_empty() {
            return Err(CoreError::Validation(e));
        }
        let stamp = now();
        let held = v.held_on <= chrono::Local::now().date_naive();
        let meeting_id = update_or_insert(
            &tx,
            id,
            "Meeting",
            |id| {
                tx.execute(
                    "UPDATE review_meeting SET held_on = ?2, starts_at = ?3, ends_at = ?4, chair_id = ?5,
                         date_confirmed = 1, status = CASE WHEN ?7 THEN 'held' WHEN status = 'held' THEN 'planned' ELSE status END,
                         updated_at = ?6 WHERE id = ?1",
                    params![id, v.held_on, v.starts_at, v.ends_at, v.chair_id, stamp, held],
                )
            },
            || {
                tx.execute(
                    "INSERT INTO review_meeting (held_on, starts_at, ends_at, chair_id, updated_at, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 THEN 'held' ELSE 'planned' END)",
                    params![v.held_on, v.starts_at, v.ends_at, v.chair_id, stamp, held],
                )
            },
        )?;
        set_attendance(&tx, meeting_id, &v.present, &v.apologies)?;
        // Items taken off the agenda go, unless the group has already recorded something.
        let existing: Vec<(i64, i64)> = {
            let mut stmt = tx.prepare("SELECT id, report_id FROM review WHERE meeting_id = ?1")?;
            let rows = stmt
                .query_map([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            rows
        };
        for (review_id, report_id) in &existing {
            if v.report_ids.contains(report_id) {
                continue;
            }
            let scored: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM member_score WHERE review_id = ?1)
                     OR EXISTS (SELECT 1 FROM review_action WHERE review_id = ?1)",
                [review_id],
                |r| r.get(0),
            )?;
            if scored {
                return Err(invalid(
                    "report_ids",
                    format!("Maturity report {report_id} has scores or actions recorded at this meeting, so it cannot be taken off the agenda"),
                ));
            }
            tx.execute("DELETE FROM review WHERE id = ?1", [review_id])?;
            tx.execute(
                "UPDATE maturity_report SET status = 'submitted' WHERE id = ?1 AND status = 'under_review'
                   AND NOT EXISTS (SELECT 1 FROM review WHERE report_id = ?1)",
                [report_id],
            )?;
        }
        for (position, report_id) in (0i64..).zip(v.report_ids.iter()) {
            let found = existing
                .iter()
                .find(|(_, r)| r == report_id)
                .map(|(id, _)| *id);
            match found {
                Some(review_id) => {
                    tx.execute(
                        "UPDATE review SET position = ?2, updated_at = ?3 WHERE id = ?1",
                        params![review_id, position, stamp],
                    )?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO review (meeting_id, report_id, position, updated_at)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![meeting_id, report_id, position, stamp],
                    )?;
                    tx.execute(
                        "UPDATE maturity_report SET status = 'under_review' WHERE id = ?1 AND status = 'submitted'",
                        [report_id],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(meeting_id)
    }

    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        type Row = (NaiveDate, String, String, Option<i64>, bool, bool, String);
        let (held_on, starts_at, ends_at, chair_id, date_confirmed, held, topic): Row = self
            .conn
            .query_row(
                "SELECT held_on, starts_at, ends_at, chair_id, date_confirmed, status = 'held', topic
                 FROM review_meeting WHERE id = ?1",
                [id],
                |r| Row::try_from(r),
            )
            .optional()?
            .ok_or_else(|| not_found("Meeting", id))?;
        let planned_contracts = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.name, c.reference FROM meeting_contract mc JOIN contract c ON c.id = mc.contract_id
                 WHERE mc.meeting_id = ?1 ORDER BY mc.position",
            )?;
            let rows = stmt
                .query_map([id], |r| {
                    let (name, reference): (String, String) = (r.get(0)?, r.get(1)?);
                    Ok(if reference.is_empty() {
                        name
                    } else {
                        format!("{name} ({reference})")
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows
        };
        let mut stmt = self.conn.prepare(
            "SELECT v.id, v.report_id, r.title, r.version, v.revealed_at IS NOT NULL, v.outcome
             FROM review v JOIN maturity_report r ON r.id = v.report_id
             WHERE v.meeting_id = ?1 ORDER BY v.position",
        )?;
        let mut items = stmt
            .query_map([id], |r| {
                Ok(ReviewItem {
                    review_id: r.get(0)?,
                    report_id: r.get(1)?,
                    title: r.get(2)?,
                    version: r.get(3)?,
                    contracts: Vec::new(),
                    revealed: r.get(4)?,
                    outcome: r
                        .get::<_, Option<String>>(5)?
                        .and_then(|s| Outcome::parse(&s)),
                    previous_review_id: None,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for item in &mut items {
            item.previous_review_id = earlier_review(&self.conn, item.report_id, held_on)?;
            item.contracts = crate::reports::store::contracts_of(&self.conn, item.report_id)?
                .into_iter()
                .map(|c| c.details.name)
                .collect();
        }
        Ok(Meeting {
            id,
            held_on,
            date_confirmed,
            held,
            topic,
            planned_contracts,
            starts_at,
            ends_at,
            chair: chair_id.map(|c| member(&self.conn, c)).transpose()?,
            present: present_members(&self.conn, id, true)?,
            apologies: present_members(&self.conn, id, false)?,
            items,
        })
    }

    /// The signed reports the agenda of a meeting on `held_on` offers: those whose meeting
    /// date is that day, then those covering a contract planned for meeting `meeting_id` (on
    /// the forward plan); the latest version of each, and none reviewed already.
    pub fn agenda_offer(
        &self,
        held_on: NaiveDate,
        meeting_id: Option<i64>,
    ) -> Result<Vec<AgendaOffer>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.title, r.version, r.meeting_date, r.meeting_date = ?1 FROM maturity_report r
             WHERE r.status = 'submitted'
               AND NOT EXISTS (SELECT 1 FROM maturity_report n WHERE n.uid = r.uid AND n.version > r.version AND n.status <> 'draft')
               AND (r.meeting_date = ?1 OR EXISTS (
                    SELECT 1 FROM report_contract rc JOIN meeting_contract mc ON mc.contract_id = rc.contract_id
                    WHERE rc.report_id = r.id AND mc.meeting_id = ?2))
             ORDER BY r.meeting_date = ?1 DESC, r.title, r.id
             LIMIT 50",
        )?;
        let rows = stmt
            .query_map(params![held_on, meeting_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, Option<NaiveDate>>(3)?,
                    r.get::<_, Option<bool>>(4)?.unwrap_or(false),
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(report_id, title, version, meeting_date, same_day)| {
                Ok(AgendaOffer {
                    report_id,
                    title,
                    version,
                    meeting_date,
                    contracts: crate::reports::store::contracts_of(&self.conn, report_id)?
                        .into_iter()
                        .map(|c| c.details.name)
                        .collect(),
                    why: if same_day {
                        format!("Its meeting date is {}", held_on.format("%-d %B %Y"))
                    } else {
                        "Its contract is planned for this meeting".to_owned()
                    },
                })
            })
            .collect()
    }

    /// Every meeting, latest first.
    pub fn meetings(&self) -> Result<Vec<Meeting>> {
        Ok(self.meetings_page(0, u32::MAX)?.0)
    }

    /// `limit` meetings from `offset`, latest first, and how many there are in all: the
    /// screen shows a page at a time, since a group meeting fortnightly for years has
    /// hundreds.
    pub fn meetings_page(&self, offset: u32, limit: u32) -> Result<(Vec<Meeting>, u32)> {
        let total: u32 = self
            .conn
            .query_row("SELECT COUNT(*) FROM review_meeting", [], |r| r.get(0))?;
        let ids: Vec<i64> = {
            let mut stmt = self.conn.prepare(
                "SELECT id FROM review_meeting ORDER BY held_on DESC, starts_at DESC, id DESC
                 LIMIT ?1 OFFSET ?2",
            )?;
            let rows = stmt
                .query_map([i64::from(limit), i64::from(offset)], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            rows
        };
        let meetings = ids
            .into_iter()
            .map(|id| self.meeting(id))
            .collect::<Result<_>>()?;
        Ok((meetings, total))
    }

    /// A member records their own scores. Refused after the reveal, and for anyone not
    /// present at the meeting.
    pub fn record_scores(
        &mut self,
        review_id: i64,
        member_id: i64,
        scores: &[ScoreInput],
    ) -> Result<Vec<Score>> {
        let count = review_activities(&self.conn, review_id)?.len() as u8;
        let valid = validate_scores(scores, count).map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        let v = review_row(&tx, review_id)?;
        if v.revealed {
            return Err(invalid(
                "scores",
                "The chair has revealed the scores, so they can no longer be changed",
            ));
        }
        require_present(&tx, v.meeting_id, member_id)?;
        let stamp = now();
        for s in &valid {
            tx.execute(
                "INSERT INTO member_score (review_id, member_id, activity, level, comment, capped, cap_reason, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (review_id, member_id, activity) DO UPDATE SET
                   level = excluded.level, comment = excluded.comment, capped = excluded.capped,
                   cap_reason = excluded.cap_reason, updated_at = excluded.updated_at",
                params![review_id, member_id, s.activity, s.level, s.comment, s.capped, s.cap_reason, stamp],
            )?;
        }
        tx.commit()?;
        self.own_scores(review_id, member_id)
    }

    /// A member's own scores: all they may see before the reveal.
    pub fn own_scores(&self, review_id: i64, member_id: i64) -> Result<Vec<Score>> {
        review_row(&self.conn, review_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT activity, level, comment, capped, cap_reason FROM member_score
             WHERE review_id = ?1 AND member_id = ?2 ORDER BY activity",
        )?;
        let rows = stmt
            .query_map(params![review_id, member_id], |r| {
                Ok(Score {
                    activity: r.get(0)?,
                    level: r.get(1)?,
                    comment: r.get(2)?,
                    capped: r.get(3)?,
                    cap_reason: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Who has scored how many activities: no levels, so safe before the reveal.
    pub fn scoring_progress(&self, review_id: i64) -> Result<ScoringProgress> {
        let v = review_row(&self.conn, review_id)?;
        let mut members = Vec::new();
        for m in present_members(&self.conn, v.meeting_id, true)? {
            let scored: u8 = self.conn.query_row(
                "SELECT COUNT(*) FROM member_score WHERE review_id = ?1 AND member_id = ?2",
                params![review_id, m.id],
                |r| r.get(0),
            )?;
            members.push(MemberProgress { member: m, scored });
        }
        Ok(ScoringProgress {
            revealed: v.revealed,
            activities: report_activities(&self.conn, v.report_id)?.len() as u8,
            members,
        })
    }

    fn waiting_for(&self, review_id: i64) -> Result<Vec<String>> {
        let progress = self.scoring_progress(review_id)?;
        let all = progress.activities;
        Ok(progress
            .members
            .into_iter()
            .filter(|p| p.scored < all)
            .map(|p| format!("{} ({} of {all} scored)", p.member.name, p.scored))
            .collect())
    }

    /// The chair reveals every score at once. Every member present must have scored every
    /// activity of the report's framework first.
    pub fn reveal_scores(&mut self, review_id: i64) -> Result<Reveal> {
        let v = review_row(&self.conn, review_id)?;
        if !v.revealed {
            let waiting = self.waiting_for(review_id)?;
            if self.scoring_progress(review_id)?.members.is_empty() {
                return Err(invalid("reveal", "No members are recorded as present at this meeting, so there are no scores to reveal"));
            }
            if !waiting.is_empty() {
                return Err(invalid(
                    "reveal",
                    format!("Still to score: {}.", waiting.join(", ")),
                ));
            }
            self.conn.execute(
                "UPDATE review SET revealed_at = ?2, updated_at = ?2 WHERE id = ?1 AND revealed_at IS NULL",
                params![review_id, now()],
            )?;
            mark_held(&self.conn, review_id)?;
        }
        self.revealed_scores(review_id)
    }

    /// Every score, the owner's self-assessment and the spread. Refused until the chair
    /// reveals them: before that no one may see anyone else's scores.
    pub fn revealed_scores(&self, review_id: i64) -> Result<Reveal> {
        let v = review_row(&self.conn, review_id)?;
        if !v.revealed {
            let waiting = self.waiting_for(review_id)?;
            return Err(CoreError::ScoresHidden {
                review: review_id,
                waiting: if waiting.is_empty() {
                    "Every member present has scored; the chair can reveal them.".into()
                } else {
                    format!("Still to score: {}.", waiting.join(", "))
                },
            });
        }
        let framework = report_activities(&self.conn, v.report_id)?;
        let owner = owner_levels(&self.conn, v.report_id, framework.len())?;
        let moderated = moderated_levels(&self.conn, review_id, framework.len())?;
        let mut scores: Vec<Vec<MemberScore>> = vec![Vec::new(); framework.len()];
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT s.activity, s.level, s.comment, s.capped, s.cap_reason, {MEMBER_COLUMNS}
             FROM member_score s JOIN group_member m ON m.id = s.member_id
             WHERE s.review_id = ?1 ORDER BY m.name"
        ))?;
        for row in stmt.query_map([review_id], |r| {
            Ok(MemberScore {
                score: Score {
                    activity: r.get(0)?,
                    level: r.get(1)?,
                    comment: r.get(2)?,
                    capped: r.get(3)?,
                    cap_reason: r.get(4)?,
                },
                member: member_from(r, 5)?,
            })
        })? {
            let s = row?;
            if let Some(slot) = scores.get_mut(usize::from(s.score.activity) - 1) {
                slot.push(s);
            }
        }
        let mut dissents: Vec<Vec<Dissent>> = vec![Vec::new(); framework.len()];
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT d.activity, d.note, {MEMBER_COLUMNS} FROM dissent d JOIN group_member m ON m.id = d.member_id
             WHERE d.review_id = ?1 ORDER BY m.name"
        ))?;
        for row in stmt.query_map([review_id], |r| {
            Ok((
                r.get::<_, u8>(0)?,
                Dissent {
                    note: r.get(1)?,
                    member: member_from(r, 2)?,
                },
            ))
        })? {
            let (a, d) = row?;
            if let Some(slot) = dissents.get_mut(usize::from(a) - 1) {
                slot.push(d);
            }
        }
        let activities = framework
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let levels: Vec<u8> = scores[i].iter().map(|s| s.score.level).collect();
                RevealedActivity {
                    activity: a.activity,
                    key: a.key,
                    name: a.name,
                    owner_current: owner[i].0,
                    owner_target: owner[i].1,
                    spread: spread(&levels),
                    scores: std::mem::take(&mut scores[i]),
                    moderated: moderated[i].clone(),
                    dissents: std::mem::take(&mut dissents[i]),
                }
            })
            .collect();
        Ok(Reveal {
            review_id,
            activities,
        })
    }

    /// The group agrees a level for an activity, after the reveal.
    pub fn moderate(
        &mut self,
        review_id: i64,
        activity: u8,
        input: &ModerationInput,
    ) -> Result<Reveal> {
        let count = review_activities(&self.conn, review_id)?.len() as u8;
        if !(1..=count).contains(&activity) {
            return Err(invalid("activity", not_an_activity(activity, count)));
        }
        let m = input.validate().map_err(CoreError::Validation)?;
        self.revealed_scores(review_id)?;
        self.conn.execute(
            "INSERT INTO moderated_level (review_id, activity, level, rationale, capped, cap_reason, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (review_id, activity) DO UPDATE SET level = excluded.level,
               rationale = excluded.rationale, capped = excluded.capped,
               cap_reason = excluded.cap_reason, updated_at = excluded.updated_at",
            params![review_id, activity, m.level, m.rationale, m.capped, m.cap_reason, now()],
        )?;
        self.revealed_scores(review_id)
    }

    /// A member present records that they disagree with the moderated level; an empty
    /// note withdraws it.
    pub fn record_dissent(
        &mut self,
        review_id: i64,
        activity: u8,
        member_id: i64,
        note: &str,
    ) -> Result<Reveal> {
        let count = review_activities(&self.conn, review_id)?.len() as u8;
        if !(1..=count).contains(&activity) {
            return Err(invalid("activity", not_an_activity(activity, count)));
        }
        let v = review_row(&self.conn, review_id)?;
        self.revealed_scores(review_id)?;
        require_present(&self.conn, v.meeting_id, member_id)?;
        let note = note.trim();
        if note.chars().count() > 5_000 {
            return Err(invalid(
                "note",
                "The dissent must be 5,000 characters or fewer",
            ));
        }
        if note.is_empty() {
            self.conn.execute(
                "DELETE FROM dissent WHERE review_id = ?1 AND activity = ?2 AND member_id = ?3",
                params![review_id, activity, member_id],
            )?;
        } else {
            self.conn.execute(
                "INSERT INTO dissent (review_id, activity, member_id, note) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (review_id, activity, member_id) DO UPDATE SET note = excluded.note",
                params![review_id, activity, member_id, note],
            )?;
        }
        self.revealed_scores(review_id)
    }

    /// Records the outcome. Every activity needs its moderated level first. The report
    /// is then marked reviewed.
    pub fn set_outcome(&mut self, review_id: i64, input: &OutcomeInput) -> Result<()> {
        let o = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        let v = review_row(&tx, review_id)?;
        let names = review_activities(&tx, review_id)?;
        let missing: Vec<&str> = moderated_levels(&tx, review_id, names.len())?
            .iter()
            .zip(&names)
            .filter(|(m, _)| m.is_none())
            .map(|(_, a)| a.name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(invalid(
                "outcome",
                format!("Agree a moderated level for every activity before recording the outcome. Still to agree: {}.", missing.join(", ")),
            ));
        }
        tx.execute(
            "UPDATE review SET outcome = ?2, return_by = ?3, audit_referral = ?4, audit_reason = ?5, updated_at = ?6 WHERE id = ?1",
            params![review_id, o.outcome.as_str(), o.return_by, o.audit_referral, o.audit_reason, now()],
        )?;
        tx.execute(
            "UPDATE maturity_report SET status = 'reviewed' WHERE id = ?1 AND status IN ('submitted', 'under_review')",
            [v.report_id],
        )?;
        mark_held(&tx, review_id)?;
        tx.commit()?;
        Ok(())
    }

    /// Adds an action (`id` None) or updates one: its owner, due date, status and progress.
    pub fn save_action(
        &mut self,
        review_id: i64,
        id: Option<i64>,
        input: &ActionInput,
        today: NaiveDate,
    ) -> Result<Action> {
        let a = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        review_row(&tx, review_id)?;
        let id = update_or_insert(
            &tx,
            id,
            "Action",
            |id| {
                tx.execute(
                    "UPDATE review_action SET text = ?3, owner = ?4, due = ?5, status = ?6, progress = ?7, updated_at = ?8,
                       closed_on = CASE WHEN ?6 IN ('done', 'dropped') THEN COALESCE(closed_on, ?9) END
                     WHERE id = ?1 AND review_id = ?2",
                    params![id, review_id, a.text, a.owner, a.due, a.status.as_str(), a.progress, now(), today],
                )
            },
            || {
                tx.execute(
                    "INSERT INTO review_action (review_id, position, text, owner, due, status, progress, updated_at, closed_on)
                     VALUES (?1, (SELECT COALESCE(MAX(position), -1) + 1 FROM review_action WHERE review_id = ?1),
                             ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?5 IN ('done', 'dropped') THEN ?8 END)",
                    params![review_id, a.text, a.owner, a.due, a.status.as_str(), a.progress, now(), today],
                )
            },
        )?;
        let action = tx.query_row(
            &format!("SELECT {ACTION_COLUMNS} FROM review_action WHERE id = ?1"),
            [id],
            |r| action_from(r, today),
        )?;
        tx.commit()?;
        Ok(action)
    }

    pub fn actions(&self, review_id: i64, today: NaiveDate) -> Result<Vec<Action>> {
        review_row(&self.conn, review_id)?;
        actions_of(&self.conn, review_id, today)
    }

    /// Every action past its due date and still open or in progress, oldest first.
    pub fn overdue_actions(&self, today: NaiveDate) -> Result<Vec<Action>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ACTION_COLUMNS} FROM review_action
             WHERE status IN ('open', 'in_progress') AND due < ?1 ORDER BY due, id"
        ))?;
        let rows = stmt
            .query_map([today], |r| action_from(r, today))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    pub fn set_progress_narrative(&mut self, review_id: i64, text: &str) -> Result<()> {
        if text.chars().count() > 10_000 {
            return Err(invalid(
                "progress_narrative",
                "The progress narrative must be 10,000 characters or fewer",
            ));
        }
        review_row(&self.conn, review_id)?;
        self.conn.execute(
            "UPDATE review SET progress_narrative = ?2, updated_at = ?3 WHERE id = ?1",
            params![review_id, text.trim(), now()],
        )?;
        Ok(())
    }

    /// A re-review beside the review it follows up: the owner's and the group's levels
    /// then and now, and the earlier actions with their status.
    pub fn comparison(&self, review_id: i64, today: NaiveDate) -> Result<Comparison> {
        let now_row = review_row(&self.conn, review_id)?;
        let activities_now = report_activities(&self.conn, now_row.report_id)?;
        let owner_now = owner_levels(&self.conn, now_row.report_id, activities_now.len())?;
        let moderated_now = moderated_levels(&self.conn, review_id, activities_now.len())?;
        let previous = match earlier_review(&self.conn, now_row.report_id, now_row.held_on)? {
            Some(p) => {
                let then = review_row(&self.conn, p)?;
                let activities = report_activities(&self.conn, then.report_id)?;
                let count = activities.len();
                Some((
                    p,
                    then.held_on,
                    then.outcome,
                    activities,
                    owner_levels(&self.conn, then.report_id, count)?,
                    moderated_levels(&self.conn, p, count)?,
                ))
            }
            None => None,
        };
        // Matched by key: the two reports may be on different framework versions. An
        // activity only one of them has is listed, and marked, with nothing on the other side.
        let then_of = |key: &str| -> Option<(Option<u8>, Option<u8>)> {
            let (_, _, _, acts, owner, moderated) = previous.as_ref()?;
            let j = acts.iter().position(|a| a.key == key)?;
            Some((owner[j].0, moderated[j].as_ref().map(|m| m.level)))
        };
        let mut activities: Vec<ActivityThenNow> = activities_now
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let then = then_of(&a.key);
                ActivityThenNow {
                    activity: a.activity,
                    key: a.key.clone(),
                    name: a.name.clone(),
                    only_in: (previous.is_some() && then.is_none()).then_some(OnlyIn::Current),
                    owner_then: then.and_then(|t| t.0),
                    moderated_then: then.and_then(|t| t.1),
                    owner_now: owner_now[i].0,
                    moderated_now: moderated_now[i].as_ref().map(|m| m.level),
                }
            })
            .collect();
        if let Some((_, _, _, acts, owner, moderated)) = &previous {
            for (j, a) in acts.iter().enumerate() {
                if activities_now.iter().all(|n| n.key != a.key) {
                    activities.push(ActivityThenNow {
                        activity: a.activity,
                        key: a.key.clone(),
                        name: a.name.clone(),
                        only_in: Some(OnlyIn::Earlier),
                        owner_then: owner[j].0,
                        moderated_then: moderated[j].as_ref().map(|m| m.level),
                        owner_now: None,
                        moderated_now: None,
                    });
                }
            }
        }
        Ok(Comparison {
            review_id,
            held_on: now_row.held_on,
            previous: previous
                .map(
                    |(id, held_on, outcome, _, _, _)| -> Result<PreviousReview> {
                        Ok(PreviousReview {
                            review_id: id,
                            held_on,
                            outcome,
                            actions: actions_of(&self.conn, id, today)?,
                        })
                    },
                )
                .transpose()?,
            activities,
            progress_narrative: now_row.progress_narrative,
        })
    }

    /// A contract's reviews, oldest first, with the moderated level of each activity: the
    /// trend its page shows. The reviews' reports may be on different framework versions:
    /// activities are matched by key, those of the latest review's version first, then any
    /// a revision has since retired.
    pub fn review_history(&self, contract_id: i64) -> Result<ReviewHistory> {
        let mut stmt = self.conn.prepare(
            "SELECT v.id, m.held_on, v.outcome, v.report_id FROM review v
             JOIN review_meeting m ON m.id = v.meeting_id
             JOIN report_contract rc ON rc.report_id = v.report_id
             WHERE rc.contract_id = ?1 ORDER BY m.held_on, v.id",
        )?;
        let heads = stmt
            .query_map([contract_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, NaiveDate>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut points = Vec::new();
        for (id, held_on, outcome, report_id) in heads {
            let acts = report_activities(&self.conn, report_id)?;
            let levels = moderated_levels(&self.conn, id, acts.len())?;
            let by_key: Vec<(String, String, Option<u8>)> = acts
                .into_iter()
                .zip(levels)
                .map(|(a, m)| (a.key, a.name, m.map(|m| m.level)))
                .collect();
            points.push((id, held_on, outcome, by_key));
        }
        let mut activities: Vec<HistoryActivity> = Vec::new();
        for (_, _, _, by_key) in points.iter().rev() {
            for (key, name, _) in by_key {
                if activities.iter().all(|a| &a.key != key) {
                    activities.push(HistoryActivity {
                        key: key.clone(),
                        name: name.clone(),
                    });
                }
            }
        }
        let reviews = points
            .into_iter()
            .map(|(id, held_on, outcome, by_key)| {
                let found: Vec<Option<&(String, String, Option<u8>)>> = activities
                    .iter()
                    .map(|a| by_key.iter().find(|(k, _, _)| *k == a.key))
                    .collect();
                HistoryPoint {
                    review_id: id,
                    held_on,
                    outcome: outcome.and_then(|s| Outcome::parse(&s)),
                    moderated: found.iter().map(|f| f.and_then(|f| f.2)).collect(),
                    in_version: found.iter().map(Option::is_some).collect(),
                }
            })
            .collect();
        Ok(ReviewHistory {
            activities,
            reviews,
        })
    }
}

impl Store {
    /// The sub-group's latest review of a report (by meeting date), once it is on a
    /// meeting's agenda.
    pub fn latest_review_of(&self, report_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT v.id FROM review v JOIN review_meeting m ON m.id = v.meeting_id
                 WHERE v.report_id = ?1 ORDER BY m.held_on DESC, v.id DESC LIMIT 1",
                [report_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
