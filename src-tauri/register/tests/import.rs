//! Importing published contract registers: the file shapes councils' systems produce, row
//! checks with clear messages, re-import by reference, and export back out.

mod support;

use cmm_core::Store;
use cmm_register::{
    read_csv, read_sheet, suggest_mapping, Field, ImportOptions, RowAction, Sheet, SheetChoice,
};
use support::{export_csv, export_xlsx, import, preview};

const HEADINGS: &str = "Reference,Title,Description,Supplier Name,Supplier Registration Number,Start Date,End Date,Review Date,Value,Department,Procurement Type";

fn options(sheet: &Sheet) -> ImportOptions {
    ImportOptions {
        mapping: suggest_mapping(&sheet.headings),
        default_owner: "Clare Maynard".into(),
        ..Default::default()
    }
}

fn sheet(bytes: &[u8]) -> Sheet {
    read_csv(bytes, &SheetChoice::default()).unwrap()
}

#[test]
fn a_utf8_file_with_a_byte_order_mark_imports_and_re_imports_without_duplicates() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{HEADINGS}\r\nSS-001,Total facilities management,\"Hard and soft FM, East Kent\",Amey Community Limited,04736639,01/04/2016,31/05/2027,01/10/2026,\"£45,000,000\",Strategic and Corporate Services,Open\r\nSS-002,Caf\u{e9} services,Catering,Compass Group UK,00123456,1/9/2019,31/08/2026,,250000,Strategic and Corporate Services,Restricted\r\n").bytes());
    let s = sheet(&bytes);
    assert_eq!(
        s.headings[0], "Reference",
        "the byte-order mark is not part of the heading"
    );
    let mut store = Store::open_in_memory().unwrap();
    let o = options(&s);
    let p = preview(&store, &s, &o).unwrap();
    assert_eq!(
        (p.to_add, p.to_update, p.to_skip),
        (2, 0, 0),
        "{:?}",
        p.rows
    );
    assert!(
        store.register().unwrap().contracts.is_empty(),
        "a preview changes nothing"
    );
    let r = import(&mut store, &s, &o).unwrap();
    assert_eq!((r.created, r.updated, r.skipped), (2, 0, 0));
    let entries = store.register_entries().unwrap();
    let fm = &entries[0];
    assert_eq!(fm.contract.details.name, "Total facilities management");
    assert_eq!(
        fm.contract.details.award_date.to_string(),
        "2016-04-01",
        "award date falls back to the start date"
    );
    assert_eq!(
        fm.contract.details.whole_life_cost_nominal.unwrap().0,
        4_500_000_000
    );
    assert_eq!(fm.supplier_registration, "04736639");
    assert_eq!(fm.review_date.unwrap().to_string(), "2026-10-01");
    assert_eq!(fm.procurement_type, "Open");
    assert_eq!(fm.contract.details.contract_owner, "Clare Maynard");
    assert_eq!(entries[1].contract.details.name, "Café services");

    // Again, with a changed title: updated by reference, never duplicated.
    let again = String::from_utf8(bytes).unwrap().replace(
        "Total facilities management",
        "Total facilities management (East Kent)",
    );
    let s2 = sheet(again.as_bytes());
    let p = preview(&store, &s2, &o).unwrap();
    assert_eq!((p.to_add, p.to_update), (0, 2));
    let r = import(&mut store, &s2, &o).unwrap();
    assert_eq!((r.created, r.updated), (0, 2));
    let entries = store.register_entries().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[0].contract.details.name,
        "Total facilities management (East Kent)"
    );
}

#[test]
fn windows_1252_semicolons_and_quoted_newlines() {
    // "£" is 0xA3 and "é" 0xE9 in Windows-1252; the description spans two lines.
    let mut bytes =
        b"Reference;Title;Description;Supplier Name;Start Date;End Date;Value\n".to_vec();
    bytes.extend(b"HW-1;Highways term maintenance;\"Reactive repairs\nand winter service\";Amey LG Ltd;01/09/2011;31/08/2027;\xA3150,000,000\n");
    bytes.extend(b"LIK-1;Locate in Kent (caf\xE9 network);Inward investment;Locate in Kent Ltd;01/04/2018;31/03/2025;\xA3900,000\n");
    let s = sheet(&bytes);
    assert_eq!(s.headings.len(), 7, "semicolons are the separator");
    assert_eq!(s.rows[0].cells[2], "Reactive repairs\nand winter service");
    assert_eq!(s.rows[1].cells[1], "Locate in Kent (café network)");
    assert_eq!(
        s.rows[1].line, 3,
        "rows are numbered as a spreadsheet shows them: a cell with a line break is one row"
    );
    let mut store = Store::open_in_memory().unwrap();
    let r = import(&mut store, &s, &options(&s)).unwrap();
    assert_eq!(r.created, 2);
    let e = store.register_entries().unwrap();
    assert_eq!(
        e[0].contract.details.whole_life_cost_nominal.unwrap().0,
        15_000_000_000
    );
    assert!(e[0].contract.details.scope.contains("winter service"));
}

#[test]
fn each_bad_row_says_what_is_wrong_and_only_good_rows_are_imported() {
    let text = format!(
        "{HEADINGS}\n\
         A-1,Good contract,,Supplier One,,01/04/2020,31/03/2026,,1000,,\n\
         A-2,Bad date,,Supplier Two,,01/04/2020,31/13/2026,,1000,,\n\
         A-3,Negative value,,Supplier Three,,01/04/2020,31/03/2026,,-500,,\n\
         A-1,Duplicate reference,,Supplier Four,,01/04/2020,31/03/2026,,1000,,\n\
         A-5,,,Supplier Five,,01/04/2020,31/03/2026,,1000,,\n\
         A-6,Ends before it starts,,Supplier Six,,01/04/2020,31/03/2019,,1000,,\n"
    );
    let s = sheet(text.as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    let o = options(&s);
    let p = preview(&store, &s, &o).unwrap();
    let problems = |line: u32| -> String {
        p.rows
            .iter()
            .find(|r| r.line == line)
            .unwrap()
            .problems
            .join(" | ")
    };
    assert_eq!(p.rows[0].action, RowAction::Add);
    assert!(
        problems(3).contains("End Date (column G) (\"31/13/2026\"): there is no month 13"),
        "{}",
        problems(3)
    );
    // A value is optional: the row is kept, the value left blank and flagged.
    let negative = p.rows.iter().find(|r| r.line == 4).unwrap();
    assert_eq!(negative.action, RowAction::Add);
    assert_eq!(
        negative.flagged[0].message,
        "Value (column I) (\"-500\") must not be negative"
    );
    assert!(
        problems(5).contains("Reference A-1 is also on row 2"),
        "{}",
        problems(5)
    );
    assert!(
        problems(6).contains("Title (column B) is blank: every contract needs a title"),
        "{}",
        problems(6)
    );
    assert!(
        problems(7).to_lowercase().contains("expiry"),
        "{}",
        problems(7)
    );
    assert_eq!((p.to_add, p.to_skip, p.flagged), (2, 4, 1));
    let r = import(&mut store, &s, &o).unwrap();
    assert_eq!((r.created, r.skipped, r.flagged), (2, 4, 1));
    let entries = store.register_entries().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].contract.details.whole_life_cost_nominal, None);
}

#[test]
fn a_file_missing_a_needed_column_is_refused_before_any_row_is_read() {
    let s = sheet(b"Ref,Supplier\nX-1,Someone\n");
    let o = options(&s);
    let e = preview(&Store::open_in_memory().unwrap(), &s, &o).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("the title"), "{text}");
    assert!(text.contains("the end date"), "{text}");
}

#[test]
fn an_xlsx_register_with_real_dates_imports_and_the_register_exports_to_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        let sheet = book.add_worksheet();
        for (c, h) in [
            "Contract ID",
            "Contract Title",
            "Supplier",
            "Start Date",
            "End Date",
            "Contract Value",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "FOS-1").unwrap();
        sheet.write_string(1, 1, "Fostering placements").unwrap();
        sheet.write_string(1, 2, "Foster Care Associates").unwrap();
        let d = |y, m, dd| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, dd).unwrap();
        sheet
            .write_datetime_with_format(1, 3, d(2019, 5, 1), &date)
            .unwrap();
        sheet
            .write_datetime_with_format(1, 4, d(2027, 4, 30), &date)
            .unwrap();
        sheet.write_number(1, 5, 12_500_000.0).unwrap();
        book.save(&path).unwrap();
    }
    let s = read_sheet(&path, &SheetChoice::default()).unwrap();
    assert_eq!(
        s.rows[0].cells[3], "2019-05-01",
        "a real date cell is read as a date"
    );
    let o = options(&s);
    assert_eq!(o.mapping[0], Some(Field::Reference));
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(import(&mut store, &s, &o).unwrap().created, 1);
    let c = &store.register_entries().unwrap()[0].contract.details;
    assert_eq!(c.expiry_date.unwrap().to_string(), "2027-04-30");
    assert_eq!(c.whole_life_cost_nominal.unwrap().0, 1_250_000_000);

    // Out and back in: the same register.
    let csv = dir.path().join("out.csv");
    let xlsx = dir.path().join("out.xlsx");
    assert_eq!(export_csv(&store, &csv).unwrap(), 1);
    assert_eq!(export_xlsx(&store, &xlsx).unwrap(), 1);
    for file in [&csv, &xlsx] {
        let back = read_sheet(file, &SheetChoice::default()).unwrap();
        let o = options(&back);
        let p = preview(&store, &back, &o).unwrap();
        assert_eq!(
            (p.to_add, p.to_update, p.to_skip),
            (0, 1, 0),
            "{file:?}: {:?}",
            p.rows
        );
    }
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

/// `fixtures/formula-like-cells.csv`: cells a spreadsheet would run as formulas.
#[test]
fn formula_like_cells_are_exported_as_text_and_come_back_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formula-like-cells.csv");
    let s = read_sheet(&fixture, &SheetChoice::default()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(import(&mut store, &s, &options(&s)).unwrap().created, 2);
    let original = |store: &Store| {
        let mut v: Vec<(String, String)> = store
            .register_entries()
            .unwrap()
            .into_iter()
            .map(|e| {
                (
                    e.contract.details.name.clone(),
                    e.contract.details.contractor_legal_name.clone(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = original(&store);
    assert!(
        before.iter().any(|(n, _)| n.starts_with("=HYPERLINK(")),
        "{before:?}"
    );
    assert!(
        before.iter().any(|(_, c)| c.starts_with("@SUM(")),
        "{before:?}"
    );

    let out = dir.path().join("register.csv");
    export_csv(&store, &out).unwrap();
    // Read the export as a spreadsheet would: no cell may begin with a formula character.
    let text = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            let runs = cell.starts_with(['=', '+', '@', '\t', '\r'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
            assert!(!runs, "a live formula in the export: {cell:?}");
        }
    }
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains("'@SUM(1+1)"), "{text}");

    // Imported again, into a new database: the original text.
    let back = read_sheet(&out, &SheetChoice::default()).unwrap();
    let mut again = Store::open_in_memory().unwrap();
    assert_eq!(
        import(&mut again, &back, &options(&back)).unwrap().created,
        2
    );
    assert_eq!(original(&again), before);
}

#[test]
fn only_cells_that_could_run_are_neutralised() {
    use cmm_register::{formula_text, neutralise_formula};
    for (cell, written) in [
        ("=1+1", "'=1+1"),
        ("+44 1622 000000", "'+44 1622 000000"),
        ("-Acme", "'-Acme"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("-12.50", "-12.50"),
        ("Plain text", "Plain text"),
        ("'quoted already", "'quoted already"),
        (
            "'=typed with its apostrophe",
            "''=typed with its apostrophe",
        ),
    ] {
        assert_eq!(neutralise_formula(cell), written);
        assert_eq!(formula_text(written), cell);
    }
}

/// `fixtures/mac-1904-date-system.xlsx` and `windows-1900-date-system.xlsx`: one register
/// saved in each of Excel's date systems reads as the same dates, the ones Excel shows.
#[test]
fn both_of_excels_date_systems_give_the_dates_excel_shows() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let read = |name: &str| {
        let s = read_sheet(&fixtures.join(name), &SheetChoice::default()).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &s, &options(&s)).unwrap();
        let mut dates: Vec<(String, String, String)> = store
            .register_entries()
            .unwrap()
            .into_iter()
            .map(|e| {
                let d = e.contract.details;
                (
                    d.reference,
                    d.award_date.to_string(),
                    d.expiry_date.unwrap().to_string(),
                )
            })
            .collect();
        dates.sort();
        dates
    };
    let mac = read("mac-1904-date-system.xlsx");
    let windows = read("windows-1900-date-system.xlsx");
    assert!(!mac.is_empty());
    assert_eq!(mac, windows, "the same register in either date system");
    assert!(
        mac.iter().any(|(_, award, _)| award == "2023-04-01"),
        "1 April 2023, as Excel shows it: {mac:?}"
    );
    assert!(
        mac.iter().any(|(_, _, expiry)| expiry == "2026-03-31"),
        "31 March 2026: {mac:?}"
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Why a fixture cannot be read with `choice`, in words.
fn refused(name: &str, choice: SheetChoice) -> String {
    read_sheet(&fixture(name), &choice).unwrap_err().to_string()
}

/// Imports a fixture with the suggested sheet, heading row and mapping, plus `adjust`.
fn import_fixture(
    name: &str,
    adjust: impl FnOnce(&mut ImportOptions),
) -> (Store, cmm_register::Preview, Sheet) {
    let s = read_sheet(&fixture(name), &SheetChoice::default()).unwrap();
    let mut o = options(&s);
    adjust(&mut o);
    let mut store = Store::open_in_memory().unwrap();
    let p = preview(&store, &s, &o).unwrap();
    import(&mut store, &s, &o).unwrap();
    (store, p, s)
}

fn names(store: &Store) -> Vec<(String, String, String, String)> {
    store
        .register_entries()
        .unwrap()
        .into_iter()
        .map(|e| {
            let d = e.contract.details;
            (
                d.reference,
                d.name,
                d.contractor_legal_name,
                d.contract_owner,
            )
        })
        .collect()
}

/// `fixtures/utf8-with-one-stray-byte.csv`: a UTF-8 file with one Windows-1252 byte (a
/// curly apostrophe) in one cell. The accented names stay as written; the one cell is
/// named by row and column and the person decides how to read it.
#[test]
fn a_stray_byte_in_a_utf8_file_is_named_and_nothing_is_garbled() {
    let s = read_sheet(
        &fixture("utf8-with-one-stray-byte.csv"),
        &SheetChoice::default(),
    )
    .unwrap();
    assert_eq!(s.encoding, cmm_register::TextEncoding::Utf8);
    assert_eq!(s.not_utf8.len(), 1, "{:?}", s.not_utf8);
    let cell = &s.not_utf8[0];
    assert_eq!((cell.line, cell.column), (3, 1), "row 3, column B");
    assert_eq!(cell.as_windows_1252, "Council\u{2019}s school transport");
    assert_eq!(cell.as_utf8, "Council\u{fffd}s school transport");

    // Left as it is, the cell is not read; the title is needed, so its row waits.
    let (store, p, _) = import_fixture("utf8-with-one-stray-byte.csv", |_| {});
    assert_eq!(
        names(&store),
        vec![(
            "CR-0001".into(),
            "Grounds maintenance \u{2013} north".into(),
            "Café Verde Ltd".into(),
            "Siân Ellis".into()
        )]
    );
    let row3 = p.rows.iter().find(|r| r.line == 3).unwrap();
    assert_eq!(row3.action, RowAction::Skip);
    assert!(
        row3.problems[0].starts_with("Title (column B) is not UTF-8 text; read as Windows-1252 it says \"Council\u{2019}s school transport\""),
        "{:?}",
        row3.problems
    );
    // The preview shows every mapped value, so a wrong accent can be seen.
    let row2 = p.rows.iter().find(|r| r.line == 2).unwrap();
    assert!(row2.values.contains(&"Café Verde Ltd".to_owned()));
    assert!(row2.values.contains(&"Siân Ellis".to_owned()));

    // Read as Windows-1252 once the person has seen it reads right.
    let (store, _, _) = import_fixture("utf8-with-one-stray-byte.csv", |o| {
        o.not_utf8 = cmm_register::NotUtf8::Windows1252
    });
    let n = names(&store);
    assert_eq!(n.len(), 2);
    assert_eq!(n[0].2, "Café Verde Ltd");
    assert_eq!(n[1].1, "Council\u{2019}s school transport");
}

/// `fixtures/money-with-binary-float-tail.xlsx`: Excel stores £57.70 as
/// 57.699999999999996. The value is what Excel shows; a real third decimal is refused.
#[test]
fn money_is_read_as_excel_shows_it() {
    let (store, p, _) = import_fixture("money-with-binary-float-tail.xlsx", |_| {});
    assert_eq!((p.to_add, p.to_skip, p.flagged), (3, 0, 0), "{:?}", p.rows);
    let values: Vec<String> = store
        .register_entries()
        .unwrap()
        .iter()
        .map(|e| {
            e.contract
                .details
                .whole_life_cost_nominal
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(values, ["£57.70", "£1,234.56", "£133.80"]);

    let s = read_csv(
        b"Reference,Title,Supplier,Start date,End date,Value\nX-1,Bins,Binco,01/04/2024,31/03/2027,57.705\n",
        &SheetChoice::default(),
    )
    .unwrap();
    let p = preview(&Store::open_in_memory().unwrap(), &s, &options(&s)).unwrap();
    assert_eq!(
        p.rows[0].flagged[0].message,
        "Value (column F) (\"57.705\") must have no more than two decimal places (pence)"
    );
}

/// `fixtures/title-row-above-headings.csv` and `.xlsx`: a title and a blank line above
/// the headings, as many councils publish. The heading row is found, or chosen.
#[test]
fn a_title_row_above_the_headings_is_passed_over() {
    for name in [
        "title-row-above-headings.csv",
        "title-row-above-headings.xlsx",
    ] {
        let (store, p, s) = import_fixture(name, |_| {});
        assert_eq!((s.heading_row, s.suggested_heading_row), (3, 3), "{name}");
        assert_eq!(s.headings[0], "Contract Reference", "{name}");
        assert_eq!(
            p.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [4, 5],
            "{name}: rows numbered as the spreadsheet numbers them"
        );
        assert_eq!(names(&store).len(), 2, "{name}");
        assert_eq!(
            store.register_entries().unwrap()[1]
                .contract
                .details
                .whole_life_cost_nominal
                .unwrap()
                .to_string(),
            "£1,234,567.00"
        );
    }
    // Chosen by the person: the title row as headings gives nothing to import, and says why.
    let s = read_sheet(
        &fixture("title-row-above-headings.csv"),
        &SheetChoice {
            heading_row: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(s.heading_row, 1);
    assert_eq!(s.suggested_heading_row, 3);
    let e = refused(
        "title-row-above-headings.csv",
        SheetChoice {
            heading_row: Some(2),
            ..Default::default()
        },
    );
    assert!(e.contains("row 2 is blank"), "{e}");
}

/// `fixtures/read-me-sheet-first.xlsx`: the register is on the second sheet. It is
/// suggested; any sheet can be chosen.
#[test]
fn the_sheet_that_looks_like_a_register_is_suggested_and_any_can_be_chosen() {
    let (store, _, s) = import_fixture("read-me-sheet-first.xlsx", |_| {});
    assert_eq!(s.sheets, ["Read me", "Contracts"]);
    assert_eq!(
        (s.sheet.as_str(), s.suggested_sheet.as_str()),
        ("Contracts", "Contracts")
    );
    assert_eq!(names(&store).len(), 2);

    let readme = read_sheet(
        &fixture("read-me-sheet-first.xlsx"),
        &SheetChoice {
            sheet: Some("Read me".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(readme.sheet, "Read me");
    assert!(
        !cmm_register::mapping_problems(
            readme.headings.len(),
            &suggest_mapping(&readme.headings),
            ""
        )
        .is_empty(),
        "a read-me sheet has no register columns, and the matching step says so"
    );
    let e = refused(
        "read-me-sheet-first.xlsx",
        SheetChoice {
            sheet: Some("Register".into()),
            ..Default::default()
        },
    );
    assert!(
        e.contains("has no sheet called \"Register\"; its sheets are \"Read me\", \"Contracts\""),
        "{e}"
    );
}

/// A register with no column for the date of award or start: said at the matching step,
/// before any row is checked.
#[test]
fn a_register_without_an_award_or_start_date_column_is_told_before_the_rows() {
    let s = read_csv(
        b"Reference,Title,Supplier,End date\nX-1,Bins,Binco,31/03/2027\n",
        &SheetChoice::default(),
    )
    .unwrap();
    let e = preview(&Store::open_in_memory().unwrap(), &s, &options(&s))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("No column is the award date or the start date"),
        "{e}"
    );
}

/// A nightly refresh from a file where a value has gone blank or unreadable keeps what
/// the register holds, and says which value it could not read.
#[test]
fn a_blank_or_unreadable_value_never_clears_what_the_register_holds() {
    let first = sheet(format!("{HEADINGS}\nK-1,Bins,,Binco,01234567,01/04/2024,31/03/2027,01/10/2026,£250k,Environment,Open\n").as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &first, &options(&first)).unwrap();
    let later = sheet(
        format!("{HEADINGS}\nK-1,Bins and recycling,,Binco,,01/04/2024,31/03/2027,,TBC,,\n")
            .as_bytes(),
    );
    let p = preview(&store, &later, &options(&later)).unwrap();
    assert_eq!((p.to_update, p.flagged), (1, 1));
    assert!(p.rows[0].flagged[0]
        .message
        .contains("(\"TBC\") needs an amount in pounds"));
    import(&mut store, &later, &options(&later)).unwrap();
    let e = &store.register_entries().unwrap()[0];
    assert_eq!(e.contract.details.name, "Bins and recycling");
    assert_eq!(
        e.contract
            .details
            .whole_life_cost_nominal
            .unwrap()
            .to_string(),
        "£250,000.00"
    );
    assert_eq!(e.contract.details.service_area, "Environment");
    assert_eq!(e.supplier_registration, "01234567");
    assert_eq!(e.review_date.unwrap().to_string(), "2026-10-01");
    assert_eq!(e.procurement_type, "Open");
}

/// `fixtures/stray-cell-far-away.xlsx` and `.ods`: a register with one stray cell at
/// XFD1048576, the far corner of the sheet. The workbook reader's whole-sheet range would
/// have asked for 512 GiB and ended the program; the XLSX reads cell by cell, and the ODS
/// reader's own limit is reported in words.
#[test]
fn a_stray_cell_far_from_the_register_neither_fills_the_memory_nor_ends_the_program() {
    let (store, p, s) = import_fixture("stray-cell-far-away.xlsx", |_| {});
    assert_eq!(p.to_add, 1, "{:?}", p.rows);
    assert_eq!(
        s.headings.len(),
        5,
        "the stray cell is not a column of the register"
    );
    assert_eq!(names(&store)[0].1, "Bins");
    let e = refused("stray-cell-far-away.ods", SheetChoice::default());
    assert!(
        e.contains("something is typed far to the right of or below the register"),
        "{e}"
    );
}

/// `fixtures/damaged-cell-reference.xlsx`, found by fuzzing the workbook reader: a cell
/// reference too long for a number makes calamine overflow. It is refused as damaged; it
/// never panics out of the import (which would leave the window waiting forever).
#[test]
fn a_workbook_that_trips_the_reader_is_refused_as_damaged() {
    let read = read_sheet(
        &fixture("damaged-cell-reference.xlsx"),
        &SheetChoice::default(),
    );
    // Without overflow checks (a release build) the reader does not panic and reads what
    // it can; with them, as the tests are built, it panics and that is caught.
    if cfg!(debug_assertions) {
        let e = read.unwrap_err().to_string();
        assert!(e.contains("it is damaged"), "{e}");
    }
}

/// A CSV from text, with the usual options, checked against an empty register.
fn check_csv(text: &str) -> (Sheet, cmm_register::Preview) {
    let s = sheet(text.as_bytes());
    let p = preview(&Store::open_in_memory().unwrap(), &s, &options(&s)).unwrap();
    (s, p)
}

fn row(p: &cmm_register::Preview, line: u32) -> &cmm_register::RowCheck {
    p.rows.iter().find(|r| r.line == line).unwrap()
}

/// Found by trying the import as a new user would: a heading that gives a unit, and two
/// columns that could be one field.
#[test]
fn money_in_thousands_and_the_better_of_two_columns() {
    let (s, p) = check_csv(
        "ID,Contract Reference,Name,Contract Title,Supplier,Start Date,Original End Date,Revised End Date,Contract Value (£k),Annual Value (£000s)\n\
         1,K-1,Jo Smith,Cleaning,Acme Ltd,01/04/2023,31/03/2025,31/03/2026,500,\"1,234.5\"\n",
    );
    let m = suggest_mapping(&s.headings);
    assert_eq!(m[0], None, "ID is not taken over Contract Reference");
    assert_eq!(m[1], Some(Field::Reference));
    assert_eq!(m[2], None, "Name is not taken over Contract Title");
    assert_eq!(m[3], Some(Field::Title));
    assert_eq!(
        m[6], None,
        "the original end date gives way to the revised one"
    );
    assert_eq!(m[7], Some(Field::EndDate));
    let r = row(&p, 2);
    assert_eq!(r.action, RowAction::Add, "{r:?}");
    assert!(
        r.values.contains(&"£500,000.00".to_owned()),
        "{:?}",
        r.values
    );
    assert!(
        r.values.contains(&"£1,234,500.00".to_owned()),
        "{:?}",
        r.values
    );
    let notes = cmm_register::mapping_notes(&s.headings, &m);
    assert!(
        notes.iter().any(|n| n.contains("Column B (Contract Reference) is used as the reference; column A (ID) could also be it")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Column I (Contract Value (£k)) is in thousands of pounds")),
        "{notes:?}"
    );
    assert!(
        p.notes.iter().any(|n| n.contains("thousands of pounds")),
        "{:?}",
        p.notes
    );
}

/// One unclosed quotation mark would make the rest of the file one cell: it is named.
#[test]
fn an_unclosed_quote_stops_the_file_and_says_where() {
    let e = read_csv(
        b"Reference,Title,Supplier,Start date,End date\nA-1,Bins,\"Smith & Sons,01/04/2023,31/03/2026\nA-2,Parks,Green Ltd,01/04/2023,31/03/2026\n",
        &SheetChoice::default(),
    )
    .unwrap_err();
    assert!(
        e.contains("row 2, column C opens a quotation mark (\") that is never closed"),
        "{e}"
    );
}

/// US dates (month first) are found from the file's own dates, read so, and said.
#[test]
fn month_first_dates_are_read_as_such_when_the_file_shows_it() {
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,04/01/2023,03/31/2026\nA-2,Parks,Green Ltd,05/02/2023,12/31/2025\n",
    );
    assert_eq!((p.to_add, p.to_skip), (2, 0), "{:?}", p.rows);
    assert_eq!(row(&p, 2).values[3], "01/04/2023", "4 January? No: April 1");
    assert_eq!(row(&p, 2).values[4], "31/03/2026");
    assert!(
        p.notes.iter().any(|n| n.contains("month first")),
        "{:?}",
        p.notes
    );
    // A UK file is never swapped: one day above 12 settles it.
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,04/01/2023,31/03/2026\n",
    );
    assert_eq!(row(&p, 2).values[3], "04/01/2023");
    assert!(p.notes.is_empty(), "{:?}", p.notes);
}

/// The text encodings councils' files come in, including Excel for Mac's Mac OS Roman.
#[test]
fn mac_roman_and_a_chosen_encoding() {
    // "St John’s Café" in Mac OS Roman: ’ is 0xD5 and é is 0x8E; classic Mac line ends.
    let bytes = b"Reference,Title,Supplier,Start date,End date\rA-1,St John\xd5s Caf\x8e,Binco,01/04/2023,31/03/2026\r";
    let s = read_csv(bytes, &SheetChoice::default()).unwrap();
    assert_eq!(s.encoding, cmm_register::TextEncoding::MacRoman);
    assert_eq!(s.rows[0].cells[1], "St John\u{2019}s Café");
    let as_windows = read_csv(
        bytes,
        &SheetChoice {
            encoding: Some(cmm_register::TextEncoding::Windows1252),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(as_windows.rows[0].cells[1], "St JohnÕs CafŽ", "as chosen");
}

/// What a finance system or SharePoint writes: times after dates, four decimal places,
/// the end of a rolling contract in words or as 9999, the award given only by the start.
#[test]
fn dates_with_times_rolling_contracts_and_an_award_date_to_be_confirmed() {
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Award date,Start date,End date,Value,Contract owner\n\
         A-1,Bins,Binco,2023-04-01T00:00:00,01/04/2023 00:00,31st March 2026,12500.0000,Jo\n\
         A-2,Parks,Green Ltd,TBC,01/05/2023,Rolling,57.700,Jo\n\
         A-3,Halls,Hall Co,01/04/2023,,31/12/9999,,Jo\n\
         A-4,Roads,Road Co,01/04/2023,,31 February 2026,,Jo\n\
         A-5,Pools,Pool Co,45017,,31/03/2026,,Jo\n",
    );
    let a1 = row(&p, 2);
    assert_eq!(a1.action, RowAction::Add, "{a1:?}");
    assert_eq!(
        a1.values[3..7],
        ["01/04/2023", "01/04/2023", "31/03/2026", "£12,500.00"]
    );
    let a2 = row(&p, 3);
    assert_eq!(a2.action, RowAction::Add, "{a2:?}");
    assert_eq!(a2.flagged.len(), 2, "{a2:?}");
    assert!(a2.flagged[0]
        .message
        .contains("Award date (column D) (\"TBC\")"));
    assert!(a2.flagged[1]
        .message
        .contains("says \"Rolling\": imported as a rolling contract"));
    let a3 = row(&p, 4);
    assert!(
        a3.flagged[0]
            .message
            .contains("says \"31/12/9999\": imported as a rolling contract"),
        "{a3:?}"
    );
    let a4 = row(&p, 5);
    assert_eq!(a4.action, RowAction::Skip);
    assert_eq!(
        a4.problems[0],
        "End date (column F) (\"31 February 2026\"): 31 February 2026 does not exist"
    );
    let a5 = row(&p, 6);
    assert_eq!(a5.action, RowAction::Skip);
    assert!(
        a5.problems
            .iter()
            .any(|m| m.contains("looks like an Excel date number (45017 is 1 April 2023)")),
        "{a5:?}"
    );
}

/// A file with no owner column needs an owner for its rows, said before any row.
#[test]
fn no_owner_column_and_no_owner_given_is_said_once() {
    let s = sheet(
        b"Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,01/04/2023,31/03/2026\n",
    );
    let mut o = options(&s);
    o.default_owner = " ".into();
    let e = preview(&Store::open_in_memory().unwrap(), &s, &o)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("No column is the contract owner, and no owner is given"),
        "{e}"
    );
}

/// Rows under the data that are sub-totals are passed over, not reported as contracts.
#[test]
fn sub_totals_under_the_data_are_not_contracts() {
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Start date,End date,Value\nA-1,Bins,Binco,01/04/2023,31/03/2026,200\n,Subtotal adults,,,,200\nGrand total:,,,,,200\n",
    );
    assert_eq!(
        (p.to_add, p.to_skip, p.not_contracts),
        (1, 0, 2),
        "{:?}",
        p.rows
    );
}

/// An update that the file's values and the register's own cannot both satisfy leaves
/// the row out and says so; nothing the file did not give is cleared.
#[test]
fn an_update_that_conflicts_with_what_the_register_holds_is_left_out() {
    let first = sheet(b"Reference,Title,Supplier,Award date,Start date,End date\nUP1,Bins,Binco,01/04/2023,01/05/2023,31/03/2026\n");
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &first, &options(&first)).unwrap();
    let later = sheet(
        b"Reference,Title,Supplier,Award date,End date\nUP1,Bins,Binco,10/05/2023,31/03/2026\n",
    );
    let p = preview(&store, &later, &options(&later)).unwrap();
    let r = row(&p, 2);
    assert_eq!(r.action, RowAction::Skip, "{r:?}");
    assert!(
        r.problems[0].contains("(the start date already on the register)"),
        "{r:?}"
    );
    import(&mut store, &later, &options(&later)).unwrap();
    let e = &store.register_entries().unwrap()[0];
    assert_eq!(
        e.contract.details.start_date.unwrap().to_string(),
        "2023-05-01"
    );
}

/// A reference with a letter outside A to Z is matched as the register matches it, so
/// the preview and the import agree.
#[test]
fn a_reference_with_an_accented_letter_is_matched_as_the_register_matches_it() {
    let mut store = Store::open_in_memory().unwrap();
    let a = sheet("Reference,Title,Supplier,Start date,End date\nÉCOLE-1,School,Binco,01/04/2023,31/03/2026\n".as_bytes());
    import(&mut store, &a, &options(&a)).unwrap();
    let b = sheet("Reference,Title,Supplier,Start date,End date\nÉCOLE-1,School meals,Binco,01/04/2023,31/03/2026\n".as_bytes());
    let p = preview(&store, &b, &options(&b)).unwrap();
    let r = import(&mut store, &b, &options(&b)).unwrap();
    assert_eq!((p.to_add, p.to_update), (r.created, r.updated));
    assert_eq!(store.register_entries().unwrap().len(), 1);
}

/// What a file holds decides how it is read, not its name.
#[test]
fn a_workbook_named_csv_and_a_web_page_named_xls() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("register.csv");
    std::fs::copy(fixture("read-me-sheet-first.xlsx"), &renamed).unwrap();
    let s = read_sheet(&renamed, &SheetChoice::default()).unwrap();
    assert_eq!(s.sheet, "Contracts");
    let page = dir.path().join("export.xls");
    std::fs::write(
        &page,
        "<html><body><table><tr><td>Reference</td></tr></table></body></html>",
    )
    .unwrap();
    let e = read_sheet(&page, &SheetChoice::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("it is a web page (HTML) saved with a spreadsheet's name"),
        "{e}"
    );
}

/// A formula that failed shows "#REF!" in the spreadsheet: that is not a value, in a
/// column that needs one or not.
#[test]
fn a_spreadsheet_error_is_not_a_value() {
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Start date,End date,Value\n#REF!,Bins,Binco,01/04/2023,31/03/2026,100\nA-2,Parks,Green Ltd,01/04/2023,31/03/2026,#DIV/0!\n",
    );
    let r = row(&p, 2);
    assert_eq!(r.action, RowAction::Skip);
    assert!(
        r.problems[0].contains("Reference (column A) holds a spreadsheet error (#REF!)"),
        "{r:?}"
    );
    let r = row(&p, 3);
    assert_eq!(r.action, RowAction::Add);
    assert!(
        r.flagged[0]
            .message
            .contains("holds a spreadsheet error (#DIV/0!)"),
        "{r:?}"
    );
}

/// Found on the second try as a new user: an empty "End Date" column beside a filled
/// "Contract Expiry" one, people columns that are the supplier's, "Service Manager".
#[test]
fn a_filled_column_beats_an_empty_one_and_the_suppliers_people_are_not_the_councils() {
    let s = sheet(
        b"Reference,Title,Supplier,Date Contract Awarded,End Date,Contract Expiry,Service Manager,Contract Manager (Supplier),Contract Owner\n\
          A-1,Bins,Binco,01/03/2023,,31/03/2026,Sam Lead,Pat Vendor,Jo\n\
          A-2,Parks,Green Ltd,01/03/2023,,31/03/2027,Sam Lead,Lee Vendor,Jo\n",
    );
    let m = s.suggested_mapping();
    assert_eq!(m[3], Some(Field::AwardDate), "\"Date Contract Awarded\"");
    assert_eq!(m[4], None, "the empty End Date column gives way");
    assert_eq!(
        m[5],
        Some(Field::EndDate),
        "\"Contract Expiry\", which has the dates"
    );
    assert_eq!(
        m[6],
        Some(Field::ContractManager),
        "a Service Manager is a manager"
    );
    assert_eq!(
        m[7], None,
        "the supplier's contract manager is not the council's"
    );
    assert_eq!(m[8], Some(Field::ContractOwner));
}

/// A file whose dates go both ways round is said to, and nothing is swapped silently;
/// a file whose every end date is blank is said to be all rolling contracts.
#[test]
fn dates_written_both_ways_and_a_file_of_blank_end_dates_are_said() {
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,05/06/2023,03/31/2026\nA-2,Parks,Green Ltd,13/01/2024,31/03/2027\n",
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("written both ways round")),
        "{:?}",
        p.notes
    );
    assert_eq!(
        row(&p, 2).action,
        RowAction::Skip,
        "03/31/2026 is not read day first"
    );
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,01/04/2023,\nA-2,Parks,Green Ltd,01/04/2023,\n",
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("Every end date in End date (column E) is blank")),
        "{:?}",
        p.notes
    );
    let (_, p) = check_csv(
        "Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,31/04/26,31/03/2027\n",
    );
    assert!(row(&p, 2).flagged.is_empty());
    assert!(
        row(&p, 2)
            .problems
            .iter()
            .any(|m| m.contains("31 April 2026 does not exist")),
        "{:?}",
        row(&p, 2)
    );
}

/// "Rolling" in a file that updates a contract makes it a rolling one; a blank end date
/// leaves the end date the register holds.
#[test]
fn rolling_in_an_update_ends_the_end_date_and_a_blank_keeps_it() {
    let mut store = Store::open_in_memory().unwrap();
    let first = sheet(b"Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,01/04/2023,31/03/2026\nA-2,Parks,Green Ltd,01/04/2023,31/03/2027\n");
    import(&mut store, &first, &options(&first)).unwrap();
    let later = sheet(b"Reference,Title,Supplier,Start date,End date\nA-1,Bins,Binco,01/04/2023,Rolling\nA-2,Parks,Green Ltd,01/04/2023,\n");
    let p = preview(&store, &later, &options(&later)).unwrap();
    assert!(
        row(&p, 2).flagged[0].message.contains("says \"Rolling\""),
        "{:?}",
        row(&p, 2)
    );
    import(&mut store, &later, &options(&later)).unwrap();
    let e = store.register_entries().unwrap();
    assert_eq!(e[0].contract.details.expiry_date, None);
    assert_eq!(
        e[1].contract.details.expiry_date.unwrap().to_string(),
        "2027-03-31"
    );
}

/// A Windows-1252 file with a row pasted from a UTF-8 one: that row reads as UTF-8.
#[test]
fn a_utf8_row_in_a_windows_1252_file_is_not_garbled() {
    let mut bytes = b"Reference,Title,Supplier,Start date,End date\n".to_vec();
    bytes.extend(b"A-1,Caf\xe9 services,Soci\xe9t\xe9 G\xe9n\xe9rale,01/04/2023,31/03/2026\n");
    bytes.extend(b"A-2,Parks,Smith\x92s Ltd,01/04/2023,31/03/2026\n");
    bytes.extend("A-3,Café Nero,Café Nero Ltd,01/04/2023,31/03/2026\n".as_bytes());
    let s = read_csv(&bytes, &SheetChoice::default()).unwrap();
    assert_eq!(s.encoding, cmm_register::TextEncoding::Windows1252);
    assert_eq!(s.rows[0].cells[2], "Société Générale");
    assert_eq!(s.rows[1].cells[2], "Smith\u{2019}s Ltd");
    assert_eq!(s.rows[2].cells[1], "Café Nero", "not CafÃ© Nero");
}

/// An OCDS package (made up, `tests/fixtures/ocds`) read as a sheet: every column is taken
/// by the suggested mapping, and the process valued in euros is left out, naming EUR.
#[test]
fn an_ocds_package_takes_every_column_and_refuses_another_currency_by_name() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/ocds/release-package.json"
    ))
    .unwrap();
    let sheet = cmm_register::read_ocds(&bytes).unwrap();
    assert_eq!(sheet.encoding, cmm_register::TextEncoding::Ocds);
    let lines: Vec<u32> = sheet.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [1, 2, 3], "each process's place in the package");
    let options = ImportOptions {
        mapping: sheet.suggested_mapping(),
        default_owner: "Pat Lee".into(),
        ..ImportOptions::default()
    };
    assert!(
        options.mapping.iter().all(Option::is_some),
        "every column is taken: {:?}",
        options.mapping
    );
    let p = cmm_register::preview(&sheet, &options, |_| Ok(None)).unwrap();
    let actions: Vec<RowAction> = p.rows.iter().map(|r| r.action).collect();
    assert_eq!(actions, [RowAction::Add, RowAction::Add, RowAction::Skip]);
    assert!(
        p.rows[2].problems[0].starts_with("Currency (column M) is EUR"),
        "{:?}",
        p.rows[2].problems
    );
}
