//! One module per subcommand; each takes its parsed arguments and returns the exit
//! code. Output goes to stdout, diagnostics to stderr, nothing else. Beside them, the
//! pieces every command shares: typed tool failures (`failure`), atomic output files
//! (`output`), the per-file lines on stderr (`progress`) and `-` (`stdin`).

pub mod check;
pub mod diff;
pub mod explain;
pub mod failure;
pub mod generate;
pub mod output;
pub mod plan;
pub mod progress;
pub mod rectification;
pub mod report;
pub mod review_sheet;
pub mod rules;
pub mod stdin;
pub mod template;
pub mod usage;

use std::io;
use std::path::PathBuf;

use wjvet::check::{CheckOptions, Outcome};
use wjvet::data::{Encoding, ReadOptions};
use wjvet::diag::Diagnostics;
use wjvet::lang::Lang;
use wjvet::pii::Pseudonym;
use wjvet::render;
use wjvet::report::Report;

use crate::cli::{Cli, EncodingArg, InputArgs};
use failure::Failure;

/// The check options the shared input arguments ask for, and standard input's spool
/// when a path is `-` (to be kept until the check has run). A submission path that
/// does not exist, or a `--pii-key` too short, is a usage error, before anything is
/// read.
pub fn check_options(
    cli: &Cli,
    paths: &[PathBuf],
    input: &InputArgs,
    lang: Lang,
) -> Result<(CheckOptions, Option<stdin::Spool>), Failure> {
    if let Some(p) = paths.iter().find(|p| p.as_os_str() != "-" && matches!(p.try_exists(), Ok(false))) {
        return Err(Failure::MissingInput(p.clone()));
    }
    let pseudonym = match &input.pii_key {
        Some(key) => Pseudonym::keyed(key.as_bytes()).map_err(|e| Failure::ShortPiiKey(e.0))?,
        None => Pseudonym::Mask,
    };
    let mut paths = paths.to_vec();
    let spool = stdin::take(&mut paths, input.input_format)?;
    let labels = spool.iter().map(|s| (s.path(), stdin::label(lang).to_string())).collect();
    let opts = CheckOptions {
        plan: cli.plan.clone(),
        registry: input.registry.clone(),
        paths,
        year: input.year,
        as_of: input.as_of,
        exemptions: input.exemptions.clone(),
        reviews: input.reviews.clone(),
        read: ReadOptions {
            encoding: input.encoding.map(|e| match e {
                EncodingArg::Utf8 => Encoding::Utf8,
                EncodingArg::Gbk => Encoding::Gb18030,
                EncodingArg::Utf16le => Encoding::Utf16Le,
                EncodingArg::Utf16be => Encoding::Utf16Be,
            }),
            sheet: input.sheet.clone(),
            labels,
            as_of: input.as_of,
            pseudonym,
        },
        ..CheckOptions::default()
    };
    Ok((opts, spool))
}

/// Runs a check for a command that needs an evaluated report (`explain`, `report`,
/// `review-sheet`). When the plan, configuration or data is invalid, prints why and
/// gives the exit code to return instead; a report is returned with the per-file
/// lines (and with `-v` the timings) printed, for the caller to print the rest.
pub fn evaluate(
    cli: &Cli,
    opts: &CheckOptions,
    limit: usize,
    lang: Lang,
) -> anyhow::Result<Result<Box<Report>, u8>> {
    let (outcome, timings) = wjvet::check::run_timed(opts, limit);
    match outcome {
        Outcome::PlanInvalid(diags) | Outcome::ConfigInvalid(diags) => {
            print_diagnostics(&diags, lang)?;
            Ok(Err(crate::exit::USAGE_OR_PLAN))
        }
        Outcome::DataInvalid { diagnostics, files, .. } => {
            progress::files(cli, &files, Some(&timings), lang)?;
            print_diagnostics(&diagnostics, lang)?;
            Ok(Err(crate::exit::INVALID_DATA))
        }
        Outcome::Evaluated(report) => {
            progress::files(cli, &report.data.files, Some(&timings), lang)?;
            Ok(Ok(report))
        }
    }
}

/// What a plan, registry or sign-off file loaded to; or, when it is wrong, `None`
/// with its diagnostics printed, for the command to return
/// [`crate::exit::USAGE_OR_PLAN`].
pub fn loaded<T>(result: Result<T, Diagnostics>, lang: Lang) -> anyhow::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(diags) => {
            print_diagnostics(&diags, lang)?;
            Ok(None)
        }
    }
}

pub fn print_diagnostics(diags: &Diagnostics, lang: Lang) -> anyhow::Result<()> {
    print_diagnostics_styled(diags, lang, false)
}

/// [`print_diagnostics`], coloured when `color` (the `--color` decision of main.rs).
pub fn print_diagnostics_styled(diags: &Diagnostics, lang: Lang, color: bool) -> anyhow::Result<()> {
    let mut err = io::stderr().lock();
    render::diagnostics::write_styled(&mut err, diags, lang, color)?;
    Ok(())
}
