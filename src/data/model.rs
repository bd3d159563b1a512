//! The validated submission data that evaluation reads.
//!
//! One [`Row`] per institution and year, each cell either a typed [`Value`] or
//! `None` — missing is never zero (kept 8 bytes a cell, see [`super::packed`]). Every row remembers the file and the Excel row it
//! came from, and every file which column held which field, so a verdict can be
//! traced back to the cells behind it.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::packed::PackedValues;
use crate::plan::{FieldId, InstitutionId, Registry, SchoolType};

/// A parsed cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    Num(crate::num::Stored),
    Bool(bool),
    Date(NaiveDate),
    /// A completion field explicitly marked 未完成.
    NotDone,
    Text(Box<str>),
}

/// Where a field came from in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnRef {
    /// Zero-based column index.
    pub index: usize,
    /// The header as written in the file.
    pub header: String,
}

/// A file that was read.
#[derive(Debug, Clone, Serialize)]
pub struct SourceFile {
    /// The path as the user gave it (or as found under a directory they gave).
    pub path: String,
    /// How the bytes were decoded (`utf-8`, `utf-8-bom`, `gb18030`, `utf-16le-bom`...),
    /// or for a spreadsheet its format (`xlsx`, `xls`, `ods`...).
    pub encoding: String,
    /// Data rows read (excluding the header).
    pub rows_read: usize,
    /// Rows that became part of the dataset.
    pub rows_used: usize,
    /// Rows skipped, with the reason reported as a diagnostic (e.g. blank rows).
    pub rows_skipped: usize,
    /// The worksheet read, for a spreadsheet.
    pub sheet: Option<String>,
    /// The row holding the header (its last row, for a header of several rows).
    pub header_row: u32,
    /// Blank rows after the last row with data: ignored, not counted as read.
    pub trailing_blank_rows: usize,
    /// For each plan field, the column it was read from, if the file had it.
    #[serde(skip)]
    pub columns: Vec<Option<ColumnRef>>,
    /// How long reading the file took (shown with `--verbose`; never in a document).
    #[serde(skip)]
    pub elapsed: std::time::Duration,
}

impl SourceFile {
    /// A file about to be read: its header found, no row read yet.
    pub fn new(
        path: String,
        encoding: String,
        sheet: Option<String>,
        header_row: u32,
        columns: Vec<Option<ColumnRef>>,
    ) -> SourceFile {
        SourceFile {
            path,
            encoding,
            rows_read: 0,
            rows_used: 0,
            rows_skipped: 0,
            sheet,
            header_row,
            trailing_blank_rows: 0,
            columns,
            elapsed: std::time::Duration::ZERO,
        }
    }
}

/// An institution seen in the data or known to the registry.
#[derive(Debug, Clone)]
pub struct InstitutionEntry {
    pub name: String,
    pub school_type: SchoolType,
    /// Index in the registry, when the institution is registered.
    pub registered: Option<InstitutionId>,
}

/// One institution's submission for one year.
#[derive(Debug, Clone)]
pub struct Row {
    pub institution: usize,
    pub year: i32,
    /// Index into [`Dataset::files`].
    pub file: usize,
    /// The row as Excel numbers it (header = 1).
    pub line: u32,
    /// Indexed by [`FieldId`]; empty is a cell left empty or a column not submitted.
    /// Read with [`Row::get`] and [`Row::num`].
    pub(super) values: PackedValues,
    /// Fields whose value was empty here and was filled with a roster's count.
    pub from_roster: Vec<FieldId>,
}

impl Row {
    /// The field's value: made on the spot for a number, yes/no, date or 未完成 (they
    /// own no memory), lent for the rest, so text is never copied to be read. Match
    /// on `row.get(f).as_deref()`.
    pub fn get(&self, f: FieldId) -> Option<Cow<'_, Value>> {
        self.values.get(f.index())
    }

    /// The field's value as a number, if it holds one.
    pub fn num(&self, f: FieldId) -> Option<crate::num::Num> {
        self.values.num(f.index())
    }

    /// Fills or replaces the field's value.
    pub fn set(&mut self, f: FieldId, value: Value) {
        self.values.set(f.index(), Some(value));
    }
}

/// Everything read from the submissions, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub registry: Registry,
    pub files: Vec<SourceFile>,
    /// Registered institutions first (same indices as the registry), then the ones
    /// found only in the data, in the order first seen.
    pub institutions: Vec<InstitutionEntry>,
    pub rows: Vec<Row>,
    /// (institution, year) pairs whose rows had an error: with `--keep-going` their
    /// rules are `invalid`, never judged on what was left readable.
    pub invalid: std::collections::BTreeSet<(usize, i32)>,
    /// What was kept of the rosters read: aggregates only.
    pub rosters: crate::roster::Tally,
    index: HashMap<(usize, i32), usize>,
}

impl Dataset {
    pub fn new(registry: Registry) -> Dataset {
        let institutions = registry
            .institutions
            .iter()
            .enumerate()
            .map(|(n, i)| InstitutionEntry {
                name: i.name.clone(),
                school_type: i.school_type,
                registered: Some(n),
            })
            .collect();
        Dataset {
            registry,
            files: Vec::new(),
            institutions,
            rows: Vec::new(),
            invalid: std::collections::BTreeSet::new(),
            rosters: crate::roster::Tally::default(),
            index: HashMap::new(),
        }
    }

    /// Adds a row; returns the index of the row already holding this institution and
    /// year instead, if there is one.
    pub fn insert(&mut self, row: Row) -> Result<(), usize> {
        let key = (row.institution, row.year);
        if let Some(&existing) = self.index.get(&key) {
            return Err(existing);
        }
        self.index.insert(key, self.rows.len());
        self.rows.push(row);
        Ok(())
    }

    /// The index in `rows` of the row for `institution` and `year`.
    pub fn row_index(&self, institution: usize, year: i32) -> Option<usize> {
        self.index.get(&(institution, year)).copied()
    }

    pub fn row(&self, institution: usize, year: i32) -> Option<&Row> {
        self.index.get(&(institution, year)).map(|&i| &self.rows[i])
    }

    /// The institution a name, alias, id or code refers to: a registered one as the
    /// registry matches it (its index is the same here), any other by its name as read,
    /// ignoring width, case and spaces.
    pub fn find_institution(&self, name: &str) -> Option<usize> {
        self.registry.lookup(name).or_else(|| {
            let key = crate::fold::fold(name);
            self.institutions.iter().position(|i| crate::fold::fold(&i.name) == key)
        })
    }

    /// The years present in the data, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.rows.iter().map(|r| r.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// Institutions with a row for `year`, in the order their rows were read.
    pub fn institutions_in(&self, year: i32) -> Vec<usize> {
        self.rows.iter().filter(|r| r.year == year).map(|r| r.institution).collect()
    }
}
