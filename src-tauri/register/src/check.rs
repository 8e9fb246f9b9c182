//! Checking each row of a register against what the register already holds: the same
//! checks for the window's preview, its import and `cmm import-register`.
//!
//! A row is kept whenever it can be: a value that is optional and cannot be read ("TBC"
//! as a value, a review date that does not exist) is imported blank and flagged, and a
//! blank end date is a rolling contract, flagged too. Only a row without what every
//! contract needs (reference, title, supplier, award date, owner), or with an end date
//! that cannot be read, is left out, and it says why.

use crate::fields::column_letter;
use crate::fields::{mapping_notes, mapping_problems, money_unit, Field, MoneyUnit};
use crate::read::{Sheet, SheetChoice, SheetRow};
use chrono::NaiveDate;
use cmm_core::contracts::{self, parse_date, ContractInput};
use cmm_core::contracts::{ImportCounts, RegisterRow};
use cmm_core::kernel::money::{MoneyRule, Pence};
use cmm_core::{CoreError, FieldError, Result};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{HashMap, HashSet};

/// How to read the cells of a UTF-8 file that are not UTF-8 ([`Sheet::not_utf8`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NotUtf8 {
    /// Treat each such cell as unreadable: an optional value is imported blank and
    /// flagged, and a row that needs the value is left out. Nothing is garbled.
    #[default]
    LeaveBlank,
    /// Read each such cell as Windows-1252, as the person has checked it reads right.
    #[serde(rename = "windows_1252")]
    Windows1252,
}

/// How to read the file, and what to use where it has nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ImportOptions {
    /// The workbook sheet to read; `None` for the suggested one.
    pub sheet: Option<String>,
    /// The row holding the headings, as the spreadsheet numbers it; `None` for the
    /// suggested one.
    pub heading_row: Option<u32>,
    /// How a CSV file's text is written; `None` for the guess.
    pub encoding: Option<crate::TextEncoding>,
    /// One entry per column: the field it fills, or `None` to leave it out.
    pub mapping: Vec<Option<Field>>,
    /// The contract owner for rows that do not name one (the template requires one).
    pub default_owner: String,
    pub not_utf8: NotUtf8,
}

impl ImportOptions {
    /// The column (from 0) mapped to `field`, if any.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.mapping.iter().position(|m| *m == Some(field))
    }

    /// The sheet and heading row these options read.
    pub fn choice(&self) -> SheetChoice {
        SheetChoice {
            sheet: self.sheet.clone(),
            heading_row: self.heading_row,
            encoding: self.encoding,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A reference the register does not have yet.
    Add,
    /// A reference already on the register: its details are updated.
    Update,
    /// Something every contract needs is missing or wrong: the row is left out.
    Skip,
    /// A note or a total under the data, not a contract: one cell at most is filled.
    NotAContract,
}

/// A value that could not be read, imported blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FlaggedCell {
    pub field: Field,
    /// What is wrong, in a sentence that names the column and the value.
    pub message: String,
}

/// What importing would do with one row, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RowCheck {
    /// The row's number as the spreadsheet shows it.
    pub line: u32,
    pub reference: String,
    pub title: String,
    pub action: RowAction,
    /// The value each field of [`Preview::fields`] will take, as the register will show
    /// it ("01/04/2023", "£57.70"); "" where it is blank.
    pub values: Vec<String>,
    /// Why the row is left out, each in a sentence naming the column.
    pub problems: Vec<String>,
    /// The values that could not be read and are imported blank.
    pub flagged: Vec<FlaggedCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
// The window's name for it (JSON carries no type names, so nothing else changes).
#[serde(rename = "RegisterPreview")]
pub struct Preview {
    pub headings: Vec<String>,
    pub mapping: Vec<Option<Field>>,
    /// The fields mapped, in the file's column order: the columns of [`RowCheck::values`].
    pub fields: Vec<Field>,
    pub rows: Vec<RowCheck>,
    pub to_add: u32,
    pub to_update: u32,
    pub to_skip: u32,
    /// Rows to be imported with at least one value blank and flagged.
    pub flagged: u32,
    pub not_contracts: u32,
    /// How the file was read, for the person to check: dates read month first, money
    /// columns in thousands or millions.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ImportSummary {
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
    /// Rows imported with at least one value blank and flagged.
    pub flagged: u32,
    pub not_contracts: u32,
}

fn check_mapping(sheet: &Sheet, o: &ImportOptions) -> Result<()> {
    let e = mapping_problems(sheet.headings.len(), &o.mapping, &o.default_owner);
    if e.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Validation(
            e.into_iter()
                .map(|m| FieldError::new("mapping", m))
                .collect(),
        ))
    }
}

/// A date as registers write it: ISO, dd/mm/yyyy, d/m/yy, dd-mm-yy(yy), dd.mm.yy(yy),
/// yyyy/mm/dd, or with the month in words ("1 April 2023", "01-Apr-23", "1st Sept 2023",
/// "April 1, 2023"). A time after the date, as database and SharePoint exports add
/// ("01/04/2023 00:00", "2023-04-01T00:00:00"), is dropped.
pub fn register_date(s: &str) -> Option<NaiveDate> {
    let t = date_text(s);
    parse_date(&t).or_else(|| {
        [
            "%d-%m-%Y",
            "%d.%m.%Y",
            "%d/%m/%y",
            "%d-%m-%y",
            "%d.%m.%y",
            "%Y/%m/%d",
            "%d %B %Y",
            "%d-%B-%Y",
            "%d-%B-%y",
            "%d %B %y",
            "%B %d, %Y",
            "%B %d %Y",
            "%d %B, %Y",
            "%A %d %B %Y",
            "%A, %d %B %Y",
        ]
        .iter()
        .find_map(|f| {
            // parse_date keeps the years a council date can fall in: "%Y" also reads "16".
            NaiveDate::parse_from_str(&t, f)
                .ok()
                .and_then(|d| parse_date(&d.to_string()))
        })
    })
}

/// A date cell without what registers add around the date: a time ("00:00", "T00:00:00",
/// "12:00 AM"), ordinal endings ("1st"), and "Sept" for September.
fn date_text(s: &str) -> String {
    let mut t = s.trim().to_owned();
    // A time: the last word (or what follows a "T" after an ISO date) holds a colon.
    if let Some(i) = t.find('T').filter(|i| *i == 10 && t[i + 1..].contains(':')) {
        t.truncate(i);
    }
    loop {
        let trimmed = t.trim_end();
        let last = trimmed.rsplit(' ').next().unwrap_or("");
        let is_time =
            last.contains(':') || matches!(last.to_ascii_lowercase().as_str(), "am" | "pm");
        if is_time && trimmed.len() > last.len() {
            t = trimmed[..trimmed.len() - last.len()].trim_end().to_owned();
        } else {
            break;
        }
    }
    let words: Vec<String> = t
        .split(' ')
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            if !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && ["st", "nd", "rd", "th"].contains(&&lower[digits.len()..])
            {
                digits.to_owned()
            } else if lower.trim_end_matches(['.', ',']) == "sept" {
                w.replace("ept", "ep").replace("EPT", "EP")
            } else {
                w.to_owned()
            }
        })
        .collect();
    words.join(" ")
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Why a date with the month in words cannot be read, in the words the forms use for the
/// same date typed in numbers: "31 February 2026 does not exist".
fn words_date_problem(label: &str, t: &str) -> Option<String> {
    let parts: Vec<&str> = t
        .split([' ', '-', ',', '/', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let month = |w: &str| {
        let w = w.to_ascii_lowercase();
        MONTHS
            .iter()
            // Letters A to Z first: slicing "Cé" at a byte would panic (found by fuzzing).
            .position(|m| {
                w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()) && m.starts_with(&w[..3])
            })
            .map(|i| i + 1)
    };
    let (day, m, year) = match parts.as_slice() {
        [d, m, y] if month(m).is_some() => (*d, month(m)?, *y),
        [m, d, y] if month(m).is_some() => (*d, month(m)?, *y),
        _ => return None,
    };
    let year = match year.len() {
        2 => format!("20{year}"),
        _ => year.to_owned(),
    };
    Some(cmm_core::kernel::dates::date_problem(
        label,
        &format!("{day}/{m}/{year}"),
    ))
}

/// Why a date cannot be read, with a hint when it looks like an Excel date number (a date
/// column saved as numbers: 45017 is 1 April 2023).
fn date_problem(label: &str, v: &str) -> String {
    let t = date_text(v);
    if let Some(p) = words_date_problem(label, &t) {
        return p;
    }
    if let Ok(n) = t.parse::<u32>() {
        if (20_000..=80_000).contains(&n) {
            let day = NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(n))))
                .map(|d| d.format("%-d %B %Y").to_string())
                .unwrap_or_default();
            return format!(
                "{label} is a number, not a date: it looks like an Excel date number ({n} is \
                 {day}). Format the column as dates in the spreadsheet and save it again"
            );
        }
    }
    // "31/04/26": the forms' wording wants the year in full; here the year is read as
    // the century's, so the message says what is really wrong (31 April does not exist).
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if let [d, m, y] = parts.as_slice() {
        if y.len() == 2 && y.chars().all(|c| c.is_ascii_digit()) {
            return cmm_core::kernel::dates::date_problem(label, &format!("{d}/{m}/20{y}"));
        }
    }
    cmm_core::kernel::dates::date_problem(label, &t)
}

/// Whether an end date cell says the contract has no end, a rolling contract: in words
/// ("Rolling", "Ongoing", "Until terminated"), or as the year 9999 that systems write for
/// "no end" (31/12/9999).
fn no_end_date(v: &str) -> bool {
    let t = date_text(v).to_ascii_lowercase();
    let t = t.trim_end_matches('.');
    matches!(
        t,
        "rolling"
            | "rolling contract"
            | "ongoing"
            | "open ended"
            | "open-ended"
            | "no end date"
            | "until terminated"
            | "until further notice"
            | "evergreen"
            | "indefinite"
    ) || [".9999", "/9999", "-9999"].iter().any(|y| t.ends_with(y))
        || t.starts_with("9999-")
}

/// Which way round a file writes its dates' day and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateOrder {
    /// Day first, as the UK writes them; also when no date settles it.
    DayFirst,
    /// Month first, as the US writes them (03/31/2026): some date has a month above 12
    /// when read day first, and none has a day above 12 first.
    MonthFirst,
    /// Some dates can only be day first and some only month first: read day first, and
    /// said, since the dates that could be either may be the wrong way round.
    Mixed,
}

/// How the file's dates are written, from the dates in its date columns. Decided for the
/// whole file, since one program wrote every column the same way.
fn date_order(sheet: &Sheet, columns: &[usize]) -> DateOrder {
    let (mut day_first, mut month_first) = (0, 0);
    for row in &sheet.rows {
        for &c in columns {
            let t = date_text(row.cells.get(c).map(String::as_str).unwrap_or(""));
            let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
            let [a, b, y] = parts.as_slice() else {
                continue;
            };
            let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else {
                continue;
            };
            if y.len() != 4 && y.len() != 2 || a == 0 || b == 0 {
                continue;
            }
            if a > 12 && b <= 12 {
                day_first += 1;
            } else if b > 12 && a <= 12 {
                month_first += 1;
            }
        }
    }
    match (day_first, month_first) {
        (_, 0) => DateOrder::DayFirst,
        (0, _) => DateOrder::MonthFirst,
        _ => DateOrder::Mixed,
    }
}

/// A date cell read month first: its first two numbers swapped.
fn swapped(v: &str) -> String {
    let t = date_text(v);
    let sep = if t.contains('/') {
        '/'
    } else if t.contains('.') {
        '.'
    } else {
        '-'
    };
    let parts: Vec<&str> = t.split(sep).collect();
    match parts.as_slice() {
        [a, b, y] if a.len() <= 2 && b.len() <= 2 => format!("{b}{sep}{a}{sep}{y}"),
        _ => t,
    }
}

/// Whether a cell holds what a spreadsheet shows for a formula that failed ("#REF!",
/// "#N/A", "#DIV/0!", "#VALUE!"), rather than a value.
fn spreadsheet_error(v: &str) -> bool {
    matches!(
        v.trim(),
        "#NULL!"
            | "#DIV/0!"
            | "#VALUE!"
            | "#REF!"
            | "#NAME?"
            | "#NUM!"
            | "#N/A"
            | "#GETTING_DATA"
            | "#SPILL!"
            | "#CALC!"
            | "#FIELD!"
            | "#BLOCKED!"
            | "#CONNECT!"
            | "#BUSY!"
            | "#UNKNOWN!"
            | "Err:502"
            | "Err:504"
            | "Err:508"
            | "Err:522"
    )
}

/// A column as messages name it: "End Date (column E)", or "Column E" without a heading.
fn column_name(sheet: &Sheet, column: usize) -> String {
    match sheet.headings.get(column).map(String::as_str) {
        Some(h) if !h.is_empty() => format!("{h} (column {})", column_letter(column)),
        _ => format!("Column {}", column_letter(column)),
    }
}

/// The contract form's field that a register field fills, for telling which of the
/// form's refusals belong to which column.
fn form_field(f: Field) -> Option<&'static contracts::Field> {
    Some(match f {
        Field::Reference => &contracts::REFERENCE,
        Field::Title => &contracts::NAME,
        Field::Description => &contracts::SCOPE,
        Field::SupplierName => &contracts::LEGAL_NAME,
        Field::SupplierTradingName => &contracts::TRADING_NAME,
        Field::ContractorConstruct => &contracts::CONSTRUCT,
        Field::AwardDate => &contracts::AWARD_DATE,
        Field::StartDate => &contracts::START_DATE,
        Field::EndDate => &contracts::EXPIRY_DATE,
        Field::Value => &contracts::WLC_NOMINAL,
        Field::ValueNetPresent => &contracts::WLC_NPV,
        Field::AnnualValue => &contracts::CURRENT_YEAR,
        Field::Department => &contracts::SERVICE_AREA,
        Field::ContractOwner => &contracts::OWNER,
        Field::ContractManager => &contracts::MANAGER,
        // What the register keeps beside the form ([`Field::in_form`]).
        _ => return None,
    })
}

fn input_slot(input: &mut ContractInput, f: Field) -> Option<&mut String> {
    Some(match f {
        Field::Reference => &mut input.reference,
        Field::Title => &mut input.name,
        Field::Description => &mut input.scope,
        Field::SupplierName => &mut input.contractor_legal_name,
        Field::SupplierTradingName => &mut input.contractor_trading_name,
        Field::ContractorConstruct => &mut input.contractor_construct,
        Field::AwardDate => &mut input.award_date,
        Field::StartDate => &mut input.start_date,
        Field::EndDate => &mut input.expiry_date,
        Field::Value => &mut input.whole_life_cost_nominal,
        Field::ValueNetPresent => &mut input.whole_life_cost_npv,
        Field::AnnualValue => &mut input.current_year_value,
        Field::Department => &mut input.service_area,
        Field::ContractOwner => &mut input.contract_owner,
        Field::ContractManager => &mut input.contract_manager,
        // What the register keeps beside the form ([`Field::in_form`]).
        _ => return None,
    })
}

/// A value read from a cell, in the form the register keeps and the form it shows.
enum Value {
    Text(String),
    Date(NaiveDate),
    Money(Pence),
}

impl Value {
    fn stored(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.to_string(),
            Value::Money(p) => p.to_input(),
        }
    }

    fn shown(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
            Value::Money(p) => p.to_string(),
        }
    }
}

/// What is worked out once for the whole sheet before its rows are read.
struct Reading<'a> {
    sheet: &'a Sheet,
    o: &'a ImportOptions,
    /// (row, column) of each cell that is not UTF-8.
    not_utf8: HashSet<(u32, usize)>,
    /// Which way round the file writes its dates.
    date_order: DateOrder,
    /// The unit each money column's heading gives ("£k").
    units: HashMap<usize, MoneyUnit>,
}

impl<'a> Reading<'a> {
    fn new(sheet: &'a Sheet, o: &'a ImportOptions) -> Self {
        let dates: Vec<usize> = o
            .mapping
            .iter()
            .enumerate()
            .filter(|(_, f)| f.is_some_and(|f| f.is_date()))
            .map(|(i, _)| i)
            .collect();
        Reading {
            sheet,
            o,
            not_utf8: sheet
                .not_utf8
                .iter()
                .map(|c| (c.line, c.column as usize))
                .collect(),
            date_order: date_order(sheet, &dates),
            units: o
                .mapping
                .iter()
                .enumerate()
                .filter(|(_, f)| f.is_some_and(|f| f.is_money()))
                .filter_map(|(i, _)| {
                    money_unit(sheet.headings.get(i).map(String::as_str).unwrap_or(""))
                        .map(|u| (i, u))
                })
                .collect(),
        }
    }

    /// What the person should know about how the file was read.
    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        match self.date_order {
            DateOrder::MonthFirst => notes.push(
                "The dates are read month first, as US dates are written (03/31/2026 is 31 \
                 March 2026): some dates in the file have a month above 12 when read day \
                 first, and none has a day above 12 first"
                    .to_owned(),
            ),
            DateOrder::Mixed => notes.push(
                "The file's dates are written both ways round: some can only be day first \
                 (13/01/2024) and some only month first (03/31/2026). They are read day \
                 first, so a date that could be either (05/06/2023) may be the wrong way \
                 round: check the dates, or correct the file"
                    .to_owned(),
            ),
            DateOrder::DayFirst => {}
        }
        // Every end date blank: a rolling contract each, or the wrong column.
        if let Some(c) = self
            .o
            .mapping
            .iter()
            .position(|m| *m == Some(Field::EndDate))
        {
            let blank = self
                .sheet
                .rows
                .iter()
                .all(|r| r.cells.get(c).is_none_or(|v| v.is_empty()));
            if blank && self.sheet.rows.len() > 1 {
                notes.push(format!(
                    "Every end date in {} is blank, so every contract is imported as a \
                     rolling contract: check that this is the column of end dates",
                    column_name(self.sheet, c)
                ));
            }
        }
        notes.extend(
            mapping_notes(&self.sheet.headings, &self.o.mapping)
                .into_iter()
                .filter(|n| n.contains(" is in ")),
        );
        notes
    }

    /// One cell read as its field's kind of value: `Ok(None)` when blank, `Err` with the
    /// sentence that says why it cannot be read.
    fn value(
        &self,
        row: &SheetRow,
        column: usize,
        f: Field,
    ) -> std::result::Result<Option<Value>, String> {
        let v = row.cells.get(column).map(String::as_str).unwrap_or("");
        if v.is_empty() {
            return Ok(None);
        }
        let heading = column_name(self.sheet, column);
        if self.o.not_utf8 == NotUtf8::LeaveBlank && self.not_utf8.contains(&(row.line, column)) {
            return Err(format!(
                "{heading} is not UTF-8 text; read as Windows-1252 it says \"{v}\". Choose how \
                 to read such cells"
            ));
        }
        let shown: String = if v.chars().count() > 80 {
            format!("{}…", v.chars().take(80).collect::<String>())
        } else {
            v.to_owned()
        };
        let label = format!("{heading} (\"{shown}\")");
        if spreadsheet_error(v) {
            return Err(format!(
                "{heading} holds a spreadsheet error ({v}), not a value: correct the formula \
                 in the spreadsheet"
            ));
        }
        Ok(Some(if f.is_date() {
            let t = if self.date_order == DateOrder::MonthFirst {
                swapped(v)
            } else {
                v.to_owned()
            };
            Value::Date(register_date(&t).ok_or_else(|| date_problem(&label, &t))?)
        } else if f.is_money() {
            let t = v.trim();
            if matches!(t, "-" | "–" | "—" | "£-" | "£ -") {
                // The accounting format's zero, or nothing: no value.
                return Ok(None);
            }
            if t.starts_with('(') && t.ends_with(')') {
                // The accounting format's negative.
                return Err(MoneyRule::Negative.sentence(&label));
            }
            let t = match self.units.get(&column) {
                Some(u) if !t.trim_end().ends_with(|c: char| c.is_ascii_alphabetic()) => {
                    format!("{t}{}", u.suffix())
                }
                _ => t.to_owned(),
            };
            Value::Money(Pence::parse_pounds(&t).map_err(|rule| rule.sentence(&label))?)
        } else {
            Value::Text(v.to_owned())
        }))
    }
}

/// One row as a register row, the values to show, and what stops or flags it.
struct RowOutcome {
    row: RegisterRow,
    values: Vec<String>,
    problems: Vec<String>,
    flagged: Vec<FlaggedCell>,
}

fn row_of(reading: &Reading, row: &SheetRow, existing: Option<ContractInput>) -> RowOutcome {
    let (sheet, o) = (reading.sheet, reading.o);
    let update = existing.is_some();
    let mut out = RowOutcome {
        row: RegisterRow {
            input: existing.unwrap_or_default(),
            ..RegisterRow::default()
        },
        values: Vec::new(),
        problems: Vec::new(),
        flagged: Vec::new(),
    };
    let mut rolling: Option<String> = None;
    let mut read: Vec<(Field, Option<Value>)> = Vec::new();
    for (column, f) in o.mapping.iter().enumerate() {
        let Some(f) = *f else { continue };
        let cell = row.cells.get(column).map(String::as_str).unwrap_or("");
        if f == Field::EndDate && no_end_date(cell) {
            rolling = Some(cell.to_owned());
            read.push((f, None));
            continue;
        }
        match reading.value(row, column, f) {
            Ok(v) => read.push((f, v)),
            Err(message) => {
                if f.unreadable_leaves_row_out() {
                    out.problems.push(message);
                } else {
                    out.flagged.push(FlaggedCell { field: f, message });
                }
                read.push((f, None));
            }
        }
    }
    let r = &mut out.row;
    for (f, v) in &read {
        let Some(v) = v else { continue };
        match f {
            Field::SupplierRegistration => r.supplier_registration = v.stored(),
            Field::ProcurementType => r.procurement_type = v.stored(),
            Field::Ocid => r.ocid = v.stored(),
            Field::Buyer => r.buyer = v.stored(),
            Field::Suppliers => {
                r.suppliers = v
                    .stored()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            }
            Field::Cpv => r.cpv = v.stored(),
            Field::Currency => {}
            Field::ReviewDate => {
                if let Value::Date(d) = v {
                    r.review_date = Some(*d);
                }
            }
            _ => {
                if let Some(slot) = input_slot(&mut r.input, *f) {
                    *slot = v.stored();
                }
            }
        }
    }
    // A value in another currency is not a value in pounds: the row is left out, naming
    // the currency (OCDS gives each value's currency; the register holds pounds).
    if let Some(column) = o.column(Field::Currency) {
        let currency = row.cells.get(column).map(|c| c.trim()).unwrap_or("");
        let valued = read.iter().any(|(f, v)| f.is_money() && v.is_some());
        if valued && !currency.is_empty() && !currency.eq_ignore_ascii_case("GBP") {
            out.problems.push(format!(
                "{} is {currency}: the register holds values in pounds (GBP), so a contract valued in {currency} is not imported. Convert its value to pounds in the file, or leave the value blank",
                column_name(sheet, column)
            ));
        }
    }
    // Limits of what the register keeps beyond the contract's form.
    for (f, value, limit) in [
        (Field::Ocid, &r.ocid, 120),
        (Field::Buyer, &r.buyer, 200),
        (Field::Cpv, &r.cpv, 400),
    ] {
        if value.chars().count() > limit {
            if let Some(column) = o.column(f) {
                out.problems.push(format!(
                    "{} must be {limit} characters or fewer",
                    column_name(sheet, column)
                ));
            }
        }
    }
    if r.suppliers.len() > 50 || r.suppliers.iter().any(|s| s.chars().count() > 200) {
        if let Some(column) = o.column(Field::Suppliers) {
            out.problems.push(format!(
                "{} must list at most 50 suppliers, each 200 characters or fewer",
                column_name(sheet, column)
            ));
        }
    }
    // "Rolling" (not a blank) in a file that updates a contract: it is a rolling one now.
    if rolling
        .as_deref()
        .is_some_and(|said| !said.trim().is_empty())
    {
        r.input.expiry_date.clear();
    }
    // What every contract needs and the file leaves blank, named by its column.
    let mut reported: Vec<Field> = Vec::new();
    for f in [Field::Reference, Field::Title, Field::SupplierName] {
        let Some(column) = o.column(f) else {
            continue;
        };
        let name = column_name(sheet, column);
        let blank = input_slot(&mut r.input, f).is_some_and(|s| s.trim().is_empty());
        if blank && !out.problems.iter().any(|p| p.starts_with(&name)) {
            out.problems.push(format!(
                "{name} is blank: every contract needs a {}",
                f.label().to_lowercase()
            ));
            reported.push(f);
        }
    }
    // The template needs a date of award; a register that gives only the start date
    // gives it there.
    if r.input.award_date.is_empty() {
        r.input.award_date = r.input.start_date.clone();
    }
    if r.input.contract_owner.trim().is_empty() {
        r.input.contract_owner = o.default_owner.trim().to_owned();
    }
    // A blank end date: a rolling contract, which runs until notice is given. Kept, and
    // said, since a blank can also be a date not yet typed in.
    let end_column = o.column(Field::EndDate);
    if let Some(column) = end_column {
        if r.input.expiry_date.is_empty() && out.problems.is_empty() {
            let name = column_name(sheet, column);
            out.flagged.push(FlaggedCell {
                field: Field::EndDate,
                message: match &rolling {
                    Some(said) => format!(
                        "{name} says \"{said}\": imported as a rolling contract, with no date \
                         of expiry"
                    ),
                    None => format!(
                        "{name} is blank: imported as a rolling contract, with no date of expiry"
                    ),
                },
            });
        }
    }
    // The form's own rules (lengths, an end after the start): an optional value from the
    // file that breaks one is flagged and left blank, as an unreadable one is. A rule
    // broken by a required value, or by one the register already held (the file has no
    // column for it), leaves the row out. A row already left out lists every rule broken.
    for _ in 0..Field::ALL.len() {
        let Err(errors) = r.input.validate() else {
            break;
        };
        let leaving_out = !out.problems.is_empty();
        for e in errors {
            let field = Field::ALL
                .into_iter()
                .find(|f| form_field(*f).is_some_and(|ff| ff.name == e.field));
            if field.is_some_and(|f| reported.contains(&f)) {
                continue;
            }
            let from_file =
                field.and_then(|f| read.iter_mut().find(|(g, v)| *g == f && v.is_some()));
            match (field, from_file) {
                (Some(f), Some(x)) if !f.unreadable_leaves_row_out() && !leaving_out => {
                    x.1 = None;
                    if let Some(slot) = input_slot(&mut r.input, f) {
                        slot.clear();
                    }
                    out.flagged.push(FlaggedCell {
                        field: f,
                        message: e.message,
                    });
                }
                (Some(f), None) if update && !o.mapping.contains(&Some(f)) => {
                    out.problems.push(format!(
                        "{} (the {} already on the register)",
                        e.message,
                        f.label().to_lowercase()
                    ))
                }
                _ => out.problems.push(e.message),
            }
        }
        if !out.problems.is_empty() {
            break;
        }
    }
    // Whatever is imported passes the form's rules, or the whole import would stop.
    if out.problems.is_empty() {
        if let Err(errors) = r.input.validate() {
            out.problems.extend(errors.into_iter().map(|e| e.message));
        }
    }
    out.problems.dedup();
    out.values = read
        .iter()
        .map(|(_, v)| v.as_ref().map(Value::shown).unwrap_or_default())
        .collect();
    out
}

/// Whether a row is a note, a total or a stray cell under the data rather than a
/// contract: one cell at most has anything in it, or its first filled cell says it is a
/// total ("Total", "Sub-total adults", "Grand total:").
fn not_a_contract(row: &SheetRow) -> bool {
    let mut filled = row.cells.iter().filter(|c| !c.is_empty());
    let first = filled.next().map(|c| c.trim().to_lowercase());
    let more = filled.count();
    more == 0
        || first.is_some_and(|c| {
            let words: Vec<&str> = c
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            matches!(
                words.as_slice(),
                ["total" | "totals" | "subtotal" | "subtotals", ..]
                    | ["sub" | "grand", "total" | "totals", ..]
            )
        })
}

/// What the register already holds under a reference, compared as the register compares
/// references (ASCII letters without regard to case: SQLite's NOCASE), given the
/// reference in lower case. The application layer answers it from the data file.
pub trait Held: Fn(&str) -> Result<Option<ContractInput>> {}
impl<F: Fn(&str) -> Result<Option<ContractInput>>> Held for F {}

/// Every row checked: what the preview shows of each, the rows that can be imported, and
/// the notes on the whole file.
#[derive(Debug, Clone)]
pub struct Checked {
    rows: Vec<RowCheck>,
    good: Vec<RegisterRow>,
    notes: Vec<String>,
}

impl Checked {
    /// The rows to import, in the file's order: each added, or updating the contract with
    /// its reference.
    pub fn rows_to_import(&self) -> &[RegisterRow] {
        &self.good
    }

    /// What the import did, given what the store counted.
    pub fn summary(&self, counts: ImportCounts) -> ImportSummary {
        let ImportCounts { created, updated } = counts;
        ImportSummary {
            created,
            updated,
            skipped: count(&self.rows, RowAction::Skip),
            flagged: flagged(&self.rows),
            not_contracts: count(&self.rows, RowAction::NotAContract),
        }
    }

    /// What importing would do with every row.
    pub fn preview(self, sheet: &Sheet, o: &ImportOptions) -> Preview {
        let rows = self.rows;
        Preview {
            notes: self.notes,
            headings: sheet.headings.clone(),
            mapping: o.mapping.clone(),
            fields: o.mapping.iter().flatten().copied().collect(),
            to_add: count(&rows, RowAction::Add),
            to_update: count(&rows, RowAction::Update),
            to_skip: count(&rows, RowAction::Skip),
            flagged: flagged(&rows),
            not_contracts: count(&rows, RowAction::NotAContract),
            rows,
        }
    }
}

/// Checks every row of `sheet` as `o` maps it, against what the register already holds
/// (`held`). Changes nothing.
///
/// Errors: the mapping lacks a field every row needs, or gives a field to two columns
/// ([`CoreError::Validation`], one message each, field "mapping"); those of `held`.
pub fn check(sheet: &Sheet, o: &ImportOptions, held: impl Held) -> Result<Checked> {
    check_mapping(sheet, o)?;
    let reading = Reading::new(sheet, o);
    let reference_column = o.column(Field::Reference);
    let ocid_column = o.column(Field::Ocid);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut checks = Vec::new();
    let mut good = Vec::new();
    for row in &sheet.rows {
        let reference = reference_column
            .and_then(|i| row.cells.get(i))
            .cloned()
            .unwrap_or_default();
        if not_a_contract(row) {
            checks.push(RowCheck {
                line: row.line,
                reference: String::new(),
                title: row
                    .cells
                    .iter()
                    .find(|c| !c.is_empty())
                    .cloned()
                    .unwrap_or_default(),
                action: RowAction::NotAContract,
                values: Vec::new(),
                problems: Vec::new(),
                flagged: Vec::new(),
            });
            continue;
        }
        // As the register's references compare (SQLite's NOCASE: ASCII letters only).
        let key = reference.trim().to_ascii_lowercase();
        // A contract published with an OCID is the one with that OCID, whatever reference
        // the council has since given it; otherwise the reference decides.
        let ocid = ocid_column
            .and_then(|i| row.cells.get(i))
            .map(|o| o.trim())
            .filter(|o| !o.is_empty());
        let by_ocid = match ocid {
            Some(o) => held(&format!(
                "{}{}",
                contracts::OCID_KEY,
                o.to_ascii_lowercase()
            ))?,
            None => None,
        };
        // Found by its OCID, a contract keeps the reference the council gave it.
        let kept_reference = by_ocid.as_ref().map(|c| c.reference.clone());
        let existing = match by_ocid {
            Some(c) => Some(c),
            None if key.is_empty() => None,
            None => held(&key)?,
        };
        let update = existing.is_some();
        let mut r = row_of(&reading, row, existing);
        if let Some(reference) = kept_reference {
            r.row.input.reference = reference;
        }
        if !key.is_empty() {
            if let Some(first) = seen.get(&key) {
                r.problems.push(format!(
                    "Reference {reference} is also on row {first}; each contract needs its own reference"
                ));
            } else {
                seen.insert(key, row.line);
            }
        }
        let action = if !r.problems.is_empty() {
            RowAction::Skip
        } else if update {
            RowAction::Update
        } else {
            RowAction::Add
        };
        if action == RowAction::Skip {
            // A row left out says everything wrong with it in one list.
            r.problems.extend(r.flagged.drain(..).map(|f| f.message));
        }
        checks.push(RowCheck {
            line: row.line,
            reference,
            title: r.row.input.name.clone(),
            action,
            values: r.values,
            problems: r.problems,
            flagged: r.flagged,
        });
        if action != RowAction::Skip {
            good.push(r.row);
        }
    }
    Ok(Checked {
        rows: checks,
        good,
        notes: reading.notes(),
    })
}

fn count(rows: &[RowCheck], a: RowAction) -> u32 {
    rows.iter().filter(|r| r.action == a).count() as u32
}

fn flagged(rows: &[RowCheck]) -> u32 {
    rows.iter().filter(|r| !r.flagged.is_empty()).count() as u32
}

/// What importing would do with every row, against what the register already holds
/// (`held`). Changes nothing.
///
/// Errors: as [`check`].
pub fn preview(sheet: &Sheet, o: &ImportOptions, held: impl Held) -> Result<Preview> {
    Ok(check(sheet, o, held)?.preview(sheet, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_dates() {
        let d = |s| register_date(s).map(|d| d.to_string());
        assert_eq!(d("01/04/2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("1/4/2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("01-04-2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("2016-04-01").as_deref(), Some("2016-04-01"));
        assert_eq!(d("1 April 2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("1 Apr 2016").as_deref(), Some("2016-04-01"));
        assert_eq!(d("01-Apr-16").as_deref(), Some("2016-04-01"));
        assert_eq!(d("01/04/16").as_deref(), Some("2016-04-01"));
        assert_eq!(d("31/02/2016"), None);
        assert_eq!(d("TBC"), None);
    }

    /// Found by fuzzing the CSV reader: a word with an accented letter where a month's
    /// name might be was sliced at a byte inside "é", and the import panicked.
    #[test]
    fn a_date_with_an_accented_word_is_refused_in_words() {
        for v in ["1 Cé 2023", "1 Décembre 2023", "Éte 1 2023"] {
            let p = date_problem("Start date", v);
            assert!(p.starts_with("Start date"), "{p}");
        }
    }
}
