//! Contract management maturity: the domain, the framework and the store.
//!
//! This crate has no Tauri dependency. The desktop shell (`cmm-app`), the command-line
//! tool and the benchmarks all call it.

pub mod attestation;
pub mod contract;
pub mod dates;
pub mod error;
pub mod evidence;
pub mod fixtures;
pub mod framework;
pub mod generate;
pub mod kept;
pub mod money;
pub mod performance;
pub mod plan;
pub mod portfolio;
pub mod priority;
pub mod report;
pub mod review;
pub mod seal;
pub mod sections;
pub mod store;
pub mod submission;
pub mod tasks;
pub mod user;

pub use error::{CoreError, ErrorCode, ErrorReport, FieldError, Result};
pub use store::Store;

/// The rows a page of a long list holds for the `limit` asked: 0 means the usual 50, and no
/// page holds more than 500.
pub(crate) fn page_size(limit: u32) -> u32 {
    match limit {
        0 => 50,
        n => n.min(500),
    }
}
