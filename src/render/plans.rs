//! `wjvet plans`: the plans compiled into the binary, for choosing one by name.
//!
//! Each plan is parsed to show what it is (its document number, title, period and
//! how many rules it holds), so the list can never name a plan the binary cannot
//! load: a shipped plan that fails to parse is listed with its errors' count.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Value, json};

use crate::lang::Lang;
use crate::plan::{Plan, parse_plan, shipped};

fn each() -> impl Iterator<Item = (&'static shipped::Shipped, Result<Plan, usize>)> {
    shipped::SHIPPED.iter().map(|s| (s, parse_plan(s.toml, s.path).map_err(|d| d.items().len())))
}

/// The shipped plans as a table; the default is marked.
pub fn write_table(out: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    t.set_header(match lang {
        Lang::Zh => vec!["名称（--plan）", "文号", "标题", "期限", "规则数"],
        Lang::En => vec!["name (--plan)", "document", "title", "period", "rules"],
    });
    for (i, (s, plan)) in each().enumerate() {
        let name = if i == 0 {
            format!("{} {}", s.id, lang.pick("（默认）", "(default)"))
        } else {
            s.id.to_string()
        };
        match plan {
            Ok(p) => t.add_row(vec![
                name,
                p.meta.doc_number.clone(),
                p.meta.title.get(lang).to_string(),
                format!("{}–{}", p.meta.period.0, p.meta.period.1),
                p.rules.len().to_string(),
            ]),
            Err(n) => t.add_row(vec![
                name,
                String::new(),
                format!("invalid: {n} errors"),
                String::new(),
                String::new(),
            ]),
        };
    }
    writeln!(out, "{t}")
}

/// The shipped plans as JSON: name, default flag, document, titles, period, rules.
pub fn to_json() -> Value {
    let plans: Vec<Value> = each()
        .enumerate()
        .map(|(i, (s, plan))| {
            let p = plan.as_ref().ok();
            json!({
                "name": s.id,
                "default": i == 0,
                "path": s.path,
                "doc_number": p.map(|p| p.meta.doc_number.clone()),
                "title": p.map(|p| p.meta.title.zh.clone()),
                "title_en": p.map(|p| p.meta.title.en.clone()),
                "period": p.map(|p| [p.meta.period.0, p.meta.period.1]),
                "rules": p.map(|p| p.rules.len()),
                "valid": p.is_some(),
            })
        })
        .collect();
    json!({ "schema_version": super::json::SCHEMA_VERSION, "plans": plans })
}
