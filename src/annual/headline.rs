//! The headline targets (`headline = true` in the plan): the district's value for
//! every reported year, against the target, with the change and the outlook.
//!
//! The district value is computed here from the rows, exactly: a field is summed over
//! the institutions in the rule's scope, and a per-school ratio (双师型 85%...)
//! becomes a ratio of sums — never an average of the schools' ratios. Institutions
//! that sent no row, or left a needed cell empty, are left out and named, and the
//! value is marked incomplete: a partial sum is shown, never passed off as the
//! district's.

use chrono::NaiveDate;

use super::projection;
use crate::data::{Dataset, InstitutionEntry};
use crate::eval::{Finding, Status, holds_num};
use crate::lang::{Lang, Text};
use crate::num::{self, Num, Round, Unit};
use crate::plan::{Comparator, Condition, Level, Measure, Plan, Rule, RuleKind, Scope, Target};

/// One headline target across the years.
#[derive(Debug, Clone)]
pub struct Headline {
    pub rule_id: String,
    pub title: Text,
    pub unit: Unit,
    /// The unit of a plain value (人), if the field has one.
    pub unit_label: Option<Text>,
    pub comparator: Comparator,
    /// A bound (`≥ 85%`) or a band (`between 45% and 55%`, the 职普比).
    pub target: Target,
    /// `≥ 85%`.
    pub target_text: Text,
    /// The last day the target falls due.
    pub due: Option<NaiveDate>,
    /// Whether the rule is judged per school (the district value is then an aggregate).
    pub per_school: bool,
    pub points: Vec<Point>,
    /// The report year's verdict on the district value.
    pub status: Status,
    /// Per-school rules: schools meeting the target in the report year, of those judged.
    pub schools_met: Option<(usize, usize)>,
    /// The report year's value minus the previous year's, when both are complete.
    pub change: Option<Num>,
    pub outlook: Outlook,
}

/// The district value in one year.
#[derive(Debug, Clone)]
pub struct Point {
    pub year: i32,
    pub value: Option<Num>,
    /// Numerator and denominator sums, for a ratio.
    pub parts: Option<(Num, Num)>,
    /// Institutions whose values are in the sum.
    pub counted: usize,
    /// Expected institutions with no row that year.
    pub absent: Vec<String>,
    /// Institutions with a row but an empty cell the measure needs.
    pub unreported: Vec<String>,
    /// Whether every institution of the district in scope is counted.
    pub complete: bool,
    pub met: Option<bool>,
}

/// Where a target is heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outlook {
    /// The target's due date has passed: the actual value decides.
    Due,
    /// A projection to the due year from the complete years listed.
    Projected { year: i32, value: Num, met: bool, from: Vec<i32> },
    /// Not due, but fewer complete years than a trend needs.
    TooFewYears { complete: usize },
}

impl Headline {
    /// Rounds the way that cannot make a miss look met (down for `≥`, up for `≤`).
    pub fn round(&self) -> Round {
        match self.comparator {
            Comparator::Le | Comparator::Lt => Round::Up,
            _ => Round::Down,
        }
    }

    /// [`Headline::round`] for the value `n`: above a band (55.04% against 45%–55%)
    /// is rounded up, so it never shows as the band's top.
    pub fn round_for(&self, n: &Num) -> Round {
        match &self.target {
            Target::Range(_, hi) if n > hi => Round::Up,
            _ => self.round(),
        }
    }

    /// A value in the headline's unit: `13800 人`, `81.2%`.
    pub fn show(&self, n: &Num, lang: Lang) -> String {
        let shown = num::display(n, self.unit, self.round_for(n));
        match (&self.unit_label, self.unit) {
            (Some(u), Unit::Plain) => format!("{shown} {}", u.get(lang)),
            _ => shown,
        }
    }

    /// A point's value with its parts: `81.2% (130/160)`, or `—`.
    pub fn show_point(&self, p: &Point, lang: Lang) -> String {
        let Some(v) = &p.value else { return "—".to_string() };
        match &p.parts {
            Some((n, d)) => format!(
                "{} ({}/{})",
                self.show(v, lang),
                num::display(n, Unit::Plain, Round::Down),
                num::display(d, Unit::Plain, Round::Down)
            ),
            None => self.show(v, lang),
        }
    }

    /// A change against last year: `+750 人`, `-1.3 个百分点`.
    pub fn show_change(&self, change: &Num, lang: Lang) -> String {
        let sign = if *change > Num::from_integer(0) { "+" } else { "" };
        // Toward zero, so a change is never shown larger than it is.
        let round = if *change < Num::from_integer(0) { Round::Up } else { Round::Down };
        match self.unit {
            Unit::Percent => {
                let pts = num::format_num(&(change * Num::from_integer(100)), 1, round);
                format!("{sign}{pts} {}", lang.pick("个百分点", "points"))
            }
            Unit::Plain => {
                let v = num::format_num(change, 2, round);
                match &self.unit_label {
                    Some(u) => format!("{sign}{v} {}", u.get(lang)),
                    None => format!("{sign}{v}"),
                }
            }
        }
    }

    /// The values a chart marks as target lines: one bound, or both ends of a band.
    pub fn target_lines(&self) -> Vec<Num> {
        match &self.target {
            Target::Num(t) => vec![*t],
            Target::Range(lo, hi) => vec![*lo, *hi],
            Target::Bool(_) => Vec::new(),
        }
    }

    /// Whether `year`'s value is incomplete only because the district is unknown (no
    /// registry): no institution left anything out, so no school is to blame.
    pub fn district_unknown(&self, year: i32) -> bool {
        self.status == Status::Incomplete
            && self.point(year).is_some_and(|p| !p.complete && p.absent.is_empty() && p.unreported.is_empty())
    }

    /// The verdict in words: the status, and for an unknown district, why.
    pub fn verdict_text(&self, year: i32, lang: Lang) -> String {
        if self.district_unknown(year) {
            return match lang {
                Lang::Zh => format!("{}（未提供全区名册）", self.status.label(lang)),
                Lang::En => format!("{} (no district registry given)", self.status.label(lang)),
            };
        }
        self.status.label(lang).to_string()
    }

    pub fn point(&self, year: i32) -> Option<&Point> {
        self.points.iter().find(|p| p.year == year)
    }
}

/// Builds every headline of the plan for `years` (ascending, the report year last).
pub fn build(
    plan: &Plan,
    data: &Dataset,
    years: &[i32],
    as_of: NaiveDate,
    findings: &[Finding],
) -> Vec<Headline> {
    plan.rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.headline)
        .filter_map(|(i, rule)| {
            let cond = match &rule.kind {
                RuleKind::Threshold(c) | RuleKind::District(c) => c,
                _ => return None,
            };
            // A number or a band; a yes/no target has no district value to chart.
            let target = match &cond.target {
                Target::Bool(_) => return None,
                t => t.clone(),
            };
            let points: Vec<Point> = years.iter().map(|&y| point(data, rule, cond, y)).collect();
            let per_school = rule.kind.level() == Level::School;
            let schools_met = per_school.then(|| {
                let mine = findings.iter().filter(|f| f.rule() == i && f.institution().is_some());
                let judged: Vec<&Finding> = mine.filter(|f| f.status != Status::NotApplicable).collect();
                (judged.iter().filter(|f| f.status == Status::Pass).count(), judged.len())
            });
            let last = points.last();
            let status = last.map_or(Status::Missing, |p| verdict(rule, cond, p, as_of));
            let change = match points.as_slice() {
                [.., a, b] if b.year == a.year + 1 && a.complete && b.complete => Some(b.value? - a.value?),
                _ => None,
            };
            let outlook = outlook(rule, cond, &points, as_of);
            let unit = cond.measure.unit(plan);
            let unit_label = match &cond.measure {
                Measure::Field(f) => plan.field(*f).unit.clone(),
                Measure::Ratio { .. } => None,
            };
            Some(Headline {
                rule_id: rule.id.clone(),
                title: rule.title.clone(),
                unit,
                unit_label,
                comparator: cond.comparator,
                target,
                target_text: Text::new(
                    crate::eval::describe_target(plan, rule, Lang::Zh),
                    crate::eval::describe_target(plan, rule, Lang::En),
                ),
                due: rule.final_due(),
                per_school,
                points,
                status,
                schools_met,
                change,
                outlook,
            })
        })
        .collect()
}

fn in_scope(scope: &Scope, entry: &InstitutionEntry) -> bool {
    scope.types.contains(&entry.school_type)
        || entry.registered.is_some_and(|r| scope.institutions.contains(&r))
}

/// The district value of `cond`'s measure in `year`: sums first, then the ratio.
fn point(data: &Dataset, rule: &Rule, cond: &Condition, year: i32) -> Point {
    let scope = &rule.applies_to;
    let registry = &data.registry;
    let mut expected: Vec<usize> = scope.institutions.clone();
    if registry.complete {
        expected.extend(registry.of_types(&scope.types));
    }
    let zero = Num::from_integer(0);
    let (mut top, mut bottom) = (zero, zero);
    let (mut counted, mut unreported) = (0usize, Vec::new());
    for row in data.rows.iter().filter(|r| r.year == year) {
        let entry = &data.institutions[row.institution];
        if !in_scope(scope, entry) {
            continue;
        }
        expected.push(row.institution);
        let read = match &cond.measure {
            Measure::Field(f) => row.num(*f).map(|v| (v, zero)),
            Measure::Ratio { numerator, denominator, numerator_scope, .. } => {
                let counts_up = numerator_scope.as_ref().is_none_or(|s| in_scope(s, entry));
                let n = if counts_up { row.num(*numerator) } else { Some(zero) };
                n.zip(row.num(*denominator))
            }
        };
        match read {
            Some((n, d)) => {
                top += n;
                bottom += d;
                counted += 1;
            }
            None => unreported.push(entry.name.clone()),
        }
    }
    expected.sort_unstable();
    expected.dedup();
    let absent: Vec<String> = expected
        .iter()
        .filter(|&&i| data.row(i, year).is_none())
        .map(|&i| data.institutions[i].name.clone())
        .collect();
    let known = scope.is_named_only() || registry.complete;
    let complete = known && absent.is_empty() && unreported.is_empty();
    let (value, parts) = match &cond.measure {
        _ if counted == 0 => (None, None),
        Measure::Field(_) => (Some(top), None),
        Measure::Ratio { .. } if bottom == zero => (None, Some((top, bottom))),
        Measure::Ratio { .. } => (Some(top / bottom), Some((top, bottom))),
    };
    let met = value.map(|v| holds_num(&v, cond.comparator, &cond.target));
    Point { year, value, parts, counted, absent, unreported, complete, met }
}

/// The report year's verdict on the district value, judged like a district rule: a
/// partial sum already at a `>=` target is met; otherwise a gap is incomplete.
fn verdict(rule: &Rule, cond: &Condition, p: &Point, as_of: NaiveDate) -> Status {
    let Some(due) = rule.due_for(p.year) else { return Status::NotApplicable };
    let Some(met) = p.met else {
        return if p.counted == 0 { Status::Missing } else { Status::NotApplicable };
    };
    let partial_ok = met && cond.comparator.rewards_more() && matches!(cond.measure, Measure::Field(_));
    match (met, p.complete) {
        (true, true) => Status::Pass,
        (true, false) if partial_ok => Status::Pass,
        (_, false) => Status::Incomplete,
        (false, true) if as_of >= due => Status::Fail,
        (false, true) => Status::Pending,
    }
}

fn outlook(rule: &Rule, cond: &Condition, points: &[Point], as_of: NaiveDate) -> Outlook {
    let Some(due) = rule.final_due() else { return Outlook::Due };
    if as_of >= due {
        return Outlook::Due;
    }
    let complete: Vec<(i32, Num)> =
        points.iter().filter(|p| p.complete).filter_map(|p| p.value.map(|v| (p.year, v))).collect();
    let year = chrono::Datelike::year(&due);
    match projection::linear(&complete, year) {
        Some(value) => Outlook::Projected {
            year,
            met: holds_num(&value, cond.comparator, &cond.target),
            value,
            from: complete.iter().map(|(y, _)| *y).collect(),
        },
        None => Outlook::TooFewYears { complete: complete.len() },
    }
}
