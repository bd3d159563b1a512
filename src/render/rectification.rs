//! The rectification list (整改清单) of `wjvet report -o rectification=FILE`: one
//! row per failing, late or missing item, per institution, as a workbook or a CSV
//! the bureau sends to the schools.
//!
//! Each row says what is wrong (the rule's title and the sentence the table's note
//! line shows), on what basis (the task's clauses and their words), by how much
//! (the exact shortfall in the field's unit, rounded up so it is never shown
//! smaller, or the days late or overdue), who answers for it (the task's sections)
//! and by when (`--rectify-by`, else three months after the evaluation date); two
//! columns are left for the school: 整改措施 and 完成情况. Rows follow the report's
//! order: institutions as first met, the district (全区) last, rules in plan order.
//! Text from submissions goes through the one formula rule of every writer here
//! ([`crate::render::csv::looks_like_formula`]), so it stays inert text.

use std::io::{self, Write};

use chrono::{Months, NaiveDate};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::eval::{Actual, Finding, Message, Status, describe_target};
use crate::lang::Lang;
use crate::num::{self, Round, Unit};
use crate::render::csv::{looks_like_formula, neutralise};
use crate::report::Report;

/// The headers, in order; the last two are for the school to fill.
pub fn header(lang: Lang) -> [&'static str; 10] {
    match lang {
        Lang::Zh => {
            ["单位", "规则", "级别", "问题", "依据", "差距", "责任科室", "整改期限", "整改措施", "完成情况"]
        }
        Lang::En => [
            "institution",
            "rule",
            "severity",
            "problem",
            "basis",
            "gap",
            "responsible section",
            "rectify by",
            "measures taken",
            "status of completion",
        ],
    }
}

/// Widths of the workbook's columns, in Excel's units.
const WIDTHS: [f64; 10] = [24.0, 26.0, 6.0, 44.0, 44.0, 20.0, 12.0, 12.0, 30.0, 20.0];

/// Index of the deadline column, written as a date in the workbook.
const DEADLINE: usize = 7;

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub school: String,
    pub rule: String,
    pub severity: String,
    pub problem: String,
    pub basis: String,
    pub gap: String,
    pub sections: String,
    pub deadline: NaiveDate,
}

impl Row {
    fn cells(&self) -> [String; 10] {
        [
            self.school.clone(),
            self.rule.clone(),
            self.severity.clone(),
            self.problem.clone(),
            self.basis.clone(),
            self.gap.clone(),
            self.sections.clone(),
            self.deadline.to_string(),
            String::new(),
            String::new(),
        ]
    }
}

/// The default deadline: three months after the evaluation date (the end of the
/// month when that day does not exist, e.g. 2020-11-30 → 2021-02-28).
pub fn default_deadline(as_of: NaiveDate) -> NaiveDate {
    as_of.checked_add_months(Months::new(3)).unwrap_or(as_of)
}

/// The rows of `report`'s list, due `deadline` (or by [`default_deadline`]).
pub fn rows(report: &Report, deadline: Option<NaiveDate>, lang: Lang) -> Vec<Row> {
    let plan = &report.plan;
    let deadline = deadline.unwrap_or_else(|| default_deadline(report.opts.as_of));
    let sep = lang.pick("、", ", ");
    let mut out = Vec::new();
    for (_, findings) in report.groups() {
        for f in findings.into_iter().filter(|f| f.counts_against()) {
            let rule = report.rule(f);
            let task = plan.task(rule.task);
            let basis = task
                .map(|t| {
                    t.citations.iter().map(|c| format!("{}「{}」", c.clause, c.text)).collect::<Vec<_>>()
                })
                .unwrap_or_default()
                .join("\n");
            out.push(Row {
                school: report
                    .school(f)
                    .map_or_else(|| lang.pick("全区", "District").to_string(), str::to_string),
                rule: rule.id.clone(),
                severity: rule.severity.label(lang).to_string(),
                problem: format!(
                    "{}{}{}",
                    rule.title.get(lang),
                    lang.pick("：", ": "),
                    f.sentence(plan, lang)
                ),
                basis,
                gap: gap(report, f, lang),
                sections: task.map(|t| t.sections.join(sep)).unwrap_or_default(),
                deadline,
            });
        }
    }
    out
}

/// The shortfall in the field's unit, the days late or overdue, or (when neither
/// can be counted) the value against the target.
fn gap(report: &Report, f: &Finding, lang: Lang) -> String {
    let plan = &report.plan;
    if let Message::Short { gap: Some((n, field)) } = &f.message {
        // Up: a shortfall is never shown smaller than it is.
        let amount = num::display(&num::widen(n), Unit::Plain, Round::Up);
        let field = plan.field(*field);
        let unit = field.unit.as_ref().map_or("", |u| u.get(lang));
        return match lang {
            Lang::Zh => format!("{}差 {amount}{unit}", field.label.zh),
            Lang::En => format!("{amount} more {unit} ({})", field.label.en).replace("  ", " "),
        };
    }
    if let Some(due) = f.due {
        let days = match (f.status, &f.actual) {
            (Status::Late, Some(Actual::Date(done))) => Some((true, (*done - due).num_days())),
            (Status::Fail | Status::Missing, _) => Some((false, (report.opts.as_of - due).num_days())),
            _ => None,
        };
        match (days, lang) {
            (Some((true, d)), Lang::Zh) => return format!("逾期 {d} 天完成"),
            (Some((true, d)), Lang::En) => return format!("done {d} days late"),
            (Some((false, d)), Lang::Zh) if d > 0 => return format!("已超期 {d} 天"),
            (Some((false, d)), Lang::En) if d > 0 => return format!("{d} days overdue"),
            _ => {}
        }
    }
    let target = describe_target(plan, report.rule(f), lang);
    match (&f.actual, lang) {
        (Some(a), Lang::Zh) => format!("实际 {}，目标 {target}", a.show(lang)),
        (Some(a), Lang::En) => format!("actual {}, target {target}", a.show(lang)),
        (None, Lang::Zh) => format!("目标 {target}"),
        (None, Lang::En) => format!("target {target}"),
    }
}

/// Writes the list as CSV: UTF-8 with a BOM and CRLF, as Excel writes "CSV UTF-8".
pub fn write_csv(out: &mut dyn Write, rows: &[Row], lang: Lang) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    w.write_record(header(lang))?;
    for row in rows {
        w.write_record(row.cells().iter().map(|c| neutralise(c)))?;
    }
    w.flush()
}

/// Writes the list as a workbook: one sheet, the deadline as a date, the school's
/// two columns shaded; dated `as_of` (the evaluation date), not by the clock.
pub fn write_xlsx(out: &mut dyn Write, rows: &[Row], lang: Lang, as_of: NaiveDate) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&super::sheet_style::dated(as_of));
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("整改清单", "Rectification"))?;
    let head = super::sheet_style::header();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let fill = super::sheet_style::to_fill().set_text_wrap().set_num_format("@");
    let date = Format::new().set_align(FormatAlign::Top).set_num_format("yyyy-mm-dd");
    for (c, (name, width)) in (0u16..).zip(header(lang).iter().zip(WIDTHS)) {
        ws.set_column_width(c, width)?;
        ws.write_string_with_format(0, c, *name, &head)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        for (c, (i, value)) in (0u16..).zip(row.cells().iter().enumerate()) {
            let format = if i > DEADLINE { &fill } else { &wrap };
            if i == DEADLINE {
                ws.write_datetime_with_format(r, c, row.deadline, &date)?;
            } else if looks_like_formula(value) {
                ws.write_string_with_format(r, c, value, &format.clone().set_quote_prefix())?;
            } else {
                ws.write_string_with_format(r, c, value, format)?;
            }
        }
    }
    ws.set_freeze_panes(1, 2)?;
    out.write_all(&wb.save_to_buffer()?).map_err(XlsxError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_months_on_keeps_to_the_month() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(default_deadline(d("2020-12-31")), d("2021-03-31"));
        assert_eq!(default_deadline(d("2020-11-30")), d("2021-02-28"));
    }

    #[test]
    fn csv_cells_that_look_like_formulas_stay_text() {
        let row = Row {
            school: "=HYPERLINK(\"x\")".into(),
            rule: "T01".into(),
            severity: "错误".into(),
            problem: "p".into(),
            basis: "b".into(),
            gap: "g".into(),
            sections: "s".into(),
            deadline: "2021-03-31".parse().unwrap(),
        };
        let mut out = Vec::new();
        write_csv(&mut out, &[row], Lang::Zh).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    }
}
