//! Framework versions in the database: loading, reading back, listing and adopting.

use crate::framework::{
    Activity, ActivityRef, Framework, FrameworkLoaded, FrameworkVersionSummary, LevelName,
    MaturityLevel,
};
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::BTreeMap;

pub(crate) fn insert_framework(tx: &Transaction, f: &Framework) -> Result<()> {
    tx.execute(
        "INSERT INTO framework_version (id, title, issued, source, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![f.version, f.title, f.date, f.source, now()],
    )?;
    for l in &f.levels {
        tx.execute(
            "INSERT INTO framework_level (framework_id, level, name) VALUES (?1, ?2, ?3)",
            params![f.version, l.level.get(), l.name],
        )?;
    }
    for (i, a) in f.activities.iter().enumerate() {
        let position = i + 1;
        tx.execute(
            "INSERT INTO framework_activity (framework_id, position, key, name, purpose) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![f.version, position as i64, a.key, a.name, a.purpose],
        )?;
        for level in MaturityLevel::ALL {
            for (j, text) in a.descriptors_at(level).iter().enumerate() {
                tx.execute(
                    "INSERT INTO framework_descriptor (framework_id, activity, level, position, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![f.version, position as i64, level.get(), (j + 1) as i64, text],
                )?;
            }
        }
    }
    Ok(())
}

/// The activities of framework `version`, in its order.
pub(crate) fn framework_activities(
    conn: &rusqlite::Connection,
    version: &str,
) -> Result<Vec<ActivityRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, key, name FROM framework_activity WHERE framework_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([version], |r| {
            Ok(ActivityRef {
                activity: r.get(0)?,
                key: r.get(1)?,
                name: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The framework version report `report_id` was made on; `None` for a report that does
/// not exist.
fn report_framework_if_any(conn: &rusqlite::Connection, report_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT framework_id FROM maturity_report WHERE id = ?1",
            [report_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The framework version report `report_id` was made on, e.g. `kcc-2016-09`.
///
/// Errors: `NotFound` ("Maturity report") for a report that does not exist.
pub(crate) fn report_framework(conn: &rusqlite::Connection, report_id: i64) -> Result<String> {
    report_framework_if_any(conn, report_id)?.ok_or_else(|| CoreError::NotFound {
        what: "Maturity report",
        key: report_id.to_string(),
    })
}

/// The activities of the framework report `report_id` was made on, in its order; empty
/// for a report that does not exist.
pub(crate) fn report_activities(
    conn: &rusqlite::Connection,
    report_id: i64,
) -> Result<Vec<ActivityRef>> {
    match report_framework_if_any(conn, report_id)? {
        Some(v) => framework_activities(conn, &v),
        None => Ok(Vec::new()),
    }
}

impl Store {
    /// Loads the built-in framework version unless it is already stored, and adopts it
    /// when no version is adopted (a new data file). Returns true when it was loaded now.
    /// Stored versions are never changed, so old assessments keep the descriptors they
    /// were made against.
    pub fn ensure_framework(&mut self, f: &Framework) -> Result<bool> {
        // A plain read first: at every opening the version is there, and a read does not
        // wait behind another program's write as a write transaction would.
        let stored: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM framework_version WHERE id = ?1)",
            [&f.version],
            |r| r.get(0),
        )?;
        if stored {
            return Ok(false);
        }
        let tx = write_transaction(&mut self.conn)?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM framework_version WHERE id = ?1)",
            [&f.version],
            |r| r.get(0),
        )?;
        if exists {
            return Ok(false);
        }
        insert_framework(&tx, f)?;
        tx.execute(
            "UPDATE framework_version SET adopted_at = loaded_at, adoption = 1 WHERE id = ?1
               AND NOT EXISTS (SELECT 1 FROM framework_version WHERE adoption IS NOT NULL)",
            [&f.version],
        )?;
        tx.commit()?;
        log::info!("loaded framework {}", f.version);
        Ok(true)
    }

    /// Loads a framework version (already checked: [`Framework::from_json`]) without
    /// adopting it.
    ///
    /// Errors: `Validation` on the field `version` when a different framework is already
    /// stored under the same identifier: a stored version is never changed, so a revision
    /// needs an identifier of its own.
    pub fn load_framework(&mut self, f: &Framework) -> Result<FrameworkLoaded> {
        let problems = f.problems();
        if !problems.is_empty() {
            return Err(CoreError::Validation(problems));
        }
        if self.is_framework_stored(f)? {
            return Ok(FrameworkLoaded::AlreadyStored);
        }
        let tx = write_transaction(&mut self.conn)?;
        insert_framework(&tx, f)?;
        tx.commit()?;
        log::info!("loaded framework {} (not adopted)", f.version);
        Ok(FrameworkLoaded::Loaded)
    }

    /// Whether `f` is already stored, word for word (its source note aside).
    ///
    /// Errors: `Validation` on the field `version` when a different framework is stored
    /// under its identifier: a stored version is never changed, so a revision needs an
    /// identifier of its own.
    pub fn is_framework_stored(&self, f: &Framework) -> Result<bool> {
        let mut stored = match self.framework(&f.version) {
            Ok(stored) => stored,
            Err(CoreError::NotFound { .. }) => return Ok(false),
            Err(e) => return Err(e),
        };
        stored.source.clone_from(&f.source);
        if stored == *f {
            Ok(true)
        } else {
            Err(CoreError::Validation(vec![FieldError::new(
                "version",
                format!("A different framework is already stored as version \"{}\". A stored version is never changed, so that reports made on it keep their wording: give the revision a version of its own, such as \"{}-rev2\".", f.version, f.version),
            )]))
        }
    }

    /// Makes `version` the one new reports use. Reports already started, and every sealed
    /// report, keep the version they were made on.
    ///
    /// Errors: `NotFound` for a version this data file does not hold.
    pub fn adopt_framework(&mut self, version: &str) -> Result<()> {
        let tx = write_transaction(&mut self.conn)?;
        let n = tx.execute(
            "UPDATE framework_version SET adopted_at = ?2,
               adoption = (SELECT COALESCE(MAX(adoption), 0) + 1 FROM framework_version)
             WHERE id = ?1",
            params![version, now()],
        )?;
        if n == 0 {
            return Err(CoreError::NotFound {
                what: "Framework version",
                key: version.to_owned(),
            });
        }
        tx.commit()?;
        log::info!("adopted framework {version}");
        Ok(())
    }

    /// The version new reports use: the one adopted last.
    ///
    /// Errors: `Unavailable` when no version is adopted (a data file being made).
    pub fn adopted_framework(&self) -> Result<String> {
        adopted_version(&self.conn)
    }

    /// The stored framework versions, in the order they were loaded.
    pub fn framework_version_list(&self) -> Result<Vec<FrameworkVersionSummary>> {
        let in_use = self.adopted_framework().ok();
        let mut stmt = self.conn.prepare(
            "SELECT v.id, v.title, v.issued, v.loaded_at, v.adopted_at,
                    (SELECT count(*) FROM framework_activity a WHERE a.framework_id = v.id),
                    (SELECT count(*) FROM maturity_report r WHERE r.framework_id = v.id)
             FROM framework_version v ORDER BY v.loaded_at, v.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let version: String = r.get(0)?;
                Ok(FrameworkVersionSummary {
                    in_use: in_use.as_deref() == Some(version.as_str()),
                    version,
                    title: r.get(1)?,
                    date: r.get(2)?,
                    loaded_at: r.get(3)?,
                    adopted_at: r.get(4)?,
                    activities: r.get(5)?,
                    reports: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Identifiers of the stored framework versions, oldest first.
    pub fn framework_versions(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM framework_version ORDER BY loaded_at, id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Reads a stored framework version back from the database.
    ///
    /// Errors: `NotFound` for a version this data file does not hold.
    pub fn framework(&self, version: &str) -> Result<Framework> {
        stored_framework(&self.conn, version)
    }
}

/// The version new reports use: the one adopted last.
///
/// Errors: `Unavailable` when no version is adopted (a data file being made).
pub(crate) fn adopted_version(conn: &rusqlite::Connection) -> Result<String> {
    conn.query_row(
        "SELECT id FROM framework_version WHERE adoption IS NOT NULL
             ORDER BY adoption DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| CoreError::Unavailable("no framework is adopted".into()))
}

/// Reads a stored framework version back from the database.
pub(crate) fn stored_framework(conn: &rusqlite::Connection, version: &str) -> Result<Framework> {
    let head = conn
        .query_row(
            "SELECT title, issued, source FROM framework_version WHERE id = ?1",
            [version],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: "Framework version",
            key: version.to_owned(),
        })?;
    let mut stmt = conn.prepare(
        "SELECT level, name FROM framework_level WHERE framework_id = ?1 ORDER BY level",
    )?;
    let levels = stmt
        .query_map([version], |r| {
            let n: u8 = r.get(0)?;
            Ok(LevelName {
                level: MaturityLevel::new(n)
                    .ok_or(rusqlite::Error::IntegralValueOutOfRange(0, n.into()))?,
                name: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT position, key, name, purpose FROM framework_activity WHERE framework_id = ?1 ORDER BY position",
    )?;
    let mut activities: Vec<(i64, Activity)> = stmt
        .query_map([version], |r| {
            Ok((
                r.get(0)?,
                Activity {
                    key: r.get(1)?,
                    name: r.get(2)?,
                    purpose: r.get(3)?,
                    descriptors: BTreeMap::new(),
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT activity, level, text FROM framework_descriptor WHERE framework_id = ?1 ORDER BY activity, level, position",
    )?;
    let rows = stmt.query_map([version], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (activity, level, text) = row?;
        if let Some((_, a)) = activities.iter_mut().find(|(p, _)| *p == activity) {
            a.descriptors
                .entry(level.to_string())
                .or_default()
                .push(text);
        }
    }
    Ok(Framework {
        version: version.to_owned(),
        title: head.0,
        date: head.1,
        source: head.2,
        levels,
        activities: activities.into_iter().map(|(_, a)| a).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::BUILT_IN_VERSION;

    #[test]
    fn built_in_framework_is_loaded_once_and_reads_back_identically() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.framework_versions().unwrap(), [BUILT_IN_VERSION]);
        assert!(!s.ensure_framework(&Framework::built_in()).unwrap());
        assert_eq!(
            s.framework(BUILT_IN_VERSION).unwrap(),
            Framework::built_in()
        );
    }

    fn revised() -> Framework {
        let mut f = Framework::built_in();
        f.version = "kcc-2027-04".into();
        f.date = "April 2027".into();
        f.activities[0].descriptors.get_mut("1").unwrap()[0] = "Revised wording".into();
        f
    }

    #[test]
    fn a_revised_version_is_added_beside_the_old_one_and_not_adopted_until_asked() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.adopted_framework().unwrap(), BUILT_IN_VERSION);
        assert_eq!(
            s.load_framework(&revised()).unwrap(),
            FrameworkLoaded::Loaded
        );
        assert_eq!(s.framework_versions().unwrap().len(), 2);
        assert_eq!(s.adopted_framework().unwrap(), BUILT_IN_VERSION);
        assert_eq!(
            s.framework(BUILT_IN_VERSION).unwrap(),
            Framework::built_in()
        );
        assert_eq!(s.framework("kcc-2027-04").unwrap(), revised());

        s.adopt_framework("kcc-2027-04").unwrap();
        assert_eq!(s.adopted_framework().unwrap(), "kcc-2027-04");
        let list = s.framework_version_list().unwrap();
        let in_use: Vec<_> = list
            .iter()
            .map(|v| (v.version.as_str(), v.in_use))
            .collect();
        assert_eq!(in_use, [(BUILT_IN_VERSION, false), ("kcc-2027-04", true)]);
        assert_eq!(list[1].activities, 8);

        // Going back is adopting the older version again.
        s.adopt_framework(BUILT_IN_VERSION).unwrap();
        assert_eq!(s.adopted_framework().unwrap(), BUILT_IN_VERSION);
    }

    #[test]
    fn a_stored_version_is_never_changed() {
        let mut s = Store::open_in_memory().unwrap();
        s.load_framework(&revised()).unwrap();
        assert_eq!(
            s.load_framework(&revised()).unwrap(),
            FrameworkLoaded::AlreadyStored
        );
        let mut other = revised();
        other.activities[1].name = "Our people".into();
        let Err(CoreError::Validation(e)) = s.load_framework(&other) else {
            panic!("a different framework under a stored version must be refused");
        };
        assert_eq!(e[0].field, "version");
        assert_eq!(s.framework("kcc-2027-04").unwrap(), revised());
        let mut bad = revised();
        bad.version = "kcc-2027-05".into();
        bad.activities[2].key = "people".into();
        assert!(matches!(
            s.load_framework(&bad),
            Err(CoreError::Validation(_))
        ));
        assert_eq!(s.framework_versions().unwrap().len(), 2);
    }

    #[test]
    fn adopting_an_unknown_version_is_not_found() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(matches!(
            s.adopt_framework("nope"),
            Err(CoreError::NotFound { .. })
        ));
        assert_eq!(s.adopted_framework().unwrap(), BUILT_IN_VERSION);
    }

    #[test]
    fn unknown_version_is_not_found() {
        let s = Store::open_in_memory().unwrap();
        assert!(matches!(
            s.framework("nope"),
            Err(CoreError::NotFound { .. })
        ));
    }
}
