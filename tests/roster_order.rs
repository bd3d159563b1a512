//! Without a registry, a roster row's school is known only from an annual row that
//! names it with its type. Rosters are therefore read after every other file: the
//! verdict must not depend on the order the files were named in, a roster put off
//! must say what its header says once, not twice, and `explain` must list the
//! records of a school known only from its annual file.

mod common;

use common::*;

const ROSTER: &str = "examples/rosters/internships.csv";
const DISTRICT: &str = "examples/district";

fn check_json(paths: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json", "--lang", "en"];
    args.extend_from_slice(paths);
    let (code, out, _) = wjvet(&args);
    (code, serde_json::from_str(&out).unwrap())
}

fn codes(json: &serde_json::Value, code: &str) -> usize {
    json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).count()
}

#[test]
fn naming_the_roster_first_or_last_gives_the_same_report() {
    let (first_code, first) = check_json(&[ROSTER, DISTRICT]);
    let (last_code, last) = check_json(&[DISTRICT, ROSTER]);
    assert_eq!(first_code, last_code);
    assert_eq!(first, last, "the report depends on the order the files were named in");
    // And it is the right report: every placement counted, none refused for want of
    // a school type the annual files give.
    assert_eq!(codes(&first, "unknown-school-type"), 0);
    let files = first["files"].as_array().unwrap();
    let roster = files.last().unwrap();
    assert_eq!(roster["path"], ROSTER, "rosters are read after the annual files");
    assert_eq!(roster["rows_skipped"], 0);
    assert_eq!(roster["rows_used"], roster["rows_read"]);
}

#[test]
fn explain_lists_the_records_of_a_school_known_only_from_its_annual_file() {
    // 鱼凫 is not in the plan: without a registry, only its annual file names it.
    let (_, out, _) = wjvet(&[
        "explain",
        "T24.tripartite",
        "--school",
        "温江区鱼凫职业技术学校",
        "--lang",
        "en",
        ROSTER,
        DISTRICT,
    ]);
    assert!(out.contains("reported 430, the roster supports 430 (agree)"), "{out}");
    assert!(out.contains("counted: 430, not counted: 40"), "{out}");
}

#[test]
fn a_roster_put_off_reports_its_header_once_and_its_school_is_found() {
    let school = "示例职业学校";
    let annual = annual(&[("enrolled_students", "100")]).replace(LIAOYUAN, school);
    // An extra column the roster does not declare, its name with a byte that is not
    // UTF-8: both are said while the header is read, before the roster is put off.
    let rows = format!("{},\n{},\n", placement(1, &[]), placement(2, &[])).replace(LIAOYUAN, school);
    let roster = [format!("{INTERN_HEADER},备").as_bytes(), b"\xff\n", rows.as_bytes()].concat();
    let fx = Fixture::new().raw("a-interns.csv", &roster).files(&[("b-annual.csv", annual)]);
    let dir = fx.dir.path().to_str().unwrap();
    let (_, json) = check_json(&[dir]);
    assert_eq!(codes(&json, "bad-encoding"), 1, "{json:#}");
    assert_eq!(codes(&json, "unknown-column"), 1, "{json:#}");
    assert_eq!(codes(&json, "unknown-school-type"), 0, "{json:#}");
    let files = json["files"].as_array().unwrap();
    assert!(files[1]["path"].as_str().unwrap().ends_with("a-interns.csv"));
    assert_eq!((&files[1]["rows_used"], &files[1]["rows_skipped"]), (&2.into(), &0.into()));
}
