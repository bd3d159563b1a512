//! The annual summary as an Excel workbook (rust_xlsxwriter): a summary sheet, the
//! scorecard coloured by status, the overdue list, completeness, and one sheet per
//! institution.
//!
//! Officials keep working in Excel, so the workbook must be safe to open: every
//! string is written as a string (never a formula), and one that Excel or a later
//! CSV export could read as a formula (`= + - @`, tab, CR at the start) also gets
//! the quote prefix. Counts are written as numbers (whole, so exact in a double);
//! values from submissions keep their exact display form as text. The creation
//! date is the evaluation date, so the same input gives the same file.

use std::io::{self, Write};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::xlsx_cells::{Styles, col, count, header, strings, text};
pub use super::xlsx_cells::{looks_like_formula, unique_sheet_name};
use super::{
    Part, basis, change_text, facts, gap_text, group_header, group_name, group_tasks, notes, outlook_text,
    point_notes, point_text, projection_text, schools_met, subject, tally_header, tally_row, title,
};
use crate::annual::{AnnualReport, Group, Tally};
use crate::lang::Lang;

/// Writes the workbook.
pub fn write(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    let bytes = workbook(a, lang).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(a: &AnnualReport, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let d = a.header.as_of;
    let (y, m, dd) = (
        u16::try_from(chrono::Datelike::year(&d)).unwrap_or(2000),
        u8::try_from(chrono::Datelike::month(&d)).unwrap_or(1),
        u8::try_from(chrono::Datelike::day(&d)).unwrap_or(1),
    );
    let created = ExcelDateTime::from_ymd(y, m, dd)?;
    wb.set_properties(&DocProperties::new().set_title(title(a, lang)).set_creation_datetime(&created));
    summary(wb.add_worksheet(), a, lang, &st)?;
    scorecard(wb.add_worksheet(), a, lang, &st)?;
    problems(wb.add_worksheet(), a, lang, &st)?;
    completeness(wb.add_worksheet(), a, lang, &st)?;
    let mut used: Vec<String> = sheet_names(lang).iter().map(|s| s.to_string()).collect();
    for school in &a.schools {
        let name = unique_sheet_name(&school.name, &mut used);
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        institution(ws, school, lang, &st)?;
    }
    wb.save_to_buffer()
}

/// The fixed sheets' names, in order.
pub fn sheet_names(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Zh => ["汇总", "评分表", "逾期与未达标", "数据完整性"],
        Lang::En => ["Summary", "Scorecard", "Overdue and failing", "Completeness"],
    }
}

fn summary(ws: &mut Worksheet, a: &AnnualReport, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(sheet_names(lang)[0])?;
    ws.set_column_width(0, 34)?;
    for c in 1..12 {
        ws.set_column_width(c, 14)?;
    }
    text(ws, 0, 0, &title(a, lang), &st.title)?;
    let mut r: u32 = 2;
    for (k, v) in facts(a, lang) {
        text(ws, r, 0, &k, &st.bold)?;
        text(ws, r, 1, &v, &Format::new())?;
        r += 1;
    }
    r += 1;
    text(ws, r, 0, Part::Conclusions.title(lang), &st.bold)?;
    r += 1;
    for c in &a.conclusions {
        text(ws, r, 0, c.get(lang), &Format::new())?;
        r += 1;
    }
    r += 1;
    text(ws, r, 0, Part::Headlines.title(lang), &st.bold)?;
    r += 1;
    let year = a.header.year;
    let mut head = vec![lang.pick("指标", "Target").to_string()];
    head.extend(a.header.years.iter().map(|y| y.to_string()));
    head.extend(strings(&[lang.pick("目标", "Target value"), lang.pick("截止", "Due")]));
    head.push(format!("{year} {}", lang.pick("评判", "verdict")));
    head.extend(strings(&[
        lang.pick("达标学校", "Schools meeting it"),
        lang.pick("变化", "Change"),
        lang.pick("展望", "Outlook"),
        lang.pick("推算", "Projection"),
        lang.pick("全区值口径", "District value"),
    ]));
    header(ws, r, &head, st)?;
    r += 1;
    let mut foot = Vec::new();
    for h in &a.headlines {
        let mut cells = vec![h.title.get(lang).to_string()];
        cells.extend(a.header.years.iter().map(|y| point_text(h, *y, lang)));
        cells.push(h.target_text.get(lang).to_string());
        cells.push(h.due.map(|d| d.to_string()).unwrap_or_default());
        let status_col = cells.len();
        cells.push(h.status.label(lang).to_string());
        cells.extend([
            schools_met(h, lang),
            change_text(h, lang),
            outlook_text(h, lang),
            projection_text(h, lang),
            basis(h, lang).to_string(),
        ]);
        for (c, s) in cells.iter().enumerate() {
            let f = if c == status_col { st.status(h.status) } else { st.text.clone() };
            text(ws, r, col(c), s, &f)?;
        }
        foot.extend(point_notes(h, lang).into_iter().map(|n| format!("* {}: {n}", h.title.get(lang))));
        r += 1;
    }
    for f in foot {
        text(ws, r, 0, &f, &Format::new())?;
        r += 1;
    }
    text(ws, r, 0, crate::annual::projection::method().get(lang), &Format::new())?;
    r += 2;
    text(ws, r, 0, Part::Actions.title(lang), &st.bold)?;
    r += 1;
    r = groups(ws, r, &a.actions, lang.pick("行动", "Action"), true, lang, st)?;
    r += 1;
    r = groups(ws, r, &a.sections, lang.pick("责任科室", "Section"), false, lang, st)?;
    r += 1;
    text(ws, r, 0, lang.pick("各年度评估结果", "Results by year"), &st.bold)?;
    r += 1;
    let mut head = vec![lang.pick("年度", "Year").to_string()];
    head.extend(strings(&tally_header(lang)));
    header(ws, r, &head, st)?;
    r += 1;
    for yt in &a.by_year {
        count(ws, r, 0, usize::try_from(yt.year).unwrap_or(0), st)?;
        tally_cells(ws, r, 1, &yt.tally, st)?;
        r += 1;
    }
    r += 1;
    text(ws, r, 0, Part::Notes.title(lang), &st.bold)?;
    for n in notes(lang) {
        r += 1;
        text(ws, r, 0, n, &Format::new())?;
    }
    Ok(())
}

fn tally_cells(ws: &mut Worksheet, r: u32, from: usize, t: &Tally, st: &Styles) -> Result<(), XlsxError> {
    for (i, n) in tally_row(t).into_iter().enumerate() {
        count(ws, r, from + i, n, st)?;
    }
    Ok(())
}

fn groups(
    ws: &mut Worksheet,
    mut r: u32,
    groups: &[Group],
    first: &str,
    ordinal: bool,
    lang: Lang,
    st: &Styles,
) -> Result<u32, XlsxError> {
    header(ws, r, &group_header(first, lang), st)?;
    r += 1;
    for (i, g) in groups.iter().enumerate() {
        text(ws, r, 0, &group_name(i, g, ordinal, lang), &st.text)?;
        text(ws, r, 1, &group_tasks(g, lang), &st.text)?;
        tally_cells(ws, r, 2, &g.tally, st)?;
        r += 1;
    }
    Ok(r)
}

fn scorecard(ws: &mut Worksheet, a: &AnnualReport, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(sheet_names(lang)[1])?;
    let s = &a.scorecard;
    let mut head =
        strings(&[lang.pick("规则", "Rule"), lang.pick("内容", "Title"), lang.pick("目标", "Target")]);
    head.extend(s.schools.iter().cloned());
    header(ws, 0, &head, st)?;
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 14)?;
    for c in 0..s.schools.len() {
        ws.set_column_width(col(3 + c), 22)?;
    }
    ws.set_freeze_panes(1, 3)?;
    for (i, (rule, cells)) in s.rules.iter().zip(&s.cells).enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        text(ws, r, 0, &rule.id, &st.text)?;
        text(ws, r, 1, rule.title.get(lang), &st.text)?;
        text(ws, r, 2, rule.target.get(lang), &st.text)?;
        for (c, cell) in cells.iter().enumerate() {
            if let Some(cell) = cell {
                let mut v = cell.status.label(lang).to_string();
                if let Some(actual) = &cell.actual {
                    v = format!("{v}\n{}", actual.get(lang));
                }
                text(ws, r, col(3 + c), &v, &st.status(cell.status))?;
            }
        }
    }
    Ok(())
}

fn problems(ws: &mut Worksheet, a: &AnnualReport, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(sheet_names(lang)[2])?;
    let head = match lang {
        Lang::Zh => strings(&[
            "序号",
            "学校",
            "规则",
            "事项",
            "状态",
            "级别",
            "实际",
            "目标",
            "截止",
            "差距／逾期",
            "说明",
            "依据条款",
            "责任科室",
        ]),
        Lang::En => strings(&[
            "#",
            "Institution",
            "Rule",
            "Item",
            "Status",
            "Severity",
            "Actual",
            "Target",
            "Due",
            "Gap / delay",
            "Reason",
            "Clauses",
            "Sections",
        ]),
    };
    header(ws, 0, &head, st)?;
    for (c, w) in [5, 24, 24, 30, 10, 8, 18, 14, 11, 18, 40, 18, 16].iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let sep = lang.pick("、", ", ");
    for (i, p) in a.problems.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        count(ws, r, 0, i + 1, st)?;
        let cells = [
            subject(p.school.as_deref(), lang),
            p.rule_id.clone(),
            p.title.get(lang).to_string(),
            p.status.label(lang).to_string(),
            p.severity.label(lang).to_string(),
            p.actual.as_ref().map_or_else(|| "—".to_string(), |t| t.get(lang).to_string()),
            p.target.get(lang).to_string(),
            p.due.map(|d| d.to_string()).unwrap_or_default(),
            gap_text(p, lang),
            p.reason.get(lang).to_string(),
            p.clauses.join(sep),
            p.sections.join(sep),
        ];
        for (c, s) in cells.iter().enumerate() {
            let f = if c == 3 { st.status(p.status) } else { st.text.clone() };
            text(ws, r, col(c + 1), s, &f)?;
        }
    }
    Ok(())
}

fn completeness(ws: &mut Worksheet, a: &AnnualReport, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(sheet_names(lang)[3])?;
    let head =
        strings(&[lang.pick("学校", "Institution"), lang.pick("年度", "Year"), lang.pick("缺漏", "Gap")]);
    header(ws, 0, &head, st)?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(2, 60)?;
    let mut r = 1;
    let sep = lang.pick("、", ", ");
    for g in &a.gaps {
        for y in &g.missing_years {
            text(ws, r, 0, &g.school, &st.text)?;
            count(ws, r, 1, usize::try_from(*y).unwrap_or(0), st)?;
            text(ws, r, 2, lang.pick("全年未报送", "no row for the year"), &st.text)?;
            r += 1;
        }
        for (y, fields) in &g.missing_fields {
            let names: Vec<&str> = fields.iter().map(|f| f.get(lang)).collect();
            text(ws, r, 0, &g.school, &st.text)?;
            count(ws, r, 1, usize::try_from(*y).unwrap_or(0), st)?;
            text(ws, r, 2, &names.join(sep), &st.text)?;
            r += 1;
        }
    }
    if a.gaps.is_empty() {
        text(
            ws,
            1,
            0,
            lang.pick("各校报送完整。", "Every institution reported everything the rules need."),
            &Format::new(),
        )?;
    }
    Ok(())
}

fn institution(
    ws: &mut Worksheet,
    s: &crate::annual::School,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    text(ws, 0, 0, &s.name, &st.title)?;
    text(ws, 1, 0, s.school_type.get(lang), &Format::new())?;
    header(ws, 3, &strings(&tally_header(lang)), st)?;
    tally_cells(ws, 4, 0, &s.tally, st)?;
    let head = match lang {
        Lang::Zh => strings(&["规则", "任务", "内容", "目标", "实际", "截止", "状态", "说明"]),
        Lang::En => strings(&["Rule", "Task", "Title", "Target", "Actual", "Due", "Status", "Reason"]),
    };
    header(ws, 6, &head, st)?;
    for (c, w) in [26, 6, 32, 14, 24, 11, 10, 48].iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    ws.set_freeze_panes(7, 0)?;
    for (i, l) in s.lines.iter().enumerate() {
        let r = u32::try_from(i + 7).unwrap_or(u32::MAX);
        text(ws, r, 0, &l.rule.id, &st.text)?;
        count(ws, r, 1, usize::try_from(l.rule.task).unwrap_or(0), st)?;
        text(ws, r, 2, l.rule.title.get(lang), &st.text)?;
        text(ws, r, 3, l.rule.target.get(lang), &st.text)?;
        text(ws, r, 4, l.actual.as_ref().map_or("—", |t| t.get(lang)), &st.text)?;
        text(ws, r, 5, &l.due.map(|d| d.to_string()).unwrap_or_default(), &st.text)?;
        text(ws, r, 6, l.status.label(lang), &st.status(l.status))?;
        text(ws, r, 7, l.reason.get(lang), &st.text)?;
    }
    Ok(())
}
