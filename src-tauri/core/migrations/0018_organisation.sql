-- 0018: the council's own names, which the template's wording puts in ("Fulfilment of
-- KCC's obligations"), chosen on first start and changeable later; and the review group's
-- secretariat as a role of its own. A shipped migration is never edited; add a new file.

-- One row, once chosen. letter_to is a JSON array of {"name", "role"}: who the feedback
-- letter goes to. signed_by_* is who signs the letter for the review group.
CREATE TABLE organisation (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    short_name      TEXT NOT NULL CHECK (length(trim(short_name)) > 0),
    board           TEXT NOT NULL CHECK (length(trim(board)) > 0),
    committee       TEXT NOT NULL CHECK (length(trim(committee)) > 0),
    letter_to       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(letter_to)),
    signed_by_name  TEXT NOT NULL DEFAULT '',
    signed_by_role  TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
) STRICT;

-- A data file already in use was Kent County Council's, whose papers the app was made from:
-- it keeps the names it has always shown, and is not asked again.
INSERT INTO organisation (id, name, short_name, board, committee, letter_to, updated_at)
SELECT 1, 'Kent County Council', 'KCC', 'Budget and Programme Delivery Board',
       'Policy and Resources Cabinet Committee',
       '[{"name":"","role":"Corporate Director"},{"name":"","role":"Cabinet Member"}]',
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE EXISTS (SELECT 1 FROM app_user) OR EXISTS (SELECT 1 FROM maturity_report);

-- The board a signed report's owner was held to account to, as the settings named it when
-- the report was signed (the short name is in the signed statements); NULL before.
ALTER TABLE report_seal ADD COLUMN board TEXT;

-- The secretariat joins the three roles (a CHECK cannot be altered, so the table is rebuilt).
CREATE TABLE app_user_new (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('contract_owner', 'review_group_member', 'secretariat', 'commissioner')),
    updated_at TEXT NOT NULL
) STRICT;
INSERT INTO app_user_new SELECT id, name, role, updated_at FROM app_user;
DROP TABLE app_user;
ALTER TABLE app_user_new RENAME TO app_user;
