-- 0020: the history of each contract's owners, with dates, for handover when an owner
-- leaves: who owned it, from when and until when, and the note the previous owner left
-- the next. A shipped migration is never edited; add a new file instead.

CREATE TABLE owner_history (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    owner       TEXT NOT NULL,
    -- The owner's position, when given at handover ("Head of Facilities Management").
    position    TEXT NOT NULL DEFAULT '',
    -- NULL where it is not known (an owner recorded before this history began).
    since       TEXT CHECK (since IS NULL OR date(since) = since),
    until       TEXT CHECK (until IS NULL OR date(until) = until),
    -- The previous owner's note to this one, left at handover.
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX owner_history_by_contract ON owner_history(contract_id, id);

-- Every contract's owner now, since a date not known.
INSERT INTO owner_history (contract_id, owner, since, recorded_at)
SELECT id, contract_owner, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM contract
WHERE length(trim(contract_owner)) > 0;

-- However the owner changes (the contract's form, a register import, a handover), the
-- history follows: the owner before ends the day before, the new one starts that day.
CREATE TRIGGER owner_history_on_insert AFTER INSERT ON contract
WHEN length(trim(NEW.contract_owner)) > 0
BEGIN
    INSERT INTO owner_history (contract_id, owner, since, recorded_at)
    VALUES (NEW.id, NEW.contract_owner, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;

CREATE TRIGGER owner_history_on_change AFTER UPDATE OF contract_owner ON contract
WHEN NEW.contract_owner IS NOT OLD.contract_owner
BEGIN
    UPDATE owner_history SET until = date('now') WHERE contract_id = NEW.id AND until IS NULL;
    INSERT INTO owner_history (contract_id, owner, since, recorded_at)
    VALUES (NEW.id, NEW.contract_owner, date('now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
