//! The per-file "read …" lines on stderr, and with `--verbose` how long each stage
//! took: the account of the input a person sees while a command runs.
//!
//! Key decision: `--quiet` leaves out only these lines; the diagnostics and their
//! count are printed by the caller whatever the verbosity, since they say what is
//! wrong. Timings are whole milliseconds, on stderr only, so no document changes.

use std::io::{self, Write};
use std::time::Duration;

use wjvet::check::Timings;
use wjvet::data::SourceFile;
use wjvet::lang::Lang;
use wjvet::render;
use wjvet::render::escape::visible;

use crate::cli::Cli;

/// One line per file read, unless `--quiet`; with `--verbose` then one line of
/// timings: each stage, and each file within reading.
pub fn files(cli: &Cli, files: &[SourceFile], timings: Option<&Timings>, lang: Lang) -> io::Result<()> {
    if cli.quiet {
        return Ok(());
    }
    let mut err = io::stderr().lock();
    render::diagnostics::write_files(&mut err, files, lang)?;
    if let (true, Some(t)) = (cli.verbose, timings) {
        writeln!(err, "{}\n", line(t, files, lang))?;
    }
    Ok(())
}

/// With `--verbose`, how long writing the output took.
pub fn output(cli: &Cli, took: Duration, lang: Lang) -> io::Result<()> {
    if cli.verbose {
        let ms = took.as_millis();
        writeln!(
            io::stderr(),
            "{}",
            lang.pick(&format!("耗时：输出 {ms} 毫秒"), &format!("time: output {ms} ms"))
        )?;
    }
    Ok(())
}

fn line(t: &Timings, files: &[SourceFile], lang: Lang) -> String {
    let ms = |d: Duration| d.as_millis();
    let each: Vec<String> = files
        .iter()
        .map(|f| match lang {
            Lang::Zh => format!("{} {} 毫秒", visible(&f.path), ms(f.elapsed)),
            Lang::En => format!("{} {} ms", visible(&f.path), ms(f.elapsed)),
        })
        .collect();
    let (plan, read, eval) = (ms(t.plan), ms(t.read), ms(t.evaluate));
    match (lang, each.is_empty()) {
        (Lang::Zh, true) => format!("耗时：计划 {plan} 毫秒，读取 {read} 毫秒，评判 {eval} 毫秒"),
        (Lang::Zh, false) => {
            format!("耗时：计划 {plan} 毫秒，读取 {read} 毫秒（{}），评判 {eval} 毫秒", each.join("，"))
        }
        (Lang::En, true) => format!("time: plan {plan} ms, read {read} ms, evaluate {eval} ms"),
        (Lang::En, false) => {
            format!("time: plan {plan} ms, read {read} ms ({}), evaluate {eval} ms", each.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_name_every_stage_and_file() {
        let t = Timings {
            plan: Duration::from_millis(3),
            read: Duration::from_millis(12),
            evaluate: Duration::from_micros(1500),
        };
        let files: Vec<SourceFile> = Vec::new();
        assert_eq!(line(&t, &files, Lang::En), "time: plan 3 ms, read 12 ms, evaluate 1 ms");
        assert!(line(&t, &files, Lang::Zh).starts_with("耗时：计划 3 毫秒"));
    }
}
