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
    let (schools, registry) = summary.split_once("因未提供全区名册").expect("the registry is named as the cause");
    assert!(registry.contains("区域内中职在校生达到15000人"), "{summary}");
    assert!(!schools.contains("区域内中职在校生达到15000人"), "enrolment is not blamed on the schools: {summary}");
    assert!(md.contains("| 数据不全（未提供全区名册） |"), "the verdict says why");
    let en = text(&a, Format::Html, Lang::En);
    assert!(en.contains("incomplete (no district registry given)"), "and in English");
    let mut wb = xlsx(&a, Lang::Zh);
    let summary = wb.worksheet_range("汇总").expect("summary");
    assert!(summary.rows().any(|r| r.iter().any(|c| c == &Data::String("数据不全（未提供全区名册）".into()))));
    // With the registry, nothing blames a missing registry.
    let with = build(false, true);
    assert!(!text(&with, Format::Markdown, Lang::Zh).contains("未提供全区名册"));
}
