//! What every document of the crate shares: the template's section headings, dates, money
//! and statuses in words, a table of labels and values, and the running header's date.

use crate::layout::{
    col, Cell, Flow, Style, Table, BLACK, GREY, RAG_AMBER, RAG_GREEN, RAG_RED, WARNING_RED, WHITE,
};
use crate::source::PackSource;
use chrono::NaiveDate;
use cmm_core::framework::Section;
use cmm_core::kernel::money::Pence;
use cmm_core::organisation::Organisation;
use cmm_core::reports::seal::SealState;
use cmm_core::reports::sections::performance::{Direction, Rag};
use cmm_core::reports::ReportStatus;

/// "Section 5 – Operational performance", as the template heads it, with the council's
/// short name put in ("Section 7 – Fulfilment of KCC's obligations").
pub fn section_heading(section: Section, org: &Organisation) -> String {
    format!(
        "Section {} – {}",
        section.number(),
        org.put_in(section.title())
    )
}

pub const SUMMARY: &str = "Maturity summary";

pub const DESCRIPTORS: &str = "Descriptors of the chosen levels";

pub const EVIDENCE: &str = "Evidence index and completeness";

pub const CONTENTS: &str = "Contents";

pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub(crate) fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(long_date).unwrap_or_else(|| "Not given".into())
}

pub(crate) fn money(p: Option<Pence>) -> String {
    p.map(|p| p.to_string())
        .unwrap_or_else(|| "Not given".into())
}

/// The names of the pack's contracts, in order.
fn names(src: &PackSource) -> Vec<&str> {
    src.document
        .contracts
        .iter()
        .map(|c| c.name.as_str())
        .collect()
}

/// The contract names, as the cover and the document's title name the pack: every name,
/// "; " between, or the report's title when it has none.
pub(crate) fn contract_names(src: &PackSource) -> String {
    let names = names(src);
    if names.is_empty() {
        src.document.title.clone()
    } else {
        names.join("; ")
    }
}

/// The contracts as the running header names them, so a group fits where the whole list
/// would be cut short: one name as it is; names that share a stem before " – " as the stem
/// once, then their parts ("Total Facilities Management – East Kent, Mid Kent and West
/// Kent"); otherwise as `contract_names` (the header wraps it to a second line).
pub(crate) fn header_names(src: &PackSource) -> String {
    grouped_names(&names(src)).unwrap_or_else(|| contract_names(src))
}

/// Names that share a stem before " – ", as the stem once and their parts; `None` unless
/// there are two or more and they all do.
fn grouped_names(names: &[&str]) -> Option<String> {
    let parts: Vec<(&str, &str)> = names
        .iter()
        .map(|n| n.split_once(" – "))
        .collect::<Option<_>>()?;
    let (stem, _) = *parts.first()?;
    if parts.len() < 2 || parts.iter().any(|(s, _)| *s != stem) {
        return None;
    }
    let ends: Vec<&str> = parts.iter().map(|(_, end)| *end).collect();
    let (last, rest) = ends.split_last()?;
    Some(format!("{stem} – {} and {last}", rest.join(", ")))
}

/// "Meeting of the Budget and Programme Delivery Board sub-group: 3 December 2026", the
/// template's "[Insert meeting date of Budget Programme Delivery Board sub-group]" with the
/// council's board (`org.board`) and the date put in.
pub(crate) fn meeting_line(date: Option<NaiveDate>, org: &Organisation) -> String {
    let date = date
        .map(long_date)
        .unwrap_or_else(|| "date not yet set".into());
    format!("Meeting of the {} sub-group: {date}", org.board)
}

pub(crate) fn status_words(s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::Draft => "Draft: not yet signed and submitted",
        ReportStatus::Submitted => "Submitted",
        ReportStatus::UnderReview => "Under review by the sub-group",
        ReportStatus::Reviewed => "Reviewed",
    }
}

pub(crate) fn level_name(src: &PackSource, level: Option<u8>) -> String {
    match level {
        Some(l) => {
            let name = src
                .framework
                .levels
                .iter()
                .find(|n| n.level.get() == l)
                .map(|n| n.name.as_str())
                .unwrap_or("");
            format!("{l} {name}")
        }
        None => "Not assessed".into(),
    }
}

pub(crate) fn activity_name(src: &PackSource, activity: u8) -> String {
    if activity == 0 {
        return "Overall".into();
    }
    src.framework
        .activities
        .get(usize::from(activity) - 1)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| format!("Activity {activity}"))
}

pub(crate) fn key_values(f: &mut Flow, rows: &[(&str, Cell)]) {
    let mut t = Table::new(vec![col("", 1.0), col("", 2.6)]);
    t.size = 9.5;
    for (k, v) in rows {
        t.row(vec![Cell::new(*k).bold(), v.clone()]);
    }
    f.table_without_header(&t);
}

pub(crate) fn attestation_cell(src: &PackSource) -> Cell {
    match (&src.seal.state, &src.seal.signature) {
        (SealState::NotSigned, _) => Cell::new("Not signed"),
        (SealState::Intact, Some(s)) => Cell::new(format!(
            "Signed by {} ({}) on {}. Unchanged since signing: every field and evidence file matches the seal.",
            s.signed_by,
            s.position,
            signed_date(&s.signed_at)
        )),
        (SealState::ChangedAfterAttestation, _) => {
            Cell::new("CHANGED AFTER ATTESTATION: the report differs from what was signed (see Section 3).")
                .bold()
                .colour(WARNING_RED)
        }
        (SealState::Intact, None) => Cell::new("Signed"),
    }
}

pub(crate) fn signed_date(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| d.format("%-d %B %Y at %H:%M UTC").to_string())
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// The level the sub-group agreed for an activity (1 to 8), once revealed and moderated.
pub(crate) fn agreed_level(src: &PackSource, activity: u8) -> Option<u8> {
    let scores = src.review.as_ref()?.scores.as_ref()?;
    scores
        .activities
        .get(usize::from(activity).checked_sub(1)?)?
        .moderated
        .as_ref()
        .map(|m| m.level)
}

/// A line saying there is nothing to show ("No milestones recorded."), in grey.
pub(crate) fn none_recorded(f: &mut Flow, text: &str) {
    f.paragraph(
        text,
        Style {
            colour: GREY,
            ..Style::BODY
        },
    );
}

pub(crate) fn or_not_given(s: &str) -> String {
    if s.trim().is_empty() {
        "Not given".into()
    } else {
        s.to_owned()
    }
}

pub(crate) fn rag_cell(r: Option<Rag>, text: String) -> Cell {
    match r {
        Some(Rag::Green) => Cell::new(text).fill(RAG_GREEN, WHITE).bold(),
        Some(Rag::Amber) => Cell::new(text).fill(RAG_AMBER, BLACK).bold(),
        Some(Rag::Red) => Cell::new(text).fill(RAG_RED, WHITE).bold(),
        None => Cell::new(text).colour(GREY),
    }
}

pub(crate) fn arrow(d: Option<Direction>) -> &'static str {
    match d {
        Some(Direction::Improved) => "↑",
        Some(Direction::Worsened) => "↓",
        Some(Direction::Same) => "↔",
        None => "",
    }
}

/// "eight", "nine", … as a committee paper writes a small number; digits from 13.
pub(crate) fn number_in_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// A number as typed, every decimal kept, thousands grouped as the council writes them:
/// "1,856", "93.45", "-1,210.5".
pub(crate) fn number(v: f64) -> String {
    let text = if v.fract() == 0.0 {
        format!("{:.0}", v.abs())
    } else {
        format!("{}", v.abs())
    };
    let (whole, decimals) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = whole
        .parse::<u64>()
        .map(cmm_core::kernel::money::thousands)
        .unwrap_or_else(|_| whole.to_owned());
    let sign = if v < 0.0 { "-" } else { "" };
    match decimals {
        "" => format!("{sign}{grouped}"),
        d => format!("{sign}{grouped}.{d}"),
    }
}

pub(crate) fn file_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

pub(crate) fn header_right(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!("Sub-group meeting {}", long_date(d)),
        None => "Sub-group meeting date not set".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_decimals_and_group_thousands() {
        assert_eq!(number(1856.0), "1,856");
        assert_eq!(number(93.45), "93.45");
        assert_eq!(number(-1210.5), "-1,210.5");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn a_group_of_contracts_is_named_by_its_stem_once() {
        assert_eq!(
            grouped_names(&[
                "Total Facilities Management – East Kent",
                "Total Facilities Management – Mid Kent",
                "Total Facilities Management – West Kent",
            ])
            .as_deref(),
            Some("Total Facilities Management – East Kent, Mid Kent and West Kent")
        );
        assert_eq!(grouped_names(&["Waste – North", "Parks – North"]), None);
        assert_eq!(
            grouped_names(&["Total Facilities Management – East Kent"]),
            None
        );
        assert_eq!(grouped_names(&["Libraries", "Museums"]), None);
    }
}
