-- 0007: evidence files stored in the database, report identity and versions, and the
-- attestation seal. A shipped migration is never edited; add a new file instead.

-- The bytes of each evidence file, once per distinct content (content-addressed).
-- content is the last column: SQLite then writes a zeroblob() placeholder without holding
-- it in memory, and the bytes stream in through incremental blob I/O.
CREATE TABLE evidence_blob (
    id       INTEGER PRIMARY KEY,
    sha256   TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    size     INTEGER NOT NULL CHECK (size >= 0),
    added_at TEXT NOT NULL,
    content  BLOB NOT NULL
) STRICT;

-- A file attached to something in a report. target_kind is 'activity' (target_number
-- 1..8), 'section' (1..12), 'row' (section number, and target_row naming the row) or
-- 'annex' (target_row 'contract_management_plan' or 'contract_handbook').
CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES maturity_report(id) ON DELETE CASCADE,
    target_kind   TEXT NOT NULL CHECK (target_kind IN ('activity', 'section', 'row', 'annex')),
    target_number INTEGER NOT NULL DEFAULT 0,
    target_row    TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL CHECK (length(file_name) > 0),
    description   TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL REFERENCES evidence_blob(sha256),
    size          INTEGER NOT NULL CHECK (size >= 0),
    added_at      TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_by_report ON evidence(report_id);
CREATE INDEX evidence_by_blob ON evidence(sha256);

-- Settings of this installation, such as the evidence size limit.
CREATE TABLE app_setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- A report keeps one identity across versions and machines: amending a submitted report
-- makes version + 1 with the same uid.
ALTER TABLE maturity_report ADD COLUMN uid TEXT;
ALTER TABLE maturity_report ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
UPDATE maturity_report SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX maturity_report_uid_version ON maturity_report(uid, version);

-- The signed attestation: the canonical document as signed (RFC 8785 JSON) and its SHA-256.
CREATE TABLE report_seal (
    report_id  INTEGER PRIMARY KEY REFERENCES maturity_report(id) ON DELETE CASCADE,
    signed_by  TEXT NOT NULL,
    position   TEXT NOT NULL,
    signed_at  TEXT NOT NULL,
    seal       TEXT NOT NULL CHECK (length(seal) = 64),
    document   TEXT NOT NULL CHECK (json_valid(document)),
    -- 'signed' here, or 'imported' from a submission file
    origin     TEXT NOT NULL DEFAULT 'signed' CHECK (origin IN ('signed', 'imported'))
) STRICT;
