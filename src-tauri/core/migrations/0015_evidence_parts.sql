-- Evidence written a part at a time (issue 17). A large file is added in parts, each in a
-- short write transaction of its own, so that the window's saves take their turns
-- between them; the file is hashed once, as its parts are written, and only then is its
-- content looked for among what is already stored.
--
-- An upload is one file on its way in. Its parts are its bytes in order. Once whole, its
-- content becomes an `evidence_blob` whose `content` is empty and whose `upload` names the
-- parts; if the same content was already stored, the upload is dropped instead. Content
-- stored before this migration (and content imported from a submission file) keeps its
-- bytes in `content`, with `upload` NULL.
CREATE TABLE evidence_upload (
    id         INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL
) STRICT;

CREATE TABLE evidence_part (
    upload INTEGER NOT NULL REFERENCES evidence_upload(id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL CHECK (seq >= 0),
    data   BLOB NOT NULL,
    PRIMARY KEY (upload, seq)
) STRICT;

ALTER TABLE evidence_blob ADD COLUMN upload INTEGER REFERENCES evidence_upload(id);
CREATE UNIQUE INDEX evidence_blob_by_upload ON evidence_blob(upload) WHERE upload IS NOT NULL;

-- Content nothing refers to any more is deleted whole, parts and all, however it goes.
CREATE TRIGGER evidence_blob_parts AFTER DELETE ON evidence_blob
WHEN old.upload IS NOT NULL
BEGIN
    DELETE FROM evidence_upload WHERE id = old.upload;
END;
