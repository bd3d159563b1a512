//! GitHub Actions workflow commands: one annotation per result that counts against
//! compliance, pointing at the file and row the institution reported in, so the
//! pull request that changed a submission shows the failure on that row.
//!
//! Error-severity rules are `::error`, warning-severity ones `::warning`; district
//! results have no row to point at and are annotated without a file. Values are
//! escaped as the workflow-command syntax requires.
//!
//! Problems with the input come first: one annotation per diagnostic on its file and
//! row, `::error` for an error and `::warning` for a warning, titled with its code.
//! A run whose data is invalid writes those and a closing notice, so the pull
//! request shows the bad cells instead of nothing.

use std::io::{self, Write};

use super::escape::visible;
use crate::diag::{Diagnostics, Level};
use crate::eval::describe_target;
use crate::lang::Lang;
use crate::plan::Severity;
use crate::report::{Invalid, Report};

/// Escapes an annotation message: control characters and bidi marks shown as
/// `\u{…}` ([`visible`]), then what the workflow-command syntax requires.
fn data(s: &str) -> String {
    visible(s).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes an annotation property (file, title).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    diagnostics(out, &report.diagnostics, lang)?;
    for f in report.findings.iter().filter(|f| f.counts_against()) {
        let rule = report.rule(f);
        let level = match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let who = report.school(f).unwrap_or(lang.pick("全区", "district"));
        let title = format!("{} {} ({who})", rule.id, rule.title.get(lang));
        let actual = f.actual.as_ref().map_or_else(|| "—".to_string(), |a| a.show(lang));
        let target = describe_target(&report.plan, rule, lang);
        let message = match lang {
            Lang::Zh => format!("{}（实际 {actual}，目标 {target}）", f.sentence(&report.plan, lang)),
            Lang::En => format!("{} (actual {actual}, target {target})", f.sentence(&report.plan, lang)),
        };
        let location = match report.source_of(f) {
            Some((file, line)) => format!("file={},line={line},", property(file)),
            None => String::new(),
        };
        writeln!(out, "::{level} {location}title={}::{}", property(&title), data(&message))?;
    }
    let s = &report.summary;
    match lang {
        Lang::Zh => writeln!(
            out,
            "::notice title=wjvet::共 {} 项：错误级不合规 {} 项，警告级 {} 项",
            s.total, s.failing_errors, s.failing_warnings
        ),
        Lang::En => writeln!(
            out,
            "::notice title=wjvet::{} results: {} error-severity and {} warning-severity failures",
            s.total, s.failing_errors, s.failing_warnings
        ),
    }
}

/// The annotations of a run whose data is invalid: its diagnostics and a notice.
pub fn write_invalid(out: &mut dyn Write, run: &Invalid, lang: Lang) -> io::Result<()> {
    diagnostics(out, run.diagnostics, lang)?;
    let verdict = super::diagnostics::invalid_verdict(run.diagnostics, lang);
    writeln!(out, "::notice title=wjvet::{}", data(&verdict))
}

/// One annotation per diagnostic, on its file and row when it has them.
/// One `::error` or `::warning` line per diagnostic, at its file, line and column.
pub fn diagnostics(out: &mut dyn Write, diags: &Diagnostics, lang: Lang) -> io::Result<()> {
    for d in diags.items() {
        let level = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let loc = &d.location;
        let mut location = String::new();
        if let Some(file) = &loc.file {
            location.push_str(&format!("file={},", property(file)));
            if let Some(row) = loc.row {
                location.push_str(&format!("line={row},"));
            }
            if let Some(col) = loc.col {
                location.push_str(&format!("col={col},"));
            }
        }
        // The whole diagnostic (column, value, expected, hint) as the message.
        let detail = d.render(lang);
        let message = detail.lines().skip(1).map(str::trim).collect::<Vec<_>>().join("\n");
        let message = format!("{}\n{message}", d.message.get(lang));
        writeln!(
            out,
            "::{level} {location}title={}::{}",
            property(&format!("wjvet {}", d.code.name())),
            data(message.trim_end())
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_syntax() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
