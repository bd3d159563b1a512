//! Words for targets and verdicts, shared by every kind of rule.
//!
//! Kept apart from the evaluation logic so the logic reads as decisions and the
//! sentences can be reviewed (and translated) in one place.

use chrono::NaiveDate;

use super::finding::Actual;
use super::measure::shortfall;
use crate::lang::{Lang, Text};
use crate::num::{self, Num, Round, Unit};
use crate::plan::{Comparator, FieldId, Measure, Plan, Rule, RuleKind, Schedule, Target};
use crate::text;

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
        RuleKind::Count {
            comparator, target, ..
        } => {
            format!(
                "{} {}{}",
                comparator.symbol(),
                num::display(target, Unit::Plain, Round::Down),
                lang.pick(" 所", "")
            )
        }
        RuleKind::Evidence { .. } => lang.pick("报送佐证", "evidence reported").to_string(),
        RuleKind::Manual { .. } => lang.pick("人工核查", "inspector's judgement").to_string(),
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
            format!(
                "∈ [{}, {}]",
                num::display(lo, unit, Round::Down),
                num::display(hi, unit, Round::Up)
            )
        }
        Target::Bool(b) => format!(
            "= {}",
            if *b {
                lang.pick("是", "yes")
            } else {
                lang.pick("否", "no")
            }
        ),
    }
}

/// A field's name in both languages: 「专业课教师数」 / "professional teachers".
pub fn field_names(plan: &Plan, fields: &[FieldId]) -> Text {
    let zh: Vec<String> = fields
        .iter()
        .map(|f| format!("「{}」", plan.field(*f).label.zh))
        .collect();
    let en: Vec<String> = fields
        .iter()
        .map(|f| format!("\"{}\"", plan.field(*f).label.en))
        .collect();
    Text::new(zh.join("、"), en.join(", "))
}

pub fn met() -> Text {
    text!("已达到目标", "target met")
}

pub fn not_reported(plan: &Plan, fields: &[FieldId]) -> Text {
    let names = field_names(plan, fields);
    let (zh, en) = (&names.zh, &names.en);
    text!("未填报{zh}", "not reported: {en}")
}

pub fn no_row(year: i32) -> Text {
    text!("没有 {year} 年的数据行", "no row for {year} in the input")
}

pub fn zero_denominator(plan: &Plan, field: FieldId) -> Text {
    let n = field_names(plan, &[field]);
    let (zh, en) = (&n.zh, &n.en);
    text!(
        "{zh}为 0，比例无从计算",
        "{en} is 0, so there is no share to judge"
    )
}

pub fn outside_years(rule: &Rule, year: i32) -> Text {
    match rule.schedule {
        Schedule::EveryYear { from, to, .. } => {
            text!(
                "本规则只适用于 {from}–{to} 年（不含 {year} 年）",
                "this rule applies to {from}–{to} only, not {year}"
            )
        }
        Schedule::By(_) => text!("本规则不适用于 {year} 年", "this rule does not apply to {year}"),
    }
}

/// The sentence for a measured target that is not met: how far off, and whether due.
pub fn short(
    plan: &Plan,
    measure: &Measure,
    comparator: Comparator,
    target: &Target,
    actual: &Actual,
    due: NaiveDate,
    overdue: bool,
) -> Text {
    let gap = shortfall(actual, comparator, target).map(|n| {
        let shown = num::display(&n, Unit::Plain, Round::Up);
        let field = match measure {
            Measure::Ratio { numerator, .. } => *numerator,
            Measure::Field(f) => *f,
        };
        let name = field_names(plan, &[field]);
        let unit = plan.field(field).unit.clone().unwrap_or_default();
        let (zh, en, unit) = (&name.zh, &name.en, &unit.zh);
        text!("，{zh}还差 {shown}{unit}", "; {shown} more {en} needed")
    });
    let gap = match (gap, target, actual) {
        (Some(g), ..) => g,
        (None, Target::Range(lo, hi), Actual::Ratio { .. } | Actual::Number { .. }) => {
            let unit = measure.unit(plan);
            let (lo, hi) = (
                num::display(lo, unit, Round::Down),
                num::display(hi, unit, Round::Up),
            );
            text!("，不在 [{lo}, {hi}] 区间内", "; outside [{lo}, {hi}]")
        }
        (None, ..) => Text::default(),
    };
    let (zh, en) = (&gap.zh, &gap.en);
    if overdue {
        text!("未达到目标（截止 {due}）{zh}", "target missed (due {due}){en}")
    } else {
        text!("尚未达到，{due} 到期{zh}", "not met yet, due {due}{en}")
    }
}

pub fn done_on_time(date: NaiveDate, due: NaiveDate) -> Text {
    text!(
        "{date} 完成，未超过截止日 {due}",
        "done on {date}, by the due date {due}"
    )
}

pub fn done_late(date: NaiveDate, due: NaiveDate) -> Text {
    let days = (date - due).num_days();
    text!(
        "{date} 完成，比截止日 {due} 晚 {days} 天",
        "done on {date}, {days} days after the due date {due}"
    )
}

pub fn not_done(due: NaiveDate, overdue: bool) -> Text {
    if overdue {
        text!("截止 {due} 仍未完成", "not done by the due date {due}")
    } else {
        text!("尚未完成，{due} 到期", "not done yet, due {due}")
    }
}

pub fn year_span(n: &Num) -> String {
    num::display(n, Unit::Plain, Round::Down)
}
