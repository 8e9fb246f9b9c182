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
#[serde(rename_all = "snake_case")]
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
}

impl Field {
    pub const ALL: [Field; 18] = [
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
        }
    }

    /// Whether a row without this value cannot be imported: the contract's form requires
    /// it (reference, title, supplier, award date). The award date may come from the
    /// start date, and the owner from the import's default owner.
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Reference
                | Field::Title
                | Field::SupplierName
                | Field::AwardDate
                | Field::EndDate
                | Field::ContractOwner
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
            Field::ContractManager => &["contract manager", "manager", "contact", "contact name"],
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

/// The field a heading names exactly (after case and punctuation), if any.
fn exact(h: &str, free: &[Field]) -> Option<Field> {
    free.iter().copied().find(|f| f.synonyms().contains(&h))
}

/// The field whose longest usual heading the heading contains ("Total Contract Value (£)"
/// holds "total contract value"), if any.
fn within(h: &str, free: &[Field]) -> Option<Field> {
    free.iter()
        .flat_map(|f| f.synonyms().iter().map(move |s| (*f, *s)))
        .filter(|(_, s)| s.len() > 4 && format!(" {h} ").contains(&format!(" {s} ")))
        .max_by_key(|(_, s)| s.len())
        .map(|(f, _)| f)
}

/// The field a heading looks like, for finding the heading row.
pub(crate) fn heading_field(heading: &str) -> Option<Field> {
    let h = normalise(heading);
    if h.is_empty() || h.len() > 80 {
        return None;
    }
    exact(&h, &Field::ALL).or_else(|| within(&h, &Field::ALL))
}

/// For each column, the field it most likely holds (`None` to leave it out), matched on
/// the usual headings of published registers. A field is given to one column at most;
/// a heading that is exactly a field's usual heading wins over one that only contains it.
pub fn suggest_mapping(headings: &[String]) -> Vec<Option<Field>> {
    let normal: Vec<String> = headings.iter().map(|h| normalise(h)).collect();
    let mut mapping: Vec<Option<Field>> = vec![None; headings.len()];
    let mut free: Vec<Field> = Field::ALL.to_vec();
    for pass in [exact, within] {
        for (i, h) in normal.iter().enumerate() {
            if mapping[i].is_some() || h.is_empty() {
                continue;
            }
            if let Some(f) = pass(h, &free) {
                mapping[i] = Some(f);
                free.retain(|x| *x != f);
            }
        }
    }
    mapping
}

/// What is wrong with a column mapping, before any row is checked: each field that every
/// row needs and no column holds, and each field given to two columns. Empty when the
/// rows can be checked. `columns` is how many columns the file has.
pub fn mapping_problems(columns: usize, mapping: &[Option<Field>]) -> Vec<String> {
    let mut e = Vec::new();
    if mapping.len() != columns {
        e.push(format!(
            "Give a field (or none) for each of the file's {columns} columns"
        ));
    }
    let has = |f: Field| mapping.contains(&Some(f));
    for f in [
        Field::Reference,
        Field::Title,
        Field::SupplierName,
        Field::EndDate,
    ] {
        if !has(f) {
            e.push(format!(
                "No column is the {}: every contract needs one. Choose the column that holds it",
                f.label().to_lowercase()
            ));
        }
    }
    if !has(Field::AwardDate) && !has(Field::StartDate) {
        e.push(
            "No column is the award date or the start date: every contract needs a date of \
             contract award, and the start date is used when there is none. Choose the column \
             that holds one"
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
        let p = mapping_problems(4, &m);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("award date or the start date"), "{p:?}");
        let mut with_start = m.to_vec();
        with_start.push(Some(Field::StartDate));
        assert!(mapping_problems(5, &with_start).is_empty());
    }
}
