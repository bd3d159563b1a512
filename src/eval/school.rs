//! Rules judged for one institution: thresholds, milestones, filings, growth,
//! evidence and manual checks.
//!
//! Each function reads only the institution's own rows and returns one finding. The
//! common shape: no applicable year -> `not_applicable`; no row or an empty cell ->
//! `missing`; otherwise the comparison, and `fail` only once the due date has passed
//! (before that, `pending`, with how far there is to go).

use chrono::NaiveDate;

use super::Cx;
use super::finding::{Actual, Finding};
use super::measure::{self, Reading, shortfall};
use super::message::{Message, Note};
use super::status::Status;
use crate::data::Value;
use crate::plan::{Comparator, Condition, FieldId, Measure, Rule, RuleKind, Target};

/// Sets the due date and whether it has passed; `false` when the rule does not apply
/// to the evaluation year (the finding is then `not_applicable`).
pub fn schedule(cx: &Cx<'_>, rule: &Rule, f: &mut Finding) -> Option<NaiveDate> {
    let year = cx.opts.year;
    match rule.due_for(year) {
        Some(due) => {
            f.due = Some(due);
            f.overdue = cx.opts.as_of >= due;
            Some(due)
        }
        None => {
            f.message = Message::OutsideYears;
            None
        }
    }
}

/// Judges `rule` (a school-level rule) for `inst` in the evaluation year.
pub fn judge(cx: &Cx<'_>, rule_index: usize, rule: &Rule, inst: usize) -> Finding {
    let year = cx.opts.year;
    let mut f = Finding::new(rule_index, Some(inst), year, cx.trace);
    let Some(due) = schedule(cx, rule, &mut f) else { return f };
    if cx.data.invalid.contains(&(inst, year)) {
        // Judging what was left readable of an invalid row could pass it falsely.
        f.status = Status::Invalid;
        f.message = Message::InvalidData;
        return f;
    }
    let row_index = cx.row_index(inst, year);
    match (&rule.kind, row_index) {
        // A milestone reported done in an earlier year stays done, row or no row.
        (RuleKind::Milestone { field, evidence }, r) => {
            milestone(cx, *field, inst, r, due, &mut f);
            if let Some(r) = r {
                note_evidence(cx, *evidence, r, &mut f);
            }
        }
        (_, None) => {
            f.status = Status::Missing;
            f.message = Message::NoRow { year };
        }
        (RuleKind::Threshold(cond), Some(r)) => {
            let reading = measure::read(cx.plan, &cond.measure, &cx.data.rows[r], r, &mut f.extra);
            settle(cond, reading, &mut f);
        }
        (RuleKind::Filing { field, evidence }, Some(r)) => {
            f.extra.push(r, *field);
            match cx.data.rows[r].get(*field).as_deref() {
                None => missing(&mut f, vec![*field]),
                // Last year's filing copied into this year's row is not this year's.
                Some(Value::Date(d)) if rule.previous_due(year).is_some_and(|p| *d <= p) => {
                    f.actual = Some(Actual::Date(*d));
                    f.status = verdict(false, f.overdue);
                    f.message = Message::EarlierCycle { year };
                }
                Some(v) => judge_date(v, due, cx.opts.as_of, &mut f),
            }
            note_evidence(cx, *evidence, r, &mut f);
        }
        (RuleKind::Growth { measure, comparator, .. }, Some(r)) => {
            growth(cx, measure, *comparator, inst, r, &mut f)
        }
        (RuleKind::Evidence { field }, Some(r)) => evidence(cx, *field, r, &mut f),
        (RuleKind::Manual { fields, .. }, Some(r)) => manual(cx, fields, r, &mut f),
        // Judged elsewhere: district rules in `district`, composites in `composite`.
        (
            RuleKind::District(_)
            | RuleKind::Count { .. }
            | RuleKind::AllOf { .. }
            | RuleKind::ShareOf { .. },
            Some(_),
        ) => {}
    }
    f
}

fn missing(f: &mut Finding, fields: Vec<FieldId>) {
    f.status = Status::Missing;
    f.message = Message::NotReported(fields.into());
}

/// Turns a reading into a status and message; shared with district rules.
pub fn settle(cond: &Condition, reading: Reading, f: &mut Finding) {
    match &reading {
        Reading::Missing(fields) => return missing(f, fields.clone()),
        Reading::ZeroDenominator(field) => {
            f.message = Message::ZeroDenominator(*field);
            f.status = match cond.measure {
                Measure::Ratio { when_zero: crate::plan::WhenZero::Fail, .. } => verdict(false, f.overdue),
                _ => Status::NotApplicable,
            };
            return;
        }
        Reading::Bool(b) => f.actual = Some(Actual::Bool(*b)),
        Reading::Num { actual, .. } => f.actual = Some(actual.clone()),
    }
    let met = measure::meets(&reading, cond).unwrap_or(false);
    f.status = verdict(met, f.overdue);
    f.message = if met {
        Message::Met
    } else {
        let gap = f.actual.as_ref().and_then(|a| shortfall(a, cond.comparator, &cond.target)).map(|n| {
            let field = match &cond.measure {
                Measure::Ratio { numerator, .. } => *numerator,
                Measure::Field(field) => *field,
            };
            (crate::num::store(&n), field)
        });
        Message::Short { gap }
    };
}

/// Pass when met; otherwise fail once due, pending before.
pub fn verdict(met: bool, overdue: bool) -> Status {
    match (met, overdue) {
        (true, _) => Status::Pass,
        (false, true) => Status::Fail,
        (false, false) => Status::Pending,
    }
}

/// A one-off deadline. The completion date in this year's row is used; if this
/// year's cell is empty, a completion date reported in an earlier year still counts
/// (once done, done). A date after the evaluation date is not done yet.
fn milestone(
    cx: &Cx<'_>,
    field: FieldId,
    inst: usize,
    row_index: Option<usize>,
    due: NaiveDate,
    f: &mut Finding,
) {
    let this_year = row_index.and_then(|r| cx.data.rows[r].get(field).map(|v| (r, v)));
    let found = match this_year {
        Some(found) => Some(found),
        None => match earlier_completion(cx, field, inst) {
            Ok(found) => found,
            Err(year) => return invalid_earlier(f, year),
        },
    };
    let Some((r, value)) = found else {
        f.status = Status::Missing;
        f.message = match row_index {
            Some(_) => Message::NotReported(Box::new([field])),
            None => Message::NoRow { year: cx.opts.year },
        };
        return;
    };
    f.extra.push(r, field);
    judge_date(&value, due, cx.opts.as_of, f);
    let from_year = cx.data.rows[r].year;
    if from_year != cx.opts.year {
        f.notes.push(Note::FromYear(from_year));
    }
}

/// The newest completion date reported in an earlier year's row, or the earlier
/// year met first whose rows are invalid: what it held cannot be trusted, and it may
/// be the very completion looked for (two rows, one done and one not).
fn earlier_completion<'a>(
    cx: &'a Cx<'_>,
    field: FieldId,
    inst: usize,
) -> Result<Option<(usize, std::borrow::Cow<'a, Value>)>, i32> {
    // Rows are only ever taken for the plan's data years.
    let (first, last) = cx.plan.meta.data_years;
    for year in (first..cx.opts.year.min(last + 1)).rev() {
        if cx.data.invalid.contains(&(inst, year)) {
            return Err(year);
        }
        let Some(r) = cx.row_index(inst, year) else { continue };
        if let Some(v) = cx.data.rows[r].get(field).filter(|v| matches!(**v, Value::Date(_))) {
            return Ok(Some((r, v)));
        }
    }
    Ok(None)
}

/// `invalid`: the rule needs `year`'s rows of the institution, which are invalid.
fn invalid_earlier(f: &mut Finding, year: i32) {
    f.status = Status::Invalid;
    f.message = Message::InvalidEarlier { year };
}

fn judge_date(value: &Value, due: NaiveDate, as_of: NaiveDate, f: &mut Finding) {
    match *value {
        Value::Date(date) if date <= as_of => {
            f.actual = Some(Actual::Date(date));
            if date <= due {
                f.status = Status::Pass;
                f.message = Message::DoneOnTime;
            } else {
                f.status = Status::Late;
                f.message = Message::DoneLate;
            }
        }
        Value::Date(date) => {
            // Reported with a date after the evaluation date: not done as of then.
            f.actual = Some(Actual::Date(date));
            f.status = verdict(false, f.overdue);
            f.message = Message::AfterAsOf { as_of };
        }
        _ => {
            f.actual = Some(Actual::NotDone);
            f.status = verdict(false, f.overdue);
            f.message = Message::NotDone;
        }
    }
}

/// Adds the evidence reported with a completion (or notes its absence).
fn note_evidence(cx: &Cx<'_>, evidence: Option<FieldId>, row_index: usize, f: &mut Finding) {
    let Some(ev) = evidence else { return };
    if !matches!(f.status, Status::Pass | Status::Late) {
        return;
    }
    f.extra.push(row_index, ev);
    f.notes.push(match cx.data.rows[row_index].get(ev).as_deref() {
        Some(Value::Text(t)) => Note::Evidence(t.to_string()),
        _ => Note::NoEvidence(ev),
    });
}

fn growth(cx: &Cx<'_>, m: &Measure, comparator: Comparator, inst: usize, row: usize, f: &mut Finding) {
    let year = cx.opts.year;
    let current = measure::read(cx.plan, m, &cx.data.rows[row], row, &mut f.extra);
    if cx.data.invalid.contains(&(inst, year - 1)) {
        // Last year's value read from what was left of an invalid row could pass falsely.
        return invalid_earlier(f, year - 1);
    }
    let Some(prev) = cx.row_index(inst, year - 1) else {
        f.status = Status::Missing;
        f.message = Message::NoRow { year: year - 1 };
        return;
    };
    let previous = measure::read(cx.plan, m, &cx.data.rows[prev], prev, &mut f.extra);
    compare_growth(cx, m, comparator, previous, current, f);
}

/// Compares this year's reading with last year's; shared with district growth.
pub fn compare_growth(
    cx: &Cx<'_>,
    m: &Measure,
    comparator: Comparator,
    previous: Reading,
    current: Reading,
    f: &mut Finding,
) {
    match (previous, current) {
        (Reading::Num { value: p, .. }, Reading::Num { value: c, .. }) => {
            f.actual = Some(Actual::growth(&p, &c, m.unit(cx.plan)));
            let grown = measure::holds_num(&c, comparator, &Target::Num(p));
            f.status = verdict(grown, f.overdue);
            f.message = Message::Growth { grown };
        }
        (Reading::Missing(fields), _) | (_, Reading::Missing(fields)) => missing(f, fields),
        (Reading::ZeroDenominator(field), _) | (_, Reading::ZeroDenominator(field)) => {
            f.status = Status::NotApplicable;
            f.message = Message::ZeroDenominator(field);
        }
        _ => {
            f.status = Status::NotApplicable;
            f.message = Message::CannotGrow;
        }
    }
}

fn evidence(cx: &Cx<'_>, field: FieldId, row: usize, f: &mut Finding) {
    f.extra.push(row, field);
    match cx.data.rows[row].get(field).as_deref() {
        Some(Value::Text(t)) => {
            f.status = Status::Pass;
            f.actual = Some(Actual::Text(t.clone()));
            f.message = Message::EvidenceReported;
        }
        _ => missing(f, vec![field]),
    }
}

fn manual(cx: &Cx<'_>, fields: &[FieldId], row: usize, f: &mut Finding) {
    f.status = Status::Review;
    f.message = Message::Review { district: false };
    let values = &cx.data.rows[row];
    let mut shown = Vec::new();
    for &field in fields {
        f.extra.push(row, field);
        if let Some(v) = values.get(field) {
            shown.push(super::show_value(cx.plan, field, &v));
        }
    }
    if !shown.is_empty() {
        f.actual = Some(Actual::Text(shown.join("; ").into()));
    }
}
