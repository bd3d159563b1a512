//! The used area of every table of an .ods, measured before calamine builds it.
//!
//! calamine reads an .ods whole when it opens it, each table into a dense range
//! from its first to its last cell with a value; `number-rows-repeated` and
//! `number-columns-repeated` let a few bytes place two values a million rows and
//! sixteen thousand columns apart. So `content.xml` is streamed here first and each
//! table's bounding box of cells with a value (a value type, or any content) is
//! held to [`MAX_GRID_CELLS`]. Counting a cell with content but no value counts too
//! much, never too little.

use std::io::BufReader;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::limits::{MAX_GRID_CELLS, TooLarge};
use super::package::{Refusal, damaged, open};

/// The bounding box of cells with a value, as (first, last) rows and columns.
#[derive(Debug, Default, Clone, Copy)]
struct Bounds {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Bounds {
    fn add(&mut self, rows: (u64, u64), cols: (u64, u64)) {
        let widen = |b: Option<(u64, u64)>, (lo, hi): (u64, u64)| {
            Some(b.map_or((lo, hi), |(a, z)| (a.min(lo), z.max(hi))))
        };
        self.rows = widen(self.rows, rows);
        self.cols = widen(self.cols, cols);
    }

    fn check(&self) -> Result<(), TooLarge> {
        if let (Some(r), Some(c)) = (self.rows, self.cols) {
            let (rows, columns) = (r.1 - r.0 + 1, c.1 - c.0 + 1);
            if rows.saturating_mul(columns) > MAX_GRID_CELLS {
                return Err(TooLarge::Grid { rows, columns });
            }
        }
        Ok(())
    }
}

fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Refuses an .ods any of whose tables would be too large as a dense range.
pub fn check(path: &Path) -> Result<(), Refusal> {
    let mut zip = open(path)?;
    let part = "content.xml";
    let Ok(entry) = zip.by_name(part) else { return Ok(()) };
    let mut x = Reader::from_reader(BufReader::new(entry));
    x.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut table = Bounds::default();
    let (mut row, mut row_repeats, mut col) = (0u64, 1u64, 0u64);
    // Columns with a value in the current row.
    let mut valued: Option<(u64, u64)> = None;
    loop {
        buf.clear();
        let event = x.read_event_into(&mut buf).map_err(|e| damaged(part, e))?;
        let (e, has_content) = match &event {
            Event::Start(e) => (Some(e), true),
            Event::Empty(e) => (Some(e), false),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        if let Some(cols) = valued.take() {
                            table.add((row, row.saturating_add(row_repeats - 1)), cols);
                        }
                        row = row.saturating_add(row_repeats);
                    }
                    "table:table" => table.check()?,
                    _ => {}
                }
                continue;
            }
            Event::Eof => return Ok(()),
            _ => continue,
        };
        let Some(e) = e else { continue };
        match e.name().as_ref() {
            "table:table" => (table, row) = (Bounds::default(), 0),
            "table:table-row" => {
                (row_repeats, col, valued) = (repeats(e, "table:number-rows-repeated"), 0, None);
                if !has_content {
                    row = row.saturating_add(row_repeats);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeats(e, "table:number-columns-repeated");
                let has_value = has_content
                    || e.attributes()
                        .with_checks(false)
                        .flatten()
                        .any(|a| a.key.as_ref() == "office:value-type");
                if has_value {
                    let last = col.saturating_add(n - 1);
                    valued = Some(valued.map_or((col, last), |(a, z)| (a.min(col), z.max(last))));
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
}
