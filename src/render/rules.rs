//! `wjvet rules`: the plan as encoded, for a reader checking it against the text.
//!
//! The table lists every task with its rules (id, kind, who, target, when, severity);
//! `--fields` lists the input columns; JSON carries everything, citations and
//! interpretations included.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Value, json};

use super::json::target_value;
use crate::eval::describe_target;
use crate::lang::Lang;
use crate::plan::{Plan, Rule, Schedule};

fn schedule(rule: &Rule, lang: Lang) -> String {
    match rule.schedule {
        Schedule::By(d) => d.to_string(),
        Schedule::EveryYear { month, day, from, to } => match lang {
            Lang::Zh => format!("{from}–{to} 每年 {month}月{day}日"),
            Lang::En => format!("{month:02}-{day:02} each year {from}–{to}"),
        },
    }
}

fn new_table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    t.set_header(header);
    t
}

/// Writes tasks and their rules as a table.
pub fn write_table(out: &mut dyn Write, plan: &Plan, lang: Lang) -> io::Result<()> {
    let meta = &plan.meta;
    writeln!(out, "{} {}", meta.doc_number, meta.title.get(lang))?;
    let header = match lang {
        Lang::Zh => vec!["任务", "规则", "类型", "适用", "内容", "目标", "截止", "级别"],
        Lang::En => vec!["task", "rule", "kind", "applies to", "title", "target", "due", "severity"],
    };
    let mut t = new_table(header);
    for task in &plan.tasks {
        for rule in plan.rules.iter().filter(|r| r.task == task.number) {
            t.add_row(vec![
                task.number.to_string(),
                rule.id.clone(),
                rule.kind.key().to_string(),
                rule.applies_to_keys.join(", "),
                rule.title.get(lang).to_string(),
                describe_target(plan, rule, lang),
                schedule(rule, lang),
                rule.severity.label(lang).to_string(),
            ]);
        }
    }
    writeln!(out, "{t}")?;
    let n = plan.rules.len();
    let tasks = plan.tasks.len();
    match lang {
        Lang::Zh => writeln!(out, "{tasks} 项任务，{n} 条规则。用 --format json 查看原文引用与解读。"),
        Lang::En => {
            writeln!(out, "{tasks} tasks, {n} rules. Use --format json for citations and interpretations.")
        }
    }
}

/// Writes the input fields as a table.
pub fn write_fields(out: &mut dyn Write, plan: &Plan, lang: Lang) -> io::Result<()> {
    let header = match lang {
        Lang::Zh => vec!["键", "表头", "英文表头", "类型", "单位", "说明"],
        Lang::En => vec!["key", "label", "English label", "type", "unit", "description"],
    };
    let mut t = new_table(header);
    for id in crate::data::Identity::ALL {
        let label = id.label();
        t.add_row(vec![id.key(), &label.zh, &label.en, "identity", "", ""]);
    }
    for f in &plan.fields {
        t.add_row(vec![
            f.key.as_str(),
            &f.label.zh,
            &f.label.en,
            f.kind.key(),
            f.unit.as_ref().map_or("", |u| u.get(lang)),
            f.description.get(lang),
        ]);
    }
    writeln!(out, "{t}")
}

/// The whole plan as JSON.
pub fn to_json(plan: &Plan) -> Value {
    let rule = |r: &Rule| {
        json!({
            "id": r.id,
            "task": r.task,
            "kind": r.kind.key(),
            "level": r.kind.level(),
            "title": r.title,
            "applies_to": r.applies_to_keys,
            "target": target_value(r),
            "target_text": { "zh": describe_target(plan, r, Lang::Zh), "en": describe_target(plan, r, Lang::En) },
            "schedule": match r.schedule {
                Schedule::By(d) => json!({ "due": d.to_string() }),
                Schedule::EveryYear { month, day, from, to } =>
                    json!({ "every_year": { "due": format!("{month:02}-{day:02}"), "from": from, "to": to } }),
            },
            "severity": r.severity,
            "severity_reason": r.severity_reason,
            "interpretation": r.interpretation,
        })
    };
    json!({
        "schema_version": super::json::SCHEMA_VERSION,
        "plan": plan.meta,
        "school_types": plan.school_types.iter().map(|t| json!({
            "key": t.key,
            "label": t.label,
            "aliases": t.aliases,
        })).collect::<Vec<_>>(),
        "fields": plan.fields,
        "institutions": plan.institutions.iter().map(|i| json!({
            "id": i.id,
            "name": i.name,
            "name_en": i.name_en,
            "school_type": i.school_type.key(plan),
            "aliases": i.aliases,
            "code": i.code,
        })).collect::<Vec<_>>(),
        "tasks": plan.tasks.iter().map(|t| json!({
            "number": t.number,
            "action": t.action,
            "sub_action": t.sub_action,
            "task": t.task,
            "indicator": t.indicator,
            "sections": t.sections,
            "implementers": t.implementers,
            "citations": t.citations,
            "rules": plan.rules.iter().filter(|r| r.task == t.number).map(rule).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
