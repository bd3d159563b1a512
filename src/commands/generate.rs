//! `wjvet completions SHELL` and `wjvet man`: generated from the same clap
//! definitions as `--help`, so they never disagree with it.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit;

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "wjvet", &mut out);
    out.flush()?;
    Ok(exit::COMPLIANT)
}

pub fn man() -> anyhow::Result<u8> {
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(exit::COMPLIANT)
}
