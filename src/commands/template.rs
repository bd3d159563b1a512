//! `wjvet template`: write the submission template to a file or stdout.
//!
//! The format comes from `--format`, else from the `--output` extension, else CSV. A
//! workbook is binary, so it is not written to a terminal: that would only garble
//! the screen. A file is written completely or not at all, like every output.

use std::io::{self, IsTerminal, Write};

use wjvet::lang::Lang;
use wjvet::template::{self, TemplateOptions};

use super::failure::Failure;
use super::{output, print_diagnostics};
use crate::cli::{Cli, TemplateArgs, TemplateFormatArg};
use crate::exit;

pub fn run(cli: &Cli, args: &TemplateArgs, lang: Lang) -> anyhow::Result<u8> {
    let plan = match wjvet::plan::load(cli.plan.as_deref()) {
        Ok(p) => p,
        Err(diags) => {
            print_diagnostics(&diags, lang)?;
            return Ok(exit::USAGE_OR_PLAN);
        }
    };
    let registry = match wjvet::plan::load_registry(&plan, args.registry.as_deref()) {
        Ok(r) => r,
        Err(diags) => {
            print_diagnostics(&diags, lang)?;
            return Ok(exit::USAGE_OR_PLAN);
        }
    };
    let by_extension = args.output.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str()).map(|e| {
        if e.eq_ignore_ascii_case("xlsx") { TemplateFormatArg::Xlsx } else { TemplateFormatArg::Csv }
    });
    let format = args.format.or(by_extension).unwrap_or(TemplateFormatArg::Csv);
    let opts = TemplateOptions { year: args.year };
    let mut buffer = Vec::new();
    match format {
        TemplateFormatArg::Csv => template::csv::write(&mut buffer, &plan, &registry, &opts)?,
        TemplateFormatArg::Xlsx => template::xlsx::write(&mut buffer, &plan, &registry, &opts)?,
    }
    match &args.output {
        Some(path) => output::write_atomically(path, |w| w.write_all(&buffer))?,
        None if format == TemplateFormatArg::Xlsx && io::stdout().is_terminal() => {
            return Err(Failure::BinaryToTerminal.into());
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&buffer)?;
            out.flush()?;
        }
    }
    Ok(exit::COMPLIANT)
}
