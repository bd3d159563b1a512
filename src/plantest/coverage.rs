//! Coverage: which outcomes of each rule the tests reach, read off the findings.
//!
//! An outcome is decided from a finding's status and exact actual value, never from
//! a case's name: a pass is *at the bound* when one step of the data less would fail
//! it, a failure is *one below* when one step more would pass it (docs/plan-tests.md
//! defines the step: one person for a count, one of the numerator for a share, one
//! day for a date). Only findings an expectation asserts, and asserts correctly, count:
//! a result nobody checked is not tested.

use std::collections::BTreeSet;

use chrono::Days;

use super::run::CaseResult;
use crate::eval::{Actual, Finding, Status, holds_num};
use crate::num::{Num, widen};
use crate::plan::{FieldKind, Measure, Plan, RuleKind, Target};

/// The outcomes coverage reports, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// A pass that one step less would turn into a failure.
    PassAtBound,
    /// A failure that one step more would turn into a pass; for a deadline, done one
    /// day after the due date (`late`).
    FailBelow,
    /// The data the rule needs was not reported.
    Missing,
    /// Not due yet and not met yet (`pending`).
    NotDue,
    /// The rule does not apply (`not_applicable`).
    NotApplicable,
}

impl Outcome {
    pub const ALL: [Outcome; 5] =
        [Outcome::PassAtBound, Outcome::FailBelow, Outcome::Missing, Outcome::NotDue, Outcome::NotApplicable];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::PassAtBound => "pass-at-bound",
            Outcome::FailBelow => "fail-below",
            Outcome::Missing => "missing",
            Outcome::NotDue => "not-due",
            Outcome::NotApplicable => "not-applicable",
        }
    }

    /// Whether a rule of this kind can reach the outcome at all: a rule with no target
    /// (evidence, manual) has no bound to pass at or fail below.
    pub fn applies_to(self, kind: &RuleKind) -> bool {
        !matches!(self, Outcome::PassAtBound | Outcome::FailBelow) || is_computed(kind)
    }
}

/// Whether wjvet judges the rule from numbers or dates (every kind but evidence and
/// manual): the rules whose tests must reach pass-at-bound, fail-below and missing.
pub fn is_computed(kind: &RuleKind) -> bool {
    !matches!(kind, RuleKind::Evidence { .. } | RuleKind::Manual { .. })
}

/// The outcome a finding shows, if it is one coverage tracks.
pub fn outcome(plan: &Plan, f: &Finding) -> Option<Outcome> {
    match f.status {
        Status::Missing => Some(Outcome::Missing),
        Status::Pending => Some(Outcome::NotDue),
        Status::NotApplicable => Some(Outcome::NotApplicable),
        Status::Pass if tight(plan, f, true) => Some(Outcome::PassAtBound),
        Status::Fail if tight(plan, f, false) => Some(Outcome::FailBelow),
        Status::Late if late_by_a_day(f) => Some(Outcome::FailBelow),
        _ => None,
    }
}

fn late_by_a_day(f: &Finding) -> bool {
    matches!((&f.actual, f.due), (Some(Actual::Date(d)), Some(due)) if due.checked_add_days(Days::new(1)) == Some(*d))
}

/// Whether one step of the data, up or down, flips the verdict: for a pass
/// (`passed`) some neighbour fails, for a failure some neighbour passes.
fn tight(plan: &Plan, f: &Finding, passed: bool) -> bool {
    let rule = &plan.rules[f.rule()];
    let one = Num::from_integer(1);
    let flips = |holds: &dyn Fn(&Num) -> bool, value: Num, step: Num, lo: Option<Num>, hi: Option<Num>| {
        let within = |v: &Num| lo.is_none_or(|l| *v >= l) && hi.is_none_or(|h| *v <= h);
        [value - step, value + step].iter().filter(|v| within(v)).any(|v| holds(v) != passed)
    };
    match (&rule.kind, &f.actual) {
        (RuleKind::Milestone { .. } | RuleKind::Filing { .. }, Some(Actual::Date(d))) => {
            passed && f.due == Some(*d)
        }
        (RuleKind::Threshold(c) | RuleKind::District(c), Some(actual)) => {
            let holds = |v: &Num| holds_num(v, c.comparator, &c.target);
            match actual {
                Actual::Bool(b) => matches!(c.target, Target::Bool(t) if (*b == t) == passed),
                Actual::Number { value, .. } => {
                    flips(&holds, widen(value), step(plan, &c.measure), floor(plan, &c.measure), None)
                }
                Actual::Ratio { numerator, denominator, .. } => {
                    let (n, d) = (widen(numerator), widen(denominator));
                    let at = |n: &Num| holds(&(n / d));
                    // No upper limit: a per-unit amount (students per teacher) and many
                    // shares (rooms against the standard) may exceed their denominator.
                    flips(&at, n, step(plan, &c.measure), floor(plan, &c.measure), None)
                }
                _ => false,
            }
        }
        (
            RuleKind::Growth { measure: m @ Measure::Field(_), comparator, .. },
            Some(Actual::Growth { previous, current, .. }),
        ) => {
            let target = Target::Num(widen(previous));
            let holds = |v: &Num| holds_num(v, *comparator, &target);
            flips(&holds, widen(current), step(plan, m), floor(plan, m), None)
        }
        (RuleKind::Count { comparator, target, .. }, Some(Actual::Count { met, of })) => {
            let target = Target::Num(*target);
            let holds = |v: &Num| holds_num(v, *comparator, &target);
            let of = Some(Num::from_integer(i128::from(*of)));
            flips(&holds, Num::from_integer(i128::from(*met)), one, Some(Num::from_integer(0)), of)
        }
        // All parts met is the bound: one part fewer fails. One below: one part unmet.
        (RuleKind::AllOf { .. }, Some(Actual::Count { met, of })) => {
            if passed {
                met == of
            } else {
                met + 1 == *of
            }
        }
        // A share of institutions moves one institution at a time.
        (
            RuleKind::ShareOf { comparator, target, .. },
            Some(Actual::Ratio { numerator, denominator, .. }),
        ) => {
            let (n, d) = (widen(numerator), widen(denominator));
            let target = Target::Num(*target);
            let at = |n: &Num| holds_num(&(n / d), *comparator, &target);
            flips(&at, n, one, Some(Num::from_integer(0)), Some(d))
        }
        _ => false,
    }
}

/// The smallest change the data allows in a measure's numerator (or its field): one
/// for a count, a hundredth for a decimal or a percentage point's hundredth.
fn step(plan: &Plan, m: &Measure) -> Num {
    let field = match m {
        Measure::Field(f) => *f,
        Measure::Ratio { numerator, .. } => *numerator,
    };
    match plan.field(field).kind {
        FieldKind::Count => Num::from_integer(1),
        FieldKind::Percent => Num::new(1, 10_000),
        _ => Num::new(1, 100),
    }
}

/// The least value a measure's numerator (or field) can take: the field's `min`, if
/// the plan sets one (count fields usually have `min = 0`).
fn floor(plan: &Plan, m: &Measure) -> Option<Num> {
    let field = match m {
        Measure::Field(f) => *f,
        Measure::Ratio { numerator, .. } => *numerator,
    };
    plan.field(field).min.map(|m| Num::from_integer(i128::from(m)))
}

/// Per rule, the outcomes reached by asserted findings.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Indexed like `Plan::rules`.
    pub rules: Vec<RuleCoverage>,
}

#[derive(Debug, Clone, Default)]
pub struct RuleCoverage {
    /// Whether any expectation names the rule.
    pub exercised: bool,
    pub reached: BTreeSet<Outcome>,
}

impl Coverage {
    /// Coverage of `results` (every case of every suite run against `plan`).
    pub fn of(plan: &Plan, results: &[CaseResult]) -> Coverage {
        let mut rules = vec![RuleCoverage::default(); plan.rules.len()];
        for check in results.iter().flat_map(|r| &r.checks) {
            let entry = &mut rules[check.expect.rule];
            entry.exercised = true;
            if let (true, Some(f)) = (check.holds(), &check.found)
                && let Some(o) = outcome(plan, f)
            {
                entry.reached.insert(o);
            }
        }
        Coverage { rules }
    }

    /// The computed rules that miss one of pass-at-bound, fail-below and missing, with
    /// the outcomes they miss: empty when the tests reach all three for every one.
    pub fn gaps(&self, plan: &Plan) -> Vec<(usize, Vec<Outcome>)> {
        let needed = [Outcome::PassAtBound, Outcome::FailBelow, Outcome::Missing];
        plan.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| is_computed(&r.kind))
            .filter_map(|(i, _)| {
                let miss: Vec<Outcome> =
                    needed.into_iter().filter(|o| !self.rules[i].reached.contains(o)).collect();
                (!miss.is_empty()).then_some((i, miss))
            })
            .collect()
    }
}
