-- 0010: choosing contracts for review. The commissioner's judgement of each contract on
-- the council's criteria, and the requests for review from members, committees and
-- boards. (The weights are a setting: app_setting 'priority_weights'.) A shipped migration
-- is never edited.
CREATE TABLE contract_priority (
    contract_id          INTEGER PRIMARY KEY REFERENCES contract(id) ON DELETE CASCADE,
    complexity           TEXT CHECK (complexity IN ('low', 'medium', 'high')),
    inherent_risk        TEXT CHECK (inherent_risk IN ('low', 'medium', 'high')),
    strategic_importance TEXT CHECK (strategic_importance IN ('low', 'medium', 'high')),
    audit                TEXT NOT NULL DEFAULT 'none'
                         CHECK (audit IN ('none', 'scheduled', 'recently_audited'))
) STRICT;

CREATE TABLE review_request (
    id           INTEGER PRIMARY KEY,
    contract_id  INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    requested_by TEXT NOT NULL CHECK (length(requested_by) > 0),
    requested_on TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX review_request_by_contract ON review_request(contract_id);
