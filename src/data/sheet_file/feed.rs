//! The cells of a worksheet in (row, column) order, from a store or streamed from a thread.
//!
//! A roster of a million rows has twenty million cells; keeping them all took 538 MB.
//! When the first pass ([`super::layout`]) found the cells in order, the second pass
//! runs on its own thread, which owns the workbook (calamine's cell reader borrows
//! it, so it cannot live beside it in [`super::SheetRows`]), and sends the cells in
//! chunks of [`CHUNK_CELLS`] through a channel holding at most [`CHANNEL_CHUNKS`]:
//! memory is the shared strings plus a few chunks, whatever the sheet's size. The
//! key decision is that the rows are still made on the reading side, from one
//! sequence of sorted cells whichever way they came, so a streamed sheet and a
//! stored one give the same rows. A panic or an error in the thread (neither can
//! happen on a file the first pass read, short of the file changing meanwhile) is
//! sent as an error, never lost.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{DataRef, Sheets};

use super::package::Refusal;
use super::store::{Store, Stored};

/// Cells per chunk sent: a few hundred rows.
pub const CHUNK_CELLS: usize = 8 * 1024;
/// Chunks in flight: the reading side is at most this far behind.
pub const CHANNEL_CHUNKS: usize = 4;

/// Calls `cell(row, column, value)` for every cell of `sheet` in the file's order
/// (.xlsx and .xlsb only), until it returns `false`; a chart sheet has none.
pub fn each_cell<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
    mut cell: impl FnMut(u32, u32, &DataRef<'_>) -> Result<bool, Refusal>,
) -> Result<(), Refusal> {
    let failed = |e: &dyn std::fmt::Display| Refusal::Sheet(e.to_string());
    match book {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(sheet) {
            Ok(mut cells) => {
                while let Some(c) = cells.next_cell().map_err(|e| failed(&e))? {
                    if !cell(c.get_position().0, c.get_position().1, c.get_value())? {
                        break;
                    }
                }
            }
            Err(calamine::XlsxError::NotAWorksheet(_)) => {}
            Err(e) => return Err(failed(&e)),
        },
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(sheet).map_err(|e| failed(&e))?;
            while let Some(c) = cells.next_cell().map_err(|e| failed(&e))? {
                if !cell(c.get_position().0, c.get_position().1, c.get_value())? {
                    break;
                }
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => return Err(Refusal::Sheet("not a cell-by-cell format".into())),
    }
    Ok(())
}

/// Sorted cells for the row maker: one store, or chunks from a thread.
#[derive(Debug)]
pub struct Feed {
    chunk: Store,
    cursor: usize,
    more: Option<Receiver<Result<Store, Refusal>>>,
}

impl Feed {
    /// The cells of a whole (finished) store.
    pub fn stored(store: Store) -> Feed {
        Feed { chunk: store, cursor: 0, more: None }
    }

    /// Starts the thread that reads `sheet` of `book` again and sends its cells.
    pub fn streamed<RS>(mut book: Sheets<RS>, sheet: String) -> Result<Feed, Refusal>
    where
        RS: std::io::Read + std::io::Seek + Send + 'static,
    {
        let (tx, rx) = sync_channel(CHANNEL_CHUNKS);
        std::thread::Builder::new()
            .name("wjvet-sheet".into())
            .spawn(move || {
                let sent = catch_unwind(AssertUnwindSafe(|| send(&mut book, &sheet, &tx)));
                let error = match sent {
                    Ok(Ok(())) => return,
                    Ok(Err(e)) => e,
                    Err(_) => Refusal::Sheet(super::panicked().to_string()),
                };
                let _ = tx.send(Err(error));
            })
            .map_err(|e| Refusal::Sheet(e.to_string()))?;
        Ok(Feed { chunk: Store::new(), cursor: 0, more: Some(rx) })
    }

    /// The next cell, not yet taken; `None` after the last.
    pub fn peek(&mut self) -> Result<Option<Stored>, Refusal> {
        loop {
            if let Some(s) = self.chunk.cells().get(self.cursor) {
                return Ok(Some(*s));
            }
            let Some(rx) = &self.more else { return Ok(None) };
            match rx.recv() {
                Ok(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.cursor = 0;
                }
                Ok(Err(e)) => {
                    self.more = None;
                    return Err(e);
                }
                // The thread is done: every cell was sent.
                Err(_) => self.more = None,
            }
        }
    }

    /// Takes the cell [`Self::peek`] returned.
    pub fn take(&mut self) {
        self.cursor += 1;
    }

    /// The text of a cell of the current chunk.
    pub fn text(&self, cell: &Stored) -> &str {
        self.chunk.text(cell)
    }
}

/// The thread's work: every cell of `sheet`, in chunks, until the reading side hangs up.
fn send<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
    tx: &SyncSender<Result<Store, Refusal>>,
) -> Result<(), Refusal> {
    let mut chunk = Store::new();
    let mut open = true;
    each_cell(book, sheet, |row, col, data| {
        chunk.push(row, col, data)?;
        if chunk.cells().len() >= CHUNK_CELLS {
            open = tx.send(Ok(std::mem::replace(&mut chunk, Store::new()))).is_ok();
        }
        Ok(open)
    })?;
    if open && !chunk.cells().is_empty() {
        let _ = tx.send(Ok(chunk));
    }
    Ok(())
}
