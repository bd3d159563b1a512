//! Submissions: reading what schools send into a [`Dataset`].
//!
//! Stage two of the pipeline. Files become [`table::RawTable`]s of text, headers are
//! mapped to plan fields, cells are parsed by field type, rows are checked, and every
//! problem becomes a [`crate::diag::Diagnostic`] with file, Excel row and column.

mod cell;
mod csv_file;
mod header;
mod identify;
pub mod identity;
mod load;
mod model;
mod table;
mod values;

pub use cell::is_plain;
pub use identity::Identity;
pub use load::{DATA_EXTENSIONS, Loaded, load};
pub use model::{ColumnRef, Dataset, InstitutionEntry, Row, SourceFile, Value};
