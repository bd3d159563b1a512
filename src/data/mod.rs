//! Submissions: reading what schools send into a [`Dataset`].
//!
//! Stage two of the pipeline. Files (CSV in any encoding Excel writes, or
//! spreadsheets) become rows of text ([`table::RawRow`]), headers are
//! mapped to plan fields, cells are parsed by field type, rows are checked, and every
//! problem becomes a [`crate::diag::Diagnostic`] with file, Excel row and column.

mod cell;
mod csv_file;
mod decode;
mod duplicates;
#[doc(hidden)]
pub mod fuzz;
mod header;
mod identify;
pub mod identity;
mod load;
mod model;
mod notes;
mod packed;
mod prefetch;
mod raw;
mod roster_cells;
mod roster_file;
mod rows;
mod sheet_file;
mod stream;
mod table;
mod values;

pub use cell::{NO as BOOL_NO, Problem as CellProblem, YES as BOOL_YES, date as parse_date, normalise};
pub use decode::Encoding;
pub use identity::Identity;
pub use load::{DATA_EXTENSIONS, Loaded, RosterRowHook, load, load_bytes, load_with, stream_rosters};
pub use model::{ColumnRef, Dataset, InstitutionEntry, Row, SourceFile, Value};
pub use raw::read_rows;
pub use roster_file::RosterRow;
pub use rows::ReadOptions;
pub use sheet_file::limits::MAX_TEXT_BYTES;
pub use table::RawRow;
