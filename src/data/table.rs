//! A row of text cells as read from a file, before any field means anything.
//!
//! Every reader hands out [`RawRow`]s; everything after that (header mapping, cell
//! parsing, validation) is shared. Row numbers are stored as Excel shows them
//! (header = row 1), which is what a clerk looks for. A row keeps its cells in one
//! `csv::StringRecord` buffer, reused from row to row: a province-scale file has
//! millions of cells.

/// One data row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    /// The row number as Excel shows it.
    pub line: u32,
    pub(super) cells: csv::StringRecord,
}

impl RawRow {
    /// The cell at `index`, or `""` past the end of a short row.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.cells.iter()
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}
