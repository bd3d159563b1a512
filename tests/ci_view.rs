//! CI keeps its view when the data is invalid: every machine format on stdout and
//! every `-o FORMAT=PATH` is still written on exit code 3, carrying the diagnostics
//! with file, row and column; `--max-diagnostics` never hides an error; and the JSON
//! verdict is the one the exit code gives.

mod common;

use common::wjvet;
use serde_json::Value;

/// A submission with one error (row 2, column D) and one warning (an unknown column).
fn invalid(dir: &std::path::Path) -> String {
    let path = dir.join("bad.csv");
    std::fs::write(
        &path,
        "学校名称,年度,学校类型,专任教师数,备注列\n温江区德远职业学校,2020,民办中职,十二,x\n",
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

fn schema() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("docs/json-schema.json").unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn junit_on_invalid_data_has_a_failing_case_per_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = invalid(dir.path());
    let (code, out, _) = wjvet(&["check", "--lang", "en", "--format", "junit", &file]);
    assert_eq!(code, 3);
    let report = quick_junit::Report::deserialize_from_str(&out).unwrap();
    assert_eq!(report.test_suites.len(), 1);
    let cases = &report.test_suites[0].test_cases;
    let failing: Vec<_> =
        cases.iter().filter(|c| matches!(c.status, quick_junit::TestCaseStatus::NonSuccess { .. })).collect();
    assert_eq!(failing.len(), 1, "one failure per error: {cases:?}");
    assert_eq!(failing[0].name.as_str(), format!("not-a-number {file}:2"));
    match &failing[0].status {
        quick_junit::TestCaseStatus::NonSuccess { description, .. } => {
            let d = description.as_ref().unwrap().as_str();
            assert!(d.contains("column D") && d.contains("十二"), "{d}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        cases.iter().all(|c| matches!(
            c.status,
            quick_junit::TestCaseStatus::Skipped { .. } | quick_junit::TestCaseStatus::NonSuccess { .. }
        )),
        "the warnings are cases too, skipped: {cases:?}"
    );
    assert!(cases.iter().any(|c| c.name.as_str().starts_with("unknown-column")));
}

#[test]
fn github_on_invalid_data_annotates_each_diagnostic_on_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = invalid(dir.path());
    let (code, out, _) = wjvet(&["check", "--lang", "en", "--format", "github", &file]);
    assert_eq!(code, 3);
    let error = out.lines().find(|l| l.contains("not-a-number")).unwrap();
    assert!(error.starts_with(&format!("::error file={file},line=2,")), "{error}");
    assert!(error.contains("column D"), "{error}");
    let warning = out.lines().find(|l| l.contains("unknown-column")).unwrap();
    assert!(warning.starts_with(&format!("::warning file={file},")), "{warning}");
    assert!(out.lines().last().unwrap().starts_with("::notice title=wjvet::"), "{out}");
}

#[test]
fn json_jsonl_and_csv_on_invalid_data_carry_the_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = invalid(dir.path());
    let (code, out, _) = wjvet(&["check", "--lang", "en", "--format", "json", &file]);
    assert_eq!(code, 3);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(schema().is_valid(&doc), "{doc}");
    assert_eq!(doc["verdict"], "invalid");
    assert_eq!(doc["compliant"], Value::Null);
    assert_eq!(doc["year"], 2020);
    assert_eq!(doc["results"], serde_json::json!([]));
    let error = doc["diagnostics"].as_array().unwrap().iter().find(|d| d["level"] == "error").unwrap();
    assert_eq!((error["file"].as_str(), error["row"].as_u64()), (Some(file.as_str()), Some(2)));
    assert_eq!(error["column_letter"], "D");

    let (code, out, _) = wjvet(&["check", "--format", "jsonl", &file]);
    assert_eq!(code, 3);
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().all(|l| l.get("code").is_some()), "diagnostics only, no results");
    assert!(lines.iter().any(|l| l["code"] == "not-a-number" && l["row"] == 2 && l["column_letter"] == "D"));

    let (code, out, _) = wjvet(&["check", "--lang", "en", "--format", "csv", &file]);
    assert_eq!(code, 3);
    let mut reader = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let error = rows.iter().find(|r| &r[1] == "not-a-number").unwrap();
    assert_eq!((&error[2], &error[3], &error[4]), (file.as_str(), "2", "D"));
}

#[test]
fn every_output_file_is_written_on_invalid_data_and_the_exit_code_stays_3() {
    let dir = tempfile::tempdir().unwrap();
    let file = invalid(dir.path());
    let formats = ["table", "json", "jsonl", "csv", "markdown", "junit", "github"];
    let mut args = vec!["check".to_string(), "--lang".into(), "en".into()];
    for f in formats {
        args.push("-o".into());
        args.push(format!("{f}={}", dir.path().join(format!("out.{f}")).display()));
    }
    args.push(file.clone());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = wjvet(&args);
    assert_eq!(code, 3, "{err}");
    assert!(out.is_empty(), "the table on stdout would repeat stderr: {out}");
    for f in formats {
        let text = std::fs::read_to_string(dir.path().join(format!("out.{f}"))).unwrap();
        assert!(text.contains("not-a-number") && text.contains(&file), "{f}:\n{text}");
    }
}

#[test]
fn max_diagnostics_caps_warnings_never_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut text = String::from("学校名称,年度,学校类型,专任教师数\n温江区德远职业学校,2020,民办中职,100\n");
    text.push_str(&",,,\n".repeat(1000));
    text.push_str("温江区华新职业学校,2020,民办中职,十二\n");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let (code, _, err) = wjvet(&["check", "--lang", "en", "--max-diagnostics", "10", file]);
    assert_eq!(code, 3);
    assert!(err.contains("error[not-a-number]"), "the only error is shown");
    assert_eq!(err.matches("warning[").count(), 10);
    // `1 error, 1002 warnings (992 more warnings not shown, every error is; ...)`
    let totals = err.lines().last().unwrap();
    let number = |after: &str| -> u64 {
        let words: Vec<&str> = totals.split([' ', '(']).collect();
        words[words.iter().position(|w| *w == after).unwrap() - 1].parse().unwrap()
    };
    let (warnings, omitted) = (number("warnings"), number("more"));
    assert!(warnings >= 1000, "{totals}");
    assert_eq!(omitted, warnings - 10, "{totals}");
    let (_, out, _) = wjvet(&["check", "--format", "json", "--max-diagnostics", "10", file]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.iter().filter(|d| d["level"] == "error").count(), 1);
    assert_eq!(diags.len(), 11);
    assert_eq!(doc["warnings_omitted"], omitted);
}

#[test]
fn the_json_verdict_follows_fail_on() {
    let file = "examples/district/deyuan.csv";
    let (code, out, _) = wjvet(&["check", "--format", "json", "--fail-on", "warning", file]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(schema().is_valid(&doc));
    assert_eq!(doc["fail_on"], "warning");
    assert_eq!(doc["verdict"], "non_compliant");
    assert_eq!(doc["compliant"], false);
    let (code, out, _) = wjvet(&["check", "--format", "json", file]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((doc["fail_on"].as_str(), doc["compliant"].as_bool()), (Some("error"), Some(true)));
    assert_eq!(doc["verdict"], "compliant");
}

#[test]
fn each_result_names_its_institution_file_and_row() {
    let (_, out, _) =
        wjvet(&["check", "--format", "json", "--registry", "examples/registry.toml", "examples/district"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let results = doc["results"].as_array().unwrap();
    let q = results
        .iter()
        .find(|r| r["rule"] == "T15.qualified" && r["school"] == "温江区燎原职业技术学校")
        .unwrap();
    assert_eq!(q["institution_id"], "liaoyuan", "the registry id");
    assert_eq!((q["file"].as_str(), q["row"].as_u64()), (Some("examples/district/liaoyuan.csv"), Some(4)));
    let district = results.iter().find(|r| r["rule"] == "T01.enrolled").unwrap();
    assert_eq!(
        (&district["institution_id"], &district["file"], &district["row"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
}

#[test]
fn an_unregistered_institution_has_a_stable_id_from_its_name() {
    let (_, out, _) = wjvet(&["check", "--format", "json", "examples/district/deyuan.csv"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let r = doc["results"].as_array().unwrap().iter().find(|r| !r["school"].is_null()).unwrap();
    assert_eq!(r["institution_id"], "unregistered:温江区德远职业学校");
}
