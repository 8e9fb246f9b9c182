//! How long the window took to start, step by step, for the log: the moments the window's
//! script saw, put beside the process's own start.
//!
//! A slow start on a council's machine can then be read from the log (where did the time
//! go: the page, its script, the data file, the first page of the register?) without a
//! build made for the purpose. `tests/e2e/measure-window.mjs` reads the same lines.

use cmm_api::{CoreError, FieldError};
use serde::Deserialize;
use specta::Type;

/// The most moments one start may report.
pub const MAX_MARKS: usize = 12;

/// One moment of the window's start as its script saw it.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct StartupMark {
    /// What had just happened, in a few words (1 to 40 characters): "script", "asked",
    /// "first page".
    pub name: String,
    /// When, in milliseconds since the window's page began loading (`performance.now()`).
    pub at_ms: f64,
}

/// The window's start as its script saw it.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct WindowStart {
    /// When the window's page began loading, in milliseconds since the Unix epoch
    /// (`performance.timeOrigin`): the same clock as the process's.
    pub page_origin_ms: f64,
    /// The moments, in the order they happened; at most [`MAX_MARKS`].
    pub marks: Vec<StartupMark>,
}

/// The log line for a start: `took_ms` from the process's start to the first screen being
/// ready, then each moment of the page, in milliseconds since the process started
/// (`process_start_ms`, since the Unix epoch).
///
/// Errors: `Validation` on `marks` for more than [`MAX_MARKS`] moments, a name empty or
/// over 40 characters, or a time that is not a number of milliseconds within ten minutes
/// of the page's start; on `page_origin_ms` when that is not a finite number.
pub fn describe(
    took_ms: f64,
    process_start_ms: f64,
    start: &WindowStart,
) -> Result<String, CoreError> {
    let mut errors = Vec::new();
    if !start.page_origin_ms.is_finite() {
        errors.push(FieldError::new(
            "page_origin_ms",
            "Must be a time in milliseconds",
        ));
    }
    if start.marks.len() > MAX_MARKS {
        errors.push(FieldError::new(
            "marks",
            format!("At most {MAX_MARKS} moments of a start are logged"),
        ));
    }
    let bad = |m: &StartupMark| {
        let n = m.name.chars().count();
        n == 0 || n > 40 || !(0.0..=600_000.0).contains(&m.at_ms)
    };
    if start.marks.iter().any(bad) {
        errors.push(FieldError::new(
            "marks",
            "Each moment needs a name of 1 to 40 characters and a time within ten minutes",
        ));
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let page = start.page_origin_ms - process_start_ms;
    let moments: Vec<String> = std::iter::once(format!("page {page:.0}"))
        .chain(
            start
                .marks
                .iter()
                .map(|m| format!("{} {:.0}", m.name, page + m.at_ms)),
        )
        .collect();
    Ok(format!(
        "first screen ready {took_ms:.0} ms after start (ms after start: {})",
        moments.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(name: &str, at_ms: f64) -> StartupMark {
        StartupMark {
            name: name.into(),
            at_ms,
        }
    }

    #[test]
    fn a_start_is_told_in_milliseconds_since_the_process_started() {
        let start = WindowStart {
            page_origin_ms: 1_000_150.0,
            marks: vec![mark("script", 40.4), mark("first page", 95.0)],
        };
        assert_eq!(
            describe(260.2, 1_000_000.0, &start).unwrap(),
            "first screen ready 260 ms after start (ms after start: page 150, script 190, first page 245)"
        );
    }

    #[test]
    fn moments_out_of_shape_are_refused_by_field() {
        let too_many = WindowStart {
            page_origin_ms: 0.0,
            marks: (0..=MAX_MARKS).map(|i| mark("x", i as f64)).collect(),
        };
        let nameless = WindowStart {
            page_origin_ms: f64::NAN,
            marks: vec![mark("", 1.0), mark("late", 700_000.0)],
        };
        for (start, fields) in [
            (too_many, vec!["marks"]),
            (nameless, vec!["page_origin_ms", "marks"]),
        ] {
            let Err(CoreError::Validation(errors)) = describe(1.0, 0.0, &start) else {
                panic!("refused");
            };
            let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(named, fields);
        }
    }
}
