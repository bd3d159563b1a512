//! One way to read every kind of submission: rows of text, and the header among them.
//!
//! A submission is a text file (CSV, or tab-separated "Unicode text") or a
//! spreadsheet; [`Rows`] hands out [`RawRow`]s from either, so the loader reads both
//! the same way. The header is found the same way too: usually row 1, but official
//! templates put a title row above it or split it over two rows with merged cells.
//! So the header is the first run of rows, among the first [`HEADER_SCAN`], that
//! name both the school and the year columns; a column's name is the lowest non-empty
//! cell of that run. Rows above it are titles, not data. When no row names them, the
//! first row is the header and the missing columns are reported as usual.

use std::collections::VecDeque;
use std::path::Path;

use super::csv_file::CsvRows;
use super::decode::Encoding;
use super::header::HeaderIndex;
use super::sheet_file::SheetRows;
use super::table::{CellNote, RawRow};
use crate::diag::Diagnostics;

/// How many rows from the top may hold the header.
pub const HEADER_SCAN: usize = 10;

/// Text-file extensions read in any directory given.
pub const TEXT_EXTENSIONS: [&str; 2] = ["csv", "tsv"];
/// Spreadsheet extensions read in any directory given.
pub const SHEET_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];
/// Read only when named on the command line: a directory of submissions often holds a
/// README.txt too.
pub const NAMED_ONLY_EXTENSIONS: [&str; 1] = ["txt"];

/// How to read submissions, beyond what the files say themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Read text files in this encoding instead of detecting it (a BOM still wins).
    pub encoding: Option<Encoding>,
    /// Read this worksheet of each spreadsheet instead of the first visible one.
    pub sheet: Option<String>,
    /// The name to show for a file the user did not name themselves (standard input,
    /// kept in a temporary file, is shown as `<stdin>`).
    pub labels: Vec<(std::path::PathBuf, String)>,
    /// The evaluation date a roster's conditions compare dates with (`as_of`); the
    /// end of each row's year when `None`.
    pub as_of: Option<chrono::NaiveDate>,
    /// How a roster's identity numbers are shown in diagnostics: masked, or with
    /// `--pii-key` as a keyed `pid:` (see docs/privacy.md).
    pub pseudonym: crate::pii::Pseudonym,
}

impl ReadOptions {
    /// How `path` is named in messages and documents: its label, else as given.
    pub fn name_of(&self, path: &Path) -> String {
        match self.labels.iter().find(|(p, _)| p == path) {
            Some((_, label)) => label.clone(),
            None => path.display().to_string(),
        }
    }
}

/// What kind of reader a file needs, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Delimited text; `tab` when the extension says tab-separated.
    Text {
        tab: bool,
    },
    Sheet,
}

impl FileKind {
    /// The kind of `path`; `named` when the user gave this file by name.
    pub fn of(path: &Path, named: bool) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        let is = |list: &[&str]| list.contains(&ext.as_str());
        if is(&TEXT_EXTENSIONS) {
            Some(FileKind::Text { tab: ext == "tsv" })
        } else if is(&SHEET_EXTENSIONS) {
            Some(FileKind::Sheet)
        } else if named && is(&NAMED_ONLY_EXTENSIONS) {
            Some(FileKind::Text { tab: true })
        } else {
            None
        }
    }
}

/// Rows from a text file or a worksheet.
#[derive(Debug)]
pub enum Rows<'a> {
    Csv(Box<CsvRows<'a>>),
    Sheet(Box<SheetRows>),
}

impl Rows<'_> {
    /// Reads the next row into `row`; `false` at the end or on a broken file (reported).
    pub fn next(&mut self, row: &mut RawRow, diags: &mut Diagnostics) -> bool {
        match self {
            Rows::Csv(c) => c.next(row, diags),
            Rows::Sheet(s) => s.next(row, diags),
        }
    }
}

/// The header found at the top of a file.
#[derive(Debug)]
pub struct Header {
    /// One name per column, as written (the lowest non-empty cell of a multi-row header).
    pub names: Vec<String>,
    /// The header's last row, as Excel numbers it.
    pub line: u32,
    /// Notes on the cells the names came from (undecodable bytes, error values).
    pub notes: Vec<(usize, CellNote)>,
    /// Rows read while looking for the header that come after it: data to read first.
    pub ahead: VecDeque<RawRow>,
}

/// Finds the header; `None` when the file has no row at all.
pub fn find_header(rows: &mut Rows<'_>, index: &HeaderIndex, diags: &mut Diagnostics) -> Option<Header> {
    let mut seen: Vec<RawRow> = Vec::new();
    let mut raw = RawRow::default();
    while seen.len() < HEADER_SCAN && rows.next(&mut raw, diags) {
        seen.push(raw.clone());
    }
    let start = seen.iter().position(|r| index.names_identity(r.iter())).or_else(|| {
        // Without recognisable identity columns, the first non-blank row is the header.
        seen.iter().position(|r| !r.is_blank())
    })?;
    let mut end = start;
    while seen.get(end + 1).is_some_and(|r| index.names_identity(r.iter()) && r.line == seen[end].line + 1) {
        end += 1;
    }
    let width = seen[start..=end].iter().map(RawRow::len).max().unwrap_or(0);
    let mut names = vec![String::new(); width];
    let mut notes = Vec::new();
    for r in &seen[start..=end] {
        for (i, cell) in r.iter().enumerate() {
            if !cell.trim().is_empty() {
                names[i] = cell.to_string();
                notes.retain(|(n, _)| *n != i);
                if let Some(note) = r.note(i).filter(|n| !matches!(n, CellNote::FromMerge { .. })) {
                    notes.push((i, note.clone()));
                }
            }
        }
    }
    let line = seen[end].line;
    Some(Header { names, line, notes, ahead: seen.into_iter().skip(end + 1).collect() })
}
