//! The table-shaped sections (5, 9, …): one JSON document per section, written and read
//! only through the typed structs of `crate::reports::sections`.

use crate::framework::Section;
use crate::kept::store::{keep_in_section, kept_in, section_form};
use crate::kept::{split, KeptValue, Split};
use crate::kernel::error::{CoreError, Result};
use crate::kernel::money::Pence;
use crate::kernel::Store;
use crate::reports::sections::financial::{Financial, FinancialInput, FinancialView};
use crate::reports::sections::operational::{Operational, OperationalInput, OperationalView};
use crate::reports::sections::risk::{RiskRegister, RiskRegisterInput, RiskRegisterView};
use crate::reports::sections::schema::{
    cost_percentage, schema, Computed, SectionSchema, SectionValues, SectionView,
};
use crate::reports::sections::{unknown_section, TypedSection};
use crate::reports::tasks::table_section_state;
use crate::reports::TaskState;
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The stored document of a section, or its empty default; `None` when never saved.
pub(crate) fn document<T: DeserializeOwned>(
    conn: &Connection,
    report_id: i64,
    section: Section,
) -> Result<Option<T>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT document FROM report_section WHERE report_id = ?1 AND section = ?2",
            params![report_id, section.number()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
}

/// The task-list state of a table-shaped section, from its stored document: "to confirm"
/// while it is carried forward from the previous report and not yet saved.
pub(crate) fn section_state<T: DeserializeOwned + Default>(
    conn: &Connection,
    report_id: i64,
    section: Section,
    missing: impl FnOnce(T) -> Vec<crate::kernel::error::FieldError>,
) -> Result<TaskState> {
    let to_confirm: bool = conn
        .query_row(
            "SELECT to_confirm FROM report_section WHERE report_id = ?1 AND section = ?2",
            params![report_id, section.number()],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    if to_confirm {
        return Ok(TaskState::ToConfirm);
    }
    let doc = document::<T>(conn, report_id, section)?;
    let saved = doc.is_some();
    Ok(table_section_state(
        saved,
        &missing(doc.unwrap_or_default()),
    ))
}

/// The task-list state of a schema section.
pub(crate) fn schema_section_state(
    conn: &Connection,
    report_id: i64,
    section: Section,
) -> Result<TaskState> {
    let Some(schema) = schema(section) else {
        return Ok(TaskState::NotStarted);
    };
    section_state(conn, report_id, section, |v: SectionValues| {
        schema.missing(&schema.validate(&v).unwrap_or_default())
    })
}

/// A schema section as this council's form has it, its labels naming the council
/// (`SectionSchema::for_council`). Errors: `Validation` for a section with no schema.
fn council_schema(conn: &Connection, report_id: i64, section: Section) -> Result<SectionSchema> {
    let schema = schema(section).ok_or_else(|| unknown_section(section.number()))?;
    Ok(
        schema.for_council(&crate::reports::attestation::store::report_organisation(
            conn, report_id,
        )?),
    )
}

impl Store {
    /// Saves a section's good values and replaces what it keeps, in one write transaction.
    fn save_document<T: Serialize>(
        &mut self,
        report_id: i64,
        section: Section,
        doc: &T,
        kept: &[KeptValue],
    ) -> Result<()> {
        let json = serde_json::to_string(doc)?;
        self.edit_draft(report_id, |tx, stamp| {
        keep_in_section(tx, report_id, section, kept)?;
        tx.execute(
            "INSERT INTO report_section (report_id, section, document, updated_at, to_confirm) VALUES (?1, ?2, ?3, ?4, 0)
             ON CONFLICT(report_id, section) DO UPDATE SET document = excluded.document,
                 updated_at = excluded.updated_at, to_confirm = 0",
            params![report_id, section.number(), json, stamp],
        )?;
        Ok(())
        })
    }

    fn schema_view(
        &self,
        report_id: i64,
        section: Section,
        values: SectionValues,
        kept: Vec<KeptValue>,
    ) -> Result<SectionView> {
        let schema = council_schema(&self.conn, report_id, section)?;
        let mut computed = Vec::new();
        if section == Section::of(4) {
            let value: i64 = self.conn.query_row(
                "SELECT coalesce(sum(c.current_year_value_pence), 0) FROM report_contract rc
                 JOIN contract c ON c.id = rc.contract_id WHERE rc.report_id = ?1",
                [report_id],
                |r| r.get(0),
            )?;
            let cost = values
                .fields
                .get("annual_cost")
                .and_then(|c| Pence::parse_pounds(c).ok());
            computed.push(Computed {
                label: "Cost of contract management as a percentage of annual contract value".into(),
                value: match (cost, cost_percentage(cost.unwrap_or(Pence(0)), Pence(value))) {
                    (None, _) => "Enter the total annual cost above".into(),
                    (Some(_), None) => "Enter each contract's anticipated value in the current financial year (Section 1)".into(),
                    (Some(c), Some(pct)) => format!(
                        "{c} is {pct:.1}% of {} (the anticipated value in the current financial year)",
                        Pence(value)
                    ),
                },
            });
        }
        Ok(SectionView {
            missing: schema.missing(&values),
            kept,
            schema,
            values,
            computed,
        })
    }

    /// A section described by a schema (4, 7, 8, 10, 11, 12).
    pub fn section(&self, report_id: i64, section: Section) -> Result<SectionView> {
        self.report_status(report_id)?;
        let schema = council_schema(&self.conn, report_id, section)?;
        let stored = document::<SectionValues>(&self.conn, report_id, section)?;
        // Run stored answers through the schema so the view always has every key.
        let values = schema
            .validate(&stored.unwrap_or_default())
            .map_err(CoreError::Validation)?;
        let kept = kept_in(&self.conn, &section_form(report_id, section))?;
        self.schema_view(report_id, section, values, kept)
    }

    /// Saves a schema section: every good value is saved, and a value that cannot be
    /// stored changes nothing and is kept as typed (`crate::kept`).
    ///
    /// Errors: `Validation` when a rule about a whole table is broken (nothing changes);
    /// `ReportLocked` once the report is signed.
    pub fn save_section(
        &mut self,
        report_id: i64,
        section: Section,
        input: &SectionValues,
    ) -> Result<SectionView> {
        let schema = council_schema(&self.conn, report_id, section)?;
        let Split { valid, kept } =
            split(input, |i| schema.validate(i)).map_err(CoreError::Validation)?;
        self.save_document(report_id, section, &valid, &kept)?;
        self.schema_view(report_id, section, valid, kept)
    }

    /// A section with its own form and calculations (5, 6, 9), as the app shows it.
    pub fn typed_section<T: TypedSection>(&self, report_id: i64) -> Result<T::View> {
        self.report_status(report_id)?;
        let mut view = document::<T>(&self.conn, report_id, T::SECTION)?
            .unwrap_or_default()
            .into_view();
        *T::kept(&mut view) = kept_in(&self.conn, &section_form(report_id, T::SECTION))?;
        Ok(view)
    }

    /// Saves a section with its own form: every good value is saved, and a value that
    /// cannot be stored changes nothing and is kept as typed (`crate::kept`).
    ///
    /// Errors: `Validation` when a rule about a whole table is broken (nothing changes);
    /// `ReportLocked` once the report is signed.
    pub fn save_typed_section<T: TypedSection>(
        &mut self,
        report_id: i64,
        input: &T::Input,
    ) -> Result<T::View> {
        let Split { valid, kept } = split(input, T::from_input).map_err(CoreError::Validation)?;
        self.save_document(report_id, T::SECTION, &valid, &kept)?;
        let mut view = valid.into_view();
        *T::kept(&mut view) = kept;
        Ok(view)
    }

    pub fn operational(&self, report_id: i64) -> Result<OperationalView> {
        self.typed_section::<Operational>(report_id)
    }

    pub fn save_operational(
        &mut self,
        report_id: i64,
        input: &OperationalInput,
    ) -> Result<OperationalView> {
        self.save_typed_section::<Operational>(report_id, input)
    }

    pub fn risk_register(&self, report_id: i64) -> Result<RiskRegisterView> {
        self.typed_section::<RiskRegister>(report_id)
    }

    pub fn save_risk_register(
        &mut self,
        report_id: i64,
        input: &RiskRegisterInput,
    ) -> Result<RiskRegisterView> {
        self.save_typed_section::<RiskRegister>(report_id, input)
    }

    pub fn financial(&self, report_id: i64) -> Result<FinancialView> {
        self.typed_section::<Financial>(report_id)
    }

    pub fn save_financial(
        &mut self,
        report_id: i64,
        input: &FinancialInput,
    ) -> Result<FinancialView> {
        self.save_typed_section::<Financial>(report_id, input)
    }
}

/// The task-list state of a section with its own form.
pub(crate) fn typed_section_state<T: TypedSection>(
    conn: &Connection,
    report_id: i64,
) -> Result<TaskState> {
    section_state(conn, report_id, T::SECTION, |d: T| {
        T::missing(&d.into_view()).to_vec()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::sections::operational::IndicatorInput;
    use crate::reports::sections::risk::RiskInput;
    use crate::test_support::store_with_draft_report;

    #[test]
    fn section_5_round_trips_and_drives_the_task_list() {
        let (mut s, id) = store_with_draft_report();
        assert_eq!(s.report(id).unwrap().tasks[4].state, TaskState::NotStarted);
        let input = OperationalInput {
            period_end: "2026-09".into(),
            indicators: vec![IndicatorInput {
                reference: "KPI1".into(),
                description: "Beds available".into(),
                target: "95".into(),
                floor: "90".into(),
                actuals: vec!["96".into(); 12],
                ..Default::default()
            }],
            ..Default::default()
        };
        let saved = s.save_operational(id, &input).unwrap();
        assert_eq!(s.operational(id).unwrap(), saved);
        assert_eq!(saved.input.indicators, input.indicators);
        assert_eq!(saved.input.period_end, input.period_end);
        assert_eq!(s.report(id).unwrap().tasks[4].state, TaskState::Complete);
    }

    #[test]
    fn schema_sections_save_compute_and_complete() {
        let (mut s, id) = store_with_draft_report();
        assert_eq!(s.report(id).unwrap().tasks[3].state, TaskState::NotStarted);
        let mut v = SectionValues::default();
        v.fields.insert("annual_cost".into(), "£120,000".into());
        let view = s.save_section(id, Section::of(4), &v).unwrap();
        // valid_input() has £6,400,000 a year.
        assert_eq!(
            view.computed[0].value,
            "£120,000.00 is 1.9% of £6,400,000.00 (the anticipated value in the current financial year)"
        );
        assert_eq!(s.report(id).unwrap().tasks[3].state, TaskState::InProgress);
        assert_eq!(s.section(id, Section::of(4)).unwrap(), view);

        let mut forward = SectionValues::default();
        for key in [
            "extension_options",
            "continuous_improvement",
            "next_generation",
            "support",
        ] {
            forward.fields.insert(key.into(), "Written".into());
        }
        s.save_section(id, Section::of(12), &forward).unwrap();
        assert_eq!(s.report(id).unwrap().tasks[11].state, TaskState::Complete);
        assert!(
            s.save_section(id, Section::of(5), &forward).is_err(),
            "section 5 has its own form"
        );
    }

    #[test]
    fn a_bad_value_is_kept_outside_the_document_and_the_rest_saved() {
        let (mut s, id) = store_with_draft_report();
        let good = RiskRegisterInput {
            risks: vec![RiskInput {
                title: "Provider failure".into(),
                ..Default::default()
            }],
            review_approach: String::new(),
        };
        s.save_risk_register(id, &good).unwrap();
        let mut bad = good.clone();
        bad.risks[0].current_impact = Some(9);
        bad.review_approach = "Monthly".into();
        let view = s.save_risk_register(id, &bad).unwrap();
        assert_eq!(
            view.input.review_approach, "Monthly",
            "the good value is saved"
        );
        assert_eq!(
            view.input.risks[0].current_impact, None,
            "the bad one is not"
        );
        assert_eq!(view.kept[0].field, "risks.0.current_impact");
        assert_eq!(view.kept[0].typed, serde_json::json!(9));
        assert_eq!(s.risk_register(id).unwrap(), view);
        assert_eq!(s.report(id).unwrap().tasks[8].state, TaskState::InProgress);
        // The sealed document never holds the kept value.
        let doc: RiskRegister = document(&s.conn, id, Section::of(9)).unwrap().unwrap();
        assert_eq!(doc.risks[0].current_impact, None);

        // Put right, it is saved and nothing is kept any more.
        let mut fixed = bad.clone();
        fixed.risks[0].current_impact = Some(4);
        assert!(s.save_risk_register(id, &fixed).unwrap().kept.is_empty());
        assert!(s.report(id).unwrap().unsaved.is_empty());
    }

    #[test]
    fn every_month_typed_after_a_bad_one_is_saved_and_rated() {
        // The case from the window: "n/a" in one KPI month, then the other eleven.
        let (mut s, id) = store_with_draft_report();
        let mut actuals = vec!["96".to_owned(); 12];
        actuals[2] = "n/a".into();
        let input = OperationalInput {
            period_end: "2026-03".into(),
            indicators: vec![IndicatorInput {
                reference: "K1".into(),
                description: "Beds available".into(),
                target: "95".into(),
                floor: "90".into(),
                actuals,
                ..Default::default()
            }],
            ..Default::default()
        };
        let view = s.save_operational(id, &input).unwrap();
        let rated = &view.indicators[0];
        assert_eq!(rated.ratings.iter().flatten().count(), 11);
        assert_eq!(
            view.kept[0].message,
            "Jun 2025 in indicator K1 needs a number, like 95 or 95.5"
        );
        let report = s.report(id).unwrap();
        assert_eq!(report.tasks[4].state, TaskState::InProgress);
        assert_eq!(
            report.unsaved[0].message,
            "Section 5, Operational performance: Jun 2025 in indicator K1 needs a number, like 95 or 95.5"
        );
        // Reopened, the form is exactly as typed.
        let again = s.operational(id).unwrap();
        let mut shown = serde_json::to_value(&again.input).unwrap();
        crate::kept::restore(&mut shown, &again.kept);
        let shown: OperationalInput = serde_json::from_value(shown).unwrap();
        assert_eq!(shown.indicators, input.indicators);
        assert_eq!(shown.period_end, input.period_end);
    }

    #[test]
    fn a_full_disk_changes_nothing_and_the_same_save_succeeds_once_there_is_room() {
        let (mut s, id) = store_with_draft_report();
        let mut v = SectionValues::default();
        v.fields
            .insert("training".into(), "Induction. ".repeat(1_500));
        v.fields.insert("annual_cost".into(), "lots".into());
        // No room for another page: SQLite answers "database or disk is full".
        let pages: i64 = s
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        s.conn.pragma_update(None, "max_page_count", pages).unwrap();
        let err = s.save_section(id, Section::of(4), &v).unwrap_err();
        assert_eq!(
            err.code(),
            crate::kernel::error::ErrorCode::DiskFull,
            "{err}"
        );
        let before = s.section(id, Section::of(4)).unwrap();
        assert_eq!(
            before.values.fields.get("training").map(String::as_str),
            Some("")
        );
        assert!(
            before.kept.is_empty(),
            "nothing half-saved, nothing half-kept"
        );
        // Room again: the window's next attempt saves it all, and keeps the bad value.
        s.conn
            .pragma_update(None, "max_page_count", 1_073_741_823)
            .unwrap();
        let view = s.save_section(id, Section::of(4), &v).unwrap();
        assert_eq!(view.values.fields["training"], v.fields["training"].trim());
        assert_eq!(view.kept[0].field, "annual_cost");
    }

    #[test]
    fn schema_sections_keep_a_bad_cell_of_a_table() {
        let (mut s, id) = store_with_draft_report();
        let mut v = SectionValues::default();
        v.fields.insert("annual_cost".into(), "£1.2m".into());
        v.fields
            .insert("training".into(), "Induction for all".into());
        let view = s.save_section(id, Section::of(4), &v).unwrap();
        assert!(view.kept.is_empty(), "£1.2m is an amount: {:?}", view.kept);
        assert_eq!(
            view.values.fields["annual_cost"], "£1,200,000.00",
            "shown back in full"
        );
        v.fields.insert("annual_cost".into(), "lots".into());
        let view = s.save_section(id, Section::of(4), &v).unwrap();
        assert_eq!(view.kept[0].pointer, "/fields/annual_cost");
        assert_eq!(view.values.fields["training"], "Induction for all");
    }
}
