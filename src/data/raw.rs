//! Every row of one file as text, for inputs that are not submissions (the filled
//! review sheet): the same readers as submissions, none of the header mapping.
//!
//! A file is read through [`Rows`] (CSV in any encoding Excel writes, or a
//! worksheet), so a review sheet saved as GBK CSV or as `.xlsx` reads exactly as a
//! submission would, with Excel's row numbers and the same diagnostics for a broken
//! file. Such files are small, so the rows are collected rather than streamed.

use std::path::Path;

use super::csv_file;
use super::rows::{FileKind, ReadOptions, Rows};
use super::sheet_file;
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// Reads every row of `path` (CSV, TSV or a workbook, by extension); `None` when the
/// file cannot be read, with the reason in `diags`.
pub fn read_rows(path: &Path, read: &ReadOptions, diags: &mut Diagnostics) -> Option<Vec<RawRow>> {
    let name = path.display().to_string();
    let Some(kind) = FileKind::of(path, true) else {
        diags.push(Diagnostic::new(
            Code::UnsupportedFile,
            Location::file(&name),
            text!(
                "不能读取这种文件（支持 .csv、.xlsx 等）",
                "cannot read this kind of file (.csv, .xlsx...)"
            ),
        ));
        return None;
    };
    let mut rows = match kind {
        FileKind::Text { tab } => {
            match csv_file::open_path(path, csv_file::Decide::Detect(read.encoding), tab, &name) {
                Ok((rows, _)) => Rows::Csv(Box::new(rows)),
                Err(e) => {
                    diags.push(Diagnostic::new(
                        Code::UnreadableFile,
                        Location::file(&name),
                        text!("无法读取：{e}", "cannot read: {e}"),
                    ));
                    return None;
                }
            }
        }
        FileKind::Sheet => {
            Rows::Sheet(Box::new(sheet_file::open(path, &name, read.sheet.as_deref(), None, diags)?))
        }
    };
    let errors = diags.errors();
    let mut out = Vec::new();
    let mut row = RawRow::default();
    while rows.next(&mut row, diags) {
        out.push(row.clone());
    }
    (diags.errors() == errors).then_some(out)
}
