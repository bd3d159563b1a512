//! The cells of one worksheet that hold a value, kept compactly, never as a grid.
//!
//! calamine's dense `Range` allocates every cell of the rectangle from A1-ish to the
//! last cell, so one value at XFD1048576 costs 549 GB. Here each cell with a value
//! is 16 bytes plus its text in one shared buffer, in (row, column) order, and the
//! limits of [`super::limits`] are checked as cells arrive, so a hostile file is
//! refused before it costs more than a small multiple of what its real cells need.
//! The rows handed to the loader are then made one at a time from these cells.

use calamine::DataRef;

use super::layout::Used;
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_GRID_CELLS, MAX_ROWS, MAX_TEXT_BYTES, TooLarge};
use super::render::render;

/// One cell with a value; its text is `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub row: u32,
    pub col: u16,
    /// An error value such as `#N/A` (its text is the error's).
    pub error: bool,
    start: u32,
    end: u32,
}

/// The cells of a worksheet that hold a value.
#[derive(Debug, Default)]
pub struct Store {
    text: String,
    cells: Vec<Stored>,
    /// Cells arrived in (row, column) order, as every writer puts them.
    sorted: bool,
}

impl Store {
    pub fn new() -> Store {
        Store { sorted: true, ..Store::default() }
    }

    /// Adds the cell at zero-based (`row`, `col`); empty cells are not kept.
    pub fn push(&mut self, row: u32, col: u32, data: &DataRef<'_>) -> Result<(), TooLarge> {
        if matches!(data, DataRef::Empty) {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(TooLarge::Position { row, col });
        }
        if self.cells.len() >= MAX_CELLS {
            return Err(TooLarge::Cells);
        }
        let start = self.text.len();
        let error = render(data, &mut self.text);
        if self.text.len() > MAX_TEXT_BYTES {
            return Err(TooLarge::Text);
        }
        // Both fit: MAX_COLUMNS <= 2^16 and MAX_TEXT_BYTES < 2^32.
        let col = u16::try_from(col).map_err(|_| TooLarge::Position { row, col })?;
        let (start, end) = (offset(start), offset(self.text.len()));
        if let Some(last) = self.cells.last()
            && (last.row, last.col) >= (row, col)
        {
            self.sorted = false;
        }
        self.cells.push(Stored { row, col, error, start, end });
        Ok(())
    }

    /// Puts the cells in (row, column) order, the last of a position written twice
    /// winning (as Excel would read it), and checks the used area.
    pub fn finish(mut self) -> Result<Store, TooLarge> {
        if !self.sorted {
            self.cells.sort_by_key(|c| (c.row, c.col));
            // `dedup_by` hands (later, earlier): keep the later cell's value.
            self.cells.dedup_by(|later, earlier| {
                let same = (later.row, later.col) == (earlier.row, earlier.col);
                if same {
                    *earlier = *later;
                }
                same
            });
            self.sorted = true;
        }
        if let Some((rows, columns)) = self.grid()
            && rows.saturating_mul(columns) > MAX_GRID_CELLS
        {
            return Err(TooLarge::Grid { rows, columns });
        }
        Ok(self)
    }

    /// Rows from the first to the last with a value, and columns from A to the last
    /// with a value: what the loader is handed.
    pub fn grid(&self) -> Option<(u64, u64)> {
        let (first, last) = (self.cells.first()?, self.cells.last()?);
        let columns = self.cells.iter().map(|c| u64::from(c.col)).max().unwrap_or(0) + 1;
        Some((u64::from(last.row - first.row) + 1, columns))
    }

    /// The used area, as [`Self::grid`] measures it.
    pub fn used(&self) -> Option<Used> {
        let (first, last) = (self.cells.first()?, self.cells.last()?);
        let last_col = self.cells.iter().map(|c| u32::from(c.col)).max().unwrap_or(0);
        Some(Used { first_row: first.row, last_row: last.row, last_col })
    }

    /// A store of only the cells at `positions` (sorted, each once) that hold a value:
    /// the first cells of a sheet's merged areas.
    pub fn only(&self, positions: &[(u32, u32)]) -> Store {
        let mut out = Store::new();
        for &(row, col) in positions {
            if let Some(c) = self.find(row, col).and_then(|i| self.cells.get(i)) {
                let start = offset(out.text.len());
                out.text.push_str(self.text(c));
                out.cells.push(Stored { start, end: offset(out.text.len()), ..*c });
            }
        }
        out
    }

    pub fn cells(&self) -> &[Stored] {
        &self.cells
    }

    pub fn text(&self, cell: &Stored) -> &str {
        self.text.get(cell.start as usize..cell.end as usize).unwrap_or("")
    }

    /// The index of the cell at (`row`, `col`), if it has a value.
    pub fn find(&self, row: u32, col: u32) -> Option<usize> {
        self.cells.binary_search_by_key(&(row, col), |c| (c.row, u32::from(c.col))).ok()
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_order_cells_are_sorted_and_the_last_write_wins() {
        let mut s = Store::new();
        s.push(3, 1, &DataRef::Int(1)).unwrap();
        s.push(0, 0, &DataRef::Int(2)).unwrap();
        s.push(3, 1, &DataRef::Int(3)).unwrap();
        s.push(1, 0, &DataRef::Empty).unwrap();
        let s = s.finish().unwrap();
        let cells: Vec<(u32, u16, &str)> = s.cells().iter().map(|c| (c.row, c.col, s.text(c))).collect();
        assert_eq!(cells, [(0, 0, "2"), (3, 1, "3")]);
        assert_eq!(s.grid(), Some((4, 2)));
        assert_eq!(s.find(3, 1), Some(1));
        assert_eq!(s.find(2, 1), None);
    }

    #[test]
    fn cells_outside_excel_and_huge_areas_are_refused() {
        let mut s = Store::new();
        assert_eq!(s.push(MAX_ROWS, 0, &DataRef::Int(1)), Err(TooLarge::Position { row: MAX_ROWS, col: 0 }));
        s.push(0, 0, &DataRef::Int(1)).unwrap();
        s.push(MAX_ROWS - 1, MAX_COLUMNS - 1, &DataRef::Int(1)).unwrap();
        assert!(matches!(s.finish(), Err(TooLarge::Grid { rows: 1_048_576, columns: 16_384 })));
    }
}
