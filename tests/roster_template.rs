//! `wjvet template --roster KEY` (issue 11 §1): the template of each roster the plan
//! declares reads back through `check` as that roster, in both forms; the workbook
//! keeps identity numbers as text and validates every kind; keys are exact; and a
//! plan's own roster gets its own template. Same bytes every time: tests/reproducible.rs.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use wjvet::data::{self, Loaded};
use wjvet::diag::Code;
use wjvet::lang::Lang;
use wjvet::plan::{self, Plan};
use wjvet::template::{roster, roster_xlsx};

fn wjvet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wjvet"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn default_plan() -> Plan {
    plan::load(None).unwrap()
}

fn load(plan: &Plan, path: &Path) -> Loaded {
    let registry = plan::load_registry(plan, None).unwrap();
    data::load(plan, registry, &[path.to_path_buf()], 1000)
}

/// Every diagnostic, rendered, for assertion messages.
fn all(l: &Loaded) -> String {
    l.diagnostics.items().iter().map(|d| d.render(Lang::En)).collect::<Vec<_>>().join("\n")
}

/// `l` read its one file as roster `index`, used its one data row, and said nothing
/// but that no annual row came with it.
fn read_as_roster(l: &Loaded, index: usize) {
    let codes: Vec<Code> = l.diagnostics.items().iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::RosterWithoutSubmission], "{}", all(l));
    assert_eq!(l.dataset.rosters.files, [(0, index)], "not read as roster {index}");
    assert_eq!(l.dataset.files[0].rows_used, 1, "{}", all(l));
}

fn csv_template(plan: &Plan, key: &str) -> String {
    let mut out = Vec::new();
    roster::write_csv(&mut out, roster::find(plan, key).unwrap()).unwrap();
    assert!(out.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM, so Excel opens it");
    let text = String::from_utf8(out).unwrap();
    assert!(text.ends_with("\r\n") && text.matches('\n').count() == 1, "one CRLF-ended header row: {text:?}");
    text
}

#[test]
fn the_csv_header_is_the_one_the_reader_knows() {
    let plan = default_plan();
    assert_eq!(csv_template(&plan, "teachers"), format!("\u{feff}{TEACHER_HEADER}\r\n"));
    assert_eq!(csv_template(&plan, "internships"), format!("\u{feff}{INTERN_HEADER}\r\n"));
}

#[test]
fn a_filled_csv_template_reads_as_its_roster() {
    let plan = default_plan();
    let dir = tempfile::tempdir().unwrap();
    for (index, key, row) in
        [(0, "teachers", teacher(1, "2019-01-01", "2024-12-31")), (1, "internships", placement(1, &[]))]
    {
        let path = dir.path().join(format!("{key}.csv"));
        std::fs::write(&path, format!("{}{row}\r\n", csv_template(&plan, key))).unwrap();
        read_as_roster(&load(&plan, &path), index);
    }
}

/// Builds the workbook of `key`, fills `row` (CSV cells) on its data sheet as a
/// clerk types it, saves it and returns its path.
fn filled_workbook(plan: &Plan, key: &str, row: &str, dir: &Path) -> PathBuf {
    let mut wb = roster_xlsx::workbook(plan, roster::find(plan, key).unwrap()).unwrap();
    let ws = wb.worksheet_from_index(0).unwrap();
    for (c, cell) in row.split(',').enumerate().filter(|(_, v)| !v.is_empty()) {
        let c = u16::try_from(c).unwrap();
        match cell.parse::<f64>() {
            // An identity number typed into its text column stays text.
            Ok(n) if cell.len() < 15 => ws.write_number(1, c, n).unwrap(),
            _ => ws.write_string(1, c, cell).unwrap(),
        };
    }
    let path = dir.join(format!("{key}.xlsx"));
    wb.save(&path).unwrap();
    path
}

#[test]
fn a_filled_workbook_template_reads_as_its_roster() {
    let plan = default_plan();
    let dir = tempfile::tempdir().unwrap();
    let path = filled_workbook(&plan, "teachers", &teacher(1, "2019-01-01", "2024-12-31"), dir.path());
    read_as_roster(&load(&plan, &path), 0);
    let path = filled_workbook(&plan, "internships", &placement(1, &[]), dir.path());
    read_as_roster(&load(&plan, &path), 1);
}

/// A part of the workbook written by `wjvet template --roster KEY -o FILE.xlsx`.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The value of attribute `attr` in `element` (its opening tag's text).
fn attr<'a>(element: &'a str, attr: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {attr}=\""))? + attr.len() + 3;
    Some(&element[start..start + element[start..].find('"')?])
}

/// The number format code of the column style of column `n` (1-based) of the data
/// sheet, through `<col style=…>`, the style's `<xf numFmtId=…>` and, for a custom
/// format, its `<numFmt>`; Excel's built-in 49 is "@".
fn column_format(path: &Path, n: usize) -> Option<String> {
    let sheet = part(path, "xl/worksheets/sheet1.xml");
    let col = sheet.split("<col ").skip(1).map(|c| format!(" {c}")).find(|c| {
        let (min, max) = (attr(c, "min").unwrap(), attr(c, "max").unwrap());
        (min.parse::<usize>().unwrap()..=max.parse().unwrap()).contains(&n)
    })?;
    let style: usize = attr(&col, "style")?.parse().unwrap();
    let styles = part(path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs")?..];
    let xf = format!(" {}", xfs.split("<xf ").nth(style + 1)?);
    let id = attr(&xf, "numFmtId")?;
    if id == "49" {
        return Some("@".to_string());
    }
    let custom =
        styles.split("<numFmt ").map(|f| format!(" {f}")).find(|f| attr(f, "numFmtId") == Some(id))?;
    attr(&custom, "formatCode").map(String::from)
}

#[test]
fn the_identity_number_column_is_text_so_excel_keeps_18_digits() {
    let dir = tempfile::tempdir().unwrap();
    for (key, header) in [("teachers", TEACHER_HEADER), ("internships", INTERN_HEADER)] {
        let path = dir.path().join(format!("{key}.xlsx"));
        let out = wjvet(&["template", "--roster", key, "-o", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let n = header.split(',').position(|h| h == "身份证号").unwrap() + 1;
        assert_eq!(column_format(&path, n).as_deref(), Some("@"), "{key}: 身份证号 is not text");
        // The test can tell: 年度 is a number, a date column a date.
        assert_eq!(column_format(&path, 2), None, "{key}: 年度");
        let date = header.split(',').position(|h| h.ends_with("日期")).unwrap() + 1;
        assert_eq!(column_format(&path, date).as_deref(), Some("yyyy-mm-dd"), "{key}: a date column");
    }
}

/// The data validations of the data sheet: (sqref, the element's text).
fn validations(path: &Path) -> Vec<(String, String)> {
    let sheet = part(path, "xl/worksheets/sheet1.xml");
    sheet
        .split("<dataValidation ")
        .skip(1)
        .map(|v| {
            let v = &v[..v.find("</dataValidation>").unwrap()];
            (attr(&format!(" {v}"), "sqref").unwrap().to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn every_kind_gets_its_validation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    let out = wjvet(&["template", "--roster", "teachers", "-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v = validations(&path);
    let at = |col: &str| {
        let sqref = format!("{col}2:{col}2000");
        v.iter().find(|(s, _)| *s == sqref).map(|(_, x)| x.clone()).unwrap_or_default()
    };
    // TEACHER_HEADER: A 学校名称 B 年度 C 工号 D 姓名 E 身份证号 F 岗位类型 G 专业课教师
    // H 教师资格证种类 I 最高学历 J 双师型认定等级 K 认定日期 L 有效期至 M 企业引进人才 N 企业实践天数
    assert!(at("F").contains("type=\"list\"") && at("F").contains("\"专任,兼职\""), "{}", at("F"));
    assert!(at("H").contains("\"高等学校,中等职业学校,中职实习指导,高级中学,初级中学,小学,幼儿园,无\""));
    assert!(at("G").contains("\"是,否\"") && at("M").contains("\"是,否\""));
    assert!(at("K").contains("type=\"date\"") && at("L").contains("type=\"date\""));
    assert!(at("N").contains("type=\"whole\"") && at("N").contains("greaterThanOrEqual"), "{}", at("N"));
    assert!(at("N").contains("<formula1>0</formula1>"), "{}", at("N"));
    assert!(at("E").contains("type=\"textLength\"") && at("E").contains("<formula1>18</formula1>"));
    assert!(at("B").contains("type=\"whole\""), "the year");
    assert!(at("A").is_empty() && at("C").is_empty() && at("D").is_empty(), "free text is not validated");
}

#[test]
fn the_guide_lists_every_column_its_kind_whether_required_and_its_choices() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("i.xlsx");
    assert_eq!(
        wjvet(&["template", "--roster", "internships", "-o", path.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    use calamine::Reader;
    assert_eq!(book.sheet_names(), ["填报", "填表说明"]);
    let guide = book.worksheet_range("填表说明").unwrap();
    let rows: Vec<Vec<String>> = guide.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    let row = |label: &str| rows.iter().find(|r| r.get(1).is_some_and(|c| c == label)).unwrap().clone();
    assert_eq!(row("年级")[4..7], ["选项", "必填", "一年级、二年级、三年级"]);
    assert_eq!(row("身份证号")[4..6], ["身份证号", "必填"]);
    assert_eq!(row("学号")[4..6], ["文本", "选填"]);
    let plan = default_plan();
    for c in &roster::find(&plan, "internships").unwrap().columns {
        assert_eq!(row(&c.label.zh)[8], c.description.zh, "{}", c.key);
    }
}

#[test]
fn keys_are_exact_and_an_unknown_one_lists_the_plans_keys() {
    for key in ["Teachers", "teachers ", " internships", "intern ships", "teacher"] {
        let out = wjvet(&["--lang", "en", "template", "--roster", key]);
        assert_eq!(out.status.code(), Some(2), "{key:?}");
        assert!(out.stdout.is_empty(), "{key:?}: nothing on stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&format!("no roster {key:?}")), "{err}");
        assert!(err.contains("teachers, internships"), "{err}");
    }
}

#[test]
fn a_plan_without_rosters_says_so() {
    let out = wjvet(&[
        "--plan",
        "tests/fixtures/plan-check/warnings.toml",
        "--lang",
        "zh",
        "template",
        "--roster",
        "teachers",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("wjvet: 错误：计划没有声明花名册"), "{err}");
}

#[test]
fn a_plans_own_roster_gets_its_own_template_and_reads_back() {
    let plan_file = "tests/fixtures/roster-plan/plan.toml";
    let out = wjvet(&["--plan", plan_file, "template", "--roster", "visits"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, "\u{feff}学校名称,年度,走访人身份证号,走访日期,走访目的,时长\r\n");
    let out = wjvet(&["--plan", plan_file, "--lang", "en", "template", "--roster", "teachers"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("the plan's rosters: visits ("));

    let plan = plan::load(Some(&Path::new(env!("CARGO_MANIFEST_DIR")).join(plan_file))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("visits.csv");
    let row = format!("测试学校,2020,{},2020-05-06,校企合作,2.5\r\n", id("19800101", 7));
    std::fs::write(&path, format!("{text}{row}")).unwrap();
    let registry = plan::load_registry(&plan, None).unwrap();
    let l = data::load(&plan, registry, &[path], 1000);
    let unexpected: Vec<_> = l
        .diagnostics
        .items()
        .iter()
        .filter(|d| matches!(d.code, Code::MissingColumn | Code::UnknownColumn))
        .map(|d| d.render(Lang::En))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    assert_eq!(l.dataset.rosters.files, [(0, 0)], "{}", all(&l));
}
