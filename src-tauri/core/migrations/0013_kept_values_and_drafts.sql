-- 0013: values typed into a form that cannot be saved yet ("n/a" in a KPI month, "£1.2.3"
-- in a payment cell), kept exactly as typed so nothing is lost, while every good value
-- beside them is saved. They live outside report_section, so a report's sealed document
-- never holds one, and a report cannot be signed while any remain.
-- form: which form, for example 'report/12/section/5'. pointer: where the value goes back
-- in the form's input (RFC 6901). typed: the value as JSON. A shipped migration is never edited.
CREATE TABLE kept_value (
    form      TEXT NOT NULL,
    pointer   TEXT NOT NULL,
    report_id INTEGER REFERENCES maturity_report(id) ON DELETE CASCADE,
    section   INTEGER,
    field     TEXT NOT NULL,
    typed     TEXT NOT NULL,
    message   TEXT NOT NULL,
    kept_at   TEXT NOT NULL,
    PRIMARY KEY (form, pointer)
) STRICT;

CREATE INDEX kept_value_report ON kept_value(report_id, section);

-- What is typed into a form that adds or changes a record on a button (an action, a
-- finding, a meeting, a member, the letter…), kept as typed while it is being written and
-- while the record refuses it, so closing the window or going elsewhere loses nothing.
-- form: which form, for example 'review/12/action'. input: the form as JSON. errors: what
-- the last attempt to save it said, as [{field, message}].
CREATE TABLE form_draft (
    form    TEXT PRIMARY KEY,
    input   TEXT NOT NULL,
    errors  TEXT NOT NULL DEFAULT '[]',
    kept_at TEXT NOT NULL
) STRICT;
