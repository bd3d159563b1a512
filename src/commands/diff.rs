//! `wjvet diff A.json B.json`, and reading the `--previous` file of `check` and
//! `report`: the follow-up comparison between two runs.
//!
//! Both files are read and refused alike (exit 2) before anything is compared; the
//! comparison itself is `wjvet::follow_up`. `diff` exits 1 when B has a problem A
//! did not have, so CI can ask whether a resubmission made anything worse.

use std::path::Path;

use wjvet::follow_up::{FollowUp, Snapshot};
use wjvet::lang::Lang;
use wjvet::render::follow_up as render;

use super::failure::Failure;
use crate::cli::{DiffArgs, PlainFormat};
use crate::exit;

/// Reads the JSON result of an earlier run, or says why it is not one.
pub fn load(path: &Path, lang: Lang) -> anyhow::Result<Snapshot> {
    let bytes = std::fs::read(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => Failure::MissingInput(path.to_path_buf()),
        _ => Failure::Unreadable { path: path.to_path_buf(), error },
    })?;
    let name = format!("{:?}", path.display().to_string());
    Snapshot::from_json(&bytes, &name).map_err(|e| anyhow::anyhow!("{}", e.0.get(lang)))
}

pub fn run(args: &DiffArgs, lang: Lang) -> anyhow::Result<u8> {
    let before = load(&args.before, lang)?;
    let after = load(&args.after, lang)?;
    let f = FollowUp::compare(&before, &after);
    let mut out = std::io::stdout().lock();
    match args.format {
        PlainFormat::Table => render::write_table(&mut out, &f, lang)?,
        PlainFormat::Json => render::write_json(&mut out, &f)?,
    }
    std::io::Write::flush(&mut out)?;
    Ok(if f.worse() { exit::NON_COMPLIANT } else { exit::COMPLIANT })
}
