//! One module per subcommand; each takes its parsed arguments and returns the exit
//! code. Output goes to stdout, diagnostics to stderr, nothing else.

pub mod check;
pub mod rules;
pub mod template;

use std::io;

use wjvet::data::SourceFile;
use wjvet::diag::Diagnostics;
use wjvet::lang::Lang;
use wjvet::render;

pub fn print_diagnostics(diags: &Diagnostics, lang: Lang) -> anyhow::Result<()> {
    let mut err = io::stderr().lock();
    render::diagnostics::write(&mut err, diags, lang)?;
    Ok(())
}

/// One line per file read, on stderr: how it was read and where its rows went.
pub fn print_files(files: &[SourceFile], lang: Lang) -> anyhow::Result<()> {
    let mut err = io::stderr().lock();
    render::diagnostics::write_files(&mut err, files, lang)?;
    Ok(())
}
