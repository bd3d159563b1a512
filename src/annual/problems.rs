//! Overdue and failing items: what counts against the district in the report year,
//! with what is missing and by how much, the clause it comes from and who answers
//! for it.
//!
//! The list is the findings that count against compliance (fail, late, missing once
//! due), errors before warnings, then in plan order, so the same shortfall across
//! schools reads together. Amounts are the exact shortfall the evaluation computed;
//! days are calendar days between the due date and the completion (late) or the
//! evaluation date (still not done).

use chrono::NaiveDate;

use crate::eval::{Actual, Finding, Message, Status, describe_target};
use crate::lang::{Lang, Text};
use crate::num::{self, Round, Unit};
use crate::plan::{Plan, Severity};
use crate::report::Report;

/// How late something is, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delay {
    /// Done, this many days after the due date.
    Late(i64),
    /// Still not done (or not reported) this many days after the due date.
    Overdue(i64),
}

impl Delay {
    pub fn show(self, lang: Lang) -> String {
        match (self, lang) {
            (Delay::Late(d), Lang::Zh) => format!("逾期 {d} 天完成"),
            (Delay::Late(d), Lang::En) => format!("done {d} days late"),
            (Delay::Overdue(d), Lang::Zh) => format!("已超期 {d} 天"),
            (Delay::Overdue(d), Lang::En) => format!("{d} days overdue"),
        }
    }
}

/// One overdue or failing item.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The institution, or `None` for the district.
    pub school: Option<String>,
    pub rule_id: String,
    pub task: u32,
    pub title: Text,
    pub status: Status,
    pub severity: Severity,
    pub actual: Option<Text>,
    pub target: Text,
    pub due: Option<NaiveDate>,
    /// How much more is needed (`8 人`), for a measured target.
    pub shortfall: Option<Text>,
    pub delay: Option<Delay>,
    /// The finding's sentence.
    pub reason: Text,
    /// The clauses the task cites (`三（三）1`, `一览表 15`).
    pub clauses: Vec<String>,
    pub sections: Vec<String>,
}

/// Both languages of something worded per language.
pub fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::Zh), f(Lang::En))
}

/// The items counting against compliance in `report`, errors first, in plan order.
pub fn build(report: &Report) -> Vec<Problem> {
    let plan = &report.plan;
    let mut items: Vec<&Finding> = report.findings.iter().filter(|f| f.counts_against()).collect();
    items.sort_by_key(|f| (std::cmp::Reverse(plan.rules[f.rule()].severity), f.rule()));
    items.into_iter().map(|f| problem(report, f)).collect()
}

fn problem(report: &Report, f: &Finding) -> Problem {
    let plan = &report.plan;
    let rule = &plan.rules[f.rule()];
    let task = plan.task(rule.task);
    Problem {
        school: report.school(f).map(str::to_string),
        rule_id: rule.id.clone(),
        task: rule.task,
        title: rule.title.clone(),
        status: f.status,
        severity: rule.severity,
        actual: f.actual.as_ref().map(|a| both(|l| a.show(l))),
        target: both(|l| describe_target(plan, rule, l)),
        due: f.due,
        shortfall: shortfall(plan, f),
        delay: delay(f, report.opts.as_of),
        reason: both(|l| f.sentence(plan, l)),
        clauses: task.map(|t| clauses(&t.citations)).unwrap_or_default(),
        sections: task.map(|t| t.sections.clone()).unwrap_or_default(),
    }
}

/// The clauses cited, each once, in the order cited.
fn clauses(citations: &[crate::plan::Citation]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in citations {
        if !out.contains(&c.clause) {
            out.push(c.clause.clone());
        }
    }
    out
}

fn shortfall(plan: &Plan, f: &Finding) -> Option<Text> {
    let Message::Short { gap: Some((n, field)) } = &f.message else { return None };
    // Up: a shortfall is never shown smaller than it is.
    let amount = num::display(&num::widen(n), Unit::Plain, Round::Up);
    let unit = plan.field(*field).unit.clone().unwrap_or_default();
    let label = &plan.field(*field).label;
    Some(Text::new(
        format!("{}差 {amount}{}", label.zh, unit.zh),
        format!("{amount} more {} ({})", unit.en, label.en).replace("  ", " "),
    ))
}

fn delay(f: &Finding, as_of: NaiveDate) -> Option<Delay> {
    let due = f.due?;
    match (f.status, &f.actual) {
        (Status::Late, Some(Actual::Date(done))) => Some(Delay::Late((*done - due).num_days())),
        (Status::Fail, Some(Actual::NotDone | Actual::Date(_))) | (Status::Missing, _) => {
            let days = (as_of - due).num_days();
            (days > 0).then_some(Delay::Overdue(days))
        }
        _ => None,
    }
}
