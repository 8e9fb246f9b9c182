-- 0004: the table-shaped sections of a report (5 operational performance, 9 risk, and the
-- others as they come), one JSON document per section, written and read only through the
-- typed structs in cmm-core (src/sections/), which validate every value first.
-- A shipped migration is never edited; add a new file instead.

CREATE TABLE report_section (
    report_id  INTEGER NOT NULL REFERENCES maturity_report(id) ON DELETE CASCADE,
    section    INTEGER NOT NULL CHECK (section BETWEEN 1 AND 12),
    document   TEXT NOT NULL CHECK (json_valid(document)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (report_id, section)
) STRICT;
