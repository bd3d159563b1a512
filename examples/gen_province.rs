//! Writes a synthetic province-scale submission to stdout, for timing the binary:
//!
//! ```sh
//! cargo run --release --example gen_province -- 100000 > /tmp/province.csv
//! time target/release/wjvet check --format json /tmp/province.csv > /dev/null
//! ```
//!
//! Every value is invented; see `benches/province.rs`.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "../benches/province.rs"]
mod province;

use std::io::Write;

fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let plan = wjvet::plan::load(None).unwrap();
    let mut csv = String::new();
    province::generate(&plan, rows, &mut csv);
    std::io::stdout().write_all(csv.as_bytes()).unwrap();
}
