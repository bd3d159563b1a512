//! wjvet checks what vocational schools submit against an action plan encoded as data.
//!
//! The pipeline shows in the module names:
//!
//! - [`plan`]: `plan.toml` (or `--plan`) parsed and validated into a [`plan::Plan`];
//! - [`data`]: submission files read into a [`data::Dataset`], every problem a
//!   [`diag::Diagnostic`] with file, Excel row and column;
//! - [`eval`]: every rule judged for every institution and the district, as of a date;
//! - [`report`]: findings and their summary in one serialisable model;
//! - [`render`]: one module per output format, each writing to a `&mut dyn Write`;
//! - [`plantest`]: `plan test`: cases of rows with the verdicts a plan must give them;
//! - [`roster`]: record-level inputs (花名册) streamed into aggregates, cross-checked
//!   against the figures reported and checked record by record;
//! - [`template`]: the submission template (CSV or workbook) made from the plan's fields.
//!
//! The library never prints and never exits; the binary (`src/main.rs`) parses the
//! command line, calls into here, and maps the outcome to an exit code.

#![warn(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

pub mod annual;
pub mod check;
pub mod data;
pub mod diag;
pub mod eval;
pub mod exempt;
pub mod explain;
pub mod fold;
pub mod follow_up;
pub mod lang;
pub mod lines;
pub mod near;
pub mod num;
pub mod pii;
pub mod plan;
pub mod plantest;
pub mod render;
pub mod report;
pub mod review;
pub mod roster;
pub mod schema;
pub mod select;
pub mod signoff;
pub mod template;
