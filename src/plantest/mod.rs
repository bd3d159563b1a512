//! Plan tests: named cases of rows with the verdicts a plan must give them, run on
//! the engine itself, with coverage of the outcomes each rule reaches.
//!
//! A plan is code a bureau writes in TOML; its tests say, for chosen rule ×
//! institution pairs, what status (and actual value) given rows must produce, the way
//! `opa test` does for policies. [`file`] reads and validates a test file, [`run`]
//! evaluates each case with the same loader and evaluator as `check`, and
//! [`coverage`] reads off the asserted findings which outcomes every rule reaches.
//! The shipped plans' tests (`tests/plans/<plan id>.toml`) are compiled in, so
//! `wjvet plan test` works without the repository.

pub mod coverage;
pub mod file;
pub mod run;

use std::collections::BTreeSet;
use std::path::Path;

pub use coverage::{Coverage, Outcome};
pub use file::{Case, Expect, Input, Subject, Suite, parse};
pub use run::{CaseResult, Check};

use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::plan::Plan;
use crate::text;

/// The compiled-in test files of the shipped plans, by plan id.
const SHIPPED: &[(&str, &str)] = &[
    ("wenjiao-2018-206", include_str!("../../tests/plans/wenjiao-2018-206.toml")),
    ("dabiao-2022", include_str!("../../tests/plans/dabiao-2022.toml")),
];

/// The shipped test file of the plan with this id, if wjvet ships one.
pub fn shipped(plan_id: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(id, _)| *id == plan_id).map(|(_, s)| *s)
}

/// The name an embedded test file is shown under.
pub fn shipped_origin(plan_id: &str) -> String {
    format!("tests/plans/{plan_id}.toml (embedded)")
}

/// Reads and validates the test file at `path` against `plan`.
pub fn load(path: &Path, plan: &Plan) -> Result<Suite, Diagnostics> {
    let origin = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::new(
            Code::PlanTestInvalid,
            Location::file(&origin),
            text!("无法读取测试文件：{e}", "cannot read the test file: {e}"),
        ));
        d
    })?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parse(&source, &origin, Some(dir), plan)
}

/// The shipped tests of `plan`, validated; `None` when wjvet ships none for it.
pub fn load_shipped(plan: &Plan) -> Option<Result<Suite, Diagnostics>> {
    let source = shipped(&plan.meta.id)?;
    Some(parse(source, &shipped_origin(&plan.meta.id), None, plan))
}

/// Runs every case of `suite`.
pub fn run_suite(plan: &Plan, suite: &Suite) -> Vec<CaseResult> {
    suite.cases.iter().map(|c| run::run(plan, c)).collect()
}

/// The ids of the rules some expectation of `suites` names, in plan order: what the
/// plan linter compares with the plan's rules to warn about untested ones.
pub fn exercised_rule_ids<'p>(plan: &'p Plan, suites: &[Suite]) -> Vec<&'p str> {
    let used: BTreeSet<usize> = suites.iter().flat_map(Suite::exercised).collect();
    used.into_iter().map(|i| plan.rules[i].id.as_str()).collect()
}
