//! Validating one rule: its id, severity, scope, schedule, and the keys its kind
//! needs (and no others), so a rule that reaches evaluation is complete.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;

use super::Cx;
use crate::diag::Code;
use crate::lang::Text;
use crate::num::Num;
use crate::plan::model::*;
use crate::plan::raw::*;
use crate::text;

impl Cx<'_> {
    pub(super) fn rule(&mut self, r: RawRule, task: u32, span: &Range<usize>, plan: &Plan) -> Option<Rule> {
        let id = r.id.get_ref().clone();
        let prefix = format!("T{task:02}.");
        let slug_ok = id.strip_prefix(&prefix).is_some_and(|slug| {
            !slug.is_empty()
                && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        if !slug_ok {
            self.err(
                Code::PlanValue,
                &r.id.span(),
                text!(
                    "规则 id「{id}」应写作 {prefix}<短名>（小写字母、数字、连字符）",
                    "rule id {id:?} should be {prefix}<slug> (lowercase letters, digits, hyphens)"
                ),
            );
        }
        if let Some(empty) = [&r.title, &r.title_en].into_iter().find(|t| t.get_ref().trim().is_empty()) {
            self.err(
                Code::PlanValue,
                &empty.span(),
                text!("规则「{id}」缺少标题", "rule {id:?} needs title and title_en"),
            );
        }
        let severity = match r.severity.get_ref().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            other => {
                self.err(
                    Code::PlanValue,
                    &r.severity.span(),
                    text!(
                        "规则「{id}」的 severity「{other}」应为 error 或 warning",
                        "rule {id:?}: severity {other:?} should be error or warning"
                    ),
                );
                None
            }
        };
        if r.severity_reason.get_ref().trim().is_empty() {
            self.err(
                Code::PlanValue,
                &r.severity_reason.span(),
                text!("规则「{id}」要写明定级理由 severity_reason", "rule {id:?} needs a severity_reason"),
            );
        }
        let applies_to = self.scope(r.applies_to.get_ref(), &id, &r.applies_to.span(), plan);
        let schedule = self.schedule(&r, span);
        let kind = self.kind(&r, span, plan);
        if let (Some(k), Some(s)) = (&kind, &applies_to) {
            self.composite_scope(k, s, &id, span, plan);
        }
        if r.headline && !kind.as_ref().is_none_or(can_be_headline) {
            self.err(
                Code::PlanRuleShape,
                span,
                text!(
                    "规则「{id}」：headline 只用于数值目标的 threshold 或 district 规则",
                    "rule {id:?}: headline is for threshold or district rules with a numeric target"
                ),
            );
        }
        Some(Rule {
            id,
            task,
            title: Text::new(r.title.into_inner(), r.title_en.into_inner()),
            kind: kind?,
            applies_to: applies_to?,
            applies_to_keys: r.applies_to.into_inner().into_iter().map(Spanned::into_inner).collect(),
            schedule: schedule?,
            severity: severity?,
            severity_reason: r.severity_reason.into_inner(),
            interpretation: r.interpretation,
            headline: r.headline,
        })
    }

    /// The scope `names` make up; `span` is where to blame an empty list.
    pub(super) fn scope(
        &mut self,
        names: &[Spanned<String>],
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) -> Option<Scope> {
        if names.is_empty() {
            self.err(
                Code::PlanValue,
                span,
                text!("规则「{id}」的 applies_to 为空", "rule {id:?}: applies_to is empty"),
            );
            return None;
        }
        let mut scope = Scope::default();
        let mut ok = true;
        for spanned in names {
            let n = spanned.get_ref();
            if let Some(t) = self.school_type(n) {
                scope.types.push(t);
            } else if let Some(s) = plan.scopes.iter().find(|s| s.id == *n) {
                scope.types.extend(&s.types);
            } else if let Some(i) = plan.institutions.iter().position(|i| i.id == *n) {
                scope.institutions.push(i);
            } else {
                ok = false;
                self.err(
                    Code::PlanReference,
                    &spanned.span(),
                    text!(
                        "规则「{id}」的 applies_to 中「{n}」既不是学校类型、范围，也不是学校 id",
                        "rule {id:?}: applies_to entry {n:?} is not a school type, scope or institution id"
                    ),
                );
            }
        }
        scope.types.sort();
        scope.types.dedup();
        ok.then_some(scope)
    }

    pub(super) fn schedule(&mut self, r: &RawRule, span: &Range<usize>) -> Option<Schedule> {
        let id = r.id.get_ref();
        match (&r.due, &r.every_year) {
            (Some(d), None) => {
                let date = self.date(d.get_ref(), &d.span())?;
                self.plausible_years(&[date.year()], &d.span(), id)?;
                Some(Schedule::By(date))
            }
            (None, Some(e)) => {
                let span = &e.span();
                let e = e.get_ref();
                self.plausible_years(&[e.from, e.to], span, id)?;
                let parsed = e.due.get_ref().split_once('-').and_then(|(m, d)| {
                    let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
                    // 2020 is a leap year, so 02-29 is accepted and falls back to 02-28.
                    NaiveDate::from_ymd_opt(2020, m, d).map(|_| (m, d))
                });
                match parsed {
                    Some((month, day)) if e.from <= e.to => {
                        Some(Schedule::EveryYear { month, day, from: e.from, to: e.to })
                    }
                    _ => {
                        let at = if parsed.is_none() { e.due.span() } else { span.clone() };
                        self.err(
                            Code::PlanValue,
                            &at,
                            text!(
                                "规则「{id}」的 every_year 应形如 {{ due = \"06-30\", from = 2019, to = 2020 }}",
                                "rule {id:?}: every_year should look like {{ due = \"06-30\", from = 2019, to = 2020 }}"
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                self.err(
                    Code::PlanRuleShape,
                    span,
                    text!(
                        "规则「{id}」须有且只有 due 或 every_year 之一",
                        "rule {id:?} needs exactly one of due or every_year"
                    ),
                );
                None
            }
        }
    }

    /// Due years within 1949–2100: outside them a date is a slip of the keyboard.
    fn plausible_years(&mut self, years: &[i32], span: &Range<usize>, id: &str) -> Option<()> {
        let Some(bad) = years.iter().find(|y| !(1949..=2100).contains(*y)) else {
            return Some(());
        };
        self.err(
            Code::PlanValue,
            span,
            text!(
                "规则「{id}」的截止年份 {bad} 不在 1949—2100 之间",
                "rule {id:?}: the due year {bad} is not between 1949 and 2100"
            ),
        );
        None
    }

    pub(super) fn kind(&mut self, r: &RawRule, span: &Range<usize>, plan: &Plan) -> Option<RuleKind> {
        let id = r.id.get_ref().clone();
        let shape = ShapeCheck::new(r);
        // Where to blame a key: its own value when written, else the rule's table.
        let at = |s: Option<Range<usize>>| s.unwrap_or_else(|| span.clone());
        let kind = match r.kind.get_ref().as_str() {
            "threshold" | "district" => {
                self.only(&shape, &["measure", "comparator", "target"], &id, span);
                let cond = self.condition(
                    r.measure.as_ref().map(|m| (m.get_ref(), m.span())),
                    r.comparator.as_ref().map(|c| (c.get_ref().as_str(), c.span())),
                    r.target.as_ref().map(|t| (t.get_ref(), t.span())),
                    &id,
                    span,
                    plan,
                )?;
                if r.kind.get_ref() == "threshold" {
                    if let Measure::Ratio { numerator_scope: Some(_), .. } = cond.measure {
                        self.err(
                            Code::PlanRuleShape,
                            &at(r.measure.as_ref().map(Spanned::span)),
                            text!(
                                "规则「{id}」：numerator_applies_to 只用于 district 规则",
                                "rule {id:?}: numerator_applies_to is for district rules only"
                            ),
                        );
                    }
                    RuleKind::Threshold(cond)
                } else {
                    RuleKind::District(cond)
                }
            }
            "milestone" | "filing" => {
                self.only(&shape, &["field", "evidence"], &id, span);
                let field_at = at(r.field.as_ref().map(Spanned::span));
                let field = self.field_ref(
                    r.field.as_ref().map(|f| f.get_ref().as_str()),
                    "field",
                    &id,
                    &field_at,
                    plan,
                )?;
                // Both read a completion field: a date, or 未完成 said explicitly, so an
                // empty cell stays "not reported" and never means "not done".
                let want = FieldKind::Completion;
                if plan.field(field).kind != want {
                    let k = want.key();
                    self.err(
                        Code::PlanRuleShape,
                        &field_at,
                        text!(
                            "规则「{id}」的 field 应为 {k} 类型字段",
                            "rule {id:?}: field should be of type {k}"
                        ),
                    );
                }
                let evidence = match &r.evidence {
                    Some(e) => Some(self.field_ref(Some(e.get_ref()), "evidence", &id, &e.span(), plan)?),
                    None => None,
                };
                match (r.kind.get_ref().as_str(), r.due.is_some()) {
                    ("milestone", false) | ("filing", true) => {
                        let due = r.due.as_ref().map(Spanned::span);
                        self.err(
                            Code::PlanRuleShape,
                            &at(due.or_else(|| r.every_year.as_ref().map(Spanned::span))),
                            text!(
                                "规则「{id}」：milestone 用 due（一次性截止日），filing 用 every_year（每年截止日）",
                                "rule {id:?}: a milestone takes due (one date), a filing takes every_year"
                            ),
                        );
                        return None;
                    }
                    ("milestone", _) => RuleKind::Milestone { field, evidence },
                    _ => RuleKind::Filing { field, evidence },
                }
            }
            "growth" => {
                self.only(&shape, &["measure", "comparator", "level"], &id, span);
                let measure_at = at(r.measure.as_ref().map(Spanned::span));
                let measure =
                    self.measure(r.measure.as_ref().map(Spanned::get_ref), &id, &measure_at, plan)?;
                let comparator_at = at(r.comparator.as_ref().map(Spanned::span));
                let comparator = self.comparator(
                    r.comparator.as_ref().map(|c| c.get_ref().as_str()),
                    &id,
                    &comparator_at,
                )?;
                if comparator == Comparator::Between {
                    self.err(
                        Code::PlanRuleShape,
                        &comparator_at,
                        text!(
                            "规则「{id}」：增长规则不能用 between",
                            "rule {id:?}: growth cannot use between"
                        ),
                    );
                }
                let level = self.level(r.level.as_ref(), &id, span)?;
                RuleKind::Growth { measure, comparator, level }
            }
            "count" => {
                self.only(&shape, &["condition", "comparator", "target"], &id, span);
                let Some(c) = &r.condition else {
                    self.missing_key("condition", &id, span);
                    return None;
                };
                let c = c.get_ref();
                let condition = self.condition(
                    Some((c.measure.get_ref(), c.measure.span())),
                    Some((c.comparator.get_ref().as_str(), c.comparator.span())),
                    Some((c.target.get_ref(), c.target.span())),
                    &id,
                    span,
                    plan,
                )?;
                let comparator_at = at(r.comparator.as_ref().map(Spanned::span));
                let comparator = self.comparator(
                    r.comparator.as_ref().map(|c| c.get_ref().as_str()),
                    &id,
                    &comparator_at,
                )?;
                let target_span = r.target.as_ref().map_or_else(|| span.clone(), |t| t.span());
                let target = match self.target(r.target.as_ref().map(Spanned::get_ref), &id, &target_span)? {
                    Target::Num(n)
                        if n.is_integer()
                            && n >= Num::from_integer(0)
                            && comparator != Comparator::Between =>
                    {
                        n
                    }
                    _ => {
                        self.err(
                            Code::PlanValue,
                            &target_span,
                            text!(
                                "规则「{id}」：计数规则的 target 应为不小于 0 的整数",
                                "rule {id:?}: a count rule's target is a whole number, 0 or more"
                            ),
                        );
                        return None;
                    }
                };
                RuleKind::Count { condition, comparator, target }
            }
            "evidence" => {
                self.only(&shape, &["field"], &id, span);
                let field_at = at(r.field.as_ref().map(Spanned::span));
                let key = r.field.as_ref().map(|f| f.get_ref().as_str());
                RuleKind::Evidence { field: self.field_ref(key, "field", &id, &field_at, plan)? }
            }
            "manual" => {
                self.only(&shape, &["fields", "level"], &id, span);
                let mut fields = Vec::new();
                for f in &r.fields {
                    fields.push(self.field_ref(Some(f.get_ref()), "fields", &id, &f.span(), plan)?);
                }
                let level = self.level(r.level.as_ref(), &id, span)?;
                RuleKind::Manual { fields, level }
            }
            "all_of" => {
                self.only(&shape, &["rules"], &id, span);
                self.all_of(r, span, plan)?
            }
            "share_of_institutions" => {
                self.only(&shape, &["rule", "comparator", "target"], &id, span);
                self.share_of(r, span, plan)?
            }
            other => {
                self.err(
                    Code::PlanValue,
                    &r.kind.span(),
                    text!(
                        "规则「{id}」的 kind「{other}」未知（threshold、district、milestone、filing、growth、count、evidence、manual、all_of、share_of_institutions）",
                        "rule {id:?}: unknown kind {other:?} (threshold, district, milestone, filing, growth, count, evidence, manual, all_of, share_of_institutions)"
                    ),
                );
                return None;
            }
        };
        Some(kind)
    }

    /// Reports keys that the rule's kind does not use (a typo or a misunderstanding).
    pub(super) fn only(&mut self, shape: &ShapeCheck, allowed: &[&str], id: &str, span: &Range<usize>) {
        for (key, at) in shape.present() {
            if !allowed.contains(key) {
                let kind = shape.kind;
                self.err(
                    Code::PlanRuleShape,
                    &at.clone().unwrap_or_else(|| span.clone()),
                    text!(
                        "规则「{id}」：{kind} 类规则不使用键 {key}",
                        "rule {id:?}: a {kind} rule does not use the key {key}"
                    ),
                );
            }
        }
    }

    pub(super) fn missing_key(&mut self, key: &str, id: &str, span: &Range<usize>) {
        self.err(Code::PlanRuleShape, span, text!("规则「{id}」缺少 {key}", "rule {id:?} is missing {key}"));
    }

    pub(super) fn level(
        &mut self,
        level: Option<&Spanned<String>>,
        id: &str,
        span: &Range<usize>,
    ) -> Option<Level> {
        match level.map(|l| l.get_ref().as_str()) {
            None | Some("school") => Some(Level::School),
            Some("district") => Some(Level::District),
            Some(other) => {
                self.err(
                    Code::PlanValue,
                    &level.map_or_else(|| span.clone(), Spanned::span),
                    text!(
                        "规则「{id}」的 level「{other}」应为 school 或 district",
                        "rule {id:?}: level {other:?} should be school or district"
                    ),
                );
                None
            }
        }
    }
}

/// A headline is charted as a value against its target, so it needs a number to chart.
/// A number or a band (the 职普比's 45%–55%): both give a district value to chart.
fn can_be_headline(kind: &RuleKind) -> bool {
    matches!(kind, RuleKind::Threshold(c) | RuleKind::District(c) if matches!(c.target, Target::Num(_) | Target::Range(..)))
}

/// Which optional keys a raw rule sets, to reject keys its kind ignores.
/// Each key is kept with the span of its value, to point at the key that is not used.
pub(super) struct ShapeCheck<'a> {
    kind: &'a str,
    present: Vec<(&'static str, Option<Range<usize>>)>,
}

impl<'a> ShapeCheck<'a> {
    pub(super) fn new(r: &'a RawRule) -> ShapeCheck<'a> {
        let mut present = Vec::new();
        let mut add = |at: Option<Range<usize>>, key: &'static str| {
            if at.is_some() {
                present.push((key, at));
            }
        };
        add(r.measure.as_ref().map(Spanned::span), "measure");
        add(r.comparator.as_ref().map(Spanned::span), "comparator");
        add(r.target.as_ref().map(Spanned::span), "target");
        add(r.condition.as_ref().map(Spanned::span), "condition");
        add(r.field.as_ref().map(Spanned::span), "field");
        add(r.evidence.as_ref().map(Spanned::span), "evidence");
        add(r.fields.first().map(Spanned::span), "fields");
        add(r.level.as_ref().map(Spanned::span), "level");
        add(r.rules.as_ref().map(Spanned::span), "rules");
        add(r.rule.as_ref().map(Spanned::span), "rule");
        ShapeCheck { kind: r.kind.get_ref(), present }
    }

    pub(super) fn present(&self) -> impl Iterator<Item = &(&'static str, Option<Range<usize>>)> + '_ {
        self.present.iter()
    }
}
