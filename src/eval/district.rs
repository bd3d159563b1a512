//! Rules judged over the district: sums and ratios of sums, counts of institutions
//! meeting a condition, district growth, and district-level manual checks.
//!
//! The hard part is knowing whether the input covers the district. The rule's
//! *expected* institutions are its named institutions, plus every registered
//! institution of its types when a registry file says who the district is. Then:
//! - a partial sum that already meets a `>=` target is a definite `pass` (adding the
//!   absent institutions can only raise it), and likewise a count;
//! - otherwise absent expected institutions make the rule `missing` when a registry
//!   was given (the bureau's own run: someone did not report), and `incomplete` when
//!   not (a school checking its own file: the district is simply not in view);
//! - a group scope without a registry is always `incomplete` unless already met.

use chrono::NaiveDate;

use super::Cx;
use super::describe;
use super::finding::{Actual, CellUse, Finding};
use super::measure::{self, Reading};
use super::school::{compare_growth, settle, verdict};
use super::status::Status;
use crate::data::Value;
use crate::lang::Text;
use crate::num::{self, Num};
use crate::plan::{Condition, FieldId, Measure, Rule, RuleKind, Scope};
use crate::text;

/// Who is in scope for a year, and who should have been.
#[derive(Debug)]
struct Coverage {
    /// Row indices of institutions in scope that reported this year.
    rows: Vec<usize>,
    /// Expected institutions with no row this year (names).
    absent: Vec<String>,
    /// Whether the expected set is known at all.
    known: bool,
}

impl Coverage {
    fn complete(&self) -> bool {
        self.known && self.absent.is_empty()
    }
}

fn coverage(cx: &Cx<'_>, scope: &Scope, year: i32) -> Coverage {
    let rows: Vec<usize> = cx
        .rows_of_year(year)
        .filter(|&r| cx.in_scope(scope, cx.data.rows[r].institution))
        .collect();
    let registry = &cx.data.registry;
    let known = scope.is_named_only() || registry.complete;
    let mut expected: Vec<usize> = scope.institutions.clone();
    if registry.complete {
        expected.extend(registry.of_types(&scope.types));
    }
    expected.sort_unstable();
    expected.dedup();
    let absent = expected
        .into_iter()
        .filter(|&i| cx.row_index(i, year).is_none())
        .map(|i| registry.institutions[i].name.clone())
        .collect();
    Coverage { rows, absent, known }
}

/// Judges a district-level rule for the evaluation year.
pub fn judge(cx: &Cx<'_>, rule_index: usize, rule: &Rule) -> Finding {
    let year = cx.opts.year;
    let mut f = Finding {
        rule: rule_index,
        institution: None,
        year,
        status: Status::NotApplicable,
        actual: None,
        due: None,
        overdue: false,
        message: Text::default(),
        inputs: Vec::new(),
    };
    let Some(due) = rule.due_for(year) else {
        f.message = describe::outside_years(rule, year);
        return f;
    };
    f.due = Some(due);
    f.overdue = cx.opts.as_of >= due;
    match &rule.kind {
        RuleKind::District(cond) => district(cx, rule, cond, due, &mut f),
        RuleKind::Count {
            condition,
            comparator,
            target,
        } => count(cx, rule, condition, *comparator, target, due, &mut f),
        RuleKind::Growth {
            measure, comparator, ..
        } => {
            let now = coverage(cx, &rule.applies_to, year);
            let before = coverage(cx, &rule.applies_to, year - 1);
            if let Some(gap) = gap_status(cx, &[&now, &before]) {
                (f.status, f.message) = gap;
                return f;
            }
            let current = sum_reading(cx, measure, &now.rows, year, &mut f.inputs);
            let previous = sum_reading(cx, measure, &before.rows, year - 1, &mut f.inputs);
            compare_growth(cx, measure, *comparator, previous, current, due, &mut f);
        }
        RuleKind::Manual { fields, .. } => {
            f.status = Status::Review;
            let cov = coverage(cx, &rule.applies_to, year);
            for &r in &cov.rows {
                for &field in fields {
                    f.inputs.push(CellUse { row: r, field });
                }
            }
            f.message = text!(
                "需督查人员判断（区级事项）",
                "needs the inspector's judgement (a district matter)"
            );
        }
        _ => {}
    }
    f
}

/// The status when coverage is not complete, or `None` when it is.
fn gap_status(cx: &Cx<'_>, covs: &[&Coverage]) -> Option<(Status, Text)> {
    let year = cx.opts.year;
    for c in covs {
        if !c.known {
            let n = c.rows.len();
            return Some((
                Status::Incomplete,
                text!(
                    "输入只含 {n} 所相关学校，未提供登记名册（--registry），无法判断全区",
                    "the input holds {n} institutions in scope and no registry (--registry) says who the district is, so the district cannot be judged"
                ),
            ));
        }
        if !c.absent.is_empty() {
            let names = c.absent.join("、");
            let names_en = c.absent.join(", ");
            let status = if cx.data.registry.complete {
                Status::Missing
            } else {
                Status::Incomplete
            };
            return Some((
                status,
                text!(
                    "缺少以下学校的数据：{names}",
                    "no data for {year} from: {names_en}"
                ),
            ));
        }
    }
    None
}

/// Sums `field` over `rows`; `Err` with the fields found empty.
fn sum(cx: &Cx<'_>, field: FieldId, rows: &[usize], used: &mut Vec<CellUse>) -> Result<Num, Vec<FieldId>> {
    let mut total = Num::from_integer(0);
    let mut missing = false;
    for &r in rows {
        used.push(CellUse { row: r, field });
        match cx.data.rows[r].get(field) {
            Some(Value::Num(n)) => total += n,
            _ => missing = true,
        }
    }
    if missing { Err(vec![field]) } else { Ok(total) }
}

/// Reads a measure over the district: sums first, then the ratio.
fn sum_reading(cx: &Cx<'_>, m: &Measure, rows: &[usize], year: i32, used: &mut Vec<CellUse>) -> Reading {
    match m {
        Measure::Field(f) => match sum(cx, *f, rows, used) {
            Ok(v) => Reading::Num {
                value: v,
                actual: Actual::Number {
                    value: v,
                    unit: m.unit(cx.plan),
                },
            },
            Err(missing) => Reading::Missing(missing),
        },
        Measure::Ratio {
            numerator,
            denominator,
            numerator_scope,
        } => {
            let num_rows: Vec<usize> = match numerator_scope {
                Some(s) => coverage(cx, s, year).rows,
                None => rows.to_vec(),
            };
            let n = sum(cx, *numerator, &num_rows, used).ok();
            let d = sum(cx, *denominator, rows, used).ok();
            measure::ratio(n, d, *numerator, *denominator)
        }
    }
}

fn district(cx: &Cx<'_>, rule: &Rule, cond: &Condition, due: NaiveDate, f: &mut Finding) {
    let year = cx.opts.year;
    let cov = coverage(cx, &rule.applies_to, year);
    let reading = sum_reading(cx, &cond.measure, &cov.rows, year, &mut f.inputs);
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
            let n = cov.rows.len();
            f.message = text!(
                "仅凭已报送的 {n} 所学校即已达到目标",
                "already met by the {n} institutions reported"
            );
            return;
        }
        if let Reading::Num { actual, .. } = &reading {
            f.actual = Some(actual.clone());
        }
        if let Some((status, message)) = gap_status(cx, &[&cov]) {
            f.status = status;
            f.message = message;
            return;
        }
    }
    settle(cx, cond, reading, due, f);
}

fn count(
    cx: &Cx<'_>,
    rule: &Rule,
    cond: &Condition,
    comparator: crate::plan::Comparator,
    target: &Num,
    due: NaiveDate,
    f: &mut Finding,
) {
    let cov = coverage(cx, &rule.applies_to, cx.opts.year);
    let (mut met, mut unknown) = (0usize, Vec::new());
    for &r in &cov.rows {
        let reading = measure::read(cx.plan, &cond.measure, &cx.data.rows[r], r, &mut f.inputs);
        match measure::meets(&reading, cond) {
            Some(true) => met += 1,
            Some(false) => {}
            None => unknown.push(cx.data.institutions[cx.data.rows[r].institution].name.clone()),
        }
    }
    let met_n = Num::from_integer(i128::try_from(met).unwrap_or(i128::MAX));
    f.actual = Some(Actual::Count {
        met,
        of: cov.rows.len(),
    });
    let target_t = crate::plan::Target::Num(*target);
    let ok = measure::holds_num(&met_n, comparator, &target_t);
    let shown = num::display(target, num::Unit::Plain, num::Round::Down);
    if ok && comparator.rewards_more() {
        f.status = Status::Pass;
        f.message = text!(
            "{met} 所学校符合条件（目标 {shown} 所）",
            "{met} institutions meet the condition (target {shown})"
        );
        return;
    }
    if let Some((status, message)) = gap_status(cx, &[&cov]) {
        f.status = status;
        f.message = message;
        return;
    }
    if !unknown.is_empty() {
        f.status = Status::Missing;
        let fields = cond.measure.fields();
        let what = describe::not_reported(cx.plan, &fields);
        let (zh, en) = (unknown.join("、"), unknown.join(", "));
        let (what_zh, what_en) = (&what.zh, &what.en);
        f.message = text!("{what_zh}（{zh}）", "{what_en} ({en})");
        return;
    }
    f.status = verdict(ok, f.overdue);
    f.message = if ok {
        text!("{met} 所学校符合条件", "{met} institutions meet the condition")
    } else if f.overdue {
        text!(
            "只有 {met} 所学校符合条件，目标 {shown} 所（截止 {due}）",
            "only {met} institutions meet the condition, target {shown} (due {due})"
        )
    } else {
        text!(
            "目前 {met} 所学校符合条件，目标 {shown} 所，{due} 到期",
            "{met} institutions meet the condition so far, target {shown}, due {due}"
        )
    };
}
