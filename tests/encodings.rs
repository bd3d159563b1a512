//! Every form a school sends the same data in gives the same results: UTF-8, UTF-8
//! with a BOM, GBK, UTF-16 "Unicode text", .xlsx, .xls and .ods (the committed
//! fixtures in tests/fixtures/input, made by tests/fixtures/make_sheets.py).

use std::path::PathBuf;

use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::data::{Encoding, ReadOptions};
use wjvet::lang::Lang;

const FORMS: [(&str, &str); 7] = [
    ("utf8.csv", "utf-8"),
    ("utf8-bom.csv", "utf-8-bom"),
    ("gbk.csv", "gb18030"),
    ("unicode-text.txt", "utf-16le-bom"),
    ("sheet.xlsx", "xlsx"),
    ("sheet.xls", "xls"),
    ("sheet.ods", "ods"),
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/input").join(name)
}

fn options(path: PathBuf, read: ReadOptions) -> CheckOptions {
    CheckOptions {
        registry: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/registry.toml")),
        paths: vec![path],
        read,
        ..CheckOptions::default()
    }
}

/// The JSON document of a check of one file; each result's `file` (which names the
/// form read) is left out, so the results of different forms compare equal.
fn json(opts: &CheckOptions) -> serde_json::Value {
    let Outcome::Evaluated(report) = check::run(opts) else { panic!("{:?} did not evaluate", opts.paths) };
    let mut out = Vec::new();
    wjvet::render::json::write(&mut out, &report, Lang::En).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for r in doc["results"].as_array_mut().into_iter().flatten() {
        r.as_object_mut().map(|o| o.remove("file"));
    }
    doc
}

#[test]
fn the_same_data_in_every_form_gives_identical_results() {
    let reference = json(&options(fixture("utf8.csv"), ReadOptions::default()));
    let results = &reference["results"];
    assert!(results.as_array().is_some_and(|r| r.len() > 100), "a real comparison");
    for (name, encoding) in FORMS {
        let doc = json(&options(fixture(name), ReadOptions::default()));
        assert_eq!(&doc["results"], results, "{name} differs from utf8.csv");
        let file = &doc["files"][0];
        assert_eq!(file["encoding"], encoding, "{name}");
        assert_eq!((file["rows_read"].as_u64(), file["rows_used"].as_u64()), (Some(3), Some(3)), "{name}");
        assert_eq!(doc["diagnostics"], serde_json::json!([]), "{name}");
    }
}

#[test]
fn sheets_name_the_sheet_they_read() {
    let doc = json(&options(fixture("sheet.xlsx"), ReadOptions::default()));
    assert_eq!(doc["files"][0]["sheet"], "填报");
    assert_eq!(doc["files"][0]["header_row"], 1);
    let doc = json(&options(fixture("utf8.csv"), ReadOptions::default()));
    assert_eq!(doc["files"][0]["sheet"], serde_json::Value::Null);
}

#[test]
fn a_forced_encoding_is_used_and_reported() {
    let read = ReadOptions { encoding: Some(Encoding::Gb18030), ..ReadOptions::default() };
    let doc = json(&options(fixture("gbk.csv"), read.clone()));
    assert_eq!(doc["files"][0]["encoding"], "gb18030");
    // Forcing GBK on a UTF-8 file with a BOM: the BOM wins.
    let doc = json(&options(fixture("utf8-bom.csv"), read));
    assert_eq!(doc["files"][0]["encoding"], "utf-8-bom");
    // Forcing UTF-8 on GBK: every cell with Chinese text is reported, nothing guessed.
    let read = ReadOptions { encoding: Some(Encoding::Utf8), ..ReadOptions::default() };
    let Outcome::DataInvalid { diagnostics, .. } = check::run(&options(fixture("gbk.csv"), read)) else {
        panic!("GBK read as UTF-8 must be invalid")
    };
    let [first, second, ..] = diagnostics.items() else { panic!("too few diagnostics") };
    assert_eq!(first.code, wjvet::diag::Code::BadEncoding);
    assert!(first.message.en.contains("reads cleanly as gb18030"), "{}", first.message.en);
    assert_eq!(second.code, wjvet::diag::Code::BadEncoding);
    assert_eq!((second.location.row, second.location.column_letter.as_deref()), (Some(1), Some("A")));
}
