-- 0001: framework versions, the contract register, and drafts of the contract form.
-- A shipped migration is never edited; add a new file instead.

CREATE TABLE framework_version (
    id          TEXT PRIMARY KEY,          -- e.g. 'kcc-2016-09'
    title       TEXT NOT NULL,
    issued      TEXT NOT NULL,             -- as the council dates it, e.g. 'September 2016'
    source      TEXT NOT NULL,
    loaded_at   TEXT NOT NULL
) STRICT;

CREATE TABLE framework_level (
    framework_id TEXT NOT NULL REFERENCES framework_version(id) ON DELETE CASCADE,
    level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    name         TEXT NOT NULL,
    PRIMARY KEY (framework_id, level)
) STRICT;

CREATE TABLE framework_activity (
    framework_id TEXT NOT NULL REFERENCES framework_version(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 8),
    name         TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    PRIMARY KEY (framework_id, position)
) STRICT;

CREATE TABLE framework_descriptor (
    framework_id TEXT NOT NULL,
    activity     INTEGER NOT NULL,
    level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (framework_id, activity, level, position),
    FOREIGN KEY (framework_id, activity)
        REFERENCES framework_activity(framework_id, position) ON DELETE CASCADE
) STRICT;

CREATE TABLE contract (
    id                        INTEGER PRIMARY KEY,
    name                      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    reference                 TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(reference)) > 0),
    contractor_legal_name     TEXT NOT NULL,
    contractor_trading_name   TEXT NOT NULL DEFAULT '',
    contractor_construct      TEXT NOT NULL DEFAULT '',
    award_date                TEXT NOT NULL CHECK (date(award_date) = award_date),
    start_date                TEXT CHECK (start_date IS NULL OR date(start_date) = start_date),
    expiry_date               TEXT NOT NULL CHECK (date(expiry_date) = expiry_date AND expiry_date > award_date),
    whole_life_cost_nominal_pence INTEGER CHECK (whole_life_cost_nominal_pence >= 0),
    whole_life_cost_npv_pence     INTEGER CHECK (whole_life_cost_npv_pence >= 0),
    current_year_value_pence      INTEGER CHECK (current_year_value_pence >= 0),
    scope                     TEXT NOT NULL DEFAULT '',
    service_area              TEXT NOT NULL DEFAULT '',
    contract_owner            TEXT NOT NULL,
    contract_manager          TEXT NOT NULL DEFAULT '',
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
) STRICT;

-- The contract form as typed, kept while it does not yet pass validation, so that
-- nothing a person typed is lost. contract_id is NULL for a contract not yet saved.
CREATE TABLE contract_draft (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER UNIQUE REFERENCES contract(id) ON DELETE CASCADE,
    form_json   TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
