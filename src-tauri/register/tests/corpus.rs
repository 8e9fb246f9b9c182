//! The register corpus (`tests/corpus/`): files shaped like the registers English councils
//! publish, made by Python's csv module, openpyxl and LibreOffice, each imported as the
//! window and `cmm import-register` import it and checked against `expected.json`, which
//! `make_corpus.py` wrote from the data it put in the files (see `corpus/README.md`).

mod support;

use cmm_core::Store;
use cmm_register::{read_sheet, ImportOptions, NotUtf8};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use support::{import, preview};

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(corpus().join("expected.json")).unwrap()).unwrap()
}

fn str_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// Checks one expectation; returns what differs, in words.
fn check(e: &Value, default_owner: &str) -> Vec<String> {
    let file = e["file"].as_str().unwrap();
    let opts = &e["options"];
    let mut wrong = Vec::new();
    let mut o = ImportOptions {
        sheet: str_of(&opts["sheet"]),
        heading_row: opts["heading_row"].as_u64().map(|n| n as u32),
        default_owner: default_owner.to_owned(),
        not_utf8: match opts["not_utf8"].as_str() {
            Some("windows_1252") => NotUtf8::Windows1252,
            _ => NotUtf8::LeaveBlank,
        },
        ..Default::default()
    };
    let sheet = match read_sheet(&corpus().join(file), &o.choice()) {
        Ok(s) => s,
        Err(err) => return vec![format!("not read: {err}")],
    };
    o.mapping = sheet.suggested_mapping();
    let same = |what: &str, got: String, want: String, wrong: &mut Vec<String>| {
        if got != want {
            wrong.push(format!("{what}: got {got:?}, expected {want:?}"));
        }
    };
    same(
        "sheet",
        sheet.sheet.clone(),
        e["sheet"].as_str().unwrap().into(),
        &mut wrong,
    );
    same(
        "heading row",
        sheet.heading_row.to_string(),
        e["heading_row"].to_string(),
        &mut wrong,
    );
    same(
        "encoding",
        serde_json::to_value(sheet.encoding).unwrap().to_string(),
        e["encoding"].to_string(),
        &mut wrong,
    );
    let mut store = Store::open_in_memory().unwrap();
    let p = match preview(&store, &sheet, &o) {
        Ok(p) => p,
        Err(err) => {
            wrong.push(format!(
                "columns not matched: {err} (headings {:?})",
                sheet.headings
            ));
            return wrong;
        }
    };
    same(
        "rows imported",
        (p.to_add + p.to_update).to_string(),
        e["imported"].to_string(),
        &mut wrong,
    );
    same(
        "rows that are not contracts",
        p.not_contracts.to_string(),
        e["not_contracts"].to_string(),
        &mut wrong,
    );
    let skipped: BTreeSet<u32> = p
        .rows
        .iter()
        .filter(|r| r.action == cmm_register::RowAction::Skip)
        .map(|r| r.line)
        .collect();
    let want: BTreeSet<u32> = e["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_u64().unwrap() as u32)
        .collect();
    if skipped != want {
        let why: Vec<_> = p
            .rows
            .iter()
            .filter(|r| skipped.contains(&r.line))
            .map(|r| (r.line, r.problems.clone()))
            .collect();
        wrong.push(format!("rows left out: got {why:?}, expected {want:?}"));
    }
    for l in e["left_out"].as_array().unwrap() {
        let line = l["line"].as_u64().unwrap() as u32;
        let text = l["contains"].as_str().unwrap();
        if let Some(r) = p.rows.iter().find(|r| r.line == line) {
            if !r.problems.iter().any(|m| m.contains(text)) {
                wrong.push(format!(
                    "row {line}: {:?} does not say {text:?}",
                    r.problems
                ));
            }
        }
    }
    let flagged: BTreeSet<(u32, String)> = p
        .rows
        .iter()
        .flat_map(|r| {
            r.flagged.iter().map(|f| {
                (
                    r.line,
                    serde_json::to_value(f.field)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )
            })
        })
        .collect();
    let want: BTreeSet<(u32, String)> = e["flagged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap() as u32,
                f["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    if flagged != want {
        wrong.push(format!(
            "values left blank: got {flagged:?}, expected {want:?}"
        ));
    }
    for f in e["flagged"].as_array().unwrap() {
        let line = f["line"].as_u64().unwrap() as u32;
        let text = f["contains"].as_str().unwrap();
        let said = p
            .rows
            .iter()
            .filter(|r| r.line == line)
            .flat_map(|r| r.flagged.iter().map(|f| f.message.clone()))
            .collect::<Vec<_>>();
        if !said.iter().any(|m| m.contains(text)) {
            wrong.push(format!("row {line}: {said:?} does not say {text:?}"));
        }
    }

    let summary = import(&mut store, &sheet, &o).unwrap();
    same(
        "contracts added",
        summary.created.to_string(),
        e["imported"].to_string(),
        &mut wrong,
    );
    let entries = store.register_entries().unwrap();
    for (reference, want) in e["contracts"].as_object().unwrap() {
        let Some(c) = entries
            .iter()
            .find(|x| &x.contract.details.reference == reference)
        else {
            wrong.push(format!("{reference}: not imported"));
            continue;
        };
        let d = &c.contract.details;
        let money = |p: Option<cmm_core::kernel::money::Pence>| p.map(|p| p.to_string());
        for (name, got) in [
            ("title", Some(d.name.clone())),
            ("supplier", Some(d.contractor_legal_name.clone())),
            ("award_date", Some(d.award_date.to_string())),
            ("end_date", d.expiry_date.map(|d| d.to_string())),
            ("value", money(d.whole_life_cost_nominal)),
            ("annual_value", money(d.current_year_value)),
            ("owner", Some(d.contract_owner.clone())),
        ] {
            let Some(w) = want.get(name) else { continue };
            let w = str_of(w);
            if got != w {
                wrong.push(format!("{reference} {name}: got {got:?}, expected {w:?}"));
            }
        }
    }
    wrong
}

#[test]
fn every_corpus_file_imports_as_expected() {
    let e = expected();
    let owner = e["default_owner"].as_str().unwrap();
    let files = e["files"].as_array().unwrap();
    let distinct: BTreeSet<&str> = files.iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert!(
        distinct.len() >= 18,
        "the corpus has {} files",
        distinct.len()
    );
    let mut failures = Vec::new();
    for f in files {
        let wrong = check(f, owner);
        if !wrong.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                f["file"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
                wrong.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every file in the corpus folder has an expectation, and every expectation a file.
#[test]
fn the_corpus_and_its_expectations_agree() {
    let e = expected();
    let listed: BTreeSet<String> = e["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_owned())
        .collect();
    let present: BTreeSet<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !matches!(n.as_str(), "expected.json" | "make_corpus.py" | "README.md"))
        .collect();
    assert_eq!(listed, present);
}
