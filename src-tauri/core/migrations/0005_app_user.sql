-- 0005: who is using the app on this computer, asked on first start.
-- A shipped migration is never edited; add a new file instead.

CREATE TABLE app_user (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('contract_owner', 'review_group_member', 'commissioner')),
    updated_at TEXT NOT NULL
) STRICT;
