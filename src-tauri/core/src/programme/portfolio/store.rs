//! The portfolio in the database: a handful of set-based queries over every contract, so
//! the heatmap stays quick with 10,000 contracts and 30,000 reports. What they read (every
//! contract's latest levels) is kept in memory while the database is unchanged, so a new
//! filter, sort or page is worked out in memory.

use crate::kernel::error::{CoreError, Result};
use crate::kernel::money::Pence;
use crate::kernel::Store;
use crate::programme::portfolio::{
    mean_of, spreads, ContractLine, ExpiringItem, HeatRow, LevelSource, OverdueItem, Portfolio,
    PortfolioActivity, PortfolioQuery, PortfolioSort, OVERDUE_SHOWN,
};
use chrono::{Months, NaiveDate};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where one contract's latest levels come from: the review whose agreed levels they are,
/// or the owner's own report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Moderated(i64),
    SelfAssessed,
}

/// One contract's latest assessment: where from, the report and its framework version,
/// the date; then its levels and targets, one per portfolio column ([`Columns`]), and
/// which columns its framework version has.
struct Assessed {
    source: Source,
    report_id: i64,
    framework: String,
    on: NaiveDate,
    levels: Vec<Option<u8>>,
    targets: Vec<Option<u8>>,
    in_framework: Vec<bool>,
}

impl Assessed {
    /// A contract's assessment before its framework version, levels and targets are read.
    fn new(source: Source, report_id: i64, on: NaiveDate) -> Assessed {
        Assessed {
            source,
            report_id,
            framework: String::new(),
            on,
            levels: Vec::new(),
            targets: Vec::new(),
            in_framework: Vec::new(),
        }
    }

    fn level_source(&self) -> LevelSource {
        match self.source {
            Source::Moderated(_) => LevelSource::Moderated,
            Source::SelfAssessed => LevelSource::SelfAssessed,
        }
    }
}

/// The portfolio's activity columns, matched across framework versions by key: the adopted
/// version's activities in its order, then those of other versions in use that it lacks.
struct Columns {
    list: Vec<PortfolioActivity>,
    /// Per framework version, the column of each of its activities (position 1 first).
    of_version: HashMap<String, Vec<usize>>,
}

impl Columns {
    /// The columns for the adopted version and the versions `in_use` (in load order).
    fn read(store: &Store, in_use: &HashSet<&str>) -> Result<Columns> {
        let adopted = store.adopted_framework()?;
        let mut versions = vec![adopted.clone()];
        versions.extend(
            store
                .framework_versions()?
                .into_iter()
                .filter(|v| *v != adopted && in_use.contains(v.as_str())),
        );
        let mut list: Vec<PortfolioActivity> = Vec::new();
        let mut of_version = HashMap::new();
        for v in versions {
            let mut cols = Vec::new();
            for a in crate::framework::framework_activities(&store.conn, &v)? {
                let col = match list.iter().position(|c| c.key == a.key) {
                    Some(c) => c,
                    None => {
                        list.push(PortfolioActivity {
                            key: a.key,
                            name: a.name,
                            in_adopted: v == adopted,
                        });
                        list.len() - 1
                    }
                };
                cols.push(col);
            }
            of_version.insert(v, cols);
        }
        Ok(Columns { list, of_version })
    }

    /// The column of `activity` (1 to N) of framework `version`.
    fn of(&self, version: &str, activity: i64) -> Option<usize> {
        let i = usize::try_from(activity).ok()?.checked_sub(1)?;
        self.of_version.get(version)?.get(i).copied()
    }
}

/// Keeps `key` for `contract` if none is kept yet or it is later than the one kept.
fn keep_latest<K: Ord>(latest: &mut HashMap<i64, K>, contract: i64, key: K) {
    match latest.entry(contract) {
        Entry::Occupied(mut e) => {
            if key > *e.get() {
                e.insert(key);
            }
        }
        Entry::Vacant(e) => {
            e.insert(key);
        }
    }
}

/// Ids for an `IN (...)` list. They are numbers, so writing them into the SQL is safe.
fn id_list<'a>(ids: impl Iterator<Item = &'a i64>) -> String {
    ids.map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// An action overdue on a day: which, when it was due, and the contracts it concerns.
/// What the action says is read only for the few that are shown ([`overdue_items`]).
pub(crate) struct Overdue {
    pub(crate) action_id: i64,
    pub(crate) due: NaiveDate,
    pub(crate) contract_ids: Vec<i64>,
}

/// Every action overdue on `as_of`: due before it, and open then (still open, or closed
/// after it), oldest first, with the contracts it concerns. The portfolio reads it for
/// today; the six-month update for the end of its period.
pub(crate) fn overdue_at(conn: &rusqlite::Connection, as_of: NaiveDate) -> Result<Vec<Overdue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.due, rc.contract_id
         FROM review_action a JOIN review v ON v.id = a.review_id
         JOIN report_contract rc ON rc.report_id = v.report_id
         WHERE a.due < ?1
           AND (a.status IN ('open', 'in_progress')
                OR (a.status IN ('done', 'dropped') AND a.closed_on > ?1))
         ORDER BY a.id, rc.position",
    )?;
    let mut overdue: Vec<Overdue> = Vec::new();
    for row in stmt.query_map([as_of], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (action_id, due, contract) = row?;
        // Rows come an action at a time, one per contract of the report reviewed.
        match overdue.last_mut() {
            Some(last) if last.action_id == action_id => last.contract_ids.push(contract),
            _ => overdue.push(Overdue {
                action_id,
                due,
                contract_ids: vec![contract],
            }),
        }
    }
    // Oldest first; sorting here is stable, so one due date keeps the order of entry.
    overdue.sort_by_key(|o| o.due);
    Ok(overdue)
}

/// What the given overdue actions say, who owns them and the contracts' names, in the
/// order given, counted overdue at `as_of`.
pub(crate) fn overdue_items<'a>(
    conn: &rusqlite::Connection,
    overdue: impl IntoIterator<Item = &'a Overdue>,
    as_of: NaiveDate,
) -> Result<Vec<OverdueItem>> {
    let overdue: Vec<&Overdue> = overdue.into_iter().collect();
    let mut stmt = conn.prepare_cached(
        "SELECT a.review_id, a.text, a.owner FROM review_action a WHERE a.id = ?1",
    )?;
    let mut names = conn.prepare_cached("SELECT name FROM contract WHERE id = ?1")?;
    let mut items = Vec::with_capacity(overdue.len());
    for o in overdue {
        let (review_id, text, owner) =
            stmt.query_row([o.action_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let contracts = o
            .contract_ids
            .iter()
            .map(|c| names.query_row([c], |r| r.get(0)))
            .collect::<Result<Vec<String>, _>>()?;
        items.push(OverdueItem {
            action_id: o.action_id,
            review_id,
            contracts,
            text,
            owner,
            due: o.due,
            days_overdue: (as_of - o.due).num_days(),
        });
    }
    Ok(items)
}

/// Everything the portfolio needs, unfiltered.
pub(crate) struct Standing {
    contracts: Vec<ContractLine>,
    assessed: HashMap<i64, Assessed>,
    reviewed: HashSet<i64>,
    overdue: Vec<Overdue>,
    planned: HashMap<i64, crate::programme::plan::PlannedDate>,
    areas: Vec<String>,
    columns: Vec<PortfolioActivity>,
}

impl Store {
    /// Forgets what the portfolio keeps in memory, so the next call reads it all again
    /// (for benchmarks of the first, "cold" call).
    pub fn forget_portfolio(&self) {
        self.forget::<Standing>();
    }

    /// The standing on `today`, read again only when the database has changed (see
    /// `Store::remembered`), so changing a filter or a page does not read it again.
    fn standing(&self, today: NaiveDate) -> Result<Arc<Standing>> {
        self.remembered(today, |s| s.read_standing(today))
    }

    /// Per contract, its latest review with agreed levels (by meeting date, then the later
    /// entry); the levels are read later, from [`Store::read_agreed_levels`], once the
    /// columns are known. Also returns every contract the group has reviewed, agreed
    /// levels or not.
    fn read_latest_reviews(
        &self,
        today: NaiveDate,
    ) -> Result<(HashMap<i64, Assessed>, HashSet<i64>)> {
        let mut latest: HashMap<i64, (NaiveDate, i64, i64)> = HashMap::new();
        let mut reviewed = HashSet::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT rc.contract_id, m.held_on, v.id, v.report_id,
                    EXISTS (SELECT 1 FROM moderated_level x WHERE x.review_id = v.id)
             FROM review v JOIN review_meeting m ON m.id = v.meeting_id
             JOIN report_contract rc ON rc.report_id = v.report_id",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (
                    r.get::<_, NaiveDate>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ),
                r.get::<_, bool>(4)?,
            ))
        })? {
            let (contract, key, agreed) = row?;
            reviewed.insert(contract);
            if agreed && key.0 <= today {
                keep_latest(&mut latest, contract, key);
            }
        }
        let assessed = latest
            .into_iter()
            .map(|(contract, (on, review, report))| {
                (
                    contract,
                    Assessed::new(Source::Moderated(review), report, on),
                )
            })
            .collect();
        Ok((assessed, reviewed))
    }

    /// Adds, for each contract not in `assessed`, its latest submitted report (by meeting
    /// date, then version), chosen here rather than in SQL; the owner's levels in it come
    /// from [`Store::read_report_levels`].
    fn read_own_reports(&self, assessed: &mut HashMap<i64, Assessed>) -> Result<()> {
        let mut latest: HashMap<i64, (NaiveDate, u32, i64)> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT rc.contract_id, r.id, COALESCE(r.meeting_date, substr(r.created_at, 1, 10)), r.version
             FROM report_contract rc JOIN maturity_report r ON r.id = rc.report_id
             WHERE r.status <> 'draft'",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (
                    r.get::<_, NaiveDate>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, i64>(1)?,
                ),
            ))
        })? {
            let (contract, key) = row?;
            if !assessed.contains_key(&contract) {
                keep_latest(&mut latest, contract, key);
            }
        }
        for (contract, (on, _, report_id)) in latest {
            assessed.insert(contract, Assessed::new(Source::SelfAssessed, report_id, on));
        }
        Ok(())
    }

    /// Sets each assessment's framework version, from its report (one read of only those
    /// reports), and returns the versions in use.
    fn read_report_versions(
        &self,
        assessed: &mut HashMap<i64, Assessed>,
    ) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, framework_id FROM maturity_report WHERE id IN ({})",
            id_list(assessed.values().map(|a| &a.report_id))
        ))?;
        let versions: HashMap<i64, String> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut in_use = HashSet::new();
        for a in assessed.values_mut() {
            if let Some(v) = versions.get(&a.report_id) {
                if !in_use.contains(v) {
                    in_use.insert(v.clone());
                }
                a.framework.clone_from(v);
            }
        }
        Ok(in_use)
    }

    /// Fills in the levels the group agreed at each contract's latest review, one column
    /// per activity matched by key: one read of only those reviews' levels.
    fn read_agreed_levels(
        &self,
        assessed: &mut HashMap<i64, Assessed>,
        columns: &Columns,
    ) -> Result<()> {
        let mut contracts_of_review: HashMap<i64, Vec<i64>> = HashMap::new();
        for (contract, a) in assessed.iter() {
            if let Source::Moderated(review) = a.source {
                contracts_of_review
                    .entry(review)
                    .or_default()
                    .push(*contract);
            }
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT review_id, activity, level FROM moderated_level WHERE review_id IN ({})",
            id_list(contracts_of_review.keys())
        ))?;
        for row in stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, u8>(2)?))
        })? {
            let (review, activity, level) = row?;
            for c in contracts_of_review.get(&review).into_iter().flatten() {
                if let Some(a) = assessed.get_mut(c) {
                    if let Some(col) = columns.of(&a.framework, activity) {
                        a.levels[col] = Some(level);
                    }
                }
            }
        }
        Ok(())
    }

    /// Fills in, from each assessed contract's report, the owner's targets, and where the
    /// group has not agreed levels, the owner's levels: one read of only those reports'
    /// Section 2 rows (a report may cover several contracts).
    fn read_report_levels(
        &self,
        assessed: &mut HashMap<i64, Assessed>,
        columns: &Columns,
    ) -> Result<()> {
        let mut by_report: HashMap<i64, Vec<i64>> = HashMap::new();
        for (contract, a) in assessed.iter() {
            by_report.entry(a.report_id).or_default().push(*contract);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT report_id, activity, current_level, target_level FROM activity_assessment
             WHERE activity >= 1 AND report_id IN ({})",
            id_list(by_report.keys())
        ))?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<u8>>(2)?,
                r.get::<_, Option<u8>>(3)?,
            ))
        })? {
            let (report_id, activity, level, target) = row?;
            for contract in by_report.get(&report_id).into_iter().flatten() {
                if let Some(a) = assessed.get_mut(contract) {
                    let Some(i) = columns.of(&a.framework, activity) else {
                        continue;
                    };
                    if a.source == Source::SelfAssessed {
                        a.levels[i] = level.filter(|l| (1..=5).contains(l));
                    }
                    a.targets[i] = target.filter(|t| (1..=5).contains(t));
                }
            }
        }
        Ok(())
    }

    fn read_standing(&self, today: NaiveDate) -> Result<Standing> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, reference, service_area, whole_life_cost_nominal_pence, expiry_date FROM contract",
        )?;
        let contracts = stmt
            .query_map([], |r| {
                Ok(ContractLine {
                    contract_id: r.get(0)?,
                    name: r.get(1)?,
                    reference: r.get(2)?,
                    service_area: r.get(3)?,
                    value: r.get::<_, Option<i64>>(4)?.map(Pence),
                    expiry_date: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut seen = HashSet::new();
        let mut areas: Vec<String> = contracts
            .iter()
            .filter(|c| !c.service_area.is_empty() && seen.insert(c.service_area.to_lowercase()))
            .map(|c| c.service_area.clone())
            .collect();
        areas.sort_by_key(|a| a.to_lowercase());

        // The group's agreed levels win over the owner's.
        let (mut assessed, reviewed) = self.read_latest_reviews(today)?;
        self.read_own_reports(&mut assessed)?;
        let in_use = self.read_report_versions(&mut assessed)?;
        let columns = Columns::read(self, &in_use.iter().map(String::as_str).collect())?;
        for a in assessed.values_mut() {
            a.levels = vec![None; columns.list.len()];
            a.targets = vec![None; columns.list.len()];
            a.in_framework = vec![false; columns.list.len()];
            for col in columns.of_version.get(&a.framework).into_iter().flatten() {
                a.in_framework[*col] = true;
            }
        }
        self.read_agreed_levels(&mut assessed, &columns)?;
        self.read_report_levels(&mut assessed, &columns)?;

        let overdue = overdue_at(&self.conn, today)?;
        Ok(Standing {
            planned: self.next_planned()?,
            contracts,
            assessed,
            reviewed,
            overdue,
            areas,
            columns: columns.list,
        })
    }

    /// The portfolio for the filters, with one page of the heatmap, the longest-overdue
    /// actions and one page of the contracts ending soon. Only what is shown is copied out.
    pub fn portfolio(&self, q: &PortfolioQuery, today: NaiveDate) -> Result<Portfolio> {
        let filter = q.filter.validate().map_err(CoreError::Validation)?;
        let s = self.standing(today)?;
        let admitted: Vec<&ContractLine> = s
            .contracts
            .iter()
            .filter(|c| filter.admits(&c.service_area, c.value))
            .collect();

        let mut rows: Vec<(&ContractLine, &Assessed)> = admitted
            .iter()
            .filter_map(|c| {
                let a = s
                    .assessed
                    .get(&c.contract_id)
                    .filter(|a| filter.in_range(a.on))?;
                Some((*c, a))
            })
            .collect();
        match q.sort {
            PortfolioSort::Name => {
                rows.sort_by_cached_key(|(c, _)| (c.name.to_lowercase(), c.contract_id))
            }
            PortfolioSort::Weakest => rows.sort_by_cached_key(|(c, a)| {
                // Tenths of a level, so the key is whole numbers; unassessed rows last.
                let mean = mean_of(&a.levels);
                let key = if mean.is_finite() {
                    (mean * 10.0).round() as i64
                } else {
                    i64::MAX
                };
                (key, c.name.to_lowercase(), c.contract_id)
            }),
        }
        let activities = spreads(
            &s.columns,
            rows.iter()
                .map(|(_, a)| (a.levels.as_slice(), a.targets.as_slice())),
        );
        let moderated = rows
            .iter()
            .filter(|(_, a)| matches!(a.source, Source::Moderated(_)))
            .count() as u32;
        let assessed = rows.len() as u32;
        let limit = crate::kernel::page_size(q.limit) as usize;
        let offset = (q.offset as usize).min(rows.len());
        let page: Vec<HeatRow> = rows[offset..]
            .iter()
            .take(limit)
            .map(|(c, a)| HeatRow {
                contract: (*c).clone(),
                source: a.level_source(),
                assessed_on: a.on,
                report_id: a.report_id,
                framework_version: a.framework.clone(),
                levels: a.levels.clone(),
                targets: a.targets.clone(),
                in_framework: a.in_framework.clone(),
            })
            .collect();

        let ids: HashSet<i64> = admitted.iter().map(|c| c.contract_id).collect();
        let overdue: Vec<&Overdue> = s
            .overdue
            .iter()
            .filter(|o| o.contract_ids.iter().any(|c| ids.contains(c)))
            .collect();
        let overdue_shown = overdue_items(
            &self.conn,
            overdue.iter().take(OVERDUE_SHOWN).copied(),
            today,
        )?;

        let horizon = today.checked_add_months(Months::new(24)).unwrap_or(today);
        let mut expiring: Vec<&ContractLine> = admitted
            .into_iter()
            .filter(|c| {
                c.expiry_date.is_some_and(|e| e >= today && e <= horizon)
                    && !s.reviewed.contains(&c.contract_id)
            })
            .collect();
        expiring.sort_by(|a, b| {
            a.expiry_date
                .cmp(&b.expiry_date)
                .then_with(|| a.name.cmp(&b.name))
                .then(a.contract_id.cmp(&b.contract_id))
        });
        let expiring_offset = (q.expiring_offset as usize).min(expiring.len());
        let expiring_page = expiring[expiring_offset..]
            .iter()
            .take(crate::kernel::page_size(q.expiring_limit) as usize)
            .map(|c| ExpiringItem {
                contract: (*c).clone(),
                planned: s.planned.get(&c.contract_id).copied(),
            })
            .collect();

        Ok(Portfolio {
            contracts: ids.len() as u32,
            assessed,
            moderated,
            self_assessed: assessed - moderated,
            offset: offset as u32,
            rows: page,
            activities,
            overdue_total: overdue.len() as u32,
            overdue: overdue_shown,
            expiring_total: expiring.len() as u32,
            expiring_offset: expiring_offset as u32,
            expiring_unreviewed: expiring_page,
            service_areas: s.areas.clone(),
            columns: s.columns.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::programme::portfolio::{
        LevelSource, PortfolioFilter, PortfolioQuery, PortfolioSort, ValueBand,
    };
    use crate::test_support::generated_store;
    use crate::Store;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn generated() -> Store {
        generated_store(16, 48, 6).0
    }

    #[test]
    fn agreed_levels_win_over_the_owners_and_filters_narrow() {
        let s = generated();
        let all = s.portfolio(&PortfolioQuery::default(), today()).unwrap();
        assert_eq!(all.contracts, 16);
        assert_eq!(all.assessed, 16);
        // Reports 0, 6, 12, … are reviewed: contracts 0, 6, 12, 2, 8, 14, 4, 10.
        assert_eq!(all.moderated, 8);
        assert_eq!(all.rows.len(), 16);
        for r in &all.rows {
            assert_eq!(r.levels.len(), 8);
            assert!(r.levels.iter().all(Option::is_some), "{r:?}");
        }
        // Each moderated row shows the group's levels, as stored for its latest review.
        let m = all
            .rows
            .iter()
            .find(|r| r.source == LevelSource::Moderated)
            .unwrap();
        let stored: Vec<Option<u8>> = s
            .conn
            .prepare(
                "SELECT ml.level FROM moderated_level ml JOIN review v ON v.id = ml.review_id
                 WHERE v.report_id = ?1 ORDER BY ml.activity",
            )
            .unwrap()
            .query_map([m.report_id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(m.levels, stored);
        // Distribution: every activity counts every contract once.
        for a in &all.activities {
            assert_eq!(a.counts.iter().sum::<u32>(), 16);
        }
        // Filters.
        let area = "Highways";
        let q = PortfolioQuery {
            filter: PortfolioFilter {
                service_area: area.to_lowercase(),
                ..Default::default()
            },
            ..Default::default()
        };
        let f = s.portfolio(&q, today()).unwrap();
        assert_eq!(f.contracts, 2);
        assert!(f.rows.iter().all(|r| r.contract.service_area == area));
        let q = PortfolioQuery {
            filter: PortfolioFilter {
                value_band: Some(ValueBand::Unknown),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(s.portfolio(&q, today()).unwrap().contracts, 0);
        let q = PortfolioQuery {
            filter: PortfolioFilter {
                from: "2030-01-01".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let none = s.portfolio(&q, today()).unwrap();
        assert_eq!((none.contracts, none.assessed), (16, 0));
        // Paging and the weakest-first sort.
        let page = s
            .portfolio(
                &PortfolioQuery {
                    sort: PortfolioSort::Weakest,
                    offset: 10,
                    limit: 5,
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
        assert_eq!(page.rows.len(), 5);
        let w = s
            .portfolio(
                &PortfolioQuery {
                    sort: PortfolioSort::Weakest,
                    limit: 16,
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
        assert!(w
            .rows
            .windows(2)
            .all(|p| p[0].mean() <= p[1].mean() + 0.051));
        // A bad date names its field and reads nothing.
        let err = s
            .portfolio(
                &PortfolioQuery {
                    filter: PortfolioFilter {
                        to: "tomorrow".into(),
                        ..Default::default()
                    },
                    ..Default::default()
                },
                today(),
            )
            .unwrap_err();
        assert_eq!(err.reply().fields[0].field, "to");
    }

    #[test]
    fn a_change_to_the_database_is_seen_at_once() {
        let s = generated();
        let before = s.portfolio(&PortfolioQuery::default(), today()).unwrap();
        let m = before
            .rows
            .iter()
            .find(|r| r.source == LevelSource::Moderated)
            .unwrap()
            .clone();
        let new_level = if m.levels[0] == Some(5) { 1 } else { 5 };
        s.conn
            .execute(
                "UPDATE moderated_level SET level = ?2 WHERE activity = 1
                 AND review_id = (SELECT id FROM review WHERE report_id = ?1)",
                [m.report_id, new_level],
            )
            .unwrap();
        let after = s.portfolio(&PortfolioQuery::default(), today()).unwrap();
        let row = after
            .rows
            .iter()
            .find(|r| r.contract.contract_id == m.contract.contract_id)
            .unwrap();
        assert_eq!(row.levels[0], Some(new_level as u8));
    }

    #[test]
    fn overdue_actions_and_unreviewed_contracts_ending_soon() {
        let s = generated();
        let p = s.portfolio(&PortfolioQuery::default(), today()).unwrap();
        assert!(!p.overdue.is_empty());
        assert!(p.overdue.len() <= crate::programme::portfolio::OVERDUE_SHOWN);
        assert!(p.overdue_total as usize >= p.overdue.len());
        assert!(p
            .overdue
            .iter()
            .all(|o| o.due < today() && o.days_overdue > 0));
        assert!(p.overdue.windows(2).all(|w| w[0].due <= w[1].due));
        // Each listed action says what it is and names its contracts.
        for o in &p.overdue {
            let (text, owner): (String, String) = s
                .conn
                .query_row(
                    "SELECT text, owner FROM review_action WHERE id = ?1",
                    [o.action_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!((&o.text, &o.owner), (&text, &owner));
            assert!(!o.contracts.is_empty() && o.contracts.iter().all(|c| !c.is_empty()));
        }
        let horizon = NaiveDate::from_ymd_opt(2028, 11, 22).unwrap();
        assert_eq!(p.expiring_offset, 0);
        assert!(p.expiring_unreviewed.len() as u32 <= p.expiring_total);
        for e in &p.expiring_unreviewed {
            assert!(e
                .contract
                .expiry_date
                .is_some_and(|d| d >= today() && d <= horizon));
            assert!(!p
                .rows
                .iter()
                .any(|r| r.contract.contract_id == e.contract.contract_id
                    && r.source == LevelSource::Moderated));
        }
        assert_eq!(p.service_areas.len(), 8);
    }

    #[test]
    fn long_lists_come_a_page_at_a_time() {
        let (s, _) = generated_store(300, 600, 6);
        let page = 20;
        let p = s
            .portfolio(
                &PortfolioQuery {
                    expiring_limit: page,
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
        // Only the longest overdue are sent, with the count of all.
        assert_eq!(p.overdue.len(), crate::programme::portfolio::OVERDUE_SHOWN);
        assert!(p.overdue_total as usize > p.overdue.len());
        let all_overdue: u32 = s
            .conn
            .query_row(
                "SELECT COUNT(*) FROM review_action WHERE due < ?1 AND status IN ('open', 'in_progress')",
                [today()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(p.overdue_total, all_overdue);
        // The contracts ending soon, a page at a time, soonest first, none twice.
        assert!(p.expiring_total > page, "{}", p.expiring_total);
        assert_eq!(p.expiring_unreviewed.len(), page as usize);
        let next = s
            .portfolio(
                &PortfolioQuery {
                    expiring_offset: page,
                    expiring_limit: page,
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
        assert_eq!(next.expiring_offset, page);
        assert_eq!(next.expiring_unreviewed.len(), page as usize);
        assert_eq!(next.expiring_total, p.expiring_total);
        let last = p.expiring_unreviewed.last().unwrap();
        let first = next.expiring_unreviewed.first().unwrap();
        assert!(last.contract.expiry_date <= first.contract.expiry_date);
        assert!(!p.expiring_unreviewed.iter().any(|e| next
            .expiring_unreviewed
            .iter()
            .any(|n| n.contract.contract_id == e.contract.contract_id)));
        // Past the end: an empty page at the end, not an error.
        let beyond = s
            .portfolio(
                &PortfolioQuery {
                    expiring_offset: 1_000_000,
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
        assert!(beyond.expiring_unreviewed.is_empty());
        assert_eq!(beyond.expiring_offset, beyond.expiring_total);
    }
}

#[cfg(test)]
mod reports_page_tests {
    use crate::test_support::generated_store;

    #[test]
    fn the_reports_list_pages_and_searches() {
        let (s, _) = generated_store(16, 48, 6);
        let first = s.reports_page(0, 10, "", false).unwrap();
        assert_eq!((first.total, first.reports.len()), (48, 10));
        let all = s.reports().unwrap();
        assert_eq!(all.len(), 48);
        let second = s.reports_page(10, 10, "", false).unwrap();
        assert_eq!(
            second.reports.iter().map(|r| r.id).collect::<Vec<_>>(),
            all[10..20].iter().map(|r| r.id).collect::<Vec<_>>()
        );
        assert!(second.reports.iter().all(|r| r.contracts.len() == 1));
        // By contract reference, ignoring case; "%" and "_" are taken literally.
        let found = s.reports_page(0, 50, "gen-000003", false).unwrap();
        assert_eq!(found.total, 3);
        assert!(found
            .reports
            .iter()
            .all(|r| r.contracts[0].starts_with("Contract 3 ")));
        assert_eq!(s.reports_page(0, 50, "%", false).unwrap().total, 0);
        // Signed only: the generator's reports are all submitted; a new draft is left out.
        let c = s.register().unwrap().contracts[0].id;
        let mut s = s;
        s.create_report(&crate::reports::NewReportInput {
            contract_ids: vec![c],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.reports_page(0, 10, "", false).unwrap().total, 49);
        assert_eq!(s.reports_page(0, 10, "", true).unwrap().total, 48);
        assert_eq!(s.reports_page(0, 50, "report_1", false).unwrap().total, 0);
        assert_eq!(
            s.reports_page(0, 50, "Maturity report 1", false)
                .unwrap()
                .total,
            11
        );
    }

    #[test]
    fn the_meetings_list_pages_latest_first() {
        let (s, _) = generated_store(16, 48, 6);
        // The group's 8 meetings and the forward plan's 13 are one list.
        let (first, total) = s.meetings_page(0, 3).unwrap();
        assert_eq!((first.len(), total), (3, 21));
        assert!(first.windows(2).all(|w| w[0].held_on >= w[1].held_on));
        let (last, _) = s.meetings_page(18, 4).unwrap();
        assert_eq!(last.len(), 3);
        assert_eq!(s.meetings().unwrap().len(), 21);
    }
}
