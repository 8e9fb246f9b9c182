//! The sealed form of a report: one document holding every field of every section, the
//! framework version and the SHA-256 of every evidence file. Its canonical serialisation
//! (RFC 8785, JSON Canonicalization Scheme) is what the contract owner signs, and its
//! SHA-256 is the seal. The same document, as JSON, is `report.json` in a submission file;
//! `docs/submission-format.md` and `docs/report.schema.json` describe it.

pub(crate) mod store;

use crate::contracts::ContractDetails;
use crate::framework::Section;
use crate::organisation::COUNCIL;
use crate::reports::attestation::STATEMENTS;
use crate::reports::evidence::{sha256_hex, EvidenceTarget};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;
use std::collections::BTreeMap;

/// The `format` field of every report document.
pub const FORMAT: &str = "cmm-report";
/// The newest version of the document format this build writes and reads. Version 2 added
/// the Performance Dashboard's columns to Section 5's indicators (frequency, year to date,
/// previous year, activity indicators, commentary); a report that uses none of them is
/// written as version 1, which describes it exactly, so every report sealed before version
/// 2 keeps its seal. This build reads both.
pub const FORMAT_VERSION: u32 = 2;

/// The lowest format version that holds `sections` (Sections 4 to 12 as stored, keyed by
/// section number): 2 when Section 5 uses the dashboard's columns, otherwise 1.
pub fn format_version_for(sections: &BTreeMap<String, Value>) -> u32 {
    match sections.get("5") {
        Some(s) if crate::reports::sections::operational::uses_dashboard_columns(s) => 2,
        _ => 1,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportDocument {
    pub format: String,
    pub format_version: u32,
    /// The report's identity, the same in every version and on every machine.
    pub uid: String,
    pub version: u32,
    pub title: String,
    pub meeting_date: Option<NaiveDate>,
    pub framework_version: String,
    /// Section 1, one entry per contract the report covers.
    pub contracts: Vec<ContractDetails>,
    /// Section 2: the overall row (activity 0), then activities 1 to 8.
    pub assessment: Vec<AssessmentRecord>,
    /// Section 3.
    pub attestation: AttestationRecord,
    /// Sections 4 to 12 as stored, keyed by section number.
    pub sections: BTreeMap<String, Value>,
    pub evidence: Vec<EvidenceRecord>,
    /// Who signed and when; `None` until signed.
    pub signature: Option<Signature>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecord {
    pub activity: u8,
    pub current_level: Option<u8>,
    pub target_level: Option<u8>,
    pub rationale: String,
    pub below_current_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationRecord {
    pub owner_name: String,
    pub position: String,
    pub owner_since: Option<NaiveDate>,
    /// 0 or 1 for each of the seven statements: which of its two options was chosen.
    pub choices: Vec<Option<u8>>,
    /// The statements as answered, in words, for anyone reading the file.
    pub statements: Vec<String>,
}

impl AttestationRecord {
    /// The council's short name as the signed statements word it; see
    /// [`crate::reports::attestation::council_in`].
    pub fn council(&self) -> Option<&str> {
        self.statements
            .get(3)
            .and_then(|s| crate::reports::attestation::council_in(s))
    }

    /// The attestation with its statements in words, the council named by its short name
    /// `council` as the statements word it ("KCC's rights under the contract(s)").
    pub fn new(
        owner_name: String,
        position: String,
        owner_since: Option<NaiveDate>,
        choices: [Option<u8>; 7],
        council: &str,
    ) -> Self {
        let statements = STATEMENTS
            .iter()
            .zip(choices)
            .map(|(s, c)| match c {
                Some(c) => s.answered(c as usize, council),
                None => s.template(council),
            })
            .collect();
        AttestationRecord {
            owner_name,
            position,
            owner_since,
            choices: choices.to_vec(),
            statements,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecord {
    pub target: EvidenceTarget,
    pub file_name: String,
    pub description: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub signed_by: String,
    pub position: String,
    /// UTC, RFC 3339.
    pub signed_at: String,
}

impl ReportDocument {
    /// The canonical bytes (RFC 8785): the same document gives the same bytes on every
    /// machine, whatever order its maps were built in.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json_canonicalizer::to_vec(self).expect("a report document always serialises")
    }

    /// The seal: SHA-256 of the canonical bytes, in hex.
    pub fn seal(&self) -> String {
        sha256_hex(&self.canonical())
    }
}

/// "Section 7 (Fulfilment of KCC's obligations)", the council named by its short name
/// `council` as the signed statements name it.
fn section_title(n: u8, council: &str) -> String {
    Section::new(n)
        .map(|s| format!("Section {n} ({})", s.title().replace(COUNCIL, council)))
        .unwrap_or_else(|| format!("Section {n}"))
}

/// Says, in words, what differs between the document as signed and as it is now, naming
/// activities as the report's framework (`activities`, in its order) names them.
pub fn differences(
    signed: &ReportDocument,
    now: &ReportDocument,
    activities: &[crate::framework::ActivityRef],
) -> Vec<String> {
    let council = signed.attestation.council().unwrap_or("the council");
    let section_title = |n: u8| section_title(n, council);
    let mut out = Vec::new();
    if (
        &signed.title,
        &signed.meeting_date,
        &signed.framework_version,
        &signed.uid,
        signed.version,
    ) != (
        &now.title,
        &now.meeting_date,
        &now.framework_version,
        &now.uid,
        now.version,
    ) {
        out.push("The report's title, meeting date, framework or version changed".to_owned());
    }
    if signed.contracts != now.contracts {
        out.push(format!("{} changed", section_title(1)));
    }
    let last = signed
        .assessment
        .iter()
        .chain(&now.assessment)
        .map(|r| r.activity)
        .max()
        .unwrap_or(0);
    for a in 0..=last {
        let find = |d: &ReportDocument| d.assessment.iter().find(|r| r.activity == a).cloned();
        if find(signed) != find(now) {
            out.push(if a == 0 {
                format!("{}: the overall row changed", section_title(2))
            } else {
                format!(
                    "{}: {} changed",
                    section_title(2),
                    EvidenceTarget::Activity { activity: a }.describe(activities)
                )
            });
        }
    }
    if signed.attestation != now.attestation || signed.signature != now.signature {
        out.push(format!("{} changed", section_title(3)));
    }
    // Compared as the seal sees them, canonically: a stored 95.0 and the signed copy's 95
    // are the same number, though serde_json's values differ.
    let canonical = |d: &ReportDocument, k: &str| {
        d.sections
            .get(k)
            .map(|v| serde_json_canonicalizer::to_vec(v).unwrap_or_default())
    };
    for n in 4..=12u8 {
        let k = n.to_string();
        if canonical(signed, &k) != canonical(now, &k) {
            out.push(format!("{} changed", section_title(n)));
        }
    }
    for (from, to, what) in [
        (signed, now, "was removed or changed"),
        (now, signed, "was added"),
    ] {
        for e in from.evidence.iter().filter(|e| !to.evidence.contains(e)) {
            out.push(format!(
                "Evidence file \"{}\" ({}) {what}",
                e.file_name,
                e.target.describe(activities)
            ));
        }
    }
    out
}

/// Whether a report is signed, and whether it is still as signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SealState {
    NotSigned,
    /// Signed, and every field and evidence file is as it was.
    Intact,
    /// Signed, but something has changed since: "changed after attestation".
    ChangedAfterAttestation,
}

/// What the app and the command-line tool show about a report's attestation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SealStatus {
    pub state: SealState,
    pub signature: Option<Signature>,
    /// SHA-256 of the canonical report, in hex.
    pub seal: Option<String>,
    /// Where the signed report came from: signed here, or imported from a submission file.
    pub imported: bool,
    /// What changed, in words, where that can be told.
    pub changes: Vec<String>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> ReportDocument {
        ReportDocument {
            format: FORMAT.into(),
            format_version: 1,
            uid: "0123456789abcdef0123456789abcdef".into(),
            version: 1,
            title: "Highways term maintenance".into(),
            meeting_date: NaiveDate::from_ymd_opt(2026, 12, 3),
            framework_version: "kcc-2016-09".into(),
            contracts: vec![],
            assessment: vec![AssessmentRecord {
                activity: 1,
                current_level: Some(3),
                target_level: Some(4),
                rationale: "Plan in place — reviewed quarterly; £1,200 “saved”".into(),
                below_current_reason: String::new(),
            }],
            attestation: AttestationRecord::new(
                "Rebecca Spore".into(),
                "Director".into(),
                None,
                [Some(0); 7],
                "KCC",
            ),
            sections: BTreeMap::from([(
                "5".to_owned(),
                serde_json::json!({"z": 1, "a": [1, 2], "m": {"y": "é", "b": null}}),
            )]),
            evidence: vec![],
            signature: None,
        }
    }

    #[test]
    fn the_seal_is_fixed_for_a_fixed_document() {
        // The same bytes on every machine and every run: a changed expected value here
        // means every seal ever made would stop verifying.
        let d = sample();
        let text = String::from_utf8(d.canonical()).unwrap();
        assert!(text.starts_with("{\"assessment\":[{\"activity\":1,"));
        assert!(text.contains("\"m\":{\"b\":null,\"y\":\"é\"},\"z\":1"));
        assert_eq!(d.seal(), d.clone().seal());
        assert_eq!(
            d.seal(),
            "f8babee9ee8742e541e2ec46a9e9efe9b46dec9f62561f5eff377fae1f65d3db"
        );
    }

    #[test]
    fn map_order_does_not_change_the_seal() {
        let a = sample();
        let mut b = sample();
        b.sections.insert(
            "5".into(),
            serde_json::from_str(r#"{"m": {"b": null, "y": "é"}, "a": [1, 2], "z": 1}"#).unwrap(),
        );
        assert_eq!(a.seal(), b.seal());
        b.sections
            .insert("5".into(), serde_json::json!({"a": [2, 1]}));
        assert_ne!(a.seal(), b.seal());
        assert_eq!(
            differences(
                &a,
                &b,
                &crate::framework::Framework::built_in().activity_refs()
            ),
            ["Section 5 (Operational performance) changed"]
        );
    }

    #[test]
    fn a_number_written_as_95_or_95_point_0_is_no_change() {
        // The stored section has 95.0 (serde's f64); the signed copy, read back from its
        // canonical form, has 95. Only a real change may be reported.
        let mut a = sample();
        a.sections
            .insert("5".into(), serde_json::json!({"target": 95.0}));
        let b: ReportDocument = serde_json::from_slice(&a.canonical()).unwrap();
        assert_ne!(a.sections, b.sections, "serde_json sees them as different");
        assert_eq!(a.seal(), b.seal());
        assert!(
            differences(
                &a,
                &b,
                &crate::framework::Framework::built_in().activity_refs()
            )
            .is_empty(),
            "{:?}",
            differences(
                &a,
                &b,
                &crate::framework::Framework::built_in().activity_refs()
            )
        );
    }
}
