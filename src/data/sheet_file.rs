//! Reading a spreadsheet (.xlsx, .xlsm, .xls, .xlsb, .ods) row by row, as text.
//!
//! `calamine` reads every format with typed cells; [`render`] turns each into the
//! text a clerk would have typed, so header mapping, cell parsing and validation
//! stay the same as for CSV. An error value (`#N/A`) becomes an empty cell with a
//! note, reported with its row and column.
//!
//! The key decision: a workbook is never read by what it declares or implies. Cells
//! are read one by one (calamine's cell readers for .xlsx and .xlsb); merged areas
//! stay rectangles ([`merge`]); the zip package is checked first ([`package`]:
//! declared sizes, checksums, shared strings, and the merged areas, which an .xlsx
//! lists after its cells); and past any limit of [`limits`] the file is refused with
//! `sheet-too-large` before any row is read. An .xlsx or .xlsb sheet is read twice:
//! a first pass ([`layout`]) finds the used area and checks the limits (on a second
//! thread the package scans the same sheet meanwhile; a sheet with merged areas is
//! measured once more to keep their first cells, which only the scan names), then
//! the rows are streamed from a thread ([`feed`]),
//! so memory stays flat whatever the number of rows. A sheet whose cells are out of
//! order, and every .xls and .ods sheet (calamine has only a dense reader for them,
//! whose size their formats bound: docs/input.md says how far), is kept in a compact
//! [`store`] and sorted instead. A panic inside calamine on a malformed file is
//! caught and reported as `unreadable-file`, never a crash.
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

mod feed;
mod layout;
pub mod limits;
mod make;
mod merge;
mod ods;
mod package;
mod render;
mod store;
mod xls;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Reader, SheetType, SheetVisible, Sheets};

use self::feed::Feed;
use self::layout::Layout;
use self::make::Sheet;
pub use self::make::SheetRows;
use self::package::Refusal;
use self::store::Store;
use super::header::HeaderIndex;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

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
    let read = catch_unwind(AssertUnwindSafe(|| read(book, path, &sheet)))
        .unwrap_or_else(|_| Err(Refusal::Sheet(panicked().to_string())));
    match read.and_then(|r| SheetRows::new(r, sheet.clone(), file).map_err(Refusal::from)) {
        Ok(rows) => Some(rows),
        Err(r) => {
            diags.push(refused(r, file, &sheet));
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

/// Reads `sheet`: an .xlsx or .xlsb sheet whose cells come in order is measured by
/// a first pass ([`layout`]) and then streamed ([`Feed::streamed`]); any other sheet
/// is read into a [`Store`] and sorted.
fn read<RS>(mut book: Sheets<RS>, path: &Path, sheet: &str) -> Result<Sheet, Refusal>
where
    RS: std::io::Read + std::io::Seek + Send + 'static,
{
    let failed = |e: &dyn std::fmt::Display| Refusal::Sheet(e.to_string());
    let mut store = Store::new();
    let dims = match &mut book {
        Sheets::Xlsx(_) | Sheets::Xlsb(_) => {
            let xlsx = matches!(book, Sheets::Xlsx(_));
            // The package's scan of the sheet (merged areas, shared-string indexes) and
            // the layout pass read it apart, each from the file: on two threads they
            // take the time of one. The scan's refusal comes first, as when it ran first.
            let (dims, measured) = std::thread::scope(|s| {
                let scan = xlsx.then(|| {
                    s.spawn(|| {
                        package::sheet_part(path, sheet).and_then(|part| package::scan_sheet(path, &part))
                    })
                });
                let measured = measure(&mut book, sheet, &[]);
                let dims = match scan {
                    Some(scan) => scan.join().unwrap_or_else(|_| Err(Refusal::Sheet(panicked().to_string()))),
                    None => Ok(Vec::new()),
                };
                (dims, measured)
            });
            let dims = dims?;
            let mut layout = measured?;
            // A sheet with merged areas is measured again to keep their first cells,
            // which only the scan names.
            if !dims.is_empty() && layout.ordered() {
                layout = measure(&mut book, sheet, &dims)?;
            }
            if layout.ordered() {
                let (used, firsts) = layout.finish()?;
                let feed = Feed::streamed(book, sheet.to_string())?;
                return Ok(Sheet { feed, used, dims, firsts });
            }
            feed::each_cell(&mut book, sheet, |row, col, data| {
                store.push(row, col, data)?;
                Ok(true)
            })?;
            dims
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book.worksheet_range(sheet).map_err(|e| failed(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                let (r, c) = (u32::try_from(r).unwrap_or(u32::MAX), u32::try_from(c).unwrap_or(u32::MAX));
                store.push(top.saturating_add(r), left.saturating_add(c), &render::as_ref(data))?;
            }
            match &mut book {
                Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    };
    let store = store.finish()?;
    let used = store.used();
    let firsts = store.only(&layout::starts(&dims));
    Ok(Sheet { feed: Feed::stored(store), used, dims, firsts })
}

/// The first pass over an .xlsx or .xlsb sheet ([`layout`]), keeping the first cells
/// of the merged areas `dims`; it stops at the first cell out of order.
fn measure<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
    dims: &[calamine::Dimensions],
) -> Result<Layout, Refusal> {
    let mut layout = Layout::new(dims);
    catch_unwind(AssertUnwindSafe(|| {
        feed::each_cell(book, sheet, |row, col, data| {
            layout.push(row, col, data)?;
            Ok(layout.ordered())
        })
    }))
    .unwrap_or_else(|_| Err(Refusal::Sheet(panicked().to_string())))?;
    Ok(layout)
}

/// The diagnostic for a sheet that could not be read.
fn refused(r: Refusal, file: &str, sheet: &str) -> Diagnostic {
    match r {
        Refusal::Sheet(e) => Diagnostic::new(
            Code::UnreadableFile,
            Location::file(file),
            text!("无法读取工作表「{sheet}」：{e}", "cannot read the sheet {sheet:?}: {e}"),
        ),
        r => r.diagnostic(file),
    }
}
