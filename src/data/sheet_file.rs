//! Reading a spreadsheet (.xlsx, .xlsm, .xls, .xlsb, .ods) row by row, as text.
//!
//! `calamine` reads every format with typed cells; this file turns each cell into the
//! text a clerk would have typed, so header mapping, cell parsing and validation stay
//! the same as for CSV: a date cell becomes `2019-06-30`, an integral number `150`
//! (never `150.0`), any other number its shortest exact decimal (`0.85`), a boolean
//! 是/否, a formula its cached value. A number too large for Excel to hold exactly
//! (15 significant digits) is written as Excel shows it, `1.23457E+17`, so a code
//! that Excel damaged is recognised as damaged rather than read as a valid number.
//! An error value (`#N/A`) becomes an empty cell with a note, reported with its row
//! and column.
//!
//! Rows keep Excel's numbers (header = the row Excel shows, counting rows above it),
//! and columns start at A even when the used range starts further right, so every
//! location matches what Excel shows. Merged ranges (title rows, two-row headers, a
//! school name spanning its year rows) are filled from their first cell, each filled
//! cell noted so the loader decides where a copied value may be used.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};

use super::table::{CellNote, RawRow};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// A worksheet being read, row by row.
#[derive(Debug)]
pub struct SheetRows {
    range: calamine::Range<Data>,
    /// Absolute (row, column) of the range's first cell.
    origin: (u32, u32),
    /// Next row to hand out, relative to the range.
    next: usize,
    /// Merged cells other than each range's first: (abs row, abs col) -> first cell.
    merged: HashMap<(u32, u32), (u32, u32)>,
    /// The worksheet read.
    pub sheet: String,
}

/// Opens `path` and picks the sheet: `wanted`, else the first visible worksheet.
pub fn open(path: &Path, file: &str, wanted: Option<&str>, diags: &mut Diagnostics) -> Option<SheetRows> {
    let mut book = match calamine::open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    Code::UnreadableFile,
                    Location::file(file),
                    text!("无法读取此电子表格：{e}", "cannot read this spreadsheet: {e}"),
                )
                .hint(text!(
                    "文件可能已损坏或加密；在 Excel 中打开并另存为 .xlsx",
                    "the file may be damaged or password-protected; open it in Excel and save it as .xlsx"
                )),
            );
            return None;
        }
    };
    let names = book.sheet_names();
    let sheet = match wanted {
        Some(w) => match names.iter().find(|n| n.as_str() == w || n.trim() == w.trim()) {
            Some(n) => n.clone(),
            None => {
                let all = names.join("、");
                let all_en = names.join(", ");
                diags.push(
                    Diagnostic::new(
                        Code::UnknownSheet,
                        Location::file(file),
                        text!("没有名为「{w}」的工作表", "there is no sheet named {w:?}"),
                    )
                    .value(w)
                    .expected(text!("其中之一：{all}", "one of: {all_en}"))
                    .hint(text!("用 --sheet 指定工作表名", "name the sheet with --sheet")),
                );
                return None;
            }
        },
        None => {
            let meta = book.sheets_metadata();
            let visible = meta
                .iter()
                .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
                .or_else(|| meta.first());
            match visible {
                Some(s) => s.name.clone(),
                None => {
                    diags.push(Diagnostic::new(
                        Code::EmptyFile,
                        Location::file(file),
                        text!("电子表格中没有工作表", "the spreadsheet has no worksheet"),
                    ));
                    return None;
                }
            }
        }
    };
    let range = match book.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::UnreadableFile,
                Location::file(file),
                text!("无法读取工作表「{sheet}」：{e}", "cannot read the sheet {sheet:?}: {e}"),
            ));
            return None;
        }
    };
    let origin = range.start().unwrap_or((0, 0));
    let merged = merged_cells(&mut book, &sheet);
    Some(SheetRows { range, origin, next: 0, merged, sheet })
}

/// The merged ranges of the sheet, where the format records them (xlsx, xls), as a
/// map from every covered cell but the first to the first.
fn merged_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
) -> HashMap<(u32, u32), (u32, u32)> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
    };
    let mut out = HashMap::new();
    for d in dims {
        for r in d.start.0..=d.end.0 {
            for c in d.start.1..=d.end.1 {
                if (r, c) != d.start {
                    out.insert((r, c), d.start);
                }
            }
        }
    }
    out
}

impl SheetRows {
    /// Reads the next row into `row`; `false` at the end.
    pub fn next(&mut self, row: &mut RawRow) -> bool {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return false;
        }
        let rel = self.next;
        self.next += 1;
        let abs_row = self.origin.0 + u32::try_from(rel).unwrap_or(u32::MAX);
        row.line = abs_row + 1;
        row.cells.clear();
        row.notes.clear();
        // Columns before the used range are empty, so letters match Excel's.
        for _ in 0..self.origin.1 {
            row.cells.push_field("");
        }
        let mut text = String::new();
        for c in 0..width {
            let abs_col = self.origin.1 + u32::try_from(c).unwrap_or(u32::MAX);
            let index = usize::try_from(abs_col).unwrap_or(usize::MAX);
            let mut data = self.range.get((rel, c)).unwrap_or(&Data::Empty);
            if matches!(data, Data::Empty)
                && let Some(&first) = self.merged.get(&(abs_row, abs_col))
            {
                data = self.range.get_value(first).unwrap_or(&Data::Empty);
                if !matches!(data, Data::Empty) {
                    row.notes.push((index, CellNote::FromMerge { row: first.0 + 1 }));
                }
            }
            text.clear();
            if let Some(err) = render(data, &mut text) {
                row.notes.push((index, CellNote::ExcelError(err)));
            }
            row.cells.push_field(&text);
        }
        true
    }
}

/// Writes a cell as text; returns the error value's text for an error cell.
fn render(data: &Data, out: &mut String) -> Option<String> {
    use std::fmt::Write as _;
    match data {
        Data::Empty => {}
        Data::String(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => number(*f, out),
        Data::Bool(b) => out.push_str(if *b { "是" } else { "否" }),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{m:02}-{d:02}");
            if (h, mi, s, ms) != (0, 0, 0, 0) {
                let _ = write!(out, " {h:02}:{mi:02}:{s:02}");
            }
        }
        Data::DateTime(dt) => number(dt.as_f64(), out),
        Data::DateTimeIso(s) => out.push_str(match s.split_once('T') {
            Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => date,
            _ => s,
        }),
        Data::DurationIso(s) => out.push_str(s),
        Data::Error(e) => return Some(e.to_string()),
    }
    None
}

/// A number as Excel users see it: integral values without `.0`, others their
/// shortest exact decimal, and values of 15 digits or more (beyond what Excel keeps
/// exactly) in Excel's scientific form.
fn number(f: f64, out: &mut String) {
    use std::fmt::Write as _;
    if f.is_finite() && f.abs() >= 1e15 {
        // Rust's `{:E}` gives the shortest exact mantissa: 1.2345678901234568E17.
        let s = format!("{f:E}");
        let (mantissa, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let exp = exp.strip_prefix('-').map_or_else(|| format!("+{exp:0>2}"), |e| format!("-{e:0>2}"));
        let _ = write!(out, "{mantissa}E{exp}");
    } else if f.fract() == 0.0 && f.is_finite() {
        let _ = write!(out, "{}", f as i64);
    } else {
        let _ = write!(out, "{f}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(d: Data) -> String {
        let mut s = String::new();
        assert!(render(&d, &mut s).is_none());
        s
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(show(Data::Float(150.0)), "150");
        assert_eq!(show(Data::Float(0.85)), "0.85");
        assert_eq!(show(Data::Float(5101150001.0)), "5101150001");
        assert_eq!(show(Data::Float(-3.0)), "-3");
        assert_eq!(show(Data::Int(2019)), "2019");
        assert_eq!(show(Data::Float(1.2345678901234568e17)), "1.2345678901234568E+17");
        assert_eq!(show(Data::Bool(true)), "是");
    }

    #[test]
    fn dates_read_as_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d = Data::DateTime(ExcelDateTime::new(43646.0, ExcelDateTimeType::DateTime, false));
        assert_eq!(show(d), "2019-06-30");
        let d = Data::DateTime(ExcelDateTime::new(43646.5, ExcelDateTimeType::DateTime, false));
        assert_eq!(show(d), "2019-06-30 12:00:00");
        assert_eq!(show(Data::DateTimeIso("2019-06-30T00:00:00".into())), "2019-06-30");
    }

    #[test]
    fn errors_are_notes() {
        let mut s = String::new();
        assert_eq!(render(&Data::Error(calamine::CellErrorType::NA), &mut s).as_deref(), Some("#N/A"));
        assert!(s.is_empty());
    }
}
