//! A framework version as a workbook, the form a council revises its matrix in: one sheet,
//! the version's details above a table of activities × levels, with one descriptor bullet
//! per line in each level's cell (Alt+Enter in Excel).
//!
//! ```text
//!   A            B
//! 1 Version      kcc-2027-04
//! 2 Title        Contract management maturity: ...
//! 3 Date         April 2027
//! 4 Source       (optional)
//! 5 (how to fill it in)
//! 7 Key | Activity | Purpose | Level 1: Ad-hoc | ... | Level 5: Optimised
//! 8 planning-and-governance | Planning and governance | preparing for ... | No governance ...↵Contract managers ...
//! ```
//!
//! [`write_framework_workbook`] writes it; [`read_framework_workbook`] reads it back with the
//! same rules as the JSON form (`Framework::problems`), each problem named by its cell.

use crate::column_letter;
use crate::read::workbook_sheets;
use crate::SheetRow;
use cmm_core::framework::{Activity, Framework, LevelName, MaturityLevel};
use cmm_core::kernel::error::FieldError;
use cmm_core::{CoreError, Result};
use std::collections::BTreeMap;
use std::path::Path;

fn problem(field: String, message: String) -> FieldError {
    FieldError { field, message }
}

/// The sheet [`write_framework_workbook`] writes. The reader takes any sheet with the
/// headings, whatever it is called.
pub const FRAMEWORK_SHEET: &str = "Framework";

/// The labels of the details above the table, in column A, each with its value in column
/// B; "Source" may be left out.
const DETAILS: [(&str, &str); 4] = [
    ("Version", "version"),
    ("Title", "title"),
    ("Date", "date"),
    ("Source", "source"),
];

const HOW_TO: &str = "One row per activity, in the council's order. In each level's cell, one \
bullet per line (Alt+Enter starts a new line in Excel). Keep an activity's key when you reword \
or rename it: reports and scores follow an activity by its key. A new activity needs a new key \
of lower-case words joined by hyphens. Give the revision its own version, such as kcc-2027-04.";

/// The row (from 0) of the table's headings as written.
const HEADING_ROW: u32 = 6;

/// Writes `framework` as a workbook (XLSX) at `out`, replacing it whole or not at all.
///
/// Errors: `File` when `out` cannot be written.
pub fn write_framework_workbook(framework: &Framework, out: &Path) -> Result<()> {
    let to_err = |e: rust_xlsxwriter::XlsxError| CoreError::file(out, e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let heading = rust_xlsxwriter::Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top)
        .set_background_color("#D9E2F3")
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let cell = rust_xlsxwriter::Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let note = rust_xlsxwriter::Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let sheet = book.add_worksheet();
    sheet.set_name(FRAMEWORK_SHEET).map_err(to_err)?;
    let values = [
        &framework.version,
        &framework.title,
        &framework.date,
        &framework.source,
    ];
    for (r, ((label, _), value)) in DETAILS.iter().zip(values).enumerate() {
        sheet
            .write_string_with_format(r as u32, 0, *label, &bold)
            .map_err(to_err)?;
        sheet
            .write_string(r as u32, 1, value.as_str())
            .map_err(to_err)?;
    }
    sheet
        .merge_range(4, 0, 4, 7, HOW_TO, &note)
        .map_err(to_err)?;
    sheet.set_row_height(4, 48).map_err(to_err)?;
    let mut headings = vec!["Key".to_owned(), "Activity".into(), "Purpose".into()];
    headings.extend(
        framework
            .levels
            .iter()
            .map(|l| format!("Level {}: {}", l.level, l.name)),
    );
    for (c, h) in headings.iter().enumerate() {
        sheet
            .write_string_with_format(HEADING_ROW, c as u16, h, &heading)
            .map_err(to_err)?;
    }
    for (i, a) in framework.activities.iter().enumerate() {
        let r = HEADING_ROW + 1 + i as u32;
        let mut cells = vec![a.key.clone(), a.name.clone(), a.purpose.clone()];
        cells.extend(
            framework
                .levels
                .iter()
                .map(|l| a.descriptors_at(l.level).join("\n")),
        );
        for (c, v) in cells.iter().enumerate() {
            sheet
                .write_string_with_format(r, c as u16, v, &cell)
                .map_err(to_err)?;
        }
    }
    for (c, width) in [26.0, 22.0, 30.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width).map_err(to_err)?;
    }
    for c in 3..3 + framework.levels.len() as u16 {
        sheet.set_column_width(c, 42.0).map_err(to_err)?;
    }
    sheet.set_column_width(1, 22.0).map_err(to_err)?;
    sheet.set_freeze_panes(HEADING_ROW + 1, 2).map_err(to_err)?;
    let bytes = book.save_to_buffer().map_err(to_err)?;
    cmm_core::kernel::write_file_atomically(out, |f| {
        use std::io::Write;
        f.write_all(&bytes).map_err(|e| CoreError::file(out, e))
    })
}

/// Whether `bytes` look like a workbook (XLSX or ODS, both zip archives; XLS, an OLE
/// compound file) rather than text.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A heading "Level 3: Standardised" (or "Level 3 - Standardised", "Level 3
/// (Standardised)", "Level 3"): the level and its name.
fn level_heading(h: &str) -> Option<(u8, String)> {
    let rest = h.trim();
    let rest = rest
        .get(..5)
        .filter(|w| w.eq_ignore_ascii_case("level"))
        .map(|_| &rest[5..])?
        .trim_start();
    let digit = rest.chars().next()?.to_digit(10)?;
    let name = rest[1..]
        .trim_start_matches(|c: char| c.is_whitespace() || ":.-–—(".contains(c))
        .trim_end_matches(')')
        .trim();
    Some((digit as u8, name.to_owned()))
}

/// The columns of the table, found from its headings.
#[derive(Default)]
struct Columns {
    key: Option<usize>,
    name: Option<usize>,
    purpose: Option<usize>,
    /// (column, level, its name), in column order.
    levels: Vec<(usize, u8, String)>,
}

fn columns_of(headings: &[String]) -> (Columns, Vec<(usize, String)>) {
    let mut cols = Columns::default();
    let mut unknown = Vec::new();
    for (c, h) in headings.iter().enumerate() {
        let lower = h.trim().to_lowercase();
        match lower.as_str() {
            "" => {}
            "key" | "activity key" => cols.key = cols.key.or(Some(c)),
            "activity" | "name" | "activity name" => cols.name = cols.name.or(Some(c)),
            "purpose" => cols.purpose = cols.purpose.or(Some(c)),
            _ => match level_heading(h) {
                Some((n, name)) => cols.levels.push((c, n, name)),
                None => unknown.push((c, h.clone())),
            },
        }
    }
    (cols, unknown)
}

/// Whether a row is the table's headings: a "Key" column and a level column.
fn is_heading_row(row: &SheetRow) -> bool {
    row.cells
        .iter()
        .any(|c| c.trim().eq_ignore_ascii_case("key"))
        && row.cells.iter().any(|c| level_heading(c).is_some())
}

/// The bullets of a level's cell: one per line, each trimmed, blank lines left out, and a
/// typed bullet mark ("•", "▪", "◦", "●", "- ") dropped.
fn bullets(cell: &str) -> Vec<String> {
    cell.lines()
        .map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix(['•', '▪', '◦', '●'])
                .or_else(|| l.strip_prefix("- "))
                .unwrap_or(l);
            l.trim().to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// A date cell as the council writes a matrix's date: "1 April 2027", not "2027-04-01".
fn date_words(text: &str) -> String {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| text.to_owned())
}

/// A cell as Excel names it in a formula: `Framework!D9`, `'Matrix 2027'!D9`.
fn cell_name(sheet: &str, column: usize, line: u32) -> String {
    format!("{}!{}{line}", sheet_name(sheet), column_letter(column))
}

/// A whole row as Excel names it: `Framework!7:7`.
fn row_name(sheet: &str, line: u32) -> String {
    format!("{}!{line}:{line}", sheet_name(sheet))
}

/// A sheet's name as a formula writes it: quoted when it has anything but letters, digits
/// and underscores.
fn sheet_name(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// Reads and checks a framework workbook (XLSX, XLS or ODS, as
/// [`write_framework_workbook`] lays it out): the first sheet with a heading row holding
/// "Key" and "Level 1" to "Level 5" (each "Level N: its name"), "Activity" and "Purpose";
/// above it, "Version", "Title", "Date" and optionally "Source" in column A with each value
/// in column B; below it, one activity per row, one bullet per line.
///
/// Errors: a `file` problem when the bytes are not a workbook or no sheet has the
/// headings; otherwise every problem found, each naming its cell (`Framework!D9`): a
/// column the table lacks or that is not the framework's, a detail missing, and every rule
/// of `Framework::problems` (the same as for the JSON form).
pub fn read_framework_workbook(bytes: &[u8]) -> std::result::Result<Framework, Vec<FieldError>> {
    let file_problem = |message: String| vec![FieldError::new("file", message)];
    let sheets = workbook_sheets(bytes)
        .map_err(|e| file_problem(format!("The workbook cannot be read: {e}.")))?;
    let found = sheets.iter().find_map(|(name, _, rows)| {
        rows.iter()
            .position(is_heading_row)
            .map(|at| (name.as_str(), rows, at))
    });
    let Some((sheet, rows, at)) = found else {
        return Err(file_problem(
            "No sheet of the workbook has the framework's headings: Key, Activity, Purpose, and Level 1 to Level 5, each with its name (\"Level 1: Ad-hoc\"). Export the framework in use as a workbook to see the layout.".into(),
        ));
    };
    let mut problems = Vec::new();
    let heading = &rows[at];
    let (cols, unknown) = columns_of(&heading.cells);
    for (c, h) in unknown {
        problems.push(problem(
            cell_name(sheet, c, heading.line),
            format!("The column \"{h}\" is not part of a framework: the columns are Key, Activity, Purpose and Level 1 to Level 5. Delete it, or move it to another sheet."),
        ));
    }
    for (col, what) in [(cols.name, "Activity"), (cols.purpose, "Purpose")] {
        if col.is_none() {
            problems.push(problem(
                row_name(sheet, heading.line),
                format!("The headings have no \"{what}\" column."),
            ));
        }
    }
    // The details above the table, by their label in column A.
    let mut details: BTreeMap<&str, (String, usize, u32)> = BTreeMap::new();
    for r in &rows[..at] {
        let Some(label) = r.cells.first() else {
            continue;
        };
        let label = label.trim().trim_end_matches(':').trim();
        if let Some((_, field)) = DETAILS.iter().find(|(l, _)| l.eq_ignore_ascii_case(label)) {
            let value = r.cells.iter().skip(1).find(|c| !c.trim().is_empty());
            let column = r
                .cells
                .iter()
                .skip(1)
                .position(|c| !c.trim().is_empty())
                .map_or(1, |p| p + 1);
            details.insert(field, (value.cloned().unwrap_or_default(), column, r.line));
        }
    }
    for (label, field) in &DETAILS[..3] {
        if !details.contains_key(field) {
            problems.push(problem(
                format!("{}!A1:B{}", sheet_name(sheet), heading.line.saturating_sub(1).max(1)),
                format!("Above the headings there is no \"{label}\" row: put \"{label}\" in column A and the framework's {field} in column B."),
            ));
        }
    }
    let detail = |f: &str| {
        details
            .get(f)
            .map(|(v, _, _)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let levels = cols
        .levels
        .iter()
        .filter_map(|(_, n, name)| {
            MaturityLevel::new(*n).map(|level| LevelName {
                level,
                name: name.clone(),
            })
        })
        .collect();
    for (c, n, _) in &cols.levels {
        if MaturityLevel::new(*n).is_none() {
            problems.push(problem(
                cell_name(sheet, *c, heading.line),
                format!("\"Level {n}\" is not a level: levels are 1 to 5."),
            ));
        }
    }
    let text = |r: &SheetRow, c: Option<usize>| {
        c.and_then(|c| r.cells.get(c))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let table: Vec<&SheetRow> = rows[at + 1..]
        .iter()
        .filter(|r| {
            let used = [cols.key, cols.name, cols.purpose]
                .into_iter()
                .flatten()
                .chain(cols.levels.iter().map(|l| l.0));
            used.into_iter()
                .any(|c| r.cells.get(c).is_some_and(|v| !v.trim().is_empty()))
        })
        .collect();
    let activities = table
        .iter()
        .map(|r| Activity {
            key: text(r, cols.key),
            name: text(r, cols.name),
            purpose: text(r, cols.purpose),
            descriptors: cols
                .levels
                .iter()
                .map(|(c, n, _)| (n.to_string(), bullets(&text(r, Some(*c)))))
                .collect(),
        })
        .collect();
    let framework = Framework {
        version: detail("version"),
        title: detail("title"),
        date: date_words(&detail("date")),
        source: detail("source"),
        levels,
        activities,
    };
    // The rules of the JSON form, each problem moved from its path to its cell.
    let level_column = |n: &str| {
        cols.levels
            .iter()
            .find(|(_, l, _)| l.to_string() == n)
            .map(|(c, _, _)| *c)
    };
    for p in framework.problems() {
        let missing_detail = DETAILS[..3]
            .iter()
            .any(|(_, f)| p.field == *f && !details.contains_key(f));
        if missing_detail {
            continue;
        }
        let field = if let Some((_, column, line)) = details.get(p.field.as_str()) {
            cell_name(sheet, *column, *line)
        } else if let Some(rest) = p.field.strip_prefix("activities[") {
            let (i, part) = rest.split_once(']').unwrap_or((rest, ""));
            let row = i.parse::<usize>().ok().and_then(|i| table.get(i));
            let column = match part.trim_start_matches('.') {
                "key" => cols.key,
                "name" => cols.name,
                "purpose" => cols.purpose,
                d => d.strip_prefix("descriptors.").and_then(level_column),
            };
            match (row, column) {
                (Some(r), Some(c)) => cell_name(sheet, c, r.line),
                (Some(r), None) => row_name(sheet, r.line),
                _ => sheet_name(sheet),
            }
        } else if let Some(rest) = p.field.strip_prefix("levels[") {
            let i = rest.split(']').next().and_then(|i| i.parse::<usize>().ok());
            match i.and_then(|i| cols.levels.get(i)) {
                Some((c, _, _)) => cell_name(sheet, *c, heading.line),
                None => row_name(sheet, heading.line),
            }
        } else if p.field == "levels" {
            row_name(sheet, heading.line)
        } else {
            sheet_name(sheet)
        };
        problems.push(FieldError {
            field,
            message: p.message,
        });
    }
    if cols.key.is_none() {
        problems.retain(|p| !p.message.contains("must have a key"));
    }
    if problems.is_empty() {
        Ok(framework)
    } else {
        Err(problems)
    }
}

/// Reads a framework workbook file; see [`read_framework_workbook`].
///
/// Errors: `File` when it cannot be read; `Validation` with every problem in it.
pub fn read_framework_workbook_file(path: &Path) -> Result<Framework> {
    let bytes = std::fs::read(path).map_err(|e| CoreError::file(path, e))?;
    read_framework_workbook(&bytes).map_err(CoreError::Validation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(f: &Framework) -> std::result::Result<Framework, Vec<FieldError>> {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("framework.xlsx");
        write_framework_workbook(f, &out).unwrap();
        read_framework_workbook(&std::fs::read(&out).unwrap())
    }

    #[test]
    fn the_built_in_matrix_comes_back_word_for_word() {
        let f = Framework::built_in();
        assert_eq!(round_trip(&f).unwrap(), f);
    }

    #[test]
    fn level_headings_in_the_ways_people_type_them() {
        assert_eq!(level_heading("Level 1: Ad-hoc"), Some((1, "Ad-hoc".into())));
        assert_eq!(
            level_heading("level 2 - Informal"),
            Some((2, "Informal".into()))
        );
        assert_eq!(
            level_heading("Level 3 (Standardised)"),
            Some((3, "Standardised".into()))
        );
        assert_eq!(level_heading("LEVEL 4"), Some((4, String::new())));
        assert_eq!(level_heading("Levels"), None);
        assert_eq!(level_heading("Notes"), None);
    }

    #[test]
    fn bullets_one_per_line_marks_and_blank_lines_dropped() {
        assert_eq!(
            bullets("• No governance\r\n\n  - Some plans \n▪ Limited reporting"),
            vec!["No governance", "Some plans", "Limited reporting"]
        );
        assert_eq!(
            bullets("Well-defined - and hyphenated"),
            vec!["Well-defined - and hyphenated"]
        );
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name("Framework", 3, 9), "Framework!D9");
        assert_eq!(cell_name("Matrix 2027", 0, 1), "'Matrix 2027'!A1");
        assert_eq!(cell_name("Bob's", 27, 2), "'Bob''s'!AB2");
    }

    #[test]
    fn a_date_cell_is_written_as_the_council_dates_it() {
        assert_eq!(date_words("2027-04-01"), "1 April 2027");
        assert_eq!(date_words("April 2027"), "April 2027");
    }

    /// A workbook as a person might send it: rows of cells from A1.
    fn workbook(sheet: &str, rows: &[&[&str]]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn every_problem_of_a_revised_workbook_is_named_by_its_cell() {
        let bytes = workbook(
            "Matrix 2027",
            &[
                &["Version", "kcc-2027-04"],
                &["Title", "Contract management maturity"],
                &[],
                &[
                    "Key",
                    "Activity",
                    "Purpose",
                    "Level 1: Ad-hoc",
                    "Level 2: Informal",
                    "Level 4: Monitored",
                    "Level 5: Optimised",
                    "Notes",
                ],
                &[
                    "planning-and-governance",
                    "Planning and governance",
                    "oversight",
                    "a",
                    "b",
                    "d",
                    "e",
                    "keep",
                ],
                &[
                    "planning-and-governance",
                    "People",
                    "skills",
                    "a",
                    "",
                    "d",
                    "e",
                ],
            ],
        );
        let problems = read_framework_workbook(&bytes).unwrap_err();
        let named: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.message.as_str()))
            .collect();
        let has = |field: &str, words: &str| {
            assert!(
                named.iter().any(|(f, m)| *f == field && m.contains(words)),
                "no problem at {field} saying {words:?}: {named:#?}"
            )
        };
        has("'Matrix 2027'!H4", "\"Notes\" is not part of a framework");
        has("'Matrix 2027'!A1:B3", "no \"Date\" row");
        has("'Matrix 2027'!4:4", "five levels");
        has("'Matrix 2027'!A6", "already has: keys must be unique");
        has(
            "'Matrix 2027'!E6",
            "Activity 2 (People) must have at least one bullet at level 2",
        );
        assert!(
            !named
                .iter()
                .any(|(_, m)| m.contains("The date must not be blank")),
            "a missing Date row is told once: {named:#?}"
        );
    }

    #[test]
    fn a_workbook_without_the_table_or_not_a_workbook_says_so() {
        let bytes = workbook("Sheet1", &[&["Reference", "Title"], &["C1", "Cleaning"]]);
        let p = read_framework_workbook(&bytes).unwrap_err();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field, "file");
        assert!(
            p[0].message.contains("Level 1 to Level 5"),
            "{}",
            p[0].message
        );
        let p = read_framework_workbook(b"PK\x03\x04 not really").unwrap_err();
        assert_eq!(p[0].field, "file");
        assert!(p[0].message.contains("cannot be read"), "{}", p[0].message);
    }

    #[test]
    fn the_revision_with_a_ninth_activity_comes_back_word_for_word() {
        let json = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/frameworks/kcc-2027-04-revised.json"
        ))
        .unwrap();
        let f = Framework::from_json(&json).unwrap();
        assert_eq!(f.activities.len(), 9);
        assert_eq!(round_trip(&f).unwrap(), f);
    }
}
