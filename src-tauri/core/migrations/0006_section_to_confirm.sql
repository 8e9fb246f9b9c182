-- 0006: a section carried forward from the previous report stays "to confirm" until the
-- owner saves it (changed or not).
-- A shipped migration is never edited; add a new file instead.

ALTER TABLE report_section
    ADD COLUMN to_confirm INTEGER NOT NULL DEFAULT 0 CHECK (to_confirm IN (0, 1));
