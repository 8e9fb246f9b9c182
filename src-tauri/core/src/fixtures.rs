//! A report with every section answered, for tests, benchmarks and demonstrations.
//! Everything goes through the store's public API, as the app would.

use crate::attestation::AttestationInput;
use crate::contract::ContractInput;
use crate::error::Result;
use crate::evidence::{Annex, EvidenceTarget};
use crate::report::{AssessmentInput, NewReportInput};
use crate::sections::financial::{CauseInput, FinancialInput};
use crate::sections::operational::{IndicatorInput, OperationalInput};
use crate::sections::risk::{RiskInput, RiskRegisterInput};
use crate::sections::schema::{schema, Kind, Part, SectionValues};
use crate::Store;
use std::path::{Path, PathBuf};

pub fn contract_input(reference: &str, name: &str) -> ContractInput {
    ContractInput {
        name: name.into(),
        reference: reference.into(),
        contractor_legal_name: "Amey Community Limited".into(),
        contractor_trading_name: "Amey".into(),
        contractor_construct: "Prime contractor with two subcontractors".into(),
        award_date: "2016-04-01".into(),
        start_date: "2016-06-01".into(),
        expiry_date: "2027-03-31".into(),
        whole_life_cost_nominal: "£45,000,000".into(),
        whole_life_cost_npv: "41,250,000.50".into(),
        current_year_value: "6,400,000".into(),
        scope: "Hard and soft facilities management across 120 buildings in East Kent.".into(),
        service_area: "Strategic and Corporate Services".into(),
        contract_owner: "Rebecca Spore".into(),
        contract_manager: "Jo Smith".into(),
    }
}

/// Every field of a schema section answered with a value of its kind.
pub fn schema_values(section: u8) -> SectionValues {
    let mut v = SectionValues::default();
    let value = |kind: &Kind, choices: &[&str], key: &str| match kind {
        Kind::Money => "12,500".to_owned(),
        Kind::Date => "2026-06-30".to_owned(),
        Kind::YesNo => "yes".to_owned(),
        Kind::Number => "3".to_owned(),
        Kind::Choice => choices.first().copied().unwrap_or("").to_owned(),
        _ => format!("Answer to {key} — reviewed monthly at the £ board"),
    };
    for part in schema(section).map(|s| s.parts).unwrap_or(&[]) {
        match part {
            Part::Field(f) => {
                v.fields
                    .insert(f.key.into(), value(&f.kind, f.choices, f.key));
            }
            Part::Table(t) => {
                let row = t
                    .columns
                    .iter()
                    .map(|c| (c.key.to_owned(), value(&c.kind, c.choices, c.key)))
                    .collect();
                v.tables.insert(t.key.into(), vec![row]);
            }
            Part::Heading { .. } => {}
        }
    }
    v
}

fn months(n: usize, base: u32) -> Vec<String> {
    (0..n)
        .map(|i| format!("{}", base + (i as u32 % 5) * 1_000))
        .collect()
}

/// Fills every section of a draft report (not Section 3's statements).
pub fn fill_report(store: &mut Store, report_id: i64) -> Result<()> {
    for activity in 0..=8i64 {
        store.save_assessment(
            report_id,
            activity as u8,
            &AssessmentInput {
                current_level: Some(2 + activity % 3),
                target_level: Some(4),
                rationale: format!("Activity {activity}: the plan is reviewed quarterly with the contractor and the £ figures checked by finance."),
                below_current_reason: String::new(),
            },
        )?;
    }
    for section in [4u8, 7, 8, 10, 11, 12] {
        store.save_section(report_id, section, &schema_values(section))?;
    }
    store.save_operational(
        report_id,
        &OperationalInput {
            period_end: "2026-09".into(),
            indicators: (1..=3)
                .map(|i| IndicatorInput {
                    reference: format!("KPI {i}"),
                    description: format!("Calls answered within 20 seconds ({i})"),
                    target: "95".into(),
                    floor: "90".into(),
                    actuals: (0..12).map(|m| format!("{}", 88 + (m + i) % 10)).collect(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        },
    )?;
    store.save_financial(
        report_id,
        &FinancialInput {
            period_end: "2026-09".into(),
            expected_previous: months(12, 500_000),
            actual: months(12, 498_000),
            expected_next: months(12, 510_000),
            forecast: months(12, 512_000),
            causes: vec![CauseInput {
                explanation: "More reactive repairs after the storms".into(),
                amount: "4,000".into(),
                ..Default::default()
            }],
        },
    )?;
    store.save_risk_register(
        report_id,
        &RiskRegisterInput {
            risks: vec![RiskInput {
                title: "Contractor insolvency".into(),
                cause: "Thin margins".into(),
                event: "The contractor fails".into(),
                consequence: "Services stop".into(),
                owner: "Rebecca Spore".into(),
                current_likelihood: Some(2),
                current_impact: Some(5),
                mitigation: "Quarterly financial health checks".into(),
                target_likelihood: Some(1),
                target_impact: Some(5),
            }],
            review_approach: "Monthly at the contract board".into(),
        },
    )?;
    Ok(())
}

pub fn attestation_input() -> AttestationInput {
    AttestationInput {
        owner_name: "Rebecca Spore".into(),
        position: "Director of Infrastructure".into(),
        owner_since: "2015-04-01".into(),
        choices: vec![
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(0),
            Some(1),
            Some(0),
        ],
    }
}

/// Writes three small evidence files into `dir` and attaches them: one to activity 1,
/// one as the contract management plan annex, one to a KPI row.
pub fn attach_evidence(store: &mut Store, report_id: i64, dir: &Path) -> Result<Vec<PathBuf>> {
    let files = [
        (
            "governance-minutes.pdf",
            &b"%PDF-1.4 minutes of the contract board"[..],
        ),
        ("contract-management-plan.docx", &b"PK plan v3"[..]),
        ("kpi-1-evidence.xlsx", &b"PK calls answered"[..]),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::write(&p, bytes)?;
        paths.push(p);
    }
    store.add_evidence(
        report_id,
        &EvidenceTarget::Activity { activity: 1 },
        &paths[..1],
        "Board minutes, June 2026",
    )?;
    store.add_evidence(
        report_id,
        &EvidenceTarget::Annex {
            annex: Annex::ContractManagementPlan,
        },
        &paths[1..2],
        "",
    )?;
    store.add_evidence(
        report_id,
        &EvidenceTarget::Row {
            section: 5,
            row: "KPI 1".into(),
        },
        &paths[2..],
        "",
    )?;
    Ok(paths)
}

/// A contract, a report on it with every section filled and three evidence files, signed.
/// Returns the report's id.
pub fn signed_report(store: &mut Store, evidence_dir: &Path) -> Result<i64> {
    let c = store.save_contract(
        None,
        None,
        &contract_input("FM-2016-001", "Facilities management – East Kent"),
    )?;
    let id = store.create_report(&NewReportInput {
        contract_ids: vec![c.id],
        meeting_date: "2026-12-03".into(),
        ..Default::default()
    })?;
    fill_report(store, id)?;
    store.save_attestation(id, &attestation_input())?;
    attach_evidence(store, id, evidence_dir)?;
    store.sign_report(id)?;
    Ok(id)
}

/// A whole report described as data: what `tests/fixtures/large-report.json` holds (made
/// by `tests/fixtures/make_large.py`). Loading it goes through the store's public API, so
/// every value is validated as if typed into the app.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    pub contracts: Vec<ContractInput>,
    pub report: FixtureReport,
    /// Nine rows: the overall row, then activities 1 to 8.
    pub assessment: Vec<AssessmentInput>,
    /// Sections 4, 7, 8, 10, 11 and 12, keyed by section number.
    pub schema_sections: std::collections::BTreeMap<u8, SectionValues>,
    pub operational: OperationalInput,
    pub financial: FinancialInput,
    pub risk: RiskRegisterInput,
    pub attestation: AttestationInput,
    pub evidence: Vec<FixtureEvidence>,
    pub sign: bool,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureReport {
    pub title: String,
    pub meeting_date: String,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureEvidence {
    pub target: EvidenceTarget,
    pub file_name: String,
    pub description: String,
    pub content: String,
}

/// The "large" report: 3 contracts, 25 KPIs × 12 months, 24 months of payments, 40 risks,
/// 60 evidence files and long rationales.
pub const LARGE: &str = include_str!("../../../tests/fixtures/large-report.json");

impl Fixture {
    pub fn parse(json: &str) -> Result<Fixture> {
        Ok(serde_json::from_str(json)?)
    }

    pub fn large() -> Fixture {
        Fixture::parse(LARGE).expect("the committed large fixture parses")
    }

    /// Creates the contracts and the report, fills every section, attaches the evidence
    /// and, if the fixture says so, signs it. Returns the report's id.
    pub fn load(&self, store: &mut Store) -> Result<i64> {
        let mut contract_ids = Vec::new();
        for c in &self.contracts {
            contract_ids.push(store.save_contract(None, None, c)?.id);
        }
        let id = store.create_report(&NewReportInput {
            title: self.report.title.clone(),
            meeting_date: self.report.meeting_date.clone(),
            contract_ids,
            previous_report_id: None,
        })?;
        for (activity, row) in self.assessment.iter().enumerate() {
            store.save_assessment(id, activity as u8, row)?;
        }
        for (section, values) in &self.schema_sections {
            store.save_section(id, *section, values)?;
        }
        store.save_operational(id, &self.operational)?;
        store.save_financial(id, &self.financial)?;
        store.save_risk_register(id, &self.risk)?;
        store.save_attestation(id, &self.attestation)?;
        let dir = tempfile::tempdir()?;
        for (n, e) in self.evidence.iter().enumerate() {
            // One folder per file, so two files of the same name can both be attached.
            let folder = dir.path().join(n.to_string());
            std::fs::create_dir(&folder)?;
            let path = folder.join(&e.file_name);
            std::fs::write(&path, e.content.as_bytes())?;
            store.add_evidence(id, &e.target, &[path], &e.description)?;
        }
        if self.sign {
            store.sign_report(id)?;
        }
        Ok(id)
    }
}

/// A forward plan for tests and demonstrations: a meeting on 14 February 2027, 3pm to 4pm,
/// for the first two of `contracts` (heading "Inward Investment Contract - Locate in Kent",
/// lead officer David Hughes), moved to 12 March 2027 at the same time because the chair
/// was unavailable; and one in April 2027 with the date and lead officer to be confirmed,
/// for the third (or the first, if there are fewer). Returns both, as saved.
pub fn plan_with_a_move(
    store: &mut Store,
    contracts: &[i64],
) -> crate::Result<(crate::plan::PlanItem, crate::plan::PlanItem)> {
    use crate::plan::{MoveInput, PlanItemInput};
    let moved = store.save_plan_item(
        None,
        &PlanItemInput {
            date: "2027-02-14".into(),
            date_confirmed: true,
            starts_at: "15:00".into(),
            ends_at: "16:00".into(),
            contract_ids: contracts.iter().take(2).copied().collect(),
            topic: "Inward Investment Contract - Locate in Kent".into(),
            lead_officer: "David Hughes".into(),
        },
    )?;
    let moved = store.move_plan_item(
        moved.id,
        &MoveInput {
            date: "2027-03-12".into(),
            date_confirmed: true,
            starts_at: "15:00".into(),
            ends_at: "16:00".into(),
            reason: "Chair unavailable".into(),
        },
    )?;
    let tbc = store.save_plan_item(
        None,
        &PlanItemInput {
            date: "2027-04-01".into(),
            contract_ids: vec![*contracts.get(2).or(contracts.first()).unwrap_or(&0)],
            ..Default::default()
        },
    )?;
    Ok((moved, tbc))
}

/// Holds the database file exclusively from another connection for `hold`, as
/// `tests/fixtures/database/hold-exclusive-lock.py` does (a backup or sync tool, a database
/// browser in exclusive mode): nothing else can read or write it meanwhile. The lock is
/// taken before this returns; join the handle to wait for its release.
pub fn hold_exclusive_lock(db: &Path, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
    hold_lock(
        db,
        "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE app_setting SET value=value; COMMIT;",
        hold,
        "",
    )
}

/// Holds an ordinary write transaction for `hold`, as `hold-write-lock.py` does (a second
/// copy of the app or `cmm` mid-save): others may read, and writers wait.
pub fn hold_write_lock(db: &Path, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
    hold_lock(
        db,
        "BEGIN IMMEDIATE; UPDATE app_setting SET value=value;",
        hold,
        "COMMIT",
    )
}

fn hold_lock(
    db: &Path,
    take: &str,
    hold: std::time::Duration,
    release: &'static str,
) -> std::thread::JoinHandle<()> {
    let c = rusqlite::Connection::open(db).expect("the database opens");
    c.execute_batch(take).expect("the lock is taken");
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        if !release.is_empty() {
            c.execute_batch(release).expect("the lock is released");
        }
        drop(c);
    })
}

/// Damages one table of a closed database, as `tests/fixtures/database/damage-table.py`
/// does (a failing disk, a bad copy): the table's first page is overwritten, so the
/// integrity check fails while the other tables can still be read.
pub fn damage_table(db: &Path, table: &str) {
    let c = rusqlite::Connection::open(db).expect("the database opens");
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("the journal is written back");
    let page_size: i64 = c
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("a page size");
    let root: i64 = c
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .expect("the table is there");
    drop(c);
    let mut bytes = std::fs::read(db).expect("the file reads");
    let (root, page_size) = (root as usize, page_size as usize);
    let at = (root - 1) * page_size;
    bytes[at..at + page_size].fill(0xA5);
    std::fs::write(db, &bytes).expect("the file writes");
}
