//! The roster benchmark's generator (`examples/roster/rows.rs`) makes what
//! `benches/roster.sh` and docs/performance.md say it makes: the fixed headers,
//! the same rows on every run, valid identity numbers but for about 0.1%, and about
//! 2% of placements breaking exactly one regulation rule, checked here by an
//! independent reading of the cells rather than by trusting the generator's tally.

#[path = "../examples/roster/rows.rs"]
mod rows;

use chrono::{Months, NaiveDate};
use rows::{Breach, Kind, Rows};
use std::collections::{HashMap, HashSet};
use wjvet::pii::IdNumber;

fn all(kind: Kind, n: u64) -> Vec<(Vec<String>, rows::Fault)> {
    let mut rows = Rows::new(kind, n);
    let mut out = Vec::new();
    let mut cells = Vec::new();
    while let Some(f) = rows.next_into(&mut cells) {
        out.push((cells.clone(), f));
    }
    out
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The rules a placement breaks, read from its cells alone.
fn breaches(h: &HashMap<&str, usize>, r: &[String]) -> Vec<Breach> {
    let get = |k: &str| r[h[k]].as_str();
    let num = |k: &str| get(k).parse::<f64>().unwrap();
    let start = day(get("实习开始日期"));
    let born = match get("出生日期") {
        // Digits 7–14, read even when the check digit is wrong.
        "" => NaiveDate::parse_from_str(&get("身份证号")[6..14], "%Y%m%d").unwrap(),
        d => day(d),
    };
    let mut found = Vec::new();
    if num("每日工作小时") > 8.0 || num("每周工作小时") > 40.0 {
        found.push(Breach::NineHoursADay);
    }
    if get("夜班") == "是" {
        found.push(Breach::NightShift);
    }
    if num("实习报酬（元/月）") < 0.8 * num("同岗位试用期工资（元/月）") {
        found.push(Breach::Underpaid);
    }
    if get("签订三方协议") != "是" || day(get("协议签订日期")) > start {
        found.push(Breach::LateAgreement);
    }
    if get("实习责任保险") != "是" {
        found.push(Breach::Uninsured);
    }
    if get("实习类型") == "岗位实习" && get("年级") == "一年级" {
        found.push(Breach::FirstYear);
    }
    if born.checked_add_months(Months::new(16 * 12)).unwrap() > start {
        found.push(Breach::UnderSixteen);
    }
    if day(get("实习结束日期")) > start.checked_add_months(Months::new(6)).unwrap() {
        found.push(Breach::OverSixMonths);
    }
    found
}

#[test]
fn headers_are_the_roster_labels_the_plan_declares() {
    // The header `wjvet template --roster KEY` writes, which the roster reader
    // recognises: 学校名称, 年度, then the plan's column labels in plan order.
    let plan = wjvet::plan::load(None).unwrap();
    let header = |key| wjvet::template::roster::header(wjvet::template::roster::find(&plan, key).unwrap());
    assert_eq!(header("teachers"), rows::TEACHER_HEADERS);
    assert_eq!(header("internships"), rows::INTERNSHIP_HEADERS);
    assert_eq!(Rows::new(Kind::Teachers, 1).headers(), rows::TEACHER_HEADERS);
    assert_eq!(Rows::new(Kind::Internships, 1).headers(), rows::INTERNSHIP_HEADERS);
}

#[test]
fn the_same_arguments_give_the_same_rows() {
    let a = all(Kind::Internships, 3000);
    let b = all(Kind::Internships, 3000);
    assert_eq!(a.len(), 3000);
    assert!(a.iter().zip(&b).all(|(x, y)| x.0 == y.0));
    // A longer run starts with the shorter one: n only decides where to stop.
    let c = all(Kind::Internships, 4000);
    assert!(a.iter().zip(&c).all(|(x, y)| x.0 == y.0));
}

#[test]
fn about_two_percent_of_placements_break_exactly_one_rule() {
    let rows = all(Kind::Internships, 60_000);
    let h: HashMap<&str, usize> = rows::INTERNSHIP_HEADERS.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut kinds = HashSet::new();
    let mut faulty = 0;
    let mut at_host: HashMap<(&str, &str), (u64, u64)> = HashMap::new();
    for (cells, fault) in &rows {
        assert_eq!(cells.len(), 20);
        if cells[h["实习类型"]] == "岗位实习" {
            let staff: u64 = cells[h["实习单位在岗职工数"]].parse().unwrap();
            let e = at_host.entry((cells[1].as_str(), cells[h["实习单位"]].as_str())).or_insert((0, staff));
            assert_eq!(e.1, staff, "a host's staff is the same on every row");
            e.0 += 1;
        }
        let found = breaches(&h, cells);
        match fault.breach {
            None => assert!(found.is_empty(), "clean row breaks {found:?}: {cells:?}"),
            Some(b) => {
                assert_eq!(found, [b], "{cells:?}");
                assert_eq!(cells[h["实习类型"]], "岗位实习", "the rules are about 岗位实习");
                kinds.insert(b);
                faulty += 1;
            }
        }
    }
    assert_eq!(kinds.len(), 8, "every kind of breach appears");
    for ((year, host), (interns, staff)) in at_host {
        assert!(interns * 10 <= staff, "{host} takes {interns} interns in {year} with {staff} staff");
    }
    assert!((900..=1500).contains(&faulty), "{faulty} of 60000 break a rule");
}

#[test]
fn identity_numbers_are_valid_but_for_about_one_in_a_thousand() {
    for kind in [Kind::Internships, Kind::Teachers] {
        let rows = all(kind, 40_000);
        let mut bad = 0;
        for (cells, fault) in &rows {
            assert!(cells[4].starts_with("99"), "fake region: {}", cells[4]);
            assert!(cells[3].starts_with("测试"));
            assert_eq!(IdNumber::parse(&cells[4]).is_err(), fault.bad_id, "{}", cells[4]);
            bad += usize::from(fault.bad_id);
        }
        assert!((15..=70).contains(&bad), "{bad} bad numbers in 40000 rows");
    }
}

#[test]
fn schools_are_gen_province_vocational_schools_about_400_per_million_rows() {
    let rows = all(Kind::Internships, 100_000);
    let schools: HashSet<&str> = rows.iter().map(|(c, _)| c[0].as_str()).collect();
    for s in &schools {
        let i: u64 = s.trim_start_matches("示例省第").trim_end_matches("职业学校").parse().unwrap();
        assert!(i % 10 < 8, "{s} is a general high school in gen_province");
    }
    // 600–999 placements per school and year, three years: 100,000 rows ≈ 42 schools.
    assert!((34..=56).contains(&schools.len()), "{} schools", schools.len());
    let years: HashSet<&str> = rows.iter().map(|(c, _)| c[1].as_str()).collect();
    assert_eq!(years, HashSet::from(["2019", "2020", "2021"]));
}
