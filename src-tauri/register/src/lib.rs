//! The contract register from and to spreadsheets. Councils publish their contracts over
//! £5,000 under the Local Government Transparency Code, as CSV or XLSX: this reads such a
//! file (UTF-8 with or without a byte-order mark, or Windows-1252; commas, semicolons or
//! tabs; quoted newlines; dates as dd/mm/yyyy or real spreadsheet dates), matches its
//! columns to the register's fields, checks every row, and imports the good rows by
//! reference in one transaction. It also writes the register out as CSV and XLSX.

use calamine::{Data, Reader};
use chrono::NaiveDate;
use cmm_core::contract::{parse_date, ContractInput};
use cmm_core::money::Pence;
use cmm_core::store::{ImportCounts, RegisterRow};
use cmm_core::{CoreError, FieldError, Result, Store};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use std::path::Path;

/// The register fields a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Reference,
    Title,
    Description,
    SupplierName,
    SupplierRegistration,
    AwardDate,
    StartDate,
    EndDate,
    ReviewDate,
    Value,
    Department,
    ProcurementType,
    ContractOwner,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Reference,
        Field::Title,
        Field::Description,
        Field::SupplierName,
        Field::SupplierRegistration,
        Field::AwardDate,
        Field::StartDate,
        Field::EndDate,
        Field::ReviewDate,
        Field::Value,
        Field::Department,
        Field::ProcurementType,
        Field::ContractOwner,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Reference => "Reference",
            Field::Title => "Title",
            Field::Description => "Description",
            Field::SupplierName => "Supplier name",
            Field::SupplierRegistration => "Supplier registration number",
            Field::AwardDate => "Award date",
            Field::StartDate => "Start date",
            Field::EndDate => "End date",
            Field::ReviewDate => "Review date",
            Field::Value => "Value",
            Field::Department => "Department",
            Field::ProcurementType => "Procurement type",
            Field::ContractOwner => "Contract owner",
        }
    }

    /// Headings councils use for this field, in lower case without punctuation.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Reference => &[
                "reference",
                "reference number",
                "contract reference",
                "contract ref",
                "ref",
                "contract id",
                "contract number",
                "id",
            ],
            Field::Title => &[
                "title",
                "contract title",
                "contract name",
                "name",
                "title of agreement",
                "subject",
            ],
            Field::Description => &[
                "description",
                "contract description",
                "scope",
                "description of goods and services",
                "summary",
            ],
            Field::SupplierName => &[
                "supplier name",
                "supplier",
                "contractor",
                "supplier legal name",
                "contractor name",
                "provider",
            ],
            Field::SupplierRegistration => &[
                "supplier registration number",
                "company registration number",
                "companies house number",
                "registration number",
                "company number",
                "charity number",
            ],
            Field::AwardDate => &[
                "award date",
                "date of award",
                "date awarded",
                "contract award date",
            ],
            Field::StartDate => &[
                "start date",
                "contract start date",
                "start",
                "commencement date",
            ],
            Field::EndDate => &[
                "end date",
                "contract end date",
                "expiry date",
                "end",
                "date of expiry",
            ],
            Field::ReviewDate => &["review date", "contract review date", "next review date"],
            Field::Value => &[
                "value",
                "contract value",
                "total value",
                "annual value",
                "estimated value",
                "total contract value",
            ],
            Field::Department => &[
                "department",
                "directorate",
                "service area",
                "responsible department",
                "service",
            ],
            Field::ProcurementType => &[
                "procurement type",
                "procurement method",
                "procurement route",
                "type of procurement",
                "procedure",
            ],
            Field::ContractOwner => &[
                "contract owner",
                "owner",
                "contract manager",
                "officer",
                "responsible officer",
            ],
        }
    }
}

fn normalise(h: &str) -> String {
    h.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A spreadsheet as read: its headings and rows of text, with each row's line number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Sheet {
    pub headings: Vec<String>,
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SheetRow {
    /// The row's number as the spreadsheet shows it (the headings are row 1).
    pub line: u32,
    pub cells: Vec<String>,
}

fn file_problem(path: &Path, detail: impl std::fmt::Display) -> CoreError {
    CoreError::file(
        path,
        format!("could not be read as a contract register ({detail})"),
    )
}

/// Reads a CSV or XLSX file. Nothing is imported by reading.
pub fn read_sheet(path: &Path) -> Result<Sheet> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        _ => {
            let bytes = std::fs::read(path).map_err(|e| CoreError::file(path, e))?;
            read_csv(&bytes).map_err(|e| file_problem(path, e))
        }
    }
}

/// The text of a CSV file: UTF-8 (a byte-order mark is dropped), else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator the heading line uses most: comma, semicolon or tab.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

pub fn read_csv(bytes: &[u8]) -> std::result::Result<Sheet, String> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map(|p| p.line() as u32).unwrap_or(0);
        let cells: Vec<String> = record
            .iter()
            .map(|c| formula_text(c.trim()).to_owned())
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push(SheetRow { line, cells });
    }
    if headings.iter().all(String::is_empty) {
        return Err("the first line has no headings".into());
    }
    Ok(Sheet { headings, rows })
}

/// A workbook's date cell as the date the person sees in Excel, in the workbook's own
/// date system: the 1900 system (Excel for Windows), or the 1904 system (older Excel for
/// Mac), whose serial numbers are 1,462 days smaller for the same date (ECMA-376 Part 1,
/// §18.17.4.1, `workbookPr/@date1904`). calamine carries the workbook's flag with each cell.
fn workbook_date(dt: &calamine::ExcelDateTime) -> Option<NaiveDate> {
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => workbook_date(dt).map(|d| d.to_string()).unwrap_or_default(),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(), // as Excel shows it: "#DIV/0!"
    }
}

fn read_workbook(path: &Path) -> Result<Sheet> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| file_problem(path, e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_problem(path, "it has no worksheets"))?
        .map_err(|e| file_problem(path, e))?;
    let start = range.start().map(|(r, _)| r).unwrap_or(0);
    let mut rows = range
        .rows()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !matches!(c, Data::Empty)));
    let (_, heading_row) = rows
        .next()
        .ok_or_else(|| file_problem(path, "the first sheet is empty"))?;
    let headings = heading_row.iter().map(cell_text).collect();
    Ok(Sheet {
        headings,
        rows: rows
            .map(|(i, r)| SheetRow {
                line: start + i as u32 + 1,
                cells: r.iter().map(cell_text).collect(),
            })
            .collect(),
    })
}

/// For each column, the field it most likely holds (`None` to leave it out), matched on
/// the common headings of published registers. A field is given to one column at most.
pub fn suggest_mapping(headings: &[String]) -> Vec<Option<Field>> {
    let mut taken = Vec::new();
    headings
        .iter()
        .map(|h| {
            let h = normalise(h);
            let found = Field::ALL
                .into_iter()
                .filter(|f| !taken.contains(f))
                .find(|f| f.synonyms().contains(&h.as_str()))
                .or_else(|| {
                    Field::ALL
                        .into_iter()
                        .filter(|f| !taken.contains(f))
                        .find(|f| f.synonyms().iter().any(|s| s.len() > 4 && h.contains(s)))
                });
            if let Some(f) = found {
                taken.push(f);
            }
            found
        })
        .collect()
}

/// How to read the columns, and what to use where the file has nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ImportOptions {
    /// One entry per column: the field it fills, or `None` to leave it out.
    pub mapping: Vec<Option<Field>>,
    /// The contract owner for rows that do not name one (the template requires one).
    pub default_owner: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A reference the register does not have yet.
    Add,
    /// A reference already on the register: its details are updated.
    Update,
    /// Something is wrong: the row is left out.
    Skip,
}

/// What importing would do with one row, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RowCheck {
    pub line: u32,
    pub reference: String,
    pub title: String,
    pub action: RowAction,
    /// Each problem in a sentence, naming the column.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Preview {
    pub headings: Vec<String>,
    pub mapping: Vec<Option<Field>>,
    pub rows: Vec<RowCheck>,
    pub to_add: u32,
    pub to_update: u32,
    pub to_skip: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ImportSummary {
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
}

fn check_mapping(sheet: &Sheet, o: &ImportOptions) -> Result<()> {
    let mut e = Vec::new();
    if o.mapping.len() != sheet.headings.len() {
        e.push(FieldError::new(
            "mapping",
            format!(
                "Give a field (or none) for each of the file's {} columns",
                sheet.headings.len()
            ),
        ));
    }
    for f in [
        Field::Reference,
        Field::Title,
        Field::SupplierName,
        Field::EndDate,
    ] {
        if !o.mapping.contains(&Some(f)) {
            e.push(FieldError::new(
                "mapping",
                format!(
                    "Choose the column that holds the {}",
                    f.label().to_lowercase()
                ),
            ));
        }
    }
    let mut seen = Vec::new();
    for f in o.mapping.iter().flatten() {
        if seen.contains(f) {
            e.push(FieldError::new(
                "mapping",
                format!("Only one column can be the {}", f.label().to_lowercase()),
            ));
        }
        seen.push(*f);
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Validation(e))
    }
}

/// A date as registers write it: ISO, dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy or dd.mm.yyyy.
fn register_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    parse_date(t)
        .or_else(|| NaiveDate::parse_from_str(t, "%d-%m-%Y").ok())
        .or_else(|| NaiveDate::parse_from_str(t, "%d.%m.%Y").ok())
        .or_else(|| NaiveDate::parse_from_str(t, "%d/%m/%y").ok())
}

/// One row as a register row, or the problems that stop it.
fn row_of(
    sheet: &Sheet,
    row: &SheetRow,
    o: &ImportOptions,
    existing: Option<ContractInput>,
) -> (RegisterRow, Vec<String>) {
    let mut problems = Vec::new();
    let value = |f: Field| -> Option<(String, String)> {
        let i = o.mapping.iter().position(|m| *m == Some(f))?;
        Some((
            sheet.headings[i].clone(),
            row.cells.get(i).cloned().unwrap_or_default(),
        ))
    };
    let date = |f: Field, problems: &mut Vec<String>| -> Option<NaiveDate> {
        let (heading, v) = value(f)?;
        if v.is_empty() {
            return None;
        }
        let d = register_date(&v);
        if d.is_none() {
            problems.push(cmm_core::dates::date_problem(
                &format!("{heading} (\"{v}\")"),
                &v,
            ));
        }
        d
    };
    let start = date(Field::StartDate, &mut problems);
    let award = date(Field::AwardDate, &mut problems).or(start);
    let end = date(Field::EndDate, &mut problems);
    let review = date(Field::ReviewDate, &mut problems);
    let mut input = existing.unwrap_or_default();
    let set = |f: Field, slot: &mut String| {
        if let Some((_, v)) = value(f) {
            if !v.is_empty() {
                *slot = v;
            }
        }
    };
    set(Field::Reference, &mut input.reference);
    set(Field::Title, &mut input.name);
    set(Field::Description, &mut input.scope);
    set(Field::SupplierName, &mut input.contractor_legal_name);
    set(Field::Department, &mut input.service_area);
    set(Field::ContractOwner, &mut input.contract_owner);
    let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    if let Some(d) = iso(award) {
        input.award_date = d;
    }
    if let Some(d) = iso(start) {
        input.start_date = d;
    }
    if let Some(d) = iso(end) {
        input.expiry_date = d;
    }
    if let Some((heading, v)) = value(Field::Value) {
        if !v.is_empty() {
            match Pence::parse_pounds(&v) {
                Ok(p) => input.whole_life_cost_nominal = p.to_input(),
                Err(rule) => problems.push(rule.sentence(&format!("{heading} (\"{v}\")"))),
            }
        }
    }
    if input.contract_owner.trim().is_empty() {
        input.contract_owner = o.default_owner.trim().to_owned();
    }
    let reg = value(Field::SupplierRegistration)
        .map(|(_, v)| v)
        .unwrap_or_default();
    let kind = value(Field::ProcurementType)
        .map(|(_, v)| v)
        .unwrap_or_default();
    if problems.is_empty() {
        if let Err(e) = input.validate() {
            problems.extend(e.into_iter().map(|f| f.message));
        }
    }
    (
        RegisterRow {
            input,
            supplier_registration: reg,
            review_date: review,
            procurement_type: kind,
        },
        problems,
    )
}

fn checked(
    store: &Store,
    sheet: &Sheet,
    o: &ImportOptions,
) -> Result<(Vec<RowCheck>, Vec<RegisterRow>)> {
    check_mapping(sheet, o)?;
    let known = store.contract_references()?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut checks = Vec::new();
    let mut good = Vec::new();
    for row in &sheet.rows {
        let reference = o
            .mapping
            .iter()
            .position(|m| *m == Some(Field::Reference))
            .and_then(|i| row.cells.get(i))
            .cloned()
            .unwrap_or_default();
        let key = reference.trim().to_lowercase();
        let existing = known
            .get(&key)
            .map(|id| store.contract_input(*id))
            .transpose()?;
        let update = existing.is_some();
        let (r, mut problems) = row_of(sheet, row, o, existing);
        if !key.is_empty() {
            if let Some(first) = seen.get(&key) {
                problems.push(format!("Reference {reference} is also on row {first}; each contract needs its own reference"));
            } else {
                seen.insert(key, row.line);
            }
        }
        let action = if !problems.is_empty() {
            RowAction::Skip
        } else if update {
            RowAction::Update
        } else {
            RowAction::Add
        };
        checks.push(RowCheck {
            line: row.line,
            reference,
            title: r.input.name.clone(),
            action,
            problems,
        });
        if action != RowAction::Skip {
            good.push(r);
        }
    }
    Ok((checks, good))
}

/// What importing would do with every row. Changes nothing.
pub fn preview(store: &Store, sheet: &Sheet, o: &ImportOptions) -> Result<Preview> {
    let (rows, _) = checked(store, sheet, o)?;
    let count = |a: RowAction| rows.iter().filter(|r| r.action == a).count() as u32;
    Ok(Preview {
        headings: sheet.headings.clone(),
        mapping: o.mapping.clone(),
        to_add: count(RowAction::Add),
        to_update: count(RowAction::Update),
        to_skip: count(RowAction::Skip),
        rows,
    })
}

/// Imports the good rows in one transaction; the rest are left out, as the preview said.
/// Importing the same file again updates by reference and never duplicates.
pub fn import(store: &mut Store, sheet: &Sheet, o: &ImportOptions) -> Result<ImportSummary> {
    let (rows, good) = checked(store, sheet, o)?;
    let ImportCounts { created, updated } = store.import_register(&good)?;
    Ok(ImportSummary {
        created,
        updated,
        skipped: rows.iter().filter(|r| r.action == RowAction::Skip).count() as u32,
    })
}

const EXPORT_HEADINGS: [&str; 13] = [
    "Reference",
    "Title",
    "Description",
    "Supplier name",
    "Supplier registration number",
    "Award date",
    "Start date",
    "End date",
    "Review date",
    "Value",
    "Department",
    "Procurement type",
    "Contract owner",
];

fn export_rows(store: &Store) -> Result<Vec<[String; 13]>> {
    let uk = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    Ok(store
        .register_entries()?
        .into_iter()
        .map(|e| {
            let c = e.contract.details;
            [
                c.reference,
                c.name,
                c.scope,
                c.contractor_legal_name,
                e.supplier_registration,
                uk(Some(c.award_date)),
                uk(c.start_date),
                uk(Some(c.expiry_date)),
                uk(e.review_date),
                c.whole_life_cost_nominal
                    .map(|p| p.to_input())
                    .unwrap_or_default(),
                c.service_area,
                e.procurement_type,
                c.contract_owner,
            ]
        })
        .collect())
}

/// The register as CSV (UTF-8 with a byte-order mark, so Excel opens it with £ and é).
pub fn export_csv(store: &Store, out: &Path) -> Result<u32> {
    write_csv(out, &EXPORT_HEADINGS, &export_rows(store)?)
}

/// The characters that make a spreadsheet read a CSV cell as a formula, or that it strips
/// before looking (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as a CSV export writes it, so that Excel, LibreOffice and Google Sheets show it
/// as text and never run it: a cell that begins with one of [`FORMULA_STARTS`] gets a
/// leading apostrophe, as the OWASP guidance on CSV injection says. A number ("-12.50")
/// cannot run, so it is left as it is. [`formula_text`] undoes it on import.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    // A cell that already begins with an apostrophe before a formula character gets one
    // more, so that the import, which drops one, gives it back as it was.
    let apostrophed = cell
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA_STARTS));
    if apostrophed || (cell.starts_with(FORMULA_STARTS) && cell.trim().parse::<f64>().is_err()) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The text of a CSV cell that [`neutralise_formula`] wrote: the apostrophe before a
/// formula-like start is dropped, so a register exported and imported again gives back
/// the original text. Any other cell is returned as it is.
pub fn formula_text(cell: &str) -> &str {
    let formula_like = |s: &str| {
        s.starts_with(FORMULA_STARTS)
            || s.strip_prefix('\'')
                .is_some_and(|r| r.starts_with(FORMULA_STARTS))
    };
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// Writes a CSV with a byte-order mark (so Excel reads it as UTF-8), atomically. Cells
/// that a spreadsheet would run as formulas are neutralised ([`neutralise_formula`]).
fn write_csv<R: AsRef<[String]>>(out: &Path, headings: &[&str], rows: &[R]) -> Result<u32> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let to_err = |e: csv::Error| CoreError::file(out, e);
    w.write_record(headings).map_err(to_err)?;
    for r in rows {
        w.write_record(
            r.as_ref()
                .iter()
                .map(|c| neutralise_formula(c).into_owned()),
        )
        .map_err(to_err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| CoreError::file(out, e.to_string()))?;
    cmm_core::store::write_file_atomically(out, |f| {
        use std::io::Write;
        f.write_all(b"\xEF\xBB\xBF")
            .and_then(|_| f.write_all(&body))
            .map_err(|e| CoreError::file(out, e))
    })?;
    Ok(rows.len() as u32)
}

/// The forward plan as the committee's table, one row per planned meeting, with the date
/// and times also in machine-readable columns.
pub const PLAN_HEADINGS: [&str; 10] = [
    "Date of CMRG",
    "Contract",
    "Lead Officer",
    "Status",
    "Date",
    "Date confirmed",
    "Start",
    "End",
    "Contract references",
    "Moved from",
];

pub fn export_plan_csv(plan: &[cmm_core::plan::PlanItem], out: &Path) -> Result<u32> {
    let rows: Vec<Vec<String>> = plan
        .iter()
        .map(|p| {
            vec![
                p.when.clone(),
                p.what.join("; "),
                p.lead().to_owned(),
                p.status.words().to_owned(),
                p.date.to_string(),
                if p.date_confirmed { "Yes" } else { "No" }.to_owned(),
                p.starts_at.clone(),
                p.ends_at.clone(),
                p.contracts
                    .iter()
                    .map(|c| c.reference.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                p.moves
                    .iter()
                    .map(|m| m.from_text.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    write_csv(out, &PLAN_HEADINGS, &rows)
}

/// The register as an XLSX workbook, headings in bold and frozen.
pub fn export_xlsx(store: &Store, out: &Path) -> Result<u32> {
    let rows = export_rows(store)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let to_err = |e: rust_xlsxwriter::XlsxError| CoreError::file(out, e.to_string());
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Contract register").map_err(to_err)?;
        for (c, h) in EXPORT_HEADINGS.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(to_err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if c == 9 {
                    if let Ok(p) = Pence::parse_pounds(v) {
                        sheet
                            .write_number(r as u32 + 1, c as u16, p.0 as f64 / 100.0)
                            .map_err(to_err)?;
                        continue;
                    }
                }
                sheet
                    .write_string(r as u32 + 1, c as u16, v)
                    .map_err(to_err)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(to_err)?;
    }
    let bytes = book.save_to_buffer().map_err(to_err)?;
    cmm_core::store::write_file_atomically(out, |f| {
        use std::io::Write;
        f.write_all(&bytes).map_err(|e| CoreError::file(out, e))
    })?;
    Ok(rows.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_headings_are_matched() {
        let h: Vec<String> = [
            "Contract Reference",
            "Title of Agreement",
            "Supplier Name",
            "Companies House Number",
            "Start Date",
            "End Date",
            "Total Contract Value (£)",
            "Directorate",
            "Procurement Method",
            "Notes",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            suggest_mapping(&h),
            vec![
                Some(Field::Reference),
                Some(Field::Title),
                Some(Field::SupplierName),
                Some(Field::SupplierRegistration),
                Some(Field::StartDate),
                Some(Field::EndDate),
                Some(Field::Value),
                Some(Field::Department),
                Some(Field::ProcurementType),
                None
            ]
        );
    }

    #[test]
    fn register_dates() {
        let d = |s| register_date(s).map(|d| d.to_string());
        assert_eq!(d("01/04/2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("1/4/2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("01-04-2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("2016-04-01").as_deref(), Some("2016-04-01"));
        assert_eq!(d("31/02/2016"), None);
        let excel = |serial, is_1904| {
            workbook_date(&calamine::ExcelDateTime::new(
                serial,
                calamine::ExcelDateTimeType::DateTime,
                is_1904,
            ))
            .map(|d| d.to_string())
        };
        assert_eq!(excel(42461.0, false).as_deref(), Some("2016-04-01"));
        assert_eq!(
            excel(42461.0 - 1462.0, true).as_deref(),
            Some("2016-04-01"),
            "the 1904 system counts 1,462 days fewer"
        );
    }
}
