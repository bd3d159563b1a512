//! Benchmark: how `report`, exemptions and near-name suggestions grow with the
//! district, against `check` on the same input.
//!
//! Run with `cargo bench --bench scale` (sizes as arguments: `-- 10000 20000`;
//! `--years 10` spreads the rows over 2011–2020 instead of 2018–2020; `--keep DIR`
//! leaves the generated inputs there for timing the binary). Three
//! parts, each a few runs on one thread, median shown:
//!
//! - `report` vs `check` on generated provinces (`benches/province.rs`): `check` is
//!   read + validate + evaluate; `report` adds every earlier year's evaluation, the
//!   annual summary and its HTML, XLSX and Markdown;
//! - 20,000 exemptions (one per institution and year) loaded and applied;
//! - 2,000 unregistered names (half a typo of a registered one) checked against a
//!   registry of 20,000, each needing a "did you mean" search.
//!
//! Not a test: nothing fails if the machine is slow; the figures go in docs/report.md
//! with the command.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

mod province;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::lang::Lang;
use wjvet::render::annual::{Format, write};

const RUNS: usize = 3;

fn median(mut t: Vec<Duration>) -> Duration {
    t.sort();
    t[t.len() / 2]
}

fn evaluated(opts: &CheckOptions) -> wjvet::report::Report {
    match check::run(opts) {
        Outcome::Evaluated(r) => *r,
        other => panic!("the generated input did not evaluate: {other:?}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keep = args.iter().position(|a| a == "--keep").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let years: usize = args
        .iter()
        .position(|a| a == "--years")
        .and_then(|i| args.get(i + 1))
        .map_or(3, |n| n.parse().unwrap());
    let years: Vec<i32> = (0..years).map(|k| 2020 - (years - 1 - k) as i32).collect();
    let mut sizes: Vec<usize> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || !matches!(args[i - 1].as_str(), "--years" | "--keep"))
        .filter_map(|(_, a)| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![10_000, 20_000, 40_000];
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let plan = wjvet::plan::load(None).unwrap();

    println!("report vs check over {}-{} (median of {RUNS}):", years[0], years[years.len() - 1]);
    for rows in sizes {
        let mut csv = String::new();
        province::generate_over(&plan, rows, &years, &mut csv);
        let path = dir.join(format!("province-{rows}.csv"));
        std::fs::write(&path, &csv).unwrap();
        report_vs_check(&path, rows);
    }
    exemptions(&plan, &dir, 20_000);
    names(&dir, 20_000, 2_000);
}

fn report_vs_check(path: &Path, rows: usize) {
    let opts = CheckOptions { paths: vec![path.to_path_buf()], ..CheckOptions::default() };
    let (mut checks, mut reports) = (Vec::new(), Vec::new());
    let mut sizes = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let report = evaluated(&opts);
        checks.push(start.elapsed());
        drop(report);
        let start = Instant::now();
        let report = evaluated(&opts);
        let summary = wjvet::annual::build(&report);
        sizes.clear();
        for format in [Format::Html, Format::Xlsx, Format::Markdown] {
            let mut out = Counter(0);
            write(&mut out, &summary, format, Lang::Zh).unwrap();
            sizes.push(out.0);
        }
        reports.push(start.elapsed());
        drop(report);
    }
    let (c, r) = (median(checks), median(reports));
    let mb = |n: usize| n as f64 / 1e6;
    println!(
        "  {rows:>6} rows: check {c:>9.3?}  report {r:>9.3?}  ({:.1}x; html {:.1} MB, xlsx {:.1} MB, md {:.1} MB)",
        r.as_secs_f64() / c.as_secs_f64(),
        mb(sizes[0]),
        mb(sizes[1]),
        mb(sizes[2])
    );
}

/// A writer that only counts bytes.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `n` exemptions over a province of `n` rows: one per institution and year.
fn exemptions(plan: &wjvet::plan::Plan, dir: &Path, n: usize) {
    let mut csv = String::new();
    province::generate(plan, n, &mut csv);
    let data = dir.join(format!("exempt-province-{n}.csv"));
    std::fs::write(&data, &csv).unwrap();
    let mut toml = String::new();
    for (i, year) in (0..n).map(|k| (k / 3, 2018 + (k % 3) as i32)) {
        toml.push_str(&format!(
            "[[exemption]]\nrule = \"T22.training-rooms\"\ninstitution = \"示例省第{i}职业学校\"\nyear = {year}\nreason = \"在建\"\napproved_by = \"教科\"\nexpires = 2030-12-31\n\n"
        ));
    }
    let file = dir.join(format!("exemptions-{n}.toml"));
    std::fs::write(&file, &toml).unwrap();
    let report = evaluated(&CheckOptions { paths: vec![data.clone()], ..CheckOptions::default() });
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let mut findings = report.findings.clone();
        let start = Instant::now();
        let list = wjvet::exempt::load(&file, &report.plan, &report.data).unwrap();
        wjvet::exempt::apply(&list, &mut findings, report.opts);
        times.push(start.elapsed());
    }
    println!("{n} exemptions loaded and applied over {n} rows: median {:.3?}", median(times));
    println!("  (binary: wjvet check --exemptions {} {})", file.display(), data.display());
}

/// A registry of `registered` institutions and a submission of `unknown` others, half
/// of them one character off a registered name.
fn names(dir: &Path, registered: usize, unknown: usize) {
    let mut registry = String::new();
    for i in 0..registered {
        registry.push_str(&format!(
            "[[institutions]]\nid = \"s{i}\"\nname = \"示例省第{i}职业学校\"\ntype = \"public_vocational\"\n\n"
        ));
    }
    let reg = dir.join(format!("registry-{registered}.toml"));
    std::fs::write(&reg, &registry).unwrap();
    let mut csv = String::from("学校名称,年度,学校类型\n");
    for k in 0..unknown {
        let name = if k % 2 == 0 {
            format!("示例省第{}职业学院", k * 7 % registered)
        } else {
            format!("另一所第{k}学校")
        };
        csv.push_str(&format!("{name},2020,民办中职\n"));
    }
    let data = dir.join(format!("unregistered-{unknown}.csv"));
    std::fs::write(&data, &csv).unwrap();
    let opts =
        CheckOptions { registry: Some(reg.clone()), paths: vec![data.clone()], ..CheckOptions::default() };
    let mut times = Vec::new();
    let (mut kept, mut hinted) = (0, 0);
    for _ in 0..RUNS {
        let start = Instant::now();
        let report = evaluated(&opts);
        times.push(start.elapsed());
        kept = report.diagnostics.items().len();
        hinted = report.diagnostics.items().iter().filter(|d| d.hint.is_some()).count();
    }
    println!(
        "{unknown} unregistered names against {registered} registered: check median {:.3?} ({hinted} of the {kept} warnings kept suggest a name)",
        median(times)
    );
    println!("  (binary: wjvet check --registry {} {})", reg.display(), data.display());
}
