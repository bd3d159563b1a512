//! The `wjvet` binary: parse the command line, run, print, exit.
//!
//! Everything testable lives in the library; this file only turns arguments into
//! options, picks the language and colour, writes the report to stdout and
//! diagnostics to stderr, and maps the outcome to the documented exit code. A closed
//! pipe (`wjvet check ... | head`) is not an error.

#![warn(clippy::unwrap_used)]

mod cli;
mod commands;
mod terminal;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, ValueEnum};
use cli::{Cli, Command, LangArg};
use commands::failure::{self, Failure};
use wjvet::lang::Lang;

/// The exit codes, as documented in `--help` and the README.
pub mod exit {
    pub const COMPLIANT: u8 = 0;
    pub const NON_COMPLIANT: u8 = 1;
    pub const USAGE_OR_PLAN: u8 = 2;
    pub const INVALID_DATA: u8 = 3;
}

fn main() -> ExitCode {
    // clap's own help and errors follow --color too, so it is read before parsing.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = Cli::command().color(terminal::clap_color(terminal::color_arg(&args)));
    // `--lang` wins; otherwise the OS's language: the Windows UI language, macOS's
    // preferences, else LANGUAGE, LC_ALL, LC_MESSAGES, LANG (sys_locale's order), so a
    // Chinese Windows reads Chinese without setting anything. Read before parsing, so
    // clap's own usage errors are in it too.
    let lang = match terminal::prescan(&args, "--lang", |v| LangArg::from_str(v, false).ok()) {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_locale(sys_locale::get_locale().as_deref()),
    };
    let cli = match command.try_get_matches_from_mut(args).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            let e = e.format(&mut command);
            match (lang, commands::usage::zh(&e)) {
                (Lang::Zh, Some(text)) => {
                    let _ = writeln!(io::stderr(), "{text}");
                    return ExitCode::from(exit::USAGE_OR_PLAN);
                }
                _ => e.exit(),
            }
        }
    };
    let color = terminal::colors_stdout(cli.color);
    let result = match &cli.command {
        Command::Check(args) => commands::check::run(&cli, args, lang, color),
        Command::Report(args) => commands::report::run(&cli, args, lang),
        Command::Rules(args) => commands::rules::run(&cli, args, lang),
        Command::Plans(args) => commands::rules::plans(args, lang),
        Command::Explain(args) => commands::explain::run(&cli, args, lang),
        Command::Completions(args) => commands::generate::completions(args),
        Command::Man(args) => commands::generate::man(args),
        Command::Template(args) => commands::template::run(&cli, args, lang),
        Command::ReviewSheet(args) => commands::review_sheet::run(&cli, args, lang),
        Command::Diff(args) => commands::diff::run(args, lang),
        Command::Plan(args) => {
            // Its table goes to stderr: coloured when stderr is a terminal.
            commands::plan::run(&cli, args, lang, terminal::colors_stderr(cli.color))
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::COMPLIANT),
        Err(e) => ExitCode::from(print_error(&e, lang)),
    }
}

/// Prints a tool error in the chosen language and gives its exit code: a [`Failure`]
/// with its own text and `help:` line, anything else (an internal failure) as anyhow
/// words it, after the same localised `wjvet: error:`.
fn print_error(e: &anyhow::Error, lang: wjvet::lang::Lang) -> u8 {
    let (text, code) = match e.downcast_ref::<Failure>() {
        Some(f) => (f.render(lang), f.exit_code()),
        // A path in the message may come from a submission directory: shown, not sent.
        None => {
            let message = format!("{e:#}");
            let message = wjvet::render::escape::visible(&message);
            (format!("{}{message}", failure::prefix(lang)), exit::USAGE_OR_PLAN)
        }
    };
    let _ = writeln!(io::stderr(), "{text}");
    code
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
