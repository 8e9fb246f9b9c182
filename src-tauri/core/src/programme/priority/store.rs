//! Choosing contracts for review, in the database: the commissioner's judgements, the
//! requests, the weights, and the ranked list (a few set-based queries, so it stays quick
//! with thousands of contracts).

use crate::kernel::error::{CoreError, Result};
use crate::kernel::Store;
use crate::programme::priority::{
    priority, rank, AuditSynergy, Candidate, Priority, PriorityInput, Rating, RequestInput,
    ReviewRequest, Weights,
};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

const WEIGHTS_KEY: &str = "priority_weights";

impl Store {
    pub fn priority_weights(&self) -> Result<Weights> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM app_setting WHERE key = ?1",
                [WEIGHTS_KEY],
                |r| r.get(0),
            )
            .optional()?;
        Ok(stored
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    pub fn save_priority_weights(&mut self, w: &Weights) -> Result<Weights> {
        w.validate().map_err(CoreError::Validation)?;
        self.conn.execute(
            "INSERT INTO app_setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![WEIGHTS_KEY, serde_json::to_string(w)?],
        )?;
        Ok(*w)
    }

    pub fn priority_input(&self, contract_id: i64) -> Result<PriorityInput> {
        crate::contracts::store::contract_by_id(&self.conn, contract_id)?;
        let row = self
            .conn
            .query_row(
                "SELECT complexity, inherent_risk, strategic_importance, audit FROM contract_priority WHERE contract_id = ?1",
                [contract_id],
                |r| {
                    let rating = |i: usize| -> rusqlite::Result<Option<Rating>> {
                        Ok(r.get::<_, Option<String>>(i)?.and_then(|s| Rating::parse(&s)))
                    };
                    Ok(PriorityInput {
                        complexity: rating(0)?,
                        inherent_risk: rating(1)?,
                        strategic_importance: rating(2)?,
                        audit: AuditSynergy::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
                    })
                },
            )
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    pub fn save_priority_input(
        &mut self,
        contract_id: i64,
        input: &PriorityInput,
    ) -> Result<PriorityInput> {
        crate::contracts::store::contract_by_id(&self.conn, contract_id)?;
        let s = |r: Option<Rating>| r.map(Rating::as_str);
        self.conn.execute(
            "INSERT INTO contract_priority (contract_id, complexity, inherent_risk, strategic_importance, audit)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (contract_id) DO UPDATE SET complexity = excluded.complexity,
               inherent_risk = excluded.inherent_risk, strategic_importance = excluded.strategic_importance,
               audit = excluded.audit",
            params![contract_id, s(input.complexity), s(input.inherent_risk), s(input.strategic_importance), input.audit.as_str()],
        )?;
        self.priority_input(contract_id)
    }

    pub fn review_requests(&self, contract_id: i64) -> Result<Vec<ReviewRequest>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, contract_id, requested_by, requested_on, note FROM review_request
             WHERE contract_id = ?1 ORDER BY requested_on, id",
        )?;
        let rows = stmt
            .query_map([contract_id], request_from)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Records a request to review a contract: who asked and when.
    pub fn add_review_request(
        &mut self,
        contract_id: i64,
        input: &RequestInput,
    ) -> Result<Vec<ReviewRequest>> {
        let (by, on, note) = input.validate().map_err(CoreError::Validation)?;
        crate::contracts::store::contract_by_id(&self.conn, contract_id)?;
        self.conn.execute(
            "INSERT INTO review_request (contract_id, requested_by, requested_on, note) VALUES (?1, ?2, ?3, ?4)",
            params![contract_id, by, on, note],
        )?;
        self.review_requests(contract_id)
    }

    pub fn delete_review_request(&mut self, id: i64) -> Result<()> {
        if self
            .conn
            .execute("DELETE FROM review_request WHERE id = ?1", [id])?
            == 0
        {
            return Err(CoreError::NotFound {
                what: "Review request",
                key: id.to_string(),
            });
        }
        Ok(())
    }

    /// One page of [`Store::priority_list`], found by part of a name or reference, each
    /// with its rank in the whole list: what the programme screen shows.
    pub fn priority_page(
        &self,
        today: NaiveDate,
        offset: u32,
        limit: u32,
        search: &str,
    ) -> Result<crate::programme::priority::PriorityPage> {
        Ok(crate::programme::priority::PriorityPage::of(
            self.priority_list(today)?,
            offset,
            limit,
            search,
        ))
    }

    /// Every contract on the register, highest priority for review first, each with its
    /// reasons and the date of its last review (`None`: never reviewed).
    pub fn priority_list(&self, today: NaiveDate) -> Result<Vec<Priority>> {
        let weights = self.priority_weights()?;
        let mut inputs: HashMap<i64, PriorityInput> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT contract_id, complexity, inherent_risk, strategic_importance, audit FROM contract_priority",
            )?;
            let rows = stmt.query_map([], |r| {
                let rating = |i: usize| -> rusqlite::Result<Option<Rating>> {
                    Ok(r.get::<_, Option<String>>(i)?
                        .and_then(|s| Rating::parse(&s)))
                };
                Ok((
                    r.get::<_, i64>(0)?,
                    PriorityInput {
                        complexity: rating(1)?,
                        inherent_risk: rating(2)?,
                        strategic_importance: rating(3)?,
                        audit: AuditSynergy::parse(&r.get::<_, String>(4)?).unwrap_or_default(),
                    },
                ))
            })?;
            for row in rows {
                let (id, input) = row?;
                inputs.insert(id, input);
            }
        }
        let mut requests: HashMap<i64, Vec<ReviewRequest>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT id, contract_id, requested_by, requested_on, note FROM review_request ORDER BY requested_on, id",
            )?;
            for row in stmt.query_map([], request_from)? {
                let r = row?;
                requests.entry(r.contract_id).or_default().push(r);
            }
        }
        let mut last: HashMap<i64, NaiveDate> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT rc.contract_id, MAX(m.held_on) FROM review v
                 JOIN review_meeting m ON m.id = v.meeting_id
                 JOIN report_contract rc ON rc.report_id = v.report_id
                 WHERE m.held_on <= ?1 GROUP BY rc.contract_id",
            )?;
            for row in stmt.query_map([today], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, NaiveDate>(1)?))
            })? {
                let (id, d) = row?;
                last.insert(id, d);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, name, reference, expiry_date, whole_life_cost_nominal_pence FROM contract",
        )?;
        let default = PriorityInput::default();
        let mut list = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<NaiveDate>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            })?
            .map(|row| {
                let (id, name, reference, expiry_date, value) = row?;
                let c = Candidate {
                    id,
                    name,
                    reference,
                    expiry_date,
                    whole_life_cost_nominal: value.map(crate::kernel::money::Pence),
                };
                Ok(priority(
                    &c,
                    inputs.get(&id).unwrap_or(&default),
                    requests.get(&id).map(Vec::as_slice).unwrap_or(&[]),
                    &weights,
                    last.get(&id).copied(),
                    today,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let planned = self.next_planned()?;
        for p in &mut list {
            p.planned = planned.get(&p.contract_id).copied();
        }
        rank(&mut list);
        Ok(list)
    }
}

fn request_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewRequest> {
    Ok(ReviewRequest {
        id: r.get(0)?,
        contract_id: r.get(1)?,
        requested_by: r.get(2)?,
        requested_on: r.get(3)?,
        note: r.get(4)?,
    })
}
