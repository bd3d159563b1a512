//! Counting findings by status, per task, per action (行动) and per responsible
//! section (责任科室).
//!
//! A task with several sections counts under each of them: the plan makes each one
//! answerable, so a section's line shows everything it shares. `not_applicable`
//! findings are not counted anywhere; exempted ones (`--exemptions`) have a column
//! of their own, so an exemption never makes a finding disappear from the summary.

use crate::eval::{Finding, Status};
use crate::plan::Plan;

/// Findings per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub pass: usize,
    pub fail: usize,
    pub late: usize,
    pub pending: usize,
    pub missing: usize,
    pub incomplete: usize,
    pub review: usize,
    /// Findings covered by an approved exemption.
    pub exempted: usize,
}

impl Tally {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Late => self.late += 1,
            Status::Pending => self.pending += 1,
            // Invalid data is counted with missing data: neither gives a value to judge.
            Status::Missing | Status::Invalid => self.missing += 1,
            Status::Incomplete => self.incomplete += 1,
            Status::Review => self.review += 1,
            Status::Exempted => self.exempted += 1,
            Status::NotApplicable => {}
        }
    }

    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            t.add(f.status);
        }
        t
    }

    /// Every counted finding.
    pub fn total(&self) -> usize {
        self.pass
            + self.fail
            + self.late
            + self.pending
            + self.missing
            + self.incomplete
            + self.review
            + self.exempted
    }

    /// The count for one status.
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Pass => self.pass,
            Status::Fail => self.fail,
            Status::Late => self.late,
            Status::Pending => self.pending,
            Status::Missing => self.missing,
            Status::Invalid => 0,
            Status::Incomplete => self.incomplete,
            Status::Review => self.review,
            Status::Exempted => self.exempted,
            Status::NotApplicable => 0,
        }
    }
}

/// The statuses a tally shows, in column order (then `exempted`).
pub const COLUMNS: [Status; 7] = [
    Status::Pass,
    Status::Fail,
    Status::Late,
    Status::Pending,
    Status::Missing,
    Status::Incomplete,
    Status::Review,
];

/// One task's line: its number, words, sections and counts.
#[derive(Debug, Clone)]
pub struct TaskLine {
    pub number: u32,
    pub task: String,
    pub sections: Vec<String>,
    pub tally: Tally,
}

/// An action or a section with its tasks.
#[derive(Debug, Clone)]
pub struct Group {
    /// As the plan writes it (the plan's words are Chinese only).
    pub name: String,
    pub tasks: Vec<TaskLine>,
    pub tally: Tally,
}

/// Per-task tallies of one year's findings, in plan order.
pub fn tasks(plan: &Plan, findings: &[Finding]) -> Vec<TaskLine> {
    plan.tasks
        .iter()
        .map(|t| TaskLine {
            number: t.number,
            task: t.task.clone(),
            sections: t.sections.clone(),
            tally: Tally::of(findings.iter().filter(|f| plan.rules[f.rule()].task == t.number)),
        })
        .collect()
}

/// Tasks grouped by action, in the order the plan first names each action.
pub fn by_action(plan: &Plan, lines: &[TaskLine]) -> Vec<Group> {
    group(lines, |line| plan.task(line.number).map(|t| vec![t.action.clone()]).unwrap_or_default())
}

/// Tasks grouped by responsible section, in the order the plan first names each.
pub fn by_section(lines: &[TaskLine]) -> Vec<Group> {
    group(lines, |line| line.sections.clone())
}

fn group(lines: &[TaskLine], keys: impl Fn(&TaskLine) -> Vec<String>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for line in lines {
        for key in keys(line) {
            let g = match groups.iter().position(|g| g.name == key) {
                Some(i) => &mut groups[i],
                None => {
                    groups.push(Group { name: key, tasks: Vec::new(), tally: Tally::default() });
                    groups.last_mut().expect("just pushed")
                }
            };
            g.tally = g.tally.plus(&line.tally);
            g.tasks.push(line.clone());
        }
    }
    groups
}

impl Tally {
    fn plus(&self, o: &Tally) -> Tally {
        Tally {
            pass: self.pass + o.pass,
            fail: self.fail + o.fail,
            late: self.late + o.late,
            pending: self.pending + o.pending,
            missing: self.missing + o.missing,
            incomplete: self.incomplete + o.incomplete,
            review: self.review + o.review,
            exempted: self.exempted + o.exempted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(number: u32, sections: &[&str], pass: usize, fail: usize) -> TaskLine {
        TaskLine {
            number,
            task: format!("task {number}"),
            sections: sections.iter().map(|s| s.to_string()).collect(),
            tally: Tally { pass, fail, ..Tally::default() },
        }
    }

    #[test]
    fn a_shared_task_counts_under_each_section() {
        let lines = [line(1, &["甲科"], 2, 0), line(2, &["乙科", "甲科"], 1, 1)];
        let g = by_section(&lines);
        assert_eq!(g.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["甲科", "乙科"]);
        assert_eq!((g[0].tally.pass, g[0].tally.fail, g[0].tasks.len()), (3, 1, 2));
        assert_eq!((g[1].tally.pass, g[1].tally.fail), (1, 1));
    }

    #[test]
    fn not_applicable_is_not_counted() {
        let mut t = Tally::default();
        t.add(Status::NotApplicable);
        t.add(Status::Review);
        assert_eq!(t.total(), 1);
        assert_eq!(t.get(Status::Review), 1);
    }
}
