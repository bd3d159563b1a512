//! The rectification list (`report -o rectification=FILE`), read back the way the
//! bureau's tools would: the workbook with calamine, the CSV with a CSV reader.

mod common;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use common::wjvet;
use serde_json::Value;

const DISTRICT: [&str; 3] = ["--registry", "examples/registry.toml", "examples/district"];
const HEADER: [&str; 10] =
    ["单位", "规则", "级别", "问题", "依据", "差距", "责任科室", "整改期限", "整改措施", "完成情况"];

/// (school, rule) of every result counting against compliance, in the JSON's order.
fn problems() -> Vec<(String, String)> {
    let (_, out, _) = wjvet(&[&["check", "--format", "json", "--lang", "zh"][..], &DISTRICT].concat());
    let doc: Value = serde_json::from_str(&out).unwrap();
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["counts_against"] == true)
        .map(|r| {
            (r["school"].as_str().unwrap_or("全区").to_string(), r["rule"].as_str().unwrap().to_string())
        })
        .collect()
}

fn excel_serial(d: &str) -> f64 {
    let d: NaiveDate = d.parse().unwrap();
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (d - epoch).num_days() as f64
}

fn find<'a>(rows: &'a [Vec<String>], school: &str, rule: &str) -> &'a [String] {
    rows.iter().find(|r| r[0] == school && r[1] == rule).unwrap_or_else(|| panic!("no row {school} {rule}"))
}

#[test]
fn the_list_as_csv_and_xlsx_has_a_row_per_problem_with_gap_and_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("list.csv");
    let xlsx_path = dir.path().join("整改清单.xlsx");
    let summary = dir.path().join("summary.md");
    let (csv_arg, xlsx_arg) =
        (format!("rectification={}", csv_path.display()), format!("rectification={}", xlsx_path.display()));
    let mut args = vec!["report", "-o", &csv_arg, "-o", &xlsx_arg, "-o", summary.to_str().unwrap()];
    args.extend(DISTRICT);
    let (code, _, err) = wjvet(&args);
    assert_eq!(code, 0, "{err}");
    // The summary is still written beside the lists.
    assert!(std::fs::read_to_string(&summary).unwrap().contains("年度督查汇总"));

    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), HEADER);
    let csv_rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();

    let want = problems();
    assert!(want.len() > 10);
    let got: Vec<(String, String)> = csv_rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    let mut sorted_got = got.clone();
    let mut sorted_want = want.clone();
    sorted_got.sort();
    sorted_want.sort();
    assert_eq!(sorted_got, sorted_want, "one row per failing, late or missing item");
    // Institutions together, the district last.
    assert_eq!(csv_rows.last().unwrap()[0], "全区");

    // A shortfall in the plan's unit, rounded up; a lateness in days; the default
    // deadline three months after 2020-12-31; the school's two columns empty.
    let share = find(&csv_rows, "温江区华新职业学校", "T21.practice-share");
    assert_eq!(share[5], "实践教学学时差 20学时");
    assert!(share[3].starts_with("实践教学学时占总学时50%以上："), "{}", share[3]);
    assert!(share[4].starts_with("三（四）1「"), "{}", share[4]);
    assert_eq!(share[6], "成职教", "as 一览表 21 writes the section");
    assert_eq!(share[7], "2021-03-31");
    assert_eq!((&share[8][..], &share[9][..]), ("", ""));
    let late = find(&csv_rows, "温江区燎原职业技术学校", "T06.innovation-centre-basic");
    assert_eq!(late[5], "逾期 75 天完成");
    assert_eq!(late[6], "成职教科、基建科");
    let overdue = find(&csv_rows, "温江区华新职业学校", "T20.practice-plan");
    assert_eq!(overdue[5], "已超期 184 天");

    // The workbook says the same, the deadline as a date.
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    assert_eq!(wb.sheet_names(), ["整改清单"]);
    let range = wb.worksheet_range("整改清单").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(), HEADER);
    assert_eq!(rows.len() - 1, csv_rows.len());
    for (x, c) in rows[1..].iter().zip(&csv_rows) {
        for i in [0, 1, 2, 3, 4, 5, 6] {
            assert_eq!(x[i].to_string(), c[i], "column {i}");
        }
        match &x[7] {
            Data::DateTime(d) => assert_eq!(d.as_f64(), excel_serial("2021-03-31")),
            other => panic!("deadline is not a date: {other:?}"),
        }
        assert!(x.get(8).is_none_or(|c| c.to_string().is_empty()));
    }
}

#[test]
fn rectify_by_sets_the_deadline_and_a_bad_extension_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.csv");
    let target = format!("rectification={}", path.display());
    let mut args = vec!["report", "--rectify-by", "2021-01-15", "-o", &target];
    args.extend(DISTRICT);
    let (code, _, err) = wjvet(&args);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&path).unwrap();
    let deadlines: Vec<String> =
        csv::Reader::from_reader(&bytes[3..]).records().map(|r| r.unwrap()[7].to_string()).collect();
    assert!(!deadlines.is_empty());
    assert!(deadlines.iter().all(|d| *d == "2021-01-15"), "{deadlines:?}");

    let (code, _, err) = wjvet(&["report", "-o", "rectification=list.pdf", "no-such-dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot tell the format of the rectification list \"list.pdf\""), "{err}");
}
