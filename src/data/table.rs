//! A row of text cells as read from a file, before any field means anything.
//!
//! Every reader (CSV, spreadsheet) hands out [`RawRow`]s; everything after that
//! (header mapping, cell parsing, validation) is shared. Row numbers are stored as
//! Excel shows them (header = row 1), which is what a clerk looks for. A row keeps
//! its cells in one text buffer with the cells' ends ([`Record`]), reused from row to
//! row: a province-scale file has millions of cells. The buffer is filled from the
//! csv crate's byte record in one copy after one SIMD UTF-8 check of the whole row,
//! where a `csv::StringRecord` checks each cell again with the standard library's
//! slower check (a tenth of the time of reading a large roster). A reader that could not render a cell
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
    pub(super) cells: Record,
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

/// A row's cells: their text one after another, and where each ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    text: String,
    ends: Vec<usize>,
}

impl Record {
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub fn push_field(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// The cell at `index`, if the row has one there.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        self.text.get(start..end)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }

    /// Takes the cells of `record`, checking the whole row's UTF-8 once. A row that is
    /// not UTF-8 (a decoder's output always is) has each cell's bad bytes replaced by
    /// U+FFFD; `false` then, so the caller can mark them.
    pub fn fill_from(&mut self, record: &csv::ByteRecord) -> bool {
        self.clear();
        if let Ok(text) = simdutf8::basic::from_utf8(record.as_slice()) {
            self.text.push_str(text);
            // Cells end at the delimiters, all ASCII, so every end is a character boundary.
            self.ends.extend((0..record.len()).filter_map(|i| record.range(i)).map(|r| r.end));
            return true;
        }
        for cell in record {
            self.push_field(&String::from_utf8_lossy(cell));
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_gives_back_each_cell_as_the_csv_crate_read_it() {
        let mut bytes = csv::ByteRecord::new();
        for cell in ["学校", "", "a,b", "温江\n二中", ""] {
            bytes.push_field(cell.as_bytes());
        }
        let mut r = Record::default();
        assert!(r.fill_from(&bytes));
        let cells: Vec<&str> = r.iter().collect();
        assert_eq!(cells, ["学校", "", "a,b", "温江\n二中", ""]);
        assert_eq!((r.len(), r.get(4), r.get(5)), (5, Some(""), None));
        // Filled again, nothing of the last row is left.
        bytes.clear();
        bytes.push_field(b"x");
        assert!(r.fill_from(&bytes));
        assert_eq!(r.iter().collect::<Vec<_>>(), ["x"]);
    }

    #[test]
    fn bytes_that_are_not_utf8_become_replacement_characters_in_their_own_cell() {
        let mut bytes = csv::ByteRecord::new();
        bytes.push_field(b"ok");
        bytes.push_field(b"bad\xff");
        let mut r = Record::default();
        assert!(!r.fill_from(&bytes));
        assert_eq!(r.iter().collect::<Vec<_>>(), ["ok", "bad\u{FFFD}"]);
    }
}
