//! The template as CSV: UTF-8 with a BOM, CRLF line ends, as Excel writes "CSV UTF-8".
//!
//! Without the BOM, Excel opens UTF-8 as the system code page and the Chinese
//! headers turn to nonsense; with it, the file opens, fills and saves back as
//! "CSV UTF-8" without the clerk choosing anything.

use std::io::{self, Write};

use super::{TemplateOptions, columns, prefill};
use crate::plan::{Plan, Registry};

/// Writes the CSV template.
pub fn write(
    out: &mut dyn Write,
    plan: &Plan,
    registry: &Registry,
    opts: &TemplateOptions,
) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    w.write_record(columns(plan).iter().map(|c| c.header(plan)))?;
    for row in prefill(plan, registry, opts) {
        w.write_record(&row)?;
    }
    w.flush()
}
