//! `wjvet report -o rectification=FILE`: the rectification list (整改清单) among
//! `report`'s outputs.
//!
//! `report -o x.xlsx` already means the annual summary, so the list is asked for
//! with the `FORMAT=PATH` form `check -o` uses: the outputs named
//! `rectification=…` are taken out before the summary's own are read, their
//! extension (.xlsx or .csv) is checked before anything is evaluated, and each is
//! written completely or not at all.

use std::path::PathBuf;

use chrono::NaiveDate;
use wjvet::lang::Lang;
use wjvet::render::rectification as list;
use wjvet::report::Report;

use super::failure::Failure;
use super::output::{self, Staged};

const PREFIX: &str = "rectification=";

/// A rectification list to write.
#[derive(Debug)]
pub struct Target {
    path: PathBuf,
    xlsx: bool,
}

/// Splits `-o` values into the summary's outputs and the rectification lists.
pub fn split(outputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Target>), Failure> {
    let (mut rest, mut lists) = (Vec::new(), Vec::new());
    for o in outputs {
        let Some(path) = o.to_str().and_then(|s| s.strip_prefix(PREFIX)) else {
            rest.push(o.clone());
            continue;
        };
        let path = PathBuf::from(path);
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let xlsx = match ext.as_deref() {
            Some("xlsx") => true,
            Some("csv") => false,
            _ => return Err(Failure::UnknownListExtension(path)),
        };
        lists.push(Target { path, xlsx });
    }
    Ok((rest, lists))
}

/// Writes every list asked for to a temporary file beside its target, to be renamed
/// into place with the run's other outputs once all are complete.
pub fn stage(
    targets: &[Target],
    report: &Report,
    by: Option<NaiveDate>,
    lang: Lang,
) -> Result<Vec<Staged>, Failure> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let rows = list::rows(report, by, lang);
    let mut staged = Vec::new();
    for t in targets {
        staged.push(output::stage(&t.path, |w| {
            if t.xlsx {
                list::write_xlsx(w, &rows, lang, report.opts.as_of).map_err(std::io::Error::other)
            } else {
                list::write_csv(w, &rows, lang)
            }
        })?);
    }
    Ok(staged)
}
