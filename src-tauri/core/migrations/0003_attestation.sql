-- 0003: Section 3, the contract owner's attestation (captured; signing comes later).
-- A shipped migration is never edited; add a new file instead.

CREATE TABLE attestation (
    report_id    INTEGER PRIMARY KEY REFERENCES maturity_report(id) ON DELETE CASCADE,
    owner_name   TEXT NOT NULL DEFAULT '',
    position     TEXT NOT NULL DEFAULT '',
    owner_since  TEXT CHECK (owner_since IS NULL OR date(owner_since) = owner_since),
    -- The choice made in each of the seven statements: 0 for the first of its two
    -- options as the template words them, 1 for the second; NULL while unanswered.
    statement_1  INTEGER CHECK (statement_1 IN (0, 1)),
    statement_2  INTEGER CHECK (statement_2 IN (0, 1)),
    statement_3  INTEGER CHECK (statement_3 IN (0, 1)),
    statement_4  INTEGER CHECK (statement_4 IN (0, 1)),
    statement_5  INTEGER CHECK (statement_5 IN (0, 1)),
    statement_6  INTEGER CHECK (statement_6 IN (0, 1)),
    statement_7  INTEGER CHECK (statement_7 IN (0, 1)),
    updated_at   TEXT NOT NULL
) STRICT;
