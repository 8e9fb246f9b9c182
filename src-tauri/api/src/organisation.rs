//! The council's names: chosen on first start, changeable in the council's settings, and
//! put into the template's wording, the packs and the feedback letter.

use crate::{DataFile, Result};

pub use cmm_core::organisation::*;

/// The council's names (Kent County Council's, from its papers, until chosen).
pub fn organisation(db: &DataFile) -> Result<Organisation> {
    db.store.organisation()
}

/// The council's names once chosen; `None` on a new data file, when first start asks.
pub fn chosen_organisation(db: &DataFile) -> Result<Option<Organisation>> {
    db.store.chosen_organisation()
}

/// Keeps the council's names. Errors: `Validation` naming each field and rule broken;
/// nothing is changed.
pub fn save_organisation(db: &mut DataFile, input: &OrganisationInput) -> Result<Organisation> {
    db.store.save_organisation(input)
}
