//! The annual summary as one self-contained HTML page: inline CSS, inline SVG
//! charts, no script, no font or file fetched from anywhere.
//!
//! Readable on screen and printable on A4 (the style sheet sets `@page`, repeats
//! table headers and keeps the status colours in print). Every string that reaches
//! the page goes through [`esc`] — school names and evidence come from submissions
//! and must show as text, never as markup. The page carries no generation time: it
//! states the plan, the year and the evaluation date, so the same input gives the
//! same bytes.

use std::io::{self, Write};

use super::{
    Part, basis, change_text, facts, gap_header, gap_row, gap_text, group_header, group_name, group_tasks,
    notes, ordinal_label, point_notes, point_text, projection_text, schools_met, subject, svg, tally_header,
    tally_row, title,
};
use crate::annual::{AnnualReport, Group};
use crate::lang::Lang;

const CSS: &str = include_str!("report.css");

/// Escapes text for HTML: one function for every page wjvet writes.
pub use crate::render::escape::html as esc;

/// A table row of plain cells (escaped); `numeric` marks right-aligned columns.
pub(super) fn tr(cells: &[String], numeric: impl Fn(usize) -> bool) -> String {
    let mut s = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        let class = if numeric(i) { r#" class="n""# } else { "" };
        s.push_str(&format!("<td{class}>{}</td>", esc(c)));
    }
    s.push_str("</tr>");
    s
}

pub(super) fn thead(cells: &[String], numeric: impl Fn(usize) -> bool) -> String {
    let mut s = String::from("<thead><tr>");
    for (i, c) in cells.iter().enumerate() {
        let class = if numeric(i) { r#" class="n""# } else { "" };
        s.push_str(&format!("<th{class}>{}</th>", esc(c)));
    }
    s.push_str("</tr></thead>");
    s
}

fn strings<S: AsRef<str>>(v: &[S]) -> Vec<String> {
    v.iter().map(|s| s.as_ref().to_string()).collect()
}

/// Writes the whole page.
pub fn write(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    let html_lang = lang.pick("zh-CN", "en");
    let t = esc(&title(a, lang));
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="{html_lang}"><head><meta charset="utf-8">"#)?;
    writeln!(out, r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)?;
    writeln!(out, "<title>{t}</title>\n<style>\n{CSS}</style></head><body><main>")?;
    writeln!(
        out,
        r#"<header class="cover"><p class="doc">{}</p><h1>{t}</h1><dl class="facts">"#,
        esc(&a.header.doc_number)
    )?;
    for (k, v) in facts(a, lang) {
        writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v))?;
    }
    writeln!(out, "</dl></header>")?;
    section(out, "summary", Part::Conclusions, lang)?;
    writeln!(out, "{}", svg::tally(&a.totals, lang))?;
    writeln!(out, r#"<ul class="conclusions">"#)?;
    for c in &a.conclusions {
        writeln!(out, "<li>{}</li>", esc(c.get(lang)))?;
    }
    writeln!(out, "</ul>")?;
    for (head, text) in super::narrative(a, lang) {
        writeln!(out, r#"<h3>{}</h3><p class="narrative">{}</p>"#, esc(head), esc(&text))?;
    }
    writeln!(out, "</section>")?;
    headlines(out, a, lang)?;
    actions(out, a, lang)?;
    scorecard(out, a, lang)?;
    problems(out, a, lang)?;
    outlook(out, a, lang)?;
    completeness(out, a, lang)?;
    super::exempted::write_html(out, a, lang)?;
    if let Some(f) = &a.follow_up {
        crate::render::follow_up::write_html(out, f, lang)?;
    }
    section(out, "notes", Part::Notes, lang)?;
    writeln!(out, r#"<ol class="notes">"#)?;
    for n in notes(lang) {
        writeln!(out, "<li>{}</li>", esc(n))?;
    }
    writeln!(out, "</ol></section>")?;
    if let Some(lines) = super::signoff::block(a, lang) {
        writeln!(
            out,
            r#"<section class="part signoff" id="signoff"><h2>{}</h2><dl>"#,
            esc(super::signoff::title(lang))
        )?;
        for (k, v) in lines {
            writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v))?;
        }
        writeln!(out, "</dl></section>")?;
    }
    super::rule_ids::write_html(out, a, lang)?;
    writeln!(out, "</main></body></html>")
}

fn section(out: &mut dyn Write, id: &str, part: Part, lang: Lang) -> io::Result<()> {
    writeln!(out, r#"<section class="part" id="{id}"><h2>{}</h2>"#, esc(part.title(lang)))
}

fn headlines(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    section(out, "headlines", Part::Headlines, lang)?;
    writeln!(out, r#"<div class="charts">"#)?;
    let year = a.header.year;
    for h in &a.headlines {
        let target = format!("{} {}", lang.pick("目标", "target"), h.target_text.get(lang));
        writeln!(
            out,
            r#"<figure>{}<figcaption><b>{}</b><br>{} · {year} <span class="badge s-{}">{}</span></figcaption></figure>"#,
            svg::headline(h, a.header.plan_period, lang),
            esc(h.title.get(lang)),
            esc(&target),
            h.status.key(),
            esc(&h.verdict_text(year, lang)),
        )?;
    }
    writeln!(out, "</div>")?;
    writeln!(
        out,
        r#"<p class="note">{}</p>"#,
        esc(lang.pick(
            "图例：绿色为达到目标，橙色为未达到，灰色为部分学校未报送；虚线框为推算值；红色虚线为目标。",
            "Key: green meets the target, orange falls short, grey leaves some institution out; a dashed bar is a projection; the red dashed line is the target."
        ))
    )?;
    let mut head = vec![lang.pick("指标", "Target").to_string()];
    head.extend(a.header.years.iter().map(|y| y.to_string()));
    head.extend([
        lang.pick("目标", "Target value").to_string(),
        lang.pick("截止", "Due").to_string(),
        format!("{year} {}", lang.pick("评判", "verdict")),
        lang.pick("达标学校", "Schools meeting it").to_string(),
        lang.pick("全区值口径", "District value").to_string(),
    ]);
    let ny = a.header.years.len();
    let numeric = |i: usize| i >= 1 && i <= ny;
    writeln!(out, "<table>{}<tbody>", thead(&head, numeric))?;
    let mut foot = Vec::new();
    for h in &a.headlines {
        let mut r = vec![h.title.get(lang).to_string()];
        r.extend(a.header.years.iter().map(|y| point_text(h, *y, lang)));
        r.extend([h.target_text.get(lang).to_string(), h.due.map(|d| d.to_string()).unwrap_or_default()]);
        let mut row = tr(&r, |i| numeric(i) || i > ny);
        row.truncate(row.len() - "</tr>".len());
        row.push_str(&format!(
            r#"<td class="s-{}">{}</td><td>{}</td><td>{}</td></tr>"#,
            h.status.key(),
            esc(&h.verdict_text(year, lang)),
            esc(&schools_met(h, lang)),
            esc(basis(h, lang))
        ));
        writeln!(out, "{row}")?;
        for n in point_notes(h, lang) {
            foot.push(format!("* {}{}{n}", h.title.get(lang), lang.pick("：", ": ")));
        }
    }
    writeln!(out, "</tbody></table>")?;
    for f in foot {
        writeln!(out, r#"<p class="footnote">{}</p>"#, esc(&f))?;
    }
    writeln!(out, "</section>")
}

fn group_table(
    out: &mut dyn Write,
    a: &AnnualReport,
    groups: &[Group],
    first: &str,
    ordinal: bool,
    lang: Lang,
) -> io::Result<()> {
    let numeric = |i: usize| i >= 2;
    writeln!(out, "<table>{}<tbody>", thead(&group_header(first, lang), numeric))?;
    for (i, g) in groups.iter().enumerate() {
        let mut r = vec![group_name(a, i, g, ordinal, lang), group_tasks(g, lang)];
        r.extend(tally_row(&g.tally).iter().map(usize::to_string));
        writeln!(out, "{}", tr(&r, numeric))?;
    }
    writeln!(out, "</tbody></table>")
}

fn actions(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    section(out, "actions", Part::Actions, lang)?;
    writeln!(out, "<h3>{}</h3>", esc(lang.pick("（一）按行动", "By action")))?;
    group_table(out, a, &a.actions, lang.pick("行动", "Action"), true, lang)?;
    writeln!(out, "<h3>{}</h3>", esc(lang.pick("（二）按责任科室", "By responsible section")))?;
    group_table(out, a, &a.sections, lang.pick("责任科室", "Section"), false, lang)?;
    writeln!(
        out,
        r#"<p class="note">{}</p>"#,
        esc(lang.pick(
            "一项任务由多个科室负责时，分别计入各科室。",
            "A task with several responsible sections counts under each of them."
        ))
    )?;
    writeln!(out, "<h3>{}</h3>", esc(lang.pick("（三）按任务", "By task")))?;
    let mut head = strings(&[
        lang.pick("任务", "Task"),
        lang.pick("内容", "Task as written"),
        lang.pick("责任科室", "Sections"),
    ]);
    head.extend(strings(&tally_header(lang)));
    let numeric = |i: usize| i == 0 || i >= 3;
    writeln!(out, "<table>{}<tbody>", thead(&head, numeric))?;
    for (i, g) in a.actions.iter().enumerate() {
        let span = head.len();
        writeln!(
            out,
            r#"<tr class="group"><td colspan="{span}">{}</td></tr>"#,
            esc(&format!("{}{}", ordinal_label(i, lang), a.label(&g.name, lang)))
        )?;
        for t in &g.tasks {
            let mut r = vec![t.number.to_string(), t.task.clone(), a.labels(&t.sections, lang)];
            r.extend(tally_row(&t.tally).iter().map(usize::to_string));
            writeln!(out, "{}", tr(&r, numeric))?;
        }
    }
    writeln!(out, "</tbody></table></section>")
}

fn scorecard(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    section(out, "scorecard", Part::Scorecard, lang)?;
    let s = &a.scorecard;
    if s.schools.is_empty() {
        return writeln!(
            out,
            "<p>{}</p></section>",
            esc(lang.pick("本年度没有学校数据。", "No school data this year."))
        );
    }
    let mut head = strings(&[lang.pick("规则", "Rule"), lang.pick("目标", "Target")]);
    head.extend(s.schools.iter().cloned());
    writeln!(out, "<table class=\"scorecard\">{}<tbody>", thead(&head, |_| false))?;
    for (rule, cells) in s.rules.iter().zip(&s.cells) {
        write!(
            out,
            r#"<tr><td title="{}">{}</td><td class="nowrap">{}</td>"#,
            esc(&rule.id),
            esc(rule.title.get(lang)),
            esc(rule.target.get(lang))
        )?;
        for c in cells {
            match c {
                None => write!(out, "<td></td>")?,
                Some(c) => {
                    let actual = c.actual.as_ref().map_or(String::new(), |t| esc(t.get(lang)));
                    write!(
                        out,
                        r#"<td class="cell s-{}"><b>{}</b>{actual}</td>"#,
                        c.status.key(),
                        esc(c.status.label(lang))
                    )?;
                }
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></section>")
}

fn problems(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    section(out, "problems", Part::Problems, lang)?;
    if a.problems.is_empty() {
        return writeln!(out, "<p>{}</p></section>", esc(lang.pick("无。", "None.")));
    }
    let head = match lang {
        Lang::Zh => strings(&[
            "序号",
            "学校",
            "事项",
            "状态",
            "实际 / 目标",
            "截止",
            "差距／逾期",
            "依据条款",
            "责任科室",
        ]),
        Lang::En => strings(&[
            "#",
            "Institution",
            "Item",
            "Status",
            "Actual / target",
            "Due",
            "Gap / delay",
            "Clauses",
            "Sections",
        ]),
    };
    writeln!(out, "<table>{}<tbody>", thead(&head, |i| i == 0))?;
    let sep = lang.pick("、", ", ");
    for (i, p) in a.problems.iter().enumerate() {
        let actual = p.actual.as_ref().map_or("—", |t| t.get(lang));
        writeln!(
            out,
            r#"<tr><td class="n">{}</td><td>{}</td><td title="{}">{}</td><td class="s-{}">{}（{}）</td><td>{} / {}</td><td class="nowrap">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            i + 1,
            esc(&subject(p.school.as_deref(), lang)),
            esc(&p.rule_id),
            esc(p.title.get(lang)),
            p.status.key(),
            esc(p.status.label(lang)),
            esc(p.severity.label(lang)),
            esc(actual),
            esc(p.target.get(lang)),
            p.due.map(|d| d.to_string()).unwrap_or_default(),
            esc(&gap_text(p, lang)),
            esc(&p.clauses.join(sep)),
            esc(&a.labels(&p.sections, lang)),
        )?;
    }
    writeln!(out, "</tbody></table></section>")
}

fn outlook(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    section(out, "outlook", Part::Outlook, lang)?;
    let (year, prev) = (a.header.year, a.header.year - 1);
    writeln!(
        out,
        "<h3>{}</h3>",
        esc(lang.pick("（一）核心指标与上年比较", "Headline targets against last year"))
    )?;
    let head = vec![
        lang.pick("指标", "Target").to_string(),
        prev.to_string(),
        year.to_string(),
        lang.pick("变化", "Change").to_string(),
    ];
    let numeric = |i: usize| i >= 1;
    writeln!(out, "<table>{}<tbody>", thead(&head, numeric))?;
    for h in &a.headlines {
        let r = vec![
            h.title.get(lang).to_string(),
            point_text(h, prev, lang),
            point_text(h, year, lang),
            change_text(h, lang),
        ];
        writeln!(out, "{}", tr(&r, numeric))?;
    }
    writeln!(out, "</tbody></table>")?;
    writeln!(out, "<h3>{}</h3>", esc(lang.pick("（二）各年度评估结果", "Results by year")))?;
    let mut head = vec![lang.pick("年度", "Year").to_string()];
    head.extend(strings(&tally_header(lang)));
    writeln!(out, "<table>{}<tbody>", thead(&head, |_| true))?;
    for y in &a.by_year {
        let mut r = vec![y.year.to_string()];
        r.extend(tally_row(&y.tally).iter().map(usize::to_string));
        writeln!(out, "{}", tr(&r, |_| true))?;
    }
    writeln!(out, "</tbody></table>")?;
    writeln!(out, "<h3>{}</h3>", esc(lang.pick("（三）目标展望（推算）", "Outlook (projection)")))?;
    writeln!(out, r#"<p class="note">{}</p>"#, esc(&super::outlook_intro(a, lang)))?;
    let head = strings(&[
        lang.pick("指标", "Target"),
        lang.pick("目标", "Target value"),
        lang.pick("截止", "Due"),
        lang.pick("推算（依据年度 → 目标年度）", "Projection (years used → due year)"),
        lang.pick("判断", "Outlook"),
    ]);
    writeln!(out, "<table>{}<tbody>", thead(&head, |_| false))?;
    for h in &a.headlines {
        let r = vec![
            h.title.get(lang).to_string(),
            h.target_text.get(lang).to_string(),
            h.due.map(|d| d.to_string()).unwrap_or_default(),
            projection_text(h, lang),
            super::outlook_cell(a, h, lang),
        ];
        writeln!(out, "{}", tr(&r, |_| false))?;
    }
    writeln!(out, "</tbody></table></section>")
}

fn completeness(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    section(out, "completeness", Part::Completeness, lang)?;
    if a.gaps.is_empty() {
        let all = lang.pick("各校报送完整。", "Every institution reported everything the rules need.");
        writeln!(out, "<p>{}</p>", esc(all))?;
    } else {
        let head = strings(&gap_header(lang));
        writeln!(out, "<table>{}<tbody>", thead(&head, |_| false))?;
        for g in &a.gaps {
            let r = gap_row(g, lang).to_vec();
            writeln!(out, "{}", tr(&r, |_| false))?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    rosters(out, a, lang)?;
    writeln!(out, "</section>")
}

/// The roster tables of the completeness section, when rosters said anything.
fn rosters(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    if a.rosters.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h3>{}</h3>", esc(super::roster_title(lang)))?;
    if !a.rosters.mismatches.is_empty() {
        writeln!(out, "<table>{}<tbody>", thead(&strings(&super::mismatch_header(lang)), |c| c >= 3))?;
        for m in &a.rosters.mismatches {
            writeln!(out, "{}", tr(&super::mismatch_row(m, lang), |c| c >= 3))?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    if !a.rosters.breaches.is_empty() {
        writeln!(out, "<table>{}<tbody>", thead(&strings(&super::breach_header(lang)), |c| c == 3))?;
        for b in &a.rosters.breaches {
            writeln!(out, "{}", tr(&super::breach_row(b, lang), |c| c == 3))?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    Ok(())
}
