//! Nothing typed is lost (`crate::kept`): values typed into a report's forms that cannot
//! be saved yet, in `kept_value`, outside the sealed document; and the drafts of forms that
//! save on a button, in `form_draft`.

use crate::framework::Section;
use crate::kept::{check_draft, FormDraft, KeptValue};
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::{now, Store};
use rusqlite::OptionalExtension;
use rusqlite::{params, Connection};

/// The form key of one section of one report.
pub(crate) fn section_form(report_id: i64, section: Section) -> String {
    format!("report/{report_id}/section/{}", section.number())
}

/// Kept values as `(form, value)`, from rows of `form, field, pointer, typed, message`.
fn kept_rows(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
) -> Result<Vec<(String, KeptValue)>> {
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (form, field, pointer, typed, message) = row?;
        let typed = serde_json::from_str(&typed)?;
        out.push((
            form,
            KeptValue {
                field,
                pointer,
                typed,
                message,
            },
        ));
    }
    Ok(out)
}

/// The values kept in a form, in the order they were typed into it (by position).
pub(crate) fn kept_in(conn: &Connection, form: &str) -> Result<Vec<KeptValue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT form, field, pointer, typed, message FROM kept_value WHERE form = ?1 ORDER BY rowid",
    )?;
    Ok(kept_rows(&mut stmt, [form])?
        .into_iter()
        .map(|(_, k)| k)
        .collect())
}

/// The values kept in every form of one section of a report (Section 2 has a form per
/// row), as `(form, value)`, in one read.
pub(crate) fn kept_in_section_forms(
    conn: &Connection,
    report_id: i64,
    section: Section,
) -> Result<Vec<(String, KeptValue)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT form, field, pointer, typed, message FROM kept_value
         WHERE report_id = ?1 AND section = ?2 ORDER BY rowid",
    )?;
    kept_rows(&mut stmt, params![report_id, section.number()])
}

/// Replaces what a section keeps with `kept` (none once everything typed is saved). Runs
/// inside the transaction that saves the section's good values.
pub(crate) fn keep_in_section(
    conn: &Connection,
    report_id: i64,
    section: Section,
    kept: &[KeptValue],
) -> Result<()> {
    keep_in_form(
        conn,
        report_id,
        section,
        &section_form(report_id, section),
        kept,
    )
}

/// The same for one form of a section that has several (Section 2 has one per activity).
pub(crate) fn keep_in_form(
    conn: &Connection,
    report_id: i64,
    section: Section,
    form: &str,
    kept: &[KeptValue],
) -> Result<()> {
    conn.execute("DELETE FROM kept_value WHERE form = ?1", [form])?;
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
            section.number(),
            k.field,
            serde_json::to_string(&k.typed)?,
            k.message,
            stamp
        ])?;
    }
    Ok(())
}

impl Store {
    /// The draft of a form (`crate::kept::FormDraft`), if one is kept.
    pub fn form_draft(&self, form: &str) -> Result<Option<FormDraft>> {
        let row: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT input, errors, kept_at FROM form_draft WHERE form = ?1",
                [form],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(input, errors, kept_at)| {
            Ok(FormDraft {
                input: serde_json::from_str(&input)?,
                errors: serde_json::from_str(&errors)?,
                kept_at,
            })
        })
        .transpose()
    }

    /// Keeps what is typed into a form, with what the last attempt to save it said.
    ///
    /// Errors: `Validation` on `form` or `input` (`crate::kept::check_draft`); nothing is
    /// kept then.
    pub fn keep_form_draft(
        &mut self,
        form: &str,
        input: &serde_json::Value,
        errors: &[FieldError],
    ) -> Result<FormDraft> {
        check_draft(form, input).map_err(|e| CoreError::Validation(vec![e]))?;
        let stamp = now();
        self.conn.execute(
            "INSERT INTO form_draft (form, input, errors, kept_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(form) DO UPDATE SET input = excluded.input, errors = excluded.errors,
                 kept_at = excluded.kept_at",
            params![
                form,
                serde_json::to_string(input)?,
                serde_json::to_string(errors)?,
                stamp
            ],
        )?;
        Ok(FormDraft {
            input: input.clone(),
            errors: errors.to_vec(),
            kept_at: stamp,
        })
    }

    /// The names of the forms with a draft kept, among those named `prefix…` (for example
    /// `member/`), so a screen can say which records have changes not saved.
    pub fn form_drafts(&self, prefix: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT form FROM form_draft WHERE substr(form, 1, length(?1)) = ?1 ORDER BY form",
        )?;
        let rows = stmt.query_map([prefix], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets a form's draft: it was saved, or the person cleared the form.
    pub fn discard_form_draft(&mut self, form: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM form_draft WHERE form = ?1", [form])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_kept_as_typed_with_its_errors_until_discarded() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.form_draft("review/1/action").unwrap(), None);
        let typed = serde_json::json!({"text": "Update the plan", "due": "31/02/2027"});
        let errors = vec![FieldError::new(
            "due",
            "The due date: 31 February 2027 does not exist",
        )];
        s.keep_form_draft("review/1/action", &typed, &errors)
            .unwrap();
        let kept = s.form_draft("review/1/action").unwrap().unwrap();
        assert_eq!(kept.input, typed);
        assert_eq!(kept.errors, errors);
        // Typing on replaces it; the attempt's errors go with what was tried.
        let more = serde_json::json!({"text": "Update the plan", "due": "28/02/2027"});
        s.keep_form_draft("review/1/action", &more, &[]).unwrap();
        assert_eq!(
            s.form_draft("review/1/action").unwrap().unwrap().input,
            more
        );
        assert!(s.form_draft("review/2/action").unwrap().is_none());
        s.keep_form_draft("member/3", &typed, &[]).unwrap();
        assert_eq!(s.form_drafts("member/").unwrap(), ["member/3"]);
        assert_eq!(s.form_drafts("review/1/").unwrap(), ["review/1/action"]);
        s.discard_form_draft("review/1/action").unwrap();
        assert_eq!(s.form_draft("review/1/action").unwrap(), None);
        let err = s.keep_form_draft("../x", &typed, &[]).unwrap_err().reply();
        assert_eq!(err.fields[0].field, "form");
    }
}
