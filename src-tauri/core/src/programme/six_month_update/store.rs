//! The six-month update to the Cabinet Committee, gathered from the database:
//! what the group reviewed in the period and what changed on re-review, the themes of its
//! findings, the actions, the forward plan and the portfolio's maturity. Laid out by
//! `cmm-pack` to read like the council's own "Six Month Update and Forward Plan".

use crate::kernel::error::{CoreError, Result};
use crate::kernel::money::Pence;
use crate::kernel::Store;
use crate::programme::portfolio::{mean, OverdueItem, PortfolioQuery};
use crate::programme::six_month_update::{
    ActivityChange, ReviewedInPeriod, SixMonthUpdate, SixMonthUpdateInput, ThemeCount,
    OVERDUE_LISTED,
};
use crate::review::Outcome;
use chrono::{Days, Months, NaiveDate};
use rusqlite::params;
use std::collections::{BTreeMap, HashMap};

impl Store {
    /// The six-month update for the period, to the committee typed or else the one the
    /// council's settings name.
    ///
    /// Errors: `Validation` naming the period's or the committee's field.
    pub fn six_month_update(
        &self,
        input: &SixMonthUpdateInput,
        today: NaiveDate,
    ) -> Result<SixMonthUpdate> {
        let (from, to, committee) = input.validate().map_err(CoreError::Validation)?;
        let org = self.organisation()?;
        let committee = match committee.is_empty() {
            true => org.committee,
            false => committee,
        };
        let council = org.name;
        let framework = self.framework(&self.adopted_framework()?)?;
        let members = self
            .members()?
            .into_iter()
            .filter(|m| m.active_from <= to && m.active_to.is_none_or(|t| t >= from))
            .collect();

        // The period's reviews, in meeting order.
        let mut stmt = self.conn.prepare(
            "SELECT v.id, m.held_on, r.title, v.outcome, v.report_id FROM review v
             JOIN review_meeting m ON m.id = v.meeting_id JOIN maturity_report r ON r.id = v.report_id
             WHERE m.held_on BETWEEN ?1 AND ?2 ORDER BY m.held_on, v.position, v.id",
        )?;
        let heads = stmt
            .query_map(params![from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, NaiveDate>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut contracts_of = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.contractor_legal_name, c.whole_life_cost_nominal_pence
             FROM report_contract rc JOIN contract c ON c.id = rc.contract_id
             WHERE rc.report_id = ?1 ORDER BY rc.position",
        )?;
        let mut reviews = Vec::new();
        let mut reviewed: BTreeMap<i64, bool> = BTreeMap::new();
        // Per activity of the adopted version; the two reviews' levels matched by key, as
        // their reports may be on different framework versions.
        let mut changes = vec![(0u32, 0u32, 0u32, 0u32, 0u32, 0u32); framework.activities.len()];
        let keyed = |review: i64| -> Result<HashMap<String, u8>> {
            let acts = crate::review::store::review_activities(&self.conn, review)?;
            let levels = crate::review::store::moderated_levels(&self.conn, review, acts.len())?;
            Ok(acts
                .into_iter()
                .zip(levels)
                .filter_map(|(a, m)| Some((a.key, m?.level)))
                .collect())
        };
        for (review_id, held_on, title, outcome, report_id) in heads {
            let rows = contracts_of
                .query_map([report_id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<i64>>(3)?,
                    ))
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let earlier = crate::review::store::earlier_review(&self.conn, report_id, held_on)?;
            let earlier_on = match earlier {
                Some(e) => Some(crate::review::store::review_row(&self.conn, e)?.held_on),
                None => None,
            };
            for (id, ..) in &rows {
                let again = reviewed.entry(*id).or_insert(false);
                *again |= earlier.is_some();
            }
            if let Some(e) = earlier {
                let now = keyed(review_id)?;
                let then = keyed(e)?;
                for (c, activity) in changes.iter_mut().zip(&framework.activities) {
                    if let (Some(a), Some(b)) = (then.get(&activity.key), now.get(&activity.key)) {
                        c.0 += 1;
                        match b.cmp(a) {
                            std::cmp::Ordering::Greater => c.1 += 1,
                            std::cmp::Ordering::Equal => c.2 += 1,
                            std::cmp::Ordering::Less => c.3 += 1,
                        }
                        c.4 += u32::from(*a);
                        c.5 += u32::from(*b);
                    }
                }
            }
            let values: Vec<i64> = rows.iter().filter_map(|r| r.3).collect();
            reviews.push(ReviewedInPeriod {
                review_id,
                held_on,
                title,
                contracts: rows.iter().map(|r| r.1.clone()).collect(),
                contractors: rows.iter().map(|r| r.2.clone()).collect(),
                value: (!values.is_empty()).then(|| Pence(values.iter().sum())),
                outcome: outcome.as_deref().and_then(Outcome::parse),
                earlier_on,
            });
        }
        let improvement = changes
            .iter()
            .enumerate()
            .map(|(i, c)| ActivityChange {
                activity: i as u8 + 1,
                name: framework
                    .activities
                    .get(i)
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                compared: c.0,
                improved: c.1,
                same: c.2,
                declined: c.3,
                mean_before: mean(c.4, c.0),
                mean_after: mean(c.5, c.0),
            })
            .collect();
        let contracts_reviewed_to_date: u32 = self.conn.query_row(
            "SELECT COUNT(DISTINCT rc.contract_id) FROM review v JOIN review_meeting m ON m.id = v.meeting_id
             JOIN report_contract rc ON rc.report_id = v.report_id WHERE m.held_on <= ?1",
            [to],
            |r| r.get(0),
        )?;

        // Themes of the period's findings, most raised first.
        let mut stmt = self.conn.prepare(
            "SELECT t.name, f.review_id, f.text FROM finding f
             JOIN finding_theme ft ON ft.finding_id = f.id JOIN theme t ON t.id = ft.theme_id
             JOIN review v ON v.id = f.review_id JOIN review_meeting m ON m.id = v.meeting_id
             WHERE m.held_on BETWEEN ?1 AND ?2 ORDER BY m.held_on, f.review_id, f.position",
        )?;
        let mut by_theme: HashMap<String, (u32, std::collections::HashSet<i64>, Vec<String>)> =
            HashMap::new();
        for row in stmt.query_map(params![from, to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (theme, review, text) = row?;
            let e = by_theme.entry(theme).or_default();
            e.0 += 1;
            e.1.insert(review);
            if e.2.len() < 3 && !e.2.contains(&text) {
                e.2.push(text);
            }
        }
        let mut themes: Vec<ThemeCount> = by_theme
            .into_iter()
            .map(|(theme, (findings, reviews, examples))| ThemeCount {
                theme,
                findings,
                reviews: reviews.len() as u32,
                examples,
            })
            .collect();
        themes.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.theme.cmp(&b.theme)));

        let actions_opened: u32 = self.conn.query_row(
            "SELECT COUNT(*) FROM review_action a JOIN review v ON v.id = a.review_id
             JOIN review_meeting m ON m.id = v.meeting_id WHERE m.held_on BETWEEN ?1 AND ?2",
            params![from, to],
            |r| r.get(0),
        )?;
        let actions_closed: u32 = self.conn.query_row(
            "SELECT COUNT(*) FROM review_action WHERE closed_on BETWEEN ?1 AND ?2",
            params![from, to],
            |r| r.get(0),
        )?;
        // Overdue at the end of the period: due before it and not closed by then.
        let as_of = to.min(today);
        let overdue = crate::programme::portfolio::store::overdue_at(&self.conn, as_of)?;
        let actions_overdue: Vec<OverdueItem> = crate::programme::portfolio::store::overdue_items(
            &self.conn,
            overdue.iter().take(OVERDUE_LISTED),
            as_of,
        )?;

        let plan_to = to
            .checked_add_months(Months::new(6))
            .unwrap_or(to + Days::new(183));
        let plan = self.forward_plan(Some(from), Some(plan_to))?;
        let portfolio = self.portfolio(&PortfolioQuery::default(), today)?;
        Ok(SixMonthUpdate {
            from,
            to,
            council,
            committee,
            framework,
            members,
            contracts_reviewed: reviewed.len() as u32,
            contracts_re_reviewed: reviewed.values().filter(|again| **again).count() as u32,
            contracts_reviewed_to_date,
            reviews,
            improvement,
            themes,
            actions_opened,
            actions_closed,
            actions_overdue_total: overdue.len() as u32,
            actions_overdue,
            plan,
            plan_to,
            portfolio: portfolio.activities,
            portfolio_assessed: portfolio.assessed,
            portfolio_moderated: portfolio.moderated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SixMonthUpdateInput;
    use crate::test_support::generated_store;

    #[test]
    fn gathers_a_period_of_the_programme() {
        let (s, today) = generated_store(30, 300, 3);
        let p = s
            .six_month_update(
                &SixMonthUpdateInput {
                    from: "2025-01-01".into(),
                    to: "31/12/2025".into(),
                    committee: String::new(),
                },
                today,
            )
            .unwrap();
        assert_eq!(p.committee, "Policy and Resources Cabinet Committee");
        assert!(!p.reviews.is_empty());
        assert!(p
            .reviews
            .iter()
            .all(|r| r.held_on.format("%Y").to_string() == "2025"));
        assert!(p.contracts_reviewed >= p.contracts_re_reviewed);
        assert!(p.contracts_re_reviewed > 0);
        assert!(p.contracts_reviewed_to_date >= p.contracts_reviewed);
        let compared: u32 = p.improvement.iter().map(|c| c.compared).sum();
        assert!(compared > 0);
        for c in &p.improvement {
            assert_eq!(c.improved + c.same + c.declined, c.compared);
        }
        assert_eq!(p.improvement[0].name, "Planning and governance");
        assert!(!p.themes.is_empty());
        assert!(p.actions_opened > 0);
        assert_eq!(p.portfolio.len(), 8);
        assert!(p.members.len() >= 3);
        assert!(p.plan.iter().all(|i| i.date <= p.plan_to));
        assert!(p.actions_overdue.iter().all(|a| a.due < p.to));
        assert!(p.actions_overdue.len() <= super::OVERDUE_LISTED);
        assert!(p.actions_overdue_total as usize >= p.actions_overdue.len());

        let err = s
            .six_month_update(
                &SixMonthUpdateInput {
                    from: "2025-07-01".into(),
                    to: "2025-01-01".into(),
                    ..Default::default()
                },
                today,
            )
            .unwrap_err();
        assert_eq!(err.reply().fields[0].field, "to");
    }
}
