//! Turns the raw plan file into a [`Plan`], collecting every problem on the way.
//!
//! Validation never stops at the first problem: each rule, field and task is checked
//! and every mistake is reported with the line it is on, the way cargo-deny treats
//! its config. References are resolved here (field keys to [`FieldId`]s, scope and
//! institution names to a [`Scope`]) so evaluation cannot meet a dangling name. A
//! plan with any error is not returned at all.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::value::Datetime;

mod composite;
mod fields;
mod identities;
mod labels;
mod rosters;
mod rules;
mod targets;

use super::model::*;
use super::raw::*;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::lang::Text;
use crate::lines::Lines;
use crate::text;

/// Parses and validates a plan. `origin` names the file in diagnostics.
pub fn parse_plan(source: &str, origin: &str) -> Result<Plan, Diagnostics> {
    let mut cx = Cx::new(source, origin, Vec::new());
    let raw: RawPlanFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let loc = cx.at(e.span());
            let msg = e.message().trim_end().to_string();
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
    let mut cx = Cx::new(source, origin, plan.school_types.clone());
    let raw: RawRegistryFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let loc = cx.at(e.span());
            let msg = e.message().trim_end().to_string();
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
    if list.is_empty() && !cx.diags.has_errors() {
        cx.err(
            Code::RegistryInvalid,
            &(0..0),
            text!("登记名册中没有任何学校", "the registry lists no institution"),
        );
    }
    cx.identities(&plan.institutions, &list, Code::RegistryInvalid);
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok(list.into_iter().map(|(_, i)| i).collect()) }
}

pub(super) struct Cx<'a> {
    lines: Lines<'a>,
    origin: &'a str,
    diags: Diagnostics,
    /// The plan's school types, once validated: names in scopes, institutions and
    /// `applies_to` resolve against them.
    types: Vec<SchoolTypeDef>,
}

impl<'a> Cx<'a> {
    fn new(source: &'a str, origin: &'a str, types: Vec<SchoolTypeDef>) -> Cx<'a> {
        Cx { lines: Lines::new(source), origin, diags: Diagnostics::default(), types }
    }

    /// The file, line, column and source line of `span` (just the file without one).
    fn at(&self, span: Option<Range<usize>>) -> Location {
        span.map_or_else(|| Location::file(self.origin), |s| self.lines.locate(self.origin, &s))
    }

    pub(super) fn line(&self, span: &Range<usize>) -> u32 {
        self.lines.line(span.start)
    }

    /// Reports at `span`; the empty span `0..0` stands for the file as a whole.
    pub(super) fn err(&mut self, code: Code, span: &Range<usize>, message: Text) {
        let loc =
            if *span == (0..0) { Location::file(self.origin) } else { self.lines.locate(self.origin, span) };
        self.diags.push(Diagnostic::new(code, loc, message));
    }

    pub(super) fn plan(&mut self, raw: RawPlanFile) -> Plan {
        if *raw.schema_version.get_ref() != 1 {
            let v = raw.schema_version.get_ref();
            self.err(
                Code::PlanValue,
                &raw.schema_version.span(),
                text!(
                    "不支持的 schema_version = {v}（本版本只读 1）",
                    "unsupported schema_version = {v} (this version reads 1)"
                ),
            );
        }
        let meta = self.meta(raw.plan);
        self.types = self.school_types(raw.school_types);
        let scopes = self.scopes(raw.scopes);
        let scope_ids: Vec<String> = scopes.iter().map(|s| s.id.clone()).collect();
        let institutions = self.institutions(raw.institutions, &scope_ids, Code::PlanDuplicate);
        self.identities(&[], &institutions, Code::PlanDuplicate);
        let institutions = institutions.into_iter().map(|(_, i)| i).collect();
        let fields = self.fields(raw.fields);
        let school_types = self.types.clone();
        let rosters = self.rosters(raw.rosters, &fields);
        let mut plan = Plan {
            meta,
            school_types,
            scopes,
            institutions,
            fields,
            tasks: Vec::new(),
            rules: Vec::new(),
            rosters,
        };
        self.tasks(raw.tasks, &mut plan);
        plan
    }

    pub(super) fn meta(&mut self, m: RawMeta) -> Meta {
        let issued = self.date(m.issued.get_ref(), &m.issued.span()).unwrap_or_default();
        let (period_span, period) = (m.period.span(), m.period.into_inner());
        if period[0] > period[1] {
            self.err(
                Code::PlanValue,
                &period_span,
                text!("plan.period 的起始年晚于结束年", "plan.period starts after it ends"),
            );
        }
        let data_years = match m.data_years {
            Some(spanned) => {
                let span = spanned.span();
                let [from, to] = spanned.into_inner();
                let (start, end) = (period[0], period[1]);
                if from > to || !(1949..=2100).contains(&from) || !(1949..=2100).contains(&to) {
                    self.err(
                        Code::PlanValue,
                        &span,
                        text!(
                            "plan.data_years = [{from}, {to}] 不是 1949—2100 之间由早到晚的两个年份",
                            "plan.data_years = [{from}, {to}] is not two years from 1949 to 2100, earlier first"
                        ),
                    );
                } else if from > start || to < end {
                    self.err(
                        Code::PlanValue,
                        &span,
                        text!(
                            "plan.data_years = [{from}, {to}] 未包含计划期 {start}—{end}",
                            "plan.data_years = [{from}, {to}] does not cover the plan period {start}–{end}"
                        ),
                    );
                }
                (from, to)
            }
            None => (period[0] - Meta::DATA_YEARS_BEFORE, period[1] + Meta::DATA_YEARS_AFTER),
        };
        Meta {
            id: m.id,
            data_years,
            title: Text::new(m.title, m.title_en),
            doc_number: m.doc_number,
            issuer: Text::new(m.issuer, m.issuer_en),
            issued,
            period: (period[0], period[1]),
            source: m.source.map(Spanned::into_inner),
        }
    }

    pub(super) fn date(&mut self, d: &Datetime, span: &Range<usize>) -> Option<NaiveDate> {
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

    /// The declared school types: keys unique lowercase words, no label or alias
    /// naming two types, at least one type.
    pub(super) fn school_types(&mut self, raw: Vec<Spanned<RawSchoolType>>) -> Vec<SchoolTypeDef> {
        if raw.is_empty() {
            self.err(
                Code::PlanCoverage,
                &(0..0),
                text!(
                    "计划没有声明学校类型：至少写一个 [[school_types]]",
                    "the plan declares no school type: add at least one [[school_types]]"
                ),
            );
        }
        let mut out: Vec<SchoolTypeDef> = Vec::new();
        for t in raw {
            let span = t.span();
            let t = t.into_inner();
            let (key_span, key) = (t.key.span(), t.key.get_ref());
            let key_ok = !key.is_empty()
                && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !key_ok {
                self.err(
                    Code::PlanValue,
                    &key_span,
                    text!(
                        "学校类型 key「{key}」应为小写英文字母、数字、下划线",
                        "school type key {key:?} should be lowercase ASCII letters, digits and underscores"
                    ),
                );
            }
            if t.label.trim().is_empty() || t.label_en.trim().is_empty() {
                self.err(
                    Code::PlanValue,
                    &span,
                    text!(
                        "学校类型「{key}」缺少 label 或 label_en",
                        "school type {key:?} needs label and label_en"
                    ),
                );
            }
            let def = SchoolTypeDef {
                key: t.key.into_inner(),
                label: Text::new(t.label, t.label_en),
                aliases: t.aliases,
            };
            let names = [&def.key, &def.label.zh, &def.label.en].into_iter().chain(&def.aliases);
            if let Some(name) = names.into_iter().find(|n| out.iter().any(|o| o.is_named(n))) {
                self.err(
                    Code::PlanDuplicate,
                    &span,
                    text!("「{name}」同时是两个学校类型的名称", "{name:?} names two school types"),
                );
                continue;
            }
            if out.len() >= usize::from(u8::MAX) {
                self.err(Code::PlanValue, &span, text!("学校类型过多", "too many school types"));
                break;
            }
            out.push(def);
        }
        out
    }

    pub(super) fn school_type(&self, s: &str) -> Option<SchoolType> {
        self.types.iter().position(|t| t.is_named(s)).and_then(|i| u8::try_from(i).ok()).map(SchoolType)
    }

    pub(super) fn unknown_type(&self, t: &str) -> Text {
        let zh: Vec<&str> = self.types.iter().map(|d| d.label.zh.as_str()).collect();
        let keys: Vec<&str> = self.types.iter().map(|d| d.key.as_str()).collect();
        let (zh, keys) = (zh.join(" / "), keys.join(" / "));
        text!("学校类型「{t}」未知（{zh}）", "unknown school type {t:?} ({keys})")
    }

    pub(super) fn scopes(&mut self, raw: Vec<Spanned<RawScope>>) -> Vec<ScopeDef> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for s in raw {
            let s = s.into_inner();
            let (id_span, id) = (s.id.span(), s.id.into_inner());
            if !seen.insert(id.clone()) || self.school_type(&id).is_some() {
                self.err(
                    Code::PlanDuplicate,
                    &id_span,
                    text!(
                        "范围 id「{id}」重复或与学校类型同名",
                        "scope id {id:?} is repeated or names a school type"
                    ),
                );
            }
            let mut types = Vec::new();
            for t in &s.types {
                match self.school_type(t.get_ref()) {
                    Some(t) => types.push(t),
                    None => {
                        let message = self.unknown_type(t.get_ref());
                        self.err(Code::PlanReference, &t.span(), message)
                    }
                }
            }
            out.push(ScopeDef { id, label: Text::new(s.label, s.label_en), types });
        }
        out
    }

    fn institutions(
        &mut self,
        raw: Vec<Spanned<RawInstitution>>,
        scope_ids: &[String],
        dup_code: Code,
    ) -> Vec<(identities::Placed, Institution)> {
        let mut ids = HashSet::new();
        let mut out = Vec::new();
        for i in raw {
            let i = i.into_inner();
            let (id_span, id) = (i.id.span(), i.id.into_inner());
            if !ids.insert(id.clone()) || scope_ids.contains(&id) || self.school_type(&id).is_some() {
                self.err(
                    dup_code,
                    &id_span,
                    text!(
                        "学校 id「{id}」重复，或与范围、学校类型同名",
                        "institution id {id:?} is repeated or clashes with a scope or school type"
                    ),
                );
            }
            let Some(school_type) = self.school_type(i.school_type.get_ref()) else {
                let message = self.unknown_type(i.school_type.get_ref());
                self.err(Code::PlanReference, &i.school_type.span(), message);
                continue;
            };
            let placed = identities::Placed {
                id: id_span,
                name: i.name.span(),
                school_type: i.school_type.span(),
                aliases: i.aliases.iter().map(Spanned::span).collect(),
                code: i.code.as_ref().map(Spanned::span),
            };
            out.push((
                placed,
                Institution {
                    id,
                    name: i.name.into_inner(),
                    name_en: i.name_en,
                    school_type,
                    aliases: i.aliases.into_iter().map(Spanned::into_inner).collect(),
                    code: i.code.map(Spanned::into_inner),
                },
            ));
        }
        out
    }

    pub(super) fn tasks(&mut self, raw: Vec<Spanned<RawTask>>, plan: &mut Plan) {
        let mut numbers = HashSet::new();
        let mut rule_ids = HashSet::new();
        let mut seen = labels::Seen::default();
        for t in raw {
            let span = t.span();
            let t = t.into_inner();
            let number = *t.number.get_ref();
            if !numbers.insert(number) {
                self.err(
                    Code::PlanDuplicate,
                    &t.number.span(),
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
            let labelled = self.labels(&t, &mut seen);
            for r in t.rules {
                let rspan = r.span();
                let r = r.into_inner();
                if !rule_ids.insert(r.id.get_ref().clone()) {
                    let id = r.id.get_ref();
                    self.err(
                        Code::PlanDuplicate,
                        &r.id.span(),
                        text!("规则 id「{id}」重复", "rule id {id:?} is repeated"),
                    );
                }
                if let Some(rule) = self.rule(r, number, &rspan, plan) {
                    plan.rules.push(rule);
                }
            }
            plan.tasks.push(Task {
                number,
                action_en: t.action_en.map(Spanned::into_inner).filter(|_| labelled),
                sub_action_en: t.sub_action_en.map(Spanned::into_inner).filter(|_| labelled),
                sections_en: t.sections_en.map(Spanned::into_inner).filter(|_| labelled),
                action: t.action,
                sub_action: t.sub_action,
                task: t.task,
                indicator: t.indicator,
                sections: t.sections,
                implementers: t.implementers,
                citations: t
                    .citations
                    .into_iter()
                    .map(|c| {
                        let c = c.into_inner();
                        Citation { clause: c.clause, text: c.text.into_inner() }
                    })
                    .collect(),
            });
        }
        plan.tasks.sort_by_key(|t| t.number);
    }
}
