//! JUnit XML, for the test-report views of CI systems: one test suite per
//! institution and one for the district, one test case per rule, passes included.
//!
//! A result that counts against compliance is a `failure` (its type is the rule's
//! severity) whose text gives the actual value, the target and the cited clause;
//! results that are not a verdict (pending, incomplete, review, not applicable,
//! exempted, missing before due) are `skipped` with the reason. A run with no
//! results is still a valid document. Serialised by quick-junit.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JUnit, TestCase, TestCaseStatus, TestSuite};

use crate::eval::{Status, describe_target};
use crate::lang::Lang;
use crate::report::Report;

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
    let mut buffered = io::BufWriter::new(out);
    junit.serialize(&mut buffered).map_err(io::Error::other)?;
    buffered.flush()
}
