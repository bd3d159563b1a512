//! Entry points for fuzzing and property tests: the readers, without a plan.
//!
//! `fuzz/` (cargo-fuzz) and `tests/properties.rs` drive the cell parser, the CSV
//! reader and the workbook reader with arbitrary input; these functions are the
//! smallest public doors to them, hidden from the documentation because they are
//! not an API. Each reads everything it is given and returns what a caller could
//! check (rows read, diagnostics); any panic inside is the bug being hunted.

use std::path::Path;

use super::cell;
use super::csv_file::CsvRows;
use super::sheet_file;
use super::table::RawRow;
use crate::diag::Diagnostics;
use crate::plan::FieldKind;

/// What a reader made of its input.
#[derive(Debug, Default)]
pub struct Read {
    /// (Excel row, cells) of every row handed out.
    pub rows: Vec<(u32, Vec<String>)>,
    pub diagnostics: Diagnostics,
}

/// Parses `text` as a cell of every field type.
pub fn cell(text: &str) {
    for kind in FieldKind::ALL {
        let _ = cell::parse(text, kind);
    }
}

/// Decodes `bytes` and reads them as a CSV file.
pub fn csv(bytes: &[u8]) -> Read {
    let mut out = Read::default();
    let (mut rows, _) =
        CsvRows::open(std::io::Cursor::new(bytes), super::csv_file::Decide::Detect(None), false, "fuzz.csv")
            .expect("memory cannot fail to read");
    let mut raw = RawRow::default();
    while rows.next(&mut raw, &mut out.diagnostics) {
        out.rows.push((raw.line, raw.iter().map(str::to_string).collect()));
    }
    out
}

/// Reads the workbook at `path` (its extension says which format), first sheet.
pub fn workbook(path: &Path) -> Read {
    let mut out = Read::default();
    if let Some(mut rows) = sheet_file::open(path, "fuzz", None, None, &mut out.diagnostics) {
        let mut raw = RawRow::default();
        while rows.next(&mut raw, &mut out.diagnostics) {
            out.rows.push((raw.line, raw.iter().map(str::to_string).collect()));
        }
    }
    out
}
