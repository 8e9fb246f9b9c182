//! Who is using the app: their name and role, asked on first start. The role decides what
//! the home screen shows first; it is not a permission (one desk, one person).

pub(crate) mod store;

use crate::kernel::error::FieldError;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ContractOwner,
    ReviewGroupMember,
    Commissioner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ContractOwner => "contract_owner",
            Role::ReviewGroupMember => "review_group_member",
            Role::Commissioner => "commissioner",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::ContractOwner,
            Role::ReviewGroupMember,
            Role::Commissioner,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AppUser {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AppUserInput {
    pub name: String,
    pub role: Option<Role>,
}

impl AppUserInput {
    pub fn validate(&self) -> Result<AppUser, Vec<FieldError>> {
        let mut e = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            e.push(FieldError::new("name", "Enter your name"));
        } else if name.chars().count() > 200 {
            e.push(FieldError::new(
                "name",
                "Your name must be 200 characters or fewer",
            ));
        }
        if self.role.is_none() {
            e.push(FieldError::new(
                "role",
                "Choose what you do: contract owner, review sub-group member or commissioner",
            ));
        }
        match (e.is_empty(), self.role) {
            (true, Some(role)) => Ok(AppUser {
                name: name.to_owned(),
                role,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_and_a_role_are_both_needed() {
        let errs = AppUserInput::default().validate().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "role"]);
        let ok = AppUserInput {
            name: " Emma Mitchell ".into(),
            role: Some(Role::Commissioner),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.name, "Emma Mitchell");
        assert_eq!(Role::parse(ok.role.as_str()), Some(Role::Commissioner));
    }
}
