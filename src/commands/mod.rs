//! One module per subcommand; each takes its parsed arguments and returns the exit
//! code. Output goes to stdout, diagnostics to stderr, nothing else.

pub mod check;
pub mod diff;
pub mod explain;
pub mod generate;
pub mod plan;
pub mod rectification;
pub mod report;
pub mod review_sheet;
pub mod rules;
pub mod template;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use wjvet::check::{CheckOptions, Outcome};
use wjvet::data::{Encoding, ReadOptions, SourceFile};
use wjvet::diag::Diagnostics;
use wjvet::lang::Lang;
use wjvet::render;
use wjvet::report::Report;

use crate::cli::{Cli, EncodingArg, InputArgs};

/// The check options the shared input arguments ask for.
pub fn check_options(cli: &Cli, paths: &[PathBuf], input: &InputArgs) -> CheckOptions {
    CheckOptions {
        plan: cli.plan.clone(),
        registry: input.registry.clone(),
        paths: paths.to_vec(),
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
        },
        ..CheckOptions::default()
    }
}

/// Runs a check for a command that needs an evaluated report (`explain`, `report`).
/// When the plan, configuration or data is invalid, prints why and gives the exit
/// code to return instead; a report is returned as is, for the caller to print
/// what it wants about it.
pub fn evaluate(opts: &CheckOptions, limit: usize, lang: Lang) -> anyhow::Result<Result<Box<Report>, u8>> {
    match wjvet::check::run_with_limit(opts, limit) {
        Outcome::PlanInvalid(diags) | Outcome::ConfigInvalid(diags) => {
            print_diagnostics(&diags, lang)?;
            Ok(Err(crate::exit::USAGE_OR_PLAN))
        }
        Outcome::DataInvalid { diagnostics, files, .. } => {
            print_files(&files, lang)?;
            print_diagnostics(&diagnostics, lang)?;
            Ok(Err(crate::exit::INVALID_DATA))
        }
        Outcome::Evaluated(report) => Ok(Ok(report)),
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

/// Writes a file completely or not at all: into a temporary file beside it, then
/// renamed over it, so a pipeline never reads half a report.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = io::BufWriter::new(tmp.as_file_mut());
        write(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path)?;
    Ok(())
}

/// One line per file read, on stderr: how it was read and where its rows went.
pub fn print_files(files: &[SourceFile], lang: Lang) -> anyhow::Result<()> {
    let mut err = io::stderr().lock();
    render::diagnostics::write_files(&mut err, files, lang)?;
    Ok(())
}

/// `path`'s content written in full to a temporary file in its directory, synced,
/// ready to be renamed over it; dropped unpersisted, the file is removed.
pub(super) fn stage(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = io::BufWriter::new(tmp.as_file_mut());
        write(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}
