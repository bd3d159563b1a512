//! Turns the raw plan file into a [`Plan`], collecting every problem on the way.
//!
//! Validation never stops at the first problem: each rule, field and task is checked
//! and every mistake is reported with the line it is on, the way cargo-deny treats
//! its config. References are resolved here (field keys to [`FieldId`]s, scope and
//! institution names to a [`Scope`]) so evaluation cannot meet a dangling name. A
//! plan with any error is not returned at all.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::value::Datetime;

use super::model::*;
use super::raw::*;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::lang::Text;
use crate::num::{Num, parse_share};
use crate::text;

/// Parses and validates a plan. `origin` names the file in diagnostics.
pub fn parse_plan(source: &str, origin: &str) -> Result<Plan, Diagnostics> {
    let mut cx = Cx { source, origin, diags: Diagnostics::default() };
    let raw: RawPlanFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| cx.line(&s));
            let mut loc = Location::file(origin);
            loc.row = line;
            let msg = e.message().to_string();
            cx.diags.push(Diagnostic::new(
                Code::PlanSyntax,
                loc,
                text!("计划文件格式错误：{msg}", "the plan file is malformed: {msg}"),
            ));
            return Err(cx.diags);
        }
    };
    let plan = cx.plan(raw);
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok(plan) }
}

/// Parses a registry file (`--registry`) against `plan`, returning the institutions it
/// adds. An entry whose name matches a plan institution refines it (code, aliases).
pub fn parse_registry(source: &str, origin: &str, plan: &Plan) -> Result<Vec<Institution>, Diagnostics> {
    let mut cx = Cx { source, origin, diags: Diagnostics::default() };
    let raw: RawRegistryFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let mut loc = Location::file(origin);
            loc.row = e.span().map(|s| cx.line(&s));
            let msg = e.message().to_string();
            cx.diags.push(Diagnostic::new(
                Code::RegistryInvalid,
                loc,
                text!("登记名册格式错误：{msg}", "the registry file is malformed: {msg}"),
            ));
            return Err(cx.diags);
        }
    };
    let taken: Vec<String> = plan.scopes.iter().map(|s| s.id.clone()).collect();
    let list = cx.institutions(raw.institutions, &taken, Code::RegistryInvalid);
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok(list) }
}

struct Cx<'a> {
    source: &'a str,
    origin: &'a str,
    diags: Diagnostics,
}

impl Cx<'_> {
    fn line(&self, span: &Range<usize>) -> u32 {
        let end = span.start.min(self.source.len());
        let n = self.source.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1;
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    fn err(&mut self, code: Code, span: &Range<usize>, message: Text) {
        let loc = Location::file(self.origin).row(self.line(span));
        self.diags.push(Diagnostic::new(code, loc, message));
    }

    fn plan(&mut self, raw: RawPlanFile) -> Plan {
        if raw.schema_version != 1 {
            let v = raw.schema_version;
            self.err(
                Code::PlanValue,
                &(0..0),
                text!(
                    "不支持的 schema_version = {v}（本版本只读 1）",
                    "unsupported schema_version = {v} (this version reads 1)"
                ),
            );
        }
        let meta = self.meta(raw.plan);
        let scopes = self.scopes(raw.scopes);
        let scope_ids: Vec<String> = scopes.iter().map(|s| s.id.clone()).collect();
        let institutions = self.institutions(raw.institutions, &scope_ids, Code::PlanDuplicate);
        let fields = self.fields(raw.fields);
        let mut plan = Plan { meta, scopes, institutions, fields, tasks: Vec::new(), rules: Vec::new() };
        self.tasks(raw.tasks, &mut plan);
        plan
    }

    fn meta(&mut self, m: RawMeta) -> Meta {
        let issued = self.date(&m.issued, &(0..0)).unwrap_or_default();
        if m.period[0] > m.period[1] {
            self.err(
                Code::PlanValue,
                &(0..0),
                text!("plan.period 的起始年晚于结束年", "plan.period starts after it ends"),
            );
        }
        Meta {
            id: m.id,
            title: Text::new(m.title, m.title_en),
            doc_number: m.doc_number,
            issuer: Text::new(m.issuer, m.issuer_en),
            issued,
            period: (m.period[0], m.period[1]),
            source: m.source,
        }
    }

    fn date(&mut self, d: &Datetime, span: &Range<usize>) -> Option<NaiveDate> {
        let parsed = match (d.date, d.time) {
            (Some(date), None) => {
                NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
            }
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                Code::PlanValue,
                span,
                text!("「{d}」应为日期（如 2020-12-31）", "{d:?} should be a date such as 2020-12-31"),
            );
        }
        parsed
    }

    fn scopes(&mut self, raw: Vec<Spanned<RawScope>>) -> Vec<ScopeDef> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for s in raw {
            let span = s.span();
            let s = s.into_inner();
            if !seen.insert(s.id.clone()) || SchoolType::parse(&s.id).is_some() {
                let id = &s.id;
                self.err(
                    Code::PlanDuplicate,
                    &span,
                    text!(
                        "范围 id「{id}」重复或与学校类型同名",
                        "scope id {id:?} is repeated or names a school type"
                    ),
                );
            }
            let mut types = Vec::new();
            for t in &s.types {
                match SchoolType::parse(t) {
                    Some(t) => types.push(t),
                    None => self.err(Code::PlanReference, &span, unknown_type(t)),
                }
            }
            out.push(ScopeDef { id: s.id, label: Text::new(s.label, s.label_en), types });
        }
        out
    }

    fn institutions(
        &mut self,
        raw: Vec<Spanned<RawInstitution>>,
        scope_ids: &[String],
        dup_code: Code,
    ) -> Vec<Institution> {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        let mut out = Vec::new();
        for i in raw {
            let span = i.span();
            let i = i.into_inner();
            let id = i.id.clone();
            if !ids.insert(id.clone()) || scope_ids.contains(&id) || SchoolType::parse(&id).is_some() {
                self.err(
                    dup_code,
                    &span,
                    text!(
                        "学校 id「{id}」重复，或与范围、学校类型同名",
                        "institution id {id:?} is repeated or clashes with a scope or school type"
                    ),
                );
            }
            for n in std::iter::once(&i.name).chain(&i.aliases) {
                if !names.insert(crate::fold::fold(n)) {
                    self.err(
                        dup_code,
                        &span,
                        text!(
                            "学校名称或别名「{n}」出现了两次",
                            "institution name or alias {n:?} appears twice"
                        ),
                    );
                }
            }
            let Some(school_type) = SchoolType::parse(&i.school_type) else {
                self.err(Code::PlanReference, &span, unknown_type(&i.school_type));
                continue;
            };
            out.push(Institution {
                id,
                name: i.name,
                name_en: i.name_en,
                school_type,
                aliases: i.aliases,
                code: i.code,
            });
        }
        out
    }

    fn fields(&mut self, raw: Vec<Spanned<RawField>>) -> Vec<Field> {
        let mut keys: HashMap<String, usize> = HashMap::new();
        // Folded header name -> owner (None = an identity column), so one field may
        // spell its key and label alike but two owners may not share a name.
        let mut names: HashMap<String, Option<usize>> = HashMap::new();
        for name in crate::data::Identity::ALL.iter().flat_map(|i| i.names()) {
            names.insert(crate::fold::fold(name), None);
        }
        let mut out = Vec::new();
        let mut pending_at_most = Vec::new();
        for (idx, f) in raw.into_iter().enumerate() {
            let span = f.span();
            let f = f.into_inner();
            let key = f.key.clone();
            if !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                || key.is_empty()
            {
                self.err(
                    Code::PlanValue,
                    &span,
                    text!(
                        "字段键「{key}」只能用小写字母、数字和下划线",
                        "field key {key:?} may hold only lowercase letters, digits and underscores"
                    ),
                );
            }
            if keys.insert(key.clone(), idx).is_some() {
                self.err(
                    Code::PlanDuplicate,
                    &span,
                    text!("字段键「{key}」重复", "field key {key:?} is repeated"),
                );
            }
            for n in [&f.key, &f.label, &f.label_en].into_iter().chain(&f.aliases) {
                if names.insert(crate::fold::fold(n), Some(idx)).is_some_and(|owner| owner != Some(idx)) {
                    self.err(
                        Code::PlanDuplicate,
                        &span,
                        text!(
                            "表头名称「{n}」被两个字段使用（或与身份列重名）",
                            "header name {n:?} is used by two fields (or by an identity column)"
                        ),
                    );
                }
            }
            let kind = FieldKind::parse(&f.kind).unwrap_or_else(|| {
                let k = &f.kind;
                self.err(
                    Code::PlanValue,
                    &span,
                    text!(
                        "字段类型「{k}」未知（可用：count、decimal、percent、bool、date、completion、text）",
                        "unknown field type {k:?} (use count, decimal, percent, bool, date, completion, text)"
                    ),
                );
                FieldKind::Text
            });
            if (f.min.is_some() || !f.at_most.is_empty()) && !kind.is_numeric() {
                self.err(
                    Code::PlanRuleShape,
                    &span,
                    text!(
                        "字段「{key}」不是数值，不能设 min 或 at_most",
                        "field {key:?} is not numeric and cannot have min or at_most"
                    ),
                );
            }
            let unit = match (f.unit, f.unit_en) {
                (Some(zh), Some(en)) => Some(Text::new(zh, en)),
                (None, None) => None,
                (Some(zh), None) => Some(Text::new(zh.clone(), zh)),
                (None, Some(en)) => Some(Text::new(en.clone(), en)),
            };
            pending_at_most.push((span, f.at_most));
            out.push(Field {
                key,
                label: Text::new(f.label, f.label_en),
                kind,
                unit,
                min: f.min,
                at_most: Vec::new(),
                aliases: f.aliases,
                description: f.description,
            });
        }
        for (idx, (span, refs)) in pending_at_most.into_iter().enumerate() {
            for r in refs {
                match keys.get(&r) {
                    Some(&j) if out[j].kind.is_numeric() && j != idx => {
                        out[idx].at_most.push(FieldId(u16::try_from(j).unwrap_or(u16::MAX)));
                    }
                    _ => self.err(
                        Code::PlanReference,
                        &span,
                        text!(
                            "at_most 指向未知或非数值字段「{r}」",
                            "at_most names an unknown or non-numeric field {r:?}"
                        ),
                    ),
                }
            }
        }
        out
    }

    fn tasks(&mut self, raw: Vec<Spanned<RawTask>>, plan: &mut Plan) {
        let mut numbers = HashSet::new();
        let mut rule_ids = HashSet::new();
        for t in raw {
            let span = t.span();
            let t = t.into_inner();
            let number = t.number;
            if !numbers.insert(number) {
                self.err(
                    Code::PlanDuplicate,
                    &span,
                    text!("任务编号 {number} 重复", "task number {number} is repeated"),
                );
            }
            if t.rules.is_empty() {
                self.err(
                    Code::PlanCoverage,
                    &span,
                    text!(
                        "任务 {number} 没有规则：每项任务至少要有一条规则（无法量化的写 kind = \"manual\"）",
                        "task {number} has no rule: every task needs one (use kind = \"manual\" when it cannot be measured)"
                    ),
                );
            }
            if t.citations.is_empty() {
                self.err(
                    Code::PlanCoverage,
                    &span,
                    text!("任务 {number} 没有引用原文", "task {number} cites no clause of the plan"),
                );
            }
            for r in t.rules {
                let rspan = r.span();
                let r = r.into_inner();
                if !rule_ids.insert(r.id.clone()) {
                    let id = &r.id;
                    self.err(
                        Code::PlanDuplicate,
                        &rspan,
                        text!("规则 id「{id}」重复", "rule id {id:?} is repeated"),
                    );
                }
                if let Some(rule) = self.rule(r, number, &rspan, plan) {
                    plan.rules.push(rule);
                }
            }
            plan.tasks.push(Task {
                number,
                action: t.action,
                sub_action: t.sub_action,
                task: t.task,
                indicator: t.indicator,
                sections: t.sections,
                implementers: t.implementers,
                citations: t
                    .citations
                    .into_iter()
                    .map(|c| Citation { clause: c.clause, text: c.text })
                    .collect(),
            });
        }
        plan.tasks.sort_by_key(|t| t.number);
    }

    fn rule(&mut self, r: RawRule, task: u32, span: &Range<usize>, plan: &Plan) -> Option<Rule> {
        let id = r.id.clone();
        let prefix = format!("T{task:02}.");
        let slug_ok = r.id.strip_prefix(&prefix).is_some_and(|slug| {
            !slug.is_empty()
                && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        if !slug_ok {
            self.err(
                Code::PlanValue,
                span,
                text!(
                    "规则 id「{id}」应写作 {prefix}<短名>（小写字母、数字、连字符）",
                    "rule id {id:?} should be {prefix}<slug> (lowercase letters, digits, hyphens)"
                ),
            );
        }
        if r.title.trim().is_empty() || r.title_en.trim().is_empty() {
            self.err(
                Code::PlanValue,
                span,
                text!("规则「{id}」缺少标题", "rule {id:?} needs title and title_en"),
            );
        }
        let severity = match r.severity.as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            other => {
                self.err(
                    Code::PlanValue,
                    span,
                    text!(
                        "规则「{id}」的 severity「{other}」应为 error 或 warning",
                        "rule {id:?}: severity {other:?} should be error or warning"
                    ),
                );
                None
            }
        };
        if r.severity_reason.trim().is_empty() {
            self.err(
                Code::PlanValue,
                span,
                text!("规则「{id}」要写明定级理由 severity_reason", "rule {id:?} needs a severity_reason"),
            );
        }
        let applies_to = self.scope(&r.applies_to, &id, span, plan);
        let schedule = self.schedule(&r, span);
        let kind = self.kind(&r, span, plan);
        Some(Rule {
            id: r.id,
            task,
            title: Text::new(r.title, r.title_en),
            kind: kind?,
            applies_to: applies_to?,
            applies_to_keys: r.applies_to,
            schedule: schedule?,
            severity: severity?,
            severity_reason: r.severity_reason,
            interpretation: r.interpretation,
        })
    }

    fn scope(&mut self, names: &[String], id: &str, span: &Range<usize>, plan: &Plan) -> Option<Scope> {
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
        for n in names {
            if let Some(t) = SchoolType::parse(n) {
                scope.types.push(t);
            } else if let Some(s) = plan.scopes.iter().find(|s| &s.id == n) {
                scope.types.extend(&s.types);
            } else if let Some(i) = plan.institutions.iter().position(|i| &i.id == n) {
                scope.institutions.push(i);
            } else {
                ok = false;
                self.err(
                    Code::PlanReference,
                    span,
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

    fn schedule(&mut self, r: &RawRule, span: &Range<usize>) -> Option<Schedule> {
        let id = &r.id;
        match (&r.due, &r.every_year) {
            (Some(d), None) => self.date(d, span).map(Schedule::By),
            (None, Some(e)) => {
                let parsed = e.due.split_once('-').and_then(|(m, d)| {
                    let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
                    // 2020 is a leap year, so 02-29 is accepted and falls back to 02-28.
                    NaiveDate::from_ymd_opt(2020, m, d).map(|_| (m, d))
                });
                match parsed {
                    Some((month, day)) if e.from <= e.to => {
                        Some(Schedule::EveryYear { month, day, from: e.from, to: e.to })
                    }
                    _ => {
                        self.err(
                            Code::PlanValue,
                            span,
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

    fn kind(&mut self, r: &RawRule, span: &Range<usize>, plan: &Plan) -> Option<RuleKind> {
        let id = r.id.clone();
        let shape = ShapeCheck::new(r);
        let kind = match r.kind.as_str() {
            "threshold" | "district" => {
                self.only(&shape, &["measure", "comparator", "target"], &id, span);
                let cond = self.condition(
                    r.measure.as_ref(),
                    r.comparator.as_deref(),
                    r.target.as_ref(),
                    &id,
                    span,
                    plan,
                )?;
                if r.kind == "threshold" {
                    if let Measure::Ratio { numerator_scope: Some(_), .. } = cond.measure {
                        self.err(
                            Code::PlanRuleShape,
                            span,
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
                let field = self.field_ref(r.field.as_deref(), "field", &id, span, plan)?;
                // Both read a completion field: a date, or 未完成 said explicitly, so an
                // empty cell stays "not reported" and never means "not done".
                let want = FieldKind::Completion;
                if plan.field(field).kind != want {
                    let k = want.key();
                    self.err(
                        Code::PlanRuleShape,
                        span,
                        text!(
                            "规则「{id}」的 field 应为 {k} 类型字段",
                            "rule {id:?}: field should be of type {k}"
                        ),
                    );
                }
                let evidence = match r.evidence.as_deref() {
                    Some(e) => Some(self.field_ref(Some(e), "evidence", &id, span, plan)?),
                    None => None,
                };
                match (r.kind.as_str(), r.due.is_some()) {
                    ("milestone", false) | ("filing", true) => {
                        self.err(
                            Code::PlanRuleShape,
                            span,
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
                let measure = self.measure(r.measure.as_ref(), &id, span, plan)?;
                let comparator = self.comparator(r.comparator.as_deref(), &id, span)?;
                if comparator == Comparator::Between {
                    self.err(
                        Code::PlanRuleShape,
                        span,
                        text!(
                            "规则「{id}」：增长规则不能用 between",
                            "rule {id:?}: growth cannot use between"
                        ),
                    );
                }
                let level = self.level(r.level.as_deref(), &id, span)?;
                RuleKind::Growth { measure, comparator, level }
            }
            "count" => {
                self.only(&shape, &["condition", "comparator", "target"], &id, span);
                let Some(c) = &r.condition else {
                    self.missing_key("condition", &id, span);
                    return None;
                };
                let condition =
                    self.condition(Some(&c.measure), Some(&c.comparator), Some(&c.target), &id, span, plan)?;
                let comparator = self.comparator(r.comparator.as_deref(), &id, span)?;
                let target = match self.target(r.target.as_ref(), &id, span)? {
                    Target::Num(n) if n.is_integer() && comparator != Comparator::Between => n,
                    _ => {
                        self.err(
                            Code::PlanValue,
                            span,
                            text!(
                                "规则「{id}」：计数规则的 target 应为整数",
                                "rule {id:?}: a count rule's target is a whole number"
                            ),
                        );
                        return None;
                    }
                };
                RuleKind::Count { condition, comparator, target }
            }
            "evidence" => {
                self.only(&shape, &["field"], &id, span);
                RuleKind::Evidence { field: self.field_ref(r.field.as_deref(), "field", &id, span, plan)? }
            }
            "manual" => {
                self.only(&shape, &["fields", "level"], &id, span);
                let mut fields = Vec::new();
                for f in &r.fields {
                    fields.push(self.field_ref(Some(f), "fields", &id, span, plan)?);
                }
                let level = self.level(r.level.as_deref(), &id, span)?;
                RuleKind::Manual { fields, level }
            }
            other => {
                self.err(
                    Code::PlanValue,
                    span,
                    text!(
                        "规则「{id}」的 kind「{other}」未知（threshold、district、milestone、filing、growth、count、evidence、manual）",
                        "rule {id:?}: unknown kind {other:?} (threshold, district, milestone, filing, growth, count, evidence, manual)"
                    ),
                );
                return None;
            }
        };
        Some(kind)
    }

    /// Reports keys that the rule's kind does not use (a typo or a misunderstanding).
    fn only(&mut self, shape: &ShapeCheck, allowed: &[&str], id: &str, span: &Range<usize>) {
        for key in shape.present() {
            if !allowed.contains(&key) {
                let kind = shape.kind;
                self.err(
                    Code::PlanRuleShape,
                    span,
                    text!(
                        "规则「{id}」：{kind} 类规则不使用键 {key}",
                        "rule {id:?}: a {kind} rule does not use the key {key}"
                    ),
                );
            }
        }
    }

    fn missing_key(&mut self, key: &str, id: &str, span: &Range<usize>) {
        self.err(Code::PlanRuleShape, span, text!("规则「{id}」缺少 {key}", "rule {id:?} is missing {key}"));
    }

    fn level(&mut self, level: Option<&str>, id: &str, span: &Range<usize>) -> Option<Level> {
        match level {
            None | Some("school") => Some(Level::School),
            Some("district") => Some(Level::District),
            Some(other) => {
                self.err(
                    Code::PlanValue,
                    span,
                    text!(
                        "规则「{id}」的 level「{other}」应为 school 或 district",
                        "rule {id:?}: level {other:?} should be school or district"
                    ),
                );
                None
            }
        }
    }

    fn field_ref(
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

    fn measure(
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
                    Some(names) => Some(self.scope(names, id, span, plan)?),
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
                Some(Measure::Ratio { numerator: numerator?, denominator: denominator?, numerator_scope })
            }
        }
    }

    fn comparator(&mut self, c: Option<&str>, id: &str, span: &Range<usize>) -> Option<Comparator> {
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

    fn target(&mut self, t: Option<&RawTarget>, id: &str, span: &Range<usize>) -> Option<Target> {
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

    fn condition(
        &mut self,
        measure: Option<&RawMeasure>,
        comparator: Option<&str>,
        target: Option<&RawTarget>,
        id: &str,
        span: &Range<usize>,
        plan: &Plan,
    ) -> Option<Condition> {
        let measure = self.measure(measure, id, span, plan);
        let comparator = self.comparator(comparator, id, span);
        let target = self.target(target, id, span);
        let (measure, comparator, target) = (measure?, comparator?, target?);
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
                span,
                text!(
                    "规则「{id}」的 measure、comparator、target 不匹配：数值用 >= 等，区间用 between，是/否字段用 == true",
                    "rule {id:?}: measure, comparator and target do not fit: numbers take >= etc., ranges take between, yes/no fields take == true"
                ),
            );
            return None;
        }
        Some(Condition { measure, comparator, target })
    }
}

/// Which optional keys a raw rule sets, to reject keys its kind ignores.
struct ShapeCheck<'a> {
    kind: &'a str,
    present: Vec<&'static str>,
}

impl<'a> ShapeCheck<'a> {
    fn new(r: &'a RawRule) -> ShapeCheck<'a> {
        let mut present = Vec::new();
        let mut add = |set: bool, key: &'static str| {
            if set {
                present.push(key);
            }
        };
        add(r.measure.is_some(), "measure");
        add(r.comparator.is_some(), "comparator");
        add(r.target.is_some(), "target");
        add(r.condition.is_some(), "condition");
        add(r.field.is_some(), "field");
        add(r.evidence.is_some(), "evidence");
        add(!r.fields.is_empty(), "fields");
        add(r.level.is_some(), "level");
        ShapeCheck { kind: &r.kind, present }
    }

    fn present(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.present.iter().copied()
    }
}

fn unknown_type(t: &str) -> Text {
    text!(
        "学校类型「{t}」未知（公办中职 / 民办中职 / 普通高中）",
        "unknown school type {t:?} (public_vocational / private_vocational / general_high)"
    )
}
