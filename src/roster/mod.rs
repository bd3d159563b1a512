//! Rosters (花名册): the records behind the numbers a school reports.
//!
//! An annual submission says "双师型教师 170"; the teacher roster lists the teachers.
//! wjvet reads rosters through the same reader as submissions (encodings, workbooks,
//! Excel row numbers, the diagnostic catalogue), recognises each by its header, and
//! keeps only aggregates per institution and year ([`tally::Tally`]): a roster of
//! 13 million placements is streamed, never held. From the aggregates it derives the
//! counts the plan declares, compares each with the annual figure it verifies
//! (`roster-mismatch`), fills an empty annual cell so rules can judge it, and checks
//! every record against the rules the plan cites ([`record`]). Personal data
//! (names, identity numbers) is read to check and count, and never printed whole:
//! see [`crate::pii`] and docs/privacy.md.

pub mod cross;
pub mod groups;
pub mod model;
pub mod record;
pub mod tally;
pub mod trace;
pub mod unique;

pub use model::{Column, ColumnId, ColumnKind, Condition, Count, RecordCheck, Roster};
pub use tally::Tally;
