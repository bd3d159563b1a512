//! Validating the plan's `[[rosters]]`: columns, derived counts and record checks.
//!
//! Every name a condition uses is resolved here and every test is checked against
//! the kind of column it reads, so a roster row is evaluated without a single lookup
//! by name and no condition can compare a date with a number. A field may be verified
//! by one count only: two rosters disagreeing about one figure would leave the
//! cross-check without an answer.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::Cx;
use crate::diag::Code;
use crate::fold::fold;
use crate::lang::Text;
use crate::plan::model::{Field, FieldId, FieldKind};
use crate::plan::raw_roster::*;
use crate::roster::model::{self as m, ColumnId, ColumnKind};
use crate::text;

fn key_ok(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Cx<'_> {
    pub(super) fn rosters(&mut self, raw: Vec<Spanned<RawRoster>>, fields: &[Field]) -> Vec<m::Roster> {
        let mut out: Vec<m::Roster> = Vec::new();
        let mut verified: HashMap<usize, String> = HashMap::new();
        let mut check_ids: HashMap<String, ()> = HashMap::new();
        for r in raw {
            let span = r.span();
            let r = r.into_inner();
            let key = r.key.get_ref().clone();
            if !key_ok(&key) {
                self.err(
                    Code::PlanValue,
                    &r.key.span(),
                    text!(
                        "花名册 key「{key}」只能用小写字母、数字和下划线",
                        "roster key {key:?} may hold only lowercase letters, digits and underscores"
                    ),
                );
            }
            if out.iter().any(|o| o.key == key) {
                self.err(
                    Code::PlanDuplicate,
                    &r.key.span(),
                    text!("花名册 key「{key}」重复", "roster key {key:?} is repeated"),
                );
            }
            if r.label.trim().is_empty() || r.label_en.trim().is_empty() {
                self.err(
                    Code::PlanValue,
                    &span,
                    text!("花名册「{key}」的名称是空的", "roster {key:?} has an empty label"),
                );
            }
            let columns = self.roster_columns(&key, r.columns);
            if !columns.iter().any(|c| c.required) {
                self.err(
                    Code::PlanRuleShape,
                    &span,
                    text!(
                        "花名册「{key}」没有必填列：文件靠必填列的表头识别",
                        "roster {key:?} has no required column: a file is recognised by its required columns' headers"
                    ),
                );
            }
            let mut roster = m::Roster {
                key: key.clone(),
                label: Text::new(r.label, r.label_en),
                description: r.description,
                columns,
                unique: Vec::new(),
                counts: Vec::new(),
                checks: Vec::new(),
            };
            for u in &r.unique {
                if let Some(c) = self.column_ref(&roster, u.get_ref(), &u.span()) {
                    roster.unique.push(c);
                }
            }
            for c in r.checks {
                let at = c.span();
                let c = c.into_inner();
                let id = c.id.get_ref().clone();
                if check_ids.insert(id.clone(), ()).is_some() {
                    self.err(
                        Code::PlanDuplicate,
                        &c.id.span(),
                        text!("记录规则 id「{id}」重复", "record check id {id:?} is repeated"),
                    );
                }
                let severity = match c.severity.get_ref().as_str() {
                    "error" => m::CheckSeverity::Error,
                    "warning" => m::CheckSeverity::Warning,
                    other => {
                        self.err(
                            Code::PlanValue,
                            &c.severity.span(),
                            text!(
                                "severity「{other}」应为 error 或 warning",
                                "severity {other:?} should be error or warning"
                            ),
                        );
                        m::CheckSeverity::Error
                    }
                };
                let when = self.conditions(&roster, c.when);
                let require = self.conditions(&roster, c.require);
                let group = c.group.and_then(|g| self.group_limit(&roster, g));
                if require.is_empty() && group.is_none() {
                    self.err(
                        Code::PlanRuleShape,
                        &at,
                        text!(
                            "记录规则「{id}」既没有 require 也没有 group：它什么也不检查",
                            "record check {id:?} has neither require nor group: it checks nothing"
                        ),
                    );
                }
                roster.checks.push(m::RecordCheck {
                    id,
                    label: Text::new(c.label, c.label_en),
                    article: Text::new(c.article, c.article_en),
                    severity,
                    when,
                    require,
                    group,
                    interpretation: c.interpretation,
                });
            }
            for c in r.counts {
                let c = c.into_inner();
                let (vspan, name) = (c.verifies.span(), c.verifies.get_ref().clone());
                let field = fields.iter().position(|f| f.key == name);
                let when = self.conditions(&roster, c.when);
                match field {
                    Some(i) if fields[i].kind == FieldKind::Count => {
                        if let Some(other) = verified.insert(i, key.clone()) {
                            self.err(
                                Code::PlanDuplicate,
                                &vspan,
                                text!(
                                    "字段「{name}」已由花名册「{other}」的计数核对：一个字段只能由一个计数核对",
                                    "field {name:?} is already verified by a count of roster {other:?}: one count per field"
                                ),
                            );
                        }
                        roster.counts.push(m::Count {
                            verifies: FieldId(u16::try_from(i).unwrap_or(u16::MAX)),
                            when,
                            lawful_only: c.lawful_only,
                            interpretation: c.interpretation,
                        });
                    }
                    _ => self.err(
                        Code::PlanReference,
                        &vspan,
                        text!(
                            "verifies 指向未知字段或非计数字段「{name}」",
                            "verifies names an unknown or non-count field {name:?}"
                        ),
                    ),
                }
            }
            out.push(roster);
        }
        out
    }

    fn roster_columns(&mut self, roster: &str, raw: Vec<Spanned<RawColumn>>) -> Vec<m::Column> {
        let mut names: HashMap<String, usize> = HashMap::new();
        for n in crate::data::Identity::ALL.iter().flat_map(|i| i.names()) {
            names.insert(fold(n), usize::MAX);
        }
        let mut out: Vec<m::Column> = Vec::new();
        let mut births = Vec::new();
        for (idx, c) in raw.into_iter().enumerate() {
            let c = c.into_inner();
            let key = c.key.get_ref().clone();
            if !key_ok(&key) {
                self.err(
                    Code::PlanValue,
                    &c.key.span(),
                    text!(
                        "列 key「{key}」只能用小写字母、数字和下划线",
                        "column key {key:?} may hold only lowercase letters, digits and underscores"
                    ),
                );
            }
            if out.iter().any(|o| o.key == key) {
                self.err(
                    Code::PlanDuplicate,
                    &c.key.span(),
                    text!("列 key「{key}」重复", "column key {key:?} is repeated"),
                );
            }
            if c.label.get_ref().trim().is_empty() || c.label_en.trim().is_empty() {
                self.err(
                    Code::PlanValue,
                    &c.label.span(),
                    text!("列「{key}」的名称是空的", "column {key:?} has an empty label"),
                );
            }
            for n in [c.key.get_ref(), c.label.get_ref(), &c.label_en].into_iter().chain(&c.aliases) {
                if names.insert(fold(n), idx).is_some_and(|o| o != idx) {
                    self.err(
                        Code::PlanDuplicate,
                        &c.label.span(),
                        text!(
                            "花名册「{roster}」的表头名称「{n}」被两列使用（或与身份列重名）",
                            "header name {n:?} of roster {roster:?} is used by two columns (or an identity column)"
                        ),
                    );
                }
            }
            let choices: Vec<String> = c.choices.iter().map(|s| s.get_ref().clone()).collect();
            let kind = match c.kind.get_ref().as_str() {
                "text" => ColumnKind::Text,
                "count" => ColumnKind::Count,
                "decimal" => ColumnKind::Decimal,
                "bool" => ColumnKind::Bool,
                "date" => ColumnKind::Date,
                "choice" => ColumnKind::Choice(choices.clone()),
                "id_number" => ColumnKind::IdNumber,
                "name" => ColumnKind::Name,
                other => {
                    self.err(
                        Code::PlanValue,
                        &c.kind.span(),
                        text!(
                            "列类型「{other}」未知（可用：text、count、decimal、bool、date、choice、id_number、name）",
                            "unknown column type {other:?} (use text, count, decimal, bool, date, choice, id_number, name)"
                        ),
                    );
                    ColumnKind::Text
                }
            };
            let is_choice = matches!(kind, ColumnKind::Choice(_));
            if is_choice == choices.is_empty() {
                self.err(
                    Code::PlanRuleShape,
                    &c.kind.span(),
                    text!(
                        "列「{key}」：choice 列必须有 choices，其他列不能有",
                        "column {key:?}: a choice column needs choices and no other column may have them"
                    ),
                );
            }
            if let Some(b) = &c.or_birth_date_of {
                births.push((idx, b.get_ref().clone(), b.span()));
                if kind != ColumnKind::Date {
                    self.err(
                        Code::PlanRuleShape,
                        &b.span(),
                        text!(
                            "只有日期列可以设 or_birth_date_of",
                            "only a date column may have or_birth_date_of"
                        ),
                    );
                }
            }
            out.push(m::Column {
                key,
                label: Text::new(c.label.into_inner(), c.label_en),
                kind,
                required: c.required,
                aliases: c.aliases,
                description: c.description,
                birth_date_of: None,
            });
        }
        for (idx, name, span) in births {
            match out.iter().position(|c| c.key == name) {
                Some(j) if out[j].kind == ColumnKind::IdNumber => {
                    out[idx].birth_date_of = Some(ColumnId(j as u16))
                }
                _ => self.err(
                    Code::PlanReference,
                    &span,
                    text!(
                        "or_birth_date_of 应指向身份证号（id_number）列，而不是「{name}」",
                        "or_birth_date_of should name an id_number column, not {name:?}"
                    ),
                ),
            }
        }
        out
    }

    fn column_ref(&mut self, roster: &m::Roster, name: &str, span: &Range<usize>) -> Option<ColumnId> {
        let found = roster.columns.iter().position(|c| c.key == name).map(|i| ColumnId(i as u16));
        if found.is_none() {
            let key = &roster.key;
            self.err(
                Code::PlanReference,
                span,
                text!("花名册「{key}」没有列「{name}」", "roster {key:?} has no column {name:?}"),
            );
        }
        found
    }

    fn group_limit(&mut self, roster: &m::Roster, g: RawGroupLimit) -> Option<m::GroupLimit> {
        let by = self.column_ref(roster, g.by.get_ref(), &g.by.span());
        if let Some(by) =
            by.filter(|b| !matches!(roster.column(*b).kind, ColumnKind::Text | ColumnKind::Choice(_)))
        {
            let name = &roster.column(by).key;
            self.err(
                Code::PlanRuleShape,
                &g.by.span(),
                text!(
                    "group 的 by 应指向文本列或选项列，「{name}」不是",
                    "a group's by should name a text or choice column; {name:?} is not"
                ),
            );
        }
        let of = self.column_ref(roster, g.at_most_share_of.get_ref(), &g.at_most_share_of.span());
        if let Some(of) = of.filter(|o| !roster.column(*o).kind.is_numeric()) {
            let name = &roster.column(of).key;
            self.err(
                Code::PlanRuleShape,
                &g.at_most_share_of.span(),
                text!(
                    "at_most_share_of 应指向数值列，「{name}」不是",
                    "at_most_share_of should name a number column; {name:?} is not"
                ),
            );
        }
        let share = crate::num::parse_share(g.share.get_ref())
            .filter(|s| *s > crate::num::Num::from_integer(0) && *s <= crate::num::Num::from_integer(1));
        if share.is_none() {
            let s = g.share.get_ref();
            self.err(
                Code::PlanValue,
                &g.share.span(),
                text!(
                    "share「{s}」应为 0 到 100% 之间的比例，如 \"10%\"",
                    "share {s:?} should be a share above 0 and at most 100%, e.g. \"10%\""
                ),
            );
        }
        Some(m::GroupLimit { by: by?, of: of?, share: share? })
    }

    fn conditions(&mut self, roster: &m::Roster, raw: Vec<Spanned<RawCondition>>) -> Vec<m::Condition> {
        raw.into_iter().filter_map(|c| self.record_condition(roster, c)).collect()
    }

    fn record_condition(&mut self, roster: &m::Roster, raw: Spanned<RawCondition>) -> Option<m::Condition> {
        let span = raw.span();
        let c = raw.into_inner();
        let column = self.column_ref(roster, &c.column, &span)?;
        let col = roster.column(column).clone();
        let name = col.key.clone();
        let tests = [
            c.is.is_some(),
            c.is_not.is_some(),
            c.filled.is_some(),
            c.at_least.is_some(),
            c.at_most.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if tests != 1 {
            self.err(
                Code::PlanRuleShape,
                &span,
                text!(
                    "条件（列「{name}」）应恰好有一个检验：is、is_not、filled、at_least 或 at_most",
                    "a condition (column {name:?}) needs exactly one test: is, is_not, filled, at_least or at_most"
                ),
            );
            return None;
        }
        let bad = |cx: &mut Self, zh: String, en: String| {
            cx.err(Code::PlanRuleShape, &span, Text::new(zh, en));
        };
        let words = |w: OneOrMany| match w {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        };
        if (c.times.is_some() || c.plus_months.is_some()) && c.at_least.is_none() && c.at_most.is_none() {
            bad(
                self,
                format!("列「{name}」：times、plus_months 只能与 at_least、at_most 同用"),
                format!("column {name:?}: times and plus_months go with at_least or at_most only"),
            );
            return None;
        }
        let test = if let Some(w) = c.is.or(c.is_not.as_ref().map(|_| OneOrMany::Many(Vec::new()))) {
            let negate = c.is_not.is_some();
            let list = if negate { c.is_not.map(words).unwrap_or_default() } else { words(w) };
            self.word_test(&col, list, negate, &span)?
        } else if let Some(f) = c.filled {
            m::Test::Filled(f)
        } else {
            let at_least = c.at_least.is_some();
            let operand = c.at_least.or(c.at_most)?;
            let with = self.operand(roster, &col, operand, c.times, c.plus_months, &span)?;
            m::Test::Compare { at_least, with }
        };
        Some(m::Condition { column, test })
    }

    fn word_test(
        &mut self,
        col: &m::Column,
        list: Vec<String>,
        negate: bool,
        span: &Range<usize>,
    ) -> Option<m::Test> {
        let name = &col.key;
        match &col.kind {
            ColumnKind::Bool => {
                let [w] = list.as_slice() else {
                    self.err(
                        Code::PlanRuleShape,
                        span,
                        text!(
                            "是/否列「{name}」只能与一个词比较",
                            "yes/no column {name:?} compares with one word"
                        ),
                    );
                    return None;
                };
                let b = match crate::data::normalise(w).as_ref() {
                    s if crate::data::BOOL_YES.contains(&s) => true,
                    s if crate::data::BOOL_NO.contains(&s) => false,
                    _ => {
                        self.err(Code::PlanValue, span, text!("「{w}」不是 是/否", "{w:?} is not yes or no"));
                        return None;
                    }
                };
                Some(m::Test::IsBool(b != negate))
            }
            ColumnKind::Choice(_) | ColumnKind::Text if !list.is_empty() => {
                if let ColumnKind::Choice(choices) = &col.kind {
                    for w in &list {
                        if !choices.iter().any(|c| fold(c) == fold(w)) {
                            let all = choices.join(" / ");
                            self.err(
                                Code::PlanValue,
                                span,
                                text!(
                                    "「{w}」不是列「{name}」的选项（{all}）",
                                    "{w:?} is not a choice of column {name:?} ({all})"
                                ),
                            );
                            return None;
                        }
                    }
                }
                let folded: Vec<String> = list.iter().map(|w| fold(w)).collect();
                let choices = match &col.kind {
                    ColumnKind::Choice(choices) => {
                        choices.iter().map(|c| folded.contains(&fold(c))).collect()
                    }
                    _ => Vec::new(),
                };
                let words = m::Words { folded, choices };
                Some(if negate { m::Test::IsNot(words) } else { m::Test::Is(words) })
            }
            _ => {
                self.err(
                    Code::PlanRuleShape,
                    span,
                    text!(
                        "列「{name}」不能用 is / is_not 比较",
                        "column {name:?} cannot be tested with is / is_not"
                    ),
                );
                None
            }
        }
    }

    fn operand(
        &mut self,
        roster: &m::Roster,
        col: &m::Column,
        raw: Operand,
        times: Option<String>,
        plus_months: Option<i32>,
        span: &Range<usize>,
    ) -> Option<m::Operand> {
        let name = &col.key;
        let is_date = col.kind == ColumnKind::Date;
        if !is_date && !col.kind.is_numeric() {
            self.err(
                Code::PlanRuleShape,
                span,
                text!(
                    "列「{name}」不是数值或日期，不能用 at_least / at_most",
                    "column {name:?} is neither a number nor a date: no at_least / at_most"
                ),
            );
            return None;
        }
        let times = match times {
            None => None,
            Some(t) => match crate::num::parse_share(&t) {
                Some(n) if n > crate::num::Num::from_integer(0) => Some(n),
                _ => {
                    self.err(
                        Code::PlanValue,
                        span,
                        text!(
                            "times「{t}」不是正数或百分比",
                            "times {t:?} is not a positive number or percentage"
                        ),
                    );
                    return None;
                }
            },
        };
        let (name_or_num, plus) = match raw {
            Operand::Integer(i) => {
                if is_date || times.is_some() || plus_months.is_some() {
                    self.err(
                        Code::PlanRuleShape,
                        span,
                        text!("列「{name}」的比较对象不合适", "column {name:?} cannot be compared with that"),
                    );
                    return None;
                }
                return Some(m::Operand::Number(crate::num::Num::from_integer(i128::from(i))));
            }
            Operand::Name(s) => (s, plus_months.unwrap_or(0)),
        };
        if name_or_num == "as_of" {
            if !is_date || times.is_some() {
                self.err(
                    Code::PlanRuleShape,
                    span,
                    text!("只有日期列能与 as_of 比较", "only a date column compares with as_of"),
                );
                return None;
            }
            return Some(m::Operand::AsOf { plus_months: plus });
        }
        if let Some(other) = roster.columns.iter().position(|c| c.key == name_or_num) {
            let o = &roster.columns[other];
            let fits = if is_date {
                o.kind == ColumnKind::Date && times.is_none()
            } else {
                o.kind.is_numeric() && plus_months.is_none()
            };
            if !fits {
                let on = &o.key;
                self.err(
                    Code::PlanRuleShape,
                    span,
                    text!(
                        "列「{name}」不能与列「{on}」这样比较",
                        "column {name:?} cannot be compared with column {on:?} this way"
                    ),
                );
                return None;
            }
            return Some(m::Operand::Column { column: ColumnId(other as u16), times, plus_months: plus });
        }
        match crate::num::parse_decimal(&name_or_num) {
            Some(n) if !is_date && times.is_none() && plus_months.is_none() => Some(m::Operand::Number(n)),
            _ => {
                let key = &roster.key;
                self.err(
                    Code::PlanReference,
                    span,
                    text!(
                        "「{name_or_num}」既不是花名册「{key}」的列，也不是 as_of 或数字",
                        "{name_or_num:?} is neither a column of roster {key:?}, nor as_of, nor a number"
                    ),
                );
                None
            }
        }
    }
}
