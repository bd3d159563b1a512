//! Lint warnings for a valid plan: what a plan author should look at although wjvet
//! can evaluate the plan as written. Run by `wjvet plan check`, never by `check`.
//!
//! Validation (`validate`) refuses what cannot be evaluated; these warnings flag
//! what is probably not what the author meant: a rule whose number is a reading of
//! the plan with the reading left unsaid, a quotation not found in the plan's text,
//! a field no rule reads, a title whose month, year or percentage disagrees with the
//! rule's `due` or `target`. Each check is deliberately conservative, since a
//! warning that cries wolf on the shipped plan teaches authors to ignore all of
//! them; the criteria are written in docs/plan-format.md ("Checking a plan").
//!
//! The lints work on the validated [`Plan`] for meaning (due dates, targets) and on
//! the raw file, parsed again, for the spans to point at: validation keeps no spans
//! in the model, and the file is small.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::model::{Plan, Rule, RuleKind, Schedule, Target};
use super::raw::{RawMeasure, RawPlanFile, RawRule};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::lines::Lines;
use crate::num::Num;
use crate::text;

mod words;

/// The plan's own text, to look quotations up in.
#[derive(Debug, Clone, Copy)]
pub enum Original<'a> {
    /// The plan names no source text (`[plan] source`): quotations are not checked.
    None,
    /// The text of the file `[plan] source` names.
    Text(&'a str),
    /// `[plan] source` names a file that cannot be read, for this reason.
    Unreadable(&'a str),
}

/// Words in a `severity_reason` that say the rule's number or date is a reading of
/// the plan rather than its words, so `interpretation` should say what was read.
const READING_WORDS: &[&str] = &["解读", "读法", "reading", "而非本计划", "not this plan"];

/// Kinds whose verdict rests on a formula the plan never writes out (which field,
/// which denominator, summed or per school): their reading always wants saying.
const COMPUTED_KINDS: &[&str] = &["threshold", "district", "count", "growth"];

/// Fields wjvet itself reads, not a rule: the template pre-fills the school code.
const READ_BY_WJVET: &[&str] = &[crate::template::CODE_FIELD];

/// The lint warnings for `plan`, parsed from `source` (named `origin` in messages).
/// `plan` must be the plan `source` validates into.
pub fn lint(plan: &Plan, source: &str, origin: &str, original: Original<'_>) -> Diagnostics {
    lint_tested(plan, source, origin, original, None)
}

/// [`lint`], and a `plan-untested-rule` warning at each rule no case of the plan's
/// tests names, when `exercised` gives the rule ids its tests name (`None`: the plan
/// has no tests, and is not warned about rule by rule).
pub fn lint_tested(
    plan: &Plan,
    source: &str,
    origin: &str,
    original: Original<'_>,
    exercised: Option<&HashSet<&str>>,
) -> Diagnostics {
    let mut out = Diagnostics::default();
    let Ok(raw) = toml::from_str::<RawPlanFile>(source) else {
        return out;
    };
    let lines = Lines::new(source);
    let at = |span: &Range<usize>| lines.locate(origin, span);
    let raw_rules: Vec<&RawRule> =
        raw.tasks.iter().flat_map(|t| &t.get_ref().rules).map(Spanned::get_ref).collect();
    for rule in &plan.rules {
        let Some(r) = raw_rules.iter().find(|r| r.id.get_ref() == &rule.id) else { continue };
        if let Some(d) = interpretation(rule, r) {
            out.push(Diagnostic { location: at(&r.id.span()), ..d });
        }
        for (title, d) in titles(rule, r) {
            out.push(Diagnostic { location: at(&title), ..d });
        }
    }
    match original {
        Original::None => {}
        Original::Text(text) => citations(&raw, text, &mut out, &at),
        Original::Unreadable(why) => {
            let span = raw.plan.source.as_ref().map_or(0..0, Spanned::span);
            let name = raw.plan.source.as_ref().map_or("", |s| s.get_ref().as_str());
            out.push(
                Diagnostic::new(
                    Code::PlanCitationNotFound,
                    at(&span),
                    text!(
                        "无法读取原文「{name}」（{why}），未核对任何引文",
                        "cannot read the source text {name:?} ({why}), so no quotation was checked"
                    ),
                )
                .hint(text!(
                    "source 按计划文件所在目录的相对路径查找",
                    "source is a path relative to the plan file's directory"
                )),
            );
        }
    }
    unused_fields(plan, &raw, &raw_rules, &mut out, &at);
    if let Some(exercised) = exercised {
        untested(plan, &raw_rules, exercised, &mut out, &at);
    }
    out
}

/// A rule with no `interpretation` whose number or date is a reading of the plan.
fn interpretation(rule: &Rule, r: &RawRule) -> Option<Diagnostic> {
    if rule.interpretation.is_some() {
        return None;
    }
    let kind = rule.kind.key();
    let computed = COMPUTED_KINDS.contains(&kind);
    let reason = rule.severity_reason.to_lowercase();
    let said = READING_WORDS.iter().find(|w| reason.contains(*w));
    if !computed && said.is_none() {
        return None;
    }
    let id = r.id.get_ref();
    let why = match said {
        Some(w) => {
            text!("severity_reason 说这是解读（「{w}」）", "its severity_reason calls it a reading ({w:?})")
        }
        None => text!("{kind} 规则的公式是对原文的解读", "a {kind} rule's formula is a reading of the plan"),
    };
    let (why_zh, why_en) = (why.zh.clone(), why.en.clone());
    Some(
        Diagnostic::new(
            Code::PlanNoInterpretation,
            Default::default(),
            text!("规则「{id}」没有 interpretation：{why_zh}", "rule {id:?} has no interpretation: {why_en}"),
        )
        .hint(text!(
            "写明原文的哪句话被读成了这个数字或日期：interpretation = {{ zh = \"…\", en = \"…\" }}",
            "say which words were read as this number or date: interpretation = {{ zh = \"...\", en = \"...\" }}"
        )),
    )
}

/// Months, years and percentages in a rule's titles that its `due` or `target`
/// contradicts, one diagnostic per title, at the title.
fn titles(rule: &Rule, r: &RawRule) -> Vec<(Range<usize>, Diagnostic)> {
    let id = r.id.get_ref();
    let mut out = Vec::new();
    for title in [&r.title, &r.title_en] {
        let found = words::numbers(title.get_ref());
        let Some(clash) = disagreement(rule, &found) else { continue };
        let (t, why_zh, why_en) = (title.get_ref(), &clash.zh, &clash.en);
        let d = Diagnostic::new(
            Code::PlanTitleMismatch,
            Default::default(),
            text!(
                "规则「{id}」的标题「{t}」与规则不符：{why_zh}",
                "rule {id:?}: the title {t:?} disagrees with the rule: {why_en}"
            ),
        )
        .hint(text!(
            "改标题或改 due / target，使二者说同一件事",
            "change the title or the due / target so both say the same"
        ));
        out.push((title.span(), d));
    }
    out
}

/// Why `found` disagrees with the rule, if it does. A kind of number is compared only
/// when the title has it and the rule has something to compare it with, and it
/// disagrees only when no number of that kind in the title matches.
fn disagreement(rule: &Rule, found: &words::Numbers) -> Option<crate::lang::Text> {
    let (due_month, years): (u32, Vec<i32>) = match rule.schedule {
        Schedule::By(d) => {
            use chrono::Datelike;
            (d.month(), vec![d.year()])
        }
        Schedule::EveryYear { month, from, to, .. } => (month, (from..=to).collect()),
    };
    if !found.months.is_empty() && !found.months.contains(&due_month) {
        let m = found.months[0];
        return Some(text!(
            "标题写 {m} 月，截止日在 {due_month} 月",
            "the title says month {m}, the due date is in month {due_month}"
        ));
    }
    if !found.years.is_empty() && !found.years.iter().any(|y| years.contains(y)) {
        let (y, due) = (found.years[0], years.iter().map(i32::to_string).collect::<Vec<_>>().join("—"));
        return Some(text!("标题写 {y} 年，截止于 {due} 年", "the title says {y}, the rule is due in {due}"));
    }
    let targets: Vec<Num> = match &rule.kind {
        RuleKind::Threshold(c) | RuleKind::District(c) => match c.target {
            Target::Num(n) => vec![n],
            Target::Range(a, b) => vec![a, b],
            Target::Bool(_) => Vec::new(),
        },
        RuleKind::ShareOf { target, .. } => vec![*target],
        _ => Vec::new(),
    };
    let hundred = Num::from_integer(100);
    if !targets.is_empty()
        && !found.percents.is_empty()
        && !found.percents.iter().any(|p| targets.contains(&(*p / hundred)))
    {
        let p = crate::num::display(&found.percents[0], crate::num::Unit::Plain, crate::num::Round::Down);
        let t = targets
            .iter()
            .map(|t| crate::num::display(t, crate::num::Unit::Percent, crate::num::Round::Down))
            .collect::<Vec<_>>()
            .join("–");
        return Some(text!("标题写 {p}%，target 是 {t}", "the title says {p}%, the target is {t}"));
    }
    None
}

/// Quotations (`citations[].text`) not in the plan's text once whitespace is dropped
/// (a PDF's text breaks lines mid-phrase).
fn citations(
    raw: &RawPlanFile,
    original: &str,
    out: &mut Diagnostics,
    at: &dyn Fn(&Range<usize>) -> crate::diag::Location,
) {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let text = squash(original);
    for task in &raw.tasks {
        let number = task.get_ref().number.get_ref();
        for c in &task.get_ref().citations {
            let c = c.get_ref();
            if text.contains(&squash(c.text.get_ref())) {
                continue;
            }
            let clause = &c.clause;
            out.push(
                Diagnostic::new(
                    Code::PlanCitationNotFound,
                    at(&c.text.span()),
                    text!(
                        "任务 {number} 引用的「{clause}」原文中找不到这段文字",
                        "task {number}: the quotation of {clause:?} is not in the plan's text"
                    ),
                )
                .value(c.text.get_ref().clone())
                .hint(text!(
                    "逐字照抄原文（空白不计）；改写的内容放进 interpretation",
                    "copy the words exactly (whitespace aside); put a paraphrase in interpretation"
                )),
            );
        }
    }
}

/// Fields no rule reads (as a measure, a ratio's part, a condition, `field`,
/// `evidence` or `fields`): a template column schools fill in for nothing.
fn unused_fields(
    plan: &Plan,
    raw: &RawPlanFile,
    rules: &[&RawRule],
    out: &mut Diagnostics,
    at: &dyn Fn(&Range<usize>) -> crate::diag::Location,
) {
    let mut read: HashSet<&str> = READ_BY_WJVET.iter().copied().collect();
    for r in rules {
        let condition = r.condition.as_ref().map(|c| &c.get_ref().measure);
        for m in r.measure.iter().chain(condition) {
            match m.get_ref() {
                RawMeasure::Field(f) => {
                    read.insert(f.as_str());
                }
                RawMeasure::Ratio(ratio) => {
                    read.insert(ratio.numerator.as_str());
                    read.insert(ratio.denominator.as_str());
                }
            }
        }
        for f in r.field.iter().chain(&r.evidence).chain(&r.fields) {
            read.insert(f.get_ref().as_str());
        }
    }
    for f in &raw.fields {
        let key = f.get_ref().key.get_ref();
        if read.contains(key.as_str()) || plan.field_by_key(key).is_none() {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::PlanUnusedField,
                at(&f.get_ref().key.span()),
                text!("没有规则读取字段「{key}」", "no rule reads the field {key:?}"),
            )
            .hint(text!(
                "学校仍要在模板中填写它：让规则读取它，或删除该字段",
                "schools still fill it in on the template: have a rule read it, or remove the field"
            )),
        );
    }
}

/// The rules of `plan` whose ids are not in `exercised`, in plan order.
pub fn untested_rules<'a>(plan: &'a Plan, exercised: &HashSet<&str>) -> Vec<&'a Rule> {
    plan.rules.iter().filter(|r| !exercised.contains(r.id.as_str())).collect()
}

/// A `plan-untested-rule` warning at each rule (its `id` line) that no case names.
fn untested(
    plan: &Plan,
    raw_rules: &[&RawRule],
    exercised: &HashSet<&str>,
    out: &mut Diagnostics,
    at: &dyn Fn(&Range<usize>) -> Location,
) {
    for rule in untested_rules(plan, exercised) {
        let span = raw_rules.iter().find(|r| r.id.get_ref() == &rule.id).map_or(0..0, |r| r.id.span());
        let id = &rule.id;
        out.push(
            Diagnostic::new(
                Code::PlanUntestedRule,
                at(&span),
                text!("规则「{id}」没有任何计划测试用例", "no plan test case names rule {id:?}"),
            )
            .hint(text!(
                "在计划测试文件中为它写一个达标、差一点未达标和缺数据的用例（见 docs/plan-tests.md）",
                "add cases for it at its bound, one step short and with data missing to the plan's tests (see docs/plan-tests.md)"
            )),
        );
    }
}
