//! Checking each row of a register and importing it: the same checks for the window's
//! preview, its import and `cmm import-register`.
//!
//! A row is kept whenever it can be: a value that is optional and cannot be read ("TBC"
//! as a value, a review date that does not exist) is imported blank and flagged. Only a
//! row without what every contract needs (reference, title, supplier, award date, end
//! date, owner) is left out, and it says why.

use crate::fields::{mapping_problems, Field};
use crate::read::{column_letter, Sheet, SheetChoice, SheetRow};
use chrono::NaiveDate;
use cmm_core::contract::{self, parse_date, ContractInput};
use cmm_core::money::Pence;
use cmm_core::store::{ImportCounts, RegisterRow};
use cmm_core::{CoreError, FieldError, Result, Store};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// How to read the cells of a UTF-8 file that are not UTF-8 ([`Sheet::not_utf8`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NotUtf8 {
    /// Treat each such cell as unreadable: an optional value is imported blank and
    /// flagged, and a row that needs the value is left out. Nothing is garbled.
    #[default]
    LeaveBlank,
    /// Read each such cell as Windows-1252, as the person has checked it reads right.
    #[serde(rename = "windows_1252")]
    Windows1252,
}

/// How to read the file, and what to use where it has nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ImportOptions {
    /// The workbook sheet to read; `None` for the suggested one.
    pub sheet: Option<String>,
    /// The row holding the headings, as the spreadsheet numbers it; `None` for the
    /// suggested one.
    pub heading_row: Option<u32>,
    /// One entry per column: the field it fills, or `None` to leave it out.
    pub mapping: Vec<Option<Field>>,
    /// The contract owner for rows that do not name one (the template requires one).
    pub default_owner: String,
    pub not_utf8: NotUtf8,
}

impl ImportOptions {
    /// The sheet and heading row these options read.
    pub fn choice(&self) -> SheetChoice {
        SheetChoice {
            sheet: self.sheet.clone(),
            heading_row: self.heading_row,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A reference the register does not have yet.
    Add,
    /// A reference already on the register: its details are updated.
    Update,
    /// Something every contract needs is missing or wrong: the row is left out.
    Skip,
    /// A note or a total under the data, not a contract: one cell at most is filled.
    NotAContract,
}

/// A value that could not be read, imported blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FlaggedCell {
    pub field: Field,
    /// What is wrong, in a sentence that names the column and the value.
    pub message: String,
}

/// What importing would do with one row, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RowCheck {
    /// The row's number as the spreadsheet shows it.
    pub line: u32,
    pub reference: String,
    pub title: String,
    pub action: RowAction,
    /// The value each field of [`Preview::fields`] will take, as the register will show
    /// it ("01/04/2023", "£57.70"); "" where it is blank.
    pub values: Vec<String>,
    /// Why the row is left out, each in a sentence naming the column.
    pub problems: Vec<String>,
    /// The values that could not be read and are imported blank.
    pub flagged: Vec<FlaggedCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Preview {
    pub headings: Vec<String>,
    pub mapping: Vec<Option<Field>>,
    /// The fields mapped, in the file's column order: the columns of [`RowCheck::values`].
    pub fields: Vec<Field>,
    pub rows: Vec<RowCheck>,
    pub to_add: u32,
    pub to_update: u32,
    pub to_skip: u32,
    /// Rows to be imported with at least one value blank and flagged.
    pub flagged: u32,
    pub not_contracts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ImportSummary {
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
    /// Rows imported with at least one value blank and flagged.
    pub flagged: u32,
    pub not_contracts: u32,
}

fn check_mapping(sheet: &Sheet, o: &ImportOptions) -> Result<()> {
    let e = mapping_problems(sheet.headings.len(), &o.mapping);
    if e.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Validation(
            e.into_iter()
                .map(|m| FieldError::new("mapping", m))
                .collect(),
        ))
    }
}

/// A date as registers write it: ISO, dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy, or
/// with the month in words ("1 April 2023", "01-Apr-23", "1 Apr 2023").
pub fn register_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    parse_date(t).or_else(|| {
        [
            "%d-%m-%Y",
            "%d.%m.%Y",
            "%d/%m/%y",
            "%d %B %Y",
            "%d-%B-%Y",
            "%d-%B-%y",
            "%d %B %y",
            "%B %d, %Y",
            "%A %d %B %Y",
            "%A, %d %B %Y",
        ]
        .iter()
        .find_map(|f| {
            // parse_date keeps the years a council date can fall in: "%Y" also reads "16".
            NaiveDate::parse_from_str(t, f)
                .ok()
                .and_then(|d| parse_date(&d.to_string()))
        })
    })
}

/// The contract form's field that a register field fills, for telling which of the
/// form's refusals belong to which column.
fn form_field(f: Field) -> Option<&'static contract::Field> {
    Some(match f {
        Field::Reference => &contract::REFERENCE,
        Field::Title => &contract::NAME,
        Field::Description => &contract::SCOPE,
        Field::SupplierName => &contract::LEGAL_NAME,
        Field::SupplierTradingName => &contract::TRADING_NAME,
        Field::ContractorConstruct => &contract::CONSTRUCT,
        Field::AwardDate => &contract::AWARD_DATE,
        Field::StartDate => &contract::START_DATE,
        Field::EndDate => &contract::EXPIRY_DATE,
        Field::Value => &contract::WLC_NOMINAL,
        Field::ValueNetPresent => &contract::WLC_NPV,
        Field::AnnualValue => &contract::CURRENT_YEAR,
        Field::Department => &contract::SERVICE_AREA,
        Field::ContractOwner => &contract::OWNER,
        Field::ContractManager => &contract::MANAGER,
        Field::SupplierRegistration | Field::ReviewDate | Field::ProcurementType => return None,
    })
}

fn input_slot(input: &mut ContractInput, f: Field) -> Option<&mut String> {
    Some(match f {
        Field::Reference => &mut input.reference,
        Field::Title => &mut input.name,
        Field::Description => &mut input.scope,
        Field::SupplierName => &mut input.contractor_legal_name,
        Field::SupplierTradingName => &mut input.contractor_trading_name,
        Field::ContractorConstruct => &mut input.contractor_construct,
        Field::AwardDate => &mut input.award_date,
        Field::StartDate => &mut input.start_date,
        Field::EndDate => &mut input.expiry_date,
        Field::Value => &mut input.whole_life_cost_nominal,
        Field::ValueNetPresent => &mut input.whole_life_cost_npv,
        Field::AnnualValue => &mut input.current_year_value,
        Field::Department => &mut input.service_area,
        Field::ContractOwner => &mut input.contract_owner,
        Field::ContractManager => &mut input.contract_manager,
        Field::SupplierRegistration | Field::ReviewDate | Field::ProcurementType => return None,
    })
}

/// A value read from a cell, in the form the register keeps and the form it shows.
enum Value {
    Text(String),
    Date(NaiveDate),
    Money(Pence),
}

impl Value {
    fn stored(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.to_string(),
            Value::Money(p) => p.to_input(),
        }
    }

    fn shown(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
            Value::Money(p) => p.to_string(),
        }
    }
}

/// One cell read as its field's kind of value: `Ok(None)` when blank, `Err` with the
/// sentence that says why it cannot be read.
fn read_value(
    sheet: &Sheet,
    row: &SheetRow,
    column: usize,
    f: Field,
    o: &ImportOptions,
) -> std::result::Result<Option<Value>, String> {
    let v = row.cells.get(column).map(String::as_str).unwrap_or("");
    let heading = match sheet.headings.get(column).map(String::as_str) {
        Some(h) if !h.is_empty() => format!("{h} (column {})", column_letter(column)),
        _ => format!("Column {}", column_letter(column)),
    };
    if v.is_empty() {
        return Ok(None);
    }
    if o.not_utf8 == NotUtf8::LeaveBlank && sheet.is_not_utf8(row.line, column) {
        return Err(format!(
            "{heading} is not UTF-8 text; read as Windows-1252 it says \"{v}\". Choose how \
             to read such cells"
        ));
    }
    let label = format!("{heading} (\"{v}\")");
    Ok(Some(match f {
        Field::AwardDate | Field::StartDate | Field::EndDate | Field::ReviewDate => {
            Value::Date(register_date(v).ok_or_else(|| cmm_core::dates::date_problem(&label, v))?)
        }
        Field::Value | Field::ValueNetPresent | Field::AnnualValue => {
            Value::Money(Pence::parse_pounds(v).map_err(|rule| rule.sentence(&label))?)
        }
        _ => Value::Text(v.to_owned()),
    }))
}

/// One row as a register row, the values to show, and what stops or flags it.
struct RowOutcome {
    row: RegisterRow,
    values: Vec<String>,
    problems: Vec<String>,
    flagged: Vec<FlaggedCell>,
}

fn row_of(
    sheet: &Sheet,
    row: &SheetRow,
    o: &ImportOptions,
    existing: Option<ContractInput>,
) -> RowOutcome {
    let mut out = RowOutcome {
        row: RegisterRow {
            input: existing.unwrap_or_default(),
            supplier_registration: String::new(),
            review_date: None,
            procurement_type: String::new(),
        },
        values: Vec::new(),
        problems: Vec::new(),
        flagged: Vec::new(),
    };
    let mut read: Vec<(Field, Option<Value>)> = Vec::new();
    for (column, f) in o.mapping.iter().enumerate() {
        let Some(f) = *f else { continue };
        match read_value(sheet, row, column, f, o) {
            Ok(v) => read.push((f, v)),
            Err(message) => {
                if f.required() {
                    out.problems.push(message);
                } else {
                    out.flagged.push(FlaggedCell { field: f, message });
                }
                read.push((f, None));
            }
        }
    }
    let r = &mut out.row;
    for (f, v) in &read {
        let Some(v) = v else { continue };
        match f {
            Field::SupplierRegistration => r.supplier_registration = v.stored(),
            Field::ProcurementType => r.procurement_type = v.stored(),
            Field::ReviewDate => {
                if let Value::Date(d) = v {
                    r.review_date = Some(*d);
                }
            }
            _ => {
                if let Some(slot) = input_slot(&mut r.input, *f) {
                    *slot = v.stored();
                }
            }
        }
    }
    // The template needs a date of award; a register that gives only the start date
    // gives it there.
    if r.input.award_date.is_empty() {
        r.input.award_date = r.input.start_date.clone();
    }
    if r.input.contract_owner.trim().is_empty() {
        r.input.contract_owner = o.default_owner.trim().to_owned();
    }
    // The form's own rules (lengths, an end after the start): an optional value that
    // breaks one is flagged and left blank, as an unreadable one is.
    if out.problems.is_empty() {
        for _ in 0..2 {
            let Err(errors) = r.input.validate() else {
                break;
            };
            for e in errors {
                let field = Field::ALL
                    .into_iter()
                    .find(|f| form_field(*f).is_some_and(|ff| ff.name == e.field));
                match field {
                    Some(f) if !f.required() => {
                        if let Some(slot) = input_slot(&mut r.input, f) {
                            slot.clear();
                        }
                        if let Some(x) = read.iter_mut().find(|(g, _)| *g == f) {
                            x.1 = None;
                        }
                        out.flagged.push(FlaggedCell {
                            field: f,
                            message: e.message,
                        });
                    }
                    _ => out.problems.push(e.message),
                }
            }
            if !out.problems.is_empty() {
                break;
            }
        }
    }
    out.problems.dedup();
    out.values = read
        .iter()
        .map(|(_, v)| v.as_ref().map(Value::shown).unwrap_or_default())
        .collect();
    out
}

/// Whether a row is a note, a total or a stray cell under the data rather than a
/// contract: one cell at most has anything in it, or its first cell says it is a total.
fn not_a_contract(row: &SheetRow) -> bool {
    let mut filled = row.cells.iter().filter(|c| !c.is_empty());
    let first = filled.next().map(|c| c.trim().to_lowercase());
    let more = filled.count();
    more == 0
        || first.is_some_and(|c| {
            matches!(
                c.trim_end_matches(':'),
                "total" | "totals" | "grand total" | "sub total" | "subtotal" | "sub-total"
            )
        })
}

fn checked(
    store: &Store,
    sheet: &Sheet,
    o: &ImportOptions,
) -> Result<(Vec<RowCheck>, Vec<RegisterRow>)> {
    check_mapping(sheet, o)?;
    let known = store.contract_references()?;
    let reference_column = o.mapping.iter().position(|m| *m == Some(Field::Reference));
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut checks = Vec::new();
    let mut good = Vec::new();
    for row in &sheet.rows {
        let reference = reference_column
            .and_then(|i| row.cells.get(i))
            .cloned()
            .unwrap_or_default();
        if not_a_contract(row) {
            checks.push(RowCheck {
                line: row.line,
                reference: String::new(),
                title: row
                    .cells
                    .iter()
                    .find(|c| !c.is_empty())
                    .cloned()
                    .unwrap_or_default(),
                action: RowAction::NotAContract,
                values: Vec::new(),
                problems: Vec::new(),
                flagged: Vec::new(),
            });
            continue;
        }
        let key = reference.trim().to_lowercase();
        let existing = known
            .get(&key)
            .map(|id| store.contract_input(*id))
            .transpose()?;
        let update = existing.is_some();
        let mut r = row_of(sheet, row, o, existing);
        if !key.is_empty() {
            if let Some(first) = seen.get(&key) {
                r.problems.push(format!(
                    "Reference {reference} is also on row {first}; each contract needs its own reference"
                ));
            } else {
                seen.insert(key, row.line);
            }
        }
        let action = if !r.problems.is_empty() {
            RowAction::Skip
        } else if update {
            RowAction::Update
        } else {
            RowAction::Add
        };
        if action == RowAction::Skip {
            // A row left out says everything wrong with it in one list.
            r.problems.extend(r.flagged.drain(..).map(|f| f.message));
        }
        checks.push(RowCheck {
            line: row.line,
            reference,
            title: r.row.input.name.clone(),
            action,
            values: r.values,
            problems: r.problems,
            flagged: r.flagged,
        });
        if action != RowAction::Skip {
            good.push(r.row);
        }
    }
    Ok((checks, good))
}

fn count(rows: &[RowCheck], a: RowAction) -> u32 {
    rows.iter().filter(|r| r.action == a).count() as u32
}

fn flagged(rows: &[RowCheck]) -> u32 {
    rows.iter().filter(|r| !r.flagged.is_empty()).count() as u32
}

/// What importing would do with every row. Changes nothing.
///
/// Errors: the mapping lacks a field every row needs, or gives a field to two columns
/// ([`CoreError::Validation`], one message each, field "mapping"); the store cannot be
/// read.
pub fn preview(store: &Store, sheet: &Sheet, o: &ImportOptions) -> Result<Preview> {
    let (rows, _) = checked(store, sheet, o)?;
    Ok(Preview {
        headings: sheet.headings.clone(),
        mapping: o.mapping.clone(),
        fields: o.mapping.iter().flatten().copied().collect(),
        to_add: count(&rows, RowAction::Add),
        to_update: count(&rows, RowAction::Update),
        to_skip: count(&rows, RowAction::Skip),
        flagged: flagged(&rows),
        not_contracts: count(&rows, RowAction::NotAContract),
        rows,
    })
}

/// Imports the good rows in one transaction; the rest are left out, as the preview said.
/// Importing the same file again updates by reference and never duplicates; a blank or
/// flagged cell never clears what the register already holds.
///
/// Errors: as [`preview`], and any error writing the store (nothing is then imported).
pub fn import(store: &mut Store, sheet: &Sheet, o: &ImportOptions) -> Result<ImportSummary> {
    let (rows, good) = checked(store, sheet, o)?;
    let ImportCounts { created, updated } = store.import_register(&good)?;
    Ok(ImportSummary {
        created,
        updated,
        skipped: count(&rows, RowAction::Skip),
        flagged: flagged(&rows),
        not_contracts: count(&rows, RowAction::NotAContract),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_dates() {
        let d = |s| register_date(s).map(|d| d.to_string());
        assert_eq!(d("01/04/2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("1/4/2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("01-04-2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("2016-04-01").as_deref(), Some("2016-04-01"));
        assert_eq!(d("1 April 2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("1 Apr 2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("01-Apr-16").as_deref(), Some("2016-04-01"));
        assert_eq!(d("01/04/16").as_deref(), Some("2016-04-01"));
        assert_eq!(d("31/02/2016"), None);
        assert_eq!(d("TBC"), None);
    }
}
