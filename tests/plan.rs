//! The embedded plan covers the whole action plan and quotes it faithfully.

use wjvet::plan::{self, EMBEDDED_SOURCE, RuleKind, Severity};

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_task_from_1_to_31_has_a_rule_and_a_citation() {
    let plan = plan::load(None).unwrap();
    let numbers: Vec<u32> = plan.tasks.iter().map(|t| t.number).collect();
    assert_eq!(numbers, (1..=31).collect::<Vec<_>>());
    for t in &plan.tasks {
        assert!(plan.rules.iter().any(|r| r.task == t.number), "task {} has no rule", t.number);
        assert!(!t.citations.is_empty(), "task {} has no citation", t.number);
    }
}

#[test]
fn every_citation_is_in_the_source_text() {
    // Whitespace is ignored: the source wraps lines mid-sentence and the table spaces
    // numbers ("到 2020 年"); every other character must match exactly.
    let source = squash(EMBEDDED_SOURCE);
    // The check can fail: a misquoted number is caught.
    assert!(!source.contains(&squash("区域内中职在校生达到 16000 人")));
    let plan = plan::load(None).unwrap();
    for t in &plan.tasks {
        for c in &t.citations {
            assert!(
                source.contains(&squash(&c.text)),
                "task {} citation {:?} is not in the source",
                t.number,
                c.text
            );
        }
        for field in [&t.task, &t.indicator] {
            assert!(source.contains(&squash(field)), "task {} text {field:?} is not in the source", t.number);
        }
    }
}

#[test]
fn the_source_text_is_the_shared_original() {
    assert!(EMBEDDED_SOURCE.contains("温教发〔2018〕206号"));
    assert!(EMBEDDED_SOURCE.contains("温江区加快发展现代职业教育 提升职业教育质量的行动计划一览表"));
}

#[test]
fn rule_ids_carry_their_task_number() {
    let plan = plan::load(None).unwrap();
    for r in &plan.rules {
        assert!(r.id.starts_with(&format!("T{:02}.", r.task)), "{}", r.id);
    }
}

#[test]
fn headline_rules_exist_with_the_plans_numbers() {
    let plan = plan::load(None).unwrap();
    let ids: Vec<&str> = plan.rules.iter().map(|r| r.id.as_str()).collect();
    for id in [
        "T01.enrolled",
        "T05.integration",
        "T09.order-classes",
        "T15.qualified",
        "T16.industry",
        "T17.innovation-teams",
        "T18.dual-qualified",
        "T22.training-rooms",
    ] {
        assert!(ids.contains(&id), "missing {id}");
    }
}

#[test]
fn softened_wording_is_warning_and_obligations_are_errors() {
    let plan = plan::load(None).unwrap();
    let sev = |id: &str| plan.rules.iter().find(|r| r.id == id).unwrap().severity;
    // 力争 (T18), 鼓励 (T16, T17), 努力 (T09) -> warning; 要求 (T15, T22), 必须 (T24) -> error.
    assert_eq!(sev("T18.dual-qualified"), Severity::Warning);
    assert_eq!(sev("T16.industry"), Severity::Warning);
    assert_eq!(sev("T17.innovation-teams"), Severity::Warning);
    assert_eq!(sev("T09.order-classes"), Severity::Warning);
    assert_eq!(sev("T15.qualified"), Severity::Error);
    assert_eq!(sev("T22.training-rooms"), Severity::Error);
    assert_eq!(sev("T24.tripartite"), Severity::Error);
    for r in &plan.rules {
        assert!(!r.severity_reason.trim().is_empty(), "{} has no severity reason", r.id);
    }
}

#[test]
fn vague_readings_are_recorded_as_interpretations() {
    let plan = plan::load(None).unwrap();
    for id in [
        "T01.enrolment-balance",
        "T23.internship-plan",
        "T17.innovation-teams",
        "T06.innovation-centre-basic",
        "T13.brand-specialty",
        "T15.qualified",
        "T18.dual-qualified",
    ] {
        let r = plan.rules.iter().find(|r| r.id == id).unwrap();
        let i = r.interpretation.as_ref().unwrap_or_else(|| panic!("{id} has no interpretation"));
        assert!(!i.zh.is_empty() && !i.en.is_empty());
    }
    // Every rule the engine cannot measure says so in its kind, not silently.
    assert!(plan.rules.iter().any(|r| matches!(r.kind, RuleKind::Manual { .. })));
}
