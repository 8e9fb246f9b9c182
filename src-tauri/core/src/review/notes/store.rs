//! What the group writes down about a review: the challenge log, findings tagged with
//! themes, recommendations, the whole review in one read, and the feedback letter.

use crate::framework::{report_activities, report_framework, ActivityRef};
use crate::kernel::error::{CoreError, Result};
use crate::kernel::write_transaction;
use crate::kernel::{now, Store};
use crate::organisation::{Addressee, Organisation};
use crate::review::notes::{Letter, ReviewDetail};
use crate::review::store::review_activities;
use crate::review::store::{actions_of, member, not_found, review_row, update_or_insert};
use crate::review::{
    check_text, Challenge, ChallengeInput, Finding, FindingInput, FindingKind, Outcome,
    Recommendation, Theme,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

fn themes_of(conn: &Connection, finding_id: i64) -> Result<Vec<Theme>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, t.active FROM finding_theme ft JOIN theme t ON t.id = ft.theme_id
         WHERE ft.finding_id = ?1 ORDER BY t.name",
    )?;
    let rows = stmt
        .query_map([finding_id], |r| {
            Ok(Theme {
                id: r.get(0)?,
                name: r.get(1)?,
                active: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn next_position(conn: &Connection, table: &str, review_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        &format!("SELECT COALESCE(MAX(position), -1) + 1 FROM {table} WHERE review_id = ?1"),
        [review_id],
        |r| r.get(0),
    )
}

fn delete_row(conn: &Connection, table: &str, what: &'static str, id: i64) -> Result<()> {
    if conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])? == 0 {
        return Err(not_found(what, id));
    }
    Ok(())
}

impl Store {
    pub fn challenges(&self, review_id: i64) -> Result<Vec<Challenge>> {
        review_row(&self.conn, review_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, question, asked_by, answer, satisfied FROM challenge WHERE review_id = ?1 ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([review_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<bool>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, question, asked_by, answer, satisfied)| {
                Ok(Challenge {
                    id,
                    question,
                    asked_by: asked_by.map(|m| member(&self.conn, m)).transpose()?,
                    answer,
                    satisfied,
                })
            })
            .collect()
    }

    /// Adds a question to the challenge log (`id` None) or records its answer.
    pub fn save_challenge(
        &mut self,
        review_id: i64,
        id: Option<i64>,
        input: &ChallengeInput,
    ) -> Result<Vec<Challenge>> {
        input.check().map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        review_row(&tx, review_id)?;
        if let Some(m) = input.asked_by {
            member(&tx, m)?;
        }
        let (q, a) = (input.question.trim(), input.answer.trim());
        update_or_insert(
            &tx,
            id,
            "Challenge",
            |id| {
                tx.execute(
                    "UPDATE challenge SET question = ?3, asked_by = ?4, answer = ?5, satisfied = ?6 WHERE id = ?1 AND review_id = ?2",
                    params![id, review_id, q, input.asked_by, a, input.satisfied],
                )
            },
            || {
                tx.execute(
                    "INSERT INTO challenge (review_id, position, question, asked_by, answer, satisfied) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![review_id, next_position(&tx, "challenge", review_id)?, q, input.asked_by, a, input.satisfied],
                )
            },
        )?;
        tx.commit()?;
        self.challenges(review_id)
    }

    pub fn delete_challenge(&mut self, id: i64) -> Result<()> {
        delete_row(&self.conn, "challenge", "Challenge", id)
    }

    /// The themes findings can be tagged with, active ones first.
    pub fn themes(&self) -> Result<Vec<Theme>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, active FROM theme ORDER BY active DESC, name COLLATE NOCASE",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Theme {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    active: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Adds a theme (`id` None), renames one, or retires it from the list (`active` false);
    /// findings already tagged keep it.
    pub fn save_theme(&mut self, id: Option<i64>, name: &str, active: bool) -> Result<Vec<Theme>> {
        let name =
            check_text("name", "the theme's name", name, 100).map_err(CoreError::Validation)?;
        let clash: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM theme WHERE name = ?1 COLLATE NOCASE",
                [&name],
                |r| r.get(0),
            )
            .optional()?;
        if clash.is_some_and(|c| Some(c) != id) {
            return Err(CoreError::Validation(vec![
                crate::kernel::error::FieldError::new(
                    "name",
                    format!("There is already a theme called \"{name}\""),
                ),
            ]));
        }
        update_or_insert(
            &self.conn,
            id,
            "Theme",
            |id| {
                self.conn.execute(
                    "UPDATE theme SET name = ?2, active = ?3 WHERE id = ?1",
                    params![id, name, active],
                )
            },
            || {
                self.conn.execute(
                    "INSERT INTO theme (name, active) VALUES (?1, ?2)",
                    params![name, active],
                )
            },
        )?;
        self.themes()
    }

    pub fn findings(&self, review_id: i64) -> Result<Vec<Finding>> {
        review_row(&self.conn, review_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, activity, text FROM finding WHERE review_id = ?1 ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([review_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<u8>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, kind, activity, text)| {
                Ok(Finding {
                    id,
                    kind: FindingKind::parse(&kind).unwrap_or(FindingKind::Issue),
                    activity,
                    text,
                    themes: themes_of(&self.conn, id)?,
                })
            })
            .collect()
    }

    /// Adds a strength or issue (`id` None) or changes one, with its themes.
    pub fn save_finding(
        &mut self,
        review_id: i64,
        id: Option<i64>,
        input: &FindingInput,
    ) -> Result<Vec<Finding>> {
        let count = review_activities(&self.conn, review_id)?.len() as u8;
        input.check(count).map_err(CoreError::Validation)?;
        let tx = write_transaction(&mut self.conn)?;
        review_row(&tx, review_id)?;
        for t in &input.theme_ids {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM theme WHERE id = ?1)",
                [t],
                |r| r.get(0),
            )?;
            if !known {
                return Err(not_found("Theme", *t));
            }
        }
        let text = input.text.trim();
        let id = update_or_insert(
            &tx,
            id,
            "Finding",
            |id| {
                let n = tx.execute(
                    "UPDATE finding SET kind = ?3, activity = ?4, text = ?5 WHERE id = ?1 AND review_id = ?2",
                    params![id, review_id, input.kind.as_str(), input.activity, text],
                )?;
                tx.execute("DELETE FROM finding_theme WHERE finding_id = ?1", [id])?;
                Ok(n)
            },
            || {
                tx.execute(
                    "INSERT INTO finding (review_id, position, kind, activity, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![review_id, next_position(&tx, "finding", review_id)?, input.kind.as_str(), input.activity, text],
                )
            },
        )?;
        for t in &input.theme_ids {
            tx.execute(
                "INSERT OR IGNORE INTO finding_theme (finding_id, theme_id) VALUES (?1, ?2)",
                params![id, t],
            )?;
        }
        tx.commit()?;
        self.findings(review_id)
    }

    pub fn delete_finding(&mut self, id: i64) -> Result<()> {
        delete_row(&self.conn, "finding", "Finding", id)
    }

    pub fn recommendations(&self, review_id: i64) -> Result<Vec<Recommendation>> {
        review_row(&self.conn, review_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, text FROM recommendation WHERE review_id = ?1 ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([review_id], |r| {
                Ok(Recommendation {
                    id: r.get(0)?,
                    text: r.get(1)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    pub fn save_recommendation(
        &mut self,
        review_id: i64,
        id: Option<i64>,
        text: &str,
    ) -> Result<Vec<Recommendation>> {
        let text =
            check_text("text", "the recommendation", text, 5_000).map_err(CoreError::Validation)?;
        review_row(&self.conn, review_id)?;
        update_or_insert(
            &self.conn,
            id,
            "Recommendation",
            |id| {
                self.conn.execute(
                    "UPDATE recommendation SET text = ?3 WHERE id = ?1 AND review_id = ?2",
                    params![id, review_id, text],
                )
            },
            || {
                self.conn.execute(
                    "INSERT INTO recommendation (review_id, position, text) VALUES (?1, ?2, ?3)",
                    params![
                        review_id,
                        next_position(&self.conn, "recommendation", review_id)?,
                        text
                    ],
                )
            },
        )?;
        self.recommendations(review_id)
    }

    pub fn delete_recommendation(&mut self, id: i64) -> Result<()> {
        delete_row(&self.conn, "recommendation", "Recommendation", id)
    }

    /// Everything about one review, for its screen.
    pub fn review_detail(&self, review_id: i64, today: NaiveDate) -> Result<ReviewDetail> {
        let v = review_row(&self.conn, review_id)?;
        let meeting = self.meeting(v.meeting_id)?;
        let item = meeting
            .items
            .iter()
            .find(|i| i.review_id == review_id)
            .cloned()
            .ok_or_else(|| not_found("Review", review_id))?;
        let (return_by, audit_referral, audit_reason): (Option<NaiveDate>, bool, String) =
            self.conn.query_row(
                "SELECT return_by, audit_referral, audit_reason FROM review WHERE id = ?1",
                [review_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
        let framework_version = report_framework(&self.conn, v.report_id)?;
        Ok(ReviewDetail {
            review_id,
            report_id: v.report_id,
            framework_version,
            title: item.title,
            version: item.version,
            contracts: item.contracts,
            previous_review_id: item.previous_review_id,
            revealed: v.revealed,
            outcome: v.outcome,
            return_by,
            audit_referral,
            audit_reason,
            progress_narrative: v.progress_narrative,
            challenges: self.challenges(review_id)?,
            findings: self.findings(review_id)?,
            recommendations: self.recommendations(review_id)?,
            actions: actions_of(&self.conn, review_id, today)?,
            meeting,
        })
    }

    /// The feedback letter to the Corporate Director and the Cabinet Member: as edited, or
    /// written from the review's outcome, findings, recommendations and actions.
    pub fn feedback_letter(&self, review_id: i64, today: NaiveDate) -> Result<Letter> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT letter FROM review WHERE id = ?1",
                [review_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| not_found("Review", review_id))?;
        if let Some(text) = stored {
            return Ok(Letter {
                text,
                edited: true,
                not_ready: Vec::new(),
            });
        }
        let d = self.review_detail(review_id, today)?;
        let org = crate::organisation::store::organisation(&self.conn)?;
        let head = LetterHead::new(&org, &d, today);
        Ok(Letter {
            text: generated_letter(
                &head,
                &d,
                &self.moderated_summary(review_id)?,
                &review_activities(&self.conn, review_id)?,
            ),
            edited: false,
            not_ready: head.not_ready,
        })
    }

    /// Keeps an edited letter; `None` goes back to the generated one.
    pub fn save_letter(&mut self, review_id: i64, text: Option<&str>) -> Result<()> {
        if let Some(t) = text {
            if t.chars().count() > 50_000 {
                return Err(CoreError::Validation(vec![
                    crate::kernel::error::FieldError::new(
                        "letter",
                        "The letter must be 50,000 characters or fewer",
                    ),
                ]));
            }
        }
        review_row(&self.conn, review_id)?;
        self.conn.execute(
            "UPDATE review SET letter = ?2, updated_at = ?3 WHERE id = ?1",
            params![review_id, text.map(str::trim), now()],
        )?;
        Ok(())
    }

    /// "Planning and governance: self-assessed 3 (target 4), agreed 3", one per activity.
    fn moderated_summary(&self, review_id: i64) -> Result<Vec<String>> {
        let v = review_row(&self.conn, review_id)?;
        let activities = report_activities(&self.conn, v.report_id)?;
        let owner = crate::review::store::owner_levels(&self.conn, v.report_id, activities.len())?;
        let moderated =
            crate::review::store::moderated_levels(&self.conn, review_id, activities.len())?;
        let l = |x: Option<u8>| x.map(|x| x.to_string()).unwrap_or_else(|| "–".into());
        Ok(activities
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let agreed = match &moderated[i] {
                    Some(m) if m.capped => format!("agreed {} (capped: {})", m.level, m.cap_reason),
                    Some(m) => format!("agreed {}", m.level),
                    None => "not yet agreed".into(),
                };
                format!(
                    "{}: self-assessed {} (target {}), {agreed}",
                    a.name,
                    l(owner[i].0),
                    l(owner[i].1)
                )
            })
            .collect())
    }
}

/// Who the letter is to and from, as the council's settings and the meeting give them.
struct LetterHead {
    /// "2 December 2026": the day the letter is written.
    date: String,
    /// One line per addressee: "Jane Smith, Corporate Director".
    to: Vec<String>,
    /// "Dear Jane Smith and Sam Wu,".
    salutation: String,
    /// The signature block's lines: name, role, group and council.
    signature: Vec<String>,
    /// What must still be named before the letter is ready to send.
    not_ready: Vec<String>,
}

impl LetterHead {
    /// Signed by the settings' signatory, or else by the meeting's chair.
    fn new(org: &Organisation, d: &ReviewDetail, today: NaiveDate) -> LetterHead {
        let mut not_ready = Vec::new();
        let mut greet = Vec::new();
        for a in &org.letter_to {
            if a.name.is_empty() {
                not_ready.push(format!("the {}'s name", a.role));
                greet.push(a.role.clone());
            } else {
                greet.push(a.name.clone());
            }
        }
        let signer = match (&d.meeting.chair, org.signed_by.name.is_empty()) {
            (_, false) => Some((org.signed_by.name.clone(), org.signed_by.role.clone())),
            (Some(chair), true) => Some((chair.name.clone(), chair.role.clone())),
            (None, true) => {
                not_ready.push("who signs the letter".into());
                None
            }
        };
        let mut signature = Vec::new();
        if let Some((name, role)) = signer {
            signature.push(name);
            if !role.is_empty() {
                signature.push(role);
            }
        }
        signature.push(format!("Contract Management Review Group, {}", org.name));
        LetterHead {
            date: today.format("%-d %B %Y").to_string(),
            to: org.letter_to.iter().map(Addressee::line).collect(),
            salutation: format!("Dear {},", and_list(&greet)),
            signature,
            not_ready,
        }
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn generated_letter(
    head: &LetterHead,
    d: &ReviewDetail,
    levels: &[String],
    activities: &[ActivityRef],
) -> String {
    let date = d.meeting.held_on.format("%-d %B %Y");
    let mut out = String::new();
    out.push_str(&format!("{}\n\nTo:\n", head.date));
    for line in &head.to {
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&format!(
        "\nContract management review: {}\n\n{}\n\n",
        d.title, head.salutation
    ));
    let contracts = if d.contracts.is_empty() {
        d.title.clone()
    } else {
        d.contracts.join("; ")
    };
    out.push_str(&format!(
        "The Contract Management Review Group met on {date} to review the contract management maturity report (version {}) for {contracts}.",
        d.version
    ));
    if let Some(chair) = &d.meeting.chair {
        out.push_str(&format!(
            " The meeting was chaired by {}, {}.",
            chair.name, chair.role
        ));
    }
    out.push_str("\n\n");
    match d.outcome {
        Some(o) => {
            out.push_str(&format!("Outcome: {}.", o.words()));
            if let (Outcome::ReturnForReReview, Some(by)) = (o, d.return_by) {
                out.push_str(&format!(
                    " The group asks for the contract to return for re-review by {}.",
                    by.format("%-d %B %Y")
                ));
            }
            out.push('\n');
        }
        None => out.push_str("Outcome: not yet recorded.\n"),
    }
    if d.audit_referral {
        out.push_str(&format!(
            "The group has referred the contract to Internal Audit: {}\n",
            d.audit_reason
        ));
    }
    out.push_str("\nMaturity levels\n");
    for l in levels {
        out.push_str(&format!("- {l}\n"));
    }
    for (kind, heading) in [
        (FindingKind::Strength, "Strengths"),
        (FindingKind::Issue, "Issues"),
    ] {
        let items: Vec<&Finding> = d.findings.iter().filter(|f| f.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{heading}\n"));
        for f in items {
            let about = f
                .activity
                .and_then(|a| activities.get(usize::from(a) - 1))
                .map(|a| format!("{}: ", a.name))
                .unwrap_or_default();
            out.push_str(&format!("- {about}{}\n", f.text));
        }
    }
    if !d.recommendations.is_empty() {
        out.push_str("\nRecommendations\n");
        for (i, r) in d.recommendations.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, r.text));
        }
    }
    if !d.actions.is_empty() {
        out.push_str("\nActions\n");
        for a in &d.actions {
            out.push_str(&format!(
                "- {} (owner: {}; due {})\n",
                a.text,
                a.owner,
                a.due.format("%-d %B %Y")
            ));
        }
    }
    out.push_str(
        "\nThe group thanks the contract owner and their team for their report and their time.\n\nYours sincerely,\n\n",
    );
    for line in &head.signature {
        out.push_str(&format!("{line}\n"));
    }
    out
}
