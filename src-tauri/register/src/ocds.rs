//! Contracts as English councils publish them to Contracts Finder and Find a Tender: the Open
//! Contracting Data Standard (OCDS 1.1, standard.open-contracting.org), a release package or a
//! record package in JSON.
//!
//! [`read_ocds`] reads a package as a table with one row per contracting process (OCID), so
//! that it goes through the same column matching, row checks and import as a CSV file. The
//! releases of one OCID are compiled as the standard's merge routine says ("Merging": later
//! releases, by `date`, overwrite what earlier ones said; objects merge field by field and
//! arrays of objects by their `id`), so a later release updates the contract and never makes
//! a second one. A record package's `compiledRelease` is used as it is.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The columns of the table an OCDS package is read as. Their headings are the register's
/// usual ones, so the suggested mapping takes them.
pub const OCDS_HEADINGS: [&str; 14] = [
    "OCID",
    "Reference",
    "Title",
    "Description",
    "Buyer",
    "Supplier name",
    "Suppliers",
    "Supplier registration number",
    "Award date",
    "Start date",
    "End date",
    "Value",
    "Currency",
    "CPV classification",
];

/// The most contracting processes one package may hold: a county council publishes a few
/// thousand a year; more is not one council's package.
const MAX_PROCESSES: usize = 100_000;

/// The text of a JSON file: UTF-8 (a byte-order mark dropped) or UTF-16 with its
/// byte-order mark, as PowerShell 5 writes files; `None` when its first character after
/// white space is not `{` or `[`, so it is not JSON.
fn json_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom)) if enc != encoding_rs::UTF_8 => {
            enc.decode_without_bom_handling(&bytes[bom..]).0
        }
        _ => String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)),
    };
    text.trim_start().starts_with(['{', '[']).then_some(text)
}

/// Whether `bytes` look like JSON (an OCDS package) rather than a spreadsheet: the first
/// character after any byte-order mark and white space is `{` or `[`.
pub fn is_json(bytes: &[u8]) -> bool {
    // Only the start is looked at: a register's first line never opens with a brace.
    json_text(&bytes[..bytes.len().min(64)]).is_some()
}

/// Reads an OCDS release package or record package as a table: one row per OCID, in the
/// order each OCID first appears, each with the columns [`OCDS_HEADINGS`]
/// (`crate::read_ocds` makes it the sheet the register's import reads).
///
/// Each row holds what the compiled release says of the process, one contract on the
/// register however many lots, awards and contracts it has:
/// - the OCID, and as the reference the buyer's own reference for the tender
///   ("BOR-FM-0117", so a contract already on the register from its CSV is matched), or the
///   OCID where the tender has none a council would type (none, a GUID, an OCID);
/// - the title and description of its one contract, else of its one award, else the
///   tender's;
/// - the buyer; the suppliers of every award (the first as the supplier name, all of them,
///   one per line) and the first one's registration number;
/// - the earliest award date (else the date a contract was signed), the earliest start and
///   latest end of the contract periods, each the day it was in the UK;
/// - the value: the contracts' added up, else the awards', with their currency (values in
///   two currencies are named both, and so refused), rounded to the penny;
/// - the CPV classification ("79710000 Security services").
///
/// Awards and contracts that are unsuccessful, cancelled or withdrawn count for nothing: a
/// process whose every award is cancelled has no supplier, and is left out as such.
///
/// Errors: in words, when the text is not JSON, or is JSON but not an OCDS package (neither
/// `releases` nor `records`), or holds no contracting process.
pub fn read_processes(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let text = json_text(bytes).ok_or("it is not JSON: an OCDS package starts with {")?;
    let package: Value =
        serde_json::from_str(&text).map_err(|e| format!("it is not JSON that can be read: {e}"))?;
    // A list of releases, as some tools save them, is read as their package.
    let package = match package {
        Value::Array(items) if items.iter().all(|r| r.get("ocid").is_some()) => {
            let mut p = Map::new();
            p.insert("releases".into(), Value::Array(items));
            Value::Object(p)
        }
        other => other,
    };
    let Some(package) = package.as_object() else {
        return Err("it is JSON, but not an OCDS release package or record package".into());
    };
    let compiled: Vec<(String, Value)> = if let Some(releases) = package.get("releases") {
        let releases = releases
            .as_array()
            .ok_or("its \"releases\" is not a list of releases")?;
        compile_releases(releases)?
    } else if let Some(records) = package.get("records") {
        let records = records
            .as_array()
            .ok_or("its \"records\" is not a list of records")?;
        let mut out = Vec::new();
        for (i, r) in records.iter().enumerate() {
            let compiled = match r.get("compiledRelease") {
                Some(c) if c.is_object() => c.clone(),
                _ => {
                    let releases =
                        r.get("releases").and_then(Value::as_array).ok_or_else(|| {
                            format!(
                                "record {} has neither a compiled release nor its releases",
                                i + 1
                            )
                        })?;
                    let full: Vec<Value> = releases
                        .iter()
                        // An embedded release has its OCID; a linked one only a `url`.
                        .filter(|rel| rel.get("ocid").is_some())
                        .cloned()
                        .collect();
                    if full.is_empty() {
                        return Err(format!(
                            "record {} links to its releases by address only: download the record package with its compiled release",
                            i + 1
                        ));
                    }
                    compile_releases(&full)?
                        .into_iter()
                        .next()
                        .map(|(_, v)| v)
                        .unwrap_or(Value::Null)
                }
            };
            let ocid = r
                .get("ocid")
                .or_else(|| compiled.get("ocid"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_owned();
            out.push((ocid, compiled));
        }
        out
    } else {
        return Err("it is JSON, but not an OCDS release package or record package: it has neither \"releases\" nor \"records\"".into());
    };
    if compiled.is_empty() {
        return Err("it holds no contracting process".into());
    }
    if compiled.len() > MAX_PROCESSES {
        return Err(format!(
            "it holds {} contracting processes, more than one council publishes",
            compiled.len()
        ));
    }
    Ok(compiled
        .iter()
        .map(|(ocid, release)| row_of(ocid, release))
        .collect())
}

/// The releases compiled per OCID, in the order each OCID first appears.
fn compile_releases(releases: &[Value]) -> Result<Vec<(String, Value)>, String> {
    let mut order: Vec<String> = Vec::new();
    let mut by_ocid: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for (i, r) in releases.iter().enumerate() {
        let ocid = r
            .get("ocid")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .ok_or_else(|| format!("release {} has no OCID", i + 1))?;
        if !by_ocid.contains_key(ocid) {
            order.push(ocid.to_owned());
        }
        by_ocid.entry(ocid.to_owned()).or_default().push(r);
    }
    Ok(order
        .into_iter()
        .map(|ocid| {
            let rs = by_ocid.remove(&ocid).unwrap_or_default();
            // Oldest first by the instant each was published (time zones counted), so the
            // latest says last. A release without a date keeps its place after the one
            // before it in the package.
            let mut last = None;
            let mut keyed: Vec<(Option<chrono::DateTime<chrono::Utc>>, &Value)> = rs
                .into_iter()
                .map(|r| {
                    let at = instant(r.get("date")).or(last);
                    last = at;
                    (at, r)
                })
                .collect();
            keyed.sort_by_key(|(at, _)| *at);
            let rs: Vec<&Value> = keyed.into_iter().map(|(_, r)| r).collect();
            let mut compiled = Value::Object(Map::new());
            for r in rs {
                merge(&mut compiled, r);
            }
            (ocid, compiled)
        })
        .collect())
}

/// OCDS's merge: a field given replaces the one before, `null` removes it, objects merge
/// field by field, and a list of objects with `id`s merges item by item on the `id`.
fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                if v.is_null() {
                    a.remove(k);
                } else if let Some(old) = a.get_mut(k) {
                    merge(old, v);
                } else {
                    a.insert(k.clone(), v.clone());
                }
            }
        }
        (Value::Array(a), Value::Array(b))
            if !b.is_empty() && b.iter().all(|x| x.get("id").is_some()) =>
        {
            for item in b {
                let id = item.get("id");
                match a.iter_mut().find(|x| x.get("id") == id) {
                    Some(old) => merge(old, item),
                    None => a.push(item.clone()),
                }
            }
        }
        (a, b) => *a = b.clone(),
    }
}

/// A value as one line of text: a string trimmed with its line breaks made spaces (a title
/// typed with Enter in it), or a number as written.
fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The first of `values` that is not blank.
fn first(values: impl IntoIterator<Item = String>) -> String {
    values
        .into_iter()
        .find(|v| !v.is_empty())
        .unwrap_or_default()
}

/// An OCDS date-time (RFC 3339) as an instant, for ordering releases.
fn instant(v: Option<&Value>) -> Option<chrono::DateTime<chrono::Utc>> {
    let t = text(v);
    chrono::DateTime::parse_from_rfc3339(&t)
        .ok()
        .map(|d| d.with_timezone(&chrono::Utc))
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc())
        })
}

/// The last Sunday of `month` in `year`, at 01:00 UTC: when UK clocks change (the Summer
/// Time Order 2002: the last Sunday in March and in October, at 1 am GMT).
fn clocks_change(year: i32, month: u32) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::Datelike;
    let last = chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    (last - chrono::Days::new(u64::from(back)))
        .and_hms_opt(1, 0, 0)
        .map(|d| d.and_utc())
}

/// An OCDS date or date-time as the register reads it: the day it was in the UK. A
/// date-time of `2024-05-31T23:00:00Z` is midnight on 1 June in British Summer Time; one
/// at 23:59:59, as publishers write the end of a period, is the end of its own day.
fn date(v: Option<&Value>) -> String {
    use chrono::Datelike;
    let t = text(v);
    match chrono::DateTime::parse_from_rfc3339(&t) {
        Ok(d) if d.format("%H:%M:%S").to_string() == "23:59:59" => d.date_naive().to_string(),
        Ok(d) => {
            let utc = d.with_timezone(&chrono::Utc);
            let summer = match (clocks_change(utc.year(), 3), clocks_change(utc.year(), 10)) {
                (Some(on), Some(off)) => utc >= on && utc < off,
                _ => false,
            };
            let uk = utc + chrono::Duration::hours(i64::from(summer));
            uk.date_naive().to_string()
        }
        Err(_) => t
            .get(..10)
            .filter(|_| t.len() >= 10)
            .unwrap_or(&t)
            .to_owned(),
    }
}

/// An amount as pounds: a number with more than two decimal places is rounded to the
/// penny, as the register holds pence.
fn amount(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if n.is_f64() && (f * 100.0).fract().abs() > 1e-9 => format!("{f:.2}"),
            _ => n.to_string(),
        },
        other => text(other),
    }
}

/// Whether an award or a contract is one that holds: not unsuccessful, cancelled or
/// withdrawn.
fn live(o: &Value) -> bool {
    !matches!(
        o.get("status").and_then(Value::as_str),
        Some("unsuccessful" | "cancelled" | "withdrawn")
    )
}

/// A reference the buyer gave the tender ("BOR-FM-0117"), when it looks like one a council
/// types: at most 50 characters, and not a machine's identifier (a GUID or an OCID).
fn buyers_reference(id: &str) -> Option<&str> {
    let guid = id.len() == 36 && id.chars().filter(|c| *c == '-').count() == 4;
    (!id.is_empty() && id.len() <= 50 && !guid && !id.starts_with("ocds-")).then_some(id)
}

fn row_of(ocid: &str, r: &Value) -> Vec<String> {
    let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    // Every award that holds (lots, each awarded), and every contract that holds: one
    // contracting process is one contract on the register, its suppliers and values
    // together.
    let awards: Vec<Value> = list(r.get("awards")).into_iter().filter(live).collect();
    let contracts: Vec<Value> = list(r.get("contracts")).into_iter().filter(live).collect();
    let tender = r.get("tender").cloned().unwrap_or(Value::Null);
    let parties = list(r.get("parties"));
    let party =
        |id: Option<&Value>| id.and_then(|id| parties.iter().find(|p| p.get("id") == Some(id)));
    let with_role = |role: &str| -> Vec<&Value> {
        parties
            .iter()
            .filter(|p| {
                p.get("roles")
                    .and_then(Value::as_array)
                    .is_some_and(|rs| rs.iter().any(|x| x.as_str() == Some(role)))
            })
            .collect()
    };
    let buyer = first([
        text(r.get("buyer").and_then(|b| b.get("name"))),
        with_role("buyer")
            .first()
            .map(|p| text(p.get("name")))
            .unwrap_or_default(),
    ]);
    let mut suppliers: Vec<(String, Option<&Value>)> = Vec::new();
    for s in awards.iter().flat_map(|a| list(a.get("suppliers"))) {
        let p = party(s.get("id"));
        let name = first([
            text(s.get("name")),
            p.map(|p| text(p.get("name"))).unwrap_or_default(),
        ]);
        if !name.is_empty() && !suppliers.iter().any(|(n, _)| *n == name) {
            suppliers.push((name, p));
        }
    }
    // Only a process with no award at all names its suppliers among the parties alone: an
    // award cancelled is no supplier's contract.
    if suppliers.is_empty() && list(r.get("awards")).is_empty() {
        suppliers = with_role("supplier")
            .into_iter()
            .map(|p| (text(p.get("name")), Some(p)))
            .filter(|(n, _)| !n.is_empty())
            .collect();
    }
    let registration = suppliers
        .first()
        .and_then(|(_, p)| *p)
        .map(|p| text(p.get("identifier").and_then(|i| i.get("id"))))
        .unwrap_or_default();
    // One contract or award: its own title and description; several: the tender's.
    let one = |items: &[Value], k: &str| match items {
        [only] => text(only.get(k)),
        _ => String::new(),
    };
    let title = first([
        one(&contracts, "title"),
        one(&awards, "title"),
        text(tender.get("title")),
    ]);
    let description = first([
        one(&contracts, "description"),
        one(&awards, "description"),
        text(tender.get("description")),
    ]);
    // The contract period: the earliest start and the latest end of what holds.
    let periods: Vec<Value> = contracts
        .iter()
        .filter_map(|c| c.get("period").cloned())
        .chain(
            awards
                .iter()
                .filter_map(|a| a.get("contractPeriod").cloned()),
        )
        .chain(tender.get("contractPeriod").cloned())
        .collect();
    let start = periods
        .iter()
        .map(|p| date(p.get("startDate")))
        .filter(|d| !d.is_empty())
        .min()
        .unwrap_or_default();
    let end = periods
        .iter()
        .map(|p| date(p.get("endDate")))
        .filter(|d| !d.is_empty())
        .max()
        .unwrap_or_default();
    let award_date = first([
        awards
            .iter()
            .map(|a| date(a.get("date")))
            .filter(|d| !d.is_empty())
            .min()
            .unwrap_or_default(),
        contracts
            .iter()
            .map(|c| date(c.get("dateSigned")))
            .filter(|d| !d.is_empty())
            .min()
            .unwrap_or_default(),
    ]);
    // The value: the contracts' together, else the awards'. A single value is given as
    // published; several are added up when they are all in one currency.
    let valued = |items: &[Value]| -> Vec<(String, String)> {
        items
            .iter()
            .filter_map(|o| {
                let v = o.get("value")?;
                let a = amount(v.get("amount"));
                (!a.is_empty()).then(|| (a, text(v.get("currency"))))
            })
            .collect()
    };
    let values = match valued(&contracts) {
        v if !v.is_empty() => v,
        _ => valued(&awards),
    };
    let (value, currency) = match values.as_slice() {
        [] => (String::new(), String::new()),
        [(a, c)] => (a.clone(), c.clone()),
        [(_, c), ..] if values.iter().all(|(_, x)| x == c) => {
            let total: Option<f64> = values.iter().map(|(a, _)| a.parse::<f64>().ok()).sum();
            match total {
                Some(t) => (format!("{t:.2}"), c.clone()),
                None => (values[0].0.clone(), c.clone()),
            }
        }
        // Mixed currencies cannot be added: named as they are, so the row is refused.
        _ => (
            values[0].0.clone(),
            values
                .iter()
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(" and "),
        ),
    };
    // The tender's own classification first, then each item's.
    let mut classes: Vec<Value> = tender.get("classification").cloned().into_iter().collect();
    for o in contracts
        .iter()
        .chain(&awards)
        .chain(std::iter::once(&tender))
    {
        classes.extend(
            list(o.get("items"))
                .iter()
                .filter_map(|i| i.get("classification").cloned()),
        );
    }
    let cpv = classes
        .iter()
        .find(|c| {
            c.get("scheme")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("CPV"))
        })
        .map(|c| {
            [text(c.get("id")), text(c.get("description"))]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let tender_id = text(tender.get("id"));
    vec![
        ocid.to_owned(),
        buyers_reference(&tender_id).unwrap_or(ocid).to_owned(),
        title,
        description,
        buyer,
        suppliers
            .first()
            .map(|(n, _)| n.clone())
            .unwrap_or_default(),
        suppliers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        registration,
        award_date,
        start,
        end,
        value,
        currency,
        cpv,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../tests/fixtures/ocds/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// One contracting process per row, its cells in [`OCDS_HEADINGS`]' order.
    type Table = Vec<Vec<String>>;

    fn cell<'a>(table: &'a Table, row: usize, heading: &str) -> &'a str {
        let c = OCDS_HEADINGS.iter().position(|h| *h == heading).unwrap();
        &table[row][c]
    }

    #[test]
    fn a_release_package_is_one_row_per_process_from_its_latest_release() {
        let sheet = read_processes(&fixture("release-package.json")).unwrap();
        assert_eq!(sheet.len(), 3, "four releases, three processes");
        // The cleaning contract, varied a year on: the amendment's value and end date, the
        // award's start date, supplier and date.
        let ocid = "ocds-b5fd17-6f1c2a54-3b1e-4d8a-9a51-0c2f5d3e7a11";
        assert_eq!(cell(&sheet, 0, "OCID"), ocid);
        // The buyer's own reference for the tender, so the CSV's contract is matched.
        assert_eq!(cell(&sheet, 0, "Reference"), "BOR-FM-0117");
        assert_eq!(
            cell(&sheet, 0, "Title"),
            "Office cleaning, Borchester civic buildings"
        );
        assert_eq!(cell(&sheet, 0, "Buyer"), "Borsetshire County Council");
        assert_eq!(
            cell(&sheet, 0, "Supplier name"),
            "Brightwater Facilities Ltd"
        );
        assert_eq!(cell(&sheet, 0, "Supplier registration number"), "04567123");
        assert_eq!(cell(&sheet, 0, "Award date"), "2024-04-10");
        assert_eq!(cell(&sheet, 0, "Start date"), "2024-06-01");
        assert_eq!(cell(&sheet, 0, "End date"), "2028-05-31");
        assert_eq!(cell(&sheet, 0, "Value"), "1290000");
        assert_eq!(cell(&sheet, 0, "Currency"), "GBP");
        assert_eq!(
            cell(&sheet, 0, "CPV classification"),
            "90911200 Building-cleaning services"
        );
        // Three suppliers: the first is the contractor, all three listed.
        assert_eq!(cell(&sheet, 1, "Supplier name"), "Marlow Surfacing Ltd");
        assert_eq!(
            cell(&sheet, 1, "Suppliers"),
            "Marlow Surfacing Ltd\nAmbridge Civils Ltd\nFelpersham Road Markings LLP"
        );
        assert_eq!(cell(&sheet, 1, "End date"), "2027-10-31");
        assert_eq!(cell(&sheet, 2, "Currency"), "EUR");
    }

    fn package(releases: Value) -> Table {
        read_processes(
            serde_json::json!({ "releases": releases })
                .to_string()
                .as_bytes(),
        )
        .unwrap()
    }

    /// Two lots awarded to two suppliers, and a third award cancelled: one contract, both
    /// live suppliers, the lots' values added up, the earliest start and the latest end.
    #[test]
    fn lots_are_one_contract_and_a_cancelled_award_counts_for_nothing() {
        let sheet = package(serde_json::json!([{
            "ocid": "ocds-test-1",
            "date": "2024-03-01T10:00:00Z",
            "tender": {"id": "0c2f5d3e-6d9a-4d3e-9c1a-1234567890ab", "title": "Home to school transport"},
            "awards": [
                {"id": "1", "title": "Lot 1 North", "date": "2024-02-01", "status": "active",
                 "value": {"amount": 900000, "currency": "GBP"}, "suppliers": [{"name": "Lot One Transport"}],
                 "contractPeriod": {"startDate": "2024-04-01", "endDate": "2027-03-31"}},
                {"id": "2", "title": "Lot 2 South", "date": "2024-02-03", "status": "active",
                 "value": {"amount": 300000.456, "currency": "GBP"}, "suppliers": [{"name": "Lot Two Taxis"}],
                 "contractPeriod": {"startDate": "2024-05-01", "endDate": "2028-03-31"}},
                {"id": "3", "status": "cancelled", "value": {"amount": 5, "currency": "GBP"},
                 "suppliers": [{"name": "Withdrawn Ltd"}]}
            ]
        }]));
        assert_eq!(
            cell(&sheet, 0, "Reference"),
            "ocds-test-1",
            "a GUID is no council's reference"
        );
        assert_eq!(cell(&sheet, 0, "Title"), "Home to school transport");
        assert_eq!(
            cell(&sheet, 0, "Suppliers"),
            "Lot One Transport\nLot Two Taxis"
        );
        assert_eq!(cell(&sheet, 0, "Value"), "1200000.46");
        assert_eq!(cell(&sheet, 0, "Award date"), "2024-02-01");
        assert_eq!(cell(&sheet, 0, "Start date"), "2024-04-01");
        assert_eq!(cell(&sheet, 0, "End date"), "2028-03-31");

        let cancelled = package(serde_json::json!([{
            "ocid": "ocds-test-2",
            "parties": [{"id": "S", "name": "Cancelled Award Ltd", "roles": ["supplier"]}],
            "awards": [{"id": "1", "status": "cancelled", "suppliers": [{"id": "S"}]}]
        }]));
        assert_eq!(
            cell(&cancelled, 0, "Supplier name"),
            "",
            "no supplier: left out as such"
        );
    }

    /// Dates are the day it was in the UK; releases are ordered by the instant they were
    /// published, time zones counted; an undated one keeps its place after the one before.
    #[test]
    fn dates_are_uk_days_and_releases_go_in_the_order_they_were_published() {
        assert_eq!(
            date(Some(&"2024-05-31T23:00:00Z".into())),
            "2024-06-01",
            "BST"
        );
        assert_eq!(
            date(Some(&"2024-01-31T23:00:00Z".into())),
            "2024-01-31",
            "GMT"
        );
        assert_eq!(date(Some(&"2024-04-01".into())), "2024-04-01");
        assert_eq!(
            date(Some(&"2028-05-31T23:59:59Z".into())),
            "2028-05-31",
            "the end of a period"
        );
        let award = |amount: i64| serde_json::json!([{"id": "1", "value": {"amount": amount, "currency": "GBP"}, "suppliers": [{"name": "S"}]}]);
        let sheet = package(serde_json::json!([
            {"ocid": "o", "date": "2024-06-01T12:00:00+01:00", "awards": award(999)},
            {"ocid": "o", "date": "2024-06-01T11:30:00Z", "awards": award(50000)},
            {"ocid": "o", "awards": award(7)}
        ]));
        assert_eq!(
            cell(&sheet, 0, "Value"),
            "7",
            "undated, after the 12:00+01:00 one, so last of all"
        );
        let sheet = package(serde_json::json!([
            {"ocid": "o", "date": "2024-06-01T11:30:00Z", "awards": award(50000)},
            {"ocid": "o", "date": "2024-06-01T12:00:00+01:00", "awards": award(999)}
        ]));
        assert_eq!(
            cell(&sheet, 0, "Value"),
            "50000",
            "11:30 UTC is after 11:00 UTC"
        );
    }

    #[test]
    fn a_list_of_releases_and_utf16_are_read_too() {
        let release =
            serde_json::json!([{"ocid": "o", "tender": {"title": "Grounds"}}]).to_string();
        assert_eq!(
            cell(&read_processes(release.as_bytes()).unwrap(), 0, "Title"),
            "Grounds"
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(release.encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_json(&utf16));
        assert_eq!(
            cell(&read_processes(&utf16).unwrap(), 0, "Title"),
            "Grounds"
        );
    }

    #[test]
    fn a_record_package_uses_each_compiled_release() {
        let sheet = read_processes(&fixture("record-package.json")).unwrap();
        assert_eq!(sheet.len(), 1);
        assert_eq!(cell(&sheet, 0, "OCID"), "ocds-h6vhtk-05b2c9");
        assert_eq!(cell(&sheet, 0, "Title"), "Home care, north Borsetshire");
        assert_eq!(cell(&sheet, 0, "Value"), "5600000");
        assert_eq!(cell(&sheet, 0, "Start date"), "2025-04-01");
    }

    #[test]
    fn what_is_not_a_package_says_so() {
        assert!(read_processes(b"{\"releases\": 3}")
            .unwrap_err()
            .contains("not a list"));
        assert!(read_processes(b"{\"uri\": \"x\"}")
            .unwrap_err()
            .contains("neither \"releases\" nor \"records\""));
        assert!(read_processes(b"{\"releases\": [{\"id\": \"1\"}]}")
            .unwrap_err()
            .contains("release 1 has no OCID"));
        assert!(read_processes(b"{\"releases\": []}")
            .unwrap_err()
            .contains("no contracting process"));
        assert!(read_processes(b"{\"releases\": [")
            .unwrap_err()
            .contains("not JSON"));
        assert!(is_json(b"\xEF\xBB\xBF  {") && !is_json(b"Reference,Title"));
        assert!(read_processes(b"[1, 2]")
            .unwrap_err()
            .contains("not an OCDS"));
    }
}
