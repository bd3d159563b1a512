//! One module per subcommand; each takes its parsed arguments and returns the exit
//! code. Output goes to stdout, diagnostics to stderr, nothing else.

pub mod check;
pub mod explain;
pub mod generate;
pub mod report;
pub mod rules;

use std::io::{self, Write};
use std::path::Path;

use wjvet::diag::Diagnostics;
use wjvet::lang::Lang;
use wjvet::render;

pub fn print_diagnostics(diags: &Diagnostics, lang: Lang) -> anyhow::Result<()> {
    let mut err = io::stderr().lock();
    render::diagnostics::write(&mut err, diags, lang)?;
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
