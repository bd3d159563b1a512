//! Inspectors' decisions on `review` results: the review sheet round trip (written,
//! filled as an inspector would, read back and applied), every way the reviews file
//! fails closed, and the decided status in check (table and JSON), explain and report.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use rust_xlsxwriter::ExcelDateTime;
use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::diag::{Code, Diagnostic};
use wjvet::eval::Status;
use wjvet::report::{Report, Verdict};
use wjvet::review::{self, sheet};

const LIAOYUAN: &str = "温江区燎原职业技术学校";
const YUFU: &str = "温江区鱼凫职业技术学校";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options(reviews: Option<PathBuf>) -> CheckOptions {
    CheckOptions {
        registry: Some(root().join("examples/registry.toml")),
        paths: vec![root().join("examples/district")],
        reviews,
        ..CheckOptions::default()
    }
}

fn evaluated(o: Outcome) -> Report {
    match o {
        Outcome::Evaluated(r) => *r,
        Outcome::ConfigInvalid(d) | Outcome::PlanInvalid(d) | Outcome::DataInvalid { diagnostics: d, .. } => {
            panic!("{:?}", d.items().iter().map(|d| d.render(wjvet::lang::Lang::En)).collect::<Vec<_>>())
        }
    }
}

/// The errors a reviews file with this content gives (it must be refused).
fn refused(name: &str, content: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, content).unwrap();
    match check::run(&options(Some(p))) {
        Outcome::ConfigInvalid(d) => d.items().to_vec(),
        _ => panic!("{content} was accepted"),
    }
}

const HEADER: &str = "单位,年度,规则,核查结论,核查人,核查日期,核查依据\n";

fn sheet_csv(rows: &[&str]) -> String {
    let mut s = format!("\u{feff}{HEADER}");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

#[test]
fn the_xlsx_sheet_round_trips_filled_by_an_inspector() {
    let report = evaluated(check::run(&options(None)));
    let rows = sheet::rows(&report);
    // Every review result, the district's own items under 全区, nothing else.
    assert_eq!(rows.len(), report.summary.count(Status::Review));
    let district: Vec<&str> = rows.iter().filter(|r| r[0] == "全区").map(|r| r[2].as_str()).collect();
    assert_eq!(district, ["T21.teaching-inspection", "T27.activity-month", "T31.private-support"]);
    let t30 = rows.iter().position(|r| r[0] == LIAOYUAN && r[2] == "T30.joint-build").unwrap();
    assert!(rows[t30][5].contains("「"), "the clause and its words: {}", rows[t30][5]);
    assert!(rows[t30][6].contains("智能制造实训基地"), "the evidence reported: {}", rows[t30][6]);
    let t21 = rows.iter().position(|r| r[2] == "T21.teaching-inspection").unwrap();

    let mut wb = sheet::workbook(&report).unwrap();
    let ws = wb.worksheet_from_index(0).unwrap();
    let row = |i: usize| u32::try_from(i + 1).unwrap();
    ws.write_string(row(t30), 8, "未达标").unwrap();
    ws.write_string(row(t30), 9, "王督学").unwrap();
    ws.write_datetime(row(t30), 10, ExcelDateTime::from_ymd(2020, 12, 10).unwrap()).unwrap();
    ws.write_string(row(t21), 8, "达标").unwrap();
    ws.write_string(row(t21), 9, "成职教科").unwrap();
    ws.write_string(row(t21), 10, "2020年11月27日").unwrap();
    ws.write_string(row(t21), 11, "温教督〔2020〕18号").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.xlsx");
    wb.save(&path).unwrap();

    let r = evaluated(check::run(&options(Some(path.clone()))));
    let f = finding(&r, "T30.joint-build", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Fail);
    assert!(f.counts_against());
    let rec = f.reviewed().unwrap();
    assert_eq!((rec.original, rec.inspector.as_str()), (Status::Review, "王督学"));
    assert_eq!(rec.date.to_string(), "2020-12-10");
    assert_eq!(rec.basis, None);
    let t = finding(&r, "T21.teaching-inspection", None);
    assert_eq!(t.status, Status::Pass);
    assert_eq!(en(&r, t), "reviewed by 成职教科 on 2020-11-27 (温教督〔2020〕18号)");
    assert_eq!(r.summary.count(Status::Review), report.summary.count(Status::Review) - 2);
    assert!(r.reviews.iter().all(|s| s.outcome == review::Outcome::Applied));
    assert!(r.diagnostics.items().iter().all(|d| d.code != Code::ReviewUnused));

    // Written again from the reviewed run, the sheet keeps the decisions.
    let again = sheet::rows(&r);
    assert_eq!(again.len(), rows.len());
    assert_eq!(again[t21][8..], ["达标", "成职教科", "2020-11-27", "温教督〔2020〕18号"].map(String::from));
}

#[test]
fn the_csv_sheet_round_trips_with_a_bom() {
    let report = evaluated(check::run(&options(None)));
    let mut bytes = Vec::new();
    sheet::write_csv(&mut bytes, &report).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM so Excel opens it as UTF-8");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut rd = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut records: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    for rec in records.iter_mut().skip(1) {
        let mut cells: Vec<String> = rec.iter().map(String::from).collect();
        if cells[0] == YUFU && cells[2] == "T29.community-education" {
            cells[8..12].clone_from_slice(&["fail", "李督学", "2020/12/11", "未提供佐证"].map(String::from));
        }
        if cells[2] == "T31.private-support" {
            cells[8..11].clone_from_slice(&["不适用", "计财科", "2020-12-15"].map(String::from));
        }
        *rec = csv::StringRecord::from(cells);
    }
    let mut w = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    for rec in &records {
        w.write_record(rec).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.csv");
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    let r = evaluated(check::run(&options(Some(path))));
    assert_eq!(status(&r, "T29.community-education", Some(YUFU)), Status::Fail);
    let na = finding(&r, "T31.private-support", None);
    assert_eq!(na.status, Status::NotApplicable);
    assert_eq!(na.reviewed().unwrap().inspector, "计财科");
    assert_eq!(r.reviews.len(), 2);
}

#[test]
fn the_toml_form_gives_the_same_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.toml");
    std::fs::write(
        &p,
        "[[review]]\nrule = \"T27.activity-month\"\nyear = 2020\ndecision = \"pass\"\ninspector = \"成职教科\"\ndate = 2020-05-29\n\n\
         [[review]]\nrule = \"T11.one-school-one-specialty\"\ninstitution = \"燎原职中\"\nyear = 2020\ndecision = \"达标\"\ninspector = \"王督学\"\ndate = \"2020/12/10\"\nbasis = \"现场查看\"\n",
    )
    .unwrap();
    let r = evaluated(check::run(&options(Some(p))));
    assert_eq!(status(&r, "T27.activity-month", None), Status::Pass);
    assert_eq!(status(&r, "T11.one-school-one-specialty", Some(LIAOYUAN)), Status::Pass);
}

#[test]
fn a_decision_needs_an_inspector_a_date_and_a_known_word() {
    let d = refused("r.csv", &sheet_csv(&["全区,2020,T21.teaching-inspection,达标,,2020-11-27,"]));
    assert_eq!(d[0].code, Code::ReviewInvalid);
    assert!(d[0].message.en.contains("inspector"), "{}", d[0].message.en);
    assert_eq!((d[0].location.row, d[0].location.column_letter.as_deref()), (Some(2), Some("E")));
    let d = refused("r.csv", &sheet_csv(&["全区,2020,T21.teaching-inspection,达标,张三,,"]));
    assert!(d[0].message.en.contains("date"), "{}", d[0].message.en);
    // The word, and the date, pointed at by file, row and column.
    let d = refused("r.csv", &sheet_csv(&["", "全区,2020,T21.teaching-inspection,合格,张三,2020-13-01,"]));
    let word = d.iter().find(|d| d.value.as_deref() == Some("合格")).unwrap();
    assert_eq!(word.code, Code::ReviewInvalid);
    assert!(word.location.file.as_deref().unwrap().ends_with("r.csv"));
    assert_eq!((word.location.row, word.location.column_letter.as_deref()), (Some(3), Some("D")));
    let date = d.iter().find(|d| d.value.as_deref() == Some("2020-13-01")).unwrap();
    assert_eq!((date.location.row, date.location.column_letter.as_deref()), (Some(3), Some("F")));
    // An inspector and a date without a decision is not "not decided yet".
    let d = refused("r.csv", &sheet_csv(&["全区,2020,T21.teaching-inspection,,张三,2020-11-27,"]));
    assert_eq!(d[0].code, Code::ReviewInvalid);
    // A TOML entry exists to give a decision.
    let d = refused(
        "r.toml",
        "[[review]]\nrule = \"T21.teaching-inspection\"\nyear = 2020\ninspector = \"张三\"\ndate = 2020-11-27\n",
    );
    assert_eq!((d[0].code, d[0].location.row), (Code::ReviewInvalid, Some(1)));
}

#[test]
fn computed_rules_are_changed_only_by_exemptions() {
    let d = refused("r.csv", &sheet_csv(&[&format!("{YUFU},2020,T22.training-rooms,达标,张三,2020-12-01,")]));
    assert_eq!(d[0].code, Code::ReviewComputedRule);
    assert_eq!(d[0].location.column_letter.as_deref(), Some("C"));
}

#[test]
fn unknown_rules_and_institutions_and_misplaced_subjects_are_refused() {
    let d = refused("r.csv", &sheet_csv(&["全区,2020,T21.teaching-inspections,达标,张三,2020-11-27,"]));
    assert_eq!(d[0].code, Code::ReviewUnknownRule);
    assert!(d[0].hint.as_ref().unwrap().en.contains("T21.teaching-inspection"));
    let d = refused(
        "r.csv",
        &sheet_csv(&["温江区鱼凫职业学院,2020,T29.community-education,达标,张三,2020-12-01,"]),
    );
    assert_eq!(d[0].code, Code::ReviewUnknownInstitution);
    let d = refused(
        "r.csv",
        &sheet_csv(&[&format!("{YUFU},2020,T21.teaching-inspection,达标,张三,2020-11-27,")]),
    );
    assert_eq!(d[0].code, Code::ReviewInvalid, "a district rule takes 全区");
    let d = refused("r.csv", &sheet_csv(&["全区,2020,T29.community-education,达标,张三,2020-11-27,"]));
    assert_eq!(d[0].code, Code::ReviewInvalid, "a school rule names the school");
    let d = refused("r.csv", "学校,年度\n燎原,2020\n");
    assert_eq!(d[0].code, Code::ReviewInvalid, "not a review sheet");
}

#[test]
fn two_decisions_for_one_result_are_refused() {
    let d = refused(
        "r.csv",
        &sheet_csv(&[
            "全区,2020,T21.teaching-inspection,达标,张三,2020-11-27,",
            "全区,2020,T21.teaching-inspection,未达标,李四,2020-11-28,",
        ]),
    );
    assert_eq!(d[0].code, Code::ReviewDuplicate);
    assert_eq!(d[0].location.row, Some(3));
    assert!(d[0].message.en.contains("row 2"), "{}", d[0].message.en);
}

#[test]
fn a_decision_that_settles_nothing_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(&p, sheet_csv(&["全区,2019,T21.teaching-inspection,达标,张三,2019-11-27,"])).unwrap();
    let r = evaluated(check::run(&options(Some(p))));
    assert_eq!(status(&r, "T21.teaching-inspection", None), Status::Review);
    assert_eq!(r.reviews[0].outcome, review::Outcome::Unused);
    let w = r.diagnostics.items().iter().find(|d| d.code == Code::ReviewUnused).unwrap();
    assert_eq!(w.location.row, Some(2));
}

/// The example district with a plan whose T21 inspection is an error-severity rule.
fn strict_plan(dir: &Path) -> PathBuf {
    let plan = wjvet::plan::EMBEDDED_PLAN.replacen(
        "every_year = { due = \"11-30\", from = 2019, to = 2020 }\nseverity = \"warning\"",
        "every_year = { due = \"11-30\", from = 2019, to = 2020 }\nseverity = \"error\"",
        1,
    );
    assert_ne!(plan, wjvet::plan::EMBEDDED_PLAN);
    let p = dir.join("plan.toml");
    std::fs::write(&p, plan).unwrap();
    p
}

#[test]
fn a_failing_decision_on_an_error_rule_makes_the_run_non_compliant() {
    let dir = tempfile::tempdir().unwrap();
    let reviews = dir.path().join("r.csv");
    let run = |decision: &str| {
        std::fs::write(
            &reviews,
            sheet_csv(&[&format!("全区,2020,T21.teaching-inspection,{decision},张三,2020-11-27,")]),
        )
        .unwrap();
        let mut opts = options(Some(reviews.clone()));
        opts.plan = Some(strict_plan(dir.path()));
        // Only this rule is reported, so the verdict is its alone.
        opts.selection.rules = vec!["T21.teaching-inspection".into()];
        evaluated(check::run(&opts))
    };
    let failed = run("未达标");
    assert_eq!(status(&failed, "T21.teaching-inspection", None), Status::Fail);
    assert_eq!(failed.summary.failing_errors, 1);
    assert_eq!(failed.verdict(), Verdict::NonCompliant);
    let passed = run("达标");
    assert_eq!(passed.verdict(), Verdict::Compliant);
}

fn wjvet(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wjvet")).args(args).env("NO_COLOR", "1").output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

const EXAMPLE: [&str; 5] =
    ["--registry", "examples/registry.toml", "--reviews", "examples/reviews.csv", "examples/district"];

#[test]
fn the_example_decisions_show_in_the_table_json_explain_and_report() {
    let (_, table) = wjvet(&[&["--lang", "en", "check"][..], &EXAMPLE].concat());
    assert!(table.contains("reviewed by 成职教科 on 2020-11-27 (温教督〔2020〕18号)"), "{table}");
    assert!(table.contains("pass (reviewed)"), "{table}");
    assert!(table.contains("n/a (reviewed)"), "a decided 不适用 is never hidden");
    assert!(table.contains("Review decisions: 7 applied, 0 unused."), "{table}");
    let (_, zh) = wjvet(&[&["--lang", "zh", "check"][..], &EXAMPLE].concat());
    assert!(zh.contains("由 成职教科 于 2020-11-27 核查（温教督〔2020〕18号）"), "{zh}");

    let (_, json) = wjvet(&[&["check", "--format", "json", "--lang", "en"][..], &EXAMPLE].concat());
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema_version"], 4);
    let results = doc["results"].as_array().unwrap();
    let t29 = results.iter().find(|r| r["rule"] == "T29.community-education" && r["school"] == YUFU).unwrap();
    assert_eq!(t29["status"], "fail");
    assert_eq!(t29["review"]["original_status"], "review");
    assert_eq!(t29["review"]["inspector"], "李督学");
    let open = results.iter().find(|r| r["status"] == "review").unwrap();
    assert!(open["review"].is_null(), "null, never omitted");
    assert_eq!(doc["reviews"].as_array().unwrap().len(), 7);
    assert!(doc["reviews"].as_array().unwrap().iter().all(|r| r["outcome"] == "applied"));

    let (code, explain) = wjvet(&[
        "--lang",
        "en",
        "explain",
        "T21.teaching-inspection",
        "examples/district",
        "--registry",
        "examples/registry.toml",
        "--reviews",
        "examples/reviews.csv",
    ]);
    assert_eq!(code, 0);
    assert!(explain.contains("Verdict: pass — reviewed by 成职教科 on 2020-11-27"), "{explain}");
    let (_, json) = wjvet(&[
        "explain",
        "--format",
        "json",
        "T31.private-support",
        "examples/district",
        "--registry",
        "examples/registry.toml",
        "--reviews",
        "examples/reviews.csv",
    ]);
    let e: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (e["status"].as_str(), e["review"]["inspector"].as_str()),
        (Some("not_applicable"), Some("计财科"))
    );

    let (code, md) = wjvet(&[&["--lang", "en", "report", "-o", "-"][..], &EXAMPLE].concat());
    assert_eq!(code, 0);
    let (_, before) = wjvet(&[
        "--lang",
        "en",
        "report",
        "-o",
        "-",
        "--registry",
        "examples/registry.toml",
        "examples/district",
    ]);
    assert_ne!(md, before, "the report follows the decisions");
    let problem = |doc: &str| {
        doc.lines().any(|l| l.contains(YUFU) && l.contains("T29.community-education") && l.contains("fail"))
    };
    assert!(problem(&md) && !problem(&before), "the failed decision is a problem of the year");
}

#[test]
fn the_review_sheet_command_writes_xlsx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["s.xlsx", "s.csv"] {
        let out = dir.path().join(name);
        let (code, _) = wjvet(&[
            "review-sheet",
            "--registry",
            "examples/registry.toml",
            "examples/district",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0);
        // Unfilled, the sheet is a valid reviews file that decides nothing.
        let r = evaluated(check::run(&options(Some(out))));
        assert!(r.reviews.is_empty());
    }
    let (code, _) =
        wjvet(&["review-sheet", "examples/district", "-o", dir.path().join("s.pdf").to_str().unwrap()]);
    assert_eq!(code, 2);
}

#[test]
fn an_earlier_years_decisions_hold_in_the_annual_report() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(
        &p,
        sheet_csv(&[
            "全区,2019,T21.teaching-inspection,达标,张三,2019-11-27,",
            "全区,2020,T21.teaching-inspection,未达标,张三,2020-11-30,",
        ]),
    )
    .unwrap();
    let r = evaluated(check::run(&options(Some(p))));
    let years = wjvet::annual::evaluate_years(&r);
    let t21 = |year: i32| {
        let (_, findings) = years.iter().find(|(y, _)| *y == year).unwrap();
        findings.iter().find(|f| r.rule(f).id == "T21.teaching-inspection").unwrap().status
    };
    assert_eq!((t21(2019), t21(2020)), (Status::Pass, Status::Fail));
    // The run itself judges 2020: the 2019 decision is not used there, and says so.
    assert_eq!(r.reviews[0].outcome, review::Outcome::Unused);
}

#[test]
fn a_failed_decision_can_still_be_exempted_and_the_sheet_keeps_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let reviews = dir.path().join("r.csv");
    std::fs::write(
        &reviews,
        sheet_csv(&[&format!("{YUFU},2020,T29.community-education,未达标,李督学,2020-12-11,")]),
    )
    .unwrap();
    let exemptions = dir.path().join("e.toml");
    std::fs::write(
        &exemptions,
        format!("[[exemption]]\nrule = \"T29.community-education\"\ninstitution = \"{YUFU}\"\nyear = 2020\nreason = \"社区学院改建\"\napproved_by = \"成职教科\"\nexpires = 2021-06-30\n"),
    )
    .unwrap();
    let mut opts = options(Some(reviews));
    opts.exemptions = Some(exemptions);
    let r = evaluated(check::run(&opts));
    let f = finding(&r, "T29.community-education", Some(YUFU));
    assert_eq!((f.status, f.exempted().unwrap().original), (Status::Exempted, Status::Fail));
    assert!(en(&r, f).contains("reviewed by 李督学"), "{}", en(&r, f));
    let row = sheet::rows(&r)
        .into_iter()
        .find(|row| row[0] == YUFU && row[2] == "T29.community-education")
        .unwrap();
    assert_eq!(row[8], "未达标");
}
