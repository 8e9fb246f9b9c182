//! The register written out as CSV and XLSX, and CSV written for any table. A CSV cell that a
//! spreadsheet would run as a formula is neutralised (OWASP, "CSV Injection").

use chrono::NaiveDate;
use cmm_core::contracts::RegisterEntry;
use cmm_core::kernel::money::Pence;
use cmm_core::{CoreError, Result};
use std::path::Path;

pub const EXPORT_HEADINGS: [&str; 17] = [
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
    "OCID",
    "Buyer",
    "Suppliers",
    "CPV classification",
];

fn export_rows(entries: &[RegisterEntry]) -> Vec<[String; 17]> {
    let uk = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    entries
        .iter()
        .map(|e| {
            let c = &e.contract.details;
            [
                c.reference.clone(),
                c.name.clone(),
                c.scope.clone(),
                c.contractor_legal_name.clone(),
                e.supplier_registration.clone(),
                uk(Some(c.award_date)),
                uk(c.start_date),
                uk(c.expiry_date),
                uk(e.review_date),
                c.whole_life_cost_nominal
                    .map(|p| p.to_input())
                    .unwrap_or_default(),
                c.service_area.clone(),
                e.procurement_type.clone(),
                c.contract_owner.clone(),
                e.ocid.clone(),
                e.buyer.clone(),
                e.suppliers.join("\n"),
                e.cpv.clone(),
            ]
        })
        .collect()
}

/// The register's `entries` as CSV (UTF-8 with a byte-order mark, so Excel opens it with
/// £ and é). Returns how many contracts it wrote.
pub fn export_csv(entries: &[RegisterEntry], out: &Path) -> Result<u32> {
    write_csv(out, &EXPORT_HEADINGS, &export_rows(entries))
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
pub fn write_csv<R: AsRef<[String]>>(out: &Path, headings: &[&str], rows: &[R]) -> Result<u32> {
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
    cmm_core::kernel::write_file_atomically(out, |f| {
        use std::io::Write;
        f.write_all(b"\xEF\xBB\xBF")
            .and_then(|_| f.write_all(&body))
            .map_err(|e| CoreError::file(out, e))
    })?;
    Ok(rows.len() as u32)
}

/// The register's `entries` as an XLSX workbook, headings in bold and frozen. Returns how
/// many contracts it wrote.
pub fn export_xlsx(entries: &[RegisterEntry], out: &Path) -> Result<u32> {
    let rows = export_rows(entries);
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
    cmm_core::kernel::write_file_atomically(out, |f| {
        use std::io::Write;
        f.write_all(&bytes).map_err(|e| CoreError::file(out, e))
    })?;
    Ok(rows.len() as u32)
}
