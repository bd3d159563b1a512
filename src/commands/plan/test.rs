//! `wjvet plan test [PLAN] [TESTS...]`: run plan tests, optionally with coverage.
//!
//! The plan is the positional PLAN, else the global `--plan`, else the embedded one;
//! the tests are the files given, else the ones shipped with that plan. A plan or
//! test file that does not validate stops the run before any case (exit 2); a failing
//! case is reported with the rest (exit 1).

use std::io::{self, Write};

use wjvet::lang::Lang;
use wjvet::plantest::{self, CaseResult, Coverage, Suite};
use wjvet::render::plan_test as render;

use crate::cli::{Cli, PlanTestArgs};
use crate::commands::{loaded, print_diagnostics};
use crate::exit;

pub fn run(cli: &Cli, args: &PlanTestArgs, lang: Lang) -> anyhow::Result<u8> {
    let Some(plan) = loaded(wjvet::plan::load(args.plan_arg.as_deref().or(cli.plan.as_deref())), lang)?
    else {
        return Ok(exit::USAGE_OR_PLAN);
    };
    let loaded: Vec<Result<Suite, _>> = if args.tests.is_empty() {
        match plantest::load_shipped(&plan) {
            Some(s) => vec![s],
            None => {
                let id = &plan.meta.id;
                anyhow::bail!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "计划「{id}」没有随附的测试\nhelp: 在命令行给出测试文件：wjvet plan test PLAN TESTS…"
                        ),
                        Lang::En => format!(
                            "wjvet ships no tests for plan {id:?}\nhelp: name the test files: wjvet plan test PLAN TESTS..."
                        ),
                    }
                );
            }
        }
    } else {
        args.tests.iter().map(|p| plantest::load(p, &plan)).collect()
    };
    let mut suites = Vec::new();
    let mut invalid = false;
    for s in loaded {
        match s {
            Ok(s) => suites.push(s),
            Err(d) => {
                print_diagnostics(&d, lang)?;
                invalid = true;
            }
        }
    }
    if invalid {
        return Ok(exit::USAGE_OR_PLAN);
    }
    let mut out = io::stdout().lock();
    let mut all: Vec<CaseResult> = Vec::new();
    for suite in &suites {
        let results = plantest::run_suite(&plan, suite);
        render::write_results(&mut out, &plan, suite, &results, lang)?;
        all.extend(results);
    }
    let failed = all.iter().filter(|r| !r.passed()).count();
    writeln!(out)?;
    render::write_total(&mut out, all.len() - failed, failed, lang)?;
    if args.coverage {
        writeln!(out)?;
        render::write_coverage(&mut out, &plan, &Coverage::of(&plan, &all), lang)?;
    }
    out.flush()?;
    Ok(if failed == 0 { exit::COMPLIANT } else { exit::NON_COMPLIANT })
}
