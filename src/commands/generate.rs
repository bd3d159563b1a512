//! `wjvet completions SHELL` and `wjvet man`: generated from the same clap
//! definitions as `--help`, so they never disagree with it.

use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;

use super::failure::Failure;
use super::output;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::exit;

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "wjvet", &mut out);
    out.flush()?;
    Ok(exit::COMPLIANT)
}

pub fn man(args: &ManArgs) -> anyhow::Result<u8> {
    if let Some(dir) = &args.dir {
        pages(dir)?;
        return Ok(exit::COMPLIANT);
    }
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(command()).render(&mut out)?;
    out.flush()?;
    Ok(exit::COMPLIANT)
}

/// The command the pages describe: clap's `help` subcommand has no page, so the top
/// page does not point to one.
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The top page and one per subcommand (`wjvet-check.1`, ...), as the top page's
/// SEE ALSO names them, each written atomically.
fn pages(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|error| Failure::Unwritable { path: dir.to_path_buf(), error })?;
    let cmd = command();
    let mut all = vec![cmd.clone()];
    all.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    for c in all {
        let man = clap_mangen::Man::new(c);
        output::write_atomically(&dir.join(man.get_filename()), |w| man.render(w))?;
    }
    Ok(())
}
