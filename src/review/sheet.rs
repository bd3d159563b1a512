//! The review sheet (`wjvet review-sheet`): one row per result awaiting an
//! inspector's decision, as a workbook with data validation or as a CSV.
//!
//! Each row says what is to be judged (institution, or 全区 for the bureau's own
//! items; rule, title, the plan's clause and words, the evidence reported, the due
//! date) and leaves four columns to fill: decision, inspector, date, basis. The
//! headers are the ones [`super::load`] reads back ([`COLUMNS`] is the one list
//! both use), so a filled sheet goes into `--reviews` unchanged. A result already
//! decided by `--reviews` keeps its decision in the sheet, so the sheet can be
//! filled over several rounds. Validation only guides typing; loading still checks
//! every cell.

use std::io::{self, Write};

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError,
};

use super::Decision;
use crate::eval::Status;
use crate::lang::Lang;
use crate::plan::RuleKind;
use crate::report::Report;

/// A column of the sheet: the Chinese header written, the English key also read,
/// whether loading reads it, and its width in Excel's units.
#[derive(Debug)]
pub struct Col {
    pub zh: &'static str,
    pub key: &'static str,
    pub read: bool,
    width: f64,
}

const fn col(zh: &'static str, key: &'static str, read: bool, width: f64) -> Col {
    Col { zh, key, read, width }
}

/// The sheet's columns, in order; loading finds them by header, in any order.
pub const COLUMNS: [Col; 12] = [
    col("单位", "institution", true, 26.0),
    col("年度", "year", true, 7.0),
    col("规则", "rule", true, 28.0),
    col("任务", "task", false, 6.0),
    col("内容", "title", false, 30.0),
    col("条款及原文", "clause", false, 44.0),
    col("报送佐证", "evidence", false, 36.0),
    col("截止日期", "due", false, 12.0),
    col("核查结论", "decision", true, 10.0),
    col("核查人", "inspector", true, 10.0),
    col("核查日期", "date", true, 12.0),
    col("核查依据", "basis", true, 30.0),
];

/// Index of the decision column; the three after it are inspector, date, basis.
const DECISION: usize = 8;

/// The name of the sheet inspectors fill in.
pub const SHEET: &str = "核查表";

/// One row of the sheet, every cell as text.
pub fn rows(report: &Report) -> Vec<[String; 12]> {
    let plan = &report.plan;
    let mut out = Vec::new();
    for (_, findings) in report.groups() {
        for f in findings {
            let rule = report.rule(f);
            let awaiting = f.status == Status::Review || f.reviewed().is_some();
            if !matches!(rule.kind, RuleKind::Manual { .. }) || !awaiting {
                continue;
            }
            let clause = plan
                .task(rule.task)
                .map(|t| {
                    t.citations.iter().map(|c| format!("{}「{}」", c.clause, c.text)).collect::<Vec<_>>()
                })
                .unwrap_or_default()
                .join("\n");
            // The decision, even when an exemption later covered the result.
            let decided = f.exempted().map_or(f.status, |e| e.original);
            let (decision, inspector, date, basis) = match f.reviewed() {
                Some(r) => (
                    decided.label(Lang::Zh).to_string(),
                    r.inspector.clone(),
                    r.date.to_string(),
                    r.basis.clone().unwrap_or_default(),
                ),
                None => Default::default(),
            };
            out.push([
                report.school(f).unwrap_or("全区").to_string(),
                f.year.to_string(),
                rule.id.clone(),
                rule.task.to_string(),
                rule.title.zh.clone(),
                clause,
                f.actual.as_ref().map(|a| a.show(Lang::Zh)).unwrap_or_default(),
                f.due.map(|d| d.to_string()).unwrap_or_default(),
                decision,
                inspector,
                date,
                basis,
            ]);
        }
    }
    out
}

/// Writes the sheet as CSV: UTF-8 with a BOM and CRLF, as Excel writes "CSV UTF-8".
pub fn write_csv(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    w.write_record(COLUMNS.iter().map(|c| c.zh))?;
    for row in rows(report) {
        w.write_record(&row)?;
    }
    w.flush()
}

fn col_num(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Builds the workbook; callers may add to it (tests fill it in) before saving.
pub fn workbook(report: &Report) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // Dated by the evaluation date the sheet's results are judged as of, not the clock.
    wb.set_properties(&crate::render::sheet_style::dated(report.opts.as_of));
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let header = crate::render::sheet_style::header();
    let fill = crate::render::sheet_style::to_fill().set_num_format("@");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let rows = rows(report);
    let last = u32::try_from(rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?.max(1);
    for (i, c) in COLUMNS.iter().enumerate() {
        ws.set_column_width(col_num(i)?, c.width)?;
        ws.write_string_with_format(0, col_num(i)?, c.zh, &header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (i, value) in row.iter().enumerate() {
            let c = col_num(i)?;
            match (i, value.parse::<u16>()) {
                // The review date is written as a date below.
                (_, _) if i == DECISION + 2 => continue,
                (1 | 3, Ok(n)) => ws.write_number(r, c, n)?,
                (_, _) if i >= DECISION => ws.write_string_with_format(r, c, value, &fill)?,
                _ => ws.write_string_with_format(r, c, value, &wrap)?,
            };
        }
        if let Ok(d) = row[DECISION + 2].parse::<chrono::NaiveDate>() {
            ws.write_datetime_with_format(r, col_num(DECISION + 2)?, d, &date_format())?;
        } else {
            ws.write_blank(r, col_num(DECISION + 2)?, &date_format())?;
        }
    }
    let words: Vec<&str> = Decision::ALL.iter().map(|d| d.word()).collect();
    let decision = DataValidation::new()
        .allow_list_strings(&words)?
        .set_input_title("核查结论")?
        .set_input_message("达标、未达标 或 不适用；填写后须同时填写核查人和核查日期")?
        .set_error_title("核查结论")?
        .set_error_message("应为：达标、未达标 或 不适用")?;
    ws.add_data_validation(1, col_num(DECISION)?, last, col_num(DECISION)?, &decision)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_input_title("核查日期")?
        .set_input_message("核查的日期，如 2020-11-20")?
        .set_error_title("核查日期")?
        .set_error_message("应为：日期（如 2020-11-20）")?;
    ws.add_data_validation(1, col_num(DECISION + 2)?, last, col_num(DECISION + 2)?, &date)?;
    ws.set_freeze_panes(1, 3)?;
    let notes = wb.add_worksheet();
    notes.set_name("填表说明")?;
    notes.set_column_width(0, 100)?;
    for (r, line) in (0u32..).zip(NOTES) {
        notes.write_string(r, 0, *line)?;
    }
    Ok(wb)
}

fn date_format() -> Format {
    crate::render::sheet_style::to_fill().set_num_format("yyyy-mm-dd")
}

/// Writes the sheet as a workbook.
pub fn write_xlsx(out: &mut dyn Write, report: &Report) -> anyhow::Result<()> {
    out.write_all(&workbook(report)?.save_to_buffer()?)?;
    Ok(())
}

/// How to fill the sheet, on its second worksheet.
const NOTES: &[&str] = &[
    "填表说明：",
    "1. 每行是一项待人工核查的结果；「单位」为「全区」的是区教育局自身的事项（如教学督查、活动月、专项资金）。",
    "2. 在黄色的四列填写：核查结论（达标、未达标、不适用）、核查人、核查日期、核查依据（文号或说明）。",
    "3. 填了结论就必须填核查人和核查日期；暂未核查的行整行留空即可。",
    "4. 不要修改单位、年度、规则三列；其余列只供参考，不会读回。",
    "5. 填好后：wjvet check --reviews 本文件 …；explain 与 report 同样接受 --reviews。",
];
