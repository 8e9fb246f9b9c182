//! The contract register and drafts of the contract form.

use crate::contracts::{
    Contract, ContractDetails, ContractForm, ContractInput, ContractSummary, DraftSummary,
    ImportCounts, OwnedContract, Published, Register, RegisterEntry, RegisterPage, RegisterRow,
    OCID_KEY, REFERENCE,
};
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::money::Pence;
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use std::collections::HashMap;

/// A contract `c` whose name, reference, contractor (legal or trading name) or service
/// area is `LIKE ?1` (a pattern from `contains_pattern`).
const REGISTER_MATCH: &str = "(c.name LIKE ?1 ESCAPE '\\' OR c.reference LIKE ?1 ESCAPE '\\'
    OR c.contractor_legal_name LIKE ?1 ESCAPE '\\' OR c.contractor_trading_name LIKE ?1 ESCAPE '\\'
    OR c.service_area LIKE ?1 ESCAPE '\\')";

const CONTRACT_COLUMNS: &str =
    "id, name, reference, contractor_legal_name, contractor_trading_name, \
    contractor_construct, award_date, start_date, expiry_date, whole_life_cost_nominal_pence, \
    whole_life_cost_npv_pence, current_year_value_pence, scope, service_area, contract_owner, \
    contract_manager, updated_at";

fn contract_from_row(r: &Row<'_>) -> rusqlite::Result<Contract> {
    let pence = |i: usize| r.get::<_, Option<i64>>(i).map(|v| v.map(Pence));
    Ok(Contract {
        id: r.get(0)?,
        details: ContractDetails {
            name: r.get(1)?,
            reference: r.get(2)?,
            contractor_legal_name: r.get(3)?,
            contractor_trading_name: r.get(4)?,
            contractor_construct: r.get(5)?,
            award_date: r.get(6)?,
            start_date: r.get(7)?,
            expiry_date: r.get(8)?,
            whole_life_cost_nominal: pence(9)?,
            whole_life_cost_npv: pence(10)?,
            current_year_value: pence(11)?,
            scope: r.get(12)?,
            service_area: r.get(13)?,
            contract_owner: r.get(14)?,
            contract_manager: r.get(15)?,
        },
        updated_at: r.get(16)?,
    })
}

/// Inserts (`id` None) or updates a validated contract inside a transaction, refusing a
/// reference another contract already uses.
pub(crate) fn write_contract(
    tx: &rusqlite::Transaction<'_>,
    id: Option<i64>,
    d: &ContractDetails,
) -> Result<i64> {
    let clash: Option<String> = tx
        .query_row(
            "SELECT name FROM contract WHERE reference = ?1 COLLATE NOCASE AND id IS NOT ?2",
            params![d.reference, id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = clash {
        return Err(CoreError::Validation(vec![FieldError::new(
                REFERENCE.name,
                format!(
                    "Contract reference {} is already used by \u{201c}{other}\u{201d}; each contract needs its own reference",
                    d.reference
                ),
            )]));
    }
    let stamp = now();
    let values = params![
        d.name,
        d.reference,
        d.contractor_legal_name,
        d.contractor_trading_name,
        d.contractor_construct,
        d.award_date,
        d.start_date,
        d.expiry_date,
        d.whole_life_cost_nominal.map(|p| p.0),
        d.whole_life_cost_npv.map(|p| p.0),
        d.current_year_value.map(|p| p.0),
        d.scope,
        d.service_area,
        d.contract_owner,
        d.contract_manager,
        stamp,
    ];
    Ok(match id {
        Some(id) => {
            let changed = tx.execute(
                    "UPDATE contract SET name=?1, reference=?2, contractor_legal_name=?3, contractor_trading_name=?4,
                        contractor_construct=?5, award_date=?6, start_date=?7, expiry_date=?8,
                        whole_life_cost_nominal_pence=?9, whole_life_cost_npv_pence=?10, current_year_value_pence=?11,
                        scope=?12, service_area=?13, contract_owner=?14, contract_manager=?15, updated_at=?16
                     WHERE id = ?17",
                    rusqlite::params_from_iter(values.iter().copied().chain([&id as &dyn rusqlite::ToSql])),
                )?;
            one_row_changed(changed, "Contract", id)?;
            id
        }
        None => {
            tx.execute(
                    "INSERT INTO contract (name, reference, contractor_legal_name, contractor_trading_name,
                        contractor_construct, award_date, start_date, expiry_date, whole_life_cost_nominal_pence,
                        whole_life_cost_npv_pence, current_year_value_pence, scope, service_area, contract_owner,
                        contract_manager, updated_at, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
                    values,
                )?;
            tx.last_insert_rowid()
        }
    })
}

pub(crate) fn contract_by_id(conn: &rusqlite::Connection, id: i64) -> Result<Contract> {
    conn.query_row(
        &format!("SELECT {CONTRACT_COLUMNS} FROM contract WHERE id = ?1"),
        [id],
        contract_from_row,
    )
    .optional()?
    .ok_or_else(|| not_found("Contract", id))
}

fn not_found(what: &'static str, id: i64) -> CoreError {
    CoreError::NotFound {
        what,
        key: id.to_string(),
    }
}

/// A statement meant to touch one row touched none: the row is not there.
fn one_row_changed(changed: usize, what: &'static str, id: i64) -> Result<()> {
    if changed == 0 {
        Err(not_found(what, id))
    } else {
        Ok(())
    }
}

impl Store {
    /// Every contract on the register, by name, and the contracts started but not yet on it.
    pub fn register(&self) -> Result<Register> {
        Ok(Register {
            contracts: self.contract_summaries(None, 0, None)?,
            drafts: self.unsaved_drafts()?,
        })
    }

    /// One page of the register, by name, found by part of a name, reference, contractor
    /// or service area (any case); with the counts, and the contracts not yet on it.
    pub fn register_page(&self, offset: u32, limit: u32, search: &str) -> Result<RegisterPage> {
        let pattern = crate::kernel::contains_pattern(search);
        let total: u32 = self
            .conn
            .query_row("SELECT COUNT(*) FROM contract", [], |r| r.get(0))?;
        let found: u32 = match &pattern {
            None => total,
            Some(p) => self.conn.query_row(
                &format!("SELECT COUNT(*) FROM contract c WHERE {REGISTER_MATCH}"),
                [p],
                |r| r.get(0),
            )?,
        };
        let limit = crate::kernel::page_size(limit);
        let offset = offset.min(found);
        Ok(RegisterPage {
            total,
            found,
            offset,
            contracts: self.contract_summaries(pattern.as_deref(), offset, Some(limit))?,
            drafts: self.unsaved_drafts()?,
        })
    }

    /// The register's rows by name, those matching `pattern` (see [`REGISTER_MATCH`]).
    fn contract_summaries(
        &self,
        pattern: Option<&str>,
        offset: u32,
        limit: Option<u32>,
    ) -> Result<Vec<ContractSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.name, c.reference,
                    CASE WHEN c.contractor_trading_name <> '' AND c.contractor_trading_name <> c.contractor_legal_name
                         THEN c.contractor_legal_name || ' (trading as ' || c.contractor_trading_name || ')'
                         ELSE c.contractor_legal_name END,
                    c.service_area, c.contract_owner, c.expiry_date, c.current_year_value_pence,
                    d.id IS NOT NULL, c.updated_at
             FROM contract c LEFT JOIN contract_draft d ON d.contract_id = c.id
             WHERE ?1 IS NULL OR {REGISTER_MATCH}
             ORDER BY c.name COLLATE NOCASE, c.reference
             LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt
            .query_map(params![pattern, limit.map_or(-1, i64::from), offset], |r| {
                Ok(ContractSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    reference: r.get(2)?,
                    contractor: r.get(3)?,
                    service_area: r.get(4)?,
                    contract_owner: r.get(5)?,
                    expiry_date: r.get(6)?,
                    current_year_value: r.get::<_, Option<i64>>(7)?.map(Pence),
                    has_unsaved_changes: r.get(8)?,
                    updated_at: r.get(9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Contracts started but not yet on the register (some details missing or wrong).
    fn unsaved_drafts(&self) -> Result<Vec<DraftSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, form_json, updated_at FROM contract_draft WHERE contract_id IS NULL ORDER BY updated_at DESC, id DESC",
        )?;
        let drafts = stmt
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })?
            .map(|row| {
                let (draft_id, json, updated_at) = row?;
                let input: ContractInput = serde_json::from_str(&json)?;
                Ok(DraftSummary {
                    draft_id,
                    name: input.name.trim().to_owned(),
                    reference: input.reference.trim().to_owned(),
                    updated_at,
                })
            })
            .collect::<Result<_>>()?;
        Ok(drafts)
    }

    /// The contracts `owner` owns now, by name (at most 500).
    pub fn contracts_owned_by(&self, owner: &str) -> Result<Vec<OwnedContract>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, reference FROM contract WHERE contract_owner = ?1
             ORDER BY name, reference LIMIT 500",
        )?;
        let rows = stmt
            .query_map([owner], |r| {
                Ok(OwnedContract {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    reference: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The contract with `reference` (letters without regard to case).
    ///
    /// Errors: `NotFound` when none has it.
    pub fn contract_id_by_reference(&self, reference: &str) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT id FROM contract WHERE reference = ?1 COLLATE NOCASE",
                [reference.trim()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                what: "The contract with reference",
                key: reference.trim().to_owned(),
            })
    }

    pub fn contract(&self, id: i64) -> Result<Contract> {
        contract_by_id(&self.conn, id)
    }

    /// Validates and saves a contract: a new one when `id` is `None`. Any draft of it
    /// (`draft_id` for a new contract) is discarded in the same transaction. Invalid input
    /// changes nothing and reports every broken rule.
    pub fn save_contract(
        &mut self,
        id: Option<i64>,
        draft_id: Option<i64>,
        input: &ContractInput,
    ) -> Result<Contract> {
        let d = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        let id = write_contract(&tx, id, &d)?;
        tx.execute(
            "DELETE FROM contract_draft WHERE contract_id = ?1 OR (contract_id IS NULL AND id IS ?2)",
            params![id, draft_id],
        )?;
        tx.commit()?;
        self.contract(id)
    }

    /// Keeps the form as typed when it cannot be saved yet. For an existing contract pass
    /// `contract_id`; for a new one pass the `draft_id` from the first call (or `None`).
    /// Returns the draft's id.
    pub fn keep_draft(
        &mut self,
        contract_id: Option<i64>,
        draft_id: Option<i64>,
        input: &ContractInput,
    ) -> Result<i64> {
        let json = serde_json::to_string(input)?;
        let stamp = now();
        let tx = write_transaction(&mut self.conn)?;
        let id = if let Some(cid) = contract_id {
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM contract WHERE id = ?1)",
                [cid],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(not_found("Contract", cid));
            }
            tx.query_row(
                "INSERT INTO contract_draft (contract_id, form_json, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(contract_id) DO UPDATE SET form_json = excluded.form_json, updated_at = excluded.updated_at
                 RETURNING id",
                params![cid, json, stamp],
                |r| r.get(0),
            )?
        } else if let Some(did) = draft_id {
            let changed = tx.execute(
                "UPDATE contract_draft SET form_json = ?1, updated_at = ?2 WHERE id = ?3 AND contract_id IS NULL",
                params![json, stamp, did],
            )?;
            one_row_changed(changed, "Draft", did)?;
            did
        } else {
            tx.execute(
                "INSERT INTO contract_draft (contract_id, form_json, updated_at) VALUES (NULL, ?1, ?2)",
                params![json, stamp],
            )?;
            tx.last_insert_rowid()
        };
        tx.commit()?;
        Ok(id)
    }

    /// Throws away typed changes: a new contract's draft, or an existing contract's
    /// unsaved changes (the saved contract stays as it was).
    pub fn discard_draft(&mut self, draft_id: i64) -> Result<()> {
        let n = self
            .conn
            .execute("DELETE FROM contract_draft WHERE id = ?1", [draft_id])?;
        one_row_changed(n, "Draft", draft_id)
    }

    /// Deletes a contract that no maturity report covers.
    pub fn delete_contract(&mut self, id: i64) -> Result<()> {
        let reports: i64 = self.conn.query_row(
            "SELECT count(*) FROM report_contract WHERE contract_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if reports > 0 {
            return Err(CoreError::Validation(vec![FieldError::new(
                "contract_id",
                format!(
                    "This contract is covered by {reports} maturity report{}, so it cannot be deleted",
                    if reports == 1 { "" } else { "s" }
                ),
            )]));
        }
        let n = self
            .conn
            .execute("DELETE FROM contract WHERE id = ?1", [id])?;
        one_row_changed(n, "Contract", id)
    }

    /// The form for an existing contract: its draft if it has one, else its saved values.
    pub fn contract_form(&self, id: i64) -> Result<ContractForm> {
        let saved = self.contract(id)?;
        let draft = self
            .conn
            .query_row(
                "SELECT id, form_json, updated_at FROM contract_draft WHERE contract_id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()?;
        let mut form = match draft {
            Some((draft_id, json, updated_at)) => {
                form_from_draft(Some(id), draft_id, &json, updated_at)?
            }
            None => ContractForm {
                contract_id: Some(id),
                draft_id: None,
                input: ContractInput::from(&saved.details),
                errors: Vec::new(),
                updated_at: saved.updated_at,
                published: None,
            },
        };
        form.published = self.published(id)?;
        Ok(form)
    }

    /// How the contract was published in OCDS (Contracts Finder, Find a Tender), if it
    /// was imported from a package: `None` for a contract without an OCID.
    pub fn published(&self, id: i64) -> Result<Option<Published>> {
        Ok(self
            .conn
            .query_row(
                "SELECT ocid, buyer, suppliers, cpv FROM contract_register
                 WHERE contract_id = ?1 AND ocid IS NOT NULL",
                [id],
                |r| {
                    Ok(Published {
                        ocid: r.get(0)?,
                        buyer: r.get(1)?,
                        suppliers: r
                            .get::<_, String>(2)?
                            .lines()
                            .filter(|l| !l.trim().is_empty())
                            .map(str::to_owned)
                            .collect(),
                        cpv: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// The form for a contract still being added.
    pub fn draft_form(&self, draft_id: i64) -> Result<ContractForm> {
        let (json, updated_at) = self
            .conn
            .query_row(
                "SELECT form_json, updated_at FROM contract_draft WHERE id = ?1 AND contract_id IS NULL",
                [draft_id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?
            .ok_or_else(|| not_found("Draft", draft_id))?;
        form_from_draft(None, draft_id, &json, updated_at)
    }
}

fn form_from_draft(
    contract_id: Option<i64>,
    draft_id: i64,
    json: &str,
    updated_at: String,
) -> Result<ContractForm> {
    let input: ContractInput = serde_json::from_str(json)?;
    let errors = input.validate().err().unwrap_or_default();
    Ok(ContractForm {
        contract_id,
        draft_id: Some(draft_id),
        input,
        errors,
        updated_at,
        published: None,
    })
}

impl Store {
    /// Each contract's id by its reference in lower case, and by [`OCID_KEY`] and its
    /// OCID in lower case (both compare as SQLite's NOCASE does: ASCII letters only).
    fn contract_references(&self) -> Result<HashMap<String, i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT lower(reference), id FROM contract
             UNION ALL
             SELECT ?1 || lower(ocid), contract_id FROM contract_register WHERE ocid IS NOT NULL",
        )?;
        let rows = stmt
            .query_map([OCID_KEY], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<HashMap<_, _>, _>>()?;
        Ok(rows)
    }

    /// What the register holds under each reference, as the register import asks it
    /// (`cmm_register::Held`): given a reference in lower case (SQLite's NOCASE compares
    /// ASCII letters without case), or [`OCID_KEY`] followed by an OCID in lower case, that contract's
    /// form input. The references are read once, here; each contract when it is asked for.
    pub fn held_contracts(&self) -> Result<impl Fn(&str) -> Result<Option<ContractInput>> + '_> {
        let references = self.contract_references()?;
        Ok(move |key: &str| {
            references
                .get(key)
                .map(|id| self.contract_input(*id))
                .transpose()
        })
    }

    /// Writes every row in one transaction: a new reference adds a contract, a known one
    /// updates it; a blank supplier registration, review date or procurement type keeps
    /// the one the register holds. Any row that fails its checks stops the whole import and nothing is
    /// written, so callers pass only the rows their preview found good.
    pub fn import_register(&mut self, rows: &[RegisterRow]) -> Result<ImportCounts> {
        let tx = write_transaction(&mut self.conn)?;
        let mut counts = ImportCounts::default();
        for (i, row) in rows.iter().enumerate() {
            let d = row.input.validate().map_err(|mut e| {
                for f in &mut e {
                    f.message = format!("Row {}: {}", i + 1, f.message);
                }
                CoreError::Validation(e)
            })?;
            // A later release of a published contract updates the contract with its OCID,
            // whatever reference it has; otherwise the reference decides.
            let ocid = Some(row.ocid.trim()).filter(|o| !o.is_empty());
            let by_ocid: Option<i64> = match ocid {
                Some(o) => tx
                    .query_row(
                        "SELECT contract_id FROM contract_register WHERE ocid = ?1 COLLATE NOCASE",
                        [o],
                        |r| r.get(0),
                    )
                    .optional()?,
                None => None,
            };
            let existing: Option<i64> = match by_ocid {
                Some(id) => Some(id),
                None => tx
                    .query_row(
                        "SELECT id FROM contract WHERE reference = ?1 COLLATE NOCASE",
                        [&d.reference],
                        |r| r.get(0),
                    )
                    .optional()?,
            };
            let id = write_contract(&tx, existing, &d)?;
            tx.execute(
                "INSERT INTO contract_register (contract_id, supplier_registration, review_date, procurement_type, ocid, buyer, suppliers, cpv)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (contract_id) DO UPDATE SET
                   supplier_registration = coalesce(nullif(excluded.supplier_registration, ''), supplier_registration),
                   review_date = coalesce(excluded.review_date, review_date),
                   procurement_type = coalesce(nullif(excluded.procurement_type, ''), procurement_type),
                   ocid = coalesce(ocid, excluded.ocid),
                   buyer = coalesce(nullif(excluded.buyer, ''), buyer),
                   suppliers = coalesce(nullif(excluded.suppliers, ''), suppliers),
                   cpv = coalesce(nullif(excluded.cpv, ''), cpv)",
                params![
                    id,
                    row.supplier_registration,
                    row.review_date,
                    row.procurement_type,
                    ocid,
                    row.buyer.trim(),
                    row.suppliers.join("\n"),
                    row.cpv.trim()
                ],
            )?;
            if existing.is_some() {
                counts.updated += 1;
            } else {
                counts.created += 1;
            }
        }
        tx.commit()?;
        Ok(counts)
    }

    /// The register for export, by reference.
    pub fn register_entries(&self) -> Result<Vec<RegisterEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, r.supplier_registration, r.review_date, r.procurement_type,
                    r.ocid, r.buyer, r.suppliers, r.cpv
             FROM contract c LEFT JOIN contract_register r ON r.contract_id = c.id
             ORDER BY c.reference COLLATE NOCASE",
        )?;
        // The register's own details, read before each contract (a statement at a time).
        type Extras = (
            i64,
            String,
            Option<NaiveDate>,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<Extras> = stmt
            .query_map([], |r| {
                let text = |i: usize| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
                Ok((
                    r.get(0)?,
                    text(1)?,
                    r.get(2)?,
                    text(3)?,
                    text(4)?,
                    text(5)?,
                    text(6)?,
                    text(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(id, registration, review, kind, ocid, buyer, suppliers, cpv)| {
                    Ok(RegisterEntry {
                        contract: contract_by_id(&self.conn, id)?,
                        supplier_registration: registration,
                        review_date: review,
                        procurement_type: kind,
                        ocid,
                        buyer,
                        suppliers: suppliers
                            .lines()
                            .filter(|l| !l.trim().is_empty())
                            .map(str::to_owned)
                            .collect(),
                        cpv,
                    })
                },
            )
            .collect()
    }

    /// A saved contract as its form holds it, to merge an import's columns into.
    pub fn contract_input(&self, id: i64) -> Result<ContractInput> {
        Ok(ContractInput::from(
            &contract_by_id(&self.conn, id)?.details,
        ))
    }
}

#[cfg(test)]
mod register_page_tests {
    use crate::test_support::generated_store;

    #[test]
    fn the_register_pages_and_finds_by_name_reference_contractor_or_area() {
        let (mut s, _) = generated_store(300, 600, 6);
        let all = s.register().unwrap().contracts;
        let first = s.register_page(0, 50, "").unwrap();
        assert_eq!((first.total, first.found, first.offset), (300, 300, 0));
        assert_eq!(first.contracts, all[..50]);
        let last = s.register_page(250, 50, "").unwrap();
        assert_eq!(last.contracts, all[250..]);
        // By service area, any case; by reference; by contractor.
        let area = s.register_page(0, 500, "highWAYS").unwrap();
        assert_eq!(area.found, (0..300).filter(|n| n % 8 == 4).count() as u32);
        assert!(area.contracts.iter().all(|c| c.service_area == "Highways"));
        let one = s.register_page(0, 50, "gen-000123").unwrap();
        assert_eq!(one.found, 1);
        assert_eq!(one.contracts[0].reference, "GEN-000123");
        let by_supplier = s
            .register_page(0, 500, &all[7].contractor.to_lowercase())
            .unwrap();
        assert!(by_supplier.contracts.iter().any(|c| c.id == all[7].id));
        // % and _ are taken literally, not as wildcards.
        assert_eq!(s.register_page(0, 50, "%").unwrap().found, 0);
        assert_eq!(s.register_page(0, 50, "GEN_000123").unwrap().found, 0);
        // Past the end: an empty page at the end; and the unfinished contracts come too.
        let beyond = s.register_page(10_000, 50, "").unwrap();
        assert!(beyond.contracts.is_empty());
        assert_eq!(beyond.offset, 300);
        let mut typed = crate::contracts::tests::valid_input();
        typed.name = "Half-typed contract".into();
        typed.award_date = "not a date".into();
        s.keep_draft(None, None, &typed).unwrap();
        let with_draft = s.register_page(0, 1, "nothing matches this").unwrap();
        assert_eq!(with_draft.found, 0);
        assert_eq!(with_draft.drafts.len(), 1);
        assert_eq!(with_draft.drafts[0].name, "Half-typed contract");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::tests::valid_input;

    fn store() -> Store {
        Store::open_in_memory().unwrap()
    }

    #[test]
    fn an_empty_register_has_nothing() {
        let r = store().register().unwrap();
        assert!(r.contracts.is_empty() && r.drafts.is_empty());
    }

    #[test]
    fn a_saved_contract_reads_back_with_pence_and_dates() {
        let mut s = store();
        let c = s.save_contract(None, None, &valid_input()).unwrap();
        assert_eq!(s.contract(c.id).unwrap(), c);
        assert_eq!(c.details.current_year_value, Some(Pence(640_000_000)));
        let reg = s.register().unwrap();
        assert_eq!(reg.contracts.len(), 1);
        assert_eq!(
            reg.contracts[0].contractor,
            "Amey Community Limited (trading as Amey)"
        );
        assert!(!reg.contracts[0].has_unsaved_changes);
    }

    #[test]
    fn invalid_input_changes_nothing() {
        let mut s = store();
        let c = s.save_contract(None, None, &valid_input()).unwrap();
        let mut bad = valid_input();
        bad.name = "Renamed".into();
        bad.expiry_date = "2010-01-01".into();
        let err = s.save_contract(Some(c.id), None, &bad).unwrap_err();
        assert_eq!(err.reply().fields[0].field, "expiry_date");
        assert_eq!(s.contract(c.id).unwrap(), c);
    }

    #[test]
    fn references_are_unique_ignoring_case() {
        let mut s = store();
        let first = s.save_contract(None, None, &valid_input()).unwrap();
        let mut second = valid_input();
        second.reference = "fm-2016-001".into();
        let err = s.save_contract(None, None, &second).unwrap_err();
        let f = &err.reply().fields[0];
        assert_eq!(f.field, "reference");
        assert!(f.message.contains("already used by"));
        // Saving the first contract again under its own reference is fine.
        s.save_contract(Some(first.id), None, &valid_input())
            .unwrap();
        assert_eq!(s.register().unwrap().contracts.len(), 1);
    }

    #[test]
    fn a_draft_keeps_what_was_typed_and_goes_when_the_contract_saves() {
        let mut s = store();
        let mut typed = valid_input();
        typed.expiry_date = "2001-01-01".into();
        let draft = s.keep_draft(None, None, &typed).unwrap();
        assert_eq!(s.keep_draft(None, Some(draft), &typed).unwrap(), draft);
        let reg = s.register().unwrap();
        assert_eq!(reg.drafts.len(), 1);
        assert_eq!(reg.drafts[0].reference, "FM-2016-001");
        let form = s.draft_form(draft).unwrap();
        assert_eq!(form.input, typed);
        assert_eq!(form.errors[0].field, "expiry_date");

        let c = s.save_contract(None, Some(draft), &valid_input()).unwrap();
        let reg = s.register().unwrap();
        assert!(reg.drafts.is_empty());
        assert_eq!(reg.contracts[0].id, c.id);
    }

    #[test]
    fn unsaved_changes_to_a_contract_show_on_the_register_and_in_the_form() {
        let mut s = store();
        let c = s.save_contract(None, None, &valid_input()).unwrap();
        let mut typed = valid_input();
        typed.whole_life_cost_nominal = "-1".into();
        let d = s.keep_draft(Some(c.id), None, &typed).unwrap();
        assert_eq!(
            s.keep_draft(Some(c.id), None, &typed).unwrap(),
            d,
            "one draft per contract"
        );
        assert!(s.register().unwrap().contracts[0].has_unsaved_changes);
        let form = s.contract_form(c.id).unwrap();
        assert_eq!(form.input.whole_life_cost_nominal, "-1");
        assert_eq!(form.draft_id, Some(d));

        s.discard_draft(d).unwrap();
        let form = s.contract_form(c.id).unwrap();
        assert_eq!(form.input, ContractInput::from(&c.details));
        assert!(form.errors.is_empty());
    }

    #[test]
    fn missing_rows_are_not_found() {
        let mut s = store();
        assert!(matches!(s.contract(9), Err(CoreError::NotFound { .. })));
        assert!(matches!(
            s.save_contract(Some(9), None, &valid_input()),
            Err(CoreError::NotFound { .. })
        ));
        assert!(matches!(
            s.keep_draft(Some(9), None, &valid_input()),
            Err(CoreError::NotFound { .. })
        ));
        assert!(matches!(
            s.discard_draft(9),
            Err(CoreError::NotFound { .. })
        ));
        assert!(matches!(
            s.delete_contract(9),
            Err(CoreError::NotFound { .. })
        ));
    }

    #[test]
    fn deleting_a_contract_removes_its_draft() {
        let mut s = store();
        let c = s.save_contract(None, None, &valid_input()).unwrap();
        s.keep_draft(Some(c.id), None, &ContractInput::default())
            .unwrap();
        s.delete_contract(c.id).unwrap();
        let reg = s.register().unwrap();
        assert!(reg.contracts.is_empty() && reg.drafts.is_empty());
    }
}
