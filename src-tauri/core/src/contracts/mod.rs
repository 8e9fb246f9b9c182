//! A contract on the register: the template's Section 1 details.
//!
//! `ContractInput` is the form as typed (all text, so nothing a person typed is lost);
//! `ContractDetails` is what validation makes of it (dates, pence); `Contract` is a saved row.

pub(crate) mod store;

use crate::kernel::error::FieldError;
use crate::kernel::money::Pence;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The contract form exactly as typed. Dates are ISO `YYYY-MM-DD` (or UK `DD/MM/YYYY`),
/// money is pounds as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ContractInput {
    pub name: String,
    pub reference: String,
    pub contractor_legal_name: String,
    pub contractor_trading_name: String,
    pub contractor_construct: String,
    pub award_date: String,
    pub start_date: String,
    pub expiry_date: String,
    pub whole_life_cost_nominal: String,
    pub whole_life_cost_npv: String,
    pub current_year_value: String,
    pub scope: String,
    pub service_area: String,
    pub contract_owner: String,
    pub contract_manager: String,
}

/// Validated contract details, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ContractDetails {
    pub name: String,
    pub reference: String,
    pub contractor_legal_name: String,
    pub contractor_trading_name: String,
    pub contractor_construct: String,
    pub award_date: NaiveDate,
    pub start_date: Option<NaiveDate>,
    /// `None` for a rolling contract, which runs until notice is given.
    pub expiry_date: Option<NaiveDate>,
    pub whole_life_cost_nominal: Option<Pence>,
    pub whole_life_cost_npv: Option<Pence>,
    pub current_year_value: Option<Pence>,
    pub scope: String,
    pub service_area: String,
    pub contract_owner: String,
    pub contract_manager: String,
}

/// A saved contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Contract {
    pub id: i64,
    #[serde(flatten)]
    pub details: ContractDetails,
    /// When it was last saved (UTC, RFC 3339).
    pub updated_at: String,
}

/// A field of the form: its name in `ContractInput`, the label people see, and its limit.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub max_chars: usize,
    pub required: bool,
}

const fn field(name: &'static str, label: &'static str, max_chars: usize, required: bool) -> Field {
    Field {
        name,
        label,
        max_chars,
        required,
    }
}

pub const NAME: Field = field("name", "Contract name", 200, true);
pub const REFERENCE: Field = field("reference", "Contract reference", 50, true);
pub const LEGAL_NAME: Field = field("contractor_legal_name", "Contractor legal name", 200, true);
pub const TRADING_NAME: Field = field(
    "contractor_trading_name",
    "Contractor trading name",
    200,
    false,
);
pub const CONSTRUCT: Field = field("contractor_construct", "Contractor construct", 2000, false);
pub const AWARD_DATE: Field = field("award_date", "Date of contract award", 10, true);
pub const START_DATE: Field = field("start_date", "Start date", 10, false);
/// Blank for a rolling contract, which runs until notice is given.
pub const EXPIRY_DATE: Field = field("expiry_date", "Date of expiry", 10, false);
pub const WLC_NOMINAL: Field = field(
    "whole_life_cost_nominal",
    "Whole-life cost (nominal)",
    30,
    false,
);
pub const WLC_NPV: Field = field(
    "whole_life_cost_npv",
    "Whole-life cost (net present)",
    30,
    false,
);
pub const CURRENT_YEAR: Field = field(
    "current_year_value",
    "Anticipated value in the current financial year",
    30,
    false,
);
pub const SCOPE: Field = field("scope", "Contract scope", 20_000, false);
pub const SERVICE_AREA: Field = field("service_area", "Service area or directorate", 200, false);
pub const OWNER: Field = field("contract_owner", "Contract owner", 200, true);
pub const MANAGER: Field = field("contract_manager", "Contract manager", 200, false);

/// Collects field errors in form order, so the error summary reads top to bottom.
#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn text(&mut self, f: &Field, value: &str) -> String {
        let v = value.trim();
        if f.required && v.is_empty() {
            self.errors.push(FieldError::new(
                f.name,
                format!("Enter the {}", f.label.to_lowercase()),
            ));
        } else if v.chars().count() > f.max_chars {
            self.errors.push(FieldError::new(
                f.name,
                format!("{} must be {} characters or fewer", f.label, f.max_chars),
            ));
        }
        v.to_owned()
    }

    fn date(&mut self, f: &Field, value: &str) -> Option<NaiveDate> {
        let v = value.trim();
        if v.is_empty() {
            if f.required {
                self.errors.push(FieldError::new(
                    f.name,
                    format!("Enter the {}", f.label.to_lowercase()),
                ));
            }
            return None;
        }
        match parse_date(v) {
            Some(d) => Some(d),
            None => {
                self.errors.push(FieldError::new(
                    f.name,
                    crate::kernel::dates::date_problem(f.label, v),
                ));
                None
            }
        }
    }

    fn money(&mut self, f: &Field, value: &str) -> Option<Pence> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match Pence::parse_pounds(v) {
            Ok(p) => Some(p),
            Err(rule) => {
                self.errors
                    .push(FieldError::new(f.name, rule.sentence(f.label)));
                None
            }
        }
    }
}

pub use crate::kernel::dates::parse_date;

impl ContractInput {
    /// Checks every rule and reports every broken one, each naming its field.
    pub fn validate(&self) -> Result<ContractDetails, Vec<FieldError>> {
        let mut c = Checker::default();
        let name = c.text(&NAME, &self.name);
        let reference = c.text(&REFERENCE, &self.reference);
        let contractor_legal_name = c.text(&LEGAL_NAME, &self.contractor_legal_name);
        let contractor_trading_name = c.text(&TRADING_NAME, &self.contractor_trading_name);
        let contractor_construct = c.text(&CONSTRUCT, &self.contractor_construct);
        let award = c.date(&AWARD_DATE, &self.award_date);
        let start = c.date(&START_DATE, &self.start_date);
        let expiry = c.date(&EXPIRY_DATE, &self.expiry_date);
        if let (Some(a), Some(s)) = (award, start) {
            if s < a {
                c.errors.push(FieldError::new(
                    START_DATE.name,
                    "Start date must be the same as or after the date of contract award",
                ));
            }
        }
        if let (Some(a), Some(e)) = (award, expiry) {
            if e <= a {
                c.errors.push(FieldError::new(
                    EXPIRY_DATE.name,
                    "Date of expiry must be after the date of contract award",
                ));
            } else if let Some(s) = start.filter(|s| e <= *s) {
                c.errors.push(FieldError::new(
                    EXPIRY_DATE.name,
                    format!("Date of expiry must be after the start date ({s})"),
                ));
            }
        }
        let whole_life_cost_nominal = c.money(&WLC_NOMINAL, &self.whole_life_cost_nominal);
        let whole_life_cost_npv = c.money(&WLC_NPV, &self.whole_life_cost_npv);
        let current_year_value = c.money(&CURRENT_YEAR, &self.current_year_value);
        let scope = c.text(&SCOPE, &self.scope);
        let service_area = c.text(&SERVICE_AREA, &self.service_area);
        let contract_owner = c.text(&OWNER, &self.contract_owner);
        let contract_manager = c.text(&MANAGER, &self.contract_manager);

        match award {
            Some(award_date) if c.errors.is_empty() => Ok(ContractDetails {
                name,
                reference,
                contractor_legal_name,
                contractor_trading_name,
                contractor_construct,
                award_date,
                start_date: start,
                expiry_date: expiry,
                whole_life_cost_nominal,
                whole_life_cost_npv,
                current_year_value,
                scope,
                service_area,
                contract_owner,
                contract_manager,
            }),
            _ => Err(c.errors),
        }
    }
}

impl From<&ContractDetails> for ContractInput {
    fn from(d: &ContractDetails) -> Self {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let money = |p: Option<Pence>| p.map(|p| p.to_string()).unwrap_or_default();
        ContractInput {
            name: d.name.clone(),
            reference: d.reference.clone(),
            contractor_legal_name: d.contractor_legal_name.clone(),
            contractor_trading_name: d.contractor_trading_name.clone(),
            contractor_construct: d.contractor_construct.clone(),
            award_date: date(Some(d.award_date)),
            start_date: date(d.start_date),
            expiry_date: date(d.expiry_date),
            whole_life_cost_nominal: money(d.whole_life_cost_nominal),
            whole_life_cost_npv: money(d.whole_life_cost_npv),
            current_year_value: money(d.current_year_value),
            scope: d.scope.clone(),
            service_area: d.service_area.clone(),
            contract_owner: d.contract_owner.clone(),
            contract_manager: d.contract_manager.clone(),
        }
    }
}

/// What a register import's lookup of held contracts is given before an OCID in lower case,
/// to ask for the contract with that OCID rather than a reference (a reference never holds
/// a NUL).
pub const OCID_KEY: &str = "\u{0}ocid:";

/// One row of a register: the contract's details and what the register adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterRow {
    pub input: ContractInput,
    pub supplier_registration: String,
    pub review_date: Option<NaiveDate>,
    pub procurement_type: String,
    /// The open contracting identifier (OCDS), "" when the file gives none. A row with one
    /// updates the contract that has it, whatever its reference.
    pub ocid: String,
    pub buyer: String,
    /// Every supplier, when the file lists them (an OCDS award with several).
    pub suppliers: Vec<String>,
    /// The CPV classification: code and description, "79710000 Security services".
    pub cpv: String,
}

/// A contract as the register lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegisterEntry {
    pub contract: Contract,
    pub supplier_registration: String,
    pub review_date: Option<NaiveDate>,
    pub procurement_type: String,
    /// The open contracting identifier, "" for a contract not published in OCDS.
    pub ocid: String,
    pub buyer: String,
    /// Every supplier, when there are several; empty otherwise.
    pub suppliers: Vec<String>,
    pub cpv: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
pub struct ImportCounts {
    pub created: u32,
    pub updated: u32,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn valid_input() -> ContractInput {
        ContractInput {
            name: "Facilities management – East Kent".into(),
            reference: "FM-2016-001".into(),
            contractor_legal_name: "Amey Community Limited".into(),
            contractor_trading_name: "Amey".into(),
            contractor_construct: "Prime contractor with two subcontractors".into(),
            award_date: "2016-04-01".into(),
            start_date: "2016-06-01".into(),
            expiry_date: "2023-03-31".into(),
            whole_life_cost_nominal: "£45,000,000".into(),
            whole_life_cost_npv: "41250000.50".into(),
            current_year_value: "6,400,000".into(),
            scope: "Hard and soft FM across 120 buildings in East Kent.".into(),
            service_area: "Strategic and Corporate Services".into(),
            contract_owner: "Rebecca Spore".into(),
            contract_manager: "Jo Smith".into(),
        }
    }

    #[test]
    fn a_complete_form_validates_to_typed_details() {
        let d = valid_input().validate().unwrap();
        assert_eq!(d.award_date, NaiveDate::from_ymd_opt(2016, 4, 1).unwrap());
        assert_eq!(d.whole_life_cost_nominal, Some(Pence(4_500_000_000)));
        assert_eq!(d.whole_life_cost_npv, Some(Pence(4_125_000_050)));
        assert_eq!(ContractInput::from(&d).validate().unwrap(), d);
    }

    #[test]
    fn expiry_before_award_names_the_field_and_rule() {
        let mut i = valid_input();
        i.expiry_date = "2015-01-01".into();
        i.start_date = String::new();
        let errs = i.validate().unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new(
                "expiry_date",
                "Date of expiry must be after the date of contract award"
            )]
        );
    }

    #[test]
    fn every_missing_required_field_is_reported_in_form_order() {
        let errs = ContractInput::default().validate().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "reference",
                "contractor_legal_name",
                "award_date",
                "contract_owner"
            ]
        );
        assert_eq!(errs[0].message, "Enter the contract name");
    }

    /// A rolling contract runs until notice is given: it has no date of expiry.
    #[test]
    fn a_rolling_contract_has_no_date_of_expiry() {
        let mut i = valid_input();
        i.expiry_date = String::new();
        assert_eq!(i.validate().unwrap().expiry_date, None);
    }

    #[test]
    fn money_rules_are_checked_per_field() {
        let mut i = valid_input();
        i.whole_life_cost_nominal = "-10".into();
        i.current_year_value = "12.345".into();
        let errs = i.validate().unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, "whole_life_cost_nominal");
        assert_eq!(
            errs[0].message,
            "Whole-life cost (nominal) must not be negative"
        );
        assert_eq!(errs[1].field, "current_year_value");
        assert!(errs[1].message.contains("two decimal places"));
    }

    #[test]
    fn dates_accept_uk_format_and_refuse_nonsense() {
        let mut i = valid_input();
        i.award_date = "01/04/2016".into();
        assert!(i.validate().is_ok());
        i.award_date = "31/02/2016".into();
        let errs = i.validate().unwrap_err();
        assert_eq!(errs[0].field, "award_date");
        assert_eq!(
            errs[0].message,
            "Date of contract award: 31 February 2016 does not exist"
        );
    }

    #[test]
    fn start_before_award_and_overlong_text_are_refused() {
        let mut i = valid_input();
        i.start_date = "2016-01-01".into();
        i.reference = "X".repeat(51);
        let fields: Vec<_> = i
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["reference", "start_date"]);
    }
}

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ContractSummary {
    pub id: i64,
    pub name: String,
    pub reference: String,
    pub contractor: String,
    pub service_area: String,
    pub contract_owner: String,
    /// `None` for a rolling contract.
    pub expiry_date: Option<NaiveDate>,
    pub current_year_value: Option<Pence>,
    /// The form has typed changes that do not yet pass validation.
    pub has_unsaved_changes: bool,
    pub updated_at: String,
}

/// A contract by name and reference, as a list of one owner's contracts shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OwnedContract {
    pub id: i64,
    pub name: String,
    pub reference: String,
}

/// A contract still being added: typed but not yet valid, so not yet on the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DraftSummary {
    pub draft_id: i64,
    pub name: String,
    pub reference: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Register {
    pub contracts: Vec<ContractSummary>,
    pub drafts: Vec<DraftSummary>,
}

/// One page of the register, with counts over the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegisterPage {
    /// Contracts on the register, and of those the ones matching the search.
    pub total: u32,
    pub found: u32,
    pub offset: u32,
    pub contracts: Vec<ContractSummary>,
    /// Contracts started but not yet on the register.
    pub drafts: Vec<DraftSummary>,
}

/// What the contract form opens with: the draft if there is one, else the saved values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ContractForm {
    pub contract_id: Option<i64>,
    pub draft_id: Option<i64>,
    pub input: ContractInput,
    /// Problems with the draft; empty when the form shows saved values.
    pub errors: Vec<FieldError>,
    pub updated_at: String,
    /// How the contract was published in OCDS, when it was imported from a package.
    pub published: Option<Published>,
}

/// A contract as Contracts Finder or Find a Tender published it (OCDS): what the register
/// keeps beyond the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Published {
    /// The open contracting identifier, e.g. `ocds-b5fd17-…`.
    pub ocid: String,
    pub buyer: String,
    /// Every supplier, when the award had several; empty otherwise.
    pub suppliers: Vec<String>,
    /// The CPV classification: code and description.
    pub cpv: String,
}
