//! What is kept of the rosters read: aggregates per roster, institution and year.
//!
//! The key decision is what is not kept: no row, no name, no identity number. Each
//! row adds to the counts and the breach counts of its institution and year, and to
//! the group (e.g. a host enterprise) a group limit counts it in; duplicates are
//! found through a set of 64-bit keyed hashes of the unique columns, 8 bytes a
//! record whatever the record holds. So memory grows with the number of
//! institutions, hosts and records' hashes, never with the width of a roster.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

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
    /// Per institution (in the order first seen; a group is usually one school's):
    /// records in the group, then per count how many were counted.
    pub by_institution: Vec<(usize, Box<[u64]>)>,
}

impl Group {
    /// Whether the group holds more records than `share` of its largest value (a
    /// group with no value given is never over: nothing to compare with).
    pub fn over(&self, share: Num) -> bool {
        self.largest.is_some_and(|l| Num::from_integer(i128::from(self.size)) > l * share)
    }
}

/// `(roster, check, year)`: the groups of one limit in one year.
pub type LimitKey = (usize, usize, i32);

/// Everything kept of the rosters.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// `(roster, institution, year)` -> counts; ordered, so output is deterministic.
    pub per: BTreeMap<(usize, usize, i32), Agg>,
    /// Per limit and year, per 64-bit keyed hash of the folded group value. A province
    /// has hundreds of thousands of hosts, so a group keeps 8 bytes of key and its
    /// value as first written (for messages), not a second copy of it folded. Two
    /// hosts would share a group only if their hashes collided, which could hide a
    /// host over its limit: so the key is drawn at random for each run ([`Self::keys`]),
    /// and no one can write a host name that collides on purpose; by chance, the odds
    /// are about 1 in 10^8 for a million hosts. Groups are settled in the order of
    /// their values, so output does not depend on the key.
    groups: HashMap<LimitKey, HashMap<u64, Group, BuildHasherDefault<Prehashed>>>,
    /// The random key of the group hashes.
    keys: std::hash::RandomState,
    /// Hashes of the records seen, for `duplicate-record`, per roster, institution
    /// and year: a roster lists one school's records together, so the set a row
    /// looks in is small and warm. They are hashes already, so a set uses them as
    /// they are rather than hashing them again.
    seen: HashMap<(usize, usize, i32), HashSet<u64, BuildHasherDefault<Prehashed>>>,
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

    /// The group `value` (folded) of a limit and year, created by `make` when new.
    pub fn group_mut(&mut self, limit: LimitKey, value: &str, make: impl FnOnce() -> Group) -> &mut Group {
        let key = self.keys.hash_one(value);
        self.groups.entry(limit).or_default().entry(key).or_insert_with(make)
    }

    /// The group `value` (folded) of a limit and year.
    pub fn group(&self, limit: LimitKey, value: &str) -> Option<&Group> {
        self.groups.get(&limit)?.get(&self.keys.hash_one(value))
    }

    /// Every group with its limit and year, ordered by limit, year and value as
    /// written (for deterministic output).
    pub fn sorted_groups(&self) -> Vec<(LimitKey, &Group)> {
        let mut all: Vec<(LimitKey, &Group)> =
            self.groups.iter().flat_map(|(limit, g)| g.values().map(move |g| (*limit, g))).collect();
        all.sort_by(|a, b| (a.0, a.1.shown.as_str(), a.1.first).cmp(&(b.0, b.1.shown.as_str(), b.1.first)));
        all
    }

    /// Records a record's hash as seen; `false` when it was seen before.
    pub fn first_sighting(&mut self, key: (usize, usize, i32), hash: u64) -> bool {
        self.seen.entry(key).or_default().insert(hash)
    }

    /// Whether any roster was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// A hasher for keys that are 64-bit hashes already: it passes them through.
#[derive(Debug, Default, Clone, Copy)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else still hashes, byte by byte.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
