//! Evidence files in the database: added a part at a time, each part in a short write
//! transaction and the file hashed once as it goes (migration 0015); read out a chunk at a
//! time; stored once per distinct SHA-256; linked to a report's items. Content stored
//! before parts (and content imported from a submission file) is one blob, streamed with
//! SQLite's incremental blob I/O.

use crate::framework::report_activities;
use crate::kernel::error::{CoreError, FieldError, Result};
use crate::kernel::{now, write_transaction, Store};
use crate::reports::evidence::{
    copy_chunked, validate_description, validate_limit_mb, Annex, Completeness, EvidenceItem,
    EvidenceTarget, HashingWriter, IncompleteSection, DEFAULT_LIMIT_MB, PART,
};
use crate::reports::seal::EvidenceRecord;
use crate::reports::{ReportStatus, TaskState};
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
    let activities = report_activities(conn, report_id)?;
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
            target_label: target.describe(&activities),
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

/// Streams the stored content with this hash into `out`, from its parts or its one blob;
/// returns the bytes written.
pub(crate) fn read_blob(conn: &Connection, sha256: &str, mut out: impl Write) -> Result<u64> {
    let (rowid, upload): (i64, Option<i64>) = conn
        .query_row(
            "SELECT id, upload FROM evidence_blob WHERE sha256 = ?1",
            [sha256],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: "Stored evidence content",
            key: sha256.to_owned(),
        })?;
    let Some(upload) = upload else {
        let blob = conn.blob_open(MAIN_DB, "evidence_blob", "content", rowid, true)?;
        return Ok(copy_chunked(blob, out)?);
    };
    // Each part streamed with incremental blob I/O, a chunk at a time, rather than read
    // whole: SQLite would otherwise gather each 4 MiB part into a buffer of its own first.
    let parts: Vec<i64> = conn
        .prepare_cached("SELECT rowid FROM evidence_part WHERE upload = ?1 ORDER BY seq")?
        .query_map([upload], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut total = 0u64;
    for part in parts {
        let blob = conn.blob_open(MAIN_DB, "evidence_part", "data", part, true)?;
        total += copy_chunked(blob, &mut out)?;
    }
    Ok(total)
}

/// A file read into parts, not yet evidence.
pub(crate) struct Upload {
    id: i64,
    /// The SHA-256 of what was read, in hex.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What reading the bytes of an upload checks, and what a failure says: for a file the
/// officer chose, that file's name; for an entry of a submission file, that file's fault.
pub(crate) struct SourceRules<'a> {
    /// The error for a read that fails.
    pub unreadable: &'a (dyn Fn(std::io::Error) -> CoreError + Sync),
    /// Checks the number of bytes read so far (a file still being written to may have
    /// grown since it was measured).
    pub within_limit: &'a (dyn Fn(u64) -> Result<()> + Sync),
}

/// Fills `buf` from `reader` unless the end comes first; returns the bytes read.
fn read_part(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Reads `source` a part at a time into the buffers that come back from `empties`,
/// hashing each, and sends each on to be written, the last one short (nothing to read is
/// one empty part). Stops early, without error, when the writing stops. Gives the SHA-256
/// of what was read, in hex, and its size in bytes.
///
/// Errors: those of `rules`, for a read that fails or bytes past the limit.
fn read_parts(
    source: &mut impl Read,
    rules: &SourceRules<'_>,
    empties: std::sync::mpsc::Receiver<Vec<u8>>,
    parts: std::sync::mpsc::SyncSender<(Vec<u8>, usize)>,
) -> Result<(String, u64)> {
    let mut hash = HashingWriter::new(std::io::sink());
    let mut size = 0u64;
    for seq in 0u64.. {
        let Ok(mut buf) = empties.recv() else { break };
        let n = read_part(source, &mut buf).map_err(rules.unreadable)?;
        if n == 0 && seq > 0 {
            break;
        }
        size += n as u64;
        (rules.within_limit)(size)?;
        hash.write_all(&buf[..n])?;
        let last = n < buf.len();
        if parts.send((buf, n)).is_err() || last {
            break;
        }
    }
    Ok((hash.finish(), size))
}

/// Writes one part of upload `id` in a write transaction of its own, into a row made to
/// its length (`zeroblob`) through incremental blob I/O, so that SQLite makes no copy of
/// the part's bytes before it writes them (sqlite.org/c3ref/blob_open.html).
fn write_part(conn: &mut Connection, id: i64, seq: i64, bytes: &[u8]) -> Result<()> {
    let tx = write_transaction(conn)?;
    tx.execute(
        "INSERT INTO evidence_part (upload, seq, data) VALUES (?1, ?2, zeroblob(?3))",
        params![id, seq, bytes.len() as i64],
    )?;
    let row = tx.last_insert_rowid();
    tx.blob_open(MAIN_DB, "evidence_part", "data", row, false)?
        .write_all(bytes)?;
    tx.commit()?;
    Ok(())
}

/// Whether content with this SHA-256 (hex) is stored, whole or in parts.
pub(crate) fn content_stored(conn: &Connection, sha256: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM evidence_blob WHERE sha256 = ?1)",
        [sha256],
        |r| r.get(0),
    )?)
}

/// Makes a finished upload stored content: kept as the content with its hash, or, when
/// that content is already stored, dropped (its parts with it).
pub(crate) fn keep_upload(tx: &Transaction<'_>, u: &Upload, stamp: &str) -> Result<()> {
    if content_stored(tx, &u.sha256)? {
        tx.execute("DELETE FROM evidence_upload WHERE id = ?1", [u.id])?;
    } else {
        tx.execute(
            "INSERT INTO evidence_blob (sha256, size, added_at, content, upload)
             VALUES (?1, ?2, ?3, X'', ?4)",
            params![u.sha256, u.size as i64, stamp, u.id],
        )?;
    }
    Ok(())
}

/// How old an unfinished upload must be before it is taken to be abandoned: a younger one
/// may be another program's, still on its way in.
const ABANDONED_AFTER: chrono::Duration = chrono::Duration::days(1);

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

/// `EvidenceTooLarge` for a file of `size` bytes over `limit`.
fn check_size(path: &Path, size: u64, limit: u64) -> Result<()> {
    if size > limit {
        // 250,000,001 bytes is not "250.0 MB, over the limit of 250 MB".
        let size_mb = match mb(size) {
            rounded if rounded == mb(limit) => format!("{:.6}", size as f64 / 1_000_000.0),
            rounded => rounded,
        };
        return Err(CoreError::EvidenceTooLarge {
            file: display_name(path),
            size_mb,
            limit_mb: limit / 1_000_000,
        });
    }
    Ok(())
}

/// Deletes the uploads `ids` that did not become stored content, parts and all.
pub(crate) fn drop_uploads(conn: &mut Connection, ids: &[i64]) -> Result<()> {
    let tx = write_transaction(conn)?;
    for id in ids {
        tx.execute(
            "DELETE FROM evidence_upload WHERE id = ?1
               AND id NOT IN (SELECT upload FROM evidence_blob WHERE upload IS NOT NULL)",
            [id],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Refuses, before anything is read, a choice of files that names one file twice: the same
/// path, or two names for one file (a link). Errors: `File` naming the second.
fn refuse_a_file_chosen_twice(paths: &[PathBuf]) -> Result<()> {
    let mut seen: Vec<(same_file::Handle, &PathBuf)> = Vec::with_capacity(paths.len());
    for path in paths {
        let handle =
            same_file::Handle::from_path(path).map_err(|e| CoreError::unreadable(path, &e))?;
        if let Some((_, first)) = seen.iter().find(|(h, _)| *h == handle) {
            let why = if display_name(first) == display_name(path) {
                "it was chosen twice, so nothing was added. Choose it once".to_owned()
            } else {
                format!(
                    "it is the same file as {}, chosen with it, so nothing was added. Choose only one of them",
                    display_name(first)
                )
            };
            return Err(CoreError::file(path, why));
        }
        seen.push((handle, path));
    }
    Ok(())
}

/// A file's size in bytes and when it was last written, as measured before it is read.
#[derive(Debug, PartialEq)]
struct Measured {
    size: u64,
    modified: Option<std::time::SystemTime>,
}

/// Measures the file at `path`. Errors: `File` when it cannot be opened or measured.
fn measure(path: &Path) -> Result<Measured> {
    let meta = open_file(path)?
        .metadata()
        .map_err(|e| CoreError::unreadable(path, &e))?;
    Ok(Measured {
        size: meta.len(),
        modified: meta.modified().ok(),
    })
}

fn open_file(path: &Path) -> Result<std::fs::File> {
    let f = std::fs::File::open(path).map_err(|e| CoreError::unreadable(path, &e))?;
    let meta = f.metadata().map_err(|e| CoreError::unreadable(path, &e))?;
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

    /// Attaches files to one item of a draft report, all or none. See
    /// [`Store::add_evidence_in_turns`]; here every write takes its turn at once.
    pub fn add_evidence(
        &mut self,
        report_id: i64,
        target: &EvidenceTarget,
        paths: &[PathBuf],
        description: &str,
    ) -> Result<Vec<EvidenceItem>> {
        self.add_evidence_in_turns(|| (), report_id, target, paths, description)
    }

    /// Attaches files to one item of a draft report, all or none.
    ///
    /// Each file is read once: its parts ([`PART`] bytes) are hashed as they are written,
    /// each in a short write transaction of its own, and only then is the content looked
    /// for among what is stored (a copy already there is kept and the new one dropped).
    /// `turn()` is called before each write transaction and what it gives is held until
    /// the transaction ends: the window passes its writing connection's turn, so that its
    /// saves go between the parts of a large file rather than after the whole of it.
    ///
    /// Errors: `Validation` for an unknown target, a description too long or no files;
    /// `EvidenceTooLarge` for a file over the limit (checked before anything is written,
    /// and again as it is read); `File` for one that cannot be read; `ReportLocked` once
    /// the report is signed. On any error nothing of the files is kept.
    pub fn add_evidence_in_turns<G>(
        &mut self,
        turn: impl Fn() -> G,
        report_id: i64,
        target: &EvidenceTarget,
        paths: &[PathBuf],
        description: &str,
    ) -> Result<Vec<EvidenceItem>> {
        let mut errors = Vec::new();
        let activities = report_activities(&self.conn, report_id)?;
        if activities.is_empty() {
            // No such report: say so rather than that it has no activities.
            crate::reports::store::status_of(&self.conn, report_id)?;
        }
        if let Err(e) = target.validate_for(activities.len() as u8) {
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
        if crate::reports::store::status_of(&self.conn, report_id)? != ReportStatus::Draft {
            return Err(CoreError::ReportLocked { id: report_id });
        }
        let limit = self.evidence_limit_mb()? * 1_000_000;
        // A file too big or unreadable stops everything before anything is written.
        let measured = paths
            .iter()
            .map(|path| {
                let m = measure(path)?;
                check_size(path, m.size, limit)?;
                // As GOV.UK's file upload says of one: "The selected file is empty".
                if m.size == 0 {
                    return Err(CoreError::file(
                        path,
                        "the file is empty: there is nothing in it to keep as evidence. Check it was saved properly",
                    ));
                }
                Ok(m)
            })
            .collect::<Result<Vec<_>>>()?;
        refuse_a_file_chosen_twice(paths)?;
        let mut started = Vec::new();
        let added = self.checkpointing_beside(|s| {
            s.upload_and_link(
                &turn,
                &mut started,
                (report_id, limit),
                target,
                (paths, &measured),
                &description,
            )
        });
        if added.is_err() && !started.is_empty() {
            // Nothing was linked: the parts written so far go.
            let _turn = turn();
            if let Err(e) = drop_uploads(&mut self.conn, &started) {
                log::warn!("parts of an evidence file not added were left to tidy later: {e}");
            }
        }
        added
    }

    fn upload_and_link<G>(
        &mut self,
        turn: &impl Fn() -> G,
        started: &mut Vec<i64>,
        (report_id, limit): (i64, u64),
        target: &EvidenceTarget,
        (paths, measured): (&[PathBuf], &[Measured]),
        description: &str,
    ) -> Result<Vec<EvidenceItem>> {
        let mut uploads = Vec::with_capacity(paths.len());
        for (path, before) in paths.iter().zip(measured) {
            let rules = SourceRules {
                unreadable: &|e| CoreError::unreadable(path, &e),
                within_limit: &|size| check_size(path, size, limit),
            };
            let u = self.upload(turn, started, open_file(path)?, &rules)?;
            // A file changed while it was read (cut short, written over, still being
            // written to) would be kept as no version of it at all.
            if u.size != before.size || measure(path)? != *before {
                return Err(CoreError::file(
                    path,
                    "it changed while it was being added, so it was not added. Add it again once whatever is writing it has finished",
                ));
            }
            uploads.push(u);
        }
        let _turn = turn();
        let ids = self.edit_draft(report_id, |tx, stamp| {
            let mut ids = Vec::new();
            for (i, (path, u)) in paths.iter().zip(&uploads).enumerate() {
                // A copy of a file chosen with it (under another name, or another folder).
                if let Some(j) = uploads[..i].iter().position(|o| o.sha256 == u.sha256) {
                    return Err(CoreError::file(
                        path,
                        format!(
                            "it is the same as {}, chosen with it, so nothing was added. Choose only one of them",
                            display_name(&paths[j])
                        ),
                    ));
                }
                keep_upload(tx, u, stamp)?;
                // The same content twice on one item (the same file picked twice, or a copy
                // under another name) would only be listed twice.
                let (kind, number, row) = target.to_columns();
                let already: Option<String> = tx
                    .query_row(
                        "SELECT file_name FROM evidence WHERE report_id = ?1 AND target_kind = ?2
                           AND target_number = ?3 AND target_row = ?4 AND sha256 = ?5",
                        params![report_id, kind, number, row, u.sha256],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(name) = already {
                    return Err(CoreError::file(
                        path,
                        format!(
                            "it is the same as {name}, already attached to {}, so nothing was added",
                            target.describe(&report_activities(tx, report_id)?)
                        ),
                    ));
                }
                let record = EvidenceRecord {
                    target: target.clone(),
                    file_name: display_name(path),
                    description: description.to_owned(),
                    size: u.size,
                    sha256: u.sha256.clone(),
                };
                ids.push(insert_link(tx, report_id, &record, stamp)?);
            }
            Ok(ids)
        })?;
        let all = evidence_of(&self.conn, report_id)?;
        Ok(all.into_iter().filter(|e| ids.contains(&e.id)).collect())
    }

    /// Reads `source` once into the parts of a new upload, whose id goes into `started`
    /// (for the caller to drop should anything fail). A thread of its own reads and hashes
    /// each part while the one before it is written, so that the writes never wait for the
    /// hash; two part buffers go back and forth between them, so memory stays at two parts
    /// whatever the size. Each part is written in a write transaction, and a turn, of its
    /// own.
    ///
    /// Errors: those of `rules`; the database's, classified.
    pub(crate) fn upload<G>(
        &mut self,
        turn: &impl Fn() -> G,
        started: &mut Vec<i64>,
        mut source: impl Read + Send,
        rules: &SourceRules<'_>,
    ) -> Result<Upload> {
        let id = {
            let _turn = turn();
            let tx = write_transaction(&mut self.conn)?;
            tx.execute(
                "INSERT INTO evidence_upload (started_at) VALUES (?1)",
                [now()],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            id
        };
        started.push(id);
        let (to_write, parts) = std::sync::mpsc::sync_channel::<(Vec<u8>, usize)>(1);
        let (to_fill, empties) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        for _ in 0..2 {
            let _ = to_fill.send(vec![0u8; PART]);
        }
        std::thread::scope(|scope| {
            let reading = scope.spawn(move || read_parts(&mut source, rules, empties, to_write));
            let mut written = Ok(());
            for (seq, (buf, n)) in (0i64..).zip(parts.iter()) {
                let _turn = turn();
                written = write_part(&mut self.conn, id, seq, &buf[..n]);
                if written.is_err() {
                    break;
                }
                let _ = to_fill.send(buf);
            }
            // Whichever side stopped first, the other is not left waiting for it.
            drop((parts, to_fill));
            let read = reading.join().expect("reading a file does not panic");
            written?;
            let (sha256, size) = read?;
            Ok(Upload { id, sha256, size })
        })
    }

    /// Drops uploads that never finished (the app was closed, or the computer stopped,
    /// while a file was being added) once they are a day old. Called at every opening.
    pub(crate) fn forget_abandoned_uploads(&mut self) -> Result<usize> {
        let before = (chrono::Utc::now() - ABANDONED_AFTER)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        const ABANDONED: &str = "FROM evidence_upload WHERE started_at < ?1
               AND id NOT IN (SELECT upload FROM evidence_blob WHERE upload IS NOT NULL)";
        // A plain read first: there is almost never one, and a program that opens the file
        // only to read (`cmm list`) must not wait behind another program's write.
        let any: bool = self.conn.query_row(
            &format!("SELECT EXISTS(SELECT 1 {ABANDONED})"),
            [&before],
            |r| r.get(0),
        )?;
        if !any {
            return Ok(0);
        }
        let tx = write_transaction(&mut self.conn)?;
        let n = tx.execute(&format!("DELETE {ABANDONED}"), [before])?;
        tx.commit()?;
        Ok(n)
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
        let names: Vec<String> = report_activities(&self.conn, report_id)?
            .into_iter()
            .map(|a| a.name)
            .collect();
        let items = evidence_of(&self.conn, report_id)?;
        let has = |t: &EvidenceTarget| items.iter().any(|e| &e.target == t);
        Ok(Completeness::new(
            (1..=names.len() as u8)
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
    use crate::test_support::{
        file_store_with_draft_report, store_with_draft_report, write_file as write,
    };

    fn blob_count(s: &Store) -> i64 {
        s.conn
            .query_row("SELECT count(*) FROM evidence_blob", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn large_files_go_in_a_part_at_a_time_with_other_writes_between_the_parts() {
        use crate::reports::evidence::{sha256_hex, PART};
        use std::cell::RefCell;
        let dir = tempfile::tempdir().unwrap();
        let (s, id) = file_store_with_draft_report(&dir.path().join("cmm.sqlite3"));
        let main = RefCell::new(s);
        let mut bulk = main.borrow().bulk_writer().unwrap().unwrap();
        let bytes: Vec<u8> = (0..2 * PART + 7).map(|i| (i % 251) as u8).collect();
        let big = write(dir.path(), "minutes.pdf", &bytes);
        let target = EvidenceTarget::Activity { activity: 2 };

        // Each turn, the window's connection saves something first: it could not while the
        // file's connection held a write transaction open across its parts.
        let turns = RefCell::new(0);
        let turn = || {
            *turns.borrow_mut() += 1;
            let mut c = crate::contracts::tests::valid_input();
            c.reference = format!("SAVED-{}", turns.borrow());
            main.borrow_mut().save_contract(None, None, &c).unwrap();
        };
        let added = bulk
            .add_evidence_in_turns(turn, id, &target, std::slice::from_ref(&big), "")
            .unwrap();
        assert_eq!(
            *turns.borrow(),
            5,
            "the upload, each of its three parts, and the link, each in a turn"
        );
        assert_eq!(added[0].sha256, sha256_hex(&bytes), "hashed as it went in");
        assert_eq!(added[0].size, bytes.len() as u64);
        let s = main.borrow();
        let count = |sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM contract"), 6);
        assert_eq!(count("SELECT count(*) FROM evidence_part"), 3);
        let out = dir.path().join("copy.pdf");
        assert_eq!(
            s.save_evidence_copy(added[0].id, &out).unwrap(),
            bytes.len() as u64
        );
        assert_eq!(std::fs::read(&out).unwrap(), bytes);
        assert_eq!(
            s.verify_report(id).unwrap().state,
            crate::reports::seal::SealState::NotSigned
        );
        drop(s);

        // The same content again, for another item: its new copy is dropped once it is
        // found to be stored.
        let again = write(dir.path(), "minutes again.pdf", &bytes);
        let other = EvidenceTarget::Activity { activity: 3 };
        bulk.add_evidence(id, &other, &[again], "").unwrap();
        let s = main.borrow();
        let count = |sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM evidence_upload"), 1);
        assert_eq!(count("SELECT count(*) FROM evidence_part"), 3);
        drop(s);

        // Once nothing refers to it, the content goes, parts and all.
        let attached = main.borrow().evidence(id).unwrap();
        for e in attached {
            main.borrow_mut().remove_evidence(e.id).unwrap();
        }
        let s = main.borrow();
        let count = |sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM evidence_blob"), 0);
        assert_eq!(count("SELECT count(*) FROM evidence_part"), 0);
    }

    #[test]
    fn a_file_refused_part_way_leaves_no_parts_and_an_abandoned_upload_goes_after_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        let (mut s, id) = file_store_with_draft_report(&path);
        let count =
            |s: &Store, sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        // The second file grows past the limit after it was measured, while the first is
        // going in: it is refused as it is read, and the first file's parts go too.
        s.set_evidence_limit_mb(1).unwrap();
        let first = write(dir.path(), "plan.pdf", b"plan");
        let second = write(dir.path(), "log.csv", &[b'x'; 900_000]);
        let turns = std::cell::Cell::new(0);
        let grow = || {
            turns.set(turns.get() + 1);
            if turns.get() == 3 {
                std::fs::write(&second, [b'x'; 1_500_000]).unwrap();
            }
        };
        let target = EvidenceTarget::Activity { activity: 1 };
        let err = s
            .add_evidence_in_turns(grow, id, &target, &[first, second.clone()], "")
            .unwrap_err();
        assert!(
            matches!(err, CoreError::EvidenceTooLarge { ref file, .. } if file == "log.csv"),
            "{err}"
        );
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_part"), 0);
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_upload"), 0);
        assert!(s.evidence(id).unwrap().is_empty());

        // Left behind when the app stopped part-way: kept for a day (it may be another
        // program's, on its way in), then dropped at an opening.
        s.conn
            .execute_batch(
                "INSERT INTO evidence_upload (id, started_at) VALUES (1, '2020-01-01T00:00:00Z'), (2, '2999-01-01T00:00:00Z');
                 INSERT INTO evidence_part (upload, seq, data) VALUES (1, 0, X'00'), (2, 0, X'01');",
            )
            .unwrap();
        drop(s);
        let s = Store::open(&path).unwrap();
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_part"), 1);
        assert_eq!(count(&s, "SELECT upload FROM evidence_part"), 2);
    }

    #[test]
    fn an_empty_file_is_refused_whole_parts_go_in_whole_and_a_write_refused_part_way_keeps_nothing()
    {
        use crate::reports::evidence::{sha256_hex, PART};
        let dir = tempfile::tempdir().unwrap();
        let (s, id) = file_store_with_draft_report(&dir.path().join("cmm.sqlite3"));
        let target = EvidenceTarget::Activity { activity: 3 };
        let mut bulk = s.bulk_writer().unwrap().unwrap();
        let count =
            |s: &Store, sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };

        // An empty file is refused by name (a mistake, not evidence); nothing is written.
        let empty = write(dir.path(), "empty.txt", b"");
        let err = bulk
            .add_evidence(id, &target, std::slice::from_ref(&empty), "")
            .unwrap_err()
            .to_string();
        assert!(err.contains("empty.txt: the file is empty"), "{err}");
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_upload"), 0);
        // The reader's edges: one byte, and a last part exactly full.
        let byte = write(dir.path(), "one.txt", b"1");
        let whole: Vec<u8> = (0..PART).map(|i| (i % 241) as u8).collect();
        let exact = write(dir.path(), "exact.bin", &whole);
        let added = bulk
            .add_evidence(id, &target, &[byte, exact.clone()], "")
            .unwrap();
        assert_eq!((added[0].size, added[1].size), (1, PART as u64));
        assert_eq!(added[0].sha256, sha256_hex(b"1"));
        assert_eq!(added[1].sha256, sha256_hex(&whole));
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_part"), 2);
        let out = dir.path().join("copy.bin");
        s.save_evidence_copy(added[1].id, &out).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), whole);

        // The second part's write is refused (as a full disk would refuse it) while the
        // file is still being read ahead: the reading stops rather than waiting for a
        // write that will not come, and the parts written go.
        s.conn
            .execute_batch(
                "CREATE TRIGGER refuse BEFORE INSERT ON evidence_part WHEN new.seq = 1
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        let big: Vec<u8> = (0..3 * PART).map(|i| (i % 239) as u8).collect();
        let big = write(dir.path(), "big.bin", &big);
        assert!(bulk.add_evidence(id, &target, &[big], "").is_err());
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_part"), 2);
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_upload"), 2);
        assert_eq!(s.evidence(id).unwrap().len(), 2);
    }

    #[test]
    fn a_disk_that_fills_while_a_file_goes_in_is_reported_as_full_and_nothing_is_kept() {
        use crate::kernel::error::ErrorCode;
        use crate::reports::evidence::PART;
        let dir = tempfile::tempdir().unwrap();
        let (s, id) = file_store_with_draft_report(&dir.path().join("cmm.sqlite3"));
        let mut bulk = s.bulk_writer().unwrap().unwrap();
        let count =
            |s: &Store, sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        // SQLite answers SQLITE_FULL when the file may not grow, as on a full disk: room
        // for one part and a half of a three-part file.
        let pages = count(&s, "PRAGMA page_count") + (PART as i64 * 3 / 2) / 4096;
        bulk.conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let big: Vec<u8> = (0..3 * PART).map(|i| (i % 233) as u8).collect();
        let big = write(dir.path(), "survey.pdf", &big);
        let target = EvidenceTarget::Activity { activity: 4 };
        let err = bulk.add_evidence(id, &target, &[big], "").unwrap_err();
        assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_part"), 0);
        assert_eq!(count(&s, "SELECT count(*) FROM evidence_upload"), 0);
        assert!(s.evidence(id).unwrap().is_empty());
        // Space made (here, the limit lifted), the same file goes in.
        bulk.conn
            .pragma_update(None, "max_page_count", 1_000_000_000)
            .unwrap();
        let big = dir.path().join("survey.pdf");
        assert_eq!(bulk.add_evidence(id, &target, &[big], "").unwrap().len(), 1);
    }

    #[test]
    fn a_file_changed_while_it_is_added_is_refused_by_name_and_nothing_is_kept() {
        use crate::reports::evidence::PART;
        let dir = tempfile::tempdir().unwrap();
        let (s, id) = file_store_with_draft_report(&dir.path().join("cmm.sqlite3"));
        let mut bulk = s.bulk_writer().unwrap().unwrap();
        let target = EvidenceTarget::Activity { activity: 4 };
        let count =
            |s: &Store, sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        let bytes = vec![7u8; 3 * PART];
        // Cut short, and written over with as many bytes: once its first part is in.
        let changes: [&dyn Fn(&Path); 2] = [&|p| std::fs::write(p, b"cut short").unwrap(), &|p| {
            std::fs::write(p, vec![8u8; 3 * PART]).unwrap()
        }];
        for change in changes {
            let file = write(dir.path(), "survey.pdf", &bytes);
            // Written an hour ago, so that any write now shows, however coarse the clock.
            std::fs::File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
                .unwrap();
            let turns = std::cell::Cell::new(0);
            let turn = || {
                turns.set(turns.get() + 1);
                if turns.get() == 3 {
                    change(&file);
                }
            };
            let err = bulk
                .add_evidence_in_turns(turn, id, &target, std::slice::from_ref(&file), "")
                .unwrap_err();
            assert!(
                err.to_string().contains("survey.pdf")
                    && err.to_string().contains("changed while it was being added"),
                "{err}"
            );
            assert_eq!(count(&s, "SELECT count(*) FROM evidence_part"), 0);
            assert_eq!(count(&s, "SELECT count(*) FROM evidence_upload"), 0);
            assert!(s.evidence(id).unwrap().is_empty());
        }
    }

    #[test]
    fn the_journal_goes_back_to_its_limit_after_a_large_file_another_program_kept_it_from_copying()
    {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cmm.sqlite3");
        let (mut s, id) = file_store_with_draft_report(&path);
        let mut bulk = s.bulk_writer().unwrap().unwrap();
        let big = write(dir.path(), "survey.pdf", &vec![5u8; 48 << 20]);
        // A backup tool reading the file all the while: the journal cannot be copied past
        // what it reads, so it grows to the file's size.
        let backup = rusqlite::Connection::open(&path).unwrap();
        backup
            .execute_batch("BEGIN; SELECT count(*) FROM contract;")
            .unwrap();
        let target = EvidenceTarget::Activity { activity: 5 };
        bulk.add_evidence(id, &target, &[big], "").unwrap();
        backup.execute_batch("COMMIT").unwrap();
        let wal = || {
            std::fs::metadata(dir.path().join("cmm.sqlite3-wal"))
                .unwrap()
                .len()
        };
        assert!(wal() > 40 << 20, "{} bytes", wal());
        // Then the next saves copy it and start it again, cut to its limit.
        for n in 0..2 {
            let mut c = crate::contracts::tests::valid_input();
            c.reference = format!("AFTER-{n}");
            s.save_contract(None, None, &c).unwrap();
        }
        assert!(
            wal() <= crate::kernel::JOURNAL_SIZE_LIMIT as u64,
            "{} bytes",
            wal()
        );
    }

    #[test]
    fn the_same_content_twice_on_one_item_is_refused_and_on_another_item_kept() {
        let (mut s, id) = store_with_draft_report();
        let dir = tempfile::tempdir().unwrap();
        let minutes = write(dir.path(), "minutes.pdf", b"Board minutes");
        let copy = write(dir.path(), "minutes copy.pdf", b"Board minutes");
        let first = EvidenceTarget::Activity { activity: 1 };
        s.add_evidence(id, &first, std::slice::from_ref(&minutes), "")
            .unwrap();
        let err = s
            .add_evidence(id, &first, std::slice::from_ref(&copy), "")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("it is the same as minutes.pdf, already attached to Activity 1"),
            "{err}"
        );
        assert_eq!(s.evidence(id).unwrap().len(), 1);
        // The same minutes may well support another activity too.
        let second = EvidenceTarget::Activity { activity: 2 };
        s.add_evidence(id, &second, &[copy], "").unwrap();
        assert_eq!(s.evidence(id).unwrap().len(), 2);
        assert_eq!(blob_count(&s), 1);
    }

    #[test]
    fn a_file_or_its_copy_chosen_twice_at_once_is_refused_as_that_and_nothing_is_added() {
        let (mut s, id) = store_with_draft_report();
        let dir = tempfile::tempdir().unwrap();
        let plan = write(dir.path(), "plan.pdf", b"the contract management plan");
        let minutes = write(dir.path(), "minutes.pdf", b"Board minutes");
        let copy = write(dir.path(), "minutes copy.pdf", b"Board minutes");
        let link = dir.path().join("minutes link.pdf");
        std::fs::hard_link(&minutes, &link).unwrap();
        let target = EvidenceTarget::Activity { activity: 1 };
        let uploads = |s: &Store| -> i64 {
            s.conn
                .query_row("SELECT count(*) FROM evidence_upload", [], |r| r.get(0))
                .unwrap()
        };
        let cases = [
            // Refused before anything is read: one file named twice.
            (
                vec![minutes.clone(), plan.clone(), minutes.clone()],
                "minutes.pdf: it was chosen twice, so nothing was added. Choose it once",
            ),
            (
                vec![minutes.clone(), plan.clone(), link],
                "minutes link.pdf: it is the same file as minutes.pdf, chosen with it",
            ),
            // Found once read: a copy, which is not said to be attached already.
            (
                vec![minutes.clone(), plan.clone(), copy],
                "minutes copy.pdf: it is the same as minutes.pdf, chosen with it, so nothing was added",
            ),
        ];
        for (paths, says) in cases {
            let err = s
                .add_evidence(id, &target, &paths, "")
                .unwrap_err()
                .to_string();
            assert!(err.contains(says), "{err}");
            assert!(!err.contains("already attached"), "{err}");
            assert!(s.evidence(id).unwrap().is_empty());
        }
        // Nothing of the first two was kept either, though the copy's were read.
        assert_eq!(uploads(&s), 0);
        assert_eq!(blob_count(&s), 0);
        assert_eq!(
            s.add_evidence(id, &target, &[minutes, plan], "")
                .unwrap()
                .len(),
            2
        );
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
            .add_evidence(id, &annex, std::slice::from_ref(&a), "  Version 3  ")
            .unwrap();
        assert_eq!(added[0].description, "Version 3");
        // The same content for another item: linked there, stored once.
        let again = s
            .add_evidence(id, &EvidenceTarget::Activity { activity: 4 }, &[b], "")
            .unwrap();
        assert_eq!(added[0].sha256, again[0].sha256);
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
        // One byte over is not "1.0 MB, over the limit of 1 MB"; and the way out is named.
        assert!(
            err.to_string().contains(
                "big.bin is 1.000001 MB, over the limit of 1 MB for one evidence file. Split it, or raise the limit on the Evidence and annexes screen"
            ),
            "{err}"
        );
        let err = s
            .add_evidence(id, &t, &[ok, dir.path().join("gone.pdf")], "")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "gone.pdf: it is not there any more: it may have been moved, renamed or deleted"
            ),
            "{err}"
        );
        assert!(!err.contains("os error"), "{err}");
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
