//! Maturity reports: the owner's self-assessment section by section, its evidence, the
//! signature that seals it, the submission file that carries it to the sub-group, and its
//! PDF review pack.

use crate::data_file::SharedDataFile;
use crate::files::{safe_file_stem, write_pdf, PackOptions, PackSummary, SaveAs, PDF, SUBMISSION};
use crate::{today, CoreError, DataFile, Result};
use chrono::NaiveDate;
use cmm_core::reports::sections::schema::SCHEMAS;
use cmm_core::Store;
use cmm_pack::{PackReview, PackSource};
use std::path::{Path, PathBuf};

use cmm_core::framework::Section;
use cmm_core::reports::attestation::{Attestation, AttestationInput};
use cmm_core::reports::evidence::{Completeness, EvidenceItem, EvidenceTarget};
use cmm_core::reports::seal::{SealState, SealStatus};
use cmm_core::reports::sections::financial::{FinancialInput, FinancialView};
use cmm_core::reports::sections::operational::{OperationalInput, OperationalView};
use cmm_core::reports::sections::risk::{RiskRegisterInput, RiskRegisterView};
use cmm_core::reports::sections::schema::{SectionValues, SectionView};
use cmm_core::reports::submission::SubmissionSummary;
pub use cmm_core::reports::*;

/// The whole report. Errors: `NotFound` for an unknown report.
pub fn report(db: &DataFile, report_id: i64) -> Result<MaturityReport> {
    db.store.report(report_id)
}

/// Starts a maturity report; returns its id.
pub fn create_report(db: &mut DataFile, input: &NewReportInput) -> Result<i64> {
    db.store.create_report(input)
}

/// Saves one row of Section 2: activity 1 to 8, or 0 for the overall row.
pub fn save_assessment(
    db: &mut DataFile,
    report_id: i64,
    activity: u8,
    input: &AssessmentInput,
) -> Result<ActivityAssessment> {
    db.store.save_assessment(report_id, activity, input)
}

/// Saves Section 3, the contract owner's attestation, as typed.
pub fn save_attestation(
    db: &mut DataFile,
    report_id: i64,
    input: &AttestationInput,
) -> Result<Attestation> {
    db.store.save_attestation(report_id, input)
}

/// Section 5, operational performance, with every month rated.
pub fn operational(db: &DataFile, report_id: i64) -> Result<OperationalView> {
    db.store.operational(report_id)
}

/// Saves Section 5, operational performance, as typed: a value its rules refuse is kept
/// as typed and the rest saved. Returns the section as it now stands, every month rated.
///
/// Errors: `ReportLocked` once the report is signed; `Validation` for a rule about the
/// whole table (at most so many indicators).
pub fn save_operational(
    db: &mut DataFile,
    report_id: i64,
    input: &OperationalInput,
) -> Result<OperationalView> {
    db.store.save_operational(report_id, input)
}

/// Section 9, the risk register, scored.
pub fn risk_register(db: &DataFile, report_id: i64) -> Result<RiskRegisterView> {
    db.store.risk_register(report_id)
}

/// Saves Section 9, the risk register, as typed (a refused value is kept, the rest saved).
/// Returns the register scored as the council scores risk.
///
/// Errors: `ReportLocked` once the report is signed; `Validation` for a rule about the
/// whole table.
pub fn save_risk_register(
    db: &mut DataFile,
    report_id: i64,
    input: &RiskRegisterInput,
) -> Result<RiskRegisterView> {
    db.store.save_risk_register(report_id, input)
}

/// A section made of fields and tables (4, 7, 8, 10, 11, 12), with its description.
///
/// Errors: `Validation` on `section` for a number that is not such a section.
pub fn section(db: &DataFile, report_id: i64, section: u8) -> Result<SectionView> {
    db.store.section(report_id, numbered(section)?)
}

/// The section numbered `n`, as the window names it. Errors: `Validation` on `section`
/// outside 1 to 12, in the words the store uses for a section it does not record this way.
fn numbered(n: u8) -> Result<Section> {
    Section::new(n).ok_or_else(|| sections::unknown_section(n))
}

/// Saves a schema section: every good value is saved, and a value that cannot be
/// stored changes nothing and is kept as typed (`crate::kept`).
///
/// Errors: `Validation` when a rule about a whole table is broken (nothing changes);
/// `ReportLocked` once the report is signed.
pub fn save_section(
    db: &mut DataFile,
    report_id: i64,
    section: u8,
    values: &SectionValues,
) -> Result<SectionView> {
    db.store.save_section(report_id, numbered(section)?, values)
}

/// Section 6, financial performance, with the variance worked out.
pub fn financial(db: &DataFile, report_id: i64) -> Result<FinancialView> {
    db.store.financial(report_id)
}

/// Saves Section 6, financial performance, as typed (a refused value is kept, the rest
/// saved). Returns the section with the variance worked out.
///
/// Errors: `ReportLocked` once the report is signed; `Validation` for a rule about the
/// whole table.
pub fn save_financial(
    db: &mut DataFile,
    report_id: i64,
    input: &FinancialInput,
) -> Result<FinancialView> {
    db.store.save_financial(report_id, input)
}

/// Every file attached to a report.
pub fn evidence(db: &DataFile, report_id: i64) -> Result<Vec<EvidenceItem>> {
    db.store.evidence(report_id)
}

/// Removes one attached file from a draft report. The stored content goes too when
/// nothing else refers to it.
pub fn remove_evidence(db: &mut DataFile, evidence_id: i64) -> Result<()> {
    db.store.remove_evidence(evidence_id)
}

/// What is still missing before submission.
pub fn completeness(db: &DataFile, report_id: i64) -> Result<Completeness> {
    db.store.completeness(report_id)
}

/// Whether the report is signed and still exactly as signed (reads every evidence file).
pub fn verify_report(db: &DataFile, report_id: i64) -> Result<SealStatus> {
    db.store.verify_report(report_id)
}

/// Signs Section 3: seals the whole report and locks it as submitted. Returns the seal;
/// [`verify_report`] then says whether it is intact.
pub fn sign_report(db: &mut DataFile, report_id: i64) -> Result<String> {
    db.store.sign_report(report_id)
}

/// Starts the next version of a submitted report; returns its id.
pub fn amend_report(db: &mut DataFile, report_id: i64) -> Result<i64> {
    db.store.amend_report(report_id)
}

/// One page of the reports list, latest meeting first, matching `search` (only signed
/// reports when `signed_only`, as for a meeting's agenda).
pub fn reports_page(
    db: &DataFile,
    offset: u32,
    limit: u32,
    search: &str,
    signed_only: bool,
) -> Result<ReportsPage> {
    db.store.reports_page(offset, limit, search, signed_only)
}

/// Attaches the files at `paths` to a draft report as evidence for `target`, all or none.
/// Each file is read once and written a part at a time on a connection of its own, with
/// the window's reads and saves taking their turns between the parts
/// ([`SharedDataFile::long_write`]).
///
/// Errors: `Validation` for an unknown target, a description too long or no files;
/// `EvidenceTooLarge` for a file over the limit; `File` for one that cannot be read;
/// `ReportLocked` once the report is signed.
pub fn add_evidence(
    file: &SharedDataFile,
    report_id: i64,
    target: &EvidenceTarget,
    paths: &[PathBuf],
    description: &str,
) -> Result<Vec<EvidenceItem>> {
    file.long_write(|db, turns| {
        db.store
            .add_evidence_in_turns(|| turns.take(), report_id, target, paths, description)
    })
}

/// One attached file.
pub fn evidence_item(db: &DataFile, evidence_id: i64) -> Result<EvidenceItem> {
    db.store.evidence_item(evidence_id)
}

/// Writes a copy of an attached file to `dest`; returns its size in bytes.
pub fn save_evidence_copy(db: &DataFile, evidence_id: i64, dest: &Path) -> Result<u64> {
    db.store.save_evidence_copy(evidence_id, dest)
}

/// A copy of an attached file in the computer's temporary folder, under its own name, to
/// open with the system viewer. Returns where it is.
pub fn evidence_to_view(db: &DataFile, evidence_id: i64) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join("contract-maturity-evidence");
    let item = db.store.evidence_item(evidence_id)?;
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{evidence_id}-{}", item.file_name));
    db.store.save_evidence_copy(evidence_id, &path)?;
    Ok(path)
}

/// The size limit for one evidence file, in megabytes.
pub fn evidence_limit(db: &DataFile) -> Result<u32> {
    db.store.evidence_limit_mb().map(|v| v as u32)
}

/// Sets the size limit for one evidence file, as typed ("250" or "250 MB"), in megabytes;
/// returns the limit kept.
///
/// Errors: `Validation` on `limit_mb` for anything but a whole number of megabytes within
/// the range the store allows.
pub fn set_evidence_limit(db: &mut DataFile, typed: &str) -> Result<u32> {
    let mb = cmm_core::reports::evidence::parse_limit_mb(typed)
        .map_err(|e| CoreError::Validation(vec![e]))?;
    db.store.set_evidence_limit_mb(mb as i64).map(|v| v as u32)
}

/// How a report's submission file is offered to be saved: "<title> v<version>.cmmr".
pub fn submission_save_as(db: &DataFile, report_id: i64) -> Result<SaveAs> {
    let report = db.store.report(report_id)?;
    Ok(SaveAs {
        title: "Export the submission for the sub-group",
        file_name: format!(
            "{} v{}.{}",
            safe_file_stem(&report.title),
            report.version,
            submission::EXTENSION
        ),
        kind: SUBMISSION,
    })
}

/// Writes a signed report and its evidence to `dest` as a submission file.
///
/// Errors: `NotAttested` before it is signed; `ChangedAfterAttestation` when it no
/// longer matches its seal; `File` when `dest` cannot be written.
pub fn export_submission(db: &DataFile, report_id: i64, dest: &Path) -> Result<SubmissionSummary> {
    db.store.export_submission(report_id, dest)
}

/// Checks a submission file completely (every hash and the seal) without importing it.
pub fn verify_submission(db: &DataFile, file: &Path) -> Result<SubmissionSummary> {
    db.store.verify_submission(file)
}

/// Checks a submission file completely, then imports it. The same file twice changes
/// nothing. Its evidence goes in a part at a time, each part in a write transaction of
/// its own, so another program's saves go between them (SQLite's own locks take turns).
///
/// Errors: `SubmissionRejected` saying what is wrong with the file.
pub fn import_submission(db: &mut DataFile, file: &Path) -> Result<SubmissionSummary> {
    db.store.import_submission(file)
}

/// Imports a submission file as [`import_submission`] does, on the data file's connection
/// for long writes: each of its write transactions takes its own turn, and the window's
/// reads and saves go between them ([`SharedDataFile::long_write`]).
///
/// Errors: as [`import_submission`].
pub fn import_submission_in_turns(file: &SharedDataFile, path: &Path) -> Result<SubmissionSummary> {
    file.long_write(|db, turns| db.store.import_submission_in_turns(|| turns.take(), path))
}

/// How a report's review pack is offered to be saved: "<title> v<version> review
/// pack.pdf".
pub fn pack_save_as(db: &DataFile, report_id: i64) -> Result<SaveAs> {
    let report = db.store.report(report_id)?;
    Ok(SaveAs {
        title: "Save the review pack",
        file_name: format!(
            "{} v{} review pack.pdf",
            safe_file_stem(&report.title),
            report.version
        ),
        kind: PDF,
    })
}

/// Writes one report's review pack to `dest`, dated today, as `options.format` says (a
/// tagged PDF or a Word document).
///
/// Errors: `NotFound` for an unknown report; `File` when `dest` cannot be written.
pub fn export_pack(
    db: &DataFile,
    report_id: i64,
    options: &PackOptions,
    dest: &Path,
) -> Result<PackSummary> {
    let source = pack_source(&db.store, report_id, today())?;
    let pack = cmm_pack::contract_pack(&source, options);
    write_pdf(dest, &pack, source.document.title.clone(), 1)
}

/// A report as `cmm list` shows it: its line in the list, and whether it is still as
/// signed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListedReport {
    pub id: i64,
    pub title: String,
    pub version: u32,
    pub status: String,
    pub contracts: Vec<String>,
    pub seal: Option<String>,
    pub attestation: SealState,
    pub changes: Vec<String>,
}

/// Every report, each with its seal checked (reading every evidence file).
pub fn list_reports(db: &DataFile) -> Result<Vec<ListedReport>> {
    let mut rows = Vec::new();
    for r in db.store.reports()? {
        let status: SealStatus = db.store.verify_report(r.id)?;
        rows.push(ListedReport {
            id: r.id,
            title: r.title,
            version: r.version,
            status: r.status.as_str().into(),
            contracts: r.contracts,
            seal: status.seal,
            attestation: status.state,
            changes: status.changes,
        });
    }
    Ok(rows)
}

/// Everything one report's pack shows, gathered in one read. Verifying the seal re-reads
/// every evidence file, so a changed report is always flagged. `today` decides which of
/// the sub-group's actions are overdue.
///
/// Errors: `NotFound` for an unknown report.
pub fn pack_source(store: &Store, report_id: i64, today: NaiveDate) -> Result<PackSource> {
    let report = store.report(report_id)?;
    Ok(PackSource {
        review: pack_review(store, report_id, today)?,
        document: store.report_document(report_id)?,
        seal: store.verify_report(report_id)?,
        completeness: store.completeness(report_id)?,
        framework: store.framework(&report.framework_version)?,
        operational: store.operational(report_id)?,
        financial: store.financial(report_id)?,
        risk: store.risk_register(report_id)?,
        schema_sections: SCHEMAS
            .iter()
            .map(|s| store.section(report_id, s.section))
            .collect::<Result<_>>()?,
        report,
        organisation: store.report_organisation(report_id)?,
    })
}

/// The sub-group's latest review of the report, with the scores once revealed and the
/// comparison with an earlier review; `None` before it is on an agenda.
fn pack_review(store: &Store, report_id: i64, today: NaiveDate) -> Result<Option<PackReview>> {
    let Some(id) = store.latest_review_of(report_id)? else {
        return Ok(None);
    };
    let detail = store.review_detail(id, today)?;
    let scores = if detail.revealed {
        Some(store.revealed_scores(id)?)
    } else {
        None
    };
    let comparison = if detail.previous_review_id.is_some() {
        Some(store.comparison(id, today)?)
    } else {
        None
    };
    Ok(Some(PackReview {
        detail,
        scores,
        comparison,
    }))
}

/// How `target` of report `report_id` is named in dialogs and lists ("Activity 3:
/// Administration"), as the report's own framework names its activities.
///
/// Errors: `NotFound` for a report that does not exist.
pub fn evidence_target_label(
    db: &DataFile,
    report_id: i64,
    target: &EvidenceTarget,
) -> Result<String> {
    Ok(target.describe(&db.store.report_activity_refs(report_id)?))
}
