//! Choosing contracts for review, on the council's criteria (the CMRG six-month update of
//! March 2019, section 4): value, complexity, inherent risk, stage of the commissioning
//! cycle, synergy with audit, strategic importance, and requests from members, committees
//! and boards. Each criterion scores 0 to 3; its weight (editable) multiplies it; every
//! point comes with its reason in words.

pub(crate) mod store;

use crate::kernel::error::FieldError;
use crate::kernel::money::Pence;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Low,
    Medium,
    High,
}

impl Rating {
    fn points(self) -> i32 {
        match self {
            Rating::Low => 0,
            Rating::Medium => 2,
            Rating::High => 3,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
        }
    }

    pub fn as_str(self) -> &'static str {
        self.word()
    }

    pub fn parse(s: &str) -> Option<Rating> {
        [Rating::Low, Rating::Medium, Rating::High]
            .into_iter()
            .find(|r| r.word() == s)
    }
}

/// Where the contract stands with Internal Audit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditSynergy {
    #[default]
    None,
    /// On the audit plan: worth looking at alongside.
    Scheduled,
    /// Audited recently: moved down the list.
    RecentlyAudited,
}

impl AuditSynergy {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditSynergy::None => "none",
            AuditSynergy::Scheduled => "scheduled",
            AuditSynergy::RecentlyAudited => "recently_audited",
        }
    }

    pub fn parse(s: &str) -> Option<AuditSynergy> {
        [
            AuditSynergy::None,
            AuditSynergy::Scheduled,
            AuditSynergy::RecentlyAudited,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// The commissioner's judgement of one contract on the criteria that need one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PriorityInput {
    /// For example demand-led, activity-based payment (high) against a set monthly payment (low).
    pub complexity: Option<Rating>,
    /// For example the safeguarding risks of social care contracts.
    pub inherent_risk: Option<Rating>,
    pub strategic_importance: Option<Rating>,
    pub audit: AuditSynergy,
}

/// A request to review a contract, from a member, a committee or a board.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct RequestInput {
    /// For example "CYPS Cabinet Committee".
    pub requested_by: String,
    pub requested_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReviewRequest {
    pub id: i64,
    pub contract_id: i64,
    pub requested_by: String,
    pub requested_on: NaiveDate,
    pub note: String,
}

impl RequestInput {
    pub fn validate(&self) -> Result<(String, NaiveDate, String), Vec<FieldError>> {
        let mut e = Vec::new();
        let by = self.requested_by.trim();
        if by.is_empty() {
            e.push(FieldError::new(
                "requested_by",
                "Enter who asked for the review",
            ));
        } else if by.chars().count() > 300 {
            e.push(FieldError::new(
                "requested_by",
                "Who asked must be 300 characters or fewer",
            ));
        }
        let on = crate::contracts::parse_date(self.requested_on.trim());
        if on.is_none() {
            e.push(FieldError::new(
                "requested_on",
                crate::kernel::dates::date_problem("The date of the request", &self.requested_on),
            ));
        }
        if self.note.chars().count() > 2_000 {
            e.push(FieldError::new(
                "note",
                "The note must be 2,000 characters or fewer",
            ));
        }
        match (e.is_empty(), on) {
            (true, Some(on)) => Ok((by.to_owned(), on, self.note.trim().to_owned())),
            _ => Err(e),
        }
    }
}

/// How much each criterion counts, 0 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Weights {
    pub value: u8,
    pub complexity: u8,
    pub inherent_risk: u8,
    pub stage: u8,
    pub audit: u8,
    pub strategic_importance: u8,
    pub requests: u8,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            value: 3,
            complexity: 2,
            inherent_risk: 3,
            stage: 2,
            audit: 1,
            strategic_importance: 2,
            requests: 3,
        }
    }
}

impl Weights {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let all = [
            ("value", self.value),
            ("complexity", self.complexity),
            ("inherent_risk", self.inherent_risk),
            ("stage", self.stage),
            ("audit", self.audit),
            ("strategic_importance", self.strategic_importance),
            ("requests", self.requests),
        ];
        let e: Vec<FieldError> = all
            .iter()
            .filter(|(_, w)| *w > 10)
            .map(|(k, _)| FieldError::new(k, "Each weight must be from 0 to 10"))
            .collect();
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }
}

/// One criterion's share of a contract's priority, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Factor {
    pub criterion: String,
    pub points: i32,
    pub reason: String,
}

/// A contract's place in the whole priority list, with its priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Ranked {
    /// 1 for the contract to review first.
    pub rank: u32,
    #[serde(flatten)]
    pub priority: Priority,
}

/// One page of the priority list, with counts over the whole register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PriorityPage {
    /// Contracts on the register, and of those the ones never reviewed.
    pub total: u32,
    pub never_reviewed: u32,
    /// Contracts matching the search (all of them without one).
    pub found: u32,
    pub offset: u32,
    pub rows: Vec<Ranked>,
}

impl PriorityPage {
    /// The page of `limit` (0 means 50, at most 500) from `offset` of those in the
    /// ranked `list` whose name or reference contains `search` (any case).
    pub fn of(list: Vec<Priority>, offset: u32, limit: u32, search: &str) -> PriorityPage {
        let total = list.len() as u32;
        let never_reviewed = list.iter().filter(|p| p.last_review.is_none()).count() as u32;
        let search = search.trim().to_lowercase();
        let found: Vec<Ranked> = list
            .into_iter()
            .enumerate()
            .filter(|(_, p)| {
                search.is_empty()
                    || p.name.to_lowercase().contains(&search)
                    || p.reference.to_lowercase().contains(&search)
            })
            .map(|(i, priority)| Ranked {
                rank: i as u32 + 1,
                priority,
            })
            .collect();
        let limit = crate::kernel::page_size(limit) as usize;
        let offset = (offset as usize).min(found.len());
        PriorityPage {
            total,
            never_reviewed,
            found: found.len() as u32,
            offset: offset as u32,
            rows: found.into_iter().skip(offset).take(limit).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Priority {
    pub contract_id: i64,
    pub reference: String,
    pub name: String,
    /// `None` for a rolling contract.
    pub expiry_date: Option<NaiveDate>,
    pub score: i32,
    /// Every criterion that added or took away points, largest first.
    pub factors: Vec<Factor>,
    pub last_review: Option<NaiveDate>,
    /// The next review meeting on the forward plan for it, if one is planned.
    pub planned: Option<crate::programme::plan::PlannedDate>,
}

fn value_points(v: Option<Pence>) -> (i32, String) {
    match v {
        Some(p) if p.0 >= 5_000_000_000 => {
            (3, format!("Whole-life value {p}: £50 million or more"))
        }
        Some(p) if p.0 >= 1_000_000_000 => (
            2,
            format!("Whole-life value {p}: £10 million to £50 million"),
        ),
        Some(p) if p.0 >= 100_000_000 => (
            1,
            format!("Whole-life value {p}: £1 million to £10 million"),
        ),
        Some(p) => (0, format!("Whole-life value {p}: under £1 million")),
        None => (0, "No whole-life value recorded".into()),
    }
}

fn stage_points(expiry: Option<NaiveDate>, today: NaiveDate) -> (i32, String) {
    let Some(expiry) = expiry else {
        return (
            0,
            "A rolling contract with no date of expiry: no end to plan for".into(),
        );
    };
    let date = expiry.format("%-d %B %Y");
    if expiry < today {
        return (0, format!("Expired on {date}"));
    }
    let days = (expiry - today).num_days();
    if days <= 730 {
        (
            3,
            format!("Ends on {date}, within two years: a review can inform what comes next"),
        )
    } else if days <= 1095 {
        (1, format!("Ends on {date}, within three years"))
    } else {
        (0, format!("Ends on {date}, more than three years away"))
    }
}

/// What the criteria read of a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub reference: String,
    pub name: String,
    /// `None` for a rolling contract.
    pub expiry_date: Option<NaiveDate>,
    pub whole_life_cost_nominal: Option<Pence>,
}

/// A contract's priority for review today.
pub fn priority(
    c: &Candidate,
    input: &PriorityInput,
    requests: &[ReviewRequest],
    weights: &Weights,
    last_review: Option<NaiveDate>,
    today: NaiveDate,
) -> Priority {
    let mut factors = Vec::new();
    let mut add = |criterion: &str, weight: u8, (points, reason): (i32, String)| {
        factors.push(Factor {
            criterion: criterion.to_owned(),
            points: points * i32::from(weight),
            reason,
        });
    };
    add(
        "Value",
        weights.value,
        value_points(c.whole_life_cost_nominal),
    );
    let rated = |r: Option<Rating>, what: &str, example: &str| match r {
        Some(r) => (
            r.points(),
            format!(
                "{} {}{}",
                capital(what),
                r.word(),
                if r == Rating::High { example } else { "" }
            ),
        ),
        None => (0, format!("{} not yet judged", capital(what))),
    };
    add(
        "Complexity",
        weights.complexity,
        rated(
            input.complexity,
            "complexity",
            " (for example demand-led, activity-based payment)",
        ),
    );
    add(
        "Inherent risk",
        weights.inherent_risk,
        rated(
            input.inherent_risk,
            "inherent risk",
            " (for example safeguarding)",
        ),
    );
    add(
        "Stage of the commissioning cycle",
        weights.stage,
        stage_points(c.expiry_date, today),
    );
    add(
        "Synergy with audit",
        weights.audit,
        match input.audit {
            AuditSynergy::None => (0, "No audit recent or planned".into()),
            AuditSynergy::Scheduled => (1, "On the audit plan: worth reviewing alongside".into()),
            AuditSynergy::RecentlyAudited => (-2, "Audited recently: moved down the list".into()),
        },
    );
    add(
        "Strategic importance",
        weights.strategic_importance,
        rated(input.strategic_importance, "strategic importance", ""),
    );
    if !requests.is_empty() {
        let who: Vec<String> = requests
            .iter()
            .map(|r| {
                format!(
                    "{} ({})",
                    r.requested_by,
                    r.requested_on.format("%-d %B %Y")
                )
            })
            .collect();
        add(
            "Requests",
            weights.requests,
            (3, format!("Review requested by {}", who.join("; "))),
        );
    }
    factors.retain(|f| f.points != 0);
    factors.sort_by_key(|f| std::cmp::Reverse(f.points.abs()));
    Priority {
        contract_id: c.id,
        reference: c.reference.clone(),
        name: c.name.clone(),
        expiry_date: c.expiry_date,
        score: factors.iter().map(|f| f.points).sum(),
        factors,
        last_review,
        planned: None,
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Highest priority first; ties broken by the sooner expiry, then the reference.
pub fn rank(list: &mut [Priority]) {
    list.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            // A rolling contract, with no end, after every contract that ends.
            .then(
                a.expiry_date
                    .unwrap_or(NaiveDate::MAX)
                    .cmp(&b.expiry_date.unwrap_or(NaiveDate::MAX)),
            )
            .then(a.reference.cmp(&b.reference))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::ContractInput;

    fn contract(reference: &str, value: &str, expiry: &str) -> Candidate {
        let c = ContractInput {
            name: format!("Contract {reference}"),
            reference: reference.into(),
            contractor_legal_name: "Supplier Ltd".into(),
            award_date: "2016-04-01".into(),
            expiry_date: expiry.into(),
            whole_life_cost_nominal: value.into(),
            contract_owner: "Clare Maynard".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        Candidate {
            id: 1,
            reference: c.reference,
            name: c.name,
            expiry_date: c.expiry_date,
            whole_life_cost_nominal: c.whole_life_cost_nominal,
        }
    }

    fn d(s: &str) -> NaiveDate {
        crate::contracts::parse_date(s).unwrap()
    }

    #[test]
    fn the_reasons_are_worked_in_words() {
        let today = d("2019-03-08");
        let care = contract("AR-1", "94,000,000", "2020-06-30");
        let p = priority(
            &care,
            &PriorityInput {
                complexity: Some(Rating::High),
                inherent_risk: Some(Rating::High),
                strategic_importance: Some(Rating::Medium),
                audit: AuditSynergy::None,
            },
            &[ReviewRequest {
                id: 1,
                contract_id: 1,
                requested_by: "CYPS Cabinet Committee".into(),
                requested_on: d("2019-02-12"),
                note: String::new(),
            }],
            &Weights::default(),
            None,
            today,
        );
        // Value 3×3, complexity 3×2, risk 3×3, stage 3×2, strategic 2×2, requests 3×3.
        assert_eq!(p.score, 9 + 6 + 9 + 6 + 4 + 9);
        let reasons: Vec<&str> = p.factors.iter().map(|f| f.reason.as_str()).collect();
        assert!(reasons.contains(&"Whole-life value £94,000,000.00: £50 million or more"));
        assert!(reasons.contains(&"Inherent risk high (for example safeguarding)"));
        assert!(reasons.contains(
            &"Ends on 30 June 2020, within two years: a review can inform what comes next"
        ));
        assert!(reasons.contains(&"Review requested by CYPS Cabinet Committee (12 February 2019)"));
        assert!(p.factors.iter().all(|f| f.points != 0));
    }

    #[test]
    fn recently_audited_moves_down_and_ties_go_to_the_sooner_expiry() {
        let today = d("2019-03-08");
        let w = Weights::default();
        let input = PriorityInput {
            audit: AuditSynergy::RecentlyAudited,
            ..Default::default()
        };
        let audited = priority(
            &contract("A", "2,000,000", "2030-01-01"),
            &input,
            &[],
            &w,
            None,
            today,
        );
        assert_eq!(audited.score, 3 - 2);
        assert_eq!(
            audited
                .factors
                .iter()
                .find(|f| f.criterion == "Synergy with audit")
                .unwrap()
                .points,
            -2
        );
        let mut list = vec![
            priority(
                &contract("B", "2,000,000", "2031-01-01"),
                &PriorityInput::default(),
                &[],
                &w,
                None,
                today,
            ),
            priority(
                &contract("C", "2,000,000", "2030-06-01"),
                &PriorityInput::default(),
                &[],
                &w,
                None,
                today,
            ),
            audited,
        ];
        rank(&mut list);
        let order: Vec<&str> = list.iter().map(|p| p.reference.as_str()).collect();
        assert_eq!(order, ["C", "B", "A"]);
    }

    #[test]
    fn weights_are_zero_to_ten() {
        let w = Weights {
            value: 11,
            ..Weights::default()
        };
        assert_eq!(w.validate().unwrap_err()[0].field, "value");
    }
}
