//! The used area of every sheet of an .xls, measured before calamine builds it.
//!
//! calamine reads an .xls whole when it opens it: every sheet into a dense range of
//! values and another of formulas, from the first to the last cell with a value.
//! A cell record holds its row and column as 16-bit numbers, so two records a few
//! bytes long imply 65,536 x 65,536 cells, 137 GB. So the BIFF records of the
//! workbook stream are scanned here first (the OLE container read with the `cfb`
//! crate), and each sheet's bounding box of the records calamine keeps as values
//! is held to [`MAX_GRID_CELLS`].

use std::io::{BufReader, Read};
use std::path::Path;

use super::limits::{MAX_GRID_CELLS, TooLarge};
use super::package::{Refusal, damaged};

/// Refuses an .xls any of whose sheets would be too large as a dense range, and one
/// whose OLE container the `cfb` crate, which checks its sector chains, cannot open:
/// calamine's own container reader follows a cyclic chain until memory runs out.
pub fn check(path: &Path) -> Result<(), Refusal> {
    let mut file = cfb::open(path).map_err(|e| damaged("", e))?;
    let name = ["/Workbook", "/Book"].into_iter().find(|n| file.is_stream(n));
    let Some(name) = name else { return Err(damaged("Workbook", "missing")) };
    let stream = file.open_stream(name).map_err(|e| damaged(name, e))?;
    let mut r = BufReader::new(stream);
    let mut data = vec![0u8; usize::from(u16::MAX)];
    // Per open substream (a chart may sit inside a sheet): (first row, last row,
    // first col, last col) of its values.
    let mut open: Vec<Option<(u32, u32, u32, u32)>> = vec![None];
    loop {
        let mut head = [0u8; 4];
        if r.read_exact(&mut head).is_err() {
            return Ok(());
        }
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let body = &mut data[..len];
        if r.read_exact(body).is_err() {
            return Ok(());
        }
        let at = |i: usize| body.get(i..i + 2).map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])));
        let cells = match typ {
            // BOF: a new substream.
            0x0809 => {
                open.push(None);
                None
            }
            // EOF of a substream: its sheet is complete.
            0x000A => {
                if let Some((r0, r1, c0, c1)) = open.pop().flatten() {
                    let (rows, columns) = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
                    if rows.saturating_mul(columns) > MAX_GRID_CELLS {
                        return Err(TooLarge::Grid { rows, columns }.into());
                    }
                }
                None
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: one cell.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                at(0).zip(at(2)).map(|(row, col)| (row, col, col))
            }
            // MULRK: a run of cells, its last column in the last two bytes.
            0x00BD => {
                at(0).zip(at(2)).zip(len.checked_sub(2).and_then(at)).map(|((row, c0), c1)| (row, c0, c1))
            }
            _ => None,
        };
        if let Some((row, c0, c1)) = cells {
            let (c0, c1) = (c0.min(c1), c0.max(c1));
            if open.is_empty() {
                open.push(None);
            }
            if let Some(bounds) = open.last_mut() {
                *bounds = Some(bounds.map_or((row, row, c0, c1), |(r0, r1, a, z)| {
                    (r0.min(row), r1.max(row), a.min(c0), z.max(c1))
                }));
            }
        }
    }
}
