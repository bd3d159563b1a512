//! `wjvet template`: write the submission template to a file or stdout.
//!
//! The format comes from `--format`, else from the `--output` extension, else CSV. A
//! workbook is binary, so it is not written to a terminal: that would only garble
//! the screen. A file is written completely or not at all, like every output. With
//! `--roster KEY` it writes that roster's template instead (a key the plan does not
//! declare is a usage error naming the keys it does).

use std::io::{self, IsTerminal, Write};

use wjvet::lang::Lang;
use wjvet::template::{self, TemplateOptions};

use super::failure::Failure;
use super::{loaded, output};
use crate::cli::{Cli, TemplateArgs, TemplateFormatArg};
use crate::exit;

pub fn run(cli: &Cli, args: &TemplateArgs, lang: Lang) -> anyhow::Result<u8> {
    let Some(plan) = loaded(wjvet::plan::load(cli.plan.as_deref()), lang)? else {
        return Ok(exit::USAGE_OR_PLAN);
    };
    let Some(registry) = loaded(wjvet::plan::load_registry(&plan, args.registry.as_deref()), lang)? else {
        return Ok(exit::USAGE_OR_PLAN);
    };
    let by_extension = args.output.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str()).map(|e| {
        if e.eq_ignore_ascii_case("xlsx") { TemplateFormatArg::Xlsx } else { TemplateFormatArg::Csv }
    });
    let format = args.format.or(by_extension).unwrap_or(TemplateFormatArg::Csv);
    let opts = TemplateOptions { year: args.year };
    let mut buffer = Vec::new();
    let roster = match &args.roster {
        Some(key) => Some(template::roster::find(&plan, key).ok_or_else(|| Failure::UnknownRoster {
            key: key.clone(),
            known: template::roster::keys(&plan).into_iter().map(String::from).collect(),
        })?),
        None => None,
    };
    match (roster, format) {
        (Some(r), TemplateFormatArg::Csv) => template::roster::write_csv(&mut buffer, r)?,
        (Some(r), TemplateFormatArg::Xlsx) => template::roster_xlsx::write(&mut buffer, &plan, r)?,
        (None, TemplateFormatArg::Csv) => template::csv::write(&mut buffer, &plan, &registry, &opts)?,
        (None, TemplateFormatArg::Xlsx) => template::xlsx::write(&mut buffer, &plan, &registry, &opts)?,
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
