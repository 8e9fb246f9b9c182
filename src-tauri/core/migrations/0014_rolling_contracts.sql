-- 0014: a rolling contract has no date of expiry. Registers publish such contracts with the
-- end date blank, and the register import keeps them, so the date becomes optional.
-- SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt as SQLite's
-- documentation says ("Making Other Kinds Of Table Schema Changes", lang_altertable.html),
-- with foreign keys off for the migration and checked after it (Store::prepare).
CREATE TABLE contract_rebuilt (
    id                        INTEGER PRIMARY KEY,
    name                      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    reference                 TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(reference)) > 0),
    contractor_legal_name     TEXT NOT NULL,
    contractor_trading_name   TEXT NOT NULL DEFAULT '',
    contractor_construct      TEXT NOT NULL DEFAULT '',
    award_date                TEXT NOT NULL CHECK (date(award_date) = award_date),
    start_date                TEXT CHECK (start_date IS NULL OR date(start_date) = start_date),
    -- NULL for a rolling contract, which runs until notice is given.
    expiry_date               TEXT CHECK (expiry_date IS NULL OR (date(expiry_date) = expiry_date AND expiry_date > award_date)),
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

INSERT INTO contract_rebuilt (id, name, reference, contractor_legal_name, contractor_trading_name,
    contractor_construct, award_date, start_date, expiry_date, whole_life_cost_nominal_pence,
    whole_life_cost_npv_pence, current_year_value_pence, scope, service_area, contract_owner,
    contract_manager, created_at, updated_at)
SELECT id, name, reference, contractor_legal_name, contractor_trading_name,
    contractor_construct, award_date, start_date, expiry_date, whole_life_cost_nominal_pence,
    whole_life_cost_npv_pence, current_year_value_pence, scope, service_area, contract_owner,
    contract_manager, created_at, updated_at
FROM contract;

DROP TABLE contract;
ALTER TABLE contract_rebuilt RENAME TO contract;
