//! The English labels of a task's action, sub-action and responsible sections
//! (`action_en`, `sub_action_en`, `sections_en`), so `--lang en` reports name them
//! in English.
//!
//! They are optional — a plan without them shows the Chinese names in English
//! reports too — but when given they must be usable: no empty label, one English
//! name per section (same length as `sections`, same order), and one English name
//! per Chinese name across the plan, since the report groups tasks by the Chinese
//! name and can only print one English label for the group.

use std::collections::HashMap;
use std::ops::Range;

use super::Cx;
use crate::diag::Code;
use crate::plan::raw::RawTask;
use crate::text;

/// The English name first given to each Chinese name, with its task number.
#[derive(Default)]
pub(super) struct Seen(HashMap<String, (String, u32)>);

impl Cx<'_> {
    /// Checks `t`'s English labels; they are kept only when all of them hold.
    pub(super) fn labels(&mut self, t: &RawTask, seen: &mut Seen) -> bool {
        let number = *t.number.get_ref();
        let mut ok = true;
        let mut pairs: Vec<(&str, &str, &str, Range<usize>)> = Vec::new();
        if let Some(en) = &t.action_en {
            pairs.push(("action_en", &t.action, en.get_ref(), en.span()));
        }
        if let Some(en) = &t.sub_action_en {
            pairs.push(("sub_action_en", &t.sub_action, en.get_ref(), en.span()));
        }
        if let Some(spanned) = &t.sections_en {
            let en = spanned.get_ref();
            if en.len() == t.sections.len() {
                pairs.extend(
                    t.sections
                        .iter()
                        .zip(en)
                        .map(|(zh, en)| ("sections_en", zh.as_str(), en.as_str(), spanned.span())),
                );
            } else {
                let (m, n) = (en.len(), t.sections.len());
                self.err(
                    Code::PlanValue,
                    &spanned.span(),
                    text!(
                        "任务 {number}：sections_en 有 {m} 个名称，sections 有 {n} 个，应一一对应",
                        "task {number}: sections_en has {m} names for {n} sections; give one per section, in order"
                    ),
                );
                ok = false;
            }
        }
        for (key, zh, en, at) in pairs {
            if en.trim().is_empty() {
                self.err(
                    Code::PlanValue,
                    &at,
                    text!("任务 {number}：{key} 不能为空", "task {number}: {key} is empty"),
                );
                ok = false;
                continue;
            }
            match seen.0.get(zh) {
                Some((first, task)) if first != en => {
                    let task = *task;
                    self.err(
                        Code::PlanValue,
                        &at,
                        text!(
                            "任务 {number}：「{zh}」的英文名 {en:?} 与任务 {task} 的 {first:?} 不一致",
                            "task {number}: {zh:?} is called {en:?} here but {first:?} in task {task}; use one English name"
                        ),
                    );
                    ok = false;
                }
                Some(_) => {}
                None => {
                    seen.0.insert(zh.to_string(), (en.to_string(), number));
                }
            }
        }
        ok
    }
}
