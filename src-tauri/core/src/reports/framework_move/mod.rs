//! Moving a draft report to the framework version now adopted. A report keeps the version
//! it was started on (a carried-forward one, its previous report's) until its owner moves
//! it, confirming each activity the revision adds or changes. Its answers follow their
//! activities by key; those of activities the revision retires are dropped, and files
//! attached to them are kept, attached to Section 2.

pub(crate) mod store;

use crate::framework::compare::FrameworkDiff;
use serde::Serialize;
use specta::Type;

/// What moving a report to the adopted framework version would change: the differences,
/// and which of them its owner must confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FrameworkMove {
    pub report_id: i64,
    /// The report's version and the adopted one; the same when there is nothing to move.
    pub from: String,
    pub to: String,
    pub differences: FrameworkDiff,
    /// The keys of the activities to confirm: added or changed by the revision.
    pub to_confirm: Vec<String>,
    /// Whether the report can move: a draft on an older version.
    pub can_move: bool,
}
