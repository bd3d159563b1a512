//! The follow-up comparison (整改跟踪) in words and in JSON, shared by `check`'s
//! table and JSON, `report`'s Markdown and HTML, and `diff`.
//!
//! One block, one set of words: the JSON `follow_up` object ([`Block`]) has the
//! same shape in a check's document and in `diff --format json`, and every human
//! format lists the same lines, in the order [`FollowUp`] keeps (earlier problems,
//! then new ones), with statuses and outcomes as words in the reader's language.

use std::collections::BTreeMap;
use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::escape::visible;
use crate::follow_up::{Entry, FollowUp, Outcome};
use crate::lang::Lang;

/// The `follow_up` object of the JSON documents.
#[derive(Debug, Serialize)]
pub struct Block<'a> {
    previous_year: Option<i32>,
    current_year: Option<i32>,
    /// Every outcome, zero when none.
    counts: BTreeMap<&'static str, usize>,
    items: Vec<BlockItem<'a>>,
}

#[derive(Debug, Serialize)]
struct BlockItem<'a> {
    rule: &'a str,
    school: Option<&'a str>,
    institution_id: Option<&'a str>,
    outcome: &'static str,
    previous_status: Option<&'static str>,
    current_status: Option<&'static str>,
}

impl<'a> Block<'a> {
    pub fn of(f: &'a FollowUp) -> Block<'a> {
        Block {
            previous_year: f.previous_year,
            current_year: f.current_year,
            counts: Outcome::ALL.iter().map(|o| (o.key(), f.count(*o))).collect(),
            items: f
                .entries
                .iter()
                .map(|e| BlockItem {
                    rule: &e.rule,
                    school: e.school.as_deref(),
                    institution_id: e.institution_id.as_deref(),
                    outcome: e.outcome.key(),
                    previous_status: e.previous.map(|s| s.key()),
                    current_status: e.current.map(|s| s.key()),
                })
                .collect(),
        }
    }
}

/// `diff --format json`: the block with the schema version and the tool.
pub fn write_json(out: &mut dyn Write, f: &FollowUp) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema_version: u32,
        tool: super::json::Tool,
        follow_up: Block<'a>,
    }
    let doc =
        Doc { schema_version: super::json::SCHEMA_VERSION, tool: super::json::TOOL, follow_up: Block::of(f) };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// `整改跟踪（对照 2019 年度）`.
pub fn heading(f: &FollowUp, lang: Lang) -> String {
    match (f.previous_year, lang) {
        (Some(y), Lang::Zh) => format!("整改跟踪（对照 {y} 年度结果）"),
        (Some(y), Lang::En) => format!("Follow-up (against the {y} results)"),
        (None, Lang::Zh) => "整改跟踪".to_string(),
        (None, Lang::En) => "Follow-up".to_string(),
    }
}

/// The column names of the lines.
pub fn header(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["规则", "单位", "上次", "本次", "整改情况"],
        Lang::En => ["rule", "subject", "before", "now", "outcome"],
    }
}

/// One line as cells, unescaped (each format escapes for itself).
pub fn cells(e: &Entry, lang: Lang) -> [String; 5] {
    let status = |s: Option<crate::eval::Status>| s.map_or("—", |s| s.label(lang)).to_string();
    [
        e.rule.clone(),
        e.school.clone().unwrap_or_else(|| lang.pick("全区", "District").to_string()),
        status(e.previous),
        status(e.current),
        e.outcome.label(lang).to_string(),
    ]
}

/// The section for a terminal: a heading, a table when there is anything to list,
/// and the counts.
pub fn write_table(out: &mut dyn Write, f: &FollowUp, lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", heading(f, lang))?;
    if !f.entries.is_empty() {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
        t.force_no_tty();
        t.set_header(header(lang));
        for e in &f.entries {
            t.add_row(cells(e, lang).map(|c| visible(&c).into_owned()));
        }
        writeln!(out, "{t}")?;
    }
    writeln!(out, "{}", f.summary(lang))
}

/// The section of the annual report in Markdown: every cell escaped.
pub fn write_markdown(out: &mut dyn Write, f: &FollowUp, lang: Lang) -> io::Result<()> {
    use super::escape::markdown as md;
    writeln!(out, "\n## {}\n", md(&heading(f, lang)))?;
    writeln!(out, "{}\n", md(&f.summary(lang)))?;
    if f.entries.is_empty() {
        return Ok(());
    }
    writeln!(out, "| {} |\n|{}", header(lang).join(" | "), "---|".repeat(5))?;
    for e in &f.entries {
        writeln!(out, "| {} |", cells(e, lang).map(|c| md(&c)).join(" | "))?;
    }
    Ok(())
}

/// The section of the annual report in HTML: every cell escaped.
pub fn write_html(out: &mut dyn Write, f: &FollowUp, lang: Lang) -> io::Result<()> {
    use super::escape::html as esc;
    writeln!(out, r#"<section class="part" id="follow-up"><h2>{}</h2>"#, esc(&heading(f, lang)))?;
    writeln!(out, "<p>{}</p>", esc(&f.summary(lang)))?;
    if !f.entries.is_empty() {
        let head: String = header(lang).iter().map(|h| format!("<th>{}</th>", esc(h))).collect();
        writeln!(out, "<table><thead><tr>{head}</tr></thead><tbody>")?;
        for e in &f.entries {
            let row: String = cells(e, lang).iter().map(|c| format!("<td>{}</td>", esc(c))).collect();
            writeln!(out, "<tr>{row}</tr>")?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    writeln!(out, "</section>")
}
