//! The pieces both template workbooks are built from: the annual one ([`super::xlsx`])
//! and a roster's ([`super::roster_xlsx`]) lay out sheet 填报 and sheet 填表说明 the
//! same way, so each step is written once here: the dated workbook, how wide a
//! column is, how a column of 填报 is formatted and validated, how a validation
//! speaks to the clerk, and how the guide's table and notes are written. Key
//! decision: these helpers only place what the caller chose (formats, minimum
//! widths, messages); what a column *is* stays in the template that knows it, so
//! the two differ where their columns do. Each helper makes the calls the two
//! copies made, in the same order, so the workbooks' bytes did not change when they
//! were folded (rust_xlsxwriter numbers formats by first use: see [`data_column`]).

use std::io::Write;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Workbook, Worksheet,
    XlsxError,
};

use super::xlsx::VALIDATED_ROWS;
use crate::plan::Plan;

/// A new workbook dated by the plan's issue date: a template is made from the plan
/// alone (no evaluation), so the same plan gives the same file.
pub(super) fn dated_workbook(plan: &Plan) -> Workbook {
    let mut wb = Workbook::new();
    wb.set_properties(&crate::render::sheet_style::dated(plan.meta.issued));
    wb
}

/// Writes the finished workbook to `out`.
pub(super) fn save(out: &mut dyn Write, mut wb: Workbook) -> anyhow::Result<()> {
    let bytes = wb.save_to_buffer()?;
    out.write_all(&bytes)?;
    Ok(())
}

/// Excel's column width for `s`: CJK characters are two units wide.
pub(super) fn width(s: &str, min: f64, max: f64) -> f64 {
    let units: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    (units as f64 + 2.0).clamp(min, max)
}

pub(super) fn col_num(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Cuts `s` to at most `max` UTF-16 units, Excel's limit for validation texts.
pub(super) fn clip(s: &str, max: usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= max
        })
        .collect()
}

/// One column of sheet 填报, as the template that knows it chose.
pub(super) struct DataColumn<'a> {
    /// The header: the column's Chinese label, which sets the width.
    pub title: &'a str,
    /// The narrowest the column may be; every column is at most 30 wide.
    pub min_width: f64,
    /// The format of the whole column (text or date), if any.
    pub format: Option<&'a Format>,
    /// What Excel checks as a clerk types, on rows 2 to [`VALIDATED_ROWS`].
    pub validation: Option<DataValidation>,
}

/// Sets up the `i`th column of sheet 填报: its width, format and validation. The
/// header cell is the caller's to write, before or after: rust_xlsxwriter numbers
/// formats in the order they are first used, so moving the header's first use would
/// renumber the styles and change the file's bytes.
pub(super) fn data_column(ws: &mut Worksheet, i: usize, col: &DataColumn<'_>) -> Result<(), XlsxError> {
    let c = col_num(i)?;
    ws.set_column_width(c, width(col.title, col.min_width, 30.0))?;
    if let Some(format) = col.format {
        ws.set_column_format(c, format)?;
    }
    if let Some(v) = &col.validation {
        ws.add_data_validation(1, c, VALIDATED_ROWS - 1, c, v)?;
    }
    Ok(())
}

/// `v` titled by the column's header, with `message` shown on entering a cell and
/// 应为：`expected` on a wrong value, each clipped to Excel's limits.
pub(super) fn described(
    v: DataValidation,
    header: &str,
    message: &str,
    expected: &str,
) -> Result<DataValidation, XlsxError> {
    let title = clip(header, 32);
    v.set_input_title(title.clone())?
        .set_input_message(clip(message, 255))?
        .set_error_title(title)?
        .set_error_message(clip(&format!("应为：{expected}"), 255))
}

/// A date from 1 January `from` to 31 December 2100; outside it Excel only warns,
/// since a clerk may know better.
pub(super) fn dates_from(from: u16) -> Result<DataValidation, XlsxError> {
    Ok(DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(from, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_error_style(DataValidationErrorStyle::Warning))
}

/// The guide table's header row, at row `r`, with each column's width.
pub(super) fn guide_header(
    ws: &mut Worksheet,
    r: u32,
    titles: &[(&str, f64)],
    header: &Format,
) -> Result<(), XlsxError> {
    for (i, (t, w)) in titles.iter().enumerate() {
        ws.write_string_with_format(r, col_num(i)?, *t, header)?;
        ws.set_column_width(col_num(i)?, *w)?;
    }
    Ok(())
}

/// One row of the guide table, every cell in `format`.
pub(super) fn write_row(
    ws: &mut Worksheet,
    r: u32,
    cells: &[String],
    format: &Format,
) -> Result<(), XlsxError> {
    for (c, v) in cells.iter().enumerate() {
        ws.write_string_with_format(r, col_num(c)?, v, format)?;
    }
    Ok(())
}

/// The general notes, one a row from row `r` on, in the first column.
pub(super) fn notes(ws: &mut Worksheet, mut r: u32, notes: &[&str]) -> Result<(), XlsxError> {
    for note in notes {
        ws.write_string(r, 0, *note)?;
        r += 1;
    }
    Ok(())
}
