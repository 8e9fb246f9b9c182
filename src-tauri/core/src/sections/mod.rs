//! The table-shaped sections of the maturity report. Each has an `…Input` struct (what
//! the form sends, numbers and dates as typed), a validated struct that is stored as one
//! JSON document per section, and a view with the computed values the council uses.

pub mod operational;
pub mod risk;
pub mod schema;

use crate::error::FieldError;

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
                format!("{label} must be a number, like 95 or 95.5"),
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
