-- 0019: one list of meetings. The forward plan's planned meetings (plan_item, 0011) and the
-- review group's meetings (review_meeting, 0008) were two lists: a meeting the group held
-- did not appear on the forward plan, and a planned one had to be set up again in the
-- group. Now a review meeting is one row, planned, moved or held, with its agenda; the
-- forward plan, the review group, the six-month update and the portfolio all read it.
-- A shipped migration is never edited; add a new file instead.

-- What the forward plan kept of a meeting, now the meeting's own.
ALTER TABLE review_meeting ADD COLUMN date_confirmed INTEGER NOT NULL DEFAULT 1 CHECK (date_confirmed IN (0, 1));
ALTER TABLE review_meeting ADD COLUMN topic TEXT NOT NULL DEFAULT '';
ALTER TABLE review_meeting ADD COLUMN lead_officer TEXT NOT NULL DEFAULT '';
ALTER TABLE review_meeting ADD COLUMN status TEXT NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'moved', 'held'));

-- The contracts a meeting is planned to review, before their reports are on its agenda.
CREATE TABLE meeting_contract (
    meeting_id  INTEGER NOT NULL REFERENCES review_meeting(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, contract_id)
) STRICT;
CREATE INDEX meeting_contract_by_contract ON meeting_contract(contract_id);

-- Every move of a meeting: the slot it left, and why.
CREATE TABLE meeting_move (
    id                  INTEGER PRIMARY KEY,
    meeting_id          INTEGER NOT NULL REFERENCES review_meeting(id) ON DELETE CASCADE,
    from_on             TEXT NOT NULL,
    from_date_confirmed INTEGER NOT NULL CHECK (from_date_confirmed IN (0, 1)),
    from_starts_at      TEXT NOT NULL DEFAULT '',
    from_ends_at        TEXT NOT NULL DEFAULT '',
    reason              TEXT NOT NULL DEFAULT '',
    moved_at            TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_move_by_meeting ON meeting_move(meeting_id);

-- A meeting the group recorded on a day already past was held.
UPDATE review_meeting SET status = 'held' WHERE held_on <= date('now');

-- A planned meeting is the group's meeting that day (the one with its contracts on the
-- agenda first, as the forward plan matched them); each group meeting takes one plan item.
CREATE TEMP TABLE plan_to_meeting AS
SELECT p.id AS plan_id,
       (SELECT m.id FROM review_meeting m
        WHERE p.date_confirmed = 1 AND m.held_on = p.planned_on
        ORDER BY EXISTS (SELECT 1 FROM review v
                         JOIN report_contract rc ON rc.report_id = v.report_id
                         JOIN plan_item_contract pc ON pc.contract_id = rc.contract_id
                         WHERE v.meeting_id = m.id AND pc.plan_id = p.id) DESC, m.id
        LIMIT 1) AS meeting_id
FROM plan_item p;
UPDATE plan_to_meeting SET meeting_id = NULL
WHERE meeting_id IS NOT NULL
  AND plan_id <> (SELECT MIN(t.plan_id) FROM plan_to_meeting t WHERE t.meeting_id = plan_to_meeting.meeting_id);

-- The others become meetings of their own, remembered by the plan item they were.
ALTER TABLE review_meeting ADD COLUMN from_plan_item INTEGER;
INSERT INTO review_meeting (held_on, starts_at, ends_at, chair_id, updated_at, date_confirmed,
                            topic, lead_officer, status, from_plan_item)
SELECT p.planned_on, p.starts_at, p.ends_at, NULL, p.updated_at, p.date_confirmed,
       p.topic, p.lead_officer, p.status, p.id
FROM plan_item p JOIN plan_to_meeting t ON t.plan_id = p.id
WHERE t.meeting_id IS NULL;
UPDATE plan_to_meeting SET meeting_id = (SELECT m.id FROM review_meeting m WHERE m.from_plan_item = plan_to_meeting.plan_id)
WHERE meeting_id IS NULL;
ALTER TABLE review_meeting DROP COLUMN from_plan_item;

-- A matched meeting takes the plan's topic, lead officer and status (held once the group
-- has held it), and the plan's times where the group left them blank.
UPDATE review_meeting SET
    topic = (SELECT p.topic FROM plan_item p JOIN plan_to_meeting t ON t.plan_id = p.id WHERE t.meeting_id = review_meeting.id),
    lead_officer = (SELECT p.lead_officer FROM plan_item p JOIN plan_to_meeting t ON t.plan_id = p.id WHERE t.meeting_id = review_meeting.id),
    status = CASE WHEN status = 'held' THEN 'held'
                  ELSE (SELECT p.status FROM plan_item p JOIN plan_to_meeting t ON t.plan_id = p.id WHERE t.meeting_id = review_meeting.id) END,
    starts_at = CASE WHEN starts_at = '' THEN (SELECT p.starts_at FROM plan_item p JOIN plan_to_meeting t ON t.plan_id = p.id WHERE t.meeting_id = review_meeting.id) ELSE starts_at END,
    ends_at = CASE WHEN ends_at = '' THEN (SELECT p.ends_at FROM plan_item p JOIN plan_to_meeting t ON t.plan_id = p.id WHERE t.meeting_id = review_meeting.id) ELSE ends_at END
WHERE id IN (SELECT meeting_id FROM plan_to_meeting)
  AND id IN (SELECT meeting_id FROM plan_to_meeting t JOIN plan_item p ON p.id = t.plan_id);

INSERT INTO meeting_contract (meeting_id, contract_id, position)
SELECT t.meeting_id, pc.contract_id, pc.position
FROM plan_item_contract pc JOIN plan_to_meeting t ON t.plan_id = pc.plan_id;

INSERT INTO meeting_move (meeting_id, from_on, from_date_confirmed, from_starts_at, from_ends_at, reason, moved_at)
SELECT t.meeting_id, m.from_on, m.from_date_confirmed, m.from_starts_at, m.from_ends_at, m.reason, m.moved_at
FROM plan_move m JOIN plan_to_meeting t ON t.plan_id = m.plan_id
ORDER BY m.id;

DROP TABLE plan_to_meeting;
DROP TABLE plan_move;
DROP TABLE plan_item_contract;
DROP TABLE plan_item;
