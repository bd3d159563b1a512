//! Evaluation: every rule of the plan against the dataset, as of a date.
//!
//! Stage three of the pipeline, and pure: no I/O, no clock. The caller fixes the
//! reporting year and the evaluation date (`--year`, `--as-of`), so the same input
//! always gives the same findings. Findings come out in a fixed order: institutions
//! in the order their rows were read (then registered institutions that sent
//! nothing), each with its rules in plan order, then the district rules.

mod composite;
mod describe;
mod district;
mod finding;
mod measure;
mod message;
mod school;
mod status;

use std::collections::HashMap;

use chrono::NaiveDate;

pub use composite::{formula as composite_formula, parts as composite_parts};
pub use describe::{condition as describe_condition, target as describe_target};
pub use finding::{Actual, CellUse, Exemption, Extra, Finding, Reviewed};
pub use measure::holds_num;
pub use measure::holds_num as holds;
pub use message::{Message, Note};
pub use status::Status;

use crate::data::{Dataset, Value};
use crate::num::{self, Round};
use crate::plan::{FieldId, FieldKind, Level, Measure, Plan, RuleKind, Scope};

/// When and what to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// The reporting year whose rows are judged.
    pub year: i32,
    /// The evaluation date: a rule is due when this date is on or after its due date.
    pub as_of: NaiveDate,
}

impl EvalOptions {
    /// The default evaluation date for `year`: its last day.
    pub fn end_of_year(year: i32) -> EvalOptions {
        EvalOptions { year, as_of: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default() }
    }
}

/// Shared, precomputed view of the data for one evaluation.
#[derive(Debug)]
pub struct Cx<'a> {
    pub plan: &'a Plan,
    pub data: &'a Dataset,
    pub opts: EvalOptions,
    /// Record the cells behind each finding (for `explain`).
    pub trace: bool,
    by_year: HashMap<i32, Vec<usize>>,
    /// Institutions with a row for any year, each once, in the order first read.
    reporting: Vec<usize>,
}

impl<'a> Cx<'a> {
    fn new(plan: &'a Plan, data: &'a Dataset, opts: EvalOptions, trace: bool) -> Cx<'a> {
        let mut by_year: HashMap<i32, Vec<usize>> = HashMap::new();
        let mut seen = vec![false; data.institutions.len()];
        let mut reporting = Vec::new();
        for (i, r) in data.rows.iter().enumerate() {
            by_year.entry(r.year).or_default().push(i);
            if !std::mem::replace(&mut seen[r.institution], true) {
                reporting.push(r.institution);
            }
        }
        Cx { plan, data, opts, trace, by_year, reporting }
    }

    /// Institutions that reported any year, in the order first read.
    pub fn reporting(&self) -> &[usize] {
        &self.reporting
    }

    /// The dataset's own index: a second map of a million rows would cost 50 MB.
    pub fn row_index(&self, inst: usize, year: i32) -> Option<usize> {
        self.data.row_index(inst, year)
    }

    pub fn rows_of_year(&self, year: i32) -> impl Iterator<Item = usize> + '_ {
        self.by_year.get(&year).into_iter().flatten().copied()
    }

    /// Whether institution `inst` (a dataset index) is in `scope`.
    pub fn in_scope(&self, scope: &Scope, inst: usize) -> bool {
        let entry = &self.data.institutions[inst];
        scope.types.contains(&entry.school_type)
            || entry.registered.is_some_and(|r| scope.institutions.contains(&r))
    }

    /// Whether a measure can only take non-negative values (fields with `min >= 0`).
    pub fn nonneg(&self, m: &Measure) -> bool {
        m.fields().iter().all(|f| self.plan.field(*f).min.is_some_and(|min| min >= 0))
    }
}

/// Evaluates every rule for every institution in scope, then the district rules.
pub fn evaluate(plan: &Plan, data: &Dataset, opts: EvalOptions) -> Vec<Finding> {
    evaluate_with(plan, data, opts, false)
}

/// Like [`evaluate`], recording in each finding the cells it was computed from.
pub fn evaluate_traced(plan: &Plan, data: &Dataset, opts: EvalOptions) -> Vec<Finding> {
    evaluate_with(plan, data, opts, true)
}

fn evaluate_with(plan: &Plan, data: &Dataset, opts: EvalOptions, trace: bool) -> Vec<Finding> {
    let cx = Cx::new(plan, data, opts, trace);
    let subjects = subjects(&cx);
    let school_rules = plan.rules.iter().filter(|r| r.kind.level() == Level::School).count();
    let mut out = Vec::with_capacity(subjects.len() * school_rules + plan.rules.len() - school_rules);
    for inst in subjects {
        let first = out.len();
        for (i, rule) in plan.rules.iter().enumerate() {
            if rule.kind.level() == Level::School && cx.in_scope(&rule.applies_to, inst) {
                let f = match &rule.kind {
                    RuleKind::AllOf { rules } => composite::all_of(&cx, i, rule, rules, inst, &out[first..]),
                    _ => school::judge(&cx, i, rule, inst),
                };
                out.push(f);
            }
        }
    }
    let schools = out.len();
    for (i, rule) in plan.rules.iter().enumerate() {
        if rule.kind.level() == Level::District {
            let f = match &rule.kind {
                RuleKind::ShareOf { rule: counted, comparator, target } => {
                    composite::share_of(&cx, i, rule, (*counted, *comparator, target), &out[..schools])
                }
                _ => district::judge(&cx, i, rule),
            };
            out.push(f);
        }
    }
    out
}

/// The institutions judged for the year: those that reported it, in the order their
/// rows were read; then every institution that should have and did not, so nobody
/// disappears from a run: each registered one when a registry says who the district
/// is, and each one that sent rows for other years (a school that reported 2019 but
/// not 2020 has its 2020 rules missing, not dropped). Their rules come out `missing`.
fn subjects(cx: &Cx<'_>) -> Vec<usize> {
    let (data, year) = (cx.data, cx.opts.year);
    let mut subjects: Vec<usize> = cx.rows_of_year(year).map(|r| data.rows[r].institution).collect();
    let mut seen = vec![false; data.institutions.len()];
    for &i in &subjects {
        seen[i] = true;
    }
    let registered = if data.registry.complete { data.registry.institutions.len() } else { 0 };
    for i in (0..registered).chain(cx.reporting().iter().copied()) {
        if !std::mem::replace(&mut seen[i], true) {
            subjects.push(i);
        }
    }
    subjects
}

/// A cell value as a reader sees it, with the field's name.
pub fn show_value(plan: &Plan, field: FieldId, v: &Value) -> String {
    let f = plan.field(field);
    let shown = match v {
        Value::Num(n) => num::display(
            &num::widen(n),
            if f.kind == FieldKind::Percent { num::Unit::Percent } else { num::Unit::Plain },
            Round::Down,
        ),
        Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Value::Date(d) => d.to_string(),
        Value::NotDone => "未完成".to_string(),
        Value::Text(t) => t.to_string(),
    };
    format!("{}: {shown}", f.label.zh)
}
