//! Cells a reader could not render faithfully, reported where the column is known.
//!
//! A reader only marks such cells (see [`CellNote`]); here each becomes a diagnostic
//! naming file, row and column: bytes that no encoding decodes (`bad-encoding`), an
//! Excel error value such as `#N/A` (`cell-error`), and a field cell that only shows a
//! value because it is merged with the cell above or beside it (`merged-cell`). A
//! noted cell is never read as a value: the diagnostic says what to fix instead.

use super::header::HeaderMap;
use super::load::Cx;
use super::table::{CellNote, RawRow};
use crate::diag::{Code, Diagnostic, Location};
use crate::text;

/// Where a noted cell is and what it shows.
#[derive(Debug)]
pub(super) struct Cell<'a> {
    pub line: u32,
    pub index: usize,
    /// The column's header, trimmed.
    pub column: &'a str,
    pub text: &'a str,
}

impl Cx<'_> {
    /// Reports the notes of one data row.
    pub(super) fn row_notes(
        &mut self,
        file: &str,
        encoding: &str,
        headers: &[String],
        map: &HeaderMap,
        raw: &RawRow,
    ) {
        for (index, note) in raw.notes() {
            let column = headers.get(*index).map_or("", |h| h.trim());
            let is_field = map.fields.iter().flatten().any(|c| c.index == *index);
            let cell = Cell { line: raw.line, index: *index, column, text: raw.cell(*index) };
            self.cell_note(file, encoding, &cell, note, is_field);
        }
    }

    /// Reports one note; `is_field` when the column holds a plan field (not an
    /// identity column), where a value copied from a merged range is not used.
    pub(super) fn cell_note(
        &mut self,
        file: &str,
        encoding: &str,
        cell: &Cell<'_>,
        note: &CellNote,
        is_field: bool,
    ) {
        let loc = Location::file(file).row(cell.line).column(cell.index, cell.column);
        let d = match note {
            CellNote::BadBytes => Diagnostic::new(
                Code::BadEncoding,
                loc,
                text!(
                    "此单元格有无法按 {encoding} 解码的字节（显示为 �）",
                    "this cell has bytes that cannot be decoded as {encoding} (shown as �)"
                ),
            )
            .value(cell.text)
            .expected(text!(
                "整个文件使用同一种编码（UTF-8 或 GBK）",
                "the whole file in one encoding (UTF-8 or GBK)"
            ))
            .hint(text!(
                "文件混用了编码或已损坏：在 Excel 中打开，另存为「CSV UTF-8（逗号分隔）」；或用 --encoding 指定编码",
                "the file mixes encodings or is damaged: open it in Excel and save as \"CSV UTF-8 (Comma delimited)\", or name the encoding with --encoding"
            )),
            CellNote::ExcelError(e) => Diagnostic::new(
                Code::CellError,
                loc,
                text!("单元格是 Excel 错误值 {e}", "the cell holds the Excel error {e}"),
            )
            .value(e.clone())
            .hint(text!(
                "修正产生此错误的公式，或直接填入数值",
                "fix the formula that produced it, or type the value in"
            )),
            CellNote::FromMerge { row } if is_field => Diagnostic::new(
                Code::MergedCell,
                loc,
                text!(
                    "此单元格与第 {row} 行合并，值未被读取",
                    "this cell is merged with row {row}, so no value was read for it"
                ),
            )
            .hint(text!(
                "取消合并单元格，每行填写自己的值",
                "unmerge the cells and give each row its own value"
            )),
            CellNote::FromMerge { .. } => return,
        };
        self.diags.push(d);
    }
}
