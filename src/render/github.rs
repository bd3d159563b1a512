//! GitHub Actions workflow commands: one annotation per result that counts against
//! compliance, pointing at the file and row the institution reported in, so the
//! pull request that changed a submission shows the failure on that row.
//!
//! Error-severity rules are `::error`, warning-severity ones `::warning`; district
//! results have no row to point at and are annotated without a file. Values are
//! escaped as the workflow-command syntax requires.

use std::io::{self, Write};

use super::escape::visible;
use crate::eval::describe_target;
use crate::lang::Lang;
use crate::plan::Severity;
use crate::report::Report;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_syntax() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
