//! One `check` run, end to end: plan, registry, data, evaluation, report.
//!
//! The binary hands over plain options and gets back an [`Outcome`] that already
//! knows its exit code, so the contract in `exit` is decided in one place and the
//! binary only prints. Each stage stops the run only after collecting all of its
//! problems.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::data::{self, ReadOptions, SourceFile};
use crate::diag::Diagnostics;
use crate::eval::{self, EvalOptions};
use crate::exempt::{self, ExemptionState};
use crate::plan;
use crate::report::Report;
use crate::review::{self, ReviewState};
use crate::select::Selection;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// A plan file replacing the embedded one.
    pub plan: Option<PathBuf>,
    /// A registry file listing the district's institutions.
    pub registry: Option<PathBuf>,
    /// Submission files and directories.
    pub paths: Vec<PathBuf>,
    /// The reporting year; the latest in the data when `None`.
    pub year: Option<i32>,
    /// The evaluation date; the end of the reporting year when `None`.
    pub as_of: Option<NaiveDate>,
    /// An exemptions file (TOML).
    pub exemptions: Option<PathBuf>,
    /// Ignore the exemptions file: show the raw results, for audit.
    pub no_exemptions: bool,
    /// A reviews file: inspectors' decisions on `review` results (a filled review
    /// sheet, or TOML).
    pub reviews: Option<PathBuf>,
    /// What to report; empty means everything.
    pub selection: Selection,
    /// Record the cells behind every finding (for `explain`).
    pub trace: bool,
    /// Evaluate even when some rows are invalid: their institutions' rules become
    /// `invalid` (the run is still invalid data; see [`Report::verdict`]).
    pub keep_going: bool,
    /// A forced encoding for text files, a worksheet name for spreadsheets.
    pub read: ReadOptions,
}

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// The plan or registry is invalid: nothing was read.
    PlanInvalid(Diagnostics),
    /// The exemptions file or the selection is invalid (or the selection matches
    /// nothing): nothing was reported.
    ConfigInvalid(Diagnostics),
    /// The submissions are invalid: nothing was evaluated. The plan and the year
    /// (asked for, or the latest read) are kept so the machine formats can still write
    /// their document ([`crate::report::Invalid`]).
    DataInvalid { diagnostics: Diagnostics, files: Vec<SourceFile>, plan: Box<plan::Plan>, year: Option<i32> },
    /// Everything was evaluated.
    Evaluated(Box<Report>),
}

/// Runs a check, keeping at most 1,000 warnings (and every error).
pub fn run(opts: &CheckOptions) -> Outcome {
    run_with_limit(opts, 1000)
}

/// How long each stage of a run took (for `--verbose`; each file's own time is in
/// its [`SourceFile::elapsed`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Loading and validating the plan and the registry.
    pub plan: Duration,
    /// Finding and reading every submission.
    pub read: Duration,
    /// Everything after: evaluation, selection, exemptions and reviews.
    pub evaluate: Duration,
}

/// Runs a check, keeping at most `limit` warnings and every error (all are counted).
pub fn run_with_limit(opts: &CheckOptions, limit: usize) -> Outcome {
    run_timed(opts, limit).0
}

/// [`run_with_limit`], also saying how long each stage took.
pub fn run_timed(opts: &CheckOptions, limit: usize) -> (Outcome, Timings) {
    let mut timings = Timings::default();
    let mut started = Instant::now();
    let mut last = None;
    let outcome = run_stages(opts, limit, &mut |stage| {
        let took = started.elapsed();
        started = Instant::now();
        match stage {
            Stage::Plan => timings.plan = took,
            Stage::Read => timings.read = took,
        }
        last = Some(stage);
    });
    // The time after the last stage finished belongs to the stage that followed it,
    // which the run ended in.
    let rest = started.elapsed();
    match last {
        None => timings.plan = rest,
        Some(Stage::Plan) => timings.read = rest,
        Some(Stage::Read) => timings.evaluate = rest,
    }
    (outcome, timings)
}

/// A stage a run has just finished.
enum Stage {
    Plan,
    Read,
}

fn run_stages(opts: &CheckOptions, limit: usize, done: &mut dyn FnMut(Stage)) -> Outcome {
    let plan = match plan::load(opts.plan.as_deref()) {
        Ok(p) => p,
        Err(d) => return Outcome::PlanInvalid(d),
    };
    let registry = match plan::load_registry(&plan, opts.registry.as_deref()) {
        Ok(r) => r,
        Err(d) => return Outcome::PlanInvalid(d),
    };
    done(Stage::Plan);
    let loaded = data::load_with(&plan, registry, &opts.paths, &opts.read, limit);
    done(Stage::Read);
    let mut diagnostics = loaded.diagnostics;
    let dataset = loaded.dataset;
    let years = dataset.years();
    let year = match opts.year.or_else(|| years.last().copied()) {
        Some(y) => y,
        None => {
            if !diagnostics.has_errors() {
                diagnostics.push(no_rows());
            }
            let (files, plan) = (dataset.files, Box::new(plan));
            return Outcome::DataInvalid { diagnostics, files, plan, year: None };
        }
    };
    if diagnostics.has_errors() && !opts.keep_going {
        let (files, plan) = (dataset.files, Box::new(plan));
        return Outcome::DataInvalid { diagnostics, files, plan, year: Some(year) };
    }
    let as_of = opts.as_of.unwrap_or_else(|| EvalOptions::end_of_year(year).as_of);
    let eval_opts = EvalOptions { year, as_of };
    if !years.contains(&year) {
        diagnostics.push(no_rows_for(year, &years));
    }
    let mut findings = if opts.trace {
        eval::evaluate_traced(&plan, &dataset, eval_opts)
    } else {
        eval::evaluate(&plan, &dataset, eval_opts)
    };

    let mut config = Diagnostics::default();
    let chosen = match opts.selection.is_empty() {
        true => None,
        false => match opts.selection.resolve(&plan, &dataset) {
            Ok(c) => Some(c),
            Err(d) => {
                config.extend(d);
                None
            }
        },
    };
    let exemptions = match (&opts.exemptions, opts.no_exemptions) {
        (Some(path), false) => match exempt::load(path, &plan, &dataset) {
            Ok(list) => list,
            Err(d) => {
                config.extend(d);
                Vec::new()
            }
        },
        _ => Vec::new(),
    };
    let reviews = match &opts.reviews {
        Some(path) => match review::load(path, &plan, &dataset) {
            Ok(list) => list,
            Err(d) => {
                config.extend(d);
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    if config.has_errors() {
        return Outcome::ConfigInvalid(config);
    }
    // Decisions first: a result an inspector found failing can still be exempted.
    let decided = review::apply(&reviews, &mut findings);
    let mut reviewed: Vec<ReviewState> =
        reviews.into_iter().zip(decided).map(|(review, outcome)| ReviewState { review, outcome }).collect();
    let outcomes = exempt::apply(&exemptions, &mut findings, eval_opts);
    let mut states: Vec<ExemptionState> = exemptions
        .into_iter()
        .zip(outcomes)
        .map(|(exemption, outcome)| ExemptionState { exemption, outcome })
        .collect();
    if let Some(chosen) = &chosen {
        findings.retain(|f| chosen.keeps(f));
        states.retain(|s| {
            chosen.keeps_rule(s.exemption.rule) && chosen.keeps_institution(s.exemption.institution)
        });
        reviewed
            .retain(|s| chosen.keeps_rule(s.review.rule) && chosen.keeps_institution(s.review.institution));
    }
    diagnostics.extend(exempt::notices(&states, &plan, &dataset, as_of));
    diagnostics.extend(review::notices(&reviewed, &plan, &dataset, year));
    let mut report = Report::new(plan, dataset, eval_opts, findings, diagnostics, loaded.skipped_files);
    report.exemptions = states;
    report.reviews = reviewed;
    Outcome::Evaluated(Box::new(report))
}

fn no_rows() -> crate::diag::Diagnostic {
    use crate::diag::{Code, Diagnostic, Location};
    Diagnostic::new(
        Code::NoDataRows,
        Location::default(),
        crate::text!("没有读到任何数据行，无从检查", "no data rows were read, so there is nothing to check"),
    )
    .hint(crate::text!("检查给出的文件或目录", "check the files or directories given"))
    .into_error()
}

fn no_rows_for(year: i32, years: &[i32]) -> crate::diag::Diagnostic {
    use crate::diag::{Code, Diagnostic, Location};
    let have: Vec<String> = years.iter().map(i32::to_string).collect();
    let have = have.join(", ");
    Diagnostic::new(
        Code::NoDataRows,
        Location::default(),
        crate::text!(
            "数据中没有 {year} 年的行（有：{have}）",
            "the data has no rows for {year} (it has: {have})"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run that stops at the plan spends nothing on reading or evaluating.
    #[test]
    fn a_stage_never_reached_takes_no_time() {
        let opts = CheckOptions { plan: Some("no/such/plan.toml".into()), ..CheckOptions::default() };
        let (outcome, t) = run_timed(&opts, 10);
        assert!(matches!(outcome, Outcome::PlanInvalid(_)));
        assert_eq!((t.read, t.evaluate), (Duration::ZERO, Duration::ZERO));
    }
}
