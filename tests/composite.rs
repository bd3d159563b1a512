//! The rule kinds built from other rules (`all_of`, `share_of_institutions`) and
//! per-unit ratios (生均), on a small plan of two school types, at their bounds.

mod common;

use common::*;
use wjvet::check::Outcome;
use wjvet::eval::Status;
use wjvet::lang::Lang;

const PLAN: &str = r#"
schema_version = 1

[plan]
id = "composite"
title = "测试计划"
title_en = "Test plan"
doc_number = "测〔2030〕2号"
issuer = "测试局"
issuer_en = "Test bureau"
issued = 2030-01-01
period = [2030, 2031]

[[school_types]]
key = "ordinary"
label = "中等职业学校"
label_en = "secondary vocational school"

[[school_types]]
key = "technical"
label = "技工学校"
label_en = "technical school"

[[fields]]
key = "students"
label = "在校生数"
label_en = "Students"
type = "count"
min = 0
description = { zh = "在校生", en = "students" }

[[fields]]
key = "teachers"
label = "专任教师数"
label_en = "Teachers"
type = "count"
min = 0
description = { zh = "专任教师", en = "teachers" }

[[fields]]
key = "land"
label = "占地面积"
label_en = "Land"
type = "decimal"
min = 0
unit = "平方米"
unit_en = "m²"
description = { zh = "占地面积", en = "land" }

[[tasks]]
number = 1
action = "行动"
sub_action = "子行动"
task = "任务"
indicator = "指标"
sections = ["科"]
implementers = ["各校"]
citations = [{ clause = "一", text = "原文" }]

[[tasks.rules]]
id = "T01.ratio"
title = "生师比不高于20"
title_en = "At most 20 students per teacher"
kind = "threshold"
applies_to = ["ordinary", "technical"]
measure = { numerator = "students", denominator = "teachers", unit = "per", when_zero = "fail" }
comparator = "<="
target = 20
due = 2031-12-31
severity = "error"
severity_reason = "test"

[[tasks.rules]]
id = "T01.land-per-student"
title = "生均占地不少于33平方米"
title_en = "At least 33 m² of land per student"
kind = "threshold"
applies_to = ["ordinary"]
measure = { numerator = "land", denominator = "students", unit = "per" }
comparator = ">="
target = 33
due = 2031-12-31
severity = "error"
severity_reason = "test"

[[tasks.rules]]
id = "T01.all-met"
title = "各项指标全部达标"
title_en = "Every indicator met"
kind = "all_of"
applies_to = ["ordinary", "technical"]
rules = ["T01.ratio", "T01.land-per-student"]
due = 2031-12-31
severity = "error"
severity_reason = "test"

[[tasks.rules]]
id = "T01.share"
title = "达标学校占比不低于80%"
title_en = "At least 80% of schools meet every indicator"
kind = "share_of_institutions"
applies_to = ["ordinary", "technical"]
rule = "T01.all-met"
comparator = ">="
target = "80%"
due = 2031-12-31
severity = "error"
severity_reason = "test"
"#;

const KEYS: [&str; 3] = ["students", "teachers", "land"];

/// A school of `t` with `students`, `teachers` and `land` ("" = not reported).
fn school(name: &str, t: &str, students: &str, teachers: &str, land: &str) -> Vec<String> {
    row(name, 2031, t, &[("students", students), ("teachers", teachers), ("land", land)], &KEYS)
}

fn run(plan: &str, rows: &[Vec<String>], registered: bool) -> Outcome {
    let mut fx = Fixture::new().csv("d.csv", &header_for(&KEYS), rows);
    if registered {
        let entries: Vec<(String, String, String)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    format!("s{i}"),
                    r[0].clone(),
                    if r[2] == "技工学校" { "technical" } else { "ordinary" }.into(),
                )
            })
            .collect();
        let refs: Vec<(&str, &str, &str)> =
            entries.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
        fx = fx.registry(&refs);
    }
    fx.plan(plan).outcome(Some(2031), None)
}

fn report(rows: &[Vec<String>], registered: bool) -> wjvet::report::Report {
    match run(PLAN, rows, registered) {
        Outcome::Evaluated(r) => *r,
        Outcome::PlanInvalid(d) | Outcome::ConfigInvalid(d) | Outcome::DataInvalid { diagnostics: d, .. } => {
            let all: Vec<String> = d.items().iter().map(|d| d.render(Lang::En)).collect();
            panic!("not evaluated:\n{}", all.join("\n"))
        }
    }
}

fn plan_errors(plan: &str) -> Vec<String> {
    match run(plan, &[school("甲校", "中等职业学校", "100", "5", "3300")], false) {
        Outcome::PlanInvalid(d) => d.items().iter().map(|d| d.render(Lang::En)).collect(),
        _ => panic!("plan accepted"),
    }
}

#[test]
fn a_per_unit_ratio_is_judged_at_its_bound_either_way() {
    let r = report(
        &[
            school("甲校", "中等职业学校", "100", "5", "3300"), // 20 per teacher, 33 m² each: both at the bound
            school("乙校", "中等职业学校", "101", "5", "3299"), // 20.2 per teacher, 32.66… m² each
            school("丙校", "中等职业学校", "100", "0", "3300"), // no teacher: when_zero = fail
        ],
        false,
    );
    assert_eq!(status(&r, "T01.ratio", Some("甲校")), Status::Pass);
    assert_eq!(status(&r, "T01.land-per-student", Some("甲校")), Status::Pass);
    assert_eq!(status(&r, "T01.ratio", Some("乙校")), Status::Fail);
    assert_eq!(status(&r, "T01.land-per-student", Some("乙校")), Status::Fail);
    assert_eq!(status(&r, "T01.ratio", Some("丙校")), Status::Fail);
    let shown = |s: &str, rule: &str| finding(&r, rule, Some(s)).actual.as_ref().unwrap().show(Lang::En);
    assert_eq!(shown("甲校", "T01.ratio"), "20 (100/5)", "a per-unit amount is a plain number, not 2000%");
    assert_eq!(shown("乙校", "T01.ratio"), "20.2 (101/5)");
    // 3299/101 = 32.6633…: shown rounded, and marked so, never as a bare 32.66.
    assert_eq!(shown("乙校", "T01.land-per-student"), "≈32.66 (3299/101)");
}

#[test]
fn all_of_fails_on_any_failing_part_and_is_missing_only_when_undecided() {
    let r = report(
        &[
            school("甲校", "中等职业学校", "100", "5", "3300"),
            school("乙校", "中等职业学校", "101", "5", ""), // ratio fails, land missing: fails
            school("丙校", "中等职业学校", "100", "5", ""), // ratio met, land missing: undecided
            school("丁校", "技工学校", "100", "5", ""),     // land does not apply to 技工学校
        ],
        false,
    );
    assert_eq!(status(&r, "T01.all-met", Some("甲校")), Status::Pass);
    let yi = finding(&r, "T01.all-met", Some("乙校"));
    assert_eq!(yi.status, Status::Fail, "a failing part settles it whatever the missing part holds");
    assert!(en(&r, yi).contains("T01.ratio"), "{}", en(&r, yi));
    let bing = finding(&r, "T01.all-met", Some("丙校"));
    assert_eq!(bing.status, Status::Missing, "an unknown part is never counted as met");
    assert!(en(&r, bing).contains("T01.land-per-student"), "{}", en(&r, bing));
    let ding = finding(&r, "T01.all-met", Some("丁校"));
    assert_eq!(ding.status, Status::Pass, "a part outside the school's type is skipped, not failed");
    assert_eq!(ding.actual.as_ref().unwrap().show(Lang::En), "1/1");
}

#[test]
fn share_of_institutions_at_exactly_the_target_passes_and_one_less_fails() {
    let good = |n: &str| school(n, "中等职业学校", "100", "5", "3300");
    let bad = |n: &str| school(n, "中等职业学校", "101", "5", "3300");
    // 4 of 5 is exactly 80%.
    let r = report(&[good("甲校"), good("乙校"), good("丙校"), good("丁校"), bad("戊校")], true);
    let f = finding(&r, "T01.share", None);
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.actual.as_ref().unwrap().show(Lang::En), "80% (4/5)");
    // 3 of 5 is 60%.
    let r = report(&[good("甲校"), good("乙校"), good("丙校"), bad("丁校"), bad("戊校")], true);
    assert_eq!(status(&r, "T01.share", None), Status::Fail);
}

#[test]
fn share_of_institutions_counts_missing_data_as_not_meeting() {
    let good = |n: &str| school(n, "中等职业学校", "100", "5", "3300");
    let unknown = |n: &str| school(n, "中等职业学校", "100", "5", "");
    let bad = |n: &str| school(n, "中等职业学校", "101", "5", "3300");
    // 4 met of 5, one unknown: the target is reached even counting it as failing.
    let r = report(&[good("甲校"), good("乙校"), good("丙校"), good("丁校"), unknown("戊校")], true);
    assert_eq!(status(&r, "T01.share", None), Status::Pass);
    // 3 met, 1 unknown, 1 failing: 60% now, 80% if the unknown one meets: undecided.
    let r = report(&[good("甲校"), good("乙校"), good("丙校"), unknown("丁校"), bad("戊校")], true);
    let f = finding(&r, "T01.share", None);
    assert_eq!(f.status, Status::Missing);
    assert!(en(&r, f).contains("丁校"), "{}", en(&r, f));
    assert_eq!(
        f.actual.as_ref().unwrap().show(Lang::En),
        "60% (3/5)",
        "the unknown school is in the denominator"
    );
}

#[test]
fn share_of_institutions_is_incomplete_without_a_registry() {
    let good = |n: &str| school(n, "中等职业学校", "100", "5", "3300");
    let r = report(&[good("甲校"), good("乙校")], false);
    assert_eq!(
        status(&r, "T01.share", None),
        Status::Incomplete,
        "schools not in the file could lower the share"
    );
}

#[test]
fn a_registered_school_that_sent_nothing_lowers_the_share() {
    let good = |n: &str| school(n, "中等职业学校", "100", "5", "3300");
    let rows = [good("甲校"), good("乙校"), good("丙校"), good("丁校")];
    let fx = Fixture::new()
        .csv("d.csv", &header_for(&KEYS), &rows)
        .registry(&[
            ("a", "甲校", "ordinary"),
            ("b", "乙校", "ordinary"),
            ("c", "丙校", "ordinary"),
            ("d", "丁校", "ordinary"),
            ("e", "戊校", "ordinary"),
            ("f", "己校", "technical"),
        ])
        .plan(PLAN);
    let Outcome::Evaluated(r) = fx.outcome(Some(2031), None) else { panic!("not evaluated") };
    let f = finding(&r, "T01.share", None);
    // 4 met of 6 registered (66.7%): the two silent schools could reach 80% only by
    // both meeting, so the verdict waits for them, naming them.
    assert_eq!(f.status, Status::Missing);
    assert_eq!(f.actual.as_ref().unwrap().show(Lang::En), "66.6% (4/6)");
    let s = en(&r, f);
    assert!(s.contains("戊校") && s.contains("己校"), "{s}");
}

#[test]
fn composite_rules_name_only_earlier_school_rules() {
    let later = PLAN
        .replace(r#"rules = ["T01.ratio", "T01.land-per-student"]"#, r#"rules = ["T01.ratio", "T01.share"]"#);
    assert!(
        plan_errors(&later)
            .iter()
            .any(|e| e.contains("\"T01.share\", which is not a rule defined before it"))
    );
    let typo = PLAN.replace(r#"rule = "T01.all-met""#, r#"rule = "T01.all-mte""#);
    assert!(
        plan_errors(&typo).iter().any(|e| e.contains("did you mean \"T01.all-met\"")),
        "{:?}",
        plan_errors(&typo)
    );
    let twice = PLAN
        .replace(r#"rules = ["T01.ratio", "T01.land-per-student"]"#, r#"rules = ["T01.ratio", "T01.ratio"]"#);
    assert!(plan_errors(&twice).iter().any(|e| e.contains("listed twice")));
    let empty = PLAN.replace(r#"rules = ["T01.ratio", "T01.land-per-student"]"#, "rules = []");
    assert!(plan_errors(&empty).iter().any(|e| e.contains("rules is empty")));
}

#[test]
fn a_share_target_must_be_a_share_and_a_per_unit_target_must_not() {
    let over = PLAN.replace(r#"target = "80%""#, r#"target = "120%""#);
    assert!(plan_errors(&over).iter().any(|e| e.contains("share from 0% to 100%")));
    let pct = PLAN.replace("target = 33", r#"target = "33%""#);
    assert!(plan_errors(&pct).iter().any(|e| e.contains("cannot be a percentage")));
    let unit = PLAN.replace(r#"unit = "per", when_zero"#, r#"unit = "each", when_zero"#);
    assert!(plan_errors(&unit).iter().any(|e| e.contains("unknown ratio unit \"each\"")));
}

#[test]
fn a_share_cannot_count_schools_its_rule_does_not_apply_to() {
    let narrow = PLAN.replace(
        "applies_to = [\"ordinary\", \"technical\"]\nrules =",
        "applies_to = [\"ordinary\"]\nrules =",
    );
    assert!(
        plan_errors(&narrow).iter().any(|e| e.contains("applies_to includes \"technical\"")),
        "{:?}",
        plan_errors(&narrow)
    );
}

#[test]
fn an_all_of_must_have_a_part_for_every_type_it_applies_to() {
    // Only the land rule (ordinary schools) left: a 技工学校 would never be judged.
    let only_land = PLAN
        .replace(r#"rules = ["T01.ratio", "T01.land-per-student"]"#, r#"rules = ["T01.land-per-student"]"#);
    assert!(
        plan_errors(&only_land).iter().any(|e| e.contains("none of its rules applies to it")),
        "{:?}",
        plan_errors(&only_land)
    );
}
