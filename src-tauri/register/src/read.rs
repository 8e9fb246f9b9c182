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

use crate::fields::{column_letter, heading_field};
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
    /// How a CSV file's text is written, when the person knows better than the guess.
    /// Ignored for a workbook.
    pub encoding: Option<TextEncoding>,
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
    /// Mac OS Roman, as Excel for Mac's plain "Comma Separated Values" saves.
    MacRoman,
    /// A workbook (XLSX, XLS, ODS), which holds its text as Unicode.
    Workbook,
    /// An Open Contracting Data Standard package (JSON, UTF-8), as Contracts Finder and
    /// Find a Tender publish them: one row per contracting process.
    Ocds,
}

impl TextEncoding {
    pub fn words(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16 => "UTF-16 (Unicode text)",
            TextEncoding::Windows1252 => "Windows-1252 (Western European)",
            TextEncoding::MacRoman => "Mac OS Roman (older Excel for Mac)",
            TextEncoding::Workbook => "a workbook",
            TextEncoding::Ocds => "an OCDS package (JSON)",
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
    /// What that mapping lacks ([`crate::mapping_problems`]), with no owner given yet;
    /// empty when none.
    pub mapping_problems: Vec<String>,
    /// What to check in that mapping ([`crate::mapping_notes`]): columns that could also
    /// be a field, and money columns in thousands or millions.
    pub mapping_notes: Vec<String>,
    /// How many rows are below the headings.
    pub rows: u32,
    /// The first rows below the headings, to help match the columns.
    pub sample: Vec<SheetRow>,
    pub encoding: TextEncoding,
    pub not_utf8: Vec<NotUtf8Cell>,
}

impl Sheet {
    /// The field each column most likely holds, from its heading and whether anything is
    /// in it ([`crate::fields::suggest_mapping_filled`]).
    pub fn suggested_mapping(&self) -> Vec<Option<crate::Field>> {
        let filled: Vec<bool> = (0..self.headings.len())
            .map(|c| {
                self.rows
                    .iter()
                    .any(|r| r.cells.get(c).is_some_and(|v| !v.is_empty()))
            })
            .collect();
        crate::fields::suggest_mapping_filled(&self.headings, &filled)
    }

    /// What the column-matching step shows of this sheet.
    pub fn summary(&self) -> SheetSummary {
        let mapping = self.suggested_mapping();
        SheetSummary {
            sheets: self.sheets.clone(),
            sheet: self.sheet.clone(),
            suggested_sheet: self.suggested_sheet.clone(),
            heading_row: self.heading_row,
            suggested_heading_row: self.suggested_heading_row,
            headings: self.headings.clone(),
            mapping_problems: crate::mapping_problems(self.headings.len(), &mapping, ""),
            mapping_notes: crate::mapping_notes(&self.headings, &mapping),
            mapping,
            rows: self.rows.len() as u32,
            sample: self.rows.iter().take(3).cloned().collect(),
            encoding: self.encoding,
            not_utf8: self.not_utf8.clone(),
        }
    }
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

/// Whether `bytes` are a workbook's, whatever the file is called: XLSX and ODS are zip
/// archives, XLS an OLE compound file.
pub fn workbook_bytes(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
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

/// Reads a CSV or workbook file (the chosen or suggested sheet and heading row), or an
/// OCDS release or record package in JSON ([`crate::ocds::read_ocds`]). Nothing is
/// imported by reading. What the file holds decides how it is read, not its name: a
/// workbook renamed `.csv` is read as a workbook, and a text file named `.xls` (as some
/// systems' "Excel exports" are) as text.
///
/// Errors: the file cannot be read, is not a spreadsheet (a web page saved as `.xls` is
/// named as one), has no such sheet, or the chosen heading row is blank or past the end
/// ([`CoreError::File`]).
pub fn read_sheet(path: &Path, choice: &SheetChoice) -> Result<Sheet> {
    let bytes = std::fs::read(path).map_err(|e| CoreError::file(path, e))?;
    if workbook_bytes(&bytes) {
        read_workbook(&bytes, choice)
    } else if crate::ocds::is_json(&bytes) {
        read_ocds(&bytes)
    } else if web_page(&bytes) {
        Err(
            "it is a web page (HTML) saved with a spreadsheet's name, not a spreadsheet. Open \
             it in Excel and save it as an Excel workbook (.xlsx) or as CSV"
                .to_owned(),
        )
    } else if is_workbook(path) && bytes.contains(&0) && !utf16_without_bom(&bytes) {
        Err("it is not an Excel or OpenDocument workbook, though its name says so".to_owned())
    } else {
        read_csv(&bytes, choice)
    }
    .map_err(|e| file_problem(path, e))
}

/// Reads an OCDS release or record package (JSON, as Contracts Finder and Find a Tender
/// publish them) as the sheet the register's import reads: the headings
/// [`crate::ocds::OCDS_HEADINGS`] and one row per contracting process
/// ([`crate::ocds::read_processes`]), each row's `line` its place in the package from 1.
///
/// Errors: in words, as [`crate::ocds::read_processes`] gives them.
pub fn read_ocds(bytes: &[u8]) -> std::result::Result<Sheet, String> {
    let rows = crate::ocds::read_processes(bytes)?
        .into_iter()
        .enumerate()
        .map(|(i, cells)| SheetRow {
            line: i as u32 + 1,
            cells,
        })
        .collect();
    Ok(Sheet {
        sheets: Vec::new(),
        sheet: String::new(),
        suggested_sheet: String::new(),
        heading_row: 0,
        suggested_heading_row: 0,
        headings: crate::ocds::OCDS_HEADINGS
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
        rows,
        encoding: TextEncoding::Ocds,
        not_utf8: Vec::new(),
    })
}

/// Whether the file is a web page: what some systems save as an "Excel export".
fn web_page(bytes: &[u8]) -> bool {
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<table", "<?xml"]
        .iter()
        .any(|t| head.starts_with(t))
}

/// Whether the bytes look like UTF-16 written without a byte-order mark: text whose every
/// other byte is zero. `Some(true)` for little-endian.
fn utf16_order(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(2000) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 < pairs {
        Some(true)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
        Some(false)
    } else {
        None
    }
}

fn utf16_without_bom(bytes: &[u8]) -> bool {
    utf16_order(bytes).is_some()
}

/// The separator that gives the first rows the same number of cells: comma, semicolon or
/// tab. Text inside quotes is not counted, so a description full of commas does not make
/// a semicolon file look like a comma one. On a tie, tab for UTF-16 text (Excel's
/// "Unicode Text" is tab-separated), else comma, then semicolon.
fn delimiter(text: &[u8], utf16: bool) -> u8 {
    let order: [u8; 3] = if utf16 {
        [b'\t', b',', b';']
    } else {
        [b',', b';', b'\t']
    };
    let score = |d: u8| -> (usize, usize) {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(d)
            .flexible(true)
            .has_headers(false)
            .from_reader(text);
        let mut counts: std::collections::HashMap<usize, usize> = Default::default();
        let mut record = csv::ByteRecord::new();
        for _ in 0..30 {
            match reader.read_byte_record(&mut record) {
                Ok(true) if record.len() > 1 => *counts.entry(record.len()).or_default() += 1,
                Ok(true) => {}
                _ => break,
            }
        }
        // The most rows with one width, then the widest.
        counts
            .into_iter()
            .max_by_key(|(width, rows)| (*rows, *width))
            .map(|(width, rows)| (rows, width))
            .unwrap_or((0, 0))
    };
    let mut best = order[0];
    let mut best_score = score(best);
    for d in &order[1..] {
        let s = score(*d);
        if s > best_score {
            best = *d;
            best_score = s;
        }
    }
    best
}

/// Where each spreadsheet row of a CSV starts, as byte offsets: after each line end that
/// is not inside a quoted cell (RFC 4180 quoting, as the `csv` crate reads it).
///
/// Errors: a quotation mark opens a cell and is never closed, so that everything after
/// it would be read as one cell: the row and column where it opens, in words.
fn row_starts(bytes: &[u8], delimiter: u8) -> std::result::Result<Vec<usize>, String> {
    let mut starts = vec![0];
    let (mut quoted, mut field_start) = (false, true);
    let mut column = 0usize;
    let mut opened = (0usize, 0usize);
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
            opened = (starts.len(), column);
        } else if b == b'\n' || b == b'\r' {
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            starts.push(i + 1);
            field_start = true;
            column = 0;
        } else {
            field_start = b == delimiter;
            if field_start {
                column += 1;
            }
        }
        i += 1;
    }
    if quoted {
        return Err(format!(
            "row {}, column {} opens a quotation mark (\") that is never closed, so nothing \
             after it can be read. Close the quotation mark, or take it out, and save the \
             file again",
            opened.0,
            column_letter(opened.1)
        ));
    }
    Ok(starts)
}

/// The CSV's bytes ready to parse, and how they were written: `forced` when the person
/// has said, else from the byte-order mark, else guessed. UTF-16 is turned into UTF-8; the
/// other encodings stay as they are and each cell is decoded on its own ([`decode_cell`]),
/// so that a UTF-8 file with a few stray bytes keeps its good cells.
fn csv_text(
    bytes: &[u8],
    forced: Option<TextEncoding>,
) -> (std::borrow::Cow<'_, [u8]>, TextEncoding) {
    use std::borrow::Cow;
    let bom = encoding_rs::Encoding::for_bom(bytes);
    let utf16 = |bytes: &[u8], little: bool| {
        let enc = if little {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _) = enc.decode_without_bom_handling(bytes);
        (
            Cow::Owned(text.into_owned().into_bytes()),
            TextEncoding::Utf16,
        )
    };
    match (forced, bom) {
        (None | Some(TextEncoding::Utf16), Some((enc, n))) if enc != encoding_rs::UTF_8 => {
            return utf16(&bytes[n..], enc == encoding_rs::UTF_16LE);
        }
        (Some(TextEncoding::Utf16), _) => {
            return utf16(bytes, utf16_order(bytes).unwrap_or(true));
        }
        (None | Some(TextEncoding::Utf8), Some((_, n))) => {
            return (Cow::Borrowed(&bytes[n..]), TextEncoding::Utf8);
        }
        (Some(e), _) if e != TextEncoding::Workbook => return (Cow::Borrowed(bytes), e),
        _ => {}
    }
    if let Some(little) = utf16_order(bytes) {
        return utf16(bytes, little);
    }
    let (good, bad) = utf8_sequences(bytes);
    if bad == 0 || good > bad {
        (Cow::Borrowed(bytes), TextEncoding::Utf8)
    } else if mac_roman_likelier(bytes) {
        (Cow::Borrowed(bytes), TextEncoding::MacRoman)
    } else {
        (Cow::Borrowed(bytes), TextEncoding::Windows1252)
    }
}

/// How many well-formed multi-byte UTF-8 characters the bytes hold, and how many bytes
/// are not UTF-8. A file with more good characters than bad bytes was written as UTF-8,
/// and its bad bytes are strays.
fn utf8_sequences(bytes: &[u8]) -> (usize, usize) {
    let (mut good, mut bad) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return (good + s.chars().filter(|c| !c.is_ascii()).count(), bad),
            Err(e) => {
                let valid = e.valid_up_to();
                good += std::str::from_utf8(&rest[..valid])
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                rest = &rest[valid + e.error_len().unwrap_or(rest.len() - valid)..];
            }
        }
    }
}

/// Whether bytes that are not UTF-8 read better as Mac OS Roman than as Windows-1252.
/// The two put accented letters in different places: Mac Roman's é, è, á, ö, ü are bytes
/// 0x80 to 0x9F, where Windows-1252 has punctuation, and Windows-1252's é, è, á, ö, ü are
/// 0xC0 to 0xFF, where Mac Roman has mostly symbols. So each such byte that follows a
/// letter counts for the encoding in which it is a letter, and the apostrophes (0x92 in
/// Windows-1252, 0xD5 in Mac Roman) count for theirs. A file with only CR line ends, as
/// classic Mac programs write, leans to Mac Roman.
fn mac_roman_likelier(bytes: &[u8]) -> bool {
    let (mut mac, mut windows) = (0usize, 0usize);
    for w in bytes.windows(2) {
        if !w[0].is_ascii_alphabetic() {
            continue;
        }
        match w[1] {
            0x92 => windows += 1,
            0xD5 => mac += 1,
            0x80..=0x9F => mac += 1,
            0xC0..=0xFF => windows += 1,
            _ => {}
        }
    }
    let cr_only = bytes.contains(&b'\r') && !bytes.contains(&b'\n');
    mac > windows || (mac == windows && cr_only)
}

/// One cell's bytes as text in the file's encoding, and whether it is a cell of a UTF-8
/// file that is not UTF-8 (then read as Windows-1252, for the person to check).
///
/// A cell of a Windows-1252 or Mac Roman file that is well-formed UTF-8 with letters a
/// council would write (Latin letters, £, €, typographic punctuation) is read as UTF-8:
/// a row pasted in from a UTF-8 file, whose "é" would otherwise read "Ã©". Windows-1252
/// letters rarely form such UTF-8 by chance ("É’" does, as "ɒ", an IPA letter: so not).
fn decode_cell(raw: &[u8], encoding: TextEncoding) -> (std::borrow::Cow<'_, str>, bool) {
    let utf8 = std::str::from_utf8(raw);
    let plausible = |s: &str| {
        !s.is_ascii()
            && s.chars().all(|c| {
                c.is_ascii()
                    || matches!(c, '\u{a0}'..='\u{24f}' | '\u{2010}'..='\u{206f}' | '\u{20ac}' | '\u{2122}')
            })
    };
    match (encoding, utf8) {
        (TextEncoding::Windows1252 | TextEncoding::MacRoman, Ok(s)) if plausible(s) => {
            (s.into(), false)
        }
        (TextEncoding::Windows1252, _) => (encoding_rs::WINDOWS_1252.decode(raw).0, false),
        (TextEncoding::MacRoman, _) => (encoding_rs::MACINTOSH.decode(raw).0, false),
        (_, Ok(s)) => (s.into(), false),
        (_, Err(_)) => (encoding_rs::WINDOWS_1252.decode(raw).0, true),
    }
}

/// Reads a CSV file's bytes, as [`read_sheet`] does. The error says what is wrong in
/// words, without the file's name.
pub fn read_csv(bytes: &[u8], choice: &SheetChoice) -> std::result::Result<Sheet, String> {
    let (text, encoding) = csv_text(bytes, choice.encoding);
    let text: &[u8] = &text;
    let delim = delimiter(text, encoding == TextEncoding::Utf16);
    let starts = row_starts(text, delim)?;
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
            let (text, stray) = decode_cell(raw, encoding);
            if stray {
                grid.not_utf8.push(NotUtf8Cell {
                    line,
                    column: column as u32,
                    as_windows_1252: text.trim().to_owned(),
                    as_utf8: String::from_utf8_lossy(raw).trim().to_owned(),
                });
            }
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

/// A workbook's worksheets in tab order: each one's name, whether it is visible, and its
/// rows that have anything in them (merged cells spread over the cells they cover).
struct Workbook {
    listed: Vec<(String, bool)>,
    grids: Vec<Grid>,
    /// Each sheet's merged ranges.
    merged: Vec<Vec<calamine::Dimensions>>,
}

/// One worksheet as [`workbook_sheets`] reads it.
#[derive(Debug, Clone)]
pub struct WorkbookSheet {
    /// As its tab shows it.
    pub name: String,
    pub visible: bool,
    /// The rows with anything in them, each cell its text as the spreadsheet shows it,
    /// trimmed; a merged range's value is in every cell it covers.
    pub rows: Vec<SheetRow>,
    /// The merged ranges, each as (first row, first column, last row, last column), rows as
    /// the spreadsheet numbers them (from 1) and columns from 0. Empty for an ODS file,
    /// whose merges the reader does not record.
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// Every worksheet of a workbook's bytes (XLSX, XLS or ODS), in tab order. The error says
/// what is wrong in words, without the file's name; a workbook that makes the reader panic
/// is reported as damaged, as [`read_workbook`] does.
pub fn workbook_sheets(bytes: &[u8]) -> std::result::Result<Vec<WorkbookSheet>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| open_book(bytes)))
        .unwrap_or_else(|_| Err("it is damaged: its contents could not be read".to_owned()))
        .map(|b| {
            b.listed
                .into_iter()
                .zip(b.grids)
                .zip(b.merged)
                .map(|(((name, visible), g), m)| WorkbookSheet {
                    name,
                    visible,
                    rows: g.rows,
                    merged: m
                        .iter()
                        .map(|d| (d.start.0 + 1, d.start.1, d.end.0 + 1, d.end.1))
                        .collect(),
                })
                .collect()
        })
}

fn open_book(bytes: &[u8]) -> std::result::Result<Workbook, String> {
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
    if let calamine::Sheets::Xlsx(x) = &mut book {
        x.load_merged_regions().map_err(|e| e.to_string())?;
    }
    let mut grids = Vec::with_capacity(listed.len());
    let mut merges = Vec::with_capacity(listed.len());
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
        merges.push(merged);
    }
    Ok(Workbook {
        listed,
        grids,
        merged: merges,
    })
}

fn read_book(bytes: &[u8], choice: &SheetChoice) -> std::result::Result<Sheet, String> {
    let Workbook {
        listed, mut grids, ..
    } = open_book(bytes)?;
    let names: Vec<String> = listed.iter().map(|(n, _)| n.clone()).collect();
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
        let starts = row_starts(b"a,b\r\n\"x\ny\",z\r\n\r\nlast,\"q\"\"\"\rmac", b',').unwrap();
        assert_eq!(starts, vec![0, 5, 14, 16, 27]);
    }

    #[test]
    fn stray_bytes_in_utf8_and_windows_1252_and_mac_roman() {
        assert_eq!(utf8_sequences(b"Caf\xc3\xa9 \x92"), (1, 1));
        assert_eq!(utf8_sequences(b"Caf\xe9 \x92"), (0, 2));
        assert_eq!(utf8_sequences(b"plain"), (0, 0));
        let guess = |b: &[u8]| csv_text(b, None).1;
        assert_eq!(
            guess(b"Caf\xc3\xa9,Si\xc3\xa2n,Council\x92s"),
            TextEncoding::Utf8
        );
        assert_eq!(
            guess(b"Caf\xe9,Council\x92s\r\n"),
            TextEncoding::Windows1252
        );
        // "St John's Caf\u{e9}" as Excel for Mac writes it: ' is 0xD5 and \u{e9} is 0x8E.
        assert_eq!(guess(b"St John\xd5s Caf\x8e\rNext"), TextEncoding::MacRoman);
        // A pair of Windows-1252 letters that happens to be UTF-8 ("\u{c9}\u{2019}" is
        // U+0252) is outnumbered by the bytes that are not.
        assert_eq!(
            guess(b"CAF\xc9\x92S,Sm\xf8rrebr\xf8d,Ren\xe9e"),
            TextEncoding::Windows1252
        );
        assert_eq!(
            guess(b"a\0b\0,\0c\0\r\0\n\0"),
            TextEncoding::Utf16,
            "UTF-16 without a byte-order mark"
        );
    }

    #[test]
    fn an_unclosed_quote_is_named_where_it_opens() {
        let e = row_starts(b"a,b,c\r\n1,\"Smith & Sons,3\r\n4,5,6\r\n", b',').unwrap_err();
        assert!(
            e.starts_with("row 2, column B opens a quotation mark"),
            "{e}"
        );
    }

    #[test]
    fn the_separator_is_the_one_that_gives_even_rows() {
        // Commas inside quoted descriptions do not outvote the semicolons.
        let semis = b"Ref;Title;Description\n1;A;\"one, two, three, four, five\"\n2;B;plain\n";
        assert_eq!(delimiter(semis, false), b';');
        let commas = b"Ref,Title,Description\n1,A,\"one; two; three; four\"\n2,B,plain\n";
        assert_eq!(delimiter(commas, false), b',');
        let tabs = b"Ref\tTitle\tDescription\n1\tA\tone, two, three, four, five\n";
        assert_eq!(delimiter(tabs, true), b'\t');
    }
}
