//! The table-shaped sections of the maturity report. Each has an `…Input` struct (what
//! the form sends, numbers and dates as typed), a validated struct that is stored as one
//! JSON document per section, and a view with the computed values the council uses.

pub mod dashboard;
pub mod financial;
pub mod operational;
pub mod performance;
pub mod risk;
pub mod schema;
pub(crate) mod store;
pub(crate) mod values;

use crate::framework::Section;
use crate::kept::{FormInput, KeptValue};
use crate::kernel::error::{CoreError, FieldError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A section with a form and calculations of its own (5, 6, 9): what the form sends, what
/// is stored, and what the app shows, with one way to go from each to the next.
pub trait TypedSection: Serialize + DeserializeOwned + Default {
    const SECTION: Section;
    type Input: FormInput;
    type View;
    fn from_input(input: &Self::Input) -> Result<Self, Vec<FieldError>>;
    fn into_view(self) -> Self::View;
    fn missing(view: &Self::View) -> &[FieldError];
    /// The values typed into the form that cannot be saved yet, shown with the view.
    fn kept(view: &mut Self::View) -> &mut Vec<KeptValue>;
}

/// Each of these sections validates its input and builds its view the same way.
macro_rules! typed_section {
    ($stored:ty, $section:expr, $input:ty, $view:ty) => {
        impl TypedSection for $stored {
            const SECTION: Section = Section::of($section);
            type Input = $input;
            type View = $view;
            fn from_input(input: &Self::Input) -> Result<Self, Vec<FieldError>> {
                input.validate()
            }
            fn into_view(self) -> Self::View {
                self.view()
            }
            fn missing(view: &Self::View) -> &[FieldError] {
                &view.missing
            }
            fn kept(view: &mut Self::View) -> &mut Vec<KeptValue> {
                &mut view.kept
            }
        }
    };
}

typed_section!(
    operational::Operational,
    5,
    operational::OperationalInput,
    operational::OperationalView
);
typed_section!(
    financial::Financial,
    6,
    financial::FinancialInput,
    financial::FinancialView
);
typed_section!(
    risk::RiskRegister,
    9,
    risk::RiskRegisterInput,
    risk::RiskRegisterView
);

// Sections 6 and 9 name each field by its place in the input.
impl FormInput for financial::FinancialInput {}
impl FormInput for risk::RiskRegisterInput {}

impl FormInput for operational::OperationalInput {
    /// The breach, remedy and relief tables are named as their schema names them
    /// (`breaches.0.date`) and sit under `tables`.
    fn pointer(field: &str) -> Option<String> {
        let first = field.split('.').next().unwrap_or_default();
        if matches!(first, "period_end" | "indicators" | "milestones") {
            Some(crate::kept::dotted_pointer(field))
        } else {
            schema::SectionValues::pointer(field).map(|p| format!("/tables{p}"))
        }
    }
}

impl FormInput for schema::SectionValues {
    /// A field is named by its key (`annual_cost`), a table cell by table, row and column
    /// (`claims.0.status`).
    fn pointer(field: &str) -> Option<String> {
        if field.contains('.') {
            Some(format!("/tables{}", crate::kept::dotted_pointer(field)))
        } else {
            Some(format!("/fields{}", crate::kept::dotted_pointer(field)))
        }
    }
}

/// The refusal of a section that is not recorded as fields and tables (4, 7, 8, 10, 11,
/// 12), or is not a section of the template at all: `Validation` on `section`.
pub fn unknown_section(n: u8) -> CoreError {
    CoreError::Validation(vec![FieldError::new(
        "section",
        format!("Section {n} is not one of the template's sections recorded this way"),
    )])
}
