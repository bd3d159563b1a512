//! What the terminal gets: colour or not, and how wide a table may be.
//!
//! Key decision: one function, [`colors`], decides colour from `--color`, whether the
//! stream is a terminal and the environment, following the conventions clap's own
//! output (anstream) follows: NO_COLOR (non-empty) wins, then CLICOLOR_FORCE (set,
//! not 0) forces, then CLICOLOR=0 or TERM=dumb turn `auto` off. It takes the
//! environment as a function, so it is tested without touching the process's.
//! clap's own help and errors are told the same `--color` before parsing starts.

use std::ffi::{OsStr, OsString};
use std::io::{self, IsTerminal};

use crate::cli::ColorArg;

/// Whether to colour a stream, given `--color`, whether the stream is a terminal,
/// and a way to read an environment variable.
pub fn colors(choice: ColorArg, is_terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else if set("CLICOLOR").is_some_and(|v| v == "0") || set("TERM").is_some_and(|v| v == "dumb") {
                false
            } else {
                is_terminal
            }
        }
    }
}

/// Whether to colour standard output, from the process's environment.
pub fn colors_stdout(choice: ColorArg) -> bool {
    colors(choice, io::stdout().is_terminal(), |name| std::env::var_os(name))
}

/// Whether to colour standard error (the diagnostics of `plan check`), from the
/// process's environment.
pub fn colors_stderr(choice: ColorArg) -> bool {
    colors(choice, io::stderr().is_terminal(), |name| std::env::var_os(name))
}

/// `--color` as given on the command line, read before clap parses it, so that
/// clap's own help and errors follow it too (`--color=X` or `--color X`; the last
/// one wins, as clap takes it; nothing after `--`).
pub fn color_arg(args: &[OsString]) -> Option<ColorArg> {
    prescan(args, "--color", |v| match v {
        "always" => Some(ColorArg::Always),
        "never" => Some(ColorArg::Never),
        "auto" => Some(ColorArg::Auto),
        _ => None,
    })
}

/// The last valid value of the long option `name` (`--name=X` or `--name X`, nothing
/// after `--`), read before clap parses, for what clap's own messages depend on.
pub fn prescan<T>(args: &[OsString], name: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    let mut found = None;
    let mut it = args.iter().skip(1);
    let prefix = format!("{name}=");
    while let Some(a) = it.next() {
        let value = if a == "--" {
            break;
        } else if a == name {
            it.next().map(OsString::as_os_str)
        } else {
            a.to_str().and_then(|s| s.strip_prefix(prefix.as_str())).map(OsStr::new)
        };
        if let Some(v) = value.and_then(OsStr::to_str).and_then(&parse) {
            found = Some(v);
        }
    }
    found
}

/// clap's colour for its help (stdout) and errors (stderr): `always` and `never` as
/// given, otherwise clap's auto, which follows the same conventions per stream.
pub fn clap_color(arg: Option<ColorArg>) -> clap::ColorChoice {
    match arg {
        Some(ColorArg::Always) => clap::ColorChoice::Always,
        Some(ColorArg::Never) => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}

/// The width tables on standard output fit: `--width`, else the terminal's, else
/// 100 (a pipe or a file).
pub fn stdout_width(width: Option<u16>) -> u16 {
    width.or_else(terminal_width).unwrap_or(100)
}

/// The terminal's width when standard output is one (comfy-table asks the terminal).
fn terminal_width() -> Option<u16> {
    if !io::stdout().is_terminal() {
        return None;
    }
    comfy_table::Table::new().width().filter(|w| *w > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn auto_colours_a_terminal_only() {
        assert!(colors(ColorArg::Auto, true, env(&[])));
        assert!(!colors(ColorArg::Auto, false, env(&[])));
    }

    #[test]
    fn the_conventions_turn_auto_off() {
        for vars in [[("NO_COLOR", "1")], [("CLICOLOR", "0")], [("TERM", "dumb")]] {
            assert!(!colors(ColorArg::Auto, true, env(&vars)), "{vars:?}");
        }
        // An empty NO_COLOR does not count; CLICOLOR=1 changes nothing.
        assert!(colors(ColorArg::Auto, true, env(&[("NO_COLOR", ""), ("CLICOLOR", "1")])));
    }

    #[test]
    fn clicolor_force_colours_a_pipe_unless_no_color() {
        assert!(colors(ColorArg::Auto, false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(colors(ColorArg::Auto, false, env(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")])));
        assert!(!colors(ColorArg::Auto, false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!colors(ColorArg::Auto, true, env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])));
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert!(colors(ColorArg::Always, false, env(&[("NO_COLOR", "1")])));
        assert!(!colors(ColorArg::Never, true, env(&[("CLICOLOR_FORCE", "1")])));
    }

    #[test]
    fn color_is_found_before_parsing() {
        let args = |s: &str| s.split(' ').map(OsString::from).collect::<Vec<_>>();
        assert_eq!(color_arg(&args("wjvet --color never check x")), Some(ColorArg::Never));
        assert_eq!(color_arg(&args("wjvet check --color=always x")), Some(ColorArg::Always));
        assert_eq!(color_arg(&args("wjvet check x")), None);
        assert_eq!(color_arg(&args("wjvet check -- --color=always")), None);
    }
}
