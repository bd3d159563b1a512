//! `wjvet review-sheet PATHS -o FILE`: the sheet inspectors fill with their
//! decisions on results awaiting review.
//!
//! Checks the output's extension before reading anything, runs the same loading and
//! evaluation as `check` (so `--year`, `--registry` and `--reviews` mean the same),
//! and writes the sheet completely or not at all.

use wjvet::lang::Lang;
use wjvet::review::sheet;

use super::failure::Failure;
use super::{output, print_diagnostics};
use crate::cli::{Cli, ReviewSheetArgs};
use crate::exit;

pub fn run(cli: &Cli, args: &ReviewSheetArgs, lang: Lang) -> anyhow::Result<u8> {
    let ext = args.output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let xlsx = match ext.as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => return Err(Failure::UnknownExtension { path: args.output.clone(), known: ".xlsx, .csv" }.into()),
    };
    let (opts, _stdin) = super::check_options(cli, &args.paths, &args.input, lang)?;
    let report = match super::evaluate(cli, &opts, args.input.max_diagnostics, lang)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    print_diagnostics(&report.diagnostics, lang)?;
    output::write_atomically(&args.output, |w| {
        if xlsx {
            sheet::write_xlsx(w, &report).map_err(std::io::Error::other)
        } else {
            sheet::write_csv(w, &report)
        }
    })?;
    Ok(exit::COMPLIANT)
}
