//! Exemptions (reasoned, dated, failing closed, never hiding anything), selection
//! (never a silent pass) and the fail-on threshold.

mod common;

use common::*;
use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::diag::Code;
use wjvet::eval::Status;
use wjvet::exempt;
use wjvet::report::FailOn;
use wjvet::select::Selection;

const YUFU: &str = "温江区鱼凫职业技术学校";

fn district(
    exemptions: Option<&str>,
    as_of: Option<&str>,
    selection: Selection,
    no_exemptions: bool,
) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let exemptions = exemptions.map(|text| {
        let p = dir.path().join("exemptions.toml");
        std::fs::write(&p, text).unwrap();
        p
    });
    check::run(&CheckOptions {
        registry: Some("examples/registry.toml".into()),
        paths: vec!["examples/district".into()],
        as_of: as_of.map(|d| d.parse().unwrap()),
        exemptions,
        no_exemptions,
        selection,
        ..CheckOptions::default()
    })
}

fn report(o: Outcome) -> wjvet::report::Report {
    match o {
        Outcome::Evaluated(r) => *r,
        Outcome::ConfigInvalid(d) | Outcome::PlanInvalid(d) => {
            panic!("{:?}", d.items().iter().map(|d| d.message.en.clone()).collect::<Vec<_>>())
        }
        Outcome::DataInvalid { .. } => panic!("data invalid"),
    }
}

const ROOMS: &str = r#"
[[exemption]]
rule = "T22.training-rooms"
institution = "温江区鱼凫职业技术学校"
year = 2020
reason = "实训楼在建"
approved_by = "成职教科"
document = "温教函〔2020〕1号"
expires = 2020-12-31
"#;

#[test]
fn an_exemption_applies_on_its_expiry_day_and_is_shown_with_its_reason() {
    let r = report(district(Some(ROOMS), Some("2020-12-31"), Selection::default(), false));
    let f = finding(&r, "T22.training-rooms", Some(YUFU));
    assert_eq!(f.status, Status::Exempted);
    assert!(!f.counts_against());
    let e = f.exempted().unwrap();
    assert_eq!(e.original, Status::Fail);
    assert!(en(&r, f).contains("实训楼在建"), "{}", en(&r, f));
    assert_eq!(r.summary.count(Status::Exempted), 1, "counted apart");
    assert_eq!(r.exemptions[0].outcome, exempt::Outcome::Applied(1));
}

#[test]
fn the_day_after_expiry_it_no_longer_applies_and_is_reported_expired() {
    let r = report(district(Some(ROOMS), Some("2021-01-01"), Selection { ..Selection::default() }, false));
    // Evaluated as of 2021-01-01, the 2020 row is still the latest: the rule fails again.
    let f = finding(&r, "T22.training-rooms", Some(YUFU));
    assert_eq!(f.status, Status::Fail);
    assert_eq!(r.exemptions[0].outcome, exempt::Outcome::Expired);
    assert!(r.diagnostics.items().iter().any(|d| d.code == Code::ExemptionExpired));
}

#[test]
fn an_exemption_that_covers_nothing_is_reported_unused() {
    let text = ROOMS.replace("T22.training-rooms", "T16.industry");
    let r = report(district(Some(&text), None, Selection::default(), false));
    assert_eq!(r.exemptions[0].outcome, exempt::Outcome::Unused, "鱼凫 passes T16");
    let d = r.diagnostics.items().iter().find(|d| d.code == Code::ExemptionUnused).unwrap();
    assert!(d.location.row.is_some());
}

#[test]
fn no_exemptions_shows_the_raw_results() {
    let r = report(district(Some(ROOMS), None, Selection::default(), true));
    assert_eq!(status(&r, "T22.training-rooms", Some(YUFU)), Status::Fail);
    assert!(r.exemptions.is_empty());
}

#[test]
fn an_exemption_needs_reason_approver_and_expiry() {
    let text = ROOMS.replace("reason = \"实训楼在建\"\n", "").replace("expires = 2020-12-31\n", "");
    let Outcome::ConfigInvalid(d) = district(Some(&text), None, Selection::default(), false) else {
        panic!()
    };
    let e = &d.items()[0];
    assert_eq!(e.code, Code::ExemptionInvalid);
    assert!(e.message.en.contains("reason") && e.message.en.contains("expires"), "{}", e.message.en);
    assert!(e.location.row.is_some());
}

#[test]
fn an_exemption_must_name_a_real_rule_and_institution() {
    let text = ROOMS.replace("T22.training-rooms", "T22.training-room");
    let Outcome::ConfigInvalid(d) = district(Some(&text), None, Selection::default(), false) else {
        panic!()
    };
    assert_eq!(d.items()[0].code, Code::ExemptionUnknownRule);
    assert!(d.items()[0].hint.as_ref().unwrap().en.contains("T22.training-rooms"));
    let text = ROOMS.replace("温江区鱼凫职业技术学校", "温江区鱼凫职业学院");
    let Outcome::ConfigInvalid(d) = district(Some(&text), None, Selection::default(), false) else {
        panic!()
    };
    assert_eq!(d.items()[0].code, Code::ExemptionUnknownInstitution);
}

#[test]
fn selection_by_glob_task_school_section_and_severity() {
    let sel = |s: Selection| report(district(None, None, s, false));
    let r = sel(Selection { rules: vec!["T1[58].*".into()], ..Selection::default() });
    assert!(
        r.findings.iter().all(|f| ["T15.qualified", "T18.dual-qualified"].contains(&r.rule(f).id.as_str()))
    );
    assert!(!r.findings.is_empty());
    let r = sel(Selection { tasks: vec![1], ..Selection::default() });
    assert!(r.findings.iter().all(|f| r.rule(f).task == 1));
    let r = sel(Selection { schools: vec!["鱼凫职校".into()], ..Selection::default() });
    assert!(
        r.findings.iter().all(|f| r.school(f) == Some(YUFU)),
        "an alias from the registry works; district left out"
    );
    let r = sel(Selection { sections: vec!["人事科".into()], ..Selection::default() });
    assert!(
        r.findings.iter().all(|f| r
            .plan
            .task(r.rule(f).task)
            .unwrap()
            .sections
            .contains(&"人事科".to_string()))
    );
    let r = sel(Selection { severity: Some(wjvet::plan::Severity::Warning), ..Selection::default() });
    assert!(r.findings.iter().all(|f| r.rule(f).severity == wjvet::plan::Severity::Warning));
    assert_eq!(r.summary.failing_errors, 0);
}

#[test]
fn a_selection_that_matches_nothing_is_an_error_never_a_pass() {
    for s in [
        Selection { rules: vec!["T99.*".into()], ..Selection::default() },
        Selection { rules: vec!["T15.*".into(), "T15.qualifed".into()], ..Selection::default() },
        Selection { tasks: vec![32], ..Selection::default() },
        Selection { schools: vec!["成都七中".into()], ..Selection::default() },
        Selection { sections: vec!["财务科".into()], ..Selection::default() },
        // Each part matches something, together nothing: task 2 has no warning rule.
        Selection { tasks: vec![2], severity: Some(wjvet::plan::Severity::Warning), ..Selection::default() },
    ] {
        let Outcome::ConfigInvalid(d) = district(None, None, s.clone(), false) else {
            panic!("{s:?} was accepted")
        };
        assert!(d.items().iter().all(|d| d.code == Code::EmptySelection), "{s:?}");
    }
}

#[test]
fn fail_on_moves_the_threshold() {
    // 德远 alone: only warning-severity problems (T18 missing) and pending nothing.
    let r = Fixture::new()
        .raw("d.csv", &std::fs::read("examples/district/deyuan.csv").unwrap())
        .report(None, None);
    assert!(!r.failing(FailOn::Error));
    assert!(r.failing(FailOn::Warning));
    let r2019 = Fixture::new()
        .raw("d.csv", &std::fs::read("examples/district/deyuan.csv").unwrap())
        .report(Some(2019), None);
    assert!(r2019.findings.iter().any(|f| f.status == Status::Pending));
    assert!(r2019.failing(FailOn::Pending));
}

#[test]
fn two_exemptions_for_one_rule_institution_and_year_are_refused_naming_both_lines() {
    // The second entry covers 2019 and 2020; only 2020 clashes with the first.
    let second = ROOMS.replace("year = 2020", "years = [2019, 2020]").replace("实训楼在建", "另一理由");
    let text = format!("{ROOMS}{second}");
    let Outcome::ConfigInvalid(d) = district(Some(&text), None, Selection::default(), false) else {
        panic!("a duplicate exemption must stop the run")
    };
    let dup: Vec<_> = d.items().iter().filter(|d| d.code == Code::ExemptionDuplicate).collect();
    assert_eq!(dup.len(), 1, "{:?}", d.items());
    let first_line = ROOMS.lines().position(|l| l == "[[exemption]]").unwrap() + 1;
    let second_line = ROOMS.lines().count() + first_line;
    assert_eq!(dup[0].location.row, Some(u32::try_from(second_line).unwrap()));
    let file = dup[0].location.file.clone().unwrap();
    assert!(dup[0].message.en.contains(&format!("{file}:{first_line}")), "{}", dup[0].message.en);
    assert!(dup[0].message.zh.contains(&format!("{file}:{first_line}")), "{}", dup[0].message.zh);
    assert!(dup[0].message.en.contains("2020") && !dup[0].message.en.contains("2019"));
}

#[test]
fn exemptions_for_other_years_or_rules_of_one_institution_are_not_duplicates() {
    let text = format!(
        "{ROOMS}{}{}",
        ROOMS.replace("year = 2020", "year = 2019"),
        ROOMS.replace("T22.training-rooms", "T16.industry")
    );
    let r = report(district(Some(&text), None, Selection::default(), false));
    assert_eq!(r.exemptions.len(), 3);
    assert_eq!(r.exemptions[0].outcome, exempt::Outcome::Applied(1));
}
