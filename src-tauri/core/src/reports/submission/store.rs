//! Exporting a signed report as a submission file, and checking and importing one.

use crate::contracts::ContractInput;
use crate::framework::{Framework, Section, BUILT_IN_VERSION};
use crate::kernel::error::{CoreError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use crate::reports::evidence::store::{
    content_stored, drop_uploads, keep_upload, read_blob, SourceRules, Upload,
};
use crate::reports::evidence::{hash_reader, sha256_hex};
use crate::reports::seal::store::{build_document, check_seal, insert_seal, seal_row};
use crate::reports::seal::{format_version_for, ReportDocument, SealState, FORMAT, FORMAT_VERSION};
use crate::reports::sections::financial::Financial;
use crate::reports::sections::operational::{Indicator, Operational};
use crate::reports::sections::risk::RiskRegister;
use crate::reports::sections::schema::{schema, SectionValues};
use crate::reports::submission::{
    entry_kind, is_sha256, printable, EntryKind, ImportOutcome, Manifest, ManifestFile,
    SubmissionSummary, EVIDENCE_DIR, FRAMEWORK_NAME, MANIFEST_FORMAT, MANIFEST_NAME,
    MANIFEST_VERSION, MAX_ENTRIES, MAX_JSON_BYTES, MAX_RATIO, REPORT_NAME,
};
use rusqlite::{params, OptionalExtension};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Seek, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

fn reject(msg: impl Into<String>) -> CoreError {
    CoreError::SubmissionRejected(msg.into())
}

/// A refusal whose cause is the zip or I/O library's own wording (type names, offsets):
/// that goes to the log for whoever supports the app, and the officer reads `msg`.
fn reject_because(msg: String, cause: impl std::fmt::Display) -> CoreError {
    log::info!("submission refused: {msg} ({cause})");
    reject(msg)
}

fn summary(doc: &ReportDocument, seal: &str) -> SubmissionSummary {
    let sig = doc
        .signature
        .clone()
        .unwrap_or_else(|| crate::reports::seal::Signature {
            signed_by: String::new(),
            position: String::new(),
            signed_at: String::new(),
        });
    let mut distinct: BTreeMap<&str, u64> = BTreeMap::new();
    for e in &doc.evidence {
        distinct.insert(&e.sha256, e.size);
    }
    SubmissionSummary {
        outcome: None,
        report_id: None,
        uid: doc.uid.clone(),
        version: doc.version,
        title: doc.title.clone(),
        contracts: doc
            .contracts
            .iter()
            .map(|c| format!("{} ({})", c.name, c.reference))
            .collect(),
        signed_by: sig.signed_by,
        signed_at: sig.signed_at,
        seal: seal.to_owned(),
        evidence_files: doc.evidence.len() as u32,
        evidence_bytes: distinct.values().sum(),
        framework_version: doc.framework_version.clone(),
        framework_new: false,
    }
}

/// A submission file opened and checked, all but the evidence bytes, which are checked
/// as they stream (into the database on import, through the hasher on verify).
struct Opened<R> {
    archive: ZipArchive<R>,
    manifest: Manifest,
    doc: ReportDocument,
    /// The report's framework version, where the file carries it.
    framework: Option<Framework>,
    /// Archive index of each evidence entry, by SHA-256.
    entries: BTreeMap<String, usize>,
}

fn read_entry<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    name: &str,
) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    archive
        .by_index(index)
        .and_then(|f| {
            f.take(MAX_JSON_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(Into::into)
        })
        .map_err(|e| reject_because(format!("{name} is damaged or cut short."), e))?;
    Ok(bytes)
}

/// Parses `manifest.json` or `report.json`, first checking its `format_version` (1 to
/// `newest`) so that a file from a newer app is told apart from a damaged one.
fn parse_versioned<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    newest: u32,
    noun: &str,
    file: &str,
) -> Result<T> {
    let found = serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|v| v.get("format_version")?.as_u64());
    match found {
        Some(v) if (1..=u64::from(newest)).contains(&v) => {}
        Some(v) => {
            let reads = match newest {
                1 => "version 1".to_owned(),
                n => format!("versions 1 to {n}"),
            };
            return Err(reject(format!(
                "its {noun} is format version {v}, and this app reads {reads}. It may come from a newer version of the app."
            )));
        }
        None => {
            return Err(reject(format!(
                "its {file} is not a {noun} this app can read."
            )))
        }
    }
    serde_json::from_slice(bytes).map_err(|e| {
        reject_because(
            format!("its {file} is not laid out as this app writes it."),
            e,
        )
    })
}

fn open_submission<R: Read + Seek>(reader: R, limit: u64) -> Result<Opened<R>> {
    let mut archive = ZipArchive::new(reader).map_err(|e| {
        reject_because(
            "it is not a complete submission file. It may have been cut short while being copied or emailed; ask for it to be sent again.".into(),
            e,
        )
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(reject(format!(
            "it has {} entries, and a submission file has at most {MAX_ENTRIES}.",
            archive.len()
        )));
    }
    let (mut manifest_at, mut report_at, mut framework_at) = (None, None, None);
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let f = archive
            .by_index_raw(i)
            .map_err(|e| reject_because(format!("entry {} cannot be read.", i + 1), e))?;
        let name = f
            .name()
            .map_err(|_| reject(format!("entry {} has a name that cannot be read.", i + 1)))?
            .into_owned();
        if f.encrypted() {
            return Err(reject(format!("\"{}\" is encrypted.", printable(&name))));
        }
        let kind = entry_kind(&name).map_err(|m| reject(format!("{m}.")))?;
        let (size, packed) = (f.size(), f.compressed_size());
        let max = match kind {
            EntryKind::Evidence(_) => limit,
            _ => MAX_JSON_BYTES,
        };
        if size > max {
            return Err(reject(format!(
                "\"{name}\" is {:.1} MB, over the limit of {:.0} MB.",
                size as f64 / 1e6,
                max as f64 / 1e6
            )));
        }
        if size > 1_000_000 && size / packed.max(1) > MAX_RATIO {
            return Err(reject(format!(
                "\"{name}\" is compressed more than {MAX_RATIO} to 1, as a zip bomb would be."
            )));
        }
        let slot = match kind {
            EntryKind::Manifest => manifest_at.replace(i),
            EntryKind::Report => report_at.replace(i),
            EntryKind::Framework => framework_at.replace(i),
            EntryKind::Evidence(h) => entries.insert(h, i),
        };
        if slot.is_some() {
            return Err(reject(format!("\"{name}\" appears twice.")));
        }
    }
    let manifest_at = manifest_at.ok_or_else(|| reject("it has no manifest.json."))?;
    let report_at = report_at.ok_or_else(|| reject("it has no report.json."))?;

    let bytes = read_entry(&mut archive, manifest_at, MANIFEST_NAME)?;
    let manifest: Manifest = parse_versioned(&bytes, MANIFEST_VERSION, "manifest", MANIFEST_NAME)?;
    if manifest.format != MANIFEST_FORMAT {
        return Err(reject("its manifest.json is not a submission manifest."));
    }

    let bytes = read_entry(&mut archive, report_at, REPORT_NAME)?;
    if sha256_hex(&bytes) != manifest.report_sha256 {
        return Err(reject(
            "report.json does not match the SHA-256 in its manifest: the report was changed after it was exported.",
        ));
    }
    let doc: ReportDocument = parse_versioned(&bytes, FORMAT_VERSION, "report", REPORT_NAME)?;
    if doc.format != FORMAT {
        return Err(reject("its report.json is not a maturity report."));
    }
    let needed = format_version_for(&doc.sections);
    if doc.format_version < needed {
        return Err(reject(format!(
            "its report.json says format version {}, but its Section 5 uses the Performance Dashboard's columns, which need version {needed}.",
            doc.format_version
        )));
    }
    if doc.format_version > needed {
        // This app writes the lowest version that holds the report, so a report it stores
        // reads back as that version: the seal would no longer match.
        return Err(reject(format!(
            "its report.json says format version {}, but nothing in it needs more than version {needed}, which is what this app writes for such a report. It cannot be stored exactly as it was signed; ask for it to be exported again.",
            doc.format_version
        )));
    }
    if doc.signature.is_none() {
        return Err(reject(
            "the report in it has not been signed by its contract owner.",
        ));
    }
    let framework = match (&manifest.framework_sha256, framework_at) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(reject(format!(
                "it holds {FRAMEWORK_NAME}, which its manifest does not list."
            )))
        }
        (Some(_), None) => {
            return Err(reject(format!(
                "it has no {FRAMEWORK_NAME}, which its manifest lists."
            )))
        }
        (Some(_), Some(_)) if manifest.format_version < 2 => {
            return Err(reject(
                "its manifest is version 1, which cannot name a framework.",
            ))
        }
        (Some(h), Some(at)) => {
            let bytes = read_entry(&mut archive, at, FRAMEWORK_NAME)?;
            if &sha256_hex(&bytes) != h {
                return Err(reject(format!(
                    "{FRAMEWORK_NAME} does not match the SHA-256 in its manifest: it was changed after it was exported."
                )));
            }
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| reject(format!("its {FRAMEWORK_NAME} is not UTF-8 text.")))?;
            let f = Framework::from_json(text).map_err(|problems| {
                reject(format!(
                    "the framework in it is not valid: {}.",
                    problems
                        .iter()
                        .map(|p| p.message.trim_end_matches('.').to_owned())
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            })?;
            if f.version != doc.framework_version {
                return Err(reject(format!(
                    "it carries framework version \"{}\", but the report was made on \"{}\".",
                    printable(&f.version),
                    printable(&doc.framework_version)
                )));
            }
            Some(f)
        }
    };
    if doc.seal() != manifest.seal {
        return Err(reject(
            "the report's seal does not match: the report was changed after its contract owner signed it.",
        ));
    }

    let listed: BTreeMap<&str, &ManifestFile> = manifest
        .files
        .iter()
        .map(|f| (f.sha256.as_str(), f))
        .collect();
    for f in &manifest.files {
        if !is_sha256(&f.sha256) || f.path != format!("{EVIDENCE_DIR}{}", f.sha256) {
            return Err(reject(format!(
                "its manifest lists \"{}\", which is not an evidence entry.",
                printable(&f.path)
            )));
        }
        let Some(&at) = entries.get(&f.sha256) else {
            return Err(reject(format!(
                "the evidence file {} listed in its manifest is missing.",
                f.path
            )));
        };
        let size = archive
            .by_index_raw(at)
            .map(|e| e.size())
            .map_err(|e| reject_because(format!("{} cannot be read.", f.path), e))?;
        if size != f.size {
            return Err(reject(format!(
                "{} is {size} bytes, but its manifest says {}.",
                f.path, f.size
            )));
        }
    }
    if listed.len() != manifest.files.len() {
        return Err(reject("its manifest lists an evidence file twice."));
    }
    for h in entries.keys() {
        if !listed.contains_key(h.as_str()) {
            return Err(reject(format!(
                "it holds {EVIDENCE_DIR}{h}, which its manifest does not list."
            )));
        }
    }
    for e in &doc.evidence {
        match listed.get(e.sha256.as_str()) {
            Some(f) if f.size == e.size => {}
            _ => {
                return Err(reject(format!(
                    "the evidence file \"{}\" the report refers to is not in it.",
                    printable(&e.file_name)
                )))
            }
        }
        e.target.validate().map_err(|m| {
            reject(format!(
                "evidence \"{}\": {}.",
                printable(&e.file_name),
                m.message
            ))
        })?;
        if e.file_name.trim().is_empty() || e.file_name.contains(['/', '\\']) {
            return Err(reject("an evidence file in it has no usable file name."));
        }
    }
    Ok(Opened {
        archive,
        manifest,
        doc,
        framework,
        entries,
    })
}

/// Checks the parts of a report that the seal cannot vouch for: that each value is one
/// this app can hold (a seal proves a report was not changed, not that it was well made).
fn check_document(doc: &ReportDocument) -> Result<()> {
    for c in &doc.contracts {
        // Which field breaks which rule, in the words the contract form uses.
        let why = match ContractInput::from(c).validate() {
            Ok(v) if &v == c => continue,
            Ok(_) => "they are not written as this app keeps them".to_owned(),
            Err(errors) => errors
                .iter()
                .map(|e| e.message.trim_end_matches('.').to_owned())
                .collect::<Vec<_>>()
                .join("; "),
        };
        return Err(reject(format!(
            "the details of contract \"{}\" in it are not valid: {why}.",
            printable(&c.reference)
        )));
    }
    if doc.contracts.is_empty() {
        return Err(reject("the report in it covers no contract."));
    }
    // The order the app writes, so the report reads back exactly as signed.
    let order = |e: &crate::reports::seal::EvidenceRecord| {
        let (kind, n, row) = e.target.to_columns();
        let rank = ["annex", "activity", "section", "row"]
            .iter()
            .position(|k| *k == kind);
        (rank, n, row)
    };
    if doc.evidence.windows(2).any(|w| order(&w[0]) > order(&w[1]))
        || doc
            .assessment
            .windows(2)
            .any(|w| w[0].activity >= w[1].activity)
    {
        return Err(reject(
            "the report in it cannot be stored exactly as it was signed: its parts are not in the order this app writes them.",
        ));
    }
    // Rows 0 (overall) to N; N is checked against the report's framework when it is known.
    let mut seen = [false; crate::framework::MAX_ACTIVITIES + 1];
    for a in &doc.assessment {
        let ok_level = |l: Option<u8>| l.is_none_or(|l| (1..=5).contains(&l));
        let i = usize::from(a.activity);
        if i >= seen.len() || seen[i] || !ok_level(a.current_level) || !ok_level(a.target_level) {
            return Err(reject("its maturity assessment (Section 2) is not valid."));
        }
        seen[i] = true;
    }
    let att = &doc.attestation;
    if att.choices.len() != 7 || att.choices.iter().any(|c| c.is_some_and(|c| c > 1)) {
        return Err(reject("its attestation (Section 3) is not valid."));
    }
    for (k, v) in &doc.sections {
        let n: u8 = k.parse().unwrap_or(0);
        let ok = match n {
            5 => match check_operational(v) {
                Ok(()) => true,
                Err(why) => return Err(reject(format!("its Section 5 is not valid: {why}."))),
            },
            6 => serde_json::from_value::<Financial>(v.clone()).is_ok(),
            9 => serde_json::from_value::<RiskRegister>(v.clone()).is_ok(),
            4 | 7 | 8 | 10 | 11 | 12 => serde_json::from_value::<SectionValues>(v.clone())
                .ok()
                .and_then(|s| schema(Section::of(n)).map(|schema| schema.validate(&s).is_ok()))
                .unwrap_or(false),
            _ => false,
        };
        if !ok {
            return Err(reject(format!(
                "section {} in it is not valid.",
                printable(k)
            )));
        }
    }
    Ok(())
}

/// The keys a stored indicator, milestone and Section 5 may have, as this app writes them
/// (`docs/report.schema.json`).
const INDICATOR_KEYS: [&str; 18] = [
    "reference",
    "description",
    "kind",
    "unit",
    "polarity",
    "target",
    "floor",
    "actuals",
    "frequency",
    "measure",
    "numerators",
    "denominators",
    "year_to_date",
    "previous_year",
    "new_indicator",
    "lower_threshold",
    "upper_threshold",
    "commentary",
];
const OPERATIONAL_KEYS: [&str; 4] = ["period_end", "indicators", "milestones", "tables"];
const MILESTONE_KEYS: [&str; 4] = ["description", "due", "achieved", "status"];

/// Section 5 of a report from outside, checked as the window checks what is typed: each
/// indicator read as this app writes one (its fields named where one is not), then every
/// value through the form's own rules (`OperationalInput::validate`), and the result
/// must be the section as given. A seal proves a report was not changed since signing,
/// not that it was made by this app's rules; a report that breaks them would be rated,
/// printed and compared wrongly. Errors: why, in the form's words.
fn check_operational(v: &Value) -> std::result::Result<(), String> {
    let unknown = |o: &serde_json::Map<String, Value>, known: &[&str]| {
        o.keys().find(|k| !known.contains(&k.as_str())).cloned()
    };
    let Some(section) = v.as_object() else {
        return Err("it is not a section".into());
    };
    if let Some(k) = unknown(section, &OPERATIONAL_KEYS) {
        return Err(format!(
            "it has a field \"{}\" this app does not write",
            printable(&k)
        ));
    }
    let rows = v.get("indicators").and_then(Value::as_array);
    for (i, row) in rows.into_iter().flatten().enumerate() {
        let name = row
            .get("reference")
            .and_then(Value::as_str)
            .filter(|r| !r.trim().is_empty())
            .map_or_else(
                || format!("indicator {}", i + 1),
                |r| format!("indicator {} ({})", i + 1, printable(r)),
            );
        if let Some(k) = row.as_object().and_then(|o| unknown(o, &INDICATOR_KEYS)) {
            return Err(format!(
                "{name} has a field \"{}\" this app does not write",
                printable(&k)
            ));
        }
        if let Err(e) = serde_json::from_value::<Indicator>(row.clone()) {
            return Err(format!("{name} cannot be read: {e}"));
        }
    }
    let milestones = v.get("milestones").and_then(Value::as_array);
    for (i, row) in milestones.into_iter().flatten().enumerate() {
        if let Some(k) = row.as_object().and_then(|o| unknown(o, &MILESTONE_KEYS)) {
            return Err(format!(
                "milestone {} has a field \"{}\" this app does not write",
                i + 1,
                printable(&k)
            ));
        }
    }
    let stored: Operational =
        serde_json::from_value(v.clone()).map_err(|e| format!("it cannot be read: {e}"))?;
    let valid = stored.clone().view().input.validate().map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.trim_end_matches('.').to_owned())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    if valid != stored {
        return Err("it is not written as this app writes it (each indicator has twelve months, and a month left empty is written as null)".into());
    }
    Ok(())
}

impl Store {
    /// The report's framework version, from the file or this app: whether this app lacks
    /// it (the file carries it, and importing stores it), after checking the report fits
    /// it (every activity it assesses, and every file attached to an activity, is one of
    /// its activities).
    ///
    /// Errors: `SubmissionRejected` when the version is neither here nor in the file, when
    /// the file's differs from the one stored under its name, or when the report does not
    /// fit it.
    fn check_framework<R>(&self, o: &Opened<R>) -> Result<bool> {
        let doc = &o.doc;
        let (activities, new) = match &o.framework {
            Some(f) => match self.is_framework_stored(f) {
                Ok(stored) => (f.activities.len(), !stored),
                Err(CoreError::Validation(_)) => {
                    return Err(reject(format!(
                        "it carries framework version \"{}\", which differs from the framework this app holds under that name.",
                        printable(&f.version)
                    )))
                }
                Err(e) => return Err(e),
            },
            None => match self.framework(&doc.framework_version) {
                Ok(f) => (f.activities.len(), false),
                Err(CoreError::NotFound { .. }) => {
                    return Err(reject(format!(
                        "the report was made against framework \"{}\", which this app does not have, and the file does not carry it.",
                        printable(&doc.framework_version)
                    )))
                }
                Err(e) => return Err(e),
            },
        };
        let beyond = doc
            .assessment
            .iter()
            .map(|a| usize::from(a.activity))
            .chain(doc.evidence.iter().filter_map(|e| match e.target {
                crate::reports::evidence::EvidenceTarget::Activity { activity } => {
                    Some(usize::from(activity))
                }
                _ => None,
            }))
            .find(|a| *a > activities);
        if let Some(a) = beyond {
            return Err(reject(format!(
                "it refers to activity {a}, but framework \"{}\" has {activities}.",
                printable(&doc.framework_version)
            )));
        }
        Ok(new)
    }
}

/// Streams every evidence entry through SHA-256 and compares it with the manifest.
fn check_evidence_entries<R: Read + Seek>(o: &mut Opened<R>) -> Result<()> {
    for f in &o.manifest.files {
        let entry = open_entry(&mut o.archive, &o.entries, f)?;
        let (h, n) = hash_reader(entry.take(f.size + 1)).map_err(|e| entry_damaged(f, e))?;
        if h != f.sha256 || n != f.size {
            return Err(entry_changed(f));
        }
    }
    Ok(())
}

/// The evidence entry `f` of the submission file, to read.
fn open_entry<'a, R: Read + Seek>(
    archive: &'a mut ZipArchive<R>,
    entries: &BTreeMap<String, usize>,
    f: &ManifestFile,
) -> Result<zip::read::ZipFile<'a, R>> {
    archive
        .by_index(entries[&f.sha256])
        .map_err(|e| reject_because(format!("{} cannot be read.", f.path), e))
}

/// The evidence entry `f` could not be read to its end.
fn entry_damaged(f: &ManifestFile, e: std::io::Error) -> CoreError {
    reject_because(format!("{} is damaged or cut short.", f.path), e)
}

/// The evidence entry `f` is not what the manifest says it is.
fn entry_changed(f: &ManifestFile) -> CoreError {
    reject(format!(
        "{} does not match its SHA-256: the evidence was changed.",
        f.path
    ))
}

impl Store {
    /// Writes a signed report, still as signed, to one submission file for the sub-group.
    /// The file is written beside `out` and renamed into place, so a failure leaves
    /// nothing half-written. The same report always gives the same bytes.
    pub fn export_submission(&self, report_id: i64, out: &Path) -> Result<SubmissionSummary> {
        let status = check_seal(&self.conn, report_id)?;
        match status.state {
            SealState::NotSigned => {
                return Err(CoreError::NotAttested {
                    id: report_id,
                    action: "exported for the sub-group",
                })
            }
            SealState::ChangedAfterAttestation => {
                return Err(CoreError::ChangedAfterAttestation {
                    id: report_id,
                    action: "exported for the sub-group",
                    changes: status.changes.join("; "),
                })
            }
            SealState::Intact => {}
        }
        let row = seal_row(&self.conn, report_id)?.expect("an intact report has a seal");
        let doc: ReportDocument = serde_json::from_str(&row.document)?;
        // report.json is the canonical form itself, so its SHA-256 is the seal.
        let report_json = doc.canonical();
        let mut files: BTreeMap<String, u64> = BTreeMap::new();
        for e in &doc.evidence {
            files.insert(e.sha256.clone(), e.size);
        }
        // A report on a framework version other than the built-in one carries it, so a
        // sub-group whose app lacks the version can still check and review it.
        let framework_json = if doc.framework_version == BUILT_IN_VERSION {
            None
        } else {
            let mut json = serde_json::to_vec_pretty(&self.framework(&doc.framework_version)?)?;
            json.push(b'\n');
            Some(json)
        };
        let manifest = Manifest {
            format: MANIFEST_FORMAT.into(),
            format_version: if framework_json.is_some() { 2 } else { 1 },
            seal: row.seal.clone(),
            report_sha256: sha256_hex(&report_json),
            framework_sha256: framework_json.as_deref().map(sha256_hex),
            files: files
                .iter()
                .map(|(h, size)| ManifestFile {
                    path: format!("{EVIDENCE_DIR}{h}"),
                    sha256: h.clone(),
                    size: *size,
                })
                .collect(),
        };
        crate::kernel::write_file_atomically(out, |file| {
            let zip_err = |e: zip::result::ZipError| CoreError::file(out, e);
            let mut zip = ZipWriter::new(file);
            let text = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(DateTime::default());
            let stored = text.compression_method(CompressionMethod::Stored);
            zip.start_file(MANIFEST_NAME, text).map_err(zip_err)?;
            zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
            zip.start_file(REPORT_NAME, text).map_err(zip_err)?;
            zip.write_all(&report_json)?;
            if let Some(json) = &framework_json {
                zip.start_file(FRAMEWORK_NAME, text).map_err(zip_err)?;
                zip.write_all(json)?;
            }
            for f in &manifest.files {
                zip.start_file(f.path.as_str(), stored).map_err(zip_err)?;
                read_blob(&self.conn, &f.sha256, &mut zip)?;
            }
            zip.finish().map_err(zip_err)?;
            Ok(())
        })?;
        let mut s = summary(&doc, &row.seal);
        s.report_id = Some(report_id);
        Ok(s)
    }

    /// Checks a submission file completely (every entry, hash and the seal) without
    /// importing it.
    pub fn verify_submission(&self, path: &Path) -> Result<SubmissionSummary> {
        let file = std::fs::File::open(path).map_err(|e| CoreError::file(path, e))?;
        self.verify_submission_from(std::io::BufReader::new(file))
    }

    ///
    /// Errors: `SubmissionFailedCheck` naming the first problem found (verifying never
    /// imports, so it does not say "not imported").
    pub fn verify_submission_from<R: Read + Seek>(&self, reader: R) -> Result<SubmissionSummary> {
        let limit = self.evidence_limit_mb()? * 1_000_000;
        let check = || {
            let mut o = open_submission(reader, limit)?;
            check_document(&o.doc)?;
            let framework_new = self.check_framework(&o)?;
            check_evidence_entries(&mut o)?;
            let mut s = summary(&o.doc, &o.manifest.seal);
            s.framework_new = framework_new;
            Ok(s)
        };
        check().map_err(|e| match e {
            CoreError::SubmissionRejected(why) => CoreError::SubmissionFailedCheck(why),
            e => e,
        })
    }

    pub fn import_submission(&mut self, path: &Path) -> Result<SubmissionSummary> {
        self.import_submission_in_turns(|| (), path)
    }

    /// Imports the submission file at `path` as [`Store::import_submission_from`] does,
    /// calling `turn()` before each of its write transactions and holding what it gives
    /// until the transaction ends: the window passes its writing connection's turn, so
    /// that its saves go between the parts of the evidence rather than after all of it.
    ///
    /// Errors: `File` when the file cannot be opened; then as `import_submission_from`.
    pub fn import_submission_in_turns<G>(
        &mut self,
        turn: impl Fn() -> G,
        path: &Path,
    ) -> Result<SubmissionSummary> {
        let file = std::fs::File::open(path).map_err(|e| CoreError::file(path, e))?;
        self.import_in_turns(&turn, std::io::BufReader::new(file))
    }

    /// Imports a submission: checked entry by entry, its evidence written first, a part at
    /// a time (each part in a write transaction of its own, hashed as it goes, as added
    /// evidence is), then the report in one transaction that is rolled back at the first
    /// problem. A bad file leaves nothing behind: the parts written for it go too. The
    /// same submission twice changes nothing; a newer version is added beside the earlier
    /// ones.
    ///
    /// Errors: `SubmissionRejected` saying what is wrong with the file; the database's,
    /// classified.
    pub fn import_submission_from<R: Read + Seek + Send>(
        &mut self,
        reader: R,
    ) -> Result<SubmissionSummary> {
        self.import_in_turns(&|| (), reader)
    }

    fn import_in_turns<G, R: Read + Seek + Send>(
        &mut self,
        turn: &impl Fn() -> G,
        reader: R,
    ) -> Result<SubmissionSummary> {
        let mut o = open_submission(reader, self.evidence_limit_mb()? * 1_000_000)?;
        check_document(&o.doc)?;
        let doc = &o.doc;
        let seal = o.manifest.seal.clone();
        let existing: Option<(i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT r.id, s.seal FROM maturity_report r LEFT JOIN report_seal s ON s.report_id = r.id
                 WHERE r.uid = ?1 AND r.version = ?2",
                params![doc.uid, doc.version],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, found)) = existing {
            if found.as_deref() == Some(seal.as_str()) {
                // Nothing to write, but the file must still be whole to be called good.
                check_evidence_entries(&mut o)?;
                drop(o);
                let mut s = self.verify_existing(id)?;
                s.outcome = Some(ImportOutcome::AlreadyPresent);
                return Ok(s);
            }
            return Err(reject(format!(
                "a different version {} of this report is already here (report {id}). Ask the contract owner which is right.",
                doc.version
            )));
        }
        let framework_new = self.check_framework(&o)?;
        // The evidence first, a part at a time, each in a turn of its own.
        let mut started = Vec::new();
        let written = self
            .checkpointing_beside(|s| s.upload_entries(turn, &mut started, &mut o))
            .and_then(|uploads| {
                let _turn = turn();
                self.write_import(&o, &uploads)
            });
        if written.as_ref().map_or(true, Option::is_none) && !started.is_empty() {
            let _turn = turn();
            if let Err(e) = drop_uploads(&mut self.conn, &started) {
                log::warn!("parts of a submission not imported were left to tidy later: {e}");
            }
        }
        match written? {
            Some(mut s) => {
                s.framework_new = framework_new;
                Ok(s)
            }
            // Another program (a second `cmm import` of the same file) imported it while
            // this one read the file: then answer as for a second import.
            None => {
                let mut reader = o.archive.into_inner();
                reader.rewind()?;
                self.import_in_turns(turn, reader)
            }
        }
    }

    /// Writes the evidence of the submission `o` as uploads, a part at a time, checking
    /// each against the manifest's SHA-256 and size; content already stored is read
    /// through to check it, and not written again. The uploads' ids go into `started`.
    fn upload_entries<G, R: Read + Seek + Send>(
        &mut self,
        turn: &impl Fn() -> G,
        started: &mut Vec<i64>,
        o: &mut Opened<R>,
    ) -> Result<Vec<Upload>> {
        let mut uploads = Vec::new();
        for f in &o.manifest.files {
            let damaged = |e: std::io::Error| entry_damaged(f, e);
            let entry = open_entry(&mut o.archive, &o.entries, f)?;
            let (sha256, size) = if content_stored(&self.conn, &f.sha256)? {
                hash_reader(entry.take(f.size + 1)).map_err(damaged)?
            } else {
                let rules = SourceRules {
                    unreadable: &damaged,
                    within_limit: &|n| {
                        if n > f.size {
                            Err(entry_changed(f))
                        } else {
                            Ok(())
                        }
                    },
                };
                let u = self.upload(turn, started, entry, &rules)?;
                let read = (u.sha256.clone(), u.size);
                uploads.push(u);
                read
            };
            if sha256 != f.sha256 || size != f.size {
                return Err(entry_changed(f));
            }
        }
        Ok(uploads)
    }

    /// Writes the report of the submission `o`, its evidence already in `uploads`, in one
    /// transaction. `None` when another program imported the same report meanwhile.
    fn write_import<R: Read + Seek>(
        &mut self,
        o: &Opened<R>,
        uploads: &[Upload],
    ) -> Result<Option<SubmissionSummary>> {
        let doc = &o.doc;
        let seal = o.manifest.seal.clone();
        let tx = write_transaction(&mut self.conn)?;
        // Another program (a second `cmm import` of the same file) may have imported it
        // while this one checked the file: then answer as for a second import.
        let raced: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM maturity_report WHERE uid = ?1 AND version = ?2)",
            params![doc.uid, doc.version],
            |r| r.get(0),
        )?;
        if raced {
            return Ok(None);
        }
        let earlier: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM maturity_report WHERE uid = ?1)",
            [&doc.uid],
            |r| r.get(0),
        )?;
        let stamp = now();
        if let Some(f) = &o.framework {
            let stored: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM framework_version WHERE id = ?1)",
                [&f.version],
                |r| r.get(0),
            )?;
            if !stored {
                // New to this app: stored with the report, not adopted.
                crate::framework::store::insert_framework(&tx, f)?;
            }
        }
        let mut contract_ids = Vec::new();
        for c in &doc.contracts {
            let found: Option<i64> = tx
                .query_row(
                    "SELECT id FROM contract WHERE reference = ?1 COLLATE NOCASE",
                    [&c.reference],
                    |r| r.get(0),
                )
                .optional()?;
            contract_ids.push(match found {
                Some(id) => id,
                None => crate::contracts::store::write_contract(&tx, None, c)?,
            });
        }
        tx.execute(
            "INSERT INTO maturity_report (title, meeting_date, status, framework_id, created_at, updated_at, uid, version)
             VALUES (?1, ?2, 'submitted', ?3, ?4, ?4, ?5, ?6)",
            params![doc.title, doc.meeting_date, doc.framework_version, stamp, doc.uid, doc.version],
        )?;
        let id = tx.last_insert_rowid();
        for (position, c) in contract_ids.iter().enumerate() {
            tx.execute(
                "INSERT OR IGNORE INTO report_contract (report_id, contract_id, position) VALUES (?1, ?2, ?3)",
                params![id, c, position as i64],
            )?;
        }
        for a in &doc.assessment {
            tx.execute(
                "INSERT INTO activity_assessment (report_id, activity, current_level, target_level, rationale, below_current_reason, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, a.activity, a.current_level, a.target_level, a.rationale, a.below_current_reason, stamp],
            )?;
        }
        let att = &doc.attestation;
        tx.execute(
            "INSERT INTO attestation (report_id, owner_name, position, owner_since, statement_1, statement_2,
                 statement_3, statement_4, statement_5, statement_6, statement_7, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id, att.owner_name, att.position, att.owner_since, att.choices[0], att.choices[1],
                att.choices[2], att.choices[3], att.choices[4], att.choices[5], att.choices[6], stamp
            ],
        )?;
        for (k, v) in &doc.sections {
            tx.execute(
                "INSERT INTO report_section (report_id, section, document, updated_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, k.parse::<i64>().unwrap_or(0), serde_json::to_string(v)?, stamp],
            )?;
        }
        for u in uploads {
            keep_upload(&tx, u, &stamp)?;
        }
        // Content found stored when the file was read may have been removed since (the
        // window removing the last file that held it).
        for f in &o.manifest.files {
            if !content_stored(&tx, &f.sha256)? {
                return Err(CoreError::Unavailable(format!(
                    "{} was removed from this computer while the file was being imported; nothing was imported. Import the file again.",
                    f.path
                )));
            }
        }
        for e in &doc.evidence {
            crate::reports::evidence::store::insert_link(&tx, id, e, &stamp)?;
        }
        insert_seal(&tx, id, doc, true)?;
        // What is now in the database must be exactly what was signed.
        if build_document(&tx, id)?.seal() != seal {
            return Err(reject(
                "it holds something this app cannot store exactly as it was signed, so it would not verify here; nothing was imported. Ask for it to be exported again.",
            ));
        }
        tx.commit()?;
        let mut s = summary(doc, &seal);
        s.report_id = Some(id);
        s.outcome = Some(if earlier {
            ImportOutcome::NewVersion
        } else {
            ImportOutcome::Imported
        });
        Ok(Some(s))
    }

    fn verify_existing(&self, id: i64) -> Result<SubmissionSummary> {
        let row = seal_row(&self.conn, id)?.expect("found with a seal");
        let doc: ReportDocument = serde_json::from_str(&row.document)?;
        let mut s = summary(&doc, &row.seal);
        s.report_id = Some(id);
        Ok(s)
    }
}
