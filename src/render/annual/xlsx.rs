//! The annual summary as an Excel workbook (rust_xlsxwriter): a summary sheet, the
//! scorecard coloured by status, the overdue list, completeness, and the
//! institutions' own results (the long lists are laid out in `xlsx_lists`, sheet
//! names made valid and unique in `xlsx_names`).
//!
//! Officials keep working in Excel, so the workbook must be safe to open: every
//! string is written as a string (never a formula), and one that Excel or a later
//! CSV export could read as a formula (`= + - @`, tab, CR at the start) also gets
//! the quote prefix. Counts are written as numbers (whole, so exact in a double);
//! values from submissions keep their exact display form as text. The creation
//! date is the evaluation date, so the same input gives the same file.

use std::io::{self, Write};

use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

pub use super::xlsx_cells::{MAX_CELL, looks_like_formula};
use super::xlsx_cells::{Styles, col, count, header, strings, text};
use super::xlsx_lists::{self as lists, MAX_ROWS};
pub use super::xlsx_lists::{MAX_SCHOOL_SHEETS, list_names};
pub use super::xlsx_names::SheetNames;
use super::{
    Part, basis, change_text, facts, group_header, group_name, group_tasks, notes, point_notes, point_text,
    projection_text, schools_met, tally_header, tally_row, title,
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
    wb.set_properties(&DocProperties::new().set_title(title(a, lang)).set_creation_datetime(&a.header.as_of));
    // Deflating was a quarter of `report`'s time on a province. Level 3 instead of
    // the default 6 saves about a quarter of the workbook's CPU for 15% more bytes
    // (at 10,000 rows: 2.2 s and 7.4 MB against 3.0 s and 6.4 MB; level 1, 11.1 MB).
    wb.set_zip_compression_level(3);
    let mut names = SheetNames::new();
    let ws = wb.add_worksheet();
    ws.set_name(names.claim(summary_name(lang)))?;
    summary(ws, a, lang, &st)?;
    lists::scorecard(&mut wb, &mut names, a, lang, &st, MAX_ROWS)?;
    lists::problems(&mut wb, &mut names, a, lang, &st, MAX_ROWS)?;
    lists::completeness(&mut wb, &mut names, a, lang, &st, MAX_ROWS)?;
    lists::exemptions(&mut wb, &mut names, a, lang, &st, MAX_ROWS)?;
    lists::institutions(&mut wb, &mut names, a, lang, &st, MAX_ROWS)?;
    super::rule_ids::sheet(&mut wb, &mut names, a, lang, &st, MAX_ROWS)?;
    wb.save_to_buffer()
}

/// The first sheet's name.
pub fn summary_name(lang: Lang) -> &'static str {
    lang.pick("汇总", "Summary")
}

fn summary(ws: &mut Worksheet, a: &AnnualReport, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
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
    for (head, para) in super::narrative(a, lang) {
        text(ws, r, 0, head, &st.bold)?;
        text(ws, r, 1, &para, &Format::new())?;
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
        cells.push(h.verdict_text(year, lang));
        cells.extend([
            schools_met(h, lang),
            change_text(h, lang),
            super::outlook_cell(a, h, lang),
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
    text(ws, r, 0, &super::outlook_intro(a, lang), &Format::new())?;
    r += 2;
    text(ws, r, 0, Part::Actions.title(lang), &st.bold)?;
    r += 1;
    r = groups(ws, a, r, &a.actions, lang.pick("行动", "Action"), true, lang, st)?;
    r += 1;
    r = groups(ws, a, r, &a.sections, lang.pick("责任科室", "Section"), false, lang, st)?;
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
    if let Some(lines) = super::signoff::block(a, lang) {
        r += 2;
        text(ws, r, 0, super::signoff::title(lang), &st.bold)?;
        for (k, v) in lines {
            r += 1;
            text(ws, r, 0, &k, &st.bold)?;
            text(ws, r, 1, &v, &Format::new())?;
        }
    }
    Ok(())
}

fn tally_cells(ws: &mut Worksheet, r: u32, from: usize, t: &Tally, st: &Styles) -> Result<(), XlsxError> {
    for (i, n) in tally_row(t).into_iter().enumerate() {
        count(ws, r, from + i, n, st)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments, reason = "two calls, each argument named at the call")]
fn groups(
    ws: &mut Worksheet,
    a: &AnnualReport,
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
        text(ws, r, 0, &group_name(a, i, g, ordinal, lang), &st.text)?;
        text(ws, r, 1, &group_tasks(g, lang), &st.text)?;
        tally_cells(ws, r, 2, &g.tally, st)?;
        r += 1;
    }
    Ok(r)
}
