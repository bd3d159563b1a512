//! The annual summary as Markdown: plain pipe tables, for pasting into a document or
//! a ticket.
//!
//! No charts and no colour: a chart's numbers are in the tables. Every cell is
//! escaped so that text from a submission (a school name, an evidence note) cannot
//! break a table or turn into markup when the Markdown is rendered.

use std::io::{self, Write};

use super::{
    Part, basis, change_text, facts, gap_header, gap_row, gap_text, group_header, group_name, group_tasks,
    notes, point_notes, point_text, projection_text, schools_met, subject, tally_header, tally_row, title,
};
use crate::annual::{AnnualReport, Group};
use crate::lang::Lang;

/// Escapes a table cell: one function for every Markdown wjvet writes.
pub use crate::render::escape::markdown as cell;

fn row<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    let cells: Vec<String> = cells.iter().map(|c| cell(c.as_ref())).collect();
    writeln!(out, "| {} |", cells.join(" | "))
}

fn header<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    row(out, cells)?;
    writeln!(out, "|{}", "---|".repeat(cells.len()))
}

/// Writes the whole summary.
pub fn write(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "# {}\n", cell(&title(a, lang)))?;
    for (k, v) in facts(a, lang) {
        writeln!(out, "- **{}**{}{}", cell(&k), lang.pick("：", ": "), cell(&v))?;
    }
    writeln!(out, "\n## {}\n", Part::Conclusions.title(lang))?;
    for s in &a.conclusions {
        writeln!(out, "- {}", cell(s.get(lang)))?;
    }
    for (head, text) in super::narrative(a, lang) {
        writeln!(out, "\n### {head}\n\n{}", cell(&text))?;
    }
    headlines(out, a, lang)?;
    actions(out, a, lang)?;
    scorecard(out, a, lang)?;
    problems(out, a, lang)?;
    outlook(out, a, lang)?;
    completeness(out, a, lang)?;
    super::exempted::write_markdown(out, a, lang)?;
    if let Some(f) = &a.follow_up {
        crate::render::follow_up::write_markdown(out, f, lang)?;
    }
    writeln!(out, "\n## {}\n", Part::Notes.title(lang))?;
    for (i, n) in notes(lang).iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, cell(n))?;
    }
    if let Some(lines) = super::signoff::block(a, lang) {
        writeln!(out, "\n## {}\n", super::signoff::title(lang))?;
        for (k, v) in lines {
            writeln!(out, "- **{}**{}{}", cell(&k), lang.pick("：", ": "), cell(&v))?;
        }
    }
    Ok(())
}

fn headlines(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n## {}\n", Part::Headlines.title(lang))?;
    let year = a.header.year;
    let mut head: Vec<String> = vec![lang.pick("指标", "Target").into()];
    head.extend(a.header.years.iter().map(|y| y.to_string()));
    head.extend([
        lang.pick("目标", "Target value").into(),
        lang.pick("截止", "Due").into(),
        format!("{year} {}", lang.pick("评判", "verdict")),
        lang.pick("达标学校", "Schools meeting it").into(),
        lang.pick("全区值口径", "District value").into(),
    ]);
    header(out, &head)?;
    let mut foot = Vec::new();
    for h in &a.headlines {
        let mut r = vec![h.title.get(lang).to_string()];
        r.extend(a.header.years.iter().map(|y| point_text(h, *y, lang)));
        r.extend([
            h.target_text.get(lang).to_string(),
            h.due.map(|d| d.to_string()).unwrap_or_default(),
            h.verdict_text(year, lang),
            schools_met(h, lang),
            basis(h, lang).to_string(),
        ]);
        row(out, &r)?;
        for n in point_notes(h, lang) {
            foot.push(format!("{}{}{n}", h.title.get(lang), lang.pick("：", ": ")));
        }
    }
    if !foot.is_empty() {
        writeln!(out)?;
        for f in foot {
            writeln!(out, "\\* {}", cell(&f))?;
        }
    }
    Ok(())
}

fn group_table(
    out: &mut dyn Write,
    a: &AnnualReport,
    groups: &[Group],
    first: &str,
    ordinal: bool,
    lang: Lang,
) -> io::Result<()> {
    header(out, &group_header(first, lang))?;
    for (i, g) in groups.iter().enumerate() {
        let mut r = vec![group_name(a, i, g, ordinal, lang), group_tasks(g, lang)];
        r.extend(tally_row(&g.tally).iter().map(usize::to_string));
        row(out, &r)?;
    }
    Ok(())
}

fn actions(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n## {}\n", Part::Actions.title(lang))?;
    writeln!(out, "### {}\n", lang.pick("按行动", "By action"))?;
    group_table(out, a, &a.actions, lang.pick("行动", "Action"), true, lang)?;
    writeln!(out, "\n### {}\n", lang.pick("按任务", "By task"))?;
    let mut head = vec![
        lang.pick("任务", "Task").to_string(),
        lang.pick("内容", "Task as written").to_string(),
        lang.pick("责任科室", "Sections").to_string(),
    ];
    head.extend(tally_header(lang).iter().map(|s| s.to_string()));
    header(out, &head)?;
    for g in &a.actions {
        for t in &g.tasks {
            let mut r = vec![t.number.to_string(), t.task.clone(), a.labels(&t.sections, lang)];
            r.extend(tally_row(&t.tally).iter().map(usize::to_string));
            row(out, &r)?;
        }
    }
    writeln!(out, "\n### {}\n", lang.pick("按责任科室", "By responsible section"))?;
    group_table(out, a, &a.sections, lang.pick("责任科室", "Section"), false, lang)?;
    writeln!(
        out,
        "\n{}",
        lang.pick(
            "一项任务由多个科室负责时，分别计入各科室。",
            "A task with several responsible sections counts under each of them."
        )
    )
}

fn scorecard(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n## {}\n", Part::Scorecard.title(lang))?;
    let s = &a.scorecard;
    if s.schools.is_empty() {
        return writeln!(out, "{}", lang.pick("（本年度没有学校数据）", "(no school data this year)"));
    }
    let mut head = vec![lang.pick("规则", "Rule").to_string(), lang.pick("目标", "Target").to_string()];
    head.extend(s.schools.iter().cloned());
    header(out, &head)?;
    for (rule, cells) in s.rules.iter().zip(&s.cells) {
        let mut r = vec![format!("{} {}", rule.id, rule.title.get(lang)), rule.target.get(lang).to_string()];
        for c in cells {
            r.push(match c {
                None => String::new(),
                Some(c) => match &c.actual {
                    Some(v) => format!("{}：{}", c.status.label(lang), v.get(lang)),
                    None => c.status.label(lang).to_string(),
                },
            });
        }
        row(out, &r)?;
    }
    Ok(())
}

fn problems(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n## {}\n", Part::Problems.title(lang))?;
    if a.problems.is_empty() {
        return writeln!(out, "{}", lang.pick("无。", "None."));
    }
    let head = match lang {
        Lang::Zh => [
            "序号",
            "学校",
            "规则",
            "事项",
            "状态",
            "实际",
            "目标",
            "截止",
            "差距／逾期",
            "依据条款",
            "责任科室",
        ],
        Lang::En => [
            "#",
            "Institution",
            "Rule",
            "Item",
            "Status",
            "Actual",
            "Target",
            "Due",
            "Gap / delay",
            "Clauses",
            "Sections",
        ],
    };
    header(out, &head)?;
    let sep = lang.pick("、", ", ");
    for (i, p) in a.problems.iter().enumerate() {
        row(
            out,
            &[
                (i + 1).to_string(),
                subject(p.school.as_deref(), lang),
                p.rule_id.clone(),
                p.title.get(lang).to_string(),
                format!("{}（{}）", p.status.label(lang), p.severity.label(lang)),
                p.actual.as_ref().map_or_else(|| "—".to_string(), |t| t.get(lang).to_string()),
                p.target.get(lang).to_string(),
                p.due.map(|d| d.to_string()).unwrap_or_default(),
                gap_text(p, lang),
                p.clauses.join(sep),
                a.labels(&p.sections, lang),
            ],
        )?;
    }
    Ok(())
}

fn outlook(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n## {}\n", Part::Outlook.title(lang))?;
    writeln!(out, "### {}\n", lang.pick("核心指标与上年比较", "Headline targets against last year"))?;
    let year = a.header.year;
    let prev = year - 1;
    header(
        out,
        &[
            lang.pick("指标", "Target").to_string(),
            prev.to_string(),
            year.to_string(),
            lang.pick("变化", "Change").to_string(),
        ],
    )?;
    for h in &a.headlines {
        row(
            out,
            &[
                h.title.get(lang).to_string(),
                point_text(h, prev, lang),
                point_text(h, year, lang),
                change_text(h, lang),
            ],
        )?;
    }
    writeln!(out, "\n### {}\n", lang.pick("各年度评估结果", "Results by year"))?;
    let mut head = vec![lang.pick("年度", "Year").to_string()];
    head.extend(tally_header(lang).iter().map(|s| s.to_string()));
    header(out, &head)?;
    for y in &a.by_year {
        let mut r = vec![y.year.to_string()];
        r.extend(tally_row(&y.tally).iter().map(usize::to_string));
        row(out, &r)?;
    }
    writeln!(out, "\n### {}\n", lang.pick("目标展望（推算）", "Outlook (projection)"))?;
    writeln!(out, "{}\n", cell(&super::outlook_intro(a, lang)))?;
    header(
        out,
        &[
            lang.pick("指标", "Target"),
            lang.pick("目标", "Target value"),
            lang.pick("截止", "Due"),
            lang.pick("推算（依据年度 → 目标年度）", "Projection (years used → due year)"),
            lang.pick("判断", "Outlook"),
        ],
    )?;
    for h in &a.headlines {
        row(
            out,
            &[
                h.title.get(lang).to_string(),
                h.target_text.get(lang).to_string(),
                h.due.map(|d| d.to_string()).unwrap_or_default(),
                projection_text(h, lang),
                super::outlook_cell(a, h, lang),
            ],
        )?;
    }
    Ok(())
}

fn completeness(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "\n## {}\n", Part::Completeness.title(lang))?;
    if a.gaps.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick("各校报送完整。", "Every institution reported everything the rules need.")
        )?;
    } else {
        header(out, &gap_header(lang))?;
        for g in &a.gaps {
            row(out, &gap_row(g, lang))?;
        }
    }
    rosters(out, a, lang)
}

/// The roster tables of the completeness section, when rosters said anything.
fn rosters(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    if a.rosters.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### {}\n", super::roster_title(lang))?;
    if !a.rosters.mismatches.is_empty() {
        header(out, &super::mismatch_header(lang))?;
        for m in &a.rosters.mismatches {
            row(out, &super::mismatch_row(m, lang))?;
        }
        writeln!(out)?;
    }
    if !a.rosters.breaches.is_empty() {
        header(out, &super::breach_header(lang))?;
        for b in &a.rosters.breaches {
            row(out, &super::breach_row(b, lang))?;
        }
    }
    Ok(())
}
