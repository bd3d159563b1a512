//! Benchmark: reading real-world forms of a province-scale submission.
//!
//! Run with `cargo bench --bench input` (add `-- 200000` for another size). It
//! generates the province of `benches/province.rs` (100,000 institution-year rows by
//! default), writes it as UTF-8, as GBK (what Chinese Excel saves as "CSV") and as an
//! .xlsx with number and date cells, then times the whole library pipeline of
//! `check` (read, decode, validate, evaluate) on each a few times on one thread and
//! prints the median with rows/s and MB/s of file. Not a test: nothing fails if the
//! machine is slow; the figures go in docs/input.md with the command.
//! `WJVET_BENCH_KEEP=DIR` keeps the generated files in DIR.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

mod province;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wjvet::check::{self, CheckOptions, Outcome};

const RUNS: usize = 3;

fn main() {
    let rows: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let plan = wjvet::plan::load(None).unwrap();
    let mut csv = String::new();
    province::generate(&plan, rows, &mut csv);
    let dir = tempfile::tempdir().unwrap();
    // WJVET_BENCH_KEEP=DIR keeps the generated files there, e.g. to measure the
    // binary's peak memory on them (docs/input.md).
    let keep = std::env::var_os("WJVET_BENCH_KEEP").map(PathBuf::from);
    let dir = keep.as_deref().unwrap_or(dir.path());

    let utf8 = dir.join("province.csv");
    std::fs::write(&utf8, &csv).unwrap();
    let gbk = dir.join("province-gbk.csv");
    std::fs::write(&gbk, encoding_rs::GB18030.encode(&csv).0).unwrap();
    let xlsx = dir.join("province.xlsx");
    let start = Instant::now();
    write_xlsx(&csv, &xlsx);
    println!(
        "{rows} rows, {} columns; the .xlsx took {:.1?} to write",
        plan.fields.len() + 3,
        start.elapsed()
    );

    for (label, path, encoding) in
        [("UTF-8 CSV", &utf8, "utf-8"), ("GBK CSV", &gbk, "gb18030"), ("XLSX", &xlsx, "xlsx")]
    {
        time(label, path, encoding, rows);
    }
}

/// Times `check` on one file and prints the median run.
fn time(label: &str, path: &Path, encoding: &str, rows: usize) {
    let mb = std::fs::metadata(path).unwrap().len() as f64 / 1e6;
    let opts = CheckOptions { paths: vec![PathBuf::from(path)], ..CheckOptions::default() };
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let Outcome::Evaluated(report) = check::run(&opts) else { panic!("{label} did not evaluate") };
        times.push(start.elapsed());
        assert_eq!(report.data.files[0].encoding, encoding);
        assert_eq!(report.data.rows.len(), rows);
    }
    times.sort();
    let t = times[times.len() / 2];
    let s = t.as_secs_f64();
    println!(
        "{label:<10} {mb:>6.1} MB  read + validate + evaluate: median {t:>8.3?}  {:>9.0} rows/s  {:>6.1} MB/s",
        rows as f64 / s,
        mb / s
    );
}

/// Writes the CSV as a workbook the way Excel stores what a clerk types: numbers as
/// number cells, dates as date cells, the rest as text.
fn write_xlsx(csv: &str, path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, line) in csv.lines().enumerate() {
        let r = u32::try_from(r).unwrap();
        for (c, cell) in line.split(',').enumerate() {
            let c = u16::try_from(c).unwrap();
            if cell.is_empty() {
                continue;
            }
            if let Ok(n) = cell.parse::<f64>() {
                ws.write_number(r, c, n).unwrap();
            } else if let Some(d) = as_date(cell) {
                ws.write_datetime_with_format(r, c, d, &date).unwrap();
            } else {
                ws.write_string(r, c, cell).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn as_date(s: &str) -> Option<ExcelDateTime> {
    let mut p = s.splitn(3, '-').map(|x| x.parse::<u16>().ok());
    let (y, m, d) = (p.next()??, p.next()??, p.next()??);
    if y < 1900 {
        return None;
    }
    ExcelDateTime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()
}
