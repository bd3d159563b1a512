//! The error catalogue: every diagnostic code has a fixture here that makes wjvet
//! emit it, with its message in both languages; docs/errors.md lists exactly these
//! codes, at the level the binary emits them, with these very messages.
//!
//! After changing a message, print the new examples with
//! `WJVET_PRINT_CATALOGUE=1 cargo test --test catalogue -- --nocapture` and update
//! docs/errors.md.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::*;
use rust_xlsxwriter::{Format, Formula};
use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::data::ReadOptions;
use wjvet::diag::{Code, Diagnostic, Level};
use wjvet::lang::Lang;

const H: &str = "学校名称,年度,学校类型,学校标识码,专任教师数,专业课教师数,双师型教师数,新优质学校认定,省级示范校建成日期";

/// A CSV with the header above and these rows.
fn csv(rows: &[&str]) -> Fixture {
    let mut text = format!("{H}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    Fixture::new().raw("s.csv", text.as_bytes())
}

fn all(o: Outcome) -> Vec<Diagnostic> {
    match o {
        Outcome::DataInvalid { diagnostics, .. }
        | Outcome::PlanInvalid(diagnostics)
        | Outcome::ConfigInvalid(diagnostics) => diagnostics.items().to_vec(),
        Outcome::Evaluated(r) => r.diagnostics.items().to_vec(),
    }
}

fn from_fixture(fx: &Fixture) -> Vec<Diagnostic> {
    all(fx.outcome(None, None))
}

/// A plan of one percent field and one rule, for the code only a percent field has.
const PERCENT_PLAN: &str = r#"
schema_version = 1
[plan]
id = "pct"
title = "测试"
title_en = "Test"
doc_number = "测〔2030〕1号"
issuer = "测试局"
issuer_en = "Test bureau"
issued = 2030-01-01
period = [2030, 2031]

[[school_types]]
key = "public_vocational"
label = "公办中职"
label_en = "public vocational"

[[fields]]
key = "rate"
label = "就业率"
label_en = "Employment rate"
type = "percent"
description = { zh = "就业率", en = "employment rate" }

[[tasks]]
number = 1
action = "行动"
sub_action = "子行动"
task = "任务"
indicator = "指标"
sections = ["科"]
implementers = ["各校"]
citations = [{ clause = "一", text = "原文" }]

[[tasks.rules]]
id = "T01.rate"
title = "就业率不低于95%"
title_en = "Employment rate at least 95%"
kind = "threshold"
applies_to = ["public_vocational"]
measure = "rate"
comparator = ">="
target = "95%"
due = 2031-12-31
severity = "error"
severity_reason = "test"
"#;

fn embedded_with(from: &str, to: &str) -> Vec<Diagnostic> {
    let text = wjvet::plan::EMBEDDED_PLAN.replacen(from, to, 1);
    assert_ne!(text, wjvet::plan::EMBEDDED_PLAN, "{from:?} not in plan.toml");
    match wjvet::plan::parse_plan(&text, "plan.toml") {
        Ok(_) => Vec::new(),
        Err(d) => d.items().to_vec(),
    }
}

/// The lint warnings of the embedded plan with one edit, checked against its source text.
fn linted(from: &str, to: &str) -> Vec<Diagnostic> {
    let text = wjvet::plan::EMBEDDED_PLAN.replacen(from, to, 1);
    assert_ne!(text, wjvet::plan::EMBEDDED_PLAN, "{from:?} not in plan.toml");
    let plan = wjvet::plan::parse_plan(&text, "plan.toml").expect("the edited plan stays valid");
    let original = wjvet::plan::Original::Text(wjvet::plan::EMBEDDED_SOURCE);
    wjvet::plan::lint(&plan, &text, "plan.toml", original).items().to_vec()
}

/// The example district checked with an exemptions file and a selection.
fn governed(exemptions: &str, selection: wjvet::select::Selection) -> Vec<Diagnostic> {
    let fx = Fixture::new();
    let p = fx.dir.path().join("exemptions.toml");
    std::fs::write(&p, exemptions).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = CheckOptions {
        registry: Some(root.join("examples/registry.toml")),
        paths: vec![root.join("examples/district")],
        exemptions: Some(p),
        selection,
        ..CheckOptions::default()
    };
    all(check::run(&opts))
}

/// The example district checked with a reviews sheet (CSV) of these rows.
fn reviewed(rows: &[&str]) -> Vec<Diagnostic> {
    let fx = Fixture::new();
    let p = fx.dir.path().join("reviews.csv");
    let mut text = "单位,年度,规则,核查结论,核查人,核查日期,核查依据\n".to_string();
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&p, text).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = CheckOptions {
        registry: Some(root.join("examples/registry.toml")),
        paths: vec![root.join("examples/district")],
        reviews: Some(p),
        ..CheckOptions::default()
    };
    all(check::run(&opts))
}

const REVIEW: &str = "全区,2020,T21.teaching-inspection,达标,成职教科,2020-11-27,温教督〔2020〕18号";

const EXEMPTION: &str = "[[exemption]]\nrule = \"T22.training-rooms\"\ninstitution = \"温江区鱼凫职业技术学校\"\nyear = 2020\nreason = \"实训楼在建\"\napproved_by = \"成职教科\"\nexpires = 2021-06-30\n";

/// One fixture per code: the diagnostics it produces.
fn emit(code: Code) -> Vec<Diagnostic> {
    let ok = "燎原职中,2020,公办中职,5101150001,200,160,130,是,2020-11-20";
    match code {
        Code::PlanUnreadable => match wjvet::plan::load(Some(&PathBuf::from("/nonexistent/plan.toml"))) {
            Err(d) => d.items().to_vec(),
            Ok(_) => Vec::new(),
        },
        Code::PlanSyntax => embedded_with("schema_version = 1", "schema_version = 1\nschema_versoin = 1"),
        Code::PlanReference => {
            embedded_with("at_most = [\"fulltime_teachers\"]", "at_most = [\"fulltime_teacher\"]")
        }
        Code::PlanDuplicate => embedded_with("key = \"new_enrollment\"", "key = \"enrolled_students\""),
        Code::PlanValue => embedded_with("schema_version = 1", "schema_version = 2"),
        Code::PlanRuleShape => embedded_with("label = \"学校标识码\"", "label = \"学校标识码\"\nmin = 0"),
        Code::PlanCoverage => {
            // The first task's citations emptied.
            let plan = wjvet::plan::EMBEDDED_PLAN;
            let start = plan.find("citations = [").unwrap();
            let end = start + plan[start..].find("\n]").unwrap() + 2;
            embedded_with(&plan[start..end], "citations = []")
        }
        Code::PlanNoInterpretation => linted("\ninterpretation = ", "\n# interpretation = "),
        Code::PlanCitationNotFound => {
            linted("每年5月前，上报学校实习计划和实习方案\" }", "每年4月前上报学校实习计划\" }")
        }
        Code::PlanUnusedField => linted(
            "[[fields]]",
            "[[fields]]\nkey = \"canteens\"\nlabel = \"食堂数\"\nlabel_en = \"Canteens\"\ntype = \"count\"\n\
             description = { zh = \"食堂数\", en = \"canteens\" }\n\n[[fields]]",
        ),
        Code::PlanTitleMismatch => linted("due = \"05-31\"", "due = \"04-30\""),
        Code::PlanUntestedRule => {
            let plan = wjvet::plan::load(None).unwrap();
            let tested: std::collections::HashSet<&str> =
                plan.rules.iter().skip(1).map(|r| r.id.as_str()).collect();
            let none = wjvet::plan::Original::None;
            wjvet::plan::lint_tested(&plan, wjvet::plan::EMBEDDED_PLAN, "plan.toml", none, Some(&tested))
                .items()
                .to_vec()
        }
        Code::RegistryInvalid => {
            let fx = Fixture::new();
            let p = fx.dir.path().join("registry.toml");
            std::fs::write(&p, "[[institutions]]\nid = 1\n").unwrap();
            let mut opts = fx.options(None, None);
            opts.registry = Some(p);
            all(check::run(&opts))
        }
        Code::ExemptionInvalid => {
            governed(&EXEMPTION.replace("reason = \"实训楼在建\"\n", ""), Default::default())
        }
        Code::ExemptionUnknownRule => {
            governed(&EXEMPTION.replace("T22.training-rooms", "T22.training-room"), Default::default())
        }
        Code::ExemptionUnknownInstitution => {
            governed(&EXEMPTION.replace("鱼凫职业技术学校", "鱼凫职业学院"), Default::default())
        }
        Code::ExemptionDuplicate => governed(&format!("{EXEMPTION}\n{EXEMPTION}"), Default::default()),
        Code::ExemptionExpired => {
            governed(&EXEMPTION.replace("2021-06-30", "2020-06-30"), Default::default())
        }
        Code::ExemptionUnused => {
            governed(&EXEMPTION.replace("T22.training-rooms", "T16.industry"), Default::default())
        }
        Code::MetaInvalid => {
            let fx = Fixture::new();
            let p = fx.dir.path().join("meta.toml");
            std::fs::write(&p, "unit = \"温江区教育局\"\nstamp = \"公章\"\n").unwrap();
            wjvet::signoff::load(&p).err().map(|d| d.items().to_vec()).unwrap_or_default()
        }
        Code::ReviewInvalid => reviewed(&[&REVIEW.replace("成职教科", "")]),
        Code::ReviewUnknownRule => reviewed(&[&REVIEW.replace("inspection", "inspections")]),
        Code::ReviewComputedRule => reviewed(&[&REVIEW.replace("T21.teaching-inspection", "T01.enrolled")]),
        Code::ReviewUnknownInstitution => reviewed(&[&REVIEW
            .replace("全区", "温江区鱼凫职业学院")
            .replace("T21.teaching-inspection", "T29.community-education")]),
        Code::ReviewDuplicate => reviewed(&[REVIEW, REVIEW]),
        Code::ReviewUnused => reviewed(&[&REVIEW.replace("2020,", "2019,")]),
        Code::PlanTestInvalid => {
            let plan = wjvet::plan::load(None).unwrap();
            let source = "[[case]]\nname = \"T15 at the bound\"\nrow = \"\"\n";
            wjvet::plantest::parse(source, "tests.toml", None, &plan)
                .err()
                .map(|d| d.items().to_vec())
                .unwrap_or_default()
        }
        Code::EmptySelection => governed(
            EXEMPTION,
            wjvet::select::Selection { rules: vec!["T99.*".into()], ..Default::default() },
        ),
        Code::UnreadableFile => {
            let mut opts = Fixture::new().options(None, None);
            opts.paths = vec!["/nonexistent/school.csv".into()];
            all(check::run(&opts))
        }
        Code::UnsupportedFile => from_fixture(&Fixture::new().raw("s.pdf", b"%PDF")),
        Code::BadEncoding => {
            let bytes = [format!("{H}\n燎原职中,2020,公办中职,5101150001,2").as_bytes(), b"\xFF0\n"].concat();
            from_fixture(&Fixture::new().raw("s.csv", &bytes))
        }
        Code::MalformedCsv => from_fixture(&csv(&["\"燎原职中,2020"])),
        Code::EmptyFile => from_fixture(&Fixture::new().raw("s.csv", b"")),
        Code::NoDataRows => from_fixture(&csv(&[])),
        Code::RaggedRow => from_fixture(&csv(&[&format!("{ok},多余")])),
        Code::BlankRow => from_fixture(&csv(&[",,,,,,,,", ok])),
        Code::UnknownSheet => {
            let fx = Fixture::new().xlsx("s.xlsx", |wb| {
                wb.add_worksheet().set_name("2020").unwrap();
            });
            let mut opts = fx.options(None, None);
            opts.read = ReadOptions { sheet: Some("2019".into()), ..ReadOptions::default() };
            all(check::run(&opts))
        }
        Code::AmbiguousSheet => {
            let fx = Fixture::new().xlsx("s.xlsx", |wb| {
                for (name, year) in [("2019", 2019), ("2020", 2020)] {
                    let ws = wb.add_worksheet();
                    ws.set_name(name).unwrap();
                    ws.write_string(0, 0, "学校名称").unwrap();
                    ws.write_string(0, 1, "年度").unwrap();
                    ws.write_string(1, 0, "燎原职中").unwrap();
                    ws.write_number(1, 1, year).unwrap();
                }
            });
            from_fixture(&fx)
        }
        Code::CellError | Code::MergedCell => {
            let fx = Fixture::new().xlsx("s.xlsx", |wb| {
                let ws = wb.add_worksheet();
                for (c, h) in ["学校名称", "年度", "专任教师数", "专业课教师数"].iter().enumerate()
                {
                    ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
                }
                for (r, y) in [(1, 2019), (2, 2020)] {
                    ws.write_string(r, 0, "燎原职中").unwrap();
                    ws.write_number(r, 1, y).unwrap();
                }
                ws.write_formula(1, 2, Formula::new("=NA()").set_result("#N/A")).unwrap();
                ws.merge_range(1, 3, 2, 3, "", &Format::new()).unwrap();
                ws.write_number(1, 3, 150).unwrap();
            });
            from_fixture(&fx)
        }
        Code::SheetTooLarge => {
            // One value at A1 and one at XFD1048576: 17 billion cells implied.
            let fx = Fixture::new().xlsx("s.xlsx", |wb| {
                let ws = wb.add_worksheet();
                ws.write_string(0, 0, "学校名称").unwrap();
                ws.write_number(1_048_575, 16_383, 1).unwrap();
            });
            from_fixture(&fx)
        }
        Code::MissingIdentityColumn => {
            from_fixture(&Fixture::new().raw("s.csv", "学校名称,专任教师数\n燎原职中,200\n".as_bytes()))
        }
        Code::DuplicateColumn => {
            from_fixture(&Fixture::new().raw(
                "s.csv",
                "学校名称,年度,专任教师数,fulltime_teachers\n燎原职中,2020,200,200\n".as_bytes(),
            ))
        }
        Code::UnknownColumn => from_fixture(
            &Fixture::new().raw("s.csv", "学校名称,年度,专任教师\n燎原职中,2020,200\n".as_bytes()),
        ),
        Code::BlankHeader => {
            from_fixture(&Fixture::new().raw("s.csv", "学校名称,年度,\n燎原职中,2020,200\n".as_bytes()))
        }
        Code::MissingIdentity => from_fixture(&csv(&[",2020,公办中职,,200,,,,"])),
        Code::BadYear => from_fixture(&csv(&["燎原职中,二〇二〇,公办中职,,200,,,,"])),
        Code::ImplausibleYear => from_fixture(&csv(&["燎原职中,1920,公办中职,,200,,,,"])),
        Code::UnknownSchoolType => from_fixture(&csv(&["某校,2020,职高,,200,,,,"])),
        Code::SchoolTypeMismatch => from_fixture(&csv(&["燎原职中,2020,民办中职,,200,,,,"])),
        Code::NotANumber => from_fixture(&csv(&["燎原职中,2020,公办中职,,二百,,,,"])),
        Code::NotAWholeNumber => from_fixture(&csv(&["燎原职中,2020,公办中职,,200.5,,,,"])),
        Code::BelowMinimum => from_fixture(&csv(&["燎原职中,2020,公办中职,,-1,,,,"])),
        Code::ExceedsField => from_fixture(&csv(&["燎原职中,2020,公办中职,,200,160,170,,"])),
        Code::BadPercent => {
            let fx = Fixture::new()
                .raw("s.csv", "学校名称,年度,学校类型,就业率\n某校,2030,公办中职,185%\n".as_bytes())
                .plan(PERCENT_PLAN);
            from_fixture(&fx)
        }
        Code::BadDate => from_fixture(&csv(&["燎原职中,2020,公办中职,,200,,,,2020年13月1日"])),
        Code::BadBool => from_fixture(&csv(&["燎原职中,2020,公办中职,,200,,,也许,"])),
        Code::DamagedCode => from_fixture(&csv(&["燎原职中,2020,公办中职,5.10115E+09,200,,,,"])),
        Code::ImplausibleDate => from_fixture(&csv(&["燎原职中,2020,公办中职,,200,,,,2091-11-20"])),
        Code::DuplicateRow => {
            from_fixture(&csv(&[ok, "温江区燎原职业技术学校,2020,公办中职,5101150001,201,,,,"]))
        }
        Code::PossibleDuplicateInstitution => from_fixture(&csv(&[
            "温江区德远职业学校,2020,民办中职,,200,160,130,,",
            "温江区德远职业学院,2020,民办中职,,201,160,130,,",
        ])),
        Code::UnknownInstitution => from_fixture(&csv(&["温江区燎源职业技术学校,2020,公办中职,,200,,,,"])),
        Code::UnregisteredInstitution => from_fixture(&csv(&["温江区华新职业学校,2020,民办中职,,200,,,,"])),
        Code::MissingColumn => roster(TEACHER_HEADER.replace(",双师型有效期至", ""), &[]),
        Code::MissingValue => roster(INTERN_HEADER.into(), &[placement(1, &[("实习单位", "")])]),
        Code::BadChoice => roster(INTERN_HEADER.into(), &[placement(1, &[("实习类型", "顶岗")])]),
        Code::BadIdNumber => {
            roster(INTERN_HEADER.into(), &[placement(1, &[("身份证号", "990000200301010010")])])
        }
        Code::BirthDateMismatch => {
            roster(INTERN_HEADER.into(), &[placement(1, &[("出生日期", "2002-01-01")])])
        }
        Code::DuplicateRecord => roster(TEACHER_HEADER.into(), &[teacher(1, "", ""), teacher(1, "", "")]),
        Code::RosterMismatch => roster_beside(
            "school,year,school_type,dual_qualified_teachers\n温江区燎原职业技术学校,2020,公办中职,3\n",
            TEACHER_HEADER,
            &[teacher(1, "2019-01-01", "2024-12-31"), teacher(2, "2019-01-01", "2024-12-31")],
        ),
        Code::RosterWithoutSubmission => roster_beside(
            "school,year,school_type,enrolled_students\n温江二中,2020,普通高中,1\n",
            TEACHER_HEADER,
            &[teacher(1, "", "")],
        ),
        Code::RecordViolation => roster(INTERN_HEADER.into(), &[placement(1, &[("每日工作小时", "9")])]),
    }
}

/// A roster with `rows` beside Liaoyuan's annual row for 2020.
fn roster(header: String, rows: &[String]) -> Vec<Diagnostic> {
    let annual = "school,year,school_type,enrolled_students\n温江区燎原职业技术学校,2020,公办中职,1\n";
    roster_beside(annual, &header, rows)
}

fn roster_beside(annual: &str, header: &str, rows: &[String]) -> Vec<Diagnostic> {
    let body = format!("{header}\n{}\n", rows.join("\n"));
    from_fixture(&Fixture::new().raw("annual.csv", annual.as_bytes()).raw("roster.csv", body.as_bytes()))
}

/// A diagnostic as rendered on stderr, with temporary directories removed from paths.
fn headline(d: &Diagnostic, lang: Lang) -> String {
    let first = d.render(lang).trim_end().to_string();
    let tmp = std::env::temp_dir().display().to_string();
    let mut out = String::new();
    let mut rest = first.as_str();
    // "/tmp/.tmpAbC123/s.csv" -> "s.csv"
    while let Some(i) = rest.find(&tmp) {
        out.push_str(&rest[..i]);
        let after = &rest[i + tmp.len()..];
        let skip = after.trim_start_matches('/').find('/').map_or(0, |j| j + 2);
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// Per code: its level and its example message in Chinese and English.
fn examples() -> BTreeMap<&'static str, (Level, String, String)> {
    let mut out = BTreeMap::new();
    for &code in Code::ALL {
        let d = emit(code);
        let Some(found) = d.iter().find(|d| d.code == code) else {
            panic!("no fixture emits {}: got {:?}", code.name(), d.iter().map(|d| d.code).collect::<Vec<_>>())
        };
        out.insert(code.name(), (found.level, headline(found, Lang::Zh), headline(found, Lang::En)));
    }
    out
}

#[test]
fn every_code_has_a_fixture_that_emits_it_at_its_level() {
    let ex = examples();
    for &code in Code::ALL {
        let (level, zh, en) = &ex[code.name()];
        let level_name = if *level == Level::Error { "error" } else { "warning" };
        assert!(en.starts_with(&format!("{level_name}[{}]: ", code.name())), "{en}");
        assert!(zh.contains(&format!("[{}]: ", code.name())), "{zh}");
        if std::env::var_os("WJVET_PRINT_CATALOGUE").is_some() {
            #[allow(clippy::print_stdout)]
            {
                println!("@@{}\t{level_name}\n{zh}\n@@\n{en}\n@@", code.name());
            }
        }
    }
}

#[test]
fn docs_errors_md_lists_exactly_the_codes_with_their_messages() {
    let doc =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md")).unwrap();
    let listed: Vec<&str> =
        doc.lines().filter_map(|l| l.strip_prefix("### `")).filter_map(|l| l.split('`').next()).collect();
    let known: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    for name in &listed {
        assert!(known.contains(name), "docs/errors.md lists {name}, which wjvet does not emit");
    }
    let ex = examples();
    for &code in Code::ALL {
        let name = code.name();
        assert!(listed.contains(&name), "docs/errors.md does not list {name}");
        let section = doc.split(&format!("### `{name}`")).nth(1).unwrap_or_default();
        let section = section.split("\n### ").next().unwrap_or_default();
        let level = if code.level() == Level::Error { "error" } else { "warning" };
        assert!(section.contains(&format!("Level: **{level}**")), "{name}: level {level} not stated");
        let (_, zh, en) = &ex[name];
        // Plan line numbers move whenever plan.toml is edited; everything else must match.
        for line in zh.lines().chain(en.lines()).filter(|l| !l.starts_with("  --> plan.toml:")) {
            assert!(section.contains(line), "{name}: docs/errors.md lacks the line\n{line}");
        }
    }
}
