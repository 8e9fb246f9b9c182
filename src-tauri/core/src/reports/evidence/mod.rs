//! Supporting evidence: what a file can be attached to, the size limit, hashing, and the
//! completeness check before submission. The bytes themselves live in the database
//! (`store::evidence`), content-addressed by SHA-256.

pub(crate) mod store;

use crate::framework::{not_an_activity, ActivityRef, Section, MAX_ACTIVITIES};
use crate::kernel::error::FieldError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::io::{Read, Write};

/// The two annexes the template requires with every report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Annex {
    ContractManagementPlan,
    ContractHandbook,
}

impl Annex {
    pub const ALL: [Annex; 2] = [Annex::ContractManagementPlan, Annex::ContractHandbook];

    pub fn as_str(self) -> &'static str {
        match self {
            Annex::ContractManagementPlan => "contract_management_plan",
            Annex::ContractHandbook => "contract_handbook",
        }
    }

    pub fn parse(s: &str) -> Option<Annex> {
        Annex::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// "contract management plan", as it reads inside a sentence.
    pub fn name(self) -> &'static str {
        match self {
            Annex::ContractManagementPlan => "contract management plan",
            Annex::ContractHandbook => "contract handbook",
        }
    }
}

/// What a file is attached to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvidenceTarget {
    /// An activity of the report's framework, by its position: 1 to N (8 in the council's
    /// 2016 matrix).
    Activity {
        activity: u8,
    },
    /// A section of the report, 1 to 12.
    Section {
        section: u8,
    },
    /// A row of a table in a section: a KPI, a risk, a change. `row` is the row's own
    /// label as people see it, for example "KPI 3: calls answered in 20 seconds".
    Row {
        section: u8,
        row: String,
    },
    Annex {
        annex: Annex,
    },
}

pub const SECTION_COUNT: u8 = 12;

impl EvidenceTarget {
    /// Refuses a target that cannot exist in any report: an activity beyond the most a
    /// framework may have ([`MAX_ACTIVITIES`]), a section not 1 to 12, a blank row.
    /// [`EvidenceTarget::validate_for`] checks the activity against a report's framework.
    pub fn validate(&self) -> Result<(), FieldError> {
        let bad = |m: String| Err(FieldError::new("target", m));
        match self {
            EvidenceTarget::Activity { activity }
                if !(1..=MAX_ACTIVITIES).contains(&usize::from(*activity)) =>
            {
                bad(format!(
                    "Activity must be 1 to {MAX_ACTIVITIES}, not {activity}"
                ))
            }
            EvidenceTarget::Section { section } | EvidenceTarget::Row { section, .. }
                if !(1..=SECTION_COUNT).contains(section) =>
            {
                bad(format!("Section must be 1 to 12, not {section}"))
            }
            EvidenceTarget::Row { row, .. } if row.trim().is_empty() => {
                bad("Say which row of the table the file is for".into())
            }
            EvidenceTarget::Row { row, .. } if row.chars().count() > 300 => {
                bad("The row's name must be 300 characters or fewer".into())
            }
            _ => Ok(()),
        }
    }

    /// As [`EvidenceTarget::validate`], and an activity must be one of the `activities`
    /// of the report's framework.
    pub fn validate_for(&self, activities: u8) -> Result<(), FieldError> {
        self.validate()?;
        match self {
            EvidenceTarget::Activity { activity } if *activity > activities => Err(
                FieldError::new("target", not_an_activity(*activity, activities)),
            ),
            _ => Ok(()),
        }
    }

    /// Stored as (kind, number, row).
    pub fn to_columns(&self) -> (&'static str, i64, String) {
        match self {
            EvidenceTarget::Activity { activity } => ("activity", *activity as i64, String::new()),
            EvidenceTarget::Section { section } => ("section", *section as i64, String::new()),
            EvidenceTarget::Row { section, row } => ("row", *section as i64, row.trim().to_owned()),
            EvidenceTarget::Annex { annex } => ("annex", 0, annex.as_str().to_owned()),
        }
    }

    pub fn from_columns(kind: &str, number: i64, row: String) -> Option<EvidenceTarget> {
        let n = u8::try_from(number).ok()?;
        let t = match kind {
            "activity" => EvidenceTarget::Activity { activity: n },
            "section" => EvidenceTarget::Section { section: n },
            "row" => EvidenceTarget::Row { section: n, row },
            "annex" => EvidenceTarget::Annex {
                annex: Annex::parse(&row)?,
            },
            _ => return None,
        };
        t.validate().ok().map(|_| t)
    }

    /// How people see it: "Activity 3: Administration", "Section 5, KPI 1", with the
    /// activity named as the report's framework (`activities`, in its order) names it.
    pub fn describe(&self, activities: &[ActivityRef]) -> String {
        match self {
            EvidenceTarget::Activity { activity } => {
                match activities.get(usize::from(*activity).wrapping_sub(1)) {
                    Some(a) => format!("Activity {activity}: {}", a.name),
                    None => format!("Activity {activity}"),
                }
            }
            EvidenceTarget::Section { section } => format!("Section {section}"),
            EvidenceTarget::Row { section, row } => format!("Section {section}, {row}"),
            EvidenceTarget::Annex { annex } => format!("Annex: {}", annex.name()),
        }
    }
}

/// One attached file as the app lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EvidenceItem {
    pub id: i64,
    pub target: EvidenceTarget,
    /// "Activity 3: Administration", for lists.
    pub target_label: String,
    pub file_name: String,
    pub description: String,
    /// Bytes.
    pub size: u64,
    pub sha256: String,
    pub added_at: String,
}

/// The size limit for one file, in megabytes (10^6 bytes).
pub const DEFAULT_LIMIT_MB: u64 = 250;
/// SQLite cannot hold a value over 1,000,000,000 bytes.
pub const MAX_LIMIT_MB: u64 = 900;

pub fn validate_limit_mb(mb: i64) -> Result<u64, FieldError> {
    if (1..=MAX_LIMIT_MB as i64).contains(&mb) {
        Ok(mb as u64)
    } else {
        Err(limit_rule())
    }
}

/// The size limit as an officer types it: "250", or "250 MB". Errors: the rule on
/// `limit_mb` for anything else ("1.5", "abc", "") and for a number out of range.
pub fn parse_limit_mb(typed: &str) -> Result<u64, FieldError> {
    let t = typed.trim();
    let digits = t
        .strip_suffix("MB")
        .or_else(|| t.strip_suffix("mb"))
        .or_else(|| t.strip_suffix("Mb"))
        .unwrap_or(t)
        .trim_end();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(limit_rule());
    }
    validate_limit_mb(digits.parse().unwrap_or(i64::MAX))
}

fn limit_rule() -> FieldError {
    FieldError::new(
        "limit_mb",
        format!("The size limit must be a whole number of megabytes from 1 to {MAX_LIMIT_MB}"),
    )
}

pub fn validate_description(d: &str) -> Result<String, FieldError> {
    let d = d.trim();
    if d.chars().count() > 500 {
        Err(FieldError::new(
            "description",
            "The description must be 500 characters or fewer",
        ))
    } else {
        Ok(d.to_owned())
    }
}

/// Lower-case hex, as SHA-256 sums are written.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Chunk size for streaming files in and out of the database.
pub const CHUNK: usize = 1 << 20;

/// Copies everything `reader` gives into `writer` a chunk at a time, so a large file is
/// never held whole and SQLite's blob I/O gets few, large writes. Returns the bytes copied.
pub fn copy_chunked(mut reader: impl Read, mut writer: impl Write) -> std::io::Result<u64> {
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(total);
        }
        writer.write_all(&buf[..n])?;
        total += n as u64;
    }
}

/// How much of a file being added is written in one write transaction (4 MiB): a few
/// milliseconds' work, so a save waiting for its turn between two parts barely waits.
pub const PART: usize = 4 << 20;

/// Passes writes on to `inner`, hashing every byte that goes through.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The SHA-256 of everything written, in hex.
    pub fn finish(self) -> String {
        hex(&self.hasher.finalize())
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// SHA-256 and length of everything `reader` gives, read a chunk at a time.
pub fn hash_reader(reader: impl Read) -> std::io::Result<(String, u64)> {
    let mut sink = HashingWriter::new(std::io::sink());
    let n = copy_chunked(reader, &mut sink)?;
    Ok((sink.finish(), n))
}

/// What is still missing before a report is submitted. Submission with gaps is
/// allowed; the gaps go with the report to the sub-group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Completeness {
    /// Activities (1 to 8) with no evidence attached.
    pub activities_without_evidence: Vec<u8>,
    pub missing_annexes: Vec<Annex>,
    /// Sections (1 to 12) not complete, with their titles.
    pub incomplete_sections: Vec<IncompleteSection>,
    /// One sentence per gap, as the app, the pack and the sub-group show them, with the
    /// place to put it right; empty when nothing is missing.
    pub gaps: Vec<Gap>,
}

/// One thing missing from a report, named as the screens name it ("No evidence for
/// People", never "activity 2").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Gap {
    pub text: String,
    /// Where to put it right: the section to open, or `None` for evidence and the
    /// annexes (the evidence page).
    pub section: Option<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IncompleteSection {
    pub section: Section,
    pub title: String,
}

impl Completeness {
    /// `activity_names` are the report's framework's activities, first to last, so each gap
    /// reads as the screens read.
    pub fn new(
        activities_without_evidence: Vec<u8>,
        missing_annexes: Vec<Annex>,
        incomplete_sections: Vec<IncompleteSection>,
        activity_names: &[String],
    ) -> Completeness {
        let evidence = |text: String| Gap {
            text,
            section: None,
        };
        let gaps = incomplete_sections
            .iter()
            .map(|s| Gap {
                text: format!(
                    "Section {}, {}, is not complete",
                    s.section.number(),
                    s.title
                ),
                section: Some(s.section),
            })
            .chain(activities_without_evidence.iter().map(|a| {
                let name = activity_names
                    .get(usize::from(*a).wrapping_sub(1))
                    .cloned()
                    .unwrap_or_else(|| format!("activity {a}"));
                evidence(format!("No evidence for {name}"))
            }))
            .chain(
                missing_annexes
                    .iter()
                    .map(|a| evidence(format!("The {} annex is not attached", a.name()))),
            )
            .collect();
        Completeness {
            activities_without_evidence,
            missing_annexes,
            incomplete_sections,
            gaps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_through_columns_and_bad_ones_are_refused() {
        for t in [
            EvidenceTarget::Activity { activity: 3 },
            EvidenceTarget::Section { section: 12 },
            EvidenceTarget::Row {
                section: 5,
                row: "KPI 1".into(),
            },
            EvidenceTarget::Annex {
                annex: Annex::ContractHandbook,
            },
        ] {
            let (k, n, r) = t.to_columns();
            assert_eq!(EvidenceTarget::from_columns(k, n, r), Some(t));
        }
        assert!(EvidenceTarget::Activity { activity: 31 }
            .validate()
            .is_err());
        // A revised framework's ninth activity, on a report made on it and on one not.
        let ninth = EvidenceTarget::Activity { activity: 9 };
        assert!(ninth.validate_for(9).is_ok());
        assert_eq!(
            ninth.validate_for(8).unwrap_err().message,
            "Activity 9 is not one of the 8 activities of this report's framework"
        );
        assert!(EvidenceTarget::Section { section: 0 }.validate().is_err());
        assert!(EvidenceTarget::Row {
            section: 5,
            row: " ".into()
        }
        .validate()
        .is_err());
        assert_eq!(
            EvidenceTarget::Activity { activity: 3 }
                .describe(&crate::framework::Framework::built_in().activity_refs()),
            "Activity 3: Administration"
        );
        assert_eq!(
            EvidenceTarget::Activity { activity: 9 }.describe(&[]),
            "Activity 9"
        );
    }

    #[test]
    fn hashing_streams_and_matches_the_known_sum() {
        let (h, n) = hash_reader(&b"hello world"[..]).unwrap();
        assert_eq!(
            h,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(n, 11);
        assert_eq!(sha256_hex(b"hello world"), h);
    }

    #[test]
    fn limit_is_checked() {
        assert_eq!(validate_limit_mb(250), Ok(250));
        assert!(validate_limit_mb(0).is_err());
        assert!(validate_limit_mb(901).is_err());
    }

    #[test]
    fn the_limit_is_read_as_typed_and_anything_else_gets_the_rule() {
        for (typed, mb) in [("250", 250), (" 900 ", 900), ("250 MB", 250), ("1mb", 1)] {
            assert_eq!(parse_limit_mb(typed), Ok(mb), "{typed}");
        }
        for typed in [
            "",
            "abc",
            "1.5",
            "-5",
            "0",
            "901",
            "250 GB",
            "99999999999999999999",
        ] {
            let e = parse_limit_mb(typed).unwrap_err();
            assert_eq!(e.field, "limit_mb", "{typed}");
            assert_eq!(
                e.message, "The size limit must be a whole number of megabytes from 1 to 900",
                "{typed}"
            );
        }
    }
}
