//! Nothing typed is lost: what a form sends is split into what can be saved and the values
//! that cannot be saved yet, which are kept exactly as typed, outside the report's sealed
//! document, and shown again with their error until they are put right.
//!
//! The rule this follows is the architecture's "two kinds of rule" (`docs/ARCHITECTURE.md`):
//! a value that breaks a rule about what it *can be* changes nothing, but it no longer stops
//! the good values beside it from being saved. Each form's validator names the field it
//! refuses (`FieldError::field`, for example `indicators.0.actuals.3`); [`FormInput::pointer`]
//! says where that field sits in the form's input as JSON (RFC 6901), so the value can be
//! taken out, kept, and the rest validated again.

pub(crate) mod store;

use crate::kernel::error::FieldError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use specta::Type;

/// A value typed into a form that cannot be saved yet, kept as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KeptValue {
    /// The field as the form's errors name it, for example `indicators.0.actuals.3`.
    pub field: String,
    /// Where the value goes back in the form's input: an RFC 6901 JSON pointer, for
    /// example `/indicators/0/actuals/3`.
    pub pointer: String,
    /// The value exactly as typed (almost always a JSON string).
    pub typed: serde_json::Value,
    /// Why it cannot be saved, as a sentence that names the field.
    pub message: String,
}

impl KeptValue {
    /// The error to show beside the field.
    pub fn error(&self) -> FieldError {
        FieldError::new(&self.field, self.message.clone())
    }
}

/// A form's input: it can be turned into JSON and back, and it knows where each field
/// its validator names sits in that JSON.
pub trait FormInput: Serialize + DeserializeOwned {
    /// The RFC 6901 pointer of the field `field` (dot-separated, as in `FieldError`), or
    /// `None` when the field is not one value (for example a whole table). By default a
    /// field's dotted path is its place in the input.
    fn pointer(field: &str) -> Option<String> {
        Some(dotted_pointer(field))
    }
}

/// `indicators.0.actuals.3` as the pointer `/indicators/0/actuals/3` (RFC 6901 escapes).
pub fn dotted_pointer(field: &str) -> String {
    field
        .split('.')
        .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// A form that adds or changes a record on a button (an action, a finding, a meeting, the
/// letter), as typed so far: kept while it is written and while the record refuses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FormDraft {
    /// The form's input as JSON, exactly as typed.
    pub input: serde_json::Value,
    /// What the last attempt to save it said; empty while it has not been tried.
    pub errors: Vec<FieldError>,
    /// When it was last kept (UTC, RFC 3339).
    pub kept_at: String,
}

/// The largest draft kept, as JSON: far above any form a person types (the letter is the
/// longest, a few pages).
pub const DRAFT_MAX_BYTES: usize = 1024 * 1024;

/// Checks a draft's form name and size before it is kept.
///
/// A name is one to five parts of lowercase letters, digits and `_`, split by `/`, the
/// first a word: `review/12/action`, `meeting/new`. Errors: a `FieldError` on `form` or
/// `input` naming the rule.
pub fn check_draft(form: &str, input: &serde_json::Value) -> Result<(), FieldError> {
    let parts: Vec<&str> = form.split('/').collect();
    let part_ok = |p: &&str| {
        !p.is_empty()
            && p.len() <= 40
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let first_is_word = parts
        .first()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()));
    if parts.len() > 5 || !parts.iter().all(part_ok) || !first_is_word {
        return Err(FieldError::new(
            "form",
            format!("\"{form}\" is not the name of a form, like review/12/action"),
        ));
    }
    if !input.is_object() {
        return Err(FieldError::new(
            "input",
            "A form's draft must be its fields by name",
        ));
    }
    if serde_json::to_string(input).map_or(usize::MAX, |s| s.len()) > DRAFT_MAX_BYTES {
        return Err(FieldError::new(
            "input",
            "What is typed into this form is over 1 MB, too long to keep",
        ));
    }
    Ok(())
}

/// What a form can save now, and the values kept until they are put right.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<S> {
    pub valid: S,
    pub kept: Vec<KeptValue>,
}

/// How many times a form is validated again after taking values out. Each round takes out
/// at least one value. One round is almost always enough; more are there for a rule
/// between two values that only shows once a third is taken out.
const ROUNDS: usize = 8;

/// Splits `input`: every value its validator refuses is taken out (emptied) and kept, and
/// the rest is validated again, until it passes.
///
/// Errors: the validator's errors, unchanged, when a refused field is not one value that
/// can be emptied (for example "at most 200 indicators"); then nothing can be saved.
pub fn split<I: FormInput, S>(
    input: &I,
    validate: impl Fn(&I) -> Result<S, Vec<FieldError>>,
) -> Result<Split<S>, Vec<FieldError>> {
    let first = match validate(input) {
        Ok(valid) => {
            return Ok(Split {
                valid,
                kept: Vec::new(),
            })
        }
        Err(errors) => errors,
    };
    let Ok(mut json) = serde_json::to_value(input) else {
        return Err(first);
    };
    let mut kept: Vec<KeptValue> = Vec::new();
    let mut errors = first.clone();
    for _ in 0..ROUNDS {
        let mut progressed = false;
        for e in &errors {
            let Some(pointer) = I::pointer(&e.field) else {
                continue;
            };
            let Some(slot) = json.pointer_mut(&pointer) else {
                continue;
            };
            let empty = match slot {
                serde_json::Value::String(s) if !s.is_empty() => {
                    serde_json::Value::String(String::new())
                }
                serde_json::Value::Number(_) | serde_json::Value::Bool(_) => {
                    serde_json::Value::Null
                }
                _ => continue,
            };
            let typed = std::mem::replace(slot, empty);
            kept.push(KeptValue {
                field: e.field.clone(),
                pointer,
                typed,
                message: e.message.clone(),
            });
            progressed = true;
        }
        if !progressed {
            return Err(first);
        }
        let Ok(rest) = serde_json::from_value::<I>(json.clone()) else {
            return Err(first);
        };
        match validate(&rest) {
            Ok(valid) => return Ok(Split { valid, kept }),
            Err(more) => errors = more,
        }
    }
    Err(first)
}

/// Puts kept values back into an input (as JSON) where they were typed; a value whose
/// place no longer exists is left out.
pub fn restore(input: &mut serde_json::Value, kept: &[KeptValue]) {
    for k in kept {
        if let Some(slot) = input.pointer_mut(&k.pointer) {
            *slot = k.typed.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::sections::financial::FinancialInput;
    use crate::reports::sections::operational::{IndicatorInput, OperationalInput};

    fn kpi(actuals: &[&str]) -> OperationalInput {
        OperationalInput {
            period_end: "2026-09".into(),
            indicators: vec![IndicatorInput {
                reference: "K1".into(),
                target: "95".into(),
                floor: "90".into(),
                actuals: actuals.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_bad_month_is_kept_and_every_other_month_is_saved() {
        let mut months = vec!["96"; 12];
        months[3] = "n/a";
        let s = split(&kpi(&months), OperationalInput::validate).unwrap();
        assert_eq!(s.kept.len(), 1);
        let k = &s.kept[0];
        assert_eq!(k.field, "indicators.0.actuals.3");
        assert_eq!(k.pointer, "/indicators/0/actuals/3");
        assert_eq!(k.typed, serde_json::json!("n/a"));
        let actuals = &s.valid.indicators[0].actuals;
        assert_eq!(actuals[3], None);
        assert_eq!(actuals.iter().flatten().count(), 11);
    }

    #[test]
    fn a_value_hiding_a_second_rule_is_kept_in_a_later_round() {
        // The floor above the target is only found once the floor is a number.
        let mut input = kpi(&["96"; 12]);
        input.indicators[0].floor = "99".into();
        input.indicators[0].actuals[0] = "ninety".into();
        let s = split(&input, OperationalInput::validate).unwrap();
        let fields: Vec<_> = s.kept.iter().map(|k| k.field.as_str()).collect();
        assert_eq!(
            fields,
            ["indicators.0.floor", "indicators.0.actuals.0"],
            "both kept in one round: each rule is about one value"
        );
        assert_eq!(s.valid.indicators[0].floor, None);
        assert_eq!(s.valid.indicators[0].target, Some(95.0));
    }

    #[test]
    fn what_is_kept_goes_back_where_it_was_typed() {
        let mut input = FinancialInput {
            actual: vec!["100".into(); 12],
            ..Default::default()
        };
        input.actual[5] = "lots".into();
        let s = split(&input, FinancialInput::validate).unwrap();
        let mut json = serde_json::to_value(FinancialInput {
            actual: vec!["100".into(); 12],
            ..Default::default()
        })
        .unwrap();
        restore(&mut json, &s.kept);
        let back: FinancialInput = serde_json::from_value(json).unwrap();
        assert_eq!(back, input);
    }

    #[test]
    fn a_rule_about_a_whole_table_refuses_the_save() {
        let input = OperationalInput {
            indicators: vec![IndicatorInput::default(); 201],
            ..Default::default()
        };
        let errors = split(&input, OperationalInput::validate).unwrap_err();
        assert_eq!(errors[0].field, "indicators");
    }

    #[test]
    fn draft_names_and_sizes_are_checked() {
        let fields = serde_json::json!({"text": "Update the plan"});
        assert!(check_draft("review/12/action", &fields).is_ok());
        assert!(check_draft("meeting/new", &fields).is_ok());
        for bad in [
            "",
            "Review/1",
            "review//1",
            "../x",
            "12/action",
            "a/b/c/d/e/f",
            "r/ü",
        ] {
            assert_eq!(
                check_draft(bad, &fields).unwrap_err().field,
                "form",
                "{bad}"
            );
        }
        assert_eq!(
            check_draft("meeting/new", &serde_json::json!("text"))
                .unwrap_err()
                .field,
            "input"
        );
        let long = serde_json::json!({"text": "x".repeat(DRAFT_MAX_BYTES)});
        assert_eq!(
            check_draft("review/1/letter", &long).unwrap_err().field,
            "input"
        );
    }

    #[test]
    fn pointers_escape_as_rfc_6901_says() {
        assert_eq!(dotted_pointer("a/b.0.c~d"), "/a~1b/0/c~0d");
    }
}
