//! JSON Lines: one result per line, the same object as in the JSON report's
//! `results`, so a pipeline can stream, grep or load the results without reading
//! one large document. Summary and diagnostics are not repeated here.

use std::io::{self, Write};

use super::json::Results;
use crate::lang::Lang;
use crate::report::Report;

pub fn write(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    let results = Results::new(report, lang);
    for item in results.items() {
        serde_json::to_writer(&mut out, &item)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
