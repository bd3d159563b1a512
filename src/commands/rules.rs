//! `wjvet rules`: the plan as encoded, as a table or JSON; `wjvet plans`: the plans
//! built in.

use std::io::{self, Write};

use wjvet::lang::Lang;
use wjvet::render;

use super::loaded;
use crate::cli::{self, Cli, PlainFormat};
use crate::exit;

/// `wjvet plans`: the shipped plans.
pub fn plans(args: &cli::PlansArgs, lang: Lang) -> anyhow::Result<u8> {
    let mut out = io::stdout().lock();
    match args.format {
        PlainFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &render::plans::to_json())?;
            writeln!(out)?;
        }
        PlainFormat::Table => render::plans::write_table(&mut out, lang)?,
    }
    out.flush()?;
    Ok(exit::COMPLIANT)
}

pub fn run(cli: &Cli, args: &cli::RulesArgs, lang: Lang) -> anyhow::Result<u8> {
    let Some(plan) = loaded(wjvet::plan::load(cli.plan.as_deref()), lang)? else {
        return Ok(exit::USAGE_OR_PLAN);
    };
    let mut out = io::stdout().lock();
    match (args.format, args.fields) {
        (PlainFormat::Json, _) => {
            serde_json::to_writer_pretty(&mut out, &render::rules::to_json(&plan))?;
            writeln!(out)?;
        }
        (PlainFormat::Table, true) => render::rules::write_fields(&mut out, &plan, lang)?,
        (PlainFormat::Table, false) => render::rules::write_table(&mut out, &plan, lang)?,
    }
    out.flush()?;
    Ok(exit::COMPLIANT)
}
