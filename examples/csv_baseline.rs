//! The floor for reading a roster: parse the file with the bare `csv` crate, count
//! the records and sum one numeric column, nothing else. `benches/roster.sh` times
//! it against `wjvet check` on the same file.
//!
//! ```sh
//! cargo run --release --example csv_baseline -- /tmp/internships.csv
//! cargo run --release --example csv_baseline -- /tmp/internships-gbk.csv --gbk
//! cargo run --release --example csv_baseline -- /tmp/internships.xlsx
//! ```
//!
//! Key decision: a GBK file is decoded as it streams, through `encoding_rs`'s
//! decoder (already a dependency) wrapped as a `Read`, rather than converted first,
//! so the baseline pays for decoding as wjvet does; a workbook is read with
//! calamine's streaming cell reader, the same crate wjvet uses. The summed column is
//! 实习报酬（元/月） in an internship roster, 企业实践天数 in a teacher roster.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::io::Read;

const SUMMED: [&str; 2] = ["实习报酬（元/月）", "企业实践天数"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        return Err("usage: csv_baseline PATH [--gbk]".into());
    };
    let gbk = args.iter().any(|a| a == "--gbk");
    let (records, sum) = if path.ends_with(".xlsx") {
        xlsx(path)?
    } else {
        let file = std::fs::File::open(path)?;
        if gbk { csv(Gbk::new(file))? } else { csv(file)? }
    };
    println!("records {records} sum {sum}");
    Ok(())
}

fn csv(input: impl Read) -> Result<(u64, f64), Box<dyn std::error::Error>> {
    let mut reader = csv::Reader::from_reader(input);
    let column = reader.headers()?.iter().position(|h| SUMMED.contains(&h)).ok_or("no column to sum")?;
    let mut record = csv::StringRecord::new();
    let (mut records, mut sum) = (0u64, 0f64);
    while reader.read_record(&mut record)? {
        records += 1;
        sum += record.get(column).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    }
    Ok((records, sum))
}

fn xlsx(path: &str) -> Result<(u64, f64), Box<dyn std::error::Error>> {
    use calamine::{DataRef, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path)?;
    let sheet = book.sheet_names().first().cloned().ok_or("no sheet")?;
    let mut cells = book.worksheet_cells_reader(&sheet)?;
    let (mut column, mut last_row, mut records, mut sum) = (None, 0u32, 0u64, 0f64);
    while let Some(cell) = cells.next_cell()? {
        let (row, col) = cell.get_position();
        let value = cell.get_value();
        if row == 0 {
            let header = match value {
                DataRef::String(s) => s.as_str(),
                DataRef::SharedString(s) => s,
                _ => "",
            };
            if SUMMED.contains(&header) {
                column = Some(col);
            }
            continue;
        }
        if row != last_row {
            records += 1;
            last_row = row;
        }
        if Some(col) == column {
            sum += match value {
                DataRef::Float(x) => *x,
                DataRef::Int(i) => *i as f64,
                _ => 0.0,
            };
        }
    }
    Ok((records, sum))
}

/// GBK bytes in, UTF-8 bytes out, decoded chunk by chunk.
struct Gbk<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Gbk<R> {
    fn new(inner: R) -> Gbk<R> {
        Gbk {
            inner,
            decoder: encoding_rs::GBK.new_decoder_without_bom_handling(),
            buf: vec![0; 1 << 16].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Gbk<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while !self.done {
            if self.start == self.end && !self.eof {
                self.end = self.inner.read(&mut self.buf)?;
                self.start = 0;
                self.eof = self.end == 0;
            }
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(&self.buf[self.start..self.end], out, self.eof);
            self.start += read;
            if self.eof && result == encoding_rs::CoderResult::InputEmpty {
                self.done = true;
            }
            if written > 0 {
                return Ok(written);
            }
        }
        Ok(0)
    }
}
