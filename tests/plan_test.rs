//! Plan tests through the library: the shipped plan's own tests pass and keep their
//! coverage, a wrong expectation or invalid rows fail a case, and coverage is decided
//! by the findings' values, not by the cases' names.

use wjvet::eval::Status;
use wjvet::plan::{self, Plan};
use wjvet::plantest::{self, CaseResult, Coverage, Outcome, Suite, coverage::is_computed};

fn plan() -> Plan {
    plan::load(None).expect("the embedded plan is valid")
}

fn shipped(plan: &Plan) -> Suite {
    match plantest::load_shipped(plan).expect("wjvet ships tests for its default plan") {
        Ok(s) => s,
        Err(d) => panic!("the shipped tests do not validate: {:#?}", d.items()),
    }
}

fn run(plan: &Plan, source: &str) -> Vec<CaseResult> {
    let suite = plantest::parse(source, "t.toml", None, plan).unwrap_or_else(|d| panic!("{:#?}", d.items()));
    plantest::run_suite(plan, &suite)
}

/// Every plan wjvet ships, parsed.
fn shipped_plans() -> Vec<Plan> {
    plan::shipped::SHIPPED
        .iter()
        .map(|s| plan::parse_plan(s.toml, s.path).unwrap_or_else(|d| panic!("{}: {:?}", s.path, d.items())))
        .collect()
}

#[test]
fn every_shipped_plan_ships_tests_that_pass() {
    for plan in shipped_plans() {
        let suite = shipped(&plan);
        assert!(suite.cases.len() >= 5, "{}: too few cases", plan.meta.id);
        for r in plantest::run_suite(&plan, &suite) {
            let wrong: Vec<String> = r
                .checks
                .iter()
                .filter(|c| !c.holds())
                .map(|c| format!("{} {:?}: {:?}", plan.rules[c.expect.rule].id, c.expect.subject, c.found))
                .collect();
            assert!(
                r.passed(),
                "{}: case {:?} failed: {:?} {wrong:#?}",
                plan.meta.id,
                r.name,
                r.diagnostics.items()
            );
        }
    }
}

/// The shipped tests must reach pass-at-bound, fail-below and missing for every
/// computed rule of every shipped plan: a rule added without such tests, or a test
/// edited off its bound, fails here. The rules come from the plans, not from a list.
#[test]
fn the_shipped_tests_reach_the_bounds_of_every_computed_rule() {
    for plan in shipped_plans() {
        let results = plantest::run_suite(&plan, &shipped(&plan));
        let coverage = Coverage::of(&plan, &results);
        let computed = plan.rules.iter().filter(|r| is_computed(&r.kind)).count();
        assert!(computed > 0, "{} has no computed rule", plan.meta.id);
        let gaps: Vec<(String, Vec<Outcome>)> =
            coverage.gaps(&plan).into_iter().map(|(i, miss)| (plan.rules[i].id.clone(), miss)).collect();
        assert!(gaps.is_empty(), "{}: computed rules whose tests miss an outcome: {gaps:#?}", plan.meta.id);
        for (rule, cov) in plan.rules.iter().zip(&coverage.rules) {
            assert!(cov.exercised, "no shipped test checks {}", rule.id);
        }
    }
}

#[test]
fn exercised_rules_are_the_ones_expectations_name() {
    let plan = plan();
    let suite = plantest::parse(
        "[[case]]\nname = \"a\"\nrows = \"学校名称,年度\\n温江二中,2020\\n\"\n\
         expect = [{ rule = \"T05.integration\", institution = \"全区\", status = \"missing\" },\n\
                   { rule = \"T01.enrolled\", institution = \"district\", status = \"incomplete\" }]\n",
        "t.toml",
        None,
        &plan,
    )
    .expect("valid");
    assert_eq!(plantest::exercised_rule_ids(&plan, &[suite]), ["T01.enrolled", "T05.integration"]);
    assert_eq!(plantest::exercised_rule_ids(&plan, &[shipped(&plan)]).len(), plan.rules.len());
}

const HEADER: &str = "学校名称,年度,学校类型,专任教师数,合格教师数";

fn one_case(row: &str, status: &str, actual: &str) -> String {
    format!(
        "[[case]]\nname = \"T15\"\nrows = \"\"\"\n{HEADER}\n{row}\n\"\"\"\n\
         expect = [{{ rule = \"T15.qualified\", institution = \"燎原职中\", status = \"{status}\", actual = \"{actual}\" }}]\n"
    )
}

#[test]
fn a_wrong_status_or_actual_fails_the_case_with_the_finding() {
    let plan = plan();
    let r = run(&plan, &one_case("温江区燎原职业技术学校,2020,公办中职,20,16", "pass", "80% (16/20)"));
    assert!(!r[0].passed());
    let found = r[0].checks[0].found.as_ref().expect("the finding is kept to show");
    assert_eq!(found.status, Status::Fail);
    let r = run(&plan, &one_case("温江区燎原职业技术学校,2020,公办中职,20,16", "fail", "85% (17/20)"));
    assert!(!r[0].passed(), "the status matches but the actual does not");
    let r = run(&plan, &one_case("温江区燎原职业技术学校,2020,公办中职,20,16", "fail", "80% (16/20)"));
    assert!(r[0].passed());
}

#[test]
fn invalid_rows_fail_the_case_with_their_diagnostics() {
    let plan = plan();
    let r = run(&plan, &one_case("温江区燎原职业技术学校,2020,公办中职,20,二十", "pass", "85% (17/20)"));
    assert!(!r[0].passed());
    assert!(r[0].checks.is_empty(), "nothing is judged on invalid rows");
    let codes: Vec<&str> = r[0].diagnostics.items().iter().map(|d| d.code.name()).collect();
    assert_eq!(codes, ["not-a-number"]);
    // The cell is pointed at in the test file: `rows = """` is line 3, the header 4.
    let at = &r[0].diagnostics.items()[0].location;
    assert_eq!((at.file.as_deref(), at.row), (Some("t.toml"), Some(5)));
}

#[test]
fn an_expectation_for_a_result_that_does_not_exist_fails() {
    let plan = plan();
    // T16.industry applies to public schools only; 德远 is private.
    let src = "[[case]]\nname = \"x\"\nrows = \"学校名称,年度,学校类型\\n温江区德远职业学校,2020,民办中职\\n\"\n\
               expect = [{ rule = \"T16.industry\", institution = \"温江区德远职业学校\", status = \"missing\" }]\n";
    let r = run(&plan, src);
    assert!(r[0].checks[0].found.is_none());
    assert!(!r[0].passed());
}

/// Coverage comes from the values: 18 of 20 passes 85% with a teacher to spare and 15
/// of 20 is two short, so neither is at the bound whatever the case is called.
#[test]
fn coverage_is_read_from_the_values_not_the_names() {
    let plan = plan();
    let rule = plan.rules.iter().position(|r| r.id == "T15.qualified").expect("T15");
    let reached = |row: &str, status: &str, actual: &str| {
        let results = run(&plan, &one_case(row, status, actual));
        assert!(results[0].passed(), "{row}");
        Coverage::of(&plan, &results).rules[rule].reached.clone()
    };
    let at = |o: Outcome| std::collections::BTreeSet::from([o]);
    assert_eq!(reached("燎原职中,2020,公办中职,20,17", "pass", "85% (17/20)"), at(Outcome::PassAtBound));
    assert_eq!(reached("燎原职中,2020,公办中职,20,18", "pass", "90% (18/20)"), Default::default());
    assert_eq!(reached("燎原职中,2020,公办中职,20,16", "fail", "80% (16/20)"), at(Outcome::FailBelow));
    assert_eq!(reached("燎原职中,2020,公办中职,20,15", "fail", "75% (15/20)"), Default::default());
    // 85% of 21 is 17.85: 18 is the least passing numerator, so 18/21 is at the bound
    // although it shows 85.7%, and 17/21 is one below.
    assert_eq!(reached("燎原职中,2020,公办中职,21,18", "pass", "85.7% (18/21)"), at(Outcome::PassAtBound));
    assert_eq!(reached("燎原职中,2020,公办中职,21,17", "fail", "80.9% (17/21)"), at(Outcome::FailBelow));
}

#[test]
fn a_deadline_is_one_below_only_when_a_single_day_late() {
    let plan = plan();
    let rule = plan.rules.iter().position(|r| r.id == "T16.hiring-plan").expect("T16.hiring-plan");
    let reached = |date: &str| {
        let src = format!(
            "[[case]]\nname = \"x\"\nrows = \"\"\"\n学校名称,年度,学校类型,聘请企业人才计划上报日期\n燎原职中,2019,公办中职,{date}\n\"\"\"\n\
             expect = [{{ rule = \"T16.hiring-plan\", institution = \"燎原职中\", status = \"late\" }}]\n"
        );
        let results = run(&plan, &src);
        assert!(results[0].passed(), "{date}");
        Coverage::of(&plan, &results).rules[rule].reached.clone()
    };
    assert_eq!(reached("2019-03-01"), std::collections::BTreeSet::from([Outcome::FailBelow]));
    assert_eq!(reached("2019-03-02"), Default::default());
}

/// A plan of the kinds built from other rules, to show their bounds: `all_of` at the
/// bound when every part is met and one below with one part unmet; a share of
/// institutions one institution either side of its target.
const COMPOSITE: &str = r#"
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
applies_to = ["ordinary"]
measure = { numerator = "students", denominator = "teachers", unit = "per", when_zero = "fail" }
comparator = "<="
target = 20
due = 2031-12-31
severity = "error"
severity_reason = "test"

[[tasks.rules]]
id = "T01.teachers"
title = "专任教师不少于5人"
title_en = "At least 5 teachers"
kind = "threshold"
applies_to = ["ordinary"]
measure = "teachers"
comparator = ">="
target = 5
due = 2031-12-31
severity = "error"
severity_reason = "test"

[[tasks.rules]]
id = "T01.all-met"
title = "各项指标全部达标"
title_en = "Every indicator met"
kind = "all_of"
applies_to = ["ordinary"]
rules = ["T01.ratio", "T01.teachers"]
due = 2031-12-31
severity = "error"
severity_reason = "test"

[[tasks.rules]]
id = "T01.share"
title = "达标学校占比不低于80%"
title_en = "At least 80% of schools meet every indicator"
kind = "share_of_institutions"
applies_to = ["ordinary"]
rule = "T01.all-met"
comparator = ">="
target = "80%"
due = 2031-12-31
severity = "error"
severity_reason = "test"
"#;

const COMPOSITE_TESTS: &str = r#"
registry = [
  { id = "a", name = "甲校", type = "ordinary" }, { id = "b", name = "乙校", type = "ordinary" },
  { id = "c", name = "丙校", type = "ordinary" }, { id = "d", name = "丁校", type = "ordinary" },
  { id = "e", name = "戊校", type = "ordinary" },
]

[[case]]
name = "4 of 5 schools meet everything: 80% exactly"
rows = """
学校名称,年度,在校生数,专任教师数
甲校,2031,100,5
乙校,2031,100,5
丙校,2031,100,5
丁校,2031,100,5
戊校,2031,101,5
"""
expect = [
  { rule = "T01.ratio", institution = "甲校", status = "pass", actual = "20 (100/5)" },
  { rule = "T01.ratio", institution = "戊校", status = "fail", actual = "20.2 (101/5)" },
  { rule = "T01.teachers", institution = "甲校", status = "pass", actual = "5" },
  { rule = "T01.all-met", institution = "甲校", status = "pass", actual = "2/2" },
  { rule = "T01.all-met", institution = "戊校", status = "fail", actual = "1/2" },
  { rule = "T01.share", institution = "全区", status = "pass", actual = "80% (4/5)" },
]

[[case]]
name = "3 of 5: one school short of 80%; a school with 4 teachers"
rows = """
学校名称,年度,在校生数,专任教师数
甲校,2031,80,4
乙校,2031,100,5
丙校,2031,100,5
丁校,2031,100,5
戊校,2031,101,5
"""
expect = [
  { rule = "T01.teachers", institution = "甲校", status = "fail", actual = "4" },
  { rule = "T01.share", institution = "全区", status = "fail", actual = "60% (3/5)" },
]

[[case]]
name = "two schools without a teacher count: 3 of 5 known, the share undecided"
rows = """
学校名称,年度,在校生数,专任教师数
甲校,2031,100,
乙校,2031,100,
丙校,2031,100,5
丁校,2031,100,5
戊校,2031,100,5
"""
expect = [
  { rule = "T01.ratio", institution = "甲校", status = "missing" },
  { rule = "T01.teachers", institution = "甲校", status = "missing" },
  { rule = "T01.all-met", institution = "甲校", status = "missing" },
  { rule = "T01.share", institution = "全区", status = "missing" },
]
"#;

#[test]
fn rules_built_from_rules_reach_their_bounds() {
    let plan = plan::parse_plan(COMPOSITE, "composite.toml").unwrap_or_else(|d| panic!("{:#?}", d.items()));
    let results = run(&plan, COMPOSITE_TESTS);
    for r in &results {
        let wrong: Vec<String> =
            r.checks.iter().filter(|c| !c.holds()).map(|c| format!("{:?}", c.found)).collect();
        assert!(r.passed(), "{}: {:?} {wrong:#?}", r.name, r.diagnostics.items());
    }
    let coverage = Coverage::of(&plan, &results);
    let gaps: Vec<(String, Vec<Outcome>)> =
        coverage.gaps(&plan).into_iter().map(|(i, miss)| (plan.rules[i].id.clone(), miss)).collect();
    assert!(gaps.is_empty(), "{gaps:#?}");
}

// Outcomes of single findings, built by hand: the kinds the row-driven tests above
// reach only through the shipped suite.

use wjvet::eval::{Actual, Finding};
use wjvet::num::Num;
use wjvet::plantest::coverage::outcome;

fn judged(plan: &Plan, id: &str, status: Status, actual: Actual) -> Option<Outcome> {
    let rule = plan.rules.iter().position(|r| r.id == id).expect("rule");
    let mut f = Finding::new(rule, None, 2020, false);
    f.status = status;
    f.due = plan.rules[rule].due_for(2020);
    f.actual = Some(actual);
    outcome(plan, &f)
}

fn n(v: i128) -> Num {
    Num::from_integer(v)
}

#[test]
fn growth_count_and_at_most_bounds() {
    let plan = plan();
    let unit = wjvet::num::Unit::Plain;
    let growth = |p, c| Actual::growth(&n(p), &n(c), unit);
    // "> last year": 301 after 300 is the least growth, 300 after 300 one short.
    assert_eq!(
        judged(&plan, "T04.articulation-growth", Status::Pass, growth(300, 301)),
        Some(Outcome::PassAtBound)
    );
    assert_eq!(judged(&plan, "T04.articulation-growth", Status::Pass, growth(300, 302)), None);
    assert_eq!(
        judged(&plan, "T04.articulation-growth", Status::Fail, growth(300, 300)),
        Some(Outcome::FailBelow)
    );
    assert_eq!(judged(&plan, "T04.articulation-growth", Status::Fail, growth(300, 299)), None);
    // "at least one school": 1 of 2 at the bound, 2 of 2 not; 0 of 2 one short.
    assert_eq!(
        judged(&plan, "T03.new-quality-private", Status::Pass, Actual::count(1, 2)),
        Some(Outcome::PassAtBound)
    );
    assert_eq!(judged(&plan, "T03.new-quality-private", Status::Pass, Actual::count(2, 2)), None);
    assert_eq!(
        judged(&plan, "T03.new-quality-private", Status::Fail, Actual::count(0, 2)),
        Some(Outcome::FailBelow)
    );
    // "≤ 0": 0 is the bound and 1 the step past it; 2 is not one step.
    let num = |v| Actual::number(&n(v), unit);
    assert_eq!(judged(&plan, "T24.no-first-year", Status::Pass, num(0)), Some(Outcome::PassAtBound));
    assert_eq!(judged(&plan, "T24.no-first-year", Status::Fail, num(1)), Some(Outcome::FailBelow));
    assert_eq!(judged(&plan, "T24.no-first-year", Status::Fail, num(2)), None);
    // A pass on time but before the due day is not at the bound.
    let day = |s: &str| Actual::Date(s.parse().expect("date"));
    assert_eq!(
        judged(&plan, "T02.provincial-model", Status::Pass, day("2020-12-31")),
        Some(Outcome::PassAtBound)
    );
    assert_eq!(judged(&plan, "T02.provincial-model", Status::Pass, day("2020-12-30")), None);
}

// The test file itself: every problem reported at its line, names resolved.

use chrono::NaiveDate;
use wjvet::plantest::Subject;

fn file_errors(source: &str) -> Vec<(u32, String)> {
    match plantest::parse(source, "t.toml", None, &plan()) {
        Ok(_) => Vec::new(),
        Err(d) => d.items().iter().map(|d| (d.location.row.unwrap_or(0), d.message.en.clone())).collect(),
    }
}

const CASE: &str = "[[case]]\nname = \"a\"\nrows = \"学校名称,年度\\n温江二中,2020\\n\"\n";

#[test]
fn unknown_key_is_reported_at_its_line() {
    let e = file_errors(&format!("{CASE}expect = []\nyaer = 2020\n"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, 5);
    assert!(e[0].1.contains("unknown field `yaer`"), "{e:?}");
}

#[test]
fn unknown_rule_and_status_are_reported_at_their_lines() {
    let src = format!(
        "{CASE}[[case.expect]]\nrule = \"T15.qualifed\"\ninstitution = \"温江二中\"\nstatus = \"passed\"\n"
    );
    let e = file_errors(&src);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!((e[0].0, e[0].1.as_str()), (5, "the plan has no rule \"T15.qualifed\""));
    assert_eq!((e[1].0, e[1].1.as_str()), (7, "unknown status \"passed\""));
}

#[test]
fn a_case_without_expectations_or_input_is_an_error() {
    let e = file_errors("[[case]]\nname = \"a\"\n");
    let msgs: Vec<&str> = e.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        msgs,
        ["case \"a\" needs exactly one of rows and file", "case \"a\" has no expect: it tests nothing"]
    );
}

#[test]
fn an_inline_registry_is_checked_by_the_plan_and_blamed_at_its_line() {
    let src = format!(
        "{CASE}expect = [{{ rule = \"T05.integration\", institution = \"全区\", status = \"missing\" }}]\n\
         registry = [{{ id = \"yufu\", name = \"鱼凫\", type = \"public_vocationl\" }}]\n"
    );
    let e = file_errors(&src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, 5);
    assert!(e[0].1.contains("public_vocationl"), "{e:?}");
}

#[test]
fn a_valid_file_resolves_rules_subjects_and_registry() {
    let src = format!(
        "registry = [{{ id = \"yufu\", name = \"温江区鱼凫职业技术学校\", type = \"public_vocational\" }}]\n{CASE}\
         as_of = 2020-06-30\nexpect = [{{ rule = \"T01.enrolled\", institution = \"全区\", status = \"missing\" }}]\n"
    );
    let suite = plantest::parse(&src, "t.toml", None, &plan()).expect("valid");
    let case = &suite.cases[0];
    assert_eq!(case.expect[0].subject, Subject::District);
    assert_eq!(case.expect[0].status, Status::Missing);
    assert_eq!(case.as_of, NaiveDate::from_ymd_opt(2020, 6, 30));
    let registry = case.registry.as_ref().expect("the shared registry");
    assert!(registry.complete && registry.lookup("温江区鱼凫职业技术学校").is_some());
    assert_eq!(suite.exercised().len(), 1);
}

/// The schema lists the statuses by hand (schemars needs a literal); it must list
/// exactly the ones the test file accepts.
#[test]
fn the_schema_lists_every_status() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema/plan-tests.schema.json"))
            .expect("the checked-in schema"),
    )
    .expect("JSON");
    let listed = schema["definitions"]["RawExpect"]["properties"]["status"]["enum"].clone();
    let keys: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
    assert_eq!(listed, serde_json::json!(keys));
}

/// `plan check` warns at each rule no case names, once the plan has tests; the
/// shipped plans' own tests name every rule, so they check clean.
#[test]
fn plan_check_warns_about_rules_no_test_names() {
    let dir = tempfile::tempdir().unwrap();
    let tests = dir.path().join("one.toml");
    // One case naming one rule of the default plan.
    let plan = wjvet::plan::load(None).unwrap();
    let suite = wjvet::plantest::load_shipped(&plan).unwrap().unwrap();
    let named = wjvet::plantest::exercised_rule_ids(&plan, &[suite]);
    assert_eq!(named.len(), plan.rules.len(), "the shipped tests name every rule");
    let first = &plan.rules[0].id;
    std::fs::write(
        &tests,
        format!(
            "[[case]]\nname = \"one rule\"\nyear = 2020\nrows = \"\"\"\n学校名称,年度,学校类型\n甲校,2020,公办中职\n\"\"\"\n\
             expect = [{{ rule = \"{first}\", institution = \"甲校\", status = \"missing\" }}]\n"
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wjvet"))
        .args(["--lang", "en", "plan", "check", "--deny-warnings", "--tests"])
        .arg(&tests)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warned = stderr.matches("warning[plan-untested-rule]").count();
    assert_eq!(warned, plan.rules.len() - 1, "{stderr}");
    assert!(!stderr.contains(&format!("names rule {first:?}")), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "warnings with --deny-warnings");
    let clean = std::process::Command::new(env!("CARGO_BIN_EXE_wjvet"))
        .args(["--lang", "en", "plan", "check", "--deny-warnings"])
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0), "{}", String::from_utf8_lossy(&clean.stderr));
}
