//! The `wjvet` binary: parse the command line, run, print, exit.
//!
//! Everything testable lives in the library; this file only turns arguments into
//! options, picks the language and colour, writes the report to stdout and
//! diagnostics to stderr, and maps the outcome to the documented exit code. A closed
//! pipe (`wjvet check ... | head`) is not an error.

#![warn(clippy::unwrap_used)]

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, ColorArg, Command, FormatArg, LangArg};
use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::diag::Diagnostics;
use wjvet::lang::Lang;
use wjvet::plan::Severity;
use wjvet::render::{self, Style};

/// mimalloc rather than the system allocator: a province-scale check allocates
/// hundreds of megabytes in small pieces, and mimalloc is measurably faster at that
/// (see the benchmark in the README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit codes, as documented in `--help` and the README.
mod exit {
    pub const COMPLIANT: u8 = 0;
    pub const NON_COMPLIANT: u8 = 1;
    pub const USAGE_OR_PLAN: u8 = 2;
    pub const INVALID_DATA: u8 = 3;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_locale(locale().as_deref()),
    };
    let color = match cli.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let result = match &cli.command {
        Command::Check(args) => run_check(&cli, args, lang, color),
        Command::Rules(args) => run_rules(&cli, args, lang),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::COMPLIANT),
        Err(e) => {
            let _ = writeln!(io::stderr(), "wjvet: {e:#}");
            ExitCode::from(exit::USAGE_OR_PLAN)
        }
    }
}

fn locale() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

fn print_diagnostics(diags: &Diagnostics, lang: Lang) -> anyhow::Result<()> {
    let mut err = io::stderr().lock();
    render::diagnostics::write(&mut err, diags, lang)?;
    Ok(())
}

fn run_check(cli: &Cli, args: &cli::CheckArgs, lang: Lang, color: bool) -> anyhow::Result<u8> {
    let opts = CheckOptions {
        plan: cli.plan.clone(),
        registry: args.registry.clone(),
        paths: args.paths.clone(),
        year: args.year,
        as_of: args.as_of,
    };
    let outcome = check::run_with_limit(&opts, args.max_diagnostics);
    let mut out = io::stdout().lock();
    match outcome {
        Outcome::PlanInvalid(diags) => {
            print_diagnostics(&diags, lang)?;
            Ok(exit::USAGE_OR_PLAN)
        }
        Outcome::DataInvalid { diagnostics, .. } => {
            print_diagnostics(&diagnostics, lang)?;
            if args.format == FormatArg::Json {
                render::json::write_diagnostics(&mut out, &diagnostics, lang)?;
            }
            Ok(exit::INVALID_DATA)
        }
        Outcome::Evaluated(report) => {
            print_diagnostics(&report.diagnostics, lang)?;
            match args.format {
                FormatArg::Table => {
                    let style = Style { lang, color, show_all: args.all, quiet: args.quiet };
                    render::table::write(&mut out, &report, style)?;
                }
                FormatArg::Json => render::json::write(&mut out, &report, lang)?,
            }
            out.flush()?;
            let failing = report.findings.iter().any(|f| report.is_failing(f, Severity::Error));
            Ok(if failing { exit::NON_COMPLIANT } else { exit::COMPLIANT })
        }
    }
}

fn run_rules(cli: &Cli, args: &cli::RulesArgs, lang: Lang) -> anyhow::Result<u8> {
    let plan = match wjvet::plan::load(cli.plan.as_deref()) {
        Ok(p) => p,
        Err(diags) => {
            print_diagnostics(&diags, lang)?;
            return Ok(exit::USAGE_OR_PLAN);
        }
    };
    let mut out = io::stdout().lock();
    match (args.format, args.fields) {
        (FormatArg::Json, _) => {
            serde_json::to_writer_pretty(&mut out, &render::rules::to_json(&plan))?;
            writeln!(out)?;
        }
        (FormatArg::Table, true) => render::rules::write_fields(&mut out, &plan, lang)?,
        (FormatArg::Table, false) => render::rules::write_table(&mut out, &plan, lang)?,
    }
    out.flush()?;
    Ok(exit::COMPLIANT)
}
