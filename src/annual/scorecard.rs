//! The school scorecard: every school-level rule against every institution, with
//! the status and the actual value; and each institution's own list, for its sheet.
//!
//! Rules are rows and institutions columns: a district has a handful of schools and
//! some forty school rules, and that shape fits an A4 page. A cell is empty where
//! the rule does not concern the institution (not in its scope).

use chrono::NaiveDate;

use super::problems::both;
use super::tally::Tally;
use crate::eval::{Finding, Status, describe_target};
use crate::lang::Text;
use crate::plan::{Level, Severity};
use crate::report::Report;

/// A rule as a scorecard row.
#[derive(Debug, Clone)]
pub struct RuleHead {
    pub id: String,
    pub task: u32,
    pub title: Text,
    pub target: Text,
    pub severity: Severity,
}

/// One rule for one institution.
#[derive(Debug, Clone)]
pub struct Cell {
    pub status: Status,
    pub actual: Option<Text>,
}

/// The matrix: `cells[rule][institution]`.
#[derive(Debug, Clone, Default)]
pub struct Scorecard {
    pub rules: Vec<RuleHead>,
    pub schools: Vec<String>,
    pub cells: Vec<Vec<Option<Cell>>>,
}

/// One line of an institution's own list (all its rules, district ones excluded).
#[derive(Debug, Clone)]
pub struct Line {
    pub rule: RuleHead,
    pub status: Status,
    pub actual: Option<Text>,
    pub due: Option<NaiveDate>,
    pub reason: Text,
}

/// An institution's findings for the report year.
#[derive(Debug, Clone)]
pub struct School {
    pub name: String,
    pub school_type: Text,
    pub tally: Tally,
    pub lines: Vec<Line>,
}

fn head(report: &Report, rule: usize) -> RuleHead {
    let plan = &report.plan;
    let r = &plan.rules[rule];
    RuleHead {
        id: r.id.clone(),
        task: r.task,
        title: r.title.clone(),
        target: both(|l| describe_target(plan, r, l)),
        severity: r.severity,
    }
}

/// The institutions with school-level findings, in report order, with their findings.
fn subjects(report: &Report) -> Vec<(usize, Vec<&Finding>)> {
    report.groups().into_iter().filter_map(|(inst, fs)| inst.map(|i| (i, fs))).collect()
}

pub fn build(report: &Report) -> Scorecard {
    let subjects = subjects(report);
    let shown = |f: &Finding| f.status != Status::NotApplicable;
    let mut rules: Vec<usize> = report
        .plan
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind.level() == Level::School)
        .map(|(i, _)| i)
        .filter(|&i| subjects.iter().any(|(_, fs)| fs.iter().any(|f| shown(f) && f.rule() == i)))
        .collect();
    rules.sort_unstable();
    let schools: Vec<(usize, Vec<&Finding>)> =
        subjects.into_iter().filter(|(_, fs)| fs.iter().any(|f| shown(f))).collect();
    let cells = rules
        .iter()
        .map(|&rule| {
            schools
                .iter()
                .map(|(_, fs)| {
                    fs.iter().find(|f| f.rule() == rule).map(|f| Cell {
                        status: f.status,
                        actual: f.actual.as_ref().map(|a| both(|l| a.show(l))),
                    })
                })
                .collect()
        })
        .collect();
    Scorecard {
        rules: rules.iter().map(|&r| head(report, r)).collect(),
        schools: schools.iter().map(|(i, _)| report.data.institutions[*i].name.clone()).collect(),
        cells,
    }
}

/// Each institution's own findings (not-applicable ones left out).
pub fn schools(report: &Report) -> Vec<School> {
    subjects(report)
        .into_iter()
        .map(|(i, fs)| {
            let inst = &report.data.institutions[i];
            let fs: Vec<&Finding> = fs.into_iter().filter(|f| f.status != Status::NotApplicable).collect();
            School {
                name: inst.name.clone(),
                school_type: both(|l| inst.school_type.label(&report.plan, l).to_string()),
                tally: Tally::of(fs.iter().copied()),
                lines: fs
                    .iter()
                    .map(|f| Line {
                        rule: head(report, f.rule()),
                        status: f.status,
                        actual: f.actual.as_ref().map(|a| both(|l| a.show(l))),
                        due: f.due,
                        reason: both(|l| f.sentence(&report.plan, l)),
                    })
                    .collect(),
            }
        })
        .collect()
}
