-- 0011: the forward plan (the timetable of review meetings the committee endorses), where
-- each planned meeting moved from, and when an action was closed (for the six-monthly
-- report's "actions opened, closed and overdue"). A shipped migration is never edited.

CREATE TABLE plan_item (
    id             INTEGER PRIMARY KEY,
    planned_on     TEXT NOT NULL CHECK (date(planned_on) = planned_on),
    -- 0: only the month is settled ("April (date tbc)"); planned_on is then its first day.
    date_confirmed INTEGER NOT NULL DEFAULT 1 CHECK (date_confirmed IN (0, 1)),
    starts_at      TEXT NOT NULL DEFAULT '',
    ends_at        TEXT NOT NULL DEFAULT '',
    -- e.g. "School Building Contracts (to include Kier and Willmott Dixon)"; may be empty.
    topic          TEXT NOT NULL DEFAULT '',
    lead_officer   TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'moved', 'held')),
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX plan_item_by_date ON plan_item(planned_on);

CREATE TABLE plan_item_contract (
    plan_id     INTEGER NOT NULL REFERENCES plan_item(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (plan_id, contract_id)
) STRICT;
CREATE INDEX plan_item_contract_by_contract ON plan_item_contract(contract_id);

-- Every move of a planned meeting: the slot it left, and why.
CREATE TABLE plan_move (
    id                  INTEGER PRIMARY KEY,
    plan_id             INTEGER NOT NULL REFERENCES plan_item(id) ON DELETE CASCADE,
    from_on             TEXT NOT NULL,
    from_date_confirmed INTEGER NOT NULL CHECK (from_date_confirmed IN (0, 1)),
    from_starts_at      TEXT NOT NULL DEFAULT '',
    from_ends_at        TEXT NOT NULL DEFAULT '',
    reason              TEXT NOT NULL DEFAULT '',
    moved_at            TEXT NOT NULL
) STRICT;
CREATE INDEX plan_move_by_plan ON plan_move(plan_id);

ALTER TABLE review_action ADD COLUMN closed_on TEXT;
UPDATE review_action SET closed_on = substr(updated_at, 1, 10) WHERE status IN ('done', 'dropped');
