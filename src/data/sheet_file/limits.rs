//! The documented limits on a workbook, in one place, and the refusal past them.
//!
//! A workbook is a zip of XML (or a binary file) that can declare far more than it
//! holds: one cell at XFD1048576 implies 17 billion cells, a merge `E1:XFD1048576`
//! covers as many, and a 2 KB part can inflate to gigabytes. wjvet never allocates by
//! what a file declares or implies: it reads cells one by one, keeps only those with
//! a value, and refuses a file past any limit below with `sheet-too-large` (exit 3)
//! before the cost is paid. The limits are far above any real submission (a
//! province of 100,000 institution-years is 5.7 million cells) and keep the peak
//! memory of any file under 1 GB; docs/input.md lists them.

use crate::diag::{Code, Diagnostic, Location};
use crate::text;

/// Rows of a worksheet: Excel's own limit. A cell further down is not from Excel.
pub const MAX_ROWS: u32 = 1_048_576;
/// Columns of a worksheet: Excel's own limit (XFD). A cell further right is not from Excel.
pub const MAX_COLUMNS: u32 = 16_384;
/// Cells with a value in one worksheet (16 bytes each, plus their text, when the
/// sheet is stored; a streamed sheet is held to the same limit, so both refuse alike).
pub const MAX_CELLS: usize = 20_000_000;
/// Bytes of text of those cells, after rendering (numbers as typed, strings copied).
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;
/// Cells handed to the loader: rows from the first to the last with a value, times
/// the columns up to the last with a value (every row is as wide as the sheet, as
/// Excel shows it). Also bounds the cells that merged areas fill.
pub const MAX_GRID_CELLS: u64 = 50_000_000;
/// Merged areas of one worksheet. Each is kept as a rectangle, never expanded.
pub const MAX_MERGED_AREAS: usize = 1_000_000;
/// Uncompressed bytes of any one part of a zip-based workbook (.xlsx, .xlsm, .xlsb,
/// .ods), as its zip directory declares; reading never goes past the declared size.
pub const MAX_PART_BYTES: u64 = 1024 * 1024 * 1024;
/// Uncompressed bytes of all parts of a zip-based workbook together.
pub const MAX_PACKAGE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Uncompressed bytes of the shared-strings part, which is held in memory whole.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 64 * 1024 * 1024;

/// What went past a limit, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// A cell (zero-based row, column) outside Excel's grid.
    Position { row: u32, col: u32 },
    /// More cells with a value than [`MAX_CELLS`].
    Cells,
    /// More text than [`MAX_TEXT_BYTES`].
    Text,
    /// The used area (rows times columns) is larger than [`MAX_GRID_CELLS`].
    Grid { rows: u64, columns: u64 },
    /// More merged areas than [`MAX_MERGED_AREAS`], or together covering more than
    /// [`MAX_GRID_CELLS`] cells of the used area.
    Merged { areas: usize },
    /// A part of the zip (or all of them) inflating past the limit.
    Part { name: String, bytes: u64, limit: u64 },
}

impl TooLarge {
    /// The `sheet-too-large` diagnostic for `file`.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        let (message, expected) = match self {
            TooLarge::Position { row, col } => {
                let cell = format!("{}{}", crate::diag::column_letter(*col as usize), u64::from(*row) + 1);
                (
                    text!("单元格 {cell} 超出了 Excel 的行列范围", "cell {cell} lies outside Excel's grid"),
                    text!(
                        "最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列",
                        "at most {MAX_ROWS} rows and {MAX_COLUMNS} columns"
                    ),
                )
            }
            TooLarge::Cells => (
                text!(
                    "工作表中有值的单元格超过 {MAX_CELLS} 个",
                    "the sheet has more than {MAX_CELLS} cells with a value"
                ),
                text!("最多 {MAX_CELLS} 个有值的单元格", "at most {MAX_CELLS} cells with a value"),
            ),
            TooLarge::Text => (
                text!(
                    "工作表中单元格的文字超过 {MAX_TEXT_BYTES} 字节",
                    "the text of the sheet's cells exceeds {MAX_TEXT_BYTES} bytes"
                ),
                text!("最多 {MAX_TEXT_BYTES} 字节", "at most {MAX_TEXT_BYTES} bytes"),
            ),
            TooLarge::Grid { rows, columns } => (
                text!(
                    "工作表的使用区域有 {rows} 行 × {columns} 列，太大",
                    "the sheet's used area of {rows} rows by {columns} columns is too large"
                ),
                text!("行数 × 列数不超过 {MAX_GRID_CELLS}", "rows times columns at most {MAX_GRID_CELLS}"),
            ),
            TooLarge::Merged { areas } => (
                text!(
                    "工作表的 {areas} 个合并区域太多或相互重叠",
                    "the sheet's {areas} merged areas are too many or overlap"
                ),
                text!(
                    "最多 {MAX_MERGED_AREAS} 个合并区域，共覆盖不超过 {MAX_GRID_CELLS} 个单元格",
                    "at most {MAX_MERGED_AREAS} merged areas covering at most {MAX_GRID_CELLS} cells"
                ),
            ),
            TooLarge::Part { name, bytes, limit } => (
                text!(
                    "文件中的「{name}」解压后有 {bytes} 字节，太大",
                    "the part {name:?} of the file inflates to {bytes} bytes, too many"
                ),
                text!("不超过 {limit} 字节", "at most {limit} bytes"),
            ),
        };
        Diagnostic::new(Code::SheetTooLarge, Location::file(file), message).expected(expected).hint(text!(
            "把数据复制到一个新工作簿（只含填报的行和列）后另存为 .xlsx",
            "copy the data (only the rows and columns of the submission) into a new workbook and save it as .xlsx"
        ))
    }
}
