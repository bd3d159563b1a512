//! JUnit XML, for the test-report views of CI systems: one test suite per
//! institution and one for the district, one test case per rule, passes included.
//!
//! A result that counts against compliance is a `failure` (its type is the rule's
//! severity) whose text gives the actual value, the target and the cited clause;
//! results that are not a verdict (pending, incomplete, review, not applicable,
//! exempted, missing before due) are `skipped` with the reason. A run with no
//! results is still a valid document. Serialised by quick-junit.
//!
//! A run whose data is invalid has no rules to report; it writes one suite, 输入数据 /
//! input data, with a test case per diagnostic named by its code, file and row: an
//! error is a failure, a warning is skipped with its message. The CI test view then
//! shows why nothing was checked instead of an old or empty report. (An evaluated
//! run has warnings at most; they stay on stderr and in JSON, so a suite still
//! means one institution.)

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JUnit, TestCase, TestCaseStatus, TestSuite};

use crate::diag::{Diagnostics, Level};
use crate::eval::{Status, describe_target};
use crate::lang::Lang;
use crate::report::{Invalid, Report};

pub fn write(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let mut junit = JUnit::new("wjvet");
    for (subject, findings) in report.groups() {
        let suite_name = match subject {
            Some(i) => report.data.institutions[i].name.clone(),
            None => lang.pick("全区", "district").to_string(),
        };
        let mut suite = TestSuite::new(suite_name.clone());
        for f in findings {
            let rule = report.rule(f);
            let status = if f.status == Status::Pass {
                TestCaseStatus::success()
            } else if f.counts_against() {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let actual = f.actual.as_ref().map_or_else(|| "—".to_string(), |a| a.show(lang));
                let target = describe_target(&report.plan, rule, lang);
                let clauses: Vec<String> = report
                    .plan
                    .task(rule.task)
                    .map(|t| t.citations.iter().map(|c| format!("{}: {}", c.clause, c.text)).collect())
                    .unwrap_or_default();
                let (a, t, c) = match lang {
                    Lang::Zh => ("实际", "目标", "依据"),
                    Lang::En => ("actual", "target", "clause"),
                };
                s.set_message(f.sentence(&report.plan, lang))
                    .set_type(rule.severity.label(Lang::En))
                    .set_description(format!("{a}: {actual}\n{t}: {target}\n{c}: {}", clauses.join("\n")));
                s
            } else {
                let mut s = TestCaseStatus::skipped();
                s.set_message(format!("{}: {}", f.status.label(lang), f.sentence(&report.plan, lang)));
                s
            };
            let mut case = TestCase::new(format!("{} {}", rule.id, rule.title.get(lang)), status);
            case.set_classname(suite_name.clone());
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    serialize(out, &junit)
}

/// The document of a run whose data is invalid: the input suite alone.
pub fn write_invalid(out: &mut dyn Write, run: &Invalid, lang: Lang) -> io::Result<()> {
    let mut junit = JUnit::new("wjvet");
    junit.add_test_suites(input_suite(run.diagnostics, lang));
    serialize(out, &junit)
}

fn serialize(out: &mut dyn Write, junit: &JUnit) -> io::Result<()> {
    let mut buffered = io::BufWriter::new(out);
    junit.serialize(&mut buffered).map_err(io::Error::other)?;
    buffered.flush()
}

/// One test case per diagnostic; `None` when there is none.
fn input_suite(diags: &Diagnostics, lang: Lang) -> Option<TestSuite> {
    if diags.is_empty() {
        return None;
    }
    let name = lang.pick("输入数据", "input data");
    let mut suite = TestSuite::new(name);
    for d in diags.items() {
        let loc = &d.location;
        let place = match (&loc.file, loc.row) {
            (Some(f), Some(r)) => format!(" {f}:{r}"),
            (Some(f), None) => format!(" {f}"),
            (None, _) => String::new(),
        };
        let detail = d.render(lang);
        let status = match d.level {
            Level::Error => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(d.message.get(lang)).set_type(d.code.name()).set_description(detail);
                s
            }
            Level::Warning => {
                let mut s = TestCaseStatus::skipped();
                s.set_message(detail.trim_end().to_string());
                s
            }
        };
        let mut case = TestCase::new(format!("{}{place}", d.code.name()), status);
        case.set_classname(loc.file.clone().unwrap_or_else(|| name.to_string()));
        suite.add_test_case(case);
    }
    let omitted = diags.omitted();
    if omitted > 0 {
        let mut s = TestCaseStatus::skipped();
        s.set_message(match lang {
            Lang::Zh => format!("另有 {omitted} 个警告未列出（--max-diagnostics）"),
            Lang::En => format!("{omitted} more warnings not listed (--max-diagnostics)"),
        });
        suite.add_test_case(TestCase::new(lang.pick("未列出的警告", "warnings not listed"), s));
    }
    Some(suite)
}
