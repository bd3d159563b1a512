//! What is kept of the rosters read: aggregates per roster, institution and year.
//!
//! The key decision is what is not kept: no row, no name, no identity number. Each
//! row adds to the counts and the breach counts of its institution and year, and to
//! the group (e.g. a host enterprise) a group limit counts it in; duplicates are
//! found through a set of 64-bit keys of the unique columns ([`super::unique`]), 8
//! bytes a record whatever the record holds. So memory grows with the number of
//! institutions, hosts and records' hashes, never with the width of a roster. A key
//! is usually an exact packing of an identity number, not a hash (its top bits are
//! nearly the same for every record), so the sets hash it again with a randomly
//! seeded mixer: passed through, such keys crowded one corner of the table, and keys
//! written to share their low bits would have made every insertion a long search.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher;

pub use super::groups::{Group, Groups, LimitKey};

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

/// Everything kept of the rosters.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// `(roster, institution, year)` -> counts; ordered, so output is deterministic.
    pub per: BTreeMap<(usize, usize, i32), Agg>,
    /// The groups of the group limits (hosts), compact: see [`Groups`].
    pub groups: Groups,
    /// Hashes of the records seen, for `duplicate-record`, per roster, institution
    /// and year: see [`Seen`].
    seen: HashMap<(usize, usize, i32), Seen, KeyHasher>,
    /// The key of the set last added to, still open.
    open: Option<(usize, usize, i32)>,
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
    pub fn first_sighting(&mut self, key: (usize, usize, i32), hash: u64) -> bool {
        if self.open != Some(key) {
            // A roster lists one school's year together: the set it leaves is done.
            if let Some(last) = self.open.and_then(|k| self.seen.get_mut(&k)) {
                last.close();
            }
            self.open = Some(key);
        }
        self.seen.entry(key).or_insert_with(|| Seen::Open(HashSet::default(), false)).insert(hash)
    }

    /// Whether any roster was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The hashes of one roster, institution and year's records. While its rows are
/// read they are a hash set; when the roster moves on to the next school or year the
/// set is closed into a sorted slice, 8 bytes a record with nothing spare (a hash set
/// keeps a quarter to a half of its room empty). A closed set that gets a record
/// again (a roster not sorted by school) is opened for good, so a shuffled roster
/// costs one reopening per set, never one per row.
#[derive(Debug, Clone)]
enum Seen {
    /// The hashes, and whether the set was closed once already.
    Open(HashSet<u64, KeyHasher>, bool),
    Closed(Box<[u64]>),
}

impl Seen {
    /// Adds `hash`; `false` when it was there already.
    fn insert(&mut self, hash: u64) -> bool {
        match self {
            Seen::Open(set, _) => set.insert(hash),
            Seen::Closed(sorted) => {
                if sorted.binary_search(&hash).is_ok() {
                    return false;
                }
                let mut set: HashSet<u64, KeyHasher> = sorted.iter().copied().collect();
                set.insert(hash);
                *self = Seen::Open(set, true);
                true
            }
        }
    }

    /// Closes the set into a sorted slice, unless it was reopened before.
    fn close(&mut self) {
        if let Seen::Open(set, false) = self {
            let mut sorted: Box<[u64]> = set.drain().collect();
            sorted.sort_unstable();
            *self = Seen::Closed(sorted);
        }
    }
}

/// How a set of record keys (and a map of a few small tuples, looked up per row)
/// hashes them: foldhash with a random seed per run, a few instructions a key (its
/// `quality` variant: `fast` leaves keys that differ only in their high bits
/// clustered for some seeds, and identity numbers differ mostly there). Not a
/// keyed PRF: these only ever compare keys, so a collision costs time, never a wrong
/// answer (a group, which is found by its hash alone, uses SipHash:
/// [`super::groups`]).
pub(super) type KeyHasher = foldhash::quality::SeedableRandomState;

/// A hasher for keys that are random 64-bit hashes already: it passes them through.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn a_record_seen_before_is_found_whether_its_set_is_open_closed_or_reopened() {
        let mut t = Tally::default();
        let (a, b) = ((0, 1, 2020), (0, 2, 2020));
        assert!(t.first_sighting(a, 10));
        assert!(t.first_sighting(a, 20));
        assert!(!t.first_sighting(a, 10), "open set");
        // Moving on to another school closes the first set into a sorted slice.
        assert!(t.first_sighting(b, 10), "another school's record is another record");
        assert!(matches!(t.seen[&a], Seen::Closed(_)));
        assert!(!t.first_sighting(a, 20), "closed set");
        assert!(t.first_sighting(a, 15), "a new record reopens the set");
        assert!(matches!(t.seen[&a], Seen::Open(_, true)));
        // A reopened set stays open: a shuffled roster does not sort it row by row.
        assert!(t.first_sighting(b, 30));
        assert!(matches!(t.seen[&a], Seen::Open(_, true)));
        for h in [10, 15, 20] {
            assert!(!t.first_sighting(a, h), "{h} was seen");
        }
        assert!(!t.first_sighting(b, 30));
    }

    #[test]
    fn keys_sharing_their_low_bits_are_spread_over_the_table() {
        // Keys 2^40 apart: passed through unhashed, every one would land in the same
        // bucket and each insertion would search all the others. Every seed must
        // spread them (foldhash's `fast` variant failed for about one seed in ten).
        for seed in 0..256u64 {
            let shared = Box::leak(Box::new(foldhash::SharedSeed::from_u64(seed)));
            let state = KeyHasher::with_seed(seed, shared);
            let low: HashSet<u64> = (0..1000u64).map(|k| state.hash_one(k << 40) & 0xfff).collect();
            assert!(low.len() > 600, "{} distinct low bits", low.len());
            let top: HashSet<u64> = (0..1000u64).map(|k| state.hash_one(k << 40) >> 57).collect();
            assert!(top.len() > 100, "{} distinct top bits", top.len());
        }
    }
}
