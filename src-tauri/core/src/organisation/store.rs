//! The council's names in the database: one row, `organisation`.

use crate::kernel::error::{CoreError, Result};
use crate::kernel::{now, write_transaction, Store};
use crate::organisation::{Addressee, Organisation, OrganisationInput};
use rusqlite::{params, Connection, OptionalExtension};

/// The council's names as chosen, or `None` before anyone has chosen them.
pub(crate) fn chosen(conn: &Connection) -> Result<Option<Organisation>> {
    let row = conn
        .query_row(
            "SELECT name, short_name, board, committee, letter_to, signed_by_name, signed_by_role
             FROM organisation WHERE id = 1",
            [],
            |r| {
                Ok((
                    Organisation {
                        name: r.get(0)?,
                        short_name: r.get(1)?,
                        board: r.get(2)?,
                        committee: r.get(3)?,
                        letter_to: Vec::new(),
                        signed_by: Addressee {
                            name: r.get(5)?,
                            role: r.get(6)?,
                        },
                    },
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(mut o, letter_to)| {
        o.letter_to = serde_json::from_str(&letter_to)?;
        Ok(o)
    })
    .transpose()
}

/// The council's names: as chosen, or, before they are, the defaults from Kent County
/// Council's papers ([`Organisation::papers`]).
pub(crate) fn organisation(conn: &Connection) -> Result<Organisation> {
    Ok(chosen(conn)?.unwrap_or_else(Organisation::papers))
}

impl Store {
    /// The council's names (the papers' defaults until chosen).
    pub fn organisation(&self) -> Result<Organisation> {
        organisation(&self.conn)
    }

    /// The council's names once chosen; `None` on a new data file, when first start asks.
    pub fn chosen_organisation(&self) -> Result<Option<Organisation>> {
        chosen(&self.conn)
    }

    /// Keeps the council's names. Reports already signed keep the names they were signed
    /// with; drafts, screens and documents made from now on use these.
    ///
    /// Errors: `Validation` naming each field and rule broken; nothing is changed.
    pub fn save_organisation(&mut self, input: &OrganisationInput) -> Result<Organisation> {
        let o = input.validate().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        tx.execute(
            "INSERT INTO organisation (id, name, short_name, board, committee, letter_to,
                                       signed_by_name, signed_by_role, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name,
                 short_name = excluded.short_name, board = excluded.board,
                 committee = excluded.committee, letter_to = excluded.letter_to,
                 signed_by_name = excluded.signed_by_name,
                 signed_by_role = excluded.signed_by_role, updated_at = excluded.updated_at",
            params![
                o.name,
                o.short_name,
                o.board,
                o.committee,
                serde_json::to_string(&o.letter_to)?,
                o.signed_by.name,
                o.signed_by.role,
                now()
            ],
        )?;
        tx.commit()?;
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_has_the_papers_names_until_they_are_chosen() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.chosen_organisation().unwrap(), None);
        assert_eq!(s.organisation().unwrap(), Organisation::papers());
        let mut input = OrganisationInput::from(&Organisation::papers());
        input.name = "Borsetshire County Council".into();
        input.short_name = "BCC".into();
        input.letter_to[0].name = "Ann Lee".into();
        let saved = s.save_organisation(&input).unwrap();
        assert_eq!(s.chosen_organisation().unwrap(), Some(saved.clone()));
        assert_eq!(saved.letter_to[0].line(), "Ann Lee, Corporate Director");
        input.name = String::new();
        assert!(s.save_organisation(&input).is_err());
        assert_eq!(
            s.organisation().unwrap(),
            saved,
            "a refused change changes nothing"
        );
    }
}
