//! Reading a spreadsheet (.xlsx, .xlsm, .xls, .xlsb, .ods) row by row, as text.
//!
//! `calamine` reads every format with typed cells; [`render`] turns each into the
//! text a clerk would have typed, so header mapping, cell parsing and validation
//! stay the same as for CSV. An error value (`#N/A`) becomes an empty cell with a
//! note, reported with its row and column.
//!
//! The key decision: a workbook is never read by what it declares or implies. Cells
//! are read one by one (calamine's cell readers for .xlsx and .xlsb) into a compact
//! [`store`] of the cells that hold a value; merged areas stay rectangles
//! ([`merge`]); the zip package is checked first ([`package`]: declared sizes,
//! checksums, shared strings); and past any limit of [`limits`] the file is refused
//! with `sheet-too-large`. .xls and .ods have only calamine's dense reader, whose
//! size their formats bound (docs/input.md says how far). A panic inside calamine on
//! a malformed file is caught and reported as `unreadable-file`, never a crash.
//!
//! Without `--sheet` the first visible worksheet is read, and a workbook where
//! another visible sheet also opens with a submission header is refused
//! (`ambiguous-sheet`) rather than read in part: no row is dropped unseen.
//!
//! Rows keep Excel's numbers (header = the row Excel shows, counting rows above it),
//! and columns start at A even when the used area starts further right, so every
//! location matches what Excel shows. Every row is as wide as the used area. Merged
//! ranges (title rows, two-row headers, a school name spanning its year rows) are
//! filled from their first cell, each filled cell noted so the loader decides where
//! a copied value may be used.

pub mod limits;
mod merge;
mod ods;
mod package;
mod render;
mod store;
mod xls;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Dimensions, Reader, SheetType, SheetVisible, Sheets};

use self::limits::TooLarge;
use self::merge::Merges;
use self::package::Refusal;
use self::store::Store;
use super::header::HeaderIndex;
use super::table::{CellNote, RawRow};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// A worksheet being read, row by row.
#[derive(Debug)]
pub struct SheetRows {
    store: Store,
    merges: Merges,
    /// Next stored cell to hand out.
    cursor: usize,
    /// Next row to hand out and the last one (zero-based); none when `next > last`.
    next: u32,
    last: u32,
    /// Columns of every row: A to the last column with a value.
    width: usize,
    /// Per column of the current row: the merged area's (first row, stored cell).
    fill: Vec<Option<(u32, usize)>>,
    /// The worksheet read.
    pub sheet: String,
}

/// Opens `path` and picks the sheet: `wanted`, else the first visible worksheet
/// (refused as `ambiguous-sheet` when another visible sheet opens with a header
/// `headers` recognises: see [`pick`]; `None` for files that are not submissions,
/// such as the review sheet, whose other sheets are notes).
pub fn open(
    path: &Path,
    file: &str,
    wanted: Option<&str>,
    headers: Option<&HeaderIndex>,
    diags: &mut Diagnostics,
) -> Option<SheetRows> {
    if let Err(r) =
        catch_unwind(|| precheck(path)).unwrap_or_else(|_| Err(Refusal::Sheet(panicked().to_string())))
    {
        diags.push(r.diagnostic(file));
        return None;
    }
    let book = catch_unwind(|| calamine::open_workbook_auto(path)).unwrap_or_else(|_| Err(panicked()));
    let mut book = match book {
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
    let sheet = catch_unwind(AssertUnwindSafe(|| pick(&mut book, file, wanted, headers, diags)))
        .unwrap_or_else(|_| {
            let e = panicked();
            diags.push(Diagnostic::new(
                Code::UnreadableFile,
                Location::file(file),
                text!("无法读取此电子表格：{e}", "cannot read this spreadsheet: {e}"),
            ));
            None
        })?;
    let read = catch_unwind(AssertUnwindSafe(|| read(&mut book, path, &sheet)))
        .unwrap_or_else(|_| Err(Refusal::Sheet(panicked().to_string())));
    match read {
        Ok((store, dims)) => match SheetRows::new(store, &dims, sheet) {
            Ok(rows) => Some(rows),
            Err(t) => {
                diags.push(t.diagnostic(file));
                None
            }
        },
        Err(Refusal::Sheet(e)) => {
            diags.push(Diagnostic::new(
                Code::UnreadableFile,
                Location::file(file),
                text!("无法读取工作表「{sheet}」：{e}", "cannot read the sheet {sheet:?}: {e}"),
            ));
            None
        }
        Err(r) => {
            diags.push(r.diagnostic(file));
            None
        }
    }
}

/// What must hold before calamine opens the file, by format: the zip package's
/// sizes and checksums, and for .xls and .ods (which calamine reads whole, into
/// dense ranges) the size of every sheet.
fn precheck(path: &Path) -> Result<(), Refusal> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => package::check(path, true),
        "xlsb" => package::check(path, false),
        "ods" => package::check(path, false).and_then(|()| ods::check(path)),
        "xls" => xls::check(path),
        _ => Ok(()),
    }
}

fn panicked() -> calamine::Error {
    calamine::Error::Msg("the spreadsheet reader failed on this file")
}

/// The sheet to read: `wanted`, else the first visible worksheet, unless another
/// visible worksheet opens with a submission header (`ambiguous-sheet`). Hidden
/// sheets are never read nor considered.
fn pick<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    file: &str,
    wanted: Option<&str>,
    headers: Option<&HeaderIndex>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let names = book.sheet_names();
    if let Some(w) = wanted {
        if let Some(n) = names.iter().find(|n| n.as_str() == w || n.trim() == w.trim()) {
            return Some(n.clone());
        }
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
    let meta = book.sheets_metadata();
    let visible: Vec<String> = meta
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let Some(first) = visible.first().or_else(|| meta.first().map(|s| &s.name)).cloned() else {
        diags.push(Diagnostic::new(
            Code::EmptyFile,
            Location::file(file),
            text!("电子表格中没有工作表", "the spreadsheet has no worksheet"),
        ));
        return None;
    };
    // Rows on any other visible sheet would be dropped without a word: when one opens
    // like a submission, the clerk chooses (a second sheet is as often last year's
    // copy as more rows, and counting a copy twice is worse than asking).
    let Some(headers) = headers else { return Some(first) };
    let others: Vec<&String> =
        visible.iter().skip(1).filter(|name| opens_with_header(book, name, headers)).collect();
    if others.is_empty() {
        return Some(first);
    }
    let candidates: Vec<&String> = std::iter::once(&first).chain(others).collect();
    let zh = candidates.iter().map(|n| format!("「{n}」")).collect::<Vec<_>>().join("、");
    let en = candidates.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ");
    let second = candidates[1];
    diags.push(
        Diagnostic::new(
            Code::AmbiguousSheet,
            Location::file(file),
            text!(
                "工作簿有多个可能是报送数据的工作表：{zh}；不指定时只会读第一个「{first}」",
                "the workbook has more than one sheet that may hold the submission: {en}; without --sheet only the first, {first:?}, would be read"
            ),
        )
        .expected(text!("只有一个可见的数据工作表，或用 --sheet 指定", "one visible data sheet, or one named with --sheet"))
        .hint(text!(
            "用 --sheet 指定要读的工作表（如 --sheet {second}）；多个工作表都要报送时，各存为一个文件",
            "name the sheet to read with --sheet (e.g. --sheet {second}); if several hold rows to submit, save each as its own file"
        )),
    );
    None
}

/// Whether the first non-empty row of `sheet` names the school and the year columns
/// as header detection recognises them. Reads that one row only (cell by cell for
/// .xlsx and .xlsb), so a workbook of 200 sheets costs 200 rows; .xls and .ods
/// sheets are read whole, within the size [`precheck`] allowed. A sheet that cannot
/// be read here is not a candidate: reading the chosen sheet reports its own errors.
fn opens_with_header<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
    headers: &HeaderIndex,
) -> bool {
    let mut row: Vec<(u32, String)> = Vec::new();
    let mut take = |r: u32, data: &calamine::DataRef<'_>| -> bool {
        // `true` once the first non-empty row has ended.
        if row.first().is_some_and(|(first, _)| *first != r) {
            return true;
        }
        let mut text = String::new();
        render::render(data, &mut text);
        if !text.trim().is_empty() {
            row.push((r, text));
        }
        false
    };
    match book {
        Sheets::Xlsx(x) => {
            let Ok(mut cells) = x.worksheet_cells_reader(sheet) else { return false };
            while let Ok(Some(c)) = cells.next_cell() {
                if take(c.get_position().0, c.get_value()) {
                    break;
                }
            }
        }
        Sheets::Xlsb(x) => {
            let Ok(mut cells) = x.worksheet_cells_reader(sheet) else { return false };
            while let Ok(Some(c)) = cells.next_cell() {
                if take(c.get_position().0, c.get_value()) {
                    break;
                }
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let Ok(range) = book.worksheet_range(sheet) else { return false };
            for (r, _, data) in range.used_cells() {
                if take(u32::try_from(r).unwrap_or(u32::MAX), &render::as_ref(data)) {
                    break;
                }
            }
        }
    }
    headers.names_identity(row.iter().map(|(_, t)| t.as_str()))
}

/// The cells with a value and the merged areas of `sheet`.
fn read<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    path: &Path,
    sheet: &str,
) -> Result<(Store, Vec<Dimensions>), Refusal> {
    let failed = |e: &dyn std::fmt::Display| Refusal::Sheet(e.to_string());
    let mut store = Store::new();
    let merges = match book {
        Sheets::Xlsx(x) => {
            let part = package::sheet_part(path, sheet)?;
            let merges = package::scan_sheet(path, &part)?;
            match x.worksheet_cells_reader(sheet) {
                Ok(mut cells) => {
                    while let Some(c) = cells.next_cell().map_err(|e| failed(&e))? {
                        store.push(c.get_position().0, c.get_position().1, c.get_value())?;
                    }
                }
                // A chart sheet has no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => {}
                Err(e) => return Err(failed(&e)),
            }
            merges
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(sheet).map_err(|e| failed(&e))?;
            while let Some(c) = cells.next_cell().map_err(|e| failed(&e))? {
                store.push(c.get_position().0, c.get_position().1, c.get_value())?;
            }
            Vec::new()
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book.worksheet_range(sheet).map_err(|e| failed(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                let (r, c) = (u32::try_from(r).unwrap_or(u32::MAX), u32::try_from(c).unwrap_or(u32::MAX));
                store.push(top.saturating_add(r), left.saturating_add(c), &render::as_ref(data))?;
            }
            match book {
                Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    };
    Ok((store, merges))
}

impl SheetRows {
    /// Orders the cells, checks the used area and the merged areas against the limits.
    fn new(store: Store, dims: &[Dimensions], sheet: String) -> Result<SheetRows, TooLarge> {
        let store = store.finish()?;
        let merges = Merges::new(dims, &store)?;
        let (next, last) = match (store.cells().first(), store.cells().last()) {
            (Some(f), Some(l)) => (f.row, l.row),
            _ => (1, 0),
        };
        let width = store.grid().map_or(0, |(_, columns)| usize::try_from(columns).unwrap_or(0));
        Ok(SheetRows { store, merges, cursor: 0, next, last, width, fill: vec![None; width], sheet })
    }

    /// Reads the next row into `row`; `false` at the end.
    pub fn next(&mut self, row: &mut RawRow) -> bool {
        if self.next > self.last {
            return false;
        }
        let r = self.next;
        self.next += 1;
        row.line = r + 1;
        row.cells.clear();
        row.notes.clear();
        let fill = &mut self.fill;
        self.merges.row(r, |col, first, cell| {
            if let Some(f) = fill.get_mut(col as usize)
                && f.is_none()
            {
                *f = Some((first, cell));
            }
        });
        let cells = self.store.cells();
        for c in 0..self.width {
            let own = cells.get(self.cursor).filter(|s| s.row == r && usize::from(s.col) == c);
            let (stored, from) = match (own, self.fill[c].take()) {
                (Some(s), _) => {
                    self.cursor += 1;
                    (Some(s), None)
                }
                (None, Some((first, i))) => (cells.get(i), Some(first)),
                (None, None) => (None, None),
            };
            let Some(s) = stored else {
                row.cells.push_field("");
                continue;
            };
            if let Some(first) = from {
                row.notes.push((c, CellNote::FromMerge { row: first + 1 }));
            }
            let text = self.store.text(s);
            if s.error {
                row.notes.push((c, CellNote::ExcelError(text.to_string())));
                row.cells.push_field("");
            } else {
                row.cells.push_field(text);
            }
        }
        true
    }
}
