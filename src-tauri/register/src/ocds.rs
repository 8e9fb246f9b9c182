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

use crate::read::{Sheet, SheetRow, TextEncoding};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The columns of the table an OCDS package is read as. Their headings are the register's
/// usual ones, so the suggested mapping takes them.
pub const OCDS_HEADINGS: [&str; 13] = [
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
];

/// The column of the CPV classification, after [`OCDS_HEADINGS`].
pub const CPV_HEADING: &str = "CPV classification";

/// The most contracting processes one package may hold: a county council publishes a few
/// thousand a year; more is not one council's package.
const MAX_PROCESSES: usize = 100_000;

/// Whether `bytes` look like JSON (an OCDS package) rather than a spreadsheet: the first
/// character after any byte-order mark and white space is `{`.
pub fn is_json(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    b.trim_ascii_start().starts_with(b"{")
}

/// Reads an OCDS release package or record package as a table: one row per OCID, in the
/// order each OCID first appears, with the columns [`OCDS_HEADINGS`] and [`CPV_HEADING`].
/// A row's `line` is the process's place in the package, from 1.
///
/// Each row holds what the compiled release says: the OCID (also as the reference, since a
/// published contract has no other the council can match), the contract's title and
/// description (else the award's, else the tender's), the buyer, the suppliers of the award
/// (the first as the supplier name, all of them, one per line, as the suppliers) and the
/// first one's registration number, the award date (else the date the contract was signed),
/// the contract period (else the award's, else the tender's), the value and its currency
/// (the contract's, else the award's), and the CPV classification ("79710000 Security
/// services"). An award that was unsuccessful or cancelled is passed over.
///
/// Errors: in words, when the text is not JSON, or is JSON but not an OCDS package (neither
/// `releases` nor `records`), or holds no contracting process.
pub fn read_ocds(bytes: &[u8]) -> Result<Sheet, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let package: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("it is not JSON that can be read: {e}"))?;
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
    let mut headings: Vec<String> = OCDS_HEADINGS.iter().map(|h| (*h).to_owned()).collect();
    headings.push(CPV_HEADING.to_owned());
    let rows = compiled
        .iter()
        .enumerate()
        .map(|(i, (ocid, release))| SheetRow {
            line: i as u32 + 1,
            cells: row_of(ocid, release),
        })
        .collect();
    Ok(Sheet {
        sheets: Vec::new(),
        sheet: String::new(),
        suggested_sheet: String::new(),
        heading_row: 0,
        suggested_heading_row: 0,
        headings,
        rows,
        encoding: TextEncoding::Ocds,
        not_utf8: Vec::new(),
    })
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
            let mut rs = by_ocid.remove(&ocid).unwrap_or_default();
            // Oldest first, so the latest says last; releases without a date keep their place.
            rs.sort_by(|a, b| {
                let d = |r: &Value| {
                    r.get("date")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned()
                };
                d(a).cmp(&d(b))
            });
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

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_owned(),
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

/// A date-time as the register reads it: the date part of `2024-04-01T00:00:00Z`.
fn date(v: Option<&Value>) -> String {
    let t = text(v);
    t.get(..10)
        .filter(|_| t.len() >= 10)
        .unwrap_or(&t)
        .to_owned()
}

fn row_of(ocid: &str, r: &Value) -> Vec<String> {
    let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    let awards: Vec<Value> = list(r.get("awards"))
        .into_iter()
        .filter(|a| {
            !matches!(
                a.get("status").and_then(Value::as_str),
                Some("unsuccessful" | "cancelled")
            )
        })
        .collect();
    let award = awards.last().cloned().unwrap_or(Value::Null);
    let contracts = list(r.get("contracts"));
    let contract = contracts
        .iter()
        .rev()
        .find(|c| c.get("awardID").is_some() && c.get("awardID") == award.get("id"))
        .or_else(|| contracts.last())
        .cloned()
        .unwrap_or(Value::Null);
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
    let mut suppliers: Vec<(String, Option<&Value>)> = list(award.get("suppliers"))
        .iter()
        .map(|s| {
            let p = party(s.get("id"));
            (
                first([
                    text(s.get("name")),
                    p.map(|p| text(p.get("name"))).unwrap_or_default(),
                ]),
                p,
            )
        })
        .collect();
    if suppliers.is_empty() {
        suppliers = with_role("supplier")
            .into_iter()
            .map(|p| (text(p.get("name")), Some(p)))
            .collect();
    }
    suppliers.retain(|(n, _)| !n.is_empty());
    let registration = suppliers
        .first()
        .and_then(|(_, p)| *p)
        .map(|p| text(p.get("identifier").and_then(|i| i.get("id"))))
        .unwrap_or_default();
    let pick = |path: &[&str]| -> Vec<String> {
        [&contract, &award, &tender]
            .iter()
            .map(|o| {
                let mut v = Some(*o);
                for k in path {
                    v = v.and_then(|x| x.get(*k));
                }
                text(v)
            })
            .collect()
    };
    let period = |k: &str| {
        first([
            date(contract.get("period").and_then(|p| p.get(k))),
            date(award.get("contractPeriod").and_then(|p| p.get(k))),
            date(tender.get("contractPeriod").and_then(|p| p.get(k))),
        ])
    };
    let (amount, currency) = [&contract, &award]
        .iter()
        .find_map(|o| {
            let v = o.get("value")?;
            let amount = text(v.get("amount"));
            (!amount.is_empty()).then(|| (amount, text(v.get("currency"))))
        })
        .unwrap_or_default();
    // The tender's own classification first, then each item's.
    let mut classes: Vec<Value> = tender.get("classification").cloned().into_iter().collect();
    for o in [&contract, &award, &tender] {
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
    vec![
        ocid.to_owned(),
        ocid.to_owned(),
        first(pick(&["title"])),
        first(pick(&["description"])),
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
        first([date(award.get("date")), date(contract.get("dateSigned"))]),
        period("startDate"),
        period("endDate"),
        amount,
        currency,
        cpv,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, ImportOptions, RowAction};

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../tests/fixtures/ocds/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn cell<'a>(sheet: &'a Sheet, row: usize, heading: &str) -> &'a str {
        let c = sheet.headings.iter().position(|h| h == heading).unwrap();
        &sheet.rows[row].cells[c]
    }

    #[test]
    fn a_release_package_is_one_row_per_process_from_its_latest_release() {
        let sheet = read_ocds(&fixture("release-package.json")).unwrap();
        assert_eq!(sheet.rows.len(), 3, "four releases, three processes");
        assert_eq!(sheet.encoding, TextEncoding::Ocds);
        // The cleaning contract, varied a year on: the amendment's value and end date, the
        // award's start date, supplier and date.
        let ocid = "ocds-b5fd17-6f1c2a54-3b1e-4d8a-9a51-0c2f5d3e7a11";
        assert_eq!(cell(&sheet, 0, "OCID"), ocid);
        assert_eq!(cell(&sheet, 0, "Reference"), ocid);
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
            cell(&sheet, 0, CPV_HEADING),
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

    #[test]
    fn a_record_package_uses_each_compiled_release() {
        let sheet = read_ocds(&fixture("record-package.json")).unwrap();
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(cell(&sheet, 0, "OCID"), "ocds-h6vhtk-05b2c9");
        assert_eq!(cell(&sheet, 0, "Title"), "Home care, north Borsetshire");
        assert_eq!(cell(&sheet, 0, "Value"), "5600000");
        assert_eq!(cell(&sheet, 0, "Start date"), "2025-04-01");
    }

    #[test]
    fn the_register_takes_its_columns_and_refuses_another_currency_by_name() {
        let sheet = read_ocds(&fixture("release-package.json")).unwrap();
        let options = ImportOptions {
            mapping: sheet.suggested_mapping(),
            default_owner: "Pat Lee".into(),
            ..ImportOptions::default()
        };
        assert!(
            options.mapping.iter().all(Option::is_some),
            "every column is taken: {:?}",
            options.mapping
        );
        let preview = check(&sheet, &options, |_| Ok(None))
            .unwrap()
            .preview(&sheet, &options);
        let actions: Vec<RowAction> = preview.rows.iter().map(|r| r.action).collect();
        assert_eq!(actions, [RowAction::Add, RowAction::Add, RowAction::Skip]);
        assert!(
            preview.rows[2].problems[0].starts_with("Currency (column M) is EUR"),
            "{:?}",
            preview.rows[2].problems
        );
    }

    #[test]
    fn what_is_not_a_package_says_so() {
        assert!(read_ocds(b"{\"releases\": 3}")
            .unwrap_err()
            .contains("not a list"));
        assert!(read_ocds(b"{\"uri\": \"x\"}")
            .unwrap_err()
            .contains("neither \"releases\" nor \"records\""));
        assert!(read_ocds(b"{\"releases\": [{\"id\": \"1\"}]}")
            .unwrap_err()
            .contains("release 1 has no OCID"));
        assert!(read_ocds(b"{\"releases\": []}")
            .unwrap_err()
            .contains("no contracting process"));
        assert!(read_ocds(b"{\"releases\": [")
            .unwrap_err()
            .contains("not JSON"));
        assert!(is_json(b"\xEF\xBB\xBF  {") && !is_json(b"Reference,Title"));
    }
}
