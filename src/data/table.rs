//! A table of text cells as read from one file, before any field means anything.
//!
//! CSV and spreadsheet readers both produce a [`RawTable`]; everything after that
//! (header mapping, cell parsing, validation) is shared. Row numbers are stored as
//! Excel shows them (header = row 1), which is what a clerk looks for.

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// The row number as Excel shows it.
    pub line: u32,
    pub cells: Vec<String>,
}

impl RawRow {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A header row and the data rows under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTable {
    pub headers: Vec<String>,
    /// The row number of the header as Excel shows it (1 unless rows above it were skipped).
    pub header_line: u32,
    pub rows: Vec<RawRow>,
    /// How the bytes were decoded, for the report.
    pub encoding: String,
}
