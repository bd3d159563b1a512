//! `wjvet review-sheet PATHS -o FILE`: the sheet inspectors fill with their
//! decisions on results awaiting review.
//!
//! Checks the output's extension before reading anything, runs the same loading and
//! evaluation as `check` (so `--year`, `--registry` and `--reviews` mean the same),
//! and writes the sheet completely or not at all.

use anyhow::{Context, bail};
use wjvet::lang::Lang;
use wjvet::review::sheet;

use super::print_diagnostics;
use crate::cli::{Cli, ReviewSheetArgs};
use crate::exit;

pub fn run(cli: &Cli, args: &ReviewSheetArgs, lang: Lang) -> anyhow::Result<u8> {
    let ext = args.output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let xlsx = match ext.as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => bail!(
            "cannot tell the format of {:?} from its extension\nhelp: name the file .xlsx or .csv",
            args.output.display()
        ),
    };
    let opts = super::check_options(cli, &args.paths, &args.input);
    let report = match super::evaluate(&opts, args.input.max_diagnostics, lang)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    super::print_files(&report.data.files, lang)?;
    print_diagnostics(&report.diagnostics, lang)?;
    super::write_atomically(&args.output, |w| {
        if xlsx {
            sheet::write_xlsx(w, &report).map_err(std::io::Error::other)
        } else {
            sheet::write_csv(w, &report)
        }
    })
    .with_context(|| format!("cannot write {:?}", args.output.display()))?;
    Ok(exit::COMPLIANT)
}
