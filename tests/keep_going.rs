//! One bad file never blocks the district (issue 9 §3): with `--keep-going`, and
//! always in `report`, every institution whose rows are valid is judged, one with an
//! invalid row is `invalid` on each of its rules, district values that need it are
//! `missing` (never computed from the rest), and the run still exits 3.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use wjvet::check::{CheckOptions, Outcome};
use wjvet::eval::Status;

const YUFU: &str = "温江区鱼凫职业技术学校";

/// The example district with 鱼凫's 2020 enrolment written `3900人`.
fn district_with_a_bad_cell(dir: &Path) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let d = dir.join("district");
    std::fs::create_dir(&d).unwrap();
    for e in std::fs::read_dir(root.join("examples/district")).unwrap() {
        let p = e.unwrap().path();
        let mut text = std::fs::read_to_string(&p).unwrap();
        if p.file_name().unwrap() == "yufu.csv" {
            let line = text.lines().find(|l| l.contains(",2020,")).unwrap().to_string();
            let mut cells: Vec<&str> = line.split(',').collect();
            let bad = format!("{}人", cells[4]);
            cells[4] = &bad;
            text = text.replace(&line, &cells.join(","));
        }
        std::fs::write(d.join(p.file_name().unwrap()), text).unwrap();
    }
    d
}

fn options(dir: &Path, keep_going: bool) -> CheckOptions {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    CheckOptions {
        registry: Some(root.join("examples/registry.toml")),
        paths: vec![district_with_a_bad_cell(dir)],
        keep_going,
        ..CheckOptions::default()
    }
}

#[test]
fn without_keep_going_nothing_is_evaluated() {
    let fx = Fixture::new();
    assert!(matches!(wjvet::check::run(&options(fx.dir.path(), false)), Outcome::DataInvalid { .. }));
}

#[test]
fn with_keep_going_the_valid_schools_are_judged_and_the_bad_one_is_invalid() {
    let fx = Fixture::new();
    let Outcome::Evaluated(r) = wjvet::check::run(&options(fx.dir.path(), true)) else {
        panic!("not evaluated")
    };
    // Every rule of 鱼凫 that applies in 2020 is invalid, none judged on what was readable.
    let yufu: Vec<_> = r.findings.iter().filter(|f| r.school(f) == Some(YUFU)).collect();
    assert!(!yufu.is_empty());
    assert!(yufu.iter().all(|f| matches!(f.status, Status::Invalid | Status::NotApplicable)), "{yufu:#?}");
    assert!(yufu.iter().any(|f| f.status == Status::Invalid));
    // Another school is judged as usual.
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Pass);
    // The district sum needs 鱼凫's enrolment: missing, not the sum of the others.
    let f = finding(&r, "T01.enrolled", None);
    assert_eq!(f.status, Status::Missing);
    assert!(en(&r, f).contains(YUFU), "{}", en(&r, f));
    assert_eq!(r.verdict(), wjvet::report::Verdict::Invalid);
}

fn wjvet(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wjvet")).args(args).env("NO_COLOR", "1").output().unwrap()
}

#[test]
fn check_keep_going_and_report_exit_3_with_their_documents() {
    let fx = Fixture::new();
    let dir = district_with_a_bad_cell(fx.dir.path());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let registry = root.join("examples/registry.toml");
    let (dir, registry) = (dir.to_str().unwrap(), registry.to_str().unwrap());
    let out =
        wjvet(&["check", "--lang", "en", "--keep-going", "--registry", registry, "--format", "json", dir]);
    assert_eq!(out.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "invalid");
    assert!(json["results"].as_array().unwrap().iter().any(|r| r["status"] == "invalid"));
    let table = wjvet(&["check", "--lang", "zh", "--keep-going", "--registry", registry, dir]);
    assert_eq!(table.status.code(), Some(3));
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("数据无效"), "{text}");
    let html = fx.dir.path().join("r.html");
    let xlsx = fx.dir.path().join("r.xlsx");
    let report = wjvet(&[
        "report",
        "--registry",
        registry,
        dir,
        "-o",
        html.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(report.status.code(), Some(3), "{}", String::from_utf8_lossy(&report.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(YUFU) && page.contains("数据无效"), "the report shows 鱼凫 as invalid");
    // Its completeness line says why, quoting the bad cell and where it is.
    assert!(page.contains("2020：数据无效（"), "no invalid year in the completeness section");
    assert!(page.contains("yufu.csv:4"), "the bad cell's place is not shown");
    // The workbook, read back as Excel would: 鱼凫 appears as 数据无效.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("a valid xlsx");
    let mut found = false;
    for name in calamine::Reader::sheet_names(&wb) {
        let range = calamine::Reader::worksheet_range(&mut wb, &name).unwrap();
        let text: Vec<String> = range.used_cells().map(|(_, _, c)| c.to_string()).collect();
        found |= text.iter().any(|c| c.contains("数据无效")) && text.iter().any(|c| c.contains(YUFU));
    }
    assert!(found, "no sheet shows 鱼凫 as 数据无效");
}

/// `fx` checked for 2020 with `--keep-going`: evaluated despite its data errors.
fn kept_going(fx: &Fixture) -> wjvet::report::Report {
    let opts = CheckOptions { keep_going: true, ..fx.options(Some(2020), None) };
    match wjvet::check::run(&opts) {
        Outcome::Evaluated(r) => *r,
        _ => panic!("not evaluated"),
    }
}

#[test]
fn a_milestone_is_not_passed_on_an_earlier_years_invalid_row() {
    // 2019 twice: done on 2019-05-01, and not done. Which is right is unknown, so the
    // 2020 result cannot be a pass read from the first of them.
    let keys = ["innovation_centre_basic_date"];
    let fx = Fixture::new().csv(
        "l.csv",
        &header_for(&keys),
        &[
            row(LIAOYUAN, 2019, "公办中职", &[("innovation_centre_basic_date", "2019-05-01")], &keys),
            row(LIAOYUAN, 2019, "公办中职", &[("innovation_centre_basic_date", "未完成")], &keys),
            row(LIAOYUAN, 2020, "公办中职", &[], &keys),
        ],
    );
    let r = kept_going(&fx);
    let f = finding(&r, "T06.innovation-centre-basic", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Invalid, "{}", en(&r, f));
    assert!(en(&r, f).contains("2019"), "{}", en(&r, f));
}

#[test]
fn the_verdict_line_never_says_no_institution_has_data_errors() {
    // The only bad row names a school misspelt (燎源 for 燎原): refused, it leaves no
    // result invalid, and the verdict must still not say "0 institutions have data
    // errors".
    let keys = ["enrolled_students"];
    let good = row(LIAOYUAN, 2020, "公办中职", &[("enrolled_students", "4000")], &keys);
    let misspelt =
        row(&LIAOYUAN.replace('原', "源"), 2020, "公办中职", &[("enrolled_students", "4000")], &keys);
    let fx = Fixture::new().csv("a.csv", &header_for(&keys), &[good]).csv(
        "b.csv",
        &header_for(&keys),
        &[misspelt],
    );
    let files: Vec<&str> = fx.paths().iter().map(|p| p.to_str().unwrap()).collect();
    for lang in ["en", "zh"] {
        let out = wjvet(&[&["check", "--lang", lang, "--keep-going"][..], &files].concat());
        assert_eq!(out.status.code(), Some(3));
        let text = String::from_utf8(out.stdout).unwrap();
        let verdict = text.lines().find(|l| l.starts_with("Verdict") || l.starts_with("结论")).unwrap();
        assert!(!verdict.contains(" 0 ") && !verdict.contains("有 0 所"), "{verdict}");
    }
}
