//! `explain`: why one rule gave one verdict, traced to the clause and the cells.
//!
//! An [`Explanation`] is built from a traced evaluation (every finding records the
//! cells it read): the task and its cited words, the interpretation, the formula,
//! every input cell with its file, Excel row and column, the arithmetic done with
//! exact values (a comparison of shares is shown as the cross-multiplication that
//! decided it), the due date and the verdict; with rosters, [`with_rosters`] adds
//! the school's records behind each figure a roster verifies. It serialises to JSON
//! as is; `render` lays it out as text.

use std::cmp::Ordering;

use serde::Serialize;

use crate::data::{ReadOptions, Value};
use crate::diag::column_letter;
use crate::eval::{Actual, Finding, describe_target};
use crate::lang::Lang;
use crate::num::{self, Num, Round, Unit};
use crate::plan::{Comparator, Measure, Plan, Rule, RuleKind, Target};
use crate::report::Report;
use crate::roster::trace::CountTrace;

/// A cell a verdict was computed from.
#[derive(Debug, Clone, Serialize)]
pub struct InputCell {
    pub file: String,
    pub row: u32,
    pub column: Option<String>,
    pub column_letter: Option<String>,
    pub school: String,
    pub year: i32,
    pub field: String,
    pub label: String,
    /// The value as read (`null` when the cell was empty or the column absent).
    pub value: Option<String>,
}

/// One rule's verdict for one subject, explained.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub rule: String,
    pub title: String,
    pub task: u32,
    pub task_text: String,
    pub action: String,
    pub sections: Vec<String>,
    pub citations: Vec<(String, String)>,
    pub interpretation: Option<String>,
    pub kind: &'static str,
    pub severity: &'static str,
    pub severity_reason: String,
    pub applies_to: Vec<String>,
    pub formula: String,
    pub school: Option<String>,
    pub year: i32,
    pub as_of: String,
    pub inputs: Vec<InputCell>,
    /// The arithmetic, one step a line, with exact values.
    pub arithmetic: Vec<String>,
    pub comparison: Option<String>,
    pub due: Option<String>,
    pub overdue: bool,
    pub status: &'static str,
    pub status_label: String,
    pub message: String,
    /// The inspector's decision that settled this result (`--reviews`), else `null`.
    pub review: Option<ReviewNote>,
    /// The figures of the rule a roster verifies, with the school's records (empty
    /// unless rosters were read; filled by [`with_rosters`]).
    pub rosters: Vec<CountTrace>,
}

/// Who decided a reviewed result, when and on what basis.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewNote {
    /// The status before the decision: `review`.
    pub original_status: &'static str,
    pub inspector: String,
    pub date: String,
    pub basis: Option<String>,
}

fn label(plan: &Plan, key: usize, lang: Lang) -> String {
    plan.fields[key].label.get(lang).to_string()
}

/// The formula of a rule in words: `双师型教师数 ÷ 专业课教师数 ≥ 85%`.
pub fn formula(plan: &Plan, rule: &Rule, lang: Lang) -> String {
    let measure = |m: &Measure, district: bool| {
        let sum = if district { lang.pick("Σ", "sum of ") } else { "" };
        match m {
            Measure::Field(f) => format!("{sum}{}", label(plan, f.index(), lang)),
            Measure::Ratio { numerator, denominator, .. } => format!(
                "{sum}{} ÷ {sum}{}",
                label(plan, numerator.index(), lang),
                label(plan, denominator.index(), lang)
            ),
        }
    };
    let target = describe_target(plan, rule, lang);
    match &rule.kind {
        RuleKind::Threshold(c) => format!("{} {target}", measure(&c.measure, false)),
        RuleKind::District(c) => format!("{} {target}", measure(&c.measure, true)),
        RuleKind::Milestone { field, .. } | RuleKind::Filing { field, .. } => {
            format!("{} {target}", label(plan, field.index(), lang))
        }
        RuleKind::Growth { measure: m, comparator, level } => {
            let m = measure(m, *level == crate::plan::Level::District);
            match lang {
                Lang::Zh => format!("{m}（本年）{} {m}（上年）", comparator.symbol()),
                Lang::En => format!("{m} (this year) {} {m} (last year)", comparator.symbol()),
            }
        }
        RuleKind::Count { condition, .. } => {
            let cond = crate::eval::describe_condition(
                condition.comparator,
                &condition.target,
                condition.measure.unit(plan),
                lang,
            );
            match lang {
                Lang::Zh => format!("满足「{} {cond}」的学校数 {target}", measure(&condition.measure, false)),
                Lang::En => {
                    format!("institutions where {} {cond}: {target}", measure(&condition.measure, false))
                }
            }
        }
        RuleKind::Evidence { field } => match lang {
            Lang::Zh => format!("报送「{}」", label(plan, field.index(), lang)),
            Lang::En => format!("\"{}\" is reported", label(plan, field.index(), lang)),
        },
        RuleKind::Manual { .. } => target,
        RuleKind::AllOf { .. } | RuleKind::ShareOf { .. } => {
            crate::eval::composite_formula(plan, rule, lang).unwrap_or(target)
        }
    }
}

/// An exact number with its decimal form: `13/16 = 0.8125`, `1/3 ≈ 0.333333…`.
fn exact(n: &Num) -> String {
    let n = n.reduced();
    if n.is_integer() {
        return n.to_integer().to_string();
    }
    let shown = num::format_num(&n, 6, Round::Down);
    let back = num::parse_decimal(&shown);
    let sign = if back.as_ref() == Some(&n) { "=" } else { "≈" };
    let tail = if sign == "≈" { "…" } else { "" };
    format!("{}/{} {sign} {shown}{tail}", n.numer(), n.denom())
}

fn comparison(value: &Num, comparator: Comparator, target: &Target, lang: Lang) -> Option<String> {
    let yes_no = |b: bool| if b { lang.pick("是", "yes") } else { lang.pick("否", "no") };
    let cross = |v: &Num, t: &Num| -> String {
        if v.is_integer() && t.is_integer() {
            return String::new();
        }
        // The cross-multiplication that decides v against t exactly.
        let (l, r) = (v.numer() * t.denom(), t.numer() * v.denom());
        let rel = match l.cmp(&r) {
            Ordering::Less => "<",
            Ordering::Equal => "=",
            Ordering::Greater => ">",
        };
        let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
        format!("{open}{} × {} = {l} {rel} {r} = {} × {}{close}", v.numer(), t.denom(), t.numer(), v.denom())
    };
    match target {
        Target::Num(t) => {
            let holds = crate::eval::holds(value, comparator, target);
            Some(format!(
                "{} {} {}? {}{}",
                exact(value),
                comparator.symbol(),
                exact(t),
                yes_no(holds),
                cross(value, t)
            ))
        }
        Target::Range(lo, hi) => {
            let holds = crate::eval::holds(value, comparator, target);
            Some(format!("{} ∈ [{}, {}]? {}", exact(value), exact(lo), exact(hi), yes_no(holds)))
        }
        Target::Bool(_) => None,
    }
}

/// Explains `f` (from a traced report).
pub fn explain(report: &Report, f: &Finding, lang: Lang) -> Explanation {
    let plan = &report.plan;
    let rule = report.rule(f);
    let task = plan.task(rule.task);
    let inputs: Vec<InputCell> = f
        .inputs()
        .iter()
        .map(|c| {
            let row = &report.data.rows[c.row];
            let file = report.data.files.get(row.file);
            let col = file.and_then(|fl| fl.columns.get(c.field.index()).cloned().flatten());
            let field = plan.field(c.field);
            InputCell {
                file: file.map(|fl| fl.path.clone()).unwrap_or_default(),
                row: row.line,
                column: col.as_ref().map(|c| c.header.clone()),
                column_letter: col.as_ref().map(|c| column_letter(c.index)),
                school: report.data.institutions[row.institution].name.clone(),
                year: row.year,
                field: field.key.clone(),
                label: field.label.get(lang).to_string(),
                value: row.get(c.field).map(|v| match &*v {
                    Value::Num(n) => num::display(&num::widen(n), Unit::Plain, Round::Down),
                    Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                    Value::Date(d) => d.to_string(),
                    Value::NotDone => "未完成".to_string(),
                    Value::Text(t) => t.to_string(),
                }),
            }
        })
        .collect();
    let (mut arithmetic, compare) = arithmetic(plan, rule, f, &inputs, lang);
    // A rule built from other rules: the verdicts it was judged from, one a line.
    for p in crate::eval::composite_parts(plan, &report.findings, f) {
        let whose = match (&plan.rules[f.rule()].kind, report.school(p)) {
            (crate::plan::RuleKind::ShareOf { .. }, Some(school)) => school.to_string(),
            _ => plan.rules[p.rule()].id.clone(),
        };
        let actual = p.actual.as_ref().map(|a| format!(" ({})", a.show(lang))).unwrap_or_default();
        arithmetic.push(format!("{whose}: {}{actual}", p.status.label(lang)));
    }
    Explanation {
        rule: rule.id.clone(),
        title: rule.title.get(lang).to_string(),
        task: rule.task,
        task_text: task.map(|t| t.task.clone()).unwrap_or_default(),
        action: task.map(|t| format!("{} / {}", t.action, t.sub_action)).unwrap_or_default(),
        sections: task.map(|t| t.sections.clone()).unwrap_or_default(),
        citations: task
            .map(|t| t.citations.iter().map(|c| (c.clause.clone(), c.text.clone())).collect())
            .unwrap_or_default(),
        interpretation: rule.interpretation.as_ref().map(|i| i.get(lang).to_string()),
        kind: rule.kind.key(),
        severity: match rule.severity {
            crate::plan::Severity::Error => "error",
            crate::plan::Severity::Warning => "warning",
        },
        severity_reason: rule.severity_reason.clone(),
        applies_to: rule.applies_to_keys.clone(),
        formula: formula(plan, rule, lang),
        school: report.school(f).map(str::to_string),
        year: f.year,
        as_of: report.opts.as_of.to_string(),
        inputs,
        arithmetic,
        comparison: compare,
        due: f.due.map(|d| d.to_string()),
        overdue: f.overdue,
        status: f.status.key(),
        status_label: f.status.label(lang).to_string(),
        message: f.sentence(plan, lang),
        review: f.reviewed().map(|r| ReviewNote {
            original_status: r.original.key(),
            inspector: r.inspector.clone(),
            date: r.date.to_string(),
            basis: r.basis.clone(),
        }),
        rosters: Vec::new(),
    }
}

/// Adds to `e` the roster counts behind the fields `f`'s rule reads, for a school's
/// verdict when rosters were read: the roster files are read again for that school
/// and year ([`crate::roster::trace`]), so this does I/O.
pub fn with_rosters(e: &mut Explanation, report: &Report, f: &Finding, read: &ReadOptions, lang: Lang) {
    let Some(inst) = f.institution() else { return };
    if report.data.rosters.is_empty() {
        return;
    }
    let fields = rule_fields(report.rule(f));
    e.rosters = crate::roster::trace::trace(&report.plan, &report.data, read, &fields, inst, f.year, lang);
}

/// The annual fields a rule reads.
fn rule_fields(rule: &Rule) -> Vec<crate::plan::FieldId> {
    match &rule.kind {
        RuleKind::Threshold(c) | RuleKind::District(c) => c.measure.fields(),
        RuleKind::Growth { measure, .. } => measure.fields(),
        RuleKind::Count { condition, .. } => condition.measure.fields(),
        RuleKind::Milestone { field, .. } | RuleKind::Filing { field, .. } | RuleKind::Evidence { field } => {
            vec![*field]
        }
        RuleKind::Manual { fields, .. } => fields.clone(),
        RuleKind::AllOf { .. } | RuleKind::ShareOf { .. } => Vec::new(),
    }
}

fn arithmetic(
    plan: &Plan,
    rule: &Rule,
    f: &Finding,
    inputs: &[InputCell],
    lang: Lang,
) -> (Vec<String>, Option<String>) {
    let cond = match &rule.kind {
        RuleKind::Threshold(c) | RuleKind::District(c) => Some(c),
        _ => None,
    };
    let sum_line = |field: &str| -> Option<String> {
        let terms: Vec<&str> =
            inputs.iter().filter(|i| i.field == field).filter_map(|i| i.value.as_deref()).collect();
        (terms.len() > 1).then(|| format!("{} = {}", field_label(plan, field, lang), terms.join(" + ")))
    };
    let mut lines = Vec::new();
    let mut compare = None;
    match (&f.actual, cond) {
        (Some(Actual::Ratio { numerator, denominator, unit }), Some(c)) => {
            if let Measure::Ratio { numerator: nf, denominator: df, .. } = &c.measure {
                lines.extend(sum_line(&plan.field(*nf).key));
                lines.extend(sum_line(&plan.field(*df).key));
            }
            let (n, d) = (num::widen(numerator), num::widen(denominator));
            let value = n / d;
            lines.push(match unit {
                num::Unit::Percent => {
                    let percent = num::format_num(&(value * Num::from_integer(100)), 4, Round::Down);
                    format!("{} ÷ {} = {} ({percent}%)", exact(&n), exact(&d), exact(&value))
                }
                num::Unit::Plain => format!("{} ÷ {} = {}", exact(&n), exact(&d), exact(&value)),
            });
            compare = comparison(&value, c.comparator, &c.target, lang);
        }
        (Some(Actual::Number { value, .. }), Some(c)) => {
            if let Measure::Field(field) = &c.measure {
                lines.extend(
                    sum_line(&plan.field(*field).key).map(|l| format!("{l} = {}", exact(&num::widen(value)))),
                );
            }
            compare = comparison(&num::widen(value), c.comparator, &c.target, lang);
        }
        (Some(Actual::Growth { previous, current, .. }), _) => {
            if let RuleKind::Growth { comparator, .. } = &rule.kind {
                let (p, c) = (num::widen(previous), num::widen(current));
                compare = comparison(&c, *comparator, &Target::Num(p), lang);
            }
        }
        (Some(Actual::Count { met, of }), _) => {
            lines.push(match (&rule.kind, lang) {
                (RuleKind::AllOf { .. }, Lang::Zh) => format!("适用的 {of} 项中 {met} 项达标"),
                (RuleKind::AllOf { .. }, Lang::En) => format!("{met} of the {of} applicable parts met"),
                (_, Lang::Zh) => format!("{of} 所学校中 {met} 所符合条件"),
                (_, Lang::En) => format!("{met} of {of} institutions meet the condition"),
            });
        }
        (Some(Actual::Date(d)), _) => {
            if let Some(due) = f.due {
                let days = (*d - due).num_days();
                lines.push(match (lang, days.cmp(&0)) {
                    (Lang::Zh, Ordering::Greater) => format!("{d} 晚于截止日 {due} {days} 天"),
                    (Lang::Zh, _) => format!("{d} 不晚于截止日 {due}"),
                    (Lang::En, Ordering::Greater) => format!("{d} is {days} days after the due date {due}"),
                    (Lang::En, _) => format!("{d} is on or before the due date {due}"),
                });
            }
        }
        _ => {}
    }
    (lines, compare)
}

fn field_label(plan: &Plan, key: &str, lang: Lang) -> String {
    plan.field_by_key(key).map_or_else(|| key.to_string(), |f| plan.field(f).label.get(lang).to_string())
}
