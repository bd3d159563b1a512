//! One module per subcommand; each takes its parsed arguments and returns the exit
//! code. Output goes to stdout, diagnostics to stderr, nothing else.

pub mod check;
pub mod report;
pub mod rules;

use std::io;

use wjvet::diag::Diagnostics;
use wjvet::lang::Lang;
use wjvet::render;

pub fn print_diagnostics(diags: &Diagnostics, lang: Lang) -> anyhow::Result<()> {
    let mut err = io::stderr().lock();
    render::diagnostics::write(&mut err, diags, lang)?;
    Ok(())
}
