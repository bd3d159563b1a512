//! The `wjvet` binary: parse the command line, run, print, exit.
//!
//! Everything testable lives in the library; this file only turns arguments into
//! options, picks the language and colour, writes the report to stdout and
//! diagnostics to stderr, and maps the outcome to the documented exit code. A closed
//! pipe (`wjvet check ... | head`) is not an error.

#![warn(clippy::unwrap_used)]

mod cli;
mod commands;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, ColorArg, Command, LangArg};
use wjvet::lang::Lang;

/// The exit codes, as documented in `--help` and the README.
pub mod exit {
    pub const COMPLIANT: u8 = 0;
    pub const NON_COMPLIANT: u8 = 1;
    pub const USAGE_OR_PLAN: u8 = 2;
    pub const INVALID_DATA: u8 = 3;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `--lang` wins; otherwise the OS's language: the Windows UI language, macOS's
    // preferences, else LANGUAGE, LC_ALL, LC_MESSAGES, LANG (sys_locale's order), so a
    // Chinese Windows reads Chinese without setting anything.
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_locale(sys_locale::get_locale().as_deref()),
    };
    let color = match cli.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let result = match &cli.command {
        Command::Check(args) => commands::check::run(&cli, args, lang, color),
        Command::Report(args) => commands::report::run(&cli, args, lang),
        Command::Rules(args) => commands::rules::run(&cli, args, lang),
        Command::Plans(args) => commands::rules::plans(args, lang),
        Command::Explain(args) => commands::explain::run(&cli, args, lang),
        Command::Completions(args) => commands::generate::completions(args),
        Command::Man => commands::generate::man(),
        Command::Template(args) => commands::template::run(&cli, args, lang),
        Command::ReviewSheet(args) => commands::review_sheet::run(&cli, args, lang),
        Command::Diff(args) => commands::diff::run(args, lang),
        Command::Plan(args) => commands::plan::run(&cli, args, lang, color),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::COMPLIANT),
        Err(e) => {
            // A path in the message may come from a submission directory: shown, not sent.
            let message = format!("{e:#}");
            let _ = writeln!(io::stderr(), "wjvet: {}", wjvet::render::escape::visible(&message));
            ExitCode::from(exit::USAGE_OR_PLAN)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
