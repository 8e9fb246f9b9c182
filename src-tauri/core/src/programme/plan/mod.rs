//! The forward plan: the timetable of review meetings that the commissioner keeps and the
//! Cabinet Committee endorses every six months. Each planned meeting has a date (or only a
//! month, "April (date tbc)"), a time, the contract(s), the lead officer and a status;
//! moving one keeps the slot it moved from. Written the way the committee paper writes it:
//! "29.01.19, 11.30am – 12.30pm".

pub(crate) mod store;

use crate::kernel::error::FieldError;
use crate::review::{date_field, month_field, text_field, time_field};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Planned,
    Moved,
    Held,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Planned => "planned",
            PlanStatus::Moved => "moved",
            PlanStatus::Held => "held",
        }
    }

    pub fn parse(s: &str) -> Option<PlanStatus> {
        [PlanStatus::Planned, PlanStatus::Moved, PlanStatus::Held]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    /// As the plan shows it.
    pub fn words(self) -> &'static str {
        match self {
            PlanStatus::Planned => "Planned",
            PlanStatus::Moved => "Moved",
            PlanStatus::Held => "Held",
        }
    }
}

/// A planned review meeting as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PlanItemInput {
    /// The date; when `date_confirmed` is false only its month counts.
    pub date: String,
    pub date_confirmed: bool,
    /// "11:30" (24-hour); may be empty while not known.
    pub starts_at: String,
    pub ends_at: String,
    /// The contract(s) to be reviewed, in order, from the register.
    pub contract_ids: Vec<i64>,
    /// An optional heading, e.g. "School Building Contracts (to include Kier and Willmott Dixon)".
    pub topic: String,
    /// Empty means "TBC".
    pub lead_officer: String,
}

/// Where a planned meeting moves to, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MoveInput {
    pub date: String,
    pub date_confirmed: bool,
    pub starts_at: String,
    pub ends_at: String,
    pub reason: String,
}

/// A date and time checked: what a planned meeting occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub date: NaiveDate,
    pub date_confirmed: bool,
    pub starts_at: String,
    pub ends_at: String,
}

#[derive(Debug)]
pub struct ValidPlanItem {
    pub slot: Slot,
    pub contract_ids: Vec<i64>,
    pub topic: String,
    pub lead_officer: String,
}

/// The slot as typed. A month only (`date_confirmed` false) is the month and year boxes
/// ("2027-04"; a whole date is taken as its month), kept as its first day, with no time:
/// none can be known yet, so times typed before the box was ticked are not checked.
fn slot(
    e: &mut Vec<FieldError>,
    date: &str,
    date_confirmed: bool,
    starts_at: &str,
    ends_at: &str,
) -> Option<Slot> {
    if !date_confirmed {
        let month = month_field(e, "date", "the month of the meeting", date)?;
        return Some(Slot {
            date: month,
            date_confirmed,
            starts_at: String::new(),
            ends_at: String::new(),
        });
    }
    let d = date_field(e, "date", "the meeting date", date, true);
    let start = time_field(e, "starts_at", "The start time", starts_at);
    let end = time_field(e, "ends_at", "The end time", ends_at);
    if let (Some(s), Some(f)) = (start, end) {
        if f <= s {
            e.push(FieldError::new(
                "ends_at",
                "The end time must be after the start time",
            ));
        }
    }
    if end.is_some() && start.is_none() && starts_at.trim().is_empty() {
        e.push(FieldError::new(
            "starts_at",
            "Enter the start time as well as the end time",
        ));
    }
    // Times are kept as 24-hour "15:00", however they were typed ("3pm").
    Some(Slot {
        date: d?,
        date_confirmed,
        starts_at: crate::kernel::dates::clock(start),
        ends_at: crate::kernel::dates::clock(end),
    })
}

impl PlanItemInput {
    pub fn validate(&self) -> Result<ValidPlanItem, Vec<FieldError>> {
        let mut e = Vec::new();
        let s = slot(
            &mut e,
            &self.date,
            self.date_confirmed,
            &self.starts_at,
            &self.ends_at,
        );
        if self.contract_ids.is_empty() {
            e.push(FieldError::new(
                "contract_ids",
                "Choose at least one contract to review",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if self.contract_ids.iter().any(|id| !seen.insert(id)) {
            e.push(FieldError::new(
                "contract_ids",
                "A contract can be listed only once in a meeting",
            ));
        }
        if self.contract_ids.len() > 12 {
            e.push(FieldError::new(
                "contract_ids",
                "A meeting can review at most 12 contracts",
            ));
        }
        let topic = text_field(&mut e, "topic", "the heading", &self.topic, 300, false);
        let lead_officer = text_field(
            &mut e,
            "lead_officer",
            "the lead officer",
            &self.lead_officer,
            300,
            false,
        );
        match s {
            Some(slot) if e.is_empty() => Ok(ValidPlanItem {
                slot,
                contract_ids: self.contract_ids.clone(),
                topic,
                lead_officer,
            }),
            _ => Err(e),
        }
    }
}

impl MoveInput {
    pub fn validate(&self) -> Result<(Slot, String), Vec<FieldError>> {
        let mut e = Vec::new();
        let s = slot(
            &mut e,
            &self.date,
            self.date_confirmed,
            &self.starts_at,
            &self.ends_at,
        );
        let reason = text_field(&mut e, "reason", "the reason", &self.reason, 500, false);
        match s {
            Some(s) if e.is_empty() => Ok((s, reason)),
            _ => Err(e),
        }
    }
}

/// A range of dates as typed (for the plan, its exports and the portfolio's filter): each
/// end a date, or empty for open when not `required`; the end not before the start.
pub fn date_range(
    from: &str,
    to: &str,
    required: bool,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Vec<FieldError>> {
    let mut e = Vec::new();
    let from = date_field(&mut e, "from", "the first date", from, required);
    let to = date_field(&mut e, "to", "the last date", to, required);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            e.push(FieldError::new(
                "to",
                "The last date must be on or after the first date",
            ));
        }
    }
    if e.is_empty() {
        Ok((from, to))
    } else {
        Err(e)
    }
}

/// A range with both ends given (for the plan's exports and the six-month update's plan).
pub fn full_date_range(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), Vec<FieldError>> {
    match date_range(from, to, true)? {
        (Some(f), Some(t)) => Ok((f, t)),
        // date_range has already named any missing end.
        _ => Err(vec![FieldError::new(
            "from",
            "Enter the first and the last date",
        )]),
    }
}

/// When a contract's next review meeting is planned: a date, or only its month
/// (`date_confirmed` false, `date` the month's first day), which is shown as the month
/// ("April 2027 (date tbc)"), never as its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct PlannedDate {
    pub date: NaiveDate,
    pub date_confirmed: bool,
}

/// A contract on the plan, as the table names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PlanContract {
    pub id: i64,
    pub name: String,
    pub reference: String,
    pub service_area: String,
}

/// A slot a meeting moved away from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PlanMove {
    pub from_date: NaiveDate,
    pub from_date_confirmed: bool,
    pub from_starts_at: String,
    pub from_ends_at: String,
    pub reason: String,
    pub moved_at: String,
    /// "14.02.19, 3pm – 4pm", as the committee paper writes it.
    pub from_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PlanItem {
    pub id: i64,
    pub date: NaiveDate,
    pub date_confirmed: bool,
    pub starts_at: String,
    pub ends_at: String,
    pub contracts: Vec<PlanContract>,
    pub topic: String,
    pub lead_officer: String,
    pub status: PlanStatus,
    /// Oldest first.
    pub moves: Vec<PlanMove>,
    /// "29.01.19, 11.30am – 12.30pm" or "April 2019 (date tbc)".
    pub when: String,
    /// The contract column of the committee table: the heading, if any, then each contract.
    pub what: Vec<String>,
    /// How many reports are on the meeting's agenda (the review group's list and the
    /// forward plan are one list of meetings: `id` is the meeting's in both).
    pub agenda: u32,
}

impl PlanItem {
    /// The date column as the committee paper writes it, with where it moved from.
    pub fn when_with_moves(&self) -> String {
        match self.moves.last() {
            Some(m) => format!("{} (moved from {})", self.when, m.from_text),
            None => self.when.clone(),
        }
    }

    /// The lead officer, or "TBC" as the paper has it when none is named.
    pub fn lead(&self) -> &str {
        if self.lead_officer.is_empty() {
            "TBC"
        } else {
            &self.lead_officer
        }
    }
}

/// "11.30am", "3pm", "12.30pm": the committee paper's way with times.
pub fn time_words(t: &str) -> String {
    let Ok(t) = NaiveTime::parse_from_str(t, "%H:%M") else {
        return t.to_owned();
    };
    use chrono::Timelike;
    let (pm, h) = t.hour12();
    let suffix = if pm { "pm" } else { "am" };
    if t.minute() == 0 {
        format!("{h}{suffix}")
    } else {
        format!("{h}.{:02}{suffix}", t.minute())
    }
}

/// "29.01.19, 11.30am – 12.30pm"; "29.01.19"; "April 2019 (date tbc)".
pub fn slot_text(date: NaiveDate, confirmed: bool, starts_at: &str, ends_at: &str) -> String {
    if !confirmed {
        return format!("{} (date tbc)", date.format("%B %Y"));
    }
    let mut s = date.format("%d.%m.%y").to_string();
    if !starts_at.is_empty() {
        s.push_str(", ");
        s.push_str(&time_words(starts_at));
        if !ends_at.is_empty() {
            s.push_str(" – ");
            s.push_str(&time_words(ends_at));
        }
    }
    s
}

/// The contract column: the heading, then each contract's name (or just the names).
pub fn what_lines(topic: &str, contracts: &[PlanContract]) -> Vec<String> {
    let mut v = Vec::new();
    if !topic.is_empty() {
        v.push(topic.to_owned());
    }
    v.extend(contracts.iter().map(|c| c.name.clone()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn writes_slots_as_the_committee_paper_does() {
        assert_eq!(
            slot_text(d("2019-01-29"), true, "11:30", "12:30"),
            "29.01.19, 11.30am – 12.30pm"
        );
        assert_eq!(
            slot_text(d("2019-02-14"), true, "15:00", "16:00"),
            "14.02.19, 3pm – 4pm"
        );
        assert_eq!(slot_text(d("2019-03-12"), true, "", ""), "12.03.19");
        assert_eq!(
            slot_text(d("2019-04-01"), false, "", ""),
            "April 2019 (date tbc)"
        );
        assert_eq!(time_words("00:05"), "12.05am");
    }

    #[test]
    fn a_plan_item_needs_a_date_a_contract_and_sensible_times() {
        let err = PlanItemInput::default().validate().unwrap_err();
        let fields: Vec<_> = err.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["date", "contract_ids"]);
        let err = PlanItemInput {
            date: "2027-02-14".into(),
            date_confirmed: true,
            starts_at: "16:00".into(),
            ends_at: "15:00".into(),
            contract_ids: vec![1, 1],
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(err[0].field, "ends_at");
        assert_eq!(err[0].message, "The end time must be after the start time");
        assert_eq!(
            err[1].message,
            "A contract can be listed only once in a meeting"
        );
        // Times as the committee paper writes them are read, and kept as 24-hour times.
        let ok = PlanItemInput {
            date: "2027-02-14".into(),
            date_confirmed: true,
            starts_at: "3pm".into(),
            ends_at: "4.30pm".into(),
            contract_ids: vec![1],
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(
            (ok.slot.starts_at.as_str(), ok.slot.ends_at.as_str()),
            ("15:00", "16:30")
        );
        let err = PlanItemInput {
            date: "2027-02-14".into(),
            date_confirmed: true,
            starts_at: "teatime".into(),
            contract_ids: vec![1],
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            err[0].message,
            "The start time must be a time like 11:30, 3pm or 15:00"
        );
    }

    #[test]
    fn a_month_only_date_keeps_the_month_and_no_time() {
        let ok = PlanItemInput {
            date: "17/04/2027".into(),
            date_confirmed: false,
            starts_at: "10:00".into(),
            ends_at: "11:00".into(),
            contract_ids: vec![3],
            lead_officer: " Tracey Schneider ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.slot.date, d("2027-04-01"));
        assert_eq!(ok.slot.starts_at, "");
        assert_eq!(ok.lead_officer, "Tracey Schneider");
    }

    #[test]
    fn a_month_only_date_is_the_month_and_year_boxes() {
        let month = |date: &str| {
            MoveInput {
                date: date.into(),
                date_confirmed: false,
                // Typed before "Only the month is known" was ticked: not a time to check.
                starts_at: "3 o'clock".into(),
                ..Default::default()
            }
            .validate()
        };
        assert_eq!(month("2027-04").unwrap().0.date, d("2027-04-01"));
        assert_eq!(month("2027-4").unwrap().0.date, d("2027-04-01"));
        let said = |date: &str| month(date).unwrap_err()[0].message.clone();
        assert_eq!(said(""), "Enter the month of the meeting");
        assert_eq!(
            said("2027-13"),
            "The month of the meeting: there is no month 13; a month is 1 to 12"
        );
        assert_eq!(said("\u{1f}2027"), "The month of the meeting needs a month");
        // A whole date is taken as its month; the boxes of a date with no day typed too.
        assert_eq!(month("17/04/2027").unwrap().0.date, d("2027-04-01"));
        assert_eq!(month("2027-04-").unwrap().0.date, d("2027-04-01"));
        assert_eq!(
            said("31/02/2027"),
            "The month of the meeting: 31 February 2027 does not exist"
        );
        assert_eq!(month("\u{1f}4\u{1f}2027").unwrap().0.date, d("2027-04-01"));
        assert_eq!(
            said("4\u{1f}2025-26"),
            "The month of the meeting: the month and year must be numbers, like 9 2026"
        );
        assert_eq!(
            said("2150-04"),
            "The month of the meeting: 2150 is too far off; enter a year from 1990 to 2100"
        );
    }
}
