//! Output formats: one module per format, all reading the same [`Report`].
//!
//! Stage five of the pipeline. Renderers write to a `&mut dyn Write` and never decide
//! anything: counts come from [`crate::report::Summary`], words from the findings.
//! Colour is decided once by the caller and passed in; machine formats never colour.

pub mod annual;
pub mod csv;
pub mod diagnostics;
pub mod escape;
pub mod explain;
pub mod follow_up;
pub mod github;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod plan_json;
pub mod plan_test;
pub mod plans;
pub mod rectification;
pub mod rules;
pub mod sheet_style;
pub mod snippet;
pub mod table;

use std::io::{self, Write};

use crate::report::{Invalid, Report};

use crate::lang::Lang;

/// The buffer a machine format writes through. Stdout is line-buffered, so a small
/// buffer costs a system call or two per few lines; a province's JSON report is
/// gigabytes, written in chunks this size.
pub(crate) const BUFFER: usize = 1 << 16;

/// Options shared by the human-readable formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub lang: Lang,
    /// Emit ANSI colour.
    pub color: bool,
    /// Show `not_applicable` findings too.
    pub show_all: bool,
    /// Only the summary, no tables.
    pub quiet: bool,
    /// Fit tables to this many columns; `None` never wraps.
    pub width: Option<u16>,
}

impl Default for Style {
    fn default() -> Self {
        Style { lang: Lang::En, color: false, show_all: false, quiet: false, width: None }
    }
}

/// The formats of `wjvet check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tables for a terminal.
    Table,
    /// One versioned JSON document (docs/json-schema.json).
    Json,
    /// One JSON object per result, one per line.
    Jsonl,
    /// A spreadsheet-safe CSV (UTF-8 with BOM).
    Csv,
    /// Markdown tables for pasting.
    Markdown,
    /// JUnit XML for CI test reports.
    Junit,
    /// GitHub Actions workflow annotations.
    Github,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Markdown,
        Format::Junit,
        Format::Github,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
            Format::Github => "github",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == s || (s == "md" && *f == Format::Markdown))
    }
}

/// Writes `report` in `format`.
pub fn write(format: Format, out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    match format {
        Format::Table => table::write(out, report, style),
        Format::Json => json::write(out, report, style.lang),
        Format::Jsonl => jsonl::write(out, report, style.lang),
        Format::Csv => csv::write(out, report, style.lang),
        Format::Markdown => markdown::write(out, report, style),
        Format::Junit => junit::write(out, report, style.lang),
        Format::Github => github::write(out, report, style.lang),
    }
}

/// Writes the document of a run whose data is invalid in `format`: every format has
/// one, so a CI step that asked for a file always gets it, carrying the diagnostics.
pub fn write_invalid(format: Format, out: &mut dyn Write, run: &Invalid, style: Style) -> io::Result<()> {
    match format {
        Format::Table => table::write_invalid(out, run, style),
        Format::Json => json::write_invalid(out, run, style.lang),
        Format::Jsonl => jsonl::write_invalid(out, run, style.lang),
        Format::Csv => csv::write_invalid(out, run, style.lang),
        Format::Markdown => markdown::write_invalid(out, run, style),
        Format::Junit => junit::write_invalid(out, run, style.lang),
        Format::Github => github::write_invalid(out, run, style.lang),
    }
}
