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
    /// Runs the review group's business: meetings, agendas, scores and actions.
    Secretariat,
    Commissioner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ContractOwner => "contract_owner",
            Role::ReviewGroupMember => "review_group_member",
            Role::Secretariat => "secretariat",
            Role::Commissioner => "commissioner",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::ContractOwner,
            Role::ReviewGroupMember,
            Role::Secretariat,
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
                "Choose what you do: contract owner, review sub-group member, review group secretariat or commissioner",
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

/// The longest screen the window may ask to be reopened at, in bytes of its JSON.
pub const MAX_SCREEN_BYTES: usize = 2_000;

/// Checks a screen the window names, to reopen it after a restart: a JSON object whose
/// `kind` is a screen's name (lower-case letters and hyphens, 1 to 40 of them), at most
/// [`MAX_SCREEN_BYTES`] long. What the rest means is the window's (`ui/src/shared/view.ts`).
///
/// Errors: one `FieldError` on `screen` naming the rule broken.
pub fn validate_screen(screen: &str) -> Result<(), Vec<FieldError>> {
    let refuse = |why: &str| Err(vec![FieldError::new("screen", why)]);
    if screen.len() > MAX_SCREEN_BYTES {
        return refuse(&format!(
            "A screen to reopen is named in at most {MAX_SCREEN_BYTES} characters"
        ));
    }
    let kind = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(screen)
        .ok()
        .and_then(|m| m.get("kind").and_then(|k| k.as_str()).map(str::to_owned));
    match kind {
        Some(k)
            if (1..=40).contains(&k.len())
                && k.chars().all(|c| c.is_ascii_lowercase() || c == '-') =>
        {
            Ok(())
        }
        _ => refuse("A screen to reopen is a JSON object with the screen's kind"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_screen_to_reopen_names_its_kind_and_is_short() {
        assert!(validate_screen(r#"{"kind":"report","reportId":12}"#).is_ok());
        for bad in [
            "",
            "report",
            "[1]",
            r#"{"reportId":12}"#,
            r#"{"kind":"Report"}"#,
            r#"{"kind":""}"#,
        ] {
            let e = validate_screen(bad).unwrap_err();
            assert_eq!(e[0].field, "screen", "{bad}");
        }
        let long = format!(
            r#"{{"kind":"report","x":"{}"}}"#,
            "a".repeat(MAX_SCREEN_BYTES)
        );
        assert!(validate_screen(&long).unwrap_err()[0]
            .message
            .contains("2000"));
    }

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
