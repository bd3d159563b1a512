//! Rules judged for one institution: thresholds, milestones, filings, growth,
//! evidence and manual checks.
//!
//! Each function reads only the institution's own rows and returns one finding. The
//! common shape: no applicable year -> `not_applicable`; no row or an empty cell ->
//! `missing`; otherwise the comparison, and `fail` only once the due date has passed
//! (before that, `pending`, with how far there is to go).

use chrono::NaiveDate;

use super::Cx;
use super::describe;
use super::finding::{Actual, CellUse, Finding};
use super::measure::{self, Reading};
use super::status::Status;
use crate::data::Value;
use crate::lang::Text;
use crate::plan::{Comparator, Condition, FieldId, Measure, Rule, RuleKind};
use crate::text;

/// Judges `rule` (a school-level rule) for `inst` in the evaluation year.
pub fn judge(cx: &Cx<'_>, rule_index: usize, rule: &Rule, inst: usize) -> Finding {
    let year = cx.opts.year;
    let mut f = Finding {
        rule: rule_index,
        institution: Some(inst),
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
    let Some(row_index) = cx.row_index(inst, year) else {
        if matches!(rule.kind, RuleKind::Milestone { .. }) {
            // A milestone reported done in an earlier year stays done.
            milestone(cx, rule, inst, None, due, &mut f);
        } else {
            f.status = Status::Missing;
            f.message = describe::no_row(year);
        }
        return f;
    };
    match &rule.kind {
        RuleKind::Threshold(cond) => threshold(cx, cond, row_index, due, &mut f),
        RuleKind::Milestone { field, evidence } => {
            milestone(cx, rule, inst, Some(row_index), due, &mut f);
            note_evidence(cx, *field, *evidence, row_index, &mut f);
        }
        RuleKind::Filing { field, evidence } => {
            filing(cx, *field, row_index, due, &mut f);
            note_evidence(cx, *field, *evidence, row_index, &mut f);
        }
        RuleKind::Growth {
            measure, comparator, ..
        } => growth(cx, measure, *comparator, inst, row_index, due, &mut f),
        RuleKind::Evidence { field } => evidence(cx, *field, row_index, &mut f),
        RuleKind::Manual { fields, .. } => manual(cx, fields, row_index, &mut f),
        RuleKind::District(_) | RuleKind::Count { .. } => {}
    }
    f
}

fn threshold(cx: &Cx<'_>, cond: &Condition, row_index: usize, due: NaiveDate, f: &mut Finding) {
    let row = &cx.data.rows[row_index];
    let reading = measure::read(cx.plan, &cond.measure, row, row_index, &mut f.inputs);
    settle(cx, cond, reading, due, f);
}

/// Turns a reading into a status and message; shared with district rules.
pub fn settle(cx: &Cx<'_>, cond: &Condition, reading: Reading, due: NaiveDate, f: &mut Finding) {
    match &reading {
        Reading::Missing(fields) => {
            f.status = Status::Missing;
            f.message = describe::not_reported(cx.plan, fields);
            return;
        }
        Reading::ZeroDenominator(field) => {
            f.status = Status::NotApplicable;
            f.message = describe::zero_denominator(cx.plan, *field);
            return;
        }
        Reading::Bool(b) => f.actual = Some(Actual::Bool(*b)),
        Reading::Num { actual, .. } => f.actual = Some(actual.clone()),
    }
    let met = measure::meets(&reading, cond).unwrap_or(false);
    f.status = verdict(met, f.overdue);
    f.message = if met {
        describe::met()
    } else if let Some(actual) = &f.actual {
        describe::short(
            cx.plan,
            &cond.measure,
            cond.comparator,
            &cond.target,
            actual,
            due,
            f.overdue,
        )
    } else {
        describe::not_done(due, f.overdue)
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
    rule: &Rule,
    inst: usize,
    row_index: Option<usize>,
    due: NaiveDate,
    f: &mut Finding,
) {
    let RuleKind::Milestone { field, .. } = &rule.kind else {
        return;
    };
    let field = *field;
    let mut value = row_index.and_then(|r| cx.data.rows[r].get(field).map(|v| (r, v.clone())));
    if value.is_none() {
        value = cx
            .earlier_rows(inst, cx.opts.year)
            .find_map(|r| match cx.data.rows[r].get(field) {
                Some(Value::Date(d)) => Some((r, Value::Date(*d))),
                _ => None,
            });
    }
    let Some((r, value)) = value else {
        f.status = Status::Missing;
        f.message = match row_index {
            Some(_) => describe::not_reported(cx.plan, &[field]),
            None => describe::no_row(cx.opts.year),
        };
        return;
    };
    f.inputs.push(CellUse { row: r, field });
    judge_date(value, due, cx.opts.as_of, f);
    let from_year = cx.data.rows[r].year;
    if from_year != cx.opts.year && f.status != Status::Missing {
        let note = text!("（据 {from_year} 年报表）", " (as reported for {from_year})");
        f.message.zh.push_str(&note.zh);
        f.message.en.push_str(&note.en);
    }
}

/// A deadline recurring each year: this year's filing date against this year's due day.
fn filing(cx: &Cx<'_>, field: FieldId, row_index: usize, due: NaiveDate, f: &mut Finding) {
    f.inputs.push(CellUse {
        row: row_index,
        field,
    });
    match cx.data.rows[row_index].get(field) {
        None => {
            f.status = Status::Missing;
            f.message = describe::not_reported(cx.plan, &[field]);
        }
        Some(v) => judge_date(v.clone(), due, cx.opts.as_of, f),
    }
}

fn judge_date(value: Value, due: NaiveDate, as_of: NaiveDate, f: &mut Finding) {
    match value {
        Value::Date(d) if d <= as_of => {
            f.actual = Some(Actual::Date(d));
            if d <= due {
                f.status = Status::Pass;
                f.message = describe::done_on_time(d, due);
            } else {
                f.status = Status::Late;
                f.message = describe::done_late(d, due);
            }
        }
        Value::Date(d) => {
            // Reported with a date after the evaluation date: not done as of then.
            f.actual = Some(Actual::Date(d));
            f.status = verdict(false, f.overdue);
            f.message = text!(
                "填报的完成日期 {d} 晚于评估日 {as_of}，按未完成计",
                "the reported date {d} is after the evaluation date {as_of}, so it is not done yet"
            );
        }
        _ => {
            f.actual = Some(Actual::NotDone);
            f.status = verdict(false, f.overdue);
            f.message = describe::not_done(due, f.overdue);
        }
    }
}

fn note_evidence(cx: &Cx<'_>, _field: FieldId, evidence: Option<FieldId>, row_index: usize, f: &mut Finding) {
    let Some(ev) = evidence else { return };
    if !matches!(f.status, Status::Pass | Status::Late) {
        return;
    }
    f.inputs.push(CellUse {
        row: row_index,
        field: ev,
    });
    let note = match cx.data.rows[row_index].get(ev) {
        Some(Value::Text(t)) => text!("；佐证：{t}", "; evidence: {t}"),
        _ => {
            let n = describe::field_names(cx.plan, &[ev]);
            let (zh, en) = (&n.zh, &n.en);
            text!("；未填{zh}", "; no {en} given")
        }
    };
    f.message.zh.push_str(&note.zh);
    f.message.en.push_str(&note.en);
}

fn growth(
    cx: &Cx<'_>,
    m: &Measure,
    comparator: Comparator,
    inst: usize,
    row_index: usize,
    due: NaiveDate,
    f: &mut Finding,
) {
    let year = cx.opts.year;
    let current = measure::read(cx.plan, m, &cx.data.rows[row_index], row_index, &mut f.inputs);
    let Some(prev_index) = cx.row_index(inst, year - 1) else {
        f.status = Status::Missing;
        f.message = describe::no_row(year - 1);
        return;
    };
    let previous = measure::read(cx.plan, m, &cx.data.rows[prev_index], prev_index, &mut f.inputs);
    compare_growth(cx, m, comparator, previous, current, due, f);
}

/// Compares this year's reading with last year's; shared with district growth.
pub fn compare_growth(
    cx: &Cx<'_>,
    m: &Measure,
    comparator: Comparator,
    previous: Reading,
    current: Reading,
    due: NaiveDate,
    f: &mut Finding,
) {
    let year = cx.opts.year;
    match (previous, current) {
        (Reading::Num { value: p, .. }, Reading::Num { value: c, .. }) => {
            f.actual = Some(Actual::Growth {
                previous: p,
                current: c,
                unit: m.unit(cx.plan),
            });
            let met = measure::holds_num(&c, comparator, &crate::plan::Target::Num(p));
            f.status = verdict(met, f.overdue);
            let (ps, cs) = (describe::year_span(&p), describe::year_span(&c));
            f.message = if met {
                text!(
                    "{year} 年 {cs}，上年 {ps}：已增长",
                    "{cs} in {year} against {ps} the year before: grown"
                )
            } else {
                text!(
                    "{year} 年 {cs}，上年 {ps}：未增长（{due} 到期）",
                    "{cs} in {year} against {ps} the year before: no growth (due {due})"
                )
            };
        }
        (Reading::Missing(fields), _) | (_, Reading::Missing(fields)) => {
            f.status = Status::Missing;
            f.message = describe::not_reported(cx.plan, &fields);
        }
        (Reading::ZeroDenominator(field), _) | (_, Reading::ZeroDenominator(field)) => {
            f.status = Status::NotApplicable;
            f.message = describe::zero_denominator(cx.plan, field);
        }
        _ => {
            f.status = Status::NotApplicable;
            f.message = text!("是/否字段无法比较增长", "a yes/no field cannot grow");
        }
    }
}

fn evidence(cx: &Cx<'_>, field: FieldId, row_index: usize, f: &mut Finding) {
    f.inputs.push(CellUse {
        row: row_index,
        field,
    });
    match cx.data.rows[row_index].get(field) {
        Some(Value::Text(t)) => {
            f.status = Status::Pass;
            f.actual = Some(Actual::Text(t.to_string()));
            f.message = text!(
                "已报送佐证：{t}（请核对原件）",
                "evidence reported: {t} (check the document)"
            );
        }
        _ => {
            f.status = Status::Missing;
            f.message = describe::not_reported(cx.plan, &[field]);
        }
    }
}

fn manual(cx: &Cx<'_>, fields: &[FieldId], row_index: usize, f: &mut Finding) {
    f.status = Status::Review;
    let row = &cx.data.rows[row_index];
    let mut shown = Vec::new();
    for &field in fields {
        f.inputs.push(CellUse {
            row: row_index,
            field,
        });
        if let Some(v) = row.get(field) {
            shown.push(super::show_value(cx.plan, field, v));
        }
    }
    if !shown.is_empty() {
        f.actual = Some(Actual::Text(shown.join("; ")));
    }
    f.message = text!(
        "需督查人员结合佐证材料判断",
        "needs the inspector's judgement on the evidence"
    );
}
