//! CSV for Excel: one row per result, UTF-8 with a BOM so Chinese Excel opens it
//! correctly, headers in the reader's language.
//!
//! Every cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! prefixed with `'`, so a school name or an evidence text crafted as a formula is
//! shown as text and never run by a spreadsheet (CSV injection).
//!
//! Control characters and bidi marks are kept as submitted, as in JSON: a CSV is
//! data for a spreadsheet or a program, where they do nothing, and a cell must
//! round-trip to the value the school sent (to match it, or to fix it). Escaping is
//! for what a person reads in a terminal or a page; `--format table` is the form
//! for a terminal.
//!
//! A run whose data is invalid has no results; its CSV is the table of diagnostics
//! instead (level, code, file, row, column, value, message, expected, hint), so a
//! clerk opening it sees which cells to fix.

use std::io::{self, Write};

use crate::eval::describe_target;
use crate::lang::Lang;
use crate::report::{Invalid, Report};

/// Whether a spreadsheet would read a text cell as a formula (or the start of one):
/// the rule every writer of CSV and XLSX here applies to text from submissions.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Makes a cell safe to open in a spreadsheet.
pub fn neutralise(cell: &str) -> String {
    if looks_like_formula(cell) { format!("'{cell}") } else { cell.to_string() }
}

pub fn write(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(super::BUFFER, out);
    buffered.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(buffered);
    let header: [&str; 17] = match lang {
        Lang::Zh => [
            "规则",
            "任务",
            "内容",
            "学校",
            "学校类型",
            "年度",
            "状态",
            "级别",
            "计入不合规",
            "实际",
            "目标",
            "截止",
            "说明",
            "豁免前状态",
            "豁免理由",
            "文件",
            "行",
        ],
        Lang::En => [
            "rule",
            "task",
            "title",
            "school",
            "school_type",
            "year",
            "status",
            "severity",
            "counts_against",
            "actual",
            "target",
            "due",
            "message",
            "exempted_from",
            "exemption_reason",
            "file",
            "row",
        ],
    };
    w.write_record(header).map_err(io::Error::other)?;
    // A target's text depends on the rule only: worded once per rule, not per row.
    let targets: Vec<String> =
        report.plan.rules.iter().map(|r| describe_target(&report.plan, r, lang)).collect();
    for f in &report.findings {
        let rule = report.rule(f);
        let (file, row) = report
            .source_of(f)
            .map_or((String::new(), String::new()), |(p, l)| (p.to_string(), l.to_string()));
        let record = [
            rule.id.clone(),
            rule.task.to_string(),
            rule.title.get(lang).to_string(),
            report.school(f).unwrap_or(lang.pick("全区", "district")).to_string(),
            f.institution()
                .map(|i| report.data.institutions[i].school_type.label(&report.plan, lang))
                .unwrap_or_default()
                .to_string(),
            f.year.to_string(),
            f.status.label(lang).to_string(),
            rule.severity.label(lang).to_string(),
            if f.counts_against() { lang.pick("是", "yes") } else { lang.pick("否", "no") }.to_string(),
            f.actual.as_ref().map(|a| a.show(lang)).unwrap_or_default(),
            targets[f.rule()].clone(),
            f.due.map(|d| d.to_string()).unwrap_or_default(),
            f.sentence(&report.plan, lang),
            f.exempted().map(|e| e.original.label(lang).to_string()).unwrap_or_default(),
            f.exempted().map(|e| e.reason.clone()).unwrap_or_default(),
            file,
            row,
        ];
        w.write_record(record.iter().map(|c| neutralise(c))).map_err(io::Error::other)?;
    }
    w.flush()
}

/// The diagnostics of a run whose data is invalid, one row each.
pub fn write_invalid(out: &mut dyn Write, run: &Invalid, lang: Lang) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(super::BUFFER, out);
    buffered.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(buffered);
    let header: [&str; 10] = match lang {
        Lang::Zh => ["级别", "代码", "文件", "行", "列", "列名", "值", "说明", "应为", "提示"],
        Lang::En => {
            ["level", "code", "file", "row", "column", "header", "value", "message", "expected", "hint"]
        }
    };
    w.write_record(header).map_err(io::Error::other)?;
    for d in run.diagnostics.items() {
        let loc = &d.location;
        let level = match d.level {
            crate::diag::Level::Error => lang.pick("错误", "error"),
            crate::diag::Level::Warning => lang.pick("警告", "warning"),
        };
        let text =
            |t: &Option<crate::lang::Text>| t.as_ref().map(|t| t.get(lang).to_string()).unwrap_or_default();
        let record = [
            level.to_string(),
            d.code.name().to_string(),
            loc.file.clone().unwrap_or_default(),
            loc.row.map(|r| r.to_string()).unwrap_or_default(),
            loc.column_letter.clone().unwrap_or_default(),
            loc.column.clone().unwrap_or_default(),
            d.value.clone().unwrap_or_default(),
            d.message.get(lang).to_string(),
            text(&d.expected),
            text(&d.hint),
        ];
        w.write_record(record.iter().map(|c| neutralise(c))).map_err(io::Error::other)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_become_text() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("城东二中"), "城东二中");
        assert_eq!(neutralise(""), "");
    }
}
