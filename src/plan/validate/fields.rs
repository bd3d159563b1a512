//! Validating the plan's input fields: keys, labels and aliases unique across fields
//! and identity columns, types known, limits only on numbers and only to numbers.

use std::collections::HashMap;

use toml::Spanned;

use super::Cx;
use crate::diag::Code;
use crate::lang::Text;
use crate::plan::model::*;
use crate::plan::raw::*;
use crate::text;

impl Cx<'_> {
    pub(super) fn fields(&mut self, raw: Vec<Spanned<RawField>>) -> Vec<Field> {
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
            let (key_span, key) = (f.key.span(), f.key.get_ref().clone());
            if !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                || key.is_empty()
            {
                self.err(
                    Code::PlanValue,
                    &key_span,
                    text!(
                        "字段键「{key}」只能用小写字母、数字和下划线",
                        "field key {key:?} may hold only lowercase letters, digits and underscores"
                    ),
                );
            }
            if keys.insert(key.clone(), idx).is_some() {
                self.err(
                    Code::PlanDuplicate,
                    &key_span,
                    text!("字段键「{key}」重复", "field key {key:?} is repeated"),
                );
            }
            for label in [&f.label, &f.label_en] {
                if label.get_ref().trim().is_empty() {
                    self.err(
                        Code::PlanValue,
                        &label.span(),
                        text!("字段「{key}」的名称是空的", "field {key:?} has an empty label"),
                    );
                }
            }
            for n in [&f.key, &f.label, &f.label_en].into_iter().chain(&f.aliases) {
                let (at, n) = (n.span(), n.get_ref());
                if names.insert(crate::fold::fold(n), Some(idx)).is_some_and(|owner| owner != Some(idx)) {
                    self.err(
                        Code::PlanDuplicate,
                        &at,
                        text!(
                            "表头名称「{n}」被两个字段使用（或与身份列重名）",
                            "header name {n:?} is used by two fields (or by an identity column)"
                        ),
                    );
                }
            }
            let kind = FieldKind::parse(f.kind.get_ref()).unwrap_or_else(|| {
                let k = f.kind.get_ref();
                self.err(
                    Code::PlanValue,
                    &f.kind.span(),
                    text!(
                        "字段类型「{k}」未知（可用：count、decimal、percent、bool、date、completion、text）",
                        "unknown field type {k:?} (use count, decimal, percent, bool, date, completion, text)"
                    ),
                );
                FieldKind::Text
            });
            let at_most =
                f.at_most.map(|a| (a.span(), a.into_inner())).unwrap_or_else(|| (span.clone(), Vec::new()));
            if (f.min.is_some() || !at_most.1.is_empty()) && !kind.is_numeric() {
                let at = f.min.as_ref().map_or_else(|| at_most.0.clone(), Spanned::span);
                self.err(
                    Code::PlanRuleShape,
                    &at,
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
            pending_at_most.push(at_most);
            out.push(Field {
                key,
                label: Text::new(f.label.into_inner(), f.label_en.into_inner()),
                kind,
                unit,
                min: f.min.map(Spanned::into_inner),
                at_most: Vec::new(),
                aliases: f.aliases.into_iter().map(Spanned::into_inner).collect(),
                description: f.description,
            });
        }
        let mut spans = Vec::new();
        for (idx, (span, refs)) in pending_at_most.into_iter().enumerate() {
            for r in refs {
                match keys.get(&r) {
                    Some(&j) if j == idx => {
                        self.err(
                            Code::PlanValue,
                            &span,
                            text!("字段「{r}」的 at_most 指向它自己", "field {r:?} is at_most itself"),
                        );
                    }
                    Some(&j) if out[j].kind.is_numeric() => {
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
            spans.push(span);
        }
        self.at_most_cycles(&out, &spans);
        out
    }

    /// `at_most` chains may not loop back (a ≤ b ≤ a): such fields could only ever be
    /// equal, which is surely a slip. Each cycle is reported once, at the `at_most`
    /// key of its first field.
    fn at_most_cycles(&mut self, fields: &[Field], spans: &[std::ops::Range<usize>]) {
        // Iterative depth-first search with colours: 0 unseen, 1 on the path, 2 done.
        let mut colour = vec![0u8; fields.len()];
        for start in 0..fields.len() {
            if colour[start] != 0 {
                continue;
            }
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            colour[start] = 1;
            while let Some(&mut (node, ref mut next)) = path.last_mut() {
                if let Some(succ) = fields[node].at_most.get(*next).map(|f| f.index()) {
                    *next += 1;
                    match colour[succ] {
                        0 => {
                            colour[succ] = 1;
                            path.push((succ, 0));
                        }
                        1 => {
                            let from = path.iter().position(|(n, _)| *n == succ).unwrap_or(0);
                            let mut names: Vec<&str> =
                                path[from..].iter().map(|(n, _)| fields[*n].key.as_str()).collect();
                            names.push(&fields[succ].key);
                            let chain = names.join(" ≤ ");
                            self.err(
                                Code::PlanValue,
                                &spans[succ],
                                text!("at_most 形成了循环：{chain}", "at_most forms a cycle: {chain}"),
                            );
                        }
                        _ => {}
                    }
                } else {
                    colour[node] = 2;
                    path.pop();
                }
            }
        }
    }
}
