//! The submission template, generated from the plan's fields (`wjvet template`).
//!
//! One column per identity column and per plan field, headed with the Chinese label
//! that [`crate::data`] reads back, so a filled template goes through `check`
//! unchanged. Two forms: CSV (UTF-8 with a BOM, the only way Excel opens UTF-8
//! correctly) and a styled workbook with data validation and a 填表说明 sheet
//! explaining every field. Both can be pre-filled with one row per registered
//! institution for a year. Everything said about a field (type, unit, limits, the
//! rules it feeds) comes from [`guide`], so the two forms say the same thing.

pub mod csv;
pub mod guide;
pub mod roster;
pub mod roster_xlsx;
mod sheet;
pub mod xlsx;

use crate::data::Identity;
use crate::plan::{FieldId, Plan, Registry};

/// The plan field that receives an institution's registered code when pre-filling.
pub const CODE_FIELD: &str = "school_code";

/// What to generate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateOptions {
    /// Pre-fill one row per registered institution for this year.
    pub year: Option<i32>,
}

/// What a template column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Identity(Identity),
    Field(FieldId),
}

impl Column {
    /// The header written in the template: the Chinese label.
    pub fn header(self, plan: &Plan) -> String {
        match self {
            Column::Identity(i) => i.label().zh,
            Column::Field(f) => plan.field(f).label.zh.clone(),
        }
    }
}

/// The template's columns: the identity columns, then the fields in plan order.
pub fn columns(plan: &Plan) -> Vec<Column> {
    let ids = Identity::ALL.into_iter().map(Column::Identity);
    let fields =
        (0..plan.fields.len()).filter_map(|i| u16::try_from(i).ok()).map(|i| Column::Field(FieldId(i)));
    ids.chain(fields).collect()
}

/// The pre-filled rows: per registered institution, its name, the year, its type and
/// (in [`CODE_FIELD`]) its code; every other cell empty. No rows without a year.
pub fn prefill(plan: &Plan, registry: &Registry, opts: &TemplateOptions) -> Vec<Vec<String>> {
    let Some(year) = opts.year else { return Vec::new() };
    let cols = columns(plan);
    registry
        .institutions
        .iter()
        .map(|inst| {
            cols.iter()
                .map(|c| match c {
                    Column::Identity(Identity::School) => inst.name.clone(),
                    Column::Identity(Identity::Year) => year.to_string(),
                    Column::Identity(Identity::SchoolType) => {
                        inst.school_type.label(plan, crate::lang::Lang::Zh).to_string()
                    }
                    Column::Field(f) if plan.field(*f).key == CODE_FIELD => {
                        inst.code.clone().unwrap_or_default()
                    }
                    Column::Field(_) => String::new(),
                })
                .collect()
        })
        .collect()
}
