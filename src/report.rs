//! The report: the findings of one evaluation, in the order they are shown, with the
//! context every renderer needs and one summary they all agree on.
//!
//! Stage four of the pipeline. A [`Report`] owns the plan, the dataset and the
//! findings, so a renderer can resolve any index in a finding to a name, and any
//! format computes its counts from the same [`Summary`].
//!
//! A run whose submissions are invalid has no report, yet CI still needs a document
//! saying why: [`Invalid`] is that document (no results, the diagnostics, verdict
//! `invalid`), and every machine format renders both. The [`Verdict`] a document
//! states is the one the exit code states.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::data::{Dataset, SourceFile};
use crate::diag::Diagnostics;
use crate::eval::{EvalOptions, Finding, Status};
use crate::plan::{Plan, Rule, Severity};

/// Everything an output format needs.
#[derive(Debug)]
pub struct Report {
    pub plan: Plan,
    pub data: Dataset,
    pub opts: EvalOptions,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Warnings about the input (errors stop before a report exists).
    pub diagnostics: Diagnostics,
    /// Files under given directories that were not read.
    pub skipped_files: Vec<String>,
    /// The exemptions given and what became of each (empty without `--exemptions`).
    pub exemptions: Vec<crate::exempt::ExemptionState>,
    /// The inspectors' decisions given and what became of each (empty without
    /// `--reviews`).
    pub reviews: Vec<crate::review::ReviewState>,
    /// What fails the run (`--fail-on`), so the documents state the verdict the exit
    /// code gives.
    pub fail_on: FailOn,
    /// Last run's problems against these results (`--previous`); `None` without it.
    pub follow_up: Option<crate::follow_up::FollowUp>,
}

impl Report {
    pub fn new(
        plan: Plan,
        data: Dataset,
        opts: EvalOptions,
        findings: Vec<Finding>,
        diagnostics: Diagnostics,
        skipped_files: Vec<String>,
    ) -> Report {
        let summary = Summary::of(&plan, &findings);
        Report {
            plan,
            data,
            opts,
            findings,
            summary,
            diagnostics,
            skipped_files,
            exemptions: Vec::new(),
            reviews: Vec::new(),
            fail_on: FailOn::default(),
            follow_up: None,
        }
    }

    pub fn rule(&self, f: &Finding) -> &Rule {
        &self.plan.rules[f.rule()]
    }

    /// The institution's name, or `None` for a district finding.
    pub fn school(&self, f: &Finding) -> Option<&str> {
        f.institution().map(|i| self.data.institutions[i].name.as_str())
    }

    /// Findings grouped by subject in output order: institutions first (in the order
    /// they were first met), the district (`None`) last.
    pub fn groups(&self) -> Vec<(Option<usize>, Vec<&Finding>)> {
        let mut order: Vec<Option<usize>> = Vec::new();
        let mut groups: BTreeMap<Option<usize>, Vec<&Finding>> = BTreeMap::new();
        for f in &self.findings {
            if !groups.contains_key(&f.institution()) {
                order.push(f.institution());
            }
            groups.entry(f.institution()).or_default().push(f);
        }
        order.sort_by_key(|o| o.is_none());
        order.into_iter().map(|k| (k, groups.remove(&k).unwrap_or_default())).collect()
    }

    /// Whether a finding fails the run at the threshold `on`.
    pub fn fails(&self, f: &Finding, on: FailOn) -> bool {
        match on {
            FailOn::Error => f.counts_against() && self.rule(f).severity == Severity::Error,
            FailOn::Warning => f.counts_against(),
            FailOn::Pending => f.counts_against() || matches!(f.status, Status::Pending | Status::Missing),
        }
    }

    /// Whether any finding fails the run at the threshold `on`.
    pub fn failing(&self, on: FailOn) -> bool {
        self.findings.iter().any(|f| self.fails(f, on))
    }

    /// The verdict at the report's threshold ([`Report::fail_on`]); `--exit-zero`
    /// changes the exit code only, never the verdict.
    pub fn verdict(&self) -> Verdict {
        // Evaluated despite invalid rows (`--keep-going`, `report`): still invalid.
        if self.diagnostics.has_errors() {
            return Verdict::Invalid;
        }
        if self.failing(self.fail_on) { Verdict::NonCompliant } else { Verdict::Compliant }
    }

    /// The stable id of an institution: its registry id (from the plan or
    /// `--registry`) when registered; otherwise `unregistered:` followed by its name
    /// folded as names are matched (full-width narrowed, lower case, no white space), so the same
    /// school written the same way has the same id in every run.
    pub fn institution_id(&self, institution: usize) -> String {
        let entry = &self.data.institutions[institution];
        match entry.registered.and_then(|r| self.data.registry.institutions.get(r)) {
            Some(registered) => registered.id.clone(),
            None => format!("unregistered:{}", crate::fold::fold(&entry.name)),
        }
    }

    /// The file and Excel row a finding's institution reported in, for pointing at it
    /// (district findings have none).
    pub fn source_of(&self, f: &Finding) -> Option<(&str, u32)> {
        let inst = f.institution()?;
        let row = self.data.row(inst, f.year)?;
        Some((self.data.files.get(row.file)?.path.as_str(), row.line))
    }
}

/// What a run concluded; the exit code says the same (0, 1, 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing fails at the threshold.
    Compliant,
    /// Something fails at the threshold.
    NonCompliant,
    /// The submissions are invalid: nothing was evaluated.
    Invalid,
}

/// The document of a run whose submissions are invalid (exit code 3): the plan, the
/// year asked for or found, the files read and the diagnostics; no results.
#[derive(Debug, Clone, Copy)]
pub struct Invalid<'a> {
    pub plan: &'a Plan,
    /// `--year`, else the latest year in the rows that could be read (if any).
    pub year: Option<i32>,
    pub files: &'a [SourceFile],
    pub diagnostics: &'a Diagnostics,
    pub fail_on: FailOn,
}

/// What makes a run fail (exit code 1): `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// An error-severity rule fails, is late, or lacks data once due (the default).
    #[default]
    Error,
    /// Any rule does, warnings included.
    Warning,
    /// Any rule does, or is not met yet (pending, or data missing before it is due).
    Pending,
}

impl FailOn {
    /// The value of `--fail-on` that selects it.
    pub fn key(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Pending => "pending",
        }
    }
}

/// Counts every format shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    /// Findings per status, every status present (zero when none).
    pub by_status: BTreeMap<&'static str, usize>,
    /// Error-severity findings that fail, are late, or are missing once due.
    pub failing_errors: usize,
    /// Warning-severity findings that fail, are late, or are missing once due.
    pub failing_warnings: usize,
}

impl Summary {
    pub fn of(plan: &Plan, findings: &[Finding]) -> Summary {
        let mut s = Summary { total: findings.len(), ..Summary::default() };
        for st in Status::ALL {
            s.by_status.insert(st.key(), 0);
        }
        for f in findings {
            *s.by_status.entry(f.status.key()).or_default() += 1;
            if f.counts_against() {
                match plan.rules[f.rule()].severity {
                    Severity::Error => s.failing_errors += 1,
                    Severity::Warning => s.failing_warnings += 1,
                }
            }
        }
        s
    }

    pub fn count(&self, status: Status) -> usize {
        self.by_status.get(status.key()).copied().unwrap_or(0)
    }

    pub fn compliant(&self) -> bool {
        self.failing_errors == 0
    }
}
