//! The maturity framework as versioned data: activities, levels and descriptors.
//!
//! The built-in version is the council's September 2016 matrix, kept word for word in
//! `framework/kcc-2016-09.json` (typos included). Later versions are loaded the same way;
//! assessments point at the version they were made against.

pub mod compare;
pub(crate) mod store;
pub mod template;

pub(crate) use store::{framework_activities, report_activities, report_framework};
pub use template::{Section, SECTIONS};

use crate::kernel::error::FieldError;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// One stored framework version, as the list of versions shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FrameworkVersionSummary {
    /// The version's identifier, e.g. `kcc-2016-09`.
    pub version: String,
    pub title: String,
    /// As the council dates it, e.g. "September 2016".
    pub date: String,
    pub activities: u32,
    /// When it was loaded into this data file (RFC 3339, UTC).
    pub loaded_at: String,
    /// When it was last adopted (RFC 3339, UTC); `None` if it never was.
    pub adopted_at: Option<String>,
    /// Whether new reports use it: the version adopted last.
    pub in_use: bool,
    /// How many reports in this data file were made on it.
    pub reports: u32,
}

/// What loading a framework version did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkLoaded {
    /// It was new to this data file and is now stored, not yet adopted.
    Loaded,
    /// The same version, word for word, was already stored: nothing changed.
    AlreadyStored,
}

/// One activity of a framework version as screens and documents name it: its position in
/// that version (1 to N, the number a report's rows and scores carry), its key (the same in
/// every version that has it) and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ActivityRef {
    pub activity: u8,
    pub key: String,
    pub name: String,
}

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

/// One activity of a framework version, with every descriptor bullet at every level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Activity {
    /// Stable across versions: a revision that rewords or renames the activity keeps its
    /// key, and activities are matched across versions by key, never by position. Lower-case
    /// letters, digits and single hyphens, e.g. `planning-and-governance`.
    pub key: String,
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

/// A framework version: its identifier, title and date, the five levels' names and the
/// activities in the council's order. The file form (JSON) is documented by
/// `docs/framework.schema.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Framework {
    /// The version's identifier, e.g. `kcc-2016-09`: letters, digits, `.`, `-` and `_`.
    pub version: String,
    pub title: String,
    /// As the council dates it, e.g. "September 2016".
    pub date: String,
    #[serde(default)]
    pub source: String,
    pub levels: Vec<LevelName>,
    pub activities: Vec<Activity>,
}

/// The most activities a framework version may have: the NAO framework has eight, and a
/// revision adds or retires a few; more than this is a file that is not a framework.
pub const MAX_ACTIVITIES: usize = 30;

/// The longest title a framework version may have, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest date, in characters: "September 2016" is 14.
pub const MAX_DATE: usize = 60;

/// The marks people type before a bullet, always taken as a mark.
const BULLET_MARKS: [char; 8] = ['•', '▪', '◦', '●', '·', '‣', '∙', '○'];
/// Taken as a mark only when a space or nothing follows ("- ", "– ", "* "), as a hyphen
/// can begin a word.
const DASH_MARKS: [char; 4] = ['-', '–', '—', '*'];

/// A line of a bullet list without the mark typed before it ("• ", "- ", "– ", "* "),
/// trimmed at the start; a line that is only a mark gives "".
pub fn without_mark(line: &str) -> &str {
    let l = line.trim_start();
    match l.strip_prefix(BULLET_MARKS) {
        Some(rest) => rest.trim_start(),
        None => match l.strip_prefix(DASH_MARKS) {
            Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                rest.trim_start()
            }
            _ => l,
        },
    }
}

/// Whether a bullet begins with a mark ([`without_mark`]), which the app draws itself.
pub fn starts_with_mark(bullet: &str) -> bool {
    without_mark(bullet).len() != bullet.trim_start().len()
}

/// Whether `key` is a framework activity key: lower-case letters and digits in words joined
/// by single hyphens, at most 60 characters.
pub fn is_activity_key(key: &str) -> bool {
    key.len() <= 60
        && key.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// "Activity 9 is not one of the 8 activities of this report's framework."
pub(crate) fn not_an_activity(activity: u8, activities: u8) -> String {
    format!(
        "Activity {activity} is not one of the {activities} activities of this report's framework"
    )
}

/// Lower case only, so that "KCC-2027-04" is never stored beside "kcc-2027-04", and
/// starting with a letter or digit.
fn is_version_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
}

/// Reads a framework file's JSON leniently, noting every field that is missing, of the
/// wrong kind or not in the form, so that a file is told all its problems at once (serde
/// stops at the first).
#[derive(Default)]
struct Reader {
    problems: Vec<FieldError>,
}

impl Reader {
    fn problem(&mut self, field: String, message: String) {
        self.problems.push(FieldError { field, message });
    }

    /// The fields of `o` not among `known`, each a problem.
    fn unknown(
        &mut self,
        o: &serde_json::Map<String, serde_json::Value>,
        at: &str,
        what: &str,
        known: &[&str],
    ) {
        for k in o.keys().filter(|k| !known.contains(&k.as_str())) {
            let field = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            self.problem(
                field,
                format!("{what} has a field \"{k}\", which a framework file does not have (framework.schema.json)."),
            );
        }
    }

    /// The text at `o[k]`, trimmed; a problem when it is missing (unless `optional`) or not
    /// text.
    fn text(
        &mut self,
        o: &serde_json::Map<String, serde_json::Value>,
        k: &str,
        field: String,
        what: &str,
        optional: bool,
    ) -> String {
        match o.get(k) {
            Some(serde_json::Value::String(t)) => t.trim().to_owned(),
            None if optional => String::new(),
            None => {
                self.problem(field, format!("{what} is missing."));
                String::new()
            }
            Some(_) => {
                self.problem(field, format!("{what} must be text, in quotes."));
                String::new()
            }
        }
    }

    fn framework(&mut self, v: &serde_json::Value) -> Framework {
        let Some(o) = v.as_object() else {
            self.problem(
                "file".into(),
                "The file must hold one framework: a JSON object with its version, title, date, levels and activities (framework.schema.json).".into(),
            );
            return Framework {
                version: String::new(),
                title: String::new(),
                date: String::new(),
                source: String::new(),
                levels: Vec::new(),
                activities: Vec::new(),
            };
        };
        self.unknown(
            o,
            "",
            "The framework",
            &["version", "title", "date", "source", "levels", "activities"],
        );
        let version = self.text(o, "version", "version".into(), "The version", false);
        let title = self.text(o, "title", "title".into(), "The title", false);
        let date = self.text(o, "date", "date".into(), "The date", false);
        let source = self.text(o, "source", "source".into(), "The source", true);
        let levels = self.list(o, "levels", "The levels", |r, i, v| r.level(i, v));
        let activities = self.list(o, "activities", "The activities", |r, i, v| {
            r.activity(i, v)
        });
        Framework {
            version,
            title,
            date,
            source,
            levels,
            activities,
        }
    }

    /// The list at `o[k]`, each item read by `item` (`None` for an unreadable one).
    fn list<T>(
        &mut self,
        o: &serde_json::Map<String, serde_json::Value>,
        k: &str,
        what: &str,
        mut item: impl FnMut(&mut Self, usize, &serde_json::Value) -> Option<T>,
    ) -> Vec<T> {
        match o.get(k) {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| item(self, i, v))
                .collect(),
            None => {
                self.problem(k.into(), format!("{what} are missing."));
                Vec::new()
            }
            Some(_) => {
                self.problem(
                    k.into(),
                    format!("{what} must be a list, in square brackets."),
                );
                Vec::new()
            }
        }
    }

    fn level(&mut self, i: usize, v: &serde_json::Value) -> Option<LevelName> {
        let at = format!("levels[{i}]");
        let Some(o) = v.as_object() else {
            self.problem(
                at,
                format!("Level {} must be an object with its level and name.", i + 1),
            );
            return None;
        };
        self.unknown(o, &at, &format!("Level {}", i + 1), &["level", "name"]);
        let name = self.text(
            o,
            "name",
            format!("{at}.name"),
            &format!("Level {}'s name", i + 1),
            false,
        );
        match o
            .get("level")
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| u8::try_from(n).ok())
            .and_then(MaturityLevel::new)
        {
            Some(level) => Some(LevelName { level, name }),
            None => {
                self.problem(
                    format!("{at}.level"),
                    format!(
                        "Level {} must say which level it is: a whole number from 1 to 5.",
                        i + 1
                    ),
                );
                None
            }
        }
    }

    fn activity(&mut self, i: usize, v: &serde_json::Value) -> Option<Activity> {
        let at = format!("activities[{i}]");
        let Some(o) = v.as_object() else {
            self.problem(
                at,
                format!(
                    "Activity {} must be an object with its key, name, purpose and descriptors.",
                    i + 1
                ),
            );
            return None;
        };
        let named = o
            .get("name")
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let what = match named {
            Some(n) => format!("Activity {} ({n})", i + 1),
            None => format!("Activity {}", i + 1),
        };
        self.unknown(o, &at, &what, &["key", "name", "purpose", "descriptors"]);
        // The key is kept as written: a key with a space is refused, not mended.
        let key = match o.get("key") {
            Some(serde_json::Value::String(k)) => k.clone(),
            None => {
                self.problem(format!("{at}.key"), format!("{what} has no key."));
                String::new()
            }
            Some(_) => {
                self.problem(
                    format!("{at}.key"),
                    format!("{what}'s key must be text, in quotes."),
                );
                String::new()
            }
        };
        let name = self.text(
            o,
            "name",
            format!("{at}.name"),
            &format!("{what}'s name"),
            false,
        );
        let purpose = self.text(
            o,
            "purpose",
            format!("{at}.purpose"),
            &format!("{what}'s purpose"),
            false,
        );
        let mut descriptors = BTreeMap::new();
        match o.get("descriptors") {
            Some(serde_json::Value::Object(levels)) => {
                for (level, bullets) in levels {
                    let field = format!("{at}.descriptors.{level}");
                    match bullets.as_array() {
                        Some(list) => {
                            let mut texts = Vec::new();
                            for b in list {
                                match b.as_str() {
                                    Some(t) => texts.push(t.trim().to_owned()),
                                    None => self.problem(field.clone(), format!("{what}'s bullets at level {level} must each be text, in quotes.")),
                                }
                            }
                            descriptors.insert(level.clone(), texts);
                        }
                        None => self.problem(field, format!("{what}'s bullets at level {level} must be a list, in square brackets.")),
                    }
                }
            }
            // Each level then lacks its bullets, and says so.
            None => {}
            Some(_) => self.problem(format!("{at}.descriptors"), format!("{what}'s descriptors must be an object of levels \"1\" to \"5\", each a list of bullets.")),
        }
        Some(Activity {
            key,
            name,
            purpose,
            descriptors,
        })
    }
}

impl Framework {
    /// Parses and checks a framework file (JSON, `docs/framework.schema.json`).
    ///
    /// Errors: every problem found, each naming its field as a path (`activities[3].key`,
    /// `activities[3].descriptors.4`) with the activity and the rule it breaks: a field
    /// missing, of the wrong kind or not in the form at all, then the rules of
    /// [`Framework::problems`]. Text that is not JSON gives one problem on the field `file`,
    /// with the line and column. Names, purposes and bullets are kept trimmed.
    pub fn from_json(json: &str) -> Result<Framework, Vec<FieldError>> {
        if json.trim().is_empty() {
            return Err(vec![FieldError::new(
                "file",
                "The file is empty: it holds no framework.",
            )]);
        }
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
            let looks_json = json.trim_start().starts_with(['{', '[']);
            vec![FieldError::new(
                "file",
                if looks_json {
                    format!("The file is JSON with a mistake in it, so it could not be read: {e}. Put it right (a comma missing or one too many is the usual cause), then choose it again.")
                } else {
                    format!("The file is neither a workbook nor JSON, so it is not a framework file (a workbook laid out as the app saves one, or JSON as framework.schema.json describes): {e}.")
                },
            )]
        })?;
        let mut read = Reader::default();
        let f = read.framework(&value);
        let mut problems = read.problems;
        // What the reader said of a field (missing, of the wrong kind) is not said again.
        let said: std::collections::HashSet<String> =
            problems.iter().map(|p| p.field.clone()).collect();
        problems.extend(
            f.problems()
                .into_iter()
                .filter(|p| !said.contains(&p.field)),
        );
        if problems.is_empty() {
            Ok(f)
        } else {
            Err(problems)
        }
    }

    pub fn built_in() -> Framework {
        Framework::from_json(BUILT_IN_JSON)
            .expect("the built-in framework file is checked by tests")
    }

    /// Every rule the framework breaks, in file order; empty when it is whole:
    /// a version identifier, title and date; the five levels 1 to 5 in order, each named;
    /// 1 to [`MAX_ACTIVITIES`] activities, each with a key (unique, [`is_activity_key`]),
    /// a name (unique) and a purpose, and at least one bullet at each of the five levels
    /// and no other level.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut problem = |field: String, message: String| out.push(FieldError { field, message });
        if !is_version_id(&self.version) {
            problem(
                "version".into(),
                format!(
                    "The version must be named by 1 to 64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit, such as kcc-2027-04; \"{}\" is not.",
                    self.version
                ),
            );
        }
        if self.title.trim().is_empty() {
            problem("title".into(), "The title must not be blank.".into());
        } else if self.title.chars().count() > MAX_TITLE {
            problem(
                "title".into(),
                format!(
                    "The title must be at most {MAX_TITLE} characters; it is {}.",
                    self.title.chars().count()
                ),
            );
        }
        if self.date.chars().count() > MAX_DATE {
            problem(
                "date".into(),
                format!("The date must be at most {MAX_DATE} characters, such as \"April 2027\"; it is {}.", self.date.chars().count()),
            );
        }
        if self.date.trim().is_empty() {
            problem(
                "date".into(),
                "The date must not be blank: give it as the council dates the matrix, such as \"April 2027\".".into(),
            );
        }
        if self.levels.len() != 5 {
            problem(
                "levels".into(),
                format!(
                    "There must be five levels, 1 to 5; there are {}.",
                    self.levels.len()
                ),
            );
        }
        // One problem for the whole order, at the first level out of place: "2, 1, 3, 4,
        // 5" is one mistake, not two.
        if let Some(i) = self
            .levels
            .iter()
            .enumerate()
            .position(|(i, l)| usize::from(l.level.get()) != i + 1)
        {
            let listed: Vec<String> = self.levels.iter().map(|l| l.level.to_string()).collect();
            problem(
                format!("levels[{i}].level"),
                format!(
                    "Levels must be listed 1 to 5, in order and each once; they are listed {}.",
                    listed.join(", ")
                ),
            );
        }
        for (i, l) in self.levels.iter().enumerate() {
            if l.name.trim().is_empty() {
                problem(
                    format!("levels[{i}].name"),
                    format!("Level {} must have a name.", l.level),
                );
            }
        }
        if self.activities.is_empty() || self.activities.len() > MAX_ACTIVITIES {
            problem(
                "activities".into(),
                format!(
                    "There must be 1 to {MAX_ACTIVITIES} activities; there are {}.",
                    self.activities.len()
                ),
            );
        }
        let mut keys = HashMap::new();
        let mut names = HashMap::new();
        for (i, a) in self.activities.iter().enumerate() {
            let what = if a.name.trim().is_empty() {
                format!("Activity {}", i + 1)
            } else {
                format!("Activity {} ({})", i + 1, a.name.trim())
            };
            if !is_activity_key(&a.key) {
                problem(
                    format!("activities[{i}].key"),
                    format!("{what} must have a key of at most 60 lower-case letters and digits, in words joined by single hyphens, such as planning-and-governance; \"{}\" is not.", a.key),
                );
            } else if let Some(first) = keys.insert(a.key.as_str(), i) {
                problem(
                    format!("activities[{i}].key"),
                    format!("{what} has the key \"{}\", which activity {} already has: keys must be unique.", a.key, first + 1),
                );
            }
            if a.name.trim().is_empty() {
                problem(
                    format!("activities[{i}].name"),
                    format!("{what} must have a name."),
                );
            } else if let Some(first) = names.insert(a.name.trim().to_lowercase(), i) {
                problem(
                    format!("activities[{i}].name"),
                    format!(
                        "{what} has the same name as activity {}: names must be unique.",
                        first + 1
                    ),
                );
            }
            if a.purpose.trim().is_empty() {
                problem(
                    format!("activities[{i}].purpose"),
                    format!("{what} must have a purpose."),
                );
            }
            for level in MaturityLevel::ALL {
                let bullets = a.descriptors_at(level);
                if bullets.iter().all(|b| b.trim().is_empty()) {
                    problem(
                        format!("activities[{i}].descriptors.{level}"),
                        format!("{what} must have at least one bullet at level {level}."),
                    );
                } else if bullets.iter().any(|b| b.trim().is_empty()) {
                    problem(
                        format!("activities[{i}].descriptors.{level}"),
                        format!("{what} has a blank bullet at level {level}."),
                    );
                }
                // A workbook holds a level's bullets one per line in a cell, and the app
                // draws the marks: a bullet of two lines, or with its own mark, would not
                // come back from a workbook as it went in.
                if let Some(b) = bullets
                    .iter()
                    .find(|b| b.contains(['\n', '\r', '\u{000B}', '\u{2028}']))
                {
                    problem(
                        format!("activities[{i}].descriptors.{level}"),
                        format!("{what} has a bullet at level {level} over more than one line (\"{}…\"): make each line a bullet of its own.", b.chars().take(40).collect::<String>()),
                    );
                }
                if let Some(b) = bullets.iter().find(|b| starts_with_mark(b)) {
                    problem(
                        format!("activities[{i}].descriptors.{level}"),
                        format!("{what} has a bullet at level {level} that begins with a bullet mark (\"{}…\"): leave the mark out, as the app draws the marks.", b.chars().take(40).collect::<String>()),
                    );
                }
            }
            for other in a.descriptors.keys() {
                if other
                    .parse::<u8>()
                    .ok()
                    .and_then(MaturityLevel::new)
                    .is_none()
                    || other.len() != 1
                {
                    problem(
                        format!("activities[{i}].descriptors.{other}"),
                        format!("{what} has bullets at \"{other}\", which is not a level: levels are 1 to 5."),
                    );
                }
            }
        }
        out
    }

    /// Its activities as screens and documents name them, in its order.
    pub fn activity_refs(&self) -> Vec<ActivityRef> {
        self.activities
            .iter()
            .enumerate()
            .map(|(i, a)| ActivityRef {
                activity: i as u8 + 1,
                key: a.key.clone(),
                name: a.name.clone(),
            })
            .collect()
    }

    /// The activity with `key`, with its position (1 to N).
    pub fn activity(&self, key: &str) -> Option<(u8, &Activity)> {
        self.activities
            .iter()
            .enumerate()
            .find(|(_, a)| a.key == key)
            .map(|(i, a)| (i as u8 + 1, a))
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

    /// What a workbook cannot hold is refused in JSON too, so that either form exported
    /// reads back as the same version; a field missing is told once.
    #[test]
    fn json_is_held_to_what_a_workbook_can_hold() {
        let mut v: serde_json::Value = serde_json::from_str(BUILT_IN_JSON).unwrap();
        v["activities"][0]["descriptors"]["1"][0] = "Two\nlines".into();
        v["activities"][1]["descriptors"]["2"][0] = "• Marked".into();
        v.as_object_mut().unwrap().remove("date");
        let p = Framework::from_json(&v.to_string()).unwrap_err();
        let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert_eq!(messages[0], "The date is missing.");
        assert!(
            messages[1].contains("over more than one line"),
            "{}",
            messages[1]
        );
        assert!(
            messages[2].contains("begins with a bullet mark"),
            "{}",
            messages[2]
        );
        assert!(
            starts_with_mark("– dash")
                && !starts_with_mark("-ish")
                && !starts_with_mark("Well-run")
        );
        assert_eq!(without_mark("  •  No plan"), "No plan");
    }

    #[test]
    fn levels_out_of_order_are_one_problem_saying_the_order() {
        let mut f = Framework::built_in();
        f.levels.swap(0, 1);
        let p = f.problems();
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].field, "levels[0].level");
        assert!(
            p[0].message.ends_with("they are listed 2, 1, 3, 4, 5."),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn a_framework_missing_a_level_is_refused() {
        let mut v: serde_json::Value = serde_json::from_str(BUILT_IN_JSON).unwrap();
        v["activities"][2]["descriptors"]
            .as_object_mut()
            .unwrap()
            .remove("4");
        let err = Framework::from_json(&v.to_string()).unwrap_err();
        assert_eq!(
            err,
            [FieldError::new(
                "activities[2].descriptors.4",
                "Activity 3 (Administration) must have at least one bullet at level 4."
            )]
        );
    }

    /// A bad file is told every problem at once, each naming its field and rule.
    #[test]
    fn every_problem_in_a_framework_file_is_named() {
        let mut v: serde_json::Value = serde_json::from_str(BUILT_IN_JSON).unwrap();
        v["version"] = "".into();
        v["date"] = " ".into();
        v["activities"][1]["key"] = "planning-and-governance".into();
        v["activities"][3]["key"] = "Managing Relationships".into();
        v["activities"][4]["purpose"] = "".into();
        v["activities"][5]["descriptors"]["2"] = serde_json::json!(["fine", " "]);
        v["activities"][6]["descriptors"]["6"] = serde_json::json!(["beyond the top"]);
        v["activities"][7]["name"] = "people".into();
        let fields: Vec<String> = Framework::from_json(&v.to_string())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "version",
                "date",
                "activities[1].key",
                "activities[3].key",
                "activities[4].purpose",
                "activities[5].descriptors.2",
                "activities[6].descriptors.6",
                "activities[7].name",
            ]
        );
    }

    #[test]
    fn text_that_is_not_json_or_not_an_object_is_one_problem_on_the_file() {
        let err = Framework::from_json("{\"title\": ").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].field, "file");
        assert!(err[0].message.contains("line 1"), "{}", err[0].message);
        let err = Framework::from_json("[1, 2]").unwrap_err();
        assert_eq!(err[0].field, "file");
        assert!(
            err[0].message.contains("framework.schema.json"),
            "{}",
            err[0].message
        );
    }

    /// A file with fields missing, misspelt or of the wrong kind is told every one of
    /// them, naming the activity, as well as every rule it breaks (helper trial, 1 December
    /// 2026: only the first came back, as serde words it).
    #[test]
    fn every_missing_or_misshapen_field_is_named_at_once() {
        let mut v: serde_json::Value = serde_json::from_str(BUILT_IN_JSON).unwrap();
        v.as_object_mut().unwrap().remove("title");
        v["activities"][2].as_object_mut().unwrap().remove("key");
        v["activities"][3]
            .as_object_mut()
            .unwrap()
            .remove("purpose");
        v["activities"][4]["descripters"] = serde_json::json!({});
        v["activities"][5]["descriptors"]["4"] = serde_json::json!("one bullet");
        v["levels"][1]["level"] = "2".into();
        let err = Framework::from_json(&v.to_string()).unwrap_err();
        let said: Vec<(&str, &str)> = err
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        for expected in [
            ("title", "The title is missing."),
            ("levels[1].level", "Level 2 must say which level it is: a whole number from 1 to 5."),
            ("activities[2].key", "Activity 3 (Administration) has no key."),
            ("activities[3].purpose", "Activity 4 (Managing relationships)'s purpose is missing."),
            ("activities[4].descripters", "Activity 5 (Managing performance) has a field \"descripters\", which a framework file does not have (framework.schema.json)."),
            ("activities[5].descriptors.4", "Activity 6 (Payment and incentives)'s bullets at level 4 must be a list, in square brackets."),
        ] {
            assert!(said.contains(&expected), "{expected:?} in {said:#?}");
        }
    }

    #[test]
    fn names_purposes_and_bullets_are_kept_trimmed_and_versions_in_lower_case() {
        let mut v: serde_json::Value = serde_json::from_str(BUILT_IN_JSON).unwrap();
        v["activities"][0]["name"] = "  Planning and governance\n".into();
        v["activities"][0]["descriptors"]["1"][0] = " No governance processes or systems ".into();
        let f = Framework::from_json(&v.to_string()).unwrap();
        assert_eq!(f.activities[0].name, "Planning and governance");
        assert_eq!(
            f.activities[0].descriptors["1"][0],
            "No governance processes or systems"
        );
        for bad in ["KCC-2027-04", "..", "-x", ""] {
            v["version"] = bad.into();
            let err = Framework::from_json(&v.to_string()).unwrap_err();
            assert_eq!(err[0].field, "version", "{bad}");
        }
    }

    /// docs/framework.schema.json documents every field a framework file has: a field
    /// added to the form without documenting it fails here.
    #[test]
    fn the_documented_schema_names_every_field_of_a_framework_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/framework.schema.json"
        );
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let file = serde_json::to_value(Framework::built_in()).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(&file), keys(&schema["properties"]));
        assert_eq!(
            keys(&file["activities"][0]),
            keys(&schema["properties"]["activities"]["items"]["properties"])
        );
        assert_eq!(
            keys(&file["levels"][0]),
            keys(&schema["properties"]["levels"]["items"]["properties"])
        );
        assert_eq!(
            schema["properties"]["activities"]["maxItems"],
            serde_json::json!(MAX_ACTIVITIES)
        );
    }

    #[test]
    fn activity_keys_are_lower_case_words_joined_by_hyphens() {
        for good in ["people", "risk-2", "planning-and-governance", "a"] {
            assert!(is_activity_key(good), "{good}");
        }
        for bad in [
            "", "-risk", "risk-", "risk--2", "Risk", "risk and", "ris_k", "rísk",
        ] {
            assert!(!is_activity_key(bad), "{bad}");
        }
    }

    #[test]
    fn built_in_keys_are_the_names_hyphenated() {
        let f = Framework::built_in();
        for a in &f.activities {
            assert_eq!(a.key, a.name.to_lowercase().replace(' ', "-"));
        }
        assert_eq!(f.activity("risk").map(|(p, _)| p), Some(7));
        assert!(f.activity("social-value").is_none());
    }
}
