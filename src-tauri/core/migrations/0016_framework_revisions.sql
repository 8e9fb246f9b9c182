-- 0016: revised frameworks. The council's matrix "is currently being reviewed": a revision
-- may add, retire or rename activities, so a version may have more or fewer than eight.
--
-- * Each activity gets a stable key, kept by a revision that rewords or renames it, so that
--   activities are matched across versions by key and never by position.
-- * A version is adopted at a time of its own choosing, not when it is loaded: new reports use
--   the version adopted last. Every version stored before this migration was in use the moment
--   it was loaded, so it counts as adopted then.
-- * Within a report, activities are still numbered by their position in the report's own
--   framework (1 to N; 0 is the overall row), so every sealed report keeps its bytes. The
--   tables that hold an activity number lose their "at most 8" check; the stores check the
--   number against the report's framework.
--
-- SQLite cannot change a CHECK constraint in place: the tables are rebuilt as SQLite's
-- documentation says ("Making Other Kinds Of Table Schema Changes", lang_altertable.html),
-- with foreign keys off for the migration and checked after it (Store::prepare).

ALTER TABLE framework_version ADD COLUMN adopted_at TEXT;
-- The order of adoptions, 1 first (a clock can give two adoptions one time): the version
-- with the highest is in use. NULL for a version never adopted.
ALTER TABLE framework_version ADD COLUMN adoption INTEGER CHECK (adoption >= 1);
UPDATE framework_version SET adopted_at = loaded_at,
    adoption = (SELECT count(*) FROM framework_version w
                WHERE w.loaded_at < framework_version.loaded_at
                   OR (w.loaded_at = framework_version.loaded_at AND w.id <= framework_version.id));

CREATE TABLE framework_activity_rebuilt (
    framework_id TEXT NOT NULL REFERENCES framework_version(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 1),
    -- e.g. 'planning-and-governance': lower-case letters, digits and hyphens
    key          TEXT NOT NULL CHECK (length(key) > 0),
    name         TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    PRIMARY KEY (framework_id, position),
    UNIQUE (framework_id, key)
) STRICT;
-- The built-in version's names are all letters and spaces: the key is the name in lower case
-- with hyphens for spaces, as the built-in framework file now gives it.
INSERT INTO framework_activity_rebuilt (framework_id, position, key, name, purpose)
SELECT framework_id, position, lower(replace(trim(name), ' ', '-')), name, purpose
FROM framework_activity;
DROP TABLE framework_activity;
ALTER TABLE framework_activity_rebuilt RENAME TO framework_activity;

CREATE TABLE activity_assessment_rebuilt (
    report_id            INTEGER NOT NULL REFERENCES maturity_report(id) ON DELETE CASCADE,
    -- the activity's position in the report's framework, or 0 for the overall row
    activity             INTEGER NOT NULL CHECK (activity >= 0),
    current_level        INTEGER CHECK (current_level BETWEEN 1 AND 5),
    target_level         INTEGER CHECK (target_level BETWEEN 1 AND 5),
    rationale            TEXT NOT NULL DEFAULT '',
    below_current_reason TEXT NOT NULL DEFAULT '',
    to_confirm           INTEGER NOT NULL DEFAULT 0 CHECK (to_confirm IN (0, 1)),
    updated_at           TEXT NOT NULL,
    PRIMARY KEY (report_id, activity)
) STRICT;
INSERT INTO activity_assessment_rebuilt SELECT report_id, activity, current_level, target_level,
    rationale, below_current_reason, to_confirm, updated_at FROM activity_assessment;
DROP TABLE activity_assessment;
ALTER TABLE activity_assessment_rebuilt RENAME TO activity_assessment;
CREATE INDEX activity_assessment_levels
    ON activity_assessment(report_id, activity, current_level, target_level);

CREATE TABLE member_score_rebuilt (
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES group_member(id),
    activity   INTEGER NOT NULL CHECK (activity >= 1),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT '',
    capped     INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1)),
    cap_reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, member_id, activity)
) STRICT;
INSERT INTO member_score_rebuilt SELECT review_id, member_id, activity, level, comment, capped,
    cap_reason, updated_at FROM member_score;
DROP TABLE member_score;
ALTER TABLE member_score_rebuilt RENAME TO member_score;

CREATE TABLE moderated_level_rebuilt (
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    activity   INTEGER NOT NULL CHECK (activity >= 1),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    rationale  TEXT NOT NULL CHECK (length(rationale) > 0),
    capped     INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1)),
    cap_reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, activity)
) STRICT;
INSERT INTO moderated_level_rebuilt SELECT review_id, activity, level, rationale, capped,
    cap_reason, updated_at FROM moderated_level;
DROP TABLE moderated_level;
ALTER TABLE moderated_level_rebuilt RENAME TO moderated_level;
CREATE INDEX moderated_level_levels ON moderated_level(review_id, activity, level);

CREATE TABLE dissent_rebuilt (
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    activity  INTEGER NOT NULL CHECK (activity >= 1),
    member_id INTEGER NOT NULL REFERENCES group_member(id),
    note      TEXT NOT NULL CHECK (length(note) > 0),
    PRIMARY KEY (review_id, activity, member_id)
) STRICT;
INSERT INTO dissent_rebuilt SELECT review_id, activity, member_id, note FROM dissent;
DROP TABLE dissent;
ALTER TABLE dissent_rebuilt RENAME TO dissent;

CREATE TABLE finding_rebuilt (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('strength', 'issue')),
    activity  INTEGER CHECK (activity >= 1),
    text      TEXT NOT NULL CHECK (length(text) > 0)
) STRICT;
INSERT INTO finding_rebuilt SELECT id, review_id, position, kind, activity, text FROM finding;
DROP TABLE finding;
ALTER TABLE finding_rebuilt RENAME TO finding;
