//! The annual summary (`wjvet report`): its model on small fixtures, and each format
//! read back the way a reader's tool would — the workbook with calamine, the page
//! with an HTML parser and, where installed, headless Chromium.

mod common;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::*;
use wjvet::annual::{self, AnnualReport, Outlook};
use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::eval::Status;
use wjvet::lang::Lang;
use wjvet::render::annual::{Format, write};

fn example(year: Option<i32>) -> AnnualReport {
    let opts = CheckOptions {
        plan: None,
        registry: Some("examples/registry.toml".into()),
        paths: vec!["examples/district".into()],
        year,
        as_of: None,
        ..CheckOptions::default()
    };
    match check::run(&opts) {
        Outcome::Evaluated(r) => annual::build(&r),
        _ => panic!("the example district should evaluate"),
    }
}

fn render(a: &AnnualReport, format: Format, lang: Lang) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, a, format, lang).expect("render");
    out
}

fn html(a: &AnnualReport) -> String {
    String::from_utf8(render(a, Format::Html, Lang::Zh)).expect("utf-8")
}

#[test]
fn district_value_of_a_school_ratio_is_a_ratio_of_sums() {
    // 燎原: 1 of 2 (50%), Y: 1 of 8 (12.5%). The average of the ratios is 31.25%;
    // the district has 2 dual-qualified teachers of 10: 20%.
    let keys = ["dual_qualified_teachers", "professional_teachers"];
    let fx = Fixture::new()
        .csv(
            "d.csv",
            &header_for(&keys),
            &[
                row(LIAOYUAN, 2020, "公办中职", &[(keys[0], "1"), (keys[1], "2")], &keys),
                row("Y", 2020, "民办中职", &[(keys[0], "1"), (keys[1], "8")], &keys),
            ],
        )
        .registry(&[("y", "Y", "private_vocational")]);
    let a = annual::build(&fx.report(Some(2020), None));
    let h = a.headlines.iter().find(|h| h.rule_id == "T18.dual-qualified").expect("headline");
    let p = h.point(2020).expect("2020");
    assert_eq!(h.show_point(p, Lang::En), "20% (2/10)");
    assert!(p.complete);
    assert_eq!(h.status, Status::Fail);
    assert_eq!(h.schools_met, Some((0, 2)));
}

#[test]
fn a_school_that_left_a_cell_empty_is_named_not_counted_as_zero() {
    let a = example(Some(2020));
    let h = a.headlines.iter().find(|h| h.rule_id == "T18.dual-qualified").expect("headline");
    let p = h.point(2020).expect("2020");
    assert!(!p.complete);
    assert_eq!(p.unreported, ["温江区德远职业学校"]);
    assert_eq!(h.show_point(p, Lang::Zh), "83.4% (283/339)");
    assert_eq!(h.status, Status::Incomplete);
    assert_eq!(h.change, None, "no change against an incomplete year");
}

#[test]
fn every_headline_of_the_plan_is_in_the_overview() {
    let a = example(None);
    let ids: Vec<&str> = a.headlines.iter().map(|h| h.rule_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "T01.enrolled",
            "T01.enrolment-balance",
            "T05.integration",
            "T09.order-classes",
            "T15.qualified",
            "T16.industry",
            "T18.dual-qualified",
            "T22.training-rooms"
        ]
    );
    assert_eq!(a.header.years, [2018, 2019, 2020]);
    let enrolled = &a.headlines[0];
    assert_eq!(enrolled.status, Status::Fail, "13800 of 15000 by 2020-12-31");
    assert_eq!(enrolled.show_change(enrolled.change.as_ref().expect("change"), Lang::Zh), "+700 人");
    assert_eq!(enrolled.outlook, Outlook::Due);
}

#[test]
fn a_2019_report_projects_2020_and_ignores_later_data() {
    let a = example(Some(2019));
    assert_eq!(a.header.years, [2018, 2019], "2020 rows are not used for a 2019 report");
    let enrolled = a.headlines.iter().find(|h| h.rule_id == "T01.enrolled").expect("headline");
    // 12300 then 13100: +800 a year gives 13900 in 2020, short of 15000.
    match &enrolled.outlook {
        Outlook::Projected { year, value, met, from } => {
            assert_eq!((*year, *met, from.as_slice()), (2020, false, &[2018, 2019][..]));
            assert_eq!(enrolled.show(value, Lang::En), "13900 students");
        }
        other => panic!("expected a projection, got {other:?}"),
    }
    let text: String = a.conclusions.iter().map(|c| c.zh.clone()).collect();
    assert!(text.contains("推算值，非实际值"), "a projection is labelled as one: {text}");
}

#[test]
fn one_year_is_too_few_to_project() {
    let a = example(Some(2018));
    assert!(a.headlines.iter().all(|h| h.outlook == Outlook::TooFewYears { complete: 1 }));
}

#[test]
fn overdue_items_say_by_how_much_and_who_answers() {
    let a = example(None);
    let p = a
        .problems
        .iter()
        .find(|p| p.rule_id == "T10.cooperation-platform")
        .expect("yufu built its platform late");
    assert_eq!(p.school.as_deref(), Some("温江区鱼凫职业技术学校"));
    assert_eq!(p.delay.map(|d| d.show(Lang::Zh)).as_deref(), Some("逾期 276 天完成"));
    assert_eq!(p.clauses, ["三（二）2", "一览表 10"], "each clause once");
    assert_eq!(p.sections, ["成职教科"]);
    let q = a.problems.iter().find(|p| p.rule_id == "T15.qualified").expect("yufu short of teachers");
    assert_eq!(q.shortfall.as_ref().map(|t| t.zh.as_str()), Some("合格教师数差 8人"));
    let first_warning = a.problems.iter().position(|p| p.severity == wjvet::plan::Severity::Warning);
    assert!(
        a.problems[..first_warning.unwrap_or(0)].iter().all(|p| p.severity == wjvet::plan::Severity::Error)
    );
}

#[test]
fn exempted_results_have_a_column_of_their_own() {
    let a = example(None);
    assert!(a.actions.iter().all(|g| g.tally.exempted == 0), "no exemptions given");
    assert_eq!(a.actions.len(), 5, "the plan's five actions");
    let md = String::from_utf8(render(&a, Format::Markdown, Lang::Zh)).expect("utf-8");
    assert!(md.contains("| 豁免 |"));
    // With the example exemptions, 鱼凫's T22 (task 22, action 4) is counted as exempted.
    let opts = CheckOptions {
        registry: Some("examples/registry.toml".into()),
        paths: vec!["examples/district".into()],
        exemptions: Some("examples/exemptions.toml".into()),
        ..CheckOptions::default()
    };
    let Outcome::Evaluated(r) = check::run(&opts) else { panic!("the example district should evaluate") };
    let a = annual::build(&r);
    assert_eq!(a.totals.exempted, 1);
    assert_eq!(a.actions.iter().map(|g| g.tally.exempted).sum::<usize>(), 1);
}

#[test]
fn workbook_reads_back_with_its_sheets_and_values() {
    let a = example(None);
    let bytes = render(&a, Format::Xlsx, Lang::Zh);
    assert_eq!(bytes, render(&a, Format::Xlsx, Lang::Zh), "same input, same bytes");
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a valid xlsx");
    assert_eq!(
        wb.sheet_names(),
        [
            "汇总",
            "评分表",
            "逾期与未达标",
            "数据完整性",
            "温江区德远职业学校",
            "温江区华新职业学校",
            "温江区燎原职业技术学校",
            "温江区鱼凫职业技术学校",
            "规则编号对照"
        ]
    );
    let summary = wb.worksheet_range("汇总").expect("summary");
    let rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let enrolled = rows.iter().find(|r| r.first().is_some_and(|c| c == "区域内中职在校生达到15000人"));
    let enrolled = enrolled.expect("headline row");
    assert_eq!(&enrolled[1..4], ["12300 人", "13100 人", "13800 人"]);
    assert!(enrolled.contains(&"未达标".to_string()));

    // Institutions down, rules across: the list grows in rows, however large the district.
    let card = wb.worksheet_range("评分表").expect("scorecard");
    // Titles head the columns for the reader; the ids are the third header row.
    let titles: Vec<String> = card.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
    let ids: Vec<String> = card.rows().nth(2).expect("ids").iter().map(|c| c.to_string()).collect();
    let t15 = ids.iter().position(|h| h == "T15.qualified").expect("T15 column");
    assert_eq!(titles[t15], "职教教师合格率达到85%以上");
    let yufu = card.rows().find(|r| r[0] == Data::String("温江区鱼凫职业技术学校".into())).expect("yufu row");
    assert_eq!(yufu[t15], Data::String("未达标\n80% (128/160)".into()));

    let school = wb.worksheet_range("温江区燎原职业技术学校").expect("liaoyuan");
    assert!(school.rows().any(|r| r.iter().any(|c| c == &Data::String("T18.dual-qualified".into()))));
}

/// No `<script>`, no `src`/`href`, no URL, `@import` or `url(` anywhere.
fn assert_self_contained(page: &str) {
    let doc = scraper::Html::parse_document(page);
    let any = scraper::Selector::parse("*").expect("selector");
    for el in doc.select(&any) {
        let name = el.value().name();
        assert!(!matches!(name, "script" | "link" | "iframe" | "img" | "object" | "embed"), "<{name}> found");
        for (attr, value) in el.value().attrs() {
            assert!(
                !matches!(attr, "src" | "href" | "xlink:href" | "srcset" | "action"),
                "{attr}={value:?} on <{name}>"
            );
        }
    }
    for bad in ["http:", "https:", "//", "@import", "url(", "@font-face"] {
        assert!(!page.contains(bad), "the page contains {bad:?}");
    }
}

#[test]
fn the_intake_balance_band_is_a_headline_judged_inside_its_range() {
    // 职普比 is `between 45% and 55%`: a band, not a bound. It must be charted with
    // both ends and judged inside them, not dropped for having no single number.
    let a = example(None);
    let h = a.headlines.iter().find(|h| h.rule_id == "T01.enrolment-balance").expect("职普比 is a headline");
    assert_eq!(h.target_lines().len(), 2, "a band has two target lines");
    assert_eq!(h.target_text.zh, "∈ [45%, 55%]", "the band in words");
    for p in h.points.iter().filter(|p| p.value.is_some()) {
        let v = p.value.expect("value");
        let inside = h.target_lines()[0] <= v && v <= h.target_lines()[1];
        assert_eq!(p.met, Some(inside), "{}: met means inside the band", p.year);
    }
    let page = html(&a);
    let doc = scraper::Html::parse_document(&page);
    let chart = scraper::Selector::parse("svg.chart[aria-label^='职普'] line.target").expect("selector");
    assert_eq!(doc.select(&chart).count(), 2, "both ends of the band are drawn");
}

#[test]
fn html_is_self_contained_and_deterministic() {
    let a = example(None);
    let page = html(&a);
    assert_self_contained(&page);
    assert!(page.contains("@page { size: A4"));
    assert_eq!(page, html(&example(None)), "same input, same page");
    let doc = scraper::Html::parse_document(&page);
    let charts = scraper::Selector::parse("svg.chart").expect("selector");
    assert_eq!(doc.select(&charts).count(), 8, "one chart per headline target");
    let cwd = std::env::current_dir().expect("cwd");
    assert!(!page.contains(&cwd.display().to_string()), "no absolute path");
}

#[test]
fn markup_and_formulas_in_a_school_name_stay_text() {
    let keys = ["enrolled_students"];
    let tag = "<b>X</b>";
    let formula = "=HYPERLINK(\"x\",\"y\")";
    let fx = Fixture::new().csv(
        "evil.csv",
        &header_for(&keys),
        &[
            row(tag, 2020, "民办中职", &[(keys[0], "100")], &keys),
            row(
                &format!("\"{}\"", formula.replace('"', "\"\"")),
                2020,
                "民办中职",
                &[(keys[0], "100")],
                &keys,
            ),
        ],
    );
    let a = annual::build(&fx.report(Some(2020), None));
    assert!(a.scorecard.schools.iter().any(|s| s == tag), "{:?}", a.scorecard.schools);
    assert!(a.scorecard.schools.iter().any(|s| s == formula), "{:?}", a.scorecard.schools);

    let page = html(&a);
    assert!(page.contains("&lt;b&gt;X&lt;/b&gt;"));
    let doc = scraper::Html::parse_document(&page);
    let b = scraper::Selector::parse("b").expect("selector");
    assert!(doc.select(&b).all(|e| e.text().collect::<String>() != "X"), "the name became markup");
    let th = scraper::Selector::parse("th").expect("selector");
    assert!(doc.select(&th).any(|e| e.text().collect::<String>() == tag), "the name shows as text");

    let md = String::from_utf8(render(&a, Format::Markdown, Lang::Zh)).expect("utf-8");
    assert!(md.contains("&lt;b&gt;X&lt;/b&gt;") && !md.contains(tag));

    let bytes = render(&a, Format::Xlsx, Lang::Zh);
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a valid xlsx");
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).expect("formulas");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in {name}");
    }
    let card = wb.worksheet_range("评分表").expect("scorecard");
    let names: Vec<&Data> = card.rows().map(|r| &r[0]).collect();
    assert!(names.contains(&&Data::String(formula.into())), "the formula is a plain string: {names:?}");
}

#[test]
fn html_renders_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        #[allow(clippy::print_stderr, reason = "the skip must be visible in the test output")]
        {
            eprintln!("skipped: chromium not installed (apt-get install chromium; .ci/run installs it)");
        }
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("report.html");
    std::fs::write(&page, html(&example(None))).expect("write page");
    let png = dir.path().join("report.png");
    let profile = dir.path().join("profile");
    let mut child = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1240,1754",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 180 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let bytes = std::fs::read(&png).expect("chromium wrote no screenshot");
    assert!(bytes.len() > 10_000, "a blank page? {} bytes", bytes.len());
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}

/// Every sheet of `bytes`, as calamine reads it, with its size.
fn sheets(bytes: Vec<u8>) -> Vec<(String, usize, usize)> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a valid xlsx");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).expect("sheet");
            let (rows, cols) = range.get_size();
            (n, rows, cols)
        })
        .collect()
}

#[test]
fn sheet_names_from_hostile_school_names_are_valid_and_unique() {
    let mut a = example(None);
    let hostile = [
        "bad\u{1}name",
        "a/b:c*?[x]",
        "'quoted'",
        "BAD\u{1}NAME",
        "History",
        &"很".repeat(40),
        &"很".repeat(40),
    ];
    let template = a.schools[0].clone();
    a.schools = hostile
        .iter()
        .map(|n| {
            let mut s = template.clone();
            s.name = n.to_string();
            s
        })
        .collect();
    let bytes = render(&a, Format::Xlsx, Lang::Zh);
    let names: Vec<String> = sheets(bytes).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(names.len(), 5 + hostile.len(), "four lists, the rule-id appendix, one sheet per school");
    let mut seen = std::collections::HashSet::new();
    for n in &names {
        assert!(!n.chars().any(|c| c.is_control() || "[]:*?/\\".contains(c)), "{n:?}");
        assert!(!n.starts_with('\'') && !n.ends_with('\''), "{n:?}");
        assert!(n.encode_utf16().count() <= 31, "{n:?}");
        assert!(seen.insert(n.to_lowercase()), "{n:?} twice");
        assert_ne!(n.to_lowercase(), "history", "Excel reserves History");
    }
}

#[test]
fn control_characters_in_cell_text_are_kept_as_escapes() {
    let mut a = example(None);
    a.problems[0].reason.zh = "行一\u{1}\u{8}行二".to_string();
    let bytes = render(&a, Format::Xlsx, Lang::Zh);
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a valid xlsx");
    let list = wb.worksheet_range("逾期与未达标").expect("problems");
    assert!(list.rows().any(|r| r.iter().any(|c| c == &Data::String("行一\u{1}\u{8}行二".into()))));
}

#[test]
fn a_workbook_of_20000_institutions_stays_within_excels_limits() {
    let mut a = example(None);
    let n = 20_000;
    // The example's scorecard and lists, repeated over 20,000 invented institutions.
    // Few rules and lines keep the test quick in a debug build; the layout is the point.
    a.scorecard.rules.truncate(2);
    a.scorecard.cells.truncate(2);
    a.scorecard.schools = (0..n).map(|i| format!("示例省第{i}职业学校")).collect();
    for per_rule in &mut a.scorecard.cells {
        let first = per_rule[0].clone();
        *per_rule = vec![first; n];
    }
    let template = a.schools[0].clone();
    a.schools = (0..n)
        .map(|i| {
            let mut s = template.clone();
            s.name = format!("示例省第{i}职业学校");
            s.lines.truncate(1);
            s
        })
        .collect();
    let bytes = render(&a, Format::Xlsx, Lang::Zh);
    let sheets = sheets(bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["汇总", "评分表", "逾期与未达标", "数据完整性", "各校明细", "规则编号对照"],
        "one combined sheet"
    );
    for (name, rows, cols) in &sheets {
        assert!(*rows <= 1_048_576 && *cols <= 16_384, "{name}: {rows} x {cols}");
    }
    let card = sheets.iter().find(|(n, _, _)| n == "评分表").expect("scorecard");
    assert_eq!((card.1, card.2), (3 + n, 1 + 2), "a row per institution, a column per rule");
    let all = sheets.iter().find(|(n, _, _)| n == "各校明细").expect("combined");
    assert_eq!(all.1, 1 + n);
}

#[test]
fn a_run_that_fails_leaves_no_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("report.html");
    let xlsx = dir.path().join("no-such-dir").join("report.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wjvet"))
        .args(["report", "--registry", "examples/registry.toml", "-o"])
        .arg(&html)
        .arg("-o")
        .arg(&xlsx)
        .arg("examples/district")
        .output()
        .expect("run wjvet");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!html.exists(), "the HTML of a failed run was left behind");
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

#[test]
fn after_the_plans_last_year_the_outlook_gives_final_statuses() {
    // 2020 is the plan's last year and is judged as of its 31 December: nothing is
    // left to project, so each headline shows its final status and value.
    let md = String::from_utf8(render(&example(None), Format::Markdown, Lang::Zh)).expect("utf-8");
    assert!(md.contains("计划期（2018—2020）已结束"), "the period is said to be over");
    assert!(md.contains("| 最终：未达标（13800 人） |"), "enrolment's final status and value");
    assert!(!md.contains("已到期，以实际值为准"), "the placeholder is gone");
    let en = String::from_utf8(render(&example(None), Format::Html, Lang::En)).expect("utf-8");
    assert!(en.contains("The plan period (2018–2020) has ended"));
    // Before the end, the projection stays.
    let md2019 = String::from_utf8(render(&example(Some(2019)), Format::Markdown, Lang::Zh)).expect("utf-8");
    assert!(!md2019.contains("已结束") && md2019.contains("推算存在风险"));
}
