//! A row of text cells as read from a file, before any field means anything.
//!
//! Every reader (CSV, spreadsheet) hands out [`RawRow`]s; everything after that
//! (header mapping, cell parsing, validation) is shared. Row numbers are stored as
//! Excel shows them (header = row 1), which is what a clerk looks for. A row keeps
//! its cells in one `csv::StringRecord` buffer, reused from row to row: a
//! province-scale file has millions of cells. A reader that could not render a cell
//! faithfully says so in [`RawRow::notes`], so the problem is reported where the
//! column's name is known, and the cell is never read as if it were fine.

/// Why a cell's text is not simply what the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellNote {
    /// Some bytes of the cell could not be decoded; they show as U+FFFD.
    BadBytes,
    /// The spreadsheet cell holds an error value such as `#N/A` (the text is empty).
    ExcelError(String),
    /// The cell is part of a merged range: its text was copied from the range's first
    /// cell at this (Excel) row.
    FromMerge { row: u32 },
}

/// One data row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    /// The row number as Excel shows it.
    pub line: u32,
    pub(super) cells: csv::StringRecord,
    /// (zero-based column, note) for the few cells that need one; usually empty.
    pub(super) notes: Vec<(usize, CellNote)>,
}

impl RawRow {
    /// The cell at `index`, or `""` past the end of a short row.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the row has no cells at all (a blank row has empty cells: [`Self::is_blank`]).
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.cells.iter()
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// The cells that a reader could not render faithfully.
    pub fn notes(&self) -> &[(usize, CellNote)] {
        &self.notes
    }

    /// The note on the cell at `index`, if any.
    pub fn note(&self, index: usize) -> Option<&CellNote> {
        if self.notes.is_empty() {
            return None;
        }
        self.notes.iter().find(|(i, _)| *i == index).map(|(_, n)| n)
    }
}
