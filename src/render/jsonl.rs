//! JSON Lines: one object per line, the same objects as in the JSON report: first
//! each diagnostic (the `diagnostics` items, recognisable by their `code`), then each
//! result (the `results` items, recognisable by their `rule`). A pipeline can stream,
//! grep or load them without reading one large document; the summary is not
//! repeated. A run whose data is invalid writes its diagnostics and no results.

use std::io::{self, Write};

use super::json::{Results, diagnostic_item};
use crate::diag::Diagnostics;
use crate::lang::Lang;
use crate::report::{Invalid, Report};

pub fn write(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(super::BUFFER, out);
    diagnostics(&mut out, &report.diagnostics, lang)?;
    let results = Results::new(report, lang);
    for item in results.items() {
        serde_json::to_writer(&mut out, &item)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// The lines of a run whose data is invalid: its diagnostics.
pub fn write_invalid(out: &mut dyn Write, run: &Invalid, lang: Lang) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(super::BUFFER, out);
    diagnostics(&mut out, run.diagnostics, lang)?;
    out.flush()
}

fn diagnostics(out: &mut dyn Write, diags: &Diagnostics, lang: Lang) -> io::Result<()> {
    for d in diags.items() {
        serde_json::to_writer(&mut *out, &diagnostic_item(d, lang))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
