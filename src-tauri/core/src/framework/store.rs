//! Framework versions in the database.

use crate::framework::{Activity, Framework, LevelName, MaturityLevel};
use crate::kernel::error::{CoreError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use rusqlite::{params, OptionalExtension};
use std::collections::BTreeMap;

impl Store {
    /// Loads a framework version unless one with the same identifier is already stored.
    /// Returns true when it was loaded now. Stored versions are never changed, so old
    /// assessments keep the descriptors they were made against.
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
                "INSERT INTO framework_activity (framework_id, position, name, purpose) VALUES (?1, ?2, ?3, ?4)",
                params![f.version, position as i64, a.name, a.purpose],
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
        tx.commit()?;
        log::info!("loaded framework {}", f.version);
        Ok(true)
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
    pub fn framework(&self, version: &str) -> Result<Framework> {
        let head = self
            .conn
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
        let mut stmt = self.conn.prepare(
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
        let mut stmt = self.conn.prepare(
            "SELECT position, name, purpose FROM framework_activity WHERE framework_id = ?1 ORDER BY position",
        )?;
        let mut activities: Vec<(i64, Activity)> = stmt
            .query_map([version], |r| {
                Ok((
                    r.get(0)?,
                    Activity {
                        name: r.get(1)?,
                        purpose: r.get(2)?,
                        descriptors: BTreeMap::new(),
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
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

    #[test]
    fn a_revised_version_is_added_beside_the_old_one() {
        let mut s = Store::open_in_memory().unwrap();
        let mut revised = Framework::built_in();
        revised.version = "kcc-2019-01".into();
        revised.activities[0].descriptors.get_mut("1").unwrap()[0] = "Revised wording".into();
        assert!(s.ensure_framework(&revised).unwrap());
        assert_eq!(s.framework_versions().unwrap().len(), 2);
        assert_eq!(
            s.framework(BUILT_IN_VERSION).unwrap(),
            Framework::built_in()
        );
        assert_eq!(
            s.framework("kcc-2019-01").unwrap().activities[0].descriptors["1"][0],
            "Revised wording"
        );
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
