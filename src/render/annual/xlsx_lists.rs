//! The workbook's long lists: the scorecard, the overdue items, the data gaps and
//! the institutions' own results, laid out so any number of institutions fits.
//!
//! Excel allows 16,384 columns and 1,048,576 rows a sheet, so every list that grows
//! with the district runs down the rows, one line per institution or item, and the
//! columns are bounded by the plan (one per school rule). A list longer than a sheet
//! continues on `name (2)`, `name (3)`... with its header repeated. Institutions get
//! a sheet each up to [`MAX_SCHOOL_SHEETS`]; a larger district gets one combined
//! sheet instead, since a workbook of thousands of tabs is no use to anyone. List
//! sheets use rust_xlsxwriter's low-memory mode (rows streamed to a temporary file),
//! which needs every sheet written top to bottom, as here.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::xlsx_cells::{Styles, col, count, header, strings, text};
use super::xlsx_names::SheetNames;
use super::{gap_text, subject, tally_header, tally_row};
use crate::annual::{AnnualReport, Line, School};
use crate::lang::Lang;

/// Institutions given a sheet of their own; more than this and they share one.
pub const MAX_SCHOOL_SHEETS: usize = 100;

/// Excel's rows per sheet.
pub const MAX_ROWS: usize = 1_048_576;

/// The fixed list sheets' names (after the summary), in order.
pub fn list_names(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Zh => ["评分表", "逾期与未达标", "数据完整性", "各校明细"],
        Lang::En => ["Scorecard", "Overdue and failing", "Completeness", "Institutions"],
    }
}

pub(super) fn row_of(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A list of `items` on as many sheets as it needs of at most `rows` rows each:
/// `head` writes the header (its first `head_rows` rows) on every sheet and `line`
/// one item at the row given, with the item's number in the whole list.
#[allow(clippy::too_many_arguments, reason = "one call per list, each argument named at the call")]
pub(super) fn paged<T>(
    wb: &mut Workbook,
    names: &mut SheetNames,
    base: &str,
    items: &[T],
    head_rows: usize,
    rows: usize,
    mut head: impl FnMut(&mut Worksheet) -> Result<(), XlsxError>,
    mut line: impl FnMut(&mut Worksheet, u32, usize, &T) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    let per_sheet = rows.saturating_sub(head_rows).max(1);
    let pages = items.len().div_ceil(per_sheet).max(1);
    for page in 0..pages {
        let name = if page == 0 { names.claim(base) } else { names.claim(&format!("{base} ({})", page + 1)) };
        // Rows are written in order, so each can go to a temporary file as soon as
        // the next begins: memory stays flat however long the list.
        let ws = wb.add_worksheet_with_low_memory()?;
        ws.set_name(name)?;
        head(ws)?;
        let from = page * per_sheet;
        for (j, item) in items.iter().enumerate().skip(from).take(per_sheet) {
            line(ws, row_of(head_rows + j - from), j, item)?;
        }
    }
    Ok(())
}

/// The exemptions given, one per row (no sheet without any); the rule by its title,
/// its id in a column of its own for lookup.
pub fn exemptions(
    wb: &mut Workbook,
    names: &mut SheetNames,
    a: &AnnualReport,
    lang: Lang,
    st: &Styles,
    rows: usize,
) -> Result<(), XlsxError> {
    use super::exempted;
    if a.exemptions.is_empty() {
        return Ok(());
    }
    let head = |ws: &mut Worksheet| {
        let mut cells = strings(&exempted::header(lang));
        cells.push(lang.pick("规则编号", "Rule id").to_string());
        header(ws, 0, &cells, st)?;
        for (c, w) in [24, 30, 10, 36, 14, 24, 12, 16, 22].into_iter().enumerate() {
            ws.set_column_width(col(c), w)?;
        }
        Ok(())
    };
    let line = |ws: &mut Worksheet, r: u32, _: usize, e: &crate::annual::ExemptionLine| {
        for (c, v) in exempted::row(e, lang).iter().enumerate() {
            text(ws, r, col(c), v, &st.text)?;
        }
        text(ws, r, col(8), &e.rule_id, &st.text)
    };
    paged(wb, names, exempted::sheet_name(lang), &a.exemptions, 1, rows, head, line)
}

/// Institutions down, school rules across: rule title, target and id in the first
/// three rows (the reader's words first, the id for lookup last), then one row per
/// institution with its status (and value) per rule.
pub fn scorecard(
    wb: &mut Workbook,
    names: &mut SheetNames,
    a: &AnnualReport,
    lang: Lang,
    st: &Styles,
    rows: usize,
) -> Result<(), XlsxError> {
    let s = &a.scorecard;
    let head = |ws: &mut Worksheet| {
        let labels =
            [lang.pick("规则", "Rule"), lang.pick("目标", "Target"), lang.pick("规则编号", "Rule id")];
        for (r, label) in labels.iter().enumerate() {
            let mut cells = vec![label.to_string()];
            cells.extend(s.rules.iter().map(|rule| match r {
                0 => rule.title.get(lang).to_string(),
                1 => rule.target.get(lang).to_string(),
                _ => rule.id.clone(),
            }));
            header(ws, row_of(r), &cells, st)?;
        }
        ws.set_column_width(0, 28)?;
        for c in 0..s.rules.len() {
            ws.set_column_width(col(1 + c), 18)?;
        }
        ws.set_freeze_panes(3, 1)?;
        Ok(())
    };
    // The model holds the cells per rule: `cells[rule][institution]`.
    let line = |ws: &mut Worksheet, r: u32, i: usize, school: &String| {
        text(ws, r, 0, school, &st.text)?;
        for (c, per_rule) in s.cells.iter().enumerate() {
            let Some(Some(cell)) = per_rule.get(i) else { continue };
            let mut v = cell.status.label(lang).to_string();
            if let Some(actual) = &cell.actual {
                v = format!("{v}\n{}", actual.get(lang));
            }
            text(ws, r, col(1 + c), &v, &st.status(cell.status))?;
        }
        Ok(())
    };
    paged(wb, names, list_names(lang)[0], &s.schools, 3, rows, head, line)
}

pub fn problems(
    wb: &mut Workbook,
    names: &mut SheetNames,
    a: &AnnualReport,
    lang: Lang,
    st: &Styles,
    rows: usize,
) -> Result<(), XlsxError> {
    let titles = match lang {
        Lang::Zh => strings(&[
            "序号",
            "学校",
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
            "规则编号",
        ]),
        Lang::En => strings(&[
            "#",
            "Institution",
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
            "Rule id",
        ]),
    };
    let head = |ws: &mut Worksheet| {
        header(ws, 0, &titles, st)?;
        for (c, w) in [5, 24, 30, 10, 8, 18, 14, 11, 18, 40, 18, 16, 24].iter().enumerate() {
            ws.set_column_width(col(c), *w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(())
    };
    let sep = lang.pick("、", ", ");
    let line = |ws: &mut Worksheet, r: u32, i: usize, p: &crate::annual::Problem| {
        count(ws, r, 0, i + 1, st)?;
        let cells = [
            subject(p.school.as_deref(), lang),
            p.title.get(lang).to_string(),
            p.status.label(lang).to_string(),
            p.severity.label(lang).to_string(),
            p.actual.as_ref().map_or_else(|| "—".to_string(), |t| t.get(lang).to_string()),
            p.target.get(lang).to_string(),
            p.due.map(|d| d.to_string()).unwrap_or_default(),
            gap_text(p, lang),
            p.reason.get(lang).to_string(),
            p.clauses.join(sep),
            a.labels(&p.sections, lang),
            p.rule_id.clone(),
        ];
        for (c, s) in cells.iter().enumerate() {
            let f = if c == 2 { st.status(p.status) } else { st.text.clone() };
            text(ws, r, col(c + 1), s, &f)?;
        }
        Ok(())
    };
    paged(wb, names, list_names(lang)[1], &a.problems, 1, rows, head, line)
}

pub fn completeness(
    wb: &mut Workbook,
    names: &mut SheetNames,
    a: &AnnualReport,
    lang: Lang,
    st: &Styles,
    rows: usize,
) -> Result<(), XlsxError> {
    let sep = lang.pick("、", ", ");
    // One row per institution and year with a gap.
    let mut items: Vec<(&str, i32, String)> = Vec::new();
    for g in &a.gaps {
        for y in &g.missing_years {
            items.push((&g.school, *y, lang.pick("全年未报送", "no row for the year").to_string()));
        }
        for (y, errors, more) in &g.invalid {
            items.push((&g.school, *y, super::invalid_text(*y, errors, *more, lang)));
        }
        for (y, fields) in &g.missing_fields {
            let names: Vec<&str> = fields.iter().map(|f| f.get(lang)).collect();
            items.push((&g.school, *y, names.join(sep)));
        }
    }
    // The rosters' findings, one line each, after the gaps.
    for m in &a.rosters.mismatches {
        let [_, _, field, reported, roster] = super::mismatch_row(m, lang);
        let gap = match lang {
            Lang::Zh => format!("{field}：报送 {reported}，花名册可认定 {roster}"),
            Lang::En => format!("{field}: reported {reported}, the roster supports {roster}"),
        };
        items.push((&m.school, m.year, gap));
    }
    for b in &a.rosters.breaches {
        let [_, _, check, records] = super::breach_row(b, lang);
        let gap = match lang {
            Lang::Zh => format!("{check}：{records} 条记录不符合"),
            Lang::En => format!("{check}: {records} records break it"),
        };
        items.push((&b.school, b.year, gap));
    }
    let head = |ws: &mut Worksheet| {
        let titles =
            strings(&[lang.pick("学校", "Institution"), lang.pick("年度", "Year"), lang.pick("缺漏", "Gap")]);
        header(ws, 0, &titles, st)?;
        ws.set_column_width(0, 28)?;
        ws.set_column_width(2, 60)?;
        if items.is_empty() {
            let all = lang.pick("各校报送完整。", "Every institution reported everything the rules need.");
            text(ws, 1, 0, all, &Format::new())?;
        }
        Ok(())
    };
    let line = |ws: &mut Worksheet, r: u32, _: usize, (school, year, gap): &(&str, i32, String)| {
        text(ws, r, 0, school, &st.text)?;
        count(ws, r, 1, usize::try_from(*year).unwrap_or(0), st)?;
        text(ws, r, 2, gap, &st.text)
    };
    paged(wb, names, list_names(lang)[2], &items, 1, rows, head, line)
}

/// The institutions' own results: a sheet each, or one combined sheet past
/// [`MAX_SCHOOL_SHEETS`].
pub fn institutions(
    wb: &mut Workbook,
    names: &mut SheetNames,
    a: &AnnualReport,
    lang: Lang,
    st: &Styles,
    rows: usize,
) -> Result<(), XlsxError> {
    if a.schools.len() <= MAX_SCHOOL_SHEETS {
        for school in &a.schools {
            let ws = wb.add_worksheet();
            ws.set_name(names.claim(&school.name))?;
            institution(ws, school, lang, st)?;
        }
        return Ok(());
    }
    let items: Vec<(&School, &Line)> =
        a.schools.iter().flat_map(|s| s.lines.iter().map(move |l| (s, l))).collect();
    let mut titles =
        vec![lang.pick("学校", "Institution").to_string(), lang.pick("类型", "Type").to_string()];
    titles.extend(line_header(lang));
    let head = |ws: &mut Worksheet| {
        header(ws, 0, &titles, st)?;
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 10)?;
        widths(ws, 2)?;
        ws.set_freeze_panes(1, 1)?;
        Ok(())
    };
    let line = |ws: &mut Worksheet, r: u32, _: usize, (s, l): &(&School, &Line)| {
        text(ws, r, 0, &s.name, &st.text)?;
        text(ws, r, 1, s.school_type.get(lang), &st.text)?;
        line_cells(ws, r, 2, l, lang, st)
    };
    paged(wb, names, list_names(lang)[3], &items, 1, rows, head, line)
}

fn line_header(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => strings(&["规则", "任务", "内容", "目标", "实际", "截止", "状态", "说明"]),
        Lang::En => strings(&["Rule", "Task", "Title", "Target", "Actual", "Due", "Status", "Reason"]),
    }
}

fn widths(ws: &mut Worksheet, from: usize) -> Result<(), XlsxError> {
    for (c, w) in [26, 6, 32, 14, 24, 11, 10, 48].iter().enumerate() {
        ws.set_column_width(col(from + c), *w)?;
    }
    Ok(())
}

fn line_cells(
    ws: &mut Worksheet,
    r: u32,
    from: usize,
    l: &Line,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    text(ws, r, col(from), &l.rule.id, &st.text)?;
    count(ws, r, from + 1, usize::try_from(l.rule.task).unwrap_or(0), st)?;
    text(ws, r, col(from + 2), l.rule.title.get(lang), &st.text)?;
    text(ws, r, col(from + 3), l.rule.target.get(lang), &st.text)?;
    text(ws, r, col(from + 4), l.actual.as_ref().map_or("—", |t| t.get(lang)), &st.text)?;
    text(ws, r, col(from + 5), &l.due.map(|d| d.to_string()).unwrap_or_default(), &st.text)?;
    text(ws, r, col(from + 6), l.status.label(lang), &st.status(l.status))?;
    text(ws, r, col(from + 7), l.reason.get(lang), &st.text)
}

/// One institution's sheet: its name and type, its tally, then its results.
fn institution(ws: &mut Worksheet, s: &School, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    text(ws, 0, 0, &s.name, &st.title)?;
    text(ws, 1, 0, s.school_type.get(lang), &Format::new())?;
    header(ws, 3, &strings(&tally_header(lang)), st)?;
    for (i, n) in tally_row(&s.tally).into_iter().enumerate() {
        count(ws, 4, i, n, st)?;
    }
    header(ws, 6, &line_header(lang), st)?;
    widths(ws, 0)?;
    ws.set_freeze_panes(7, 0)?;
    for (i, l) in s.lines.iter().enumerate() {
        line_cells(ws, row_of(i + 7), 0, l, lang, st)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_longer_than_a_sheet_continues_with_its_header() {
        let mut wb = Workbook::new();
        let mut names = SheetNames::new();
        let items: Vec<usize> = (0..7).collect();
        let head = |ws: &mut Worksheet| ws.write_string(0, 0, "head").map(|_| ());
        let line = |ws: &mut Worksheet, r: u32, i: usize, v: &usize| {
            assert_eq!(i, *v);
            ws.write_number(r, 0, u32::try_from(*v).unwrap_or(0)).map(|_| ())
        };
        // Three rows a sheet, one of them the header: 7 items need 4 sheets.
        paged(&mut wb, &mut names, "list", &items, 1, 3, head, line).expect("paged");
        let got: Vec<String> = wb.worksheets().iter().map(|w| w.name()).collect();
        assert_eq!(got, ["list", "list (2)", "list (3)", "list (4)"]);
    }

    #[test]
    fn an_empty_list_still_has_its_sheet() {
        let mut wb = Workbook::new();
        let mut names = SheetNames::new();
        let none: [u8; 0] = [];
        paged(&mut wb, &mut names, "empty", &none, 1, MAX_ROWS, |_| Ok(()), |_, _, _, _| Ok(()))
            .expect("paged");
        assert_eq!(wb.worksheets().len(), 1);
    }
}
