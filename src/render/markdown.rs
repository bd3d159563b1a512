//! Markdown: the table report as plain pipe tables, for pasting into a wiki, an
//! issue or a merge request. Every text is escaped by the same function as the
//! annual summary's Markdown ([`super::escape::markdown`]), so a `|`, a newline, a
//! link, an HTML tag or a control character in a submission can neither break the
//! table nor become markup.

use std::io::{self, Write};

use super::Style;
use super::escape::markdown as cell;
use crate::eval::{Status, describe_target};
use crate::lang::Lang;
use crate::report::{Invalid, Report};

pub fn write(out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let meta = &report.plan.meta;
    let (year, as_of) = (report.opts.year, report.opts.as_of);
    writeln!(out, "# {} ({})\n", cell(meta.title.get(lang)), cell(&meta.doc_number))?;
    match lang {
        Lang::Zh => writeln!(out, "{year} 年度，评估日 {as_of}\n")?,
        Lang::En => writeln!(out, "Reporting year {year}, evaluated as of {as_of}\n")?,
    }
    let header = match lang {
        Lang::Zh => "| 规则 | 任务 | 内容 | 实际 | 目标 | 截止 | 状态 | 说明 |",
        Lang::En => "| rule | task | title | actual | target | due | status | message |",
    };
    for (subject, findings) in report.groups() {
        let shown: Vec<_> =
            findings.into_iter().filter(|f| style.show_all || f.status != Status::NotApplicable).collect();
        if shown.is_empty() {
            continue;
        }
        let heading = match subject {
            Some(i) => {
                let inst = &report.data.institutions[i];
                format!("{} ({})", inst.name, inst.school_type.label(&report.plan, lang))
            }
            None => lang.pick("全区", "District").to_string(),
        };
        writeln!(out, "## {}\n\n{header}\n|---|---:|---|---|---|---|---|---|", cell(&heading))?;
        for f in shown {
            let rule = report.rule(f);
            let message = match f.status {
                Status::Pass | Status::NotApplicable => String::new(),
                _ => f.sentence(&report.plan, lang),
            };
            writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                rule.id,
                rule.task,
                cell(rule.title.get(lang)),
                cell(&f.actual.as_ref().map_or_else(|| "—".to_string(), |a| a.show(lang))),
                cell(&describe_target(&report.plan, rule, lang)),
                f.due.map_or_else(|| "—".to_string(), |d| d.to_string()),
                f.status.label(lang),
                cell(&message),
            )?;
        }
        writeln!(out)?;
    }
    let s = &report.summary;
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|st| s.count(**st) > 0)
        .map(|st| format!("{} {}", st.label(lang), s.count(*st)))
        .collect();
    match lang {
        Lang::Zh => writeln!(
            out,
            "**共 {} 项**：{}。错误级不合规 {} 项，警告级 {} 项。",
            s.total,
            counts.join("，"),
            s.failing_errors,
            s.failing_warnings
        ),
        Lang::En => writeln!(
            out,
            "**{} results**: {}. {} error-severity and {} warning-severity failures.",
            s.total,
            counts.join(", "),
            s.failing_errors,
            s.failing_warnings
        ),
    }
}

/// The Markdown of a run whose data is invalid: one table row per diagnostic, then
/// the verdict.
pub fn write_invalid(out: &mut dyn Write, run: &Invalid, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let meta = &run.plan.meta;
    writeln!(out, "# {} ({})\n", cell(meta.title.get(lang)), cell(&meta.doc_number))?;
    let header = match lang {
        Lang::Zh => "| 级别 | 代码 | 位置 | 值 | 说明 |",
        Lang::En => "| level | code | location | value | message |",
    };
    writeln!(out, "{header}\n|---|---|---|---|---|")?;
    for d in run.diagnostics.items() {
        let loc = &d.location;
        let mut place = loc.file.clone().unwrap_or_default();
        if let Some(row) = loc.row {
            place.push_str(&format!(":{row}"));
        }
        if let Some(letter) = &loc.column_letter {
            place.push_str(&format!(" {letter}"));
        }
        let level = match d.level {
            crate::diag::Level::Error => lang.pick("错误", "error"),
            crate::diag::Level::Warning => lang.pick("警告", "warning"),
        };
        let mut message = d.message.get(lang).to_string();
        if let Some(h) = &d.hint {
            message.push_str(lang.pick("；", "; "));
            message.push_str(h.get(lang));
        }
        writeln!(
            out,
            "| {level} | `{}` | {} | {} | {} |",
            d.code.name(),
            cell(&place),
            cell(d.value.as_deref().unwrap_or("")),
            cell(&message)
        )?;
    }
    writeln!(out, "\n**{}**", cell(&super::diagnostics::invalid_verdict(run.diagnostics, lang)))
}
