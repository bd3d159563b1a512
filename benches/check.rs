//! Benchmark: `check` over a generated province of 100,000 institution-year rows.
//!
//! Run with `cargo bench --bench check` (add `-- 200000` for another size). It times
//! the whole library pipeline the binary runs (read and validate the CSV, evaluate
//! every rule for the latest year, render the JSON report to a sink) a few times on
//! one thread and prints the fastest and median runs. Not a test: nothing fails if
//! the machine is slow; the figure goes in the README with the command.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

mod province;

use std::io;
use std::time::{Duration, Instant};

use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::lang::Lang;

fn main() {
    let rows: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let plan = wjvet::plan::load(None).unwrap();
    let mut csv = String::new();
    province::generate(&plan, rows, &mut csv);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("province.csv");
    std::fs::write(&path, &csv).unwrap();
    let mb = csv.len() as f64 / 1e6;
    println!("province.csv: {rows} rows, {} fields, {mb:.1} MB", plan.fields.len() + 3);

    let opts = CheckOptions { paths: vec![path], ..CheckOptions::default() };
    let mut check_times: Vec<Duration> = Vec::new();
    let mut total_times: Vec<Duration> = Vec::new();
    let mut findings = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let Outcome::Evaluated(report) = check::run(&opts) else {
            panic!("the generated province did not evaluate");
        };
        check_times.push(start.elapsed());
        let mut sink = io::BufWriter::new(io::sink());
        wjvet::render::json::write(&mut sink, &report, Lang::En).unwrap();
        total_times.push(start.elapsed());
        findings = report.findings.len();
    }
    let median = |t: &mut Vec<Duration>| {
        t.sort();
        t[t.len() / 2]
    };
    let (check, total) = (median(&mut check_times), median(&mut total_times));
    let rate = rows as f64 / check.as_secs_f64();
    println!(
        "read + validate + evaluate: median {check:.3?} ({rate:.0} rows/s, {:.0} MB/s)",
        mb / check.as_secs_f64()
    );
    println!("... + JSON report of {findings} results: median {total:.3?}");
}
