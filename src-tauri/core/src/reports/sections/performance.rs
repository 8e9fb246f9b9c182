//! How the council rates performance and scores risk (Performance Dashboard guidance,
//! September 2018; Corporate Risk Register, March 2019; see
//! `shared/reference/kcc-reporting-conventions.txt`).
//!
//! KPIs: GREEN where the target has been achieved, AMBER where the floor standard has been
//! achieved but the target has not been met, RED where the floor standard has not been
//! achieved. Direction of travel: improved, worsened, or remained the same.
//! Risk: likelihood 1 to 5 times impact 1 to 5.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// Whether a higher or a lower value is better (complaints answered on time: higher;
/// debt over six months old: lower).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "UPPERCASE")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    /// The council's words for the rating.
    pub fn meaning(self) -> &'static str {
        match self {
            Rag::Green => "Target has been achieved",
            Rag::Amber => "Floor Standard achieved but Target has not been met",
            Rag::Red => "Floor Standard has not been achieved",
        }
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rag::Red => "RED",
            Rag::Amber => "AMBER",
            Rag::Green => "GREEN",
        })
    }
}

/// At least as good as `bar`, given the polarity.
fn meets(actual: f64, bar: f64, polarity: Polarity) -> bool {
    match polarity {
        Polarity::HigherIsBetter => actual >= bar,
        Polarity::LowerIsBetter => actual <= bar,
    }
}

/// The RAG rating of one month's actual. `None` when there is no actual for the month.
///
/// Without a floor standard there is no AMBER band: a missed target is RED, because the
/// council defines AMBER as "Floor Standard achieved", which cannot be shown.
pub fn rag(
    actual: Option<f64>,
    target: f64,
    floor: Option<f64>,
    polarity: Polarity,
) -> Option<Rag> {
    let actual = actual?;
    Some(if meets(actual, target, polarity) {
        Rag::Green
    } else if floor.is_some_and(|f| meets(actual, f, polarity)) {
        Rag::Amber
    } else {
        Rag::Red
    })
}

/// Direction of travel against the previous month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improved,
    Worsened,
    Same,
}

impl Direction {
    pub fn meaning(self) -> &'static str {
        match self {
            Direction::Improved => "Performance has improved",
            Direction::Worsened => "Performance has worsened",
            Direction::Same => "Performance has remained the same",
        }
    }
}

/// `None` when either month has no actual.
pub fn direction(
    previous: Option<f64>,
    current: Option<f64>,
    polarity: Polarity,
) -> Option<Direction> {
    let (p, c) = (previous?, current?);
    Some(if c == p {
        Direction::Same
    } else if meets(c, p, polarity) {
        Direction::Improved
    } else {
        Direction::Worsened
    })
}

/// A score from 1 to 5 on the council's likelihood or impact scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
pub struct Scale(u8);

impl Scale {
    pub fn new(n: i64) -> Option<Scale> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Scale)
    }
    pub fn get(self) -> u8 {
        self.0
    }
    pub fn likelihood_name(self) -> &'static str {
        [
            "Very Unlikely",
            "Unlikely",
            "Possible",
            "Likely",
            "Very Likely",
        ][usize::from(self.0 - 1)]
    }
    pub fn impact_name(self) -> &'static str {
        ["Minor", "Moderate", "Significant", "Serious", "Major"][usize::from(self.0 - 1)]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
pub enum RiskBand {
    Low,
    Medium,
    High,
}

/// A risk rating: likelihood times impact, with its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct RiskRating {
    pub score: u8,
    pub band: RiskBand,
}

/// Likelihood times impact. Bands follow the council's 5×5 matrix as its register uses
/// it: 1 to 6 Low, 8 to 15 Medium, 16 to 25 High (so 20 is High, 12 Medium, 6 Low).
pub fn risk_rating(likelihood: Scale, impact: Scale) -> RiskRating {
    let score = likelihood.0 * impact.0;
    let band = match score {
        0..=6 => RiskBand::Low,
        7..=15 => RiskBand::Medium,
        _ => RiskBand::High,
    };
    RiskRating { score, band }
}

impl fmt::Display for RiskRating {
    /// "20 (High)", as the Corporate Risk Register writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?})", self.score, self.band)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::*;

    #[test]
    fn the_councils_rag_rules_for_higher_is_better() {
        // CS05: target 80%, floor 70%: 82% is GREEN, 75% AMBER.
        assert_eq!(
            rag(Some(82.0), 80.0, Some(70.0), HigherIsBetter),
            Some(Rag::Green)
        );
        assert_eq!(
            rag(Some(75.0), 80.0, Some(70.0), HigherIsBetter),
            Some(Rag::Amber)
        );
        assert_eq!(
            rag(Some(69.9), 80.0, Some(70.0), HigherIsBetter),
            Some(Rag::Red)
        );
        // Exactly on the target or the floor counts as achieved.
        assert_eq!(
            rag(Some(80.0), 80.0, Some(70.0), HigherIsBetter),
            Some(Rag::Green)
        );
        assert_eq!(
            rag(Some(70.0), 80.0, Some(70.0), HigherIsBetter),
            Some(Rag::Amber)
        );
        // CS07: target 85%, floor 80%: 84% is AMBER.
        assert_eq!(
            rag(Some(84.0), 85.0, Some(80.0), HigherIsBetter),
            Some(Rag::Amber)
        );
    }

    #[test]
    fn lower_is_better_turns_the_comparisons_round() {
        // Days to pay an invoice: target 20, floor 30.
        assert_eq!(
            rag(Some(18.0), 20.0, Some(30.0), LowerIsBetter),
            Some(Rag::Green)
        );
        assert_eq!(
            rag(Some(25.0), 20.0, Some(30.0), LowerIsBetter),
            Some(Rag::Amber)
        );
        assert_eq!(
            rag(Some(31.0), 20.0, Some(30.0), LowerIsBetter),
            Some(Rag::Red)
        );
    }

    #[test]
    fn without_a_floor_a_missed_target_is_red_and_a_gap_is_unrated() {
        assert_eq!(rag(Some(94.0), 95.0, None, HigherIsBetter), Some(Rag::Red));
        assert_eq!(
            rag(Some(95.0), 95.0, None, HigherIsBetter),
            Some(Rag::Green)
        );
        assert_eq!(rag(None, 95.0, Some(90.0), HigherIsBetter), None);
    }

    #[test]
    fn direction_of_travel_respects_polarity() {
        // CS04: 95% -> 98% higher is better: improved.
        assert_eq!(
            direction(Some(95.0), Some(98.0), HigherIsBetter),
            Some(Direction::Improved)
        );
        assert_eq!(
            direction(Some(98.0), Some(95.0), HigherIsBetter),
            Some(Direction::Worsened)
        );
        assert_eq!(
            direction(Some(98.0), Some(98.0), HigherIsBetter),
            Some(Direction::Same)
        );
        assert_eq!(
            direction(Some(30.0), Some(25.0), LowerIsBetter),
            Some(Direction::Improved)
        );
        assert_eq!(direction(None, Some(25.0), LowerIsBetter), None);
        assert_eq!(direction(Some(1.0), None, LowerIsBetter), None);
    }

    #[test]
    fn risk_ratings_from_the_corporate_risk_register() {
        let s = |n| Scale::new(n).unwrap();
        // CRR0009: 20 (High) now, target 12 (Medium).
        assert_eq!(risk_rating(s(4), s(5)).to_string(), "20 (High)");
        assert_eq!(risk_rating(s(3), s(4)).to_string(), "12 (Medium)");
        assert_eq!(risk_rating(s(2), s(3)).to_string(), "6 (Low)");
        // CRR0045: 10 now, target 5.
        assert_eq!(risk_rating(s(2), s(5)).band, RiskBand::Medium);
        assert_eq!(risk_rating(s(1), s(5)).band, RiskBand::Low);
        assert_eq!(risk_rating(s(4), s(4)).band, RiskBand::High);
        assert_eq!(risk_rating(s(5), s(3)).band, RiskBand::Medium);
    }

    #[test]
    fn scales_hold_only_1_to_5_with_the_councils_names() {
        assert!(Scale::new(0).is_none() && Scale::new(6).is_none() && Scale::new(-1).is_none());
        let five = Scale::new(5).unwrap();
        assert_eq!(five.likelihood_name(), "Very Likely");
        assert_eq!(five.impact_name(), "Major");
        assert_eq!(Scale::new(1).unwrap().likelihood_name(), "Very Unlikely");
        assert_eq!(Scale::new(3).unwrap().impact_name(), "Significant");
    }
}
