//! The appendix of rule ids (附：规则编号对照): leadership reads rules by title, so
//! the page's tables and the workbook's sheets name each rule by its title and keep
//! the id in a tooltip or a last column; this appendix maps every id the report
//! names back to its title, on the page and as the workbook's last sheet.

use std::io::{self, Write};

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::html::{esc, thead, tr};
use super::xlsx_cells::{Styles, header as xlsx_header, strings, text};
use super::xlsx_lists::paged;
use super::xlsx_names::SheetNames;
use crate::annual::AnnualReport;
use crate::lang::Lang;

/// The appendix of rule ids: its heading (also the workbook sheet's name).
pub fn title(lang: Lang) -> &'static str {
    lang.pick("附：规则编号对照", "Appendix: rule ids")
}

/// The appendix's columns.
pub fn header(lang: Lang) -> [&'static str; 2] {
    [lang.pick("规则编号", "Rule id"), lang.pick("规则", "Rule")]
}

/// The appendix of rule ids: the tables name rules by title (the id is each cell's
/// tooltip); here is where an id from a tooltip or a workbook is looked up.
pub fn write_html(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    if a.rule_index.is_empty() {
        return Ok(());
    }
    writeln!(out, r#"<section class="part" id="rule-ids"><h2>{}</h2>"#, esc(title(lang)))?;
    let head = strings(&header(lang));
    writeln!(out, "<table>{}<tbody>", thead(&head, |_| false))?;
    for (id, t) in &a.rule_index {
        writeln!(out, "{}", tr(&[id.clone(), t.get(lang).to_string()], |_| false))?;
    }
    writeln!(out, "</tbody></table></section>")
}

/// The appendix of rule ids, last: the other sheets name rules by title.
pub fn sheet(
    wb: &mut Workbook,
    names: &mut SheetNames,
    a: &AnnualReport,
    lang: Lang,
    st: &Styles,
    rows: usize,
) -> Result<(), XlsxError> {
    if a.rule_index.is_empty() {
        return Ok(());
    }
    let head = |ws: &mut Worksheet| {
        xlsx_header(ws, 0, &strings(&header(lang)), st)?;
        ws.set_column_width(0, 26)?;
        ws.set_column_width(1, 48)?;
        Ok(())
    };
    let line = |ws: &mut Worksheet, r: u32, _: usize, (id, title): &(String, crate::lang::Text)| {
        text(ws, r, 0, id, &st.text)?;
        text(ws, r, 1, title.get(lang), &st.text)
    };
    // Sheet names are at most 31 characters and take no colon.
    let name = lang.pick("规则编号对照", "Rule ids");
    paged(wb, names, name, &a.rule_index, 1, rows, head, line)
}
