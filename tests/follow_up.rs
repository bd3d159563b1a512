//! Follow-up: `check --previous`, `report --previous` and `diff`, against the
//! example district's 2019 result (examples/previous-2019.json, written by
//! `wjvet check --registry examples/registry.toml --year 2019 --format json --lang zh
//! examples/district`).

mod common;

use common::wjvet;
use serde_json::{Value, json};

const PREVIOUS: &str = "examples/previous-2019.json";

fn previous() -> Value {
    serde_json::from_str(&std::fs::read_to_string(PREVIOUS).unwrap()).unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, doc: &Value) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, serde_json::to_string(doc).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

fn item<'a>(items: &'a [Value], rule: &str, school: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["rule"] == rule && i["school"] == school)
        .unwrap_or_else(|| panic!("no follow-up item for {rule} / {school}"))
}

#[test]
fn the_example_is_a_2019_result_of_the_current_schema() {
    let doc = previous();
    assert_eq!(doc["tool"]["name"], "wjvet");
    assert_eq!(doc["year"], 2019);
    assert_eq!(doc["schema_version"], 4);
}

#[test]
fn last_years_problems_each_get_an_outcome() {
    // Last year a school that has since closed failed a rule, and a rule since
    // retired failed: both are no longer applicable.
    let mut doc = previous();
    let results = doc["results"].as_array_mut().unwrap();
    let mut closed =
        results.iter().find(|r| r["counts_against"] == true && r["school"].is_string()).unwrap().clone();
    closed["school"] = json!("温江区已撤并学校");
    closed["institution_id"] = json!("closed-school");
    let mut retired = closed.clone();
    retired["rule"] = json!("T99.retired");
    retired["extra_field_of_a_later_version"] = json!({"ignored": true});
    results.push(closed);
    results.push(retired);
    let dir = tempfile::tempdir().unwrap();
    let prev = write(&dir, "prev.json", &doc);
    let (code, out, err) = wjvet(&[
        "check",
        "--format",
        "json",
        "--lang",
        "en",
        "--registry",
        "examples/registry.toml",
        "--previous",
        &prev,
        "examples/district",
    ]);
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("docs/json-schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let f = &doc["follow_up"];
    assert_eq!(f["previous_year"], 2019);
    assert_eq!(f["current_year"], 2020);
    let items = f["items"].as_array().unwrap();
    // 燎原's training rooms failed in 2019 and pass in 2020.
    let resolved = item(items, "T22.training-rooms", "温江区燎原职业技术学校");
    assert_eq!((&resolved["outcome"], &resolved["previous_status"]), (&json!("resolved"), &json!("fail")));
    assert_eq!(resolved["current_status"], "pass");
    // 鱼凫's demand survey was late and still is.
    assert_eq!(item(items, "T09.demand-survey", "温江区鱼凫职业技术学校")["outcome"], "unresolved");
    // The district's enrolment balance still fails.
    let district = items.iter().find(|i| i["rule"] == "T01.enrolment-balance").unwrap();
    assert_eq!((&district["outcome"], &district["school"]), (&json!("unresolved"), &Value::Null));
    let gone = item(items, "T99.retired", "温江区已撤并学校");
    assert_eq!((&gone["outcome"], &gone["current_status"]), (&json!("no_longer_applicable"), &Value::Null));
    assert_eq!(items.iter().filter(|i| i["school"] == "温江区已撤并学校").count(), 2);
    // 华新 passed its practice plan in 2019 and fails it now.
    let new = item(items, "T20.practice-plan", "温江区华新职业学校");
    assert_eq!((&new["outcome"], &new["previous_status"]), (&json!("new"), &json!("pass")));
    let counts = &f["counts"];
    for k in ["resolved", "unresolved", "no_longer_applicable", "new"] {
        let n = items.iter().filter(|i| i["outcome"] == k).count();
        assert_eq!(counts[k], n, "{k}");
        assert!(n > 0, "{k}");
    }
    assert_eq!(counts["no_longer_applicable"], 2);
}

#[test]
fn the_table_has_a_follow_up_section_and_json_without_previous_has_null() {
    let args = ["check", "--lang", "zh", "--registry", "examples/registry.toml", "--previous", PREVIOUS];
    let (_, out, _) = wjvet(&[&args[..], &["examples/district"]].concat());
    assert!(out.contains("整改跟踪（对照 2019 年度结果）"), "{out}");
    assert!(out.contains("上次问题 19 项：已整改 9，未整改 10，不再适用 0；新增问题 17 项。"), "{out}");
    let (_, out, _) = wjvet(&["check", "--format", "json", "examples/district"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["follow_up"], Value::Null);
}

#[test]
fn a_narrowed_run_does_not_call_left_out_results_gone() {
    let (_, out, _) = wjvet(&[
        "check",
        "--format",
        "json",
        "--registry",
        "examples/registry.toml",
        "--school",
        "温江区燎原职业技术学校",
        "--previous",
        PREVIOUS,
        "examples/district",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let items = doc["follow_up"]["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["school"] == "温江区燎原职业技术学校"), "{items:#?}");
}

#[test]
fn a_file_that_is_not_a_wjvet_result_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other =
        write(&dir, "other.json", &json!({"schema_version": 1, "tool": {"name": "ruff"}, "results": []}));
    let (code, out, err) = wjvet(&["check", "--lang", "en", "--previous", &other, "examples/district"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("was written by \"ruff\", not by wjvet"), "{err}");
    let (code, _, err) = wjvet(&["diff", "--lang", "en", PREVIOUS, "Cargo.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a wjvet JSON result"), "{err}");
    assert!(err.contains("help: give the document written by `wjvet check --format json`"), "{err}");
}

#[test]
fn diff_exits_1_only_when_b_is_worse() {
    let dir = tempfile::tempdir().unwrap();
    let a = previous();
    let (code, out, _) = wjvet(&["diff", "--lang", "en", PREVIOUS, PREVIOUS]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("19 earlier problems: 0 resolved, 19 unresolved, 0 no longer applicable; 0 new."),
        "{out}"
    );
    // One problem fixed: better, exit 0.
    let mut better = a.clone();
    let fixed =
        better["results"].as_array_mut().unwrap().iter_mut().find(|r| r["counts_against"] == true).unwrap();
    fixed["status"] = json!("pass");
    fixed["counts_against"] = json!(false);
    let better = write(&dir, "better.json", &better);
    let (code, out, _) = wjvet(&["diff", "--format", "json", PREVIOUS, &better]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["follow_up"]["counts"]["resolved"], 1);
    assert_eq!(doc["follow_up"]["counts"]["new"], 0);
    // One pass now fails: worse, exit 1.
    let mut worse = a.clone();
    let broken = worse["results"].as_array_mut().unwrap().iter_mut().find(|r| r["status"] == "pass").unwrap();
    broken["status"] = json!("fail");
    broken["counts_against"] = json!(true);
    let rule = broken["rule"].clone();
    let worse = write(&dir, "worse.json", &worse);
    let (code, out, _) = wjvet(&["diff", "--format", "json", PREVIOUS, &worse]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let new: Vec<&Value> =
        doc["follow_up"]["items"].as_array().unwrap().iter().filter(|i| i["outcome"] == "new").collect();
    assert_eq!(new.len(), 1);
    assert_eq!((&new[0]["rule"], &new[0]["previous_status"]), (&rule, &json!("pass")));
}

#[test]
fn the_report_has_a_follow_up_section_in_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let html = html.to_str().unwrap();
    let args =
        ["report", "--registry", "examples/registry.toml", "--previous", PREVIOUS, "examples/district"];
    let (code, md, err) = wjvet(&[&args[..], &["-o", "-", "-o", html]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("## 整改跟踪（对照 2019 年度结果）"), "{md}");
    assert!(md.contains("| T22.training-rooms | 温江区燎原职业技术学校 | 未达标 | 达标 | 已整改 |"), "{md}");
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains(r#"<section class="part" id="follow-up"><h2>整改跟踪（对照 2019 年度结果）</h2>"#));
    assert!(page.contains(
        "<td>T01.enrolment-balance</td><td>全区</td><td>未达标</td><td>未达标</td><td>未整改</td>"
    ));
    // Without --previous, no section.
    let (_, md, _) =
        wjvet(&["report", "--registry", "examples/registry.toml", "examples/district", "-o", "-"]);
    assert!(!md.contains("整改跟踪"));
}
