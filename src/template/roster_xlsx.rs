//! A roster's template as an Excel workbook: sheet 填报 to fill, sheet 填表说明 to read.
//!
//! Laid out like the annual workbook ([`super::xlsx`]), from the same pieces
//! (`template/sheet.rs`): a styled header frozen above the data, and on rows 2 to
//! [`super::xlsx::VALIDATED_ROWS`] the validation the column's kind asks for: a
//! drop-down of its words for a choice column, 是/否 for a bool, a date for a date, a
//! whole number >= 0 for a count, a number >= 0 for a decimal. Key decision: the
//! identity-number column (and every text and name column) is formatted as text
//! ("@") before anyone types in it, because Excel turns 18 digits typed into a
//! General cell into 5.1E+17 and the last three digits are gone for good; an input
//! message says so and a warning flags a length other than 18. A choice list longer
//! than Excel's 255 characters, or with a comma in a word, gets no drop-down (Excel
//! refuses or splits it); its words are still in the input message and the guide.
//! `check` validates everything it reads whatever the workbook let through.

use std::io::Write;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, Workbook, Worksheet,
    XlsxError,
};

use super::roster::{self, IDENTITY};
use super::sheet::{self, DataColumn};
use super::xlsx::{DATA_SHEET, GUIDE_SHEET};
use crate::data::Identity;
use crate::plan::Plan;
use crate::roster::{Column, ColumnKind, Roster};

/// Excel's built-in number format 49, "@" (text): the one Excel itself stores when a
/// clerk picks 文本, so every reader knows it as text.
pub const TEXT_FORMAT: u8 = 49;

/// Builds the workbook of `roster`, dated by the plan's issue date so the same plan
/// gives the same bytes.
pub fn workbook(plan: &Plan, roster: &Roster) -> Result<Workbook, XlsxError> {
    let mut wb = sheet::dated_workbook(plan);
    data_sheet(wb.add_worksheet(), roster)?;
    guide_sheet(wb.add_worksheet(), roster)?;
    Ok(wb)
}

/// Writes the workbook of `roster` to `out`.
pub fn write(out: &mut dyn Write, plan: &Plan, roster: &Roster) -> anyhow::Result<()> {
    sheet::save(out, workbook(plan, roster)?)
}

fn data_sheet(ws: &mut Worksheet, roster: &Roster) -> Result<(), XlsxError> {
    ws.set_name(DATA_SHEET)?;
    let header = crate::render::sheet_style::header();
    let text = Format::new().set_num_format_index(TEXT_FORMAT);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.set_row_height(0, 36)?;
    for (i, title) in roster::header(roster).iter().enumerate() {
        ws.write_string_with_format(0, sheet::col_num(i)?, title, &header)?;
        let column = i.checked_sub(IDENTITY.len()).map(|k| &roster.columns[k]);
        let (min_width, format, rule) = match column {
            None if IDENTITY[i] == Identity::School => (24.0, Some(&text), None),
            None => (10.0, None, Some(year_validation()?)),
            Some(col) => {
                let wide = matches!(col.kind, ColumnKind::IdNumber | ColumnKind::Text);
                let format = match col.kind {
                    ColumnKind::IdNumber | ColumnKind::Text | ColumnKind::Name => Some(&text),
                    ColumnKind::Date => Some(&date),
                    _ => None,
                };
                (if wide { 22.0 } else { 10.0 }, format, validation(col)?)
            }
        };
        sheet::data_column(ws, i, &DataColumn { title, min_width, format, validation: rule })?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

fn year_validation() -> Result<DataValidation, XlsxError> {
    let message = super::guide::identity_text(Identity::Year).zh;
    DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(2000, 2100))
        .set_input_title(Identity::Year.label().zh)?
        .set_input_message(message)?
        .set_error_message("应为：四位年份，如 2020")
}

/// The validation of one roster column, with its input and error messages; `None`
/// for a column Excel cannot check (free text, a name, a choice list too long).
pub fn validation(col: &Column) -> Result<Option<DataValidation>, XlsxError> {
    let v = match &col.kind {
        ColumnKind::Text | ColumnKind::Name => return Ok(None),
        ColumnKind::Count => {
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        }
        ColumnKind::Decimal => {
            DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        }
        ColumnKind::Bool => DataValidation::new().allow_list_strings(&["是", "否"])?,
        // Excel splits a list at commas, so a word holding one cannot be offered.
        ColumnKind::Choice(words) if words.iter().any(|w| w.contains(',')) => return Ok(None),
        ColumnKind::Choice(words) => match DataValidation::new().allow_list_strings(words) {
            Ok(v) => v,
            Err(XlsxError::DataValidationError(_)) => return Ok(None),
            Err(e) => return Err(e),
        },
        ColumnKind::Date => sheet::dates_from(1900)?,
        // A length check only warns: a clerk may know better (an old card), and
        // `check` gives the precise reason (length, check digit, birth date).
        ColumnKind::IdNumber => DataValidation::new()
            .allow_text_length(DataValidationRule::EqualTo(18))
            .set_error_style(DataValidationErrorStyle::Warning),
    };
    let kind = roster::kind_text(&col.kind).zh;
    let message = format!(
        "{}；{}：{}；{}",
        roster::required_text(col.required).zh,
        kind,
        roster::forms(&col.kind).zh,
        col.description.zh
    );
    let expected = format!("{kind}，{}", roster::forms(&col.kind).zh);
    Ok(Some(sheet::described(v, &col.label.zh, &message, &expected)?))
}

/// The 填表说明 sheet: the roster's description, one row per column, then notes.
fn guide_sheet(ws: &mut Worksheet, roster: &Roster) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_SHEET)?;
    let header = crate::render::sheet_style::header();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let titles = [
        ("列", 6.0),
        ("表头", 22.0),
        ("字段键", 20.0),
        ("英文名", 26.0),
        ("类型", 12.0),
        ("填写要求", 10.0),
        ("可选值", 30.0),
        ("可填写的形式", 36.0),
        ("说明", 44.0),
    ];
    ws.write_string(0, 0, format!("{}：{}", roster.label.zh, roster.description.zh))?;
    sheet::guide_header(ws, 1, &titles, &header)?;
    ws.set_freeze_panes(2, 0)?;
    let mut r = 2u32;
    for (i, id) in IDENTITY.iter().enumerate() {
        let cells = [
            crate::diag::column_letter(i),
            id.label().zh,
            id.key().to_string(),
            id.label().en,
            "身份列".to_string(),
            roster::required_text(id.required()).zh,
            String::new(),
            super::guide::identity_text(*id).zh,
            String::new(),
        ];
        sheet::write_row(ws, r, &cells, &wrap)?;
        r += 1;
    }
    for (i, col) in roster.columns.iter().enumerate() {
        let choices = match &col.kind {
            ColumnKind::Choice(words) => words.join("、"),
            ColumnKind::Bool => "是、否".to_string(),
            _ => String::new(),
        };
        let cells = [
            crate::diag::column_letter(i + IDENTITY.len()),
            col.label.zh.clone(),
            col.key.clone(),
            col.label.en.clone(),
            roster::kind_text(&col.kind).zh,
            roster::required_text(col.required).zh,
            choices,
            roster::forms(&col.kind).zh,
            col.description.zh.clone(),
        ];
        sheet::write_row(ws, r, &cells, &wrap)?;
        r += 1;
    }
    sheet::notes(ws, r + 1, NOTES)
}

/// General instructions below the column table.
const NOTES: &[&str] = &[
    "填写说明：",
    "1. 每条记录一行，在「填报」工作表中填写；学校名称与年度每行都要填；不要修改表头文字。",
    "2. 身份证号列已设为文本格式：请直接输入或粘贴为文本，不要让 Excel 把 18 位号码变成 5.1E+17（后三位会永久丢失）。",
    "3. 选项列请从下拉列表中选择；日期用 Excel 日期或 2019-06-30 等形式；选填列不适用时留空。",
    "4. 姓名、身份证号只用于核对，wjvet 不会输出完整内容。",
    "5. 可直接报送本 .xlsx 文件，也可另存为 CSV（UTF-8 或 GBK 均可）。",
    "6. 报送前可自行检查：wjvet check 文件名.xlsx",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Text;

    fn choice(words: &[&str]) -> Column {
        Column {
            key: "k".into(),
            label: Text::new("列", "column"),
            kind: ColumnKind::Choice(words.iter().map(|w| w.to_string()).collect()),
            required: true,
            aliases: Vec::new(),
            description: Text::new("", ""),
            birth_date_of: None,
        }
    }

    #[test]
    fn a_choice_excel_cannot_list_gets_no_drop_down_and_no_error() {
        assert!(validation(&choice(&["甲", "乙"])).unwrap().is_some());
        let long: Vec<String> = (0..60).map(|i| format!("选项{i:03}")).collect();
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        assert!(validation(&choice(&long)).unwrap().is_none(), "over 255 characters");
        assert!(validation(&choice(&["甲,乙", "丙"])).unwrap().is_none(), "a comma would split the word");
    }
}
