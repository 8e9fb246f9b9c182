//! Contract management maturity: the domain, the framework and the store.
//!
//! This crate has no Tauri dependency. The desktop shell (`cmm-app`), the command-line
//! tool and the benchmarks all call it. Each feature is a folder with its types and rules
//! in `mod.rs` and its SQL in `store.rs`; `kernel` holds what every feature stands on.

pub mod kernel;

pub mod contracts;
pub mod framework;
pub mod kept;
pub mod organisation;
pub mod programme;
pub mod reports;
pub mod review;
pub mod user;

mod data_file;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
#[cfg(test)]
mod test_support;

pub use kernel::error::{CoreError, ErrorCode, ErrorReply, FieldError, Result};
pub use kernel::Store;
