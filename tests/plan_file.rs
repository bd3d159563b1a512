//! Plans other than the embedded one: the engine knows nothing of Wenjiang, and a
//! broken plan is reported in full, with lines.

mod common;

use common::*;
use wjvet::check::Outcome;
use wjvet::diag::Code;
use wjvet::eval::Status;

const MINI: &str = r#"
schema_version = 1

[plan]
id = "mini"
title = "测试计划"
title_en = "Test plan"
doc_number = "测〔2030〕1号"
issuer = "测试局"
issuer_en = "Test bureau"
issued = 2030-01-01
period = [2030, 2031]

[[school_types]]
key = "public_vocational"
label = "公办中职"
label_en = "public vocational"

[[school_types]]
key = "private_vocational"
label = "民办中职"
label_en = "private vocational"
aliases = ["民办职校"]

[[fields]]
key = "a"
label = "甲"
label_en = "A"
type = "count"
min = 0
description = { zh = "甲", en = "A" }

[[fields]]
key = "b"
label = "乙"
label_en = "B"
type = "count"
min = 0
description = { zh = "乙", en = "B" }

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
id = "T01.share"
title = "甲占乙不少于25%"
title_en = "A is at least 25% of B"
kind = "district"
applies_to = ["public_vocational", "private_vocational"]
measure = { numerator = "a", denominator = "b" }
comparator = ">="
target = "25%"
due = 2031-12-31
severity = "error"
severity_reason = "test"

[[tasks.rules]]
id = "T01.grow"
title = "甲逐年增长"
title_en = "A grows"
kind = "growth"
applies_to = ["public_vocational", "private_vocational"]
measure = "a"
comparator = ">"
every_year = { due = "12-31", from = 2031, to = 2031 }
severity = "warning"
severity_reason = "test"
"#;

fn with_plan(plan: &str, fx: Fixture, year: i32) -> Outcome {
    fx.plan(plan).outcome(Some(year), None)
}

fn evaluated(o: Outcome) -> wjvet::report::Report {
    match o {
        Outcome::Evaluated(r) => *r,
        _ => panic!("not evaluated"),
    }
}

#[test]
fn district_ratios_are_ratios_of_sums_not_averages() {
    // X: 1/2 = 50%, Y: 1/8 = 12.5%. Average of ratios 31.25% would pass 25%;
    // the ratio of sums 2/10 = 20% does not.
    let keys = ["a", "b"];
    let fx = Fixture::new()
        .csv(
            "d.csv",
            &header_for(&keys),
            &[
                row("X", 2031, "公办中职", &[("a", "1"), ("b", "2")], &keys),
                row("Y", 2031, "民办中职", &[("a", "1"), ("b", "8")], &keys),
            ],
        )
        .registry(&[("x", "X", "public_vocational"), ("y", "Y", "private_vocational")]);
    let r = evaluated(with_plan(MINI, fx, 2031));
    let f = finding(&r, "T01.share", None);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.actual.as_ref().unwrap().show(wjvet::lang::Lang::En), "20% (2/10)");
}

#[test]
fn growth_per_school_against_last_year() {
    let keys = ["a", "b"];
    let fx = Fixture::new().csv(
        "g.csv",
        &header_for(&keys),
        &[
            row("X", 2030, "公办中职", &[("a", "5")], &keys),
            row("X", 2031, "公办中职", &[("a", "6")], &keys),
            row("Y", 2030, "民办中职", &[("a", "5")], &keys),
            row("Y", 2031, "民办中职", &[("a", "5")], &keys),
            row("Z", 2031, "民办中职", &[("a", "9")], &keys),
        ],
    );
    let r = evaluated(with_plan(MINI, fx, 2031));
    assert_eq!(status(&r, "T01.grow", Some("X")), Status::Pass);
    assert_eq!(status(&r, "T01.grow", Some("Y")), Status::Fail);
    let z = finding(&r, "T01.grow", Some("Z"));
    assert_eq!(z.status, Status::Missing, "no row last year");
    assert!(en(&r, z).contains("2030"));
}

#[test]
fn school_types_come_from_the_plan() {
    // A type the plan declares only as an alias is read; a type another plan would
    // know (普通高中) is not a type of this one.
    let keys = ["a", "b"];
    let fx = Fixture::new().csv(
        "t.csv",
        &header_for(&keys),
        &[
            row("X", 2031, "民办职校", &[("a", "1"), ("b", "2")], &keys),
            row("Y", 2031, "普通高中", &[("a", "1"), ("b", "2")], &keys),
        ],
    );
    let Outcome::DataInvalid { diagnostics, .. } = with_plan(MINI, fx, 2031) else { panic!("data accepted") };
    let unknown: Vec<String> = diagnostics
        .items()
        .iter()
        .filter(|d| d.code == Code::UnknownSchoolType)
        .map(|d| d.render(wjvet::lang::Lang::En))
        .collect();
    assert_eq!(unknown.len(), 1, "only 普通高中 is unknown: {unknown:?}");
    assert!(
        unknown[0].contains("\"普通高中\"") && unknown[0].contains("private_vocational"),
        "{}",
        unknown[0]
    );
    assert!(!unknown[0].contains("general_high"), "{}", unknown[0]);
}

#[test]
fn a_word_naming_two_school_types_is_refused() {
    let plan = MINI.replace("aliases = [\"民办职校\"]", "aliases = [\"公办中职\"]");
    let Outcome::PlanInvalid(d) = with_plan(&plan, Fixture::new(), 2031) else { panic!("plan accepted") };
    let shown: Vec<String> = d.items().iter().map(|d| d.render(wjvet::lang::Lang::En)).collect();
    assert!(shown.iter().any(|s| s.contains("\"公办中职\" names two school types")), "{shown:?}");
    // With no type declared, nothing can be in scope: refused, not silently empty.
    let start = MINI.find("[[school_types]]").unwrap();
    let end = MINI.find("[[fields]]").unwrap();
    let none = format!("{}{}", &MINI[..start], &MINI[end..]);
    let Outcome::PlanInvalid(d) = with_plan(&none, Fixture::new(), 2031) else { panic!("plan accepted") };
    let shown: Vec<String> = d.items().iter().map(|d| d.render(wjvet::lang::Lang::En)).collect();
    assert!(shown.iter().any(|s| s.contains("declares no school type")), "{shown:?}");
}

#[test]
fn every_plan_error_is_reported_with_its_line() {
    let broken = MINI
        .replace("measure = \"a\"", "measure = \"aa\"")
        .replace("target = \"25%\"", "target = 0.25")
        .replace("id = \"T01.grow\"", "id = \"T1-grow\"");
    let Outcome::PlanInvalid(d) = with_plan(&broken, Fixture::new(), 2031) else { panic!("plan accepted") };
    let codes: Vec<Code> = d.items().iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::PlanReference), "{codes:?}");
    assert!(codes.contains(&Code::PlanValue), "{codes:?}");
    assert!(d.errors() >= 3, "all problems at once: {codes:?}");
    for diag in d.items() {
        assert!(diag.location.row.is_some(), "no line: {diag:?}");
    }
    let unknown = d.items().iter().find(|d| d.code == Code::PlanReference).unwrap();
    assert!(unknown.message.en.contains("did you mean \"a\""), "{}", unknown.message.en);
    let float = d.items().iter().find(|d| d.message.en.contains("float")).unwrap();
    assert!(float.message.en.contains("\"85%\""));
}

#[test]
fn a_task_without_a_rule_is_rejected() {
    let broken = MINI.split("[[tasks.rules]]").next().unwrap().to_string();
    let Outcome::PlanInvalid(d) = with_plan(&broken, Fixture::new(), 2031) else { panic!("plan accepted") };
    assert!(d.items().iter().any(|d| d.code == Code::PlanCoverage));
}

#[test]
fn unknown_keys_in_the_plan_are_syntax_errors_with_a_line() {
    let broken =
        MINI.replace("severity_reason = \"test\"\n\"#", "severity_reason = \"test\"\ntargte = 1\n\"#");
    let broken = broken.replacen("severity = \"warning\"", "severity = \"warning\"\ntargte = 1", 1);
    let Outcome::PlanInvalid(d) = with_plan(&broken, Fixture::new(), 2031) else { panic!("plan accepted") };
    let first = &d.items()[0];
    assert_eq!(first.code, Code::PlanSyntax);
    assert!(first.message.en.contains("targte"), "{}", first.message.en);
    assert!(first.location.row.is_some());
}

#[test]
fn headline_is_only_for_numeric_targets() {
    // The annual report charts a headline as a value against a number; a growth rule
    // has no number to chart, so marking it a headline is a plan error, with a line.
    let broken = MINI.replace("kind = \"growth\"", "kind = \"growth\"\nheadline = true");
    let Outcome::PlanInvalid(d) = with_plan(&broken, Fixture::new(), 2031) else { panic!("plan accepted") };
    let diag = d.items().iter().find(|d| d.message.en.contains("headline")).expect("headline error");
    assert_eq!(diag.code, Code::PlanRuleShape);
    assert!(diag.location.row.is_some());
    let fine = MINI.replace("kind = \"district\"", "kind = \"district\"\nheadline = true");
    assert!(
        !matches!(with_plan(&fine, Fixture::new(), 2031), Outcome::PlanInvalid(_)),
        "a district ratio can be one"
    );
}

#[test]
fn growth_per_school_is_not_judged_against_last_years_invalid_row() {
    // X's 2030 row is there twice (5, then 9): 6 in 2031 is growth on one, not the
    // other, so the result is invalid, never a pass read from the first.
    let keys = ["a", "b"];
    let fx = Fixture::new().plan(MINI).csv(
        "g.csv",
        &header_for(&keys),
        &[
            row("X", 2030, "公办中职", &[("a", "5")], &keys),
            row("X", 2030, "公办中职", &[("a", "9")], &keys),
            row("X", 2031, "公办中职", &[("a", "6")], &keys),
        ],
    );
    let opts = wjvet::check::CheckOptions { keep_going: true, ..fx.options(Some(2031), None) };
    let r = evaluated(wjvet::check::run(&opts));
    let f = finding(&r, "T01.grow", Some("X"));
    assert_eq!(f.status, Status::Invalid, "{}", en(&r, f));
    assert!(en(&r, f).contains("2030"), "{}", en(&r, f));
}
