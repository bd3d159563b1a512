//! Validating the rules built from other rules: `all_of` (an institution meets a set
//! of rules) and `share_of_institutions` (the share of institutions meeting a rule).
//!
//! The key decision: a rule may only name school-level rules written *earlier* in
//! the plan. Evaluation then needs no ordering of its own (plan order is evaluation
//! order), a cycle cannot be written, and a reader finds every part of a composite
//! rule above it.

use std::ops::Range;

use toml::Spanned;

use super::Cx;
use crate::diag::Code;
use crate::num::Num;
use crate::plan::model::*;
use crate::plan::raw::*;
use crate::text;

impl Cx<'_> {
    /// `rules = [...]`: each an earlier school-level rule, named once.
    pub(super) fn all_of(&mut self, r: &RawRule, span: &Range<usize>, plan: &Plan) -> Option<RuleKind> {
        let id = r.id.get_ref();
        let Some(names) = &r.rules else {
            self.missing_key("rules", id, span);
            return None;
        };
        let span = &names.span();
        if names.get_ref().is_empty() {
            self.err(
                Code::PlanRuleShape,
                span,
                text!("规则「{id}」的 rules 为空", "rule {id:?}: rules is empty"),
            );
            return None;
        }
        let mut rules = Vec::new();
        let mut ok = true;
        for spanned in names.get_ref() {
            let (name, at) = (spanned.get_ref(), spanned.span());
            match self.earlier_school_rule(name, id, &at, plan) {
                Some(i) if rules.contains(&i) => {
                    ok = false;
                    self.err(
                        Code::PlanDuplicate,
                        &at,
                        text!(
                            "规则「{id}」的 rules 中「{name}」重复",
                            "rule {id:?}: {name:?} is listed twice in rules"
                        ),
                    );
                }
                Some(i) => rules.push(i),
                None => ok = false,
            }
        }
        ok.then_some(RuleKind::AllOf { rules })
    }

    /// `rule = "..."`, a comparator and a share target (0%–100%).
    pub(super) fn share_of(&mut self, r: &RawRule, span: &Range<usize>, plan: &Plan) -> Option<RuleKind> {
        let id = r.id.get_ref();
        let Some(name) = &r.rule else {
            self.missing_key("rule", id, span);
            return None;
        };
        let rule = self.earlier_school_rule(name.get_ref(), id, &name.span(), plan);
        let comparator_at = r.comparator.as_ref().map_or_else(|| span.clone(), Spanned::span);
        let comparator =
            self.comparator(r.comparator.as_ref().map(|c| c.get_ref().as_str()), id, &comparator_at);
        let target_span = r.target.as_ref().map_or_else(|| span.clone(), Spanned::span);
        let target = self.target(r.target.as_ref().map(Spanned::get_ref), id, &target_span);
        let (rule, comparator, target) = (rule?, comparator?, target?);
        match target {
            Target::Num(n)
                if comparator != Comparator::Between
                    && n >= Num::from_integer(0)
                    && n <= Num::from_integer(1) =>
            {
                Some(RuleKind::ShareOf { rule, comparator, target: n })
            }
            _ => {
                self.err(
                    Code::PlanValue,
                    &target_span,
                    text!(
                        "规则「{id}」：学校占比的 target 应为 0%—100% 之间的比例，如 \"80%\"",
                        "rule {id:?}: a share of institutions takes a share from 0% to 100% as target, such as \"80%\""
                    ),
                );
                None
            }
        }
    }

    /// A composite rule's scope against its parts': a share counts the institutions
    /// of its own scope, so each must be in the scope of the rule it counts, or it would
    /// have no finding and silently count as failing; an `all_of` needs a part for each.
    pub(super) fn composite_scope(
        &mut self,
        kind: &RuleKind,
        scope: &Scope,
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) {
        if let RuleKind::AllOf { rules } = kind {
            return self.all_of_scope(rules, scope, id, span, plan);
        }
        let RuleKind::ShareOf { rule, .. } = kind else { return };
        let counted = &plan.rules[*rule];
        let covers_type = |t: &SchoolType| counted.applies_to.types.contains(t);
        let outside_type = scope.types.iter().find(|t| !covers_type(t));
        let outside_named = scope.institutions.iter().find(|&&i| {
            !counted.applies_to.institutions.contains(&i) && !covers_type(&plan.institutions[i].school_type)
        });
        let outside = outside_type
            .map(|t| t.key(plan).to_string())
            .or_else(|| outside_named.map(|&i| plan.institutions[i].id.clone()));
        if let Some(outside) = outside {
            let other = &counted.id;
            self.err(
                Code::PlanRuleShape,
                span,
                text!(
                    "规则「{id}」的 applies_to 含「{outside}」，但被统计的规则「{other}」不适用于它",
                    "rule {id:?}: applies_to includes {outside:?}, which the counted rule {other:?} does not apply to"
                ),
            );
        }
    }

    /// Each school type an `all_of` applies to must be in the scope of one of its parts:
    /// otherwise no part applies to those schools and the rule is silently not applicable
    /// to them, never judged.
    fn all_of_scope(&mut self, parts: &[usize], scope: &Scope, id: &str, span: &Range<usize>, plan: &Plan) {
        let covered = |t: &SchoolType| parts.iter().any(|&p| plan.rules[p].applies_to.types.contains(t));
        let named = |i: usize| {
            parts.iter().any(|&p| plan.rules[p].applies_to.institutions.contains(&i))
                || covered(&plan.institutions[i].school_type)
        };
        let outside =
            scope.types.iter().find(|t| !covered(t)).map(|t| t.key(plan).to_string()).or_else(|| {
                scope.institutions.iter().find(|&&i| !named(i)).map(|&i| plan.institutions[i].id.clone())
            });
        if let Some(outside) = outside {
            self.err(
                Code::PlanRuleShape,
                span,
                text!(
                    "规则「{id}」的 applies_to 含「{outside}」，但它的 rules 中没有一条适用于它",
                    "rule {id:?}: applies_to includes {outside:?}, but none of its rules applies to it"
                ),
            );
        }
    }

    fn earlier_school_rule(
        &mut self,
        name: &str,
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) -> Option<usize> {
        let Some(i) = plan.rules.iter().position(|r| r.id == name) else {
            let hint = crate::fold::closest(name, plan.rules.iter().map(|r| r.id.as_str()))
                .map(|s| format!(" (did you mean {s:?}?)"))
                .unwrap_or_default();
            self.err(
                Code::PlanReference,
                span,
                text!(
                    "规则「{id}」引用的规则「{name}」未在它之前定义{hint}",
                    "rule {id:?} names {name:?}, which is not a rule defined before it{hint}"
                ),
            );
            return None;
        };
        if plan.rules[i].kind.level() != Level::School {
            self.err(
                Code::PlanRuleShape,
                span,
                text!(
                    "规则「{id}」引用的「{name}」是全区规则，只能引用按校评判的规则",
                    "rule {id:?} names {name:?}, a district rule; only rules judged per institution can be named"
                ),
            );
            return None;
        }
        Some(i)
    }
}
