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
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, Formula, Workbook,
    Worksheet, XlsxError,
};

use super::sheet::{self, col_num};
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
    let mut wb = sheet::dated_workbook(plan);
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
    sheet::save(out, workbook(plan, registry, opts)?)
}

fn data_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    registry: &Registry,
    opts: &TemplateOptions,
) -> Result<(), XlsxError> {
    ws.set_name(DATA_SHEET)?;
    let header = crate::render::sheet_style::header();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.set_row_height(0, 36)?;
    let cols = columns(plan);
    for (i, col) in cols.iter().enumerate() {
        let title = col.header(plan);
        let wide =
            matches!(col, Column::Identity(Identity::School)) || kind(plan, *col) == Some(FieldKind::Text);
        let format = match col {
            Column::Identity(Identity::Year) => None,
            Column::Identity(_) => Some(&text),
            Column::Field(_) => match kind(plan, *col) {
                Some(FieldKind::Text) => Some(&text),
                Some(FieldKind::Date | FieldKind::Completion) => Some(&date),
                _ => None,
            },
        };
        let column = sheet::DataColumn {
            title: &title,
            min_width: if wide { 24.0 } else { 10.0 },
            format,
            validation: validation(plan, *col, i)?,
        };
        sheet::data_column(ws, i, &column)?;
        ws.write_string_with_format(0, col_num(i)?, &title, &header)?;
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
                FieldKind::Date => sheet::dates_from(1980)?,
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
    Ok(Some(sheet::described(v, &col.header(plan), &message, &expected)?))
}

/// The 填表说明 sheet: one row per template column, then general notes.
fn guide_sheet(ws: &mut Worksheet, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_SHEET)?;
    let header = crate::render::sheet_style::header();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let titles = [
        ("列", 6.0),
        ("表头", 22.0),
        ("字段键", 24.0),
        ("英文名", 28.0),
        ("类型", 12.0),
        ("单位", 8.0),
        ("填写要求", 26.0),
        ("可填写的形式", 30.0),
        ("说明", 44.0),
        ("用于规则", 44.0),
    ];
    sheet::guide_header(ws, 0, &titles, &header)?;
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
        sheet::write_row(ws, r, &cells, &wrap)?;
        r += 1;
    }
    sheet::notes(ws, r + 1, NOTES)
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
