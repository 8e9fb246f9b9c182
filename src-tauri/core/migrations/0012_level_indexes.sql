-- 0012: covering indexes for the levels the portfolio reads over every contract at once.
-- With them SQLite reads each report's eight levels and targets (and each review's agreed
-- levels) from a compact index instead of the table rows, which also carry the owner's
-- rationale and the group's reasons, often paragraphs long. A shipped migration is never edited.

CREATE INDEX activity_assessment_levels
    ON activity_assessment(report_id, activity, current_level, target_level);
CREATE INDEX moderated_level_levels ON moderated_level(review_id, activity, level);
