-- 0008: the review sub-group's work (the Contract Management Review Group): its members,
-- its meetings, each report reviewed at a meeting, members' independent scores, the
-- moderated levels, challenge, findings, recommendations, actions and the outcome.
-- A shipped migration is never edited; add a new file instead.

-- The group's members over time, e.g. "Cabinet Member for Strategic Commissioning (Chair)".
CREATE TABLE group_member (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    role        TEXT NOT NULL DEFAULT '',
    active_from TEXT NOT NULL,
    active_to   TEXT,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE review_meeting (
    id         INTEGER PRIMARY KEY,
    held_on    TEXT NOT NULL,
    starts_at  TEXT NOT NULL DEFAULT '',
    ends_at    TEXT NOT NULL DEFAULT '',
    chair_id   INTEGER REFERENCES group_member(id),
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX review_meeting_by_date ON review_meeting(held_on);

-- Who was there: present = 1, apologies = 0.
CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES review_meeting(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES group_member(id),
    present    INTEGER NOT NULL CHECK (present IN (0, 1)),
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

-- One report considered at one meeting: an agenda item and everything the group records
-- about it. The earlier review a re-review follows is found by date and contract when
-- read, so a meeting entered late still links up.
CREATE TABLE review (
    id                 INTEGER PRIMARY KEY,
    meeting_id         INTEGER NOT NULL REFERENCES review_meeting(id) ON DELETE CASCADE,
    report_id          INTEGER NOT NULL REFERENCES maturity_report(id),
    position           INTEGER NOT NULL,
    revealed_at        TEXT,
    outcome            TEXT CHECK (outcome IN ('reviewed', 'reviewed_with_concerns', 'return_for_re_review')),
    return_by          TEXT,
    audit_referral     INTEGER NOT NULL DEFAULT 0 CHECK (audit_referral IN (0, 1)),
    audit_reason       TEXT NOT NULL DEFAULT '',
    progress_narrative TEXT NOT NULL DEFAULT '',
    -- The feedback letter as edited; NULL while it is the one generated from the findings.
    letter             TEXT,
    updated_at         TEXT NOT NULL,
    UNIQUE (meeting_id, report_id)
) STRICT;
CREATE INDEX review_by_report ON review(report_id);

-- A member's own score for an activity, recorded before the chair reveals them all.
CREATE TABLE member_score (
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES group_member(id),
    activity   INTEGER NOT NULL CHECK (activity BETWEEN 1 AND 8),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT '',
    capped     INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1)),
    cap_reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, member_id, activity)
) STRICT;

-- The level the group agrees after the reveal.
CREATE TABLE moderated_level (
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    activity   INTEGER NOT NULL CHECK (activity BETWEEN 1 AND 8),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    rationale  TEXT NOT NULL CHECK (length(rationale) > 0),
    capped     INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1)),
    cap_reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, activity)
) STRICT;

CREATE TABLE dissent (
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    activity  INTEGER NOT NULL CHECK (activity BETWEEN 1 AND 8),
    member_id INTEGER NOT NULL REFERENCES group_member(id),
    note      TEXT NOT NULL CHECK (length(note) > 0),
    PRIMARY KEY (review_id, activity, member_id)
) STRICT;

-- The challenge log: each question, who asked it, the answer, and whether the group was
-- satisfied (NULL while undecided).
CREATE TABLE challenge (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    question  TEXT NOT NULL CHECK (length(question) > 0),
    asked_by  INTEGER REFERENCES group_member(id),
    answer    TEXT NOT NULL DEFAULT '',
    satisfied INTEGER CHECK (satisfied IN (0, 1))
) STRICT;

-- The short, editable list of themes findings are tagged with.
CREATE TABLE theme (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO theme (name) VALUES ('Mobilisation'), ('Performance measures'),
    ('Contract development'), ('Systems');

CREATE TABLE finding (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('strength', 'issue')),
    activity  INTEGER CHECK (activity BETWEEN 1 AND 8),
    text      TEXT NOT NULL CHECK (length(text) > 0)
) STRICT;

CREATE TABLE finding_theme (
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    theme_id   INTEGER NOT NULL REFERENCES theme(id),
    PRIMARY KEY (finding_id, theme_id)
) STRICT;

CREATE TABLE recommendation (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL CHECK (length(text) > 0)
) STRICT;

CREATE TABLE review_action (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL CHECK (length(text) > 0),
    owner      TEXT NOT NULL CHECK (length(owner) > 0),
    due        TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    progress   TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX review_action_by_due ON review_action(status, due);
