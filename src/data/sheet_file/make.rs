//! A worksheet's rows, made one at a time from its cells in (row, column) order.
//!
//! Whether the cells were kept whole or are streamed ([`Feed`]), a row is made the
//! same way: every column from A to the used area's last is filled from its own
//! cell, else from the first cell of a merged area covering it (noted, so the loader
//! decides where a copied value may be used), else left empty. The key decision:
//! a streamed cell that does not fit where the first pass measured (past the last
//! column, or behind the row being made) would otherwise be skipped without a word,
//! so it is reported as `unreadable-file` and reading stops.

use calamine::Dimensions;

use super::feed::Feed;
use super::layout::Used;
use super::limits::TooLarge;
use super::merge::Merges;
use super::package::Refusal;
use super::refused;
use super::store::Store;
use crate::data::table::{CellNote, RawRow};
use crate::diag::Diagnostics;

/// A worksheet being read, row by row.
#[derive(Debug)]
pub struct SheetRows {
    feed: Feed,
    /// The merged areas' first cells with a value, which fill their areas.
    firsts: Store,
    merges: Merges,
    /// Next row to hand out and the last one (zero-based); none when `next > last`.
    next: u32,
    last: u32,
    /// Columns of every row: A to the last column with a value.
    width: usize,
    /// Per column of the current row: the merged area's (first row, cell in `firsts`).
    fill: Vec<Option<(u32, usize)>>,
    /// The worksheet read.
    pub sheet: String,
    /// The file, as named in messages.
    file: String,
}

/// What [`super::read`] found: the cells, the used area, the merged areas and their first cells.
pub struct Sheet {
    pub feed: Feed,
    pub used: Option<Used>,
    pub dims: Vec<Dimensions>,
    pub firsts: Store,
}

impl SheetRows {
    /// Checks the merged areas against the limits and starts at the first row.
    pub fn new(read: Sheet, sheet: String, file: &str) -> Result<SheetRows, TooLarge> {
        let merges = Merges::new(&read.dims, &read.firsts, read.used)?;
        let (next, last, width) = match read.used {
            Some(u) => (u.first_row, u.last_row, usize::try_from(u.last_col).map_or(0, |c| c + 1)),
            None => (1, 0, 0),
        };
        Ok(SheetRows {
            feed: read.feed,
            firsts: read.firsts,
            merges,
            next,
            last,
            width,
            fill: vec![None; width],
            sheet,
            file: file.to_string(),
        })
    }

    /// Reads the next row into `row`; `false` at the end, or when the sheet could not
    /// be read to its end (reported in `diags`).
    pub fn next(&mut self, row: &mut RawRow, diags: &mut Diagnostics) -> bool {
        match self.make(row) {
            Ok(more) => more,
            Err(r) => {
                diags.push(refused(r, &self.file, &self.sheet));
                // Stop here: no row after a gap, and the thread is let go.
                (self.next, self.last) = (1, 0);
                self.feed = Feed::stored(Store::new());
                false
            }
        }
    }

    fn make(&mut self, row: &mut RawRow) -> Result<bool, Refusal> {
        if self.next > self.last {
            self.stray(None)?;
            return Ok(false);
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
        for c in 0..self.width {
            let own = self.feed.peek()?.filter(|s| s.row == r && usize::from(s.col) == c);
            let fill = self.fill[c].take();
            let (stored, text, from) = match (own, fill) {
                (Some(s), _) => {
                    self.feed.take();
                    (s, self.feed.text(&s), None)
                }
                (None, Some((first, i))) => match self.firsts.cells().get(i) {
                    Some(s) => (*s, self.firsts.text(s), Some(first)),
                    None => {
                        row.cells.push_field("");
                        continue;
                    }
                },
                (None, None) => {
                    row.cells.push_field("");
                    continue;
                }
            };
            if let Some(first) = from {
                row.notes.push((c, CellNote::FromMerge { row: first + 1 }));
            }
            if stored.error {
                row.notes.push((c, CellNote::ExcelError(text.to_string())));
                row.cells.push_field("");
            } else {
                row.cells.push_field(text);
            }
        }
        self.stray(Some(r))?;
        Ok(true)
    }

    /// Refuses a cell left behind once row `done` is made (or, with `None`, once every
    /// row is): the cells did not come as the first pass saw them, and one would be
    /// lost. Only a file changed between the passes can do this.
    fn stray(&mut self, done: Option<u32>) -> Result<(), Refusal> {
        match self.feed.peek()? {
            Some(s) if done.is_none_or(|r| s.row <= r) => Err(Refusal::Sheet(format!(
                "the cell {}{} was not where the first reading found it; was the file changed while it was read?",
                crate::diag::column_letter(usize::from(s.col)),
                u64::from(s.row) + 1
            ))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use calamine::DataRef;

    use super::super::layout;
    use super::*;

    /// Rows from cells at (row, col) holding their column number; the used area and
    /// merges as given, as if a first pass had found them.
    fn rows(cells: &[(u32, u32)], used: Used, dims: Vec<Dimensions>) -> SheetRows {
        let mut store = Store::new();
        for &(r, c) in cells {
            store.push(r, c, &DataRef::Int(i64::from(c))).unwrap();
        }
        let firsts = store.only(&layout::starts(&dims));
        let sheet = Sheet { feed: Feed::stored(store), used: Some(used), dims, firsts };
        SheetRows::new(sheet, "表1".into(), "s.xlsx").unwrap()
    }

    #[test]
    fn a_cell_the_first_pass_did_not_see_is_reported_not_dropped() {
        // The used area says columns A:B, but a cell comes at C1.
        let mut rows = rows(&[(0, 0), (0, 2)], Used { first_row: 0, last_row: 1, last_col: 1 }, Vec::new());
        let (mut row, mut diags) = (RawRow::default(), Diagnostics::default());
        assert!(!rows.next(&mut row, &mut diags));
        assert_eq!(diags.items().len(), 1);
        let d = diags.items()[0].render(crate::lang::Lang::En);
        assert!(d.contains("unreadable-file") && d.contains("C1"), "{d}");
        assert!(!rows.next(&mut row, &mut diags), "reading stops");
    }

    #[test]
    fn a_cell_below_the_last_row_is_reported_at_the_end() {
        let mut rows = rows(&[(0, 0), (5, 0)], Used { first_row: 0, last_row: 0, last_col: 0 }, Vec::new());
        let (mut row, mut diags) = (RawRow::default(), Diagnostics::default());
        assert!(rows.next(&mut row, &mut diags));
        assert!(diags.is_empty());
        assert!(!rows.next(&mut row, &mut diags));
        assert!(diags.items()[0].render(crate::lang::Lang::En).contains("A6"));
    }

    #[test]
    fn merged_cells_are_filled_from_the_first_cells_alone() {
        let dims = vec![Dimensions { start: (0, 0), end: (2, 1) }];
        let mut rows = rows(&[(0, 0), (2, 2)], Used { first_row: 0, last_row: 2, last_col: 2 }, dims);
        let (mut row, mut diags) = (RawRow::default(), Diagnostics::default());
        let mut got = Vec::new();
        while rows.next(&mut row, &mut diags) {
            got.push((row.line, row.iter().map(str::to_string).collect::<Vec<_>>(), row.notes().len()));
        }
        assert!(diags.is_empty());
        let v = |s: [&str; 3]| s.map(str::to_string).to_vec();
        assert_eq!(got, [(1, v(["0", "0", ""]), 1), (2, v(["0", "0", ""]), 2), (3, v(["0", "0", "2"]), 2)]);
    }
}
