//! Values in the sections' tables as people type them: numbers ("95%", "1,250") and text
//! with a length limit. Each refusal names the field and the rule.

use crate::kernel::error::FieldError;

/// Parses a number as people type it ("95", "95.5", "95%", "1,250"); empty is `None`.
pub(crate) fn parse_number(
    errors: &mut Vec<FieldError>,
    field: &str,
    label: &str,
    text: &str,
) -> Option<f64> {
    let t: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    if t.trim().is_empty() {
        return None;
    }
    match t.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() < 1e12 => Some(v),
        _ => {
            errors.push(FieldError::new(
                field,
                format!("{label} needs a number, like 95 or 95.5"),
            ));
            None
        }
    }
}

/// Text with a length limit; too long is refused.
pub(crate) fn limited(
    errors: &mut Vec<FieldError>,
    field: &str,
    label: &str,
    text: &str,
    max: usize,
) -> String {
    let t = text.trim();
    if t.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("{label} must be {max} characters or fewer"),
        ));
    }
    t.to_owned()
}
