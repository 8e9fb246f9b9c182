//! The contract register as a published spreadsheet sees it: every contract with the
//! register's own fields, and the import of many rows in one transaction, by reference.

use crate::contracts::store::{contract_by_id, write_contract};
use crate::contracts::{Contract, ContractInput};
use crate::kernel::error::{CoreError, Result};
use crate::kernel::write_transaction;
use crate::kernel::Store;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use specta::Type;
use std::collections::HashMap;

/// One row of a register: the contract's details and what the register adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterRow {
    pub input: ContractInput,
    pub supplier_registration: String,
    pub review_date: Option<NaiveDate>,
    pub procurement_type: String,
}

/// A contract as the register lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegisterEntry {
    pub contract: Contract,
    pub supplier_registration: String,
    pub review_date: Option<NaiveDate>,
    pub procurement_type: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
pub struct ImportCounts {
    pub created: u32,
    pub updated: u32,
}

impl Store {
    /// Every contract's id, by its reference in lower case.
    pub fn contract_references(&self) -> Result<HashMap<String, i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT lower(reference), id FROM contract")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<HashMap<_, _>, _>>()?;
        Ok(rows)
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
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM contract WHERE reference = ?1 COLLATE NOCASE",
                    [&d.reference],
                    |r| r.get(0),
                )
                .optional()?;
            let id = write_contract(&tx, existing, &d)?;
            tx.execute(
                "INSERT INTO contract_register (contract_id, supplier_registration, review_date, procurement_type)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (contract_id) DO UPDATE SET
                   supplier_registration = coalesce(nullif(excluded.supplier_registration, ''), supplier_registration),
                   review_date = coalesce(excluded.review_date, review_date),
                   procurement_type = coalesce(nullif(excluded.procurement_type, ''), procurement_type)",
                params![id, row.supplier_registration, row.review_date, row.procurement_type],
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
            "SELECT c.id, r.supplier_registration, r.review_date, r.procurement_type
             FROM contract c LEFT JOIN contract_register r ON r.contract_id = c.id
             ORDER BY c.reference COLLATE NOCASE",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<NaiveDate>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, reg, review, kind)| {
                Ok(RegisterEntry {
                    contract: contract_by_id(&self.conn, id)?,
                    supplier_registration: reg.unwrap_or_default(),
                    review_date: review,
                    procurement_type: kind.unwrap_or_default(),
                })
            })
            .collect()
    }

    /// A saved contract as its form holds it, to merge an import's columns into.
    pub fn contract_input(&self, id: i64) -> Result<ContractInput> {
        Ok(ContractInput::from(
            &contract_by_id(&self.conn, id)?.details,
        ))
    }
}
