//! Validating what a rule measures and against what: field references (with a
//! "did you mean"), measures, comparators and targets written so they stay exact.

use std::ops::Range;

use super::Cx;
use crate::diag::Code;
use crate::num::{Num, parse_share};
use crate::plan::model::*;
use crate::plan::raw::*;
use crate::text;

/// A target as the plan's author wrote it: `85%` for a share, `15000` for a count.
fn show(n: &Num) -> String {
    if n.is_integer() {
        n.to_integer().to_string()
    } else {
        crate::num::display(n, crate::num::Unit::Percent, crate::num::Round::Down)
    }
}

impl Cx<'_> {
    pub(super) fn field_ref(
        &mut self,
        key: Option<&str>,
        what: &str,
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) -> Option<FieldId> {
        let Some(key) = key else {
            self.missing_key(what, id, span);
            return None;
        };
        let found = plan.field_by_key(key);
        if found.is_none() {
            let hint = crate::fold::closest(key, plan.fields.iter().map(|f| f.key.as_str()))
                .map(|s| format!(" (did you mean {s:?}?)"))
                .unwrap_or_default();
            self.err(
                Code::PlanReference,
                span,
                text!(
                    "规则「{id}」的 {what} 指向未定义的字段「{key}」{hint}",
                    "rule {id:?}: {what} names an undefined field {key:?}{hint}"
                ),
            );
        }
        found
    }

    pub(super) fn measure(
        &mut self,
        m: Option<&RawMeasure>,
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) -> Option<Measure> {
        let Some(m) = m else {
            self.missing_key("measure", id, span);
            return None;
        };
        match m {
            RawMeasure::Field(f) => {
                Some(Measure::Field(self.field_ref(Some(f), "measure", id, span, plan)?))
            }
            RawMeasure::Ratio(r) => {
                let numerator = self.field_ref(Some(&r.numerator), "measure.numerator", id, span, plan);
                let denominator = self.field_ref(Some(&r.denominator), "measure.denominator", id, span, plan);
                let numerator_scope = match &r.numerator_applies_to {
                    Some(names) => {
                        // Inside the untagged `measure`, names carry no span of their own.
                        let names: Vec<_> =
                            names.iter().map(|n| toml::Spanned::new(span.clone(), n.clone())).collect();
                        Some(self.scope(&names, id, span, plan)?)
                    }
                    None => None,
                };
                for f in [numerator, denominator].into_iter().flatten() {
                    if !plan.field(f).kind.is_numeric() {
                        let key = &plan.field(f).key;
                        self.err(
                            Code::PlanRuleShape,
                            span,
                            text!(
                                "规则「{id}」：比例的分子分母须是数值字段，「{key}」不是",
                                "rule {id:?}: {key:?} in a ratio is not numeric"
                            ),
                        );
                        return None;
                    }
                }
                let when_zero = match r.when_zero.as_deref() {
                    None | Some("not_applicable") => WhenZero::NotApplicable,
                    Some("fail") => WhenZero::Fail,
                    Some(other) => {
                        self.err(
                            Code::PlanValue,
                            span,
                            text!(
                                "规则「{id}」的 when_zero「{other}」未知（not_applicable 或 fail）",
                                "rule {id:?}: unknown when_zero {other:?} (not_applicable or fail)"
                            ),
                        );
                        return None;
                    }
                };
                let unit = match r.unit.as_deref() {
                    None | Some("percent") => RatioUnit::Percent,
                    Some("per") => RatioUnit::Per,
                    Some(other) => {
                        self.err(
                            Code::PlanValue,
                            span,
                            text!(
                                "规则「{id}」的 unit「{other}」未知（percent：比例；per：生均等每单位数量）",
                                "rule {id:?}: unknown ratio unit {other:?} (percent: a share; per: an amount per unit, such as per student)"
                            ),
                        );
                        return None;
                    }
                };
                Some(Measure::Ratio {
                    numerator: numerator?,
                    denominator: denominator?,
                    numerator_scope,
                    when_zero,
                    unit,
                })
            }
        }
    }

    pub(super) fn comparator(
        &mut self,
        c: Option<&str>,
        id: &str,
        span: &Range<usize>,
    ) -> Option<Comparator> {
        let Some(c) = c else {
            self.missing_key("comparator", id, span);
            return None;
        };
        let parsed = Comparator::parse(c);
        if parsed.is_none() {
            self.err(
                Code::PlanValue,
                span,
                text!(
                    "规则「{id}」的 comparator「{c}」未知（>=、>、<=、<、==、between）",
                    "rule {id:?}: unknown comparator {c:?} (>=, >, <=, <, ==, between)"
                ),
            );
        }
        parsed
    }

    pub(super) fn target(&mut self, t: Option<&RawTarget>, id: &str, span: &Range<usize>) -> Option<Target> {
        let Some(t) = t else {
            self.missing_key("target", id, span);
            return None;
        };
        let scalar = |s: &RawScalar| -> Option<Num> {
            match s {
                RawScalar::Int(i) => Some(Num::from_integer(i128::from(*i))),
                RawScalar::Text(s) => parse_share(s),
                RawScalar::Float(_) => None,
            }
        };
        let float = match t {
            RawTarget::Float(x) => Some(*x),
            RawTarget::Range(v) => {
                v.iter().find_map(|s| if let RawScalar::Float(x) = s { Some(*x) } else { None })
            }
            _ => None,
        };
        if let Some(x) = float {
            self.err(
                Code::PlanValue,
                span,
                text!(
                    "规则「{id}」的 target 含小数 {x}：请写成字符串，如 \"85%\" 或 \"0.85\"，以保证精确比较",
                    "rule {id:?}: target holds the float {x}; write it as a string such as \"85%\" or \"0.85\" so comparisons stay exact"
                ),
            );
            return None;
        }
        let parsed = match t {
            RawTarget::Bool(b) => Some(Target::Bool(*b)),
            RawTarget::Int(i) => Some(Target::Num(Num::from_integer(i128::from(*i)))),
            RawTarget::Text(s) => parse_share(s).map(Target::Num),
            RawTarget::Float(_) => None,
            RawTarget::Range(v) if v.len() == 2 => match (scalar(&v[0]), scalar(&v[1])) {
                (Some(a), Some(b)) if a <= b => Some(Target::Range(a, b)),
                (Some(a), Some(b)) => {
                    let (a, b) = (show(&a), show(&b));
                    self.err(
                        Code::PlanValue,
                        span,
                        text!(
                            "规则「{id}」的区间 target 是反的：[{a}, {b}]，应先写下限",
                            "rule {id:?}: the between target [{a}, {b}] is reversed; write the lower bound first"
                        ),
                    );
                    return None;
                }
                _ => None,
            },
            RawTarget::Range(_) => None,
        };
        if parsed.is_none() {
            self.err(
                Code::PlanValue,
                span,
                text!(
                    "规则「{id}」的 target 写法不对：整数写 15000，比例写成字符串 \"85%\"（不用小数，以免舍入），区间写 [\"45%\", \"55%\"]",
                    "rule {id:?}: write target as 15000, as a string \"85%\" (never a float, which cannot be exact), or as [\"45%\", \"55%\"]"
                ),
            );
        }
        parsed
    }

    pub(super) fn condition(
        &mut self,
        measure: Option<(&RawMeasure, Range<usize>)>,
        comparator: Option<(&str, Range<usize>)>,
        target: Option<(&RawTarget, Range<usize>)>,
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) -> Option<Condition> {
        let measure_span = measure.as_ref().map_or_else(|| span.clone(), |(_, s)| s.clone());
        let measure = self.measure(measure.map(|(m, _)| m), id, &measure_span, plan);
        let comparator_span = comparator.as_ref().map_or_else(|| span.clone(), |(_, s)| s.clone());
        let comparator = self.comparator(comparator.map(|(c, _)| c), id, &comparator_span);
        let target_span = target.as_ref().map_or_else(|| span.clone(), |(_, s)| s.clone());
        let target_raw = target.as_ref().map(|(t, _)| *t);
        let target = self.target(target_raw, id, &target_span);
        let (measure, comparator, target) = (measure?, comparator?, target?);
        let percent_written = match target_raw {
            Some(RawTarget::Text(s)) => s.contains('%'),
            Some(RawTarget::Range(v)) => v.iter().any(|s| matches!(s, RawScalar::Text(t) if t.contains('%'))),
            _ => false,
        };
        if percent_written && matches!(measure, Measure::Ratio { unit: RatioUnit::Per, .. }) {
            self.err(
                Code::PlanRuleShape,
                &target_span,
                text!(
                    "规则「{id}」按 unit = \"per\" 计算每单位数量，target 不能写成百分比",
                    "rule {id:?}: a ratio with unit = \"per\" is an amount per unit, so its target cannot be a percentage"
                ),
            );
            return None;
        }
        let is_bool_field = matches!(measure, Measure::Field(f) if plan.field(f).kind == FieldKind::Bool);
        let fits = match (&target, comparator) {
            (Target::Bool(_), Comparator::Eq) => is_bool_field,
            (Target::Range(..), Comparator::Between) => !is_bool_field,
            (Target::Num(_), c) => {
                c != Comparator::Between
                    && !is_bool_field
                    && match &measure {
                        Measure::Field(f) => plan.field(*f).kind.is_numeric(),
                        Measure::Ratio { .. } => true,
                    }
            }
            _ => false,
        };
        if !fits {
            self.err(
                Code::PlanRuleShape,
                &target_span,
                text!(
                    "规则「{id}」的 measure、comparator、target 不匹配：数值用 >= 等，区间用 between，是/否字段用 == true",
                    "rule {id:?}: measure, comparator and target do not fit: numbers take >= etc., ranges take between, yes/no fields take == true"
                ),
            );
            return None;
        }
        self.target_in_range(&measure, &target, id, &target_span, plan)?;
        Some(Condition { measure, comparator, target })
    }

    /// A share can only be 0%–100%, and a count of persons or rooms is never below 0:
    /// a target outside that range can never be met, or is always met, whatever the
    /// schools report.
    fn target_in_range(
        &mut self,
        measure: &Measure,
        target: &Target,
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) -> Option<()> {
        let values: Vec<Num> = match target {
            Target::Num(n) => vec![*n],
            Target::Range(a, b) => vec![*a, *b],
            Target::Bool(_) => return Some(()),
        };
        let zero = Num::from_integer(0);
        let share = measure.unit(plan) == crate::num::Unit::Percent;
        let count = matches!(measure, Measure::Field(f) if plan.field(*f).kind == FieldKind::Count)
            || matches!(measure, Measure::Ratio { unit: RatioUnit::Per, .. } if measure.fields().iter().all(|f| plan.field(*f).min.is_some_and(|m| m >= 0)));
        if share && let Some(bad) = values.iter().find(|v| **v < zero || **v > Num::from_integer(1)) {
            let bad = show(bad);
            self.err(
                Code::PlanValue,
                span,
                text!(
                    "规则「{id}」的比例 target {bad} 不在 0%—100% 之间",
                    "rule {id:?}: the share target {bad} is not between 0% and 100%"
                ),
            );
            return None;
        }
        if count && let Some(bad) = values.iter().find(|v| **v < zero) {
            let bad = show(bad);
            self.err(
                Code::PlanValue,
                span,
                text!(
                    "规则「{id}」的计数 target {bad} 小于 0",
                    "rule {id:?}: the count target {bad} is below 0"
                ),
            );
            return None;
        }
        Some(())
    }
}
