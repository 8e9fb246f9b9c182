//! Who is using the app, and their role.

use crate::{DataFile, Result};

pub use cmm_core::user::*;

/// Says who is using the app (asked on first start; can be changed).
pub fn save_app_user(db: &mut DataFile, input: &AppUserInput) -> Result<AppUser> {
    db.store.save_app_user(input)
}

/// Who is using the app, once they have said (asked on first start).
pub fn app_user(db: &DataFile) -> Result<Option<AppUser>> {
    db.store.app_user()
}

/// The screen the window last showed, to reopen it after a restart.
pub fn last_screen(db: &DataFile) -> Result<Option<String>> {
    db.store.last_screen()
}

/// Keeps the screen the window shows now (a JSON object with its `kind`), to reopen it
/// after a restart. Errors: `Validation` on `screen`.
pub fn remember_screen(db: &mut DataFile, screen: &str) -> Result<()> {
    db.store.remember_screen(screen)
}
