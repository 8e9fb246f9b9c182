//! The contract register from and to spreadsheets. Councils publish their contracts over
//! £5,000 under the Local Government Transparency Code, as CSV or as a workbook: this
//! reads such a file as the person's spreadsheet shows it ([`read`]), matches its columns
//! to the register's fields ([`fields`]), checks every row against what the register
//! already holds ([`check`]; the application layer imports the good ones), and writes
//! the register out as CSV and XLSX ([`export`]). It reads and writes files; it never
//! opens the data file.
//! The window and `cmm import-register` both use it, so they preview and import alike.
//! It reads contracts published in the Open Contracting Data Standard ([`ocds`]) the same
//! way. It also reads and writes the maturity framework as a workbook ([`framework`]), the form
//! a council revises its matrix in.

pub mod check;
pub mod export;
pub mod fields;
pub mod framework;
pub mod ocds;
pub mod read;

pub use check::{
    check, preview, register_date, Checked, FlaggedCell, Held, ImportOptions, ImportSummary,
    NotUtf8, Preview, RowAction, RowCheck,
};
pub use export::{export_csv, export_xlsx, formula_text, neutralise_formula, write_csv};
pub use fields::{
    column_letter, mapping_notes, mapping_problems, money_unit, suggest_mapping,
    suggest_mapping_filled, Field, MappingCheck, MoneyUnit,
};
pub use read::{
    read_csv, read_ocds, read_sheet, read_workbook, NotUtf8Cell, Sheet, SheetChoice, SheetRow,
    SheetSummary, TextEncoding, WorkbookSheet,
};

#[cfg(test)]
mod tests {
    use crate::read::workbook_date;

    #[test]
    fn workbook_dates_in_either_date_system() {
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
