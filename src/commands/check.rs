//! `wjvet check`: evaluate submissions and print the report.
//!
//! Runs the check with the shared input options, prints the per-file lines and
//! diagnostics to stderr and the report to stdout (and to every `-o FORMAT=PATH`),
//! and returns the exit code of the documented contract.

use std::io::{self, Write};

use anyhow::Context;
use wjvet::check::{self, Outcome};
use wjvet::lang::Lang;
use wjvet::plan::Severity;
use wjvet::render::{self, Format, Style};
use wjvet::report::{FailOn, Report};
use wjvet::select::Selection;

use super::{check_options, print_diagnostics, print_files};
use crate::cli::{self, Cli, FailOnArg, FormatArg, SeverityArg};
use crate::exit;

pub fn run(cli: &Cli, args: &cli::CheckArgs, lang: Lang, color: bool) -> anyhow::Result<u8> {
    let mut opts = check_options(cli, &args.paths, &args.input);
    opts.no_exemptions = args.no_exemptions;
    opts.selection = Selection {
        rules: args.rules.clone(),
        tasks: args.tasks.clone(),
        schools: args.schools.clone(),
        sections: args.sections.clone(),
        severity: args.severity.map(|s| match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
        }),
    };
    let outcome = check::run_with_limit(&opts, args.input.max_diagnostics);
    let mut out = io::stdout().lock();
    match outcome {
        Outcome::PlanInvalid(diags) | Outcome::ConfigInvalid(diags) => {
            print_diagnostics(&diags, lang)?;
            Ok(exit::USAGE_OR_PLAN)
        }
        Outcome::DataInvalid { diagnostics, files } => {
            print_files(&files, lang)?;
            print_diagnostics(&diagnostics, lang)?;
            if args.format == FormatArg::Json {
                render::json::write_invalid(&mut out, &diagnostics, &files, lang)?;
            }
            Ok(exit::INVALID_DATA)
        }
        Outcome::Evaluated(report) => {
            print_files(&report.data.files, lang)?;
            print_diagnostics(&report.diagnostics, lang)?;
            let style = Style { lang, color, show_all: args.all, quiet: args.quiet };
            for (format, path) in &args.outputs {
                let file_style = Style { color: false, ..style };
                super::write_atomically(path, |w| render::write(format.format(), w, &report, file_style))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            let stdout_format = args.format.format();
            let style = if stdout_format == Format::Table { style } else { Style { color: false, ..style } };
            render::write(stdout_format, &mut out, &report, style)?;
            out.flush()?;
            Ok(verdict(&report, args))
        }
    }
}

fn verdict(report: &Report, args: &cli::CheckArgs) -> u8 {
    let on = match args.fail_on {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Pending => FailOn::Pending,
    };
    if !args.exit_zero && report.failing(on) { exit::NON_COMPLIANT } else { exit::COMPLIANT }
}
