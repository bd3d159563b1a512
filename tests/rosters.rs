//! Rosters (issue 11): derived counts cross-checked with the reported figures, empty
//! figures filled from the roster, and every record rule of the internship regulation
//! at its bound and one step past it. Identity numbers in these fixtures use the
//! region code 990000, which no region has, with valid GB 11643 check digits.

mod common;

use common::*;
use wjvet::data::{self, Loaded};
use wjvet::diag::{Code, Level};
use wjvet::eval::Status;
use wjvet::lang::Lang;
use wjvet::plan;

fn load(files: &[(&str, String)], as_of: Option<&str>) -> Loaded {
    let plan = plan::load(None).unwrap();
    let registry = plan::load_registry(&plan, None).unwrap();
    let fx = Fixture::new().files(files);
    let read = data::ReadOptions { as_of: as_of.map(|d| d.parse().unwrap()), ..Default::default() };
    data::load_with(&plan, registry, fx.paths(), &read, 1000)
}

fn codes(l: &Loaded, code: Code) -> Vec<String> {
    l.diagnostics.items().iter().filter(|d| d.code == code).map(|d| d.render(Lang::Zh)).collect()
}

// ---- cross-checks ------------------------------------------------------------

#[test]
fn a_reported_figure_the_roster_does_not_support_is_roster_mismatch() {
    let roster = teachers(&[
        teacher(1, "2019-01-01", "2024-12-31"),
        teacher(2, "2019-01-01", "2024-12-31"),
        teacher(3, "", ""),
    ]);
    let exact = annual(&[
        ("dual_qualified_teachers", "2"),
        ("professional_teachers", "3"),
        ("fulltime_teachers", "3"),
    ]);
    let l = load(&[("a.csv", exact), ("t.csv", roster.clone())], None);
    assert!(codes(&l, Code::RosterMismatch).is_empty(), "{:?}", codes(&l, Code::RosterMismatch));
    assert!(l.dataset.invalid.is_empty());

    let over = annual(&[
        ("dual_qualified_teachers", "3"),
        ("professional_teachers", "3"),
        ("fulltime_teachers", "3"),
    ]);
    let l = load(&[("a.csv", over), ("t.csv", roster)], None);
    let m = codes(&l, Code::RosterMismatch);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("报送双师型教师数 3 人，教师信息表可认定 2 人"), "{}", m[0]);
    // At the annual cell, so the clerk finds it: file, row 2, the column's letter.
    assert!(m[0].contains("a.csv:2，D 列「dual_qualified_teachers」"), "{}", m[0]);
    assert_eq!(
        l.diagnostics.items().iter().find(|d| d.code == Code::RosterMismatch).unwrap().level,
        Level::Error
    );
    // No rule is judged on a figure the school's own roster contradicts.
    assert!(!l.dataset.invalid.is_empty());
}

#[test]
fn a_certification_counts_through_its_last_day_and_not_after() {
    let annual_row = annual(&[("professional_teachers", "1"), ("fulltime_teachers", "1")]);
    let dual = |until: &str, as_of: Option<&str>| {
        let l = load(
            &[("a.csv", annual_row.clone()), ("t.csv", teachers(&[teacher(1, "2019-01-01", until)]))],
            as_of,
        );
        let inst = l.dataset.find_institution(LIAOYUAN).unwrap();
        let f = plan::load(None).unwrap().field_by_key("dual_qualified_teachers").unwrap();
        l.dataset.row(inst, 2020).unwrap().num(f).map(|n| n.to_integer())
    };
    assert_eq!(dual("2020-12-31", None), Some(1), "valid on the evaluation date (the year's end)");
    assert_eq!(dual("2020-12-30", None), Some(0), "expired the day before");
    assert_eq!(dual("2020-06-30", Some("2020-06-30")), Some(1), "--as-of moves the date");
    assert_eq!(dual("", None), Some(0), "an empty end date cannot show validity");
}

#[test]
fn an_empty_annual_cell_is_judged_from_the_roster() {
    // T18 wants 85% of professional teachers dual-qualified; the annual row leaves
    // both counts empty, the roster lists 20 professional teachers, 17 certified.
    let mut rows = Vec::new();
    for n in 1..=20 {
        rows.push(if n <= 17 { teacher(n, "2019-01-01", "2025-12-31") } else { teacher(n, "", "") });
    }
    let fx = Fixture::new()
        .raw("a.csv", annual(&[("enrolled_students", "3000")]).as_bytes())
        .raw("t.csv", teachers(&rows).as_bytes());
    let report = fx.report(Some(2020), None);
    assert_eq!(status(&report, "T18.dual-qualified", Some(LIAOYUAN)), Status::Pass);
    let mut rows16 = rows.clone();
    rows16[16] = teacher(17, "", "");
    let fx = Fixture::new()
        .raw("a.csv", annual(&[("enrolled_students", "3000")]).as_bytes())
        .raw("t.csv", teachers(&rows16).as_bytes());
    let report = fx.report(Some(2020), None);
    assert_eq!(status(&report, "T18.dual-qualified", Some(LIAOYUAN)), Status::Fail, "16 of 20 is 80%");
}

#[test]
fn a_roster_without_an_annual_row_is_reported_not_dropped() {
    let other = format!("{}\n", header_for(&["enrolled_students"]).join(","))
        + &row(NO2, 2020, "普通高中", &[("enrolled_students", "1")], &["enrolled_students"]).join(",")
        + "\n";
    let l = load(&[("a.csv", other), ("t.csv", teachers(&[teacher(1, "", "")]))], None);
    assert_eq!(codes(&l, Code::RosterWithoutSubmission).len(), 1);
}

#[test]
fn the_internship_counts_verify_t24s_figures() {
    let rows = vec![
        placement(1, &[]),
        placement(2, &[("签订三方协议", "否"), ("协议签订日期", "")]),
        placement(3, &[("实习类型", "认识实习")]),
    ];
    let good = annual(&[
        ("interns", "2"),
        ("tripartite_agreements", "1"),
        ("insured_interns", "2"),
        ("first_year_interns", "0"),
    ]);
    let l = load(&[("a.csv", good), ("i.csv", interns(&rows))], None);
    assert!(codes(&l, Code::RosterMismatch).is_empty(), "{:?}", codes(&l, Code::RosterMismatch));
    let bad = annual(&[
        ("interns", "2"),
        ("tripartite_agreements", "2"),
        ("insured_interns", "2"),
        ("first_year_interns", "0"),
    ]);
    let l = load(&[("a.csv", bad), ("i.csv", interns(&rows))], None);
    assert_eq!(codes(&l, Code::RosterMismatch).len(), 1);
}

// ---- record rules: each at its bound and one step past it ---------------------

/// The ids of the record checks one placement with these edits breaks.
fn breaches(edit: &[(&str, &str)]) -> Vec<String> {
    let l = load(
        &[("a.csv", annual(&[("enrolled_students", "1")])), ("i.csv", interns(&[placement(1, edit)]))],
        None,
    );
    let errors: Vec<String> = l
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| d.render(Lang::En))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut ids: Vec<String> = l
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code == Code::RecordViolation)
        .map(|d| d.hint.as_ref().unwrap().en.split(']').next().unwrap().trim_start_matches('[').to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_lawful_placement_breaks_nothing() {
    assert_eq!(breaches(&[]), Vec::<String>::new());
}

#[test]
fn hours_a_day_and_a_week() {
    assert!(breaches(&[("每日工作小时", "8")]).is_empty());
    assert_eq!(breaches(&[("每日工作小时", "8.5")]), ["P.hours-day"]);
    assert!(breaches(&[("每周工作小时", "40")]).is_empty());
    assert_eq!(breaches(&[("每周工作小时", "40.5")]), ["P.hours-week"]);
    assert_eq!(
        breaches(&[("每日工作小时", "")]),
        ["P.hours-day"],
        "an empty cell cannot show the limit was kept"
    );
}

#[test]
fn night_shifts_pay_insurance_first_year() {
    assert_eq!(breaches(&[("夜班", "是")]), ["P.night"]);
    assert!(breaches(&[("实习报酬（元/月）", "2400")]).is_empty(), "exactly 80% of 3000");
    assert_eq!(breaches(&[("实习报酬（元/月）", "2399.99")]), ["P.pay"]);
    assert_eq!(breaches(&[("实习责任保险", "否")]), ["P.insurance"]);
    assert_eq!(breaches(&[("年级", "一年级")]), ["P.first-year"]);
    // 认识实习 is not a workplace placement: none of these apply.
    assert!(breaches(&[("实习类型", "认识实习"), ("年级", "一年级"), ("夜班", "是")]).is_empty());
}

#[test]
fn a_negative_figure_is_an_error_never_within_a_limit() {
    // -9 hours a day is under 8, and pay of 0 is 80% of a wage of -3000 and more: both
    // passed their rule unseen. No figure of a roster is below 0.
    for edit in [
        &[("每日工作小时", "-9")][..],
        &[("同岗位试用期工资（元/月）", "-3000"), ("实习报酬（元/月）", "0")],
        &[("实习单位在岗职工数", "-5")],
    ] {
        let l =
            load(&[("a.csv", annual(&[("interns", "1")])), ("i.csv", interns(&[placement(1, edit)]))], None);
        assert_eq!(codes(&l, Code::BelowMinimum).len(), 1, "{edit:?}");
        let inst = l.dataset.find_institution(LIAOYUAN).unwrap();
        assert!(l.dataset.invalid.contains(&(inst, 2020)), "{edit:?}: a verdict rests on it");
    }
}

#[test]
fn the_agreement_is_signed_by_the_first_day() {
    assert!(breaches(&[("协议签订日期", "2020-03-01")]).is_empty());
    assert_eq!(breaches(&[("协议签订日期", "2020-03-02")]), ["P.agreement"]);
    assert_eq!(breaches(&[("协议签订日期", "")]), ["P.agreement"]);
}

#[test]
fn sixteen_on_the_first_day() {
    // Start 2020-03-01: born 2004-03-01 is 16 that day; a day later is not.
    assert!(breaches(&[("身份证号", &id("20040301", 7))]).is_empty());
    assert_eq!(breaches(&[("身份证号", &id("20040302", 7))]), ["P.age-16"]);
    // The birth date column, when filled, is the birth date the number gives.
    assert!(breaches(&[("身份证号", &id("20040301", 7)), ("出生日期", "2004-03-01")]).is_empty());
}

#[test]
fn a_typed_birth_date_the_identity_number_contradicts_is_an_error() {
    // Typed 2003-01-01 while the number says 2005-01-01: the placement would pass the
    // age rule on the typed date. Which is right is a guess, so the row is not
    // counted and neither date is shown (the number's is what its mask hides).
    let young = id("20050101", 8);
    let l = load(
        &[
            ("a.csv", annual(&[("enrolled_students", "1")])),
            ("i.csv", interns(&[placement(1, &[("身份证号", &young), ("出生日期", "2003-01-01")])])),
        ],
        None,
    );
    let e = codes(&l, Code::BirthDateMismatch);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(!e[0].contains("2003") && !e[0].contains("2005"), "{}", e[0]);
    let inst = l.dataset.find_institution(LIAOYUAN).unwrap();
    assert!(l.dataset.invalid.contains(&(inst, 2020)), "no verdict rests on the row");
    // The same date written as Excel shows it agrees with the number.
    assert!(breaches(&[("身份证号", &id("20030101", 8)), ("出生日期", "2003/1/1")]).is_empty());
}

#[test]
fn longer_than_six_months_is_a_warning_and_stays_lawful() {
    assert!(breaches(&[("实习结束日期", "2020-09-01")]).is_empty());
    assert_eq!(breaches(&[("实习结束日期", "2020-09-02")]), ["P.length"]);
}

#[test]
fn interns_at_a_host_at_most_ten_percent_of_its_staff() {
    let at = |n: u32| -> Vec<String> {
        (1..=n).map(|i| placement(i, &[("实习单位", "测试工厂"), ("实习单位在岗职工数", "50")])).collect()
    };
    let run = |n: u32| {
        let l = load(&[("a.csv", annual(&[("enrolled_students", "1")])), ("i.csv", interns(&at(n)))], None);
        codes(&l, Code::RecordViolation)
    };
    assert!(run(5).is_empty(), "5 of 50 is 10%");
    let v = run(6);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].contains("测试工厂") && v[0].contains("50 的 10%"), "{}", v[0]);
}

#[test]
fn a_host_whose_staff_no_record_gives_is_not_shown_within_its_limit() {
    // One intern at a host whose staff figure is blank on every record: nothing shows
    // the 10% is kept, so the group breaks the rule, as a blank cell breaks a record's
    // requirement. One figure anywhere in the group is enough.
    let with = |staff: &[&str]| -> Loaded {
        let rows: Vec<String> = (1..=staff.len())
            .map(|i| {
                placement(
                    u32::try_from(i).unwrap(),
                    &[("实习单位", "测试工厂"), ("实习单位在岗职工数", staff[i - 1])],
                )
            })
            .collect();
        load(&[("a.csv", annual(&[("enrolled_students", "1")])), ("i.csv", interns(&rows))], None)
    };
    let v = codes(&with(&[""]), Code::RecordViolation);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].contains("测试工厂") && v[0].contains("无法确认"), "{}", v[0]);
    assert!(codes(&with(&["", "20"]), Code::RecordViolation).is_empty(), "2 of 20 is within 10%");
}

#[test]
fn another_schools_row_left_out_for_an_error_still_counts_at_its_host() {
    // A host of 20 staff takes at most 2 interns. 燎原 sends 2, 城北 one more whose
    // identity number is mistyped: 城北's row is not counted (its year is invalid),
    // but it is still a placement at the host, so 燎原's two are not shown within
    // the limit. Without 城北's row they are.
    let north = "城北区示例职业学校";
    let keys = ["enrolled_students"];
    let header = header_for(&keys).join(",");
    let annual = format!(
        "{header}\n{}\n{}\n",
        row(LIAOYUAN, 2020, "公办中职", &[("enrolled_students", "1")], &keys).join(","),
        row(north, 2020, "民办中职", &[("enrolled_students", "1")], &keys).join(",")
    );
    let at = [("实习单位", "测试工厂"), ("实习单位在岗职工数", "20")];
    let mut rows = vec![placement(1, &at), placement(2, &at)];
    let run = |rows: &[String]| {
        let l = load(&[("a.csv", annual.clone()), ("i.csv", interns(rows))], None);
        codes(&l, Code::RecordViolation)
    };
    assert!(run(&rows).is_empty(), "2 of 20 is 10%");
    let mut bad = id("20030101", 3).into_bytes();
    bad[17] = if bad[17] == b'1' { b'2' } else { b'1' };
    let mut broken = placement(3, &[at[0], at[1], ("身份证号", std::str::from_utf8(&bad).unwrap())]);
    broken = broken.replacen(LIAOYUAN, north, 1);
    rows.push(broken);
    let v = run(&rows);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].contains("测试工厂") && v[0].contains("另有 1 条"), "{}", v[0]);
}

// ---- personal data and broken records ----------------------------------------

#[test]
fn a_mistyped_identity_number_is_an_error_shown_masked() {
    let good = id("20030101", 5);
    let mut bad = good.clone().into_bytes();
    bad[10] = if bad[10] == b'9' { b'0' } else { bad[10] + 1 };
    let bad = String::from_utf8(bad).unwrap();
    let l = load(
        &[
            ("a.csv", annual(&[("enrolled_students", "1")])),
            ("i.csv", interns(&[placement(1, &[("身份证号", &bad)])])),
        ],
        None,
    );
    let e = codes(&l, Code::BadIdNumber);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("990***********"), "{}", e[0]);
    assert!(e[0].contains("i.csv:2"), "{}", e[0]);
    for d in l.diagnostics.items() {
        for lang in [Lang::Zh, Lang::En] {
            let text = d.render(lang);
            assert!(!text.contains(&bad) && !text.contains("测试乙1"), "{text}");
        }
    }
}

#[test]
fn a_person_listed_twice_is_an_error_and_counted_once_never() {
    let rows = [teacher(1, "", ""), teacher(1, "", "")];
    let l = load(&[("a.csv", annual(&[("enrolled_students", "1")])), ("t.csv", teachers(&rows))], None);
    assert_eq!(codes(&l, Code::DuplicateRecord).len(), 1);
    assert!(!l.dataset.invalid.is_empty(), "the school's year is invalid, not judged on a guess");
}

#[test]
fn a_placement_listed_twice_is_found_even_after_other_rows_came_between() {
    // Unique by identity number and kind: one student's two kinds of placement are
    // two records; the same kind twice is one record listed twice, also when another
    // year's rows (another set of records, closed meanwhile) came between.
    let rows = [
        placement(1, &[]),
        placement(1, &[("实习类型", "认识实习")]),
        placement(2, &[("年度", "2019")]),
        placement(1, &[]),
        placement(3, &[]),
    ];
    let l = load(&[("a.csv", annual(&[("enrolled_students", "1")])), ("i.csv", interns(&rows))], None);
    let d = codes(&l, Code::DuplicateRecord);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].contains("i.csv:5"), "{}", d[0]);
}

#[test]
fn a_roster_missing_a_column_its_counts_read_is_refused() {
    let header = TEACHER_HEADER.replace(",双师型有效期至", "");
    let row = teacher(1, "2019-01-01", "2024-12-31").replace(",2024-12-31", "");
    let l = load(
        &[("a.csv", annual(&[("enrolled_students", "1")])), ("t.csv", format!("{header}\n{row}\n"))],
        None,
    );
    let e = codes(&l, Code::MissingColumn);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("双师型有效期至"));
    // Without the column no teacher can be shown dual-qualified: the count is unknown,
    // not 0. It must not fill the empty annual cell (T18 would fail on a 0 the roster
    // never said, under --keep-going) nor contradict a reported figure.
    let inst = l.dataset.find_institution(LIAOYUAN).unwrap();
    let f = plan::load(None).unwrap().field_by_key("dual_qualified_teachers").unwrap();
    assert_eq!(l.dataset.row(inst, 2020).unwrap().num(f), None, "filled from a column the roster lacks");
    assert!(l.dataset.invalid.contains(&(inst, 2020)), "no verdict rests on the roster's rows");
    let reported = annual(&[("dual_qualified_teachers", "1"), ("enrolled_students", "1")]);
    let l = load(&[("a.csv", reported), ("t.csv", format!("{header}\n{row}\n"))], None);
    assert!(codes(&l, Code::RosterMismatch).is_empty(), "{:?}", codes(&l, Code::RosterMismatch));
}

#[test]
fn a_required_cell_merged_over_rows_is_missing_not_skipped() {
    // 实习类型 merged over three placements: the rows below the first show 岗位实习 but
    // are not read (merged-cell), so they were neither counted nor checked, and the
    // night shift of row 3 passed unseen. A required cell not read is a missing value.
    let header: Vec<&str> = INTERN_HEADER.split(',').collect();
    let kind = header.iter().position(|h| *h == "实习类型").unwrap();
    let rows = [placement(1, &[]), placement(2, &[("夜班", "是")]), placement(3, &[])];
    let fx =
        Fixture::new().raw("a.csv", annual(&[("enrolled_students", "1")]).as_bytes()).xlsx("i.xlsx", |wb| {
            let ws = wb.add_worksheet();
            for (c, h) in header.iter().enumerate() {
                ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.split(',').enumerate() {
                    ws.write_string(u32::try_from(r + 1).unwrap(), u16::try_from(c).unwrap(), cell).unwrap();
                }
            }
            let k = u16::try_from(kind).unwrap();
            ws.merge_range(1, k, 3, k, "岗位实习", &rust_xlsxwriter::Format::new()).unwrap();
        });
    let plan = plan::load(None).unwrap();
    let registry = plan::load_registry(&plan, None).unwrap();
    let l = data::load_with(&plan, registry, fx.paths(), &data::ReadOptions::default(), 1000);
    assert_eq!(codes(&l, Code::MissingValue).len(), 2, "{:?}", codes(&l, Code::MergedCell));
    let inst = l.dataset.find_institution(LIAOYUAN).unwrap();
    assert!(l.dataset.invalid.contains(&(inst, 2020)), "no verdict rests on rows not read");
}

#[test]
fn a_choice_outside_the_list_and_an_empty_required_cell_are_errors() {
    let l = load(
        &[
            ("a.csv", annual(&[("enrolled_students", "1")])),
            ("i.csv", interns(&[placement(1, &[("实习类型", "顶岗")]), placement(2, &[("实习单位", "")])])),
        ],
        None,
    );
    assert_eq!(codes(&l, Code::BadChoice).len(), 1);
    assert_eq!(codes(&l, Code::MissingValue).len(), 1);
}

#[test]
fn a_required_cell_of_only_spaces_or_a_stray_bom_is_empty() {
    // What Excel and copy-paste leave in a cell that looks empty: each is a missing
    // value, never a host called "" or a number read as nothing without a word.
    for blank in ["\u{feff}", " \u{3000}", "\u{feff} "] {
        let l = load(
            &[
                ("a.csv", annual(&[("enrolled_students", "1")])),
                (
                    "i.csv",
                    interns(&[
                        placement(1, &[("实习单位", blank)]),
                        placement(2, &[("实习责任保险", blank)]),
                    ]),
                ),
            ],
            None,
        );
        assert_eq!(codes(&l, Code::MissingValue).len(), 2, "{blank:?}");
    }
}

#[test]
fn a_roster_without_its_year_column_is_refused_not_skipped() {
    let header = TEACHER_HEADER.replace("学校名称,年度,", "学校名称,");
    let row = teacher(1, "", "").replacen(",2020,", ",", 1);
    let l = load(
        &[("a.csv", annual(&[("enrolled_students", "1")])), ("t.csv", format!("{header}\n{row}\n"))],
        None,
    );
    let e = codes(&l, Code::MissingIdentityColumn);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("年度"), "{}", e[0]);
}
