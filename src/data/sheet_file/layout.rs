//! The first of two passes over an .xlsx or .xlsb worksheet: where its cells lie, not what they hold.
//!
//! A row handed to the loader must be as wide as the whole used area, and a file past
//! a limit must be refused before any of its rows is read, so some facts about the
//! sheet are needed before its first row: the first and last rows with a value, the
//! last column with one, whether the cells come in (row, column) order, and whether
//! any limit of [`super::limits`] is passed. This pass learns them from calamine's
//! own cell reader, the same one the second pass streams from, so the two cannot
//! disagree on which cells hold a value. It makes exactly the checks [`Store::push`]
//! makes, in the same order, so the same files are refused as when every cell was
//! kept; but it keeps only the first cell of each merged area (whose value fills
//! the area), a few bytes per area. Key decision: a sheet whose cells are out of
//! order (no writer does this; a hand-made file may) is not streamed: it is read into
//! a [`Store`] and sorted, as before.

use calamine::{DataRef, Dimensions};

use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_GRID_CELLS, MAX_ROWS, MAX_TEXT_BYTES, TooLarge};
use super::render::render;
use super::store::Store;

/// What the first pass learned about a worksheet.
#[derive(Debug)]
pub struct Layout {
    /// First and last (row, column) with a value, in the order they came.
    first: Option<(u32, u32)>,
    last: Option<(u32, u32)>,
    /// The last column with a value.
    last_col: u32,
    cells: usize,
    text: usize,
    /// Every cell came after the one before it (none twice).
    ordered: bool,
    /// First cells of the merged areas, sorted; those with a value go to `firsts`.
    starts: Vec<(u32, u32)>,
    firsts: Store,
    scratch: String,
}

impl Layout {
    /// A pass over a sheet whose merged areas are `dims`.
    pub fn new(dims: &[Dimensions]) -> Layout {
        Layout {
            first: None,
            last: None,
            last_col: 0,
            cells: 0,
            text: 0,
            ordered: true,
            starts: starts(dims),
            firsts: Store::new(),
            scratch: String::new(),
        }
    }

    /// Counts the cell at zero-based (`row`, `col`), checked as [`Store::push`] checks it.
    pub fn push(&mut self, row: u32, col: u32, data: &DataRef<'_>) -> Result<(), TooLarge> {
        if matches!(data, DataRef::Empty) {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(TooLarge::Position { row, col });
        }
        if self.cells >= MAX_CELLS {
            return Err(TooLarge::Cells);
        }
        self.scratch.clear();
        render(data, &mut self.scratch);
        self.text += self.scratch.len();
        if self.text > MAX_TEXT_BYTES {
            return Err(TooLarge::Text);
        }
        self.cells += 1;
        if self.last.is_some_and(|last| last >= (row, col)) {
            self.ordered = false;
        }
        self.first.get_or_insert((row, col));
        self.last = Some((row, col));
        self.last_col = self.last_col.max(col);
        if self.starts.binary_search(&(row, col)).is_ok() {
            self.firsts.push(row, col, data)?;
        }
        Ok(())
    }

    /// Whether the rows can be streamed: the cells came in order.
    pub fn ordered(&self) -> bool {
        self.ordered
    }

    /// Checks the used area as [`Store::finish`] does (for an ordered sheet) and
    /// hands it out with the merged areas' first cells.
    pub fn finish(self) -> Result<(Option<Used>, Store), TooLarge> {
        let used = match (self.first, self.last) {
            (Some(first), Some(last)) => {
                Some(Used { first_row: first.0, last_row: last.0, last_col: self.last_col })
            }
            _ => None,
        };
        if let Some((rows, columns)) = used.as_ref().map(Used::grid)
            && rows.saturating_mul(columns) > MAX_GRID_CELLS
        {
            return Err(TooLarge::Grid { rows, columns });
        }
        Ok((used, self.firsts))
    }
}

/// The first cells of the merged areas `dims`, sorted, each once.
pub fn starts(dims: &[Dimensions]) -> Vec<(u32, u32)> {
    let mut starts: Vec<(u32, u32)> = dims.iter().map(|d| d.start).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The used area of a sheet: rows from the first to the last with a value, columns
/// from A to the last with one (zero-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Used {
    pub first_row: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Used {
    /// Rows by columns.
    pub fn grid(&self) -> (u64, u64) {
        (u64::from(self.last_row - self.first_row) + 1, u64::from(self.last_col) + 1)
    }
}
