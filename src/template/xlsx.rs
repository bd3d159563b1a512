//! The template as an Excel workbook, written with `rust_xlsxwriter`.
//!
//! Sheet 填报 (first, so `check` reads it): a styled Chinese header row frozen above
//! the data, columns wide enough for their labels, code columns formatted as text so
//! leading zeros survive, date columns as dates, and data validation on every row a
//! clerk may fill: whole numbers from the field's minimum for counts, a list for
//! 学校类型 and 是/否, dates in a plausible range, a date or 未完成 for completion
//! fields, each with an input message saying the unit and the rules the value feeds.
//! Sheet 填表说明: every column explained. Validation only guides typing (a paste
//! bypasses it); `check` still validates everything it reads.

use std::io::Write;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, FormatAlign,
    Formula, Workbook, Worksheet, XlsxError,
};

use super::{Column, TemplateOptions, columns, guide, prefill};
use crate::data::Identity;
use crate::plan::{FieldKind, Plan, Registry};

/// The name of the sheet clerks fill in.
pub const DATA_SHEET: &str = "填报";
/// The name of the sheet explaining every column.
pub const GUIDE_SHEET: &str = "填表说明";
/// Data validation covers rows 2 to this row (Excel numbering).
pub const VALIDATED_ROWS: u32 = 2000;

/// Builds the workbook; callers may add to it (tests fill it in) before saving.
pub fn workbook(plan: &Plan, registry: &Registry, opts: &TemplateOptions) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // The template is made from the plan alone (no evaluation), so it is dated by the
    // plan's issue date: the same plan gives the same file.
    wb.set_properties(&crate::render::sheet_style::dated(plan.meta.issued));
    data_sheet(wb.add_worksheet(), plan, registry, opts)?;
    guide_sheet(wb.add_worksheet(), plan)?;
    Ok(wb)
}

/// Writes the workbook to `out`.
pub fn write(
    out: &mut dyn Write,
    plan: &Plan,
    registry: &Registry,
    opts: &TemplateOptions,
) -> anyhow::Result<()> {
    let bytes = workbook(plan, registry, opts)?.save_to_buffer()?;
    out.write_all(&bytes)?;
    Ok(())
}

fn header_format() -> Format {
    crate::render::sheet_style::header()
}

/// Excel's column width for `s`: CJK characters are two units wide.
pub(super) fn width(s: &str, min: f64, max: f64) -> f64 {
    let units: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    (units as f64 + 2.0).clamp(min, max)
}

pub(super) fn col_num(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn data_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    registry: &Registry,
    opts: &TemplateOptions,
) -> Result<(), XlsxError> {
    ws.set_name(DATA_SHEET)?;
    let header = header_format();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.set_row_height(0, 36)?;
    let cols = columns(plan);
    for (i, col) in cols.iter().enumerate() {
        let c = col_num(i)?;
        let title = col.header(plan);
        let wide =
            matches!(col, Column::Identity(Identity::School)) || kind(plan, *col) == Some(FieldKind::Text);
        ws.set_column_width(c, width(&title, if wide { 24.0 } else { 10.0 }, 30.0))?;
        match col {
            Column::Identity(Identity::Year) => {}
            Column::Identity(_) => {
                ws.set_column_format(c, &text)?;
            }
            Column::Field(_) => match kind(plan, *col) {
                Some(FieldKind::Text) => {
                    ws.set_column_format(c, &text)?;
                }
                Some(FieldKind::Date | FieldKind::Completion) => {
                    ws.set_column_format(c, &date)?;
                }
                _ => {}
            },
        }
        ws.write_string_with_format(0, c, &title, &header)?;
        if let Some(v) = validation(plan, *col, i)? {
            ws.add_data_validation(1, c, VALIDATED_ROWS - 1, c, &v)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    for (r, row) in prefill(plan, registry, opts).iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (i, value) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            match (cols[i], value.parse::<f64>()) {
                (Column::Identity(Identity::Year), Ok(year)) => ws.write_number(r, col_num(i)?, year)?,
                _ => ws.write_string(r, col_num(i)?, value)?,
            };
        }
    }
    Ok(())
}

fn kind(plan: &Plan, col: Column) -> Option<FieldKind> {
    match col {
        Column::Field(f) => Some(plan.field(f).kind),
        Column::Identity(_) => None,
    }
}

/// Cuts `s` to at most `max` UTF-16 units, Excel's limit for validation texts.
pub(super) fn clip(s: &str, max: usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= max
        })
        .collect()
}

/// The data validation of one column, with its input and error messages.
fn validation(plan: &Plan, col: Column, index: usize) -> Result<Option<DataValidation>, XlsxError> {
    let first_cell = format!("{}2", crate::diag::column_letter(index));
    let (v, expected, message) = match col {
        Column::Identity(Identity::School) => return Ok(None),
        Column::Identity(id @ Identity::Year) => (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(2000, 2100)),
            "四位年份，如 2020".to_string(),
            guide::identity_text(id).zh,
        ),
        Column::Identity(id @ Identity::SchoolType) => {
            let types: Vec<&str> = plan.school_types.iter().map(|t| t.label.zh.as_str()).collect();
            (DataValidation::new().allow_list_strings(&types)?, types.join("、"), guide::identity_text(id).zh)
        }
        Column::Field(f) => {
            let field = plan.field(f);
            let min = field.min.and_then(|m| i32::try_from(m).ok());
            let v = match field.kind {
                FieldKind::Count => DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(min.unwrap_or(0))),
                FieldKind::Decimal => match min {
                    Some(m) => DataValidation::new()
                        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(f64::from(m))),
                    None => return Ok(None),
                },
                FieldKind::Percent => {
                    DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                }
                FieldKind::Bool => DataValidation::new().allow_list_strings(&["是", "否"])?,
                FieldKind::Date => DataValidation::new()
                    .allow_date(DataValidationRule::Between(
                        ExcelDateTime::from_ymd(1980, 1, 1)?,
                        ExcelDateTime::from_ymd(2100, 12, 31)?,
                    ))
                    .set_error_style(DataValidationErrorStyle::Warning),
                FieldKind::Completion => DataValidation::new()
                    .allow_custom(Formula::new(format!(
                        "=OR(ISNUMBER({first_cell}),{first_cell}=\"未完成\")"
                    )))
                    .set_error_style(DataValidationErrorStyle::Warning),
                FieldKind::Text => return Ok(None),
            };
            let mut expected = guide::kind_text(field.kind).zh;
            let limits = guide::limits(plan, f).zh;
            if !limits.is_empty() {
                expected = format!("{expected}，{limits}");
            }
            let mut message = format!("{}：{}", guide::kind_text(field.kind).zh, guide::forms(field.kind).zh);
            if let Some(unit) = &field.unit {
                message.push_str(&format!("；单位：{}", unit.zh));
            }
            if !limits.is_empty() {
                message.push_str(&format!("；{limits}"));
            }
            let rules = guide::rule_ids(plan, f);
            if !rules.is_empty() {
                message.push_str(&format!("；用于规则 {rules}"));
            }
            (v, expected, message)
        }
    };
    let title = clip(&col.header(plan), 32);
    Ok(Some(
        v.set_input_title(title.clone())?
            .set_input_message(clip(&message, 255))?
            .set_error_title(title)?
            .set_error_message(clip(&format!("应为：{expected}"), 255))?,
    ))
}

/// The 填表说明 sheet: one row per template column, then general notes.
fn guide_sheet(ws: &mut Worksheet, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name(super::xlsx::GUIDE_SHEET)?;
    let header = header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let titles =
        ["列", "表头", "字段键", "英文名", "类型", "单位", "填写要求", "可填写的形式", "说明", "用于规则"];
    let widths = [6.0, 22.0, 24.0, 28.0, 12.0, 8.0, 26.0, 30.0, 44.0, 44.0];
    for (i, (t, w)) in titles.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, col_num(i)?, *t, &header)?;
        ws.set_column_width(col_num(i)?, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut r = 1u32;
    for (i, col) in columns(plan).iter().enumerate() {
        let cells: [String; 10] = match col {
            Column::Identity(id) => [
                crate::diag::column_letter(i),
                id.label().zh,
                id.key().to_string(),
                id.label().en,
                "身份列".to_string(),
                String::new(),
                if id.required() { "必填" } else { "选填" }.to_string(),
                guide::identity_text(*id).zh,
                String::new(),
                String::new(),
            ],
            Column::Field(f) => {
                let field = plan.field(*f);
                let rules: Vec<String> =
                    guide::rules_using(plan, *f).iter().map(|r| format!("{} {}", r.id, r.title.zh)).collect();
                [
                    crate::diag::column_letter(i),
                    field.label.zh.clone(),
                    field.key.clone(),
                    field.label.en.clone(),
                    guide::kind_text(field.kind).zh,
                    field.unit.as_ref().map(|u| u.zh.clone()).unwrap_or_default(),
                    guide::limits(plan, *f).zh,
                    guide::forms(field.kind).zh,
                    field.description.zh.clone(),
                    rules.join("\n"),
                ]
            }
        };
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(r, col_num(c)?, v, &wrap)?;
        }
        r += 1;
    }
    r += 1;
    for note in NOTES {
        ws.write_string(r, 0, *note)?;
        r += 1;
    }
    Ok(())
}

/// General instructions below the column table.
const NOTES: &[&str] = &[
    "填写说明：",
    "1. 每所学校每个年度填一行，在「填报」工作表中填写；不要修改表头文字。",
    "2. 留空表示没有报送该项数据，不等于 0；确实为 0 时请填写 0。",
    "3. 人数、班数等只填数字，不写单位；日期用 Excel 日期或 2019-06-30 等形式；尚未完成的事项填「未完成」。",
    "4. 学校标识码等代码列已设为文本格式，请保留前导 0；不要让 Excel 把长代码变成 1.23E+17。",
    "5. 可直接报送本 .xlsx 文件，也可另存为 CSV（UTF-8 或 GBK 均可）。",
    "6. 报送前可自行检查：wjvet check 文件名.xlsx",
];
