//! `wjvet plan check [NAME|FILE]`: validate and lint a plan, report in the chosen
//! format, exit 0 clean, 1 on warnings with `--deny-warnings`, 2 when invalid.
//!
//! In the table format the diagnostics, with their source lines, go to stderr like
//! every diagnostic of wjvet, and stdout carries one summary line, so a script can
//! read the verdict while a person reads the details.

use std::io::{self, Write};

use wjvet::lang::Lang;
use wjvet::plan::check::{PlanCheck, check_with};
use wjvet::render;

use super::super::print_diagnostics_styled;
use crate::cli::{Cli, PlanCheckArgs, PlanCheckFormat};
use crate::exit;

pub fn run(cli: &Cli, args: &PlanCheckArgs, lang: Lang, color: bool) -> anyhow::Result<u8> {
    let path = args.file.as_deref().or(cli.plan.as_deref());
    // The plan's tests, when it has any, tell which rules no case exercises. A test
    // file given with --tests that does not load is reported with the plan's problems.
    let mut unloadable = wjvet::diag::Diagnostics::default();
    let mut checked = check_with(path, |plan| {
        let suites: Vec<_> = if args.tests.is_empty() {
            wjvet::plantest::load_shipped(plan).and_then(Result::ok).into_iter().collect()
        } else {
            let loaded = args.tests.iter().map(|t| wjvet::plantest::load(t, plan));
            loaded.filter_map(|r| r.map_err(|d| unloadable.extend(d)).ok()).collect()
        };
        if suites.is_empty() {
            return None;
        }
        Some(wjvet::plantest::exercised_rule_ids(plan, &suites).into_iter().map(str::to_string).collect())
    });
    checked.diagnostics.extend(unloadable);
    let mut out = io::stdout().lock();
    match args.format {
        PlanCheckFormat::Table => {
            print_diagnostics_styled(&checked.diagnostics, lang, color)?;
            writeln!(out, "{}", summary(&checked, lang))?;
        }
        PlanCheckFormat::Json => render::plan_json::write(&mut out, &checked, lang)?,
        PlanCheckFormat::Github => render::github::diagnostics(&mut out, &checked.diagnostics, lang)?,
    }
    out.flush()?;
    Ok(if checked.plan.is_none() || checked.diagnostics.has_errors() {
        exit::USAGE_OR_PLAN
    } else if args.deny_warnings && checked.diagnostics.warnings() > 0 {
        exit::NON_COMPLIANT
    } else {
        exit::COMPLIANT
    })
}

/// `plan.toml: 31 tasks, 47 rules: 0 errors, 2 warnings`, or that it is invalid.
fn summary(checked: &PlanCheck, lang: Lang) -> String {
    let totals = render::diagnostics::totals(&checked.diagnostics, lang);
    let origin = render::escape::visible(&checked.origin);
    match (&checked.plan, lang) {
        (Some(p), Lang::Zh) => {
            format!("{origin}：{} 项任务、{} 条规则；{totals}", p.tasks.len(), p.rules.len())
        }
        (Some(p), Lang::En) => {
            format!("{origin}: {} tasks, {} rules: {totals}", p.tasks.len(), p.rules.len())
        }
        (None, Lang::Zh) => format!("{origin}：计划无效，{totals}"),
        (None, Lang::En) => format!("{origin}: the plan is invalid: {totals}"),
    }
}
