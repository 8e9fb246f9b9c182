//! The app's user in the database.

use crate::kernel::error::{CoreError, Result};
use crate::kernel::{now, write_transaction, Store};
use crate::user::{validate_screen, AppUser, AppUserInput, Role};
use rusqlite::{params, OptionalExtension};

impl Store {
    /// `None` until the person has said who they are.
    pub fn app_user(&self) -> Result<Option<AppUser>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT name, role FROM app_user WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(row.and_then(|(name, role)| Role::parse(&role).map(|role| AppUser { name, role })))
    }

    pub fn save_app_user(&mut self, input: &AppUserInput) -> Result<AppUser> {
        let user = input.validate().map_err(CoreError::Validation)?;
        self.conn.execute(
            "INSERT INTO app_user (id, name, role, updated_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, updated_at = excluded.updated_at",
            params![user.name, user.role.as_str(), now()],
        )?;
        Ok(user)
    }

    /// The screen the window last showed (see [`validate_screen`]), to reopen it after a
    /// restart; `None` until the person has moved from their home screen.
    pub fn last_screen(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM app_setting WHERE key = 'last_screen'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Keeps the screen the window shows now, to reopen it after a restart.
    ///
    /// Errors: `Validation` on `screen` (see [`validate_screen`]); nothing is changed.
    pub fn remember_screen(&mut self, screen: &str) -> Result<()> {
        validate_screen(screen).map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        tx.execute(
            "INSERT INTO app_setting (key, value) VALUES ('last_screen', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [screen],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_is_asked_once_and_can_change_role() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.app_user().unwrap(), None);
        s.save_app_user(&AppUserInput {
            name: "Clare".into(),
            role: Some(Role::ContractOwner),
        })
        .unwrap();
        s.save_app_user(&AppUserInput {
            name: "Clare".into(),
            role: Some(Role::ReviewGroupMember),
        })
        .unwrap();
        assert_eq!(s.app_user().unwrap().unwrap().role, Role::ReviewGroupMember);
        assert!(s.save_app_user(&AppUserInput::default()).is_err());
        assert_eq!(s.app_user().unwrap().unwrap().name, "Clare");
    }

    #[test]
    fn the_last_screen_is_kept_and_a_bad_one_changes_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.last_screen().unwrap(), None);
        s.remember_screen(r#"{"kind":"report","reportId":3}"#)
            .unwrap();
        s.remember_screen(r#"{"kind":"evidence","reportId":3}"#)
            .unwrap();
        let err = s.remember_screen("not json").unwrap_err();
        assert_eq!(
            err.code(),
            crate::kernel::error::ErrorCode::ValidationFailed
        );
        assert_eq!(
            s.last_screen().unwrap().as_deref(),
            Some(r#"{"kind":"evidence","reportId":3}"#)
        );
    }
}
