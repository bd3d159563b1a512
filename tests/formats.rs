//! Every output format read back: JSON against its published schema, JUnit as XML,
//! CSV as a spreadsheet would see it, GitHub annotations pointing at real rows, and
//! several formats written in one run.

mod common;

use std::process::Command;

use common::wjvet;

const DISTRICT: [&str; 4] =
    ["--registry", "examples/registry.toml", "--exemptions", "examples/exemptions.toml"];

fn schema() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("docs/json-schema.json").unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(doc: &serde_json::Value) {
    let v = schema();
    let errors: Vec<String> = v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn json_matches_the_published_schema() {
    for lang in ["zh", "en"] {
        let mut args = vec!["check", "--format", "json", "--lang", lang];
        args.extend(DISTRICT);
        args.push("examples/district");
        let (_, out, _) = wjvet(&args);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_valid(&doc);
        let exempted = doc["results"].as_array().unwrap().iter().find(|r| r["status"] == "exempted").unwrap();
        assert_eq!(exempted["exemption"]["original_status"], "fail");
        assert_eq!(doc["exemptions"].as_array().unwrap().len(), 3);
    }
    // The document for invalid input follows the schema too.
    let (code, out, _) = wjvet(&["check", "--format", "json", "tests/fixtures/bad.csv"]);
    assert_eq!(code, 3);
    assert_valid(&serde_json::from_str(&out).unwrap());
}

#[test]
fn the_schema_rejects_what_it_should() {
    let (_, out, _) = wjvet(&["check", "--format", "json", "examples/district/deyuan.csv"]);
    let mut doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["results"][0]["status"] = "passed".into();
    assert!(!schema().is_valid(&doc), "an unknown status must not validate");
}

#[test]
fn jsonl_is_one_schema_diagnostic_or_result_per_line() {
    let (_, out, _) = wjvet(&["check", "--format", "jsonl", "examples/district/deyuan.csv"]);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("docs/json-schema.json").unwrap()).unwrap();
    let mut result_schema = schema["$defs"]["jsonl_line"].clone();
    result_schema["$defs"] = schema["$defs"].clone();
    let v = jsonschema::validator_for(&result_schema).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() > 10);
    for l in lines {
        let item: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v.is_valid(&item), "{l}");
    }
}

#[test]
fn junit_parses_back_with_a_suite_per_institution_and_failures_with_clauses() {
    let mut args = vec!["check", "--format", "junit", "--lang", "en"];
    args.extend(DISTRICT);
    args.push("examples/district");
    let (_, out, _) = wjvet(&args);
    let report = quick_junit::Report::deserialize_from_str(&out).unwrap();
    let names: Vec<String> = report.test_suites.iter().map(|s| s.name.to_string()).collect();
    assert_eq!(names.len(), 5, "4 schools and the district: {names:?}");
    assert_eq!(names.last().unwrap(), "district");
    let yufu = report.test_suites.iter().find(|s| s.name.as_str() == "温江区鱼凫职业技术学校").unwrap();
    let q = yufu.test_cases.iter().find(|c| c.name.as_str().starts_with("T15.qualified")).unwrap();
    match &q.status {
        quick_junit::TestCaseStatus::NonSuccess { kind, message, description, .. } => {
            assert_eq!(*kind, quick_junit::NonSuccessKind::Failure);
            assert!(message.as_ref().unwrap().as_str().contains("8 more"));
            let d = description.as_ref().unwrap().as_str();
            assert!(d.contains("actual: 80% (128/160)") && d.contains("一览表 15"), "{d}");
        }
        other => panic!("{other:?}"),
    }
    let passes = yufu
        .test_cases
        .iter()
        .filter(|c| matches!(c.status, quick_junit::TestCaseStatus::Success { .. }))
        .count();
    assert!(passes > 10, "passes are included");
    // An empty selection is an error, but a report with no results is still valid JUnit.
    let empty = wjvet::report::Report::new(
        wjvet::plan::load(None).unwrap(),
        wjvet::data::Dataset::new(wjvet::plan::Registry::from_plan(&wjvet::plan::load(None).unwrap())),
        wjvet::eval::EvalOptions::end_of_year(2020),
        Vec::new(),
        wjvet::diag::Diagnostics::default(),
        Vec::new(),
    );
    let mut buf = Vec::new();
    wjvet::render::junit::write(&mut buf, &empty, wjvet::lang::Lang::En).unwrap();
    let parsed = quick_junit::Report::deserialize_from_str(std::str::from_utf8(&buf).unwrap()).unwrap();
    assert!(parsed.test_suites.is_empty());
}

#[test]
fn github_annotations_point_at_the_file_and_row_behind_each_failure() {
    let (_, out, _) = wjvet(&[
        "check",
        "--format",
        "github",
        "--lang",
        "en",
        "--registry",
        "examples/registry.toml",
        "examples/district",
    ]);
    let q = out.lines().find(|l| l.contains("T15.qualified")).unwrap();
    assert!(q.starts_with("::error file=examples/district/yufu.csv,line=4,title="), "{q}");
    assert!(q.contains("85%25"), "percent signs are escaped: {q}");
    let warning = out.lines().find(|l| l.contains("T18.dual-qualified")).unwrap();
    assert!(warning.starts_with("::warning "), "{warning}");
    let district = out.lines().find(|l| l.contains("T01.enrolled")).unwrap();
    assert!(district.starts_with("::error title="), "district results have no file: {district}");
    assert!(out.lines().last().unwrap().starts_with("::notice title=wjvet::"));
    assert!(
        !out.contains("T15.qualified Qualified teachers reach 85%25 (温江区燎原"),
        "passes are not annotated"
    );
}

#[test]
fn csv_neutralises_formulas_from_submissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.csv");
    std::fs::write(&path, "学校名称,年度,学校类型,国际合作佐证,合格教师数,专任教师数\n=HYPERLINK(\"http://x\"),2020,民办中职,@SUM(A1),1,2\n").unwrap();
    let (_, out, _) = wjvet(&["check", "--format", "csv", "--lang", "en", path.to_str().unwrap()]);
    assert!(out.starts_with('\u{feff}'), "UTF-8 with BOM for Excel");
    let mut reader = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        let record = record.unwrap();
        for cell in record.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "unneutralised cell {cell:?}");
        }
    }
    assert!(out.contains("'=HYPERLINK"));
    assert!(out.contains("'@SUM(A1)"));
}

#[test]
fn several_formats_in_one_run_each_equal_to_its_stdout_form() {
    let dir = tempfile::tempdir().unwrap();
    let (junit, json) = (dir.path().join("r.xml"), dir.path().join("sub/r.json"));
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let o1 = format!("junit={}", junit.display());
    let o2 = format!("json={}", json.display());
    let (code, table, _) =
        wjvet(&["check", "--lang", "en", "-o", &o1, "-o", &o2, "examples/district/deyuan.csv"]);
    assert_eq!(code, 0);
    assert!(table.contains("Verdict"), "stdout still carries the table");
    let (_, junit_stdout, _) =
        wjvet(&["check", "--lang", "en", "--format", "junit", "examples/district/deyuan.csv"]);
    let (_, json_stdout, _) =
        wjvet(&["check", "--lang", "en", "--format", "json", "examples/district/deyuan.csv"]);
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), junit_stdout);
    assert_eq!(std::fs::read_to_string(&json).unwrap(), json_stdout);
    // No temporary file is left beside the outputs.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn an_unwritable_output_leaves_nothing_and_exits_2() {
    let (code, _, err) =
        wjvet(&["check", "-o", "json=/nonexistent-dir/r.json", "examples/district/deyuan.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write \"/nonexistent-dir/r.json\""), "{err}");
    assert!(!err.contains(".wjvet-") && !err.contains(".tmp"), "no temporary file is named: {err}");
}

#[test]
fn completions_and_man_come_from_the_same_definitions() {
    let (code, bash, _) = wjvet(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(bash.contains("--fail-on") && bash.contains("explain"));
    let (code, man, _) = wjvet(&["man"]);
    assert_eq!(code, 0);
    assert!(man.contains(".TH wjvet") && man.contains("Exit codes"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_wjvet"))
        .args(["check", "--format", "json", "--registry", "examples/registry.toml", "examples/district"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -c 16`
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}
