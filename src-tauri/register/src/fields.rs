//! The register's fields, the headings councils give them, and which a file must have.
//!
//! The headings are those of the Local Government Transparency Code 2015 (part 2, "Contracts
//! and tenders": reference number, title of agreement, local authority department
//! responsible, description of the goods and/or services, supplier name and details, sum
//! to be paid over the length of the contract or the estimated annual spending, start,
//! end and review dates, whether the contract was the result of an invitation to quote
//! or a published invitation to tender) and those English councils' published registers
//! use for the same columns.

use serde::{Deserialize, Serialize};
use specta::Type;

/// The register fields a column can fill: every detail of a contract that the register
/// holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
// The window's name for it (JSON carries no type names, so nothing else changes).
#[serde(rename = "RegisterField", rename_all = "snake_case")]
pub enum Field {
    Reference,
    Title,
    Description,
    SupplierName,
    SupplierTradingName,
    SupplierRegistration,
    ContractorConstruct,
    AwardDate,
    StartDate,
    EndDate,
    ReviewDate,
    /// The whole-life cost, nominal: the sum to be paid over the length of the contract.
    Value,
    /// The whole-life cost at net present value.
    ValueNetPresent,
    /// The anticipated value in the current financial year ("Annual Value").
    AnnualValue,
    Department,
    ProcurementType,
    ContractOwner,
    ContractManager,
    /// The open contracting identifier (OCDS): every release of one contracting process
    /// has it, so a later release updates the contract it names.
    Ocid,
    /// The buying organisation, as the publisher names it.
    Buyer,
    /// Every supplier of the contract, one per line, when there are several.
    Suppliers,
    /// The Common Procurement Vocabulary classification: code and description.
    Cpv,
    /// The currency of the value columns: only pounds (GBP) are imported.
    Currency,
}

impl Field {
    pub const ALL: [Field; 23] = [
        Field::Reference,
        Field::Title,
        Field::Description,
        Field::SupplierName,
        Field::SupplierTradingName,
        Field::SupplierRegistration,
        Field::ContractorConstruct,
        Field::AwardDate,
        Field::StartDate,
        Field::EndDate,
        Field::ReviewDate,
        Field::Value,
        Field::ValueNetPresent,
        Field::AnnualValue,
        Field::Department,
        Field::ProcurementType,
        Field::ContractOwner,
        Field::ContractManager,
        Field::Ocid,
        Field::Buyer,
        Field::Suppliers,
        Field::Cpv,
        Field::Currency,
    ];

    /// The field as the column-matching step names it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Reference => "Reference",
            Field::Title => "Title",
            Field::Description => "Description",
            Field::SupplierName => "Supplier name",
            Field::SupplierTradingName => "Supplier trading name",
            Field::SupplierRegistration => "Supplier registration number",
            Field::ContractorConstruct => "Contractor construct",
            Field::AwardDate => "Award date",
            Field::StartDate => "Start date",
            Field::EndDate => "End date",
            Field::ReviewDate => "Review date",
            Field::Value => "Value (whole-life cost)",
            Field::ValueNetPresent => "Whole-life cost (net present value)",
            Field::AnnualValue => "Annual value (current financial year)",
            Field::Department => "Department",
            Field::ProcurementType => "Procurement type",
            Field::ContractOwner => "Contract owner",
            Field::ContractManager => "Contract manager",
            Field::Ocid => "OCID (open contracting identifier)",
            Field::Buyer => "Buyer",
            Field::Suppliers => "Suppliers (all of them)",
            Field::Cpv => "CPV classification",
            Field::Currency => "Currency",
        }
    }

    /// Whether a row without this value cannot be imported: the contract's form requires
    /// it (reference, title, supplier, award date, owner). The award date may come from
    /// the start date, and the owner from the import's default owner.
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Reference
                | Field::Title
                | Field::SupplierName
                | Field::AwardDate
                | Field::ContractOwner
        )
    }

    /// Whether the field is one of the contract form's (Section 1 of the template), rather
    /// than what the register keeps beside it.
    pub fn in_form(self) -> bool {
        !matches!(
            self,
            Field::SupplierRegistration
                | Field::ReviewDate
                | Field::ProcurementType
                | Field::Ocid
                | Field::Buyer
                | Field::Suppliers
                | Field::Cpv
                | Field::Currency
        )
    }

    /// Whether the field holds a date.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::AwardDate | Field::StartDate | Field::EndDate | Field::ReviewDate
        )
    }

    /// Whether the field holds an amount of money.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Field::Value | Field::ValueNetPresent | Field::AnnualValue
        )
    }

    /// Whether a value that is given but cannot be read, or breaks a rule, leaves the row
    /// out rather than being imported blank: a required field that nothing else can fill,
    /// and the end date, since a contract without one is a rolling contract, which a
    /// mistyped end date is not. An unreadable award date gives way to the start date, and
    /// an unreadable owner to the import's default owner; the row is left out only when
    /// that fails too.
    pub fn unreadable_leaves_row_out(self) -> bool {
        matches!(
            self,
            Field::Reference | Field::Title | Field::SupplierName | Field::EndDate
        )
    }

    /// Headings councils use for this field, in lower case without punctuation.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Reference => &[
                "reference",
                "reference number",
                "contract reference",
                "contract reference number",
                "contract ref",
                "ref",
                "ref no",
                "contract id",
                "contract number",
                "contract no",
                "id",
            ],
            Field::Title => &[
                "title",
                "contract title",
                "contract name",
                "name",
                "title of agreement",
                "agreement title",
                "subject",
            ],
            Field::Description => &[
                "description",
                "contract description",
                "scope",
                "description of goods and services",
                "description of the goods and or services",
                "description of the goods and or services being provided",
                "goods and services",
                "summary",
            ],
            Field::SupplierName => &[
                "supplier name",
                "supplier",
                "contractor",
                "supplier legal name",
                "contractor name",
                "provider",
                "supplier name and details",
                "awarded to",
            ],
            Field::SupplierTradingName => &[
                "supplier trading name",
                "trading name",
                "trading as",
                "contractor trading name",
            ],
            Field::SupplierRegistration => &[
                "supplier registration number",
                "company registration number",
                "companies house number",
                "registered company number",
                "registration number",
                "company number",
                "charity number",
                "charity registration number",
            ],
            Field::ContractorConstruct => &["contractor construct", "construct"],
            Field::AwardDate => &[
                "award date",
                "date of award",
                "date awarded",
                "contract award date",
                "date of contract award",
                "date contract awarded",
                "contract awarded",
                "awarded",
                "award",
            ],
            Field::StartDate => &[
                "start date",
                "contract start date",
                "start",
                "commencement date",
                "contract start",
            ],
            Field::EndDate => &[
                "end date",
                "contract end date",
                "expiry date",
                "end",
                "date of expiry",
                "contract end",
                "contract expiry date",
                "contract expiry",
                "expiry",
                "expires",
                "contract expires",
            ],
            Field::ReviewDate => &[
                "review date",
                "contract review date",
                "next review date",
                "review",
            ],
            Field::Value => &[
                "value",
                "contract value",
                "total value",
                "estimated value",
                "total contract value",
                "whole life value",
                "whole life cost",
                "estimated total value",
                "sum to be paid over the length of the contract",
                "value of contract",
            ],
            Field::ValueNetPresent => &[
                "net present value",
                "npv",
                "whole life cost net present",
                "whole life cost npv",
            ],
            Field::AnnualValue => &[
                "annual value",
                "annual contract value",
                "estimated annual value",
                "estimated annual spending",
                "annual spend",
                "value this year",
                "value per annum",
                "value pa",
                "annual cost",
                "yearly value",
                "per annum",
                "current year value",
                "anticipated value in the current financial year",
                "value in current financial year",
            ],
            Field::Department => &[
                "department",
                "directorate",
                "service area",
                "responsible department",
                "local authority department responsible",
                "department responsible",
                "service",
            ],
            Field::ProcurementType => &[
                "procurement type",
                "procurement method",
                "procurement route",
                "procurement procedure",
                "type of procurement",
                "procedure",
                "invitation to quote or tender",
                "quote or tender",
            ],
            Field::ContractOwner => &[
                "contract owner",
                "owner",
                "responsible officer",
                "lead officer",
                "officer",
            ],
            Field::ContractManager => &["contract manager", "manager", "council contract manager"],
            Field::Ocid => &["ocid", "open contracting id", "open contracting identifier"],
            Field::Buyer => &["buyer", "buyer name", "contracting authority", "purchaser"],
            Field::Suppliers => &["suppliers", "all suppliers", "supplier names"],
            Field::Cpv => &[
                "cpv classification",
                "cpv",
                "cpv code",
                "cpv codes",
                "common procurement vocabulary",
            ],
            Field::Currency => &["currency", "value currency"],
        }
    }
}

fn normalise(h: &str) -> String {
    h.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How good a match a heading is for a field: lower is better. An exact usual heading
/// beats one the heading only contains, and among exact ones the field's first (most
/// usual) heading wins: "Contract Reference" is the reference before "ID" is. A heading
/// that says it is the original or previous value ("Original End Date") comes after one
/// that does not ("Revised End Date").
/// How well a heading matches a field ([`match_rank`]): lower is better. In order: not an
/// exact usual heading, says it is an old value, the usual heading not at the end, and
/// the usual heading's place in the list (or its length, shorter ranking after).
type Rank = (u8, u8, u8, usize);

fn match_rank(h: &str, f: Field) -> Option<Rank> {
    let words: Vec<&str> = h.split(' ').collect();
    // The council's own people: a supplier's manager or contact is not the contract's.
    let suppliers = ["supplier", "suppliers", "contractor", "provider", "vendor"];
    if matches!(f, Field::ContractManager | Field::ContractOwner)
        && suppliers.iter().any(|w| words.contains(w))
    {
        return None;
    }
    let dated = ["original", "previous", "old", "initial", "former"]
        .iter()
        .any(|w| words.contains(w)) as u8;
    if let Some(i) = f.synonyms().iter().position(|s| *s == h) {
        return Some((0, dated, 0, i));
    }
    // A heading is named by its last words ("Service Manager" is a manager, not a
    // service): a usual heading at the end ranks before one in the middle.
    // A single word counts only as the heading's last ("Awarded To" is not an award
    // date, "Supplier Registration No" not a supplier's name).
    f.synonyms()
        .iter()
        .filter(|s| s.len() > 4 && format!(" {h} ").contains(&format!(" {s} ")))
        .filter(|s| s.contains(' ') || h.ends_with(&format!(" {s}")))
        .map(|s| (1, dated, !h.ends_with(s) as u8, 1000 - s.len()))
        .min()
}

/// The field a heading looks like, for finding the heading row.
pub(crate) fn heading_field(heading: &str) -> Option<Field> {
    let h = normalise(heading);
    if h.is_empty() || h.len() > 80 {
        return None;
    }
    Field::ALL
        .into_iter()
        .filter_map(|f| match_rank(&h, f).map(|r| (r, f)))
        .min_by_key(|(r, _)| *r)
        .map(|(_, f)| f)
}

/// For each column, the field it most likely holds (`None` to leave it out), matched on
/// the usual headings of published registers. A field is given to one column at most:
/// the best match of all ([`match_rank`]), whatever the order of the columns.
pub fn suggest_mapping(headings: &[String]) -> Vec<Option<Field>> {
    suggest_mapping_filled(headings, &vec![true; headings.len()])
}

/// [`suggest_mapping`], knowing which columns hold anything below the headings: a column
/// with nothing in it is matched only when no column with values could be the field (an
/// empty "End Date" column does not beat a filled "Contract Expiry" one).
pub fn suggest_mapping_filled(headings: &[String], filled: &[bool]) -> Vec<Option<Field>> {
    let normal: Vec<String> = headings.iter().map(|h| normalise(h)).collect();
    let mut pairs: Vec<(bool, Rank, usize, Field)> = Vec::new();
    for (i, h) in normal.iter().enumerate() {
        if h.is_empty() || h.len() > 80 {
            continue;
        }
        let empty = !filled.get(i).copied().unwrap_or(true);
        for f in Field::ALL {
            if let Some(r) = match_rank(h, f) {
                pairs.push((empty, r, i, f));
            }
        }
    }
    pairs.sort_by_key(|(empty, rank, column, _)| (*empty, *rank, *column));
    let pairs = pairs.into_iter().map(|(_, r, i, f)| (r, i, f));
    let mut mapping: Vec<Option<Field>> = vec![None; headings.len()];
    let mut taken: Vec<Field> = Vec::new();
    for (_, i, f) in pairs {
        if mapping[i].is_none() && !taken.contains(&f) {
            mapping[i] = Some(f);
            taken.push(f);
        }
    }
    mapping
}

/// What the column-matching step says of a mapping: what stops the rows being checked
/// ([`mapping_problems`]) and what to check ([`mapping_notes`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct MappingCheck {
    pub problems: Vec<String>,
    pub notes: Vec<String>,
}

impl MappingCheck {
    pub fn of(headings: &[String], mapping: &[Option<Field>], default_owner: &str) -> Self {
        MappingCheck {
            problems: mapping_problems(headings.len(), mapping, default_owner),
            notes: mapping_notes(headings, mapping),
        }
    }
}

/// A column's heading as messages name it: "E (Revised End Date)".
fn named(headings: &[String], i: usize) -> String {
    let letter = column_letter(i);
    match headings.get(i).map(|h| h.trim()) {
        Some(h) if !h.is_empty() => format!("{letter} ({h})"),
        _ => letter,
    }
}

/// What the person should check in a mapping before trusting it: a field that another
/// column could also hold ("Columns A (ID) and B (Contract Reference) could both be the
/// reference"), and money columns whose heading gives a unit ("£k"), which multiplies
/// every value in them.
pub fn mapping_notes(headings: &[String], mapping: &[Option<Field>]) -> Vec<String> {
    let mut notes = Vec::new();
    for (i, f) in mapping.iter().enumerate() {
        let Some(f) = *f else { continue };
        let others: Vec<String> = headings
            .iter()
            .enumerate()
            .filter(|(j, h)| {
                *j != i && mapping[*j].is_none() && match_rank(&normalise(h), f).is_some()
            })
            .map(|(j, _)| named(headings, j))
            .collect();
        if !others.is_empty() {
            notes.push(format!(
                "Column {} is used as the {}; column{} {} could also be it. Change the match if \
                 that is the wrong one",
                named(headings, i),
                f.label().to_lowercase(),
                if others.len() == 1 { "" } else { "s" },
                others.join(" and ")
            ));
        }
        if f.is_money() {
            if let Some(unit) = money_unit(&headings[i]) {
                notes.push(format!(
                    "Column {} is in {}: a value of 500 in it is read as {}",
                    named(headings, i),
                    unit.words(),
                    unit.example()
                ));
            }
        }
    }
    notes
}

/// The unit a money column's heading gives its values, as councils write it: "(£k)",
/// "£000s", "£'000", "thousands"; "(£m)", "£ million".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Thousands,
    Millions,
}

impl MoneyUnit {
    /// The suffix `Pence::parse_pounds` reads for this unit.
    pub fn suffix(self) -> &'static str {
        match self {
            MoneyUnit::Thousands => "k",
            MoneyUnit::Millions => "m",
        }
    }

    fn words(self) -> &'static str {
        match self {
            MoneyUnit::Thousands => "thousands of pounds",
            MoneyUnit::Millions => "millions of pounds",
        }
    }

    fn example(self) -> &'static str {
        match self {
            MoneyUnit::Thousands => "£500,000.00",
            MoneyUnit::Millions => "£500,000,000.00",
        }
    }
}

/// The unit in a money column's heading, if it gives one.
pub fn money_unit(heading: &str) -> Option<MoneyUnit> {
    let h = heading.to_lowercase().replace(['\'', '’', ' '], "");
    let thousands = [
        "£k",
        "(k)",
        "£000",
        "(000",
        "000s)",
        "thousands",
        "£thousand",
    ];
    let millions = ["£m)", "£m", "(m)", "£million", "millions", "(£mn", "£mn"];
    if thousands.iter().any(|t| h.contains(t)) {
        Some(MoneyUnit::Thousands)
    } else if millions
        .iter()
        .any(|t| h.contains(t) && !h.contains("£month"))
    {
        Some(MoneyUnit::Millions)
    } else {
        None
    }
}

/// What is wrong with a column mapping, before any row is checked: each field that every
/// row needs and no column holds (the owner only when no `default_owner` is given for the
/// rows), and each field given to two columns. Empty when the rows can be checked.
/// `columns` is how many columns the file has.
pub fn mapping_problems(
    columns: usize,
    mapping: &[Option<Field>],
    default_owner: &str,
) -> Vec<String> {
    let mut e = Vec::new();
    if mapping.len() != columns {
        e.push(format!(
            "Give a field (or none) for each of the file's {columns} columns"
        ));
    }
    let has = |f: Field| mapping.contains(&Some(f));
    for f in [Field::Reference, Field::Title, Field::SupplierName] {
        if !has(f) {
            e.push(format!(
                "No column is the {}: every contract needs one. Choose the column that holds it",
                f.label().to_lowercase()
            ));
        }
    }
    if !has(Field::EndDate) {
        // Not every contract has one (a rolling contract does not), but a register
        // without the column would make every contract a rolling one.
        e.push(
            "No column is the end date. Choose the column that holds it; a contract whose \
             end date is blank is imported as a rolling contract"
                .to_owned(),
        );
    }
    if !has(Field::AwardDate) && !has(Field::StartDate) {
        e.push(
            "No column is the award date or the start date: every contract needs a date of \
             contract award, and the start date is used when there is none. Choose the column \
             that holds one"
                .to_owned(),
        );
    }
    if !has(Field::ContractOwner) && default_owner.trim().is_empty() {
        e.push(
            "No column is the contract owner, and no owner is given for the rows: every \
             contract needs one. Choose the column that holds it, or give the contract owner \
             for every row"
                .to_owned(),
        );
    }
    let mut seen = Vec::new();
    for f in mapping.iter().flatten() {
        if seen.contains(f) {
            e.push(format!(
                "Only one column can be the {}",
                f.label().to_lowercase()
            ));
        }
        seen.push(*f);
    }
    e
}

/// A column's letter as the spreadsheet shows it: 0 is "A", 25 "Z", 26 "AA".
pub fn column_letter(column: usize) -> String {
    let mut n = column + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn common_headings_are_matched() {
        let h = strings(&[
            "Contract Reference",
            "Title of Agreement",
            "Supplier Name",
            "Companies House Number",
            "Start Date",
            "End Date",
            "Total Contract Value (£)",
            "Annual Value",
            "Directorate",
            "Procurement Method",
            "Notes",
        ]);
        assert_eq!(
            suggest_mapping(&h),
            vec![
                Some(Field::Reference),
                Some(Field::Title),
                Some(Field::SupplierName),
                Some(Field::SupplierRegistration),
                Some(Field::StartDate),
                Some(Field::EndDate),
                Some(Field::Value),
                Some(Field::AnnualValue),
                Some(Field::Department),
                Some(Field::ProcurementType),
                None
            ]
        );
    }

    #[test]
    fn the_transparency_code_headings_are_matched() {
        let h = strings(&[
            "Reference Number",
            "Title of agreement",
            "Local authority department responsible",
            "Description of the goods and/or services",
            "Supplier name and details",
            "Sum to be paid over the length of the contract",
            "Estimated annual spending",
            "Start date",
            "End date",
            "Review date",
            "Invitation to quote or tender",
        ]);
        assert_eq!(
            suggest_mapping(&h),
            vec![
                Some(Field::Reference),
                Some(Field::Title),
                Some(Field::Department),
                Some(Field::Description),
                Some(Field::SupplierName),
                Some(Field::Value),
                Some(Field::AnnualValue),
                Some(Field::StartDate),
                Some(Field::EndDate),
                Some(Field::ReviewDate),
                Some(Field::ProcurementType),
            ]
        );
    }

    #[test]
    fn an_exact_heading_wins_over_one_that_contains_it() {
        // "Contract value" exactly is the value; "Annual contract value" is not taken for
        // it even though it comes first and contains "contract value".
        let h = strings(&["Annual contract value", "Contract value"]);
        assert_eq!(
            suggest_mapping(&h),
            vec![Some(Field::AnnualValue), Some(Field::Value)]
        );
    }

    #[test]
    fn a_missing_award_date_is_said_before_any_row_is_checked() {
        let m = [
            Some(Field::Reference),
            Some(Field::Title),
            Some(Field::SupplierName),
            Some(Field::EndDate),
        ];
        let p = mapping_problems(4, &m, "Pat Owner");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("award date or the start date"), "{p:?}");
        let mut with_start = m.to_vec();
        with_start.push(Some(Field::StartDate));
        assert!(mapping_problems(5, &with_start, "Pat Owner").is_empty());
        let without_owner = mapping_problems(5, &with_start, " ");
        assert!(
            without_owner[0].starts_with("No column is the contract owner"),
            "{without_owner:?}"
        );
    }
}
