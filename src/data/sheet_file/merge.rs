//! Merged areas as rectangles, resolved row by row without expanding them.
//!
//! Excel shows every cell of a merged area with the value of its first (top-left)
//! cell. A merge `E1:XFD1048576` covers 17 billion cells, so an area is never turned
//! into a list of cells: it is kept as a rectangle, clipped to the used area of the
//! sheet, and only while a row is being made are the areas covering that row
//! consulted, filling only cells of that row. Areas whose first cell is empty fill
//! nothing and are dropped at once. Together the areas may not fill more cells than
//! [`MAX_GRID_CELLS`] (areas in a real workbook never overlap, so they cannot).

use calamine::Dimensions;

use super::layout::Used;
use super::limits::{MAX_GRID_CELLS, MAX_MERGED_AREAS, TooLarge};
use super::store::Store;

/// A merged area, clipped to the used area, with the first cell it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Area {
    first: (u32, u32),
    last: (u32, u32),
    /// Index of the first cell in the store of first cells.
    cell: usize,
}

/// The merged areas of a sheet, walked row by row in ascending order.
#[derive(Debug, Default)]
pub struct Merges {
    /// By first row.
    areas: Vec<Area>,
    /// Next area (in `areas`) not yet active.
    next: usize,
    /// Areas covering the current row.
    active: Vec<Area>,
}

impl Merges {
    /// Keeps the areas of `dims` that can show a value in the `used` area; `firsts`
    /// holds the first cells that have a value (any other cells it holds are ignored).
    pub fn new(dims: &[Dimensions], firsts: &Store, used: Option<Used>) -> Result<Merges, TooLarge> {
        if dims.len() > MAX_MERGED_AREAS {
            return Err(TooLarge::Merged { areas: dims.len() });
        }
        let Some(Used { last_row, last_col, .. }) = used else {
            return Ok(Merges::default());
        };
        let mut areas = Vec::new();
        let mut covered: u64 = 0;
        for d in dims {
            if d.start.0 > d.end.0 || d.start.1 > d.end.1 {
                continue;
            }
            let Some(cell) = firsts.find(d.start.0, d.start.1) else { continue };
            let last = (d.end.0.min(last_row), d.end.1.min(last_col));
            covered += u64::from(last.0 - d.start.0 + 1) * u64::from(last.1 - d.start.1 + 1);
            if covered > MAX_GRID_CELLS {
                return Err(TooLarge::Merged { areas: dims.len() });
            }
            areas.push(Area { first: d.start, last, cell });
        }
        areas.sort_by_key(|a| a.first);
        Ok(Merges { areas, next: 0, active: Vec::new() })
    }

    /// Calls `fill(column, first row, cell index)` for every cell of `row` that a
    /// merged area covers, except each area's first cell. Rows must come in
    /// ascending order.
    pub fn row(&mut self, row: u32, mut fill: impl FnMut(u32, u32, usize)) {
        if self.areas.is_empty() {
            return;
        }
        self.active.retain(|a| a.last.0 >= row);
        while let Some(a) = self.areas.get(self.next).filter(|a| a.first.0 <= row) {
            if a.last.0 >= row {
                self.active.push(*a);
            }
            self.next += 1;
        }
        for a in &self.active {
            for col in a.first.1..=a.last.1 {
                if (row, col) != a.first {
                    fill(col, a.first.0, a.cell);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use calamine::DataRef;

    use super::*;

    fn dims(start: (u32, u32), end: (u32, u32)) -> Dimensions {
        Dimensions { start, end }
    }

    #[test]
    fn a_sheet_wide_merge_fills_only_the_used_area() {
        let mut s = Store::new();
        s.push(0, 4, &DataRef::SharedString("标题")).unwrap();
        s.push(2, 5, &DataRef::Int(1)).unwrap();
        let s = s.finish().unwrap();
        // E1:XFD1048576, and an area whose first cell is empty.
        let mut m =
            Merges::new(&[dims((0, 4), (1_048_575, 16_383)), dims((1, 0), (2, 0))], &s, s.used()).unwrap();
        assert_eq!(m.areas.len(), 1);
        let mut filled = Vec::new();
        for row in 0..3 {
            m.row(row, |col, first, _| filled.push((row, col, first)));
        }
        assert_eq!(filled, [(0, 5, 0), (1, 4, 0), (1, 5, 0), (2, 4, 0), (2, 5, 0)]);
    }

    #[test]
    fn overlapping_areas_past_the_limit_are_refused() {
        let mut s = Store::new();
        s.push(0, 0, &DataRef::Int(1)).unwrap();
        s.push(4_999, 4_999, &DataRef::Int(1)).unwrap();
        let s = s.finish().unwrap();
        // Three copies of one 5,000 x 5,000 area: 75 million cells filled.
        let same = vec![dims((0, 0), (4_999, 4_999)); 3];
        assert!(matches!(Merges::new(&same, &s, s.used()), Err(TooLarge::Merged { areas: 3 })));
    }
}
