//! Fuzz target: arbitrary bytes read as an .xlsx workbook
//! (`wjvet::data::fuzz::workbook`). The first byte picks the extension, so the
//! .xlsb, .xls and .ods readers are driven too. Any panic or out-of-memory is a
//! bug; a refusal is a diagnostic. Seed the corpus with real workbooks (see
//! docs/fuzzing.md), since random bytes rarely make a zip.
//!
//! wjvet catches a panic inside calamine and reports the file as unreadable, but
//! libFuzzer's panic hook aborts on every panic, caught or not. So panics raised in
//! calamine's source are let through to wjvet's handler here, unless
//! `WJVET_FUZZ_STRICT` is set (to hunt calamine's own bugs); any other panic aborts.

#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 4] = ["xlsx", "xlsb", "xls", "ods"];

static HOOK: Once = Once::new();

fn let_calamine_panics_through() {
    let libfuzzer = std::panic::take_hook();
    let strict = std::env::var_os("WJVET_FUZZ_STRICT").is_some();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info.location().is_some_and(|l| l.file().contains("/calamine-"));
        if strict || !in_calamine {
            libfuzzer(info);
        }
    }));
}

fuzz_target!(|bytes: &[u8]| {
    HOOK.call_once(let_calamine_panics_through);
    let Some((&pick, body)) = bytes.split_first() else { return };
    let ext = EXTENSIONS[usize::from(pick) % EXTENSIONS.len()];
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(format!("fuzz.{ext}"));
    std::fs::write(&path, body).expect("the file written");
    let _ = wjvet::data::fuzz::workbook(&path);
});
