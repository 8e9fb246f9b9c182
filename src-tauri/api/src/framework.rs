//! The maturity framework: the eight activities and five levels, as stored versions.

use crate::{DataFile, Result};

pub use cmm_core::framework::*;

/// A stored framework version: the built-in one when `version` is `None`.
///
/// Errors: `NotFound` for a version this data file does not hold.
pub fn framework(db: &DataFile, version: Option<&str>) -> Result<Framework> {
    db.store.framework(version.unwrap_or(BUILT_IN_VERSION))
}
