//! The application layer: every use case of the desktop window and of `cmm`, written once.
//!
//! A Tauri command or a `cmm` subcommand is a few lines of adapter over a function here:
//! it asks its questions (a dialog, a flag), calls one function, and says what happened.
//! Those functions open nothing themselves: they take the open [`DataFile`] and call the
//! store (`cmm-core`), the PDF renderer (`cmm-pack`) and the spreadsheet reader
//! (`cmm-register`). The window and `cmm` reach those crates only through here, so a
//! rule about naming a file, choosing a format or paging a list is kept in one place.
//!
//! One module per feature, named as the core names it: `contracts`, `framework`, `kept`,
//! `reports`, `review`, `programme`, `user`; and `data_file` (opening the file) and
//! `files` (naming and writing what is exported). Each re-exports its feature's types
//! from the core, so a front end names every type by its feature.

pub mod contracts;
pub mod data_file;
pub mod files;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod framework;
pub mod kept;
pub mod organisation;
pub mod programme;
pub mod reports;
pub mod review;
pub mod user;

/// "1 contract", "10,000 contracts": counts as messages write them.
pub use cmm_core::kernel::money::counted;
pub use cmm_core::{CoreError, ErrorCode, ErrorReply, FieldError, Result};
pub use data_file::DataFile;

/// Today's date where the computer is: what "overdue", "upcoming" and a pack's date are
/// measured against.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
