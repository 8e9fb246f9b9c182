//! Nothing typed is lost: the drafts of forms that save on a button, kept as typed with
//! what the last attempt to save them said.

use crate::{DataFile, FieldError, Result};

pub use cmm_core::kept::*;

/// The draft of a form that saves on a button (an action, a finding, a meeting…), if kept.
pub fn form_draft(db: &DataFile, form: &str) -> Result<Option<FormDraft>> {
    db.store.form_draft(form)
}

/// Keeps what is typed into such a form, with what the last attempt to save it said.
pub fn keep_form_draft(
    db: &mut DataFile,
    form: &str,
    input: &serde_json::Value,
    errors: &[FieldError],
) -> Result<FormDraft> {
    db.store.keep_form_draft(form, input, errors)
}

/// Which forms named `prefix…` have a draft kept (for example `member/`).
pub fn form_drafts(db: &DataFile, prefix: &str) -> Result<Vec<String>> {
    db.store.form_drafts(prefix)
}

/// Forgets a form's draft once what it held is saved, or the person clears the form.
pub fn discard_form_draft(db: &mut DataFile, form: &str) -> Result<()> {
    db.store.discard_form_draft(form)
}
