//! The schema's migrations: SQL files embedded in order, each followed by SQLite's foreign
//! key check. A shipped migration is never edited; add the next file.

use rusqlite_migration::{Migrations, M};

/// Embedded migrations, applied in order inside one transaction. Never edit a shipped one.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_maturity_report.sql"),
    include_str!("../../migrations/0003_attestation.sql"),
    include_str!("../../migrations/0004_report_section.sql"),
    include_str!("../../migrations/0005_app_user.sql"),
    include_str!("../../migrations/0006_section_to_confirm.sql"),
    include_str!("../../migrations/0007_evidence_and_seal.sql"),
    include_str!("../../migrations/0008_review.sql"),
    include_str!("../../migrations/0009_contract_register.sql"),
    include_str!("../../migrations/0010_priority.sql"),
    include_str!("../../migrations/0011_forward_plan.sql"),
    include_str!("../../migrations/0012_level_indexes.sql"),
    include_str!("../../migrations/0013_kept_values_and_drafts.sql"),
    include_str!("../../migrations/0014_rolling_contracts.sql"),
    include_str!("../../migrations/0015_evidence_parts.sql"),
    include_str!("../../migrations/0016_framework_revisions.sql"),
    include_str!("../../migrations/0017_open_contracting.sql"),
    include_str!("../../migrations/0018_organisation.sql"),
    include_str!("../../migrations/0019_one_list_of_meetings.sql"),
    include_str!("../../migrations/0020_owner_history.sql"),
];

/// Every migration, each followed by SQLite's foreign key check: migrations run with
/// foreign keys off, so that a table can be rebuilt (0014) without its rows' children
/// being deleted with it, and a migration that leaves a broken reference fails whole.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    )
}

/// The schema version this build writes (SQLite `user_version`).
pub fn latest_schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}
