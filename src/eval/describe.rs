//! Words for a rule's target, shared by every output format.
//!
//! Kept apart from the evaluation logic (and from `message`, which words verdicts) so
//! the logic reads as decisions and the wording can be reviewed in one place.

use crate::lang::Lang;
use crate::num::{self, Round, Unit};
use crate::plan::{Comparator, Plan, Rule, RuleKind, Schedule, Target};

/// The target of `rule` as a reader sees it: `≥ 15000`, `≥ 85%`, `≤ 2019-06-30`.
pub fn target(plan: &Plan, rule: &Rule, lang: Lang) -> String {
    match &rule.kind {
        RuleKind::Threshold(c) | RuleKind::District(c) => {
            condition(c.comparator, &c.target, c.measure.unit(plan), lang)
        }
        RuleKind::Milestone { .. } | RuleKind::Filing { .. } => match rule.schedule {
            Schedule::By(d) => format!("≤ {d}"),
            Schedule::EveryYear { month, day, .. } => lang_every_year(month, day, lang),
        },
        RuleKind::Growth { comparator, .. } => {
            format!("{} {}", comparator.symbol(), lang.pick("上年", "last year"))
        }
        RuleKind::Count { comparator, target, .. } => {
            format!(
                "{} {}{}",
                comparator.symbol(),
                num::display(target, Unit::Plain, Round::Down),
                lang.pick(" 所", "")
            )
        }
        RuleKind::Evidence { .. } => lang.pick("报送佐证", "evidence reported").to_string(),
        RuleKind::Manual { .. } => lang.pick("人工核查", "inspector's judgement").to_string(),
        RuleKind::AllOf { .. } | RuleKind::ShareOf { .. } => {
            super::composite::describe(plan, rule, lang).unwrap_or_default()
        }
    }
}

fn lang_every_year(month: u32, day: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("每年 ≤ {month}月{day}日"),
        Lang::En => format!("≤ {month:02}-{day:02} each year"),
    }
}

/// `≥ 85%`, `∈ [45%, 55%]`, `= 是`.
pub fn condition(comparator: Comparator, target: &Target, unit: Unit, lang: Lang) -> String {
    match target {
        Target::Num(n) => format!("{} {}", comparator.symbol(), num::display(n, unit, Round::Down)),
        Target::Range(lo, hi) => {
            format!("∈ [{}, {}]", num::display(lo, unit, Round::Down), num::display(hi, unit, Round::Up))
        }
        Target::Bool(b) => format!("= {}", if *b { lang.pick("是", "yes") } else { lang.pick("否", "no") }),
    }
}
