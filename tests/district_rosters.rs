//! The example district's 2020 rosters agree with its annual files, figure by
//! figure, except the deliberate cases that `examples/rosters/README.md`
//! lists; and the internship roster breaks the regulation exactly where the README
//! says. The counts are recomputed here from the cells, with the definitions the
//! roster reader uses, so a regenerated roster that drifts from the annual data (or
//! a README that drifts from the roster) fails.

use chrono::{Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use wjvet::pii::IdNumber;

const DIR: &str = "examples/rosters";
const ANNUAL: [&str; 4] = ["liaoyuan.csv", "yufu.csv", "deyuan.csv", "huaxin.csv"];

type Table = (Vec<String>, Vec<Vec<String>>);

/// Reads a roster as Excel's "CSV UTF-8" writes it: a BOM, CRLF line ends.
fn roster(name: &str) -> Table {
    let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "{name}: a BOM, as Excel writes");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count(), "{name}: CRLF throughout");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect();
    (headers, rows)
}

fn column<'a>(t: &'a Table, row: &'a [String], header: &str) -> &'a str {
    let i = t.0.iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header}"));
    &row[i]
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("not a date: {s:?}"))
}

/// (school, annual label) -> the 2020 cell of the annual file.
fn annual() -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for file in ANNUAL {
        let mut r = csv::Reader::from_path(format!("examples/district/{file}")).unwrap();
        let headers: Vec<String> =
            r.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').into()).collect();
        for rec in r.records() {
            let rec = rec.unwrap();
            if &rec[1] == "2020" {
                for (h, v) in headers.iter().zip(rec.iter()) {
                    out.insert((rec[0].to_string(), h.clone()), v.to_string());
                }
            }
        }
    }
    out
}

/// (school, annual label) -> the count the rosters support.
fn derived() -> BTreeMap<(String, String), usize> {
    let mut n: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut add = |school: &str, label: &str, yes: bool| {
        *n.entry((school.to_string(), label.to_string())).or_default() += usize::from(yes);
    };
    let t = roster("teachers.csv");
    let end_2020 = day("2020-12-31");
    for row in &t.1 {
        let c = |h| column(&t, row, h);
        let school = c("学校名称");
        assert_eq!(c("年度"), "2020");
        let fulltime = c("岗位类型") == "专任";
        let professional = fulltime && c("专业课教师") == "是";
        let qualified = fulltime
            && matches!(c("最高学历"), "本科" | "研究生")
            && matches!(c("教师资格证种类"), "中等职业学校" | "中职实习指导" | "高级中学" | "高等学校");
        let dual = professional
            && !c("双师型认定等级").is_empty()
            && day(c("双师型认定日期")) <= end_2020
            && end_2020 <= day(c("双师型有效期至"));
        add(school, "专任教师数", fulltime);
        add(school, "合格教师数", qualified);
        add(school, "专业课教师数", professional);
        add(school, "双师型教师数", dual);
        add(school, "企业兼职教师数", c("企业引进人才") == "是");
        add(school, "到企业实践专业课教师数", professional && c("企业实践天数") != "0");
    }
    let t = roster("internships.csv");
    for row in &t.1 {
        let c = |h| column(&t, row, h);
        let school = c("学校名称");
        let on_job = c("实习类型") == "岗位实习";
        add(school, "实习学生数", on_job);
        add(school, "签订三方协议学生数", on_job && c("签订三方协议") == "是");
        add(school, "购买实习保险学生数", on_job && c("实习责任保险") == "是");
        add(school, "一年级顶岗实习学生数", on_job && c("年级") == "一年级");
    }
    n
}

#[test]
fn rosters_agree_with_the_annual_files_but_for_the_documented_cases() {
    let annual = annual();
    let mut differences = BTreeSet::new();
    for ((school, label), count) in derived() {
        let cell = &annual[&(school.clone(), label.clone())];
        if cell != &count.to_string() {
            differences.insert(format!("{school} {label}: annual {cell:?}, roster {count}"));
        }
    }
    let expected = BTreeSet::from([
        "温江区华新职业学校 双师型教师数: annual \"55\", roster 53".to_string(),
        "温江区德远职业学校 双师型教师数: annual \"\", roster 56".to_string(),
        "温江区鱼凫职业技术学校 购买实习保险学生数: annual \"\", roster 430".to_string(),
    ]);
    assert_eq!(differences, expected);
    let readme = std::fs::read_to_string(format!("{DIR}/README.md")).unwrap();
    for needle in ["55", "53", "56", "430", "华新", "德远", "鱼凫"] {
        assert!(readme.contains(needle), "README names {needle}");
    }
}

#[test]
fn the_internship_roster_breaks_the_regulation_only_where_the_readme_says() {
    let t = roster("internships.csv");
    let mut interns_at: HashMap<&str, usize> = HashMap::new();
    let mut found = Vec::new();
    for (i, row) in t.1.iter().enumerate() {
        let c = |h| column(&t, row, h);
        let num = |h| c(h).parse::<f64>().unwrap();
        let start = day(c("实习开始日期"));
        let id = IdNumber::parse(c("身份证号")).expect("every identity number is valid");
        assert!(c("身份证号").starts_with("99"), "fake region");
        assert!(c("姓名").starts_with("测试"), "invented name");
        let born = id.birth_date().unwrap();
        if !c("出生日期").is_empty() {
            assert_eq!(day(c("出生日期")), born);
        }
        let on_job = c("实习类型") == "岗位实习";
        let mut broken = Vec::new();
        if num("每日工作小时") > 8.0 || num("每周工作小时") > 40.0 {
            broken.push("hours");
        }
        if c("夜班") == "是" {
            broken.push("night shift");
        }
        if num("实习报酬（元/月）") < 0.8 * num("同岗位试用期工资（元/月）") {
            broken.push("pay");
        }
        if c("签订三方协议") != "是" || day(c("协议签订日期")) > start {
            broken.push("agreement");
        }
        if c("实习责任保险") != "是" {
            broken.push("insurance");
        }
        if id.age_on(start).unwrap() < 16 {
            broken.push("under 16");
        }
        if on_job && c("年级") == "一年级" {
            broken.push("first year");
        }
        if day(c("实习结束日期")) > start.checked_add_months(Months::new(6)).unwrap() {
            broken.push("over six months");
        }
        if on_job {
            *interns_at.entry(c("实习单位")).or_default() += 1;
        }
        for b in broken {
            found.push(format!("line {}: {} ({})", i + 2, b, c("学号")));
        }
    }
    assert_eq!(
        found,
        [
            "line 8: hours (LY20180007)",
            "line 712: night shift (YF20180011)",
            "line 1184: pay (DY20180013)",
            "line 1508: agreement (HX20180017)",
        ]
    );
    let readme = std::fs::read_to_string(format!("{DIR}/README.md")).unwrap();
    for f in &found {
        let (line, rest) = f.split_once(": ").unwrap();
        let id = rest.split(['(', ')']).nth(1).unwrap();
        assert!(readme.contains(line) && readme.contains(id), "README names {line} and {id}");
    }
    // No host takes more interns than 10% of its staff on post.
    for row in &t.1 {
        let host = column(&t, row, "实习单位");
        let staff: usize = column(&t, row, "实习单位在岗职工数").parse().unwrap();
        assert!(interns_at.get(host).copied().unwrap_or(0) * 10 <= staff, "{host}");
    }
}

#[test]
fn teacher_identity_numbers_are_valid_and_fake() {
    let t = roster("teachers.csv");
    for row in &t.1 {
        let id = column(&t, row, "身份证号");
        assert!(id.starts_with("99") && IdNumber::parse(id).is_ok(), "{id}");
        assert!(column(&t, row, "姓名").starts_with("测试"));
    }
}
