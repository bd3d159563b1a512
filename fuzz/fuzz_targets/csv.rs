//! Fuzz target: arbitrary bytes decoded and read as a CSV file
//! (`wjvet::data::fuzz::csv`). Any panic is a bug, and rows must come out in
//! ascending Excel row order; see docs/fuzzing.md.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let read = wjvet::data::fuzz::csv(bytes);
    assert!(read.rows.windows(2).all(|w| w[0].0 < w[1].0));
});
