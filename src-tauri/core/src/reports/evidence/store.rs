//! Evidence files in the database: streamed in and out a chunk at a time with SQLite's
//! incremental blob I/O, stored once per distinct SHA-256, linked to a report's items.

use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::{now, Store};
use crate::reports::evidence::{
    copy_chunked, hash_reader, validate_description, validate_limit_mb, Annex, Completeness,
    EvidenceItem, EvidenceTarget, HashingWriter, IncompleteSection, DEFAULT_LIMIT_MB,
};
use crate::reports::seal::EvidenceRecord;
use crate::reports::TaskState;
use rusqlite::blob::ZeroBlob;
use rusqlite::{params, Connection, OptionalExtension, Transaction, MAIN_DB};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const LIMIT_KEY: &str = "evidence_limit_mb";

/// The report an attached file belongs to.
fn report_of_evidence(conn: &Connection, evidence_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT report_id FROM evidence WHERE id = ?1",
        [evidence_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| evidence_not_found(evidence_id))
}

fn evidence_not_found(id: i64) -> CoreError {
    CoreError::NotFound {
        what: "Evidence file",
        key: id.to_string(),
    }
}

pub(crate) fn evidence_of(conn: &Connection, report_id: i64) -> Result<Vec<EvidenceItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, target_kind, target_number, target_row, file_name, description, size, sha256, added_at
         FROM evidence WHERE report_id = ?1
         ORDER BY CASE target_kind WHEN 'annex' THEN 0 WHEN 'activity' THEN 1 WHEN 'section' THEN 2 ELSE 3 END,
                  target_number, target_row, id",
    )?;
    let rows = stmt.query_map([report_id], |r| {
        let kind: String = r.get(1)?;
        let target =
            EvidenceTarget::from_columns(&kind, r.get(2)?, r.get(3)?).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    format!(
                        "evidence {} has an unknown target",
                        r.get::<_, i64>(0).unwrap_or(0)
                    )
                    .into(),
                )
            })?;
        Ok(EvidenceItem {
            id: r.get(0)?,
            target_label: target.describe(),
            target,
            file_name: r.get(4)?,
            description: r.get(5)?,
            size: r.get::<_, i64>(6)? as u64,
            sha256: r.get(7)?,
            added_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Puts `size` bytes read from `reader` into the blob store under `sha256`, checking
/// the bytes really have that hash as they stream in. Content already stored is not
/// written twice, but is still read through and checked. Returns false when the bytes
/// do not match (the caller's transaction must then be rolled back).
pub(crate) fn put_blob(
    tx: &Transaction<'_>,
    sha256: &str,
    size: u64,
    mut reader: impl Read,
) -> Result<bool> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM evidence_blob WHERE sha256 = ?1)",
        [sha256],
        |r| r.get(0),
    )?;
    if exists {
        let (h, n) = hash_reader(reader.take(size + 1))?;
        return Ok(h == sha256 && n == size);
    }
    let len = i32::try_from(size).map_err(|_| CoreError::EvidenceTooLarge {
        file: "The file".into(),
        size_mb: mb(size),
        limit_mb: crate::reports::evidence::MAX_LIMIT_MB,
    })?;
    tx.execute(
        "INSERT INTO evidence_blob (sha256, size, added_at, content) VALUES (?1, ?2, ?3, ?4)",
        params![sha256, size as i64, now(), ZeroBlob(len)],
    )?;
    let rowid = tx.last_insert_rowid();
    let blob = tx.blob_open(MAIN_DB, "evidence_blob", "content", rowid, false)?;
    let mut writer = HashingWriter::new(blob);
    let written = copy_chunked(reader.by_ref().take(size), &mut writer)?;
    let more = reader.read(&mut [0u8; 1])? > 0;
    Ok(written == size && !more && writer.finish() == sha256)
}

/// Streams the stored content with this hash into `out`; returns the bytes written.
pub(crate) fn read_blob(conn: &Connection, sha256: &str, out: impl Write) -> Result<u64> {
    let rowid: i64 = conn
        .query_row(
            "SELECT id FROM evidence_blob WHERE sha256 = ?1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: "Stored evidence content",
            key: sha256.to_owned(),
        })?;
    let blob = conn.blob_open(MAIN_DB, "evidence_blob", "content", rowid, true)?;
    Ok(copy_chunked(blob, out)?)
}

/// The SHA-256 of the stored content as it is now, recomputed from its bytes.
pub(crate) fn rehash_blob(conn: &Connection, sha256: &str) -> Result<Option<String>> {
    let mut sink = HashingWriter::new(std::io::sink());
    match read_blob(conn, sha256, &mut sink) {
        Ok(_) => Ok(Some(sink.finish())),
        Err(CoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes stored content nothing refers to any more.
pub(crate) fn drop_unreferenced_blobs(tx: &Transaction<'_>) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM evidence_blob WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.sha256 = evidence_blob.sha256)",
        [],
    )?)
}

pub(crate) fn insert_link(
    tx: &Transaction<'_>,
    report_id: i64,
    e: &EvidenceRecord,
    added_at: &str,
) -> Result<i64> {
    let (kind, number, row) = e.target.to_columns();
    tx.execute(
        "INSERT INTO evidence (report_id, target_kind, target_number, target_row, file_name, description, sha256, size, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![report_id, kind, number, row, e.file_name, e.description, e.sha256, e.size as i64, added_at],
    )?;
    Ok(tx.last_insert_rowid())
}

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
}

/// A file name as people see it, without the folder.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn open_file(path: &Path) -> Result<std::fs::File> {
    let f = std::fs::File::open(path).map_err(|e| CoreError::file(path, e))?;
    let meta = f.metadata().map_err(|e| CoreError::file(path, e))?;
    if !meta.is_file() {
        return Err(CoreError::file(path, "this is a folder, not a file"));
    }
    Ok(f)
}

impl Store {
    /// The size limit for one evidence file, in megabytes.
    pub fn evidence_limit_mb(&self) -> Result<u64> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM app_setting WHERE key = ?1",
                [LIMIT_KEY],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_LIMIT_MB))
    }

    pub fn set_evidence_limit_mb(&mut self, mb: i64) -> Result<u64> {
        let mb = validate_limit_mb(mb).map_err(|e| CoreError::Validation(vec![e]))?;
        self.conn.execute(
            "INSERT INTO app_setting (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![LIMIT_KEY, mb.to_string()],
        )?;
        Ok(mb)
    }

    /// Every file attached to a report, annexes first, then by activity and section.
    pub fn evidence(&self, report_id: i64) -> Result<Vec<EvidenceItem>> {
        self.report_status(report_id)?;
        evidence_of(&self.conn, report_id)
    }

    /// Attaches files to one item of a draft report, all or none. Each file is read twice,
    /// a chunk at a time: once to hash it (so content already stored is not stored again)
    /// and once to stream it into the database, checking it has not changed in between.
    pub fn add_evidence(
        &mut self,
        report_id: i64,
        target: &EvidenceTarget,
        paths: &[PathBuf],
        description: &str,
    ) -> Result<Vec<EvidenceItem>> {
        let mut errors = Vec::new();
        if let Err(e) = target.validate() {
            errors.push(e);
        }
        let description = validate_description(description).unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        });
        if paths.is_empty() {
            errors.push(FieldError::new("files", "Choose at least one file"));
        }
        if !errors.is_empty() {
            return Err(CoreError::Validation(errors));
        }
        let limit = self.evidence_limit_mb()? * 1_000_000;
        // Hash every file first, outside the transaction: a file too big or unreadable
        // stops everything before anything is written.
        let mut hashed = Vec::with_capacity(paths.len());
        for path in paths {
            let f = open_file(path)?;
            let size = f.metadata().map_err(|e| CoreError::file(path, e))?.len();
            if size > limit {
                return Err(CoreError::EvidenceTooLarge {
                    file: display_name(path),
                    size_mb: mb(size),
                    limit_mb: limit / 1_000_000,
                });
            }
            let (sha, n) = hash_reader(f).map_err(|e| CoreError::file(path, e))?;
            hashed.push((path, sha, n));
        }
        let ids = self.edit_draft(report_id, |tx, stamp| {
            let mut ids = Vec::new();
            for (path, sha, size) in hashed {
                let f = open_file(path)?;
                if !put_blob(tx, &sha, size, f)? {
                    return Err(CoreError::file(
                        path,
                        "the file changed while it was being added; try again once it is saved",
                    ));
                }
                let record = EvidenceRecord {
                    target: target.clone(),
                    file_name: display_name(path),
                    description: description.clone(),
                    size,
                    sha256: sha,
                };
                ids.push(insert_link(tx, report_id, &record, stamp)?);
            }
            Ok(ids)
        })?;
        let all = evidence_of(&self.conn, report_id)?;
        Ok(all.into_iter().filter(|e| ids.contains(&e.id)).collect())
    }

    /// Removes one attached file from a draft report. The stored content goes too when
    /// nothing else refers to it.
    pub fn remove_evidence(&mut self, evidence_id: i64) -> Result<()> {
        let report_id = report_of_evidence(&self.conn, evidence_id)?;
        self.edit_draft(report_id, |tx, _| {
            if tx.execute("DELETE FROM evidence WHERE id = ?1", [evidence_id])? == 0 {
                // Removed by another program since it was found.
                return Err(evidence_not_found(evidence_id));
            }
            drop_unreferenced_blobs(tx)?;
            Ok(())
        })
    }

    /// One attached file.
    pub fn evidence_item(&self, evidence_id: i64) -> Result<EvidenceItem> {
        let report_id = report_of_evidence(&self.conn, evidence_id)?;
        evidence_of(&self.conn, report_id)?
            .into_iter()
            .find(|e| e.id == evidence_id)
            .ok_or_else(|| evidence_not_found(evidence_id))
    }

    /// Writes a copy of an attached file to `dest`, streaming, all or nothing.
    pub fn save_evidence_copy(&self, evidence_id: i64, dest: &Path) -> Result<u64> {
        let item = self.evidence_item(evidence_id)?;
        crate::kernel::write_file_atomically(dest, |out| read_blob(&self.conn, &item.sha256, out))
    }

    /// What is missing before submission: activities without evidence, annexes not
    /// attached, sections not complete.
    pub fn completeness(&self, report_id: i64) -> Result<Completeness> {
        let report = self.report(report_id)?;
        let names: Vec<String> = self
            .framework(&report.framework_version)?
            .activities
            .into_iter()
            .map(|a| a.name)
            .collect();
        let items = evidence_of(&self.conn, report_id)?;
        let has = |t: &EvidenceTarget| items.iter().any(|e| &e.target == t);
        Ok(Completeness::new(
            (1..=8)
                .filter(|a| !has(&EvidenceTarget::Activity { activity: *a }))
                .collect(),
            Annex::ALL
                .into_iter()
                .filter(|a| !has(&EvidenceTarget::Annex { annex: *a }))
                .collect(),
            report
                .tasks
                .iter()
                .filter(|t| t.state != TaskState::Complete)
                .map(|t| IncompleteSection {
                    section: t.section,
                    title: t.title.clone(),
                })
                .collect(),
            &names,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::evidence::CHUNK;
    use crate::test_support::{store_with_draft_report, write_file as write};

    fn blob_count(s: &Store) -> i64 {
        s.conn
            .query_row("SELECT count(*) FROM evidence_blob", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn files_are_stored_once_listed_copied_and_removed() {
        let (mut s, id) = store_with_draft_report();
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "plan.pdf", b"the contract management plan");
        let b = write(dir.path(), "same.pdf", b"the contract management plan");
        let c = write(dir.path(), "kpi.xlsx", &vec![7u8; 3 * CHUNK + 5]);
        let annex = EvidenceTarget::Annex {
            annex: Annex::ContractManagementPlan,
        };
        let added = s
            .add_evidence(id, &annex, &[a.clone(), b], "  Version 3  ")
            .unwrap();
        assert_eq!(added.len(), 2);
        assert_eq!(added[0].description, "Version 3");
        assert_eq!(added[0].sha256, added[1].sha256);
        assert_eq!(blob_count(&s), 1, "the same content is stored once");
        let act = EvidenceTarget::Activity { activity: 5 };
        s.add_evidence(id, &act, std::slice::from_ref(&c), "")
            .unwrap();
        let all = s.evidence(id).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[2].target_label, "Activity 5: Managing performance");
        assert_eq!(all[2].size, 3 * CHUNK as u64 + 5);

        let out = dir.path().join("out").join("copy.xlsx");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        assert_eq!(
            s.save_evidence_copy(all[2].id, &out).unwrap(),
            3 * CHUNK as u64 + 5
        );
        assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&c).unwrap());

        s.remove_evidence(all[0].id).unwrap();
        assert_eq!(blob_count(&s), 2, "still referred to by the other link");
        s.remove_evidence(all[1].id).unwrap();
        assert_eq!(blob_count(&s), 1, "gone once nothing refers to it");
        assert!(matches!(
            s.remove_evidence(all[1].id),
            Err(CoreError::NotFound { .. })
        ));
    }

    #[test]
    fn a_file_over_the_limit_or_missing_changes_nothing() {
        let (mut s, id) = store_with_draft_report();
        let dir = tempfile::tempdir().unwrap();
        s.set_evidence_limit_mb(1).unwrap();
        let ok = write(dir.path(), "ok.txt", b"fine");
        let big = write(dir.path(), "big.bin", &vec![0u8; 1_000_001]);
        let t = EvidenceTarget::Section { section: 4 };
        let err = s.add_evidence(id, &t, &[ok.clone(), big], "").unwrap_err();
        assert!(err
            .to_string()
            .contains("big.bin is 1.0 MB, over the limit of 1 MB"));
        let err = s
            .add_evidence(id, &t, &[ok, dir.path().join("gone.pdf")], "")
            .unwrap_err();
        assert!(err.to_string().contains("gone.pdf"));
        assert!(s.evidence(id).unwrap().is_empty());
        assert_eq!(blob_count(&s), 0);
        let err = s.set_evidence_limit_mb(0).unwrap_err();
        assert_eq!(err.reply().fields[0].field, "limit_mb");
        assert_eq!(s.evidence_limit_mb().unwrap(), 1);
        let err = s
            .add_evidence(id, &EvidenceTarget::Activity { activity: 0 }, &[], "")
            .unwrap_err();
        let fields: Vec<_> = err.reply().fields.iter().map(|f| f.field.clone()).collect();
        assert_eq!(fields, ["target", "files"]);
    }

    #[test]
    fn completeness_lists_the_gaps() {
        let (mut s, id) = store_with_draft_report();
        let c = s.completeness(id).unwrap();
        assert_eq!(c.activities_without_evidence, [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(c.missing_annexes.len(), 2);
        assert!(!c.incomplete_sections.is_empty());
        let dir = tempfile::tempdir().unwrap();
        let f = write(dir.path(), "a.txt", b"a");
        s.add_evidence(
            id,
            &EvidenceTarget::Activity { activity: 2 },
            std::slice::from_ref(&f),
            "",
        )
        .unwrap();
        s.add_evidence(
            id,
            &EvidenceTarget::Annex {
                annex: Annex::ContractHandbook,
            },
            &[f],
            "",
        )
        .unwrap();
        let c = s.completeness(id).unwrap();
        assert_eq!(c.activities_without_evidence, [1, 3, 4, 5, 6, 7, 8]);
        assert_eq!(c.missing_annexes, [Annex::ContractManagementPlan]);
        // Each gap is named as the screens name it, with the place to put it right.
        let gap = |text: &str, section: Option<u8>| crate::reports::evidence::Gap {
            text: text.to_owned(),
            section: section.and_then(crate::framework::Section::new),
        };
        assert!(c
            .gaps
            .contains(&gap("No evidence for Planning and governance", None)));
        assert!(c.gaps.contains(&gap(
            "The contract management plan annex is not attached",
            None
        )));
        assert!(c
            .gaps
            .contains(&gap("Section 4, Organisation, is not complete", Some(4))));
        assert!(!c.gaps.iter().any(|g| g.text == "No evidence for People"));
    }
}
