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

#[test]
fn an_impossible_date_in_a_deadline_field_is_an_error_not_a_pass() {
    // 0000-01-01 used to pass the T16 filing (due 2019-02-28) with only a warning.
    let fx = Fixture::new().raw(
        "s.csv",
        "学校名称,年度,学校类型,聘请企业人才计划上报日期\n燎原职中,2020,公办中职,0000-01-01\n".as_bytes(),
    );
    let d = &refused(fx.outcome(None, None), Code::ImplausibleDate)[0];
    assert_eq!(d.level, Level::Error);
    assert_eq!(d.location.column.as_deref(), Some("聘请企业人才计划上报日期"));
    let range = d.expected.as_ref().unwrap().en.clone();
    assert!(range.contains("1949-01-01 to 2021-12-31"), "{range}");
}

// --- §1 Identity: every row belongs to exactly the institution it names -------------

const TYPO: &str = "温江区燎原职业技朮学校"; // 术 mistyped as 朮

#[test]
fn a_near_miss_of_a_plan_school_is_an_error_with_the_suggestion() {
    let fx = csv(&[&format!("{TYPO},2020,公办中职,160,140,130,150,300")]);
    let d = &refused(fx.outcome(None, None), Code::UnknownInstitution)[0];
    assert_eq!(d.level, Level::Error);
    assert_eq!(d.value.as_deref(), Some(TYPO));
    assert!(d.hint.as_ref().unwrap().zh.contains(LIAOYUAN), "{d:?}");
}

#[test]
fn the_suggestion_is_kept_on_an_unknown_school_type_of_the_same_row() {
    let fx = csv(&[&format!("{TYPO},2020,公办,160,140,130,150,300")]);
    let d = &refused(fx.outcome(None, None), Code::UnknownSchoolType)[0];
    assert!(d.hint.as_ref().is_some_and(|h| h.zh.contains(LIAOYUAN)), "{d:?}");
}

#[test]
fn with_a_registry_an_unregistered_name_is_an_error() {
    let fx = csv(&["某某职业学校,2020,民办中职,160,140,130,150,300"]).registry(&[(
        "liaoyuan",
        LIAOYUAN,
        "public_vocational",
    )]);
    let d = &refused(fx.outcome(None, None), Code::UnknownInstitution)[0];
    assert_eq!(d.level, Level::Error);
}

#[test]
fn without_a_registry_an_unrelated_name_is_a_self_check() {
    let r = csv(&["某某职业学校,2020,民办中职,160,140,130,150,300"]).report(None, None);
    let d: Vec<&Diagnostic> =
        r.diagnostics.items().iter().filter(|d| d.code == Code::UnregisteredInstitution).collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].level, Level::Warning);
    assert_eq!(status(&r, "T15.qualified", Some("某某职业学校")), Status::Pass, "its own rules are judged");
}

fn registry_diagnostics(text: &str) -> Vec<Diagnostic> {
    let fx = csv(&["燎原职中,2020,公办中职,160,140,130,150,300"]);
    let p = fx.dir.path().join("r.toml");
    std::fs::write(&p, text).unwrap();
    let mut opts = fx.options(None, None);
    opts.registry = Some(p);
    match wjvet::check::run(&opts) {
        Outcome::PlanInvalid(d) => d.items().to_vec(),
        _ => Vec::new(),
    }
}

fn entry(id: &str, name: &str, t: &str, extra: &str) -> String {
    format!("[[institutions]]\nid = \"{id}\"\nname = \"{name}\"\ntype = \"{t}\"\n{extra}\n")
}

#[test]
fn a_registry_that_would_merge_or_misroute_schools_is_refused() {
    let yufu = "温江区鱼凫职业技术学校";
    let cases = [
        // 鱼凫 given 燎原's alias: used to merge 鱼凫 into 燎原.
        (entry("yufu", yufu, "public_vocational", "aliases = [\"燎原职中\"]"), "燎原职中"),
        // two entries sharing a code: rows with it went to the first.
        (
            entry("a", "甲校", "private_vocational", "code = \"5101150009\"")
                + &entry("b", "乙校", "private_vocational", "code = \"5101150009\""),
            "5101150009",
        ),
        // an id that is another school's name.
        (entry("温江二中", yufu, "public_vocational", ""), "温江二中"),
        // a code equal to another entry's alias.
        (
            entry("a", "甲校", "private_vocational", "aliases = [\"甲\"]")
                + &entry("b", "乙校", "private_vocational", "code = \"甲\""),
            "甲",
        ),
    ];
    for (text, word) in cases {
        let d = registry_diagnostics(&text);
        let clash: Vec<&Diagnostic> = d.iter().filter(|d| d.code == Code::RegistryInvalid).collect();
        assert!(!clash.is_empty(), "{text} accepted");
        assert!(clash.iter().any(|d| d.message.zh.contains(word)), "{text}: {d:#?}");
        assert!(clash.iter().all(|d| d.location.row.is_some()), "{d:#?}");
    }
}

#[test]
fn a_registry_contradicting_the_plan_or_empty_is_refused() {
    let wrong_type = entry("liaoyuan", LIAOYUAN, "private_vocational", "");
    let wrong_id = entry("ly", LIAOYUAN, "public_vocational", "");
    for text in [wrong_type, wrong_id, "# nobody\n".to_string()] {
        let d = registry_diagnostics(&text);
        assert!(d.iter().any(|d| d.code == Code::RegistryInvalid), "{text} accepted: {d:#?}");
    }
    // Refining a plan school with a code and an alias of its own is fine.
    let ok = entry("liaoyuan", LIAOYUAN, "public_vocational", "code = \"5101150001\"\naliases = [\"燎原\"]");
    assert!(registry_diagnostics(&ok).is_empty());
}

// --- §2 Years: the judged year is covered, or the verdict says so --------------------

#[test]
fn a_year_with_no_rows_is_not_compliant() {
    let fx = csv(&["燎原职中,2020,公办中职,160,140,130,150,300"]);
    let r = fx.report(Some(2025), None);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Missing);
    assert!(!r.summary.compliant(), "--year 2025 on a 2020 file was compliant");
}

#[test]
fn institutions_missing_the_latest_year_are_expected_not_dropped() {
    // One 2021 row used to make the other schools vanish from the run.
    let fx = Fixture::new()
        .raw("a.csv", csv_text(&["燎原职中,2020,公办中职,160,140,130,150,300"]).as_bytes())
        .raw("b.csv", csv_text(&["温江区德远职业学校,2020,民办中职,100,90,80,90,200"]).as_bytes())
        .raw("c.csv", csv_text(&["温江区德远职业学校,2021,民办中职,100,90,80,90,200"]).as_bytes());
    let r = fx.report(None, None);
    assert_eq!(r.opts.year, 2021);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Missing);
    assert!(!r.summary.compliant());
}

#[test]
fn a_year_outside_the_plans_window_is_invalid_data() {
    for year in ["1920", "2031", "2014"] {
        let fx = csv(&[&format!("燎原职中,{year},公办中职,160,140,130,150,300")]);
        let d = &refused(fx.outcome(None, None), Code::ImplausibleYear)[0];
        assert_eq!(d.value.as_deref(), Some(year));
        assert_eq!(d.location.column.as_deref(), Some("年度"));
    }
}

#[test]
fn one_school_under_two_names_is_reported() {
    // Names one character apart, both reporting 2020.
    let r = csv(&[
        "温江区德远职业学校,2020,民办中职,100,90,80,90,200",
        "温江区德远职业学院,2020,民办中职,100,91,80,90,200",
    ])
    .report(None, None);
    let d: Vec<&Diagnostic> =
        r.diagnostics.items().iter().filter(|d| d.code == Code::PossibleDuplicateInstitution).collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].level, d[0].location.row), (Level::Warning, Some(3)));
    assert!(d[0].message.zh.contains("s.csv:2"), "{}", d[0].message.zh);
    // A row copied under an unrelated name: identical values.
    let r = csv(&[
        "温江区德远职业学校,2020,民办中职,100,90,80,90,200",
        "温江区华新职业学校,2020,民办中职,100,90,80,90,200",
    ])
    .report(None, None);
    assert!(r.diagnostics.items().iter().any(|d| d.code == Code::PossibleDuplicateInstitution));
    // Different schools with different values and unrelated names: nothing.
    let r = csv(&[
        "温江区德远职业学校,2020,民办中职,100,90,80,90,200",
        "温江区华新职业学校,2020,民办中职,100,91,80,90,200",
    ])
    .report(None, None);
    assert!(!r.diagnostics.items().iter().any(|d| d.code == Code::PossibleDuplicateInstitution));
}

// --- §4 Plans and exemptions: contradictions are refused ------------------------------

/// The embedded plan with `from` replaced by `to`: its errors, and the line `to` is on.
fn plan_with(from: &str, to: &str) -> (Vec<Diagnostic>, u32) {
    let text = wjvet::plan::EMBEDDED_PLAN.replacen(from, to, 1);
    assert_ne!(text, wjvet::plan::EMBEDDED_PLAN, "{from:?} not in plan.toml");
    let at = text.find(to).unwrap();
    let line = u32::try_from(text[..at].matches('\n').count()).unwrap() + 1;
    let line = line + u32::try_from(to.trim_end().matches('\n').count()).unwrap();
    let diags = match wjvet::plan::parse_plan(&text, "plan.toml") {
        Ok(_) => Vec::new(),
        Err(d) => d.items().to_vec(),
    };
    (diags, line)
}

#[test]
fn impossible_targets_are_plan_errors_at_the_offending_line() {
    let cases = [
        // a share above 100% and below 0%
        ("target = \"85%\"", "target = \"185%\"", "185%"),
        ("target = \"85%\"", "target = \"-5%\"", "-5%"),
        // a reversed between
        ("target = [\"45%\", \"55%\"]", "target = [\"55%\", \"45%\"]", "55%"),
        // a count below 0 (threshold on a count field, and a count rule's own target)
        ("comparator = \">=\"\ntarget = 15000", "comparator = \">=\"\ntarget = -1", "-1"),
        ("comparator = \">=\"\ntarget = 1\n", "comparator = \">=\"\ntarget = -1\n", "0 or more"),
        // a due date outside 1949-2100
        ("\ndue = 2019-02-28", "\ndue = 1019-02-28", "1019"),
        (
            "every_year = { due = \"12-31\", from = 2019, to = 2020 }",
            "every_year = { due = \"12-31\", from = 2019, to = 2220 }",
            "2220",
        ),
        // an empty label
        ("label = \"专任教师数\"", "label = \" \"", "fulltime_teachers"),
    ];
    for (from, to, word) in cases {
        let (diags, line) = plan_with(from, to);
        let hit = diags.iter().find(|d| d.message.en.contains(word) || d.message.zh.contains(word));
        let Some(d) = hit else { panic!("{to}: no error naming {word:?} in {diags:#?}") };
        assert_eq!(d.level, Level::Error);
        assert_eq!(d.location.row, Some(line), "{to}: {}", d.render(Lang::En));
    }
}

#[test]
fn an_at_most_cycle_is_a_plan_error() {
    // 专任教师数 ≤ 专业课教师数 closes professional ≤ fulltime ≤ professional.
    let (diags, line) = plan_with(
        "min = 0\ndescription = { zh = \"专任教师总数\"",
        "min = 0\nat_most = [\"professional_teachers\"]\ndescription = { zh = \"专任教师总数\"",
    );
    let d = diags.iter().find(|d| d.message.en.contains("cycle")).unwrap_or_else(|| panic!("{diags:#?}"));
    assert!(d.message.en.contains("professional_teachers") && d.message.en.contains("fulltime_teachers"));
    assert!(d.location.row.is_some_and(|r| r.abs_diff(line) <= 40), "{d:?}");
}

// --- Found on the way: a false pass no issue named ------------------------------------

#[test]
fn last_years_filing_copied_forward_does_not_pass_this_year() {
    // T20: the enterprise-practice plan is filed every June. A 2020 row still holding
    // the 2019 date (a row copied forward) used to pass the 2020 filing.
    let at = |date: &str| {
        let text =
            format!("学校名称,年度,学校类型,教师企业实践计划上报日期\n燎原职中,2020,公办中职,{date}\n");
        Fixture::new().raw("s.csv", text.as_bytes()).report(None, None)
    };
    let stale = at("2019-06-20");
    let f = finding(&stale, "T20.practice-plan", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Fail);
    assert!(en(&stale, f).contains("earlier year's filing"), "{}", en(&stale, f));
    assert!(!stale.summary.compliant());
    // The day after last year's due date starts this year's cycle.
    assert_eq!(status(&at("2019-07-01"), "T20.practice-plan", Some(LIAOYUAN)), Status::Pass);
    assert_eq!(status(&at("2019-06-30"), "T20.practice-plan", Some(LIAOYUAN)), Status::Fail);
    assert_eq!(status(&at("2020-07-01"), "T20.practice-plan", Some(LIAOYUAN)), Status::Late);
}

#[test]
fn writing_zero_teachers_does_not_pass_the_teacher_shares() {
    // x/0 was not_applicable, so a school writing 0 full-time teachers passed T15.
    let text = format!("{H}\n燎原职中,2020,公办中职,0,0,0,0,300\n");
    let r = Fixture::new().raw("s.csv", text.as_bytes()).report(None, None);
    for rule in ["T15.qualified", "T18.dual-qualified"] {
        let f = finding(&r, rule, Some(LIAOYUAN));
        assert_eq!(f.status, Status::Fail, "{rule}");
        assert!(en(&r, f).contains("cannot be met"), "{}", en(&r, f));
    }
    assert!(!r.summary.compliant());
    // Where there is nothing to measure (no interns), a zero stays not applicable.
    let text = "学校名称,年度,学校类型,实习学生数,签订三方协议学生数\n燎原职中,2020,公办中职,0,0\n";
    let r = Fixture::new().raw("s.csv", text.as_bytes()).report(None, None);
    assert_eq!(status(&r, "T24.tripartite", Some(LIAOYUAN)), Status::NotApplicable);
}

#[test]
fn an_unknown_when_zero_is_a_plan_error() {
    let (diags, line) = plan_with(
        "denominator = \"fulltime_teachers\", when_zero = \"fail\" }",
        "denominator = \"fulltime_teachers\", when_zero = \"pass\" }",
    );
    let d = diags.iter().find(|d| d.message.en.contains("when_zero")).unwrap_or_else(|| panic!("{diags:#?}"));
    // The measure is an inline table of an untagged enum: its own line is named, and
    // its column, where the value starts.
    assert_eq!((d.location.row, d.location.col), (Some(line), Some(11)), "{d:?}");
}

#[test]
#[cfg(unix)]
fn a_link_back_into_the_folder_reads_each_file_once() {
    // A link to its own folder made the same file be read 41 times (120 duplicate rows).
    let fx = Fixture::new();
    let dir = fx.dir.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.csv"), csv_text(&["燎原职中,2020,公办中职,160,140,130,150,300"])).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("a.csv"), dir.join("b.csv")).unwrap();
    let opts = wjvet::check::CheckOptions { paths: vec![dir], ..wjvet::check::CheckOptions::default() };
    let Outcome::Evaluated(r) = wjvet::check::run(&opts) else { panic!("refused") };
    assert_eq!(r.data.files.len(), 1, "{:?}", r.data.files.iter().map(|f| &f.path).collect::<Vec<_>>());
    assert!(!r.diagnostics.items().iter().any(|d| d.code == Code::DuplicateRow));
}
