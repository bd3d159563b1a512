//! `wjvet explain RULE PATHS`: why one rule gave one verdict, traced to the clause
//! and the cells. Runs a traced check of that rule (and school), then prints the
//! explanation as text or JSON. It evaluates past invalid data, as `report` does, so
//! a school told `roster-mismatch` can see the roster records behind it; the errors
//! go to stderr and the exit code is still 3.

use std::io::{self, Write};

use wjvet::diag::{Code, Diagnostic, Diagnostics, Location};
use wjvet::lang::Lang;
use wjvet::render;
use wjvet::select::Selection;
use wjvet::text;

use super::print_diagnostics;
use crate::cli::{self, Cli, PlainFormat};
use crate::exit;

pub fn run(cli: &Cli, args: &cli::ExplainArgs, lang: Lang) -> anyhow::Result<u8> {
    let (mut opts, _stdin) = super::check_options(cli, &args.paths, &args.input, lang)?;
    opts.selection = Selection {
        rules: vec![args.rule.clone()],
        schools: args.school.iter().cloned().collect(),
        // A composite rule's verdict is listed with the verdicts it was judged from.
        with_parts: true,
        ..Selection::default()
    };
    opts.trace = true;
    // Evaluate past invalid rows (a roster-mismatch among them), so the explanation
    // can say why the data is invalid; the run still exits 3.
    opts.keep_going = true;
    let report = match super::evaluate(cli, &opts, args.input.max_diagnostics, lang)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    let found: Vec<_> = report.findings.iter().filter(|f| report.rule(f).id == args.rule).collect();
    let finding = match found.as_slice() {
        [one] => *one,
        [] => {
            let mut d = Diagnostics::default();
            let rule = &args.rule;
            d.push(Diagnostic::new(
                Code::EmptySelection,
                Location::default(),
                text!(
                    "没有「{rule}」的评判结果（该规则不适用于所选学校）",
                    "there is no result of {rule:?} (the rule does not concern the institution chosen)"
                ),
            ));
            print_diagnostics(&d, lang)?;
            return Ok(exit::USAGE_OR_PLAN);
        }
        many => {
            let names: Vec<&str> = many.iter().filter_map(|f| report.school(f)).collect();
            let (list, rule, n) = (names.join(", "), &args.rule, many.len());
            let mut d = Diagnostics::default();
            d.push(
                Diagnostic::new(
                    Code::EmptySelection,
                    Location::default(),
                    text!(
                        "「{rule}」对 {n} 所学校都有结果，请用 --school 指定一所",
                        "{rule:?} has a result for {n} institutions: choose one with --school"
                    ),
                )
                .hint(text!("可选：{list}", "one of: {list}")),
            );
            print_diagnostics(&d, lang)?;
            return Ok(exit::USAGE_OR_PLAN);
        }
    };
    let mut explanation = wjvet::explain::explain(&report, finding, lang);
    wjvet::explain::with_rosters(&mut explanation, &report, finding, &opts.read, lang);
    let invalid = report.diagnostics.has_errors();
    if invalid {
        print_diagnostics(&report.diagnostics, lang)?;
    }
    let mut out = io::stdout().lock();
    match args.format {
        PlainFormat::Table => render::explain::write(&mut out, &explanation, lang)?,
        PlainFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &explanation)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if invalid { exit::INVALID_DATA } else { exit::COMPLIANT })
}
