//! The second shipped plan (职业学校办学条件达标工程, plans/dabiao-2022.toml) on the
//! example county in examples/dabiao/: the verdicts its README writes down are the
//! verdicts the binary gives.
//!
//! The expected table is read from examples/dabiao/README.md, so the documentation
//! cannot drift from the behaviour: each school's listed rules have the listed status
//! and every other rule that applies to it passes.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

/// By name: the plan compiled into the binary, as a bureau runs it.
const PLAN: &str = "dabiao-2022";
const CSV: &str = "examples/dabiao/2023.csv";
const REGISTRY: &str = "examples/dabiao/registry.toml";

fn wjvet(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_wjvet")).args(args).env("NO_COLOR", "1").output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), doc)
}

/// (school or "(county)", rule) -> status, from a JSON report.
fn statuses(doc: &Value) -> BTreeMap<(String, String), String> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let school = r["school"].as_str().unwrap_or("(county)").to_string();
            let rule = r["rule"].as_str().unwrap().to_string();
            ((school, rule), r["status"].as_str().unwrap().to_string())
        })
        .collect()
}

/// The README's expected table: school -> [(rule, status)] for the rules not passing.
fn expected() -> Vec<(String, Vec<(String, String)>)> {
    let readme = std::fs::read_to_string("examples/dabiao/README.md").unwrap();
    let start = readme.find("<!-- dabiao-expected -->").expect("the README marks its expected table");
    let end = readme.find("<!-- /dabiao-expected -->").unwrap();
    let mut out = Vec::new();
    for line in readme[start..end].lines().filter(|l| l.starts_with('|')).skip(2) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let listed = if cells[2] == "—" {
            Vec::new()
        } else {
            cells[2]
                .split(", ")
                .map(|item| {
                    let (rule, status) = item.split_once(' ').unwrap();
                    (rule.to_string(), status.to_string())
                })
                .collect()
        };
        out.push((cells[0].to_string(), listed));
    }
    out
}

#[test]
fn the_example_county_gets_the_verdicts_its_readme_writes_down() {
    let (code, doc) =
        wjvet(&["--plan", PLAN, "check", "--format", "json", "--lang", "en", "--registry", REGISTRY, CSV]);
    assert_eq!(code, 1, "the county misses its 2023 target");
    assert_eq!(doc["plan"]["doc_number"], "教职成〔2022〕5号");
    assert_eq!(doc["year"], 2023);
    assert_eq!(doc["as_of"], "2023-12-31");
    let got = statuses(&doc);
    let table = expected();
    assert_eq!(table.len(), 9, "eight schools and the county");
    for (school, listed) in &table {
        let mine: Vec<(&String, &String)> =
            got.iter().filter(|((s, _), _)| s == school).map(|((_, rule), st)| (rule, st)).collect();
        assert!(!mine.is_empty(), "no results for {school}: {got:?}");
        for (rule, status) in mine {
            let want = listed.iter().find(|(r, _)| r == rule).map_or("pass", |(_, s)| s.as_str());
            assert_eq!(status, want, "{school} / {rule}");
        }
        for (rule, _) in listed {
            assert!(got.contains_key(&(school.clone(), rule.clone())), "{school} has no result for {rule}");
        }
    }
}

#[test]
fn each_school_is_judged_only_by_its_own_type_s_indicators() {
    let (_, doc) =
        wjvet(&["--plan", PLAN, "check", "--format", "json", "--lang", "en", "--registry", REGISTRY, CSV]);
    let got = statuses(&doc);
    let rules_of = |school: &str| -> Vec<String> {
        got.keys().filter(|(s, _)| s == school).map(|(_, r)| r.clone()).collect()
    };
    let ordinary = rules_of("示例县职业中学");
    assert_eq!(ordinary.len(), 10, "nine indicators and all-met: {ordinary:?}");
    assert!(ordinary.iter().all(|r| !r.contains("tech-")), "{ordinary:?}");
    let technical = rules_of("示例县技工学校");
    assert_eq!(technical.len(), 5, "four encoded indicators and all-met: {technical:?}");
    assert!(technical.iter().filter(|r| *r != "T05.all-met").all(|r| r.contains("tech-")), "{technical:?}");
}

#[test]
fn without_a_registry_the_county_share_is_incomplete() {
    let (_, doc) = wjvet(&["--plan", PLAN, "check", "--format", "json", "--lang", "en", CSV]);
    let got = statuses(&doc);
    for rule in ["T05.share-2023", "T05.share-2025"] {
        assert_eq!(got[&("(county)".to_string(), rule.to_string())], "incomplete", "{rule}");
    }
}

/// The example submission with 示例县农业职业学校's empty 图书总数 cell filled in.
fn with_books(books: &str) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(CSV).unwrap();
    let row = "示例县农业职业学校,2023,中等职业学校,900,42000,24500,62,3100000,,";
    assert!(text.contains(&format!("{row}\r\n")), "the example row changed");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2023.csv");
    std::fs::write(&path, text.replace(&format!("{row}\r\n"), &format!("{row}{books}\r\n"))).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

fn county(csv: &str) -> (i32, BTreeMap<(String, String), String>) {
    let (code, doc) =
        wjvet(&["--plan", PLAN, "check", "--format", "json", "--lang", "en", "--registry", REGISTRY, csv]);
    (code, statuses(&doc))
}

#[test]
fn the_one_empty_cell_decides_the_county_share() {
    let key = |rule: &str| ("(county)".to_string(), rule.to_string());
    // 27000 books for 900 students: exactly 30 per student, so 7 of 8 schools (87.5%) meet every indicator.
    let (_dir, csv) = with_books("27000");
    let (code, got) = county(&csv);
    assert_eq!(got[&("示例县农业职业学校".to_string(), "T05.all-met".to_string())], "pass");
    assert_eq!(got[&key("T05.share-2023")], "pass");
    assert_eq!(got[&key("T05.share-2025")], "pending", "87.5% is under 90%, not due before 2025-12-31");
    assert_eq!(code, 0, "nothing due fails");
    // 18000 books: 20 per student, short of 30: 6 of 8 (75%) by the 2023 deadline.
    let (_dir, csv) = with_books("18000");
    let (code, got) = county(&csv);
    assert_eq!(got[&("示例县农业职业学校".to_string(), "T04.books-per-student".to_string())], "pending");
    assert_eq!(got[&key("T05.share-2023")], "fail");
    assert_eq!(code, 1);
}
