//! "Compliant" must mean compliant (issue 8): every way a run could say compliant
//! when it should not, credit one school's numbers to another, or drop a row
//! without a word, each tried and shown refused.

mod common;

use common::*;
use wjvet::check::Outcome;
use wjvet::diag::{Code, Diagnostic, Level};
use wjvet::eval::Status;
use wjvet::lang::Lang;

fn diagnostics(o: Outcome) -> Vec<Diagnostic> {
    match o {
        Outcome::DataInvalid { diagnostics, .. }
        | Outcome::PlanInvalid(diagnostics)
        | Outcome::ConfigInvalid(diagnostics) => diagnostics.items().to_vec(),
        Outcome::Evaluated(r) => r.diagnostics.items().to_vec(),
    }
}

/// The diagnostics with `code`, asserting the run did not evaluate.
fn refused(o: Outcome, code: Code) -> Vec<Diagnostic> {
    assert!(!matches!(o, Outcome::Evaluated(_)), "expected the run to be refused");
    let all = diagnostics(o);
    let found: Vec<Diagnostic> = all.iter().filter(|d| d.code == code).cloned().collect();
    assert!(!found.is_empty(), "expected {code:?}, got {all:#?}");
    found
}

const H: &str = "学校名称,年度,学校类型,专任教师数,合格教师数,双师型教师数,专业课教师数,招生数";

fn csv_text(rows: &[&str]) -> String {
    let mut text = format!("{H}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text
}

fn csv(rows: &[&str]) -> Fixture {
    Fixture::new().raw("s.csv", csv_text(rows).as_bytes())
}

// --- §3 Cells: nothing is read as something it is not -------------------------------

#[test]
fn a_row_cut_short_is_an_error_naming_the_first_missing_column() {
    // The last line was saved half-way: padding it would read 14 as 合格教师数.
    let text = format!("{}燎原职中,2020,公办中职,160,14", csv_text(&["温江二中,2020,普通高中,100,90,,,"]));
    let fx = Fixture::new().raw("s.csv", text.as_bytes());
    let d = &refused(fx.outcome(None, None), Code::RaggedRow)[0];
    assert_eq!(d.level, Level::Error);
    assert_eq!(d.location.row, Some(3));
    assert_eq!(d.location.column.as_deref(), Some("双师型教师数"), "{d:?}");
    assert!(d.render(Lang::Zh).contains("缺失"), "{}", d.render(Lang::Zh));
    assert!(d.hint.is_some());
}

#[test]
fn a_text_row_longer_than_the_header_is_an_error_even_with_empty_cells() {
    let fx = csv(&["燎原职中,2020,公办中职,160,140,,,,"]);
    let d = &refused(fx.outcome(None, None), Code::RaggedRow)[0];
    assert_eq!(d.location.row, Some(2));
}

#[test]
fn superscripts_circled_digits_and_fractions_are_not_numbers() {
    // NFKC folding read 13⁶ as 136 (136/160 = 85%: a false pass of T15).
    for bad in ["13⁶", "①", "⑴", "½"] {
        let fx = csv(&[&format!("燎原职中,2020,公办中职,160,{bad},,,")]);
        let d = &refused(fx.outcome(None, None), Code::NotANumber)[0];
        assert_eq!(d.value.as_deref(), Some(bad));
        assert_eq!(d.location.column.as_deref(), Some("合格教师数"));
    }
    // Full-width digits are what Chinese IMEs type and still read.
    let r = csv(&["燎原职中,2020,公办中职,１６０,１３６,,,"]).report(None, None);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Pass);
}

#[test]
fn the_letter_x_is_not_read_as_no() {
    let fx = Fixture::new().raw(
        "s.csv",
        "学校名称,年度,学校类型,新优质学校认定\n温江区德远职业学校,2020,民办中职,x\n".as_bytes(),
    );
    let d = &refused(fx.outcome(None, None), Code::BadBool)[0];
    assert_eq!(d.value.as_deref(), Some("x"));
}

#[test]
fn every_accepted_yes_and_no_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/input.md")).unwrap();
    let line = doc.lines().find(|l| l.starts_with("| `bool` |")).expect("docs/input.md has a bool row");
    let listed = |words: &[&str]| words.iter().all(|w| line.contains(&format!("`{w}`")));
    assert!(listed(&wjvet::data::BOOL_YES) && listed(&wjvet::data::BOOL_NO), "{line}");
    assert!(!line.contains("`x`"), "x must not be listed as accepted: {line}");
}

#[test]
fn an_empty_file_is_reported_whatever_came_before_it() {
    // a.csv has an error; b.csv is empty and used to go unreported.
    let fx = Fixture::new()
        .raw("a.csv", csv_text(&["燎原职中,2020,公办中职,十二,,,,"]).as_bytes())
        .raw("b.csv", b"");
    let empty = refused(fx.outcome(None, None), Code::EmptyFile);
    assert!(empty[0].location.file.as_deref().unwrap().ends_with("b.csv"));
}
