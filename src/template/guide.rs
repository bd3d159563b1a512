//! What the template says about each column: its type, unit, limits, the forms a
//! cell may take, and the plan rules the value feeds.
//!
//! Shared by the workbook's input messages and its 填表说明 sheet, so both say the
//! same, and all of it derived from the plan: a field added to plan.toml is
//! explained without touching this file.

use crate::data::Identity;
use crate::lang::Text;
use crate::plan::{FieldId, FieldKind, Plan, Rule, RuleKind};
use crate::text;

/// The rules that read `field`, in plan order.
pub fn rules_using(plan: &Plan, field: FieldId) -> Vec<&Rule> {
    plan.rules.iter().filter(|r| fields_of(&r.kind).contains(&field)).collect()
}

fn fields_of(kind: &RuleKind) -> Vec<FieldId> {
    match kind {
        RuleKind::Threshold(c) | RuleKind::District(c) => c.measure.fields(),
        RuleKind::Count { condition, .. } => condition.measure.fields(),
        RuleKind::Growth { measure, .. } => measure.fields(),
        RuleKind::Milestone { field, evidence } | RuleKind::Filing { field, evidence } => {
            std::iter::once(*field).chain(*evidence).collect()
        }
        RuleKind::Evidence { field } => vec![*field],
        RuleKind::Manual { fields, .. } => fields.clone(),
        // They read findings, not cells: their parts' fields are listed with the parts.
        RuleKind::AllOf { .. } | RuleKind::ShareOf { .. } => Vec::new(),
    }
}

/// The type of a field in words.
pub fn kind_text(kind: FieldKind) -> Text {
    match kind {
        FieldKind::Count => text!("整数", "whole number"),
        FieldKind::Decimal => text!("数值", "number"),
        FieldKind::Percent => text!("百分比", "percentage"),
        FieldKind::Bool => text!("是/否", "yes/no"),
        FieldKind::Date => text!("日期", "date"),
        FieldKind::Completion => text!("完成日期或「未完成」", "completion date or 未完成"),
        FieldKind::Text => text!("文本", "text"),
    }
}

/// The forms a cell of this type may take.
pub fn forms(kind: FieldKind) -> Text {
    match kind {
        FieldKind::Count => text!("如 150；可写 15,000；不要写单位", "e.g. 150; 15,000 is fine; no units"),
        FieldKind::Decimal => text!("如 12.5", "e.g. 12.5"),
        FieldKind::Percent => text!("85%、0.85 或 85", "85%, 0.85 or 85"),
        FieldKind::Bool => text!("是 或 否", "是 (yes) or 否 (no)"),
        FieldKind::Date => {
            text!("2019-06-30、2019/6/30 或 2019年6月30日", "2019-06-30, 2019/6/30 or 2019年6月30日")
        }
        FieldKind::Completion => text!(
            "完成日期（如 2019-06-30），尚未完成填「未完成」",
            "the completion date (e.g. 2019-06-30), or 未完成 if not done yet"
        ),
        FieldKind::Text => text!("按文本填写，代码保留前导 0", "as text; codes keep their leading zeros"),
    }
}

/// The limits a value must respect: the minimum and "at most field X".
pub fn limits(plan: &Plan, field: FieldId) -> Text {
    let f = plan.field(field);
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    if let Some(min) = f.min {
        zh.push(format!("不小于 {min}"));
        en.push(format!("at least {min}"));
    }
    for other in &f.at_most {
        let o = plan.field(*other);
        zh.push(format!("不大于「{}」", o.label.zh));
        en.push(format!("at most {:?}", o.label.en));
    }
    Text::new(zh.join("，"), en.join(", "))
}

/// The rule ids a field feeds, comma-separated (empty when none).
pub fn rule_ids(plan: &Plan, field: FieldId) -> String {
    rules_using(plan, field).iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// What to write in an identity column.
pub fn identity_text(id: Identity) -> Text {
    match id {
        Identity::School => text!(
            "学校全称（与登记名册一致）；每所学校每年一行",
            "the institution's full name as registered; one row per institution per year"
        ),
        Identity::Year => text!("报送年度，四位数字，如 2020", "the reporting year, four digits, e.g. 2020"),
        Identity::SchoolType => text!(
            "公办中职、民办中职 或 普通高中；已登记的学校可不填",
            "公办中职, 民办中职 or 普通高中; may be left empty for a registered institution"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_field_is_explained_by_a_rule() {
        let plan = crate::plan::load(None).unwrap();
        let teachers = plan.fields.iter().position(|f| f.key == "dual_qualified_teachers").unwrap();
        let id = FieldId(u16::try_from(teachers).unwrap());
        assert!(!rules_using(&plan, id).is_empty());
        assert!(limits(&plan, id).zh.contains("专业课教师数"), "{}", limits(&plan, id).zh);
    }
}
