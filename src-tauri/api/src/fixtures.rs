//! Data to try the app with and to measure it by: the example report and a made-up
//! programme at a council's scale (`cmm load-example`, `cmm load-programme`).

use crate::{today, DataFile, Result};

pub use cmm_core::fixtures::generate::{Made, Scale};

/// Adds the example report (three facilities management contracts, signed, with 60
/// evidence files). Returns its id and title.
pub fn load_example(db: &mut DataFile) -> Result<(i64, String)> {
    let id = cmm_core::fixtures::Fixture::large().load(&mut db.store)?;
    Ok((id, db.store.report(id)?.title))
}

/// Fills an empty data file with a made-up programme of `scale`, dated around today.
///
/// Errors: `Validation` when the data file already has a contract.
pub fn load_programme(db: &mut DataFile, scale: Scale) -> Result<Made> {
    cmm_core::fixtures::generate::programme(&mut db.store, scale, today())
}
