//! Writes a synthetic roster for timing the roster reader (`benches/roster.sh`):
//!
//! ```sh
//! cargo run --release --example gen_roster -- internships 1000000 > /tmp/internships.csv
//! cargo run --release --example gen_roster -- internships 1000000 --gbk > /tmp/internships-gbk.csv
//! cargo run --release --example gen_roster -- internships 1000000 --xlsx /tmp/internships.xlsx
//! cargo run --release --example gen_roster -- teachers 100000 > /tmp/teachers.csv
//! ```
//!
//! CSV goes to stdout as Excel writes it: "CSV UTF-8" (a BOM, CRLF) by default, or
//! GBK without a BOM with `--gbk`, Chinese Excel's plain "CSV". Key decision: rows
//! are written as they are made (and a workbook through rust_xlsxwriter's
//! constant-memory mode), so the generator's memory does not grow with `N`. Every
//! value is invented; the rows themselves come from `examples/roster/rows.rs`.

#![allow(clippy::print_stderr, clippy::unwrap_used)]

#[path = "roster/rows.rs"]
mod rows;

use std::io::Write;
use std::process::ExitCode;

use rows::{Kind, Rows};

const USAGE: &str = "usage: gen_roster internships|teachers N [--gbk | --xlsx PATH]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = match args.first().map(String::as_str) {
        Some("internships") => Kind::Internships,
        Some("teachers") => Kind::Teachers,
        _ => return usage(),
    };
    let Some(n) = args.get(1).and_then(|a| a.replace('_', "").parse::<u64>().ok()) else {
        return usage();
    };
    let result = match args.get(2..).unwrap_or_default() {
        [] => write_csv(Rows::new(kind, n), false),
        [flag] if flag == "--gbk" => write_csv(Rows::new(kind, n), true),
        [flag, path] if flag == "--xlsx" => write_xlsx(Rows::new(kind, n), path),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_roster: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn write_csv(mut rows: Rows, gbk: bool) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut line = String::new();
    let mut emit = |line: &str| -> std::io::Result<()> {
        if gbk {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(line);
            assert!(!unmappable, "a generated value has no GBK form");
            out.write_all(&bytes)
        } else {
            out.write_all(line.as_bytes())
        }
    };
    if !gbk {
        emit("\u{feff}")?;
    }
    line.push_str(&rows.headers().join(","));
    line.push_str("\r\n");
    emit(&line)?;
    // No value contains a comma, a quote or a line break, so no quoting is needed.
    let mut cells = Vec::new();
    while rows.next_into(&mut cells).is_some() {
        line.clear();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(c);
        }
        line.push_str("\r\n");
        emit(&line)?;
    }
    out.flush()
}

fn write_xlsx(mut rows: Rows, path: &str) -> std::io::Result<()> {
    let xlsx = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().map_err(xlsx)?;
    let headers = rows.headers();
    let numeric: Vec<bool> = headers.iter().map(|h| rows::numeric(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(xlsx)?;
    }
    let mut cells = Vec::new();
    let mut r = 0u32;
    while rows.next_into(&mut cells).is_some() {
        r += 1;
        if r > 1_048_575 {
            return Err(std::io::Error::other("a worksheet holds at most 1,048,575 rows under its header"));
        }
        for (c, v) in cells.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(x) if numeric[c] => sheet.write_number(r, c as u16, x),
                _ => sheet.write_string(r, c as u16, v),
            }
            .map_err(xlsx)?;
        }
    }
    book.save(path).map_err(xlsx)
}
