//! Every workbook wjvet writes is the same file when written twice from the same
//! input: `template` (and `template --roster`), `review-sheet`, `report -o x.xlsx`
//! and `report -o rectification=x.xlsx`. rust_xlsxwriter stores the time of writing in
//! docProps/core.xml unless told a date, so each writer is dated by its content (the
//! plan's issue date for the template, the evaluation date for the others); this
//! checks the date stored as well as the bytes, so it fails without the fix even
//! when both runs fall within one second.

use std::io::Read;
use std::path::Path;
use std::process::Command;

const DISTRICT: [&str; 3] = ["--registry", "examples/registry.toml", "examples/district"];

fn wjvet(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_wjvet")).args(args).env("NO_COLOR", "1").output().unwrap();
    assert!(out.status.code().unwrap() <= 1, "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The `dcterms:created` value stored in the workbook's docProps/core.xml.
fn created(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml").unwrap().read_to_string(&mut core).unwrap();
    let start = core.find("<dcterms:created").unwrap();
    let value = &core[start..];
    let value = &value[value.find('>').unwrap() + 1..];
    value[..value.find('<').unwrap()].to_string()
}

/// Runs `args` twice, `-o` given by `target(path)`, and returns both files' bytes
/// and the creation date stored in the first.
fn twice(name: &str, args: &[&str], target: impl Fn(&Path) -> String) -> (Vec<u8>, Vec<u8>, String) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = ["a", "b"].iter().map(|r| dir.path().join(format!("{r}-{name}"))).collect();
    for f in &files {
        let t = target(f);
        wjvet(&[args, &["-o", &t]].concat());
    }
    let a = std::fs::read(&files[0]).unwrap();
    let b = std::fs::read(&files[1]).unwrap();
    (a, b, created(&files[0]))
}

#[test]
fn the_template_is_dated_by_the_plans_issue_date() {
    let (a, b, date) = twice("template.xlsx", &["template"], |p| p.display().to_string());
    assert_eq!(date, "2018-12-26T00:00:00Z");
    assert!(a == b, "two template runs wrote different bytes");
}

#[test]
fn a_roster_template_is_dated_by_the_plans_issue_date() {
    let (a, b, date) =
        twice("roster.xlsx", &["template", "--roster", "internships"], |p| p.display().to_string());
    assert_eq!(date, "2018-12-26T00:00:00Z");
    assert!(a == b, "two roster template runs wrote different bytes");
}

#[test]
fn the_review_sheet_is_dated_by_the_evaluation_date() {
    let args = [&["review-sheet", "--as-of", "2020-11-30"][..], &DISTRICT].concat();
    let (a, b, date) = twice("review.xlsx", &args, |p| p.display().to_string());
    assert_eq!(date, "2020-11-30T00:00:00Z");
    assert!(a == b, "two review-sheet runs wrote different bytes");
}

#[test]
fn the_annual_report_is_dated_by_the_evaluation_date() {
    let args = [&["report", "--as-of", "2020-11-30"][..], &DISTRICT].concat();
    let (a, b, date) = twice("report.xlsx", &args, |p| p.display().to_string());
    assert_eq!(date, "2020-11-30T00:00:00Z");
    assert!(a == b, "two report runs wrote different bytes");
}

#[test]
fn the_rectification_list_is_dated_by_the_evaluation_date() {
    let args = [&["report", "--as-of", "2020-11-30"][..], &DISTRICT].concat();
    let (a, b, date) = twice("list.xlsx", &args, |p| format!("rectification={}", p.display()));
    assert_eq!(date, "2020-11-30T00:00:00Z");
    assert!(a == b, "two rectification runs wrote different bytes");
}
