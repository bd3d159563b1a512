//! The readings of the Wenjiang plan settled by an independent reading (issue 10 §5,
//! docs/semantics.md "Readings settled"): each rule added for an obligation that had
//! none is tested at its bound and one unit short, a rule whose date the plan gives
//! twice (T17) is tested under both readings, and the plan's 责任科室 and 实施学校
//! are checked cell by cell against the 一览表 of the source text.

mod common;

use common::*;
use wjvet::check::Outcome;
use wjvet::eval::Status;
use wjvet::plan::{self, EMBEDDED_PLAN, EMBEDDED_SOURCE, Severity};

const PUB: &str = "公办中职";
const PRIV: &str = "民办中职";
const SOME_PRIVATE: &str = "某民办职校";

fn liaoyuan(year: i32, cells: &[(&str, &str)]) -> wjvet::report::Report {
    one_school(LIAOYUAN, PUB, year, cells, None)
}

fn at(cells: &[(&str, &str)], rule: &str) -> Status {
    status(&liaoyuan(2020, cells), rule, Some(LIAOYUAN))
}

// ---- T17: the body's 2019-12 and the table's 2020 ---------------------------------

/// The shipped plan with T17's due date moved to the body's "2019 年 12 月前".
fn plan_with_body_reading_of_t17() -> String {
    let start = EMBEDDED_PLAN.find("id = \"T17.innovation-teams\"").unwrap();
    let due = start + EMBEDDED_PLAN[start..].find("due = 2020-12-31").unwrap();
    let mut text = EMBEDDED_PLAN.to_string();
    text.replace_range(due..due + "due = 2020-12-31".len(), "due = 2019-12-31");
    text
}

fn t17_in_2019(teams: &str, plan_text: Option<&str>) -> Status {
    let keys = ["innovation_teams"];
    let fx = Fixture::new().csv(
        "s.csv",
        &header_for(&keys),
        &[row(LIAOYUAN, 2019, PUB, &[("innovation_teams", teams)], &keys)],
    );
    let fx = match plan_text {
        Some(text) => fx.plan(text),
        None => fx,
    };
    match fx.outcome(Some(2019), None) {
        Outcome::Evaluated(r) => status(&r, "T17.innovation-teams", Some(LIAOYUAN)),
        _ => panic!("the check did not evaluate"),
    }
}

#[test]
fn t17_table_reading_shipped_shows_2019_as_progress() {
    assert_eq!(t17_in_2019("9", None), Status::Pending, "due only at the end of 2020");
    assert_eq!(t17_in_2019("10", None), Status::Pass);
}

#[test]
fn t17_body_reading_fails_2019_when_the_due_date_is_changed() {
    let body = plan_with_body_reading_of_t17();
    assert_eq!(t17_in_2019("9", Some(&body)), Status::Fail, "the body says 2019 年 12 月前");
    assert_eq!(t17_in_2019("10", Some(&body)), Status::Pass);
}

#[test]
fn t17_interpretation_names_both_dates_in_both_languages() {
    let plan = plan::load(None).unwrap();
    let r = plan.rules.iter().find(|r| r.id == "T17.innovation-teams").unwrap();
    let i = r.interpretation.as_ref().unwrap();
    for text in [&i.zh, &i.en] {
        assert!(text.contains("2019-12-31") && text.contains("2020-12-31"), "{text}");
    }
}

// ---- obligations that had no rule --------------------------------------------------

#[test]
fn exchange_plan_by_end_of_june_2019_for_public_schools_only() {
    let on =
        |d: &str| status(&liaoyuan(2019, &[("exchange_plan_date", d)]), "T16.exchange-plan", Some(LIAOYUAN));
    assert_eq!(on("2019-06-30"), Status::Pass, "the due day counts whole");
    assert_eq!(on("2019-07-01"), Status::Late);
    let r = one_school(SOME_PRIVATE, PRIV, 2019, &[("exchange_plan_date", "2019-06-01")], None);
    assert!(r.findings.iter().all(|f| r.rule(f).id != "T16.exchange-plan"), "公办中职学校 only");
}

#[test]
fn every_professional_teacher_learns_in_an_enterprise_each_year() {
    let rule = "T20.enterprise-learning";
    let cells = |n: &'static str| {
        [("enterprise_practice_teachers", n), ("professional_teachers", "20"), ("fulltime_teachers", "100")]
    };
    assert_eq!(at(&cells("20"), rule), Status::Pass, "of professional teachers, not of all 100");
    assert_eq!(at(&cells("19"), rule), Status::Fail);
    let none = [("enterprise_practice_teachers", "0"), ("professional_teachers", "0")];
    assert_eq!(at(&none, rule), Status::Fail, "a school cannot pass by reporting no teachers");
}

#[test]
fn every_core_and_track_course_given_in_full() {
    let rule = "T22.core-courses";
    let cells = |n: &'static str| [("core_courses_offered", n), ("core_courses_required", "10")];
    assert_eq!(at(&cells("10"), rule), Status::Pass);
    assert_eq!(at(&cells("9"), rule), Status::Fail);
    assert_eq!(at(&[("core_courses_offered", "0"), ("core_courses_required", "0")], rule), Status::Fail);
}

#[test]
fn every_placement_employer_has_a_two_party_agreement() {
    let rule = "T24.bilateral";
    let cells = |n: &'static str| [("internship_agreement_enterprises", n), ("internship_enterprises", "8")];
    assert_eq!(at(&cells("8"), rule), Status::Pass);
    assert_eq!(at(&cells("7"), rule), Status::Fail);
    let none = [("internship_agreement_enterprises", "0"), ("internship_enterprises", "0")];
    assert_eq!(at(&none, rule), Status::NotApplicable, "no placements, nothing to sign");
}

#[test]
fn general_courses_between_30_and_40_percent_both_ends_included() {
    let rule = "T21.course-balance";
    let share = |n: &'static str| [("general_course_hours", n), ("total_teaching_hours", "3000")];
    assert_eq!(at(&share("900"), rule), Status::Pass, "exactly 30%");
    assert_eq!(at(&share("1200"), rule), Status::Pass, "exactly 40%");
    assert_eq!(at(&share("899"), rule), Status::Fail);
    assert_eq!(at(&share("1201"), rule), Status::Fail);
}

// ---- severities against docs/semantics.md --------------------------------------------

#[test]
fn severities_follow_the_words_and_exceptions_say_so() {
    let plan = plan::load(None).unwrap();
    let rule = |id: &str| plan.rules.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("{id}"));
    // 鼓励 / 试点 / no subject / our date: warnings.
    for id in
        ["T10.adjustment-mechanism", "T10.cooperation-platform", "T25.quality-report", "T21.course-balance"]
    {
        assert_eq!(rule(id).severity, Severity::Warning, "{id}");
    }
    // 要求 / 严格要求 with the plan's own bound (or the lenient reading of it): errors.
    for id in ["T16.exchange-plan", "T20.enterprise-learning", "T22.core-courses", "T24.bilateral"] {
        assert_eq!(rule(id).severity, Severity::Error, "{id}");
    }
    // The national regulation's number stays an error, and says why it is an exception.
    let first_year = rule("T24.no-first-year");
    assert_eq!(first_year.severity, Severity::Error);
    assert!(first_year.severity_reason.contains("例外") && first_year.severity_reason.contains("exception"));
}

#[test]
fn rules_whose_words_needed_reading_carry_an_interpretation() {
    let plan = plan::load(None).unwrap();
    for id in [
        "T16.exchange-plan",
        "T20.enterprise-learning",
        "T21.course-balance",
        "T21.practice-share",
        "T22.core-courses",
        "T24.bilateral",
        "T30.joint-build",
        "T31.private-support",
    ] {
        let r = plan.rules.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("{id}"));
        let i = r.interpretation.as_ref().unwrap_or_else(|| panic!("{id} has no interpretation"));
        assert!(!i.zh.is_empty() && !i.en.is_empty(), "{id}");
    }
}

// ---- the 一览表's 责任科室 and 实施学校, as written ---------------------------------------

/// (责任科室, 实施学校) of each numbered row of the source's 一览表. The table is tab
/// separated; merged cells leave leading columns empty, so a row is found by its
/// first cell holding a task number, followed by 任务, 指标, 责任科室, 实施学校.
fn table_rows() -> Vec<(u32, String, String)> {
    let table = &EMBEDDED_SOURCE[EMBEDDED_SOURCE.find("行动\t子行动\t编号").unwrap()..];
    let mut rows = Vec::new();
    for line in table.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if let Some(i) = cells.iter().position(|c| c.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n))) {
            rows.push((cells[i].parse().unwrap(), cells[i + 3].to_string(), cells[i + 4].to_string()));
        }
    }
    rows
}

#[test]
fn sections_and_implementers_are_the_tables_words() {
    let rows = table_rows();
    assert_eq!(rows.len(), 31);
    let plan = plan::load(None).unwrap();
    for t in &plan.tasks {
        let (_, sections, implementers) = rows.iter().find(|r| r.0 == t.number).unwrap();
        assert_eq!(&t.sections.join("、"), sections, "task {} 责任科室", t.number);
        assert_eq!(&t.implementers.join("、"), implementers, "task {} 实施学校", t.number);
    }
    // The check can fail: the table writes 成职教 for task 21, not 成职教科.
    assert_eq!(rows.iter().find(|r| r.0 == 21).unwrap().1, "成职教");
}
