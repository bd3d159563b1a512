//! `wjvet check`: evaluate submissions and print the report.
//!
//! Turns the parsed arguments into [`CheckOptions`], runs the check, prints
//! diagnostics to stderr and the report to stdout, and returns the exit code.

use std::io::{self, Write};

use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::data::{Encoding, ReadOptions};
use wjvet::lang::Lang;
use wjvet::plan::Severity;
use wjvet::render::{self, Style};

use super::{print_diagnostics, print_files};
use crate::cli::{self, Cli, EncodingArg, FormatArg};
use crate::exit;

pub fn run(cli: &Cli, args: &cli::CheckArgs, lang: Lang, color: bool) -> anyhow::Result<u8> {
    let opts = CheckOptions {
        plan: cli.plan.clone(),
        registry: args.registry.clone(),
        paths: args.paths.clone(),
        year: args.year,
        as_of: args.as_of,
        read: ReadOptions {
            encoding: args.encoding.map(|e| match e {
                EncodingArg::Utf8 => Encoding::Utf8,
                EncodingArg::Gbk => Encoding::Gb18030,
                EncodingArg::Utf16le => Encoding::Utf16Le,
                EncodingArg::Utf16be => Encoding::Utf16Be,
            }),
            sheet: args.sheet.clone(),
        },
    };
    let outcome = check::run_with_limit(&opts, args.max_diagnostics);
    let mut out = io::stdout().lock();
    match outcome {
        Outcome::PlanInvalid(diags) => {
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
