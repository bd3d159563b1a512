//! Workbooks as clerks really fill them: official templates with a title row and a
//! two-row merged header, school names merged over their year rows, formulas,
//! error values, codes Excel turned into numbers, data not starting at A1.

mod common;

use common::*;
use rust_xlsxwriter::{Format, Formula, Workbook};
use wjvet::check::Outcome;
use wjvet::data::ReadOptions;
use wjvet::diag::{Code, Diagnostic};

fn diagnostics(o: &Outcome) -> Vec<Diagnostic> {
    match o {
        Outcome::DataInvalid { diagnostics, .. } => diagnostics.items().to_vec(),
        Outcome::Evaluated(r) => r.diagnostics.items().to_vec(),
        Outcome::PlanInvalid(_) | Outcome::ConfigInvalid(_) => panic!("plan or configuration invalid"),
    }
}

fn files(o: &Outcome) -> Vec<wjvet::data::SourceFile> {
    match o {
        Outcome::DataInvalid { files, .. } => files.clone(),
        Outcome::Evaluated(r) => r.data.files.clone(),
        Outcome::PlanInvalid(_) | Outcome::ConfigInvalid(_) => panic!("plan or configuration invalid"),
    }
}

fn official(wb: &mut Workbook) {
    let ws = wb.add_worksheet();
    ws.set_name("表1").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 6, "2020年温江区中职学校数据填报表", &f).unwrap();
    ws.merge_range(1, 0, 2, 0, "学校名称", &f).unwrap();
    ws.merge_range(1, 1, 2, 1, "年度", &f).unwrap();
    ws.merge_range(1, 2, 2, 2, "学校类型", &f).unwrap();
    ws.merge_range(1, 3, 1, 5, "教师情况", &f).unwrap();
    ws.write_string(2, 3, "专任教师数").unwrap();
    ws.write_string(2, 4, "专业课教师数").unwrap();
    ws.write_string(2, 5, "双师型教师数").unwrap();
    ws.merge_range(1, 6, 2, 6, "学校标识码", &f).unwrap();
    // 燎原 over its two year rows (4 and 5); 专业课教师数 merged over both too.
    ws.merge_range(3, 0, 4, 0, "燎原职中", &f).unwrap();
    ws.write_number(3, 1, 2019).unwrap();
    ws.write_number(4, 1, 2020).unwrap();
    ws.write_string(3, 2, "公办中职").unwrap();
    ws.write_number(3, 3, 190).unwrap();
    ws.write_formula(4, 3, Formula::new("=D4+10").set_result("200")).unwrap();
    ws.merge_range(3, 4, 4, 4, "", &f).unwrap();
    ws.write_number(3, 4, 150).unwrap();
    ws.write_number(3, 5, 100).unwrap();
    ws.write_formula(4, 5, Formula::new("=NA()").set_result("#N/A")).unwrap();
    ws.write_string(3, 6, "5101150001").unwrap();
    ws.write_number(4, 6, 123_456_789_012_345_680.0).unwrap();
    // Formatting left behind below the data.
    for r in 6..9 {
        ws.write_blank(r, 0, &Format::new().set_bold()).unwrap();
    }
}

#[test]
fn an_official_template_with_title_and_merged_two_row_header() {
    let fx = Fixture::new().xlsx("official.xlsx", official);
    let o = fx.outcome(None, None);
    let file = &files(&o)[0];
    assert_eq!(file.header_row, 3, "title row 1, header rows 2-3");
    assert_eq!(file.sheet.as_deref(), Some("表1"));
    assert_eq!((file.rows_read, file.rows_used), (2, 2), "rows 4 and 5; trailing formatting ignored");
    let d = diagnostics(&o);
    let codes: Vec<(Code, Option<u32>, Option<&str>)> =
        d.iter().map(|d| (d.code, d.location.row, d.location.column_letter.as_deref())).collect();
    assert!(codes.contains(&(Code::CellError, Some(5), Some("F"))), "{codes:?}");
    assert!(codes.contains(&(Code::MergedCell, Some(5), Some("E"))), "{codes:?}");
    assert!(codes.contains(&(Code::DamagedCode, Some(5), Some("G"))), "{codes:?}");
    assert!(!codes.iter().any(|c| matches!(c.0, Code::UnknownColumn | Code::DuplicateColumn)), "{codes:?}");
    let err = d.iter().find(|d| d.code == Code::CellError).unwrap();
    assert_eq!(err.location.column.as_deref(), Some("双师型教师数"));
    assert_eq!(err.value.as_deref(), Some("#N/A"));
    let code = d.iter().find(|d| d.code == Code::DamagedCode).unwrap();
    assert_eq!(code.value.as_deref(), Some("1.2345678901234568E+17"));
}

#[test]
fn merged_names_formulas_and_numbers_are_read_as_shown() {
    // The same workbook without the damaged cells evaluates.
    let fx = Fixture::new().xlsx("ok.xlsx", |wb| {
        official(wb);
        let ws = wb.worksheet_from_index(0).unwrap();
        ws.write_number(4, 5, 120).unwrap();
        ws.write_string(4, 6, "5101150001").unwrap();
    });
    let r = fx.report(Some(2020), None);
    let plan = &r.plan;
    let field = |key: &str| plan.field_by_key(key).unwrap();
    let rows: Vec<_> = r.data.rows.iter().map(|row| (row.line, row.year)).collect();
    assert_eq!(rows, [(4, 2019), (5, 2020)], "the merged name identifies both rows");
    let y2020 = &r.data.rows[1];
    let num = |f| y2020.get(f).map(std::borrow::Cow::into_owned);
    assert_eq!(
        num(field("fulltime_teachers")),
        Some(wjvet::data::Value::Num(200.into())),
        "formula's cached value"
    );
    assert_eq!(num(field("professional_teachers")), None, "a merged field cell is not copied");
    assert!(r.diagnostics.items().iter().any(|d| d.code == Code::MergedCell));
}

#[test]
fn columns_keep_excel_letters_when_data_starts_at_b2() {
    let fx = Fixture::new().xlsx("offset.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["学校名称", "年度", "专任教师数"].iter().enumerate() {
            ws.write_string(1, u16::try_from(c + 1).unwrap(), *h).unwrap();
        }
        ws.write_string(2, 1, "燎原职中").unwrap();
        ws.write_number(2, 2, 2020).unwrap();
        ws.write_string(2, 3, "二百").unwrap();
    });
    let o = fx.outcome(None, None);
    let d = diagnostics(&o);
    let bad = d.iter().find(|d| d.code == Code::NotANumber).unwrap();
    assert_eq!((bad.location.row, bad.location.column_letter.as_deref()), (Some(3), Some("D")));
    assert_eq!(files(&o)[0].header_row, 2);
}

#[test]
fn the_sheet_is_chosen_by_name_or_the_first_visible_one() {
    let build = |wb: &mut Workbook| {
        let hidden = wb.add_worksheet();
        hidden.set_name("旧数据").unwrap();
        hidden.write_string(0, 0, "不要读这里").unwrap();
        hidden.set_hidden(true);
        let ws = wb.add_worksheet();
        ws.set_name("2020").unwrap().set_active(true);
        ws.write_string(0, 0, "学校名称").unwrap();
        ws.write_string(0, 1, "年度").unwrap();
        ws.write_string(1, 0, "燎原职中").unwrap();
        ws.write_number(1, 1, 2020).unwrap();
    };
    let fx = Fixture::new().xlsx("book.xlsx", build);
    let r = fx.report(None, None);
    assert_eq!(r.data.files[0].sheet.as_deref(), Some("2020"));
    let mut opts = fx.options(None, None);
    opts.read = ReadOptions { sheet: Some("2019".into()), ..ReadOptions::default() };
    let o = wjvet::check::run(&opts);
    let d = diagnostics(&o);
    assert_eq!(d[0].code, Code::UnknownSheet);
    assert!(d[0].expected.as_ref().unwrap().en.contains("旧数据, 2020"), "{:?}", d[0].expected);
}

/// A sheet named `name` whose first row is `header` and whose next rows are `rows`
/// (school, year).
fn sheet(wb: &mut Workbook, name: &str, header: &[&str], rows: &[(&str, i32)]) {
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for (r, (school, year)) in (1u32..).zip(rows) {
        ws.write_string(r, 0, *school).unwrap();
        ws.write_number(r, 1, *year).unwrap();
    }
}

fn ambiguous(o: &Outcome) -> Option<Diagnostic> {
    diagnostics(o).into_iter().find(|d| d.code == Code::AmbiguousSheet)
}

#[test]
fn a_second_visible_sheet_of_school_rows_is_never_dropped_silently() {
    let fx = Fixture::new().xlsx("book.xlsx", |wb| {
        sheet(wb, "2019", &["学校名称", "年度"], &[("燎原职中", 2019)]);
        sheet(wb, "2020", &["School", "Year"], &[("燎原职中", 2020)]);
    });
    let o = wjvet::check::run(&fx.options(None, None));
    assert!(matches!(o, Outcome::DataInvalid { .. }), "an ambiguous workbook is invalid data (exit 3)");
    let d = ambiguous(&o).expect("ambiguous-sheet");
    assert!(d.message.en.contains(r#""2019", "2020""#), "{}", d.message.en);
    assert!(d.hint.as_ref().unwrap().en.contains("--sheet 2020"), "{:?}", d.hint);
    // Naming the sheet settles it.
    let mut opts = fx.options(None, None);
    opts.read = ReadOptions { sheet: Some("2020".into()), ..ReadOptions::default() };
    let o = wjvet::check::run(&opts);
    assert!(ambiguous(&o).is_none());
    assert_eq!(files(&o)[0].sheet.as_deref(), Some("2020"));
}

#[test]
fn a_cover_sheet_before_the_data_sheet_is_reported_not_read_alone() {
    let fx = Fixture::new().xlsx("book.xlsx", |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("封面").unwrap();
        ws.write_string(2, 1, "2020年职业教育报送表").unwrap();
        sheet(wb, "数据", &["学校名称", "年度"], &[("燎原职中", 2020)]);
    });
    let d = ambiguous(&wjvet::check::run(&fx.options(None, None))).expect("ambiguous-sheet");
    assert!(d.message.zh.contains("「封面」、「数据」"), "{}", d.message.zh);
}

#[test]
fn hidden_empty_and_explanatory_sheets_do_not_make_a_workbook_ambiguous() {
    let fx = Fixture::new().xlsx("book.xlsx", |wb| {
        sheet(wb, "填报", &["学校名称", "年度"], &[("燎原职中", 2020)]);
        // Hidden: ignored even with school rows.
        sheet(wb, "旧数据", &["学校名称", "年度"], &[("燎原职中", 2019)]);
        wb.worksheet_from_name("旧数据").unwrap().set_hidden(true);
        // Named like the data sheet, but empty.
        sheet(wb, "填报 (2)", &[], &[]);
        // A guide listing the columns one per row, as the template's 填表说明 does.
        let ws = wb.add_worksheet();
        ws.set_name("填表说明").unwrap();
        for (r, (a, b)) in [("表头", "说明"), ("学校名称", "全称"), ("年度", "四位数")].iter().enumerate()
        {
            ws.write_string(u32::try_from(r).unwrap(), 0, *a).unwrap();
            ws.write_string(u32::try_from(r).unwrap(), 1, *b).unwrap();
        }
    });
    let o = wjvet::check::run(&fx.options(None, None));
    assert!(ambiguous(&o).is_none(), "{:?}", diagnostics(&o));
    assert_eq!(files(&o)[0].sheet.as_deref(), Some("填报"));
}

#[test]
fn two_hundred_sheets_are_looked_at_one_row_each() {
    let fx = Fixture::new().xlsx("book.xlsx", |wb| {
        sheet(wb, "填报", &["学校名称", "年度"], &[("燎原职中", 2020)]);
        for i in 1..200 {
            let ws = wb.add_worksheet();
            ws.set_name(format!("附表{i}")).unwrap();
            for r in 0..50 {
                ws.write_string(r, 0, "备注").unwrap();
            }
        }
        sheet(wb, "漏报", &["学校名称", "年度"], &[("燎原职中", 2019)]);
    });
    let d = ambiguous(&wjvet::check::run(&fx.options(None, None))).expect("ambiguous-sheet");
    assert!(d.message.zh.contains("「填报」、「漏报」"), "{}", d.message.zh);
}
