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
}
