//! Section 9, risk and mitigation: the risk register scored as the council scores risk
//! (likelihood 1 to 5 times impact 1 to 5, current and target), the mitigations, and how
//! often the risks are reviewed.

use crate::kernel::error::FieldError;
use crate::reports::sections::performance::{risk_rating, RiskRating, Scale};
use crate::reports::sections::values::limited;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One risk as typed. Likelihood and impact are 1 to 5, or `None` until chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct RiskInput {
    pub title: String,
    pub cause: String,
    pub event: String,
    pub consequence: String,
    pub owner: String,
    pub current_likelihood: Option<i64>,
    pub current_impact: Option<i64>,
    pub mitigation: String,
    pub target_likelihood: Option<i64>,
    pub target_impact: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct RiskRegisterInput {
    pub risks: Vec<RiskInput>,
    /// The approach to risk and mitigation review, including how often.
    pub review_approach: String,
}

/// Stored form of one risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Risk {
    pub title: String,
    pub cause: String,
    pub event: String,
    pub consequence: String,
    pub owner: String,
    pub current_likelihood: Option<u8>,
    pub current_impact: Option<u8>,
    pub mitigation: String,
    pub target_likelihood: Option<u8>,
    pub target_impact: Option<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RiskRegister {
    pub risks: Vec<Risk>,
    pub review_approach: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RatedRisk {
    #[serde(flatten)]
    pub risk: Risk,
    pub current: Option<RiskRating>,
    pub target: Option<RiskRating>,
}

/// Section 9 as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RiskRegisterView {
    pub risks: Vec<RatedRisk>,
    pub review_approach: String,
    /// How many risks sit in each cell of the 5×5 matrix by current rating:
    /// `heat_map[likelihood - 1][impact - 1]`.
    pub heat_map: [[u8; 5]; 5],
    pub input: RiskRegisterInput,
    pub missing: Vec<FieldError>,
    /// Values typed into the form that cannot be saved yet, kept as typed (`crate::kept`).
    pub kept: Vec<crate::kept::KeptValue>,
}

fn rating(l: Option<u8>, i: Option<u8>) -> Option<RiskRating> {
    let l = Scale::new(l?.into())?;
    let i = Scale::new(i?.into())?;
    Some(risk_rating(l, i))
}

impl RiskRegisterInput {
    pub fn validate(&self) -> Result<RiskRegister, Vec<FieldError>> {
        let mut e = Vec::new();
        if self.risks.len() > 200 {
            e.push(FieldError::new(
                "risks",
                "A report can hold at most 200 risks",
            ));
        }
        let mut risks = Vec::new();
        for (i, r) in self.risks.iter().enumerate() {
            let n = i + 1;
            let f = |name: &str| format!("risks.{i}.{name}");
            let mut scale = |name: &str, label: &str, v: Option<i64>| {
                let v = v?;
                match Scale::new(v) {
                    Some(s) => Some(s.get()),
                    None => {
                        e.push(FieldError::new(
                            &f(name),
                            format!("Risk {n} {label} must be from 1 to 5"),
                        ));
                        None
                    }
                }
            };
            let current_likelihood = scale(
                "current_likelihood",
                "current likelihood",
                r.current_likelihood,
            );
            let current_impact = scale("current_impact", "current impact", r.current_impact);
            let target_likelihood = scale(
                "target_likelihood",
                "target likelihood",
                r.target_likelihood,
            );
            let target_impact = scale("target_impact", "target impact", r.target_impact);
            risks.push(Risk {
                title: limited(
                    &mut e,
                    &f("title"),
                    &format!("Risk {n} title"),
                    &r.title,
                    200,
                ),
                cause: limited(
                    &mut e,
                    &f("cause"),
                    &format!("Risk {n} cause"),
                    &r.cause,
                    2000,
                ),
                event: limited(
                    &mut e,
                    &f("event"),
                    &format!("Risk {n} event"),
                    &r.event,
                    2000,
                ),
                consequence: limited(
                    &mut e,
                    &f("consequence"),
                    &format!("Risk {n} consequence"),
                    &r.consequence,
                    2000,
                ),
                owner: limited(
                    &mut e,
                    &f("owner"),
                    &format!("Risk {n} owner"),
                    &r.owner,
                    200,
                ),
                mitigation: limited(
                    &mut e,
                    &f("mitigation"),
                    &format!("Risk {n} mitigation"),
                    &r.mitigation,
                    5000,
                ),
                current_likelihood,
                current_impact,
                target_likelihood,
                target_impact,
            });
        }
        let review_approach = limited(
            &mut e,
            "review_approach",
            "The approach to risk review",
            &self.review_approach,
            5000,
        );
        if e.is_empty() {
            Ok(RiskRegister {
                risks,
                review_approach,
            })
        } else {
            Err(e)
        }
    }
}

impl RiskRegister {
    pub fn view(self) -> RiskRegisterView {
        let mut missing = Vec::new();
        if self.risks.is_empty() {
            missing.push(FieldError::new(
                "risks",
                "Add the main risks of the contract",
            ));
        }
        let mut heat_map = [[0u8; 5]; 5];
        let risks: Vec<RatedRisk> = self
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let n = i + 1;
                let current = rating(r.current_likelihood, r.current_impact);
                let target = rating(r.target_likelihood, r.target_impact);
                if let (Some(l), Some(im)) = (r.current_likelihood, r.current_impact) {
                    heat_map[usize::from(l - 1)][usize::from(im - 1)] += 1;
                }
                if r.title.is_empty() || r.owner.is_empty() {
                    missing.push(FieldError::new(
                        &format!("risks.{i}.title"),
                        format!("Give risk {n} a title and an owner"),
                    ));
                }
                if current.is_none() || target.is_none() {
                    missing.push(FieldError::new(
                        &format!("risks.{i}.current_likelihood"),
                        format!("Score risk {n}'s likelihood and impact, current and target"),
                    ));
                }
                if r.mitigation.is_empty() {
                    missing.push(FieldError::new(
                        &format!("risks.{i}.mitigation"),
                        format!("Describe the mitigation of risk {n}"),
                    ));
                }
                RatedRisk {
                    risk: r.clone(),
                    current,
                    target,
                }
            })
            .collect();
        if self.review_approach.is_empty() {
            missing.push(FieldError::new(
                "review_approach",
                "Describe how the risks are reviewed, and how often",
            ));
        }
        let input = RiskRegisterInput {
            risks: self
                .risks
                .iter()
                .map(|r| RiskInput {
                    title: r.title.clone(),
                    cause: r.cause.clone(),
                    event: r.event.clone(),
                    consequence: r.consequence.clone(),
                    owner: r.owner.clone(),
                    current_likelihood: r.current_likelihood.map(i64::from),
                    current_impact: r.current_impact.map(i64::from),
                    mitigation: r.mitigation.clone(),
                    target_likelihood: r.target_likelihood.map(i64::from),
                    target_impact: r.target_impact.map(i64::from),
                })
                .collect(),
            review_approach: self.review_approach.clone(),
        };
        RiskRegisterView {
            risks,
            review_approach: self.review_approach,
            heat_map,
            input,
            missing,
            kept: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::sections::performance::RiskBand;

    fn risk(l: i64, i: i64, tl: i64, ti: i64) -> RiskInput {
        RiskInput {
            title: "Provider failure".into(),
            cause: "Rising costs".into(),
            event: "A care home closes".into(),
            consequence: "Residents must move".into(),
            owner: "Clare Maynard".into(),
            current_likelihood: Some(l),
            current_impact: Some(i),
            mitigation: "Market monitoring; contingency plan".into(),
            target_likelihood: Some(tl),
            target_impact: Some(ti),
        }
    }

    #[test]
    fn risks_are_scored_banded_and_mapped() {
        let reg = RiskRegisterInput {
            risks: vec![risk(4, 5, 3, 4), risk(4, 5, 2, 3), risk(1, 2, 1, 2)],
            review_approach: "Monthly at the contract board".into(),
        }
        .validate()
        .unwrap()
        .view();
        let r = &reg.risks[0];
        assert_eq!(r.current.unwrap().to_string(), "20 (High)");
        assert_eq!(r.target.unwrap().to_string(), "12 (Medium)");
        assert_eq!(reg.risks[1].target.unwrap().band, RiskBand::Low);
        assert_eq!(reg.heat_map[3][4], 2);
        assert_eq!(reg.heat_map[0][1], 1);
        assert!(reg.missing.is_empty());
        assert_eq!(reg.input.risks[0].current_likelihood, Some(4));
    }

    #[test]
    fn scores_outside_1_to_5_are_refused_naming_the_field() {
        let errs = RiskRegisterInput {
            risks: vec![risk(0, 6, 3, 3)],
            review_approach: String::new(),
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["risks.0.current_likelihood", "risks.0.current_impact"]
        );
        assert_eq!(
            errs[0].message,
            "Risk 1 current likelihood must be from 1 to 5"
        );
    }

    #[test]
    fn an_unscored_risk_is_kept_and_flagged() {
        let mut r = risk(3, 3, 2, 2);
        r.target_impact = None;
        r.mitigation.clear();
        let v = RiskRegisterInput {
            risks: vec![r],
            review_approach: String::new(),
        }
        .validate()
        .unwrap()
        .view();
        assert_eq!(v.risks[0].target, None);
        assert_eq!(v.missing.len(), 3);
    }
}
