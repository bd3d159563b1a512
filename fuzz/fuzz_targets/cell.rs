//! Fuzz target: one cell's text parsed as every field type (`wjvet::data::fuzz::cell`).
//! Any panic is a bug; see docs/fuzzing.md.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    wjvet::data::fuzz::cell(text);
});
