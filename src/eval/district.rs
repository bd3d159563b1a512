//! Rules judged over the district: sums and ratios of sums, counts of institutions
//! meeting a condition, district growth, and district-level manual checks.
//!
//! The hard part is knowing whether the input covers the district. The rule's
//! *expected* institutions are its named institutions, every institution of its
//! types that reported any year, and every registered institution of its types when
//! a registry file says who the district is. Then:
//! - a partial sum that already meets a `>=` target is a definite `pass` (adding the
//!   absent institutions can only raise it), and likewise a count;
//! - otherwise absent expected institutions make the rule `missing` when a registry
//!   was given (the bureau's own run: someone did not report), and `incomplete` when
//!   not (a school checking its own file: the district is simply not in view);
//! - a group scope without a registry is always `incomplete` unless already met.

use super::Cx;
use super::finding::{Actual, Extra, Finding};
use super::measure::{self, Reading};
use super::message::Message;
use super::school::{compare_growth, schedule, settle, verdict};
use super::status::Status;
use crate::data::Value;
use crate::num::Num;
use crate::plan::{Comparator, Condition, FieldId, Measure, Rule, RuleKind, Scope, Target};

/// Who is in scope for a year, and who should have been.
#[derive(Debug)]
struct Coverage {
    /// Row indices of institutions in scope that reported this year.
    rows: Vec<usize>,
    /// Expected institutions with no row this year (names).
    absent: Vec<String>,
    /// Institutions in scope whose rows this year are invalid (names); their rows
    /// are left out of `rows`.
    invalid: Vec<String>,
    /// Whether the expected set is known at all.
    known: bool,
}

impl Coverage {
    fn complete(&self) -> bool {
        self.known && self.absent.is_empty() && self.invalid.is_empty()
    }
}

fn coverage(cx: &Cx<'_>, scope: &Scope, year: i32) -> Coverage {
    let (mut rows, mut invalid) = (Vec::new(), Vec::new());
    for r in cx.rows_of_year(year) {
        let inst = cx.data.rows[r].institution;
        if !cx.in_scope(scope, inst) {
            continue;
        }
        if cx.data.invalid.contains(&(inst, year)) {
            invalid.push(cx.data.institutions[inst].name.clone());
        } else {
            rows.push(r);
        }
    }
    let registry = &cx.data.registry;
    let known = scope.is_named_only() || registry.complete;
    let mut expected: Vec<usize> = scope.institutions.clone();
    if registry.complete {
        expected.extend(registry.of_types(&scope.types));
    }
    // An institution in scope that reported other years is expected this year too.
    expected.extend(cx.reporting().iter().copied().filter(|&i| cx.in_scope(scope, i)));
    expected.sort_unstable();
    expected.dedup();
    let mut absent = Vec::new();
    for i in expected.into_iter().filter(|&i| cx.row_index(i, year).is_none()) {
        // A row refused as invalid (cut short, say) is invalid data, not a school
        // that did not report.
        let name = cx.data.institutions[i].name.clone();
        if cx.data.invalid.contains(&(i, year)) { invalid.push(name) } else { absent.push(name) }
    }
    Coverage { rows, absent, invalid, known }
}

/// Judges a district-level rule for the evaluation year.
pub fn judge(cx: &Cx<'_>, rule_index: usize, rule: &Rule) -> Finding {
    let year = cx.opts.year;
    let mut f = Finding::new(rule_index, None, year, cx.trace);
    if schedule(cx, rule, &mut f).is_none() {
        return f;
    }
    match &rule.kind {
        RuleKind::District(cond) => district(cx, rule, cond, &mut f),
        RuleKind::Count { condition, comparator, target } => {
            count(cx, rule, condition, *comparator, target, &mut f)
        }
        RuleKind::Growth { measure, comparator, .. } => {
            let now = coverage(cx, &rule.applies_to, year);
            let before = coverage(cx, &rule.applies_to, year - 1);
            if let Some((status, message)) = gap_status(cx, &[&now, &before]) {
                (f.status, f.message) = (status, message);
                return f;
            }
            let current = sum_reading(cx, measure, &now.rows, year, &mut f.extra);
            let previous = sum_reading(cx, measure, &before.rows, year - 1, &mut f.extra);
            compare_growth(cx, measure, *comparator, previous, current, &mut f);
        }
        RuleKind::Manual { fields, .. } => {
            f.status = Status::Review;
            f.message = Message::Review { district: true };
            let cov = coverage(cx, &rule.applies_to, year);
            for &r in &cov.rows {
                for &field in fields {
                    f.extra.push(r, field);
                }
            }
        }
        _ => {}
    }
    f
}

/// The status when coverage is not complete, or `None` when it is.
fn gap_status(cx: &Cx<'_>, covs: &[&Coverage]) -> Option<(Status, Message)> {
    for c in covs {
        if !c.invalid.is_empty() {
            return Some((Status::Missing, Message::InvalidIn { names: c.invalid.clone().into() }));
        }
        if !c.known {
            let in_scope = u32::try_from(c.rows.len()).unwrap_or(u32::MAX);
            return Some((Status::Incomplete, Message::NotJudged { in_scope }));
        }
        if !c.absent.is_empty() {
            let judged = cx.data.registry.complete;
            let status = if judged { Status::Missing } else { Status::Incomplete };
            return Some((status, Message::Absent { names: c.absent.clone().into(), judged }));
        }
    }
    None
}

/// Sums `field` over `rows`; `Err` with the fields found empty.
fn sum(cx: &Cx<'_>, field: FieldId, rows: &[usize], used: &mut Extra) -> Result<Num, Vec<FieldId>> {
    // Whole numbers (counts) are summed as integers; only fractions pay for the
    // gcd of rational addition.
    let (mut whole, mut fraction) = (0i128, Num::from_integer(0));
    let mut missing = false;
    for &r in rows {
        used.push(r, field);
        match cx.data.rows[r].get(field).as_deref() {
            Some(Value::Num(n)) if n.is_integer() => whole += i128::from(*n.numer()),
            Some(Value::Num(n)) => fraction += crate::num::widen(n),
            _ => missing = true,
        }
    }
    if missing { Err(vec![field]) } else { Ok(fraction + Num::from_integer(whole)) }
}

/// Reads a measure over the district: sums first, then the ratio.
fn sum_reading(cx: &Cx<'_>, m: &Measure, rows: &[usize], year: i32, used: &mut Extra) -> Reading {
    match m {
        Measure::Field(f) => match sum(cx, *f, rows, used) {
            Ok(v) => Reading::Num { value: v, actual: Actual::number(&v, m.unit(cx.plan)) },
            Err(missing) => Reading::Missing(missing),
        },
        Measure::Ratio { numerator, denominator, numerator_scope, .. } => {
            let num_rows: Vec<usize> = match numerator_scope {
                Some(s) => coverage(cx, s, year).rows,
                None => rows.to_vec(),
            };
            let n = sum(cx, *numerator, &num_rows, used).ok();
            let d = sum(cx, *denominator, rows, used).ok();
            measure::ratio(n, d, *numerator, *denominator, m.unit(cx.plan))
        }
    }
}

fn district(cx: &Cx<'_>, rule: &Rule, cond: &Condition, f: &mut Finding) {
    let year = cx.opts.year;
    let cov = coverage(cx, &rule.applies_to, year);
    let reading = sum_reading(cx, &cond.measure, &cov.rows, year, &mut f.extra);
    if !cov.complete() {
        // More institutions can only add to a sum: a partial sum at target is a pass.
        let partial_pass = matches!(cond.measure, Measure::Field(_))
            && cond.comparator.rewards_more()
            && measure::meets(&reading, cond) == Some(true)
            && cx.nonneg(&cond.measure);
        if partial_pass {
            if let Reading::Num { actual, .. } = &reading {
                f.actual = Some(actual.clone());
            }
            f.status = Status::Pass;
            f.message = Message::PartialPass { reported: u32::try_from(cov.rows.len()).unwrap_or(u32::MAX) };
            return;
        }
        // A partial sum is worth showing ("so far"); a ratio over part of the district
        // is not, since it can move either way.
        if let (Reading::Num { actual, .. }, Measure::Field(_)) = (&reading, &cond.measure) {
            f.actual = Some(actual.clone());
        }
        if let Some((status, message)) = gap_status(cx, &[&cov]) {
            f.status = status;
            f.message = message;
            return;
        }
    }
    settle(cond, reading, f);
}

fn count(cx: &Cx<'_>, rule: &Rule, cond: &Condition, comparator: Comparator, target: &Num, f: &mut Finding) {
    let cov = coverage(cx, &rule.applies_to, cx.opts.year);
    let (mut met, mut unknown) = (0usize, Vec::new());
    for &r in &cov.rows {
        let reading = measure::read(cx.plan, &cond.measure, &cx.data.rows[r], r, &mut f.extra);
        match measure::meets(&reading, cond) {
            Some(true) => met += 1,
            Some(false) => {}
            None => unknown.push(cx.data.institutions[cx.data.rows[r].institution].name.clone()),
        }
    }
    let met_n = Num::from_integer(i128::try_from(met).unwrap_or(i128::MAX));
    f.actual = Some(Actual::count(met, cov.rows.len()));
    let ok = measure::holds_num(&met_n, comparator, &Target::Num(*target));
    if ok && comparator.rewards_more() {
        f.status = Status::Pass;
        f.message = Message::CountMet;
        return;
    }
    if let Some((status, message)) = gap_status(cx, &[&cov]) {
        (f.status, f.message) = (status, message);
        return;
    }
    if !unknown.is_empty() {
        f.status = Status::Missing;
        f.message = Message::CountMissing(Box::new((cond.measure.fields(), unknown)));
        return;
    }
    f.status = verdict(ok, f.overdue);
    f.message = if ok { Message::CountMet } else { Message::CountShort };
}
