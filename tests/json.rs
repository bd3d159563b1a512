//! The JSON report is a contract: read it back and check its shape and its sums.

use std::process::Command;

use serde_json::Value;

fn wjvet(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_wjvet")).args(args).env("NO_COLOR", "1").output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

#[test]
fn the_district_report_as_json() {
    let (code, doc) = wjvet(&[
        "check",
        "--format",
        "json",
        "--lang",
        "en",
        "--registry",
        "examples/registry.toml",
        "examples/district",
    ]);
    assert_eq!(code, 1);
    assert_eq!(doc["schema_version"], 4);
    assert_eq!(doc["plan"]["doc_number"], "温教发〔2018〕206号");
    assert_eq!(doc["year"], 2020);
    assert_eq!(doc["as_of"], "2020-12-31");
    assert_eq!(doc["compliant"], false);
    let results = doc["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let keys = [
        "rule",
        "task",
        "kind",
        "title",
        "school",
        "school_type",
        "year",
        "status",
        "severity",
        "counts_against",
        "actual",
        "actual_text",
        "target",
        "target_text",
        "due",
        "overdue",
        "message",
    ];
    for r in results {
        for k in keys {
            assert!(r.get(k).is_some(), "result lacks {k}: {r}");
        }
        assert!(r["task"].is_u64(), "task is a number: {r}");
    }
    // District results carry school = null, never an omitted key.
    let enrolled = results.iter().find(|r| r["rule"] == "T01.enrolled").unwrap();
    assert!(enrolled["school"].is_null());
    assert_eq!(enrolled["status"], "fail");
    assert_eq!(enrolled["actual"], 13800);
    assert_eq!(enrolled["target"], serde_json::json!({ "comparator": ">=", "value": 15000 }));
    // Ratios are exact decimal strings with their parts, never floats.
    let q = results
        .iter()
        .find(|r| r["rule"] == "T15.qualified" && r["school"] == "温江区燎原职业技术学校")
        .unwrap();
    assert_eq!(q["actual"], serde_json::json!({ "value": "0.85", "numerator": 170, "denominator": 200 }));
    assert_eq!(q["status"], "pass");
    // The summary agrees with the results.
    let summary = &doc["summary"];
    assert_eq!(summary["total"].as_u64().unwrap() as usize, results.len());
    for (status, n) in summary["by_status"].as_object().unwrap() {
        let count = results.iter().filter(|r| r["status"] == status.as_str()).count();
        assert_eq!(n.as_u64().unwrap() as usize, count, "{status}");
    }
    let failing_errors =
        results.iter().filter(|r| r["counts_against"] == true && r["severity"] == "error").count();
    assert_eq!(summary["failing_errors"].as_u64().unwrap() as usize, failing_errors);
    // Every file read is accounted for.
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    let liaoyuan = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("liaoyuan.csv")).unwrap();
    assert_eq!(liaoyuan["encoding"], "utf-8-bom");
    assert_eq!(liaoyuan["rows_read"], 3);
}

#[test]
fn invalid_data_as_json_lists_diagnostics_and_exits_3() {
    let (code, doc) = wjvet(&["check", "--format", "json", "--lang", "zh", "tests/fixtures/bad.csv"]);
    assert_eq!(code, 3);
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 5);
    let first = &diags[0];
    assert_eq!(first["code"], "not-a-number");
    assert_eq!(first["row"], 2);
    assert_eq!(first["column_letter"], "D");
    assert_eq!(first["value"], "二百");
    assert!(first["message"].as_str().unwrap().contains("专任教师数"));
    assert!(doc["results"].as_array().unwrap().is_empty());
}

#[test]
fn rules_as_json_carry_citations_and_interpretations() {
    let (code, doc) = wjvet(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let tasks = doc["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 31);
    let t23 = &tasks[22];
    assert_eq!(t23["number"], 23);
    assert!(!t23["citations"].as_array().unwrap().is_empty());
    let rule = &t23["rules"][0];
    assert_eq!(rule["id"], "T23.internship-plan");
    assert_eq!(rule["schedule"]["every_year"]["due"], "05-31");
    assert!(rule["interpretation"]["zh"].as_str().unwrap().contains("5月前"));
}

#[test]
fn explain_as_json_traces_cells_and_arithmetic() {
    let (code, doc) = wjvet(&[
        "explain",
        "--format",
        "json",
        "--lang",
        "en",
        "T18.dual-qualified",
        "examples/district",
        "--school",
        "燎原职中",
    ]);
    assert_eq!(code, 0);
    assert_eq!(doc["rule"], "T18.dual-qualified");
    assert_eq!(doc["status"], "fail");
    assert_eq!(doc["school"], "温江区燎原职业技术学校");
    let inputs = doc["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 2);
    assert_eq!(inputs[0]["file"], "examples/district/liaoyuan.csv");
    assert_eq!(inputs[0]["row"], 4);
    assert_eq!(inputs[0]["column_letter"], "L");
    assert_eq!(inputs[0]["value"], "130");
    assert_eq!(doc["arithmetic"][0], "130 ÷ 160 = 13/16 = 0.8125 (81.25%)");
    assert!(doc["comparison"].as_str().unwrap().contains("260 < 272"));
    assert!(doc["citations"].as_array().unwrap().iter().any(|c| c[0] == "一览表 18"));
}
