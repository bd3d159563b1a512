//! The JSON document of `wjvet plan check --format json`, for CI and editors.
//!
//! A contract like the check result's (see [`super::json`]): serialize-only structs,
//! fixed keys, `null` rather than an omitted key, and `schema_version` bumped on any
//! incompatible change. `line` and `column` are 1-based, the column in characters
//! as an editor counts them; sentences follow `--lang`.

use std::io::{self, Write};

use serde::Serialize;

use crate::diag::{Code, Diagnostics, Level};
use crate::lang::Lang;
use crate::plan::check::PlanCheck;

/// Version of this document's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    file: &'a str,
    /// True when the plan validates (warnings or not).
    valid: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    code: Code,
    level: Level,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    value: Option<&'a str>,
    expected: Option<&'a str>,
    hint: Option<&'a str>,
}

fn items(diags: &Diagnostics, lang: Lang) -> Vec<Item<'_>> {
    diags
        .items()
        .iter()
        .map(|d| Item {
            code: d.code,
            level: d.level,
            file: d.location.file.as_deref(),
            line: d.location.row,
            column: d.location.col,
            message: d.message.get(lang),
            value: d.value.as_deref(),
            expected: d.expected.as_ref().map(|e| e.get(lang)),
            hint: d.hint.as_ref().map(|h| h.get(lang)),
        })
        .collect()
}

/// Writes the document for `checked`, pretty-printed, with a final newline.
pub fn write(out: &mut dyn Write, checked: &PlanCheck, lang: Lang) -> io::Result<()> {
    let d = &checked.diagnostics;
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        file: &checked.origin,
        valid: checked.plan.is_some(),
        errors: d.errors(),
        warnings: d.warnings(),
        diagnostics: items(d, lang),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
