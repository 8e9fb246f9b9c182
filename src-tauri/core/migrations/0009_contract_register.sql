-- 0009: what a published contract register (Local Government Transparency Code) holds
-- beyond Section 1 of the template. Kept apart from the contract row so the sealed form of
-- a report (Section 1) is unchanged. A shipped migration is never edited.
CREATE TABLE contract_register (
    contract_id           INTEGER PRIMARY KEY REFERENCES contract(id) ON DELETE CASCADE,
    supplier_registration TEXT NOT NULL DEFAULT '',
    review_date           TEXT,
    procurement_type      TEXT NOT NULL DEFAULT ''
) STRICT;
