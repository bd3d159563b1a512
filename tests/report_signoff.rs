//! The annual summary as a document leadership signs (issue 9 §4): the exemptions
//! listed with their approval, the sign-off block, narrative paragraphs, rule titles
//! for the reader, and honest wording where the district is unknown. Each format is
//! read back: Markdown as text, the workbook with calamine, the page with an HTML
//! parser.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use wjvet::annual::{self, AnnualReport};
use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::lang::Lang;
use wjvet::render::annual::{Format, write};

fn build(exemptions: bool, registry: bool) -> AnnualReport {
    let opts = CheckOptions {
        registry: registry.then(|| "examples/registry.toml".into()),
        paths: vec!["examples/district".into()],
        exemptions: exemptions.then(|| "examples/exemptions.toml".into()),
        ..CheckOptions::default()
    };
    match check::run(&opts) {
        Outcome::Evaluated(r) => annual::build(&r),
        _ => panic!("the example district should evaluate"),
    }
}

fn text(a: &AnnualReport, format: Format, lang: Lang) -> String {
    let mut out = Vec::new();
    write(&mut out, a, format, lang).expect("render");
    String::from_utf8(out).expect("utf-8")
}

fn xlsx(a: &AnnualReport, lang: Lang) -> Xlsx<Cursor<Vec<u8>>> {
    let mut out = Vec::new();
    write(&mut out, a, Format::Xlsx, lang).expect("render");
    calamine::open_workbook_from_rs(Cursor::new(out)).expect("a valid xlsx")
}

#[test]
fn exemptions_are_listed_with_their_approval() {
    let a = build(true, true);
    assert_eq!(a.exemptions.len(), 3, "every exemption of the file, applied or not");
    let md = text(&a, Format::Markdown, Lang::Zh);
    assert!(md.contains("## 七、豁免事项"));
    assert!(md.contains(
        "| 温江区鱼凫职业技术学校 | 实习实训室数量达到专业教学标准80%以上（T22.training-rooms） | 2020 | 新建实训楼 2021 年春季投入使用，期间借用燎原职校实训室 | 成职教科 | 温教函〔2020〕示例 12 号 | 2021-06-30 | 已适用（1 项） |"
    ));
    assert!(md.contains("| 2020-11-30 | 已过期，未适用 |"), "an expired exemption is listed too:\n{md}");
    assert!(!md.contains("尚未启用"), "the stale note is gone");
    let en = text(&a, Format::Markdown, Lang::En);
    assert!(en.contains("## 7. Exemptions") && !en.contains("not enabled yet"));

    let page = text(&a, Format::Html, Lang::Zh);
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("#exemptions td[title='T22.training-rooms']").expect("selector");
    let td = doc.select(&sel).next().expect("the rule's id in the tooltip");
    assert_eq!(td.text().collect::<String>(), "实习实训室数量达到专业教学标准80%以上");

    let mut wb = xlsx(&a, Lang::Zh);
    assert!(wb.sheet_names().contains(&"豁免事项".to_string()));
    let sheet = wb.worksheet_range("豁免事项").expect("exemptions sheet");
    let row = sheet.rows().nth(1).expect("first exemption");
    assert_eq!(row[3], Data::String("新建实训楼 2021 年春季投入使用，期间借用燎原职校实训室".into()));
    assert_eq!(row[4], Data::String("成职教科".into()));
    assert_eq!(row[6], Data::String("2021-06-30".into()));
    assert_eq!(row[8], Data::String("T22.training-rooms".into()));
}

#[test]
fn without_exemptions_there_is_no_exemptions_section() {
    let a = build(false, true);
    assert!(!text(&a, Format::Markdown, Lang::Zh).contains("## 七、豁免事项"));
    assert!(!xlsx(&a, Lang::Zh).sheet_names().contains(&"豁免事项".to_string()));
}

#[test]
fn without_a_registry_unjudged_targets_blame_the_missing_registry_not_the_schools() {
    let a = build(false, false);
    let enrolled = a.headlines.iter().find(|h| h.rule_id == "T01.enrolled").expect("enrolled");
    assert!(enrolled.district_unknown(2020), "every school reported; only the district is unknown");
    let dual = a.headlines.iter().find(|h| h.rule_id == "T18.dual-qualified").expect("双师型");
    assert!(!dual.district_unknown(2020), "a school left a cell empty: that one is the school's");
    let md = text(&a, Format::Markdown, Lang::Zh);
    let summary = &a.conclusions[1].zh;
    let (schools, registry) =
        summary.split_once("因未提供全区名册").expect("the registry is named as the cause");
    assert!(registry.contains("区域内中职在校生达到15000人"), "{summary}");
    assert!(
        !schools.contains("区域内中职在校生达到15000人"),
        "enrolment is not blamed on the schools: {summary}"
    );
    assert!(md.contains("| 数据不全（未提供全区名册） |"), "the verdict says why");
    let en = text(&a, Format::Html, Lang::En);
    assert!(en.contains("incomplete (no district registry given)"), "and in English");
    let mut wb = xlsx(&a, Lang::Zh);
    let summary = wb.worksheet_range("汇总").expect("summary");
    assert!(
        summary.rows().any(|r| r.iter().any(|c| c == &Data::String("数据不全（未提供全区名册）".into())))
    );
    // With the registry, nothing blames a missing registry.
    let with = build(false, true);
    assert!(!text(&with, Format::Markdown, Lang::Zh).contains("未提供全区名册"));
}

const META: &str = "unit = \"温江区教育局督导室\"\ndoc_number = \"温教督〔2021〕3号\"\nteam_leader = \"王督学\"\nteam = [\"李督学\", \"张督学\"]\ninspected_from = 2021-01-04\ninspected_to = 2021-01-15\nreport_date = 2021-01-25\n";

fn signed(meta: &str) -> AnnualReport {
    let mut a = build(false, true);
    a.signoff = Some(wjvet::signoff::parse(meta, "meta.toml").expect("a valid sign-off"));
    a
}

#[test]
fn the_sign_off_is_in_the_header_and_at_the_end_of_every_format() {
    let a = signed(META);
    let md = text(&a, Format::Markdown, Lang::Zh);
    let (head, rest) = md.split_once("## 总体情况").expect("summary heading");
    assert!(head.contains("- **报告单位**：温江区教育局督导室"));
    assert!(head.contains("- **文号**：温教督〔2021〕3号"));
    assert!(head.contains("- **督查组**：组长 王督学；成员 李督学、张督学"));
    assert!(head.contains("- **督查时间**：2021-01-04 至 2021-01-15"));
    let end = rest.rsplit_once("## 签发").expect("a sign-off block at the end").1;
    assert!(end.contains("- **督查组组长（签字）**：王督学"));
    assert!(end.contains("- **报告日期**：2021-01-25"));

    let page = text(&a, Format::Html, Lang::En);
    let doc = scraper::Html::parse_document(&page);
    let facts = scraper::Selector::parse("header dl.facts dd").expect("selector");
    assert_eq!(
        doc.select(&facts).next().map(|d| d.text().collect::<String>()).as_deref(),
        Some("温江区教育局督导室")
    );
    let block = scraper::Selector::parse("main > section#notes ~ section#signoff dt").expect("selector");
    let dts: Vec<String> = doc.select(&block).map(|d| d.text().collect()).collect();
    assert_eq!(
        dts,
        [
            "Reporting unit (seal)",
            "Document number",
            "Team leader (signature)",
            "Team members (signatures)",
            "Report date"
        ]
    );

    let mut wb = xlsx(&a, Lang::Zh);
    let sheet = wb.worksheet_range("汇总").expect("summary");
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[2][..2], ["报告单位".to_string(), "温江区教育局督导室".to_string()], "first fact");
    let at = rows.iter().position(|r| r[0] == "签发").expect("the block's heading");
    assert_eq!(rows[at + 1][..2], ["报告单位（盖章）".to_string(), "温江区教育局督导室".to_string()]);
    assert!(at > rows.iter().position(|r| r[0] == "附：说明").expect("notes"), "after the notes");
}

#[test]
fn without_a_sign_off_there_is_no_block() {
    let a = build(false, true);
    assert!(!text(&a, Format::Markdown, Lang::Zh).contains("报告单位"));
    assert!(!text(&a, Format::Html, Lang::Zh).contains("id=\"signoff\""));
}

#[test]
fn markup_and_control_characters_in_the_sign_off_stay_text() {
    let hostile = META
        .replace("温江区教育局督导室", "<script>alert(1)</script>督导室")
        .replace("温教督〔2021〕3号", "| **文号** |\\u0007\\u001b[31m");
    let a = signed(&hostile);
    let page = text(&a, Format::Html, Lang::Zh);
    assert!(!page.contains("<script>"), "markup is escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;督导室"));
    assert!(!page.contains('\u{7}') && !page.contains('\u{1b}'), "no raw control character in the page");
    let md = text(&a, Format::Markdown, Lang::Zh);
    assert!(!md.contains('\u{7}') && !md.contains('\u{1b}'), "no raw control character in the Markdown");
    assert!(!md.contains("<script>") && !md.contains("| **文号** |"), "no raw markup in the Markdown");
}

#[test]
fn hostile_sign_off_files_are_refused_at_their_line() {
    use wjvet::diag::Code;
    let refused = |src: &str| -> Vec<(Code, Option<u32>, String)> {
        let d = wjvet::signoff::parse(src, "meta.toml").expect_err("refused");
        d.items().iter().map(|d| (d.code, d.location.row, d.message.en.clone())).collect()
    };
    let malformed = refused("unit = \"温江\nreport_date = 2021-01-25\n");
    assert_eq!((malformed[0].0, malformed[0].1), (Code::MetaInvalid, Some(1)), "{malformed:?}");
    let unknown = refused(&format!("{META}seal = \"公章\"\n"));
    assert_eq!(unknown[0].1, Some(8));
    assert!(unknown[0].2.contains("unknown field `seal`"), "{unknown:?}");
    let empty = refused("");
    assert_eq!(empty.len(), 1);
    assert!(
        empty[0].2.contains("lacks unit, doc_number, team_leader, inspected_from, inspected_to, report_date")
    );
    let wrong = refused(&META.replace("team = [\"李督学\", \"张督学\"]", "team = \"李督学\""));
    assert_eq!(wrong[0].1, Some(4), "{wrong:?}");
    let number = refused(&META.replace("\"温教督〔2021〕3号\"", "3"));
    assert_eq!(number[0].1, Some(2), "{number:?}");
    let blank_long = refused(&META.replace("温江区教育局督导室", "  ").replace("王督学", &"王".repeat(101)));
    assert_eq!(blank_long.iter().map(|d| d.1).collect::<Vec<_>>(), [Some(1), Some(3)], "{blank_long:?}");
    let backwards = refused(&META.replace("2021-01-15", "2021-01-01").replace("2021-01-25", "2020-12-31"));
    assert_eq!(backwards.iter().map(|d| d.1).collect::<Vec<_>>(), [Some(6), Some(7)], "{backwards:?}");
    let datetime = refused(&META.replace("report_date = 2021-01-25", "report_date = 2021-01-25T08:00:00"));
    assert_eq!(datetime[0].1, Some(7));
}

#[test]
fn the_narrative_is_made_from_the_numbers() {
    let a = build(false, true);
    let md = text(&a, Format::Markdown, Lang::Zh);
    let para = |head: &str| {
        let after = md.split_once(&format!("### {head}\n\n")).expect(head).1;
        after.lines().next().unwrap_or_default().to_string()
    };
    let met: Vec<&str> = a
        .headlines
        .iter()
        .filter(|h| h.status == wjvet::eval::Status::Pass)
        .map(|h| h.title.zh.as_str())
        .collect();
    let done = para("主要成效");
    assert!(done.contains(&format!("核心指标达到目标 {} 项", met.len())), "{done}");
    assert!(done.contains("普职融通生源规模达500人以上（全区 510 人，目标 ≥ 500）"), "{done}");
    let wrong = para("存在问题");
    assert!(wrong.contains("区域内中职在校生达到15000人（全区 13800 人，目标 ≥ 15000）"), "{wrong}");
    assert!(wrong.contains("逾期与未达标事项最多的 3 所学校：温江区鱼凫职业技术学校（11 项）"), "{wrong}");
    assert!(wrong.contains("温江区华新职业学校「每年6月上报教师到企业实践计划」已超期 184 天"), "{wrong}");
    assert!(wrong.contains(&format!("待人工核查 {} 项", a.totals.review)), "{wrong}");
    let fix = para("整改要求");
    assert!(fix.contains("温江区鱼凫职业技术学校 11 项（错误级 6 项）"), "{fix}");
    assert!(fix.contains(&format!("{} 所学校须补报", a.gaps.len())), "{fix}");

    let page = text(&a, Format::Html, Lang::En);
    let doc = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("#summary h3").expect("selector");
    let heads: Vec<String> = doc.select(&sel).map(|h| h.text().collect()).collect();
    assert_eq!(heads, ["Achievements", "Problems", "Rectification required"]);
    let mut wb = xlsx(&a, Lang::Zh);
    let sheet = wb.worksheet_range("汇总").expect("summary");
    let row = sheet.rows().find(|r| r[0] == Data::String("存在问题".into())).expect("the paragraph's row");
    assert!(row[1].to_string().contains("已超期 184 天"));
}

#[test]
fn leadership_formats_name_rules_by_title_with_ids_in_tooltips_and_an_appendix() {
    let a = build(false, true);
    let page = text(&a, Format::Html, Lang::Zh);
    let doc = scraper::Html::parse_document(&page);
    // The scorecard's and the problem list's rule cells: the title, the id as tooltip.
    for table in ["#scorecard", "#problems"] {
        let sel = scraper::Selector::parse(&format!("{table} td[title='T15.qualified']")).expect("selector");
        let td = doc.select(&sel).next().unwrap_or_else(|| panic!("{table}: no tooltip with the id"));
        assert_eq!(td.text().collect::<String>(), "职教教师合格率达到85%以上", "{table}");
    }
    let cells = scraper::Selector::parse("#scorecard td, #problems td").expect("selector");
    assert!(
        doc.select(&cells).all(|td| !td.text().collect::<String>().contains("T15.qualified")),
        "no rule id shown in the tables"
    );
    let appendix = scraper::Selector::parse("#rule-ids tbody tr").expect("selector");
    let rows: Vec<Vec<String>> = doc
        .select(&appendix)
        .map(|tr| tr.children().filter_map(scraper::ElementRef::wrap).map(|td| td.text().collect()).collect())
        .collect();
    assert!(rows.contains(&vec!["T15.qualified".to_string(), "职教教师合格率达到85%以上".to_string()]));
    assert_eq!(rows.len(), a.rule_index.len());

    let mut wb = xlsx(&a, Lang::Zh);
    let list = wb.worksheet_range("逾期与未达标").expect("problems");
    let head: Vec<String> = list.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
    assert_eq!(
        (head[2].as_str(), head.last().map(String::as_str)),
        ("事项", Some("规则编号")),
        "title first, id last"
    );
    let index = wb.worksheet_range("规则编号对照").expect("appendix sheet");
    assert!(index.rows().any(|r| r[0] == Data::String("T15.qualified".into())));
}

#[test]
fn the_plan_labels_actions_and_sections_in_english() {
    let plan = wjvet::plan::parse_plan(wjvet::plan::EMBEDDED_PLAN, "plan.toml").expect("the plan is valid");
    for t in &plan.tasks {
        assert!(t.action_en.is_some() && t.sub_action_en.is_some(), "task {}", t.number);
        assert_eq!(t.sections_en.as_ref().map(Vec::len), Some(t.sections.len()), "task {}", t.number);
    }
    let a = build(false, true);
    let md = text(&a, Format::Markdown, Lang::En);
    assert!(md.contains("| Action 1: Raise schools' capacity for high-standard vocational education |"));
    let by_section = md.split_once("### By responsible section").expect("section table").1;
    assert!(by_section.contains("| Adult and Vocational Education Section |"));
    assert!(!by_section.contains("成职教科"), "no Chinese section name in English");
    let page = text(&a, Format::Html, Lang::En);
    assert!(!page.contains("成职教科") && !page.contains("提升学校办学能力"), "nor in the English page");
    let mut wb = xlsx(&a, Lang::En);
    let summary = wb.worksheet_range("Summary").expect("summary");
    assert!(summary.rows().any(|r| r[0] == Data::String("Personnel Section".into())));
    // Chinese reports keep the plan's own words.
    assert!(text(&a, Format::Markdown, Lang::Zh).contains("| 成职教科 |"));
}

#[test]
fn english_labels_are_validated_with_their_line() {
    use wjvet::diag::Code;
    let plan = wjvet::plan::EMBEDDED_PLAN;
    let first = "sections_en = [\"Adult and Vocational Education Section\"]\n";
    let refused = |text: &str| {
        let d = wjvet::plan::parse_plan(text, "plan.toml").expect_err("refused");
        d.items().iter().map(|d| (d.code, d.location.row.is_some(), d.message.en.clone())).collect::<Vec<_>>()
    };
    let long = refused(&plan.replacen(first, "sections_en = [\"A\", \"B\"]\n", 1));
    assert_eq!(long.len(), 1, "{long:?}");
    assert_eq!((long[0].0, long[0].1), (Code::PlanValue, true));
    assert!(long[0].2.contains("task 1: sections_en has 2 names for 1 sections"), "{long:?}");
    let empty = refused(&plan.replacen(first, "sections_en = [\" \"]\n", 1));
    assert!(empty[0].2.contains("task 1: sections_en is empty"), "{empty:?}");
    let other = "action_en = \"Raise schools' capacity for high-standard vocational education\"\n";
    let clash = refused(&plan.replacen(other, "action_en = \"Schools\"\n", 1));
    assert!(clash[0].2.contains("task 2: \"提升学校办学能力，促进职教高标准发展\" is called"), "{clash:?}");
    let unknown = refused(&plan.replacen(first, "section_en = [\"A\"]\n", 1));
    assert_eq!(unknown[0].0, Code::PlanSyntax, "a misspelt key is refused: {unknown:?}");
}

#[test]
fn a_value_just_above_a_band_never_shows_as_its_top() {
    let a = build(false, true);
    let mut h = a.headlines.iter().find(|h| h.rule_id == "T01.enrolment-balance").expect("职普比").clone();
    let just_above = wjvet::num::Num::new(5501, 10000);
    assert_eq!(h.show(&just_above, Lang::Zh), "55.1%", "55.01% is out of the band, shown above 55%");
    let just_below = wjvet::num::Num::new(4499, 10000);
    assert_eq!(h.show(&just_below, Lang::Zh), "44.9%", "44.99% is out of the band, shown below 45%");
    h.target = wjvet::plan::Target::Num(wjvet::num::Num::new(1, 2));
    assert_eq!(h.show(&just_above, Lang::Zh), "55%", "a single target keeps its own rounding");
}
