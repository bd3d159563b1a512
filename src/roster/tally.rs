//! What is kept of the rosters read: aggregates per roster, institution and year.
//!
//! The key decision is what is not kept: no row, no name, no identity number. Each
//! row adds to the counts and the breach counts of its institution and year, and to
//! the group (e.g. a host enterprise) a group limit counts it in; duplicates are
//! found through a set of 64-bit keyed hashes of the unique columns, 8 bytes a
//! record whatever the record holds. So memory grows with the number of
//! institutions, hosts and records' hashes, never with the width of a roster.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::num::Num;

/// Counts for one roster, institution and year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agg {
    /// Rows read and counted (rows with an error, or duplicates, are not).
    pub rows: u64,
    /// Per count of the roster, in plan order.
    pub counts: Vec<u64>,
    /// Per record check of the roster: records breaking it.
    pub breaches: Vec<u64>,
    /// The first file (index into the dataset's files) and row the records came from.
    pub first: (usize, u32),
}

/// A group of records a group limit counts (one host, one year).
#[derive(Debug, Clone)]
pub struct Group {
    pub size: u64,
    /// The largest value of the limit's column among the group's records.
    pub largest: Option<Num>,
    /// Where the group's first record is.
    pub first: (usize, u32),
    /// The value as first written, for messages.
    pub shown: String,
    /// Per institution: records in the group, then per count how many were counted.
    pub by_institution: BTreeMap<usize, Vec<u64>>,
}

/// `(roster, check, year, folded group value)`.
pub type GroupKey = (usize, usize, i32, String);

/// Everything kept of the rosters.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// `(roster, institution, year)` -> counts; ordered, so output is deterministic.
    pub per: BTreeMap<(usize, usize, i32), Agg>,
    pub groups: HashMap<GroupKey, Group>,
    /// Hashes of the records seen, for `duplicate-record`.
    seen: HashSet<u64>,
    /// `(file index, roster)` for each file read as a roster.
    pub files: Vec<(usize, usize)>,
}

impl Tally {
    /// The aggregate for `(roster, institution, year)`, created with room for the
    /// roster's counts and checks.
    pub fn agg(
        &mut self,
        key: (usize, usize, i32),
        counts: usize,
        checks: usize,
        at: (usize, u32),
    ) -> &mut Agg {
        self.per.entry(key).or_insert_with(|| Agg {
            rows: 0,
            counts: vec![0; counts],
            breaches: vec![0; checks],
            first: at,
        })
    }

    /// Records a record's hash as seen; `false` when it was seen before.
    pub fn first_sighting(&mut self, hash: u64) -> bool {
        self.seen.insert(hash)
    }

    /// Whether any roster was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
