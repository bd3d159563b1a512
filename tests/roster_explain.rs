//! What the rosters say, shown (issue 11 §2): `explain` lists a school's roster
//! records behind a figure, counted or not and why, and the annual report's
//! completeness section lists roster mismatches and record breaches per school.
//! Identity numbers use the region code 990000, which no region has.

mod common;

use common::*;
use wjvet::check::{self, Outcome};
use wjvet::explain::{self, Explanation};
use wjvet::lang::Lang;
use wjvet::report::Report;
use wjvet::roster::trace::SHOWN;

/// A teacher row with the post type changed.
fn teacher_post(n: u32, post: &str) -> String {
    teacher(n, "2019-01-01", "2024-12-31").replace(",专任,", &format!(",{post},"))
}

/// Runs as `explain` does: traced, past invalid data.
fn run(files: &[(&str, String)]) -> (Report, Fixture) {
    let fx = Fixture::new().files(files);
    let opts = check::CheckOptions { trace: true, keep_going: true, ..fx.options(None, None) };
    match check::run(&opts) {
        Outcome::Evaluated(r) => (*r, fx),
        _ => panic!("should evaluate past invalid data"),
    }
}

fn explain_t18(report: &Report, lang: Lang) -> Explanation {
    let f = finding(report, "T18.dual-qualified", Some(LIAOYUAN));
    let mut e = explain::explain(report, f, lang);
    explain::with_rosters(&mut e, report, f, &Default::default(), lang);
    e
}

fn rendered(e: &Explanation, lang: Lang) -> String {
    let mut out = Vec::new();
    wjvet::render::explain::write(&mut out, e, lang).unwrap();
    String::from_utf8(out).unwrap()
}

fn masked(n: u32) -> String {
    wjvet::pii::IdNumber::parse(&id("19800101", n)).unwrap().masked()
}

/// Four teachers: certified, certification expired mid-year, part-time, never certified.
fn four_teachers() -> String {
    let rows = [
        teacher(1, "2019-01-01", "2024-12-31"),
        teacher(2, "2019-01-01", "2020-06-30"),
        teacher_post(3, "兼职"),
        teacher(4, "", ""),
    ];
    teachers(&rows)
}

#[test]
fn explain_lists_counted_and_uncounted_records_with_their_reasons() {
    let a = annual(&[
        ("dual_qualified_teachers", "2"),
        ("professional_teachers", "3"),
        ("fulltime_teachers", "3"),
    ]);
    let (report, _dir) = run(&[("a.csv", a), ("t.csv", four_teachers())]);
    let e = explain_t18(&report, Lang::Zh);
    // The rule's numerator first, then its denominator.
    let fields: Vec<&str> = e.rosters.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["dual_qualified_teachers", "professional_teachers"]);
    let dual = &e.rosters[0];
    assert_eq!((dual.derived, dual.reported.as_deref(), dual.agreement), (Some(1), Some("2"), "differ"));
    assert_eq!((dual.counted, dual.not_counted, dual.rows_not_listed), (1, 3, 0));
    let reasons: Vec<(u32, Option<&str>)> = dual.rows.iter().map(|r| (r.row, r.reason.as_deref())).collect();
    assert_eq!(
        reasons,
        [
            (2, None),
            (3, Some("不符合条件：「双师型有效期至」不早于 评估日")),
            (4, Some("不符合条件：「岗位类型」为「专任」")),
            (5, Some("不符合条件：「双师型认定等级」已填写")),
        ]
    );
    let ids: Vec<Option<String>> = dual.rows.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, (1..=4).map(|n| Some(masked(n))).collect::<Vec<_>>());
    let prof = &e.rosters[1];
    assert_eq!((prof.derived, prof.agreement, prof.counted), (Some(3), "agree", 3));

    let text = rendered(&e, Lang::Zh);
    assert!(
        text.contains("花名册：\n  教师信息表 → 双师型教师数：报送 2，花名册可认定 1（不一致）"),
        "{text}"
    );
    assert!(
        text.contains(&format!("t.csv:3 {} 未计入 — 不符合条件：「双师型有效期至」不早于 评估日", masked(2))),
        "{text}"
    );
    // Never a name, never a whole identity number, in the text or the JSON.
    let json = serde_json::to_string(&e).unwrap();
    for out in [&text, &json] {
        assert!(!out.contains("测试甲"), "a name leaked: {out}");
        assert!(!out.contains(&id("19800101", 1)), "a whole identity number leaked: {out}");
    }
}

#[test]
fn explain_words_the_reasons_in_english_too() {
    let a = annual(&[("dual_qualified_teachers", "2"), ("professional_teachers", "3")]);
    let (report, _dir) = run(&[("a.csv", a), ("t.csv", four_teachers())]);
    let e = explain_t18(&report, Lang::En);
    let reasons: Vec<&str> = e.rosters[0].rows.iter().filter_map(|r| r.reason.as_deref()).collect();
    assert_eq!(
        reasons,
        [
            "fails: \"Dual-qualified until\" is on or after the evaluation date",
            "fails: \"Post\" is 「专任」",
            "fails: \"Dual-qualified level\" is filled in",
        ]
    );
    let text = rendered(&e, Lang::En);
    assert!(
        text.contains("teacher roster → Dual-qualified teachers: reported 2, the roster supports 1 (differ)"),
        "{text}"
    );
}

#[test]
fn an_empty_figure_filled_from_the_roster_says_so() {
    let (report, _dir) =
        run(&[("a.csv", annual(&[("enrolled_students", "3000")])), ("t.csv", four_teachers())]);
    let e = explain_t18(&report, Lang::Zh);
    assert_eq!((e.rosters[0].agreement, e.rosters[0].reported.as_deref()), ("filled", None));
    assert!(rendered(&e, Lang::Zh).contains("双师型教师数：年报未填，按花名册填入 1"));
}

#[test]
fn explain_without_rosters_has_no_roster_section() {
    let a = annual(&[("dual_qualified_teachers", "2"), ("professional_teachers", "3")]);
    let (report, _dir) = run(&[("a.csv", a)]);
    let e = explain_t18(&report, Lang::Zh);
    assert!(e.rosters.is_empty());
    assert!(!rendered(&e, Lang::Zh).contains("花名册"));
}

#[test]
fn the_list_is_capped_and_the_rest_counted() {
    let n = SHOWN as u32 + 30;
    let rows: Vec<String> = (1..=n).map(|i| teacher(i, "2019-01-01", "2024-12-31")).collect();
    let roster = teachers(&rows);
    let (report, _dir) = run(&[("a.csv", annual(&[("enrolled_students", "3000")])), ("t.csv", roster)]);
    let e = explain_t18(&report, Lang::En);
    let dual = &e.rosters[0];
    assert_eq!((dual.counted, dual.rows.len(), dual.rows_not_listed), (u64::from(n), SHOWN, 30));
    assert_eq!(dual.derived, Some(u64::from(n)), "the trace agrees with the tally");
    assert!(rendered(&e, Lang::En).contains("… 30 more rows not listed"));
}

#[test]
fn the_reports_completeness_section_lists_mismatches_and_breaches_without_names() {
    let a = annual(&[
        ("dual_qualified_teachers", "2"),
        ("professional_teachers", "3"),
        ("fulltime_teachers", "3"),
    ]);
    let placements = [placement(1, &[]), placement(2, &[("每日工作小时", "9")])];
    let interns = interns(&placements);
    let (report, _dir) = run(&[("a.csv", a), ("i.csv", interns), ("t.csv", four_teachers())]);
    let annual = wjvet::annual::build(&report);
    let m: Vec<(&str, &str, u64)> = annual
        .rosters
        .mismatches
        .iter()
        .map(|m| (m.field.zh.as_str(), m.reported.as_str(), m.roster_count))
        .collect();
    assert!(m.contains(&("双师型教师数", "2", 1)), "{m:?}");
    assert!(
        annual.rosters.breaches.iter().any(|b| b.school == LIAOYUAN && b.records == 1),
        "{:?}",
        annual.rosters.breaches
    );
    for (format, lang) in
        [(wjvet::render::annual::Format::Markdown, Lang::Zh), (wjvet::render::annual::Format::Html, Lang::En)]
    {
        let mut out = Vec::new();
        wjvet::render::annual::write(&mut out, &annual, format, lang).unwrap();
        let text = String::from_utf8(out).unwrap();
        let want = match lang {
            Lang::Zh => "| 温江区燎原职业技术学校 | 2020 | 教师信息表：双师型教师数 | 2 | 1 |",
            Lang::En => "Roster checks",
        };
        assert!(text.contains(want), "{text}");
        assert!(!text.contains("测试甲") && !text.contains("测试乙"), "a name leaked");
    }
}
