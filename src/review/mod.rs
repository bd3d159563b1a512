//! Inspectors' decisions on `review` results: the sheet they fill, the file they
//! return, and how a decision settles a result.
//!
//! A `manual` rule asks for an inspector's judgement, so wjvet reports it as
//! `review` and decides nothing. `wjvet review-sheet` lists every such result (the
//! district's own items under 全区) with the evidence reported; the inspector fills
//! in 达标/未达标/不适用, name, date and basis; `--reviews FILE` feeds the decisions
//! back. A decided result takes the decided status, keeps `review` as its original
//! status and shows who decided, when and on what basis, so the verdict and the
//! exit code follow the decisions. The file fails closed like the exemptions file:
//! a decision without inspector or date, on a rule wjvet computes itself, on an
//! unknown rule or institution, or twice for one result is an error (exit code 2);
//! a decision that settles nothing is a warning. Here: the model and the matching;
//! `read` reads either form of the file, `load` validates it, `sheet` writes the
//! sheet.

pub mod load;
mod read;
pub mod sheet;

use chrono::NaiveDate;

use crate::data::Dataset;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::eval::{Finding, Reviewed, Status};
use crate::lang::Lang;
use crate::plan::Plan;
use crate::text;

pub use load::load;

/// What the inspector decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Pass,
    Fail,
    NotApplicable,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Pass, Decision::Fail, Decision::NotApplicable];

    /// The status a decided result takes.
    pub fn status(self) -> Status {
        match self {
            Decision::Pass => Status::Pass,
            Decision::Fail => Status::Fail,
            Decision::NotApplicable => Status::NotApplicable,
        }
    }

    /// The word written in the sheet: 达标, 未达标, 不适用.
    pub fn word(self) -> &'static str {
        self.status().label(Lang::Zh)
    }

    /// Reads 达标/未达标/不适用 or pass/fail/not_applicable (any case, full-width
    /// narrowed, trimmed); `None` for anything else.
    pub fn parse(s: &str) -> Option<Decision> {
        let s = crate::data::normalise(s);
        Decision::ALL.into_iter().find(|d| s == d.word() || s.eq_ignore_ascii_case(d.status().key()))
    }
}

/// One validated decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Index into `Plan::rules`; always a `manual` rule.
    pub rule: usize,
    /// Index into `Dataset::institutions`; `None` for a district rule (全区).
    pub institution: Option<usize>,
    pub year: i32,
    pub decision: Decision,
    pub inspector: String,
    pub date: NaiveDate,
    pub basis: Option<String>,
    /// Where it was written, for messages: the file and its row (or TOML line).
    pub file: String,
    pub line: u32,
}

impl Review {
    fn settles(&self, f: &Finding) -> bool {
        self.rule == f.rule() && self.institution == f.institution() && self.year == f.year
    }
}

/// What became of one decision in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Settled a result awaiting review.
    Applied,
    /// Matched no result awaiting review (another year, a school that sent no row,
    /// a rule outside its years).
    Unused,
}

/// A decision and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewState {
    pub review: Review,
    pub outcome: Outcome,
}

/// Settles every `review` finding a decision names; returns what became of each
/// decision, in file order. Loading has already refused two decisions for one result.
pub fn apply(reviews: &[Review], findings: &mut [Finding]) -> Vec<Outcome> {
    let mut outcomes = vec![Outcome::Unused; reviews.len()];
    for f in findings.iter_mut().filter(|f| f.status == Status::Review) {
        let Some(i) = reviews.iter().position(|r| r.settles(f)) else { continue };
        let r = &reviews[i];
        outcomes[i] = Outcome::Applied;
        let reviewed = Reviewed {
            original: f.status,
            inspector: r.inspector.clone(),
            date: r.date,
            basis: r.basis.clone(),
        };
        f.settle(reviewed, r.decision.status());
    }
    outcomes
}

/// The name a decision's subject is shown by: the institution, or 全区 / district.
pub fn subject(institution: Option<usize>, data: &Dataset) -> String {
    institution.map_or_else(|| "全区 / district".to_string(), |i| data.institutions[i].name.clone())
}

/// Warnings for decisions that settled nothing.
pub fn notices(states: &[ReviewState], plan: &Plan, data: &Dataset, year: i32) -> Diagnostics {
    let mut d = Diagnostics::default();
    for s in states.iter().filter(|s| s.outcome == Outcome::Unused) {
        let r = &s.review;
        let (rule, who, y) = (&plan.rules[r.rule].id, subject(r.institution, data), r.year);
        d.push(
            Diagnostic::new(
                Code::ReviewUnused,
                Location::file(&r.file).row(r.line),
                text!(
                    "「{rule}」对「{who}」的 {y} 年核查结论没有对应的待人工核查结果，未被使用",
                    "the decision on {rule} for {who} in {y} matches no result awaiting review and was not used"
                ),
            )
            .hint(text!(
                "核对规则、单位和年度（本次评估 {year} 年）；该校当年未报送时没有待核查结果",
                "check the rule, institution and year (this run judges {year}); an institution that sent no row has nothing to review"
            )),
        );
    }
    d
}
