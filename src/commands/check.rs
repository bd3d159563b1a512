//! `wjvet check`: evaluate submissions and print the report.
//!
//! Runs the check with the shared input options, prints the per-file lines and
//! diagnostics to stderr and the report to stdout (and to every `-o FORMAT=PATH`),
//! and returns the exit code of the documented contract. When the data is invalid
//! the documents are still written, carrying the diagnostics (exit code 3).

use std::io::{self, Write};

use wjvet::check::{self, Outcome};
use wjvet::follow_up::{FollowUp, Snapshot};
use wjvet::lang::Lang;
use wjvet::plan::Severity;
use wjvet::render::{self, Format, Style};
use wjvet::report::{FailOn, Invalid, Report, Verdict};
use wjvet::select::Selection;

use super::{check_options, output, print_diagnostics, print_diagnostics_styled, progress};
use crate::cli::{self, Cli, FailOnArg, SeverityArg};
use crate::exit;

pub fn run(cli: &Cli, args: &cli::CheckArgs, lang: Lang, color: bool) -> anyhow::Result<u8> {
    let (mut opts, _stdin) = check_options(cli, &args.paths, &args.input, lang)?;
    opts.no_exemptions = args.no_exemptions;
    opts.keep_going = args.keep_going;
    opts.selection = Selection {
        rules: args.rules.clone(),
        tasks: args.tasks.clone(),
        schools: args.schools.clone(),
        with_parts: false,
        sections: args.sections.clone(),
        severity: args.severity.map(|s| match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
        }),
    };
    let previous = args.previous.as_deref().map(|p| super::diff::load(p, lang)).transpose()?;
    let (outcome, timings) = check::run_timed(&opts, args.input.max_diagnostics);
    let fail_on = match args.fail_on {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Pending => FailOn::Pending,
    };
    // A file gets the width asked for, or its lines whole; stdout fits the terminal.
    let plain = Style { lang, color: false, show_all: args.all, quiet: cli.quiet, width: cli.width };
    let style = Style { color, width: Some(crate::terminal::stdout_width(cli.width)), ..plain };
    let stdout_format = args.format.format();
    // Colour only on stdout, and only in the table.
    let stdout_style = if stdout_format == Format::Table { style } else { plain };
    let started = std::time::Instant::now();
    let mut out = io::stdout().lock();
    match outcome {
        Outcome::PlanInvalid(diags) | Outcome::ConfigInvalid(diags) => {
            print_diagnostics_styled(&diags, lang, color)?;
            Ok(exit::USAGE_OR_PLAN)
        }
        Outcome::DataInvalid { diagnostics, files, plan, year } => {
            progress::files(cli, &files, Some(&timings), lang)?;
            print_diagnostics(&diagnostics, lang)?;
            // CI keeps its view: every document asked for is written, carrying the
            // diagnostics. The table on stdout would repeat stderr, so it is left out.
            let run = Invalid { plan: &plan, year, files: &files, diagnostics: &diagnostics, fail_on };
            for (format, path) in &args.outputs {
                output::write_atomically(path, |w| render::write_invalid(format.format(), w, &run, plain))?;
            }
            if stdout_format != Format::Table {
                render::write_invalid(stdout_format, &mut out, &run, stdout_style)?;
                out.flush()?;
            }
            progress::output(cli, started.elapsed(), lang)?;
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
            progress::files(cli, &report.data.files, Some(&timings), lang)?;
            print_diagnostics(&report.diagnostics, lang)?;
            for (format, path) in &args.outputs {
                output::write_atomically(path, |w| render::write(format.format(), w, &report, plain))?;
            }
            render::write(stdout_format, &mut out, &report, stdout_style)?;
            out.flush()?;
            progress::output(cli, started.elapsed(), lang)?;
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
