//! The six-monthly update to the Cabinet Committee: what the group reviewed in the period
//! and what changed on re-review, the themes of its findings, the actions, the forward plan
//! and the portfolio's maturity.

pub(crate) mod store;

use crate::framework::Framework;
use crate::kernel::error::FieldError;
use crate::kernel::money::Pence;
use crate::programme::plan::PlanItem;
use crate::programme::portfolio::{ActivitySpread, OverdueItem};
use crate::review::{date_field, text_field, Member, Outcome};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The period and the committee, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SixMonthUpdateInput {
    pub from: String,
    pub to: String,
    /// e.g. "Policy and Resources Cabinet Committee"; blank for the committee the council's
    /// settings name (`crate::organisation`).
    pub committee: String,
}

impl SixMonthUpdateInput {
    /// The period, and the committee as typed (blank when none is typed).
    pub fn validate(&self) -> std::result::Result<(NaiveDate, NaiveDate, String), Vec<FieldError>> {
        let mut e = Vec::new();
        let from = date_field(
            &mut e,
            "from",
            "the first day of the period",
            &self.from,
            true,
        );
        let to = date_field(&mut e, "to", "the last day of the period", &self.to, true);
        let committee = text_field(
            &mut e,
            "committee",
            "the committee",
            &self.committee,
            200,
            false,
        );
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                e.push(FieldError::new(
                    "to",
                    "The last day of the period must be on or after the first",
                ));
            } else if f
                .checked_add_months(Months::new(24))
                .is_some_and(|l| t >= l)
            {
                e.push(FieldError::new(
                    "to",
                    "The period must be shorter than two years",
                ));
            }
        }
        match (from, to) {
            (Some(f), Some(t)) if e.is_empty() => Ok((f, t, committee)),
            _ => Err(e),
        }
    }
}

/// A report the group considered in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReviewedInPeriod {
    pub review_id: i64,
    pub held_on: NaiveDate,
    pub title: String,
    pub contracts: Vec<String>,
    pub contractors: Vec<String>,
    /// The contracts' whole-life value (nominal), where recorded.
    pub value: Option<Pence>,
    pub outcome: Option<Outcome>,
    /// The date of the review this one follows up, when it is a re-review.
    pub earlier_on: Option<NaiveDate>,
}

/// One activity across the re-reviews of the period: the group's level then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ActivityChange {
    pub activity: u8,
    pub name: String,
    /// Re-reviews with an agreed level both times.
    pub compared: u32,
    pub improved: u32,
    pub same: u32,
    pub declined: u32,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ThemeCount {
    pub theme: String,
    pub findings: u32,
    /// How many of the period's reviews raised it.
    pub reviews: u32,
    /// Up to three findings, as written.
    pub examples: Vec<String>,
}

/// How many of the longest-overdue actions the six-month update lists.
pub const OVERDUE_LISTED: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SixMonthUpdate {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The council's name, heading the paper (`crate::organisation`).
    pub council: String,
    pub committee: String,
    pub framework: Framework,
    /// Members active at any time in the period.
    pub members: Vec<Member>,
    pub reviews: Vec<ReviewedInPeriod>,
    /// Distinct contracts reviewed in the period, and of those re-reviewed.
    pub contracts_reviewed: u32,
    pub contracts_re_reviewed: u32,
    /// Distinct contracts the group has reviewed since it began, to the end of the period.
    pub contracts_reviewed_to_date: u32,
    pub improvement: Vec<ActivityChange>,
    pub themes: Vec<ThemeCount>,
    /// Actions agreed at the period's meetings, closed in the period, and overdue at its
    /// end (or today, if sooner).
    pub actions_opened: u32,
    pub actions_closed: u32,
    pub actions_overdue_total: u32,
    /// The longest overdue of them, at most [`OVERDUE_LISTED`], oldest first.
    pub actions_overdue: Vec<OverdueItem>,
    /// Recent and forthcoming review meetings: from the start of the period to six months
    /// after its end.
    pub plan: Vec<PlanItem>,
    pub plan_to: NaiveDate,
    /// The portfolio's maturity now, per activity.
    pub portfolio: Vec<ActivitySpread>,
    pub portfolio_assessed: u32,
    pub portfolio_moderated: u32,
}
