//! `explain` as text: the clause, the formula, the cells, the arithmetic, the
//! verdict, in the reader's language, one labelled block after another.
//!
//! The school names, headers and cell values come from submissions, so the text is
//! laid out first and then passed whole through [`super::escape::visible`]: nothing
//! it prints can drive the terminal.

use std::io::{self, Write};

use super::escape::visible;

use crate::explain::Explanation;
use crate::lang::Lang;

pub fn write(out: &mut dyn Write, e: &Explanation, lang: Lang) -> io::Result<()> {
    let mut text = Vec::new();
    lay_out(&mut text, e, lang)?;
    out.write_all(visible(&String::from_utf8_lossy(&text)).as_bytes())
}

fn lay_out(out: &mut dyn Write, e: &Explanation, lang: Lang) -> io::Result<()> {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    // Punctuation of the reader's language; quoted text of the plan stays as written.
    let (colon, open, close, list) = match lang {
        Lang::Zh => ("：", "（", "）", "、"),
        Lang::En => (": ", " (", ")", ", "),
    };
    let heading = colon.trim_end();
    writeln!(out, "{} — {}", e.rule, e.title)?;
    writeln!(out)?;
    writeln!(out, "{} {}{colon}{}", l("任务", "Task"), e.task, e.task_text)?;
    writeln!(out, "  {}{colon}{}", l("行动", "action"), e.action)?;
    writeln!(out, "  {}{colon}{}", l("责任科室", "responsible"), e.sections.join(list))?;
    writeln!(out, "{}{heading}", l("依据", "Clauses"))?;
    for (clause, text) in &e.citations {
        writeln!(out, "  {clause}{colon}「{text}」")?;
    }
    if let Some(i) = &e.interpretation {
        writeln!(out, "{}{colon}{i}", l("解读", "Reading"))?;
    }
    let severity = match e.severity {
        "error" => l("错误", "error"),
        _ => l("警告", "warning"),
    };
    writeln!(out, "{}{colon}{severity}{open}{}{close}", l("级别", "Severity"), e.severity_reason)?;
    writeln!(out, "{}{colon}{}", l("适用", "Applies to"), e.applies_to.join(", "))?;
    writeln!(out, "{}{colon}{}", l("公式", "Formula"), e.formula)?;
    writeln!(out)?;
    let who = e.school.clone().unwrap_or_else(|| l("全区", "the district").to_string());
    match lang {
        Lang::Zh => writeln!(out, "对象：{who}，{} 年度，评估日 {}", e.year, e.as_of)?,
        Lang::En => writeln!(out, "For: {who}, reporting year {}, evaluated as of {}", e.year, e.as_of)?,
    }
    writeln!(out, "{}{heading}", l("输入单元格", "Cells used"))?;
    if e.inputs.is_empty() && e.status == "invalid" {
        // Invalid data is never read into a verdict (explain evaluates past it).
        writeln!(out, "  {}", l("（未读取：本年度数据无效）", "(none read: this year's data is invalid)"))?;
    } else if e.inputs.is_empty() {
        writeln!(out, "  {}", l("（无：没有对应的数据行）", "(none: no row to read)"))?;
    }
    for c in &e.inputs {
        let col = match (&c.column_letter, &c.column) {
            (Some(letter), Some(name)) => match lang {
                Lang::Zh => format!(" {letter} 列「{name}」"),
                Lang::En => format!(" column {letter} \"{name}\""),
            },
            _ => format!(" {}", l("（无此列）", "(no such column)")),
        };
        let value = c.value.clone().unwrap_or_else(|| l("（空）", "(empty)").to_string());
        let owner = if e.school.as_deref() == Some(c.school.as_str()) && c.year == e.year {
            String::new()
        } else {
            format!(" ({} {})", c.school, c.year)
        };
        // The label only when the header does not already say it.
        let label = if c.column.as_deref() == Some(c.label.as_str()) {
            String::new()
        } else {
            format!(" {}", c.label)
        };
        writeln!(out, "  {}:{}{col}{label}{owner} = {value}", c.file, c.row)?;
    }
    if !e.arithmetic.is_empty() {
        writeln!(out, "{}{heading}", l("计算", "Arithmetic"))?;
        for a in &e.arithmetic {
            writeln!(out, "  {a}")?;
        }
    }
    if let Some(c) = &e.comparison {
        writeln!(out, "{}{colon}{c}", l("比较", "Comparison"))?;
    }
    if let Some(d) = &e.due {
        let state = if e.overdue { l("已到期", "due") } else { l("未到期", "not yet due") };
        writeln!(out, "{}{colon}{d}{open}{state}{close}", l("截止", "Due"))?;
    }
    writeln!(out, "{}{colon}{} — {}", l("结论", "Verdict"), e.status_label, e.message)?;
    rosters(out, e, lang)
}

/// The section "花名册 / Roster": each derived count against the reported figure, then
/// the school's records, counted or not and why.
fn rosters(out: &mut dyn Write, e: &Explanation, lang: Lang) -> io::Result<()> {
    if e.rosters.is_empty() {
        return Ok(());
    }
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    writeln!(out)?;
    writeln!(out, "{}", l("花名册：", "Roster:"))?;
    for c in &e.rosters {
        let derived = c.derived.unwrap_or(0);
        let reported = c.reported.as_deref().unwrap_or(l("（空）", "(empty)"));
        let figures = match (lang, c.agreement) {
            (Lang::Zh, "filled") => format!("年报未填，按花名册填入 {derived}"),
            (Lang::En, "filled") => format!("not reported; filled from the roster: {derived}"),
            (Lang::Zh, "no-roster-rows") => format!("报送 {reported}，花名册中没有该校该年度的记录"),
            (Lang::En, "no-roster-rows") => {
                format!("reported {reported}; the roster lists no record of this school and year")
            }
            (Lang::Zh, a) => {
                let verdict = if a == "agree" { "一致" } else { "不一致" };
                format!("报送 {reported}，花名册可认定 {derived}（{verdict}）")
            }
            (Lang::En, a) => {
                let verdict = if a == "agree" { "agree" } else { "differ" };
                format!("reported {reported}, the roster supports {derived} ({verdict})")
            }
        };
        let colon = l("：", ": ");
        writeln!(out, "  {} → {}{colon}{figures}", c.roster, c.label)?;
        match lang {
            Lang::Zh => writeln!(out, "    计入 {} 行，未计入 {} 行", c.counted, c.not_counted)?,
            Lang::En => writeln!(out, "    counted: {}, not counted: {}", c.counted, c.not_counted)?,
        }
        for r in &c.rows {
            let id = r.id.as_deref().map(|i| format!(" {i}")).unwrap_or_default();
            match &r.reason {
                None => writeln!(out, "    {}:{}{id} {}", r.file, r.row, l("计入", "counted"))?,
                Some(why) => {
                    writeln!(out, "    {}:{}{id} {} — {why}", r.file, r.row, l("未计入", "not counted"))?
                }
            }
        }
        if c.rows_not_listed > 0 {
            match lang {
                Lang::Zh => writeln!(out, "    ……另有 {} 行未列出", c.rows_not_listed)?,
                Lang::En => writeln!(out, "    … {} more rows not listed", c.rows_not_listed)?,
            }
        }
    }
    Ok(())
}
