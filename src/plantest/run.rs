//! Running a case: its rows read and evaluated exactly as `check` would, then each
//! expectation compared with the finding it names.
//!
//! The rows go through the data loader (inline text through [`data::load_bytes`], a
//! file through [`data::load`]) and the findings come from [`eval::evaluate`], so a
//! case passes or fails on the same code a bureau runs. Invalid rows do not stop the
//! suite: the case fails and carries the loader's diagnostics.

use super::file::{Case, Expect, Input, Subject};
use crate::data::{self, Dataset};
use crate::diag::{Diagnostic, Diagnostics};
use crate::eval::{self, EvalOptions, Finding};
use crate::fold::fold;
use crate::lang::Lang;
use crate::plan::{Plan, Registry};

/// What became of one case.
#[derive(Debug)]
pub struct CaseResult {
    pub name: String,
    /// The loader's errors when the rows are invalid (then nothing was judged).
    pub diagnostics: Diagnostics,
    /// One per expectation, in the file's order; empty when the rows are invalid.
    pub checks: Vec<Check>,
}

/// One expectation and the finding it named.
#[derive(Debug)]
pub struct Check {
    pub expect: Expect,
    /// `None` when no result has this rule and institution.
    pub found: Option<Finding>,
}

impl Check {
    /// Whether the finding has the expected status and, when one is expected, shows
    /// that actual value (in either language).
    pub fn holds(&self) -> bool {
        let Some(f) = &self.found else { return false };
        let shown = |lang| f.actual.as_ref().map(|a| a.show(lang));
        f.status == self.expect.status
            && self.expect.actual.as_ref().is_none_or(|want| {
                [Lang::Zh, Lang::En].into_iter().any(|l| shown(l).as_deref() == Some(want.trim()))
            })
    }
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        !self.diagnostics.has_errors() && self.checks.iter().all(Check::holds)
    }
}

/// The name inline rows are read under, replaced in their diagnostics by the test
/// file's name and line.
const INLINE: &str = "<rows>";

/// Runs one case against `plan`.
pub fn run(plan: &Plan, case: &Case) -> CaseResult {
    let registry = case.registry.clone().unwrap_or_else(|| Registry::from_plan(plan));
    let loaded = match &case.input {
        Input::Inline { text, .. } => data::load_bytes(plan, registry, INLINE, text.as_bytes(), 50),
        Input::File(path) => data::load(plan, registry, std::slice::from_ref(path), 50),
    };
    let name = case.name.clone();
    let dataset = loaded.dataset;
    let year = case.year.or_else(|| dataset.years().last().copied());
    let mut diagnostics = Diagnostics::default();
    for d in loaded.diagnostics.items().iter().filter(|d| d.level == crate::diag::Level::Error) {
        diagnostics.push(in_test_file(d.clone(), &case.input));
    }
    let Some(year) = year.filter(|_| !diagnostics.has_errors()) else {
        return CaseResult { name, diagnostics, checks: Vec::new() };
    };
    let as_of = case.as_of.unwrap_or_else(|| EvalOptions::end_of_year(year).as_of);
    let findings = eval::evaluate(plan, &dataset, EvalOptions { year, as_of });
    let checks = case
        .expect
        .iter()
        .map(|e| Check { expect: e.clone(), found: find(&dataset, &findings, e).cloned() })
        .collect();
    CaseResult { name, diagnostics, checks }
}

/// The finding of `e`'s rule for its subject: the district's, or the institution's
/// that the name (or alias, or code) points at.
fn find<'f>(data: &Dataset, findings: &'f [Finding], e: &Expect) -> Option<&'f Finding> {
    let institution = match &e.subject {
        Subject::District => None,
        Subject::Named(name) => {
            let key = fold(name);
            let index = data.registry.lookup_folded(&key).or_else(|| {
                data.institutions.iter().position(|i| i.registered.is_none() && fold(&i.name) == key)
            });
            Some(index?)
        }
    };
    findings.iter().find(|f| f.rule() == e.rule && f.institution() == institution)
}

/// A diagnostic about inline rows, pointed at their line in the test file.
fn in_test_file(mut d: Diagnostic, input: &Input) -> Diagnostic {
    if let Input::Inline { origin, first_line, one_line, .. } = input
        && d.location.file.as_deref() == Some(INLINE)
    {
        d.location.file = Some(origin.clone());
        d.location.row = Some(match (d.location.row, one_line) {
            (Some(row), false) => first_line + row.saturating_sub(1),
            _ => *first_line,
        });
    }
    d
}
