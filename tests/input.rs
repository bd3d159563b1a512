//! Reading submissions: every problem found in one run, each with file, Excel row,
//! column, value, expectation and hint; nothing dropped silently.

mod common;

use common::*;
use wjvet::check::Outcome;
use wjvet::diag::{Code, Diagnostic, Level};
use wjvet::lang::Lang;

fn diagnostics(fx: &Fixture) -> Vec<Diagnostic> {
    match fx.outcome(None, None) {
        Outcome::DataInvalid { diagnostics, .. } => diagnostics.items().to_vec(),
        Outcome::Evaluated(r) => r.diagnostics.items().to_vec(),
        Outcome::PlanInvalid(_) | Outcome::ConfigInvalid(_) => panic!("plan or configuration invalid"),
    }
}

fn only(fx: &Fixture, code: Code) -> Diagnostic {
    let all = diagnostics(fx);
    let found: Vec<&Diagnostic> = all.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "expected one {code:?}, got {all:#?}");
    found[0].clone()
}

const H: &str = "学校名称,年度,学校类型,专任教师数,合格教师数,专业课教师数,双师型教师数,省级示范校建成日期,新优质学校认定";

fn csv(rows: &[&str]) -> Fixture {
    let mut text = String::from(H);
    text.push('\n');
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    Fixture::new().raw("s.csv", text.as_bytes())
}

#[test]
fn a_bad_number_names_file_row_column_value_expectation_and_hint() {
    let d = only(&csv(&["燎原职中,2020,公办中职,十二,10,,,,"]), Code::NotANumber);
    assert!(d.location.file.as_deref().unwrap().ends_with("s.csv"));
    assert_eq!(d.location.row, Some(2), "header is row 1");
    assert_eq!(d.location.column.as_deref(), Some("专任教师数"));
    assert_eq!(d.location.column_letter.as_deref(), Some("D"));
    assert_eq!(d.value.as_deref(), Some("十二"));
    assert!(d.expected.is_some() && d.hint.is_some());
    let zh = d.render(Lang::Zh);
    assert!(zh.contains("s.csv:2，D 列「专任教师数」"), "{zh}");
    assert!(zh.contains("应为") && zh.contains("提示"), "{zh}");
    let en = d.render(Lang::En);
    assert!(en.contains("expected: a whole number") && en.contains("help:"), "{en}");
}

#[test]
fn every_problem_of_every_row_is_reported_in_one_run() {
    let fx = csv(&[
        "燎原职中,2020,公办中职,十二,10,,,,",
        "温江区德远职业学校,2020,民办中职,20,12.5,,,2020/13/1,也许",
        "温江区华新职业学校,二〇二〇,民办中职,20,,,,,",
    ]);
    let codes: Vec<Code> =
        diagnostics(&fx).iter().filter(|d| d.level == Level::Error).map(|d| d.code).collect();
    for c in [Code::NotANumber, Code::NotAWholeNumber, Code::BadDate, Code::BadBool, Code::BadYear] {
        assert!(codes.contains(&c), "{c:?} missing from {codes:?}");
    }
}

#[test]
fn cross_field_limits_from_the_plan() {
    // 双师型 (10) > 专业课教师 (8): at_most in plan.toml.
    let d = only(&csv(&["燎原职中,2020,公办中职,20,15,8,10,,"]), Code::ExceedsField);
    assert_eq!(d.location.column.as_deref(), Some("双师型教师数"));
    assert!(d.message.zh.contains("专业课教师数"), "{}", d.message.zh);
    let d = only(&csv(&["燎原职中,2020,公办中职,-1,,,,,"]), Code::BelowMinimum);
    assert_eq!(d.value.as_deref(), Some("-1"));
}

#[test]
fn the_same_school_and_year_twice_names_both_places_even_across_files() {
    let fx = csv(&["燎原职中,2020,公办中职,20,17,,,,"])
        .raw("t.csv", format!("{H}\n温江区燎原职业技术学校,2020,公办中职,21,18,,,,\n").as_bytes());
    let d = only(&fx, Code::DuplicateRow);
    assert!(d.location.file.as_deref().unwrap().ends_with("t.csv"));
    assert!(d.message.en.contains("s.csv:2"), "{}", d.message.en);
}

#[test]
fn school_types_are_checked_against_the_registry() {
    let d = only(&csv(&["燎原职中,2020,民办中职,20,17,,,,"]), Code::SchoolTypeMismatch);
    assert!(d.message.en.contains("public_vocational"));
    let d = only(&csv(&["某校,2020,职高,20,17,,,,"]), Code::UnknownSchoolType);
    assert_eq!(d.value.as_deref(), Some("职高"));
    assert_eq!(d.location.column_letter.as_deref(), Some("C"));
    // An unregistered school without a type cannot be placed.
    let d = only(&csv(&["某校,2020,,20,17,,,,"]), Code::UnknownSchoolType);
    assert!(d.message.en.contains("not registered"));
}

#[test]
fn a_registered_school_needs_no_type_and_english_types_are_accepted() {
    let r = csv(&["温江区燎原职业技术学校,2020,,20,17,,,,", "某民办职校,2020,private_vocational,10,9,,,,"])
        .report(None, None);
    assert_eq!(r.data.rows.len(), 2);
}

#[test]
fn a_near_miss_of_a_registered_name_is_suggested() {
    let d = only(&csv(&["温江区燎源职业技术学校,2020,公办中职,20,17,,,,"]), Code::UnknownInstitution);
    assert_eq!(d.level, Level::Error);
    assert!(d.hint.unwrap().zh.contains("温江区燎原职业技术学校"));
}

#[test]
fn headers_by_key_label_or_alias_width_and_case_insensitive() {
    let text = "\u{feff}School,YEAR,学校类型,Fulltime_Teachers,合格教师数,其中专业课专任教师数\n燎原职中,2020,公办中职,20,17,10\n";
    let r = Fixture::new().raw("h.csv", text.as_bytes()).report(None, None);
    let f = finding(&r, "T15.qualified", Some(LIAOYUAN));
    assert_eq!(f.status, wjvet::eval::Status::Pass);
    let text = "学校名称,年度,学校类型,专任教师数　,ＦＵＬＬＴＩＭＥ_ＴＥＡＣＨＥＲＳ\n燎原职中,2020,公办中职,20,20\n";
    let d = only(&Fixture::new().raw("h.csv", text.as_bytes()), Code::DuplicateColumn);
    assert_eq!(d.location.column_letter.as_deref(), Some("E"));
    assert!(d.message.en.contains("column D"));
}

#[test]
fn unknown_columns_warn_with_a_suggestion() {
    let text = "学校名称,年度,学校类型,专任教师,备注\n燎原职中,2020,公办中职,20,无\n";
    let all = diagnostics(&Fixture::new().raw("u.csv", text.as_bytes()));
    let unknown: Vec<&Diagnostic> = all.iter().filter(|d| d.code == Code::UnknownColumn).collect();
    assert_eq!(unknown.len(), 2);
    assert!(unknown.iter().all(|d| d.level == Level::Warning));
    assert!(unknown[0].hint.as_ref().unwrap().zh.contains("专任教师数"), "{:?}", unknown[0].hint);
}

#[test]
fn missing_identity_columns_are_errors() {
    let d = only(
        &Fixture::new().raw("m.csv", "学校名称,专任教师数\n燎原职中,20\n".as_bytes()),
        Code::MissingIdentityColumn,
    );
    assert!(d.message.zh.contains("年度"));
}

#[test]
fn blank_rows_are_reported_and_counted_not_dropped() {
    let fx =
        csv(&["燎原职中,2020,公办中职,20,17,,,,", ",,,,,,,,", "温江区华新职业学校,2020,民办中职,20,17,,,,"]);
    let r = fx.report(None, None);
    let blank: Vec<&Diagnostic> = r.diagnostics.items().iter().filter(|d| d.code == Code::BlankRow).collect();
    assert_eq!(blank.len(), 1);
    assert_eq!(blank[0].location.row, Some(3));
    let file = &r.data.files[0];
    assert_eq!((file.rows_read, file.rows_used, file.rows_skipped), (3, 2, 1));
}

#[test]
fn file_level_problems() {
    let d = only(&Fixture::new().raw("e.csv", b""), Code::EmptyFile);
    assert!(d.hint.is_some());
    let d = only(
        &Fixture::new()
            .raw("g.csv", &[H.as_bytes(), "\n燎原职中,2020,公办中职,2".as_bytes(), b"\xFF0\n"].concat()),
        Code::BadEncoding,
    );
    assert_eq!(d.location.row, Some(2));
    assert_eq!(d.location.column_letter.as_deref(), Some("D"));
    let d =
        only(&Fixture::new().raw("q.csv", format!("{H}\n\"燎原职中,2020\n").as_bytes()), Code::MalformedCsv);
    assert!(d.hint.is_some());
    let d = only(
        &Fixture::new().raw("r.csv", format!("{H}\n燎原职中,2020,公办中职,20,17,,,,,多余\n").as_bytes()),
        Code::RaggedRow,
    );
    assert_eq!(d.value.as_deref(), Some("多余"));
    let d = only(&Fixture::new().raw("x.pdf", b"%PDF"), Code::UnsupportedFile);
    assert!(d.message.en.contains("csv") && d.message.en.contains("xlsx"), "{}", d.message.en);
    let d = only(&Fixture::new().raw("x.xlsx", b"PK"), Code::UnreadableFile);
    assert!(d.message.en.contains("spreadsheet"), "{}", d.message.en);
}

#[test]
fn a_missing_path_is_an_input_error() {
    let mut opts = Fixture::new().options(None, None);
    opts.paths = vec!["/nonexistent/school.csv".into()];
    let Outcome::DataInvalid { diagnostics, .. } = wjvet::check::run(&opts) else { panic!() };
    assert_eq!(diagnostics.items()[0].code, Code::UnreadableFile);
}
