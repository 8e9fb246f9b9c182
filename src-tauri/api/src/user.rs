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
