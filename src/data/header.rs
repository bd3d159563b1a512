//! Matching a file's header row to the plan's fields.
//!
//! A header may be the field's English key, its Chinese label, its English label or
//! one of its aliases, compared after folding (width, case, spaces; see `fold`).
//! Nothing is matched by similarity: a near miss is an `unknown-column` warning with
//! a "did you mean" suggestion, and the column is ignored. Two columns meaning the
//! same field is an error, because either choice would be a guess.

use std::collections::HashMap;

use super::identity::Identity;
use super::model::ColumnRef;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::fold::{closest, fold};
use crate::plan::Plan;
use crate::text;

/// Which column holds what.
#[derive(Debug, Clone, Default)]
pub struct HeaderMap {
    pub identity: HashMap<Identity, ColumnRef>,
    /// Indexed by `FieldId`.
    pub fields: Vec<Option<ColumnRef>>,
    /// Columns with an empty header: values found there are reported, not read.
    pub blank: Vec<usize>,
}

/// Builds the lookup from folded header names to what they mean.
#[derive(Debug)]
pub struct HeaderIndex {
    names: HashMap<String, Target>,
    suggestions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Identity(Identity),
    Field(usize),
}

impl HeaderIndex {
    pub fn new(plan: &Plan) -> HeaderIndex {
        let mut names = HashMap::new();
        let mut suggestions = Vec::new();
        for id in Identity::ALL {
            for n in id.names() {
                names.insert(fold(n), Target::Identity(id));
            }
            suggestions.push(id.label().zh);
        }
        for (i, f) in plan.fields.iter().enumerate() {
            for n in [&f.key, &f.label.zh, &f.label.en].into_iter().chain(&f.aliases) {
                names.insert(fold(n), Target::Field(i));
            }
            suggestions.push(f.label.zh.clone());
            suggestions.push(f.key.clone());
        }
        HeaderIndex { names, suggestions }
    }

    /// Whether these cells include both the school and the year column names: what
    /// marks a row as the header.
    pub fn names_identity<'c>(&self, cells: impl Iterator<Item = &'c str>) -> bool {
        let (mut school, mut year) = (false, false);
        for c in cells {
            match self.names.get(&fold(c)) {
                Some(Target::Identity(Identity::School)) => school = true,
                Some(Target::Identity(Identity::Year)) => year = true,
                _ => {}
            }
        }
        school && year
    }

    /// Maps `headers` of `file`, reporting unknown, duplicate and missing columns.
    pub fn map(
        &self,
        plan: &Plan,
        headers: &[String],
        file: &str,
        header_line: u32,
        diags: &mut Diagnostics,
    ) -> HeaderMap {
        let mut map = HeaderMap { fields: vec![None; plan.fields.len()], ..HeaderMap::default() };
        let mut seen: HashMap<Target, usize> = HashMap::new();
        for (index, header) in headers.iter().enumerate() {
            let folded = fold(header);
            let loc = || Location::file(file).row(header_line).column(index, header.trim());
            if folded.is_empty() {
                map.blank.push(index);
                continue;
            }
            let Some(&target) = self.names.get(&folded) else {
                let mut d = Diagnostic::new(
                    Code::UnknownColumn,
                    loc(),
                    text!(
                        "列「{header}」不是计划中的字段，已忽略",
                        "column {header:?} is not a field of the plan and is ignored"
                    ),
                )
                .value(header.clone());
                if let Some(s) = closest(header, self.suggestions.iter().map(String::as_str)) {
                    d = d.hint(text!("是不是「{s}」？", "did you mean {s:?}?"));
                } else {
                    d = d.hint(text!(
                        "用 wjvet rules --fields 查看所有字段名",
                        "list every field name with wjvet rules --fields"
                    ));
                }
                diags.push(d);
                continue;
            };
            if let Some(&first) = seen.get(&target) {
                let first_name = headers[first].trim();
                let first_letter = crate::diag::column_letter(first);
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateColumn,
                        loc(),
                        text!(
                            "列「{header}」与 {first_letter} 列「{first_name}」是同一字段",
                            "column {header:?} is the same field as column {first_letter} {first_name:?}"
                        ),
                    )
                    .value(header.clone())
                    .hint(text!("删除其中一列", "delete one of the two columns")),
                );
                continue;
            }
            seen.insert(target, index);
            let col = ColumnRef { index, header: header.trim().to_string() };
            match target {
                Target::Identity(id) => {
                    map.identity.insert(id, col);
                }
                Target::Field(f) => map.fields[f] = Some(col),
            }
        }
        for id in Identity::ALL.into_iter().filter(|i| i.required()) {
            if !map.identity.contains_key(&id) {
                let label = id.label();
                let (zh, en, key) = (&label.zh, &label.en, id.key());
                diags.push(
                    Diagnostic::new(
                        Code::MissingIdentityColumn,
                        Location::file(file).row(header_line),
                        text!("缺少「{zh}」列", "the {en:?} column is missing"),
                    )
                    .expected(text!("表头中有「{zh}」（或 {key}）", "a header {zh:?} (or {key})"))
                    .hint(text!(
                        "表头读自第 {header_line} 行；用 wjvet template 生成的模板已包含此列",
                        "the header was read from row {header_line}; the template from wjvet template has this column"
                    )),
                );
            }
        }
        map
    }
}
