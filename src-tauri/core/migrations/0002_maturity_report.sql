-- 0002: maturity reports (one contract or a group), and Section 2, the maturity assessment.
-- A shipped migration is never edited; add a new file instead.

CREATE TABLE maturity_report (
    id                 INTEGER PRIMARY KEY,
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    meeting_date       TEXT CHECK (meeting_date IS NULL OR date(meeting_date) = meeting_date),
    status             TEXT NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'submitted', 'under_review', 'reviewed')),
    framework_id       TEXT NOT NULL REFERENCES framework_version(id),
    previous_report_id INTEGER REFERENCES maturity_report(id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE TABLE report_contract (
    report_id   INTEGER NOT NULL REFERENCES maturity_report(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL,
    PRIMARY KEY (report_id, contract_id)
) STRICT;
CREATE INDEX report_contract_by_contract ON report_contract(contract_id);

-- One row per activity (1 to 8, in the framework's order) and one for the overall row (0).
CREATE TABLE activity_assessment (
    report_id            INTEGER NOT NULL REFERENCES maturity_report(id) ON DELETE CASCADE,
    activity             INTEGER NOT NULL CHECK (activity BETWEEN 0 AND 8),
    current_level        INTEGER CHECK (current_level BETWEEN 1 AND 5),
    target_level         INTEGER CHECK (target_level BETWEEN 1 AND 5),
    rationale            TEXT NOT NULL DEFAULT '',
    below_current_reason TEXT NOT NULL DEFAULT '',
    -- carried forward from the previous report and not yet confirmed or changed
    to_confirm           INTEGER NOT NULL DEFAULT 0 CHECK (to_confirm IN (0, 1)),
    updated_at           TEXT NOT NULL,
    PRIMARY KEY (report_id, activity)
) STRICT;
