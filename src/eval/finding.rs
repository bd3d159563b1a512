//! A finding: one rule's verdict for one subject, with the numbers behind it.
//!
//! Findings keep the exact values (never rounded) and the cells they were computed
//! from, so every output format and `explain` can show the same arithmetic. Turning
//! them into words for a reader happens here too, in one place for every format.

use chrono::NaiveDate;

use super::status::Status;
use crate::lang::{Lang, Text};
use crate::num::{self, Num, Round, Unit};
use crate::plan::FieldId;

/// What was measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    /// A value (for district rules, a sum).
    Number {
        value: Num,
        unit: Unit,
    },
    /// numerator / denominator, shown as a percentage.
    Ratio {
        numerator: Num,
        denominator: Num,
    },
    /// The date something was done or filed.
    Date(NaiveDate),
    /// Reported as not done yet.
    NotDone,
    Bool(bool),
    /// Evidence or other text as reported.
    Text(String),
    /// Institutions meeting a condition, out of those reported.
    Count {
        met: usize,
        of: usize,
    },
    /// This year's value against last year's.
    Growth {
        previous: Num,
        current: Num,
        unit: Unit,
    },
}

impl Actual {
    pub fn ratio_value(numerator: &Num, denominator: &Num) -> Num {
        numerator / denominator
    }

    /// A short form for tables: `15234`, `85% (17/20)`, `2019-12-20`, `未完成`.
    pub fn show(&self, lang: Lang) -> String {
        match self {
            Actual::Number { value, unit } => num::display(value, *unit, Round::Down),
            Actual::Ratio {
                numerator,
                denominator,
            } => format!(
                "{} ({}/{})",
                num::display(&(numerator / denominator), Unit::Percent, Round::Down),
                num::display(numerator, Unit::Plain, Round::Down),
                num::display(denominator, Unit::Plain, Round::Down)
            ),
            Actual::Date(d) => d.to_string(),
            Actual::NotDone => lang.pick("未完成", "not done").to_string(),
            Actual::Bool(b) => if *b {
                lang.pick("是", "yes")
            } else {
                lang.pick("否", "no")
            }
            .to_string(),
            Actual::Text(t) => t.clone(),
            Actual::Count { met, of } => format!("{met}/{of}"),
            Actual::Growth {
                previous,
                current,
                unit,
            } => format!(
                "{} → {}",
                num::display(previous, *unit, Round::Down),
                num::display(current, *unit, Round::Down)
            ),
        }
    }

    /// The machine form for JSON: exact decimals as strings, never floats.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Actual::Number { value, .. } => num::to_json(value),
            Actual::Ratio {
                numerator,
                denominator,
            } => json!({
                "value": num::to_json(&(numerator / denominator)),
                "numerator": num::to_json(numerator),
                "denominator": num::to_json(denominator),
            }),
            Actual::Date(d) => json!(d.to_string()),
            Actual::NotDone => json!("not_done"),
            Actual::Bool(b) => json!(b),
            Actual::Text(t) => json!(t),
            Actual::Count { met, of } => json!({ "met": met, "of": of }),
            Actual::Growth {
                previous, current, ..
            } => json!({
                "previous": num::to_json(previous),
                "current": num::to_json(current),
            }),
        }
    }
}

/// A cell a finding was computed from: a row of the dataset and a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellUse {
    /// Index into `Dataset::rows`.
    pub row: usize,
    pub field: FieldId,
}

/// One rule's verdict for one institution, or for the district.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Index into `Plan::rules`.
    pub rule: usize,
    /// Index into `Dataset::institutions`; `None` for district rules.
    pub institution: Option<usize>,
    pub year: i32,
    pub status: Status,
    pub actual: Option<Actual>,
    pub due: Option<NaiveDate>,
    /// Whether the due date had passed on the evaluation date.
    pub overdue: bool,
    pub message: Text,
    /// The cells behind the verdict, for `explain`.
    pub inputs: Vec<CellUse>,
}

impl Finding {
    /// Whether this finding counts against compliance: a failure, a late completion,
    /// or data still missing once due. (Severity is applied by the caller.)
    pub fn counts_against(&self) -> bool {
        match self.status {
            Status::Fail | Status::Late => true,
            Status::Missing => self.overdue,
            _ => false,
        }
    }
}
