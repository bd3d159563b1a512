//! Fuzz target: arbitrary bytes read as an .xlsx workbook
//! (`wjvet::data::fuzz::workbook`). The first byte picks the extension, so the
//! .xlsb, .xls and .ods readers are driven too. Any panic or out-of-memory is a
//! bug; a refusal is a diagnostic. Seed the corpus with real workbooks (see
//! docs/fuzzing.md), since random bytes rarely make a zip.

#![no_main]

use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 4] = ["xlsx", "xlsb", "xls", "ods"];

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, body)) = bytes.split_first() else { return };
    let ext = EXTENSIONS[usize::from(pick) % EXTENSIONS.len()];
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(format!("fuzz.{ext}"));
    std::fs::write(&path, body).expect("the file written");
    let _ = wjvet::data::fuzz::workbook(&path);
});
