//! Rules judged from other rules' findings: `all_of` (an institution meets every rule
//! of a set) and `share_of_institutions` (the share of institutions that pass a rule).
//!
//! Both read findings already made — plan order is evaluation order, and validation
//! lets them name only earlier school-level rules — so the parts and the whole can
//! never disagree. The key decision is what an unknown part means. A part with
//! missing or invalid data never counts as met: an institution that cannot show an
//! indicator has not shown that it meets it. But it does not make a failure either,
//! unless the result is already settled without it: `all_of` fails when any part
//! fails, whatever the unknown parts hold, and a share passes when it reaches its
//! target counting every unknown institution as not meeting. Otherwise the result is
//! `missing`, naming what is missing. Everything here about these two kinds — the
//! verdict, its sentence and the target in words — lives in this file.

use super::Cx;
use super::finding::{Actual, Finding};
use super::message::Message;
use super::school::{schedule, verdict};
use super::status::Status;
use crate::lang::Lang;
use crate::num::{self, Num, Round, Unit};
use crate::plan::{Comparator, Plan, Rule, Target};

/// Judges an `all_of` rule for `inst` from the findings already made for it.
pub fn all_of(
    cx: &Cx<'_>,
    rule_index: usize,
    rule: &Rule,
    parts: &[usize],
    inst: usize,
    made: &[Finding],
) -> Finding {
    let year = cx.opts.year;
    let mut f = Finding::new(rule_index, Some(inst), year, cx.trace);
    if schedule(cx, rule, &mut f).is_none() {
        return f;
    }
    let (mut unmet, mut unknown, mut review) = (Vec::new(), Vec::new(), Vec::new());
    let (mut met, mut judged) = (0usize, 0usize);
    let (mut failed, mut late, mut invalid) = (false, false, false);
    for &part in parts {
        // A part outside the institution's scope has no finding: it is skipped.
        let Some(p) = made.iter().find(|p| p.rule() == part) else { continue };
        match p.status {
            Status::NotApplicable => continue,
            Status::Pass => met += 1,
            Status::Late => {
                met += 1;
                late = true;
            }
            Status::Fail => {
                failed = true;
                unmet.push(part);
            }
            Status::Pending => unmet.push(part),
            Status::Review => review.push(part),
            Status::Invalid => invalid = true,
            Status::Missing | Status::Incomplete | Status::Exempted => unknown.push(part),
        }
        judged += 1;
        for cell in p.inputs() {
            // Parts share cells (students per teacher, land per student): each once.
            if !f.inputs().contains(cell) {
                f.extra.push(cell.row, cell.field);
            }
        }
    }
    if judged == 0 {
        f.message = Message::NoPartApplies;
        return f;
    }
    f.actual = Some(Actual::count(met, judged));
    (f.status, f.message) = if invalid {
        (Status::Invalid, Message::InvalidData)
    } else if failed {
        (Status::Fail, Message::PartsUnmet(unmet.into()))
    } else if !unknown.is_empty() {
        (Status::Missing, Message::PartsUnknown(unknown.into()))
    } else if !unmet.is_empty() {
        (verdict(false, f.overdue), Message::PartsUnmet(unmet.into()))
    } else if !review.is_empty() {
        (Status::Review, Message::PartsUnknown(review.into()))
    } else if late {
        (Status::Late, Message::AllMet)
    } else {
        (Status::Pass, Message::AllMet)
    };
    f
}

/// Judges a `share_of_institutions` rule from every finding made for `counted`.
pub fn share_of(
    cx: &Cx<'_>,
    rule_index: usize,
    rule: &Rule,
    (counted, comparator, target): (usize, Comparator, &Num),
    made: &[Finding],
) -> Finding {
    let mut f = Finding::new(rule_index, None, cx.opts.year, cx.trace);
    if schedule(cx, rule, &mut f).is_none() {
        return f;
    }
    let (mut met, mut total, mut unknown) = (0usize, 0usize, Vec::new());
    for p in made.iter().filter(|p| p.rule() == counted) {
        let Some(inst) = p.institution() else { continue };
        if !cx.in_scope(&rule.applies_to, inst) || p.status == Status::NotApplicable {
            continue;
        }
        total += 1;
        match p.status {
            Status::Pass | Status::Late => met += 1,
            Status::Fail | Status::Pending => {}
            _ => unknown.push(cx.data.institutions[inst].name.clone()),
        }
    }
    if total == 0 {
        f.message = Message::NoPartApplies;
        return f;
    }
    let whole = |n: usize| Num::from_integer(i128::try_from(n).unwrap_or(i128::MAX));
    let share = num::quotient(&whole(met), &whole(total));
    f.actual = Some(Actual::ratio(&whole(met), &whole(total), Unit::Percent));
    let ok = super::holds_num(&share, comparator, &Target::Num(*target));
    let known = rule.applies_to.is_named_only() || cx.data.registry.complete;
    (f.status, f.message) = if !known {
        // Without the registry the denominator is whoever reported: a school that did
        // not report could lower the share as well as raise it.
        let in_scope = u32::try_from(total).unwrap_or(u32::MAX);
        (Status::Incomplete, Message::NotJudged { in_scope })
    } else if ok && (unknown.is_empty() || comparator.rewards_more()) {
        (Status::Pass, Message::ShareOf { unknown: unknown.into() })
    } else if !unknown.is_empty() {
        (Status::Missing, Message::ShareOf { unknown: unknown.into() })
    } else {
        (verdict(ok, f.overdue), Message::ShareOf { unknown: Box::new([]) })
    };
    f
}

/// The findings a composite finding `f` was judged from, in plan and input order:
/// an `all_of`'s parts for its institution, or every finding a share counted. Empty
/// for any other kind. `explain` lists them.
pub fn parts<'f>(plan: &Plan, findings: &'f [Finding], f: &Finding) -> Vec<&'f Finding> {
    use crate::plan::RuleKind;
    match &plan.rules[f.rule()].kind {
        RuleKind::AllOf { rules } => rules
            .iter()
            .filter_map(|&r| {
                findings
                    .iter()
                    .find(|p| p.rule() == r && p.institution() == f.institution() && p.year == f.year)
            })
            .collect(),
        RuleKind::ShareOf { rule, .. } => findings
            .iter()
            .filter(|p| p.rule() == *rule && p.year == f.year && p.status != Status::NotApplicable)
            .collect(),
        _ => Vec::new(),
    }
}

/// The target in words: `适用各项全部达标` / `every applicable part met`, `≥ 80% 的学校…`.
pub fn describe(plan: &Plan, rule: &Rule, lang: Lang) -> Option<String> {
    use crate::plan::RuleKind;
    match &rule.kind {
        // Not "all 13": which parts apply depends on the institution (its actual value
        // says how many were judged).
        RuleKind::AllOf { .. } => {
            Some(lang.pick("适用各项全部达标", "every applicable part met").to_string())
        }
        RuleKind::ShareOf { comparator, target, rule: counted } => {
            let t = num::display(target, Unit::Percent, Round::Down);
            let id = &plan.rules[*counted].id;
            Some(match lang {
                Lang::Zh => format!("{} {t} 的学校达到 {id}", comparator.symbol()),
                Lang::En => format!("{} {t} of institutions pass {id}", comparator.symbol()),
            })
        }
        _ => None,
    }
}

/// The formula `explain` shows: `T01.a ∧ T01.b` (each met), or the share of
/// institutions passing a rule against its target.
pub fn formula(plan: &Plan, rule: &Rule, lang: Lang) -> Option<String> {
    use crate::plan::RuleKind;
    match &rule.kind {
        RuleKind::AllOf { rules } => {
            let ids: Vec<&str> = rules.iter().map(|&r| plan.rules[r].id.as_str()).collect();
            let all = ids.join(" ∧ ");
            Some(match lang {
                Lang::Zh => format!("{all}（各项均达标；不适用的项不计）"),
                Lang::En => format!("{all} (each met; parts that do not apply are left out)"),
            })
        }
        RuleKind::ShareOf { rule: counted, comparator, target } => {
            let id = &plan.rules[*counted].id;
            let t = num::display(target, Unit::Percent, Round::Down);
            let c = comparator.symbol();
            Some(match lang {
                Lang::Zh => format!("「{id}」达标的学校数 ÷ 范围内学校数 {c} {t}（缺数据的学校按未达标计）"),
                Lang::En => format!(
                    "institutions passing {id} ÷ institutions in scope {c} {t} (an institution lacking data counts as not passing)"
                ),
            })
        }
        _ => None,
    }
}

/// The sentence for a finding of either kind.
pub fn sentence(message: &Message, f: &Finding, plan: &Plan, lang: Lang) -> Option<String> {
    let ids = |parts: &[usize]| {
        parts.iter().map(|&p| plan.rules[p].id.as_str()).collect::<Vec<_>>().join(lang.pick("、", ", "))
    };
    let due = f.due.map(|d| d.to_string()).unwrap_or_default();
    Some(match message {
        Message::AllMet => lang.pick("各项均已达标", "every part is met").to_string(),
        Message::PartsUnmet(parts) => {
            let ids = ids(parts);
            match (f.overdue, lang) {
                (true, Lang::Zh) => format!("未全部达标：{ids} 未达标（截止 {due}）"),
                (true, Lang::En) => format!("not all met: {ids} not met (due {due})"),
                (false, Lang::Zh) => format!("尚未全部达标：{ids} 未达标，{due} 到期"),
                (false, Lang::En) => format!("not all met yet: {ids} not met, due {due}"),
            }
        }
        Message::PartsUnknown(parts) => {
            let ids = ids(parts);
            match (f.status, lang) {
                (Status::Review, Lang::Zh) => format!("其余均达标，{ids} 待人工核查"),
                (Status::Review, Lang::En) => format!("the rest is met; {ids} awaits the inspector"),
                (_, Lang::Zh) => format!("无法判断是否全部达标：{ids} 缺数据"),
                (_, Lang::En) => format!("cannot tell whether all are met: {ids} lack data"),
            }
        }
        Message::NoPartApplies => {
            lang.pick("没有适用于此的组成规则", "none of its parts applies here").to_string()
        }
        Message::ShareOf { unknown } => {
            let (met, of) = match &f.actual {
                Some(Actual::Ratio { numerator, denominator, .. }) => {
                    (num::widen(numerator), num::widen(denominator))
                }
                _ => (Num::from_integer(0), Num::from_integer(0)),
            };
            let (met, of) = (met.to_integer(), of.to_integer());
            let mut s = match lang {
                Lang::Zh => format!("{of} 所学校中 {met} 所达标"),
                Lang::En => format!("{met} of {of} institutions pass"),
            };
            if !unknown.is_empty() {
                let names = unknown.join(lang.pick("、", ", "));
                s.push_str(&match lang {
                    Lang::Zh => format!("；以下学校缺数据，按未达标计：{names}"),
                    Lang::En => format!("; counted as not passing for lack of data: {names}"),
                });
            }
            if matches!(f.status, Status::Fail | Status::Pending) {
                s.push_str(&match (f.overdue, lang) {
                    (true, Lang::Zh) => format!("（截止 {due}）"),
                    (true, Lang::En) => format!(" (due {due})"),
                    (false, Lang::Zh) => format!("，{due} 到期"),
                    (false, Lang::En) => format!(", due {due}"),
                });
            }
            s
        }
        _ => return None,
    })
}
