//! The portfolio: every assessed contract against the framework's activities, at the level the
//! review group agreed (or, where the group has not reviewed it, the owner's own
//! assessment), with the distribution of levels, the gap to target, overdue actions and
//! contracts ending soon that have never been reviewed. Filtered by service area, value
//! band and the date of the assessment.

pub(crate) mod store;

use crate::kernel::error::FieldError;
use crate::kernel::money::Pence;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Whole-life value bands (nominal), as a commissioner would sort the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ValueBand {
    Under100k,
    From100kTo1m,
    From1mTo10m,
    From10m,
    /// No value recorded.
    Unknown,
}

impl ValueBand {
    pub const ALL: [ValueBand; 5] = [
        ValueBand::Under100k,
        ValueBand::From100kTo1m,
        ValueBand::From1mTo10m,
        ValueBand::From10m,
        ValueBand::Unknown,
    ];

    pub fn of(value: Option<Pence>) -> ValueBand {
        const POUND: i64 = 100;
        match value {
            None => ValueBand::Unknown,
            Some(Pence(p)) if p < 100_000 * POUND => ValueBand::Under100k,
            Some(Pence(p)) if p < 1_000_000 * POUND => ValueBand::From100kTo1m,
            Some(Pence(p)) if p < 10_000_000 * POUND => ValueBand::From1mTo10m,
            Some(_) => ValueBand::From10m,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            ValueBand::Under100k => "Under £100,000",
            ValueBand::From100kTo1m => "£100,000 to £1 million",
            ValueBand::From1mTo10m => "£1 million to £10 million",
            ValueBand::From10m => "£10 million or more",
            ValueBand::Unknown => "No value recorded",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PortfolioSort {
    /// By contract name.
    #[default]
    Name,
    /// Lowest average level first: where the group should look.
    Weakest,
}

/// The filters as typed. Empty means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PortfolioFilter {
    pub service_area: String,
    pub value_band: Option<ValueBand>,
    /// Assessed on or after this date.
    pub from: String,
    /// Assessed on or before this date.
    pub to: String,
}

/// One page of the heatmap and everything computed over the whole filtered portfolio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PortfolioQuery {
    pub filter: PortfolioFilter,
    pub sort: PortfolioSort,
    pub offset: u32,
    /// At most 500 rows a page; 0 means 50.
    pub limit: u32,
    /// The page of contracts ending soon: where it starts and how many it holds (at most
    /// 500; 0 means 50), as for the heatmap's page.
    pub expiring_offset: u32,
    pub expiring_limit: u32,
}

/// How many of the longest-overdue actions the portfolio lists.
pub const OVERDUE_SHOWN: usize = 20;

/// The checked filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFilter {
    pub service_area: Option<String>,
    pub value_band: Option<ValueBand>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl PortfolioFilter {
    pub fn validate(&self) -> Result<ValidFilter, Vec<FieldError>> {
        let (from, to) = crate::programme::plan::date_range(&self.from, &self.to, false)?;
        let area = self.service_area.trim();
        Ok(ValidFilter {
            service_area: (!area.is_empty()).then(|| area.to_owned()),
            value_band: self.value_band,
            from,
            to,
        })
    }
}

impl ValidFilter {
    /// Whether a contract's own facts pass (the date applies to assessments).
    pub fn admits(&self, service_area: &str, value: Option<Pence>) -> bool {
        self.service_area
            .as_deref()
            .is_none_or(|a| a.eq_ignore_ascii_case(service_area))
            && self.value_band.is_none_or(|b| b == ValueBand::of(value))
    }

    pub fn in_range(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }
}

/// Where a contract's levels come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LevelSource {
    /// The levels the review group agreed at its latest review of the contract.
    Moderated,
    /// No review yet: the owner's latest submitted self-assessment.
    SelfAssessed,
}

/// A contract as the portfolio lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ContractLine {
    pub contract_id: i64,
    pub name: String,
    pub reference: String,
    pub service_area: String,
    pub value: Option<Pence>,
    /// `None` for a rolling contract.
    pub expiry_date: Option<NaiveDate>,
}

/// One contract's row of the heatmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HeatRow {
    #[serde(flatten)]
    pub contract: ContractLine,
    pub source: LevelSource,
    /// The meeting date of the review, or of the self-assessed report.
    pub assessed_on: NaiveDate,
    pub report_id: i64,
    /// The framework version the report was made on.
    pub framework_version: String,
    /// One per column of the portfolio ([`Portfolio::columns`]); `None` where not assessed
    /// or the report's framework version lacks the activity.
    pub levels: Vec<Option<u8>>,
    /// The owner's targets in the same report, one per column.
    pub targets: Vec<Option<u8>>,
    /// One per column: whether the report's framework version has the activity.
    pub in_framework: Vec<bool>,
}

impl HeatRow {
    /// The mean of the levels given, for sorting.
    pub fn mean(&self) -> f64 {
        mean_of(&self.levels)
    }
}

/// The mean of the levels given, for sorting weakest first; infinite when none is given,
/// so an unassessed row sorts last.
pub fn mean_of(levels: &[Option<u8>]) -> f64 {
    let (n, sum) = levels
        .iter()
        .flatten()
        .fold((0u32, 0u32), |(n, sum), l| (n + 1, sum + *l as u32));
    if n == 0 {
        f64::INFINITY
    } else {
        sum as f64 / n as f64
    }
}

/// One column of the portfolio: an activity, matched across framework versions by key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PortfolioActivity {
    pub key: String,
    /// As the newest version that has it names it.
    pub name: String,
    /// Whether the adopted version has it; `false` for an activity a revision retired that
    /// older reports still hold.
    pub in_adopted: bool,
}

/// One activity across the filtered portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ActivitySpread {
    /// Its column, 1 first.
    pub activity: u8,
    pub key: String,
    pub name: String,
    /// The adopted version lacks it: a revision retired it, and older reports still hold it.
    pub retired: bool,
    /// How many contracts are at levels 1 to 5.
    pub counts: Vec<u32>,
    pub assessed: u32,
    /// Average level and average target, to one decimal place.
    pub mean_level: Option<f64>,
    pub mean_target: Option<f64>,
    /// Contracts below their target, and the total levels still to go.
    pub below_target: u32,
    pub levels_to_go: u32,
}

/// An action past its due date and still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OverdueItem {
    pub action_id: i64,
    pub review_id: i64,
    pub contracts: Vec<String>,
    pub text: String,
    pub owner: String,
    pub due: NaiveDate,
    pub days_overdue: i64,
}

/// A contract ending within two years that the group has never reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExpiringItem {
    #[serde(flatten)]
    pub contract: ContractLine,
    /// The next planned review meeting on the forward plan, if any.
    pub planned: Option<crate::programme::plan::PlannedDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Portfolio {
    /// Contracts that pass the service-area and value filters.
    pub contracts: u32,
    /// Of those, the ones with an assessment in the date range, and how they are assessed.
    pub assessed: u32,
    pub moderated: u32,
    pub self_assessed: u32,
    pub offset: u32,
    pub rows: Vec<HeatRow>,
    pub activities: Vec<ActivitySpread>,
    /// Actions concerning these contracts past their due date and still open, and the
    /// longest overdue of them (at most [`OVERDUE_SHOWN`]), oldest first.
    pub overdue_total: u32,
    pub overdue: Vec<OverdueItem>,
    /// Contracts ending within two years that the group has never reviewed, soonest
    /// first, and one page of them from `expiring_offset`.
    pub expiring_total: u32,
    pub expiring_offset: u32,
    pub expiring_unreviewed: Vec<ExpiringItem>,
    /// Every service area on the register, for the filter.
    pub service_areas: Vec<String>,
    /// The heatmap's activity columns: the adopted framework version's activities in its
    /// order, then any that only older versions in use have.
    pub columns: Vec<PortfolioActivity>,
}

/// The mean of `n` values summing to `sum`, to one decimal place; `None` for none.
pub(crate) fn mean(sum: u32, n: u32) -> Option<f64> {
    (n > 0).then(|| (sum as f64 / n as f64 * 10.0).round() / 10.0)
}

/// Counts, means and gaps per column over the rows' levels and targets, in one pass.
pub fn spreads<'a>(
    columns: &[PortfolioActivity],
    rows: impl IntoIterator<Item = (&'a [Option<u8>], &'a [Option<u8>])>,
) -> Vec<ActivitySpread> {
    #[derive(Default)]
    struct Sums {
        counts: [u32; 5],
        n: u32,
        sum: u32,
        tn: u32,
        tsum: u32,
        below: u32,
        to_go: u32,
    }
    let mut acc: Vec<Sums> = columns.iter().map(|_| Sums::default()).collect();
    for (levels, targets) in rows {
        for (i, a) in acc.iter_mut().enumerate() {
            let level = levels.get(i).copied().flatten();
            let target = targets.get(i).copied().flatten();
            if let Some(l) = level {
                a.counts[(l as usize).clamp(1, 5) - 1] += 1;
                a.n += 1;
                a.sum += l as u32;
                if let Some(t) = target.filter(|t| *t > l) {
                    a.below += 1;
                    a.to_go += (t - l) as u32;
                }
            }
            if let Some(t) = target {
                a.tn += 1;
                a.tsum += t as u32;
            }
        }
    }
    acc.iter()
        .zip(columns)
        .enumerate()
        .map(|(i, (a, c))| ActivitySpread {
            activity: i as u8 + 1,
            key: c.key.clone(),
            name: c.name.clone(),
            retired: !c.in_adopted,
            counts: a.counts.to_vec(),
            assessed: a.n,
            mean_level: mean(a.sum, a.n),
            mean_target: mean(a.tsum, a.tn),
            below_target: a.below,
            levels_to_go: a.to_go,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_bands_have_clear_edges() {
        assert_eq!(ValueBand::of(None), ValueBand::Unknown);
        assert_eq!(ValueBand::of(Some(Pence(9_999_999))), ValueBand::Under100k);
        assert_eq!(
            ValueBand::of(Some(Pence(10_000_000))),
            ValueBand::From100kTo1m
        );
        assert_eq!(
            ValueBand::of(Some(Pence(100_000_000))),
            ValueBand::From1mTo10m
        );
        assert_eq!(
            ValueBand::of(Some(Pence(1_000_000_000))),
            ValueBand::From10m
        );
    }

    #[test]
    fn a_filter_names_the_date_that_is_wrong() {
        let e = PortfolioFilter {
            from: "2027-01-01".into(),
            to: "2026-01-01".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e[0].field, "to");
        let e = PortfolioFilter {
            from: "31/02/2026".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e[0].field, "from");
        let f = PortfolioFilter {
            service_area: " Adult Social Care ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert!(f.admits("adult social care", None));
        assert!(!f.admits("Highways", None));
    }

    #[test]
    fn spreads_count_levels_and_gaps() {
        let row = |levels: [u8; 8], targets: [u8; 8]| HeatRow {
            contract: ContractLine {
                contract_id: 1,
                name: String::new(),
                reference: String::new(),
                service_area: String::new(),
                value: None,
                expiry_date: NaiveDate::from_ymd_opt(2030, 1, 1),
            },
            source: LevelSource::Moderated,
            assessed_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            report_id: 1,
            framework_version: "kcc-2016-09".into(),
            levels: levels.iter().map(|l| Some(*l)).collect(),
            targets: targets.iter().map(|t| Some(*t)).collect(),
            in_framework: vec![true; 8],
        };
        let rows = [row([2; 8], [4; 8]), row([3; 8], [3; 8])];
        let columns: Vec<PortfolioActivity> = crate::framework::Framework::built_in()
            .activities
            .into_iter()
            .map(|a| PortfolioActivity {
                key: a.key,
                name: a.name,
                in_adopted: true,
            })
            .collect();
        let s = spreads(
            &columns,
            rows.iter()
                .map(|r| (r.levels.as_slice(), r.targets.as_slice())),
        );
        assert_eq!(s[0].counts, [0, 1, 1, 0, 0]);
        assert_eq!(s[0].mean_level, Some(2.5));
        assert_eq!(s[0].mean_target, Some(3.5));
        assert_eq!((s[0].below_target, s[0].levels_to_go), (1, 2));
    }
}
