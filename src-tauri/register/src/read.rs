//! Reading a register file into rows of text, as the person's spreadsheet shows them:
//! which sheet, which row holds the headings, what each cell says, and each row's number.
//!
//! - **CSV**: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
//!   (Excel's "Unicode Text"), or Windows-1252 (Excel's "CSV (Comma delimited)" on
//!   Windows). A file that is UTF-8 but for a few bytes is read as UTF-8, and each cell
//!   that is not is named ([`NotUtf8Cell`]) for the person to decide about: it is never
//!   garbled silently. Commas, semicolons or tabs; CRLF, LF or CR line ends.
//! - **Workbooks** (XLSX, XLS, ODS): any sheet, dates in the workbook's own date system,
//!   numbers as Excel shows them (15 significant digits), merged cells spread over the
//!   cells they cover.
//!
//! Rows are numbered as the spreadsheet numbers them: the first line of the file is row 1,
//! title and blank rows included, and a cell with a line break in it is still one row.

use crate::fields::heading_field;
use calamine::{Data, Reader, SheetVisible};
use chrono::NaiveDate;
use cmm_core::{CoreError, Result};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::io::Cursor;
use std::path::Path;

/// Which sheet, and which row holds the column headings. `None` means the suggested one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SheetChoice {
    /// A workbook sheet's name, as its tab shows it. Ignored for a CSV file.
    pub sheet: Option<String>,
    /// The row number of the headings, as the spreadsheet numbers rows (from 1).
    pub heading_row: Option<u32>,
}

/// How a file's text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8, or UTF-8 but for the cells named in [`Sheet::not_utf8`].
    Utf8,
    /// UTF-16 with a byte-order mark, as Excel's "Unicode Text" saves.
    Utf16,
    /// Windows-1252, as Excel's "CSV (Comma delimited)" saves on Windows.
    Windows1252,
    /// A workbook (XLSX, XLS, ODS), which holds its text as Unicode.
    Workbook,
}

impl TextEncoding {
    pub fn words(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16 => "UTF-16 (Unicode text)",
            TextEncoding::Windows1252 => "Windows-1252 (Western European)",
            TextEncoding::Workbook => "a workbook",
        }
    }
}

/// A cell of a UTF-8 file that is not UTF-8: a character pasted from a Windows program
/// into a file saved as UTF-8, typically a curly apostrophe. Named so that the person
/// decides how to read it ([`crate::NotUtf8`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct NotUtf8Cell {
    /// The row, as the spreadsheet numbers it.
    pub line: u32,
    /// The column, counted from 0.
    pub column: u32,
    /// The cell read as Windows-1252, which is what such bytes almost always are.
    pub as_windows_1252: String,
    /// The cell read as UTF-8, each byte that is not UTF-8 shown as "�".
    pub as_utf8: String,
}

/// One row below the headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SheetRow {
    /// The row's number as the spreadsheet shows it (the file's first row is 1).
    pub line: u32,
    /// One cell per column, as text. A cell in [`Sheet::not_utf8`] holds its
    /// Windows-1252 reading.
    pub cells: Vec<String>,
}

/// A register file as read: the sheet, its headings and the rows below them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Sheet {
    /// The workbook's sheets, in tab order; empty for a CSV file.
    pub sheets: Vec<String>,
    /// The sheet read; empty for a CSV file.
    pub sheet: String,
    /// The sheet that looks most like a register; empty for a CSV file.
    pub suggested_sheet: String,
    /// The row that holds the headings, as the spreadsheet numbers it.
    pub heading_row: u32,
    /// The row that looks most like the headings.
    pub suggested_heading_row: u32,
    /// One heading per column; "" where the column has none.
    pub headings: Vec<String>,
    /// The rows below the headings that have something in them.
    pub rows: Vec<SheetRow>,
    pub encoding: TextEncoding,
    /// The cells, at or below the headings, that are not UTF-8.
    pub not_utf8: Vec<NotUtf8Cell>,
}

impl Sheet {
    /// Whether the cell at `line` and `column` is one of [`Sheet::not_utf8`].
    pub fn is_not_utf8(&self, line: u32, column: usize) -> bool {
        self.not_utf8
            .iter()
            .any(|c| c.line == line && c.column as usize == column)
    }
}

/// What the column-matching step shows of a file: its sheets and heading row (each with
/// the suggested one), its headings with the suggested mapping and what that mapping
/// lacks, the first rows, and the cells that are not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SheetSummary {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub suggested_sheet: String,
    pub heading_row: u32,
    pub suggested_heading_row: u32,
    pub headings: Vec<String>,
    /// The field each column most likely holds ([`crate::suggest_mapping`]).
    pub mapping: Vec<Option<crate::Field>>,
    /// What that mapping lacks ([`crate::mapping_problems`]); empty when none.
    pub mapping_problems: Vec<String>,
    /// How many rows are below the headings.
    pub rows: u32,
    /// The first rows below the headings, to help match the columns.
    pub sample: Vec<SheetRow>,
    pub encoding: TextEncoding,
    pub not_utf8: Vec<NotUtf8Cell>,
}

impl Sheet {
    /// What the column-matching step shows of this sheet.
    pub fn summary(&self) -> SheetSummary {
        let mapping = crate::suggest_mapping(&self.headings);
        SheetSummary {
            sheets: self.sheets.clone(),
            sheet: self.sheet.clone(),
            suggested_sheet: self.suggested_sheet.clone(),
            heading_row: self.heading_row,
            suggested_heading_row: self.suggested_heading_row,
            headings: self.headings.clone(),
            mapping_problems: crate::mapping_problems(self.headings.len(), &mapping),
            mapping,
            rows: self.rows.len() as u32,
            sample: self.rows.iter().take(3).cloned().collect(),
            encoding: self.encoding,
            not_utf8: self.not_utf8.clone(),
        }
    }
}

/// A column's letter as the spreadsheet shows it: 0 is "A", 25 "Z", 26 "AA".
pub fn column_letter(column: usize) -> String {
    let mut n = column + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Every non-blank row of a sheet, before the headings are chosen.
#[derive(Debug, Default)]
struct Grid {
    rows: Vec<SheetRow>,
    /// (line, column) of each cell that is not UTF-8.
    not_utf8: Vec<NotUtf8Cell>,
}

fn file_problem(path: &Path, detail: impl std::fmt::Display) -> CoreError {
    CoreError::file(
        path,
        format!("could not be read as a contract register ({detail})"),
    )
}

/// Whether a file name is a workbook's rather than a CSV's.
fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Reads a CSV or workbook file: the chosen (or suggested) sheet and heading row. Nothing
/// is imported by reading.
///
/// Errors: the file cannot be read, is not a spreadsheet, has no such sheet, or the
/// chosen heading row is blank or past the end ([`CoreError::File`]).
pub fn read_sheet(path: &Path, choice: &SheetChoice) -> Result<Sheet> {
    let bytes = std::fs::read(path).map_err(|e| CoreError::file(path, e))?;
    if is_workbook(path) {
        read_workbook(&bytes, choice)
    } else {
        read_csv(&bytes, choice)
    }
    .map_err(|e| file_problem(path, e))
}

/// The separator the first lines use most: comma, semicolon or tab.
fn delimiter(text: &[u8]) -> u8 {
    let head: Vec<&[u8]> = text.split(|b| *b == b'\n').take(20).collect();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| {
            head.iter()
                .map(|l| l.iter().filter(|b| *b == d).count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(b',')
}

/// The byte offset where each spreadsheet row of a CSV starts: after each line end that
/// is not inside a quoted cell (RFC 4180 quoting, as the `csv` crate reads it).
fn row_starts(bytes: &[u8], delimiter: u8) -> Vec<usize> {
    let mut starts = vec![0];
    let (mut quoted, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
            field_start = false;
        } else if b == b'"' && field_start {
            quoted = true;
            field_start = false;
        } else if b == b'\n' || b == b'\r' {
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            starts.push(i + 1);
            field_start = true;
        } else {
            field_start = b == delimiter;
        }
        i += 1;
    }
    starts
}

/// The CSV's bytes as UTF-8 text to parse, and how they were written. A file that is
/// UTF-8 but for a few bytes stays as it is: its cells are decoded one by one.
fn csv_text(bytes: &[u8]) -> (std::borrow::Cow<'_, [u8]>, TextEncoding) {
    use std::borrow::Cow;
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            return (Cow::Borrowed(&bytes[bom..]), TextEncoding::Utf8);
        }
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (
            Cow::Owned(text.into_owned().into_bytes()),
            TextEncoding::Utf16,
        );
    }
    if std::str::from_utf8(bytes).is_ok() || has_utf8_sequence(bytes) {
        (Cow::Borrowed(bytes), TextEncoding::Utf8)
    } else {
        (Cow::Borrowed(bytes), TextEncoding::Windows1252)
    }
}

/// Whether the bytes hold at least one well-formed multi-byte UTF-8 character: then the
/// file was written as UTF-8, and any byte that is not is a stray.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return !s.is_ascii(),
            Err(e) => {
                let good = &rest[..e.valid_up_to()];
                if !good.is_ascii() {
                    return true;
                }
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
}

/// Reads a CSV file's bytes, as [`read_sheet`] does. The error says what is wrong in
/// words, without the file's name.
pub fn read_csv(bytes: &[u8], choice: &SheetChoice) -> std::result::Result<Sheet, String> {
    let (text, encoding) = csv_text(bytes);
    let text: &[u8] = &text;
    let delim = delimiter(text);
    let starts = row_starts(text, delim);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .has_headers(false)
        .from_reader(text);
    let mut grid = Grid::default();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(e.to_string()),
        }
        // The csv reader's position can sit on the line end before the record.
        let mut byte = record.position().map(|p| p.byte()).unwrap_or(0) as usize;
        while matches!(text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let line = starts.partition_point(|s| *s <= byte) as u32;
        let mut cells = Vec::with_capacity(record.len());
        for (column, raw) in record.iter().enumerate() {
            let text = match (encoding, std::str::from_utf8(raw)) {
                (TextEncoding::Windows1252, _) => encoding_rs::WINDOWS_1252.decode(raw).0,
                (_, Ok(s)) => s.into(),
                (_, Err(_)) => {
                    let cp1252 = encoding_rs::WINDOWS_1252.decode(raw).0;
                    grid.not_utf8.push(NotUtf8Cell {
                        line,
                        column: column as u32,
                        as_windows_1252: cp1252.trim().to_owned(),
                        as_utf8: String::from_utf8_lossy(raw).trim().to_owned(),
                    });
                    cp1252
                }
            };
            cells.push(crate::export::formula_text(text.trim()).to_owned());
        }
        if cells.iter().any(|c| !c.is_empty()) {
            grid.rows.push(SheetRow { line, cells });
        }
    }
    sheet_of(
        grid,
        choice,
        Vec::new(),
        String::new(),
        String::new(),
        encoding,
    )
}

/// A workbook's date cell as the date the person sees in Excel, in the workbook's own
/// date system: the 1900 system (Excel for Windows), or the 1904 system (older Excel for
/// Mac), whose serial numbers are 1,462 days smaller for the same date (ECMA-376 Part 1,
/// §18.17.4.1, `workbookPr/@date1904`). calamine carries the workbook's flag with each cell.
pub(crate) fn workbook_date(dt: &calamine::ExcelDateTime) -> Option<NaiveDate> {
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
}

/// A number as Excel shows it in a General cell: at most 15 significant digits, so that
/// the binary tail of 57.699999999999996 (how Excel stores 57.70) is gone, and 57.705
/// stays 57.705 (ECMA-376 Part 1, §18.8.30, and Excel's 15-digit precision).
pub fn excel_number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let s = rounded.to_string();
    if s.contains('e') {
        format!("{rounded}")
    } else {
        s
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) => excel_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(dt) => workbook_date(dt).map(|d| d.to_string()).unwrap_or_default(),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(), // as Excel shows it: "#DIV/0!"
    }
}

/// The columns a register can use: A to AMJ. A cell further right (a stray mark in
/// column XFD) is not part of the register and is not read.
const MAX_COLUMNS: u32 = 1024;

/// The most filled cells a sheet may have: ten times a county council's register of
/// 10,000 contracts with 20 columns. More is refused rather than filling the memory.
const MAX_CELLS: usize = 2_000_000;

/// The filled cells of a sheet by row, as (column, text), read one by one so that a
/// stray cell far from the register (XFD1048576) costs nothing.
type Cells = std::collections::BTreeMap<u32, Vec<(u32, String)>>;

fn add_cell(
    cells: &mut Cells,
    count: &mut usize,
    (row, col): (u32, u32),
    d: &Data,
) -> std::result::Result<(), String> {
    if col >= MAX_COLUMNS {
        return Ok(());
    }
    let text = cell_text(d);
    if text.is_empty() {
        return Ok(());
    }
    *count += 1;
    if *count > MAX_CELLS {
        return Err(format!(
            "it has more than {} filled cells, more than any contract register",
            MAX_CELLS
        ));
    }
    cells.entry(row).or_default().push((col, text));
    Ok(())
}

/// One sheet of a workbook as a grid: absolute row numbers and columns (a blank column A
/// stays column A), each merged cell's value spread over the cells it covers.
fn grid_of(mut cells: Cells, merged: &[calamine::Dimensions]) -> Grid {
    for m in merged {
        let value = cells
            .get(&m.start.0)
            .and_then(|r| r.iter().find(|(c, _)| *c == m.start.1))
            .map(|(_, v)| v.clone());
        let Some(value) = value else { continue };
        let last_row = m.end.0.min(m.start.0 + 1000);
        let last_col = m.end.1.min(m.start.1 + 200).min(MAX_COLUMNS - 1);
        for r in m.start.0..=last_row {
            let row = cells.entry(r).or_default();
            for c in m.start.1..=last_col {
                if !row.iter().any(|(x, _)| *x == c) {
                    row.push((c, value.clone()));
                }
            }
        }
    }
    let rows = cells
        .into_iter()
        .filter(|(_, r)| !r.is_empty())
        .map(|(r, filled)| {
            let width = filled
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut row = vec![String::new(); width];
            for (c, v) in filled {
                row[c as usize] = v;
            }
            SheetRow {
                line: r + 1,
                cells: row,
            }
        })
        .collect();
    Grid {
        rows,
        not_utf8: Vec::new(),
    }
}

/// Reads a workbook's bytes (XLSX, XLS or ODS), as [`read_sheet`] does. The error says
/// what is wrong in words, without the file's name.
///
/// A workbook damaged in a way the reader (calamine) does not expect can make it panic
/// (an overflowing cell reference, found by fuzzing): that is caught and reported as a
/// damaged file, so the window's import always answers.
pub fn read_workbook(bytes: &[u8], choice: &SheetChoice) -> std::result::Result<Sheet, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_book(bytes, choice)))
        .unwrap_or_else(|_| Err("it is damaged: its contents could not be read".to_owned()))
}

fn read_book(bytes: &[u8], choice: &SheetChoice) -> std::result::Result<Sheet, String> {
    // An OpenDocument spreadsheet's first entry is its media type, stored uncompressed
    // (ODF 1.3 Part 2, §3.3): read as ODS, so that its own error is the one reported.
    let ods = bytes
        .get(30..)
        .is_some_and(|b| b.starts_with(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"));
    let opened = if ods {
        calamine::open_workbook_from_rs(Cursor::new(bytes))
            .map(calamine::Sheets::Ods)
            .map_err(|e: calamine::OdsError| match e {
                calamine::OdsError::CellLimitExceeded { .. } => "its filled cells stretch too \
                    far: something is typed far to the right of or below the register. Delete \
                    it, or copy the register to a new spreadsheet, and save it again"
                    .to_owned(),
                e => format!("it is a damaged OpenDocument spreadsheet: {e}"),
            })
    } else {
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|_| "it is not an Excel or OpenDocument workbook".to_owned())
    };
    let mut book = opened?;
    let listed: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    if listed.is_empty() {
        return Err("it has no worksheets".into());
    }
    let names: Vec<String> = listed.iter().map(|(n, _)| n.clone()).collect();
    if let calamine::Sheets::Xlsx(x) = &mut book {
        x.load_merged_regions().map_err(|e| e.to_string())?;
    }
    let mut grids = Vec::with_capacity(listed.len());
    for (name, _) in &listed {
        let mut cells = Cells::new();
        let mut count = 0;
        let merged: Vec<calamine::Dimensions> = match &mut book {
            calamine::Sheets::Xlsx(x) => {
                // Cell by cell: calamine's whole-sheet range would be as big as the
                // rectangle from A1 to the furthest cell.
                let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
                while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                    let data = Data::from(cell.get_value().clone());
                    add_cell(&mut cells, &mut count, cell.get_position(), &data)?;
                }
                drop(reader);
                x.merged_regions_by_sheet(name)
                    .into_iter()
                    .map(|(_, _, d)| *d)
                    .collect()
            }
            other => {
                let range = other.worksheet_range(name).map_err(|e| e.to_string())?;
                for (r, c, d) in range.used_cells() {
                    let (r0, c0) = range.start().unwrap_or((0, 0));
                    add_cell(&mut cells, &mut count, (r0 + r as u32, c0 + c as u32), d)?;
                }
                match other {
                    calamine::Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
                    _ => Vec::new(),
                }
            }
        };
        grids.push(grid_of(cells, &merged));
    }
    // The sheet that looks most like a register: the best heading row, then the most
    // rows; a hidden sheet only when no visible one has any headings.
    let suggested = (0..listed.len())
        .max_by_key(|&i| {
            let g = &grids[i];
            let score = g
                .rows
                .iter()
                .take(HEADING_SEARCH)
                .map(heading_score)
                .max()
                .unwrap_or(0);
            (
                listed[i].1 && score >= 2,
                score,
                g.rows.len(),
                std::cmp::Reverse(i),
            )
        })
        .unwrap_or(0);
    let index = match &choice.sheet {
        None => suggested,
        Some(s) => names.iter().position(|n| n == s).ok_or_else(|| {
            format!(
                "it has no sheet called \"{s}\"; its sheets are {}",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?,
    };
    let grid = grids.swap_remove(index);
    sheet_of(
        grid,
        choice,
        names.clone(),
        names[index].clone(),
        names[suggested].clone(),
        TextEncoding::Workbook,
    )
}

/// How many rows from the top to look through for the headings.
const HEADING_SEARCH: usize = 30;

/// How much a row looks like a register's headings: how many of its cells are the
/// usual heading of a register field.
fn heading_score(row: &SheetRow) -> usize {
    let mut seen = Vec::new();
    for c in &row.cells {
        if let Some(f) = heading_field(c) {
            if !seen.contains(&f) {
                seen.push(f);
            }
        }
    }
    seen.len()
}

fn sheet_of(
    grid: Grid,
    choice: &SheetChoice,
    sheets: Vec<String>,
    sheet: String,
    suggested_sheet: String,
    encoding: TextEncoding,
) -> std::result::Result<Sheet, String> {
    let Some(first) = grid.rows.first() else {
        return Err(if sheet.is_empty() {
            "it is empty".to_owned()
        } else {
            format!("the sheet \"{sheet}\" is empty")
        });
    };
    // The first row with the most field headings, if at least two; else the first row.
    let mut suggested = first.line;
    let mut best = 1;
    for r in grid.rows.iter().take(HEADING_SEARCH) {
        let score = heading_score(r);
        if score > best {
            best = score;
            suggested = r.line;
        }
    }
    let heading_row = choice.heading_row.unwrap_or(suggested);
    let last = grid.rows.last().map(|r| r.line).unwrap_or(0);
    let Some(at) = grid.rows.iter().position(|r| r.line == heading_row) else {
        return Err(if heading_row == 0 || heading_row > last {
            format!("there is no row {heading_row}; the last row with anything in it is {last}")
        } else {
            format!("row {heading_row} is blank; choose the row that holds the column headings")
        });
    };
    let mut rows = grid.rows;
    let mut data = rows.split_off(at + 1);
    let mut heading = rows.pop().map(|r| r.cells).unwrap_or_default();
    // A heading over two rows whose merged cells the file does not record (ODS): a group
    // label ("Contract dates") above the fields it groups ("Start", "End"). The row below
    // continues the heading when each cell in it is a field's heading under a blank or
    // a group label.
    if let Some(next) = data.first().filter(|r| r.line == heading_row + 1) {
        let filled: Vec<(usize, String)> = next
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, c.clone()))
            .collect();
        let continues = !filled.is_empty()
            && filled.iter().all(|(i, c)| {
                heading_field(c).is_some()
                    && heading
                        .get(*i)
                        .is_none_or(|h| h.is_empty() || heading_field(h).is_none())
            });
        if continues {
            for (i, c) in filled {
                if heading.len() <= i {
                    heading.resize(i + 1, String::new());
                }
                heading[i] = c;
            }
            data.remove(0);
        }
    }
    let width = data
        .iter()
        .map(|r| r.cells.len())
        .chain([heading.len()])
        .max()
        .unwrap_or(0);
    // Columns past the last heading that hold nothing are not columns at all.
    let width = (0..width)
        .rev()
        .find(|&c| {
            heading.get(c).is_some_and(|h| !h.is_empty())
                || data
                    .iter()
                    .any(|r| r.cells.get(c).is_some_and(|v| !v.is_empty()))
        })
        .map_or(0, |c| c + 1);
    let mut headings = heading;
    headings.resize(width, String::new());
    let rows = data
        .into_iter()
        .map(|mut r| {
            r.cells.resize(width, String::new());
            r
        })
        .collect();
    Ok(Sheet {
        sheets,
        sheet,
        suggested_sheet,
        heading_row,
        suggested_heading_row: suggested,
        headings,
        rows,
        encoding,
        not_utf8: grid
            .not_utf8
            .into_iter()
            .filter(|c| c.line >= heading_row && (c.column as usize) < width)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_as_excel_shows_them() {
        assert_eq!(excel_number(57.699999999999996), "57.7");
        assert_eq!(excel_number(1234.5600000000002), "1234.56");
        assert_eq!(excel_number(57.705), "57.705");
        assert_eq!(excel_number(45_000_000.0), "45000000");
        assert_eq!(excel_number(0.1 + 0.2), "0.3");
        assert_eq!(excel_number(-12.5), "-12.5");
        assert_eq!(excel_number(f64::NAN), "");
    }

    #[test]
    fn rows_are_numbered_as_the_spreadsheet_numbers_them() {
        let starts = row_starts(b"a,b\r\n\"x\ny\",z\r\n\r\nlast,\"q\"\"\"\rmac", b',');
        assert_eq!(starts, vec![0, 5, 14, 16, 27]);
    }

    #[test]
    fn stray_bytes_in_utf8_and_windows_1252() {
        assert!(has_utf8_sequence("Café\u{92}".as_bytes()));
        assert!(has_utf8_sequence(b"Caf\xc3\xa9 \x92"));
        assert!(!has_utf8_sequence(b"Caf\xe9 \x92"));
        assert!(!has_utf8_sequence(b"plain"));
    }
}
