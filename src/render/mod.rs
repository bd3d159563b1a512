//! Output formats: one module per format, all reading the same [`Report`].
//!
//! Stage five of the pipeline. Renderers write to a `&mut dyn Write` and never decide
//! anything: counts come from [`crate::report::Summary`], words from the findings.
//! Colour is decided once by the caller and passed in; machine formats never colour.

pub mod annual;
pub mod diagnostics;
pub mod json;
pub mod rules;
pub mod table;

use crate::lang::Lang;

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
}

impl Default for Style {
    fn default() -> Self {
        Style { lang: Lang::En, color: false, show_all: false, quiet: false }
    }
}

/// The formats of `wjvet check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}
