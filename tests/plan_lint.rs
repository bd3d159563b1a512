//! The lint of `wjvet plan check` on the shipped default plan: clean as shipped, and
//! each warning raised, at its line and column, by the one edit that should raise it.
//! (Here rather than in src/plan/lint.rs: the engine's sources name no shipped plan.)

use std::collections::HashSet;

use wjvet::diag::Code;
use wjvet::plan::{EMBEDDED_PLAN, EMBEDDED_SOURCE, Original, lint, parse_plan, untested_rules};

/// The lint of the embedded plan with `from` replaced by `to`: (code, line, col).
fn lint_with(from: &str, to: &str, original: Original<'_>) -> Vec<(Code, u32, u32)> {
    let text = EMBEDDED_PLAN.replacen(from, to, 1);
    assert!(from == to || text != EMBEDDED_PLAN, "{from:?} not in plan.toml");
    let plan = parse_plan(&text, "p").unwrap_or_else(|d| panic!("{:?}", d.items()));
    let d = lint(&plan, &text, "p", original);
    d.items().iter().map(|d| (d.code, d.location.row.unwrap_or(0), d.location.col.unwrap_or(0))).collect()
}

fn line_of(text: &str, needle: &str) -> u32 {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    u32::try_from(text[..at].matches('\n').count() + 1).unwrap_or(0)
}

const SOURCE: Original<'static> = Original::Text(EMBEDDED_SOURCE);

#[test]
fn the_shipped_plan_lints_clean() {
    assert_eq!(lint_with("schema_version = 1", "schema_version = 1", SOURCE), []);
}

#[test]
fn a_due_month_moved_away_from_the_title_warns_at_both_titles() {
    let got = lint_with("due = \"05-31\"", "due = \"04-30\"", SOURCE);
    let title = line_of(EMBEDDED_PLAN, "title = \"每年5月前上报实习计划和实习方案\"");
    assert_eq!(got, [(Code::PlanTitleMismatch, title, 9), (Code::PlanTitleMismatch, title + 1, 12)]);
    // Another day of the same month agrees with "5月".
    assert_eq!(lint_with("due = \"05-31\"", "due = \"05-20\"", SOURCE), []);
}

#[test]
fn a_target_that_is_not_the_titles_percentage_warns() {
    let got = lint_with("target = \"85%\"", "target = \"80%\"", SOURCE);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(c, ..)| *c == Code::PlanTitleMismatch));
}

#[test]
fn a_computed_rule_or_a_reading_without_interpretation_warns_a_manual_rule_does_not() {
    let got = lint_with("\ninterpretation = ", "\n# interpretation = ", SOURCE);
    assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [Code::PlanNoInterpretation]);
    assert_eq!(got[0].1, line_of(EMBEDDED_PLAN, "id = \"T01.enrolled\""));
    // T10.adjustment-plan is a milestone with no interpretation: quiet, until its
    // severity_reason calls its date a reading.
    let reason = "“所有中职学校制订”为明确任务";
    assert_eq!(lint_with(reason, "日期是我们的解读；", SOURCE).len(), 1);
    // T30.joint-build is manual with no interpretation: nothing computed, quiet.
    assert_eq!(lint_with("“鼓励”是鼓励性表述 / 鼓励 signals an aim", "x", SOURCE), []);
}

#[test]
fn quotations_are_compared_without_whitespace() {
    let quote = "每年5月前，上报学校实习计划和实习方案\" }";
    assert_eq!(lint_with(quote, "每年5月前，上报学校 实习计划\\n和实习方案\" }", SOURCE), []);
    let got = lint_with(quote, "每年4月前上报学校实习计划\" }", SOURCE);
    assert_eq!(got, [(Code::PlanCitationNotFound, line_of(EMBEDDED_PLAN, quote), 31)]);
    // Without a source text nothing is compared; an unreadable one is said once.
    assert_eq!(lint_with(quote, "每年4月前上报学校实习计划\" }", Original::None), []);
    let got = lint_with(quote, quote, Original::Unreadable("no such file"));
    assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [Code::PlanCitationNotFound]);
    assert_eq!(got[0].1, line_of(EMBEDDED_PLAN, "source = "));
}

#[test]
fn a_field_no_rule_reads_warns_at_its_key() {
    let field = "[[fields]]\nkey = \"canteens\"\nlabel = \"食堂数\"\nlabel_en = \"Canteens\"\n\
                 type = \"count\"\ndescription = { zh = \"食堂\", en = \"canteens\" }\n\n[[fields]]";
    let got = lint_with("[[fields]]", field, SOURCE);
    let line = line_of(EMBEDDED_PLAN, "[[fields]]") + 1;
    assert_eq!(got, [(Code::PlanUnusedField, line, 7)]);
}

#[test]
fn untested_rules_are_those_no_test_exercised() {
    let plan = parse_plan(EMBEDDED_PLAN, "p").unwrap_or_else(|d| panic!("{:?}", d.items()));
    let all: HashSet<&str> = plan.rules.iter().map(|r| r.id.as_str()).collect();
    assert!(untested_rules(&plan, &all).is_empty());
    let mut some = all.clone();
    some.remove("T23.internship-plan");
    let left: Vec<&str> = untested_rules(&plan, &some).iter().map(|r| r.id.as_str()).collect();
    assert_eq!(left, ["T23.internship-plan"]);
}

#[test]
fn every_shipped_plan_checks_clean_against_its_source_text() {
    for s in wjvet::plan::shipped::SHIPPED {
        let checked = wjvet::plan::check::check(Some(std::path::Path::new(s.id)));
        let found: Vec<String> =
            checked.diagnostics.items().iter().map(|d| d.render(wjvet::lang::Lang::En)).collect();
        assert!(checked.plan.is_some() && found.is_empty(), "{}:\n{}", s.id, found.join("\n"));
    }
}
