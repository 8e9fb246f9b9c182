//! `cmm import-register`: the window's register import, for a secretariat's nightly
//! refresh from the published file. The same reading, column matching, row checks and
//! import as the window (`cmm_api::contracts`); each row's problem is printed row by row.

use cmm_api::contracts::{
    self, column_letter, mapping_notes, mapping_problems, Field, ImportOptions, ImportSummary,
    NotUtf8, NotUtf8Cell, Preview, RowAction, Sheet, SheetChoice, TextEncoding,
};
use cmm_api::{CoreError, DataFile, FieldError};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How to read the cells of a UTF-8 file that are not UTF-8.
#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum NotUtf8Arg {
    /// Treat each as unreadable: an optional value is imported blank and flagged, a row
    /// that needs it is left out.
    #[default]
    LeaveBlank,
    /// Read each as Windows-1252 (check the preview first with --dry-run).
    #[value(name = "windows-1252")]
    Windows1252,
}

/// How a CSV file's text is written, when the guess is wrong.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum EncodingArg {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "utf-16")]
    Utf16,
    #[value(name = "windows-1252")]
    Windows1252,
    #[value(name = "mac-roman")]
    MacRoman,
}

impl EncodingArg {
    fn encoding(self) -> TextEncoding {
        match self {
            EncodingArg::Utf8 => TextEncoding::Utf8,
            EncodingArg::Utf16 => TextEncoding::Utf16,
            EncodingArg::Windows1252 => TextEncoding::Windows1252,
            EncodingArg::MacRoman => TextEncoding::MacRoman,
        }
    }
}

/// What `cmm import-register` was asked to do.
pub struct Request<'a> {
    pub file: &'a Path,
    pub sheet: Option<String>,
    pub heading_row: Option<u32>,
    pub encoding: Option<EncodingArg>,
    /// Whether the output is JSON: what was read is then not also said on stderr.
    pub json: bool,
    pub owner: String,
    pub not_utf8: NotUtf8Arg,
    pub map: &'a [String],
    pub dry_run: bool,
}

#[derive(Serialize)]
struct Column {
    column: String,
    heading: String,
    field: Option<Field>,
}

#[derive(Serialize)]
struct ImportOutput<'a> {
    file: PathBuf,
    sheet: &'a str,
    heading_row: u32,
    encoding: TextEncoding,
    not_utf8: &'a [NotUtf8Cell],
    columns: Vec<Column>,
    dry_run: bool,
    preview: &'a Preview,
    summary: Option<ImportSummary>,
}

/// The field named by `name`: its snake_case name ("annual_value") or its label ("Annual
/// value (current financial year)"), in any case; "none" leaves the column out.
fn field_named(name: &str) -> Result<Option<Field>, String> {
    let n = name.trim().to_lowercase();
    if n == "none" || n.is_empty() {
        return Ok(None);
    }
    Field::ALL
        .into_iter()
        .find(|f| {
            let key = serde_json::to_value(f)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            key == n || f.label().to_lowercase() == n
        })
        .map(Some)
        .ok_or_else(|| {
            format!(
                "--map: there is no field \"{name}\"; the fields are none, {}",
                Field::ALL
                    .iter()
                    .filter_map(|f| serde_json::to_value(f).ok())
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// The suggested mapping with each `--map COLUMN=FIELD` applied; COLUMN is a column's
/// letter ("F") or its heading.
fn mapping(sheet: &Sheet, map: &[String]) -> Result<Vec<Option<Field>>, CoreError> {
    let mut mapping = sheet.suggested_mapping();
    let mut errors = Vec::new();
    for m in map {
        let Some((column, field)) = m.split_once('=') else {
            errors.push(format!(
                "--map \"{m}\" needs COLUMN=FIELD, like F=annual_value"
            ));
            continue;
        };
        let column = column.trim();
        let at = (0..sheet.headings.len()).find(|&i| {
            column_letter(i).eq_ignore_ascii_case(column)
                || sheet.headings[i].eq_ignore_ascii_case(column)
        });
        match (at, field_named(field)) {
            (None, _) => errors.push(format!(
                "--map: the file has no column \"{column}\" (give its letter or its heading)"
            )),
            (_, Err(e)) => errors.push(e),
            (Some(i), Ok(f)) => {
                // A field given to this column is taken from any other.
                if f.is_some() {
                    for other in mapping.iter_mut() {
                        if *other == f {
                            *other = None;
                        }
                    }
                }
                mapping[i] = f;
            }
        }
    }
    if errors.is_empty() {
        Ok(mapping)
    } else {
        Err(CoreError::Validation(
            errors
                .into_iter()
                .map(|e| FieldError::new("map", e))
                .collect(),
        ))
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    cmm_api::counted(u64::from(n), one, many)
}

/// Reads, checks and (unless a dry run) imports the register; the JSON and the text.
pub fn import_register(
    store: &mut DataFile,
    r: &Request,
) -> Result<(serde_json::Value, String), CoreError> {
    let choice = SheetChoice {
        sheet: r.sheet.clone(),
        heading_row: r.heading_row,
        encoding: r.encoding.map(EncodingArg::encoding),
    };
    let sheet = contracts::read_register_sheet(r.file, &choice)?;
    let options = ImportOptions {
        sheet: r.sheet.clone(),
        heading_row: r.heading_row,
        encoding: choice.encoding,
        mapping: mapping(&sheet, r.map)?,
        default_owner: r.owner.clone(),
        not_utf8: match r.not_utf8 {
            NotUtf8Arg::LeaveBlank => NotUtf8::LeaveBlank,
            NotUtf8Arg::Windows1252 => NotUtf8::Windows1252,
        },
    };
    let mut text = if sheet.encoding == TextEncoding::Ocds {
        format!(
            "{}: an OCDS package, {}, read as these columns:\n",
            r.file.display(),
            plural(
                sheet.rows.len() as u32,
                "contracting process",
                "contracting processes"
            )
        )
    } else {
        format!(
            "{}{}: headings on row {}, {} below them{}.\n",
            r.file.display(),
            match sheet.sheets.len() {
                0 => String::new(),
                1 => format!(", sheet \"{}\"", sheet.sheet),
                n => format!(
                    ", sheet \"{}\" (one of {n}; --sheet NAME for another)",
                    sheet.sheet
                ),
            },
            sheet.heading_row,
            plural(sheet.rows.len() as u32, "row", "rows"),
            if sheet.encoding == TextEncoding::Workbook {
                String::new()
            } else {
                format!(", text in {}", sheet.encoding.words())
            }
        )
    };
    let columns: Vec<Column> = sheet
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| Column {
            column: column_letter(i),
            heading: h.clone(),
            field: options.mapping[i],
        })
        .collect();
    for c in &columns {
        text.push_str(&format!(
            "  {:>3}  {:<40} {}\n",
            c.column,
            if c.heading.is_empty() {
                "(no heading)"
            } else {
                &c.heading
            },
            c.field.map_or("left out", |f| f.label())
        ));
    }
    for note in mapping_notes(&sheet.headings, &options.mapping) {
        text.push_str(&format!("Note: {note}.\n"));
    }
    let problems = mapping_problems(
        sheet.headings.len(),
        &options.mapping,
        &options.default_owner,
    );
    if !problems.is_empty() {
        // What was read, so that the person can see which columns to --map.
        if !r.json {
            eprint!("{text}");
        }
        return Err(CoreError::Validation(
            problems
                .into_iter()
                .map(|p| {
                    let how = if p.starts_with("No column is the contract owner") {
                        "--map COLUMN=FIELD, or --owner NAME"
                    } else {
                        "--map COLUMN=FIELD"
                    };
                    FieldError::new("mapping", format!("{p} ({how})"))
                })
                .collect(),
        ));
    }
    for c in &sheet.not_utf8 {
        text.push_str(&format!(
            "Row {}, column {}: not UTF-8; read as Windows-1252 it says \"{}\" (--not-utf8 windows-1252 reads it so).\n",
            c.line,
            column_letter(c.column as usize),
            c.as_windows_1252
        ));
    }
    let preview = contracts::preview_register(store, &sheet, &options)?;
    for note in preview.notes.iter().filter(|n| !n.contains(" is in ")) {
        text.push_str(&format!("Note: {note}.\n"));
    }
    for row in &preview.rows {
        let head = format!("Row {} {}", row.line, row.reference);
        match row.action {
            RowAction::Skip => {
                text.push_str(&format!("{head}: left out\n"));
                for p in &row.problems {
                    text.push_str(&format!("    {p}\n"));
                }
            }
            RowAction::NotAContract => text.push_str(&format!(
                "Row {}: not a contract (\"{}\"), passed over\n",
                row.line, row.title
            )),
            RowAction::Add | RowAction::Update if !row.flagged.is_empty() => {
                text.push_str(&format!("{head}: imported with a value left blank\n"));
                for f in &row.flagged {
                    text.push_str(&format!("    {}\n", f.message));
                }
            }
            _ => {}
        }
    }
    if preview.to_add + preview.to_update == 0 && preview.to_skip > 0 {
        // Nothing can be imported: a failure for a nightly script to notice (exit code 2).
        if !r.json {
            eprint!("{text}");
        }
        return Err(CoreError::Validation(vec![FieldError::new(
            "rows",
            format!(
                "No row of {} can be imported: {} left out (each row and why is in the \
                 preview: the text output, or --dry-run --json)",
                r.file.display(),
                plural(preview.to_skip, "row is", "rows are")
            ),
        )]));
    }
    let summary = if r.dry_run {
        text.push_str(&format!(
            "Dry run, nothing changed: {} to add, {} to update, {} left out, {} with a value left blank.\n",
            preview.to_add,
            preview.to_update,
            preview.to_skip,
            preview.flagged
        ));
        None
    } else {
        let s = contracts::import_register(store, &sheet, &options)?;
        text.push_str(&format!(
            "Imported: {} added, {} updated, {} left out, {} with a value left blank.\n",
            s.created, s.updated, s.skipped, s.flagged
        ));
        Some(s)
    };
    let output = ImportOutput {
        file: r.file.to_path_buf(),
        sheet: &sheet.sheet,
        heading_row: sheet.heading_row,
        encoding: sheet.encoding,
        not_utf8: &sheet.not_utf8,
        columns,
        dry_run: r.dry_run,
        preview: &preview,
        summary,
    };
    Ok((serde_json::to_value(&output)?, text))
}
