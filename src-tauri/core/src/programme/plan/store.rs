//! The forward plan in the database: the review meetings (`review_meeting`, one list with
//! the review group's since migration 0019), the contracts planned for each and their moves.

use crate::kernel::error::{CoreError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use crate::programme::plan::{
    slot_text, what_lines, MoveInput, PlanContract, PlanItem, PlanItemInput, PlanMove, PlanStatus,
    PlannedDate,
};
use crate::review::store::{invalid, update_or_insert};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::HashMap;

fn not_found(id: i64) -> CoreError {
    CoreError::NotFound {
        what: "Planned meeting",
        key: id.to_string(),
    }
}

/// The plan items whose date is within `from..=to` (either end open), or the one `id`.
fn load(
    conn: &Connection,
    id: Option<i64>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<PlanItem>> {
    let filter = "(?1 IS NULL OR p.id = ?1) AND (?2 IS NULL OR p.held_on >= ?2) AND (?3 IS NULL OR p.held_on <= ?3)";
    let mut contracts: HashMap<i64, Vec<PlanContract>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        // The contracts planned for the meeting, then those of the reports on its agenda.
        "SELECT x.meeting_id, c.id, c.name, c.reference, c.service_area FROM (
             SELECT meeting_id, contract_id, position AS at FROM meeting_contract
             UNION ALL
             SELECT v.meeting_id, rc.contract_id, 1000000 + v.position * 1000 + rc.position
             FROM review v JOIN report_contract rc ON rc.report_id = v.report_id
         ) x JOIN review_meeting p ON p.id = x.meeting_id JOIN contract c ON c.id = x.contract_id
         WHERE {filter} ORDER BY x.meeting_id, x.at"
    ))?;
    for row in stmt.query_map(params![id, from, to], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            PlanContract {
                id: r.get(1)?,
                name: r.get(2)?,
                reference: r.get(3)?,
                service_area: r.get(4)?,
            },
        ))
    })? {
        let (plan, c) = row?;
        let list = contracts.entry(plan).or_default();
        if !list.iter().any(|k| k.id == c.id) {
            list.push(c);
        }
    }
    let mut moves: HashMap<i64, Vec<PlanMove>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.meeting_id, m.from_on, m.from_date_confirmed, m.from_starts_at, m.from_ends_at, m.reason, m.moved_at
         FROM review_meeting p JOIN meeting_move m ON m.meeting_id = p.id WHERE {filter} ORDER BY m.meeting_id, m.id"
    ))?;
    for row in stmt.query_map(params![id, from, to], |r| {
        let from_date: NaiveDate = r.get(1)?;
        let confirmed: bool = r.get(2)?;
        let starts: String = r.get(3)?;
        let ends: String = r.get(4)?;
        Ok((
            r.get::<_, i64>(0)?,
            PlanMove {
                from_text: slot_text(from_date, confirmed, &starts, &ends),
                from_date,
                from_date_confirmed: confirmed,
                from_starts_at: starts,
                from_ends_at: ends,
                reason: r.get(5)?,
                moved_at: r.get(6)?,
            },
        ))
    })? {
        let (plan, m) = row?;
        moves.entry(plan).or_default().push(m);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.held_on, p.date_confirmed, p.starts_at, p.ends_at, p.topic, p.lead_officer, p.status,
                (SELECT COUNT(*) FROM review v WHERE v.meeting_id = p.id)
         FROM review_meeting p WHERE {filter} ORDER BY p.held_on, p.date_confirmed DESC, p.starts_at, p.id"
    ))?;
    let rows = stmt
        .query_map(params![id, from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, NaiveDate>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, u32>(8)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                date,
                date_confirmed,
                starts_at,
                ends_at,
                topic,
                lead_officer,
                status,
                agenda,
            )| {
                let contracts = contracts.remove(&id).unwrap_or_default();
                PlanItem {
                    when: slot_text(date, date_confirmed, &starts_at, &ends_at),
                    what: what_lines(&topic, &contracts),
                    id,
                    date,
                    date_confirmed,
                    starts_at,
                    ends_at,
                    contracts,
                    topic,
                    lead_officer,
                    status: PlanStatus::parse(&status).unwrap_or(PlanStatus::Planned),
                    moves: moves.remove(&id).unwrap_or_default(),
                    agenda,
                }
            },
        )
        .collect())
}

fn one(conn: &Connection, id: i64) -> Result<PlanItem> {
    load(conn, Some(id), None, None)?
        .pop()
        .ok_or_else(|| not_found(id))
}

impl Store {
    /// The planned meetings dated within `from..=to` (either end open), earliest first.
    pub fn forward_plan(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<PlanItem>> {
        load(&self.conn, None, from, to)
    }

    pub fn plan_item(&self, id: i64) -> Result<PlanItem> {
        one(&self.conn, id)
    }

    /// Adds a planned meeting, or corrects one (a correction is not a move: use
    /// `move_plan_item` to keep a note of the slot it left).
    pub fn save_plan_item(&mut self, id: Option<i64>, input: &PlanItemInput) -> Result<PlanItem> {
        let v = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        for (n, c) in v.contract_ids.iter().enumerate() {
            let known: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM contract WHERE id = ?1)",
                [c],
                |r| r.get(0),
            )?;
            if !known {
                return Err(invalid(
                    "contract_ids",
                    format!(
                        "Contract {} of the meeting is not on the register (id {c})",
                        n + 1
                    ),
                ));
            }
        }
        let s = &v.slot;
        let id = update_or_insert(
            &tx,
            id,
            "Planned meeting",
            |id| {
                tx.execute(
                    "UPDATE review_meeting SET held_on = ?2, date_confirmed = ?3, starts_at = ?4, ends_at = ?5,
                       topic = ?6, lead_officer = ?7, updated_at = ?8 WHERE id = ?1",
                    params![id, s.date, s.date_confirmed, s.starts_at, s.ends_at, v.topic, v.lead_officer, now()],
                )
            },
            || {
                tx.execute(
                    "INSERT INTO review_meeting (held_on, date_confirmed, starts_at, ends_at, topic, lead_officer, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![s.date, s.date_confirmed, s.starts_at, s.ends_at, v.topic, v.lead_officer, now()],
                )
            },
        )?;
        tx.execute("DELETE FROM meeting_contract WHERE meeting_id = ?1", [id])?;
        for (n, c) in v.contract_ids.iter().enumerate() {
            tx.execute(
                "INSERT INTO meeting_contract (meeting_id, contract_id, position) VALUES (?1, ?2, ?3)",
                params![id, c, n as i64],
            )?;
        }
        let item = one(&tx, id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Moves a planned meeting to another slot, keeping a note of the one it left.
    pub fn move_plan_item(&mut self, id: i64, input: &MoveInput) -> Result<PlanItem> {
        let (to, reason) = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        let item = one(&tx, id)?;
        if item.status == PlanStatus::Held {
            return Err(invalid(
                "status",
                "This meeting has been held, so it cannot be moved",
            ));
        }
        if (
            item.date,
            item.date_confirmed,
            &item.starts_at,
            &item.ends_at,
        ) == (to.date, to.date_confirmed, &to.starts_at, &to.ends_at)
        {
            return Err(invalid(
                "date",
                "Choose a different date or time to move the meeting to",
            ));
        }
        tx.execute(
            "INSERT INTO meeting_move (meeting_id, from_on, from_date_confirmed, from_starts_at, from_ends_at, reason, moved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, item.date, item.date_confirmed, item.starts_at, item.ends_at, reason, now()],
        )?;
        tx.execute(
            "UPDATE review_meeting SET held_on = ?2, date_confirmed = ?3, starts_at = ?4, ends_at = ?5,
               status = 'moved', updated_at = ?6 WHERE id = ?1",
            params![id, to.date, to.date_confirmed, to.starts_at, to.ends_at, now()],
        )?;
        let item = one(&tx, id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Marks a planned meeting as held (on or after its date), or takes that back.
    pub fn set_plan_held(&mut self, id: i64, held: bool, today: NaiveDate) -> Result<PlanItem> {
        let tx = write_transaction(&mut self.conn)?;
        let item = one(&tx, id)?;
        if held && (!item.date_confirmed || item.date > today) {
            return Err(invalid(
                "status",
                format!(
                    "A meeting can be marked as held only on or after its date ({})",
                    item.when
                ),
            ));
        }
        let status = match (held, item.moves.is_empty()) {
            (true, _) => PlanStatus::Held,
            (false, true) => PlanStatus::Planned,
            (false, false) => PlanStatus::Moved,
        };
        tx.execute(
            "UPDATE review_meeting SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status.as_str(), now()],
        )?;
        let item = one(&tx, id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Takes a meeting off the plan, and so out of the review group's list.
    ///
    /// Errors: `NotFound`; `Validation` on `agenda` for a meeting with reports on its
    /// agenda (what the group recorded about them would go with it).
    pub fn delete_plan_item(&mut self, id: i64) -> Result<()> {
        let tx = write_transaction(&mut self.conn)?;
        let item = one(&tx, id)?;
        if item.agenda > 0 {
            return Err(invalid(
                "agenda",
                format!(
                    "The meeting of {} has {} on its agenda: take {} off the agenda in the review group first",
                    item.when,
                    crate::kernel::money::counted(u64::from(item.agenda), "report", "reports"),
                    if item.agenda == 1 { "it" } else { "them" }
                ),
            ));
        }
        tx.execute("DELETE FROM review_meeting WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// The earliest planned (not yet held) meeting for each contract, for the programme.
    pub fn next_planned(&self) -> Result<HashMap<i64, PlannedDate>> {
        // Per contract, its earliest meeting not yet held; on the same day a date before a
        // month only (a month is kept as its first day).
        let mut stmt = self.conn.prepare(
            "SELECT x.contract_id, p.held_on, p.date_confirmed FROM review_meeting p
             JOIN (SELECT meeting_id, contract_id FROM meeting_contract
                   UNION SELECT v.meeting_id, rc.contract_id FROM review v
                         JOIN report_contract rc ON rc.report_id = v.report_id) x ON x.meeting_id = p.id
             WHERE p.status <> 'held'
             ORDER BY x.contract_id, p.held_on DESC, p.date_confirmed",
        )?;
        // Later rows of a contract are earlier meetings: the last one written stays.
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    PlannedDate {
                        date: r.get(1)?,
                        date_confirmed: r.get(2)?,
                    },
                ))
            })?
            .collect::<Result<HashMap<_, _>, _>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use crate::programme::plan::{MoveInput, PlanItemInput, PlanStatus};
    use crate::test_support::store_with_contracts;
    use crate::ErrorCode;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn plans_moves_and_holds_a_meeting() {
        let (mut store, ids) = store_with_contracts(2);
        let a = store
            .save_plan_item(
                None,
                &PlanItemInput {
                    date: "2027-02-14".into(),
                    date_confirmed: true,
                    starts_at: "15:00".into(),
                    ends_at: "16:00".into(),
                    contract_ids: vec![ids[1], ids[0]],
                    topic: "Inward investment".into(),
                    lead_officer: "David Hughes".into(),
                },
            )
            .unwrap();
        assert_eq!(a.when, "14.02.27, 3pm – 4pm");
        assert_eq!(a.status, PlanStatus::Planned);
        assert_eq!(a.contracts[0].id, ids[1]);
        assert_eq!(a.what.len(), 3);
        let b = store
            .save_plan_item(
                None,
                &PlanItemInput {
                    date: "2027-04-01".into(),
                    contract_ids: vec![ids[0]],
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(b.when, "April 2027 (date tbc)");
        assert_eq!(b.lead(), "TBC");

        let moved = store
            .move_plan_item(
                a.id,
                &MoveInput {
                    date: "12/03/2027".into(),
                    date_confirmed: true,
                    starts_at: "15:00".into(),
                    ends_at: "16:00".into(),
                    reason: "Chair unavailable".into(),
                },
            )
            .unwrap();
        assert_eq!(moved.status, PlanStatus::Moved);
        assert_eq!(moved.moves[0].from_text, "14.02.27, 3pm – 4pm");
        assert_eq!(
            moved.when_with_moves(),
            "12.03.27, 3pm – 4pm (moved from 14.02.27, 3pm – 4pm)"
        );
        // The plan is in date order, and a range leaves out what is outside it.
        let all = store.forward_plan(None, None).unwrap();
        assert_eq!(all.iter().map(|p| p.id).collect::<Vec<_>>(), [a.id, b.id]);
        assert_eq!(
            store
                .forward_plan(Some(d("2027-03-13")), None)
                .unwrap()
                .len(),
            1
        );

        // Held only on or after the date; a held meeting cannot move.
        let early = store
            .set_plan_held(a.id, true, d("2027-03-11"))
            .unwrap_err();
        assert_eq!(early.reply().fields[0].field, "status");
        let held = store.set_plan_held(a.id, true, d("2027-03-12")).unwrap();
        assert_eq!(held.status, PlanStatus::Held);
        let err = store
            .move_plan_item(
                a.id,
                &MoveInput {
                    date: "2027-05-01".into(),
                    date_confirmed: true,
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.reply().code, ErrorCode::ValidationFailed);
        assert_eq!(store.plan_item(a.id).unwrap().date, d("2027-03-12"));
        // Taking "held" back returns it to moved, since it has moved.
        let back = store.set_plan_held(a.id, false, d("2027-03-12")).unwrap();
        assert_eq!(back.status, PlanStatus::Moved);
        // A month-only date cannot be held.
        assert!(store.set_plan_held(b.id, true, d("2027-12-01")).is_err());
    }

    #[test]
    fn refuses_unknown_contracts_and_unchanged_moves_changing_nothing() {
        let (mut store, ids) = store_with_contracts(1);
        let err = store
            .save_plan_item(
                None,
                &PlanItemInput {
                    date: "2027-02-14".into(),
                    date_confirmed: true,
                    contract_ids: vec![ids[0], 9_999],
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.reply().fields[0].field, "contract_ids");
        assert!(store.forward_plan(None, None).unwrap().is_empty());
        let a = store
            .save_plan_item(
                None,
                &PlanItemInput {
                    date: "2027-02-14".into(),
                    date_confirmed: true,
                    contract_ids: vec![ids[0]],
                    ..Default::default()
                },
            )
            .unwrap();
        let err = store
            .move_plan_item(
                a.id,
                &MoveInput {
                    date: "2027-02-14".into(),
                    date_confirmed: true,
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.reply().fields[0].field, "date");
        assert!(store.plan_item(a.id).unwrap().moves.is_empty());
        store.delete_plan_item(a.id).unwrap();
        assert_eq!(
            store.delete_plan_item(a.id).unwrap_err().reply().code,
            ErrorCode::NotFound
        );
    }

    #[test]
    fn a_planned_meeting_and_the_groups_meeting_are_one() {
        let (mut store, ids) = store_with_contracts(1);
        let (moved, tbc) = crate::fixtures::plan_with_a_move(&mut store, &ids).unwrap();
        // Planned on the forward plan, it is in the review group's list with the same id.
        let listed: Vec<i64> = store.meetings().unwrap().iter().map(|m| m.id).collect();
        assert!(
            listed.contains(&moved.id) && listed.contains(&tbc.id),
            "{listed:?}"
        );
        let month = store.meeting(tbc.id).unwrap();
        assert!(!month.date_confirmed && !month.held);
        assert_eq!(store.meeting(moved.id).unwrap().planned_contracts.len(), 1);
        // Recorded by the group, it is on the forward plan; a day already come was held.
        let held = store
            .save_meeting(
                None,
                &crate::review::MeetingInput {
                    held_on: "2020-01-15".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let plan = store.forward_plan(None, None).unwrap();
        let item = plan.iter().find(|p| p.id == held).unwrap();
        assert_eq!(item.status, PlanStatus::Held);
        // The group settling the day of a month-only meeting settles it on the plan.
        store
            .save_meeting(
                Some(tbc.id),
                &crate::review::MeetingInput {
                    held_on: "2027-04-20".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let item = store.plan_item(tbc.id).unwrap();
        assert!(item.date_confirmed);
        assert_eq!(item.date, d("2027-04-20"));
        assert_eq!(item.status, PlanStatus::Planned);
    }
}
