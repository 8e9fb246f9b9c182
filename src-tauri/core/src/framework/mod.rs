//! The maturity framework as versioned data: activities, levels and descriptors.
//!
//! The built-in version is the council's September 2016 matrix, kept word for word in
//! `framework/kcc-2016-09.json` (typos included). Later versions are loaded the same way;
//! assessments point at the version they were made against.

pub(crate) mod store;
pub mod template;

pub use template::{Section, SECTIONS};

use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;
use std::fmt;

/// The identifier the built-in framework is stored under.
pub const BUILT_IN_VERSION: &str = "kcc-2016-09";

/// The eight activities' names in the built-in framework, for labels outside a report.
pub const ACTIVITY_NAMES: [&str; 8] = [
    "Planning and governance",
    "People",
    "Administration",
    "Managing relationships",
    "Managing performance",
    "Payment and incentives",
    "Risk",
    "Contract development",
];
const BUILT_IN_JSON: &str = include_str!("../../framework/kcc-2016-09.json");

/// A maturity level, 1 (Ad-hoc) to 5 (Optimised). Cannot hold any other value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Type)]
#[serde(into = "u8")]
pub struct MaturityLevel(u8);

impl MaturityLevel {
    pub const ALL: [MaturityLevel; 5] = [
        MaturityLevel(1),
        MaturityLevel(2),
        MaturityLevel(3),
        MaturityLevel(4),
        MaturityLevel(5),
    ];

    pub fn new(n: u8) -> Option<Self> {
        (1..=5).contains(&n).then_some(Self(n))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl From<MaturityLevel> for u8 {
    fn from(l: MaturityLevel) -> u8 {
        l.0
    }
}

impl TryFrom<u8> for MaturityLevel {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        MaturityLevel::new(n).ok_or_else(|| format!("Maturity level must be 1 to 5, not {n}"))
    }
}

impl<'de> Deserialize<'de> for MaturityLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u8::deserialize(d)?;
        MaturityLevel::try_from(n).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for MaturityLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LevelName {
    pub level: MaturityLevel,
    pub name: String,
}

/// One of the eight activities, with every descriptor bullet at every level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Activity {
    pub name: String,
    pub purpose: String,
    /// Level ("1".."5") to the descriptor bullets, in the council's order.
    pub descriptors: BTreeMap<String, Vec<String>>,
}

impl Activity {
    pub fn descriptors_at(&self, level: MaturityLevel) -> &[String] {
        self.descriptors
            .get(&level.to_string())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Framework {
    /// Set when the framework is loaded; not part of the data file.
    #[serde(default)]
    pub version: String,
    pub title: String,
    pub date: String,
    #[serde(default)]
    pub source: String,
    pub levels: Vec<LevelName>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FrameworkError {
    #[error("The framework file is not valid: {0}")]
    Parse(String),
    #[error("The framework must have {expected} {what}, but has {found}")]
    Count {
        what: &'static str,
        expected: usize,
        found: usize,
    },
    #[error("Activity \"{activity}\" has no descriptors at level {level}")]
    MissingDescriptors { activity: String, level: u8 },
    #[error("Level {0} is listed out of order or twice")]
    LevelOrder(u8),
}

impl Framework {
    /// Parses and checks a framework file: five levels in order, eight activities, and
    /// at least one descriptor for every activity at every level.
    pub fn from_json(version: &str, json: &str) -> Result<Framework, FrameworkError> {
        let mut f: Framework =
            serde_json::from_str(json).map_err(|e| FrameworkError::Parse(e.to_string()))?;
        f.version = version.to_owned();
        f.check()?;
        Ok(f)
    }

    pub fn built_in() -> Framework {
        Framework::from_json(BUILT_IN_VERSION, BUILT_IN_JSON)
            .expect("the built-in framework file is checked by tests")
    }

    fn check(&self) -> Result<(), FrameworkError> {
        if self.levels.len() != 5 {
            return Err(FrameworkError::Count {
                what: "levels",
                expected: 5,
                found: self.levels.len(),
            });
        }
        for (i, l) in self.levels.iter().enumerate() {
            if usize::from(l.level.get()) != i + 1 {
                return Err(FrameworkError::LevelOrder(l.level.get()));
            }
        }
        if self.activities.len() != 8 {
            return Err(FrameworkError::Count {
                what: "activities",
                expected: 8,
                found: self.activities.len(),
            });
        }
        for a in &self.activities {
            for level in MaturityLevel::ALL {
                if a.descriptors_at(level).is_empty() {
                    return Err(FrameworkError::MissingDescriptors {
                        activity: a.name.clone(),
                        level: level.get(),
                    });
                }
            }
        }
        Ok(())
    }

    pub fn descriptor_count(&self) -> usize {
        self.activities
            .iter()
            .flat_map(|a| a.descriptors.values())
            .map(Vec::len)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_framework_has_the_councils_shape() {
        let f = Framework::built_in();
        assert_eq!(f.version, BUILT_IN_VERSION);
        let names: Vec<_> = f.activities.iter().map(|a| a.name.as_str()).collect();
        // ACTIVITY_NAMES is the council's wording, written out once.
        assert_eq!(names, ACTIVITY_NAMES);
        let levels: Vec<_> = f.levels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            levels,
            [
                "Ad-hoc",
                "Informal",
                "Standardised",
                "Monitored",
                "Optimised"
            ]
        );
        assert_eq!(f.descriptor_count(), 160);
    }

    /// Every purpose and descriptor bullet appears word for word in the council's
    /// template (the text extracted from the committee papers, copied into
    /// `tests/fixtures/reference/`).
    #[test]
    fn descriptors_are_word_for_word_from_the_template() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/reference/2017-09-contract-management-report-and-template.txt"
        );
        let Ok(template) = std::fs::read_to_string(path) else {
            panic!("the council's template must be in the test fixtures at {path}");
        };
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let template = squash(&template);
        let f = Framework::built_in();
        for a in &f.activities {
            assert!(
                template.contains(&format!("{} ({})", a.name, a.purpose)),
                "{}",
                a.name
            );
            for level in MaturityLevel::ALL {
                for bullet in a.descriptors_at(level) {
                    assert!(
                        template.contains(&format!("• {}", squash(bullet))),
                        "{} level {level}: {bullet}",
                        a.name
                    );
                }
            }
        }
    }

    #[test]
    fn maturity_level_cannot_hold_0_or_6() {
        assert!(MaturityLevel::new(0).is_none());
        assert!(MaturityLevel::new(6).is_none());
        assert_eq!(MaturityLevel::new(3).map(u8::from), Some(3));
        assert!(serde_json::from_str::<MaturityLevel>("6").is_err());
        assert_eq!(
            serde_json::from_str::<MaturityLevel>("5").unwrap(),
            MaturityLevel::ALL[4]
        );
    }

    #[test]
    fn a_framework_missing_a_level_is_refused() {
        let mut v: serde_json::Value = serde_json::from_str(BUILT_IN_JSON).unwrap();
        v["activities"][2]["descriptors"]
            .as_object_mut()
            .unwrap()
            .remove("4");
        let err = Framework::from_json("x", &v.to_string()).unwrap_err();
        assert_eq!(
            err,
            FrameworkError::MissingDescriptors {
                activity: "Administration".into(),
                level: 4
            }
        );
    }
}
