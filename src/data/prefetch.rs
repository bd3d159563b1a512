//! Reading a file's rows on a second thread while the loader checks them.
//!
//! A large roster or submission costs two kinds of work: decoding and splitting the
//! text into rows (the csv crate's share, a fixed cost per byte), and reading each
//! cell for what it means. [`scoped`] runs the first on a scoped thread and hands
//! the rows to the second through a bounded channel, so on a machine with two cores
//! the two overlap and a file is read at the pace of the slower one. Key decision:
//! nothing the loader sees changes. Rows arrive in file order, in batches of
//! [`BATCH`] with at most [`IN_FLIGHT`] batches queued (memory stays a few hundred
//! rows whatever the file's size), row buffers go back to the reader to be reused,
//! and what the reader reports (a broken CSV, an unreadable byte stream) it reports
//! only when it stops, so those diagnostics are added at the end, exactly where the
//! loader would have added them reading on one thread. [`scoped_with`] also runs a
//! pure per-row step (reading a roster row's cells) on the reader's thread while it
//! is ahead, so the two threads share the work whichever is the slower.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};

use super::rows::Rows;
use super::table::RawRow;
use crate::diag::Diagnostics;

/// Rows per batch: enough to make the channel's cost per row negligible.
pub const BATCH: usize = 256;
/// Batches read ahead of the loader at most.
pub const IN_FLIGHT: usize = 4;

/// A batch of rows read in order, each with what was prepared from it; the last one
/// carries what the reader reported.
struct Batch<P> {
    rows: Vec<(RawRow, P)>,
    /// Whether `prepare` ran on these rows ([`scoped_with`] says when it does).
    prepared: bool,
    last: bool,
    diags: Diagnostics,
}

/// The loader's end: rows as [`Rows::next`] would give them, each with what the
/// reader's thread prepared from it ([`scoped_with`]; nothing with [`scoped`]).
pub struct Prefetched<'q, P = ()> {
    rx: Receiver<Batch<P>>,
    /// Emptied batches, returned for their row buffers to be reused.
    back: SyncSender<Vec<(RawRow, P)>>,
    batch: Vec<(RawRow, P)>,
    prepared: bool,
    at: usize,
    /// Batches sent and not yet received.
    queued: &'q AtomicUsize,
    /// What the reader reported when it stopped, added once its rows are all given.
    end: Option<Diagnostics>,
    done: bool,
}

impl<P> std::fmt::Debug for Prefetched<'_, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefetched").field("at", &self.at).field("done", &self.done).finish_non_exhaustive()
    }
}

#[cfg(test)]
impl Prefetched<'_, ()> {
    /// Reads the next row into `row`; `false` at the end or on a broken file (then
    /// reported into `diags`), as [`Rows::next`].
    pub fn next(&mut self, row: &mut RawRow, diags: &mut Diagnostics) -> bool {
        self.next_with(row, &mut (), diags).is_some()
    }
}

impl<P> Prefetched<'_, P> {
    /// The next row, as [`Prefetched::next`], with what was prepared from it put in
    /// `prepared`: `Some(true)` when it was, `Some(false)` when the reader's thread
    /// left it to the loader (and `prepared` holds nothing of it), `None` at the end.
    pub fn next_with(&mut self, row: &mut RawRow, prepared: &mut P, diags: &mut Diagnostics) -> Option<bool> {
        loop {
            if let Some((next, made)) = self.batch.get_mut(self.at) {
                std::mem::swap(row, next);
                std::mem::swap(prepared, made);
                self.at += 1;
                return Some(self.prepared);
            }
            if let Some(end) = self.end.take() {
                diags.extend(end);
            }
            if self.done {
                return None;
            }
            let used = std::mem::take(&mut self.batch);
            // The reader may have stopped already; then the buffers are simply dropped.
            let _ = self.back.try_send(used);
            match self.rx.recv() {
                Ok(b) => {
                    self.queued.fetch_sub(1, Ordering::Relaxed);
                    self.batch = b.rows;
                    self.prepared = b.prepared;
                    self.at = 0;
                    if b.last {
                        self.done = true;
                        self.end = Some(b.diags);
                    }
                }
                // The reader cannot end without a last batch unless it panicked; the
                // scope then passes the panic on.
                Err(_) => self.done = true,
            }
        }
    }
}

/// Runs `f` with the rows of `rows` read on a second thread.
pub fn scoped<T>(rows: &mut Rows<'_>, f: impl FnOnce(&mut Prefetched<'_>) -> T) -> T {
    scoped_with(rows, (|_, ()| {}, Prepare::Never), f)
}

/// [`scoped`], with `prepare` run on the reader's thread for rows it reads: work on a
/// row that needs nothing of the loader's state (reading its cells) is done there,
/// in parallel with the loader. The reader prepares a batch only while the loader
/// has at least [`SLACK`] batches waiting, that is while the reader is ahead; when
/// the reader is the slower (a GBK file's decoding), its rows come unprepared and the
/// loader prepares them, so neither thread waits on the other for long. `prepare`
/// must be pure: a row the loader skips (blank, of an unknown school) may have been
/// prepared all the same, and what was prepared from it is dropped unseen.
pub fn scoped_with<P: Default + Send, T>(
    rows: &mut Rows<'_>,
    (prepare, when): (impl Fn(&RawRow, &mut P) + Sync, Prepare),
    f: impl FnOnce(&mut Prefetched<'_, P>) -> T,
) -> T {
    let (tx, rx) = sync_channel::<Batch<P>>(IN_FLIGHT);
    let (back, returned) = sync_channel::<Vec<(RawRow, P)>>(IN_FLIGHT + 1);
    let (prepare, queued) = (&prepare, &AtomicUsize::new(0));
    std::thread::scope(|s| {
        s.spawn(move || read_ahead(rows, &tx, &returned, (prepare, when), queued));
        let mut pre = Prefetched {
            rx,
            back,
            batch: Vec::new(),
            prepared: false,
            at: 0,
            queued,
            end: None,
            done: false,
        };
        f(&mut pre)
        // `pre` is dropped here: a reader still sending finds the channel closed and stops.
    })
}

/// Batches the loader must have waiting for the reader to prepare the next one.
pub const SLACK: usize = 2;

/// When the reader's thread prepares a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prepare {
    /// While the loader has [`SLACK`] batches waiting: the reader is ahead.
    #[default]
    WhenAhead,
    /// Always (tests, which must see both ways give the same result), or never.
    #[cfg_attr(not(test), allow(dead_code))]
    Always,
    Never,
}

/// The reader's end: batches of rows until the file ends or the loader stops.
fn read_ahead<P: Default>(
    rows: &mut Rows<'_>,
    tx: &SyncSender<Batch<P>>,
    returned: &Receiver<Vec<(RawRow, P)>>,
    (prepare, when): (&impl Fn(&RawRow, &mut P), Prepare),
    queued: &AtomicUsize,
) {
    loop {
        let mut buf = match returned.try_recv() {
            Ok(b) => b,
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => Vec::with_capacity(BATCH),
        };
        let prepared = match when {
            Prepare::WhenAhead => queued.load(Ordering::Relaxed) >= SLACK,
            Prepare::Always => true,
            Prepare::Never => false,
        };
        let mut diags = Diagnostics::default();
        let mut n = 0;
        let mut last = false;
        while n < BATCH {
            if n == buf.len() {
                buf.push(Default::default());
            }
            let (row, made) = &mut buf[n];
            if !rows.next(row, &mut diags) {
                last = true;
                break;
            }
            debug_assert!(diags.is_empty(), "a reader reports only when it stops");
            if prepared {
                prepare(row, made);
            }
            n += 1;
        }
        buf.truncate(n);
        // Counted before it is sent, so the loader never counts below zero.
        queued.fetch_add(1, Ordering::Relaxed);
        if tx.send(Batch { rows: buf, prepared, last, diags }).is_err() || last {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::csv_file::{CsvRows, Decide};

    /// `text` as a CSV file read in chunks of 64 bytes, so rows span chunks.
    fn csv(text: &str) -> Rows<'static> {
        let bytes = std::io::Cursor::new(text.as_bytes().to_vec());
        Rows::Csv(Box::new(CsvRows::open_chunked(bytes, Decide::Detect(None), false, "t.csv", 64).unwrap().0))
    }

    fn rows_of(text: &str) -> Vec<(u32, Vec<String>)> {
        let mut rows = csv(text);
        let mut diags = Diagnostics::default();
        scoped(&mut rows, |pre| {
            let mut raw = RawRow::default();
            let mut out = Vec::new();
            while pre.next(&mut raw, &mut diags) {
                out.push((raw.line, raw.iter().map(str::to_string).collect()));
            }
            out
        })
    }

    #[test]
    fn every_row_arrives_in_order_with_its_excel_number() {
        let n = BATCH * IN_FLIGHT * 3 + 7;
        let mut text = String::from("a,b\n");
        for i in 0..n {
            text.push_str(&format!("{i},x\n"));
            if i % 100 == 0 {
                text.push('\n');
            }
        }
        let got = rows_of(&text);
        assert_eq!(got.len(), n + 1);
        let mut line = 1;
        for (i, (l, cells)) in got.iter().enumerate().skip(1) {
            line += 1;
            assert_eq!(cells[0], (i - 1).to_string());
            assert_eq!(*l, line, "row {i}");
            if (i - 1) % 100 == 0 {
                line += 1;
            }
        }
    }

    #[test]
    fn what_the_reader_reports_at_its_end_is_kept() {
        // An unclosed quote swallows the rest of the file: reported, after the good rows.
        let mut text = String::from("a,b\n");
        for i in 0..(BATCH + 3) {
            text.push_str(&format!("{i},x\n"));
        }
        text.push_str("\"open,y\nz,w\n");
        let mut rows = csv(&text);
        let mut diags = Diagnostics::default();
        let count = scoped(&mut rows, |pre| {
            let mut raw = RawRow::default();
            let mut n = 0;
            while pre.next(&mut raw, &mut diags) {
                n += 1;
            }
            assert!(!pre.next(&mut raw, &mut diags), "stays at the end");
            n
        });
        assert_eq!(count, BATCH + 4);
        assert_eq!(diags.errors(), 1, "{:?}", diags.items());
    }

    #[test]
    fn a_loader_that_stops_early_stops_the_reader() {
        let mut text = String::from("a\n");
        for i in 0..(BATCH * IN_FLIGHT * 4) {
            text.push_str(&format!("{i}\n"));
        }
        let mut rows = csv(&text);
        let mut diags = Diagnostics::default();
        let first = scoped(&mut rows, |pre| {
            let mut raw = RawRow::default();
            pre.next(&mut raw, &mut diags).then(|| raw.cell(0).to_string())
        });
        assert_eq!(first.as_deref(), Some("a"));
    }

    #[test]
    fn what_is_prepared_on_the_reader_thread_comes_with_its_own_row() {
        let n = BATCH * (IN_FLIGHT + 2) + 7;
        let text: String = (0..n).map(|i| format!("{i},x\n")).collect();
        let mut rows = csv(&text);
        let pairs = scoped_with(
            &mut rows,
            (|raw: &RawRow, p: &mut (u32, String)| *p = (raw.line, raw.cell(0).to_string()), Prepare::Always),
            |pre| {
                let (mut raw, mut diags, mut p) =
                    (RawRow::default(), Diagnostics::default(), Default::default());
                let mut out = Vec::new();
                while let Some(prepared) = pre.next_with(&mut raw, &mut p, &mut diags) {
                    assert!(prepared);
                    assert_eq!(p, (raw.line, raw.cell(0).to_string()), "prepared from another row");
                    out.push(raw.line);
                }
                out
            },
        );
        assert_eq!(pairs, (1..=n as u32).collect::<Vec<_>>());
    }
}
