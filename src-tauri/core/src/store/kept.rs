//! Values typed into a report's forms that cannot be saved yet (`crate::kept`), in the
//! `kept_value` table, outside the sealed document.

use super::now;
use crate::error::{FieldError, Result};
use crate::kept::KeptValue;
use crate::tasks::SECTIONS;
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

/// A value kept in one of a report's sections, named for the person who must put it right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct UnsavedValue {
    /// The template's section number, 3 to 12.
    pub section: u8,
    /// The field as the section's form names it (the place to go back to).
    pub field: String,
    /// "Section 5, Operational performance: Jan 2026 in indicator K1 needs a number, …"
    pub message: String,
}

impl UnsavedValue {
    /// The refusal to sign names each value with its section, so the person can find it.
    pub fn error(&self) -> FieldError {
        FieldError::new(
            &format!("section_{}.{}", self.section, self.field),
            self.message.clone(),
        )
    }
}

/// The form key of one section of one report.
pub(super) fn section_form(report_id: i64, section: u8) -> String {
    format!("report/{report_id}/section/{section}")
}

/// The values kept in a form, in the order they were typed into it (by position).
pub(super) fn kept_in(conn: &Connection, form: &str) -> Result<Vec<KeptValue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, pointer, typed, message FROM kept_value WHERE form = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([form], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (field, pointer, typed, message) = row?;
        out.push(KeptValue {
            field,
            pointer,
            typed: serde_json::from_str(&typed)?,
            message,
        });
    }
    Ok(out)
}

/// Replaces what a section keeps with `kept` (none once everything typed is saved). Runs
/// inside the transaction that saves the section's good values.
pub(super) fn keep_in_section(
    conn: &Connection,
    report_id: i64,
    section: u8,
    kept: &[KeptValue],
) -> Result<()> {
    let form = section_form(report_id, section);
    conn.execute("DELETE FROM kept_value WHERE form = ?1", [&form])?;
    let stamp = now();
    let mut insert = conn.prepare_cached(
        "INSERT INTO kept_value (form, pointer, report_id, section, field, typed, message, kept_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(form, pointer) DO NOTHING",
    )?;
    for k in kept {
        insert.execute(params![
            form,
            k.pointer,
            report_id,
            section,
            k.field,
            serde_json::to_string(&k.typed)?,
            k.message,
            stamp
        ])?;
    }
    Ok(())
}

/// Every value kept in any section of a report, section by section.
pub(super) fn unsaved_in_report(conn: &Connection, report_id: i64) -> Result<Vec<UnsavedValue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT section, field, message FROM kept_value WHERE report_id = ?1
         ORDER BY section, rowid",
    )?;
    let rows = stmt.query_map([report_id], |r| {
        Ok((
            r.get::<_, u8>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (section, field, message) = row?;
        let title = SECTIONS
            .get(usize::from(section).wrapping_sub(1))
            .map_or("", |(title, _)| *title);
        out.push(UnsavedValue {
            section,
            field,
            message: format!("Section {section}, {title}: {message}"),
        });
    }
    Ok(out)
}
