//! `wjvet check`: evaluate submissions and print the report.
//!
//! Runs the check with the shared input options, prints the per-file lines and
//! diagnostics to stderr and the report to stdout (and to every `-o FORMAT=PATH`),
//! and returns the exit code of the documented contract. When the data is invalid
//! the documents are still written, carrying the diagnostics (exit code 3).

use std::io::{self, Write};

use anyhow::Context;
use wjvet::check::{self, Outcome};
use wjvet::follow_up::{FollowUp, Snapshot};
use wjvet::lang::Lang;
use wjvet::plan::Severity;
use wjvet::render::{self, Format, Style};
use wjvet::report::{FailOn, Invalid, Report, Verdict};
use wjvet::select::Selection;

use super::{check_options, print_diagnostics, print_diagnostics_styled, print_files};
use crate::cli::{self, Cli, FailOnArg, SeverityArg};
use crate::exit;

pub fn run(cli: &Cli, args: &cli::CheckArgs, lang: Lang, color: bool) -> anyhow::Result<u8> {
    let mut opts = check_options(cli, &args.paths, &args.input);
    opts.no_exemptions = args.no_exemptions;
    opts.keep_going = args.keep_going;
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
    let previous = args.previous.as_deref().map(|p| super::diff::load(p, lang)).transpose()?;
    let outcome = check::run_with_limit(&opts, args.input.max_diagnostics);
    let fail_on = match args.fail_on {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Pending => FailOn::Pending,
    };
    let style = Style { lang, color, show_all: args.all, quiet: args.quiet };
    let stdout_format = args.format.format();
    // Colour only on stdout, and only in the table.
    let plain = Style { color: false, ..style };
    let stdout_style = if stdout_format == Format::Table { style } else { plain };
    let mut out = io::stdout().lock();
    match outcome {
        Outcome::PlanInvalid(diags) | Outcome::ConfigInvalid(diags) => {
            print_diagnostics_styled(&diags, lang, color)?;
            Ok(exit::USAGE_OR_PLAN)
        }
        Outcome::DataInvalid { diagnostics, files, plan, year } => {
            print_files(&files, lang)?;
            print_diagnostics(&diagnostics, lang)?;
            // CI keeps its view: every document asked for is written, carrying the
            // diagnostics. The table on stdout would repeat stderr, so it is left out.
            let run = Invalid { plan: &plan, year, files: &files, diagnostics: &diagnostics, fail_on };
            for (format, path) in &args.outputs {
                super::write_atomically(path, |w| render::write_invalid(format.format(), w, &run, plain))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if stdout_format != Format::Table {
                render::write_invalid(stdout_format, &mut out, &run, stdout_style)?;
                out.flush()?;
            }
            Ok(exit::INVALID_DATA)
        }
        Outcome::Evaluated(mut report) => {
            report.fail_on = fail_on;
            report.follow_up = previous.map(|p| {
                let now = Snapshot::of(&report);
                // A narrowed run leaves results out; they are not gone.
                let p = if opts.selection.is_empty() { p } else { p.within(&now) };
                FollowUp::compare(&p, &now)
            });
            print_files(&report.data.files, lang)?;
            print_diagnostics(&report.diagnostics, lang)?;
            for (format, path) in &args.outputs {
                super::write_atomically(path, |w| render::write(format.format(), w, &report, plain))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            render::write(stdout_format, &mut out, &report, stdout_style)?;
            out.flush()?;
            Ok(verdict(&report, args))
        }
    }
}

/// The exit code of an evaluated run: the report's verdict, unless `--exit-zero`.
fn verdict(report: &Report, args: &cli::CheckArgs) -> u8 {
    match report.verdict() {
        Verdict::Invalid => exit::INVALID_DATA,
        Verdict::NonCompliant if !args.exit_zero => exit::NON_COMPLIANT,
        _ => exit::COMPLIANT,
    }
}
