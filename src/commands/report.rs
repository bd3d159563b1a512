//! `wjvet report`: the annual inspection summary (年度督查汇总) written to files.
//!
//! Checks every output's extension before reading anything, runs the same loading
//! and evaluation as `check`, builds the summary once, and writes it in each format
//! asked for. The report is a document, not a verdict: it exits 0 once written,
//! whatever it says; an invalid plan exits 2 with nothing written. Invalid rows do
//! not cost the district its report: every institution whose rows are valid is
//! judged, one with an invalid row is shown as 数据无效 (`invalid`), and the run
//! exits 3 once the report is written.
//!
//! The outputs of one run stand or fall together: each is written in full to a
//! temporary file beside its target, and only when every one has been written are
//! they renamed into place (and `-` printed), so a failure leaves no file behind,
//! neither half a report nor a complete one from a run that failed.

use std::io::{self, Write};
use std::path::PathBuf;

use wjvet::annual;
use wjvet::follow_up::{FollowUp, Snapshot};
use wjvet::lang::Lang;
use wjvet::render::annual::{self as render, Format};

use super::failure::Failure;
use super::{loaded, output, print_diagnostics};
use crate::cli::{self, Cli, LangArg};
use crate::exit;

pub fn run(cli: &Cli, args: &cli::ReportArgs, diag_lang: Lang) -> anyhow::Result<u8> {
    // The report goes to a Chinese bureau: Chinese unless --lang en (as its help says);
    // messages on stderr are in the usual language.
    let lang = match cli.lang {
        Some(LangArg::En) => Lang::En,
        _ => Lang::Zh,
    };
    let (outputs, lists) = super::rectification::split(&args.outputs)?;
    let outputs = targets(&outputs)?;
    let previous = args.previous.as_deref().map(|p| super::diff::load(p, diag_lang)).transpose()?;
    // The sign-off is read before the data, so a mistake in it costs no evaluation.
    let Some(signoff) = loaded(args.meta.as_deref().map(wjvet::signoff::load).transpose(), diag_lang)? else {
        return Ok(exit::USAGE_OR_PLAN);
    };
    let (mut opts, _stdin) = super::check_options(cli, &args.paths, &args.input, diag_lang)?;
    // One school's bad cell must not cost the district its report: the others are
    // judged, that school is shown as 数据无效, and the run still exits 3.
    opts.keep_going = true;
    let mut report = match super::evaluate(cli, &opts, args.input.max_diagnostics, diag_lang)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    let started = std::time::Instant::now();
    print_diagnostics(&report.diagnostics, diag_lang)?;
    report.follow_up = previous.map(|p| FollowUp::compare(&p, &Snapshot::of(&report)));
    let mut summary = annual::build(&report);
    summary.signoff = signoff;
    let mut staged: Vec<output::Staged> = Vec::new();
    let mut stdout: Vec<Vec<u8>> = Vec::new();
    for (path, format) in outputs {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            render::write(&mut bytes, &summary, format, lang)?;
            stdout.push(bytes);
        } else {
            staged.push(output::stage(&path, |w| render::write(w, &summary, format, lang))?);
        }
    }
    staged.extend(super::rectification::stage(&lists, &report, args.rectify_by, lang)?);
    // Every output is complete: only now does any of them take its name.
    output::commit_all(staged)?;
    let mut out = io::stdout().lock();
    for bytes in stdout {
        out.write_all(&bytes)?;
    }
    out.flush()?;
    super::progress::output(cli, started.elapsed(), diag_lang)?;
    Ok(if report.diagnostics.has_errors() { exit::INVALID_DATA } else { exit::COMPLIANT })
}

/// Each output with its format; `-` is Markdown on standard output.
fn targets(outputs: &[PathBuf]) -> Result<Vec<(PathBuf, Format)>, Failure> {
    let mut out = Vec::new();
    for p in outputs {
        let format = if p.as_os_str() == "-" {
            Format::Markdown
        } else {
            match Format::from_path(p) {
                Some(f) => f,
                None => {
                    return Err(Failure::UnknownExtension { path: p.clone(), known: ".html, .xlsx, .md" });
                }
            }
        };
        out.push((p.clone(), format));
    }
    Ok(out)
}
