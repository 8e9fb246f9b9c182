//! The app's user in the database.

use crate::kernel::error::{CoreError, Result};
use crate::kernel::{now, Store};
use crate::user::{AppUser, AppUserInput, Role};
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
}
