//! Group limits ("at most 10% of a host's staff") on a plan's own roster: a group is
//! keyed by a text or a choice column, and any other kind is refused when the plan
//! loads, so no limit can be declared that silently checks nothing.

mod common;

use std::path::Path;

use common::id;
use wjvet::diag::Code;
use wjvet::lang::Lang;
use wjvet::{data, plan};

/// The fixture plan's `visits` roster with one group limit: visits for one purpose at
/// most half the largest number of hours recorded for it.
fn plan_grouped_by(by: &str, dir: &Path) -> Result<plan::Plan, wjvet::diag::Diagnostics> {
    let base = std::fs::read_to_string("tests/fixtures/roster-plan/plan.toml").unwrap();
    let text = format!(
        r#"{base}
[[rosters.checks]]
id = "V.share"
label = "同一目的的走访不超过最长时长的一半"
label_en = "Visits for one purpose at most half the longest visit's hours"
article = "测试条款"
article_en = "test clause"
severity = "error"
group = {{ by = "{by}", at_most_share_of = "hours", share = "50%" }}
"#
    );
    let path = dir.join("plan.toml");
    std::fs::write(&path, text).unwrap();
    plan::load(Some(&path))
}

fn visits(purposes: &[&str]) -> String {
    let mut text = String::from("\u{feff}学校名称,年度,走访人身份证号,走访日期,走访目的,时长\r\n");
    for (n, p) in purposes.iter().enumerate() {
        let n = u32::try_from(n).unwrap();
        text.push_str(&format!("测试学校,2020,{},2020-05-{:02},{p},2\r\n", id("19800101", n), n + 1));
    }
    text
}

fn violations(purposes: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_grouped_by("purpose", dir.path()).expect("a choice column may key a group");
    let path = dir.path().join("visits.csv");
    std::fs::write(&path, visits(purposes)).unwrap();
    // A roster does not say a school's type: the registry does.
    let reg = dir.path().join("registry.toml");
    std::fs::write(
        &reg,
        "[[institutions]]\nid = \"t1\"\nname = \"测试学校\"\ntype = \"public_vocational\"\n",
    )
    .unwrap();
    let registry = plan::load_registry(&plan, Some(&reg)).unwrap();
    let l = data::load(&plan, registry, &[path], 1000);
    let refused: Vec<String> = l
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.level == wjvet::diag::Level::Error)
        .map(|d| d.render(Lang::En))
        .collect();
    assert!(refused.is_empty(), "{refused:?}");
    l.diagnostics
        .items()
        .iter()
        .filter(|d| d.code == Code::RecordViolation)
        .map(|d| d.render(Lang::En))
        .collect()
}

#[test]
fn a_choice_column_keys_a_group_at_its_bound_and_one_past_it() {
    // The largest hours are 2, so half of it is 1 visit per purpose.
    assert!(violations(&["实习巡查", "校企合作"]).is_empty());
    let over = violations(&["实习巡查", "校企合作", "实习巡查"]);
    assert_eq!(over.len(), 1, "{over:?}");
    assert!(over[0].contains("实习巡查") && over[0].contains("V.share"), "{over:?}");
}

#[test]
fn a_group_keyed_by_a_date_is_refused_when_the_plan_loads() {
    let dir = tempfile::tempdir().unwrap();
    let diags = plan_grouped_by("visited_on", dir.path()).expect_err("a date cannot key a group");
    let shown: Vec<String> = diags.items().iter().map(|d| d.render(Lang::En)).collect();
    assert!(
        shown.iter().any(|d| d.contains("plan-rule-shape")
            && d.contains("\"visited_on\"")
            && d.contains("text or choice")),
        "{shown:?}"
    );
}
