//! Handover in the database: the contracts' owners and their history, the drafts, actions
//! and planned reviews that move with them, all in one write transaction.

use crate::kernel::error::{CoreError, Result};
use crate::kernel::{now, write_transaction, Store};
use crate::programme::handover::{
    HandoverAction, HandoverContract, HandoverInput, HandoverSummary, LastReview, OwnerPeriod,
};
use crate::review::store::invalid;
use crate::review::{ActionStatus, Outcome};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// "14 January 2027".
fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The reports on a contract that are not yet reviewed, as the successor inherits them.
fn in_progress(store: &Store, contract_id: i64) -> Result<Vec<String>> {
    let rows: Vec<(i64, String, u32, String)> = {
        let mut stmt = store.conn.prepare_cached(
            "SELECT r.id, r.title, r.version, r.status FROM maturity_report r
             JOIN report_contract rc ON rc.report_id = r.id
             WHERE rc.contract_id = ?1 AND r.status IN ('draft', 'submitted', 'under_review')
             ORDER BY r.id",
        )?;
        let rows = stmt
            .query_map([contract_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows
    };
    rows.into_iter()
        .map(|(id, title, version, status)| {
            let state = match status.as_str() {
                "draft" => {
                    let tasks = store.report(id)?.tasks;
                    let done = tasks
                        .iter()
                        .filter(|t| t.state == crate::reports::TaskState::Complete)
                        .count();
                    format!("draft, {done} of {} sections complete", tasks.len())
                }
                "submitted" => "signed and waiting for the review group".to_owned(),
                _ => "signed and on a review group agenda".to_owned(),
            };
            Ok(format!("{title}, version {version}: {state}"))
        })
        .collect()
}

fn owners(conn: &Connection, contract_id: i64) -> Result<Vec<(OwnerPeriod, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner, position, since, until, note FROM owner_history
         WHERE contract_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([contract_id], |r| {
            Ok((
                OwnerPeriod {
                    owner: r.get(0)?,
                    position: r.get(1)?,
                    since: r.get(2)?,
                    until: r.get(3)?,
                },
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn actions(conn: &Connection, contract_id: i64, today: NaiveDate) -> Result<Vec<HandoverAction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT a.id, a.text, a.owner, a.due, a.status FROM review_action a
         JOIN review v ON v.id = a.review_id
         JOIN report_contract rc ON rc.report_id = v.report_id
         WHERE rc.contract_id = ?1 AND a.status IN ('open', 'in_progress')
         ORDER BY a.due, a.id",
    )?;
    let rows = stmt
        .query_map([contract_id], |r| {
            let due: NaiveDate = r.get(3)?;
            let status: String = r.get(4)?;
            Ok(HandoverAction {
                text: r.get(1)?,
                owner: r.get(2)?,
                due,
                status: ActionStatus::parse(&status)
                    .map(|s| s.words().to_owned())
                    .unwrap_or(status),
                overdue: due < today,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The earliest meeting not yet held that will review the contract: planned for it, or
/// with one of its reports on the agenda.
fn next_review(conn: &Connection, contract_id: i64) -> Result<Option<String>> {
    let next: Option<(NaiveDate, bool)> = conn
        .query_row(
            "SELECT m.held_on, m.date_confirmed FROM review_meeting m
             WHERE m.status <> 'held' AND m.id IN (
                 SELECT meeting_id FROM meeting_contract WHERE contract_id = ?1
                 UNION SELECT v.meeting_id FROM review v
                       JOIN report_contract rc ON rc.report_id = v.report_id WHERE rc.contract_id = ?1)
             ORDER BY m.held_on, m.date_confirmed DESC LIMIT 1",
            [contract_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(next.map(|(d, confirmed)| {
        if confirmed {
            long_date(d)
        } else {
            format!("{} (date tbc)", d.format("%B %Y"))
        }
    }))
}

fn last_review(conn: &Connection, contract_id: i64) -> Result<Option<LastReview>> {
    let last: Option<(i64, NaiveDate, Option<String>, Option<NaiveDate>)> = conn
        .query_row(
            "SELECT v.id, m.held_on, v.outcome, v.return_by FROM review v
             JOIN review_meeting m ON m.id = v.meeting_id
             JOIN report_contract rc ON rc.report_id = v.report_id
             WHERE rc.contract_id = ?1 AND m.status = 'held'
             ORDER BY m.held_on DESC, v.id DESC LIMIT 1",
            [contract_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((review_id, held_on, outcome, return_by)) = last else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT text FROM recommendation WHERE review_id = ?1 ORDER BY position, id",
    )?;
    let recommendations = stmt
        .query_map([review_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(LastReview {
        held_on,
        outcome: outcome
            .as_deref()
            .and_then(Outcome::parse)
            .map(|o| o.words().to_owned())
            .unwrap_or_else(|| "Not yet recorded".to_owned()),
        return_by,
        recommendations,
    }))
}

impl Store {
    /// What the owner now of each of `contract_ids` needs to carry on (see
    /// [`HandoverSummary`]); `today` decides which actions are overdue.
    ///
    /// Errors: `NotFound` for a contract not on the register.
    pub fn handover_summary(
        &self,
        contract_ids: &[i64],
        today: NaiveDate,
    ) -> Result<HandoverSummary> {
        let mut contracts = Vec::new();
        for &id in contract_ids {
            let (name, reference, owner): (String, String, String) = self
                .conn
                .query_row(
                    "SELECT name, reference, contract_owner FROM contract WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or_else(|| CoreError::NotFound {
                    what: "Contract",
                    key: id.to_string(),
                })?;
            let history = owners(&self.conn, id)?;
            let (previous_owner, note) = match history.as_slice() {
                [.., (before, _), (now, note)] if now.owner == owner => {
                    (before.owner.clone(), note.clone())
                }
                _ => (String::new(), String::new()),
            };
            contracts.push(HandoverContract {
                contract_id: id,
                name,
                reference,
                owners: history.into_iter().map(|(p, _)| p).collect(),
                previous_owner,
                note,
                in_progress: in_progress(self, id)?,
                actions: actions(&self.conn, id, today)?,
                next_review: next_review(&self.conn, id)?,
                last_review: last_review(&self.conn, id)?,
            });
        }
        Ok(HandoverSummary {
            owner: self
                .conn
                .query_row(
                    "SELECT contract_owner FROM contract WHERE id = ?1",
                    [contract_ids.first().copied().unwrap_or(0)],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_default(),
            today,
            contracts,
        })
    }

    /// Hands contracts over to a successor from the day given: the contracts' owner, their
    /// draft reports (Section 3 names the successor, owner since that day, its statements
    /// to be answered afresh), the group's open actions the previous owner held, and the
    /// planned reviews they led, all in one write transaction; the history of owners keeps
    /// who owned each contract until when, and the note. Signed reports are untouched.
    ///
    /// Errors: `Validation` naming each field and rule broken, a contract not on the
    /// register, or one the successor already owns; nothing is changed.
    pub fn hand_over(
        &mut self,
        input: &HandoverInput,
        today: NaiveDate,
    ) -> Result<HandoverSummary> {
        let mut v = input.validate().map_err(CoreError::Validation)?;
        let mut seen = std::collections::HashSet::new();
        v.contract_ids.retain(|id| seen.insert(*id));
        if v.handed_over_on > today {
            return Err(invalid(
                "handed_over_on",
                format!(
                    "A handover is recorded when it happens: the day cannot be after today ({})",
                    long_date(today)
                ),
            ));
        }
        let tx = write_transaction(&mut self.conn)?;
        let stamp = now();
        for (n, &id) in v.contract_ids.iter().enumerate() {
            let found: Option<(String, String, Option<NaiveDate>)> = tx
                .query_row(
                    "SELECT c.contract_owner, c.name,
                            (SELECT since FROM owner_history h WHERE h.contract_id = c.id AND h.until IS NULL
                             ORDER BY h.id DESC LIMIT 1)
                     FROM contract c WHERE c.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((previous, name, since)) = found else {
                return Err(invalid(
                    "contract_ids",
                    format!("Contract {} is not on the register (id {id})", n + 1),
                ));
            };
            if previous.to_lowercase() == v.successor.to_lowercase() {
                return Err(invalid(
                    "successor",
                    format!("{previous} already owns {name}"),
                ));
            }
            if let Some(since) = since.filter(|s| v.handed_over_on < *s) {
                return Err(invalid(
                    "handed_over_on",
                    format!(
                        "{previous} became owner of {name} on {}: the handover must be on or after that day",
                        long_date(since)
                    ),
                ));
            }
            tx.execute(
                "UPDATE contract SET contract_owner = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, v.successor, stamp],
            )?;
            // The trigger has ended the previous owner's period and begun the successor's
            // today; both take the handover's day, and the successor's the note.
            tx.execute(
                "UPDATE owner_history SET until = ?2 WHERE contract_id = ?1 AND id = (
                     SELECT id FROM owner_history WHERE contract_id = ?1 AND until IS NOT NULL ORDER BY id DESC LIMIT 1)",
                params![id, v.handed_over_on],
            )?;
            tx.execute(
                "UPDATE owner_history SET since = ?2, position = ?3, note = ?4
                 WHERE contract_id = ?1 AND until IS NULL",
                params![id, v.handed_over_on, v.position, v.note],
            )?;
            tx.execute(
                "UPDATE review_action SET owner = ?3, updated_at = ?4
                 WHERE owner = ?2 AND status IN ('open', 'in_progress') AND review_id IN (
                     SELECT v.id FROM review v JOIN report_contract rc ON rc.report_id = v.report_id
                     WHERE rc.contract_id = ?1)",
                params![id, previous, v.successor, stamp],
            )?;
            tx.execute(
                "UPDATE review_meeting SET lead_officer = ?3, updated_at = ?4
                 WHERE status <> 'held' AND lead_officer = ?2
                   AND id IN (SELECT meeting_id FROM meeting_contract WHERE contract_id = ?1)",
                params![id, previous, v.successor, stamp],
            )?;
        }
        // A draft becomes the successor's to attest once every contract it covers is theirs:
        // a group report with a contract still its owner's keeps that owner's Section 3.
        for id in &v.contract_ids {
            tx.execute(
                "UPDATE attestation SET owner_name = ?2, position = ?3, owner_since = ?4,
                     statement_1 = NULL, statement_2 = NULL, statement_3 = NULL, statement_4 = NULL,
                     statement_5 = NULL, statement_6 = NULL, statement_7 = NULL, updated_at = ?5
                 WHERE owner_name <> ?2 AND report_id IN (
                     SELECT r.id FROM maturity_report r JOIN report_contract rc ON rc.report_id = r.id
                     WHERE rc.contract_id = ?1 AND r.status = 'draft'
                       AND NOT EXISTS (SELECT 1 FROM report_contract o JOIN contract c ON c.id = o.contract_id
                                       WHERE o.report_id = r.id AND c.contract_owner <> ?2))",
                params![id, v.successor, v.position, v.handed_over_on, stamp],
            )?;
            tx.execute(
                "UPDATE maturity_report SET updated_at = ?2
                 WHERE status = 'draft' AND id IN (SELECT report_id FROM report_contract WHERE contract_id = ?1)",
                params![id, stamp],
            )?;
        }
        tx.commit()?;
        self.handover_summary(&v.contract_ids, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store_with_contracts;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn contracts_drafts_and_planned_reviews_move_and_the_history_keeps_dates() {
        let (mut s, ids) = store_with_contracts(2);
        let before: String = s
            .conn
            .query_row(
                "SELECT contract_owner FROM contract WHERE id = ?1",
                [ids[0]],
                |r| r.get(0),
            )
            .unwrap();
        let report = s
            .create_report(&crate::reports::NewReportInput {
                contract_ids: vec![ids[0]],
                ..Default::default()
            })
            .unwrap();
        s.save_attestation(report, &crate::fixtures::attestation_input())
            .unwrap();
        let planned = s
            .save_plan_item(
                None,
                &crate::programme::plan::PlanItemInput {
                    date: "2027-03-12".into(),
                    date_confirmed: true,
                    contract_ids: vec![ids[0]],
                    lead_officer: before.clone(),
                    ..Default::default()
                },
            )
            .unwrap();
        let summary = s
            .hand_over(
                &HandoverInput {
                    contract_ids: vec![ids[0]],
                    successor: "Sam Okafor".into(),
                    position: "Head of Facilities Management".into(),
                    handed_over_on: "01/03/2027".into(),
                    note: "The exit plan needs refreshing before April.".into(),
                },
                d("2027-03-02"),
            )
            .unwrap();
        assert_eq!(summary.owner, "Sam Okafor");
        let c = &summary.contracts[0];
        assert_eq!(c.previous_owner, before);
        assert_eq!(c.note, "The exit plan needs refreshing before April.");
        let periods: Vec<_> = c
            .owners
            .iter()
            .map(|o| (o.owner.as_str(), o.since, o.until))
            .collect();
        assert_eq!(
            periods,
            [
                (before.as_str(), None, Some(d("2027-03-01"))),
                ("Sam Okafor", Some(d("2027-03-01")), None)
            ]
        );
        assert_eq!(c.next_review.as_deref(), Some("12 March 2027"));
        assert!(
            c.in_progress[0].contains("version 1: draft"),
            "{:?}",
            c.in_progress
        );
        // The draft is the successor's to attest, from the day of handover.
        let a = s.attestation(report).unwrap();
        assert_eq!(a.owner_name, "Sam Okafor");
        assert_eq!(a.owner_since, Some(d("2027-03-01")));
        assert!(a.statements.iter().all(|st| st.chosen.is_none()));
        assert_eq!(s.plan_item(planned.id).unwrap().lead_officer, "Sam Okafor");
        // The other contract stays with its owner; handing over to the owner is refused.
        let again = s.hand_over(
            &HandoverInput {
                contract_ids: vec![ids[0]],
                successor: "Sam Okafor".into(),
                handed_over_on: "02/03/2027".into(),
                ..Default::default()
            },
            d("2027-03-02"),
        );
        assert_eq!(
            again.unwrap_err().reply().fields[0].message,
            format!("Sam Okafor already owns {}", c.name)
        );
        let other = s.handover_summary(&[ids[1]], d("2027-03-02")).unwrap();
        assert_eq!(other.contracts[0].owners.len(), 1);
        assert_eq!(other.contracts[0].previous_owner, "");
    }

    #[test]
    fn a_signed_report_stays_the_previous_owners_and_the_successor_starts_the_next() {
        let (mut s, ids) = store_with_contracts(1);
        let report = s
            .create_report(&crate::reports::NewReportInput {
                contract_ids: vec![ids[0]],
                ..Default::default()
            })
            .unwrap();
        crate::fixtures::fill_report(&mut s, report).unwrap();
        s.save_attestation(report, &crate::fixtures::attestation_input())
            .unwrap();
        s.sign_report(report).unwrap();
        let signer = s.attestation(report).unwrap().owner_name;
        s.hand_over(
            &HandoverInput {
                contract_ids: vec![ids[0]],
                successor: "Sam Okafor".into(),
                handed_over_on: "2027-03-01".into(),
                ..Default::default()
            },
            d("2027-03-02"),
        )
        .unwrap();
        assert_eq!(
            s.verify_report(report).unwrap().state,
            crate::reports::seal::SealState::Intact
        );
        assert_eq!(s.attestation(report).unwrap().owner_name, signer);
        let next = s.amend_report(report).unwrap();
        let a = s.attestation(next).unwrap();
        assert_eq!(
            (a.owner_name.as_str(), a.owner_since),
            ("Sam Okafor", Some(d("2027-03-01")))
        );
        let summary = s.handover_summary(&[ids[0]], d("2027-03-02")).unwrap();
        let progress = &summary.contracts[0].in_progress;
        assert!(
            progress
                .iter()
                .any(|p| p.contains("version 1: signed and waiting")),
            "{progress:?}"
        );
        assert!(
            progress.iter().any(|p| p.contains("version 2: draft")),
            "{progress:?}"
        );
    }

    #[test]
    fn a_group_report_keeps_its_owner_and_dates_must_follow_the_history() {
        let (mut s, ids) = store_with_contracts(2);
        let group = s
            .create_report(&crate::reports::NewReportInput {
                contract_ids: ids.clone(),
                ..Default::default()
            })
            .unwrap();
        s.save_attestation(group, &crate::fixtures::attestation_input())
            .unwrap();
        let owner = s.attestation(group).unwrap().owner_name;
        let to = |successor: &str, on: &str, contracts: Vec<i64>| HandoverInput {
            contract_ids: contracts,
            successor: successor.into(),
            handed_over_on: on.into(),
            ..Default::default()
        };
        // One of the group's two contracts handed over: Section 3 stays its owner's.
        s.hand_over(
            &to("Sam Okafor", "2027-03-01", vec![ids[0], ids[0]]),
            d("2027-03-02"),
        )
        .unwrap();
        let a = s.attestation(group).unwrap();
        assert_eq!(a.owner_name, owner);
        assert!(a.statements.iter().all(|st| st.chosen.is_some()));
        // Before the day the owner now took it on, or after today: refused, naming why.
        let early = s
            .hand_over(
                &to("Priya Shah", "2027-02-01", vec![ids[0]]),
                d("2027-03-02"),
            )
            .unwrap_err();
        assert!(
            early.reply().fields[0]
                .message
                .starts_with("Sam Okafor became owner of Contract 0 on 1 March 2027"),
            "{:?}",
            early.reply()
        );
        let later = s
            .hand_over(
                &to("Priya Shah", "2027-04-01", vec![ids[0]]),
                d("2027-03-02"),
            )
            .unwrap_err();
        assert_eq!(later.reply().fields[0].field, "handed_over_on");
        assert!(s
            .hand_over(
                &to("sam okafor", "2027-03-02", vec![ids[0]]),
                d("2027-03-02")
            )
            .is_err());
        // The second contract too: now the whole group report is the successor's to attest.
        s.hand_over(
            &to("Sam Okafor", "2027-03-02", vec![ids[1]]),
            d("2027-03-02"),
        )
        .unwrap();
        let a = s.attestation(group).unwrap();
        assert_eq!(a.owner_name, "Sam Okafor");
        assert_eq!(a.owner_since, Some(d("2027-03-02")));
    }
}
