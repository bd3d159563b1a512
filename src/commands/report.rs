//! `wjvet report`: the annual inspection summary (年度督查汇总) written to files.
//!
//! Checks every output's extension before reading anything, runs the same loading
//! and evaluation as `check`, builds the summary once, and writes it in each format
//! asked for. The report is a document, not a verdict: it exits 0 once written,
//! whatever it says; invalid plans and data keep their exit codes (2 and 3).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use wjvet::annual;
use wjvet::follow_up::{FollowUp, Snapshot};
use wjvet::lang::Lang;
use wjvet::render::annual::{self as render, Format};

use super::print_diagnostics;
use crate::cli::{self, Cli, LangArg};
use crate::exit;

pub fn run(cli: &Cli, args: &cli::ReportArgs, diag_lang: Lang) -> anyhow::Result<u8> {
    // The report goes to a Chinese bureau: Chinese unless --lang says otherwise.
    let lang = match cli.lang {
        Some(LangArg::En) => Lang::En,
        _ => Lang::Zh,
    };
    let (outputs, lists) = super::rectification::split(&args.outputs)?;
    let outputs = targets(&outputs)?;
    let previous = args.previous.as_deref().map(|p| super::diff::load(p, diag_lang)).transpose()?;
    let opts = super::check_options(cli, &args.paths, &args.input);
    let mut report = match super::evaluate(&opts, args.input.max_diagnostics, diag_lang)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    super::print_files(&report.data.files, diag_lang)?;
    print_diagnostics(&report.diagnostics, diag_lang)?;
    report.follow_up = previous.map(|p| FollowUp::compare(&p, &Snapshot::of(&report)));
    let summary = annual::build(&report);
    for (path, format) in outputs {
        let mut bytes = Vec::new();
        render::write(&mut bytes, &summary, format, lang)?;
        if path.as_os_str() == "-" {
            let mut out = io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        } else {
            super::write_atomically(&path, |w| w.write_all(&bytes))
                .with_context(|| format!("cannot write {:?}", path.display()))?;
        }
    }
    super::rectification::write(&lists, &report, args.rectify_by, lang)?;
    Ok(exit::COMPLIANT)
}

/// Each output with its format; `-` is Markdown on standard output.
fn targets(outputs: &[PathBuf]) -> anyhow::Result<Vec<(PathBuf, Format)>> {
    let mut out = Vec::new();
    for p in outputs {
        let format = if p.as_os_str() == "-" {
            Format::Markdown
        } else {
            match Format::from_path(p) {
                Some(f) => f,
                None => bail!(
                    "cannot tell the format of {:?} from its extension\nhelp: name the file .html, .xlsx or .md (or use - for Markdown on stdout)",
                    p.display()
                ),
            }
        };
        out.push((p.clone(), format));
    }
    Ok(out)
}
