//! Where a plan author is told a problem is: the line and column of the key or value
//! edited, not the rule's table (issue 10's cases, tried on the shipped plan), and
//! `plan check` finding the plan's source text beside the plan file.

use std::path::Path;

use wjvet::diag::{Code, Diagnostic};
use wjvet::plan::{EMBEDDED_PLAN, parse_plan};

/// The embedded plan with one edit: its diagnostics, and the line the edit is on.
fn edited(from: &str, to: &str) -> (Vec<Diagnostic>, u32) {
    let text = EMBEDDED_PLAN.replacen(from, to, 1);
    assert!(text != EMBEDDED_PLAN, "{from:?} not in plan.toml");
    let at = text.find(to).unwrap();
    let line = u32::try_from(text[..at].matches('\n').count() + 1).unwrap();
    let diags = parse_plan(&text, "bad-plan.toml").err().map(|d| d.items().to_vec()).unwrap_or_default();
    (diags, line)
}

fn place(d: &Diagnostic) -> (Option<u32>, Option<u32>) {
    (d.location.row, d.location.col)
}

#[test]
fn a_bad_due_is_reported_at_the_due_not_at_the_rules_table() {
    // T23's every_year.due: its own line, at the column of the value.
    let (d, line) = edited(r#"every_year = { due = "05-31""#, r#"every_year = { due = "5月31日""#);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].code, place(&d[0])), (Code::PlanValue, (Some(line), Some(22))));
    // A date and time where a date belongs.
    let (d, line) = edited("due = 2019-01-31\n", "due = 2019-01-31T08:00:00\n");
    assert_eq!((d[0].code, place(&d[0])), (Code::PlanValue, (Some(line), Some(7))));
    // A year out of range.
    let (d, line) = edited("due = 2019-01-31\n", "due = 2219-01-31\n");
    assert_eq!((d[0].code, place(&d[0])), (Code::PlanValue, (Some(line), Some(7))));
}

#[test]
fn toml_errors_keep_toml_s_own_line_column_and_message() {
    // A date written as a string: toml refuses it at the value.
    let (d, line) = edited("due = 2019-01-31\n", "due = \"2019-01-31\"\n");
    assert_eq!((d[0].code, place(&d[0])), (Code::PlanSyntax, (Some(line), Some(7))));
    assert!(d[0].message.en.contains("expected a TOML datetime"), "{}", d[0].message.en);
    // An unknown key: at its own line, column 1, with toml's list of the keys it knows.
    let (d, line) = edited("severity = \"error\"\n", "severity = \"error\"\nseveritty = \"x\"\n");
    assert_eq!((d[0].code, place(&d[0])), (Code::PlanSyntax, (Some(line + 1), Some(1))));
    assert!(d[0].message.en.contains("unknown field `severitty`, expected one of"), "{}", d[0].message.en);
}

#[test]
fn keys_a_rule_cannot_use_and_unknown_names_are_shown_at_the_key() {
    let (d, line) =
        edited("applies_to = [\"vocational\"]\n", "applies_to = [\"vocational\", \"vocatonal\"]\n");
    assert_eq!((d[0].code, place(&d[0])), (Code::PlanReference, (Some(line), Some(29))));
    let (d, line) = edited("comparator = \">=\"\n", "comparator = \"=>\"\n");
    assert_eq!((d[0].code, place(&d[0])), (Code::PlanValue, (Some(line), Some(14))));
}

#[test]
fn a_crlf_plan_is_reported_at_the_same_lines_and_columns() {
    let bad = EMBEDDED_PLAN.replacen("comparator = \">=\"\n", "comparator = \"=>\"\n", 1);
    let lf = parse_plan(&bad, "p").unwrap_err();
    let crlf = parse_plan(&bad.replace('\n', "\r\n"), "p").unwrap_err();
    assert_eq!(place(&lf.items()[0]), place(&crlf.items()[0]));
    let excerpt = crlf.items()[0].location.excerpt.clone().unwrap();
    assert_eq!(excerpt.text, "comparator = \"=>\"");
    assert_eq!(&excerpt.text[excerpt.range], "\"=>\"");
}

#[test]
fn plan_check_reads_the_source_text_beside_the_plan() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan-check/warnings.toml");
    let checked = wjvet::plan::check::check(Some(&fixture));
    let codes: Vec<Code> = checked.diagnostics.items().iter().map(|d| d.code).collect();
    assert!(checked.plan.is_some());
    assert_eq!(codes.iter().filter(|c| **c == Code::PlanCitationNotFound).count(), 1, "{codes:?}");
    // Moved away from its source text, the plan says it could not check quotations.
    let dir = tempfile::tempdir().unwrap();
    let moved = dir.path().join("plan.toml");
    std::fs::copy(&fixture, &moved).unwrap();
    let checked = wjvet::plan::check::check(Some(&moved));
    let unread: Vec<&Diagnostic> =
        checked.diagnostics.items().iter().filter(|d| d.code == Code::PlanCitationNotFound).collect();
    assert_eq!(unread.len(), 1);
    assert!(unread[0].message.en.starts_with("cannot read the source text \"source.txt\""));
    // The embedded plan checks against the text compiled in beside it, and is clean.
    let checked = wjvet::plan::check::check(None);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics.items());
}

#[test]
fn a_registry_clash_is_shown_at_the_clashing_key() {
    let plan = parse_plan(EMBEDDED_PLAN, "plan.toml").unwrap();
    let registry = "[[institutions]]\nid = \"a\"\nname = \"甲职校\"\ntype = \"public_vocational\"\n\
                    aliases = [\"甲校\"]\n\n[[institutions]]\nid = \"b\"\nname = \"乙职校\"\n\
                    type = \"public_vocational\"\naliases = [\"乙校\", \"甲校\"]\n";
    let d = wjvet::plan::parse_registry(registry, "registry.toml", &plan).unwrap_err();
    let d = &d.items()[0];
    assert_eq!((d.code, place(d)), (Code::RegistryInvalid, (Some(11), Some(18))));
    // The other holder is named at its own key's line too.
    assert!(d.message.en.contains("(registry.toml:5)"), "{}", d.message.en);
}

#[test]
fn the_json_document_reads_back_with_every_key_and_nulls() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan-check/warnings.toml");
    let checked = wjvet::plan::check::check(Some(&fixture));
    let mut out = Vec::new();
    wjvet::render::plan_json::write(&mut out, &checked, wjvet::lang::Lang::En).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!((doc["valid"].as_bool(), doc["errors"].as_u64()), (Some(true), Some(0)));
    let items = doc["diagnostics"].as_array().unwrap();
    assert_eq!(items.len() as u64, doc["warnings"].as_u64().unwrap());
    for d in items {
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        let want = ["code", "column", "expected", "file", "hint", "level", "line", "message", "value"];
        assert_eq!(keys, want, "every key, null or not");
        assert!(d["line"].as_u64().is_some() && d["column"].as_u64().is_some(), "{d}");
    }
    assert!(items.iter().any(|d| d["value"].is_null()), "an absent value is null, not omitted");
}
