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
use crate::read::{workbook_sheets, WorkbookSheet};
use crate::SheetRow;
use cmm_core::framework::{without_mark, Activity, Framework, LevelName, MaturityLevel};
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

const HOW_TO: &str = "How to revise it: give the revision a version of its own (such as \
kcc-2027-04), its title and its date; the source is optional. One row per activity, in the \
council's order. In each level's cell, one bullet per line (Alt+Enter starts a new line in \
Excel). Keep an activity's key when you reword or rename it: reports and scores follow an \
activity by its key. A new activity needs a new key of lower-case words joined by hyphens. To \
retire an activity, delete its row. Keep the framework on this one sheet, and do not merge \
cells.";

/// The row (from 0) of the table's headings as written.
const HEADING_ROW: u32 = 6;

/// Writes `framework` as a workbook (XLSX) at `out`, replacing it whole or not at all.
///
/// Errors: `File` when `out` cannot be written.
pub fn write_framework_workbook(framework: &Framework, out: &Path) -> Result<()> {
    let to_err = |e: rust_xlsxwriter::XlsxError| CoreError::file(out, e.to_string());
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut book = rust_xlsxwriter::Workbook::new();
    // Every cell is text ("@"), so that what is typed stays as typed: Excel would make
    // "2027-04" a date and "2027.10" the number 2027.1.
    let text = Format::new()
        .set_num_format("@")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let label = text.clone().set_bold();
    let heading = label
        .clone()
        .set_background_color("#D9E2F3")
        .set_border_bottom(FormatBorder::Thin);
    let note = text.clone().set_italic();
    let sheet = book.add_worksheet();
    sheet.set_name(FRAMEWORK_SHEET).map_err(to_err)?;
    let levels = framework.levels.len() as u16;
    for c in 0..3 + levels {
        sheet.set_column_format(c, &text).map_err(to_err)?;
    }
    let values = [
        &framework.version,
        &framework.title,
        &framework.date,
        &framework.source,
    ];
    for (r, ((name, _), value)) in DETAILS.iter().zip(values).enumerate() {
        let r = r as u32;
        sheet
            .write_string_with_format(r, 0, *name, &label)
            .map_err(to_err)?;
        sheet
            .merge_range(r, 1, r, 4, value.as_str(), &text)
            .map_err(to_err)?;
    }
    // The source is often a sentence or two.
    sheet.set_row_height(3, 32).map_err(to_err)?;
    sheet
        .merge_range(4, 0, 4, 2 + levels, HOW_TO, &note)
        .map_err(to_err)?;
    sheet.set_row_height(4, 62).map_err(to_err)?;
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
                .write_string_with_format(r, c as u16, v, &text)
                .map_err(to_err)?;
        }
    }
    for (c, width) in [26.0, 22.0, 30.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width).map_err(to_err)?;
    }
    for c in 3..3 + levels {
        sheet.set_column_width(c, 42.0).map_err(to_err)?;
    }
    sheet.set_freeze_panes(HEADING_ROW + 1, 2).map_err(to_err)?;
    // Printed on A4 landscape, a page wide, the headings on every page.
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    sheet
        .set_repeat_rows(HEADING_ROW, HEADING_ROW)
        .map_err(to_err)?;
    let bytes = book.save_to_buffer().map_err(to_err)?;
    cmm_core::kernel::write_file_atomically(out, |f| {
        use std::io::Write;
        f.write_all(&bytes).map_err(|e| CoreError::file(out, e))
    })
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

/// The table's columns from its headings, with the headings that are not the framework's
/// and those that repeat one already found (each as column and heading).
#[allow(clippy::type_complexity)]
fn columns_of(headings: &[String]) -> (Columns, Vec<(usize, String)>, Vec<(usize, String)>) {
    let mut cols = Columns::default();
    let mut unknown = Vec::new();
    let mut repeated = Vec::new();
    let put = |slot: &mut Option<usize>, repeated: &mut Vec<(usize, String)>, c: usize, h: &str| {
        match slot {
            Some(_) => repeated.push((c, h.trim().to_owned())),
            None => *slot = Some(c),
        }
    };
    for (c, h) in headings.iter().enumerate() {
        let lower = h.trim().to_lowercase();
        match lower.as_str() {
            "" => {}
            "key" | "activity key" => put(&mut cols.key, &mut repeated, c, h),
            "activity" | "name" | "activity name" => put(&mut cols.name, &mut repeated, c, h),
            "purpose" => put(&mut cols.purpose, &mut repeated, c, h),
            _ => match level_heading(h) {
                Some((n, _)) if cols.levels.iter().any(|(_, l, _)| *l == n) => {
                    repeated.push((c, format!("Level {n}")))
                }
                Some((n, name)) => cols.levels.push((c, n, name)),
                None => unknown.push((c, h.clone())),
            },
        }
    }
    (cols, unknown, repeated)
}

/// Whether a row is the table's headings: a "Key" column and a level column.
fn is_heading_row(row: &SheetRow) -> bool {
    row.cells
        .iter()
        .any(|c| c.trim().eq_ignore_ascii_case("key"))
        && row.cells.iter().any(|c| level_heading(c).is_some())
}

/// The bullets of a level's cell: one per line (a line break from Alt+Enter, or Word's
/// Shift+Enter), each trimmed, blank lines left out, and a typed bullet mark ("•", "- ",
/// "– ", "* ") dropped, so a line holding only a mark is no bullet.
fn bullets(cell: &str) -> Vec<String> {
    cell.split(['\n', '\r', '\u{000B}', '\u{2028}', '\u{2029}'])
        .map(|l| {
            let l = without_mark(l);
            l.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// A date cell as the council dates a matrix: Excel turns "April 2027" typed into a cell
/// into the date 1 April 2027, which is written back as "April 2027"; another day is
/// written "15 April 2027", never "2027-04-15".
fn date_words(text: &str) -> String {
    use chrono::Datelike;
    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) if d.day() == 1 => d.format("%B %Y").to_string(),
        Ok(d) => d.format("%-d %B %Y").to_string(),
        Err(_) => text.to_owned(),
    }
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
/// [`write_framework_workbook`] lays it out): the one sheet with a heading row holding
/// "Key", "Activity", "Purpose" and "Level 1" to "Level 5" (each "Level N: its name");
/// above it, "Version", "Title", "Date" and optionally "Source" in column A with each value
/// in column B; below it, one activity per row, one bullet per line.
///
/// Errors: a `file` problem when the bytes are not a workbook, when no sheet has the
/// headings or more than one has; otherwise every problem found, each naming its cell or
/// range (`Framework!D9`, `Framework!D8:E8`): a merged cell in the table, a column missing,
/// repeated or not the framework's, text under no heading, a detail missing or given
/// twice, and every rule of `Framework::problems` (the same as for the JSON form).
pub fn read_framework_workbook(bytes: &[u8]) -> std::result::Result<Framework, Vec<FieldError>> {
    let file_problem = |message: String| vec![problem("file".into(), message)];
    let sheets = workbook_sheets(bytes)
        .map_err(|e| file_problem(format!("The workbook cannot be read: {e}.")))?;
    let found: Vec<(&WorkbookSheet, Vec<usize>)> = sheets
        .iter()
        .map(|s| {
            let at = (0..s.rows.len())
                .filter(|&i| is_heading_row(&s.rows[i]))
                .collect::<Vec<_>>();
            (s, at)
        })
        .filter(|(_, at)| !at.is_empty())
        .collect();
    let (ws, at) = match found.as_slice() {
        [] => return Err(file_problem(
            "No sheet of the workbook has the framework's headings: Key, Activity, Purpose, and Level 1 to Level 5, each with its name (\"Level 1: Ad-hoc\"). Save the framework in use as a workbook to see the layout.".into(),
        )),
        [(ws, at)] => (*ws, at),
        more => {
            let names: Vec<String> = more.iter().map(|(s, _)| format!("\"{}\"", s.name)).collect();
            return Err(file_problem(format!(
                "The sheets {} each have the framework's headings, so it is not clear which is the framework. Keep it on one sheet: delete the others, or move them to another workbook.",
                and_list(&names)
            )));
        }
    };
    let sheet = ws.name.as_str();
    let rows = &ws.rows;
    if at.len() > 1 {
        let lines: Vec<String> = at.iter().map(|&i| rows[i].line.to_string()).collect();
        return Err(vec![problem(
            sheet_name(sheet),
            format!(
                "Rows {} of the sheet each look like the table's headings (Key, Level 1 …). Keep one heading row, above the activities, and delete the other.",
                and_list(&lines)
            ),
        )]);
    }
    let at = at[0];
    let heading = &rows[at];
    let mut problems = Vec::new();

    // A merged cell in the table would give its text to every cell it covers.
    for &(r0, c0, r1, c1) in &ws.merged {
        if r1 >= heading.line {
            problems.push(problem(
                format!(
                    "{}!{}{r0}:{}{r1}",
                    sheet_name(sheet),
                    column_letter(c0 as usize),
                    column_letter(c1 as usize)
                ),
                "These cells are merged. In the table each activity and each level needs a cell of its own: unmerge them and put each cell's text in its own cell.".into(),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let (cols, unknown, repeated) = columns_of(&heading.cells);
    for (c, h) in unknown {
        problems.push(problem(
            cell_name(sheet, c, heading.line),
            format!("The column \"{h}\" is not part of a framework: the columns are Key, Activity, Purpose and Level 1 to Level 5. Delete it, or move it to another sheet."),
        ));
    }
    for (c, h) in repeated {
        problems.push(problem(
            cell_name(sheet, c, heading.line),
            format!("There is a second \"{h}\" column. Keep one, and delete the other or move it to another sheet."),
        ));
    }
    for (col, what) in [
        (cols.key, "Key"),
        (cols.name, "Activity"),
        (cols.purpose, "Purpose"),
    ] {
        if col.is_none() {
            problems.push(problem(
                row_name(sheet, heading.line),
                format!("The headings have no \"{what}\" column."),
            ));
        }
    }
    let missing_levels: Vec<u8> = (1..=5)
        .filter(|n| !cols.levels.iter().any(|(_, l, _)| l == n))
        .collect();
    for n in &missing_levels {
        problems.push(problem(
            row_name(sheet, heading.line),
            format!("The headings have no \"Level {n}\" column: there must be one for each level, 1 to 5, each with its name (\"Level {n}: …\")."),
        ));
    }
    for (c, n, _) in &cols.levels {
        if MaturityLevel::new(*n).is_none() {
            problems.push(problem(
                cell_name(sheet, *c, heading.line),
                format!("\"Level {n}\" is not a level: levels are 1 to 5."),
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
        let Some((label, field)) = DETAILS.iter().find(|(l, _)| l.eq_ignore_ascii_case(label))
        else {
            continue;
        };
        let column = r
            .cells
            .iter()
            .skip(1)
            .position(|c| !c.trim().is_empty())
            .map_or(1, |p| p + 1);
        let value = r.cells.get(column).cloned().unwrap_or_default();
        if let Some((_, _, first)) = details.get(field) {
            problems.push(problem(
                format!("{}!A{}", sheet_name(sheet), r.line),
                format!(
                    "\"{label}\" is given twice, in rows {first} and {}: keep one.",
                    r.line
                ),
            ));
            continue;
        }
        details.insert(field, (value, column, r.line));
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

    // The table: every row below the headings with anything in it.
    let headed = |c: usize| heading.cells.get(c).is_some_and(|h| !h.trim().is_empty());
    let table: Vec<&SheetRow> = rows[at + 1..].iter().collect();
    for r in &table {
        for (c, v) in r.cells.iter().enumerate() {
            if !v.trim().is_empty() && !headed(c) {
                problems.push(problem(
                    cell_name(sheet, c, r.line),
                    "This cell has text in a column with no heading. Move the text to the activity's own cells, or delete it.".into(),
                ));
            }
        }
    }
    let text = |r: &SheetRow, c: Option<usize>| {
        c.and_then(|c| r.cells.get(c))
            .map(|s| s.trim().to_owned())
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

    // The rules of the JSON form, each problem moved from its path to its cell; what is
    // already said of a missing column or detail is not said again.
    let level_trouble = !missing_levels.is_empty() || cols.levels.len() != 5;
    let level_column = |n: &str| {
        cols.levels
            .iter()
            .find(|(_, l, _)| l.to_string() == n)
            .map(|(c, _, _)| *c)
    };
    for p in framework.problems() {
        let said_already = DETAILS[..3]
            .iter()
            .any(|(_, f)| p.field == *f && !details.contains_key(f))
            || (level_trouble && p.field.starts_with("levels"))
            || missing_levels
                .iter()
                .any(|n| p.field.ends_with(&format!(".descriptors.{n}")))
            || (cols.key.is_none() && p.field.ends_with(".key"))
            || (cols.name.is_none() && p.field.ends_with(".name"))
            || (cols.purpose.is_none() && p.field.ends_with(".purpose"));
        if said_already {
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
        } else if p.field == "activities" {
            match (table.first(), table.last()) {
                (Some(a), Some(b)) => format!("{}!{}:{}", sheet_name(sheet), a.line, b.line),
                _ => row_name(sheet, heading.line),
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
    if problems.is_empty() {
        Ok(framework)
    } else {
        Err(problems)
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
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

    /// Each problem as (its cell, its message).
    fn named(problems: &[FieldError]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.message.as_str()))
            .collect()
    }

    /// Fails unless a problem at `field` says `words`.
    fn has(named: &[(&str, &str)], field: &str, words: &str) {
        assert!(
            named.iter().any(|(f, m)| *f == field && m.contains(words)),
            "no problem at {field} saying {words:?}: {named:#?}"
        )
    }

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
        // Word's autocorrected dash, an asterisk, Shift+Enter from Word (a vertical tab).
        assert_eq!(
            bullets("– One\u{000B}* Two\n·Three"),
            vec!["One", "Two", "Three"]
        );
        assert!(bullets("-").is_empty(), "a mark alone is no bullet");
        assert!(bullets("\n  \n•\n- ").is_empty());
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
        assert_eq!(date_words("2027-04-01"), "April 2027");
        assert_eq!(date_words("2027-04-15"), "15 April 2027");
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
        let named = named(&problems);
        let has = |field: &str, words: &str| has(&named, field, words);
        has("'Matrix 2027'!H4", "\"Notes\" is not part of a framework");
        has("'Matrix 2027'!A1:B3", "no \"Date\" row");
        has("'Matrix 2027'!4:4", "no \"Level 3\" column");
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

    fn problems_of(
        sheets: &[(&str, &[&[&str]])],
        merge: Option<(u32, u16, u32, u16)>,
    ) -> Vec<FieldError> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in sheets {
            let ws = book.add_worksheet();
            ws.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if !v.is_empty() {
                        ws.write_string(r as u32, c as u16, *v).unwrap();
                    }
                }
            }
            if let Some((r0, c0, r1, c1)) = merge {
                ws.merge_range(r0, c0, r1, c1, "merged", &rust_xlsxwriter::Format::new())
                    .unwrap();
            }
        }
        read_framework_workbook(&book.save_to_buffer().unwrap()).unwrap_err()
    }

    const HEADINGS: &[&str] = &[
        "Key",
        "Activity",
        "Purpose",
        "Level 1: Ad-hoc",
        "Level 2: Informal",
        "Level 3: Standardised",
        "Level 4: Monitored",
        "Level 5: Optimised",
    ];

    #[test]
    fn two_sheets_with_the_table_are_refused_naming_both() {
        let table: &[&[&str]] = &[&["Version", "kcc-2016-09"], HEADINGS];
        let p = problems_of(&[("Old", table), ("Framework", table)], None);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].message
                .starts_with("The sheets \"Old\" and \"Framework\" each have"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn a_merged_cell_in_the_table_is_refused_naming_its_range() {
        let row: &[&str] = &["risk", "Risk", "managing risk", "a", "", "c", "d", "e"];
        let p = problems_of(
            &[("Framework", &[&["Version", "v1"], HEADINGS, row])],
            Some((2, 3, 2, 4)),
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].field, "Framework!D3:E3");
        assert!(p[0].message.contains("merged"), "{}", p[0].message);
    }

    #[test]
    fn repeats_stray_text_and_a_detail_given_twice_are_each_named() {
        let mut headings = HEADINGS.to_vec();
        headings.push("Name");
        let row: &[&str] = &[
            "risk",
            "Risk",
            "managing risk",
            "a",
            "b",
            "c",
            "d",
            "e",
            "Jo Bloggs",
            "",
            "stray",
        ];
        let p = problems_of(
            &[(
                "Framework",
                &[
                    &["Version", "kcc-2027-04"],
                    &["Title", "T"],
                    &["Date", "April 2027"],
                    &["Version", "kcc-2027-31"],
                    &headings,
                    row,
                ],
            )],
            None,
        );
        let named = named(&p);
        let has = |field: &str, words: &str| has(&named, field, words);
        has("Framework!I5", "a second \"Name\" column");
        has("Framework!K6", "no heading");
        has(
            "Framework!A4",
            "\"Version\" is given twice, in rows 1 and 4",
        );
    }
}
